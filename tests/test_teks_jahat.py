"""Hostile text in every text field of a whole office's data: every page, fragment, chart, admin
page and the PDF's HTML show it escaped (issue #15).

One office of the demo (Probolinggo, the full data of its LKjIP 2024) with narratives, images,
evidence, review findings, PDF jobs and uploads added, then every text field and file name of
every row overwritten (tests/teks_jahat.py). Every URL pattern of the site is requested (the
table `RUTE` must name each one, so a new page cannot be left out), as a superuser, an operator
and a reviewer, with every admin page of every registered model; the report under both layouts.
Every template file under templates/ must have been rendered (`TIDAK_TERJANGKAU` lists the one
that cannot be, and why).
"""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test.signals import template_rendered
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook
from PIL import Image

from anggaran.nomenklatur import muat_nomenklatur
from kinerja.models import (
    Bukti,
    LayananDokumen,
    PerjanjianKinerja,
    Realisasi,
    RealisasiLayananDokumen,
    RencanaAksi,
    StatusPeriode,
    TemuanReviu,
)
from laporan.docx import MIME_DOCX
from laporan.models import (
    Bagian,
    BerkasPDF,
    GambarNarasi,
    Laporan,
    Narasi,
    PengaturanLaporan,
    RekomendasiEvaluasi,
    TataLetak,
)
from lke.kerangka import baca_berkas, muat_kerangka
from lke.models import BuktiLKE, CatatanKomponen, EvaluasiLKE, JawabanLKE, RiwayatEvaluasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator, Renstra
from reviu.models import DokumenReviu, TemuanDokumenReviu, Unggahan
from sakip.models import OPD, BerkasImpor, Pemberitahuan
from tests.factories import PenggunaFactory
from tests.rute import dokumen_reviu_contoh
from tests.teks_jahat import BERKAS, MENTAH, Racun, penanda_dalam, periksa_html, racuni
from tests.test_csp import periksa_csp

pytestmark = pytest.mark.django_db

KODE, TAHUN = "disdukcapil-probolinggo", 2024
TEMPLAT = Path(settings.BASE_DIR) / "templates"
# Template files no request can render, each with its reason.
TIDAK_TERJANGKAU = {
    # Rendered by Django's server_error handler only when a view crashes; it has no variable.
    "500.html",
    # Rendered by handler400 (a form over the size limits, tests/test_batas_kiriman.py); it shows no data.
    "400.html",
}


