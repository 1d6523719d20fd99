"""The struktur organisasi of Bab I drawn as one SVG from the office's jabatan tree.

Top-down and sized for the width of an A4 portrait page: the head of office in a box at the top,
the positions directly below it (sekretaris, kepala bidang) as columns, several rows of columns
when there are more than four, and every deeper position stacked, indented, under its superior in
that column. Names wrap inside the boxes; the holder's name (when the data has one) is written in
italics below. Every text goes through `escape` (html.escape with quotes), as laporan/grafik.py:
the SVG is inserted unescaped into the page and the print HTML.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from html import escape

from .data import BarisStruktur

LEBAR, TEPI, JARAK, JARAK_BARIS, INDEN = 640, 14, 10, 22, 10
BARIS, BARIS_KECIL, PAD = 11, 10, 5  # line heights (9 and 8 px fonts) and inner padding, px
PX_PER_HURUF = 5.9  # average advance of the 9 px bold DejaVu Sans
MAKS_KOLOM, LEBAR_KEPALA = 4, 300
MAKS_NAMA, MAKS_PEJABAT = 5, 2
GARIS, ISI, ISI_KEPALA = "#1f4e79", "#f2f6fb", "#e8f0f8"


@dataclass
class _Simpul:
    baris: BarisStruktur
    anak: list[_Simpul] = field(default_factory=list)
    x: float = 0
    y: float = 0
    w: float = 0
    teks: list[tuple[str, str]] = field(default_factory=list)  # (kind, line)

    @property
    def h(self) -> float:
        return 2 * PAD + sum(BARIS if k == "nama" else BARIS_KECIL for k, _ in self.teks)


def _bungkus(teks: str, lebar_px: float, maks: int) -> list[str]:
    huruf = max(8, int(lebar_px / PX_PER_HURUF))
    teks = " ".join(teks.split())
    if sum(c.isupper() for c in teks) * 2 > len(teks):  # capitals are wider than the estimate
        huruf = huruf * 4 // 5
    baris = textwrap.wrap(teks, huruf, break_long_words=True) or [""]
    if len(baris) > maks:
        baris = baris[:maks]
        baris[-1] = baris[-1][: huruf - 1].rstrip() + "…"
    return baris


def _pohon(struktur: list[BarisStruktur]) -> list[_Simpul]:
    """The flat rows (tree order, with depth) back into a tree."""
    akar: list[_Simpul] = []
    jalur: list[_Simpul] = []
    for b in struktur:
        s = _Simpul(b)
        while jalur and jalur[-1].baris.tingkat >= b.tingkat:
            jalur.pop()
        (jalur[-1].anak if jalur else akar).append(s)
        jalur.append(s)
    return akar


def _ukur(s: _Simpul, x: float, w: float) -> None:
    s.x, s.w = x, w
    s.teks = [("nama", t) for t in _bungkus(s.baris.nama, w - 2 * PAD, MAKS_NAMA)]
    if s.baris.pejabat:
        s.teks += [("pejabat", t) for t in _bungkus(s.baris.pejabat, w - 2 * PAD, MAKS_PEJABAT)]


def _susun_kolom(s: _Simpul, x: float, w: float, y: float) -> float:
    """Place `s` at (x, y) and its descendants stacked below, indented; returns the bottom."""
    _ukur(s, x, w)
    s.y = y
    bawah = y + s.h
    for a in s.anak:
        bawah = _susun_kolom(a, x + INDEN, w - INDEN, bawah + JARAK / 2 + 2)
    return bawah


def _semua(s: _Simpul):
    yield s
    for a in s.anak:
        yield from _semua(a)


def bagan_struktur(struktur: list[BarisStruktur], judul: str = "Struktur organisasi") -> str:
    """The inline SVG of the organisation chart (empty string without positions)."""
    akar = _pohon(struktur)
    if not akar:
        return ""
    garis: list[str] = []
    kepala = akar[0] if len(akar) == 1 else None
    kolom = kepala.anak if kepala else akar
    y = TEPI
    if kepala:
        _ukur(kepala, (LEBAR - LEBAR_KEPALA) / 2, LEBAR_KEPALA)
        kepala.y = y
        y += kepala.h + JARAK_BARIS
    n_baris = math.ceil(len(kolom) / MAKS_KOLOM) if kolom else 0
    per_baris = math.ceil(len(kolom) / n_baris) if n_baris else 0
    batang = TEPI / 2  # the trunk down the left margin that links rows after the first
    bus_y: list[float] = []
    for r in range(n_baris):
        isi = kolom[r * per_baris : (r + 1) * per_baris]
        w = (LEBAR - 2 * TEPI - (per_baris - 1) * JARAK) / per_baris
        bawah = y
        for i, s in enumerate(isi):
            bawah = max(bawah, _susun_kolom(s, TEPI + i * (w + JARAK), w, y))
        if kepala:
            by = y - JARAK_BARIS / 2
            bus_y.append(by)
            pusat = [s.x + s.w / 2 for s in isi]
            kiri = batang if n_baris > 1 else min(pusat + [LEBAR / 2])
            kanan = max(pusat + [LEBAR / 2]) if r == 0 else max(pusat)
            garis.append(_garis(kiri, by, kanan, by))
            garis += [_garis(p, by, p, y) for p in pusat]
        y = bawah + JARAK_BARIS
    if kepala and bus_y:
        garis.append(_garis(LEBAR / 2, kepala.y + kepala.h, LEBAR / 2, bus_y[0]))
        if len(bus_y) > 1:
            garis.append(_garis(batang, bus_y[0], batang, bus_y[-1]))
    simpul = [s for a in akar for s in _semua(a)]
    for s in simpul:
        if s is not kepala and s.anak:  # a superior's line down the column to each subordinate
            tx = s.x + INDEN / 2
            for a in s.anak:
                garis.append(_garis(tx, s.y + s.h, tx, a.y + a.h / 2) + _garis(tx, a.y + a.h / 2, a.x, a.y + a.h / 2))
    tinggi = max(s.y + s.h for s in simpul) + TEPI
    keluar = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bagan-struktur" viewBox="0 0 {LEBAR} {tinggi:.0f}" '
        f'width="{LEBAR}" height="{tinggi:.0f}" role="img" aria-label="{escape(judul)}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="9">',
        f"<title>{escape(judul)}</title>",
        f'<g stroke="{GARIS}" stroke-width="0.8" fill="none">{"".join(garis)}</g>',
    ]
    for s in simpul:
        keluar.append(
            f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" rx="3" '
            f'fill="{ISI_KEPALA if s is kepala else ISI}" stroke="{GARIS}" stroke-width="0.8"/>'
        )
        ty = s.y + PAD
        tengah = s is kepala
        for jenis, teks in s.teks:
            tinggi_baris = BARIS if jenis == "nama" else BARIS_KECIL
            ty += tinggi_baris
            gaya = (
                'font-weight="bold" fill="#1d2731"'
                if jenis == "nama"
                else 'font-style="italic" font-size="8" fill="#5f6b76"'
            )
            letak = f'x="{s.x + s.w / 2:.1f}" text-anchor="middle"' if tengah else f'x="{s.x + PAD:.1f}"'
            keluar.append(f'<text {letak} y="{ty - 2.5:.1f}" {gaya}>{escape(teks)}</text>')
    keluar.append("</svg>")
    return "".join(keluar)


def _garis(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'
