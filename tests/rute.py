"""Every URL of the application, with its parameters filled from the data (tests only).

`pola_aplikasi()` lists the project's URL patterns (the Django admin and the DEBUG-only media
route left out) as (name, converters); `isi_rute(opd, tahun, periode)` fills each with objects
of one office, so a test can request every page without naming them one by one: a new URL is
covered the day it is added, or the test says which parameter it cannot fill.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinerja.models import Bukti, PerjanjianKinerja
from laporan.models import BerkasPDF, GambarNarasi, RekomendasiEvaluasi
from lke.models import BuktiLKE
from renstra.models import Indikator
from reviu.models import DokumenReviu, TemuanDokumenReviu, Unggahan
from sakip.models import BerkasImpor, Jabatan, Pemberitahuan

_LEWATI_AWALAN = ("admin/", "media/")


def _jalan(daftar, awalan="", converters=None, ruang=""):
    for pola in daftar:
        teks = awalan + str(pola.pattern)
        conv = {**(converters or {}), **pola.pattern.converters}
        if isinstance(pola, URLResolver):
            if not teks.startswith(_LEWATI_AWALAN):
                # A namespaced include (the API, "api:…"): its names are reversed with the namespace.
                yield from _jalan(
                    pola.url_patterns, teks, conv, f"{ruang}{pola.namespace}:" if pola.namespace else ruang
                )
        elif isinstance(pola, URLPattern) and pola.name and not teks.startswith(_LEWATI_AWALAN):
            yield ruang + pola.name, teks, conv


def pola_aplikasi():
    """[(name, route, {parameter: converter})] of every named application URL."""
    return list(_jalan(get_resolver().url_patterns))


def _pk(nama, opd, tahun):
    """The object a `<int:pk>` of URL `nama` points at, within `opd` (None when there is none)."""
    if nama == "jabatan_detail":
        qs = Jabatan.objects.filter(opd=opd)
    elif nama in ("bukti", "bukti_hapus"):
        qs = Bukti.objects.filter(realisasi__indikator__opd=opd)
    elif nama.startswith("laporan_pdf"):
        qs = BerkasPDF.objects.filter(laporan__opd=opd)
    elif nama == "perjanjian_pdf":
        qs = PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun)
    elif nama.startswith("laporan_gambar"):
        qs = GambarNarasi.objects.filter(narasi__laporan__opd=opd)
    elif nama.startswith("lke_bukti"):
        qs = BuktiLKE.objects.filter(jawaban__evaluasi__opd=opd).exclude(berkas="")
    elif nama.startswith("rekomendasi_"):
        qs = RekomendasiEvaluasi.objects.filter(opd=opd, sumber=RekomendasiEvaluasi.Sumber.KETIK).exclude(
            bukti_berkas=""
        )
    elif nama.startswith(("workbook_impor", "anggaran_impor")):
        qs = BerkasImpor.objects.filter(opd=opd, jenis=nama.split("_")[0])
    elif nama.startswith("reviu_dokumen_"):  # a reviewed document of the office's Pemda (a PDF first)
        qs = DokumenReviu.objects.filter(unggahan__pemda=opd.pemda_id).order_by("-format")
        return qs.values_list("pk", flat=True).first()
    elif nama.startswith("reviu_unggahan_"):
        qs = Unggahan.objects.filter(pemda=opd.pemda_id)
    elif nama.startswith("reviu_temuan_"):
        qs = TemuanDokumenReviu.objects.filter(dokumen__unggahan__pemda=opd.pemda_id)
    elif nama.startswith("pemberitahuan_"):  # a notice to one of the office's users
        qs = Pemberitahuan.objects.filter(penerima__opd=opd)
    else:
        raise LookupError(f"URL {nama}: tidak tahu objek apa <pk> itu")
    return qs.order_by("pk").values_list("pk", flat=True).first()


def isi_parameter(nama, conv, opd, tahun, periode):
    """kwargs for URL `nama` in office `opd`; None when the office has no such object."""
    kwargs = {}
    for param in conv:
        if param == "kode":
            kwargs[param] = opd.kode
        elif param == "tahun":
            kwargs[param] = tahun
        elif param == "periode":
            laporan = nama.startswith("laporan")
            kwargs[param] = ("tahunan" if periode == "TAHUN" else periode.lower()) if laporan else periode
        elif param == "bagian":
            kwargs[param] = "penyebab" if "indikator" in conv else "latar_belakang"
        elif param in ("indikator", "indikator_id"):
            perjanjian = PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun, jabatan__induk__isnull=True)
            kwargs[param] = (
                Indikator.objects.filter(item_pk_set__perjanjian__in=perjanjian)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
        elif param == "pk":
            kwargs[param] = _pk(nama, opd, tahun)
        elif param == "triwulan":  # the API's budget realisation up to a quarter
            kwargs[param] = 4
        elif param == "halaman":  # a page of a reviewed PDF
            kwargs[param] = 1
        elif param in ("uidb64", "token"):  # the password reset link: an invalid one shows its page
            kwargs[param] = "MQ" if param == "uidb64" else "bukan-token"
        else:
            raise LookupError(f"URL {nama}: parameter {param} belum dikenal tests/rute.py")
        if kwargs[param] is None:
            return None
    return kwargs


def isi_rute(opd, tahun, periode="TAHUN"):
    """[(name, url)] of every application URL filled for one office-year; [(name, reason)] unfilled."""
    terisi, kosong = [], []
    for nama, _rute, conv in pola_aplikasi():
        kwargs = isi_parameter(nama, conv, opd, tahun, periode)
        if kwargs is None:
            kosong.append(nama)
        else:
            terisi.append((nama, reverse(nama, kwargs=kwargs)))
    return terisi, kosong


DEMO = {  # office: (short name of its demo users, report year, report period)
    "disdukcapil-luwu-timur": ("luwutimur", 2024, "TW3"),
    "disdukcapil-musi-banyuasin": ("muba", 2024, "TAHUN"),
    "disdukcapil-dumai": ("dumai", 2023, "TAHUN"),
    "disdukcapil-probolinggo": ("probolinggo", 2024, "TAHUN"),
}
PERAN_DEMO = ("operator", "pimpinan", "reviewer", "adminpemda")


def lengkapi_demo():
    """Load the demo data and give every office the objects its URLs point at that the demo
    lacks (an evidence file, a finished PDF, a narrative image, two uploads, a reviewed document
    of its Pemda with a finding, an LKE answer with an evidence file, a recommendation with its
    follow-up's file)."""
    from io import StringIO

    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from kinerja.models import Realisasi
    from laporan.models import Laporan, Narasi
    from lke.models import EvaluasiLKE, JawabanLKE, LembarKerja
    from sakip.models import OPD

    lama, settings.DEBUG = settings.DEBUG, True
    try:
        call_command("muat_demo", stdout=StringIO())
    finally:
        settings.DEBUG = lama
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
        b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    for kode, (_pendek, tahun, periode) in DEMO.items():
        opd = OPD.objects.get(kode=kode)
        r = Realisasi.objects.filter(indikator__opd=opd, tahun=tahun).order_by("pk").first()
        Bukti.objects.create(realisasi=r, berkas=ContentFile(b"%PDF-1.4", name="bukti.pdf"), keterangan="Bukti uji")
        laporan, _ = Laporan.objects.get_or_create(opd=opd, tahun=tahun, periode=periode)
        BerkasPDF.objects.create(
            laporan=laporan, status=BerkasPDF.Status.SELESAI, berkas=ContentFile(b"%PDF-1.4", name="lkjip.pdf")
        )
        narasi = Narasi.objects.create(laporan=laporan, bagian="latar_belakang", isi="Latar belakang uji.")
        GambarNarasi.objects.create(narasi=narasi, berkas=ContentFile(png, name="bagan.png"), keterangan="Bagan uji")
        for jenis in ("workbook", "anggaran"):
            BerkasImpor.objects.create(
                opd=opd,
                tahun=tahun,
                jenis=jenis,
                berkas=ContentFile(b"PK", name="impor.xlsx"),
                nama_berkas="impor.xlsx",
            )
        dokumen_reviu_contoh(opd.pemda)
        for pengguna in opd.pengguna_set.order_by("pk"):  # a notice for each of the office's users
            pengguna.pemberitahuan_set.create(teks=f"Pemberitahuan uji {pengguna.username}", tautan="/")
        lembar = LembarKerja.objects.get(pemda=opd.pemda, tahun=tahun)
        evaluasi = EvaluasiLKE.objects.create(opd=opd, tahun=tahun, lembar=lembar)
        kriteria = lembar.komponen_set.order_by("urutan").first().subkomponen_set.order_by("urutan").first()
        kriteria = kriteria.kriteria_set.order_by("urutan").first()
        jawaban = JawabanLKE.objects.create(
            evaluasi=evaluasi, kriteria=kriteria, usulan=kriteria.skala.pilihan_set.order_by("urutan").first()
        )
        jawaban.bukti_set.create(berkas=ContentFile(b"%PDF-1.4", name="bukti-lke.pdf"), keterangan="Bukti LKE uji")
        RekomendasiEvaluasi.objects.create(
            opd=opd,
            tahun_evaluasi=tahun - 1,
            nomor=99,
            rekomendasi="Rekomendasi uji",
            bukti_berkas=ContentFile(b"%PDF-1.4", name="tindak-lanjut.pdf"),
        )


def pdf_satu_halaman(teks="Tabel 3.1 Capaian\n71,42"):
    """A small real PDF (WeasyPrint), for the pages that render a reviewed PDF's page."""
    from html import escape

    import weasyprint

    return weasyprint.HTML(string=f"<p>{escape(teks)}</p>").write_pdf()


def dokumen_reviu_contoh(pemda, nama="lkjip.pdf", **temuan):
    """A finished review of a one-page PDF in `pemda` with one finding (its keyword overrides)."""
    from django.core.files.base import ContentFile

    unggahan = Unggahan.objects.create(pemda=pemda, keterangan="Unggahan uji")
    isi = pdf_satu_halaman()
    dokumen = DokumenReviu.objects.create(
        unggahan=unggahan,
        nama_asli=nama,
        berkas=ContentFile(isi, name="lkjip.pdf"),
        format="pdf",
        ukuran=len(isi),
        sha256="0" * 64,
        status=DokumenReviu.Status.SELESAI,
        progres=100,
        jumlah_halaman=1,
        ringkasan={"jumlah_tabel": 1, "jumlah_tabel_terbaca": 1, "jumlah_pemeriksaan": 2},
    )
    data = {
        "urutan": 1,
        "jenis": "capaian",
        "lokasi": "halaman 1, Tabel 3.1, baris 2, kolom Capaian",
        "uraian": "Capaian tertulis 71,42, hasil hitung ulang 71,73.",
        "tercetak": "71,42",
        "seharusnya": "71,73",
        "selisih": "0,31",
        "halaman": 1,
        "tabel": "Tabel 3.1 Capaian",
        "baris": 2,
        "kolom": "Capaian",
        "baris_teks": 2,
        "konteks": [{"n": 2, "teks": "2\t71,42", "sel": ["2", "71,42"], "fokus": True}],
        "kotak": {"lebar": 595.3, "tinggi": 841.9, "kotak": [[60.0, 80.0, 90.0, 92.0]]},
    }
    TemuanDokumenReviu.objects.create(dokumen=dokumen, **{**data, **temuan})
    return dokumen


def halaman_admin(user, objek=True):
    """Admin URLs for `user`: the index and, per registered model, its list and add page, and
    (objek) the change and history page of the first row the admin shows this user."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        awal = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{awal}_changelist"), reverse(f"{awal}_add")]
        pk = model_admin.get_queryset(request).order_by("pk").values_list("pk", flat=True).first() if objek else None
        if pk is not None:
            urls += [reverse(f"{awal}_change", args=[pk]), reverse(f"{awal}_history", args=[pk])]
    return urls
