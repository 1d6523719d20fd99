"""Print polish of the LKjIP and the PK document (#21 item 5): the Pemda's logo, one sasaran
heading per table set, chart labels clear of the target line, numbers kept with their unit, the PK
appendix's second party and single "Lampiran I", the data version on the last page only, no
efficiency line of zeros, and a draft of the causes in Tabel 1h."""

import io
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image
from pypdf import PdfReader

from laporan.bab import susun_laporan
from laporan.cetak import html_cetak, sidik
from laporan.data import TitikRiwayat
from laporan.docx import docx_laporan
from laporan.grafik import grafik_tren
from laporan.models import PengaturanLaporan, TataLetak
from laporan.pdf import potongan_isi, render_potongan
from laporan.perjanjian import dokumen_opd, html_dokumen
from pertukaran.muat import impor_data_opd
from sakip.formatting import rekat_satuan
from tests.data_opd_contoh import dokumen
from tests.persetujuan import setujui
from tests.test_demo import muat

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAKIP_CACHE_CETAK = tmp_path / "cache"


def png():
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 78, 121)).save(buf, "PNG")
    return buf.getvalue()


def kantor(kode):
    from sakip.models import OPD

    muat(kode)
    return OPD.objects.select_related("pemda").get(kode=kode)


def probolinggo_tabel():
    opd = kantor("disdukcapil-probolinggo")
    PengaturanLaporan.objects.create(pemda=opd.pemda, tata_letak=TataLetak.TABEL_SASARAN)
    return opd


def teks_html(html):
    """The visible text of an HTML fragment, tags dropped, whitespace kept as it is."""
    return re.sub(r"<[^>]+>", "", html)


def bagian(html, id_):
    """The <section> whose id is `id_` (up to the next <section)."""
    awal = html.index(f'id="{id_}"')
    akhir = html.find("<section", awal)
    return html[awal : akhir if akhir > 0 else len(html)]


# 1. The Pemda's logo ------------------------------------------------------------------------------


def test_pemda_logo_on_the_lkjip_cover_the_docx_cover_and_the_pk_only_png_or_jpeg():
    from sakip.models import OPD

    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.select_related("pemda").get(kode="dinas-uji")
    tanpa = html_cetak(susun_laporan(opd, 2024))
    assert "logo-sampul" not in tanpa.split("</style>", 1)[1]  # without a logo the cover is as before
    assert "pk-logo" not in html_dokumen(dokumen_opd(opd, 2024)).split("</style>", 1)[1]

    opd.pemda.logo.save("logo.png", SimpleUploadedFile("logo.png", png()))
    opd = OPD.objects.select_related("pemda").get(pk=opd.pk)
    data = susun_laporan(opd, 2024)
    uri = f'src="file://{opd.pemda.logo.path}"'
    assert f'<img class="logo-sampul" {uri}' in html_cetak(data)
    assert f'<img class="pk-logo" {uri}' in html_dokumen(dokumen_opd(opd, 2024))
    doc = Document(io.BytesIO(docx_laporan(data)))
    assert len(doc.sections[0].footer.paragraphs) >= 1 and len(doc.inline_shapes) >= 1
    assert doc.inline_shapes[0].width > 0  # the cover's first picture is the logo

    # The upload accepts PNG and JPEG only (by content), as every image upload does.
    opd.pemda.logo = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    with pytest.raises(ValidationError) as galat:
        opd.pemda.full_clean()
    assert "logo" in galat.value.message_dict


# 2. One sasaran heading per table set -----------------------------------------------------------


def test_table_set_prints_the_sasaran_heading_once_per_sasaran():
    opd = probolinggo_tabel()
    lap = susun_laporan(opd, 2024)
    html = html_cetak(lap)
    html = html[html.index('<section class="sasaran">') :]  # the analyses (the contents list them too)
    for s in lap.sasaran:
        judul = f"Capaian Kinerja Sasaran {s.nomor}: {s.uraian}"
        assert teks_html(html).count(judul) == 1, judul
        # Its tables (1a–1i; 2a–2h, the benchmark table dropped) follow it, none repeats it.
        nomor = [b.tabel.nomor for b in s.blok if getattr(b, "tabel", None)]
        assert len(nomor) >= 8 and all(f"Tabel {n} " in html for n in nomor), nomor
    assert 'class="pengantar-tabel"' not in html


# 3. Chart labels clear of the target line -----------------------------------------------------------


def _garis(svg):
    titik = re.search(r'<polyline points="([^"]+)"', svg).group(1)
    return [tuple(map(float, p.split(","))) for p in titik.split()]


