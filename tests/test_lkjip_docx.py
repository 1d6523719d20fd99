"""The LKjIP as a Word document (laporan/docx.py): built from the same chapter data as the HTML and
the PDF, with Heading styles, real tables holding the HTML's figures, the charts as images, a PAGE
field in the footer; a draft carries DRAF in every section's header and no signature; a download
on the report page for the office only; `manage.py lkjip --format docx`."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from laporan.bab import susun_laporan
from laporan.docx import MIME_DOCX, TEKS_DRAF, bersih, docx_laporan
from laporan.models import GambarNarasi, Laporan, Narasi
from laporan.templatetags.laporan_tags import tgl
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from sakip.templatetags.sakip_format import angka, nilai_presisi
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.persetujuan import setujui
from tests.test_demo import HARAPAN, muat

pytestmark = pytest.mark.django_db

URL = "/opd/dinas-uji/laporan/2024/tahunan/"
HOSTIL = '<script>alert("x")</script> & Co \x01\x0b\x1f'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


def buka(isi):
    return Document(io.BytesIO(isi))


def judul(doc, tingkat):
    return [re.sub(r"\s+", " ", p.text).strip() for p in doc.paragraphs if p.style.name == f"Heading {tingkat}"]


def teks_sel(doc):
    """Every table row as the list of its cells' texts (merged cells repeat, as python-docx gives them)."""
    return [[c.text for c in baris.cells] for t in doc.tables for baris in t.rows]


def kepala_kaki(doc):
    """The text of every section's header and footer paragraphs."""
    return [
        " ".join(p.text for p in bagian.paragraphs)
        for s in doc.sections
        for bagian in (s.header, s.footer)
        if not bagian.is_linked_to_previous
    ]


def semua_teks(doc):
    isi = [p.text for p in doc.paragraphs] + [c for baris in teks_sel(doc) for c in baris]
    return "\n".join(isi)


@pytest.mark.parametrize("kode", list(HARAPAN))
def test_demo_office_docx_has_chapters_tables_charts_and_page_numbers(kode):
    muat(kode)
    h = HARAPAN[kode]
    data = susun_laporan(OPD.objects.get(kode=kode), h["tahun"], h["periode"])
    doc = buka(docx_laporan(data))

    # A4 portrait, the PDF's margins (cetak.css: 2.4cm 2cm 2.2cm 2.5cm).
    for s in doc.sections:
        assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == (21.0, 29.7)
        assert [round(x.cm, 1) for x in (s.top_margin, s.right_margin, s.bottom_margin, s.left_margin)] == [
            2.4,
            2.0,
            2.2,
            2.5,
        ]
    # Every chapter a Heading 1, every section of the contents a Heading 2 or 3.
    h1, h23 = judul(doc, 1), judul(doc, 2) + judul(doc, 3)
    for bab in data.bab:
        assert any(bab.nomor in j and bab.judul in j for j in h1), bab.nomor
    for e in data.daftar_isi:
        if not e.depan and e.tingkat in (1, 2):
            assert any(j == f"{e.nomor} {e.judul}" for j in h23), (e.nomor, e.judul)
    assert {"Kata Pengantar", "Ikhtisar Eksekutif"} <= set(h1)
    # A TOC field at the start and the lists of tables and figures as TOC fields of the caption styles.
    perintah = [i.text for i in doc.element.body.iter(qn("w:instrText"))]
    assert perintah[0].strip().startswith('TOC \\o "1-3"')
    assert sum("TOC" in p for p in perintah) >= 2

    # The tables hold the HTML's figures: the ikhtisar's capaian per sasaran and the appendix's
    # target and realisasi per indicator, formatted by the same filters.
    baris = teks_sel(doc)
    for s in data.sasaran:
        assert any(s.uraian in b and str(angka(s.capaian)) in b for b in baris), s.uraian
        for i in s.indikator:
            harap = [f"{i.nama} ({i.satuan})", str(nilai_presisi(i.target, i.presisi))]
            harap.append(str(nilai_presisi(i.realisasi, i.presisi)))
            assert any(all(x in b for x in harap) for b in baris), harap
    ringkas = next(t for t in doc.tables if "Sasaran strategis" in t.rows[0].cells[1].text)
    assert ringkas.rows[-1].cells[-1 if not data.berkategori else -2].text == str(angka(data.capaian))
    # Header rows repeat on every page; numbers are right-aligned.
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in doc.tables if len(t.columns) > 3)
    assert ringkas.rows[1].cells[3].paragraphs[0].alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT

    # The charts are inline images, one per figure of the list of figures (plus narrative images).
    assert len(doc.inline_shapes) >= len(data.daftar_gambar) > 0
    # Page numbers: a PAGE field in the footer of every numbered section.
    for s in doc.sections[1:]:
        assert any("PAGE" in (i.text or "") for i in s.footer._element.iter(qn("w:instrText")))


