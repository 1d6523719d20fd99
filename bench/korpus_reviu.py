"""A test corpus for `reviu_dokumen`, made by SAKIP itself: correct LKjIPs and copies with known errors.

    .venv/bin/python bench/korpus_reviu.py                 # 8 reports, bench/hasil/korpus-reviu/
    .venv/bin/python bench/korpus_reviu.py --cepat         # 3 reports
    .venv/bin/python bench/korpus_reviu.py --seed 7 --keluaran /tmp/korpus

The reviewer of an LKjIP made elsewhere (`reviu.dokumen`) was tuned on four reference reports.
This module builds documents whose every error is known, so its recall and its false alarms can
be measured (`bench/reviu_dokumen.py` runs the reviewer on them).

**Reports.** `KORPUS` lists them: the four demo offices (fixtures/demo) and three small offices of
the synthetic Pemda (`bench/data_sintetis.py`, 10 indicators and 20 sub kegiatan each), in both
layouts (`TataLetak.PERMENPANRB`, `TataLetak.TABEL_SASARAN`), annual and quarterly. The database
is a throw-away SQLite file (`bench/korpus.sqlite3`, or KORPUS_DATABASE_URL), built again on
every run. Each report is `laporan.bab.susun_laporan` rendered by `laporan.cetak.html_cetak`:
the application's own figures, so a correct document has no error at all.

**Table shapes** (`VARIASI`). Real offices print tables other ways than SAKIP's templates. A pass
over the rendered HTML (the templates stay as they are) gives a report some of: column-number
rows under the headers, two-row headers with KINERJA / ANGGARAN groups, the year in a group
header, totals labelled with the region's name, tables split over two pages, inverse
indicators named differently, and figures restated in sentences. Which ones a report has is
fixed in `KORPUS` and recorded in the manifest. The correct and the wrong copy of a report have
the same shapes.

**Injected errors** (`JENIS_SUNTIKAN`). `suntik` changes printed numbers in the HTML after the
shapes, one cell or one number of a sentence each, so that exactly that printed figure is wrong
and everything else stays as computed. Kinds: wrong capaian, wrong total (Jumlah row), swapped
adjacent digits, a percentage truncated to one decimal and padded (99,37 printed 99,30), wrong
average (capaian of a sasaran or of the office), wrong efficiency, wrong serapan, wrong budget
share, a year label one year off in a column header, and a capaian or serapan in a sentence
that its own target/realisasi (pagu/realisasi) do not give. Only figures that can be recomputed
from figures printed beside them are changed (a capaian where the row has target and
realisasi, a serapan where it has pagu and realisasi, …); a budget share is recomputable only
with the office's total, which is printed in another table.

An injection must be *provable from the printed figures* (`terbukti`), the same rule for every
kind: a figure of a data row is recomputed from its row (target, realisasi, capaian; pagu,
realisasi, serapan; capaian, serapan, efficiency), taking each printed input within its printed
precision (a target as set, a realisasi ± half its last decimal, amounts exact, a printed capaian
or serapan within a unit of its last decimal) and a printed result as the rounded or the truncated
value (the domain accepts both). The formulas that explain the correct row must all fail on the
row with the injected figure; otherwise no reviewer could prove the error and the place is not
chosen. Example: 101,71 → 101,70 on a capaian of realisasi 92,16 and target 90,61 is not injected,
since a realisasi of 92,155 gives 101,7051…, which truncates to 101,70. Totals, averages and shares
are recomputed from other rows, with exact sums or shifts of a whole unit or more: provable as
they are. Unprovable candidates stay in the shuffled lists (the random draws do not change) and
are skipped when chosen. At most one injection per table or
sentence, chosen from the seed (`random.Random(f"{seed}:suntik:{report id}")`): the same seed gives the
same injections. Each is recorded: document, kind, table title, row label, column, printed
(wrong) and correct figure.

**Files.** Per report `<id>-benar.{pdf,txt,html}` and `<id>-salah.{pdf,txt,html}` and the
manifest `korpus.json`. The PDF is WeasyPrint on the whole print HTML with the print stylesheet,
as `lkjip --format pdf` lays it out (one process per document, not the cached pieces). The text
is the HTML's text as a browser copy gives it: a line per paragraph, a table row per line with
tab-separated cells (a spanned cell followed by empty cells, rowspans too), no charts; a forced
page break is a form feed followed by the running header. DOCX: `PENULIS` has a writer per
format; add "docx" there when SAKIP renders one.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import html as html_mod
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
if str(AKAR) not in sys.path:
    sys.path.insert(0, str(AKAR))

KELUARAN = AKAR / "bench" / "hasil" / "korpus-reviu"
URL_KORPUS = f"sqlite:///{AKAR / 'bench' / 'korpus.sqlite3'}"
PEMDA_SINTETIS = "Provinsi Sintetis"
UKURAN_SINTETIS = {"n_indikator": 10, "n_sub_kegiatan": 20, "tahun_mulai": 2021, "n_tahun": 6}
SEED = 2024
FORMAT = ("pdf", "txt")  # + "docx" when laporan renders one (see PENULIS)

PERMENPANRB = "permenpanrb_53_2014"
TABEL_SASARAN = "tabel_sasaran"

VARIASI = {
    "nomor_kolom": "baris nomor kolom (1) (2) (3) … di bawah kepala tabel",
    "kepala_bertingkat": "kepala dua baris: grup KINERJA / ANGGARAN di atas kolomnya",
    "tahun_di_grup": "tahun di kepala grup (2024 di atas Target / Realisasi / Capaian)",
    "total_wilayah": "baris Jumlah diberi nama wilayah (mis. Kota Dumai)",
    "tabel_terbelah": "tabel panjang dipotong ke halaman berikutnya (kepala diulang, tanpa judul)",
    "indikator_turun_dinamai": "indikator turun dinamai lain, ditandai (semakin kecil semakin baik) dsb.",
    "angka_dalam_kalimat": "angka tabel diulang dalam kalimat (realisasi R dari target T sehingga capaian C %)",
}

JENIS_SUNTIKAN = {
    "capaian": "capaian salah",
    "jumlah": "jumlah (baris Jumlah) salah",
    "tukar_digit": "dua angka bersebelahan tertukar",
    "persen_terpotong": "persentase terpotong satu desimal (99,37 → 99,30)",
    "rata_rata": "rata-rata salah (capaian sasaran / organisasi)",
    "efisiensi": "efisiensi salah",
    "serapan": "serapan salah",
    "pangsa": "pangsa anggaran salah",
    "tahun": "label tahun salah di kepala kolom",
    "narasi": "capaian/serapan dalam kalimat tidak cocok",
}


@dataclass(frozen=True)
class Laporan:
    """One report of the corpus: office, year, period, layout and table shapes."""

    id: str
    opd: str
    tahun: int
    periode: str
    tata_letak: str
    variasi: tuple[str, ...] = ()


KORPUS = [
    Laporan("D1", "disdukcapil-luwu-timur", 2024, "TW3", PERMENPANRB),
    Laporan(
        "D2",
        "disdukcapil-musi-banyuasin",
        2024,
        "TAHUN",
        TABEL_SASARAN,
        ("nomor_kolom", "kepala_bertingkat", "indikator_turun_dinamai"),
    ),
    Laporan(
        "D3", "disdukcapil-dumai", 2023, "TAHUN", PERMENPANRB, ("tahun_di_grup", "total_wilayah", "angka_dalam_kalimat")
    ),
    Laporan("D4", "disdukcapil-probolinggo", 2024, "TAHUN", TABEL_SASARAN),
    Laporan("D5", "sin-01", 2025, "TAHUN", PERMENPANRB, ("tabel_terbelah", "nomor_kolom", "total_wilayah")),
    Laporan(
        "D6",
        "sin-02",
        2025,
        "TW2",
        TABEL_SASARAN,
        ("tahun_di_grup", "kepala_bertingkat", "angka_dalam_kalimat", "indikator_turun_dinamai"),
    ),
    Laporan(
        "D7",
        "sin-03",
        2025,
        "TAHUN",
        TABEL_SASARAN,
        ("tabel_terbelah", "angka_dalam_kalimat", "indikator_turun_dinamai"),
    ),
    Laporan(
        "D8",
        "disdukcapil-luwu-timur",
        2024,
        "TW3",
        TABEL_SASARAN,
        ("nomor_kolom", "tahun_di_grup", "kepala_bertingkat", "total_wilayah", "tabel_terbelah"),
    ),
]
CEPAT = ("D1", "D3", "D6")


# --------------------------------------------------------------------------- numbers

_ANGKA = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?")


def baca_angka(teks: str) -> Decimal | None:
    """An Indonesian-printed number (`7.042.932.613`, `-0,07`, `97,31`) as Decimal; None if the text is not one."""
    teks = teks.strip()
    if not _ANGKA.fullmatch(teks):
        return None
    try:
        return Decimal(teks.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def desimal(teks: str) -> int:
    return len(teks.split(",", 1)[1]) if "," in teks else 0


def tulis_angka(nilai: Decimal, tempat: int) -> str:
    from sakip.formatting import format_angka

    return format_angka(nilai, tempat)


# --------------------------------------------------------------------------- the HTML as tables and paragraphs


@dataclass
class Sel:
    tag: str
    awal: int  # source span of the cell's content
    akhir: int
    teks: str
    colspan: int = 1
    rowspan: int = 1
    kelas: str = ""
    kolom: int = 0  # first grid column


@dataclass
class BarisTabel:
    awal: int  # source span of <tr>…</tr>
    akhir: int
    bagian: str  # thead, tbody, tfoot
    kelas: str
    sel: list[Sel] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The row's label: its first cell that is neither a number nor a row number."""
        for s in self.sel:
            if s.teks and baca_angka(s.teks) is None and s.teks not in ("–", "-"):
                return s.teks
        return ""


