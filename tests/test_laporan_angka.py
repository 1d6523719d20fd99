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
