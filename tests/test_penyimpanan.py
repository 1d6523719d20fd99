"""Every stored file goes through Django's storage API (issue #22 item 2): with Django's
InMemoryStorage as the default storage and as both caches, nothing is written under MEDIA_ROOT
nor the cache folders, and evidence, report PDFs (with the logo and a narrative image read back
through the storage), the report piece cache, reviewed documents with their page images, the Word
report and the logo route all work; the access checks are those of the file system (another
office: 404); removing a reviewed document empties both storages of it.
"""

import io
import shutil
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from kinerja.models import Bukti
from laporan.models import Bagian, BerkasPDF, GambarNarasi, Laporan, Narasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from reviu.models import DokumenReviu, Unggahan
from sakip import simpan
from sakip.models import OPD
from sakip.pdf_aman import PengambilTerbatas, SumberDitolak
from sakip.tugas import kerjakan_semua
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.formulir import isi_formulir
from tests.test_reviu_unggah import HTML_LKJIP

pytestmark = pytest.mark.django_db

MEMORI = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
TEKS_LKJIP = (
    "Tabel 3.1 Pengukuran Kinerja Tahun 2024\n\n"
    "No\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)\n"
    "1\tIndeks Kepuasan Masyarakat\tNilai\t81,33\t79,143\t97,31\n"
    "2\tPersentase ketepatan waktu layanan sesuai SOP\t%\t98\t70.30\t71,42\n"
)
perlu_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils tidak terpasang")


