"""Formula injection (issue #15): text a person typed that starts like a formula is exported as
text, never as a live formula, byte for byte, and a re-import of the file changes nothing."""

import copy
import io

import pytest
from openpyxl import load_workbook

from anggaran.excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from anggaran.models import ItemAnggaran
from anggaran.nomenklatur import muat_nomenklatur
from kinerja.models import Realisasi
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import ekspor_workbook, impor_workbook
from renstra.models import Indikator, Sasaran
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.impor_bantu import riwayat

pytestmark = pytest.mark.django_db

RUMUS = ['=HYPERLINK("http://x","klik")', "+1", "-2+3", "@SUM(A1)", "=1+1"]


def _sel_berisi(wb, teks):
    """Every cell of the visible sheets whose value is `teks`."""
    return [
        sel
        for ws in wb.worksheets
        if ws.sheet_state == "visible"
        for row in ws.iter_rows()
        for sel in row
        if sel.value == teks
    ]


@pytest.fixture
def opd_berumus():
    """The sample office, with a formula-like text in each kind of text field the workbook carries."""
    data = copy.deepcopy(dokumen())
    sasaran = data["renstra"]["sasaran"][0]
    sasaran["uraian"] = RUMUS[0]
    ind = sasaran["indikator"][0]
    ind["nama"] = RUMUS[1]
    ind["realisasi"][0]["keterangan_data"] = RUMUS[2]
    ind["realisasi"][0]["catatan"] = RUMUS[3]
    data["anggaran"][-1]["catatan"] = RUMUS[4]
    assert impor_data_opd(data).berhasil
    return OPD.objects.get(kode="dinas-uji")


def test_the_office_workbook_writes_formula_like_text_as_text_and_reads_it_back_unchanged(opd_berumus):
    isi = ekspor_workbook(opd_berumus, 2024)
    wb = load_workbook(io.BytesIO(isi))
    for teks in RUMUS:
        sel = _sel_berisi(wb, teks)
        assert sel, teks  # exported, exactly
        assert all(s.data_type == "s" for s in sel), [(s.coordinate, s.data_type) for s in sel]
        assert all(s.quotePrefix for s in sel)  # Excel keeps it text when the cell is edited
    # The exported file imported back: nothing changes (no history row), and the text is as it was.
    jejak = riwayat()
    hasil = impor_workbook(io.BytesIO(isi), percobaan=False, opd_tetap=opd_berumus, tahun=2024)
    assert hasil.berhasil, hasil.galat
    assert sum(hasil.impor.diubah.values()) == 0 and riwayat() == jejak
    assert Sasaran.objects.filter(uraian=RUMUS[0]).exists()
    assert Indikator.objects.filter(nama=RUMUS[1]).exists()
    r = Realisasi.objects.get(keterangan_data=RUMUS[2])
    assert r.catatan == RUMUS[3]
    assert ItemAnggaran.objects.filter(catatan=RUMUS[4]).exists()


def test_a_workbook_without_its_hidden_copy_still_reads_formula_like_text_as_the_text(opd_berumus):
    """Without the export's starting point every cell is compared with what is stored: a text
    cell starting with "=" is the text, not a formula to refuse."""
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd_berumus, 2024)))
    wb.remove(wb["_sakip_asal"])
    keluaran = io.BytesIO()
    wb.save(keluaran)
    jejak = riwayat()
    hasil = impor_workbook(io.BytesIO(keluaran.getvalue()), percobaan=False, opd_tetap=opd_berumus, tahun=2024)
    assert hasil.berhasil, hasil.galat
    assert sum(hasil.impor.diubah.values()) == 0 and riwayat() == jejak


def test_a_real_formula_typed_into_a_text_column_is_still_refused(opd_berumus):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd_berumus, 2024)))
    ws = wb["Realisasi"]
    kolom = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == "Keterangan data")
    ws.cell(2, kolom, "=A1")  # openpyxl writes a str starting with "=" as a formula
    keluaran = io.BytesIO()
    wb.save(keluaran)
    hasil = impor_workbook(io.BytesIO(keluaran.getvalue()), opd_tetap=opd_berumus, tahun=2024)
    assert any("kolom 'Keterangan data': berisi rumus '=A1'" in g for g in hasil.galat), hasil.galat


def test_the_budget_workbook_writes_formula_like_text_as_text_and_reads_it_back_unchanged():
    muat_nomenklatur()
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    item = ItemAnggaran.objects.filter(opd=opd, tahun=2024).order_by("kode").last()
    item.catatan, item.sumber_dana = RUMUS[0], RUMUS[1]
    item.save()
    ind = Indikator.objects.filter(item_anggaran__opd=opd).first()
    ind.nama, ind.satuan = RUMUS[2], RUMUS[3]
    ind.save()
    isi = ekspor_realisasi_anggaran(opd, 2024)
    wb = load_workbook(io.BytesIO(isi))
    for teks in RUMUS[:4]:
        sel = _sel_berisi(wb, teks)
        assert sel and all(s.data_type == "s" for s in sel), teks
    jejak = riwayat()
    hasil = impor_realisasi_anggaran(opd, 2024, io.BytesIO(isi), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert hasil.jumlah_per_aksi["ubah"] == 0 and riwayat() == jejak
    item.refresh_from_db()
    ind.refresh_from_db()
    assert (item.catatan, item.sumber_dana, ind.nama, ind.satuan) == tuple(RUMUS[:4])


def test_numbers_stay_numbers(opd_berumus):
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd_berumus, 2024)))
    ws = wb["Realisasi"]
    kolom = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == "Realisasi")
    nilai = [ws.cell(r, kolom) for r in range(2, ws.max_row + 1) if ws.cell(r, kolom).value is not None]
    assert nilai and all(s.data_type == "n" for s in nilai)
