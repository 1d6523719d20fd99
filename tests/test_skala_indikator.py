"""A category scale per indicator, falling back to the Pemda's (issue #21): the measurement, the
Bab IV counts and the Bab III scale tables use each indicator's scale."""

from decimal import Decimal as D

import pytest

from kinerja.pengukuran import ukur_opd
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.data import ke_json
from renstra.models import Indikator
from sakip import rumus
from sakip.models import OPD
from tests.test_demo import muat

OPD_TERINTEGRASI = "Persentase OPD yang melakukan pelayanan terintegrasi"


def test_counts_per_category_each_capaian_in_its_own_scale():
    r = rumus.rekap_capaian(
        [D("100"), D("75.14"), D("105.74"), None, D("60")],
        rumus.EMPAT_PITA,
        skala_per=[rumus.EMPAT_PITA, rumus.PERMENDAGRI_86_2017, None, rumus.EMPAT_PITA, rumus.EMPAT_PITA],
    )
    assert r.per_kategori == {
        "Sangat Berhasil": 1,
        "Berhasil": 0,
        "Cukup Berhasil": 1,
        "Tidak Berhasil": 0,
        "Sangat Tinggi": 0,
        "Tinggi": 0,
        "Sedang": 1,
        "Rendah": 0,
        "Sangat Rendah": 0,
    }
    # 105,74 has no scale: no category, still counted above 100.
    assert (r.mencapai_100, r.di_bawah_100, r.tanpa_capaian) == (2, 2, 1)
    with pytest.raises(rumus.GalatRumus, match="Jumlah skala"):
        rumus.rekap_capaian([D("1")], skala_per=[])


def test_the_indicator_scale_falls_back_to_the_pemda_scale():
    pemda = rumus.Metodologi(skala=rumus.EMPAT_PITA)
    assert Indikator().metodologi(pemda).skala is rumus.EMPAT_PITA
    sendiri = Indikator(skala_kategori="permendagri_86_2017", batas_atas_capaian=D("120"))
    assert (sendiri.metodologi(pemda).skala, sendiri.metodologi(pemda).batas_atas) == (
        rumus.PERMENDAGRI_86_2017,
        D("120"),
    )
    assert Indikator(skala_kategori="nilai_sakip").metodologi(rumus.Metodologi(skala=None)).skala is rumus.NILAI_SAKIP


@pytest.mark.django_db
def test_dumai_demo_prints_the_attribute_scale_of_its_tables():
    """As 002 prints its tables: every indicator on the four-band attribute scale (Tabel 3.2)."""
    muat("disdukcapil-dumai")
    opd = OPD.objects.get(kode="disdukcapil-dumai")
    assert not Indikator.objects.filter(opd=opd).exclude(skala_kategori="").exists()
    data = ke_json(susun_laporan(opd, 2023))
    skala = data["bab"][2]["pengukuran"]["skala"]
    assert [(s["nama"], s["tabel"]["nomor"], s["indikator"]) for s in skala] == [
        ("Skala atribut capaian empat pita", "3.1", [])
    ]
    kategori = {i["nama"]: i["kategori"] for s in data["sasaran"] for i in s["indikator"]}
    assert kategori[OPD_TERINTEGRASI] == "Berhasil"  # 75,14 (002 Tabel 3.3: Berhasil)
    assert data["bab"][2]["pengukuran"]["catatan"].endswith(
        "Kategori menurut Skala atribut capaian empat pita: ≥ 85 Sangat Berhasil; 70 – < 85 Berhasil; "
        "55 – < 70 Cukup Berhasil; < 55 Tidak Berhasil."
    )


@pytest.mark.django_db
def test_an_indicator_with_its_own_scale_is_measured_reported_and_counted_in_it():
    muat("disdukcapil-dumai")
    opd = OPD.objects.get(kode="disdukcapil-dumai")
    Indikator.objects.filter(opd=opd, nama=OPD_TERINTEGRASI).update(skala_kategori="permendagri_86_2017")
    ukur = ukur_opd(opd, 2023)
    kategori = {h.indikator.nama[:30]: (h.capaian.nilai, h.kategori) for h in ukur.semua_indikator}
    assert kategori == {
        "Persentase jenis data kependud": (D("100.00"), "Sangat Berhasil"),
        "Persentase OPD yang melakukan ": (D("75.14"), "Sedang"),
        "Indeks Kepuasan Masyarakat (IK": (D("105.74"), "Sangat Berhasil"),
        "Persentase peningkatan kualita": (D("126.14"), "Sangat Berhasil"),
    }
    assert {k: n for k, n in ukur.rekap.per_kategori.items() if n} == {"Sangat Berhasil": 3, "Sedang": 1}
    lap = susun_laporan(opd, 2023)
    data = ke_json(lap)
    skala = data["bab"][2]["pengukuran"]["skala"]
    assert [(s["nama"], s["tabel"]["nomor"], s["indikator"]) for s in skala] == [
        ("Skala atribut capaian empat pita", "3.1", []),
        ("Skala Permendagri 86/2017", "3.2", [OPD_TERINTEGRASI]),
    ]
    assert skala[1]["pita"][0] == "≥ 91 Sangat Tinggi"
    catatan = data["bab"][2]["pengukuran"]["catatan"]
    assert catatan.endswith("Kategori menurut skala pada Tabel 3.1, Tabel 3.2.") and "empat pita:" not in catatan
    rekap = {r["kategori"]: r["jumlah"] for r in data["bab"][3]["kesimpulan"]["rekap"]["per_kategori"]}
    assert (rekap["Sangat Berhasil"], rekap["Sedang"], rekap["Berhasil"]) == (3, 1, 0)
    html = html_cetak(lap)
    assert f"Capaian indikator {OPD_TERINTEGRASI} dikategorikan menurut Skala Permendagri 86/2017" in html
    assert "Tabel 3.2 Skala Permendagri 86/2017" in html
    assert "Capaian sasaran, organisasi dan indikator lainnya dikategorikan menurut Skala atribut" in html
