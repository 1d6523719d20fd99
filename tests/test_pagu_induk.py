"""A pagu on a program or kegiatan whose breakdown is not known yet (issue #17 item 7): the
ceiling counts, its children may not exceed it, the unallocated rest is shown."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from anggaran.aturan import SimpulPagu, pagu_efektif, periksa_rincian_pagu
from anggaran.excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from anggaran.models import ItemAnggaran, Pagu
from anggaran.ringkasan import ringkas_anggaran, sebagai_dict
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db


def versi(nilai, urutan=0, tanggal=None):
    return Pagu(nilai=D(nilai), urutan=urutan, tanggal=tanggal)


def test_the_rule_compares_the_versions_in_force_at_each_quarter_end():
    sub = SimpulPagu("2.12.02.2.01.0001", [versi("400000000"), versi("437286032", 1, datetime.date(2024, 9, 1))])
    kegiatan = SimpulPagu("2.12.02.2.01", [], [sub])  # no pagu of its own: the sum of its children
    program = SimpulPagu("2.12.02", [versi("420000000")], [kegiatan])
    assert pagu_efektif(kegiatan, datetime.date(2024, 6, 30)) == D("400000000")
    assert pagu_efektif(kegiatan, datetime.date(2024, 9, 30)) == D("437286032")
    assert periksa_rincian_pagu(2024, program) == (
        "Jumlah pagu rincian 2.12.02 s.d. triwulan 3 (Rp 437.286.032) melebihi pagu 2.12.02 (Rp 420.000.000); "
        "pagu kegiatan/sub kegiatan di bawahnya tidak boleh melebihi pagu induknya."
    )
    # A ceiling raised from September on covers it.
    program.pagu.append(versi("450000000", 1, datetime.date(2024, 9, 1)))
    assert periksa_rincian_pagu(2024, program) is None
    # A ceiling without any child pagu yet, or children without a ceiling: nothing to judge.
    assert periksa_rincian_pagu(2024, SimpulPagu("2.12.03", [versi("1")], [SimpulPagu("2.12.03.2.01")])) is None
    assert periksa_rincian_pagu(2024, kegiatan) is None


def _dok(pagu_program):
    d = dokumen()
    d["anggaran"][0]["pagu"] = [{"jenis": "murni", "urutan": 0, "nilai": pagu_program}]
    return d


def test_a_program_ceiling_counts_and_its_rest_is_shown(client):
    hasil = impor_data_opd(_dok("500000000"))
    assert hasil.berhasil, hasil.galat
    opd = OPD.objects.get(kode="dinas-uji")
    data = sebagai_dict(ringkas_anggaran(opd, 2024))
    program = data["program"][0]
    assert (program["kode"], program["pagu"], program["pagu_belum_dirinci"]) == ("2.12.02", "500000000", "62713968")
    assert program["realisasi"] == "434526020" and program["serapan"] == "86.91"  # 434.526.020 / 500.000.000
    assert "pagu_belum_dirinci" not in program["kegiatan"][0]  # no pagu of its own: a sum
    assert data["pagu"] == "620000000"  # 500.000.000 + 120.000.000
    # The budget page shows it.
    client.force_login(PenggunaFactory(opd=opd))
    html = client.get(reverse("anggaran_opd", args=[opd.kode, 2024])).text
    assert "belum dirinci Rp 62.713.968" in html


def test_children_above_the_ceiling_are_refused_at_its_place_and_nothing_is_written():
    sebelum = potret()
    hasil = impor_data_opd(_dok("420000000"))
    assert not hasil.berhasil
    assert [(t, p[:60]) for t, p in hasil.galat] == [
        ("anggaran[0].pagu", "Jumlah pagu rincian 2.12.02 s.d. triwulan 3 (Rp 437.286.032)")
    ]
    assert not beda(sebelum, potret())


def test_spending_stays_on_the_lowest_items():
    d = _dok("500000000")
    d["anggaran"][0]["realisasi"] = {"4": "1000"}
    hasil = impor_data_opd(d)
    assert not hasil.berhasil
    assert any("realisasi anggaran hanya diisi pada rincian terbawah" in p for _, p in hasil.galat)


def test_the_admin_door_keeps_the_ceiling(client):
    assert impor_data_opd(_dok("500000000")).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    sub = ItemAnggaran.objects.get(kode="2.12.02.2.01.0001")
    program = ItemAnggaran.objects.get(kode="2.12.02")
    client.force_login(PenggunaFactory(opd=opd, is_staff=True))

    def simpan(item, ubah):
        url = reverse("admin:anggaran_itemanggaran_change", args=[item.pk])
        data = isi_formulir(client.get(url).text, "itemanggaran_form")
        data.update(ubah)
        return client.post(url, data)

    # A pergeseran of the sub kegiatan to 510.000.000 would exceed the program's 500.000.000.
    n = int(
        isi_formulir(
            client.get(reverse("admin:anggaran_itemanggaran_change", args=[sub.pk])).text, "itemanggaran_form"
        )["pagu_set-TOTAL_FORMS"]
    )
    baru = {
        f"pagu_set-{n}-jenis": "pergeseran",
        f"pagu_set-{n}-urutan": "2",
        f"pagu_set-{n}-tanggal": "2024-10-01",
        f"pagu_set-{n}-nilai": "510000000",
        "pagu_set-TOTAL_FORMS": str(n + 1),
    }
    sebelum = potret()
    r = simpan(sub, baru)
    assert r.status_code == 200 and "melebihi pagu 2.12.02 (Rp 500.000.000)" in r.text
    assert not beda(sebelum, potret())
    # The program's own pagu cut below its children: refused too.
    r = simpan(program, {"pagu_set-0-nilai": "100000000"})
    assert r.status_code == 200 and "Jumlah pagu rincian 2.12.02" in r.text
    assert not beda(sebelum, potret())
    # Within the ceiling: saved.
    baru[f"pagu_set-{n}-nilai"] = "490000000"
    assert simpan(sub, baru).status_code == 302
    assert Pagu.objects.filter(item=sub).count() == n + 1


def test_the_budget_workbook_round_trip_keeps_the_ceiling():
    assert impor_data_opd(_dok("500000000")).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    sebelum_data = sebagai_dict(ringkas_anggaran(opd, 2024))
    ekspor = ekspor_realisasi_anggaran(opd, 2024)
    sebelum = potret()
    ulang = impor_realisasi_anggaran(opd, 2024, io.BytesIO(ekspor), percobaan=False)
    assert ulang.berhasil, ulang.galat
    assert not beda(sebelum, potret())
    assert sebagai_dict(ringkas_anggaran(opd, 2024)) == sebelum_data
