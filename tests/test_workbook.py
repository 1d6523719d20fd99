"""The office-year workbook: export, import (also into an empty database), bad files."""

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from anggaran.models import ItemAnggaran
from anggaran.nomenklatur import muat_nomenklatur
from kinerja.models import Realisasi
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import ekspor_workbook, impor_workbook
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.test_demo import DEMO, HARAPAN

pytestmark = pytest.mark.django_db


def jalankan(perintah, kode, tahun, periode="TAHUN"):
    out = StringIO()
    call_command(perintah, "--opd", kode, "--tahun", str(tahun), "--periode", periode, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def simpan(wb):
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.fixture
def contoh():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


def test_export_has_every_sheet_with_indonesian_headers_formats_and_lists(contoh):
    wb = load_workbook(io.BytesIO(ekspor_workbook(contoh, 2024)))
    # Besides the sheets a person sees, one very hidden sheet keeps what the export showed.
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "veryHidden"] == ["_sakip_asal"]
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == [
        "Petunjuk",
        "Identitas",
        "Jabatan",
        "Pejabat",
        "Tujuan dan Sasaran",
        "Indikator",
        "Perjanjian Kinerja",
        "Rencana Aksi",
        "Realisasi",
        "Pembanding",
        "Anggaran",
        "Pagu",
        "Tautan Anggaran",
        "Strategi",
        "Dasar Hukum",
        "Sumber Daya Manusia",
        "Sarana Prasarana",
        "Penghargaan",
        "Inovasi",
        "Survei Kepuasan",
        "Unsur Survei",
        "Belanja Jenis",
        "Layanan Dokumen",
    ]
    ind = wb["Indikator"]
    judul = [c.value for c in ind[1]]
    assert judul[:5] == ["Kode indikator", "Milik", "Kode pemilik", "Nama indikator", "Satuan"]
    assert "Target 2020" in judul and "Target 2024" in judul
    rumus = {str(dv.formula1) for dv in ind.data_validations.dataValidation}
    assert '"naik,turun,rentang"' in rumus
    realisasi = wb["Realisasi"]
    assert '"TW1,TW2,TW3,TW4,S1,S2,TAHUN"' in {str(dv.formula1) for dv in realisasi.data_validations.dataValidation}
    pagu = wb["Pagu"]
    assert pagu["E2"].value == 400000000 and pagu["E2"].number_format == "#,##0"
    petunjuk = [r[2].value for r in wb["Petunjuk"].iter_rows(min_row=5) if r[0].value == "Realisasi"]
    assert any("Vintage" in (t or "") for t in petunjuk)