def _y_garis(garis, x):
    for (x1, y1), (x2, y2) in zip(garis, garis[1:], strict=False):
        if x1 <= x <= x2:
            return y1 + (y2 - y1) * (x - x1) / (x2 - x1)
    return garis[0][1] if x < garis[0][0] else garis[-1][1]


def _label_nilai(svg):
    """(x, baseline, text) of every value label (centred, not the year labels under the axis)."""
    pola = r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" fill="[^"]+">([^<]+)</text>'
    return [(float(x), float(y), t) for x, y, t in re.findall(pola, svg) if not re.fullmatch(r"\d{4}", t)]


@pytest.mark.parametrize(
    "deret",
    [
        [("100", "105"), ("100", "103"), ("100", "99.30"), ("90", "100")],  # the line inside the bars
        [("100", "96"), ("100", "97"), ("100", "98")],  # the line just above the bars
        [("50", "48"), ("60", "63"), ("70", "69.50")],
    ],
)
def test_value_labels_do_not_touch_the_target_line(deret):
    titik = [
        TitikRiwayat(tahun=2021 + n, label=str(2021 + n), target=D(t), realisasi=D(r), capaian=None, keterangan=None)
        for n, (t, r) in enumerate(deret)
    ]
    svg = grafik_tren("Tren", titik, 2)
    garis = _garis(svg)
    label = _label_nilai(svg)
    assert [t for _x, _y, t in label] == [r.replace(".", ",") for _t, r in deret]
    for x, y, teks in label:
        lebar = 6.4 * len(teks)  # DejaVu Sans at 10 px: at most 6.4 px a character
        atas, bawah = y - 8, y + 2  # digits: cap height 7.3 px, no descender
        ys = [_y_garis(garis, x + d) for d in (-lebar / 2, 0, lebar / 2)]
        ys += [gy for gx, gy in garis if abs(gx - x) <= lebar / 2]
        assert max(ys) < atas or min(ys) > bawah, (teks, atas, bawah, ys)


# 4. A number stays on the line of its unit -----------------------------------------------------------


def test_numbers_and_their_unit_are_joined_by_a_no_break_space():
    assert rekat_satuan("capaian 12,5 % dan Rp 1.000, 100 %") == f"capaian 12,5{NBSP}% dan Rp{NBSP}1.000, 100{NBSP}%"
    assert rekat_satuan("5 kali, 10 OPD") == "5 kali, 10 OPD"
    opd = probolinggo_tabel()
    lap = susun_laporan(opd, 2024)
    for html in [html_cetak(lap), *(p.html for p in potongan_isi(lap))]:
        teks = teks_html(html.split("</style>", 1)[1])
        assert not re.search(r"\d %", teks)
        assert not re.search(r"Rp \d", teks)
    assert f"capaian 99,30{NBSP}%" in html_cetak(lap)
    # Styles are left alone.
    assert "<style>" in html_cetak(lap)


# 5. The PK appendix: both parties named, "Lampiran I" once ---------------------------------------------


def test_pk_appendix_names_the_second_party_and_prints_lampiran_i_once():
    opd = probolinggo_tabel()
    assert not opd.pemda.nama_kepala_daerah
    html = bagian(html_cetak(susun_laporan(opd, 2024)), "lampiran-1")
    # The second party's name row is there, to fill by hand when the Pemda stores no name.
    assert teks_html(html).count("Nama\n") == 0
    assert re.findall(r"<tr><td>Nama</td><td>:</td><td>([^<]*)</td></tr>", html) == [
        "Pujo Agung Satrio, S.STP., M.Si.",
        "………………………………………",
    ]

    opd.pemda.nama_kepala_daerah = "dr. Aminuddin, M.Kes."
    opd.pemda.save()
    setujui(opd, 2024)
    from sakip.models import OPD

    lap = susun_laporan(OPD.objects.select_related("pemda").get(pk=opd.pk), 2024)
    html = bagian(html_cetak(lap), "lampiran-1")
    assert re.findall(r"<tr><td>Nama</td><td>:</td><td>([^<]*)</td></tr>", html)[1] == "dr. Aminuddin, M.Kes."
    # Signed twice by both parties: the statement and its appendix.
    assert (
        re.findall(r'<p class="ttd-nama">([^<]*)</p>', html)
        == [
            "dr. Aminuddin, M.Kes.",
            "Pujo Agung Satrio, S.STP., M.Si.",
        ]
        * 2
    )

    lampiran = next(p for p in potongan_isi(lap) if p.nama == "lampiran")
    pdf = PdfReader(io.BytesIO(render_potongan(lampiran.html).pdf))
    halaman = [p.extract_text() for p in pdf.pages]
    pertama = next(t for t in halaman if "PERJANJIAN KINERJA TAHUN 2024" in t)
    assert len(re.findall(r"Lampiran I\b", pertama)) == 1  # the running header, not a label as well
    assert "dr. Aminuddin, M.Kes." in pertama


# 6. The data version on the last page only ---------------------------------------------------------------


def test_data_version_only_at_the_end_and_in_the_document_properties():
    opd = kantor("disdukcapil-probolinggo")
    lap = susun_laporan(opd, 2024)
    versi = f"Versi data {sidik(lap)[:12]}"
    html = html_cetak(lap)
    gaya, badan = html.split("</style>", 1)
    assert "Versi data" not in gaya  # no page footer carries it
    assert badan.count(versi) == 1 and badan.index(versi) > badan.index('id="lampiran-2"')
    assert all("Versi data" not in p.html for p in potongan_isi(lap))  # the PDF lays it on the last page

    doc = Document(io.BytesIO(docx_laporan(lap)))
    kaki = [p.text for s in doc.sections for p in s.footer.paragraphs]
    assert not any("Versi data" in t for t in kaki)
    assert doc.paragraphs[-1].text == versi
    assert doc.core_properties.identifier == sidik(lap)


# 7. No efficiency line of zeros ---------------------------------------------------------------------------


def test_sasaran_without_budget_has_no_efficiency_line_of_zeros():
    opd = kantor("disdukcapil-musi-banyuasin")
    lap = susun_laporan(opd, 2024)
    s = lap.sasaran[0]
    assert s.efisiensi.pagu == 0 and s.efisiensi.serapan is None  # no budget, no division
    html = html_cetak(lap)
    awal = html.index('id="tabel-3-6"')
    tabel = html[awal : html.index("</table>", awal)]
    assert tabel.count("Tidak ada anggaran yang dikaitkan dengan sasaran ini") == 1
    assert "<tfoot>" not in tabel
    assert not re.search(r'<td class="num">0</td>', tabel)
    # The sasaran with a budget keeps its lines and its total.
    awal = html.index('id="tabel-3-11"')
    tabel = html[awal : html.index("</table>", awal)]
    assert "Tidak ada anggaran" not in tabel and "<tfoot>" in tabel and "5.349.731.267" in tabel


def test_linked_items_without_pagu_give_no_efficiency_sentence_of_zeros():
    from anggaran.models import Pagu

    opd = kantor("disdukcapil-probolinggo")
    from anggaran.models import RealisasiAnggaran

    Pagu.objects.filter(item__opd=opd).update(nilai=0)
    RealisasiAnggaran.objects.filter(item__opd=opd).update(nilai=0)
    lap = susun_laporan(opd, 2024)
    teks = " ".join(p for s in lap.sasaran for b in s.blok if b.jenis == "efisiensi" for p in b.paragraf)
    assert "Rp 0" not in teks and "tidak memiliki pagu anggaran" in teks
    assert all(i.efisiensi is None or i.efisiensi.efisiensi is None for s in lap.sasaran for i in s.indikator)


# 8. Tabel 1h: a draft of the causes and solutions ------------------------------------------------------------


def test_table_1h_has_a_draft_of_causes_and_solutions():
    opd = probolinggo_tabel()
    lap = susun_laporan(opd, 2024)
    ktp, akta = lap.sasaran[0].indikator
    assert ktp.narasi.draf and ktp.narasi.isi == (
        "Target belum tercapai (capaian 99,30 %): realisasi masih kurang 0,70 % dari target. Hal ini sejalan "
        "dengan anggaran pendukung belum terserap penuh (serapan 99,37 %). Data yang digunakan: Realisasi 2024."
        "\n\nSolusi: memprioritaskan 2.12.02 PROGRAM PENDAFTARAN PENDUDUK untuk menutup selisih terhadap target."
    )
    assert akta.narasi.isi.startswith("Target belum tercapai (capaian 99,03 %): realisasi masih kurang 0,97 %")
    assert "realisasi menurun 4,13 poin (kinerja menurun) dibandingkan tahun 2023" in akta.narasi.isi
    data = lap.sasaran[1].indikator[0]
    assert data.narasi.isi.startswith(
        "Target tercapai (capaian 100,00 %), didukung oleh pelaksanaan 2.12.04 PROGRAM PENGELOLAAN INFORMASI "
        "ADMINISTRASI KEPENDUDUKAN dengan serapan anggaran 98,75 %."
    )
    html = html_cetak(lap)
    awal = html.index('id="tabel-1h"') if 'id="tabel-1h"' in html else html.index("Tabel 1h ")
    assert "Solusi: memprioritaskan 2.12.02" in html[awal : html.index("</table>", awal)]
