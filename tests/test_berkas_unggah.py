"""Uploads judged by content and size (issue #15): evidence through the grid and the admin, narrative
images; evidence served as a download; a wrong evidence file removed from the grid, kept in history."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kinerja.alur import jalankan_transisi
from kinerja.models import Bukti, Realisasi
from laporan.models import GambarNarasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _ooxml(bagian):
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(bagian, "<x/>")
    return keluaran.getvalue()


def _png(lebar=4, tinggi=4, mode="RGB"):
    keluaran = io.BytesIO()
    Image.new(mode, (lebar, tinggi)).save(keluaran, "PNG")
    return keluaran.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd, is_staff=True)


def _grid(periode="TW3"):
    return reverse("realisasi_grid", args=["dinas-uji", 2024, periode])


def _unggah_di_grid(client, nama, isi, periode="TW3"):
    """Post the grid with IKU2's value and an evidence file, as the page sends it."""
    data = isi_formulir(client.get(_grid(periode)).text, "grid-realisasi")
    i = Indikator.objects.get(kode="IKU2")
    data[f"r-{i.id}-nilai"] = "91"
    berkas = io.BytesIO(isi)
    berkas.name = nama
    data[f"r-{i.id}-bukti"] = berkas
    return client.post(_grid(periode), data, follow=True)


@pytest.mark.parametrize(
    "nama, isi, pesan",
    [
        ("setup.exe", EXE, "jenis .exe tidak diizinkan"),
        ("laporan.pdf", EXE, "Isi berkas laporan.pdf bukan PDF"),  # a program named like a PDF
        ("halaman.pdf", b"<html><script>alert(1)</script></html>", "adalah teks (.csv, .txt), tidak sesuai"),
        ("foto.png", PDF, "Isi berkas foto.png adalah PDF, tidak sesuai dengan akhiran .png"),
        ("arsip.zip", _ooxml("apa/saja.bin"), "jenis .zip tidak diizinkan"),
        ("palsu.docx", _ooxml("apa/saja.bin"), "bukan PDF"),  # a zip without a Word document
        ("besar.pdf", PDF + b"\0" * (2 * 1024 * 1024), "lebih dari 1 MB"),
    ],
)
def test_the_grid_refuses_evidence_by_content_and_size_and_saves_nothing(client, operator, settings, nama, isi, pesan):
    settings.SAKIP_BUKTI_MAKS_MB = 1
    client.force_login(operator)
    response = _unggah_di_grid(client, nama, isi)
    assert pesan in response.text, response.text[:3000]
    assert not Bukti.objects.exists()
    assert not Realisasi.objects.filter(indikator__kode="IKU2", periode="TW3").exists()  # the row is refused whole


