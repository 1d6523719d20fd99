"""Values are printed at most at the indicator's precision (presisi) in report tables and office
pages, as the trend charts print them: 72,717149 with presisi 2 -> 72,72; 98 stays 98. Stored
values, the report data and capaian keep every decimal; entry inputs show the stored value."""

import html as html_lib
import re
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.urls import reverse

from kinerja.models import ItemPK, Realisasi, RencanaAksi
from laporan.bab import susun_laporan
from pertukaran.muat import impor_data_opd
from sakip import rumus
from sakip.formatting import format_nilai
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory

KTP = "Persentase penduduk ber-KTP-el"
AKTA = "Persentase kepemilikan akta kelahiran"


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    "nilai, presisi, teks",
    [
        (D("72.717149"), 2, "72,72"),
        (D("98"), 2, "98"),
        (D("98.000000"), 2, "98"),  # stored trailing zeros are not decimals of the value
        (D("70.3"), 2, "70,30"),  # its own decimals, at least two, as |nilai
        (D("79.143"), 3, "79,143"),
        (D("79.143"), 2, "79,14"),
        (D("0.005"), 2, "0,01"),  # half-up
        (D("72.717149"), 0, "73"),
        (D("1234.5"), 1, "1.234,5"),
        (D("72.717149"), None, "72,717149"),  # no precision: every stored decimal
        (None, 2, "–"),
    ],
)
def test_format_nilai(nilai, presisi, teks):
    assert format_nilai(nilai, presisi) == teks


def test_format_nilai_refuses_float_and_bad_precision():
    with pytest.raises(TypeError):
        format_nilai(72.7, 2)
    with pytest.raises(ValueError):
        format_nilai(D(1), -1)


@pytest.mark.parametrize(
    "nilai, presisi, teks",
    [
        (D("72.717149"), 2, "72,72"),
        ("72.717149", 2, "72,72"),  # report data: Decimal strings
        ("98", 2, "98"),
        ("BB", 2, "BB"),  # a predicate passes through
        (None, 2, "–"),
        ("72.717149", None, "72,717149"),
        ("72.717149", "x", "72.717149"),  # a bad argument shows the input rather than breaking the page
    ],
)
def test_nilai_presisi_filter(nilai, presisi, teks):
    hasil = Template("{{ v|nilai_presisi:p }}").render(Context({"v": nilai, "p": presisi}))
    assert html_lib.unescape(hasil) == teks


# --------------------------------------------------------------------------- pages


def _opd(target_ktp="100"):
    """The sample office: KTP-el 2024 = 1.306 / 1.796 x 100 = 72,717149 (presisi 2), akta 2024 = 98,
    and a TW3 value of akta with six decimals."""
    data = dokumen()
    ind = data["renstra"]["sasaran"][0]["indikator"]
    assert ind[0]["nama"] == KTP and ind[1]["nama"] == AKTA
    ind[0]["presisi"] = 2
    ind[0]["realisasi"][1] = {"tahun": 2024, "periode": "TAHUN", "pembilang": "1306", "penyebut": "1796"}
    ind[1]["realisasi"] = [
        {"tahun": 2024, "periode": "TAHUN", "nilai": "98"},
        {"tahun": 2024, "periode": "TW3", "nilai": "97.123456"},
    ]
    data["perjanjian_kinerja"][0]["item"][0]["target"] = target_ktp
    hasil = impor_data_opd(data)
    assert hasil.berhasil, hasil.galat
    assert Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TAHUN").nilai == D("72.717149")
    return OPD.objects.get(kode="dinas-uji")


def _baris(html, awal):
    """The table row that starts with the cell text `awal` (first occurrence after it)."""
    i = html.index(awal)
    return html[html.rindex("<tr", 0, i) : html.index("</tr>", i)]


def _sel_angka(baris):
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', baris)


@pytest.fixture
def operator(db):
    def login(client, opd):
        client.force_login(PenggunaFactory(opd=opd))

    return login


@pytest.mark.django_db
def test_report_tables_print_values_at_the_indicator_precision(client, operator):
    opd = _opd()
    operator(client, opd)
    html = html_lib.unescape(client.get(reverse("laporan", args=["dinas-uji", 2024, "tahunan"])).text)

    # The measurement table of Bab III (the first row of the indicator with its figures).
    ktp = _baris(html, f'<td class="ind">{KTP}\n')
    assert _sel_angka(ktp)[:3] == ["100", "72,72", "72,72"]  # target, realisasi, capaian
    assert "72,717149" not in ktp and html.count(ktp) == 2  # and the target/realisation table of its sasaran
    akta = _baris(html, f'<td class="ind">{AKTA}\n')
    assert _sel_angka(akta)[:3] == ["100", "98", "98,00"]  # 98 stays 98; capaian keeps its own format
    # Trend table: this year's row of the KTP-el indicator.
    tren = html[html.index(f'<tr class="grup"><td colspan="5">{KTP}') :]
    assert _sel_angka(_baris(tren, "<td>2024</td>"))[:2] == ["100", "72,72"]
    # Against the Renstra end target, the benchmarks, and the causes heading.
    assert _sel_angka(_baris(html, f'<td>{KTP}</td><td>%</td><td class="num">99</td>'))[:2] == ["99", "72,72"]
    assert _sel_angka(_baris(html, f'<td rowspan="1">{KTP} (%)</td>'))[:3] == ["72,72", "2024", "97,50"]
    # (a unit is joined to its number by a non-breaking space)
    assert f"{KTP}: target 100, realisasi 72,72\u00a0%, capaian 72,72\u00a0%" in html