def test_draft_has_draf_in_every_header_and_no_signature(opd):
    data = susun_laporan(opd, 2024)
    assert data.draf
    doc = buka(docx_laporan(data))
    headers = [" ".join(p.text for p in s.header.paragraphs) for s in doc.sections]
    assert all(TEKS_DRAF in h for h in headers)
    teks = semua_teks(doc)
    assert "laporan ini belum untuk ditandatangani" in teks
    assert "NIP." not in teks


def test_approved_report_is_signed_and_not_draft(opd):
    setujui(opd, 2024)
    data = susun_laporan(opd, 2024)
    assert not data.draf
    doc = buka(docx_laporan(data))
    assert not any("DRAF" in t for t in kepala_kaki(doc))
    teks = semua_teks(doc)
    assert "DRAF" not in teks
    ttd = data.penanda_tangan
    assert tgl(ttd.tanggal) in teks  # the signing date, as the PDF prints it
    assert ttd.nama in teks and "NIP." in teks


def test_hostile_text_is_kept_as_text_and_control_characters_dropped(opd):
    OPD.objects.filter(pk=opd.pk).update(nama=HOSTIL, singkatan="<b>&amp;\x02")
    data = susun_laporan(OPD.objects.get(pk=opd.pk), 2024)
    doc = buka(docx_laporan(data))
    teks = semua_teks(doc)
    assert bersih(HOSTIL).strip() in teks
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", teks)
    assert any("<b>&amp;" in t for t in kepala_kaki(doc))


def test_download_for_the_office_only(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    halaman = client.get(URL).text
    assert "Unduh Word" in halaman and URL + "docx/" in halaman
    r = client.get(URL + "docx/")
    assert r.status_code == 200
    assert r["Content-Type"] == MIME_DOCX
    assert r["Content-Disposition"] == 'attachment; filename="LKjIP-dinas-uji-2024.docx"'
    assert judul(buka(r.content), 1)
    lain = PenggunaFactory(opd=OPD.objects.create(pemda=opd.pemda, kode="dinas-lain", nama="Dinas Lain"))
    client.force_login(lain)
    assert client.get(URL + "docx/").status_code == 404


def test_command_writes_a_docx(opd, tmp_path):
    keluar = tmp_path / "lkjip.docx"
    call_command("lkjip", opd="dinas-uji", tahun="2024", bentuk="docx", output=str(keluar), stderr=io.StringIO())
    assert any(p.style.name == "Heading 1" for p in buka(keluar.read_bytes()).paragraphs)


def test_narrative_text_and_image_are_in_the_document(opd):
    sebelum = len(buka(docx_laporan(susun_laporan(opd, 2024))).inline_shapes)
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f4e79").save(png, format="PNG")
    laporan, _ = Laporan.objects.get_or_create(opd=opd, tahun=2024, periode="TAHUN")
    narasi = Narasi.objects.create(
        laporan=laporan, bagian="latar_belakang", isi="Paragraf satu.\n\nParagraf <dua> & tiga."
    )
    GambarNarasi.objects.create(narasi=narasi, berkas=ContentFile(png.getvalue(), name="bagan.png"), keterangan=HOSTIL)
    doc = buka(docx_laporan(susun_laporan(opd, 2024)))
    teks = [p.text for p in doc.paragraphs]
    assert "Paragraf satu." in teks and "Paragraf <dua> & tiga." in teks
    assert bersih(HOSTIL).strip() in teks  # the caption
    assert len(doc.inline_shapes) == sebelum + 1