@pytest.mark.parametrize(
    "nama, isi",
    [
        ("sk.pdf", PDF),
        ("foto.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 100),
        ("grafik.png", _png()),
        ("laporan.docx", _ooxml("word/document.xml")),
        ("rekap.xlsx", _ooxml("xl/workbook.xml")),
        ("paparan.pptx", _ooxml("ppt/presentation.xml")),
        ("lama.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
        ("rekap.csv", b"kecamatan;jumlah\nMalili;1.234\n"),
    ],
)
def test_the_grid_accepts_the_evidence_kinds(client, operator, nama, isi):
    client.force_login(operator)
    response = _unggah_di_grid(client, nama, isi)
    assert "1 berkas bukti" in response.text
    assert Bukti.objects.get().nama_berkas == nama


def test_evidence_is_served_as_a_download_with_its_type_and_no_sniffing(client, operator):
    client.force_login(operator)
    _unggah_di_grid(client, "sk.pdf", PDF)
    response = client.get(reverse("bukti", args=["dinas-uji", Bukti.objects.get().pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_refuses_evidence_by_content_too(client, operator):
    r = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TAHUN")
    client.force_login(operator)
    url = reverse("admin:kinerja_realisasi_change", args=[r.pk])
    data = isi_formulir(client.get(url).content, id="realisasi_form") | {
        "bukti_set-TOTAL_FORMS": 1,
        "bukti_set-0-berkas": SimpleUploadedFile("laporan.pdf", EXE),
        "bukti_set-0-keterangan": "palsu",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form again
    assert "Isi berkas laporan.pdf bukan PDF" in response.text
    assert not Bukti.objects.exists()


def _unggah_gambar(client, nama, isi):
    url = "/opd/dinas-uji/laporan/2024/tahunan/narasi/latar_belakang/"
    berkas = io.BytesIO(isi)
    berkas.name = nama
    return client.post(url, {"isi": "Teks.", "berkas": berkas, "keterangan": "Struktur organisasi"}, follow=True)


@pytest.mark.parametrize(
    "nama, isi, pesan",
    [
        (
            "animasi.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00"
            b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            "jenis .gif tidak diizinkan",
        ),
        ("raksasa.png", _png(9000, 9000, "1"), "9000 × 9000 piksel, lebih dari 40 megapiksel"),
    ],
)
def test_narrative_images_are_png_or_jpeg_of_bounded_size(client, opd, nama, isi, pesan):
    client.force_login(PenggunaFactory(opd=opd))
    response = _unggah_gambar(client, nama, isi)
    assert pesan in response.text, response.text[:3000]
    assert not GambarNarasi.objects.exists()


# --- removing a wrong evidence file from the grid ------------------------------------------------


@pytest.fixture
def bukti(client, operator):
    client.force_login(operator)
    _unggah_di_grid(client, "salah.pdf", PDF)
    return Bukti.objects.get()


def test_the_owner_removes_a_wrong_evidence_file_and_history_keeps_it(client, operator, bukti):
    assert f'action="{reverse("bukti_hapus", args=["dinas-uji", bukti.pk])}"' in client.get(_grid()).text
    path = bukti.berkas.name
    response = client.post(reverse("bukti_hapus", args=["dinas-uji", bukti.pk]), follow=True)
    assert "Bukti salah.pdf dihapus" in response.text
    assert not Bukti.objects.exists()
    jejak = Bukti.history.filter(id=bukti.pk).order_by("history_date")
    assert [h.history_type for h in jejak] == ["+", "-"]
    assert jejak.last().history_user == operator and jejak.last().berkas == path
    assert bukti.berkas.storage.exists(path)  # what the history names is still there
    assert Realisasi.objects.filter(indikator__kode="IKU2", periode="TW3").exists()  # the value stays


def test_removing_needs_a_post(client, bukti):
    assert client.get(reverse("bukti_hapus", args=["dinas-uji", bukti.pk])).status_code == 405
    assert Bukti.objects.exists()


def test_another_office_or_a_reviewer_cannot_remove_evidence(client, opd, bukti):
    for user in (
        PenggunaFactory(opd=OPDFactory(pemda=opd.pemda, kode="dinas-lain")),
        PenggunaFactory(reviewer=True, pemda=opd.pemda),
    ):
        client.force_login(user)
        assert client.post(reverse("bukti_hapus", args=["dinas-uji", bukti.pk])).status_code == 404
    client.force_login(PenggunaFactory(opd=OPD.objects.get(kode="dinas-lain")))
    assert client.post(reverse("bukti_hapus", args=["dinas-lain", bukti.pk])).status_code == 404
    assert Bukti.objects.filter(pk=bukti.pk).exists()


def test_evidence_of_a_submitted_or_verified_period_cannot_be_removed(client, opd, operator, bukti):
    pimpinan = PenggunaFactory(opd=opd, pimpinan=True)
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    for user, aksi in ((operator, "ajukan"), (pimpinan, "setujui"), (reviewer, "verifikasi")):
        jalankan_transisi(user, opd, 2024, "TW3", aksi, "Dikunci untuk uji", yakin=True)
    client.force_login(operator)
    assert "hapus-bukti" not in client.get(_grid()).text
    response = client.post(reverse("bukti_hapus", args=["dinas-uji", bukti.pk]), follow=True)
    assert "terkunci" in response.text
    assert Bukti.objects.filter(pk=bukti.pk).exists()
    assert list(Bukti.history.filter(id=bukti.pk).values_list("history_type", flat=True)) == ["+"]


# --- the review of an LKjIP made elsewhere (python manage.py reviu_dokumen) ------------------------


def test_a_docx_bomb_is_refused_before_it_is_inflated(tmp_path):
    import time

    from django.core.management import CommandError, call_command

    path = tmp_path / "lkjip.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(200):
                f.write(b" " * (1 << 20))  # 200 MB of spaces, about 200 KB compressed
    assert path.stat().st_size < 1024 * 1024
    mulai = time.monotonic()
    with pytest.raises(CommandError, match="setelah diekstrak terlalu besar"):
        call_command("reviu_dokumen", str(path))
    assert time.monotonic() - mulai < 1


def test_a_pdf_longer_than_the_page_limit_is_refused(tmp_path, settings):
    from django.core.management import CommandError, call_command
    from pypdf import PdfWriter

    settings.SAKIP_REVIU_MAKS_HALAMAN = 2
    tulis = PdfWriter()
    for _ in range(3):
        tulis.add_blank_page(width=200, height=200)
    path = tmp_path / "lkjip.pdf"
    with path.open("wb") as f:
        tulis.write(f)
    with pytest.raises(CommandError, match="lebih dari 2 halaman"):
        call_command("reviu_dokumen", str(path))


def test_a_review_document_larger_than_the_limit_is_refused(tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.SAKIP_REVIU_MAKS_MB = 1
    path = tmp_path / "lkjip.txt"
    path.write_bytes(b"Tabel 1\n" * 200_000)
    with pytest.raises(CommandError, match="lebih dari 1 MB"):
        call_command("reviu_dokumen", str(path))
