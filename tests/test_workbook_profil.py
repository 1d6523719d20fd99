"""The office profile and the strategies in the office-year workbook: sheets written, read back
unchanged, edited, refused with sheet, row and column."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from laporan.models import DasarHukum, SumberDayaManusia
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from pertukaran.workbook import ekspor_workbook, impor_workbook
from renstra.models import ArahKebijakan, Strategi
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.test_pertukaran_profil import _isi, _potret
from tests.test_workbook import simpan

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    _isi(opd)
    return opd


def _baris(ws):
    return [[c.value for c in r] for r in ws.iter_rows()]


def test_sheets_hold_the_profile_and_the_strategies(opd):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    assert _baris(wb["Strategi"]) == [
        ["Kode sasaran", "Jenis", "Urutan", "Uraian"],
        ["S1", "strategi", 1, "Pelayanan cepat"],
        ["S1", "arah_kebijakan", 1, "Aplikasi layanan"],
        ["S1", "arah_kebijakan", 2, "Sarana pendukung"],
        ["S1", "strategi", 2, "Profesionalisme petugas"],
    ]
    assert _baris(wb["Dasar Hukum"])[1:] == [
        ["Undang-Undang", "23", 2014, "Pemerintahan Daerah", 0],
        ["Peraturan Wali Kota", None, None, "Tugas <b>dan</b> fungsi", 0],
    ]
    assert _baris(wb["Sumber Daya Manusia"])[1] == [2024, "status", "PNS", 31, 1]
    assert wb["Penghargaan"]["E2"].number_format == "DD-MM-YYYY"


def test_reimporting_the_workbook_leaves_the_database_identical(opd):
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
    assert data["profil"] == harapan["profil"]
    assert [s.get("strategi") for s in data["renstra"]["sasaran"]] == [
        s.get("strategi") for s in harapan["renstra"]["sasaran"]
    ]


def test_edited_sheets_replace_the_rows(opd):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    wb["Sumber Daya Manusia"]["D3"] = 6  # PPPK
    wb["Dasar Hukum"].delete_rows(3)
    ws = wb["Strategi"]
    ws.delete_rows(4)  # the second arah kebijakan of the first strategy
    ws.append(["S1", "arah_kebijakan", None, "Sosialisasi lewat media"])  # under the second strategy
    hasil = impor_workbook(simpan(wb), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert hasil.impor.dihapus == {"Dasar hukum": 1, "Arah kebijakan": 1}
    assert SumberDayaManusia.objects.get(uraian="PPPK").jumlah == 6
    assert DasarHukum.objects.count() == 1
    assert [(a.strategi.uraian, a.uraian) for a in ArahKebijakan.objects.order_by("strategi__urutan", "urutan")] == [
        ("Pelayanan cepat", "Aplikasi layanan"),
        ("Profesionalisme petugas", "Sosialisasi lewat media"),
    ]
    assert "1 dihapus" not in hasil.ringkasan_teks and hasil.ringkasan_teks.endswith("2 dihapus")


def test_an_old_workbook_without_the_sheets_leaves_the_rows(opd):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    for nama in ("Strategi", "Dasar Hukum", "Sumber Daya Manusia", "Sarana Prasarana", "Penghargaan", "Inovasi"):
        del wb[nama]
    sebelum = _potret()
    hasil = impor_workbook(simpan(wb), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert _potret() == sebelum


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        (
            lambda wb: wb["Sumber Daya Manusia"].cell(2, 4, "banyak"),
            "Sheet 'Sumber Daya Manusia' baris 2 kolom 'Jumlah pegawai': 'banyak' bukan bilangan bulat.",
        ),
        (
            lambda wb: setattr(wb["Dasar Hukum"]["D2"], "value", None),
            "Sheet 'Dasar Hukum' baris 2 kolom 'Tentang': wajib diisi.",
        ),
        (
            lambda wb: wb["Strategi"].cell(2, 1, "S9"),
            "Sheet 'Strategi' baris 2 kolom 'Kode sasaran': sasaran 'S9' tidak ada di sheet Tujuan dan Sasaran.",
        ),
        (
            lambda wb: [wb["Strategi"].cell(r, 1, "S1.P1") for r in (2, 3, 4)],
            "Sheet 'Strategi' baris 2 kolom 'Kode sasaran': "
            "S1.P1 bukan sasaran strategis; strategi hanya untuk sasaran strategis.",
        ),
        (
            lambda wb: wb["Penghargaan"].cell(2, 5, "05-01-2023"),
            "Sheet 'Penghargaan' baris 2: tanggal: Tanggal harus di tahun 2024.",
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
    assert Strategi.objects.count() == 2