@dataclass
class TabelHtml:
    awal: int
    akhir: int
    kelas: str
    judul: str | None
    konteks: str  # text before the table (heading or paragraph), for untitled tables
    baris: list[BarisTabel] = field(default_factory=list)
    bagian: list[tuple[str, int, int]] = field(default_factory=list)  # (thead/tbody/tfoot, start, end)
    label_kolom: list[str] = field(default_factory=list)

    @property
    def nomor(self) -> str | None:
        m = re.match(r"Tabel\s+(\S+)", self.judul or "")
        return m.group(1) if m else None

    def sel_di(self, baris: BarisTabel, kolom: int) -> Sel | None:
        for s in baris.sel:
            if s.kolom <= kolom < s.kolom + s.colspan:
                return s
        return None

    @property
    def nama(self) -> str:
        return self.judul or f"tabel tanpa judul (sesudah “{self.konteks[:60]}”)"


@dataclass
class Paragraf:
    awal: int  # source span of the content
    akhir: int
    teks: str
    kelas: str


class _Peta(HTMLParser):
    """Tables (rows and cells with their place in the source) and paragraphs of a print HTML."""

    KOSONG = {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"}

    def __init__(self, sumber: str):
        super().__init__(convert_charrefs=False)
        self.sumber = sumber
        self._awal_baris = [0] + [m.end() for m in re.finditer("\n", sumber)]
        self.tabel: list[TabelHtml] = []
        self.paragraf: list[Paragraf] = []
        self._tabel: TabelHtml | None = None
        self._baris: BarisTabel | None = None
        self._sel: Sel | None = None
        self._teks_sel: list[str] = []
        self._bagian: tuple[str, int] | None = None
        self._p: tuple[int, str] | None = None
        self._teks_p: list[str] = []
        self._judul: tuple[str, int] | None = None  # text of the last p.judul-tabel, and the table count then
        self._dalam_judul = False
        self._konteks = ""
        self._lewati = 0  # inside <style>, <script>, <svg>, <title>
        self.feed(sumber)
        self.close()
        for t in self.tabel:
            _susun_grid(t)

    def _pos(self) -> int:
        baris, kolom = self.getpos()
        return self._awal_baris[baris - 1] + kolom

    def _akhir_tag(self, awal: int) -> int:
        return self.sumber.index(">", awal) + 1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        awal = self._pos()
        isi = awal + len(self.get_starttag_text())
        if tag in ("style", "script", "svg", "title"):
            self._lewati += 1
        kelas = a.get("class") or ""
        if tag == "table" and self._tabel is None:
            judul = self._judul[0] if self._judul and self._judul[1] == len(self.tabel) else None
            self._tabel = TabelHtml(awal, -1, kelas, judul, self._konteks)
            self._judul = None
        elif self._tabel is not None and tag in ("thead", "tbody", "tfoot"):
            self._bagian = (tag, awal)
        elif self._tabel is not None and tag == "tr":
            self._tutup_sel()
            bagian = self._bagian[0] if self._bagian else "tbody"
            self._baris = BarisTabel(awal, -1, bagian, kelas)
        elif self._tabel is not None and tag in ("td", "th"):
            self._tutup_sel()
            if self._baris is None:
                self._baris = BarisTabel(awal, -1, "tbody", "")
            self._sel = Sel(tag, isi, -1, "", _bilangan(a.get("colspan")), _bilangan(a.get("rowspan")), kelas)
            self._teks_sel = []
        elif self._tabel is None and tag == "p":
            self._p = (isi, kelas)
            self._teks_p = []
            self._dalam_judul = "judul-tabel" in kelas
        elif tag in ("br", "div") and self._sel is not None:
            self._teks_sel.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in ("br",) and self._sel is not None:
            self._teks_sel.append(" ")

    def handle_endtag(self, tag):
        awal = self._pos()
        if tag in ("style", "script", "svg", "title"):
            self._lewati = max(0, self._lewati - 1)
        if self._tabel is not None:
            if tag in ("td", "th") and self._sel is not None:
                self._sel.akhir = awal
                self._tutup_sel()
            elif tag == "div" and self._sel is not None:
                self._teks_sel.append(" ")
            elif tag == "tr" and self._baris is not None:
                self._tutup_sel()
                self._baris.akhir = self._akhir_tag(awal)
                self._tabel.baris.append(self._baris)
                self._baris = None
            elif tag in ("thead", "tbody", "tfoot") and self._bagian:
                self._tabel.bagian.append((self._bagian[0], self._bagian[1], self._akhir_tag(awal)))
                self._bagian = None
            elif tag == "table":
                self._tutup_sel()
                self._tabel.akhir = self._akhir_tag(awal)
                self.tabel.append(self._tabel)
                self._tabel = None
            return
        if tag == "p" and self._p is not None:
            teks = " ".join("".join(self._teks_p).split())
            self.paragraf.append(Paragraf(self._p[0], awal, teks, self._p[1]))
            if self._dalam_judul:
                self._judul = (teks, len(self.tabel))
            elif teks:
                self._konteks = teks
            self._p = None
            self._dalam_judul = False
        elif tag in ("h1", "h2", "h3", "h4"):
            pass

    def _tutup_sel(self):
        if self._sel is not None and self._baris is not None:
            if self._sel.akhir < 0:
                self._sel.akhir = self._pos()
            self._sel.teks = " ".join("".join(self._teks_sel).split())
            self._baris.sel.append(self._sel)
        self._sel = None

    def _data(self, teks):
        if self._lewati:
            return
        if self._sel is not None:
            self._teks_sel.append(teks)
        elif self._p is not None:
            self._teks_p.append(teks)
        elif self._tabel is None and teks.strip():
            self._konteks = " ".join(teks.split())

    def handle_data(self, data):
        self._data(data)

    def handle_entityref(self, name):
        self._data(html_mod.unescape(f"&{name};"))

    def handle_charref(self, name):
        self._data(html_mod.unescape(f"&#{name};"))


def _bilangan(teks) -> int:
    try:
        return max(1, int(teks or 1))
    except ValueError:
        return 1


def _susun_grid(t: TabelHtml) -> None:
    """Grid columns of every cell (colspan and rowspan, rowspans within a row group), and the
    column labels: the header cells above each column, top to bottom (column-number rows left out)."""
    terisi: dict[int, int] = {}
    bagian = None
    for b in t.baris:
        if b.bagian != bagian:
            terisi, bagian = {}, b.bagian
        kolom = 0
        for s in b.sel:
            while terisi.get(kolom, 0) > 0:
                kolom += 1
            s.kolom = kolom
            for k in range(kolom, kolom + s.colspan):
                if s.rowspan > 1:
                    terisi[k] = s.rowspan
            kolom += s.colspan
        for k in list(terisi):
            terisi[k] -= 1
            if terisi[k] <= 0:
                del terisi[k]
    lebar = max((s.kolom + s.colspan for b in t.baris for s in b.sel), default=0)
    label = [[] for _ in range(lebar)]
    for b in t.baris:
        if b.bagian != "thead" or "korpus-nomor" in b.kelas:
            continue
        for s in b.sel:
            for k in range(s.kolom, s.kolom + s.colspan):
                if s.teks and s.teks not in label[k]:
                    label[k].append(s.teks)
    t.label_kolom = [" ".join(x) for x in label]


def peta_html(sumber: str) -> _Peta:
    return _Peta(sumber)


def sambung(sumber: str, ganti: list[tuple[int, int, str]]) -> str:
    """`sumber` with each span (start, end) replaced; the spans must not overlap."""
    hasil, akhir = [], len(sumber)
    for awal, ujung, baru in sorted(ganti, key=lambda g: (g[0], g[1]), reverse=True):
        if ujung > akhir:
            raise ValueError("rentang tumpang tindih")
        hasil.append(sumber[ujung:akhir])
        hasil.append(baru)
        akhir = awal
    hasil.append(sumber[:akhir])
    return "".join(reversed(hasil))


# --------------------------------------------------------------------------- the HTML's text


class _KeTeks(HTMLParser):
    """The text of a print HTML as a browser copy gives it (see the module docstring)."""

    BLOK = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
        "footer", "figure", "figcaption", "dl", "dt", "dd", "blockquote", "hr", "br", "table", "main", "nav",
    }  # fmt: skip

    def __init__(self, kepala_halaman: str):
        super().__init__(convert_charrefs=True)
        self.kepala = kepala_halaman
        self.keluar: list[str] = []
        self._baris: list[str] = []
        self._lewati = 0
        self._tabel: list[list[tuple[str, int, int]]] | None = None
        self._sel: list[str] | None = None
        self._span = (1, 1)

    def _putus(self):
        teks = " ".join("".join(self._baris).split())
        if teks:
            self.keluar.append(teks)
        self._baris = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("style", "script", "svg", "title", "head"):
            self._lewati += 1
            return
        if self._lewati:
            return
        if "korpus-halaman" in (a.get("class") or ""):
            self._putus()
            self.keluar.append("\f" + self.kepala)
            return
        if tag == "table":
            self._putus()
            self._tabel = []
        elif self._tabel is not None:
            if tag == "tr":
                self._tabel.append([])
            elif tag in ("td", "th"):
                self._sel = []
                self._span = (_bilangan(a.get("colspan")), _bilangan(a.get("rowspan")))
            elif tag in self.BLOK and self._sel is not None:
                self._sel.append(" ")
        elif tag in self.BLOK:
            self._putus()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("style", "script", "svg", "title", "head"):
            self._lewati -= 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "svg", "title", "head"):
            self._lewati = max(0, self._lewati - 1)
            return
        if self._lewati:
            return
        if self._tabel is not None:
            if tag in ("td", "th") and self._sel is not None:
                if not self._tabel:
                    self._tabel.append([])
                self._tabel[-1].append((" ".join("".join(self._sel).split()), *self._span))
                self._sel = None
            elif tag in self.BLOK and self._sel is not None:
                self._sel.append(" ")
            elif tag == "table":
                self.keluar.extend(_baris_grid(self._tabel))
                self._tabel = None
        elif tag in self.BLOK:
            self._putus()

    def handle_data(self, data):
        if self._lewati:
            return
        if self._sel is not None:
            self._sel.append(data)
        elif self._tabel is None:
            self._baris.append(data)