def png():
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f4e79").save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def kantor(settings, tmp_path):
    """The office with every kind of record, then poisoned; returns what the test needs."""
    settings.MEDIA_ROOT = tmp_path / "media"
    muat_nomenklatur()
    data = json.loads((Path(settings.BASE_DIR) / "fixtures/demo/disdukcapil-probolinggo.json").read_text("utf-8"))
    assert impor_data_opd(data).berhasil
    call_command("loaddata", "fixtures/demo/pengaturan-laporan.json", verbosity=0)
    opd = OPD.objects.select_related("pemda").get(kode=KODE)
    opd.pemda.logo.save("logo.png", SimpleUploadedFile("logo.png", png()))
    opd.logo.save("logo.png", SimpleUploadedFile("logo.png", png()))

    superuser = PenggunaFactory(username="super", is_superuser=True, is_staff=True, peran="")
    operator = PenggunaFactory(username="operator", opd=opd, is_staff=True)
    reviewer = PenggunaFactory(username="reviewer", reviewer=True, pemda=opd.pemda, is_staff=True)
    kepala = opd.jabatan_set.filter(induk__isnull=True).first()
    pimpinan = PenggunaFactory(
        username="pimpinan", pimpinan=True, opd=opd, pejabat=kepala.penugasan_set.first().pejabat
    )

    laporan = Laporan.objects.create(opd=opd, tahun=TAHUN, periode="TAHUN")
    indikator = Indikator.objects.filter(opd=opd, iku=True).order_by("id").first()
    for bagian in Bagian.values:
        Narasi.objects.create(
            laporan=laporan,
            bagian=bagian,
            indikator=indikator if bagian == Bagian.PENYEBAB else None,
            isi="Paragraf pertama.\n\nParagraf kedua.",
            diubah_oleh=operator,
        )
    narasi = Narasi.objects.get(laporan=laporan, bagian=Bagian.LATAR_BELAKANG)
    GambarNarasi.objects.create(
        narasi=narasi, berkas=SimpleUploadedFile("bagan.png", png()), keterangan="Bagan organisasi"
    )
    # A document service table (its template prints the service's name).
    layanan = LayananDokumen.objects.create(opd=opd, tahun=TAHUN, nama="Cetak KTP", target=100, indikator=indikator)
    RealisasiLayananDokumen.objects.create(layanan=layanan, triwulan=1, jumlah=10)
    realisasi = Realisasi.objects.filter(indikator__opd=opd, tahun=TAHUN).order_by("id").first()
    Bukti.objects.create(
        realisasi=realisasi,
        berkas=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n"),
        keterangan="SK",
        diunggah_oleh=operator,
    )
    perjanjian = PerjanjianKinerja.objects.filter(opd=opd, tahun=TAHUN, jabatan=kepala).order_by("-versi").first()
    RencanaAksi.objects.bulk_create(
        [RencanaAksi(item=item, triwulan=1, rencana_aksi="Sosialisasi") for item in perjanjian.item_set.all()],
        ignore_conflicts=True,
    )
    status = StatusPeriode.objects.create(opd=opd, tahun=TAHUN, periode="TW1")
    status.riwayat.create(dari="draft", ke="draft", oleh=operator, catatan="Catatan")
    for s in TemuanReviu.Status.values:
        TemuanReviu.objects.create(
            opd=opd,
            tahun=TAHUN,
            periode="TAHUN",
            objek=f"indikator:{indikator.id}",
            kode="komentar",
            pesan="Komentar",
            status=s,
            alasan="Alasan",
            dibuat_oleh=reviewer,
        )
    selesai = BerkasPDF.objects.create(laporan=laporan, status=BerkasPDF.Status.SELESAI, diminta_oleh=operator)
    selesai.berkas.save("laporan.pdf", io.BytesIO(b"%PDF-1.4\n"))
    BerkasPDF.objects.create(laporan=laporan, status=BerkasPDF.Status.GAGAL, pesan="Galat", diminta_oleh=operator)
    for jenis in ("workbook", "anggaran"):
        BerkasImpor.objects.create(
            opd=opd,
            tahun=TAHUN,
            jenis=jenis,
            berkas=SimpleUploadedFile("isi.xlsx", b"PK"),
            nama_berkas="isi.xlsx",
            diunggah_oleh=operator,
        )

    # Reviewed documents of the Pemda (reviu.views_dokumen): finished with a marked finding whose
    # source lines are hostile, failed, queued.
    jahat = '<script>alert("k")</script>"\'><img src=x onerror=alert(1)>'
    selesai = dokumen_reviu_contoh(
        opd.pemda,
        konteks=[
            {"n": 1, "teks": jahat, "sel": [jahat, jahat], "fokus": False},
            {"n": 2, "teks": jahat, "sel": None, "fokus": True},
        ],
        tanda=TemuanDokumenReviu.Tanda.DIKONFIRMASI,
        catatan="Catatan",
        ditandai_oleh=reviewer,
    )
    selesai.opd = opd
    selesai.save(update_fields=["opd"])
    TemuanDokumenReviu.objects.create(
        dokumen=selesai, urutan=2, jenis="jumlah", lokasi="Uraian", uraian="Uraian", tercetak="1", seharusnya="2"
    )
    for status in ("gagal", "antre"):
        DokumenReviu.objects.create(
            unggahan=selesai.unggahan,
            nama_asli=f"{status}.docx",
            berkas=SimpleUploadedFile(f"{status}.docx", b"PK"),
            format="docx",
            ukuran=2,
            sha256="1" * 64,
            nama_instansi="Instansi",
            status=status,
            pesan="Galat",
            tahap="Membaca",
        )
    # The LKE of the year: an evaluation in the evaluator's hands, every criterion answered on both
    # sides with notes, evidence (a link, a file), findings, the LHE's data and recommendations (the
    # LHE's, and one typed in that the year's LKjIP reports in Bab I).
    lembar = muat_kerangka(opd.pemda, TAHUN, baca_berkas())
    evaluasi = EvaluasiLKE.objects.create(
        opd=opd,
        tahun=TAHUN,
        lembar=lembar,
        status=EvaluasiLKE.Status.PENILAIAN,
        nomor_lhe="700/1/INSP",
        penanda_tangan=kepala.penugasan_set.first().pejabat,
        jabatan_penanda_tangan="Inspektur",
        ringkasan="Ringkasan",
        tembusan="Wali Kota",
    )
    for i, k in enumerate(lembar.komponen_set.order_by("urutan")):
        CatatanKomponen.objects.create(evaluasi=evaluasi, komponen=k, catatan="Catatan")
        for s_ in k.subkomponen_set.all():
            for c in s_.kriteria_set.all():
                pilihan = list(c.skala.pilihan_set.order_by("urutan"))
                j = JawabanLKE.objects.create(
                    evaluasi=evaluasi,
                    kriteria=c,
                    usulan=pilihan[0],
                    penetapan=pilihan[-1] if i == 0 else pilihan[0],
                    catatan_usulan="Catatan OPD",
                    catatan_penetapan="Catatan evaluator",
                )
                if c.kode == "1.a.1":
                    BuktiLKE.objects.create(jawaban=j, tautan="/opd/x/renstra/", keterangan="Renstra")
                    BuktiLKE.objects.create(jawaban=j, berkas=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n"))
    RiwayatEvaluasi.objects.create(
        evaluasi=evaluasi, dari="pengisian", ke="penilaian", oleh=operator, catatan="Catatan"
    )
    RekomendasiEvaluasi.objects.create(
        opd=opd, tahun_evaluasi=TAHUN, sumber="lhe", nomor=1, komponen="Perencanaan", kelemahan="K", rekomendasi="R"
    )
    RekomendasiEvaluasi.objects.create(
        opd=opd,
        tahun_evaluasi=TAHUN,
        sumber="ketik",
        nomor=1,
        nomor_lhe="700/2/INSP",
        tanggal_lhe=datetime.date(2024, 3, 1),
        komponen="Pengukuran",
        kelemahan="K",
        rekomendasi="R",
        tindak_lanjut="T",
        rencana_waktu="2 bulan",
        bukti_tautan="/opd/x/",
        bukti_berkas=SimpleUploadedFile("tl.pdf", b"%PDF-1.4\n"),
    )

    racun = racuni(Racun())
    opd.refresh_from_db()
    return {
        "opd": opd,
        "racun": racun,
        "pengguna": {"super": superuser, "operator": operator, "reviewer": reviewer, "pimpinan": pimpinan},
        "indikator": indikator,
        "perjanjian": perjanjian,
    }


# The one on* attribute the admin carries (django-import-export's export form, allowed by its hash in
# settings.SAKIP_CSP_ADMIN): a fixed text of the plug-in's template, no data in it.
BAWAAN_ADMIN = "<input> dengan atribut onchange='onSelectToggleChange(event)'"


class Perekam:
    """Every response body checked, every marker seen, every template rendered."""

    def __init__(self):
        self.salah, self.penanda, self.templat, self.jumlah = [], set(), set(), 0
        template_rendered.connect(self._templat)

    def _templat(self, sender, template, context, **kwargs):
        if template.name:
            self.templat.add(template.name)

    def lepas(self):
        template_rendered.disconnect(self._templat)

    def periksa(self, url, response):
        self.jumlah += 1
        self.salah += periksa_csp(url, response)
        jenis = response.get("Content-Type", "")
        if "spreadsheetml" in jenis and response.status_code == 200:
            # A download of the application: the hostile text stays text, never a formula.
            wb = load_workbook(io.BytesIO(response.content))
            rumus = [c.coordinate for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"]
            self.salah += [f"{url}: sel berisi rumus {', '.join(rumus[:5])}"] if rumus else []
            return
        if jenis == MIME_DOCX and not response.streaming:  # the Word LKjIP (not a stored upload)
            with zipfile.ZipFile(io.BytesIO(response.content)) as z:  # its XML parts hold the text, escaped
                xml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
            self.penanda |= penanda_dalam(xml)
            self.salah += [f"{url}: {m} mentah" for m in MENTAH if m in xml]
            return
        if not any(j in jenis for j in ("text/html", "image/svg", "text/plain", "json")):
            return
        teks = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        self.penanda |= penanda_dalam(teks)
        salah = periksa_html(teks)
        if url.startswith("/admin/"):
            salah = [s for s in salah if s != BAWAAN_ADMIN]
        self.salah += [f"{url}: {s}" for s in salah]


def _pola_bernama(pola=None, awalan="", ruang=""):
    """(name, route) of every named pattern outside the admin (namespaced ones as "api:…")."""
    for p in pola if pola is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            yield from _pola_bernama(
                p.url_patterns, awalan + str(p.pattern), f"{p.namespace}:" if p.namespace else ruang
            )
        elif isinstance(p, URLPattern) and p.name:
            yield ruang + p.name, awalan + str(p.pattern)


def tautan_reset(pengguna):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return [urlsafe_base64_encode(force_bytes(pengguna.pk)), default_token_generator.make_token(pengguna)]


def rute(k):
    """name -> [(method, url, data, extra headers)] for every named pattern of the site."""
    opd, ind, perjanjian = k["opd"], k["indikator"], k["perjanjian"]
    kode = opd.kode
    tahun_tanpa_pk = TAHUN + 5
    impor = {j: BerkasImpor.objects.get(opd=opd, jenis=j).pk for j in ("workbook", "anggaran")}
    pdf = BerkasPDF.objects.filter(laporan__opd=opd)
    gambar = GambarNarasi.objects.get(narasi__laporan__opd=opd)
    bukti = Bukti.objects.get(realisasi__indikator__opd=opd)
    jabatan = opd.jabatan_set.order_by("id")
    teks = BERKAS.format(m="POST")
    G, P = "get", "post"
    hx = {"HTTP_HX_REQUEST": "true"}
    periode_laporan = ["tahunan", "tw1", "tw2", "tw3", "tw4"]
    periode_grid = ["TW1", "TW2", "TW3", "TW4", "S1", "S2", "TAHUN"]
    dokumen_reviu = list(DokumenReviu.objects.filter(unggahan__pemda=opd.pemda).order_by("id"))
    unggahan_reviu = Unggahan.objects.filter(pemda=opd.pemda)
    temuan_reviu = list(TemuanDokumenReviu.objects.filter(dokumen__unggahan__pemda=opd.pemda).order_by("id"))
    bukti_lke = BuktiLKE.objects.exclude(berkas="").get(jawaban__evaluasi__opd=opd)
    rekomendasi = RekomendasiEvaluasi.objects.get(opd=opd, sumber="ketik")
    kriteria_id = (
        JawabanLKE.objects.filter(evaluasi__opd=opd).order_by("kriteria_id").values_list("kriteria_id", flat=True)[0]
    )
    lke_jahat = {f"j-{kriteria_id}-catatan_penetapan": teks, f"j-{kriteria_id}-tautan": teks}
    pemberitahuan = [
        Pemberitahuan.objects.create(penerima=u, teks=teks, tautan=tautan)
        for u in k["pengguna"].values()
        for tautan in ("/", "/" + teks)
    ]
    return {
        "beranda": [(G, "/", None, {})],
        "masuk": [(G, reverse("masuk"), None, {}), (P, reverse("masuk"), {"username": teks, "password": teks}, {})],
        "keluar": [],  # signing out is tried last, by hand (and the login lockout after it)
        "sesi": [(G, reverse("sesi"), None, {})],
        "pemberitahuan_daftar": [(G, reverse("pemberitahuan_daftar"), None, {})],
        # A notice with hostile text for each signed-in role (and one to a path of it), opened.
        "pemberitahuan_buka": [(P, reverse("pemberitahuan_buka", args=[p.pk]), None, {}) for p in pemberitahuan],
        "pemberitahuan_baca_semua": [(P, reverse("pemberitahuan_baca_semua"), None, {})],
        # Personal API tokens: made with a hostile name (shown once), a hostile id to revoke.
        "token_api": [
            (G, reverse("token_api"), None, {}),
            (P, reverse("token_api"), {"aksi": "buat", "nama": teks[:100]}, {}),
            (P, reverse("token_api"), {"aksi": "cabut", "id": teks}, {}),
        ],
        # The API (JSON, checked like the pages: no raw markup) and its docs page.
        "api:api-root": [(G, reverse("api:api-root"), None, {})],
        "api:openapi-json": [(G, reverse("api:openapi-json"), None, {})],
        "api:openapi-view": [(G, reverse("api:openapi-view"), None, {})],
        "api:pengukuran": [(G, reverse("api:pengukuran", args=[kode, TAHUN, p]), None, {}) for p in periode_grid],
        "api:anggaran": [
            (G, reverse("api:anggaran", args=[kode, TAHUN]) + f"?periode={p}", None, {}) for p in periode_grid
        ],
        "api:realisasi": [(G, reverse("api:realisasi", args=[kode, TAHUN, p]), None, {}) for p in periode_grid],
        "api:lke": [(G, reverse("api:lke", args=[kode, t]), None, {}) for t in (TAHUN, tahun_tanpa_pk)],
        "api:reviu": [(G, reverse("api:reviu", args=[kode, TAHUN, p]), None, {}) for p in periode_grid],
        "api:anggaran_realisasi": [
            (G, reverse("api:anggaran_realisasi", args=[kode, TAHUN, t]), None, {}) for t in (1, 2, 3, 4)
        ],
        "ganti_kata_sandi": [
            (G, reverse("ganti_kata_sandi"), None, {}),
            (P, reverse("ganti_kata_sandi"), {"old_password": teks, "new_password1": teks, "new_password2": "x"}, {}),
        ],
        "lupa_kata_sandi": [
            (G, reverse("lupa_kata_sandi"), None, {}),
            (P, reverse("lupa_kata_sandi"), {"email": teks}, {}),
        ],
        "admin_password_reset": [],  # the same page as lupa_kata_sandi
        "kata_sandi_terkirim": [(G, reverse("kata_sandi_terkirim"), None, {})],
        "reset_kata_sandi": [
            (G, reverse("reset_kata_sandi", args=["MQ", "bukan-token"]), None, {}),
            (G, reverse("reset_kata_sandi", args=tautan_reset(k["pengguna"]["operator"])), None, {}),
        ],
        "kata_sandi_selesai": [(G, reverse("kata_sandi_selesai"), None, {})],
        "opd_detail": [
            (G, reverse("opd_detail", args=[kode]) + f"?tahun={TAHUN}&periode={p}", None, {}) for p in periode_grid
        ]
        + [(G, reverse("opd_detail", args=[kode]) + f"?tahun={teks}", None, {})],
        "jabatan_detail": [(G, reverse("jabatan_detail", args=[kode, j.pk]), None, {}) for j in jabatan],
        "workbook_opd": [(G, reverse("workbook_opd", args=[kode]), None, {})],
        "workbook_unduh": [(G, reverse("workbook_unduh", args=[kode, TAHUN]), None, {})],
        "workbook_templat": [(G, reverse("workbook_templat"), None, {})],
        "workbook_impor": [(G, reverse("workbook_impor", args=[kode, TAHUN]), None, {})],
        "workbook_impor_pratinjau": [
            (G, reverse("workbook_impor_pratinjau", args=[kode, TAHUN, impor["workbook"]]), None, {})
        ],
        "workbook_impor_terapkan": [
            (P, reverse("workbook_impor_terapkan", args=[kode, TAHUN, impor["workbook"]]), {}, {})
        ],
        "anggaran_opd": [
            (G, reverse("anggaran_opd", args=[kode, TAHUN]) + f"?periode={p}", None, {}) for p in periode_grid
        ],
        "anggaran_ekspor": [(G, reverse("anggaran_ekspor", args=[kode, TAHUN]), None, {})],
        "anggaran_realisasi": [
            (G, reverse("anggaran_realisasi", args=[kode, TAHUN]) + f"?triwulan={t}", None, {}) for t in (1, 2, 3, 4)
        ],
        "anggaran_realisasi_hitung": [
            (P, reverse("anggaran_realisasi_hitung", args=[kode, TAHUN]) + "?triwulan=1", {}, hx)
        ],
        "anggaran_impor": [(G, reverse("anggaran_impor", args=[kode, TAHUN]), None, {})],
        "anggaran_impor_pratinjau": [
            (G, reverse("anggaran_impor_pratinjau", args=[kode, TAHUN, impor["anggaran"]]), None, {})
        ],
        "anggaran_impor_terapkan": [
            (P, reverse("anggaran_impor_terapkan", args=[kode, TAHUN, impor["anggaran"]]), {}, {})
        ],
        "laporan_indeks": [(G, reverse("laporan_indeks", args=[kode]), None, {})],
        "laporan": [(G, reverse("laporan", args=[kode, TAHUN, p]), None, {}) for p in periode_laporan],
        "laporan_narasi": [
            (G, reverse("laporan_narasi", args=[kode, TAHUN, "tahunan", b]), None, {})
            for b in Bagian.values
            if b != Bagian.PENYEBAB
        ],
        "laporan_narasi_indikator": [
            (G, reverse("laporan_narasi_indikator", args=[kode, TAHUN, "tahunan", "penyebab", ind.pk]), None, {})
        ],
        "laporan_tanggal": [(P, reverse("laporan_tanggal", args=[kode, TAHUN, "tahunan"]), {"tanggal": teks}, {})],
        "laporan_pdf_minta": [(P, reverse("laporan_pdf_minta", args=[kode, TAHUN, "tahunan"]), {}, hx)],
        "laporan_pdf_status": [(G, reverse("laporan_pdf_status", args=[kode, p.pk]), None, hx) for p in pdf],
        "laporan_pdf_unduh": [(G, reverse("laporan_pdf_unduh", args=[kode, p.pk]), None, {}) for p in pdf],
        "laporan_docx": [(G, reverse("laporan_docx", args=[kode, TAHUN, p]), None, {}) for p in periode_laporan],
        "laporan_gambar": [(G, reverse("laporan_gambar", args=[kode, gambar.pk]), None, {})],
        "laporan_gambar_hapus": [],  # deleting would remove the image from the later pages; its redirect is the editor
        "realisasi_grid": [
            (G, reverse("realisasi_grid", args=[kode, t, p]), None, {})
            for t in (TAHUN, tahun_tanpa_pk)
            for p in periode_grid
        ],
        "realisasi_hitung": [
            (
                P,
                reverse("realisasi_hitung", args=[kode, TAHUN, "TW3", ind.pk]),
                {"target": "1", f"r-{ind.pk}-nilai": teks},
                hx,
            )
        ],
        "realisasi_status": [
            (P, reverse("realisasi_status", args=[kode, TAHUN, "TW2"]), {"aksi": teks, "catatan": teks}, {})
        ],
        "bukti": [(G, reverse("bukti", args=[kode, bukti.pk]), None, {})],
        # Removal answers a redirect (its message, with the hostile file name, is shown by base.html
        # like every other message); a GET is refused. Removing here would take the evidence from
        # the later roles' sweeps.
        "bukti_hapus": [(G, reverse("bukti_hapus", args=[kode, bukti.pk]), None, {})],
        "ruang_reviu": [(G, reverse("ruang_reviu", args=[kode, TAHUN, p]), None, {}) for p in periode_grid],
        "aksi_reviu": [
            (
                P,
                reverse("aksi_reviu", args=[kode, TAHUN, "TAHUN"]),
                {"aksi": "komentar", "objek": teks, "pesan": teks},
                {},
            )
        ],
        "pernyataan_reviu": [],  # needs every finding closed: requested at the end
        "pk_editor": [(G, reverse("pk_editor", args=[kode, t]), None, {}) for t in (TAHUN, tahun_tanpa_pk)],
        "pk_aksi": [
            (
                P,
                reverse("pk_aksi", args=[kode, TAHUN]),
                {"aksi": "ubah", "alasan": teks, "tanggal": teks, "id": perjanjian.pk},
                {},
            )
        ],
        "rencana_aksi": [(G, reverse("rencana_aksi", args=[kode, TAHUN]), None, {})],
        # The PK document (a PDF: its print HTML is checked at the end, like the report's).
        "perjanjian_pdf": [(G, reverse("perjanjian_pdf", args=[kode, TAHUN, perjanjian.pk]), None, {})],
        "perjanjian_pdf_opd": [
            (G, reverse("perjanjian_pdf_opd", args=[kode, t]), None, {}) for t in (TAHUN, tahun_tanpa_pk)
        ],
        "pohon_kinerja": [(G, reverse("pohon_kinerja", args=[kode, t]), None, {}) for t in (TAHUN, tahun_tanpa_pk)],
        "renstra_editor": [(G, reverse("renstra_editor", args=[kode]), None, {})],
        "lke": [(G, reverse("lke", args=[kode, t]), None, {}) for t in (TAHUN, tahun_tanpa_pk)]
        + [(P, reverse("lke", args=[kode, TAHUN]), lke_jahat, {})],
        "lke_aksi": [(P, reverse("lke_aksi", args=[kode, TAHUN]), {"aksi": teks, "catatan": teks}, {})],
        "lke_lhe": [(G, reverse("lke_lhe", args=[kode, TAHUN]), None, {})],
        # The LHE as PDF (its print HTML is checked at the end, like the report's).
        "lke_lhe_pdf": [(G, reverse("lke_lhe_pdf", args=[kode, TAHUN]), None, {})],
        "lke_bukti": [(G, reverse("lke_bukti", args=[kode, bukti_lke.pk]), None, {})],
        # Removal is a POST that would take the evidence from the later roles' sweeps: a GET is refused.
        "lke_bukti_hapus": [(G, reverse("lke_bukti_hapus", args=[kode, bukti_lke.pk]), None, {})],
        "lke_pemda": [(G, reverse("lke_pemda", args=[TAHUN]), None, {})],
        "lke_kerangka": [(G, reverse("lke_kerangka", args=[t]), None, {}) for t in (TAHUN, tahun_tanpa_pk)],
        "rekomendasi": [(G, reverse("rekomendasi", args=[kode]), None, {})],
        "rekomendasi_tambah": [
            (P, reverse("rekomendasi_tambah", args=[kode]), {"tahun_evaluasi": teks, "rekomendasi": teks}, {})
        ],
        "rekomendasi_hapus": [(G, reverse("rekomendasi_hapus", args=[kode, rekomendasi.pk]), None, {})],
        "rekomendasi_bukti": [(G, reverse("rekomendasi_bukti", args=[kode, rekomendasi.pk]), None, {})],
        "renstra_tambah": [(P, reverse("renstra_tambah", args=[kode]), {"jenis": "tujuan", "uraian": teks}, {})],
        # Refused (no year): the message names no typed text; a valid one would change the version.
        "renstra_perubahan": [
            (P, reverse("renstra_perubahan", args=[kode]), {"mulai": teks, "alasan": teks, "dasar_hukum": teks}, {})
        ],
        # The "Unduh Excel" downloads (sakip.xlsx): attachments, their text never a formula.
        "beranda_xlsx": [
            (G, reverse("beranda_xlsx") + f"?tahun={TAHUN}&periode=TAHUN", None, {}),
            (G, reverse("beranda_xlsx") + f"?tahun={teks}", None, {}),
        ],
        "opd_xlsx": [
            (G, reverse("opd_xlsx", args=[kode]) + f"?tahun={TAHUN}&periode={p}", None, {}) for p in periode_grid
        ],
        "realisasi_xlsx": [(G, reverse("realisasi_xlsx", args=[kode, TAHUN, p]), None, {}) for p in periode_grid],
        "reviu_temuan_xlsx": [(G, reverse("reviu_temuan_xlsx", args=[kode, TAHUN, p]), None, {}) for p in periode_grid],
        "lke_xlsx": [(G, reverse("lke_xlsx", args=[kode, t]), None, {}) for t in (TAHUN, tahun_tanpa_pk)],
        # The document review (reviu.views_dokumen), every document of the Pemda.
        "reviu_dokumen_daftar": [
            (G, reverse("reviu_dokumen_daftar"), None, {}),
            (
                P,
                reverse("reviu_dokumen_daftar"),
                {
                    "berkas": [SimpleUploadedFile(f"{teks}.txt", b"Tabel 1\nNo\tCapaian\n1\t71,42\n")],
                    "keterangan": teks,
                },
                {},
            ),
            (P, reverse("reviu_dokumen_daftar"), {"berkas": [SimpleUploadedFile(f"{teks}.exe", b"MZ")]}, {}),
        ],
        **{
            nama: [(G, reverse(nama, args=[d.pk]), None, {}) for d in dokumen_reviu]
            for nama in ("reviu_dokumen_rinci", "reviu_dokumen_berkas", "reviu_dokumen_xlsx", "reviu_dokumen_surat")
        },
        "reviu_dokumen_status": [
            (G, reverse("reviu_dokumen_status", args=[d.pk]) + q, None, hx)
            for d in dokumen_reviu
            for q in ("", "?rinci=1")
        ],
        "reviu_dokumen_halaman": [(G, reverse("reviu_dokumen_halaman", args=[dokumen_reviu[0].pk, 1]), None, {})],
        "reviu_dokumen_instansi": [
            (P, reverse("reviu_dokumen_instansi", args=[dokumen_reviu[1].pk]), {"nama_instansi": teks}, {})
        ],
        "reviu_dokumen_ulang": [(P, reverse("reviu_dokumen_ulang", args=[d.pk]), {}, {}) for d in dokumen_reviu],
        "reviu_dokumen_hapus": [],  # removing would take the document from the later roles; done at the end
        "reviu_unggahan_xlsx": [(G, reverse("reviu_unggahan_xlsx", args=[u.pk]), None, {}) for u in unggahan_reviu],
        "reviu_unggahan_surat": [(G, reverse("reviu_unggahan_surat", args=[u.pk]), None, {}) for u in unggahan_reviu],
        "reviu_temuan_tandai": [
            (P, reverse("reviu_temuan_tandai", args=[t.pk]), {"tanda": "bukan_kesalahan", "catatan": teks}, h)
            for t in temuan_reviu
            for h in (hx, {})
        ]
        + [(P, reverse("reviu_temuan_tandai", args=[temuan_reviu[0].pk]), {"tanda": teks, "awal_tanda": teks}, hx)],
    }


def halaman_admin():
    """Every admin page of every registered model: list (searched too), add, change, history,
    a history version, delete confirmation; and each of the model admin's own views."""
    daftar = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        awalan = f"{model._meta.app_label}_{model._meta.model_name}_"
        daftar.append(reverse("admin:app_list", args=[model._meta.app_label]))
        daftar += [reverse(f"admin:{awalan}changelist"), reverse(f"admin:{awalan}changelist") + "?q=%3Cscript%3E"]
        daftar.append(reverse(f"admin:{awalan}add"))
        obj = model._default_manager.order_by("pk").first()
        for pola in model_admin.get_urls():
            nama = getattr(pola, "name", None) or ""
            if not nama.startswith(awalan) or nama.endswith(("_changelist", "_add", "_autocomplete")):
                continue
            kwargs = {}
            for k in pola.pattern.converters:
                if k == "object_id":
                    kwargs[k] = obj.pk if obj else None
                elif k in ("version_id", "history_id"):
                    riwayat = getattr(obj, "history", None) if obj else None
                    kwargs[k] = riwayat.order_by("history_id").first().history_id if riwayat is not None else None
            if None in kwargs.values():
                continue
            try:
                daftar.append(reverse("admin:" + nama, kwargs=kwargs))
            except Exception:  # a pattern of the model admin not under its name prefix
                continue
    return daftar


def minta(client, perekam, metode, url, data=None, headers=None):
    if metode == "get":
        response = client.get(url, **(headers or {}))
    else:
        response = client.post(url, data or {}, **(headers or {}))
    assert response.status_code < 500, f"{metode.upper()} {url}: {response.status_code}"
    perekam.periksa(url, response)
    if response.status_code in (301, 302) and response.get("Location", "").startswith("/"):
        lanjut = client.get(response["Location"])
        assert lanjut.status_code < 500, f"{response['Location']}: {lanjut.status_code}"
        perekam.periksa(response["Location"], lanjut)
    return response


def test_every_page_shows_hostile_text_escaped(client, kantor):
    semua = dict(_pola_bernama())
    tabel = rute(kantor)
    assert set(semua) <= set(tabel), f"URL tanpa entri di RUTE: {sorted(set(semua) - set(tabel))}"

    perekam = Perekam()
    try:
        for peran in ("super", "operator", "reviewer"):
            client.force_login(kantor["pengguna"][peran])
            for tata in TataLetak.values:  # the report under each layout
                PengaturanLaporan.objects.update_or_create(pemda=kantor["opd"].pemda, defaults={"tata_letak": tata})
                for metode, url, data, headers in tabel["laporan"]:
                    minta(client, perekam, metode, url, data, headers)
            for daftar in tabel.values():
                for metode, url, data, headers in daftar:
                    minta(client, perekam, metode, url, data, headers)
            if peran != "reviewer":
                # The evidence is an inline of its realisation's change page.
                bukti = Bukti.objects.get()
                for url in [*halaman_admin(), reverse("admin:kinerja_realisasi_change", args=[bukti.realisasi_id])]:
                    minta(client, perekam, "get", url)
            minta(client, perekam, "get", "/tidak-ada/")
        # The review statement, once every finding is closed (the reviewer).
        client.force_login(kantor["pengguna"]["reviewer"])
        TemuanReviu.objects.update(status=TemuanReviu.Status.DITERIMA)
        minta(client, perekam, "get", reverse("pernyataan_reviu", args=[KODE, TAHUN, "TAHUN"]))
        # A reviewed document removed (its redirect shows the hostile name in the message).
        antre = DokumenReviu.objects.filter(status="antre").order_by("id").first()
        minta(client, perekam, "post", reverse("reviu_dokumen_hapus", args=[antre.pk]))
        # The print HTML of the letter to the office (reviu/surat_reviu.html), every document.
        from reviu.ekspor_dokumen import dengan_temuan, html_surat

        html = html_surat(dengan_temuan(DokumenReviu.objects.all()), kantor["pengguna"]["reviewer"])
        perekam.salah += [f"surat reviu: {s}" for s in periksa_html(html)]
        perekam.penanda |= penanda_dalam(html)
        # The Renstra admin's "Buat Renstra Perubahan": its confirmation, then refused with hostile input.
        client.force_login(kantor["pengguna"]["super"])
        renstra = Renstra.objects.filter(opd__kode=KODE).order_by("-tahun_mulai", "-versi").first()
        pilih = {"action": "buat_perubahan", "_selected_action": [renstra.pk]}
        teks = BERKAS.format(m="POST")
        for data in (pilih, {**pilih, "terapkan": "1", "mulai": teks, "alasan": teks, "dasar_hukum": teks}):
            minta(client, perekam, "post", reverse("admin:renstra_renstra_changelist"), data)
        # The pimpinan's buttons (set the PK), and signing out.
        client.force_login(kantor["pengguna"]["pimpinan"])
        minta(client, perekam, "get", reverse("pk_editor", args=[KODE, TAHUN]))
        minta(client, perekam, "post", reverse("keluar"))
        # Too many wrong passwords: the lockout page.
        for _ in range(5):
            response = minta(
                client, perekam, "post", reverse("masuk"), {"username": BERKAS.format(m="POST"), "password": "x"}
            )
        assert response.status_code == 429
        # The print HTML of the report (both layouts), as the PDF worker renders it.
        from laporan.bab import susun_laporan
        from laporan.cetak import html_cetak
        from laporan.pdf import _css, potongan_depan, potongan_isi, render_to_string

        for tata in TataLetak.values:
            PengaturanLaporan.objects.filter(pemda=kantor["opd"].pemda).update(tata_letak=tata)
            data = susun_laporan(kantor["opd"], TAHUN, "TAHUN")
            for html in [html_cetak(data), potongan_depan(data).html, *(p.html for p in potongan_isi(data, _css()))]:
                perekam.salah += [f"cetak: {s}" for s in periksa_html(html)]
                perekam.penanda |= penanda_dalam(html)
        # The print HTML of the PK document (every PK of the office).
        from laporan.perjanjian import dokumen_opd, html_dokumen

        html = html_dokumen(dokumen_opd(kantor["opd"], TAHUN))
        perekam.salah += [f"cetak PK: {s}" for s in periksa_html(html)]
        perekam.penanda |= penanda_dalam(html)
        # The print HTML of the LHE (its PDF is rendered from it).
        from lke.lhe import html_lhe, susun_lhe

        html = html_lhe(susun_lhe(EvaluasiLKE.objects.get(opd=kantor["opd"], tahun=TAHUN)))
        perekam.salah += [f"cetak LHE: {s}" for s in periksa_html(html)]
        perekam.penanda |= penanda_dalam(html)
        # The print HTML of the pohon kinerja (python manage.py pohon_kinerja --format html|pdf).
        from laporan.pohon import susun_pohon
        from laporan.pohon_cetak import html_pohon

        html = html_pohon(susun_pohon(kantor["opd"], TAHUN))
        perekam.salah += [f"cetak pohon: {s}" for s in periksa_html(html)]
        perekam.penanda |= penanda_dalam(html)
        lapisan = render_to_string("laporan/lapisan_cetak.html", {"kelompok": [("isi", [[]])], "sidik": "x"})
        perekam.salah += periksa_html(lapisan)
    finally:
        perekam.lepas()

    assert not perekam.salah, "\n".join(perekam.salah[:30])

    # Every template file was rendered, so every one was checked with hostile data.
    berkas = {str(p.relative_to(TEMPLAT)) for p in TEMPLAT.rglob("*.html")}
    belum = berkas - perekam.templat - TIDAK_TERJANGKAU
    assert not belum, f"templat tidak pernah dirender: {sorted(belum)}"

    # The hostile values did reach the pages: the fields of the office's main records are shown.
    racun = kantor["racun"]
    terlihat = {racun.penanda[m][:2] for m in perekam.penanda if m in racun.penanda}
    wajib = {
        ("sakip.pemda", "nama"),
        ("sakip.opd", "nama"),
        ("sakip.opd", "singkatan"),
        ("sakip.jabatan", "nama"),
        ("sakip.pejabat", "nama"),
        ("sakip.pejabat", "nip"),
        ("renstra.indikator", "nama"),
        ("renstra.indikator", "satuan"),
        ("renstra.indikator", "formula"),
        ("renstra.sasaran", "uraian"),
        ("renstra.tujuan", "uraian"),
        ("laporan.narasi", "isi"),
        ("laporan.gambarnarasi", "keterangan"),
        ("laporan.gambarnarasi", "berkas"),
        ("kinerja.bukti", "berkas"),
        ("kinerja.bukti", "keterangan"),
        ("kinerja.temuanreviu", "pesan"),
        ("kinerja.temuanreviu", "alasan"),
        ("anggaran.itemanggaran", "nama"),
        ("kinerja.realisasi", "catatan"),
        ("kinerja.rencanaaksi", "rencana_aksi"),
        ("laporan.berkaspdf", "pesan"),
        ("sakip.berkasimpor", "nama_berkas"),
        ("renstra.pembanding", "nama"),
        ("kinerja.riwayatstatus", "catatan"),
        ("reviu.unggahan", "keterangan"),
        ("reviu.dokumenreviu", "nama_asli"),
        ("reviu.dokumenreviu", "nama_instansi"),
        ("reviu.dokumenreviu", "pesan"),
        ("reviu.temuandokumenreviu", "uraian"),
        ("reviu.temuandokumenreviu", "tercetak"),
        ("reviu.temuandokumenreviu", "tabel"),
        ("reviu.temuandokumenreviu", "catatan"),
        ("lke.kriteria", "uraian"),
        ("lke.kriteria", "penjelasan"),
        ("lke.komponen", "nama"),
        ("lke.pilihanskala", "kode"),
        ("lke.pitapredikat", "uraian"),
        ("lke.jawabanlke", "catatan_usulan"),
        ("lke.jawabanlke", "catatan_penetapan"),
        ("lke.buktilke", "keterangan"),
        ("lke.buktilke", "berkas"),
        ("lke.catatankomponen", "catatan"),
        ("lke.evaluasilke", "nomor_lhe"),
        ("lke.riwayatevaluasi", "catatan"),
        ("laporan.rekomendasievaluasi", "kelemahan"),
        ("laporan.rekomendasievaluasi", "rekomendasi"),
        ("laporan.rekomendasievaluasi", "tindak_lanjut"),
        ("laporan.rekomendasievaluasi", "bukti_berkas"),
    }
    assert wajib <= terlihat, f"tidak pernah tampil: {sorted(wajib - terlihat)}"
    print(
        f"\n{perekam.jumlah} respons, {len(racun.penanda)} nilai jahat, {len(perekam.penanda)} terlihat, "
        f"{len(perekam.templat)} templat"
    )