@pytest.mark.django_db
def test_drafts_and_appendix_print_values_at_the_indicator_precision(client, operator):
    """Generated narrative drafts and the measurement form of Lampiran II read as the tables do."""
    opd = _opd()
    operator(client, opd)
    html = html_lib.unescape(client.get(reverse("laporan", args=["dinas-uji", 2024, "tahunan"])).text)
    assert "72,717149" not in html
    assert f"Realisasi {KTP} tahun 2024 sebesar 72,72\u00a0%" in html
    lampiran = html[html.index("Formulir Pengukuran Kinerja") :]
    assert _sel_angka(_baris(lampiran, f"<td>{KTP} (%)</td>"))[:3] == ["100", "72,72", "72,72"]


@pytest.mark.django_db
def test_report_data_and_capaian_keep_every_decimal(client, operator):
    # Target 50: the capaian of the stored 72,717149 is 145,43; of a rounded 72,72 it would be 145,44.
    opd = _opd(target_ktp="50")
    data = susun_laporan(opd, 2024)
    ktp = next(i for i in data.semua_indikator if i.nama == KTP)
    assert (ktp.realisasi, ktp.presisi, ktp.capaian) == (D("72.717149"), 2, D("145.43"))
    assert rumus.hitung_capaian(D(50), D("72.717149")).nilai == D("145.43")
    operator(client, opd)
    html = html_lib.unescape(client.get(reverse("laporan", args=["dinas-uji", 2024, "tahunan"])).text)
    assert _sel_angka(_baris(html, f'<td class="ind">{KTP}\n'))[:3] == ["50", "72,72", "145,43"]


@pytest.mark.django_db
def test_dashboard_prints_values_at_the_indicator_precision(client, operator):
    opd = _opd()
    operator(client, opd)
    html = html_lib.unescape(client.get(reverse("opd_detail", args=["dinas-uji"]) + "?tahun=2024&periode=TAHUN").text)
    bawah = html[html.index("Di bawah target") :]
    bawah = bawah[: bawah.index("</table>")]
    assert '<td class="num">72,72 / 100 ' in _baris(bawah, KTP)  # realisasi / target
    assert '<td class="num">98 / 100 ' in _baris(bawah, AKTA)
    assert "72,717149" not in html


@pytest.mark.django_db
def test_realisation_grid_prints_the_value_used_rounded_but_inputs_unrounded(client, operator):
    opd = _opd()
    operator(client, opd)
    # TW4 has no row of its own: the annual value is used and printed at the precision.
    html = html_lib.unescape(client.get(reverse("realisasi_grid", args=["dinas-uji", 2024, "TW4"])).text)
    assert "Dipakai: 72,72" in html and "Dipakai: 98 " in html and "72,717149" not in html
    # An input shows what is stored, every decimal: the user edits what is stored.
    html = client.get(reverse("realisasi_grid", args=["dinas-uji", 2024, "TW3"])).text
    akta = ItemPK.objects.get(indikator__kode="IKU2").indikator_id
    assert f'name="r-{akta}-nilai" value="97,123456"' in html
    html = client.get(reverse("realisasi_grid", args=["dinas-uji", 2024, "TAHUN"])).text
    ktp = ItemPK.objects.get(indikator__kode="IKU1").indikator_id
    assert f'name="r-{ktp}-pembilang" value="1306"' in html


@pytest.mark.django_db
def test_pk_and_rencana_aksi_pages_print_targets_at_the_precision(client, operator):
    opd = _opd()
    item = ItemPK.objects.get(indikator__kode="IKU1")
    ItemPK.objects.filter(pk=item.pk).update(target=D("99.123456"))
    RencanaAksi.objects.filter(item=item, triwulan=4).update(target=D("97.123456"))
    operator(client, opd)
    html = client.get(reverse("pk_editor", args=["dinas-uji", 2024])).text  # a set PK: printed, not editable
    assert "99,12" in html and "99,123456" not in html
    html = client.get(reverse("rencana_aksi", args=["dinas-uji", 2024])).text
    assert _sel_angka(_baris(html, KTP))[0] == "99,12"  # the annual target column
    assert f'name="ra-{item.id}-4-target" value="97,123456"' in html  # the quarterly input, unrounded