def _baris_grid(tabel: list[list[tuple[str, int, int]]]) -> list[str]:
    """Tab-separated lines of a table: a spanned cell is followed by empty cells, a rowspan leaves
    empty cells in the rows below."""
    terisi: dict[int, int] = {}
    keluar = []
    for baris in tabel:
        sel: dict[int, str] = {}
        kolom = 0
        for teks, colspan, rowspan in baris:
            while terisi.get(kolom, 0) > 0:
                sel[kolom] = ""
                kolom += 1
            sel[kolom] = teks
            for k in range(kolom, kolom + colspan):
                sel.setdefault(k, "")
                if rowspan > 1:
                    terisi[k] = rowspan
            kolom += colspan
        for k, sisa in terisi.items():
            if sisa > 0:
                sel.setdefault(k, "")
        for k in list(terisi):
            terisi[k] -= 1
            if terisi[k] <= 0:
                del terisi[k]
        if not sel:
            continue
        nilai = [sel.get(k, "") for k in range(max(sel) + 1)]
        while nilai and not nilai[-1]:
            nilai.pop()
        if nilai:
            keluar.append("\t".join(nilai))
    return keluar


def kepala_halaman(sumber: str) -> str:
    m = re.search(r'@top-left\s*\{\s*content:\s*"([^"]*)"', sumber)
    return m.group(1) if m else ""


def teks_html(sumber: str) -> str:
    """The text of a print HTML: the corpus's `.txt` form."""
    p = _KeTeks(kepala_halaman(sumber))
    p.feed(sumber)
    p.close()
    p._putus()
    return "\n".join(p.keluar) + "\n"


# --------------------------------------------------------------------------- column and row roles


def peran_kolom(label: str) -> str | None:
    """The role of a column from its header label."""
    k = label.lower()
    if "efisiensi" in k:
        return "efisiensi"
    if "serapan" in k:
        return "serapan"
    if "pangsa" in k or "% dari total" in k:
        return "pangsa"
    if "kemajuan" in k:
        return "kemajuan"
    if "indikator" in k or "terhadap" in k or "pembanding" in k:
        return None
    if "pagu" in k or ("anggaran" in k and "(rp)" in k):
        return "pagu"
    if "realisasi" in k and "(rp)" in k:
        return "realisasi_rp"
    if "capaian" in k:
        return "capaian"
    if "target" in k and "akhir" not in k:
        return "target"
    if "realisasi" in k:
        return "realisasi"
    return None


def _peran(t: TabelHtml) -> dict[str, int]:
    hasil: dict[str, int] = {}
    for k, label in enumerate(t.label_kolom):
        p = peran_kolom(label)
        if p and p not in hasil:
            hasil[p] = k
    return hasil


