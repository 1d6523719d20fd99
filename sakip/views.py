"""Core pages: sign-in, a position's page, the 400 page. (The dashboards are in laporan.views_dasbor.)"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render

from .akses import ambil_atau_404
from .formatting import format_angka
from .models import Jabatan, Penugasan


class MasukView(auth_views.LoginView):
    template_name = "sakip/masuk.html"
    redirect_authenticated_user = True


class KeluarView(auth_views.LogoutView):
    pass


@login_required
def jabatan_detail(request, kode, pk):
    jabatan = ambil_atau_404(
        Jabatan.objects.select_related("opd", "opd__pemda", "induk"), request.user, pk=pk, opd__kode=kode
    )
    riwayat = Penugasan.objects.filter(jabatan=jabatan).select_related("pejabat").order_by("-mulai")
    context = {
        "opd": jabatan.opd,
        "jabatan": jabatan,
        "riwayat_penugasan": riwayat,
        "riwayat_nama": jabatan.riwayat_nama.order_by("-berlaku_mulai"),
    }
    return render(request, "sakip/jabatan_detail.html", context)


def galat_400(request, exception=None):
    """handler400: a form too big to read (too many fields, too many bytes) says so in Indonesian
    instead of a bare "Bad Request"; the body is not read again."""
    if isinstance(exception, TooManyFieldsSent):
        pesan = (
            f"Formulir terlalu besar: lebih dari {format_angka(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)} isian "
            "dikirim sekaligus. Simpan sebagian dulu (misalnya per sasaran), atau minta admin menaikkan batasnya."
        )
    elif isinstance(exception, RequestDataTooBig):
        batas = format_angka(Decimal(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) / (1024 * 1024), 1)
        pesan = f"Kiriman terlalu besar: lebih dari {batas} MB. Kirim berkas yang lebih kecil atau bagi isiannya."
    else:
        pesan = None
    return render(request, "400.html", {"pesan": pesan}, status=400)
