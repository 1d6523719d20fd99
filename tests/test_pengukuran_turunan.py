"""Issue #21 item 3.1: a parent indicator derived from its children (Indikator.turunan) is
computed, not typed: in the formula library, the measurement, the budget summary, the report
and the realisation grid."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from anggaran.ringkasan import ringkas_anggaran
from anggaran.ringkasan import sebagai_dict as anggaran_dict
from kinerja.pengukuran import sebagai_dict, ukur_opd
from laporan.bab import susun_laporan
from laporan.data import ke_json
from sakip import rumus
from sakip.models import OPD, Pengguna
from tests.factories import IndikatorFactory, ItemPKFactory, RealisasiFactory, RencanaAksiFactory
from tests.test_demo import jalankan, muat

pytestmark = pytest.mark.django_db

PENUNJANG = "Persentase penunjang urusan perangkat daerah berjalan sesuai standar"


def _capaian(*pasangan):
    return [rumus.hitung_capaian(D(t), D(r)) for t, r in pasangan]


def test_formula_library_aggregation_kinds():
    # Seed 000 Program Penunjang: kegiatan capaian 100, 25, 25, 25, 25, 100, 100, 100.
    anak = _capaian((100, 100), *[(100, 25)] * 4, *[(25, 25)] * 3)
    assert rumus.nilai_turunan("rata_rata_capaian", anak, [None] * 8).nilai == D("62.5")
    assert rumus.nilai_turunan("persen_tercapai", anak, [None] * 8).nilai == D(50)  # 4 of 8 met their target
    nilai = [D(3), D(5), None]
    assert rumus.nilai_turunan("jumlah_nilai", [None] * 3, nilai).nilai == D(8)
    hasil = rumus.nilai_turunan("rata_rata_nilai", [None] * 3, nilai)
    assert (hasil.nilai, hasil.keterangan) == (D(4), "Rata-rata realisasi indikator turunan (2 dari 3 indikator)")
    assert rumus.nilai_turunan("rata_rata_capaian", [None], [None]).nilai is None
    with pytest.raises(ValueError):
        rumus.nilai_turunan("median", [], [])


def _induk_dan_anak(jenis="rata_rata_capaian"):
    """A PK indicator derived from three children in a child PK (targets 100, 100 and a TW III
    rencana aksi of 25), with a typed realisation of its own that must be ignored."""
    induk_item = ItemPKFactory(target=D(100), indikator__turunan=jenis)
    induk = induk_item.indikator
    RealisasiFactory(indikator=induk, periode="TW3", nilai=D(100))  # typed: ignored
    opd = induk_item.perjanjian.opd
    anak = []
    for i, (target, nilai) in enumerate([(100, 100), (100, 25), (100, 25)]):
        a = IndikatorFactory(sasaran=induk.sasaran, induk_turunan=induk, nama=f"Kegiatan {i}", urutan=10 + i, iku=False)
        item = ItemPKFactory(perjanjian=induk_item.perjanjian, indikator=a, sasaran=a.sasaran, target=D(target))
        RealisasiFactory(indikator=a, periode="TW3", nilai=D(nilai))
        anak.append((a, item))
    RencanaAksiFactory(item=anak[2][1], triwulan=3, target=D(25))
    return opd, induk


def test_measurement_computes_a_derived_indicator_from_its_children_not_the_typed_value():
    opd, induk = _induk_dan_anak()
    hasil = next(h for h in ukur_opd(opd, 2024, "TW3").semua_indikator if h.indikator == induk)
    # mean(100, 25, 100) = 75; the typed 100 is not used.
    assert (hasil.realisasi, hasil.capaian.nilai, hasil.terisi) == (D(75), D("75.00"), True)
    data = sebagai_dict(ukur_opd(opd, 2024, "TW3"))
    baris = next(i for s in data["sasaran"] for i in s["indikator"] if i["nama"] == induk.nama)
    assert baris["realisasi"] == "75" and baris["keterangan_data"].startswith("Rata-rata capaian")
    assert baris["turunan"]["jenis"] == "rata_rata_capaian"
    assert [(a["target"], a["realisasi"], a["capaian"]) for a in baris["turunan"]["anak"]] == [
        ("100", "100", "100.00"),
        ("100", "25", "25.00"),
        ("25", "25", "100.00"),
    ]


def test_share_of_children_that_met_their_target():
    opd, induk = _induk_dan_anak("persen_tercapai")
    hasil = next(h for h in ukur_opd(opd, 2024, "TW3").semua_indikator if h.indikator == induk)
    assert hasil.realisasi.quantize(D("0.01")) == D("66.67")  # 2 of 3


def test_derived_indicators_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    opd, induk = _induk_dan_anak()
    with django_assert_max_num_queries(20) as ctx:
        ukur_opd(opd, 2024, "TW3")
    sebelum = len(ctx.captured_queries)
    for i in range(10):
        a = IndikatorFactory(sasaran=induk.sasaran, induk_turunan=induk, nama=f"Tambahan {i}", iku=False)
        RealisasiFactory(indikator=a, periode="TW3", nilai=D(i))
    with django_assert_max_num_queries(sebelum):
        ukur_opd(opd, 2024, "TW3")


def test_luwu_timur_program_penunjang_is_the_mean_of_its_kegiatan_capaian():
    """Reference 000 prints 100 %; by its own formula (mean of the 8 kegiatan capaian
    100, 25, 25, 25, 25, 100, 100, 100) it is 62,5 %."""
    muat("disdukcapil-luwu-timur")
    opd = OPD.objects.select_related("pemda").get(kode="disdukcapil-luwu-timur")
    data = jalankan("pengukuran", opd.kode, 2024, "TW3")
    sekretaris = next(p for p in data["perjanjian"] if p["jabatan"] == "Sekretaris")
    (baris,) = [i for s in sekretaris["sasaran"] for i in s["indikator"] if i["nama"] == PENUNJANG]
    assert (baris["target"], baris["realisasi"], baris["capaian"]) == ("100", "62.50", "62.50")
    assert [a["capaian"] for a in baris["turunan"]["anak"]] == [
        "100.00",
        "25.00",
        "25.00",
        "25.00",
        "25.00",
        "100.00",
        "100.00",
        "100.00",
    ]
    # The budget tree prints the same figures (and its kegiatan rows the measurement's TW III targets).
    program = anggaran_dict(ringkas_anggaran(opd, 2024, "TW3"))["program"][0]
    indikator = {i["nama"]: (i["target"], i["realisasi"], i["capaian"]) for i in program["indikator"]}
    assert indikator[PENUNJANG] == ("100", "62.50", "62.50")
    assert indikator["Persentase BMD-Perangkat Daerah penunjang yang terpenuhi"] == ("25", "25", "100.00")
    # And so does the report, wherever it prints the indicator (Bab II, Bab III, Keuangan).
    cetak = [d for d in _semua_dict(ke_json(susun_laporan(opd, 2024, "TW3"))) if d.get("nama") == PENUNJANG]
    dengan_nilai = [(d["realisasi"], d["capaian"]) for d in cetak if "realisasi" in d]
    assert len(dengan_nilai) >= 3 and set(dengan_nilai) == {("62.50", "62.50")}


def _semua_dict(x):
    if isinstance(x, dict):
        yield x
        for v in x.values():
            yield from _semua_dict(v)
    elif isinstance(x, list):
        for v in x:
            yield from _semua_dict(v)


def test_realisation_grid_shows_a_derived_indicator_read_only(client):
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(DEBUG=True):
        call_command("muat_demo", stdout=StringIO())
    opd = OPD.objects.get(kode="disdukcapil-luwu-timur")
    client.force_login(Pengguna.objects.get(username="operator.luwutimur"))
    induk = opd.indikator_set.get(nama=PENUNJANG)
    url = reverse("realisasi_grid", args=[opd.kode, 2024, "TW3"])
    halaman = client.get(url)
    assert halaman.status_code == 200
    teks = halaman.content.decode()
    assert f'name="r-{induk.id}-nilai"' in teks
    potong = (
        teks.split(f'name="r-{induk.id}-nilai"')[0].rsplit("<input", 1)[1]
        + teks.split(f'name="r-{induk.id}-nilai"')[1].split(">", 1)[0]
    )
    assert "disabled" in potong
    assert "Dihitung otomatis: rata-rata capaian indikator turunan (8 indikator)" in teks
