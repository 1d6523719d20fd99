"""Hostile .xlsx files for the tests (and `bench/ukur_bom.py`): small uploads that would make a
naive reader spend seconds and gigabytes. Each builder returns the file's bytes."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

JUDUL_ANGGARAN = ["Kode", "Uraian", "Pagu (Rp)", "Realisasi Anggaran (Rp)"]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _buku(isi_sel=()):
    """A budget-layout workbook with a header row and the cells `isi_sel` [(row, col, value)]."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Realisasi Anggaran"
    ws.append(JUDUL_ANGGARAN)
    ws.append(["2.12.01", "PROGRAM", 100, 90])
    for r, c, v in isi_sel:
        ws.cell(r, c, v)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _ganti_anggota(data, ganti, tambahan=(), tingkat=zipfile.ZIP_DEFLATED):
    """A copy of the zip `data` with members rewritten by `ganti` {name: fn(bytes) -> bytes or a
    generator of byte chunks} and members added [(name, chunks)]. Written in chunks: a member
    of 100 MB never sits in memory whole."""
    keluaran = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as asal, zipfile.ZipFile(keluaran, "w", tingkat) as baru:
        for info in asal.infolist():
            isi = asal.read(info.filename)
            if info.filename in ganti:
                isi = ganti[info.filename](isi)
            _tulis(baru, info.filename, isi)
        for nama, isi in tambahan:
            _tulis(baru, nama, isi)
    return keluaran.getvalue()


def _tulis(zf, nama, isi):
    if isinstance(isi, bytes):
        zf.writestr(zipfile.ZipInfo(nama, (2024, 1, 1, 0, 0, 0)), isi, compress_type=zipfile.ZIP_DEFLATED)
        return
    info = zipfile.ZipInfo(nama, (2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as f:
        for potong in isi:
            f.write(potong)


def _dimensi(ref):
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml)


def sel_jauh(dimensi_jujur=True):
    """One cell at A1048576 (about 6 KB). With `dimensi_jujur=False` the sheet's <dimension>
    claims A1:D2, so only the rows themselves tell."""
    data = _buku([(1048576, 1, "x")])
    if dimensi_jujur:
        return data
    return _ganti_anggota(data, {"xl/worksheets/sheet1.xml": _dimensi("A1:D2")})


def dimensi_raksasa():
    """Two real rows, and a <dimension> of the whole sheet: A1:XFD1048576."""
    return _ganti_anggota(_buku(), {"xl/worksheets/sheet1.xml": _dimensi("A1:XFD1048576")})


def kolom_jauh():
    """One cell in the last column (XFD1)."""
    return _buku([(1, 16384, "x")])


def teks_raksasa(mb=200):
    """One shared string of `mb` MB of 'a' (a few hundred KB compressed), used by cell B3."""

    def sst():
        yield f'<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>'.encode()
        for _ in range(mb):
            yield b"a" * (1 << 20)
        yield b"</t></si></sst>"

    return dengan_teks_bersama(_buku(), sst())


def dengan_teks_bersama(data, sst, sel=b'<row r="3"><c r="B3" t="s"><v>0</v></c></row>'):
    """`data` with a shared-strings part `sst` (bytes or chunks) and `sel` appended to the sheet
    (openpyxl writes inline strings only)."""
    tipe = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    rel = (
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    return _ganti_anggota(
        data,
        {
            "[Content_Types].xml": lambda x: x.replace(b"</Types>", tipe),
            "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rel),
            "xl/worksheets/sheet1.xml": lambda x: x.replace(b"</sheetData>", sel + b"</sheetData>"),
        },
        [("xl/sharedStrings.xml", sst)],
    )


def teks_panjang(n=40_000):
    """One shared string of `n` characters: more than an Excel cell holds (32,767; openpyxl
    itself cuts longer text), a few KB compressed."""
    sst = f'<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>{"b" * n}</t></si></sst>'.encode()
    return dengan_teks_bersama(_buku(), sst)


def rasio(mb=30):
    """The sheet padded with `mb` MB of spaces between its rows: about 30 KB compressed, a
    ratio near 1,000 (a valid XML document a reader would walk through)."""

    def ganti(xml):
        awal, _, akhir = xml.partition(b"</sheetData>")

        def potongan():
            yield awal
            for _ in range(mb):
                yield b" " * (1 << 20)
            yield b"</sheetData>" + akhir

        return potongan()

    return _ganti_anggota(_buku(), {"xl/worksheets/sheet1.xml": ganti})


def banyak_anggota(n=5000):
    """`n` extra (tiny) members in the archive."""
    return _ganti_anggota(_buku(), {}, [(f"customXml/item{i}.xml", b"<a/>") for i in range(n)])


def baris_banyak(n=60_000):
    """`n` real rows of small numbers (about 1 MB compressed)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Realisasi Anggaran")
    ws.append(JUDUL_ANGGARAN)
    for i in range(n):
        ws.append([f"2.12.01.2.01.{i:04d}", "x", i, i])
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def sel_jauh_workbook():
    """The empty OPD workbook template with one cell at Realisasi!A1048576."""
    from openpyxl import load_workbook

    from pertukaran.workbook import ekspor_workbook

    wb = load_workbook(io.BytesIO(ekspor_workbook()))
    wb["Realisasi"].cell(1048576, 1, "IKU1")
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def bukan_zip():
    return b"<html><script>alert(1)</script></html>"


BOM = {
    "sel_jauh": sel_jauh,
    "sel_jauh_dimensi_palsu": lambda: sel_jauh(dimensi_jujur=False),
    "dimensi_raksasa": dimensi_raksasa,
    "kolom_jauh": kolom_jauh,
    "teks_raksasa": teks_raksasa,
    "teks_panjang": teks_panjang,
    "rasio": rasio,
    "banyak_anggota": banyak_anggota,
    "baris_banyak": baris_banyak,
    "sel_jauh_workbook": sel_jauh_workbook,
}
