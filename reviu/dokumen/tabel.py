"""Tables: runs of table rows in the extracted lines, their title and footnote, their header
rows and the role of each column (target, realisasi, capaian, pagu, …)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .angka import _TAHUN, Angka, baca_angka
from .baca import Dokumen

_TAG = re.compile(r"<[^>]{1,200}>")


def _bersih_sel(teks: str) -> str:
    s = html.unescape(_TAG.sub(" ", teks))
    s = s.replace("**", " ").replace("__", " ").replace("$", "")
    return " ".join(s.split())


@dataclass
class BarisTabel:
    sel: list[str]
    nomor: int
    halaman: int | None
    lebar: int = 0  # cell count including trailing empty cells


@dataclass(eq=False)
class Kolom:
    indeks: int
    label: str
    peran: str = "lain"
    tahun: int | None = None
    akhir: bool = False


@dataclass
class Tabel:
    urutan: int
    baris: list[BarisTabel]
    judul: str | None = None
    konteks: str | None = None
    catatan: str = ""
    kolom: list[Kolom] = field(default_factory=list)
    data: list[BarisTabel] = field(default_factory=list)
    berkepala: bool = False

    @property
    def nama(self) -> str:
        if self.judul:
            return self.judul
        if self.konteks:
            return f"tabel tanpa judul ke-{self.urutan} (sesudah “{self.konteks}”)"
        return f"tabel tanpa judul ke-{self.urutan}"


def _adalah_baris_tabel(teks: str) -> bool:
    return "\t" in teks and sum(1 for s in teks.split("\t") if s.strip()) >= 1


# A line that opens a title, a caption, a note or a chapter: never a group label inside a table.
_BUKAN_GRUP = re.compile(
    r"^\W*(tabel|gambar|grafik|diagram|lampiran|sumber|keterangan|ket\b|catatan|bab\b|[a-z]\.\s|\d+(\.\d+)*\.?\s)",
    re.IGNORECASE,
)


def _label_grup(teks: str) -> bool:
    """A line that can name a group of rows inside a table (an indicator, a sasaran, a program):
    a short label, not a sentence (no closing punctuation), no title or note, no figure."""
    s = teks.strip()
    if not s or len(s) > 250 or "\t" in teks or _BUKAN_GRUP.match(s):
        return False
    if s[-1] in ".:;!?," or not (s[0].isupper() or s[0].isdigit() or s[0] in "(["):
        return False
    return baca_angka(s) is None and not re.search(r"\d[\d.,]*\s*%", s)


def _baris_grup(baris: list, i: int, lebar: int) -> int:
    """How many lines from ``i`` on are group labels of the table above (one text cell on a line
    of its own, as a browser copies a spanned row "Indikator X" between the rows of a trend
    table): at most three such lines, right after a table row, right before a table row of about
    the same width that holds data. 0 when they are not (the table ends there)."""
    n = 0
    while n < 3 and i + n < len(baris) and _label_grup(baris[i + n].teks):
        n += 1
    if not n or i + n >= len(baris) or not _adalah_baris_tabel(baris[i + n].teks):
        return 0
    sel = baris[i + n].teks.split("\t")
    if abs(len(sel) - lebar) > 2 or not _berisi_data([_bersih_sel(x) for x in sel]):
        return 0
    return n


def _pecah_tabel(dok: Dokumen) -> list[Tabel]:
    """Runs of tab-separated lines; blank lines inside a run are allowed while the column
    count stays similar. A line with one text cell between two rows (a group label) stays in
    the run (see :func:`_baris_grup`)."""
    blok: list[list[BarisTabel]] = []
    kini: list[BarisTabel] = []
    kosong = 0
    grup = 0
    for i, b in enumerate(dok.baris):
        if grup:
            grup -= 1
            kini.append(BarisTabel([_bersih_sel(b.teks)], b.nomor, b.halaman, kini[-1].lebar))
            continue
        if kini and not kosong and b.teks.strip() and not _adalah_baris_tabel(b.teks):
            grup = _baris_grup(dok.baris, i, kini[-1].lebar)
            if grup:
                grup -= 1
                kini.append(BarisTabel([_bersih_sel(b.teks)], b.nomor, b.halaman, kini[-1].lebar))
                continue
        if _adalah_baris_tabel(b.teks):
            sel = [_bersih_sel(s) for s in b.teks.split("\t")]
            lebar_mentah = len(sel)
            while sel and not sel[-1]:
                sel.pop()
            if kini and kosong:
                lebar = max(x.lebar for x in kini[-3:])
                if abs(lebar_mentah - lebar) > 2 or kosong > 3:
                    blok.append(kini)
                    kini = []
            kini.append(BarisTabel(sel, b.nomor, b.halaman, lebar_mentah))
            kosong = 0
        elif not b.teks.strip():
            kosong += 1
        else:
            if kini:
                blok.append(kini)
                kini = []
            kosong = 0
    if kini:
        blok.append(kini)
    teks_baris = {b.nomor: b.teks for b in dok.baris}
    blok = _gabung_lintas_halaman(blok, teks_baris)
    tabel = []
    for i, rows in enumerate(blok, 1):
        t = Tabel(i, rows)
        t.judul, t.konteks = _judul(teks_baris, rows[0].nomor)
        t.catatan = _catatan(teks_baris, rows[-1].nomor)
        tabel.append(t)
    return tabel


_KEPALA_JUDUL = re.compile(r"^\W*(tabel|table|gambar|grafik|lampiran)\s+[\dIVXivx]", re.IGNORECASE)


def _isi(sel: list[str]) -> list[str]:
    return [x for x in sel if x]


def _gabung_lintas_halaman(blok: list[list[BarisTabel]], teks_baris: dict[int, str]) -> list[list[BarisTabel]]:
    """One table continued on the next page is one table: a run that opens the next page with the
    header rows of the run that closed the page before (a repeated table header, its cells
    compared without the empty ones), with only a running header and footer between them (a
    running header read as a one-cell row may open the run), continues it, the repeated header
    dropped and its rows put in the first page's columns. The result keeps the first part's title;
    without it, a total row on the second page read in another column layout was checked against
    that page's rows only. (Parts without a repeated header are grouped later, by
    cek_ringkasan._gabung_halaman.)"""
    hasil: list[list[BarisTabel]] = []
    for rows in blok:
        if hasil and _sambungan(hasil[-1], rows, teks_baris):
            a = hasil[-1]
            mulai = next(j for j in range(len(rows)) if len(_isi(rows[j].sel)) >= 2)
            kepala_a = max(i for i in range(len(a)) if _isi(a[i].sel) == _isi(rows[mulai].sel))
            ulang = 1
            while (
                mulai + ulang < len(rows) - 1
                and kepala_a + ulang < len(a)
                and _isi(rows[mulai + ulang].sel) == _isi(a[kepala_a + ulang].sel)
            ):
                ulang += 1
            peta = _peta_kolom(rows[mulai].sel, a[kepala_a].sel)
            lanjut = [_pindah_kolom(b, peta, len(a[kepala_a].sel)) for b in rows[mulai + ulang :]]
            hasil[-1] = a + lanjut
            continue
        hasil.append(rows)
    return hasil


def _sambungan(a: list[BarisTabel], b: list[BarisTabel], teks_baris: dict[int, str]) -> bool:
    if a[-1].halaman is None or b[0].halaman != a[-1].halaman + 1:
        return False
    # between the parts at most a page's running header and footer (blanked when they repeat on
    # enough pages; a short document keeps them): three short lines
    antara = [x for n in range(a[-1].nomor + 1, b[0].nomor) if (x := teks_baris.get(n, "").strip())]
    if len(antara) > 3 or any(len(x) > 100 for x in antara):
        return False
    mulai = next((j for j in range(min(3, len(b))) if len(_isi(b[j].sel)) >= 2), None)
    if mulai is None or mulai == len(b) - 1:
        return False
    # a caption between them opens another table with the same columns ("Tabel 3.2" after "Tabel 3.1")
    if any(_KEPALA_JUDUL.match(x) for x in antara + [" ".join(_isi(r.sel)) for r in b[:mulai]]):
        return False
    return any(_isi(x.sel) == _isi(b[mulai].sel) for x in a)


def _peta_kolom(kepala_b: list[str], kepala_a: list[str]) -> dict[int, int]:
    """The column of the first page for each cell of the repeated header (by the n-th filled cell)."""
    isi_a = [i for i, x in enumerate(kepala_a) if x]
    isi_b = [i for i, x in enumerate(kepala_b) if x]
    return dict(zip(isi_b, isi_a, strict=False))


def _pindah_kolom(b: BarisTabel, peta: dict[int, int], lebar: int) -> BarisTabel:
    if all(peta.get(i) == i for i in peta) and len(b.sel) <= lebar:
        return b
    sel = [""] * lebar
    for i, x in enumerate(b.sel):
        kiri = [j for j in peta if j <= i]
        kanan = [j for j in peta if j >= i]
        # an unlabelled cell goes to its labelled neighbour: left when there is one, else right
        tujuan = peta[i] if i in peta else peta[max(kiri)] if kiri else peta[min(kanan)] if kanan else min(i, lebar - 1)
        if x:
            sel[tujuan] = f"{sel[tujuan]} {x}".strip()
    return BarisTabel(sel, b.nomor, b.halaman, lebar)


def _bersih_judul(s: str) -> str:
    s = _bersih_sel(s).replace("*", " ").strip(" :#")
    return " ".join(s.split())


def _judul(teks_baris: dict[int, str], mulai: int) -> tuple[str | None, str | None]:
    """Title ("Tabel 3.1 …") among the few lines above a table, else the nearest prose line."""
    calon = []
    n = mulai - 1
    while n >= 1 and len(calon) < 6:
        t = teks_baris.get(n, "")
        if "\t" in t:
            break
        if t.strip():
            calon.append((n, t))
        n -= 1
    for i, (_, t) in enumerate(calon):
        if re.match(r"^\W*tabel\b", _bersih_judul(t), re.IGNORECASE):
            bagian = [_bersih_judul(t)]
            for _, t2 in reversed(calon[:i]):
                if len(" ".join(bagian)) > 160:
                    break
                bagian.append(_bersih_judul(t2))
            judul = " ".join(x for x in bagian if x)
            return judul[:200], None
    konteks = None
    if calon:
        konteks = _bersih_judul(calon[0][1])
        if len(konteks) > 70:
            konteks = konteks[:67].rstrip() + "…"
    return None, konteks


def _catatan(teks_baris: dict[int, str], akhir: int) -> str:
    """The few prose lines under a table (footnotes with formulas or totals)."""
    hasil = []
    n = akhir + 1
    while n in teks_baris and len(hasil) < 3 and n <= akhir + 8:
        t = teks_baris[n]
        if "\t" in t:
            break
        if t.strip():
            if re.match(r"^\W*tabel\b", t.strip(), re.IGNORECASE):
                break
            hasil.append(_bersih_sel(t))
        n += 1
    return " ".join(hasil)


# ----------------------------------------------------------------------- headers and roles

_KATA_PERAN = re.compile(
    r"\b(target|realisasi|capaian|anggaran|pagu|alokasi|sisa|efisiensi|efesiensi|kemajuan|serap\w*|"
    r"penyerapan|persentase capaian)\b|^%$|^\(%\)$",
    re.IGNORECASE,
)


def _angka_sel(teks: str, uang: bool = False) -> Angka | None:
    return baca_angka(teks, uang=uang, awal=True)


def _berisi_data(sel: list[str]) -> bool:
    """A row with data numbers (not years, not column numbering)."""
    for s in sel:
        a = _angka_sel(s)
        if a is None:
            continue
        if _TAHUN.match(s.strip()):
            continue
        if re.fullmatch(r"\(?\d{1,2}\)?", s.strip()):
            continue
        return True
    return False


def _ada_angka(sel: list[str]) -> bool:
    return any(_angka_sel(s) is not None for s in sel)


def _baris_penomoran(sel: list[str]) -> bool:
    isi = [s.strip() for s in sel if s.strip()]
    if len(isi) < 3:
        return False
    angka = []
    for s in isi:
        m = re.fullmatch(r"\(?(\d{1,2})\)?", s)
        if not m:
            return False
        angka.append(int(m.group(1)))
    return all(b == a + 1 for a, b in zip(angka, angka[1:], strict=False))


def _baris_pemisah(sel: list[str]) -> bool:
    isi = "".join(sel)
    return bool(isi) and not re.sub(r"[-=_:|\s]", "", isi)


def _jumlah_peran(sel: list[str]) -> int:
    return sum(1 for s in sel if s.strip() and len(s) <= 90 and _KATA_PERAN.search(s.strip()))


def _tahun_label(label: str) -> int | None:
    tahun = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", label)
    return int(tahun[-1]) if tahun else None


def _peran_dasar(label: str) -> str:
    t = " ".join(label.lower().replace("/", " / ").split())
    if not t:
        return "lain"
    if re.fullmatch(r"no\.?|nomor|kode", t):
        return "no"
    if any(k in t for k in ("nasional", "provinsi", "standar", "spm")):
        return "lain"
    if "efisiensi" in t or "efesiensi" in t:
        return "efisiensi"
    if "kemajuan" in t:
        return "kemajuan"
    if "sisa" in t:
        return "sisa"
    if "dari total" in t or "proporsi" in t or "pangsa" in t:
        return "pangsa"
    if "serap" in t or "nyerap" in t:
        return "serapan"
    if "satuan" in t:
        return "satuan"
    if "rata" in t and "capaian" not in t:
        return "lain"
    if any(k in t for k in ("predikat", "kategori", "atribut")):
        return "lain"
    if re.search(r"keterangan|sumber|\bdaya\b|\bket\b", t) and not any(
        k in t for k in ("target", "realisasi", "capaian")
    ):
        return "lain"
    anggaran = any(k in t for k in ("anggaran", "pagu", "alokasi", "keuangan", "(rp", "dpa", "kebutuhan dana"))
    if "capaian" in t or re.fullmatch(r"%|\(%\)|persen|persentase|capaian\s*%", t):
        return "serapan" if anggaran else "capaian"
    if "realisasi" in t:
        return "realisasi_anggaran" if anggaran else "realisasi"
    if "target" in t or "kondisi kinerja pada akhir" in t:
        return "target"
    if anggaran:
        return "pagu"
    if "indikator" in t:
        return "indikator"
    if any(k in t for k in ("uraian", "program", "kegiatan", "jenis", "nama", "sasaran", "tujuan", "unsur")):
        return "uraian"
    return "lain"


def _susun_kepala(rows: list[list[str]], lebar: int) -> list[str]:
    """Column labels from one or more header rows; a spanned group label fills the empty
    cells to its right where a lower header row has content."""
    grid = [r + [""] * (lebar - len(r)) for r in rows]
    for i in range(len(grid) - 1):
        for c in range(lebar):
            if not grid[i][c] and any(grid[j][c] for j in range(i + 1, len(grid))):
                kiri = next((grid[i][k] for k in range(c - 1, -1, -1) if grid[i][k]), "")
                # Only inherit across a span: the left cell must itself head a lower-row column.
                if kiri and any(grid[j][c - 1] for j in range(i + 1, len(grid))):
                    grid[i][c] = kiri
    return [" ".join(x for x in (grid[i][c] for i in range(len(grid))) if x) for c in range(lebar)]


def _tentukan_peran(kolom: list[Kolom]) -> None:
    mode = None  # "kinerja" or "anggaran": which pair the next realisasi/% belongs to
    sebelum = None
    for k in kolom:
        p = _peran_dasar(k.label)
        t = k.label.lower()
        k.tahun = _tahun_label(k.label)
        if p == "target":
            mode = "kinerja"
            k.akhir = any(x in t for x in ("akhir", "jangka menengah", "renstra", "rpjmd"))
        elif p == "pagu":
            mode = "anggaran"
        elif p == "realisasi" and mode == "anggaran":
            p = "realisasi_anggaran"
        elif p == "capaian" and mode == "anggaran" and sebelum in ("realisasi_anggaran", "pagu"):
            p = "serapan"
        elif p == "capaian" and sebelum == "sisa" and re.fullmatch(r"\(?%\)?", t.strip()):
            p = "persen_sisa"
        elif p == "realisasi_anggaran":
            mode = "anggaran"
        k.peran = p
        if p not in ("lain",):
            sebelum = p


def _baca_kepala(t: Tabel) -> None:
    rows = t.baris
    h = None
    for i, b in enumerate(rows[:8]):
        if _berisi_data(b.sel):
            continue
        if _jumlah_peran(b.sel) >= 2:
            h = i
            break
    if h is None:
        # One role word is enough for an all-text first row followed by data ("No | Program | Anggaran").
        for i, b in enumerate(rows[:3]):
            if _berisi_data(b.sel):
                break
            if (
                _jumlah_peran(b.sel) >= 1
                and sum(1 for s in b.sel if s.strip()) >= 2
                and i + 1 < len(rows)
                and _ada_angka(rows[i + 1].sel)
            ):
                h = i
                break
    if h is None:
        t.berkepala = False
        t.data = [b for b in rows if not _baris_penomoran(b.sel) and not _baris_pemisah(b.sel)]
        lebar = max(len(b.sel) for b in rows)
        t.kolom = [Kolom(i, "") for i in range(lebar)]
        return
    atas = []
    for j in range(h - 1, max(-1, h - 3), -1):
        r = rows[j].sel
        if _berisi_data(r) or sum(1 for s in r if s.strip()) < 2:
            break
        atas.insert(0, j)
    kepala = [*atas, h]
    i = h + 1
    while i < len(rows):
        r = rows[i].sel
        if _baris_pemisah(r):
            i += 1
            continue
        if _baris_penomoran(r):
            i += 1
            continue
        if not _berisi_data(r) and i - h <= 2 and any(s.strip() for s in r) and _kelanjutan_kepala(r):
            if not any(s.strip() for s in r[1:]):
                break  # only the first cell: a group label over the rows below it
            kepala.append(i)
            i += 1
            continue
        break
    lebar = max(len(rows[j].sel) for j in kepala)
    label = _susun_kepala([rows[j].sel for j in kepala], lebar)
    label += [""] * (max(len(b.sel) for b in rows) - lebar)
    t.kolom = [Kolom(c, lab) for c, lab in enumerate(label)]
    _tentukan_peran(t.kolom)
    t.berkepala = True
    t.data = [b for b in rows[i:] if not _baris_penomoran(b.sel) and not _baris_pemisah(b.sel)]


def _kelanjutan_kepala(sel: list[str]) -> bool:
    """A header continuation row: years, short role words or column numbering only."""
    for s in sel:
        s = s.strip()
        if not s:
            continue
        if _TAHUN.match(s) or len(s) <= 60 and not re.search(r"\d", s):
            continue
        return False
    return True