def _jenis_baris(t: TabelHtml, b: BarisTabel, label_total: set[str]) -> str:
    if b.bagian == "thead" or "korpus-nomor" in b.kelas:
        return "kepala"
    if b.bagian == "tfoot" or b.label.strip().lower() in label_total:
        return "total"
    if "grup" in b.kelas.split():
        return "grup"
    return "isi"


# --------------------------------------------------------------------------- rendering


def atur_tata_letak(opd, tata_letak: str) -> None:
    from laporan.models import PengaturanLaporan

    PengaturanLaporan.objects.update_or_create(pemda=opd.pemda, defaults={"tata_letak": tata_letak})


def render_html(lap: Laporan):
    """(print HTML, report data) of a corpus report, in its layout."""
    from laporan.bab import susun_laporan
    from laporan.cetak import html_cetak
    from sakip.models import OPD

    opd = OPD.objects.select_related("pemda").get(kode=lap.opd)
    atur_tata_letak(opd, lap.tata_letak)
    setujui_periode(opd, lap.tahun, lap.periode)
    data = susun_laporan(opd, lap.tahun, lap.periode)
    return html_cetak(data), data


def setujui_periode(opd, tahun: int, periode: str) -> None:
    """Mark the period approved, as the signed LKjIP an office sends is: a report of unapproved
    data prints DRAF on every page and no signatures (issue #20), which is another document."""
    from kinerja.models import RiwayatStatus, StatusPeriode

    sp, _ = StatusPeriode.objects.update_or_create(
        opd=opd, tahun=tahun, periode=periode, defaults={"status": StatusPeriode.Status.DISETUJUI}
    )
    if not sp.riwayat.filter(ke=StatusPeriode.Status.DISETUJUI).exists():
        RiwayatStatus.objects.create(
            status_periode=sp, dari=StatusPeriode.Status.DIAJUKAN, ke=StatusPeriode.Status.DISETUJUI
        )


def pdf_dari_html(sumber: str) -> bytes:
    """The PDF of a print HTML, laid out by WeasyPrint as the report's PDF is."""
    import logging

    from weasyprint import HTML

    from laporan.pdf import CSS_CETAK
    from sakip.pdf_aman import pengambil

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=sumber, base_url=str(CSS_CETAK.parent), url_fetcher=pengambil()).write_pdf()


# --------------------------------------------------------------------------- table shapes


@dataclass
class Konteks:
    """What the shape and error passes know of the report besides its HTML."""

    tahun: int
    wilayah: str
    turun: list[str]  # names of the 'turun' indicators
    kalimat: list[tuple[str, str, str, str]]  # (indicator, target, realisasi, capaian) as printed
    program: list[tuple[str, str, str, str]]  # (program, pagu, realisasi, serapan) as printed
    nama_baru: dict[str, str] = field(default_factory=dict)  # indicators renamed by a shape


def konteks_dari(data) -> Konteks:
    from sakip.templatetags.sakip_format import angka, nilai_presisi

    kalimat = []
    for i in data.semua_indikator:
        if i.capaian is None or i.predikat or not isinstance(i.target, Decimal) or i.target_atas is not None:
            continue
        if not isinstance(i.realisasi, Decimal):
            continue
        kalimat.append(
            (i.nama, nilai_presisi(i.target, i.presisi), nilai_presisi(i.realisasi, i.presisi), angka(i.capaian))
        )
    program = []
    for b in data.bab[2].keuangan.baris:
        if b.tingkat == "program" and b.pagu and b.realisasi is not None and b.serapan is not None:
            program.append((f"{b.kode} {b.nama}", angka(b.pagu, 0), angka(b.realisasi, 0), angka(b.serapan)))
    return Konteks(
        tahun=data.tahun,
        wilayah=data.pemda.nama,
        turun=[i.nama for i in data.semua_indikator if i.arah == "turun"],
        kalimat=kalimat,
        program=program,
    )


def _tabel_data(peta: _Peta) -> list[TabelHtml]:
    """The report's data tables (not the contents, lists or signature layouts)."""
    return [t for t in peta.tabel if "tabel-laporan" in t.kelas.split() and any(b.bagian == "thead" for b in t.baris)]


def _th(teks: str, kelas: str = "", colspan: int = 1, rowspan: int = 1) -> str:
    attr = f' class="{kelas}"' if kelas else ""
    attr += f' colspan="{colspan}"' if colspan > 1 else ""
    attr += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return f"<th{attr}>{html_mod.escape(teks, quote=False)}</th>"


def v_nomor_kolom(sumber, peta, ktx, rng):
    gaya = rng.choice(["({})", "{}"])
    ganti = []
    for t in _tabel_data(peta):
        kepala = [b for b in t.baris if b.bagian == "thead"]
        n = len(t.label_kolom)
        if not kepala or n < 3:
            continue
        baris = '<tr class="korpus-nomor">' + "".join(_th(gaya.format(k + 1), "num") for k in range(n)) + "</tr>"
        ganti.append((kepala[-1].akhir, kepala[-1].akhir, baris))
    return ganti, f"{len(ganti)} tabel, bentuk {gaya.format(1)}"


def _kepala_dua_baris(t: TabelHtml, grup: list[str | None], label_bawah: list[str]) -> str:
    """Two header rows: grouped columns under a spanning label, the others over both rows."""
    (b,) = [b for b in t.baris if b.bagian == "thead"]
    atas, bawah, k = [], [], 0
    while k < len(grup):
        s = t.sel_di(b, k)
        if grup[k] is None:
            atas.append(_th(s.teks, s.kelas, s.colspan, 2))
            k += s.colspan
            continue
        n = 1
        while k + n < len(grup) and grup[k + n] == grup[k]:
            n += 1
        atas.append(_th(grup[k], "", n))
        for j in range(k, k + n):
            bawah.append(_th(label_bawah[j], t.sel_di(b, j).kelas))
        k += n
    return "<tr>" + "".join(atas) + "</tr><tr>" + "".join(bawah) + "</tr>"


def _satu_baris_kepala(t: TabelHtml) -> BarisTabel | None:
    kepala = [b for b in t.baris if b.bagian == "thead" and "korpus-nomor" not in b.kelas]
    if len(kepala) != 1 or any(s.rowspan > 1 or s.colspan > 1 for s in kepala[0].sel):
        return None
    return kepala[0]


def v_kepala_bertingkat(sumber, peta, ktx, rng):
    ganti = []
    for t in _tabel_data(peta):
        b = _satu_baris_kepala(t)
        if b is None:
            continue
        grup = []
        for label in t.label_kolom:
            p = peran_kolom(label)
            if p in ("pagu", "realisasi_rp", "serapan", "pangsa"):
                grup.append("ANGGARAN")
            elif p in ("capaian", "target", "realisasi"):
                grup.append("KINERJA")
            else:
                grup.append(None)
        if "ANGGARAN" not in grup or sum(g is not None for g in grup) < 2:
            continue
        bawah = [re.sub(r"\s+(kinerja|anggaran)\b", "", label, flags=re.IGNORECASE).strip() for label in t.label_kolom]
        ganti.append((b.awal, b.akhir, _kepala_dua_baris(t, grup, bawah)))
    return ganti, f"{len(ganti)} tabel"


