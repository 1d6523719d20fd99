"""What an exported workbook was made from, kept inside it: the starting point of a re-import.

An export writes the data it shows, compressed, into a very hidden sheet (Excel shows it in no
menu; a person editing the workbook never sees it). The import reads it back and compares, per
field, the exported value (what the person started from), the value in the file (what the person
left or typed) and the value stored now: a field the person did not touch is not written, so a
workbook downloaded last week cannot undo what was entered in the application since.

The sheet holds a marker and the JSON text (zlib, base64) split over cells of column A (a cell
holds at most 32,767 characters). A file without the sheet, or with a damaged one, has no
starting point and imports as a plain file. The uploader controls that sheet, so the text is
decompressed up to `BATAS_BYTE` only: a larger (or damaged) copy counts as absent.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

from .xlsx_aman import tulis_sel

NAMA_SHEET = "_sakip_asal"
PENANDA = "sakip-asal/1"
PANJANG_SEL = 32000
# The largest document a copy may expand to: far above any office's export (a few MB), far
# below what would hurt the server (a decompression bomb of a few KB expands to gigabytes).
BATAS_BYTE = 50 * 1024 * 1024
_POTONG = 1024 * 1024  # decompressed per step


def tanam(wb, isi: dict) -> None:
    """Write `isi` (JSON-serialisable) into a very hidden sheet of the openpyxl workbook `wb`."""
    teks = json.dumps(isi, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    kode = base64.b64encode(zlib.compress(teks.encode("utf-8"), 9)).decode("ascii")
    ws = wb.create_sheet(NAMA_SHEET)
    ws.sheet_state = "veryHidden"
    ws.cell(1, 1, PENANDA)
    for n, awal in enumerate(range(0, len(kode), PANJANG_SEL), 2):
        # Text, even when a piece starts with base64's "+" or its "=" padding.
        tulis_sel(ws, n, 1, kode[awal : awal + PANJANG_SEL])


def baca(wb) -> dict | None:
    """The data written by `tanam`, or None when the workbook has none (or it cannot be read)."""
    if NAMA_SHEET not in wb.sheetnames:
        return None
    ws = wb[NAMA_SHEET]
    if ws.cell(1, 1).value != PENANDA:
        return None
    potongan = []
    for n in range(2, ws.max_row + 1):
        v = ws.cell(n, 1).value
        if not v:
            break
        potongan.append(str(v))
    try:
        teks = _buka(base64.b64decode("".join(potongan), validate=True))
        if teks is None:
            return None
        isi = json.loads(teks.decode("utf-8"))
    except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError, RecursionError):
        return None
    return isi if isinstance(isi, dict) else None


def _buka(data: bytes, batas: int = BATAS_BYTE) -> bytes | None:
    """The decompressed bytes, or None when they would exceed `batas` or the stream is incomplete.
    Decompressed piece by piece (zlib.decompress has no limit): a bomb is dropped at `batas`."""
    d = zlib.decompressobj()
    bagian, jumlah = [], 0
    sisa = data
    while not d.eof:
        sebelum = sisa
        potong = d.decompress(sisa, _POTONG)  # with no input left, it still gives what zlib holds
        sisa = d.unconsumed_tail
        if not potong and sisa == sebelum:
            return None  # no progress: the stream is truncated
        jumlah += len(potong)
        if jumlah > batas:
            return None
        bagian.append(potong)
    return b"".join(bagian)
