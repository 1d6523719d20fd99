"""The dashboards: the home page per role (offices side by side for a period) and an office's page
(capaian per sasaran, what is missing, off track, budget absorption, its positions)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from anggaran.models import ItemAnggaran
from kinerja.antrean import menunggu, periode_aktif
from kinerja.models import PerjanjianKinerja
from sakip.akses import Aksi, ambil_atau_404, batasi, opd_terlihat
from sakip.formatting import format_persen
from sakip.models import OPD, Jabatan, Pemda, Penugasan, Peran
from sakip.rumus import Periode
from sakip.tahun import tahun_dari_query
from sakip.xlsx import Kolom, Tabel, buku, nilai_presisi, respons_xlsx

from .dasbor import dasbor_opd, dasbor_pemda, periode_berjalan, tahun_pilihan


def _tahun_periode(request, bawaan_tahun, bawaan_periode):
    """Year and period from the query string, validated; defaults when absent."""
    tahun = tahun_dari_query(request, bawaan_tahun)
    periode = (request.GET.get("periode") or bawaan_periode or "").upper()
    try:
        periode = Periode(periode) if periode else None
    except ValueError:
        raise Http404("Periode tidak dikenal.") from None
    return tahun, periode


def _isi_beranda(request):
    """The offices the user sees, each with its row of `dasbor_pemda` as `opd.laporan` (the page
    and its Excel download)."""
    daftar_opd = list(
        opd_terlihat(request.user)
        .select_related("pemda")
        .annotate(jumlah_jabatan=Count("jabatan_set", distinct=True))
        .order_by("pemda__nama", "nama")
    )
    tahun_ada = sorted(
        set(PerjanjianKinerja.objects.filter(opd__in=[o.id for o in daftar_opd]).values_list("tahun", flat=True)),
        reverse=True,
    )
    tahun = tahun_dari_query(request, tahun_ada[0] if tahun_ada else None)
    # Opens on the latest period someone acted on (a submitted TW IV is not shown as the year's draft).
    bawaan = (periode_aktif([o.id for o in daftar_opd], tahun) if tahun else None) or "TAHUN"
    tahun, periode = _tahun_periode(request, tahun, bawaan)
    baris = {b.opd.id: b for b in dasbor_pemda(daftar_opd, tahun, periode)} if tahun else {}
    for opd in daftar_opd:
        opd.laporan = baris.get(opd.id)
    return daftar_opd, tahun_ada, tahun, periode


@login_required
def beranda(request):
    """Home page: what this user may act on, by role; offices side by side for a period."""
    user = request.user
    daftar_opd, tahun_ada, tahun, periode = _isi_beranda(request)
    pemda = batasi(Pemda.objects.all(), user).order_by("nama")
    context = {
        "daftar_opd": daftar_opd,
        "daftar_pemda": pemda,
        "menunggu": menunggu(user),
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


def _tahun_periode_opd(request, opd):
    tahun_bawaan, periode_bawaan = periode_berjalan(opd)
    tahun, periode = _tahun_periode(request, tahun_bawaan, periode_bawaan.value if periode_bawaan else None)
    if tahun is not None and periode is None:
        periode = periode_berjalan(opd, tahun)[1]
    return tahun, periode


@login_required
def opd_detail(request, kode):
    """An office's dashboard: capaian per sasaran, what is missing, off track, budget; its positions."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    tahun, periode = _tahun_periode_opd(request, opd)
    hari_ini = timezone.localdate()
    jabatan = list(
        Jabatan.objects.filter(opd=opd).prefetch_related(_penugasan_aktif(hari_ini)).order_by("urutan", "id")
    )
    context = {
        "opd": opd,
        "dasbor": dasbor_opd(opd, tahun, periode) if tahun else None,
        "tahun": tahun,
        "tahun_ada": tahun_pilihan(opd, tahun),
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


KOLOM_PEMDA = [
    Kolom("Pemda", lebar=30),
    Kolom("OPD", lebar=45),
    Kolom("Status", lebar=14),
    Kolom("Realisasi terisi", "angka", 0),
    Kolom("Jumlah indikator", "angka", 0),
    Kolom("Capaian", "persen"),
    Kolom("Diperbarui", "tanggal"),
]


@login_required
def beranda_xlsx(request):
    """ "Unduh Excel" of the home page's table: the same offices and rows (`dasbor_pemda`)."""
    daftar_opd, _tahun_ada, tahun, periode = _isi_beranda(request)
    if tahun is None:
        raise Http404("Belum ada Perjanjian Kinerja.")
    baris = []
    for opd in daftar_opd:
        b = opd.laporan
        baris.append(
            [
                opd.pemda.nama,
                opd.nama,
                b.label_status if b else "",
                b.terisi if b else None,
                b.jumlah_indikator if b else None,
                b.capaian.nilai if b and b.capaian else None,
                b.diperbarui if b else None,
            ]
        )
    judul = f"Status pelaporan kinerja {periode.label} {tahun}"
    return respons_xlsx(
        buku([Tabel(judul, KOLOM_PEMDA, baris, nama_lembar="OPD")]), f"dasbor-{tahun}-{periode.value}.xlsx"
    )


KOLOM_SASARAN = [
    Kolom("Sasaran", lebar=60),
    Kolom("Indikator", "angka", 0),
    Kolom("Capaian", "persen"),
    Kolom("Kategori", lebar=18),
]
KOLOM_INDIKATOR = [
    Kolom("Sasaran", lebar=40),
    Kolom("Indikator", lebar=50),
    Kolom("Satuan", lebar=14),
    Kolom("Target", "angka"),
    Kolom("Target (batas atas)", "angka"),
    Kolom("Realisasi", "angka"),
    Kolom("Predikat target / realisasi", lebar=18),
    Kolom("Capaian", "persen"),
    Kolom("Kategori", lebar=16),
    Kolom("Terisi", lebar=8),
]


@login_required
def opd_xlsx(request, kode):
    """ "Unduh Excel" of the office page: capaian per sasaran and per indicator, from the same
    `dasbor_opd` the page shows."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    tahun, periode = _tahun_periode_opd(request, opd)
    dasbor = dasbor_opd(opd, tahun, periode) if tahun else None
    if dasbor is None or dasbor.pengukuran is None:
        raise Http404(dasbor.pesan if dasbor else "Belum ada Perjanjian Kinerja.")
    sasaran, indikator = [], []
    for s in dasbor.pengukuran.sasaran:
        sasaran.append([s.sasaran.uraian, len(s.indikator), s.capaian.nilai, s.capaian.kategori or ""])
        for h in s.indikator:
            p = h.indikator.presisi
            predikat = " / ".join(t for t in (h.target_teks, h.realisasi_teks) if t)
            indikator.append(
                [
                    s.sasaran.uraian,
                    h.indikator.nama,
                    h.indikator.satuan,
                    nilai_presisi(h.target, p),
                    nilai_presisi(h.target_atas, p),
                    nilai_presisi(h.realisasi, p),
                    predikat,
                    h.capaian.nilai,
                    h.capaian.kategori or "",
                    "ya" if h.terisi else "belum",
                ]
            )
    c = dasbor.pengukuran.capaian_opd
    keterangan = f"Capaian kinerja OPD: {format_persen(c.nilai)}"
    judul = f"{opd.nama} · capaian {periode.label} {tahun}"
    return respons_xlsx(
        buku(
            [
                Tabel(judul, KOLOM_SASARAN, sasaran, keterangan, "Sasaran"),
                Tabel(judul, KOLOM_INDIKATOR, indikator, "", "Indikator"),
            ]
        ),
        f"capaian-{opd.kode}-{tahun}-{periode.value}.xlsx",
    )


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
