"""Issue #17 item 7: the code list carries provincial and kabupaten/kota codes (the level digit of
Kepmendagri 050-5889: 1 provinsi, 2 kabupaten/kota), so a provincial office enters its kegiatan;
no door lets an office store a kegiatan or sub kegiatan of the other level."""

import io
from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from anggaran.excel import impor_realisasi_anggaran
from anggaran.models import ItemAnggaran, Nomenklatur, Pagu, pesan_digit_tingkat
from anggaran.nomenklatur import kode_dikenal, kode_tidak_dikenal, muat_nomenklatur, terapkan_nomenklatur
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import ekspor_workbook, impor_workbook
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PemdaFactory, PenggunaFactory
from tests.potret import beda, potret
from tests.test_anggaran_excel import buku

pytestmark = pytest.mark.django_db

PENUNJANG_KAB = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
PENUNJANG_PROV = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI"
PEMDA_PROVINSI = {"nama": "Provinsi Uji", "tingkat": "provinsi", "jabatan_kepala_daerah": "Gubernur"}
PESAN_PROV_DI_KOTA = (
    "Kode 2.12.02.1.01 adalah kode provinsi (digit tingkat 1), sedangkan OPD ini milik pemerintah kota; "
    "gunakan kode kabupaten/kota (2.12.02.2.xx)."
)


@pytest.fixture
def daftar():
    muat_nomenklatur()


@pytest.fixture
def provinsi():
    pemda = PemdaFactory(nama="Provinsi Uji", tingkat="provinsi", jabatan_kepala_daerah="Gubernur")
    return OPDFactory(pemda=pemda, kode="disdukcapil-provinsi")


@pytest.fixture
def kabupaten():
    return OPDFactory(kode="disdukcapil-kabupaten")  # the factory's Pemda is a kabupaten


def _per_tingkat(opd, tahun):
    return Counter(ItemAnggaran.objects.filter(opd=opd, tahun=tahun).values_list("tingkat", flat=True))


def _baris(kode, nama, pagu=None, realisasi=None):
    return [kode, nama, None, None, None, None, None, pagu, realisasi, None, None, None]


# --- the list ----------------------------------------------------------------------------------


def test_the_fixture_holds_both_program_penunjang_rows_and_the_provincial_kegiatan():
    assert muat_nomenklatur() == (178, 0)
    assert muat_nomenklatur() == (0, 0)  # loading again finds every row by (kode, tingkat_pemda)
    assert dict(Nomenklatur.objects.filter(kode="2.12.01").values_list("tingkat_pemda", "nama")) == {
        "kabupaten_kota": PENUNJANG_KAB,
        "provinsi": PENUNJANG_PROV,
    }
    hitung = Counter(Nomenklatur.objects.values_list("tingkat", "tingkat_pemda"))
    assert hitung == {
        ("program", ""): 4,  # the substantive programs are shared
        ("program", "kabupaten_kota"): 1,
        ("program", "provinsi"): 1,
        ("kegiatan", "kabupaten_kota"): 18,
        ("kegiatan", "provinsi"): 17,
        ("sub_kegiatan", "kabupaten_kota"): 77,
        ("sub_kegiatan", "provinsi"): 60,  # the Program Penunjang's only
    }
    # A kegiatan's level is its level digit.
    for kode, tingkat in Nomenklatur.objects.exclude(tingkat="program").values_list("kode", "tingkat_pemda"):
        assert tingkat == {"1": "provinsi", "2": "kabupaten_kota"}[kode.split(".")[3]], kode
    # The provincial Program Penunjang kegiatan have the kab/kota sub kegiatan, number for number.
    sub = {
        tingkat: {(k.split(".", 4)[4], n) for k, n in qs.values_list("kode", "nama")}
        for tingkat, qs in (
            ("provinsi", Nomenklatur.objects.filter(kode__startswith="2.12.01.1.", tingkat="sub_kegiatan")),
            ("kabupaten_kota", Nomenklatur.objects.filter(kode__startswith="2.12.01.2.", tingkat="sub_kegiatan")),
        )
    }
    assert sub["provinsi"] == sub["kabupaten_kota"]
    assert not Nomenklatur.objects.filter(kode__regex=r"^2\.12\.0[2-5]\.1\.\d{2}\.").exists()