def test_reimporting_an_export_changes_nothing(contoh):
    berkas = io.BytesIO(ekspor_workbook(contoh, 2024))
    hasil = impor_workbook(berkas, percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert not hasil.impor.dibuat and not hasil.impor.diubah


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kode", list(HARAPAN))
def test_demo_office_export_then_import_into_an_empty_database_gives_identical_reports(kode):
    muat_nomenklatur()
    assert impor_data_opd(json.loads((DEMO / f"{kode}.json").read_text(encoding="utf-8"))).berhasil
    h = HARAPAN[kode]
    sebelum = [jalankan(c, kode, h["tahun"], h["periode"]) for c in ("pengukuran", "anggaran")]
    berkas = ekspor_workbook(OPD.objects.get(kode=kode), h["tahun"])
    call_command("flush", interactive=False, verbosity=0)
    muat_nomenklatur()
    hasil = impor_workbook(io.BytesIO(berkas), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert [jalankan(c, kode, h["tahun"], h["periode"]) for c in ("pengukuran", "anggaran")] == sebelum


def test_hand_filled_template_creates_an_office_year():
    muat_nomenklatur()
    wb = load_workbook(io.BytesIO(ekspor_workbook()))
    iden = wb["Identitas"]
    isian = {
        "Tahun": 2025,
        "Nama pemda": "Kabupaten Contoh",
        "Tingkat pemda": "kabupaten",
        "Kode OPD": "disdukcapil-contoh",
        "Nama OPD": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Contoh",
        "Renstra tahun mulai": 2025,
        "Renstra tahun selesai": 2029,
    }
    for r in range(2, iden.max_row + 1):
        if iden.cell(r, 1).value in isian:
            iden.cell(r, 2, isian[iden.cell(r, 1).value])
    wb["Jabatan"].append(["Kepala Dinas", "II", None])
    wb["Pejabat"].append(
        ["Siti Aminah, S.Sos.", "19800101 200501 2 001", "Pembina", "IV/a", "Kepala Dinas", "definitif", "01-01-2025"]
    )
    wb["Tujuan dan Sasaran"].append(["tujuan", "T1", None, None, None, "Meningkatkan layanan adminduk"])
    wb["Tujuan dan Sasaran"].append(
        ["sasaran", "S1", "strategis", "T1", None, "Meningkatnya kepemilikan KTP-el", "Kepala Dinas"]
    )
    ind = wb["Indikator"]
    judul = [c.value for c in ind[1]]
    baris = {
        "Kode indikator": "IKU1",
        "Milik": "sasaran",
        "Kode pemilik": "S1",
        "Nama indikator": "Cakupan KTP-el",
        "Satuan": "%",
        "Arah": "naik",
        "IKU": "ya",
        "Target 2025": "98,5",
    }
    ind.append([baris.get(j) for j in judul])
    wb["Perjanjian Kinerja"].append(
        [2025, "Kepala Dinas", 0, "ditetapkan", "02-01-2025", None, "198001012005012001", "S1", "IKU1", 99]
    )
    wb["Realisasi"].append(["IKU1", 2025, "TAHUN", "97,02"])
    wb["Anggaran"].append([2025, "2.12.02", "PROGRAM PENDAFTARAN PENDUDUK"])
    wb["Anggaran"].append([2025, "2.12.02.2.01", "Pelayanan Pendaftaran Penduduk"])
    wb["Anggaran"].append(
        [2025, "2.12.02.2.01.0001", "Pelayanan KTP-el", "APBD", None, None, None, None, "Rp 95.000.000"]
    )
    wb["Pagu"].append(["2.12.02.2.01.0001", "murni", 0, None, 100000000])
    wb["Tautan Anggaran"].append(["2.12.02", "S1", "IKU1"])
    hasil = impor_workbook(simpan(wb), percobaan=False)
    assert hasil.berhasil, hasil.galat
    data = jalankan("pengukuran", "disdukcapil-contoh", 2025)
    assert data["sasaran"][0]["indikator"][0]["capaian"] == "98.00"  # 97,02 / 99
    ang = jalankan("anggaran", "disdukcapil-contoh", 2025)
    assert (ang["pagu"], ang["realisasi"], ang["serapan"]) == ("100000000", "95000000", "95.00")
    assert ang["efisiensi"][0]["efisiensi"] == "3.00"


def _ubah(contoh, fn):
    wb = load_workbook(io.BytesIO(ekspor_workbook(contoh, 2024)))
    fn(wb)
    return simpan(wb)


@pytest.mark.parametrize(
    "fn, pesan",
    [
        (lambda wb: wb.remove(wb["Indikator"]), "Sheet 'Indikator' tidak ada"),
        (
            lambda wb: wb["Realisasi"].append(["IKU9", 2024, "TAHUN", 5]),
            "kolom 'Kode indikator': indikator 'IKU9' tidak ada di sheet Indikator",
        ),
        (lambda wb: wb["Pagu"].cell(2, 5, "empat ratus juta"), "Sheet 'Pagu' baris 2 kolom 'Pagu (Rp)': "),
        (lambda wb: wb["Realisasi"].merge_cells("A1:B1"), "judul kolom memakai sel gabungan"),
        (lambda wb: wb["Realisasi"].cell(2, 4, "=1+1"), "Sheet 'Realisasi' baris 2 kolom 'Realisasi': berisi rumus"),
        (lambda wb: wb["Realisasi"].append([c.value for c in wb["Realisasi"][2]]), "sudah ada di baris 2"),
        (lambda wb: wb["Indikator"].cell(2, 8, "miring"), "Sheet 'Indikator' baris 2"),
        (lambda wb: wb["Realisasi"].cell(2, 4, "79.143"), "ambigu"),
    ],
)
def test_bad_files_are_refused_with_place_and_nothing_written(contoh, fn, pesan):
    berkas = _ubah(contoh, fn)
    sebelum = Realisasi.objects.count(), ItemAnggaran.objects.count()
    Realisasi.objects.filter(indikator__kode="IKU1", tahun=2024).update(nilai=1)
    hasil = impor_workbook(berkas, percobaan=False)
    assert not hasil.berhasil
    assert any(pesan in g for g in hasil.galat), hasil.galat
    assert (Realisasi.objects.count(), ItemAnggaran.objects.count()) == sebelum
    assert Realisasi.objects.get(indikator__kode="IKU1", tahun=2024).nilai == 1  # nothing was written


def test_not_an_excel_file():
    hasil = impor_workbook(io.BytesIO(b"PK\x03\x04 rusak"))
    assert "tidak dapat dibaca sebagai Excel" in hasil.galat[0]


def test_command_export_import_and_errors(contoh, tmp_path):
    berkas = tmp_path / "uji.xlsx"
    out = StringIO()
    call_command("workbook", "export", "--opd", "dinas-uji", "--tahun", "2024", "--output", str(berkas), stdout=out)
    call_command("workbook", "import", str(berkas), "--dry-run", stdout=out)
    assert "Pemeriksaan (tidak disimpan)" in out.getvalue()
    call_command("workbook", "import", str(berkas), "--opd", "dinas-uji", "--tahun", "2024", stdout=out)
    with pytest.raises(CommandError, match="bukan 2023"):
        call_command("workbook", "import", str(berkas), "--tahun", "2023", stdout=out)
    wb = load_workbook(berkas)
    wb.remove(wb["Tujuan dan Sasaran"])
    wb.save(berkas)
    with pytest.raises(CommandError, match="Sheet 'Tujuan dan Sasaran' tidak ada"):
        call_command("workbook", "import", str(berkas), stdout=out)
    templat = tmp_path / "templat.xlsx"
    call_command("workbook", "templat", "--output", str(templat), stdout=out)
    assert "Identitas" in load_workbook(templat).sheetnames


def test_office_bound_import_ignores_pemda_and_refuses_another_office(contoh):
    berkas = ekspor_workbook(contoh, 2024)
    from tests.factories import OPDFactory

    lain = OPDFactory(kode="dinas-lain")
    hasil = impor_workbook(io.BytesIO(berkas), opd_tetap=lain)
    assert "berkas ini untuk OPD dinas-uji, bukan dinas-lain" in hasil.galat[0]
