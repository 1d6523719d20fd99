"""Excel workbooks in and out, safely: an uploaded .xlsx is checked before it is parsed, read once
into plain rows, and every text the application writes into a workbook stays text.

**In.** `baca_xlsx(berkas)` is the one door by which an uploaded workbook is read (the office
workbook, the budget workbook, the commands). An .xlsx is a zip of XML parts; a few KB of it can
expand to gigabytes, or claim a million rows that a naive reader walks cell by cell. So, before
openpyxl reads anything, the archive's own records are checked against limits (`batas()`,
settings `SAKIP_XLSX_*`): it is a zip by content, its central directory and member count are
small, the sizes it declares add up to a bounded total (Python's zipfile never inflates a member
past its declared size, so the declared sizes are what a reader can get), no large member is
compressed more than a ratio, the shared strings are bounded in size and no string is longer
than an Excel cell holds. Then openpyxl opens it in read-only mode (shared strings, styles,
sheet list) and each sheet's declared size (<dimension ref>) is checked; the sheets are streamed
cell by cell, counting rows, columns and cells as they come, and the first one past a limit
stops the read. A refusal is `BerkasDitolak` with a message for the user; nothing else happens.

The result is a `Buku` of `Lembar` (sheets of plain values), shaped like the part of openpyxl's
API the importers use (`sheetnames`, `wb[nama]`, `ws.cell(r, c).value`, `max_row`,
`max_column`, `merged_cells.ranges`), and JSON-serialisable (`ke_json`, `dari_json`): an upload
is read once, and its preview and its confirmation use the stored rows.

A cell holding a formula reads as a `Rumus` (a str starting with "="); a text cell that only
starts with "=" reads as plain text. The importers refuse formulas and keep such text as typed.

**Out.** `tulis_sel(ws, r, c, nilai)` writes a cell; a text is always a text cell (openpyxl would
make "=HYPERLINK(…)", typed by a person into a note, a live formula in the file it writes). Text
starting with a character a spreadsheet reads as the start of a formula (= + - @, tab, CR) also
gets Excel's "quote prefix" style, so editing the cell in Excel keeps it text. The value is
unchanged: a re-import reads back exactly what was exported.
"""

from __future__ import annotations

import datetime
import os
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import ExcelReader, _find_workbook_part
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import (
    CELL_TAG,
    DATA_TAG,
    DIMENSION_TAG,
    FORMULA_TAG,
    ROW_TAG,
    WorkSheetParser,
)
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from .berkas_aman import BerkasDitolak, format_mb, ukuran_berkas

# Limits, overridable in settings (and by environment variables there: sakip/settings.py).
BAWAAN = {
    "SAKIP_IMPOR_MAKS_MB": 20,  # the uploaded file
    "SAKIP_XLSX_MAKS_ISI_MB": 50,  # every member of the archive, uncompressed
    "SAKIP_XLSX_MAKS_ANGGOTA": 500,  # members of the archive
    "SAKIP_XLSX_MAKS_RASIO": 100,  # uncompressed / compressed size of a member above 1 MB
    "SAKIP_XLSX_MAKS_XML_MB": 10,  # a part openpyxl reads whole (styles, workbook, shared strings)
    "SAKIP_XLSX_MAKS_BARIS": 20_000,  # rows of a sheet
    "SAKIP_XLSX_MAKS_KOLOM": 200,  # columns of a sheet
    "SAKIP_XLSX_MAKS_SEL": 400_000,  # cells of the workbook
}
PANJANG_TEKS = 32_767  # the most characters an Excel cell holds
_RASIO_MULAI = 1 << 20  # smaller members may compress as well as they like: they stay small
_DIREKTORI = 1 << 20  # the central directory: 500 members take about 50 KB
_NS = f"{{{SHEET_MAIN_NS}}}"
_SI, _T = f"{_NS}si", f"{_NS}t"
_GABUNG = f"{_NS}mergeCell"
_DIMENSI, _DATA = DIMENSION_TAG, DATA_TAG
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula (OWASP)


def batas(nama):
    return getattr(settings, nama, BAWAAN[nama])


class Rumus(str):
    """A cell that held a formula (its text, starting with "=")."""


# --------------------------------------------------------------------------- out


