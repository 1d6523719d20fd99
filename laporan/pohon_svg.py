"""The pohon kinerja (laporan/pohon.py) drawn as one SVG, left to right, one column per depth.

Boxes have a fixed width; their height follows the wrapped text (kind and code, uraian, owner,
indicators with the year's target). A leaf takes the next free row; a parent sits level with its
first child, and pushes its block down when it is taller than its children, so no two boxes overlap.
Every text goes through `escape` (html.escape with quotes), as laporan/grafik.py: the SVG is
inserted unescaped into the page and the print HTML.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from sakip.formatting import format_nilai

from .pohon import PohonKinerja, Simpul

LEBAR_KOTAK, JARAK_KOLOM, JARAK_BARIS, TEPI = 260, 44, 12, 12
BARIS, PAD = 13, 7  # line height and inner padding, px
HURUF_PER_BARIS = 36  # characters of the 10 px font in a box's width (capitals: a fifth fewer)
MAKS_URAIAN, MAKS_INDIKATOR = 4, 4  # lines of uraian, indicators listed before "+n lainnya"
WARNA = {
    "tujuan": ("#1f4e79", "#e8f0f8"),
    "strategis": ("#1f4e79", "#f2f6fb"),
    "program": ("#2e6b3a", "#eef6ef"),
    "kegiatan": ("#2e6b3a", "#f6fbf6"),
    "sub_kegiatan": ("#2e6b3a", "#fbfdfb"),
}
WARNA_ANGGARAN = ("#7a5200", "#fdf7ea")


def _bungkus(teks: str, lebar: int, maks: int | None = None) -> list[str]:
    teks = " ".join(teks.split())
    if sum(c.isupper() for c in teks) * 2 > len(teks):  # capitals are wider than the estimate
        lebar = lebar * 4 // 5
    baris = textwrap.wrap(teks, lebar, break_long_words=True) or [""]
    if maks is not None and len(baris) > maks:
        baris = baris[:maks]
        baris[-1] = baris[-1][: lebar - 1].rstrip() + "…"
    return baris


def _target(i) -> str:
    if i.target is None:
        return "target –"
    nilai = i.target if isinstance(i.target, str) else format_nilai(i.target, i.presisi)
    return f"{nilai} {i.satuan}".strip()


@dataclass
class _Kotak:
    simpul: Simpul
    baris: list[tuple[str, str]]  # (css-free style key, text)
    x: float = 0
    y: float = 0

    @property
    def tinggi(self) -> float:
        return 2 * PAD + BARIS * len(self.baris)


def _isi(s: Simpul) -> list[tuple[str, str]]:
    kepala = f"{s.label_jenis} {s.kode}".strip()
    baris = [("kepala", kepala)]
    baris += [("uraian", b) for b in _bungkus(s.uraian, HURUF_PER_BARIS, MAKS_URAIAN)]
    if s.pemilik:
        pemilik = s.pemilik.jabatan + (f" — {s.pemilik.pejabat}" if s.pemilik.pejabat else "")
        baris += [("pemilik", b) for b in _bungkus(pemilik, HURUF_PER_BARIS, 2)]
    for i in s.indikator[:MAKS_INDIKATOR]:
        teks = f"• {i.nama}: {_target(i)}"
        baris += [("indikator", b) for b in _bungkus(teks, HURUF_PER_BARIS + 4, 3)]
    if len(s.indikator) > MAKS_INDIKATOR:
        baris.append(("indikator", f"+{len(s.indikator) - MAKS_INDIKATOR} indikator lainnya"))
    if s.juga_mendukung:
        baris.append(("catatan", f"Juga mendukung {len(s.juga_mendukung)} sasaran lain"))
    return baris


def _tata(akar: list[Simpul]) -> list[tuple[_Kotak, int]]:
    """Every box with its position, and its depth, for the whole forest."""
    kotak: list[tuple[_Kotak, int]] = []
    bawah = TEPI  # the next free y

    def letak(s: Simpul, kedalaman: int) -> tuple[_Kotak, float, float]:
        """Place `s` and its subtree below `bawah`; returns its box and the block's top and bottom."""
        nonlocal bawah
        k = _Kotak(s, _isi(s))
        k.x = TEPI + kedalaman * (LEBAR_KOTAK + JARAK_KOLOM)
        kotak.append((k, kedalaman))
        if not s.anak:
            k.y = bawah
            bawah += k.tinggi + JARAK_BARIS
            return k, k.y, k.y + k.tinggi
        awal = bawah
        anak = [letak(a, kedalaman + 1)[0] for a in s.anak]
        # Level with its first child: the tree reads from the top-left like an outline, and a
        # parent of a deep subtree does not float in the middle of empty space.
        k.y = max(awal, anak[0].y)
        if k.y + k.tinggi + JARAK_BARIS > bawah:
            bawah = k.y + k.tinggi + JARAK_BARIS
        return k, awal, bawah

    for s in akar:
        letak(s, 0)
    return kotak


