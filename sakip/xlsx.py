""" "Unduh Excel" of a table a page shows: one small writer for every page.

A view calls the selector its page uses, turns the rows into plain values and hands them here with
the column definitions; this module only renders. Numbers are number cells (a Decimal is written as
a number, never as text) with an Excel number format that shows the value as the screen does
(Excel puts the user's locale separators on '#,##0.00': 1.234,56 on an Indonesian Windows); a
percent is the number the screen shows (97,31 for 97,31 %) with the format `0.00" %"`; a date is a
date cell. Text is written by `xlsx_aman.tulis_sel` (never a formula: "=HYPERLINK(…)" typed as a
name stays text and gets the quote prefix) with control characters removed (openpyxl refuses them).

    isi = buku_tabel("Realisasi TW I 2025", [Kolom("Indikator"), Kolom("Target", "angka", 2)], baris)
    return respons_xlsx(isi, "realisasi-dinkes-2025-TW1.xlsx")

A cell may carry its own decimals (an indicator's precision): `Angka(nilai, desimal)`.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .xlsx_aman import PANJANG_TEKS, tulis_sel

JENIS = ("teks", "angka", "persen", "rupiah", "tanggal")
BARIS_KEPALA = 3  # row 1 the title, row 2 a note, row 3 the header, data from row 4
_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # keeps tab, LF and CR
_WARNA_KEPALA = PatternFill("solid", fgColor="E8F0F8")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Kolom:
    judul: str
    jenis: str = "teks"
    desimal: int = 2  # angka / persen / rupiah
    lebar: int | None = None

    def __post_init__(self):
        if self.jenis not in JENIS:
            raise ValueError(f"jenis kolom tidak dikenal: {self.jenis}")


@dataclass(frozen=True)
class Angka:
    """A number with its own decimals (a row's precision), in a column of numbers."""

    nilai: Decimal | int | None
    desimal: int


def format_angka(jenis, desimal):
    pecahan = "." + "0" * desimal if desimal > 0 else ""
    if jenis == "persen":
        return f'#,##0{pecahan}" %"'
    if jenis == "rupiah":
        return f'"Rp "#,##0{pecahan}'
    return f"#,##0{pecahan}"


def teks_bersih(nilai):
    """Text for a cell: control characters removed, at most what a cell holds."""
    return _KENDALI.sub("", str(nilai))[:PANJANG_TEKS]


def _tulis(ws, r, c, kolom, nilai):
    desimal = kolom.desimal
    if isinstance(nilai, Angka):
        nilai, desimal = nilai.nilai, nilai.desimal
    if nilai is None or nilai == "":
        return ws.cell(r, c)
    if kolom.jenis == "tanggal" and isinstance(nilai, datetime.date):
        if isinstance(nilai, datetime.datetime) and nilai.tzinfo is not None:
            nilai = timezone.localtime(nilai).replace(tzinfo=None)
        sel = ws.cell(r, c, nilai)
        # As `|tanggal` prints it ("7 Desember 2026" in an Indonesian Excel); a time stays in the value.
        sel.number_format = "d mmmm yyyy"
        return sel
    angka = isinstance(nilai, (Decimal, int)) and not isinstance(nilai, bool)
    if kolom.jenis in ("angka", "persen", "rupiah") and angka:
        if isinstance(nilai, Decimal) and not nilai.is_finite():
            return tulis_sel(ws, r, c, str(nilai))
        sel = ws.cell(r, c, nilai)
        sel.number_format = format_angka(kolom.jenis, desimal)
        return sel
    if isinstance(nilai, float):
        raise TypeError("nilai float tidak ditulis; pakai Decimal")
    return tulis_sel(ws, r, c, teks_bersih(nilai))


@dataclass
class Tabel:
    """One sheet: a title, an optional note, the columns and the rows."""

    judul: str
    kolom: list
    baris: list
    keterangan: str = ""
    nama_lembar: str = "Data"


def buku_tabel(judul, kolom, baris, *, keterangan="", nama_lembar="Data") -> bytes:
    """An .xlsx (bytes) of one table: title, an optional note, a bold frozen header and the rows
    (each a sequence of values in the order of `kolom`)."""
    return buku([Tabel(judul, kolom, baris, keterangan, nama_lembar)])


def buku(daftar_tabel) -> bytes:
    """An .xlsx (bytes) with one sheet per `Tabel`."""
    wb = Workbook()
    wb.remove(wb.active)
    for t in daftar_tabel:
        _lembar(wb.create_sheet(teks_bersih(t.nama_lembar)[:31] or "Data"), t)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _lembar(ws, t):
    tulis_sel(ws, 1, 1, teks_bersih(t.judul)).font = Font(bold=True, size=12)
    if t.keterangan:
        tulis_sel(ws, 2, 1, teks_bersih(t.keterangan)).font = Font(italic=True, color="555555")
    for c, k in enumerate(t.kolom, 1):
        sel = tulis_sel(ws, BARIS_KEPALA, c, teks_bersih(k.judul))
        sel.font, sel.fill = Font(bold=True), _WARNA_KEPALA
        sel.alignment = Alignment(wrap_text=True, vertical="top")
        lebar = k.lebar or {"teks": 40, "tanggal": 14, "rupiah": 18}.get(k.jenis, 12)
        ws.column_dimensions[get_column_letter(c)].width = lebar
    n = 0
    for n, nilai in enumerate(t.baris, 1):
        for c, (k, v) in enumerate(zip(t.kolom, nilai, strict=True), 1):
            sel = _tulis(ws, BARIS_KEPALA + n, c, k, v)
            if k.jenis == "teks":
                sel.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"A{BARIS_KEPALA + 1}"
    if t.kolom:
        ws.auto_filter.ref = f"A{BARIS_KEPALA}:{get_column_letter(len(t.kolom))}{BARIS_KEPALA + n}"


def respons_xlsx(isi: bytes, nama_berkas: str) -> HttpResponse:
    """The download of a workbook (the file name from codes and years only: ASCII, no quotes)."""
    nama = re.sub(r"[^A-Za-z0-9._-]", "-", nama_berkas)
    response = HttpResponse(isi, content_type=MIME)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def desimal_tampil(teks):
    """How many decimals a number printed the Indonesian way shows ("72,72" -> 2, "98" -> 0):
    the cell then shows what the page prints."""
    bagian = str(teks).rsplit(",", 1)
    return len(bagian[1]) if len(bagian) == 2 and bagian[1].isdigit() else 0


def nilai_presisi(nilai, presisi=None):
    """A measured value as the tables print it (`|nilai_presisi`): the stored number, shown with
    the decimals the page shows."""
    from .formatting import format_nilai

    if nilai is None or not isinstance(nilai, (Decimal, int)):
        return nilai
    return Angka(nilai, desimal_tampil(format_nilai(nilai, presisi)))