def tulis_sel(ws, baris, kolom, nilai):
    """Write `nilai` to a cell and return it; a text stays text (never a formula)."""
    sel = ws.cell(baris, kolom, nilai)
    jadikan_teks(sel)
    return sel


def jadikan_teks(sel):
    """Make a cell that holds a str a text cell (openpyxl turns "=…" into a formula)."""
    if isinstance(sel.value, str):
        sel.data_type = "s"
        if sel.value.startswith(_AWAL_RUMUS):
            sel.quotePrefix = True  # Excel keeps it text when the cell is edited
    return sel


def teks_aman_buku(wb):
    """Make every str cell of an openpyxl workbook a text cell (for a workbook built elsewhere,
    e.g. by tablib): the last step before saving."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for sel in row:
                jadikan_teks(sel)
    return wb


# --------------------------------------------------------------------------- in


@dataclass
class _Sel:
    value: object = None


_KOSONG = _Sel()


@dataclass
class _Rentang:
    coord: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int


@dataclass
class _Gabungan:
    ranges: list = field(default_factory=list)


class Lembar:
    """A sheet as plain values: {row: {column: value}} (empty cells absent)."""

    def __init__(self, title, sheet_state="visible", baris=None, gabung=()):
        self.title = title
        self.sheet_state = sheet_state
        self.baris = baris or {}
        self.merged_cells = _Gabungan([_Rentang(ref, *range_boundaries(ref)) for ref in gabung])
        self.max_row = max(self.baris, default=0)
        self.max_column = max((max(r) for r in self.baris.values() if r), default=0)

    def cell(self, baris, kolom):
        v = self.baris.get(baris, {}).get(kolom)
        return _KOSONG if v is None else _Sel(v)


class Buku:
    """A workbook as plain values: its sheets in order, by title."""

    def __init__(self, lembar):
        self.worksheets = list(lembar)
        self._per_nama = {ws.title: ws for ws in self.worksheets}

    @property
    def sheetnames(self):
        return [ws.title for ws in self.worksheets]

    def __getitem__(self, nama):
        return self._per_nama[nama]

    def __contains__(self, nama):
        return nama in self._per_nama

    def ke_json(self):
        return {
            "lembar": [
                {
                    "judul": ws.title,
                    "status": ws.sheet_state,
                    "gabung": [r.coord for r in ws.merged_cells.ranges],
                    "baris": [[r, [[c, _ke_json(v)] for c, v in sel.items()]] for r, sel in ws.baris.items()],
                }
                for ws in self.worksheets
            ]
        }

    @classmethod
    def dari_json(cls, data):
        return cls(
            Lembar(
                d["judul"],
                d["status"],
                {r: {c: _dari_json(v) for c, v in sel} for r, sel in d["baris"]},
                d["gabung"],
            )
            for d in data["lembar"]
        )


def _ke_json(v):
    # JSON keeps str, int, float (exactly: Python writes the shortest repr), bool; the rest tagged.
    if isinstance(v, Rumus):
        return {"rumus": str(v)}
    if isinstance(v, datetime.datetime):
        return {"waktu": v.isoformat()}
    if isinstance(v, datetime.date):
        return {"tanggal": v.isoformat()}
    if isinstance(v, datetime.time):
        return {"jam": v.isoformat()}
    if isinstance(v, datetime.timedelta):
        return {"durasi": v.total_seconds()}
    if isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def _dari_json(v):
    if not isinstance(v, dict):
        return v
    ((jenis, isi),) = v.items()
    return {
        "rumus": Rumus,
        "waktu": datetime.datetime.fromisoformat,
        "tanggal": datetime.date.fromisoformat,
        "jam": datetime.time.fromisoformat,
        "durasi": lambda s: datetime.timedelta(seconds=s),
    }[jenis](isi)


def baca_xlsx(berkas, maks_mb=None) -> Buku:
    """Check, then read an uploaded .xlsx (a path, or a binary file object) into a `Buku`.
    Raises BerkasDitolak (message for the user) for anything that is not a sound, bounded
    workbook."""
    if isinstance(berkas, (str, os.PathLike)):
        with open(berkas, "rb") as f:
            return baca_xlsx(f, maks_mb)
    maks = (maks_mb or batas("SAKIP_IMPOR_MAKS_MB")) * 1024 * 1024
    if ukuran_berkas(berkas) > maks:
        raise BerkasDitolak(f"Berkas lebih dari {format_mb(maks)}; periksa isinya.")
    berkas.seek(0)
    awal = berkas.read(8)
    berkas.seek(0)
    if awal.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise BerkasDitolak(
            "Berkas ini berformat Excel lama (.xls) atau terlindung kata sandi; "
            "simpan ulang dari Excel sebagai .xlsx tanpa kata sandi."
        )
    if not awal.startswith(b"PK\x03\x04"):
        raise _rusak("isinya bukan workbook .xlsx")
    _periksa_direktori(berkas)
    try:
        pembaca = ExcelReader(berkas, read_only=True, data_only=False, keep_links=False)
    except Exception:  # zipfile's and openpyxl's errors for a damaged archive
        raise _rusak("arsipnya rusak") from None
    try:
        return _baca_buku(pembaca)
    finally:
        pembaca.archive.close()


def _periksa_direktori(berkas):
    """The zip's end record, read before zipfile builds an entry per member: a directory of a
    million entries is refused by its declared size."""
    try:
        akhir = zipfile._EndRecData(berkas)  # noqa: SLF001 - the stdlib's own reader of that record
    except OSError:
        akhir = None
    if not akhir:
        raise _rusak("arsipnya tidak utuh")
    if akhir[zipfile._ECD_SIZE] > _DIREKTORI or akhir[zipfile._ECD_ENTRIES_TOTAL] > batas("SAKIP_XLSX_MAKS_ANGGOTA"):
        raise _terlalu_banyak_anggota()
    berkas.seek(0)


def _rusak(alasan):
    return BerkasDitolak(f"Berkas tidak dapat dibaca sebagai Excel (.xlsx): {alasan}.")


def _terlalu_banyak_anggota():
    return BerkasDitolak(
        f"Berkas .xlsx berisi lebih dari {batas('SAKIP_XLSX_MAKS_ANGGOTA')} bagian; "
        "bukan workbook biasa. Simpan ulang hanya sheet yang diperlukan."
    )


def _bagian_besar(nama):
    maks = batas("SAKIP_XLSX_MAKS_XML_MB") * 1024 * 1024
    return BerkasDitolak(
        f"Bagian {nama} dari berkas .xlsx lebih dari {format_mb(maks)}; "
        "bukan workbook biasa. Simpan ulang hanya data yang diperlukan."
    )


def _periksa_arsip(zf):
    """What the zip's directory declares: members, their total and their compression ratio."""
    daftar = zf.infolist()
    if len(daftar) > batas("SAKIP_XLSX_MAKS_ANGGOTA"):
        raise _terlalu_banyak_anggota()
    maks_isi = batas("SAKIP_XLSX_MAKS_ISI_MB") * 1024 * 1024
    rasio = batas("SAKIP_XLSX_MAKS_RASIO")
    jumlah = 0
    for i in daftar:
        jumlah += i.file_size
        if jumlah > maks_isi:
            raise BerkasDitolak(
                f"Isi berkas .xlsx setelah diekstrak melebihi {format_mb(maks_isi)}; "
                "bukan workbook biasa (mungkin berisi data tersembunyi). Simpan ulang hanya data yang diperlukan."
            )
        if i.file_size > _RASIO_MULAI and i.file_size > rasio * max(i.compress_size, 1):
            raise BerkasDitolak(
                f"Bagian {i.filename} dari berkas .xlsx dimampatkan lebih dari {rasio} kali "
                "(bom dekompresi?); berkas ditolak."
            )
    if "[Content_Types].xml" not in zf.NameToInfo:
        raise _rusak("bagian [Content_Types].xml tidak ada")
    if zf.NameToInfo["[Content_Types].xml"].file_size > batas("SAKIP_XLSX_MAKS_XML_MB") * 1024 * 1024:
        raise _bagian_besar("[Content_Types].xml")


