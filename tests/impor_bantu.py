"""Helpers of the import tests: demo offices, the approval path, editing an exported workbook."""

import io
import json

from django.apps import apps
from openpyxl import load_workbook

from anggaran.nomenklatur import muat_nomenklatur
from kinerja.alur import jalankan_transisi
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import ekspor_workbook
from sakip.models import OPD
from tests.factories import PenggunaFactory
from tests.test_demo import DEMO


def muat_demo(*kode):
    """Load demo offices through the loader (as `make run` does); returns them by kode."""
    muat_nomenklatur()
    for k in kode:
        hasil = impor_data_opd(json.loads((DEMO / f"{k}.json").read_text(encoding="utf-8")))
        assert hasil.berhasil, hasil.galat[:5]
    return {k: OPD.objects.get(kode=k) for k in kode}


def verifikasi(opd, tahun, periode="TAHUN"):
    """Take a period through the approval path: submitted, approved, verified (locked)."""
    operator = PenggunaFactory(opd=opd)
    pimpinan = PenggunaFactory(opd=opd, pimpinan=True)
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    for kode, user in (("ajukan", operator), ("setujui", pimpinan), ("verifikasi", reviewer)):
        # Empty indicators and open findings accepted: these tests are about the lock.
        jalankan_transisi(user, opd, tahun, periode, kode, "Dikunci untuk uji", yakin=True)


def riwayat():
    """Rows of every history table (to prove that nothing was written)."""
    return {
        m.__name__: m.objects.count()
        for m in apps.get_models()
        if m.__name__.startswith("Historical") and "_" not in m.__name__
    }


def buku(opd, tahun):
    return load_workbook(io.BytesIO(ekspor_workbook(opd, tahun)))


def kolom(ws, judul):
    """Column number of a header."""
    for c in range(1, ws.max_column + 1):
        if ws.cell(1, c).value == judul:
            return c
    raise KeyError(judul)


def baris(ws, cari):
    """Number of the first row whose cells hold the values of `cari` ({header: value})."""
    cari = {kolom(ws, j): v for j, v in cari.items()}
    for r in range(2, ws.max_row + 1):
        if all(ws.cell(r, c).value == v for c, v in cari.items()):
            return r
    raise LookupError(cari)


def isi(ws, r, sel):
    """Set cells of row `r` ({header: value})."""
    for judul, v in sel.items():
        ws.cell(r, kolom(ws, judul)).value = v  # ws.cell(r, c, None) would leave the cell as it is


def tambah(ws, sel):
    """Append a row ({header: value}); returns its number."""
    r = ws.max_row + 1
    isi(ws, r, sel)
    return r


def identitas(wb, label, nilai=None):
    """Row number of an Identitas setting; sets its value when given."""
    ws = wb["Identitas"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == label:
            if nilai is not None:
                ws.cell(r, 2).value = nilai
            return r
    raise LookupError(label)


def berkas(wb, nama="workbook.xlsx"):
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = nama
    return out
