"""Core pages: sign-in, a position's page, the 400 page. (The dashboards are in laporan.views_dasbor.)"""

import mimetypes
import posixpath
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, SuspiciousFileOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import pemberitahuan
from .akses import ambil_atau_404
from .formatting import format_angka
from .masuk import FormGantiKataSandi, FormKataSandiBaru, buka_kunci
from .models import Jabatan, Pemberitahuan, Penugasan, TokenApi
from .sesi import sesi_berakhir
from .token_api import GalatToken, buat_token, cabut_token


class MasukView(auth_views.LoginView):
    template_name = "sakip/masuk.html"
    redirect_authenticated_user = True


class KeluarView(auth_views.LogoutView):
    pass


@require_GET
@never_cache
def sesi(request):
    """Is this session still signed in? Asked by static/js/sesi.js before a grid is saved: 204 with
    the current CSRF token (a login in another tab rotates it), or 401."""
    if not request.user.is_authenticated:
        return sesi_berakhir()
    response = HttpResponse(status=204)
    response["X-CSRFToken"] = get_token(request)
    return response


class GantiKataSandiView(auth_views.PasswordChangeView):
    """Every user changes his own password (the old one is asked); the session stays signed in."""

    template_name = "sakip/kata_sandi_ganti.html"
    form_class = FormGantiKataSandi
    success_url = reverse_lazy("beranda")

    def form_valid(self, form):
        messages.success(self.request, "Kata sandi Anda sudah diganti.")
        return super().form_valid(form)


class LupaKataSandiView(auth_views.PasswordResetView):
    """Reset by email. The answer is the same whether the address is known or not."""

    template_name = "sakip/kata_sandi_lupa.html"
    subject_template_name = "sakip/email/reset_kata_sandi_subjek.txt"
    email_template_name = "sakip/email/reset_kata_sandi.txt"
    success_url = reverse_lazy("kata_sandi_terkirim")

    @property
    def extra_email_context(self):
        return {"jam": settings.PASSWORD_RESET_TIMEOUT // 3600}


class KataSandiTerkirimView(auth_views.PasswordResetDoneView):
    template_name = "sakip/kata_sandi_terkirim.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(jam=settings.PASSWORD_RESET_TIMEOUT // 3600, **kwargs)


class ResetKataSandiView(auth_views.PasswordResetConfirmView):
    template_name = "sakip/kata_sandi_reset.html"
    form_class = FormKataSandiBaru
    success_url = reverse_lazy("kata_sandi_selesai")

    def form_valid(self, form):
        # Whoever proved the mailbox may sign in at once, even if the account was locked.
        buka_kunci([form.user])
        return super().form_valid(form)


class KataSandiSelesaiView(auth_views.PasswordResetCompleteView):
    template_name = "sakip/kata_sandi_selesai.html"


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
    elif isinstance(exception, TooManyFilesSent):
        pesan = (
            f"Terlalu banyak berkas dikirim sekaligus: lebih dari {settings.DATA_UPLOAD_MAX_NUMBER_FILES}. "
            "Unggah bertahap."
        )
    elif isinstance(exception, RequestDataTooBig):
        batas = format_angka(Decimal(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) / (1024 * 1024), 1)
        pesan = f"Kiriman terlalu besar: lebih dari {batas} MB. Kirim berkas yang lebih kecil atau bagi isiannya."
    else:
        pesan = None
    return render(request, "400.html", {"pesan": pesan}, status=400)


@login_required
def pemberitahuan_daftar(request):
    """The user's notices, newest first. A GET reads only: a notice is marked read when opened
    (POST to `pemberitahuan_buka`) or all at once (POST to `pemberitahuan_baca_semua`)."""
    daftar = list(Pemberitahuan.objects.filter(penerima_id=request.user.pk)[:200])
    return render(
        request,
        "sakip/pemberitahuan.html",
        {"daftar": daftar, "ada_belum": any(p.dibaca is None for p in daftar)},
    )


@login_required
@require_POST
def pemberitahuan_buka(request, pk):
    """Open a notice: mark it read and go to its page (only the recipient's own; else 404)."""
    objek = get_object_or_404(Pemberitahuan, pk=pk, penerima_id=request.user.pk)
    pemberitahuan.tandai_dibaca(request.user, objek.pk)
    tujuan = objek.tautan
    if not tujuan or not url_has_allowed_host_and_scheme(tujuan, {request.get_host()}, request.is_secure()):
        tujuan = reverse("pemberitahuan_daftar")
    return redirect(tujuan)


@login_required
@require_POST
def pemberitahuan_baca_semua(request):
    jumlah = pemberitahuan.tandai_dibaca(request.user)
    messages.success(request, f"{jumlah} pemberitahuan ditandai sudah dibaca.")
    return redirect("pemberitahuan_daftar")


@require_GET
def logo(request, path):
    """A Pemda's or office's logo, the only public media (shown on the report's cover page): read
    through the default storage, so it needs no proxy on the media folder nor a public bucket.
    Anything outside logo/ answers 404."""
    nama = posixpath.normpath(f"logo/{path}")
    jenis = mimetypes.guess_type(nama)[0] or ""
    if not nama.startswith("logo/") or ".." in nama.split("/") or not jenis.startswith("image/"):
        raise Http404("Berkas tidak ditemukan.")
    try:
        isi = default_storage.open(nama, "rb")
    except (OSError, ValueError, SuspiciousFileOperation):
        raise Http404("Berkas tidak ditemukan.") from None
    response = FileResponse(isi, content_type=jenis)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
@never_cache
def token_api(request):
    """The user's personal API tokens: make one (shown once, in the answer to the POST), revoke one."""
    konteks = {}
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        if aksi == "buat":
            try:
                token, teks = buat_token(request.user, request.POST.get("nama", ""))
            except GalatToken as exc:
                konteks.update(galat=str(exc), nama=request.POST.get("nama", "")[:100])
            else:
                konteks.update(token_baru=token, teks_token=teks)
        elif aksi == "cabut":
            pk = request.POST.get("id", "").strip()
            if pk.isdigit() and cabut_token(request.user, int(pk)):
                messages.success(request, "Token dicabut; program yang memakainya tidak dapat masuk lagi.")
            else:
                messages.error(request, "Token tidak ditemukan atau sudah dicabut.")
            return redirect("token_api")
    konteks["daftar"] = list(TokenApi.objects.filter(pengguna_id=request.user.pk)[:100])
    return render(request, "sakip/token_api.html", konteks)