def v_tahun_di_grup(sumber, peta, ktx, rng):
    tahun = str(ktx.tahun)
    ganti = []
    for t in _tabel_data(peta):
        b = _satu_baris_kepala(t)
        if b is None:
            continue
        bertahun = [k for k, label in enumerate(t.label_kolom) if re.search(rf"\b{tahun}\b", label) and label != tahun]
        if len(bertahun) < 2 or bertahun != list(range(bertahun[0], bertahun[-1] + 1)):
            continue
        ujung = bertahun[-1] + 1
        if ujung < len(t.label_kolom) and peran_kolom(t.label_kolom[ujung]) == "capaian":
            bertahun.append(ujung)
        grup = [tahun if k in bertahun else None for k in range(len(t.label_kolom))]
        bawah = [" ".join(label.replace(tahun, "").split()) for label in t.label_kolom]
        ganti.append((b.awal, b.akhir, _kepala_dua_baris(t, grup, bawah)))
    return ganti, f"{len(ganti)} tabel"


LABEL_TOTAL = {"jumlah", "total", "j u m l a h"}


def v_total_wilayah(sumber, peta, ktx, rng):
    ganti = []
    for t in _tabel_data(peta):
        for b in t.baris:
            if b.bagian != "thead" and b.sel and b.sel[0].teks.strip().lower() in LABEL_TOTAL:
                s = b.sel[0]
                ganti.append((s.awal, s.akhir, html_mod.escape(ktx.wilayah, quote=False)))
    return ganti, f"{len(ganti)} baris jumlah → “{ktx.wilayah}”"


def v_tabel_terbelah(sumber, peta, ktx, rng):
    calon = []
    for t in _tabel_data(peta):
        isi = [b for b in t.baris if b.bagian == "tbody"]
        kepala = [x for x in t.bagian if x[0] == "thead"]
        if len(isi) >= 8 and t.judul and kepala:
            calon.append((len(isi), t, isi, kepala[0]))
    calon.sort(key=lambda c: (-c[0], c[1].awal))
    ganti, nama = [], []
    for _, t, isi, (_, ka, kb) in calon[:2]:
        n = len(isi) // 2
        while n < len(isi) - 1 and "grup" in isi[n - 1].kelas.split():
            n += 1
        potong = isi[n].awal
        kelas = html_mod.escape(t.kelas)
        sisip = (
            '</tbody></table>\n<div class="korpus-halaman" style="break-before: page"></div>\n'
            f'<table class="{kelas}">{sumber[ka:kb]}<tbody>'
        )
        ganti.append((potong, potong, sisip))
        nama.append(t.nomor or "?")
    return ganti, "tabel " + ", ".join(nama) if nama else "tidak ada tabel panjang"


PENANDA_TURUN = ["(semakin kecil semakin baik)", "(indikator negatif)", "(arah: turun)"]
SINONIM_TURUN = [
    (r"\bwaktu rata-rata\b", "rerata durasi"),
    (r"\blama\b", "durasi"),
    (r"\bdeviasi\b", "selisih"),
    (r"\bpengaduan\b", "keluhan"),
    (r"\bkesalahan\b", "kekeliruan"),
]


def nama_turun_baru(nama: str, rng) -> str:
    baru = nama
    for pola, ganti in SINONIM_TURUN:
        baru = re.sub(
            pola, lambda m, g=ganti: g.capitalize() if m.group(0)[0].isupper() else g, baru, flags=re.IGNORECASE
        )
    return f"{baru} {rng.choice(PENANDA_TURUN)}"


def v_indikator_turun_dinamai(sumber, peta, ktx, rng):
    ganti, catatan = [], []
    for nama in ktx.turun:
        ktx.nama_baru[nama] = nama_turun_baru(nama, rng)
        lama = html_mod.escape(nama, quote=False)
        baru = html_mod.escape(ktx.nama_baru[nama], quote=False)
        awal_isi = sumber.find("<body")
        for m in re.finditer(re.escape(lama), sumber[awal_isi:]):
            ganti.append((awal_isi + m.start(), awal_isi + m.end(), baru))
        catatan.append(f"“{nama}” → “{html_mod.unescape(baru)}”")
    return ganti, "; ".join(catatan) or "tidak ada indikator turun"


KALIMAT_KINERJA = [
    "Realisasi {n} sebesar {r} dari target {t} sehingga capaian {c} %.",
    "Indikator {n} dengan target {t} terealisasi {r}, sehingga capaiannya {c} %.",
    "Untuk indikator {n}, target {t} dan realisasi {r} memberikan capaian {c} %.",
]
KALIMAT_ANGGARAN = [
    "{p} dengan anggaran Rp {a} terealisasi Rp {r} atau serapan {s} %.",
    "Pagu {p} sebesar Rp {a} dengan realisasi Rp {r}, sehingga serapan anggaran {s} %.",
]


def v_angka_dalam_kalimat(sumber, peta, ktx, rng):
    """Sentences restating the measurement table's and the budget's figures (correct), after the
    measurement table's footnote."""
    tabel = next((t for t in _tabel_data(peta) if t.judul and "Pengukuran capaian kinerja" in t.judul), None)
    if tabel is None:
        return [], "tabel pengukuran tidak ada"
    catatan = next((p for p in peta.paragraf if p.awal > tabel.akhir), None)
    tempat = sumber.index("</p>", catatan.awal) + 4 if catatan else tabel.akhir
    kalimat = [
        rng.choice(KALIMAT_KINERJA).format(n=ktx.nama_baru.get(n, n), t=t, r=r, c=c) for n, t, r, c in ktx.kalimat
    ]
    kalimat += [rng.choice(KALIMAT_ANGGARAN).format(p=p, a=a, r=r, s=s) for p, a, r, s in ktx.program]
    isi = "".join(f'\n<p class="korpus-kalimat">{html_mod.escape(k, quote=False)}</p>' for k in kalimat)
    return [(tempat, tempat, isi)], f"{len(kalimat)} kalimat sesudah {tabel.nomor and 'Tabel ' + tabel.nomor}"


FUNGSI_VARIASI = {
    "nomor_kolom": v_nomor_kolom,
    "kepala_bertingkat": v_kepala_bertingkat,
    "tahun_di_grup": v_tahun_di_grup,
    "total_wilayah": v_total_wilayah,
    "tabel_terbelah": v_tabel_terbelah,
    "indikator_turun_dinamai": v_indikator_turun_dinamai,
    "angka_dalam_kalimat": v_angka_dalam_kalimat,
}
# Applied in this order, each on the HTML the previous one left: the header rows first, then
# labels and names, the sentences, and the split last (it copies the final header).
URUTAN_VARIASI = [
    "indikator_turun_dinamai",
    "angka_dalam_kalimat",
    "kepala_bertingkat",
    "tahun_di_grup",
    "total_wilayah",
    "nomor_kolom",
    "tabel_terbelah",
]


def terapkan_variasi(sumber: str, ktx: Konteks, variasi, seed) -> tuple[str, dict[str, str]]:
    """The HTML with the table shapes `variasi` applied, and a note per shape."""
    catatan = {}
    for nama in URUTAN_VARIASI:
        if nama not in variasi:
            continue
        rng = random.Random(f"{seed}:variasi:{nama}")
        ganti, teks = FUNGSI_VARIASI[nama](sumber, peta_html(sumber), ktx, rng)
        sumber = sambung(sumber, ganti)
        catatan[nama] = teks
    return sumber, catatan


# --------------------------------------------------------------------------- injected errors


@dataclass
class Suntikan:
    """One injected error: where it is and what is printed instead of the correct figure."""

    dokumen: str
    jenis: str
    tabel: str | None  # table title, None in the prose
    baris: str  # row label, or the start of the sentence
    kolom: str | None
    tercetak: str  # the wrong figure as printed
    seharusnya: str  # the figure SAKIP computed (printed before the injection)
    awal: int = field(default=0, metadata={"json": False})  # offset in the HTML
    akhir: int = field(default=0, metadata={"json": False})

    def sebagai_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.metadata.get("json", True)}