def _gambar(pohon: PohonKinerja) -> tuple[float, float, list[tuple[float, float]], str, str]:
    """Width, height, the boxes' vertical extents, the title and the drawing (edges and boxes)."""
    kotak = _tata(pohon.akar + pohon.lepas)
    lebar = TEPI * 2 + (max(d for _, d in kotak) + 1) * (LEBAR_KOTAK + JARAK_KOLOM) - JARAK_KOLOM
    tinggi = max(k.y + k.tinggi for k, _ in kotak) + TEPI
    judul = f"Pohon kinerja {pohon.opd} {pohon.tahun}"
    letak = {k.simpul.id: k for k, _ in kotak}
    bagian = []
    for k, _ in kotak:  # edges first, under the boxes: an elbow from the parent's right side
        for a in k.simpul.anak:
            anak = letak[a.id]
            x1, y1 = k.x + LEBAR_KOTAK, k.y + k.tinggi / 2
            x2, y2 = anak.x, anak.y + anak.tinggi / 2
            xm = x1 + JARAK_KOLOM / 2
            bagian.append(f'<path d="M{x1:.1f},{y1:.1f} H{xm:.1f} V{y2:.1f} H{x2:.1f}" fill="none" stroke="#8a97a3"/>')
    for k, _ in kotak:
        s = k.simpul
        garis, isi = WARNA_ANGGARAN if s.jenis.startswith("anggaran_") else WARNA.get(s.jenis, WARNA["tujuan"])
        bagian.append(
            f'<g data-simpul="{escape(s.id)}"><rect x="{k.x:.1f}" y="{k.y:.1f}" width="{LEBAR_KOTAK}" '
            f'height="{k.tinggi:.1f}" rx="4" fill="{isi}" stroke="{garis}"/>'
        )
        for n, (gaya, teks) in enumerate(k.baris):
            y = k.y + PAD + BARIS * (n + 1) - 3
            atribut = {
                "kepala": f'fill="{garis}" font-weight="bold" font-size="9"',
                "uraian": 'fill="#1d2731"',
                "pemilik": 'fill="#5f6b76" font-style="italic"',
                "indikator": 'fill="#1d2731" font-size="9"',
                "catatan": 'fill="#5f6b76" font-size="9"',
            }[gaya]
            bagian.append(f'<text x="{k.x + PAD:.1f}" y="{y:.1f}" {atribut}>{escape(teks)}</text>')
        bagian.append("</g>")
    rentang = [(k.y, k.y + k.tinggi) for k, _ in kotak]
    return lebar, tinggi, rentang, judul, "".join(bagian)


def _svg(lebar: float, atas: float, tinggi: float, judul: str, isi: str, kelas: str = "pohon") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{kelas}" width="{lebar:.0f}" height="{tinggi:.0f}" '
        f'viewBox="0 {atas:.0f} {lebar:.0f} {tinggi:.0f}" role="img" aria-label="{escape(judul)}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10">'
        f"<title>{escape(judul)}</title>{isi}</svg>"
    )


def svg_pohon(pohon: PohonKinerja) -> str:
    """The tree (and the unlinked budget items below it) as one SVG element; "" when empty."""
    if not (pohon.akar or pohon.lepas):
        return ""
    lebar, tinggi, _, judul, isi = _gambar(pohon)
    return _svg(lebar, 0, tinggi, judul, isi)


def _potongan(tinggi: float, rentang: list[tuple[float, float]], maks: float) -> list[tuple[float, float]]:
    """Horizontal bands (top, height) of at most `maks` covering 0..tinggi, cut between boxes when
    a gap lies in the band (a box taller than a band, or boxes overlapping across one, is cut)."""
    gabung: list[list[float]] = []
    for a, b in sorted(rentang):
        if gabung and a <= gabung[-1][1]:
            gabung[-1][1] = max(gabung[-1][1], b)
        else:
            gabung.append([a, b])
    celah = [(b + c) / 2 for (_, b), (c, _) in zip(gabung, gabung[1:], strict=False)]
    pita, atas = [], 0.0
    while tinggi - atas > maks:
        cocok = [y for y in celah if atas < y <= atas + maks]
        bawah = cocok[-1] if cocok else atas + maks
        pita.append((atas, bawah - atas))
        atas = bawah
    pita.append((atas, tinggi - atas))
    return pita


def svg_pohon_halaman(pohon: PohonKinerja, nisbah_halaman: float) -> list[str]:
    """The tree for print: one SVG per page, each the full width and a band of the height, at most
    `nisbah_halaman` (page height / page width of the space it is scaled into) times the width.
    Every band draws the whole picture through its own viewBox, so an edge crossing a cut goes on."""
    if not (pohon.akar or pohon.lepas):
        return []
    lebar, tinggi, rentang, judul, isi = _gambar(pohon)
    pita = _potongan(tinggi, rentang, lebar * nisbah_halaman)
    return [
        _svg(lebar, atas, t, f"{judul} ({n}/{len(pita)})" if len(pita) > 1 else judul, isi, "pohon pohon-halaman")
        for n, (atas, t) in enumerate(pita, 1)
    ]
