"""The report's data tables in the office-year workbook (sheets Survei Kepuasan, Unsur Survei,
Belanja Jenis, Layanan Dokumen): written, read back unchanged, loaded into an empty database,
edited, locked with their periods, refused with sheet, row and column."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from anggaran.models import BelanjaJenis
from kinerja.models import LayananDokumen, RealisasiLayananDokumen, StatusPeriode, SurveiKepuasan, UnsurSurvei
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from pertukaran.workbook import ekspor_workbook, impor_workbook
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.test_pertukaran_tabel import TEKS_JAHAT, _isi, _potret
from tests.test_workbook import simpan

pytestmark = pytest.mark.django_db

SHEET = ("Survei Kepuasan", "Unsur Survei", "Belanja Jenis", "Layanan Dokumen")


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    _isi(opd)
    return opd


def _baris(ws):
    return [[c.value for c in r] for r in ws.iter_rows()]


def test_sheets_hold_the_tables(opd):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    assert _baris(wb["Survei Kepuasan"]) == [
        ["Tahun", "Periode", "Kode indikator", "Jumlah responden", "Keterangan", "Catatan internal"],
        [2024, "TW2", None, 50, None, "uji"],
        [2024, "TAHUN", "IKU1", 400, "Google Form", None],
    ]
    assert _baris(wb["Unsur Survei"]) == [
        ["Tahun", "Periode", "Nomor unsur", "Unsur pelayanan", "Nilai rata-rata", "Jumlah nilai"],
        [2024, "TAHUN", 1, "Persyaratan", 3.86, None],
        [2024, "TAHUN", 2, "Prosedur", None, 1560],
    ]
    assert _baris(wb["Belanja Jenis"])[1:] == [
        [2024, None, "operasi", "renja", 1000, None, None],
        [2024, None, "modal", "dpa", 950740557, 1040814650.5, None],
        [2024, "2.12.02", "pegawai", "dpa", 500, None, None],
    ]
    assert _baris(wb["Layanan Dokumen"]) == [
        [
            "Tahun",
            "Jenis layanan",
            "Urutan",
            "Target setahun",
            "Kumulatif",
            "Kode indikator",
            "Dokumen TW I",
            "Dokumen TW II",
            "Dokumen TW III",
            "Dokumen TW IV",
        ],
        [2024, "Cetak KTP-el", 1, 1000, "ya", "IKU1", 200, 450, None, None],
        [2024, "Akta Kelahiran", 2, 300, "tidak", None, None, None, None, None],
    ]
    assert wb["Belanja Jenis"]["E2"].number_format == "#,##0"


def test_reimporting_the_workbook_changes_nothing(opd):
    sebelum = _potret()
    for berkas in (ekspor_workbook(opd, 2024), ekspor_workbook(opd)):
        wb = load_workbook(io.BytesIO(berkas))
        del wb["_sakip_asal"]  # without what the export kept: every cell is compared with the database
        for isi in (io.BytesIO(berkas), simpan(wb)):
            hasil = impor_workbook(isi, percobaan=False)
            assert hasil.berhasil, hasil.galat
            assert not hasil.impor.dibuat and not hasil.impor.diubah and not hasil.impor.dihapus
    assert _potret() == sebelum


@pytest.mark.django_db(transaction=True)
def test_workbook_into_an_empty_database_gives_the_same_rows(opd):
    harapan = ekspor_data_opd(opd)
    berkas = ekspor_workbook(opd, 2024)
    call_command("flush", interactive=False, verbosity=0)
    hasil = impor_workbook(io.BytesIO(berkas), percobaan=False)
    assert hasil.berhasil, hasil.galat
    data = ekspor_data_opd(OPD.objects.get(kode="dinas-uji"))
    for k in ("survei_kepuasan", "belanja_jenis", "layanan_dokumen"):
        assert data[k] == harapan[k]


def test_edited_sheets_replace_the_rows(opd):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    wb["Unsur Survei"]["E2"] = "3,9"  # Indonesian text
    wb["Unsur Survei"].delete_rows(3)
    wb["Survei Kepuasan"].delete_rows(2)  # TW2
    wb["Belanja Jenis"]["F3"] = 900000000
    ws = wb["Layanan Dokumen"]
    ws["H2"] = None  # TW II of Cetak KTP-el
    ws["I2"] = 700
    ws.append([2024, "Kartu Identitas Anak", 3, 50, "tidak", None, 10, None, None, None])
    hasil = impor_workbook(simpan(wb), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert hasil.impor.dihapus == {
        "Survei kepuasan masyarakat": 1,
        "Unsur pelayanan": 1,
        "Realisasi layanan dokumen": 1,
    }
    assert hasil.impor.diubah == {"Unsur pelayanan": 1, "Anggaran per jenis belanja": 1}
    assert hasil.impor.dibuat == {"Layanan dokumen": 1, "Realisasi layanan dokumen": 2}
    assert list(UnsurSurvei.objects.values_list("nomor", "nilai_rata")) == [(1, D("3.9000"))]
    assert BelanjaJenis.objects.get(jenis_belanja="modal").realisasi == D("900000000.00")
    assert sorted(RealisasiLayananDokumen.objects.values_list("layanan__nama", "triwulan", "jumlah")) == [
        ("Cetak KTP-el", 1, 200),
        ("Cetak KTP-el", 3, 700),
        ("Kartu Identitas Anak", 1, 10),
    ]
    assert LayananDokumen.objects.get(nama="Kartu Identitas Anak").kumulatif is False


def test_an_old_workbook_without_the_sheets_leaves_the_rows(opd):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    for nama in SHEET:
        del wb[nama]
    sebelum = _potret()
    hasil = impor_workbook(simpan(wb), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert _potret() == sebelum


def test_a_locked_period_refuses_the_changed_rows(opd):
    StatusPeriode.objects.create(opd=opd, tahun=2024, periode="TW3", status=StatusPeriode.Status.DISETUJUI)
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    wb["Layanan Dokumen"]["I2"] = 700  # TW III of a year with a locked period
    wb["Survei Kepuasan"]["D2"] = 51  # TW2 survey, frozen by the approved TW3
    sebelum = _potret()
    hasil = impor_workbook(simpan(wb), percobaan=False)
    pesan = (
        "terkunci: data Triwulan III 2024 berstatus disetujui pimpinan. "
        "Minta dikembalikan ke draf (atau dibuka kembali) bila perlu diubah."
    )
    assert hasil.galat == [
        f"Sheet 'Survei Kepuasan' baris 2: Survei kepuasan masyarakat Triwulan II 2024 {pesan}",
        "Sheet 'Layanan Dokumen' baris 2 kolom 'Dokumen TW III': "
        f"Realisasi layanan Cetak KTP-el triwulan 3 2024 {pesan}",
    ]
    assert _potret() == sebelum


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        (
            lambda wb: wb["Survei Kepuasan"].cell(2, 4, "banyak"),
            "Sheet 'Survei Kepuasan' baris 2 kolom 'Jumlah responden': 'banyak' bukan bilangan bulat.",
        ),
        (
            lambda wb: wb["Unsur Survei"].cell(2, 2, "S1"),
            "Sheet 'Unsur Survei' baris 2 kolom 'Periode': "
            "tidak ada survei dengan tahun dan periode ini di sheet Survei Kepuasan.",
        ),
        (
            lambda wb: wb["Survei Kepuasan"].cell(3, 3, "IKU9"),
            "Sheet 'Survei Kepuasan' baris 3 kolom 'Kode indikator': indikator 'IKU9' tidak ada di data OPD ini.",
        ),
        (
            lambda wb: wb["Belanja Jenis"].cell(2, 2, "2.12.09"),
            "Sheet 'Belanja Jenis' baris 2 kolom 'Kode anggaran': "
            "item anggaran 2.12.09 tahun 2024 tidak ada di data OPD ini.",
        ),
        (
            lambda wb: wb["Layanan Dokumen"].cell(2, 8, "banyak"),
            "Sheet 'Layanan Dokumen' baris 2 kolom 'Dokumen TW II': 'banyak' bukan bilangan bulat.",
        ),
        (
            lambda wb: wb["Layanan Dokumen"].append([2024, "Cetak KTP-el", 3, 5, "ya"]),
            "Sheet 'Layanan Dokumen' baris 4: jenis layanan yang sama dengan layanan_dokumen[0] (tahun, nama).",
        ),
    ],
)
def test_bad_rows_are_refused_with_sheet_row_column_and_nothing_changes(opd, ubah, pesan):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    ubah(wb)
    sebelum = _potret()
    hasil = impor_workbook(simpan(wb), percobaan=False)
    assert pesan in hasil.galat, hasil.galat
    assert _potret() == sebelum


def test_hostile_text_is_written_as_text_and_read_back_unchanged(opd):
    SurveiKepuasan.objects.filter(periode="TW2").update(keterangan=TEKS_JAHAT)
    UnsurSurvei.objects.filter(nomor=1).update(nama=TEKS_JAHAT)
    BelanjaJenis.objects.filter(jenis_belanja="modal").update(dasar=TEKS_JAHAT)
    LayananDokumen.objects.filter(nama="Akta Kelahiran").update(nama=TEKS_JAHAT)
    berkas = ekspor_workbook(opd, 2024)
    wb = load_workbook(io.BytesIO(berkas))
    assert wb["Survei Kepuasan"]["E2"].value == TEKS_JAHAT and wb["Survei Kepuasan"]["E2"].data_type == "s"
    assert wb["Layanan Dokumen"]["B3"].value == TEKS_JAHAT and wb["Layanan Dokumen"]["B3"].data_type == "s"
    sebelum = _potret()
    del wb["_sakip_asal"]
    hasil = impor_workbook(simpan(wb), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert not hasil.impor.dibuat and not hasil.impor.diubah and not hasil.impor.dihapus
    assert _potret() == sebelum


def test_an_operator_uploads_the_workbook_of_the_office_and_not_of_another(opd):
    operator = PenggunaFactory(opd=opd)
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    wb["Layanan Dokumen"]["I2"] = 700
    hasil = impor_workbook(simpan(wb), percobaan=False, opd_tetap=opd, user=operator, tahun=2024)
    assert hasil.berhasil, hasil.galat
    assert hasil.impor.dibuat == {"Realisasi layanan dokumen": 1} and not hasil.impor.diubah
    assert RealisasiLayananDokumen.objects.get(triwulan=3).jumlah == 700
    lain = OPD.objects.create(pemda=opd.pemda, kode="dinas-lain", nama="Dinas Lain")
    sebelum = _potret()
    hasil = impor_workbook(io.BytesIO(ekspor_workbook(opd, 2024)), percobaan=False, opd_tetap=lain, tahun=2024)
    assert not hasil.berhasil and _potret() == sebelum
