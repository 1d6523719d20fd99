"""Budget: codes, totals rolled up, pagu versions, serapan, allocation and efisiensi."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from anggaran.models import ItemAnggaran, kode_induk, normalisasi_kode, tingkat_dari_kode
from anggaran.ringkasan import ringkas_anggaran
from pertukaran.muat import impor_data_opd
from sakip.models import OPD, MetodologiPemda
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    hasil = impor_data_opd(dokumen())
    assert hasil.berhasil, hasil.galat
    return OPD.objects.get(kode="dinas-uji")


def anggaran_json(*args):
    out = StringIO()
    call_command("anggaran", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    "kode, tingkat",
    [
        ("2.12.02", "program"),
        ("2.12.02.2.01", "kegiatan"),
        ("2.12.02.2.01.0001", "sub_kegiatan"),
        ("X.XX.01", "program"),
        ("2.12.2", None),
        ("2.12.02.2.1", None),
        ("2.12.02.2.01.001", None),
        ("abc", None),
    ],
)
def test_code_format(kode, tingkat):
    assert tingkat_dari_kode(kode) == tingkat


def test_code_helpers():
    assert normalisasi_kode(" 2.12.01.2.01.01 ") == "2.12.01.2.01.0001"  # report 002 prints 2 digits
    assert kode_induk("2.12.02.2.01.0001") == "2.12.02.2.01"
    assert kode_induk("2.12.02.2.01") == "2.12.02"
    assert kode_induk("2.12.02") is None


def test_same_code_in_other_years_and_offices_but_not_twice_in_one():
    a, b = OPDFactory(), OPDFactory()
    for opd, tahun in [(a, 2023), (a, 2024), (b, 2024)]:
        ItemAnggaran.objects.create(opd=opd, tahun=tahun, kode="2.12.02", nama="PROGRAM PENDAFTARAN PENDUDUK")
    dobel = ItemAnggaran(opd=a, tahun=2024, kode="2.12.02", nama="x")
    with pytest.raises(ValidationError):
        dobel.full_clean()


def test_child_needs_its_parent():
    item = ItemAnggaran(opd=OPDFactory(), tahun=2024, kode="2.12.02.2.01", nama="Pelayanan")
    with pytest.raises(ValidationError, match="Induk 2.12.02 belum ada"):
        item.full_clean()


def test_totals_roll_up_and_serapan_seed_004(opd):
    data = anggaran_json("--opd", "dinas-uji", "--tahun", "2024")
    program = {p["kode"]: p for p in data["program"]}
    ktp = program["2.12.02"]
    assert (ktp["pagu"], ktp["realisasi"], ktp["serapan"]) == ("437286032", "434526020", "99.37")
    assert ktp["pagu_murni"] == "400000000"
    assert ktp["kegiatan"][0]["sub_kegiatan"][0]["pagu"] == "437286032"
    assert program["2.12.03"]["serapan"] == "98.09"  # 98,085 half-up; Tabel 1f of report 004 printed 98,08
    assert program["2.12.03"]["kegiatan"][0]["sub_kegiatan"][0]["catatan"] == "Refocusing"
    assert (data["pagu"], data["realisasi"]) == ("557286032", "552228020")
    assert data["serapan"] == "99.09"
    assert program["2.12.02"]["indikator"][0] == {
        "nama": "Persentase KTP-el",
        "satuan": "%",
        "target": "99",
        "realisasi": "99.10",
        "capaian": "100.10",
    }


def test_efficiency_seed_004(opd):
    data = anggaran_json("--opd", "dinas-uji", "--tahun", "2024")
    rows = {(e["indikator"] or "sasaran"): e for e in data["efisiensi"]}
    ktp = rows["Persentase penduduk ber-KTP-el"]
    assert (ktp["capaian"], ktp["serapan"], ktp["efisiensi"], ktp["kategori"]) == (
        "99.30",
        "99.37",
        "-0.07",
        "Tidak Efisien",
    )
    akta = rows["Persentase kepemilikan akta kelahiran"]
    assert (akta["capaian"], akta["serapan"], akta["efisiensi"]) == ("99.03", "98.09", "0.94")
    sasaran = rows["sasaran"]
    assert (sasaran["capaian"], sasaran["serapan"], sasaran["efisiensi"]) == ("99.17", "99.09", "0.08")
    assert data["alokasi_sasaran"][0]["pangsa"] == "100.00"


def test_efficiency_with_truncation_gives_the_printed_095(opd):
    MetodologiPemda.objects.filter(pemda=opd.pemda).update(pembulatan="truncate")
    data = anggaran_json("--opd", "dinas-uji", "--tahun", "2024")
    akta = next(e for e in data["efisiensi"] if e["indikator"] == "Persentase kepemilikan akta kelahiran")
    assert (akta["serapan"], akta["efisiensi"]) == ("98.08", "0.95")


def test_quarter_uses_pagu_in_force_and_spending_so_far(opd):
    data = anggaran_json("--opd", "dinas-uji", "--tahun", "2024", "--periode", "TW3")
    ktp = data["program"][0]
    assert (ktp["pagu"], ktp["realisasi"]) == ("437286032", "300000000")
    akta = data["program"][1]
    assert akta["realisasi"] == "0"  # nothing recorded up to TW III


def test_program_linked_to_several_sasaran_is_warned(opd):
    from renstra.models import Sasaran

    program = ItemAnggaran.objects.get(opd=opd, kode="2.12.02")
    program.sasaran.add(Sasaran.objects.get(kode="S1.P1"))
    hasil = ringkas_anggaran(opd, 2024)
    assert any("2.12.02" in p and "2 sasaran" in p for p in hasil.peringatan)


def test_budget_summary_queries_do_not_grow_with_items(opd, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as ctx:
        ringkas_anggaran(opd, 2024)
    sebelum = len(ctx.captured_queries)
    for i in range(2, 12):
        ItemAnggaran.objects.create(opd=opd, tahun=2024, kode=f"2.12.02.2.01.{i:04d}", nama=f"Sub {i}")
    with django_assert_max_num_queries(sebelum):
        hasil = ringkas_anggaran(opd, 2024)
    assert len(list(hasil.semua_simpul())) == 16


@pytest.mark.parametrize(
    "args, pesan",
    [
        (["--opd", "x", "--tahun", "2024"], "OPD dengan kode 'x' tidak ditemukan"),
        (["--opd", "dinas-uji", "--tahun", "2019"], "Belum ada data anggaran"),
        (["--opd", "dinas-uji", "--tahun", "2024", "--periode", "S1"], "Periode 'S1' tidak dikenal"),
    ],
)
def test_command_errors(opd, args, pesan):
    with pytest.raises(CommandError, match=pesan):
        call_command("anggaran", *args, stdout=StringIO())


def test_command_text(opd):
    out = StringIO()
    call_command("anggaran", "--opd", "dinas-uji", "--tahun", "2024", stdout=out)
    teks = out.getvalue()
    assert "Pagu Rp 557.286.032; realisasi Rp 552.228.020; serapan 99,09 %" in teks
    assert "= -0,07 (Tidak Efisien)" in teks


def test_reference_code_list_applies_to_an_office_year():
    from io import StringIO

    from anggaran.models import Nomenklatur
    from anggaran.nomenklatur import muat_nomenklatur

    dibuat, _ = muat_nomenklatur()
    assert dibuat == Nomenklatur.objects.count() > 80
    assert set(Nomenklatur.objects.filter(kode="2.12.01").values_list("tingkat", "tingkat_pemda")) == {
        ("program", "kabupaten_kota"),
        ("program", "provinsi"),
    }
    lain = OPDFactory(kode="dinas-kosong")
    out = StringIO()
    call_command("terapkan_nomenklatur", "--opd", "dinas-kosong", "--tahun", "2025", "--awalan", "2.12.02", stdout=out)
    kode = set(ItemAnggaran.objects.filter(opd=lain, tahun=2025).values_list("kode", flat=True))
    assert "2.12.02" in kode and "2.12.02.2.01" in kode and "2.12.02.2.01.0001" in kode
    assert not any(k.startswith("2.12.03") for k in kode)
    assert ItemAnggaran.objects.get(opd=lain, tahun=2025, kode="2.12.02.2.01.0001").induk.kode == "2.12.02.2.01"
    # Applying again creates nothing; other years and offices are untouched.
    call_command("terapkan_nomenklatur", "--opd", "dinas-kosong", "--tahun", "2025", "--awalan", "2.12", stdout=out)
    semua = ItemAnggaran.objects.filter(opd=lain, tahun=2025).count()
    assert semua == Nomenklatur.objects.filter(tingkat_pemda__in=["", "kabupaten_kota"]).count()  # a kabupaten
    call_command("terapkan_nomenklatur", "--opd", "dinas-kosong", "--tahun", "2025", "--awalan", "2.12", stdout=out)
    assert ItemAnggaran.objects.filter(opd=lain, tahun=2025).count() == semua
    with pytest.raises(CommandError, match="Tidak ada nomenklatur"):
        call_command("terapkan_nomenklatur", "--opd", "dinas-kosong", "--tahun", "2025", "--awalan", "1.01")


def test_loader_refuses_a_code_missing_from_the_loaded_list():
    from anggaran.nomenklatur import muat_nomenklatur

    muat_nomenklatur()
    d = dokumen()
    d["anggaran"][2]["kode"] = "2.12.02.2.01.0999"
    hasil = impor_data_opd(d)
    assert ("anggaran[2].kode", "kode 2.12.02.2.01.0999 tidak ada di nomenklatur Kepmendagri 050-5889.") in hasil.galat


def test_code_list_imports_through_django_import_export():
    import tablib

    from anggaran.admin import NomenklaturResource
    from anggaran.models import Nomenklatur

    data = tablib.Dataset(headers=["kode", "nama"])
    data.append(["2.12.02", "PROGRAM PENDAFTARAN PENDUDUK"])
    data.append(["2.12.02.2.01.01", "Pendaftaran Peristiwa Kependudukan"])
    hasil = NomenklaturResource().import_data(data, dry_run=False)
    assert not hasil.has_errors()
    assert Nomenklatur.objects.get(kode="2.12.02.2.01.0001").tingkat == "sub_kegiatan"
    salah = tablib.Dataset(headers=["kode", "nama"])
    salah.append(["2.12.2", "salah"])
    hasil = NomenklaturResource().import_data(salah, dry_run=False, raise_errors=False)
    assert hasil.has_errors() and not Nomenklatur.objects.filter(nama="salah").exists()
