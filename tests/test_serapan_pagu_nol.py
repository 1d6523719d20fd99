"""Spending without a pagu (pagu 0 with a realisation): serapan is undefined, shown as "–", reported
by the data checks, and the report still renders."""

import re
from decimal import Decimal as D

import pytest

from anggaran.models import BelanjaJenis, Pagu
from anggaran.ringkasan import anggaran_per_jenis, ringkas_anggaran
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from pertukaran.muat import impor_data_opd
from reviu.pemeriksaan import periksa_opd
from sakip import rumus
from sakip.models import OPD
from tests.data_opd_contoh import dokumen

pytestmark = pytest.mark.django_db

DAUN = "2.12.03.2.01.0001"


def test_formula_pagu_nol():
    h = rumus.serapan(D("130000000"), D("0"))
    assert (h.nilai, h.nilai_mentah) == (None, None)
    assert h.keterangan == "Realisasi anggaran 130000000 tanpa pagu (pagu 0): serapan tidak dapat dihitung."
    assert rumus.serapan(D("0"), D("0")).keterangan == "Pagu 0: serapan tidak dihitung."


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    Pagu.objects.filter(item__kode=DAUN).update(nilai=D(0))
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


def test_report_and_checks_with_spending_without_pagu(opd):
    ringkasan = ringkas_anggaran(opd, 2024)
    simpul = next(s for s in ringkasan.semua_simpul() if s.item.kode == DAUN)
    assert (simpul.pagu, simpul.realisasi, simpul.serapan.nilai) == (D(0), D(117702000), None)
    assert "Realisasi 2.12.03.2.01.0001 Pencatatan akta (Rp 117.702.000) melebihi pagu (Rp 0)." in ringkasan.peringatan
    temuan = [
        t for t in periksa_opd(opd, 2024) if t.objek == f"anggaran:{DAUN}" and t.kode == "realisasi_melebihi_pagu"
    ]
    assert [(t.tingkat, t.pesan) for t in temuan] == [
        (
            "galat",
            "Realisasi 2.12.03.2.01.0001 Pencatatan akta (Rp 117.702.000) melebihi pagu (Rp 0). "
            "Serapan tidak dapat dihitung (pagu 0).",
        )
    ]
    html = html_cetak(susun_laporan(opd, 2024))
    tabel = html[html.index('id="tabel-3-9"') :]
    tabel = tabel[: tabel.index("</table>")]
    baris = tabel[tabel.index(DAUN) :]
    baris = baris[: baris.index("</tr>")]
    assert re.findall(r'<td class="num">([^<]*)</td>', baris) == ["0", "117.702.000", "–"]
    assert '<th class="num">437.286.032</th><th class="num">552.228.020</th><th class="num">126,29</th>' in tabel


def test_spending_type_without_pagu_is_a_finding_and_prints_a_dash(opd):
    BelanjaJenis.objects.create(opd=opd, tahun=2024, jenis_belanja="modal", tahap="dpa", pagu=D(0), realisasi=D(5000))
    BelanjaJenis.objects.create(
        opd=opd, tahun=2024, jenis_belanja="pegawai", tahap="dpa", pagu=D(1000), realisasi=D(1200)
    )
    BelanjaJenis.objects.create(
        opd=opd, tahun=2024, jenis_belanja="barang_jasa", tahap="dpa", pagu=D(100), realisasi=D(50)
    )
    a = anggaran_per_jenis(opd, 2024)
    assert [(b.jenis.value, b.serapan.nilai) for b in a.baris] == [
        ("pegawai", D("120.00")),
        ("barang_jasa", D("50.00")),
        ("modal", None),
    ]
    assert a.jumlah.serapan.nilai == D("568.18")  # 6.250 of 1.100
    temuan = [t for t in periksa_opd(opd, 2024) if t.kode == "belanja_jenis_melebihi_pagu"]
    assert [(t.tingkat, t.pesan) for t in temuan] == [
        ("peringatan", "Belanja Pegawai 2024: realisasi (Rp 1.200) melebihi pagu DPA (Rp 1.000). Serapan 120,00 %."),
        (
            "peringatan",
            "Belanja Modal 2024: realisasi (Rp 5.000) melebihi pagu DPA (Rp 0). Serapan tidak dapat dihitung (pagu 0).",
        ),
    ]
    html = html_cetak(susun_laporan(opd, 2024))
    assert '<td>Belanja Modal</td><td class="num">0</td><td class="num">5.000</td><td class="num">–</td>' in html
