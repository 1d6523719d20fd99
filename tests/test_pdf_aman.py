"""The PDF renderer reads our own files only: a hostile report cannot make it read a local file
or call an address (issue #15).

WeasyPrint follows every url() and src it meets. The report's HTML escapes user text, so the
dangerous URLs come from stored names (a logo or an image whose file name points out of the
media folder) or from markup that slipped through; both are tried here, with an image outside
the allowed folders and a local HTTP server that counts the requests it gets."""

import http.server
import io
import logging
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from laporan.bab import susun_laporan
from laporan.cetak import pdf_laporan
from laporan.models import Bagian, GambarNarasi, Laporan, Narasi
from laporan.pdf import render_potongan
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.persetujuan import setujui

pytestmark = pytest.mark.django_db


def png(warna=(31, 78, 121)):
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), warna).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def server():
    """A local HTTP server answering every GET with a PNG; `.diminta` lists the paths asked."""
    isi = png((255, 0, 0))
    diminta = []

    class Penjawab(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            diminta.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(isi)))
            self.end_headers()
            self.wfile.write(isi)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Penjawab)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    srv.diminta = diminta
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.server_close()


def warna_gambar(pdf_bytes):
    """The colours (of the top-left pixel) of the images a PDF's pages carry."""
    return {g.image.convert("RGB").getpixel((0, 0)) for p in PdfReader(io.BytesIO(pdf_bytes)).pages for g in p.images}


BIRU, HIJAU, UNGU = (31, 78, 121), (46, 125, 50), (255, 0, 255)


def ditolak(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "sakip.pdf_aman" and r.levelno == logging.WARNING]


def test_markup_naming_a_local_file_or_an_address_renders_without_them(tmp_path, server, caplog, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    rahasia = tmp_path / "rahasia.png"  # outside the static and media folders
    rahasia.write_bytes(png(UNGU))
    html = (
        f'<html><body><p>Teks</p><img src="{rahasia.as_uri()}"><img src="file:///etc/passwd">'
        f'<div style="background-image:url({server.url}/x)">latar</div><img src="{server.url}/y.png">'
        '<img src="http://127.0.0.1:1/x"></body></html>'
    )
    with caplog.at_level(logging.WARNING):
        hasil = render_potongan(html)
    assert warna_gambar(hasil.pdf) == set()
    assert server.diminta == []
    pesan = ditolak(caplog)
    for url in (
        rahasia.as_uri(),
        "file:///etc/passwd",
        f"{server.url}/x",
        f"{server.url}/y.png",
        "http://127.0.0.1:1/x",
    ):
        assert any(url in p for p in pesan), url


def test_hostile_report_keeps_its_logo_and_images_and_reads_nothing_else(tmp_path, server, caplog, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.select_related("pemda").get(kode="dinas-uji")
    opd.pemda.logo.save("logo.png", SimpleUploadedFile("logo.png", png(BIRU)))
    serangan = (
        f'IKU2 X" onload="alert(document.domain)" style="background-image:url({server.url}/x)" data-x="'
        " url(file:///etc/passwd) url(http://127.0.0.1:1/x)"
    )
    indikator = Indikator.objects.filter(opd=opd, iku=True).order_by("id").first()
    Indikator.objects.filter(pk=indikator.pk).update(nama=serangan)
    laporan = Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN")
    narasi = Narasi.objects.create(laporan=laporan, bagian=Bagian.LATAR_BELAKANG, isi=serangan)
    GambarNarasi.objects.create(narasi=narasi, berkas=SimpleUploadedFile("bagan.png", png(HIJAU)), keterangan="Bagan")
    # A stored image name pointing out of the media folder (written past the upload form).
    rahasia = tmp_path / "rahasia.png"
    rahasia.write_bytes(png(UNGU))
    keluar = GambarNarasi.objects.create(narasi=narasi, berkas="x.png", keterangan="Keluar", urutan=1)
    GambarNarasi.objects.filter(pk=keluar.pk).update(berkas=str(rahasia))

    setujui(opd, 2024)  # the signed report: a draft adds its DRAF image to every page
    with caplog.at_level(logging.WARNING):
        isi, halaman = pdf_laporan(susun_laporan(opd, 2024, "TAHUN"), proses=1)

    assert server.diminta == []
    pesan = ditolak(caplog)
    assert len(pesan) == 1 and rahasia.as_uri() in pesan[0], pesan  # only the image outside media/
    # The Pemda's logo on the cover and the narrative's own image, nothing else.
    assert warna_gambar(isi) == {BIRU, HIJAU}
    assert {g.image.convert("RGB").getpixel((0, 0)) for g in PdfReader(io.BytesIO(isi)).pages[0].images} == {BIRU}
    teks = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(isi)).pages)
    assert "url(file:///etc/passwd)" in teks  # the hostile name is printed as text
