"""The pages of a PDF as bands of text and ruled tables, read with pdfplumber.

Run as a child process (``python baca_pdf.py FILE MAX_PAGES``) by :mod:`reviu.dokumen.baca`,
under its memory and time limits: a hostile PDF stops the child, not the server. Prints JSON
``{"halaman": [[["teks", "<layout text>"] | ["tabel", [[cell, ...], ...]], ...], ...]}`` in
reading order (top to bottom), or exits with status 3 when the file has more than MAX_PAGES
pages. Standard library and pdfplumber only: no Django here.

Ruled tables (cell borders drawn as lines or rectangles: what Word, LibreOffice and our own
WeasyPrint print) come from pdfplumber's table finder with their true cells, so a wrapped
cell stays one cell and a merged header cell stays one cell; the text between them is laid
out as ``pdftotext -layout`` would, for the text heuristics of the caller (tables without
rules, prose).
"""

from __future__ import annotations

import json
import sys


def _teks_pita(halaman, atas: float, bawah: float) -> str:
    if bawah - atas < 1:
        return ""
    pita = halaman.crop((0, max(0, atas), halaman.width, min(halaman.height, bawah)), strict=False)
    return pita.extract_text(layout=True, layout_width_chars=130) or ""


def _dalam(a, b) -> bool:
    """Box a lies inside box b (x0, top, x1, bottom)."""
    return a[0] >= b[0] - 1 and a[1] >= b[1] - 1 and a[2] <= b[2] + 1 and a[3] <= b[3] + 1


def halaman(hal) -> list:
    tabel = [t for t in hal.find_tables() if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    tabel = [t for t in tabel if not any(u is not t and _dalam(t.bbox, u.bbox) for u in tabel)]
    tabel.sort(key=lambda t: t.bbox[1])
    isi, atas = [], 0.0
    for t in tabel:
        _, top, _, bottom = t.bbox
        if top > atas:
            isi.append(["teks", _teks_pita(hal, atas, top)])
        baris = [[" ".join((c or "").split()) for c in r] for r in t.extract()]
        isi.append(["tabel", [r for r in baris if any(r)]])
        atas = max(atas, bottom)
    isi.append(["teks", _teks_pita(hal, atas, hal.height)])
    return isi


def baca(path: str, maks: int) -> dict:
    import pdfplumber

    hasil = []
    with pdfplumber.open(path) as pdf:
        if len(pdf.pages) > maks:
            raise SystemExit(3)
        for hal in pdf.pages:
            hasil.append(halaman(hal))
            hal.close()  # frees the page's parsed objects
    return {"halaman": hasil}


if __name__ == "__main__":
    json.dump(baca(sys.argv[1], int(sys.argv[2])), sys.stdout, ensure_ascii=False)