@dataclass
class _Calon:
    jenis: str
    kunci: str  # the table (or paragraph) it is in: one injection per key
    tabel: str | None
    baris: str
    kolom: str | None
    awal: int
    akhir: int
    lama: str
    baru: str
    terbukti: bool = True  # the printed figures prove it wrong (see `terbukti`); else never chosen


def _geser(nilai: Decimal, rng, kecil: int, besar: int, boleh_negatif=False) -> Decimal:
    """`nilai` moved by ±(kecil..besar) hundredths, never below zero unless allowed."""
    beda = Decimal(rng.randint(kecil, besar)) / 100
    if rng.random() < 0.5:
        beda = -beda
    baru = nilai + beda
    if baru < 0 and not boleh_negatif:
        baru = nilai + abs(beda)
    return baru


def _persen_baru(teks: str, rng, kecil=150, besar=1500, boleh_negatif=False) -> str:
    nilai = baca_angka(teks)
    return tulis_angka(_geser(nilai, rng, kecil, besar, boleh_negatif), max(desimal(teks), 2))


def _jumlah_baru(teks: str, rng) -> str:
    nilai = baca_angka(teks)
    digit = len(str(int(abs(nilai))))
    k = rng.randint(2, max(2, digit - 2))
    beda = Decimal(rng.randint(1, 9)) * (Decimal(10) ** k)
    baru = nilai + beda if rng.random() < 0.5 or nilai - beda <= 0 else nilai - beda
    return tulis_angka(baru, desimal(teks))


def _tukar_digit(teks: str, rng) -> str | None:
    posisi = [
        i
        for i in range(len(teks) - 1)
        if teks[i].isdigit() and teks[i + 1].isdigit() and teks[i] != teks[i + 1] and not (i == 0 and teks[1] == "0")
    ]
    if not posisi:
        return None
    i = rng.choice(posisi)
    return teks[:i] + teks[i + 1] + teks[i] + teks[i + 2 :]


def _terpotong(teks: str) -> str | None:
    """99,37 → 99,30 (one decimal kept, padded): not what truncating or rounding at two decimals gives."""
    if desimal(teks) != 2 or teks.endswith("0"):
        return None
    return teks[:-1] + "0"


def _terjelaskan(teks: str, lo: Decimal, hi: Decimal) -> bool:
    """Some value in [lo, hi] prints as `teks`, rounded half-up or truncated at its decimals."""
    x = baca_angka(teks)
    if x is None:
        return False
    u = Decimal(1).scaleb(-desimal(teks))
    bawah, atas = (x - u / 2, x + u) if x >= 0 else (x - u, x + u / 2)
    return lo <= atas and hi >= bawah


def _setengah(teks: str) -> Decimal:
    """Half a unit of the last printed decimal (a realisasi printed 92,16 may be 92,155…); a whole number is exact."""
    d = desimal(teks)
    return Decimal(1).scaleb(-d) / 2 if d else Decimal(0)


def _rumus_kinerja(n: dict[str, str]) -> set[str]:
    """The capaian formulas (naik, turun by difference, turun by ratio) that give the printed capaian
    from the printed target (as set: exact) and realisasi (within its printed rounding)."""
    t, r, hr = baca_angka(n["target"]), baca_angka(n["realisasi"]), _setengah(n["realisasi"])
    if t is None or r is None or t <= 0:
        return set()
    selang = {
        "naik": ((r - hr) / t * 100, (r + hr) / t * 100),
        "turun_selisih": (max(0, (2 * t - r - hr) / t * 100), max(0, (2 * t - r + hr) / t * 100)),
    }
    if r - hr > 0:
        selang["turun_rasio"] = (t / (r + hr) * 100, t / (r - hr) * 100)
    return {m for m, (lo, hi) in selang.items() if _terjelaskan(n["capaian"], lo, hi)}


def _rumus_anggaran(n: dict[str, str]) -> set[str]:
    """{"serapan"} when the printed serapan is realisasi ÷ pagu × 100 of the printed amounts."""
    p, r = baca_angka(n["pagu"]), baca_angka(n["realisasi_rp"])
    if p is None or r is None or p <= 0:
        return set()
    v = r / p * 100
    return {"serapan"} if _terjelaskan(n["serapan"], v, v) else set()


def _rumus_efisiensi(n: dict[str, str]) -> set[str]:
    """The efficiency formulas (capaian − serapan, capaian ÷ serapan × 100) that give the printed
    efficiency from the printed capaian and serapan, each within a whole unit of its last decimal
    (rounded or truncated)."""
    c, s, e = baca_angka(n["capaian"]), baca_angka(n["serapan"]), n["efisiensi"]
    if c is None or s is None:
        return set()
    hc, hs = Decimal(1).scaleb(-desimal(n["capaian"])), Decimal(1).scaleb(-desimal(n["serapan"]))
    hasil = set()
    if _terjelaskan(e, c - hc - s - hs, c + hc - s + hs):
        hasil.add("selisih")
    if s - hs > 0 and _terjelaskan(e, (c - hc) / (s + hs) * 100, (c + hc) / (s - hs) * 100):
        hasil.add("rasio")
    return hasil


# The relations within a row: the columns they tie and the formulas that hold for printed figures.
_HUBUNGAN_BARIS = [
    (("target", "realisasi", "capaian"), _rumus_kinerja),
    (("pagu", "realisasi_rp", "serapan"), _rumus_anggaran),
    (("capaian", "serapan", "efisiensi"), _rumus_efisiensi),
]


def terbukti(t: TabelHtml, b: BarisTabel, peran: dict[str, int], sel: Sel, baru: str) -> bool:
    """Whether a reviewer can prove the injected figure wrong from the figures printed beside it.

    For every relation of the row the cell takes part in (target, realisasi, capaian; pagu,
    realisasi, serapan; capaian, serapan, efficiency), the formulas that explain the correct row
    (printed inputs within their rounding: a target as set, a realisasi ± half its last decimal,
    amounts exact; a printed result as the rounded or truncated value) must all fail on the
    row with the injected figure. A cell in no such relation (a total, an average, a share) is
    recomputed from other rows (a total, an average, a share: the sum, mean or total of the rows
    is exact or its shift is a whole unit or more) is provable as it is."""
    hubungan = []
    for kolom, rumus in _HUBUNGAN_BARIS:
        if sel.kolom not in (peran.get(k) for k in kolom):
            continue
        sel_baris = [_sel_angka(t, b, peran.get(k)) for k in kolom]
        if all(x is not None for x in sel_baris):
            hubungan.append(({k: x.teks for k, x in zip(kolom, sel_baris, strict=True)}, rumus))
    if not hubungan:
        return True
    for asli, rumus in hubungan:
        ganti = {k: (baru if peran[k] == sel.kolom else v) for k, v in asli.items()}
        benar = rumus(asli)
        if benar and not benar & rumus(ganti):
            return True
    return False


def _sel_angka(t: TabelHtml, b: BarisTabel, kolom: int | None) -> Sel | None:
    """The cell of column `kolom` in row `b` when it holds just a number (no markup around it)."""
    if kolom is None:
        return None
    s = t.sel_di(b, kolom)
    if s is None or s.kolom != kolom or s.colspan != 1 or baca_angka(s.teks) is None:
        return None
    return s


def _calon_sel(
    sumber: str, t: TabelHtml, label: str, jenis: str, s: Sel, baru: str | None, bukti: bool = True
) -> list[_Calon]:
    mentah = sumber[s.awal : s.akhir]
    if baru is None or baru == s.teks or mentah.strip() != s.teks:
        return []
    awal = s.awal + mentah.index(s.teks)
    kolom = t.label_kolom[s.kolom]
    return [_Calon(jenis, f"tabel@{t.awal}", t.nama, label, kolom, awal, awal + len(s.teks), s.teks, baru, bukti)]