@pytest.fixture(autouse=True)
def di_memori(settings, tmp_path):
    """Files in memory only: the folders of the file-system storages must stay absent."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": MEMORI, "cache_cetak": MEMORI, "cache_reviu": MEMORI}
    assert not simpan.punya_path(default_storage)
    yield
    for folder in (settings.MEDIA_ROOT, settings.SAKIP_CACHE_CETAK, settings.SAKIP_CACHE_REVIU):
        assert not Path(folder).exists(), folder


def png(warna):
    keluaran = io.BytesIO()
    Image.new("RGB", (8, 8), warna).save(keluaran, "PNG")
    return keluaran.getvalue()


def warna_gambar(pdf):
    return {
        g.image.convert("RGB").getpixel((0, 0)) for halaman in PdfReader(io.BytesIO(pdf)).pages for g in halaman.images
    }


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


@pytest.fixture
def operator_lain(opd):
    return PenggunaFactory(username="operator.lain", opd=OPDFactory(pemda=opd.pemda, kode="dinas-lain"))


def semua_isi(response):
    return b"".join(response.streaming_content)


# ----------------------------------------------------------------------------- evidence


def test_evidence_is_uploaded_to_the_storage_and_downloaded_through_the_checked_view(
    client, opd, operator, operator_lain
):
    client.force_login(operator)
    grid = reverse("realisasi_grid", args=["dinas-uji", 2024, "TW3"])
    data = isi_formulir(client.get(grid).text, "grid-realisasi")
    i = Indikator.objects.get(kode="IKU2")
    data[f"r-{i.id}-nilai"] = "91"
    berkas = io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")
    berkas.name = "sk.pdf"
    data[f"r-{i.id}-bukti"] = berkas
    assert "1 berkas bukti" in client.post(grid, data, follow=True).text
    bukti = Bukti.objects.get()
    assert default_storage.exists(bukti.berkas.name)
    url = reverse("bukti", args=["dinas-uji", bukti.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert semua_isi(response).startswith(b"%PDF-1.4")
    client.force_login(operator_lain)
    assert client.get(url).status_code == 404
    assert client.get(reverse("bukti", args=["dinas-lain", bukti.pk])).status_code == 404
    assert client.post(reverse("bukti_hapus", args=["dinas-uji", bukti.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # Removed by its owner: the record goes, the file stays in the storage for the history row.
    client.force_login(operator)
    client.post(reverse("bukti_hapus", args=["dinas-uji", bukti.pk]))
    assert not Bukti.objects.exists() and default_storage.exists(bukti.berkas.name)


# ----------------------------------------------------------------------------- report PDF and piece cache


def test_report_pdf_is_built_into_the_storage_with_its_images_and_its_pieces_cached(
    client, opd, operator, operator_lain
):
    from laporan.bab import susun_laporan
    from laporan.cetak import sidik, versi_cetak
    from laporan.pdf import bersihkan_cache, pdf_bertahap

    biru, hijau = (31, 78, 121), (40, 160, 60)
    opd.pemda.logo.save("logo.png", SimpleUploadedFile("logo.png", png(biru)))
    laporan = Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN")
    narasi = Narasi.objects.create(laporan=laporan, bagian=Bagian.LATAR_BELAKANG, isi="Latar belakang.")
    GambarNarasi.objects.create(narasi=narasi, berkas=SimpleUploadedFile("bagan.png", png(hijau)), keterangan="Bagan")

    client.force_login(operator)
    client.post(reverse("laporan_pdf_minta", args=["dinas-uji", 2024, "tahunan"]))
    kerjakan_semua()
    tugas = BerkasPDF.objects.get()
    assert tugas.status == BerkasPDF.Status.SELESAI, tugas.pesan
    assert default_storage.exists(tugas.berkas.name)
    url = reverse("laporan_pdf_unduh", args=["dinas-uji", tugas.pk])
    isi = semua_isi(client.get(url))
    assert isi.startswith(b"%PDF") and len(PdfReader(io.BytesIO(isi)).pages) == tugas.jumlah_halaman
    # The cover's logo and the narrative's image were read from the storage by the PDF renderer.
    assert warna_gambar(isi) >= {biru, hijau}
    client.force_login(operator_lain)
    assert client.get(url).status_code == 404
    assert client.get(reverse("laporan_pdf_unduh", args=["dinas-lain", tugas.pk])).status_code == 404

    # The pieces are in the cache storage: a second render reads them all, renders nothing.
    cache = storages["cache_cetak"]
    potongan = [n for n in simpan.daftar_berkas(cache) if n.endswith(".pdf")]
    assert potongan and len(potongan) == len([n for n in simpan.daftar_berkas(cache) if n.endswith(".json")])
    data = susun_laporan(opd, 2024, "TAHUN")
    kedua, halaman, statistik = pdf_bertahap(data, sidik(data), versi_cetak(), proses=1)
    assert statistik["dirender"] == 0 and statistik["potongan"] == len(potongan)
    assert halaman == tugas.jumlah_halaman
    # Pieces unused for longer than the limit are dropped, the others kept.
    lama = potongan[0].removesuffix(".pdf") + ".json"
    cache._resolve(lama).modified_time = timezone.now() - timedelta(days=40)
    assert bersihkan_cache(hari=30) == 1
    assert not cache.exists(lama) and not cache.exists(potongan[0])
    assert len([n for n in simpan.daftar_berkas(cache) if n.endswith(".pdf")]) == len(potongan) - 1


def test_word_report_takes_the_logo_from_the_storage(opd):
    from laporan.bab import susun_laporan
    from laporan.docx import docx_laporan

    opd.pemda.logo.save("logo.png", SimpleUploadedFile("logo.png", png((31, 78, 121))))
    isi = docx_laporan(susun_laporan(opd, 2024, "TAHUN"))
    with zipfile.ZipFile(io.BytesIO(isi)) as zf:
        gambar = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert any(zf.read(n) == opd.pemda.logo.open("rb").read() for n in gambar)


def test_the_pdf_renderer_reads_only_the_allowed_media_folders_of_the_storage(opd):
    default_storage.save("logo/pemda/a.png", io.BytesIO(png((1, 2, 3))))
    default_storage.save("bukti/rahasia.pdf", io.BytesIO(b"%PDF-1.4 rahasia"))
    pengambil = PengambilTerbatas()
    assert pengambil.fetch(simpan.uri_media("logo/pemda/a.png")).read() == png((1, 2, 3))
    for nama in ("bukti/rahasia.pdf", "logo/../bukti/rahasia.pdf", "logo/pemda/tidak-ada.png"):
        with pytest.raises(SumberDitolak):
            pengambil.fetch(simpan.uri_media(nama))


def test_the_logo_route_serves_logos_from_the_storage_and_nothing_else(client, opd):
    opd.pemda.logo.save("logo.png", SimpleUploadedFile("logo.png", png((9, 9, 9))))
    response = client.get("/media/" + opd.pemda.logo.name)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert semua_isi(response) == png((9, 9, 9))
    default_storage.save("bukti/x/sk.png", io.BytesIO(png((1, 1, 1))))
    for url in ("/media/logo/../bukti/x/sk.png", "/media/logo/%2e%2e/bukti/x/sk.png", "/media/bukti/x/sk.png"):
        assert client.get(url).status_code == 404, url


# ----------------------------------------------------------------------------- document review


@pytest.fixture
def reviewer(opd):
    return PenggunaFactory(username="reviewer.uji", reviewer=True, pemda=opd.pemda)


@pytest.fixture
def reviewer_lain():
    return PenggunaFactory(username="reviewer.jauh", reviewer=True, pemda=OPDFactory(kode="dinas-jauh").pemda)


def test_a_text_document_is_reviewed_from_the_storage_and_removed_with_its_file(
    client, reviewer, reviewer_lain, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    client.post(reverse("reviu_dokumen_daftar"), {"berkas": [SimpleUploadedFile("lkjip.txt", TEKS_LKJIP.encode())]})
    kerjakan_semua()
    dokumen = DokumenReviu.objects.get()
    assert dokumen.status == "selesai" and dokumen.temuan_set.count() == 1
    assert default_storage.exists(dokumen.berkas.name)
    url = reverse("reviu_dokumen_berkas", args=[dokumen.pk])
    assert semua_isi(client.get(url)) == TEKS_LKJIP.encode()
    client.force_login(reviewer_lain)
    assert client.get(url).status_code == 404
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviu_dokumen_hapus", args=[dokumen.pk]))
    assert not DokumenReviu.objects.exists() and not Unggahan.objects.exists()
    assert simpan.daftar_berkas(default_storage, "reviu") == []


@perlu_poppler
def test_a_pdf_is_reviewed_its_page_image_cached_in_the_storage_and_all_removed(
    client, reviewer, reviewer_lain, monkeypatch, django_capture_on_commit_callbacks
):
    weasyprint = pytest.importorskip("weasyprint")
    pdf = weasyprint.HTML(string=HTML_LKJIP).write_pdf()
    client.force_login(reviewer)
    client.post(reverse("reviu_dokumen_daftar"), {"berkas": [SimpleUploadedFile("lkjip.pdf", pdf)]})
    kerjakan_semua()
    dokumen = DokumenReviu.objects.get()
    assert (dokumen.status, dokumen.jumlah_halaman) == ("selesai", 2), dokumen.pesan
    temuan = dokumen.temuan_set.order_by("urutan")
    assert [(t.tercetak, t.halaman) for t in temuan] == [("71,42", 1), ("99,37", 2)]
    assert all(t.kotak["kotak"] for t in temuan)  # pdftotext -bbox read a temporary copy

    url = reverse("reviu_dokumen_halaman", args=[dokumen.pk, 2])
    gambar = semua_isi(client.get(url))
    assert gambar.startswith(b"\x89PNG")
    cache = storages["cache_reviu"]
    assert simpan.daftar_berkas(cache) == [f"{dokumen.pk}-{dokumen.sha256[:16]}/2.png"]
    import reviu.halaman

    monkeypatch.setattr(reviu.halaman.subprocess, "run", lambda *a, **k: pytest.fail("pdftoppm lagi"))
    assert semua_isi(client.get(url)) == gambar  # from the cache storage
    client.force_login(reviewer_lain)
    assert client.get(url).status_code == 404
    assert client.get(reverse("reviu_dokumen_berkas", args=[dokumen.pk])).status_code == 404

    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviu_dokumen_hapus", args=[dokumen.pk]))
    assert simpan.daftar_berkas(default_storage, "reviu") == [] and simpan.daftar_berkas(cache) == []


def test_path_lokal_copies_only_when_the_storage_has_no_paths(tmp_path):
    from django.core.files.storage import FileSystemStorage

    default_storage.save("x/a.txt", io.BytesIO(b"isi"))
    with simpan.path_lokal(default_storage, "x/a.txt", ".txt") as path:
        assert path.read_bytes() == b"isi" and path.suffix == ".txt"
        salinan = path
    assert not salinan.exists()  # the temporary copy is gone
    lokal = FileSystemStorage(location=tmp_path / "fs")
    lokal.save("a.txt", io.BytesIO(b"isi"))
    with simpan.path_lokal(lokal, "a.txt") as path:
        assert path == tmp_path / "fs" / "a.txt"
    assert path.exists()