def _baca_buku(r):
    """The parts in the order openpyxl needs them, each checked before it is parsed: the
    manifest, the workbook and its relations, then (only the sheets may be larger than
    SAKIP_XLSX_MAKS_XML_MB: they are streamed) the shared strings and the styles, then every
    sheet's declared size, then the cells."""
    zf = r.archive
    _periksa_arsip(zf)
    ukuran = {i.filename: i.file_size for i in zf.infolist()}
    maks_xml = batas("SAKIP_XLSX_MAKS_XML_MB") * 1024 * 1024
    try:
        r.read_manifest()
        bagian = _find_workbook_part(r.package).PartName[1:]
        for nama in (bagian, get_rels_path(bagian)):
            if ukuran.get(nama, 0) > maks_xml:
                raise _bagian_besar(nama)
        r.read_workbook()
        lembar = [
            (s.name, s.state or "visible", rel.target)
            for s, rel in r.parser.find_sheets()
            if "chartsheet" not in rel.Type and rel.target in ukuran
        ]
        sasaran = {path for *_, path in lembar}
        for nama, n in ukuran.items():
            if n > maks_xml and nama not in sasaran:
                raise _bagian_besar(nama)
        teks = r.package.find(SHARED_STRINGS)
        if teks is not None and teks.PartName[1:] in ukuran:
            _periksa_teks_bersama(zf, teks.PartName[1:])
        r.read_strings()
        apply_stylesheet(zf, r.wb)
    except BerkasDitolak:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged parts (defusedxml: a DTD)
        raise _rusak(exc.__class__.__name__) from None
    maks_baris, maks_kolom = batas("SAKIP_XLSX_MAKS_BARIS"), batas("SAKIP_XLSX_MAKS_KOLOM")
    for judul, _, path in lembar:
        _periksa_dimensi(zf, judul, path, maks_baris, maks_kolom)
    sisa = [batas("SAKIP_XLSX_MAKS_SEL")]
    hasil = []
    for judul, status, path in lembar:
        with zf.open(path) as src:
            pengurai = _Pengurai(src, r.shared_strings, r.wb, judul, maks_baris, maks_kolom, sisa)
            try:
                baris = pengurai.baca()
            except BerkasDitolak:
                raise
            except Exception as exc:
                raise BerkasDitolak(
                    f"Sheet '{judul}' tidak dapat dibaca ({exc.__class__.__name__}); simpan ulang dari Excel."
                ) from None
        hasil.append(Lembar(judul, status, baris, pengurai.gabung))
    return Buku(hasil)


