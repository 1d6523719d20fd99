"""The budget-realisation import keeps the rules of the grid (issue #14): frozen quarters and pagu
refused per row, cumulative realisation judged with the stored figures (anggaran.aturan), a stale
exported file never reverts later edits, all under the office lock."""

import io
from decimal import Decimal as D

import pytest
from django.db import connection
from openpyxl import load_workbook

from anggaran.excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from anggaran.models import Pagu, RealisasiAnggaran
from kinerja.models import Realisasi, StatusPeriode
from tests.impor_bantu import riwayat, verifikasi
from tests.test_anggaran_excel import BARIS_004, _ganti, buku

pytestmark = pytest.mark.django_db

DAUN = "2.12.01.2.01.0001"  # first sub kegiatan of BARIS_004 (row 6 of the file): pagu 8.070.000


@pytest.fixture
def opd():
    from anggaran.nomenklatur import muat_nomenklatur
    from tests.factories import OPDFactory

    muat_nomenklatur()
    o = OPDFactory(kode="dispenduk-uji")
    assert impor_realisasi_anggaran(o, 2024, buku(), percobaan=False).berhasil
    return o


def _realisasi_daun(baris, nilai):
    """The rows with the first sub kegiatan's spending changed and its parents' totals following."""
    beda = nilai - 8025000
    baris = _ganti(baris, 2, 8, nilai)
    baris = _ganti(baris, 1, 8, 16495000 + beda)
    return _ganti(baris, 0, 8, 24520000 + beda)


def _isi():
    return {
        "pagu": {p.item.kode: p.nilai for p in Pagu.objects.select_related("item")},
        "realisasi": {(r.item.kode, r.triwulan): r.nilai for r in RealisasiAnggaran.objects.select_related("item")},
        "kinerja": sorted(Realisasi.objects.values_list("indikator__nama", "periode", "nilai")),
    }


def test_a_verified_year_refuses_budget_realisation_pagu_and_measured_values_per_row(opd):
    verifikasi(opd, 2024)
    baris = _realisasi_daun(BARIS_004, 8000000)
    baris = _ganti(baris, 3, 7, 8600000)  # pagu of the second sub kegiatan (its parent total follows)
    baris = _ganti(baris, 1, 7, 16670000)
    baris = _ganti(baris, 0, 7, 24740000)
    baris = _ganti(baris, 6, 5, 46)  # measured value of Penyediaan Gaji
    sebelum, jejak = _isi(), riwayat()
    hasil = impor_realisasi_anggaran(opd, 2024, buku(baris), percobaan=False)
    terkunci = "terkunci: data tahun 2024 berstatus diverifikasi (terkunci). Minta dikembalikan ke draf (atau "
    assert hasil.galat == [
        f"Baris 6 ({DAUN}): Realisasi anggaran {DAUN} triwulan 4 2024 {terkunci}dibuka kembali) bila perlu diubah.",
        f"Baris 7 (2.12.01.2.01.0006): Pagu 2.12.01.2.01.0006 {terkunci}dibuka kembali) bila perlu diubah.",
        f"Baris 10 (2.12.01.2.02.0001): Realisasi tahun 2024 {terkunci}dibuka kembali) bila perlu diubah.",
    ]
    assert _isi() == sebelum and riwayat() == jejak
    # The same file unchanged is fine.
    assert impor_realisasi_anggaran(opd, 2024, buku(), percobaan=False).berhasil


def test_cumulative_realisation_below_a_stored_earlier_quarter_is_refused(opd):
    # Up to TW3: 8.025.000 spent (stored as the TW4 figure of the first import; take TW3 from a quarter file).
    assert impor_realisasi_anggaran(opd, 2024, buku(), triwulan=3, percobaan=False).berhasil
    hasil = impor_realisasi_anggaran(opd, 2024, buku(_realisasi_daun(BARIS_004, 8000000)), percobaan=False)
    assert hasil.galat == [
        f"Baris 6 ({DAUN}): Realisasi kumulatif s.d. triwulan 4 (Rp 8.000.000) lebih kecil dari s.d. triwulan 3 "
        "(Rp 8.025.000); realisasi dicatat kumulatif sejak Januari."
    ]
    assert RealisasiAnggaran.objects.get(item__kode=DAUN, triwulan=4).nilai == D("8025000")


def test_a_stale_budget_file_keeps_later_edits_and_reports_conflicts(opd):
    berkas = ekspor_realisasi_anggaran(opd, 2024)  # downloaded
    r = RealisasiAnggaran.objects.get(item__kode=DAUN, triwulan=4)
    r.nilai = D("8050000")  # corrected in the grid afterwards
    r.save()
    ulang = impor_realisasi_anggaran(opd, 2024, io.BytesIO(berkas), percobaan=False)
    assert ulang.berhasil, ulang.galat
    assert ulang.jumlah("ubah") == 0
    assert RealisasiAnggaran.objects.get(item__kode=DAUN, triwulan=4).nilai == D("8050000")

    # The person changed the same cell in the file: both values are reported, nothing written.
    wb = load_workbook(io.BytesIO(berkas))
    ws = wb["Realisasi Anggaran"]
    baris = next(n for n in range(1, ws.max_row + 1) if ws.cell(n, 1).value == DAUN)
    for n, v in ((baris, 8010000), (baris - 1, 16480000), (baris - 2, 24505000)):  # leaf, kegiatan, program
        ws.cell(n, 9).value = v
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    hasil = impor_realisasi_anggaran(opd, 2024, out, percobaan=False)
    assert hasil.galat == [
        f"Baris {baris} ({DAUN}): kolom Realisasi Anggaran: diubah di aplikasi setelah berkas ini diunduh "
        "(tersimpan sekarang 8.050.000, di berkas 8.010.000). Samakan nilainya di berkas (atau unduh ulang), lalu "
        "impor kembali."
    ]
    assert RealisasiAnggaran.objects.get(item__kode=DAUN, triwulan=4).nilai == D("8050000")


def test_the_budget_import_runs_under_the_office_lock(opd, monkeypatch):
    import anggaran.excel as excel

    dikunci = []
    monkeypatch.setattr(excel, "kunci_opd", lambda *ids: dikunci.append((ids, connection.in_atomic_block)))
    impor_realisasi_anggaran(opd, 2024, buku())
    assert dikunci == [((opd.pk,), True)]


def test_a_frozen_quarter_does_not_stop_a_later_one(opd):
    StatusPeriode.objects.create(opd=opd, tahun=2024, periode="TW3", status=StatusPeriode.Status.DIAJUKAN)
    hasil = impor_realisasi_anggaran(opd, 2024, buku(_realisasi_daun(BARIS_004, 8000000)), triwulan=3)
    assert f"Baris 6 ({DAUN}): Realisasi anggaran {DAUN} triwulan 3 2024 terkunci" in "\n".join(hasil.galat)
    assert "Baris 4 (2.12.01): Realisasi Triwulan III 2024 terkunci" in "\n".join(hasil.galat)  # measured values
    hasil = impor_realisasi_anggaran(opd, 2024, buku(_realisasi_daun(BARIS_004, 8050000)), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert RealisasiAnggaran.objects.get(item__kode=DAUN, triwulan=4).nilai == D("8050000")
