"""Trend charts print values at the indicator's precision, in Indonesian format (72,72, not 72,717149)."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from kinerja.models import Realisasi
from laporan.bab import susun_laporan
from laporan.data import TitikRiwayat
from laporan.grafik import grafik_tren
from laporan.templatetags.laporan_tags import grafik
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory

NAMA = "Persentase penduduk ber-KTP-el"


def _svg(html, nama):
    """The inline SVG of the trend chart of one indicator."""
    awal = html.index(f'aria-label="Tren realisasi {nama}"')
    return html[html.rindex("<svg", 0, awal) : html.index("</svg>", awal) + len("</svg>")]


def _teks(svg):
    return re.findall(r">([^<>]+)</text>", svg)


@pytest.fixture
def opd(db):
    """The sample office; its KTP-el ratio of 2023 is 1.306 / 1.796 x 100 = 72,717149 (stored with 6 decimals)."""
    data = dokumen()
    ind = data["renstra"]["sasaran"][0]["indikator"][0]
    assert ind["nama"] == NAMA
    ind["presisi"] = 2
    ind["realisasi"][0] = {"tahun": 2023, "periode": "TAHUN", "pembilang": "1306", "penyebut": "1796"}
    assert impor_data_opd(data).berhasil
    assert Realisasi.objects.get(indikator__kode="IKU1", tahun=2023).nilai == D("72.717149")
    return OPD.objects.get(kode="dinas-uji")


@pytest.mark.django_db
def test_report_chart_prints_the_ratio_at_the_indicator_precision(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    html = client.get(reverse("laporan", args=["dinas-uji", 2024, "tahunan"])).text
    svg = _svg(html, NAMA)
    teks = _teks(svg)
    assert "72,72" in teks and "99,30" in teks  # 2023 rounded half-up; 2024 as entered
    assert "72,717149" not in svg and "72.71" not in svg
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d{1,2})?|\d{4}|Realisasi|Target", t) for t in teks), teks


@pytest.mark.django_db
def test_chart_of_the_chapter_data_uses_the_indicator_precision(opd):
    data = susun_laporan(opd, 2024)
    ind = next(i for i in data.semua_indikator if i.nama == NAMA)
    assert ind.presisi == 2 and ind.riwayat[0].realisasi == D("72.717149")  # the data keeps every decimal
    svg = grafik(ind)
    assert "72,72" in _teks(svg) and "72,717149" not in svg

    ind.presisi = 3
    assert "72,717" in _teks(grafik(ind))
    ind.presisi = 0
    teks = _teks(grafik(ind))
    assert "73" in teks and "99" in teks and not any("," in t for t in teks)


@pytest.mark.parametrize(
    "presisi, nilai, label, sumbu",
    [
        (2, "72.717149", "72,72", ["0", "25", "50", "75", "100"]),
        (2, "70.3", "70,30", ["0", "25", "50", "75", "100"]),
        (2, "98", "98", ["0", "25", "50", "75", "100"]),
        (3, "79.143", "79,143", ["0", "25", "50", "75", "100"]),
        (1, "1.75", "1,8", ["0,0", "0,5", "1,0", "1,5", "2,0"]),  # half-up; one format on the axis
        (0, "0.4", "0", ["0", "1"]),  # the axis never steps below the precision (no 0,25)
        (None, "72.717149", "72,717149", ["0", "25", "50", "75", "100"]),  # no precision: as stored
    ],
)
def test_bar_labels_and_axis_follow_the_precision(presisi, nilai, label, sumbu):
    titik = [
        TitikRiwayat(2023, "2023", target=None, realisasi=D(nilai), capaian=None, keterangan=None),
        TitikRiwayat(
            2024, "2024", target=None if D(nilai) < 5 else D(90), realisasi=None, capaian=None, keterangan=None
        ),
    ]
    teks = _teks(grafik_tren("Tren", titik, presisi))
    angka = [t for t in teks if t not in ("2023", "2024", "Realisasi", "Target")]
    assert angka == [*sumbu, label]


def test_large_counts_get_thousand_separators():
    titik = [
        TitikRiwayat(2023, "2023", target=D(221000), realisasi=D(220323), capaian=None, keterangan=None),
        TitikRiwayat(2024, "2024", target=D(231000), realisasi=D("230929.5"), capaian=None, keterangan=None),
    ]
    teks = _teks(grafik_tren("Tren", titik, 0))
    assert teks[:4] == ["0", "100.000", "200.000", "300.000"]
    assert "220.323" in teks and "230.930" in teks