def _periksa_teks_bersama(zf, nama):
    """No shared string longer than an Excel cell holds (before openpyxl loads them all)."""
    try:
        with zf.open(nama) as f:
            akar = None
            for kejadian, el in ElementTree.iterparse(f, events=("start", "end")):
                if akar is None:
                    akar = el
                if kejadian == "end" and el.tag == _SI:
                    if sum(len(t.text or "") for t in el.iter(_T)) > PANJANG_TEKS:
                        raise _teks_terlalu_panjang()
                    akar.clear()  # what was checked is dropped: memory stays flat
    except BerkasDitolak:
        raise
    except Exception as exc:  # a damaged part, entities past expat's amplification limit, a bad CRC
        raise _rusak(f"daftar teksnya rusak ({exc.__class__.__name__})") from None


def _periksa_dimensi(zf, judul, path, maks_baris, maks_kolom):
    """The size a sheet declares (<dimension ref>, before its rows), read without its rows."""
    ref = None
    try:
        with zf.open(path) as f:
            for _, el in ElementTree.iterparse(f, events=("start",)):
                if el.tag == _DIMENSI:
                    ref = el.get("ref")
                    break
                if el.tag == _DATA:
                    break
        min_kolom, min_baris, max_kolom, max_baris = range_boundaries(ref) if ref else (0, 0, 0, 0)
    except Exception:  # no usable <dimension>: the rows are counted as they are read
        return
    if (max_baris or 0) > maks_baris or (max_kolom or 0) > maks_kolom:
        raise _terlalu_besar(judul, maks_baris, maks_kolom, f"berukuran {max_baris} baris × {max_kolom} kolom")


def _teks_terlalu_panjang():
    return BerkasDitolak(
        f"Berkas .xlsx memuat teks lebih dari {_ribuan(PANJANG_TEKS)} karakter dalam satu sel "
        "(lebih dari yang dapat dimuat Excel); berkas ditolak."
    )