def test_stored_rows_get_their_level_from_the_migration(migrasi_dipulihkan):
    lama, baru = [("anggaran", "0002_nomenklatur")], [("anggaran", "0003_nomenklatur_tingkat_pemda")]
    executor = MigrationExecutor(connection)
    executor.migrate(lama)
    apps = executor.loader.project_state(lama).apps
    N = apps.get_model("anggaran", "Nomenklatur")
    for kode, nama, tingkat in [
        ("2.12.01", PENUNJANG_KAB, "program"),
        ("2.12.01.2.01", "Perencanaan", "kegiatan"),
        ("2.12.01.1.01.0001", "Penyusunan Dokumen", "sub_kegiatan"),
        ("2.12.02", "PROGRAM PENDAFTARAN PENDUDUK", "program"),
    ]:
        N.objects.create(kode=kode, nama=nama, tingkat=tingkat)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(baru)
    assert dict(Nomenklatur.objects.values_list("kode", "tingkat_pemda")) == {
        "2.12.01": "kabupaten_kota",
        "2.12.01.2.01": "kabupaten_kota",
        "2.12.01.1.01.0001": "provinsi",
        "2.12.02": "",
    }
    # The provincial Program Penunjang now loads beside the stored kab/kota one.
    muat_nomenklatur()
    assert Nomenklatur.objects.filter(kode="2.12.01").count() == 2 and Nomenklatur.objects.count() == 178


