"""Excel import/export of budget realisation: dry run, row-level errors, atomic, round trip."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from anggaran.excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from anggaran.models import ItemAnggaran, Pagu, RealisasiAnggaran
from anggaran.nomenklatur import muat_nomenklatur
from anggaran.ringkasan import ringkas_anggaran, sebagai_dict
from tests.factories import OPDFactory

pytestmark = pytest.mark.django_db

JUDUL = [
    "Kode",
    "Uraian",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Realisasi Kinerja",
    "Capaian Kinerja (%)",
    "Pagu (Rp)",
    "Realisasi Anggaran (Rp)",
    "Serapan (%)",
    "Sumber Dana",
    "Keterangan",
]

# Rows of table 3.2 of report 004 (Probolinggo 2024), first program, parents with their printed totals.
BARIS_004 = [
    [
        "2.12.01",
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "Persentase Capaian Kinerja Program Minimal 80%",
        "%",
        100,
        100,
        None,
        24660000,
        24520000,
        None,
        None,
        None,
    ],
    [
        "2.12.01.2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        "Persentase Capaian Kinerja Kegiatan Perangkat Daerah Minimal",
        "%",
        100,
        100,
        None,
        16590000,
        16495000,
        None,
        None,
        None,
    ],
    [
        "2.12.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Laporan Dokumen Perencanaan Perangkat Daerah",
        "Laporan",
        4,
        4,
        None,
        8070000,
        8025000,
        None,
        "DAU",
        None,
    ],
    [
        "2.12.01.2.01.0006",
        "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "Laporan",
        4,
        4,
        None,
        8520000,
        8470000,
        None,
        "DAU",
        None,
    ],
    [None, None, "Jumlah dokumen evaluasi", "Dokumen", 2, 2, None, None, None, None, None, None],
    [
        "2.12.01.2.02",
        "Administrasi Keuangan Perangkat Daerah",
        None,
        None,
        None,
        None,
        None,
        "8.070.000",
        "8.025.000",
        None,
        None,
        None,
    ],
    [
        "2.12.01.2.02.0001",
        "Penyediaan Gaji dan Tunjangan ASN",
        "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
        "Orang",
        47,
        47,
        None,
        "8.070.000",
        "8.025.000",
        None,
        None,
        "Refocusing",
    ],
]


def buku(baris=BARIS_004, judul=JUDUL, header_row=3):
    wb = Workbook()
    ws = wb.active
    ws.title = "Realisasi Anggaran"
    ws["A1"] = "3.2 Realisasi Anggaran 2024"
    for c, j in enumerate(judul, 1):
        ws.cell(header_row, c, j)
    for r, isi in enumerate(baris, header_row + 1):
        for c, v in enumerate(isi, 1):
            ws.cell(r, c, v)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.fixture
def opd():
    muat_nomenklatur()
    return OPDFactory(kode="dispenduk-uji")


def test_import_builds_the_tree_and_totals_match_the_printed_ones(opd):
    pratinjau = impor_realisasi_anggaran(opd, 2024, buku())
    assert pratinjau.berhasil, pratinjau.galat
    assert pratinjau.jumlah("baru") == 6 and not ItemAnggaran.objects.exists()  # dry run wrote nothing
    hasil = impor_realisasi_anggaran(opd, 2024, buku(), percobaan=False)
    assert hasil.berhasil
    data = sebagai_dict(ringkas_anggaran(opd, 2024))
    program = data["program"][0]
    assert (program["pagu"], program["realisasi"], program["serapan"]) == ("24660000", "24520000", "99.43")
    sub = program["kegiatan"][0]["sub_kegiatan"][1]
    assert [i["nama"] for i in sub["indikator"]] == [
        "Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "Jumlah dokumen evaluasi",
    ]
    gaji = ItemAnggaran.objects.get(kode="2.12.01.2.02.0001")
    assert gaji.catatan == "Refocusing"
    assert Pagu.objects.get(item=gaji).jenis == "perubahan"
    assert RealisasiAnggaran.objects.get(item=gaji).triwulan == 4


def _ganti(baris, r, c, nilai):
    salin = [list(x) for x in baris]
    salin[r][c] = nilai
    return salin


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        (
            lambda b: _ganti(b, 2, 0, "2.12.01.2.01.0099"),
            "Baris 6 (2.12.01.2.01.0099): kode 2.12.01.2.01.0099 tidak ada di nomenklatur",
        ),
        (lambda b: _ganti(b, 2, 0, "2.12.1.2.01.0001"), "tidak sesuai format Kepmendagri"),
        (lambda b: _ganti(b, 2, 7, "delapan juta"), "Baris 6 (2.12.01.2.01.0001): kolom Pagu: "),
        (lambda b: _ganti(b, 1, 4, "79.143"), "kolom Target: Angka '79.143' ambigu"),  # a % target
        (
            lambda b: _ganti(b, 2, 8, 9000000),
            "Realisasi s.d. triwulan 4 (Rp 9.000.000) melebihi pagu (Rp 8.070.000).",  # anggaran.aturan
        ),
        (
            lambda b: _ganti(b, 0, 7, 24000000),
            "pagu induk tercetak 24.000.000 tidak sama dengan jumlah rinciannya 24.660.000",
        ),
        (lambda b: _ganti(b, 2, 7, "=C5*2"), "berisi rumus"),
        (lambda b: b + [list(b[2])], "kode 2.12.01.2.01.0001 sudah ada di baris 6"),
    ],
)
def test_bad_rows_are_refused_with_one_message_each_and_nothing_written(opd, ubah, pesan):
    hasil = impor_realisasi_anggaran(opd, 2024, buku(ubah(BARIS_004)), percobaan=False)
    assert not hasil.berhasil
    assert any(pesan in g for g in hasil.galat), hasil.galat
    assert not ItemAnggaran.objects.exists()


def test_whole_file_problems_are_refused(opd):
    assert (
        "tidak dapat dibaca sebagai Excel" in impor_realisasi_anggaran(opd, 2024, io.BytesIO(b"bukan excel")).galat[0]
    )
    tanpa_kode = buku(judul=["Nomor"] + JUDUL[1:])
    assert "Baris judul kolom" in impor_realisasi_anggaran(opd, 2024, tanpa_kode).galat[0]
    kurang = buku(judul=JUDUL[:7] + ["Lain"] + JUDUL[8:])
    assert "Kolom wajib tidak ada: Pagu (Rp)" in impor_realisasi_anggaran(opd, 2024, kurang).galat[0]
    wb = load_workbook(buku())
    wb.active.merge_cells("H3:I3")
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    assert "sel gabungan" in impor_realisasi_anggaran(opd, 2024, out).galat[0]


def test_import_export_import_gives_identical_data(opd):
    impor_realisasi_anggaran(opd, 2024, buku(), percobaan=False)
    sebelum = sebagai_dict(ringkas_anggaran(opd, 2024))
    ekspor = ekspor_realisasi_anggaran(opd, 2024)
    ulang = impor_realisasi_anggaran(opd, 2024, io.BytesIO(ekspor), percobaan=False)
    assert ulang.berhasil, ulang.galat
    assert ulang.jumlah("baru") == 0 and ulang.jumlah("ubah") == 0 and ulang.jumlah("tetap") == 6
    assert sebagai_dict(ringkas_anggaran(opd, 2024)) == sebelum
    # ...and into another office, the same figures.
    lain = OPDFactory(kode="dispenduk-lain")
    assert impor_realisasi_anggaran(lain, 2024, io.BytesIO(ekspor), percobaan=False).berhasil
    hasil_lain = sebagai_dict(ringkas_anggaran(lain, 2024))
    assert hasil_lain["program"] == sebelum["program"]


def test_changed_figure_is_an_update(opd):
    impor_realisasi_anggaran(opd, 2024, buku(), percobaan=False)
    baris = _ganti(_ganti(BARIS_004, 2, 8, 8000000), 1, 8, 16470000)
    baris = _ganti(baris, 0, 8, 24495000)
    hasil = impor_realisasi_anggaran(opd, 2024, buku(baris), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert hasil.jumlah("ubah") == 1
    assert RealisasiAnggaran.objects.get(item__kode="2.12.01.2.01.0001").nilai == D(8000000)
    assert RealisasiAnggaran.history.filter(item__kode="2.12.01.2.01.0001").count() == 2
