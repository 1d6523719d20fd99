"""Issue #21 item 3: numbers the report showed wrong or could not show (allocation per sasaran,
capaian of earlier years, late data in its own year), through the report's chapter data."""

from decimal import Decimal as D

import pytest

from laporan.bab import susun_laporan
from laporan.data import ke_json
from sakip.models import OPD
from tests.test_demo import HARAPAN, jalankan, muat

pytestmark = pytest.mark.django_db


def laporan(kode):
    muat(kode)
    h = HARAPAN[kode]
    opd = OPD.objects.select_related("pemda").get(kode=kode)
    return ke_json(susun_laporan(opd, h["tahun"], h["periode"]))


def keuangan(data):
    return next(b["keuangan"] for b in data["bab"] if b.get("keuangan"))


def test_program_penunjang_outside_the_pk_sasaran_keeps_its_row_in_the_allocation():
    """001: Program Penunjang is linked to a sasaran the PK does not list; it used to drop out,
    so the allocation summed to 5.349.731.267 of a pagu of 19.641.611.463."""
    data = laporan("disdukcapil-musi-banyuasin")
    k = keuangan(data)
    assert [(a["sasaran"], a["pagu"], a["realisasi"], a["item"]) for a in k["alokasi"]] == [
        ("Meningkatkan kualitas Pelayanan dalam bidang Administrasi Kependudukan dan Pencatatan Sipil", "0", "0", []),
        (
            "Meningkatkan Efektivitas Manajemen Pelayanan Administrasi Kependudukan dan Pencatatan Sipil",
            "5349731267",
            "5003053635",
            ["2.12.02", "2.12.03", "2.12.04", "2.12.05"],
        ),
        ("Program penunjang / tidak terkait sasaran PK", "14291880196", "13070008236", ["2.12.01"]),
    ]
    assert k["alokasi"][-1]["pangsa"] == "72.76"
    assert sum(D(a["pagu"]) for a in k["alokasi"]) == D(k["pagu"]) == D("19641611463")
    # The budget command prints the same row.
    anggaran = jalankan("anggaran", "disdukcapil-musi-banyuasin", 2024, "TAHUN")
    assert anggaran["alokasi_sasaran"][-1]["sasaran"] == "Program penunjang / tidak terkait sasaran PK"
    assert anggaran["alokasi_sasaran"][-1]["pagu"] == "14291880196"


def test_no_extra_allocation_row_when_every_program_reaches_a_pk_sasaran():
    data = laporan("disdukcapil-luwu-timur")  # every program is linked to sasaran 3 (the whole budget)
    assert "Program penunjang / tidak terkait sasaran PK" not in [a["sasaran"] for a in keuangan(data)["alokasi"]]


def indikator(data, awal):
    return next(i for s in data["sasaran"] for i in s["indikator"] if i["nama"].startswith(awal))


def test_capaian_of_earlier_years_is_computed_from_their_targets():
    """001 Tabel 3.1.2: realisasi and capaian 2020-2024; the earlier targets (implied by the
    printed capaian) are in the fixture, so no year shows "–"."""
    data = laporan("disdukcapil-musi-banyuasin")
    tren = {
        nama: [(t["label"], t["target"], t["realisasi"], t["capaian"]) for t in indikator(data, nama)["riwayat"]]
        for nama in ("Rasio Kepemilikan KTP", "Nilai survei Kepuasan", "Lama Pengurusan KTP")
    }
    assert tren["Rasio Kepemilikan KTP"] == [
        ("2020", "84", "99.99", "119.04"),  # printed 119,03 (truncated)
        ("2021", "86", "99.44", "115.63"),  # printed 115,62
        ("2022", "88", "100.47", "114.17"),
        ("2023", "92", "102.51", "111.42"),
        ("2024", "92", "101.33", "110.14"),
    ]
    assert tren["Nilai survei Kepuasan"] == [
        ("2020", "80", "83.75", "104.69"),  # printed 104,68
        ("2021", "85", "99.11", "116.60"),
        ("2022", "85", "94.16", "110.78"),  # printed 110,77
        ("2023", "85", "94.43", "111.09"),
        ("2024", "85", "95.02", "111.79"),  # printed 111,78
    ]
    assert [t[3] for t in tren["Lama Pengurusan KTP"]] == ["100.00"] * 5


def test_values_of_the_year_columns_never_go_to_keterangan():
    for kode in ("disdukcapil-musi-banyuasin", "disdukcapil-luwu-timur"):
        data = laporan(kode)
        for s in data["sasaran"]:
            for i in s["indikator"]:
                angka = {t[k] for t in i["riwayat"] for k in ("realisasi", "capaian") if t[k]}
                for t in i["riwayat"]:
                    ket = (t["keterangan"] or "").replace(",", ".")
                    assert not any(a in ket for a in angka), (i["nama"], t)


def test_late_n_minus_1_value_stands_once_in_its_own_year():
    """000: the Nilai SAKIP received in 2024 (84,50) measures 2023. The trend used to print it
    for 2023 and again for TW III 2024 ("tetap"); now 2023 holds it and this period says the
    2024 value is not there yet."""
    data = laporan("disdukcapil-luwu-timur")
    sakip = indikator(data, "Nilai SAKIP Perangkat Daerah")
    assert [(t["label"], t["realisasi"]) for t in sakip["riwayat"]] == [
        ("2019", "75.19"),
        ("2020", "75.29"),
        ("2021", "81.10"),
        ("2022", None),
        ("2023", "84.50"),
        ("TW III 2024", None),
    ]
    sekarang = sakip["riwayat"][-1]
    assert sekarang["capaian"] is None
    assert sekarang["keterangan"] == (
        "Nilai TW III 2024 belum tersedia (data N-1); nilai yang diterima 2024 adalah nilai tahun 2023."
    )
    assert sakip["perubahan"] is None
    # The measurement table of the period still measures the PK target with the score received.
    assert (sakip["realisasi"], sakip["capaian"]) == ("84.50", "104.19")