@pytest.fixture
def migrasi_dipulihkan(transactional_db):
    """A test that migrates backwards: the database is migrated forward again afterwards."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_known_and_unknown_codes_by_level(daftar):
    kode = {
        "2.12.01",
        "2.12.02",
        "2.12.02.1.01",
        "2.12.02.1.01.0001",  # provincial sub kegiatan: the list lacks them, so not judged
        "2.12.02.1.09",  # provincial kegiatan the list does not have
        "2.12.01.1.02.0001",
        "2.12.01.1.02.0099",
        "2.12.02.2.01",  # kab/kota kegiatan: not in the provincial list
        "2.12.09",  # a program of a loaded bidang the list does not have
        "X.XX.01",  # the office's own urusan: no list
        "1.01.02.1.01",  # another urusan: no list
        "2.12.2",  # malformed: left to the format rule
    }
    assert kode_tidak_dikenal(kode, "provinsi") == {"2.12.02.1.09", "2.12.01.1.02.0099", "2.12.02.2.01", "2.12.09"}
    assert kode_dikenal(kode, "provinsi") == {"2.12.01", "2.12.02", "2.12.02.1.01", "2.12.01.1.02.0001"}
    kab = {"2.12.02.2.01.0999", "2.12.02.2.02.0001", "2.12.02.1.01", "2.12.01.2.02.0001"}
    assert kode_tidak_dikenal(kab, "kabupaten_kota") == {"2.12.02.2.01.0999", "2.12.02.1.01"}
    assert kode_dikenal(kab, "kabupaten_kota") == {"2.12.01.2.02.0001"}


def test_the_tree_of_a_provincial_office_is_the_provincial_one(daftar, provinsi):
    assert terapkan_nomenklatur(provinsi, 2025, "2.12") == 82
    assert _per_tingkat(provinsi, 2025) == {"program": 5, "kegiatan": 17, "sub_kegiatan": 60}
    assert ItemAnggaran.objects.get(opd=provinsi, tahun=2025, kode="2.12.01").nama == PENUNJANG_PROV
    kode = (
        ItemAnggaran.objects.filter(opd=provinsi, tahun=2025).exclude(tingkat="program").values_list("kode", flat=True)
    )
    assert {k.split(".")[3] for k in kode} == {"1"}
    assert ItemAnggaran.objects.get(opd=provinsi, tahun=2025, kode="2.12.05.1.01").induk.kode == "2.12.05"
    assert terapkan_nomenklatur(provinsi, 2025, "2.12") == 0


def test_the_tree_of_a_kabupaten_office_is_the_kabupaten_one(daftar, kabupaten):
    assert terapkan_nomenklatur(kabupaten, 2025, "2.12") == 100
    assert _per_tingkat(kabupaten, 2025) == {"program": 5, "kegiatan": 18, "sub_kegiatan": 77}
    assert ItemAnggaran.objects.get(opd=kabupaten, tahun=2025, kode="2.12.01").nama == PENUNJANG_KAB
    kode = (
        ItemAnggaran.objects.filter(opd=kabupaten, tahun=2025).exclude(tingkat="program").values_list("kode", flat=True)
    )
    assert {k.split(".")[3] for k in kode} == {"2"}


# --- the level-digit rule ------------------------------------------------------------------------


def test_the_rule_names_both_levels(provinsi, kabupaten):
    assert pesan_digit_tingkat("2.12.02.2.01", provinsi) == (
        "Kode 2.12.02.2.01 adalah kode kabupaten/kota (digit tingkat 2), sedangkan OPD ini milik pemerintah "
        "provinsi; gunakan kode provinsi (2.12.02.1.xx)."
    )
    assert pesan_digit_tingkat("2.12.02.1.01.0001", kabupaten) == (
        "Kode 2.12.02.1.01.0001 adalah kode provinsi (digit tingkat 1), sedangkan OPD ini milik pemerintah "
        "kabupaten; gunakan kode kabupaten/kota (2.12.02.2.xx.xxxx)."
    )
    for kode in ("2.12.01", "X.XX.01", "2.12.02.1.01"):
        assert pesan_digit_tingkat(kode, provinsi) is None
    for kode in ("2.12.01", "X.XX.01", "2.12.02.2.01.0001"):
        assert pesan_digit_tingkat(kode, kabupaten) is None


def _dokumen_provinsi():
    d = dokumen(pemda=dict(PEMDA_PROVINSI))
    nama = {"2.12.02.1.01": "Pelayanan Pendaftaran Kependudukan", "2.12.03.1.01": "Pelayanan Pencatatan Sipil"}
    for item in d["anggaran"]:
        bagian = item["kode"].split(".")
        if len(bagian) >= 5:
            bagian[3] = "1"
            item["kode"] = ".".join(bagian)
            item["nama"] = nama.get(item["kode"], item["nama"])
    return d


def test_a_provincial_office_loads_its_kegiatan(daftar):
    hasil = impor_data_opd(_dokumen_provinsi())
    assert hasil.berhasil, hasil.galat
    opd = OPD.objects.get(kode="dinas-uji")
    assert set(ItemAnggaran.objects.filter(opd=opd).values_list("kode", flat=True)) == {
        "2.12.02",
        "2.12.02.1.01",
        "2.12.02.1.01.0001",
        "2.12.03",
        "2.12.03.1.01",
        "2.12.03.1.01.0001",
    }
    assert Pagu.objects.filter(item__opd=opd, item__kode="2.12.02.1.01.0001").count() == 2


def test_a_provincial_office_imports_its_kegiatan_from_excel(daftar, provinsi):
    baris = [
        _baris("2.12.01", PENUNJANG_PROV, 5000000, 4000000),
        _baris("2.12.01.1.02", "Administrasi Keuangan Perangkat Daerah", 5000000, 4000000),
        _baris("2.12.01.1.02.0001", "Penyediaan Gaji dan Tunjangan ASN", 5000000, 4000000),
        _baris("2.12.02", "PROGRAM PENDAFTARAN PENDUDUK", 9000000, 8000000),
        _baris("2.12.02.1.01", "Pelayanan Pendaftaran Kependudukan", 9000000, 8000000),
        _baris("2.12.02.1.01.0001", "Pelayanan Pendaftaran Kependudukan Provinsi", 9000000, 8000000),
    ]
    hasil = impor_realisasi_anggaran(provinsi, 2024, buku(baris), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert ItemAnggaran.objects.filter(opd=provinsi, tahun=2024).count() == 6
    assert Pagu.objects.get(item__opd=provinsi, item__kode="2.12.02.1.01.0001").nilai == 9000000


def test_a_kota_office_loading_a_provincial_kegiatan_is_refused_at_its_row(daftar):
    assert impor_data_opd(dokumen()).berhasil
    d = dokumen()
    d["anggaran"].append({"tahun": 2024, "kode": "2.12.02.1.01", "nama": "Pelayanan Pendaftaran Kependudukan"})
    d["anggaran"][2]["realisasi"]["4"] = "435000000"  # a change that must not be written either
    sebelum = potret()
    hasil = impor_data_opd(d)
    assert hasil.galat == [("anggaran[6].kode", PESAN_PROV_DI_KOTA)]
    assert not beda(sebelum, potret())


def test_a_kota_office_workbook_with_a_provincial_kegiatan_is_refused_at_its_row(daftar):
    assert impor_data_opd(dokumen()).berhasil
    wb = load_workbook(io.BytesIO(ekspor_workbook(OPD.objects.get(kode="dinas-uji"), 2024)))
    ws = wb["Anggaran"]
    ws.append([2024, "2.12.02.1.01", "Pelayanan Pendaftaran Kependudukan"])
    baris = ws.max_row
    berkas = io.BytesIO()
    wb.save(berkas)
    berkas.seek(0)
    sebelum = potret()
    hasil = impor_workbook(berkas, percobaan=False)
    assert hasil.galat == [f"Sheet 'Anggaran' baris {baris} kolom 'Kode': {PESAN_PROV_DI_KOTA}"]
    assert not beda(sebelum, potret())


def test_an_excel_import_with_the_other_level_is_refused_at_its_rows(daftar, provinsi, kabupaten):
    ItemAnggaran.objects.create(opd=kabupaten, tahun=2024, kode="2.12.02", nama="PROGRAM PENDAFTARAN PENDUDUK")
    baris = [
        _baris("2.12.02", "PROGRAM PENDAFTARAN PENDUDUK", 9000000, 8000000),
        _baris("2.12.02.1.01", "Pelayanan Pendaftaran Kependudukan", 9000000, 8000000),
        _baris("2.12.02.1.01.0001", "Pelayanan Pendaftaran Kependudukan Provinsi", 9000000, 8000000),
    ]
    sebelum = potret()
    hasil = impor_realisasi_anggaran(kabupaten, 2024, buku(baris), percobaan=False)
    assert hasil.galat == [
        "Baris 5 (2.12.02.1.01): Kode 2.12.02.1.01 adalah kode provinsi (digit tingkat 1), sedangkan OPD ini "
        "milik pemerintah kabupaten; gunakan kode kabupaten/kota (2.12.02.2.xx).",
        "Baris 6 (2.12.02.1.01.0001): Kode 2.12.02.1.01.0001 adalah kode provinsi (digit tingkat 1), sedangkan "
        "OPD ini milik pemerintah kabupaten; gunakan kode kabupaten/kota (2.12.02.2.xx.xxxx).",
    ]
    assert not beda(sebelum, potret())
    # And the other way round: a kab/kota kegiatan in a provincial office.
    baris = [
        _baris("2.12.02", "PROGRAM PENDAFTARAN PENDUDUK", 9000000, 8000000),
        _baris("2.12.02.2.01", "Pelayanan Pendaftaran Penduduk", 9000000, 8000000),
    ]
    hasil = impor_realisasi_anggaran(provinsi, 2024, buku(baris), percobaan=False)
    assert hasil.galat == [
        "Baris 5 (2.12.02.2.01): Kode 2.12.02.2.01 adalah kode kabupaten/kota (digit tingkat 2), sedangkan OPD "
        "ini milik pemerintah provinsi; gunakan kode provinsi (2.12.02.1.xx)."
    ]
    assert not beda(sebelum, potret())


def _tambah_di_admin(client, opd, kode, nama):
    return client.post(
        reverse("admin:anggaran_itemanggaran_add"),
        {
            "opd": opd.pk,
            "tahun": 2025,
            "kode": kode,
            "nama": nama,
            "urutan": 0,
            "pagu_set-TOTAL_FORMS": 0,
            "pagu_set-INITIAL_FORMS": 0,
            "realisasi_set-TOTAL_FORMS": 0,
            "realisasi_set-INITIAL_FORMS": 0,
        },
    )


def test_the_admin_refuses_the_other_level_digit(provinsi, kabupaten):
    client = Client()
    client.force_login(PenggunaFactory(peran="", opd=None, is_superuser=True, is_staff=True))
    for opd in (provinsi, kabupaten):
        ItemAnggaran.objects.create(opd=opd, tahun=2025, kode="2.12.02", nama="PROGRAM PENDAFTARAN PENDUDUK")
    response = _tambah_di_admin(client, kabupaten, "2.12.02.1.01", "Pelayanan Pendaftaran Kependudukan")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kode"] == [
        "Kode 2.12.02.1.01 adalah kode provinsi (digit tingkat 1), sedangkan OPD ini milik pemerintah kabupaten; "
        "gunakan kode kabupaten/kota (2.12.02.2.xx)."
    ]
    assert not ItemAnggaran.objects.filter(opd=kabupaten, kode="2.12.02.1.01").exists()
    response = _tambah_di_admin(client, provinsi, "2.12.02.1.01", "Pelayanan Pendaftaran Kependudukan")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ItemAnggaran.objects.get(opd=provinsi, kode="2.12.02.1.01").induk.kode == "2.12.02"


def test_the_admin_lists_and_filters_the_list_by_level(daftar):
    client = Client()
    client.force_login(PenggunaFactory(peran="", opd=None, is_superuser=True, is_staff=True))
    alamat = reverse("admin:anggaran_nomenklatur_changelist")
    response = client.get(alamat, {"tingkat_pemda__exact": "provinsi", "q": "2.12.01"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 69  # the provincial Program Penunjang
    assert "Tingkat pemerintah daerah" in response.content.decode()


# --- the list through the admin's import-export -------------------------------------------------


def test_the_code_list_table_carries_the_level(daftar):
    import tablib

    from anggaran.admin import NomenklaturResource

    ekspor = NomenklaturResource().export()
    assert ekspor.headers == ["kode", "nama", "tingkat_pemda"] and len(ekspor) == 178
    # A table with the level: the provincial program is found by (kode, tingkat_pemda).
    data = tablib.Dataset(headers=["kode", "nama", "tingkat_pemda"])
    data.append(["2.12.01", PENUNJANG_PROV + " (baru)", "provinsi"])
    data.append(["2.12.01.1.10", "Kegiatan Provinsi Baru", ""])  # a kegiatan's level is its digit
    hasil = NomenklaturResource().import_data(data, dry_run=False)
    assert not hasil.has_errors()
    assert Nomenklatur.objects.get(kode="2.12.01", tingkat_pemda="provinsi").nama == PENUNJANG_PROV + " (baru)"
    assert Nomenklatur.objects.get(kode="2.12.01", tingkat_pemda="kabupaten_kota").nama == PENUNJANG_KAB
    assert Nomenklatur.objects.get(kode="2.12.01.1.10").tingkat_pemda == "provinsi"
    # A table without the column: a kegiatan row updates the stored row of its level digit.
    data = tablib.Dataset(headers=["kode", "nama"])
    data.append(["2.12.02.1.01", "Pelayanan Pendaftaran Kependudukan (ubah)"])
    hasil = NomenklaturResource().import_data(data, dry_run=False)
    assert not hasil.has_errors()
    assert Nomenklatur.objects.filter(kode="2.12.02.1.01").count() == 1
    assert Nomenklatur.objects.get(kode="2.12.02.1.01").nama.endswith("(ubah)")
    salah = tablib.Dataset(headers=["kode", "nama", "tingkat_pemda"])
    salah.append(["2.12.06", "salah", "kecamatan"])
    hasil = NomenklaturResource().import_data(salah, dry_run=False, raise_errors=False)
    assert hasil.has_errors() and not Nomenklatur.objects.filter(nama="salah").exists()