def _ribuan(n):
    return f"{n:,}".replace(",", ".")


def _terlalu_besar(judul, maks_baris, maks_kolom, keadaan):
    return BerkasDitolak(
        f"Sheet '{judul}' {keadaan}, melebihi batas {_ribuan(maks_baris)} baris × {maks_kolom} kolom. "
        "Hapus baris dan kolom kosong di bawah dan di kanan data (atau sel yang terisi jauh di luar tabel), "
        "lalu simpan ulang."
    )


class _Pengurai(WorkSheetParser):
    """openpyxl's sheet parser (its cell values: numbers, dates, shared and inline strings,
    booleans), driven cell by cell so that the counts stop a hostile sheet at its first cell
    past a limit, and without translating shared formulas (only the fact of a formula counts).
    The XML is read by the standard library's C parser: expat (2.4 and later) refuses entity
    expansion past an amplification limit and ElementTree never fetches external entities."""

    def __init__(self, src, shared_strings, wb, judul, maks_baris, maks_kolom, sisa):
        super().__init__(
            src,
            shared_strings,
            data_only=False,
            epoch=wb.epoch,
            date_formats=wb._date_formats,  # noqa: SLF001
            timedelta_formats=wb._timedelta_formats,  # noqa: SLF001
        )
        self.judul, self.maks_baris, self.maks_kolom, self.sisa = judul, maks_baris, maks_kolom, sisa
        self.gabung = []

    def parse_formula(self, element):
        f = element.find(FORMULA_TAG)
        teks = (f.text or "") if f is not None else ""
        if not teks and f is not None and f.get("si") in self.shared_formulae:
            teks = self.shared_formulae[f.get("si")]
        elif teks and f is not None and f.get("t") == "shared":
            self.shared_formulae[f.get("si")] = teks
        return Rumus("=" + teks)

    def baca(self):
        """{row: {column: value}} of the sheet; every element leaves the tree once read (a cell's
        children once the cell is read), so memory holds one cell at a time, whatever the XML."""
        hasil = {}
        terbuka = []  # the open elements, outermost first
        dalam_sel = 0
        for kejadian, el in ElementTree.iterparse(self.source, events=("start", "end")):
            tag = el.tag
            if kejadian == "start":
                terbuka.append(el)
                if tag == CELL_TAG:
                    dalam_sel += 1
                elif tag == ROW_TAG:
                    r = el.get("r")
                    self.row_counter = int(r) if r and r.isdigit() else self.row_counter + 1
                    if self.row_counter > self.maks_baris:
                        raise self._besar(f"memuat baris ke-{self.row_counter}")
                    self.col_counter = 0
                continue
            terbuka.pop()
            if tag == CELL_TAG:
                dalam_sel -= 1
                self._sel(el, hasil)
            elif dalam_sel:
                continue  # a part of a cell: read with the cell
            elif tag == _GABUNG and el.get("ref"):
                self.gabung.append(el.get("ref"))
            if terbuka:
                terbuka[-1].remove(el)
        return hasil

    def _besar(self, keadaan):
        return _terlalu_besar(self.judul, self.maks_baris, self.maks_kolom, keadaan)

    def _sel(self, el, hasil):
        sel = self.parse_cell(el)
        if sel["column"] > self.maks_kolom:
            raise self._besar(f"memuat sel di kolom ke-{sel['column']}")
        if sel["row"] > self.maks_baris:
            raise self._besar(f"memuat baris ke-{sel['row']}")
        self.sisa[0] -= 1
        if self.sisa[0] < 0:
            raise BerkasDitolak(
                f"Workbook memuat lebih dari {_ribuan(batas('SAKIP_XLSX_MAKS_SEL'))} sel; "
                "simpan ulang hanya data yang diperlukan."
            )
        v = sel["value"]
        if isinstance(v, str) and len(v) > PANJANG_TEKS:
            raise _teks_terlalu_panjang()
        if v is not None:
            hasil.setdefault(sel["row"], {})[sel["column"]] = v


__all__ = ["BerkasDitolak", "Buku", "Lembar", "Rumus", "baca_xlsx", "batas", "jadikan_teks", "tulis_sel"]