def _calon_satu_tabel(sumber: str, t: TabelHtml, ktx: Konteks, rng) -> list[_Calon]:
    """Where each kind of error can go in table `t`: only figures recomputable within the table."""
    calon: list[_Calon] = []
    peran = _peran(t)
    kinerja = {"target", "realisasi", "capaian"} <= set(peran)
    anggaran = {"pagu", "realisasi_rp", "serapan"} <= set(peran)
    efisien = {"capaian", "serapan", "efisiensi"} <= set(peran)
    total = LABEL_TOTAL | {ktx.wilayah.lower()}
    grup = ""
    for b in t.baris:
        jenis_baris = _jenis_baris(t, b, total)
        if jenis_baris == "kepala":
            continue
        if jenis_baris == "grup":
            grup = b.label
        label = (f"{grup[:60]} / " if grup and jenis_baris == "isi" else "") + b.label[:120]

        def tambah(jenis, sel, baru, label=label, b=b, isi=jenis_baris == "isi"):
            # A figure of a data row is recomputed from its row: it must be provable there.
            bukti = baru is not None and (not isi or terbukti(t, b, peran, sel, baru))
            calon.extend(_calon_sel(sumber, t, label, jenis, sel, baru, bukti))

        def angka(*nama, b=b):
            """The row prints a number in each of these columns (a predicate or a range is not one)."""
            return all(n in peran and _sel_angka(t, b, peran[n]) is not None for n in nama)

        c = _sel_angka(t, b, peran.get("capaian"))
        if kinerja and c is not None and (jenis_baris != "isi" or angka("target", "realisasi")):
            if jenis_baris == "isi":
                tambah("capaian", c, _persen_baru(c.teks, rng))
                tambah("persen_terpotong", c, _terpotong(c.teks))
            else:
                tambah("rata_rata", c, _persen_baru(c.teks, rng))
        e = _sel_angka(t, b, peran.get("efisiensi"))
        if efisien and e is not None and jenis_baris in ("isi", "total") and angka("capaian", "serapan"):
            tambah("efisiensi", e, _persen_baru(e.teks, rng, 100, 900, boleh_negatif=True))
        s = _sel_angka(t, b, peran.get("serapan"))
        if anggaran and s is not None and jenis_baris in ("isi", "total") and angka("pagu", "realisasi_rp"):
            tambah("serapan", s, _persen_baru(s.teks, rng))
            if jenis_baris == "isi":
                tambah("persen_terpotong", s, _terpotong(s.teks))
        p = _sel_angka(t, b, peran.get("pangsa"))
        if p is not None and jenis_baris == "isi" and angka("pagu"):
            tambah("pangsa", p, _persen_baru(p.teks, rng, 100, 900))
        if jenis_baris == "total" and b.label.strip().lower() in total:  # a Jumlah row, not a sasaran's row
            for nama in ("pagu", "realisasi_rp"):
                j = _sel_angka(t, b, peran.get(nama))
                if j is not None and abs(baca_angka(j.teks)) >= 1000:
                    tambah("jumlah", j, _jumlah_baru(j.teks, rng))
        if jenis_baris == "isi":
            kolom = []
            if kinerja and angka("target", "realisasi", "capaian"):
                kolom += [peran["target"], peran["realisasi"], peran["capaian"]]
            if anggaran and angka("pagu", "realisasi_rp", "serapan"):
                kolom += [peran["pagu"], peran["realisasi_rp"], peran["serapan"]]
            for k in kolom:
                x = _sel_angka(t, b, k)
                if x is not None:
                    tambah("tukar_digit", x, _tukar_digit(x.teks, rng))
    # A year label in the header: "Target 2024", "Anggaran 2024 (Rp)", a group header "2024"
    # (the Renstra table's bare year columns are left alone).
    tahun = str(ktx.tahun)
    for b in t.baris:
        if b.bagian != "thead" or "korpus-nomor" in b.kelas:
            continue
        for s in b.sel:
            mentah = sumber[s.awal : s.akhir]
            if not re.search(rf"\b{tahun}\b", s.teks) or mentah.count(tahun) != 1:
                continue
            if s.teks == tahun and s.colspan == 1:
                continue
            awal = s.awal + mentah.index(tahun)
            kunci = f"tabel@{t.awal}"
            lain = str(ktx.tahun - 1)
            calon.append(_Calon("tahun", kunci, t.nama, "(kepala tabel)", s.teks, awal, awal + 4, tahun, lain))
    return calon


def _calon_tabel(sumber: str, peta: _Peta, ktx: Konteks, rng) -> list[_Calon]:
    return [c for t in _tabel_data(peta) for c in _calon_satu_tabel(sumber, t, ktx, rng)]


# A capaian (or serapan) in a sentence that also gives its target and realisasi (pagu and realisasi).
_DALAM_KALIMAT = r"(?:[^.]|\.(?=\d))*?"  # no sentence end (a dot inside a number is not one)
_KALIMAT_CAPAIAN = re.compile(
    rf"(?P<depan>{_DALAM_KALIMAT}\btarget\b{_DALAM_KALIMAT})\bcapaian(?:nya)?\s+(?:sebesar\s+)?"
    r"(?P<c>-?\d[\d.]*,\d+|\d+)\s?%",
    re.IGNORECASE,
)
_KALIMAT_SERAPAN = re.compile(
    rf"(?P<depan>{_DALAM_KALIMAT}\b(?:pagu|anggaran)\b{_DALAM_KALIMAT})\bserapan(?:\s+anggaran)?\s+"
    r"(?P<c>\d[\d.]*,\d+|\d+)\s?%",
    re.IGNORECASE,
)


# The sentence must give the figures the capaian (serapan) comes from: a number right after
# "target" and after "realisasi" ("pagu"/"anggaran"); a predicate ("target BB, realisasi BB") does not.
_ANGKA_DISEBUT = {
    _KALIMAT_CAPAIAN: [
        re.compile(r"\btarget\s+(?:sebesar\s+)?-?\d", re.IGNORECASE),
        re.compile(r"realisasi(?:nya)?\b[^,;()%]{0,160}?\d", re.IGNORECASE),
    ],
    _KALIMAT_SERAPAN: [
        re.compile(r"\b(?:pagu|anggaran)\b[^,;()%]{0,80}?\d", re.IGNORECASE),
        re.compile(r"realisasi(?:nya)?\b[^,;()%]{0,80}?\d", re.IGNORECASE),
    ],
}


def _calon_narasi(sumber: str, peta: _Peta, rng) -> list[_Calon]:
    """Sentences outside tables that state a capaian (serapan) with the figures it comes from."""
    calon = []
    for p in peta.paragraf:
        mentah = sumber[p.awal : p.akhir]
        for pola in (_KALIMAT_CAPAIAN, _KALIMAT_SERAPAN):
            for m in pola.finditer(mentah):
                if not all(x.search(m.group("depan")) for x in _ANGKA_DISEBUT[pola]):
                    continue
                lama = m.group("c")
                awal = p.awal + m.start("c")
                kalimat = " ".join(html_mod.unescape(re.sub(r"<[^>]+>", "", m.group(0))).split())
                calon.append(
                    _Calon(
                        "narasi",
                        f"paragraf@{p.awal}",
                        None,
                        kalimat[:160],
                        None,
                        awal,
                        awal + len(lama),
                        lama,
                        _persen_baru(lama, rng),
                    )
                )
    return calon


