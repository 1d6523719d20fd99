"""Core pages: sign-in, the home page per role, an office's page."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from anggaran.models import ItemAnggaran

from .akses import Aksi, ambil_atau_404, batasi, opd_terlihat
from .formatting import format_angka
from .masuk import FormGantiKataSandi, FormKataSandiBaru, buka_kunci
from .models import OPD, Jabatan, Pemda, Penugasan, Peran
from .sesi import sesi_berakhir
from .tahun import tahun_dari_query


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


def _tahun_periode(request, bawaan_tahun, bawaan_periode):
    """Year and period from the query string, validated; defaults when absent."""
    from kinerja.capaian import Periode

    tahun = tahun_dari_query(request, bawaan_tahun)
    periode = (request.GET.get("periode") or bawaan_periode or "").upper()
    try:
        periode = Periode(periode) if periode else None
    except ValueError:
        raise Http404("Periode tidak dikenal.") from None
    return tahun, periode


@login_required
def beranda(request):
    """Home page: what this user may act on, by role; offices side by side for a period."""
    from kinerja.capaian import Periode
    from kinerja.dasbor import dasbor_pemda
    from kinerja.models import PerjanjianKinerja

    user = request.user
    daftar_opd = list(
        opd_terlihat(user)
        .select_related("pemda")
        .annotate(jumlah_jabatan=Count("jabatan_set", distinct=True))
        .order_by("pemda__nama", "nama")
    )
    tahun_ada = sorted(
        set(PerjanjianKinerja.objects.filter(opd__in=[o.id for o in daftar_opd]).values_list("tahun", flat=True)),
        reverse=True,
    )
    tahun, periode = _tahun_periode(request, tahun_ada[0] if tahun_ada else None, "TAHUN")
    baris = {b.opd.id: b for b in dasbor_pemda(daftar_opd, tahun, periode)} if tahun else {}
    for opd in daftar_opd:
        opd.laporan = baris.get(opd.id)
    pemda = batasi(Pemda.objects.all(), user).order_by("nama")
    context = {
        "daftar_opd": daftar_opd,
        "daftar_pemda": pemda,
        "tahun": tahun,
        "periode": periode,
        "tahun_ada": tahun_ada,
        "pilihan_periode": list(Periode),
        "boleh_ubah": set(batasi(OPD.objects.all(), user, Aksi.UBAH).values_list("id", flat=True)),
        "boleh_setujui": set(batasi(OPD.objects.all(), user, Aksi.SETUJUI).values_list("id", flat=True)),
        "boleh_reviu": user.is_superuser or user.peran == Peran.REVIEWER,
        "boleh_kelola": user.is_superuser or (user.peran == Peran.ADMIN_PEMDA and user.is_staff),
    }
    return render(request, "sakip/beranda.html", context)


def _penugasan_aktif(hari_ini):
    return Prefetch(
        "penugasan_set",
        queryset=Penugasan.objects.filter(mulai__lte=hari_ini)
        .exclude(selesai__lt=hari_ini)
        .select_related("pejabat")
        .order_by("jenis", "-mulai"),
        to_attr="penugasan_aktif",
    )


@login_required
def opd_detail(request, kode):
    """An office's dashboard: capaian per sasaran, what is missing, off track, budget; its positions."""
    from kinerja.dasbor import dasbor_opd, periode_berjalan

    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    tahun_bawaan, periode_bawaan = periode_berjalan(opd)
    tahun, periode = _tahun_periode(request, tahun_bawaan, periode_bawaan.value if periode_bawaan else None)
    if tahun is not None and periode is None:
        periode = periode_berjalan(opd, tahun)[1]
    hari_ini = timezone.localdate()
    jabatan = list(
        Jabatan.objects.filter(opd=opd).prefetch_related(_penugasan_aktif(hari_ini)).order_by("urutan", "id")
    )
    from kinerja.capaian import Periode

    context = {
        "opd": opd,
        "dasbor": dasbor_opd(opd, tahun, periode) if tahun else None,
        "tahun": tahun,
        "periode": periode,
        "pilihan_periode": list(Periode),
        "tahun_anggaran": ItemAnggaran.objects.filter(opd=opd)
        .values_list("tahun", flat=True)
        .distinct()
        .order_by("-tahun"),
        "pohon_jabatan": susun_pohon(jabatan),
        "boleh_ubah": batasi(OPD.objects.filter(pk=opd.pk), request.user, Aksi.UBAH).exists(),
    }
    return render(request, "sakip/opd_detail.html", context)


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


def susun_pohon(daftar_jabatan):
    """Nest a flat list of jabatan into (jabatan, level) rows in tree order."""
    anak = {}
    for jabatan in daftar_jabatan:
        anak.setdefault(jabatan.induk_id, []).append(jabatan)
    ids = {j.id for j in daftar_jabatan}
    akar = [j for j in daftar_jabatan if j.induk_id is None or j.induk_id not in ids]
    hasil = []

    def turun(node, tingkat):
        hasil.append((node, tingkat))
        for child in anak.get(node.id, []):
            turun(child, tingkat + 1)

    for node in akar:
        turun(node, 0)
    return hasil


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