def suntik(sumber: str, ktx: Konteks, seed, dokumen: str = "", jumlah: int = 14) -> tuple[str, list[Suntikan]]:
    """The HTML with `jumlah` errors injected (at most one per table or paragraph), and their record.

    Kinds are taken in a shuffled round so every kind with a place in the document gets one
    before any gets a second."""
    rng = random.Random(f"{seed}:suntik:{dokumen}")
    peta = peta_html(sumber)
    semua = _calon_tabel(sumber, peta, ktx, rng) + _calon_narasi(sumber, peta, rng)
    per_jenis: dict[str, list[_Calon]] = {}
    for c in semua:
        per_jenis.setdefault(c.jenis, []).append(c)
    urutan = [j for j in JENIS_SUNTIKAN if j in per_jenis]
    rng.shuffle(urutan)
    for j in urutan:
        rng.shuffle(per_jenis[j])
    terpakai: set[str] = set()
    dipilih: list[_Calon] = []
    while len(dipilih) < jumlah:
        tambah = False
        for j in urutan:
            if len(dipilih) >= jumlah:
                break
            c = next((c for c in per_jenis[j] if c.kunci not in terpakai and c.terbukti), None)
            if c is None:
                continue
            terpakai.add(c.kunci)
            dipilih.append(c)
            tambah = True
        if not tambah:
            break
    dipilih.sort(key=lambda c: c.awal)
    hasil = sambung(sumber, [(c.awal, c.akhir, c.baru) for c in dipilih])
    catatan = [Suntikan(dokumen, c.jenis, c.tabel, c.baris, c.kolom, c.baru, c.lama, c.awal, c.akhir) for c in dipilih]
    return hasil, catatan


# --------------------------------------------------------------------------- the corpus


def tulis_txt(sumber: str, path: Path) -> None:
    path.write_text(teks_html(sumber), encoding="utf-8")


def tulis_pdf(sumber: str, path: Path) -> None:
    path.write_bytes(pdf_dari_html(sumber))


# One writer per format. A DOCX rendering of the report would go here as "docx".
PENULIS = {"txt": tulis_txt, "pdf": tulis_pdf}


def _tulis_satu(tugas):
    format_, sumber, path = tugas
    mulai = time.perf_counter()
    PENULIS[format_](sumber, Path(path))
    return path, time.perf_counter() - mulai


def siapkan_basis_data(url: str | None = None) -> str:
    """Create the throw-away database and load the demo offices and three synthetic ones."""
    from bench import lingkungan

    url = url or os.environ.get("KORPUS_DATABASE_URL") or URL_KORPUS
    lingkungan.buat_ulang_basis_data(url)
    lingkungan.siapkan(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    muat_kantor()
    return url


def muat_kantor(sintetis=(1, 2, 3)) -> None:
    """The four demo offices (with the demo's report settings) and synthetic offices sin-NN."""
    from anggaran.nomenklatur import muat_nomenklatur
    from bench.data_sintetis import dokumen_opd
    from pertukaran.muat import impor_data_opd

    muat_nomenklatur()
    demo = AKAR / "fixtures" / "demo"
    daftar = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(demo.glob("disdukcapil-*.json"))]
    daftar += [dokumen_opd(SEED, urut, awalan="sin", nama_pemda=PEMDA_SINTETIS, **UKURAN_SINTETIS) for urut in sintetis]
    for d in daftar:
        hasil = impor_data_opd(d)
        if not hasil.berhasil:
            raise SystemExit("\n".join(f"{t}: {p}" for t, p in hasil.galat[:20]))


def siapkan_laporan(lap: Laporan, seed) -> dict:
    """The correct and the wrong HTML of a report, its shapes and its injections."""
    sumber, data = render_html(lap)
    ktx = konteks_dari(data)
    benar, variasi = terapkan_variasi(sumber, ktx, lap.variasi, f"{seed}:{lap.id}")
    salah, suntikan = suntik(benar, ktx, seed, lap.id)
    return {"laporan": lap, "benar": benar, "salah": salah, "variasi": variasi, "suntikan": suntikan}


def commit_sekarang() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(AKAR), "describe", "--always", "--dirty"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def bangun_korpus(laporan: list[Laporan], keluaran: Path, seed=SEED, format_=FORMAT, proses=None) -> dict:
    """Render every report correct and wrong in every format; write the files and `korpus.json`."""
    keluaran.mkdir(parents=True, exist_ok=True)
    for lama in keluaran.glob("D*-*.*"):
        lama.unlink()
    mulai = time.perf_counter()
    siap = [siapkan_laporan(lap, seed) for lap in laporan]
    waktu_html = time.perf_counter() - mulai
    tugas, dokumen = [], []
    for s in siap:
        lap = s["laporan"]
        berkas = {}
        for versi in ("benar", "salah"):
            (keluaran / f"{lap.id}-{versi}.html").write_text(s[versi], encoding="utf-8")
            for f in format_:
                path = keluaran / f"{lap.id}-{versi}.{f}"
                berkas.setdefault(versi, {})[f] = path.name
                tugas.append((f, s[versi], str(path)))
        dokumen.append(
            {
                **dataclasses.asdict(lap),
                "variasi": s["variasi"],
                "berkas": berkas,
                "suntikan": [x.sebagai_dict() for x in s["suntikan"]],
            }
        )
    from django.db import connections

    connections.close_all()  # the writers are forked; they read no database
    mulai = time.perf_counter()
    proses = proses or min(4, os.cpu_count() or 1)
    waktu_tulis = {}
    konteks = multiprocessing.get_context("fork")
    tugas.sort(key=lambda x: x[0] != "pdf")  # the long ones first
    with concurrent.futures.ProcessPoolExecutor(max_workers=proses, mp_context=konteks) as pool:
        for path, detik in pool.map(_tulis_satu, tugas):
            waktu_tulis[Path(path).name] = round(detik, 2)
    manifest = {
        "format": "sakip-korpus-reviu/1",
        "dibuat": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": commit_sekarang(),
        "seed": seed,
        "format_berkas": list(format_),
        "waktu": {
            "html_detik": round(waktu_html, 1),
            "berkas_detik": round(time.perf_counter() - mulai, 1),
            "per_berkas": waktu_tulis,
        },
        "dokumen": dokumen,
    }
    (keluaran / "korpus.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cepat", action="store_true", help=f"hanya {', '.join(CEPAT)}")
    p.add_argument("--laporan", help="id laporan dipisah koma (mis. D1,D4)")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--keluaran", type=Path, default=KELUARAN)
    p.add_argument("--format", default=",".join(FORMAT), help="pdf,txt (bawaan)")
    p.add_argument("--database-url", help=f"bawaan: KORPUS_DATABASE_URL atau {URL_KORPUS}")
    return p


def pilih_laporan(args) -> list[Laporan]:
    if args.laporan:
        ids = args.laporan.split(",")
    elif args.cepat:
        ids = CEPAT
    else:
        ids = [lap.id for lap in KORPUS]
    return [lap for lap in KORPUS if lap.id in ids]


def main(argv=None):
    args = parser().parse_args(argv)
    mulai = time.perf_counter()
    siapkan_basis_data(args.database_url)
    print(f"basis data: {time.perf_counter() - mulai:.1f} s", flush=True)
    laporan = pilih_laporan(args)
    m = bangun_korpus(laporan, args.keluaran, args.seed, tuple(args.format.split(",")))
    n = sum(len(d["suntikan"]) for d in m["dokumen"])
    print(
        f"korpus: {len(laporan)} laporan × (benar, salah) × {', '.join(m['format_berkas'])} di {args.keluaran}; "
        f"{n} suntikan; HTML {m['waktu']['html_detik']} s, berkas {m['waktu']['berkas_detik']} s"
    )
    return m


if __name__ == "__main__":
    main()
