"""Reviu of an LKjIP made outside SAKIP: read its tables, recompute, list the findings.

An APIP / inspektorat reviewer uploads an LKjIP as PDF, DOCX or text. This module

1. extracts the text (``.txt`` as is; ``.pdf`` with ``pdftotext -layout`` from poppler, or
   ``pypdf`` when installed; ``.docx`` from ``word/document.xml`` with the standard library),
2. finds the tables (tab-separated lines, HTML ``<table>`` blocks, DOCX tables, PDF columns),
   reads their headers (multi-row headers, spanned group labels, years) and gives each column
   a role: target, realisasi, capaian, pagu, realisasi anggaran, serapan, sisa, efisiensi,
   tingkat kemajuan, pangsa anggaran,
3. recomputes every printed capaian, serapan, sisa, efisiensi, tingkat kemajuan, pangsa,
   rata-rata and jumlah (flat totals and program → kegiatan → sub kegiatan subtotals) with the
   formula library :mod:`sakip.rumus`, plus the worked formulas written in the prose
   ("A / B × 100 = C", "3,80 × 25 = 95,02", "target … realisasi … capaian …",
   "anggaran Rp … realisasi Rp … capaian …%", "tingkat efisiensi sebesar …"),
4. lists a :class:`Temuan` (finding) for each printed figure that the recomputation does not
   explain, with the printed and the correct figure and where it stands.

Tolerance (what is *not* a finding)
-----------------------------------
* A printed value equal to the recomputation rounded half-up **or** truncated at the printed
  number of decimals (71,42 vs 71,428…; 98,08 vs 98,085…).
* 'Turun' indicators (lama pengurusan, hari, deviasi, …): either (2×T−R)/T×100 or T/R×100.
* Efficiency: difference (capaian − serapan) or ratio (capaian ÷ serapan × 100), unless a
  footnote under the table states one of them.
* A rata-rata row may average the printed values or the recomputed ones.
* Ambiguous numbers are read every plausible way ("79.143" = 79,143 or 79143; "1.603" =
  1603 or 1,603); a printed figure is accepted when any reading explains it.

Tolerant number reader (:func:`baca_angka`)
--------------------------------------------
Printed reports mix conventions, so numbers are read first with the strict Indonesian
:func:`sakip.formatting.parse_angka` and then with these rules:

* decorations are dropped: ``Rp``/``Rp.`` (also doubled), trailing ``,-`` or ``-``, ``*``,
  surrounding text after the number (units: ``15 OPD``, ``81,00 (Nilai)``, ``1 Hari``);
  a space inside a number before/after a separator is closed (``82 ,19`` → ``82,19``);
* ``%`` or the word ``persen`` after the number marks a percentage;
* a single dot not followed by exactly three digits is an English decimal point
  (``70.30`` → 70,30; ``79.14`` → 79,14);
* a single separator followed by exactly three digits is ambiguous: both readings are kept
  (``79.143`` → 79,143 or 79143; ``650,000`` → 650000 or 650,000). The preferred one is the
  thousands reading for amounts, the decimal reading for percentages;
* several commas in 3-digit groups are English thousands (``437,286,032`` → 437.286.032);
* mixed separators: when the last group does not have three digits, the last separator is the
  decimal mark and all others group thousands (``4.444.425,716,33`` → 4.444.425.716,33);
  when every group after the first has three digits, all separators group thousands in amount
  columns (``236.344,991`` → 236.344.991, ``7,042.932.613`` → 7.042.932.613), and the
  standard reading is kept as an alternative;
* anything else (``96.09.000``, ``1.23.456``) is unreadable and the cell is skipped.
"""

from __future__ import annotations

import html
import re
import resource
import shutil
import subprocess
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from html.parser import HTMLParser
from itertools import product
from pathlib import Path
from xml.etree import ElementTree

from sakip.berkas_aman import MB, batas, format_mb
from sakip.formatting import AngkaTidakValid, format_angka, parse_angka
from sakip.rumus import (
    Arah,
    AturanKemajuan,
    GalatRumus,
    Metodologi,
    Pembulatan,
    RumusEfisiensi,
    RumusTurun,
    bulatkan,
    efisiensi,
    hitung_capaian,
    hitung_ikm,
    pangsa_anggaran,
    persentase,
    serapan,
    tingkat_kemajuan,
)

__all__ = [
    "Angka",
    "Bacaan",
    "Dokumen",
    "GalatDokumen",
    "HasilReviu",
    "JENIS_TEMUAN",
    "Temuan",
    "baca_angka",
    "baca_dokumen",
    "reviu_berkas",
    "reviu_dokumen",
    "reviu_teks",
]

#: Kinds of finding, with their label in Bahasa Indonesia.
JENIS_TEMUAN = {
    "capaian": "Capaian kinerja",
    "serapan": "Serapan anggaran",
    "persentase": "Persentase",
    "jumlah": "Jumlah",
    "sisa": "Sisa anggaran",
    "efisiensi": "Tingkat efisiensi",
    "rata_rata": "Rata-rata",
    "kemajuan": "Tingkat kemajuan",
    "pangsa": "Pangsa anggaran",
    "perkalian": "Perkalian",
}

_METODE = {
    "naik": Metodologi(skala=None),
    "turun_selisih": Metodologi(skala=None, rumus_turun=RumusTurun.SELISIH),
    "turun_rasio": Metodologi(skala=None, rumus_turun=RumusTurun.RASIO),
    "ef_selisih": Metodologi(skala=None, rumus_efisiensi=RumusEfisiensi.SELISIH),
    "ef_rasio": Metodologi(skala=None, rumus_efisiensi=RumusEfisiensi.RASIO),
    "kemajuan_selisih": Metodologi(skala=None, aturan_kemajuan=AturanKemajuan.SELISIH_TAHUN),
    "kemajuan_akhir": Metodologi(skala=None, aturan_kemajuan=AturanKemajuan.TERHADAP_TARGET_AKHIR),
}
# Unrounded results: the library rounds to 'desimal' places, so ask for many.
_MENTAH = {k: m.ganti(desimal=6) for k, m in _METODE.items()}


class GalatDokumen(ValueError):
    """A file that cannot be reviewed; the message is Bahasa Indonesia, fit for users."""


# =============================================================================== numbers


@dataclass(frozen=True)
class Bacaan:
    """One reading of a printed number: its value and the decimals it was printed with."""

    nilai: Decimal
    desimal: int


@dataclass(frozen=True)
class Angka:
    """A printed number: the text as printed and every plausible reading, preferred first."""

    teks: str
    bacaan: tuple[Bacaan, ...]
    persen: bool = False

    @property
    def nilai(self) -> Decimal:
        return self.bacaan[0].nilai

    @property
    def desimal(self) -> int:
        return self.bacaan[0].desimal


_TOKEN = re.compile(r"(?<![\w.,])([-+\u2212]?\s?\d[\d.,]*)(\s*(?:%|persen\b|prosen\b))?", re.IGNORECASE)
_RP = re.compile(r"^(?:rp\.?\s*)+", re.IGNORECASE)
_TAHUN = re.compile(r"^(19|20)\d\d$")


def _bacaan_longgar(inti: str) -> tuple[tuple[Decimal, int] | None, tuple[Decimal, int] | None]:
    """(all-thousands reading, decimal reading) of digits with '.'/',' separators; None where
    the rules of the module docstring do not allow that reading."""
    kelompok = re.split(r"[.,]", inti)
    pemisah = re.findall(r"[.,]", inti)
    if not all(k.isdigit() for k in kelompok):
        return None, None
    ribuan = None
    if 1 <= len(kelompok[0]) <= 3 and all(len(k) == 3 for k in kelompok[1:]):
        ribuan = (Decimal("".join(kelompok)), 0)
    desimal = None
    depan, belakang = kelompok[:-1], kelompok[-1]
    lain = set(pemisah[:-1])
    kelompok_sah = len(depan) == 1 or (1 <= len(depan[0]) <= 3 and all(len(k) == 3 for k in depan[1:]))
    satu_jenis = not lain or (len(lain) == 1 and pemisah[-1] not in lain)  # 1.234,5 or 1,234.5
    if kelompok_sah and (satu_jenis or len(belakang) != 3) and not (len(pemisah) > 1 and len(set(pemisah)) == 1):
        desimal = (Decimal(f"{''.join(depan)}.{belakang}"), len(belakang))
    return ribuan, desimal


def _baca_inti(inti: str, *, uang: bool, persen: bool) -> list[Bacaan]:
    """Readings of one number token, preferred first: the strict Indonesian reading of
    parse_angka, then the tolerant ones; amounts prefer thousands, percentages decimals."""
    negatif = inti[:1] in "-\u2212"
    inti = inti.lstrip("+-\u2212").strip().rstrip(".,")
    if not inti or not inti[0].isdigit():
        return []
    if not re.search(r"[.,]", inti):
        hasil = [(Decimal(inti), 0)]
    else:
        ribuan, desimal = _bacaan_longgar(inti)
        try:
            ketat = parse_angka(inti, ribuan=uang)
            ketat_b = (ketat, max(0, -ketat.as_tuple().exponent))
        except AngkaTidakValid:
            ketat_b = None
        if uang:
            urutan = [ribuan, ketat_b, desimal]
        elif persen:
            urutan = [desimal, ketat_b, ribuan]
        elif ketat_b is not None:
            urutan = [ketat_b, ribuan, desimal]
        else:  # ambiguous "79.143": thousands in Indonesian, decimal in English
            urutan = [ribuan, desimal] if "," not in inti else [desimal, ribuan]
        hasil = []
        for b in urutan:
            if b is not None and b not in hasil:
                hasil.append(b)
    return [Bacaan(-v if negatif and v else v, d) for v, d in hasil]


def _bersihkan_angka(teks: str) -> str:
    s = unicodedata.normalize("NFKC", teks)
    s = s.replace("\u2013", "-").replace("\u2212", "-").replace("\u00a0", " ")
    s = _RP.sub("", s.strip())
    s = re.sub(r"(\d)\s+([.,])(?=\d)", r"\1\2", s)
    s = re.sub(r"(\d[.,])\s+(?=\d)", r"\1", s)
    return s.replace("*", "")


def baca_angka(teks: str, *, uang: bool = False, awal: bool = True) -> Angka | None:
    """Read the first number of ``teks`` with the tolerant rules of the module docstring.

    ``uang``: the number is a Rupiah amount (prefer thousands readings). ``awal``: the number
    must open the text (a table cell such as ``"15 OPD"``); False finds it anywhere.
    Returns None when there is no readable number.
    """
    if not teks:
        return None
    s = _bersihkan_angka(teks)
    m = _TOKEN.search(s)
    if m is None or (awal and s[: m.start()].strip(" ([")):
        return None
    inti = m.group(1).replace(" ", "")
    persen = bool(m.group(2))
    bacaan = _baca_inti(inti, uang=uang, persen=persen)
    if not bacaan:
        return None
    return Angka(inti.rstrip(".,"), tuple(bacaan), persen)


def _cocok(tercetak: Angka, calon: list[Decimal | None]) -> bool:
    """True when a reading of the printed number equals a candidate rounded half-up or
    truncated at the printed number of decimals."""
    for b in tercetak.bacaan:
        d = min(b.desimal, 10)
        for r in calon:
            if r is None:
                continue
            for cara in (Pembulatan.HALF_UP, Pembulatan.TRUNCATE):
                if bulatkan(r, d, cara) == b.nilai:
                    return True
    return False


def _terdekat(tercetak: Angka, calon: list[Decimal | None]) -> tuple[Bacaan, Decimal] | None:
    """The (printed reading, candidate) pair closest to each other, preferred readings first."""
    terbaik = None
    for b in tercetak.bacaan:
        for r in calon:
            if r is None:
                continue
            jarak = abs(r - b.nilai) / max(abs(b.nilai), Decimal(1))
            if terbaik is None or jarak < terbaik[0]:
                terbaik = (jarak, b, r)
    return None if terbaik is None else (terbaik[1], terbaik[2])


def _fmt(nilai: Decimal, desimal: int) -> str:
    return format_angka(bulatkan(nilai, desimal), desimal)


def _fmt_angka(a: Angka) -> str:
    return format_angka(a.nilai, a.desimal)


def _desimal_uang(nilai: Decimal) -> int:
    return 0 if nilai == nilai.to_integral_value() else 2


# =============================================================================== extraction


@dataclass
class Baris:
    """One line of extracted text."""

    teks: str
    nomor: int
    halaman: int | None = None


@dataclass
class Dokumen:
    """The extracted text of an uploaded file, line by line."""

    nama: str
    format: str
    baris: list[Baris]

    @property
    def ada_halaman(self) -> bool:
        return any(b.halaman is not None for b in self.baris)


class _Pengurai(HTMLParser):
    """HTML table → rows of cell texts (colspan expanded with empty cells)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.baris: list[list[str]] = []
        self._sel: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.baris.append([])
        elif tag in ("td", "th"):
            self._sel = []
            try:
                self._span = max(1, int(dict(attrs).get("colspan") or 1))
            except ValueError:
                self._span = 1
        elif tag == "br" and self._sel is not None:
            self._sel.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._sel is not None:
            if not self.baris:
                self.baris.append([])
            self.baris[-1].append(" ".join("".join(self._sel).split()))
            self.baris[-1].extend([""] * (self._span - 1))
            self._sel = None

    def handle_data(self, data):
        if self._sel is not None:
            self._sel.append(data)


def _tabel_html_ke_tab(teks: str) -> str:
    def ganti(m: re.Match) -> str:
        p = _Pengurai()
        p.feed(m.group(0))
        return "\n" + "\n".join("\t".join(b) for b in p.baris if b) + "\n"

    return re.sub(r"<table\b.*?</table\s*>", ganti, teks, flags=re.IGNORECASE | re.DOTALL)


def _dekode(data: bytes, nama: str) -> str:
    if b"\x00" in data[:4096]:
        raise GalatDokumen(f"Berkas {nama} bukan berkas teks (berisi data biner). Unggah PDF, DOCX, atau teks.")
    for kode in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(kode)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _batasi_memori():
    """In the pdftotext child: at most 1 GB of address space (a hostile PDF stops there)."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _terlalu_banyak_halaman(path: Path, maks: int) -> GalatDokumen:
    return GalatDokumen(f"PDF {path.name} lebih dari {maks} halaman; reviu dokumen sebesar ini tidak dilakukan.")


def _teks_pdf(path: Path) -> str:
    with path.open("rb") as f:
        if not f.read(1024).lstrip().startswith(b"%PDF"):
            raise GalatDokumen(f"Berkas {path.name} bukan PDF yang sah (tanda %PDF tidak ditemukan).")
    maks = batas("SAKIP_REVIU_MAKS_HALAMAN")
    program = shutil.which("pdftotext")
    if program:
        try:
            # One page past the limit tells a longer document; the memory of the reader is capped.
            hasil = subprocess.run(
                [program, "-layout", "-enc", "UTF-8", "-l", str(maks + 1), str(path), "-"],
                capture_output=True,
                timeout=120,
                check=False,
                preexec_fn=_batasi_memori,
            )
        except subprocess.TimeoutExpired:
            raise GalatDokumen(f"Pembacaan PDF {path.name} melebihi batas waktu.") from None
        if hasil.returncode != 0:
            pesan = hasil.stderr.decode("utf-8", "replace").strip().splitlines()
            alasan = pesan[-1] if pesan else f"kode keluar {hasil.returncode}"
            raise GalatDokumen(f"PDF {path.name} tidak dapat dibaca: {alasan}.")
        teks = hasil.stdout.decode("utf-8", "replace")
        if teks.count("\f") > maks:  # pdftotext ends every page with a form feed
            raise _terlalu_banyak_halaman(path, maks)
        return _tata_letak_ke_tab(teks)
    try:
        import pypdf  # optional fallback
    except ImportError:
        raise GalatDokumen(
            "PDF tidak dapat dibaca: program pdftotext (poppler-utils) maupun paket pypdf tidak tersedia."
        ) from None
    try:
        pembaca = pypdf.PdfReader(str(path))
        if len(pembaca.pages) > maks:
            raise _terlalu_banyak_halaman(path, maks)
        halaman = [h.extract_text(extraction_mode="layout") or "" for h in pembaca.pages]
    except GalatDokumen:
        raise
    except Exception as exc:  # pypdf raises many types
        raise GalatDokumen(f"PDF {path.name} tidak dapat dibaca: {exc}.") from None
    return _tata_letak_ke_tab("\f".join(halaman))


_SEGMEN = re.compile(r"\S+(?: \S+)*")


def _segmen(baris: str) -> list[tuple[int, int, str]]:
    """Runs of text separated by two or more spaces: (start, end, text)."""
    return [(m.start(), m.end(), m.group(0)) for m in _SEGMEN.finditer(baris)]


def _segmen_angka(teks: str) -> bool:
    return bool(re.fullmatch(r"(rp\.?\s*)?[-+]?\d[\d.,]*\s*%?[-,]*", teks.strip(), re.IGNORECASE))


def _tata_letak_ke_tab(teks: str) -> str:
    """Text from ``pdftotext -layout`` → tab-separated table rows.

    A zone is a run of non-blank lines of which at least two have several cells (runs of text
    separated by 2+ spaces). Column intervals come from the lines with numbers; every text run
    goes to the column it overlaps most. The header lines above the first number line are
    merged into one header row, so a header wrapped over several lines keeps its columns."""
    keluar: list[str] = []
    for halaman_ke, halaman in enumerate(teks.split("\f")):
        if halaman_ke:
            keluar.append("\f")
        baris = halaman.split("\n")
        i = 0
        while i < len(baris):
            if not baris[i].strip():
                keluar.append("")
                i += 1
                continue
            j = i
            while j < len(baris) and baris[j].strip():
                j += 1
            keluar.extend(_zona(baris[i:j]))
            i = j
    return "\n".join(keluar).replace("\n\f\n", "\f\n").replace("\f\n", "\f")


def _zona(baris: list[str]) -> list[str]:
    seg = [_segmen(b) for b in baris]
    if sum(1 for s in seg if len(s) >= 2) < 2:
        return [b.strip() for b in baris]
    data = [i for i, s in enumerate(seg) if sum(_segmen_angka(x[2]) for x in s) >= 1 and len(s) >= 2]
    acuan = data or [i for i, s in enumerate(seg) if len(s) >= 2]
    selang: list[list[int]] = []
    for i in acuan:
        for a, b, _ in seg[i]:
            for sl in selang:
                if a < sl[1] and b > sl[0]:
                    sl[0], sl[1] = min(sl[0], a), max(sl[1], b)
                    break
            else:
                selang.append([a, b])
    selang.sort()
    gabung: list[list[int]] = []
    for sl in selang:
        if gabung and sl[0] < gabung[-1][1]:
            gabung[-1][1] = max(gabung[-1][1], sl[1])
        else:
            gabung.append(sl)

    def kolom(a: int, b: int) -> int:
        tumpang = [max(0, min(b, k[1]) - max(a, k[0])) for k in gabung]
        if max(tumpang) > 0:
            return tumpang.index(max(tumpang))
        tengah = (a + b) / 2
        return min(range(len(gabung)), key=lambda k: abs((gabung[k][0] + gabung[k][1]) / 2 - tengah))

    baris_sel = []
    for s in seg:
        sel = [""] * len(gabung)
        for a, b, t in s:
            k = kolom(a, b)
            sel[k] = f"{sel[k]} {t}".strip()
        baris_sel.append(sel)
    pertama = data[0] if data else 0
    hasil = []
    if pertama > 0:
        kepala = [" ".join(x for x in (r[k] for r in baris_sel[:pertama]) if x) for k in range(len(gabung))]
        hasil.append("\t".join(kepala))
    # A wrapped text cell: lines above a number line with an empty cell go into it, other
    # text-only lines join the number line above them.
    rekaman: list[list[str]] = []
    tunda: list[list[str]] = []
    for i in range(pertama, len(baris_sel)):
        r = baris_sel[i]
        if i in data:
            for t in tunda:
                if all(not r[k] or not t[k] for k in range(len(r))):
                    r = [f"{a} {b}".strip() for a, b in zip(t, r, strict=True)]
                elif rekaman:
                    rekaman[-1] = [f"{a} {b}".strip() for a, b in zip(rekaman[-1], t, strict=True)]
                else:
                    rekaman.append(t)
            tunda = []
            rekaman.append(r)
        elif rekaman and not data[-1] < i and _kosong_di_bawah(baris_sel, i, data):
            tunda.append(r)
        elif rekaman:
            rekaman[-1] = [f"{a} {b}".strip() for a, b in zip(rekaman[-1], r, strict=True)]
        else:
            tunda.append(r)
    rekaman.extend(tunda)
    hasil.extend("\t".join(r) for r in rekaman)
    return hasil


def _kosong_di_bawah(baris_sel: list[list[str]], i: int, data: list[int]) -> bool:
    """True when the next number line has an empty cell where text line ``i`` has text."""
    berikut = next((d for d in data if d > i), None)
    if berikut is None:
        return False
    return all(not baris_sel[i][k] or not baris_sel[berikut][k] for k in range(len(baris_sel[i])))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _teks_docx(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            try:
                info = z.getinfo("word/document.xml")
            except KeyError:
                raise GalatDokumen(f"Berkas {path.name} bukan dokumen Word: word/document.xml tidak ada.") from None
            # zipfile never inflates past the declared size: judged before anything is inflated.
            maks = batas("SAKIP_REVIU_MAKS_MB") * MB
            if info.file_size > maks or (info.file_size > MB and info.file_size > 100 * max(info.compress_size, 1)):
                raise GalatDokumen(
                    f"Isi dokumen Word {path.name} setelah diekstrak terlalu besar ({format_mb(info.file_size)}); "
                    "berkas ditolak."
                )
            xml = z.read(info)
    except zipfile.BadZipFile:
        raise GalatDokumen(f"Berkas DOCX {path.name} rusak atau bukan dokumen Word (bukan arsip ZIP).") from None
    try:
        akar = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise GalatDokumen(f"Isi dokumen Word {path.name} rusak: {exc}.") from None
    body = akar.find(f"{_W}body")
    if body is None:
        raise GalatDokumen(f"Dokumen Word {path.name} tidak memiliki isi.")
    keluar: list[str] = []

    def teks_run(el, dalam_tabel: bool) -> str:
        bagian = []
        for n in el.iter():
            if n.tag == f"{_W}t":
                bagian.append(n.text or "")
            elif n.tag == f"{_W}tab":
                bagian.append(" ")
            elif n.tag == f"{_W}br" and n.get(f"{_W}type") == "page" and not dalam_tabel:
                bagian.append("\f")
            elif n.tag in (f"{_W}br", f"{_W}cr"):
                bagian.append(" " if dalam_tabel else "\n")
        return "".join(bagian)

    def paragraf(p) -> str:
        awal = "\f" if p.find(f".//{_W}lastRenderedPageBreak") is not None else ""
        return awal + teks_run(p, False)

    def tabel(t) -> None:
        for tr in t.findall(f"{_W}tr"):
            sel = []
            for tc in tr.findall(f"{_W}tc"):
                isi = " ".join(teks_run(p, True).strip() for p in tc.iter(f"{_W}p"))
                sel.append(" ".join(isi.split()))
                span = tc.find(f"{_W}tcPr/{_W}gridSpan")
                if span is not None:
                    try:
                        sel.extend([""] * (int(span.get(f"{_W}val", "1")) - 1))
                    except ValueError:
                        pass
            keluar.append("\t".join(sel))
        keluar.append("")

    for el in body:
        if el.tag == f"{_W}p":
            keluar.append(paragraf(el))
        elif el.tag == f"{_W}tbl":
            keluar.append("")
            tabel(el)
    return "\n".join(keluar)


def baca_dokumen(path: str | Path) -> Dokumen:
    """Extract the text of a PDF, DOCX or text file; :class:`GalatDokumen` if it cannot."""
    path = Path(path)
    if not path.exists():
        raise GalatDokumen(f"Berkas tidak ditemukan: {path}.")
    if not path.is_file():
        raise GalatDokumen(f"{path} bukan berkas.")
    maks = batas("SAKIP_REVIU_MAKS_MB") * MB
    if path.stat().st_size > maks:
        raise GalatDokumen(f"Berkas {path.name} lebih dari {format_mb(maks)}; berkas ditolak.")
    akhiran = path.suffix.lower()
    if akhiran == ".pdf":
        teks, bentuk = _teks_pdf(path), "pdf"
    elif akhiran == ".docx":
        teks, bentuk = _teks_docx(path), "docx"
    elif akhiran in (".txt", ".text", ".md", ".csv", ".tsv", ".html", ".htm", ""):
        teks, bentuk = _dekode(path.read_bytes(), path.name), "txt"
    elif akhiran == ".doc":
        raise GalatDokumen("Format .doc (Word 97-2003) tidak didukung. Simpan ulang sebagai .docx atau PDF.")
    else:
        raise GalatDokumen(
            f"Format berkas '{akhiran}' tidak didukung. Unggah LKjIP dalam bentuk PDF, DOCX, atau teks (.txt)."
        )
    dok = dokumen_dari_teks(teks, path.name, bentuk)
    if not any(b.teks.strip() for b in dok.baris):
        if bentuk == "pdf":
            raise GalatDokumen(
                f"PDF {path.name} tidak berisi teks yang dapat diambil (kemungkinan hasil pindaian/gambar). "
                "Lakukan OCR terlebih dahulu atau unggah versi DOCX."
            )
        raise GalatDokumen(f"Berkas {path.name} kosong: tidak ada teks yang dapat direviu.")
    return dok


def dokumen_dari_teks(teks: str, nama: str = "dokumen", bentuk: str = "txt") -> Dokumen:
    """Split extracted text into numbered lines; form feeds (``\\f``) start a new page."""
    teks = _tabel_html_ke_tab(teks.replace("\r\n", "\n").replace("\r", "\n"))
    ada_halaman = "\f" in teks
    baris = []
    halaman = 1
    for nomor, isi in enumerate(teks.split("\n"), 1):
        if "\f" in isi:
            halaman += isi.count("\f")
            isi = isi.replace("\f", "")
        baris.append(Baris(isi, nomor, halaman if ada_halaman else None))
    return Dokumen(nama, bentuk, baris)


# =============================================================================== tables


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


def _pecah_tabel(dok: Dokumen) -> list[Tabel]:
    """Runs of tab-separated lines; blank lines inside a run are allowed while the column
    count stays similar."""
    blok: list[list[BarisTabel]] = []
    kini: list[BarisTabel] = []
    kosong = 0
    for b in dok.baris:
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
    tabel = []
    for i, rows in enumerate(blok, 1):
        t = Tabel(i, rows)
        t.judul, t.konteks = _judul(teks_baris, rows[0].nomor)
        t.catatan = _catatan(teks_baris, rows[-1].nomor)
        tabel.append(t)
    return tabel


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


# =============================================================================== findings


@dataclass
class Temuan:
    """One finding: a printed figure that the recomputation does not explain."""

    jenis: str
    lokasi: str
    uraian: str
    tercetak: str
    seharusnya: str
    selisih: str | None = None
    halaman: int | None = None
    tabel: str | None = None
    baris: int | None = None
    kolom: str | None = None
    baris_teks: int | None = None

    def sebagai_dict(self) -> dict:
        return {
            "jenis": self.jenis,
            "lokasi": self.lokasi,
            "uraian": self.uraian,
            "tercetak": self.tercetak,
            "seharusnya": self.seharusnya,
            "selisih": self.selisih,
            "halaman": self.halaman,
            "tabel": self.tabel,
            "baris": self.baris,
            "kolom": self.kolom,
            "baris_teks": self.baris_teks,
        }


@dataclass
class HasilReviu:
    """Result of a review: the findings and what was read."""

    nama_berkas: str
    format: str
    jumlah_tabel: int
    jumlah_tabel_terbaca: int
    jumlah_pemeriksaan: int
    temuan: list[Temuan]

    def sebagai_dict(self) -> dict:
        return {
            "berkas": self.nama_berkas,
            "format": self.format,
            "jumlah_tabel": self.jumlah_tabel,
            "jumlah_tabel_terbaca": self.jumlah_tabel_terbaca,
            "jumlah_pemeriksaan": self.jumlah_pemeriksaan,
            "jumlah_temuan": len(self.temuan),
            "temuan": [t.sebagai_dict() for t in self.temuan],
        }


# =============================================================================== review


_TURUN = re.compile(r"\blama\b|\bdeviasi\b|\bwaktu rata|\bpengaduan\b|\bkesalahan\b|\bangka kematian\b", re.I)
_RINGKAS_JUMLAH = re.compile(r"^\W*(jumlah|total|sub\s*total|pagu)\b", re.I)
_RINGKAS_RATA = re.compile(r"\b(rata\s*[-–]?\s*rata|rerata)\b", re.I)


def _jenis_ringkas(label: str) -> str | None:
    """'jumlah' or 'rata' for a summary row label ("Jumlah", "Total", "JUMLAH ANGGARAN",
    "Rata-rata capaian : 76,24%", "Capaian kinerja rata-rata"), else None. Labels such as
    "Jumlah penduduk wajib KTP" are data rows (component counts), not totals."""
    label = " ".join((label or "").split())
    if not label:
        return None
    if re.fullmatch(r"(\w )+\w", label):
        label = label.replace(" ", "")
    kata = re.sub(r":.*$", "", label).split()
    if _RINGKAS_RATA.search(label) and len(kata) <= 6:
        return "rata"
    if _RINGKAS_JUMLAH.match(label):
        if label.lower().startswith("pagu") and not re.fullmatch(r"\W*pagu\W*", label, re.I):
            return None  # "Pagu indikatif …" labels a data row
        if len(kata) <= 3 or re.search(r"anggaran|pagu|realisasi|belanja|biaya", label, re.I):
            return "jumlah"
    return None


_EFISIEN = re.compile(r"^\s*(tidak\s+efisien|efisien|tidak\s+efesien|efesien)\s*$", re.I)
_TERCAPAI = re.compile(r"^\s*(belum\s+tercapai|tidak\s+tercapai|tercapai)\s*$", re.I)


def _pendek(teks: str, n: int = 70) -> str:
    teks = " ".join(teks.split())
    return teks if len(teks) <= n else teks[: n - 1].rstrip() + "…"


def _kunci_indikator(teks: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", teks.lower()).split())


class _Pemeriksa:
    """Runs every check over one document and collects the findings."""

    def __init__(self, dok: Dokumen) -> None:
        self.dok = dok
        self.temuan: list[Temuan] = []
        self.jumlah_pemeriksaan = 0
        self.realisasi_tahunan: dict[str, dict[int, Angka]] = {}

    # ------------------------------------------------------------------ bookkeeping

    def _lokasi(
        self,
        t: Tabel | None,
        b: BarisTabel | None,
        nomor_data: int | None,
        label: str | None,
        kolom: str | None,
        nomor_teks: int | None,
        halaman: int | None,
    ) -> str:
        bagian = []
        if halaman is not None:
            bagian.append(f"halaman {halaman}")
        if t is not None:
            bagian.append(t.nama)
            if nomor_data is not None:
                teks = f"baris {nomor_data}"
                if label:
                    teks += f" ({_pendek(label, 60)})"
                bagian.append(teks)
            if kolom:
                bagian.append(f"kolom {_pendek(kolom, 50)}")
        if nomor_teks is not None:
            bagian.append(f"baris teks {nomor_teks}")
        return ", ".join(bagian)

    def catat(
        self,
        jenis: str,
        tercetak: Angka | str,
        seharusnya: str,
        uraian: str,
        *,
        t: Tabel | None = None,
        b: BarisTabel | None = None,
        nomor_data: int | None = None,
        label: str | None = None,
        kolom: str | None = None,
        nomor_teks: int | None = None,
        halaman: int | None = None,
        selisih: Decimal | None = None,
        desimal: int = 2,
    ) -> None:
        if b is not None:
            nomor_teks = b.nomor
            halaman = b.halaman
        teks_cetak = tercetak.teks if isinstance(tercetak, Angka) else tercetak
        self.temuan.append(
            Temuan(
                jenis=jenis,
                lokasi=self._lokasi(t, b, nomor_data, label, kolom, nomor_teks, halaman),
                uraian=uraian,
                tercetak=teks_cetak,
                seharusnya=seharusnya,
                selisih=None if selisih is None else _fmt(selisih, desimal),
                halaman=halaman,
                tabel=t.nama if t is not None else None,
                baris=nomor_data,
                kolom=kolom,
                baris_teks=nomor_teks,
            )
        )

    def periksa(
        self,
        jenis: str,
        tercetak: Angka,
        calon: list[Decimal | None],
        uraian: str,
        *,
        utama: Decimal | None = None,
        desimal_min: int = 2,
        uang: bool = False,
        **lokasi,
    ) -> bool:
        """Compare a printed number with candidate recomputations; record a finding if none
        explains it. ``utama``: the value to report as correct (default: closest candidate)."""
        calon = [c for c in calon if c is not None]
        if not calon:
            return True
        self.jumlah_pemeriksaan += 1
        if _cocok(tercetak, calon):
            return True
        pasangan = _terdekat(tercetak, [utama] if utama is not None else calon)
        if pasangan is None:
            return True
        bacaan, benar = pasangan
        d = _desimal_uang(benar) if uang else max(bacaan.desimal, desimal_min)
        self.catat(
            jenis,
            tercetak,
            _fmt(benar, d),
            uraian.replace("{seharusnya}", _fmt(benar, d)),
            selisih=bulatkan(benar, d) - bacaan.nilai,
            desimal=d,
            **lokasi,
        )
        return False

    # ------------------------------------------------------------------ tables

    def tabel(self, daftar: list[Tabel]) -> None:
        for t in daftar:
            _baca_kepala(t)
        for t in daftar:
            if t.berkepala:
                self._ingat_realisasi(t)
        for t in daftar:
            if t.berkepala:
                self._periksa_baris(t)
            else:
                self._periksa_tanpa_kepala(t)
            self._periksa_narasi_sel(t)
        teks_baris = {b.nomor: b.teks for b in self.dok.baris}
        for grup in _gabung_halaman(daftar, teks_baris):
            self._periksa_ringkasan(grup)
        for t in daftar:
            self._periksa_ikm(t)

    def _nilai(self, b: BarisTabel, k: Kolom | None, uang: bool = False) -> Angka | None:
        if k is None or k.indeks >= len(b.sel):
            return None
        return _angka_sel(b.sel[k.indeks], uang=uang)

    def _label_baris(self, t: Tabel, b: BarisTabel) -> str:
        for peran in ("indikator", "uraian"):
            for k in t.kolom:
                if k.peran == peran and k.indeks < len(b.sel) and b.sel[k.indeks].strip():
                    if _angka_sel(b.sel[k.indeks]) is None or len(b.sel[k.indeks]) > 12:
                        return b.sel[k.indeks]
        for s in b.sel:
            s2 = s.strip()
            if len(s2) > 3 and _angka_sel(s2) is None:
                return s2
            if len(s2) > 12 and re.match(r"^\d+\.\s*\D", s2):
                return s2
        return ""

    def _ingat_realisasi(self, t: Tabel) -> None:
        for b in t.data:
            label = _kunci_indikator(self._label_baris(t, b))
            if not label:
                continue
            for k in t.kolom:
                if k.peran == "realisasi" and k.tahun:
                    a = self._nilai(b, k)
                    if a is not None:
                        self.realisasi_tahunan.setdefault(label, {}).setdefault(k.tahun, a)

    @staticmethod
    def _pilih(kolom: list[Kolom], peran: str, sebelum: int, tahun: int | None, sesudah: int = -1) -> Kolom | None:
        calon = [k for k in kolom if k.peran == peran and sesudah < k.indeks < sebelum]
        if not calon:
            return None
        if tahun is not None:
            sama = [k for k in calon if k.tahun == tahun]
            if sama:
                return sama[-1]
        return calon[-1]

    def _periksa_baris(self, t: Tabel) -> None:
        kol = t.kolom
        catatan = t.catatan.lower()
        for nomor, b in enumerate(t.data, 1):
            label = self._label_baris(t, b)
            ringkas = bool(_jenis_ringkas(label)) or bool(b.sel and _jenis_ringkas(b.sel[0]))
            lok = {"t": t, "b": b, "nomor_data": nomor, "label": label}
            for k in kol:
                if k.indeks >= len(b.sel) or not b.sel[k.indeks].strip():
                    continue
                if k.peran == "capaian" and not ringkas:
                    self._cek_capaian(t, b, k, label, lok)
                elif k.peran == "serapan":
                    self._cek_serapan(b, k, kol, lok)
                elif k.peran == "sisa":
                    self._cek_sisa(b, k, kol, lok)
                elif k.peran == "persen_sisa":
                    self._cek_persen_sisa(b, k, kol, lok)
                elif k.peran == "efisiensi":
                    self._cek_efisiensi(b, k, kol, catatan, lok)
                elif k.peran == "kemajuan" and not ringkas:
                    self._cek_kemajuan(b, k, kol, catatan, label, lok)
                elif k.peran == "pangsa" and not ringkas:
                    self._cek_pangsa(t, b, k, kol, lok)

    def _capaian_baris(self, t: Tabel, b: BarisTabel, k: Kolom, label: str):
        """(target, realisasi, candidate capaian values, turun) of a row, or None."""
        kt = self._pilih(t.kolom, "target", k.indeks, k.tahun)
        kr = self._pilih(t.kolom, "realisasi", k.indeks, k.tahun)
        if kt is None or kr is None:
            return None
        if k.tahun is not None:
            # A capaian of one year needs the realisasi of that year and its target (or the
            # end-of-period target); never pair columns of different years.
            if kr.tahun is not None and kr.tahun != k.tahun:
                return None
            if kt.tahun is not None and kt.tahun != k.tahun and not kt.akhir:
                return None
        ta, ra = self._nilai(b, kt), self._nilai(b, kr)
        if ta is None or ra is None:
            return None
        satuan = next((b.sel[x.indeks] for x in t.kolom if x.peran == "satuan" and x.indeks < len(b.sel)), "")
        turun = bool(_TURUN.search(label)) or satuan.strip().lower() == "hari"
        metode = ("turun_selisih", "turun_rasio") if turun else ("naik",)
        calon = []
        for tv, rv in product(ta.bacaan[:3], ra.bacaan[:3]):
            for m in metode:
                try:
                    h = hitung_capaian(tv.nilai, rv.nilai, Arah.TURUN if turun else Arah.NAIK, _MENTAH[m])
                except GalatRumus:
                    continue
                if h.nilai_mentah is not None:
                    calon.append(h.nilai_mentah)
        if not calon:
            return None
        return ta, ra, calon, turun, satuan

    def _cek_capaian(self, t: Tabel, b: BarisTabel, k: Kolom, label: str, lok: dict) -> None:
        c = self._nilai(b, k)
        if c is None:
            return
        hasil = self._capaian_baris(t, b, k, label)
        if hasil is None:
            return
        ta, ra, calon, turun, satuan = hasil
        if satuan.strip() and "%" not in satuan and c.teks == ra.teks == ta.teks:
            return  # the cell restates the value ("1 hari"), it is not a percentage
        rumus = (
            "(2 × target − realisasi) ÷ target × 100 atau target ÷ realisasi × 100"
            if turun
            else "realisasi ÷ target × 100"
        )
        self.periksa(
            "capaian",
            c,
            calon,
            f"Capaian tertulis {c.teks}, hasil hitung ulang {{seharusnya}} ({rumus}; target {ta.teks}, "
            f"realisasi {ra.teks}).",
            kolom=k.label,
            **lok,
        )

    def _cek_serapan(self, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        s = self._nilai(b, k)
        if s is None:
            return
        kp = self._pilih(kol, "pagu", k.indeks, k.tahun)
        if kp is None:
            return
        kr = self._pilih(kol, "realisasi_anggaran", k.indeks, k.tahun, sesudah=kp.indeks)
        if kr is None:
            return
        p, r = self._nilai(b, kp, uang=True), self._nilai(b, kr, uang=True)
        if p is None or r is None:
            return
        calon = []
        for pv, rv in product(p.bacaan[:2], r.bacaan[:2]):
            try:
                calon.append(serapan(rv.nilai, pv.nilai, _MENTAH["naik"]).nilai_mentah)
            except GalatRumus:
                continue
        try:
            utama = serapan(r.nilai, p.nilai, _MENTAH["naik"]).nilai_mentah
        except GalatRumus:
            utama = None
        self.periksa(
            "serapan",
            s,
            calon,
            f"Serapan anggaran tertulis {s.teks}%, hasil hitung ulang {{seharusnya}}% (realisasi "
            f"{_fmt_angka(r)} ÷ pagu {_fmt_angka(p)} × 100).",
            utama=utama,
            kolom=k.label,
            **lok,
        )

    def _cek_sisa(self, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        s = self._nilai(b, k, uang=True)
        kp = self._pilih(kol, "pagu", k.indeks, None)
        kr = self._pilih(kol, "realisasi_anggaran", k.indeks, None)
        if s is None or kp is None or kr is None:
            return
        p, r = self._nilai(b, kp, uang=True), self._nilai(b, kr, uang=True)
        if p is None or r is None:
            return
        calon = [pv.nilai - rv.nilai for pv, rv in product(p.bacaan[:2], r.bacaan[:2])]
        self.periksa(
            "sisa",
            s,
            calon,
            f"Sisa anggaran tertulis {s.teks}, seharusnya {{seharusnya}} (pagu {_fmt_angka(p)} − realisasi "
            f"{_fmt_angka(r)}).",
            utama=p.nilai - r.nilai,
            uang=True,
            kolom=k.label,
            **lok,
        )

    def _cek_persen_sisa(self, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        x = self._nilai(b, k)
        kp = self._pilih(kol, "pagu", k.indeks, None)
        ks = self._pilih(kol, "sisa", k.indeks, None)
        kr = self._pilih(kol, "realisasi_anggaran", k.indeks, None)
        if x is None or kp is None or ks is None:
            return
        p, s = self._nilai(b, kp, uang=True), self._nilai(b, ks, uang=True)
        r = self._nilai(b, kr, uang=True) if kr is not None else None
        if p is None or s is None:
            return
        calon = []
        sisa_calon = [sv.nilai for sv in s.bacaan[:2]]
        if r is not None:
            sisa_calon += [p.nilai - rv.nilai for rv in r.bacaan[:2]]
        for sv in sisa_calon:
            try:
                calon.append(persentase(sv, p.nilai, _MENTAH["naik"]).nilai_mentah)
            except GalatRumus:
                continue
        self.periksa(
            "persentase",
            x,
            calon,
            f"Persentase sisa anggaran tertulis {x.teks}%, seharusnya {{seharusnya}}% (sisa ÷ pagu × 100).",
            kolom=k.label,
            **lok,
        )

    def _cek_efisiensi(self, b: BarisTabel, k: Kolom, kol: list[Kolom], catatan: str, lok: dict) -> None:
        kc = self._pilih(kol, "capaian", k.indeks, None)
        ks = self._pilih(kol, "serapan", k.indeks, None)
        if kc is None or ks is None:
            return
        c, s = self._nilai(b, kc), self._nilai(b, ks)
        if c is None or s is None:
            return
        rumus = _rumus_efisiensi(catatan)
        metode = [rumus] if rumus else ["ef_selisih", "ef_rasio"]
        teks = b.sel[k.indeks]
        label = _EFISIEN.match(teks)
        if label:
            self.jumlah_pemeriksaan += 1
            tertulis = not label.group(1).lower().startswith("tidak")
            hasil = []
            for m in metode:
                try:
                    hasil.append(efisiensi(c.nilai, s.nilai, _METODE[m]))
                except GalatRumus:
                    continue
            if hasil and all(h.efisien is not None and h.efisien != tertulis for h in hasil):
                h = hasil[0]
                self.catat(
                    "efisiensi",
                    teks.strip(),
                    h.label or "",
                    f"Tertulis “{teks.strip()}”, padahal capaian {c.teks}% dan serapan {s.teks}% memberi "
                    f"{_fmt(h.nilai, 2) if h.nilai is not None else '–'} ({h.rumus}): {h.label}.",
                    kolom=k.label,
                    **lok,
                )
            return
        e = self._nilai(b, k)
        if e is None:
            return
        calon = []
        for m in metode:
            for cv, sv in product(c.bacaan[:2], s.bacaan[:2]):
                try:
                    calon.append(efisiensi(cv.nilai, sv.nilai, _MENTAH[m]).nilai_mentah)
                except GalatRumus:
                    continue
        try:
            utama = efisiensi(c.nilai, s.nilai, _MENTAH[metode[0]]).nilai_mentah
        except GalatRumus:
            utama = None
        rumus_teks = "capaian − serapan" if metode[0] == "ef_selisih" else "capaian ÷ serapan × 100"
        self.periksa(
            "efisiensi",
            e,
            calon,
            f"Tingkat efisiensi tertulis {e.teks}, seharusnya {{seharusnya}} ({rumus_teks}: capaian {c.teks}, "
            f"serapan {s.teks}).",
            utama=utama,
            kolom=k.label,
            **lok,
        )

    def _cek_kemajuan(self, b: BarisTabel, k: Kolom, kol: list[Kolom], catatan: str, label: str, lok: dict) -> None:
        kr = self._pilih(kol, "realisasi", k.indeks, k.tahun)
        kt = self._pilih(kol, "target", k.indeks, None)
        if kr is None:
            return
        r = self._nilai(b, kr)
        if r is None:
            return
        tahun = kr.tahun
        lalu = None
        if tahun:
            kl = next((x for x in kol if x.peran == "realisasi" and x.tahun == tahun - 1), None)
            lalu = self._nilai(b, kl) if kl is not None else None
            if lalu is None:
                lalu = self.realisasi_tahunan.get(_kunci_indikator(label), {}).get(tahun - 1)
        t_akhir = self._nilai(b, kt) if kt is not None else None
        turun = bool(_TURUN.search(label))
        arah = Arah.TURUN if turun else Arah.NAIK
        selisih_dinyatakan = bool(re.search(r"sekarang\s*[-–−]\s*tahun\s+kemarin|tahun ini\s*[-–−]", catatan))
        teks = b.sel[k.indeks]
        status = _TERCAPAI.match(teks)
        if status:
            if t_akhir is None:
                return
            self.jumlah_pemeriksaan += 1
            h = tingkat_kemajuan(r.nilai, target_akhir=t_akhir.nilai, arah=arah, metodologi=_METODE["kemajuan_akhir"])
            tertulis = status.group(1).lower() == "tercapai"
            if h.tercapai is not None and h.tercapai != tertulis:
                self.catat(
                    "kemajuan",
                    teks.strip(),
                    h.label or "",
                    f"Tertulis “{teks.strip()}”, padahal realisasi {r.teks} terhadap target akhir "
                    f"{t_akhir.teks}: {h.label}.",
                    kolom=k.label,
                    **lok,
                )
            return
        x = self._nilai(b, k)
        if x is None:
            return
        calon: list[Decimal | None] = []
        utama = None
        uraian = ""
        if lalu is not None:
            for rv, lv in product(r.bacaan[:2], lalu.bacaan[:2]):
                calon.append(
                    tingkat_kemajuan(
                        rv.nilai, realisasi_tahun_lalu=lv.nilai, arah=arah, metodologi=_MENTAH["kemajuan_selisih"]
                    ).nilai_mentah
                )
            utama = tingkat_kemajuan(
                r.nilai, realisasi_tahun_lalu=lalu.nilai, arah=arah, metodologi=_MENTAH["kemajuan_selisih"]
            ).nilai_mentah
            uraian = f"realisasi {tahun} {r.teks} − realisasi {tahun - 1} {lalu.teks}"
        if t_akhir is not None and not selisih_dinyatakan:
            try:
                h = tingkat_kemajuan(
                    r.nilai, target_akhir=t_akhir.nilai, arah=arah, metodologi=_MENTAH["kemajuan_akhir"]
                )
                calon.append(h.nilai_mentah)
                if utama is None:
                    utama = h.nilai_mentah
                    uraian = f"realisasi {r.teks} ÷ target akhir {t_akhir.teks} × 100"
            except GalatRumus:
                pass
        if not calon:
            return
        catatan_rumus = ", rumus di bawah tabel" if selisih_dinyatakan else ""
        self.periksa(
            "kemajuan",
            x,
            calon,
            f"Tingkat kemajuan tertulis {x.teks}, seharusnya {{seharusnya}} ({uraian}){catatan_rumus}.",
            utama=utama,
            kolom=k.label,
            **lok,
        )

    def _cek_pangsa(self, t: Tabel, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        x = self._nilai(b, k)
        kp = self._pilih(kol, "pagu", k.indeks, None)
        if x is None or kp is None:
            return
        p = self._nilai(b, kp, uang=True)
        if p is None:
            return
        total = None
        m = re.search(r"total[^=]{0,60}=\s*((?:rp\.?\s*)*[\d.,]+)", t.catatan, re.I)
        if m:
            total = baca_angka(m.group(1), uang=True)
        calon = []
        totals = [total.nilai] if total else []
        if not totals:
            jumlah = [self._nilai(x2, kp, uang=True) for x2 in t.data]
            if all(j is not None for j in jumlah) and jumlah:
                totals.append(sum(j.nilai for j in jumlah))
        for tv in totals:
            try:
                calon.append(pangsa_anggaran(p.nilai, tv, _MENTAH["naik"]).nilai_mentah)
            except GalatRumus:
                continue
        if calon:
            self.periksa(
                "pangsa",
                x,
                calon,
                f"Persentase anggaran tertulis {x.teks}%, seharusnya {{seharusnya}}% "
                f"(anggaran {_fmt_angka(p)} ÷ total {format_angka(totals[0])} × 100).",
                kolom=k.label,
                **lok,
            )

    # ------------------------------------------------------------------ headerless tables

    def _periksa_tanpa_kepala(self, t: Tabel) -> None:
        """Rows with an (amount, amount, percentage) run of cells and no header: checked as
        pagu / realisasi / serapan only when most rows of the table agree with that reading."""
        calon = []
        for nomor, b in enumerate(t.data, 1):
            nilai = [_angka_sel(s, uang=True) for s in b.sel]
            for i in range(len(nilai) - 2):
                p, r, s = nilai[i], nilai[i + 1], _angka_sel(b.sel[i + 2])
                if p is None or r is None or s is None:
                    continue
                if p.nilai < 1000 or r.nilai < 1000 or p.persen or r.persen or not Decimal(0) < s.nilai < 1000:
                    continue
                if "%" not in b.sel[i + 2] and (i + 3 >= len(b.sel) or b.sel[i + 3].strip() != "%") and s.desimal == 0:
                    continue
                try:
                    hitung = [
                        serapan(rv.nilai, pv.nilai, _MENTAH["naik"]).nilai_mentah
                        for pv, rv in product(p.bacaan[:2], r.bacaan[:2])
                    ]
                except GalatRumus:
                    break
                calon.append((nomor, b, p, r, s, hitung))
                break
        if len(calon) < 3:
            return
        cocok = sum(1 for *_, s, h in calon if _cocok(s, h))
        if cocok * 2 < len(calon):
            return
        for nomor, b, p, r, s, hitung in calon:
            utama = serapan(r.nilai, p.nilai, _MENTAH["naik"]).nilai_mentah
            self.periksa(
                "serapan",
                s,
                hitung,
                f"Persentase tertulis {s.teks}%, hasil hitung ulang {{seharusnya}}% (realisasi {_fmt_angka(r)} ÷ "
                f"pagu {_fmt_angka(p)} × 100; kolom dikenali dari urutan angka karena kepala tabel tidak terbaca).",
                utama=utama,
                t=t,
                b=b,
                nomor_data=nomor,
                label=self._label_tanpa_kepala(b),
            )

    @staticmethod
    def _label_tanpa_kepala(b: BarisTabel) -> str:
        return max((s for s in b.sel if _angka_sel(s) is None), key=len, default="")

    # ------------------------------------------------------------------ summary rows and subtotals

    def _periksa_ringkasan(self, grup: list[Tabel]) -> None:
        baris = [(t, b) for t in grup for b in t.data]
        if not baris:
            return
        t0 = grup[0]
        if self._periksa_berjenjang(grup, baris):
            return
        if not t0.berkepala:
            return
        ringkas_idx = [i for i, (t, b) in enumerate(baris) if _jenis_ringkas(self._teks_label_ringkas(b))]
        batas = -1
        for pos, i in enumerate(ringkas_idx):
            t, b = baris[i]
            label = self._teks_label_ringkas(b)
            segmen = [x for x in baris[batas + 1 : i] if not _jenis_ringkas(self._teks_label_ringkas(x[1]))]
            if not segmen:
                akhir = ringkas_idx[pos + 1] if pos + 1 < len(ringkas_idx) else len(baris)
                segmen = baris[i + 1 : akhir]
            batas = i
            segmen = [x for x in segmen if _ada_angka(x[1].sel)]
            if not segmen:
                continue
            nilai_ringkas = self._petakan_ringkas(t, b, label)
            rata = _jenis_ringkas(label) == "rata"
            for k, a in nilai_ringkas.items():
                data = [self._nilai(x[1], k, uang=k.peran in ("pagu", "realisasi_anggaran", "sisa")) for x in segmen]
                data = [d for d in data if d is not None]
                if not data:
                    continue
                nomor = t.data.index(b) + 1
                lok = {"t": t, "b": b, "nomor_data": nomor, "label": label, "kolom": k.label}
                if rata:
                    calon = [sum(d.nilai for d in data) / len(data)]
                    benar = self._rata_benar(segmen, k)
                    if benar is not None:
                        calon.append(benar)
                    self.periksa(
                        "rata_rata",
                        a,
                        calon,
                        f"Rata-rata tertulis {a.teks}, seharusnya {{seharusnya}} (rata-rata {len(data)} "
                        f"baris di atasnya"
                        + (" dengan capaian yang dihitung ulang" if benar is not None else "")
                        + ").",
                        utama=benar if benar is not None else calon[0],
                        **lok,
                    )
                    continue
                if k.peran in ("capaian", "serapan", "persen_sisa", "pangsa", "efisiensi", "kemajuan") or a.persen:
                    continue
                if any(d.persen for d in data):
                    continue
                total = sum(d.nilai for d in data)
                if _tampak_bertingkat([d.nilai for d in data]):
                    continue
                calon = [total]
                if k.peran == "sisa":
                    kp = self._pilih(t.kolom, "pagu", k.indeks, None)
                    kr = self._pilih(t.kolom, "realisasi_anggaran", k.indeks, None)
                    p, r = self._nilai(b, kp, uang=True), self._nilai(b, kr, uang=True)
                    if p is not None and r is not None:
                        calon.append(p.nilai - r.nilai)
                uang = k.peran in ("pagu", "realisasi_anggaran", "sisa") or total >= 1000
                self.periksa(
                    "jumlah",
                    a,
                    calon,
                    f"Jumlah tertulis {a.teks}, seharusnya {{seharusnya}} (jumlah {len(data)} baris di atasnya).",
                    utama=total,
                    uang=uang,
                    **lok,
                )

    def _rata_benar(self, segmen: list[tuple[Tabel, BarisTabel]], k: Kolom) -> Decimal | None:
        """Mean of the recomputed capaian of the rows (when every row can be recomputed); the
        reading of each row is the one closest to its printed capaian."""
        if k.peran != "capaian":
            return None
        nilai = []
        for t, b in segmen:
            tercetak = self._nilai(b, k)
            hasil = self._capaian_baris(t, b, k, self._label_baris(t, b))
            if hasil is None:
                if tercetak is None:
                    continue
                return None
            calon = hasil[2]
            if tercetak is not None:
                pasangan = _terdekat(tercetak, calon)
                nilai.append(pasangan[1] if pasangan else calon[0])
            else:
                nilai.append(calon[0])
        if not nilai:
            return None
        return sum(bulatkan(v, 2) for v in nilai) / len(nilai)

    @staticmethod
    def _teks_label_ringkas(b: BarisTabel) -> str:
        return next((s for s in b.sel if s.strip() and _angka_sel(s) is None), "")

    def _petakan_ringkas(self, t: Tabel, b: BarisTabel, label: str) -> dict[Kolom, Angka]:
        """Values of a summary row by column; numbers written in the label cell ("Rata-rata
        capaian : 76,24%") or beyond the header are given to the percentage columns in order."""
        hasil: dict[int, Angka] = {}
        lepas: list[Angka] = []
        lebar = len(t.kolom)
        for i, s in enumerate(b.sel):
            if not s.strip():
                continue
            a = (
                _angka_sel(s, uang=True)
                if i < lebar and t.kolom[i].peran in ("pagu", "realisasi_anggaran", "sisa")
                else _angka_sel(s)
            )
            if a is None:
                m = re.search(r":\s*([-\d.,\s]+%?)\s*$", s)
                if m:
                    a2 = baca_angka(m.group(1), awal=False)
                    if a2 is not None:
                        lepas.append(a2)
                continue
            if i < lebar and (t.kolom[i].peran != "lain" or self._kolom_berdata(t, t.kolom[i])):
                hasil[i] = a
            else:
                lepas.append(a)
        if lepas:
            kosong = [k for k in t.kolom if k.indeks not in hasil and k.peran in ("capaian", "serapan", "efisiensi")]
            for k, a in zip(kosong, lepas, strict=False):
                hasil[k.indeks] = a
        return {t.kolom[i]: a for i, a in hasil.items()}

    def _kolom_berdata(self, t: Tabel, k: Kolom) -> bool:
        return any(self._nilai(b, k) is not None for b in t.data if not _jenis_ringkas(self._teks_label_ringkas(b)))

    def _periksa_berjenjang(self, grup: list[Tabel], baris: list[tuple[Tabel, BarisTabel]]) -> bool:
        """Program / kegiatan / sub kegiatan subtotals; True when the table is hierarchical."""
        tingkat = _tingkat_baris([b for _, b in baris])
        if tingkat is None:
            return False
        seri = [_jumlah_uang(b.sel) for _, b in baris]
        panjang = Counter(len(s) for s, (lv, _) in zip(seri, tingkat, strict=True) if s and lv is not None)
        if not panjang:
            return False
        n = panjang.most_common(1)[0][0]
        kepala = grup[0]
        for i, ((t, b), (lv, jenis)) in enumerate(zip(baris, tingkat, strict=True)):
            if not seri[i] or len(seri[i]) != n:
                continue
            if jenis == "total":
                anak = [
                    j for j in range(len(baris)) if j != i and tingkat[j][0] is not None and tingkat[j][1] != "total"
                ]
                if not anak:
                    continue
                puncak = min(tingkat[j][0] for j in anak)
                atas = [j for j in anak if tingkat[j][0] == puncak]
                daun = [j for j in anak if not any(tingkat[x][0] > tingkat[j][0] for x in _anak_dari(j, tingkat))]
                self._cek_subtotal(kepala, t, b, i, seri, n, atas, daun, "total")
                continue
            if lv is None:
                continue
            anak = _anak_dari(i, tingkat)
            if not anak:
                continue
            langsung = [j for j in anak if tingkat[j][0] == min(tingkat[x][0] for x in anak)]
            daun = [j for j in anak if not _anak_dari(j, tingkat)]
            self._cek_subtotal(kepala, t, b, i, seri, n, langsung, daun, "induk")
        return True

    def _cek_subtotal(
        self,
        kepala: Tabel,
        t: Tabel,
        b: BarisTabel,
        i: int,
        seri: list[list[Angka]],
        n: int,
        langsung: list[int],
        daun: list[int],
        jenis: str,
    ) -> None:
        if any(len(seri[j]) != n for j in langsung):
            return
        label = self._label_baris(t, b) or self._teks_label_ringkas(b)
        for kk in range(n):
            a = seri[i][kk]
            total = sum(seri[j][kk].nilai for j in langsung)
            calon = [total]
            if daun and all(len(seri[j]) == n for j in daun):
                calon.append(sum(seri[j][kk].nilai for j in daun))
            kolom = f"angka ke-{kk + 1} (anggaran)" if n > 1 else None
            if jenis == "total":
                uraian = (
                    f"Jumlah tertulis {a.teks}, seharusnya {{seharusnya}} (jumlah {len(langsung)} baris tingkat teratas"
                )
                if len(calon) > 1 and calon[1] != total:
                    uraian += f"; jumlah rincian terbawah {format_angka(calon[1])}"
                uraian += ")."
            else:
                uraian = (
                    f"Subtotal tertulis {a.teks}, seharusnya {{seharusnya}} (jumlah {len(langsung)} rincian "
                    "di bawahnya)."
                )
            self.periksa(
                "jumlah",
                a,
                [calon[0]] if jenis == "induk" else calon,
                uraian,
                utama=total,
                uang=True,
                t=t,
                b=b,
                nomor_data=t.data.index(b) + 1,
                label=label,
                kolom=kolom,
            )

    # ------------------------------------------------------------------ IKM

    def _periksa_ikm(self, t: Tabel) -> None:
        """IKM per unsur table (rows U1..U9): the printed index (or converted value) against
        the mean of the 9 unsur means (PermenPANRB 14/2017, weight 1/9, via hitung_ikm)."""
        unsur: list[Decimal] = []
        ringkas = None
        for b in t.data:
            isi = [s for s in b.sel if s.strip()]
            if not isi:
                continue
            angka = [a for a in (_angka_sel(s) for s in isi[1:]) if a is not None]
            if re.fullmatch(r"u\s*[1-9]", isi[0].strip(), re.I) and angka and 1 <= angka[0].nilai <= 4:
                unsur.append(angka[0].nilai)
            elif re.search(r"\b(nilai\s+)?(ikm|indeks)\b", isi[0], re.I) and angka and len(unsur) == 9:
                ringkas = (b, angka[-1], isi[0])
        if ringkas is None or len(unsur) != 9:
            return
        try:
            h = hitung_ikm(unsur)
        except GalatRumus:
            return
        b, a, label = ringkas
        besar = a.nilai > 4
        nilai = h.nilai_ikm_mentah if besar else h.nilai_indeks
        self.periksa(
            "rata_rata",
            a,
            [nilai],
            f"Nilai IKM tertulis {a.teks}, seharusnya {{seharusnya}} (rata-rata 9 unsur"
            + (" × 25" if besar else "")
            + ", bobot 1/9).",
            t=t,
            b=b,
            nomor_data=t.data.index(b) + 1,
            label=label,
        )

    # ------------------------------------------------------------------ prose

    def _periksa_narasi_sel(self, t: Tabel) -> None:
        for nomor, b in enumerate(t.data, 1):
            for s in b.sel:
                if len(s) > 15 and re.search(r"[=×x]", s):
                    self._rumus(s, {"t": t, "b": b, "nomor_data": nomor, "label": self._label_baris(t, b)})

    def narasi(self) -> None:
        for teks, nomor, halaman in _paragraf(self.dok):
            lok = {"nomor_teks": nomor, "halaman": halaman}
            self._rumus(teks, lok)
            self._target_realisasi(teks, lok)
            self._anggaran_realisasi(teks, lok)
            self._efisiensi_narasi(teks, lok)
            self._terealisasi(teks, lok)

    def _rumus(self, teks: str, lok: dict) -> None:
        s = _normal_narasi(teks)
        for m in _POLA_BAGI.finditer(s):
            a, b2, c = (baca_angka(m.group(g), awal=False) for g in ("a", "b", "c"))
            self._cek_bagi(a, b2, c, m.group(0), lok)
        for m in _POLA_PECAHAN.finditer(s):
            a, c, b2 = (baca_angka(m.group(g), awal=False) for g in ("a", "c", "b"))
            self._cek_bagi(a, b2, c, m.group(0), lok)
        for m in _POLA_KALI.finditer(s):
            if re.search(r"\d\s*$", s[: m.start()]):
                continue
            a, b2, c = (baca_angka(m.group(g), awal=False) for g in ("a", "b", "c"))
            if a is None or b2 is None or c is None or b2.nilai == 100:
                continue
            calon = [av.nilai * bv.nilai for av, bv in product(a.bacaan[:2], b2.bacaan[:2])]
            self.periksa(
                "perkalian",
                c,
                calon,
                f"Perhitungan “{_pendek(m.group(0), 60)}”: {a.teks} × {b2.teks} = {{seharusnya}}, bukan {c.teks}.",
                utama=a.nilai * b2.nilai,
                desimal_min=0,
                **lok,
            )

    def _cek_bagi(self, a: Angka | None, b: Angka | None, c: Angka | None, kutipan: str, lok: dict) -> None:
        if a is None or b is None or c is None:
            return
        calon = []
        for av, bv in product(a.bacaan[:2], b.bacaan[:2]):
            try:
                calon.append(persentase(av.nilai, bv.nilai, _MENTAH["naik"]).nilai_mentah)
            except GalatRumus:
                continue
        try:
            utama = persentase(a.nilai, b.nilai, _MENTAH["naik"]).nilai_mentah
        except GalatRumus:
            utama = None
        self.periksa(
            "persentase",
            c,
            calon,
            f"Perhitungan “{_pendek(kutipan, 70)}”: {a.teks} ÷ {b.teks} × 100 = {{seharusnya}}, bukan {c.teks}.",
            utama=utama,
            **lok,
        )

    def _target_realisasi(self, teks: str, lok: dict) -> None:
        s = _normal_narasi(teks)
        kata = [(m.start(), m.end(), _jenis_kata(m.group(0))) for m in _KATA_TRC.finditer(s)]
        for idx, (mulai, akhir, jenis) in enumerate(kata):
            if jenis != "c":
                continue
            sebelumnya = kata[:idx]
            ir = next((j for j in range(len(sebelumnya) - 1, -1, -1) if sebelumnya[j][2] == "r"), None)
            if ir is None or sebelumnya[ir + 1 :]:
                continue
            it = ir - 1
            if it < 0 or sebelumnya[it][2] != "t":
                continue
            t_mulai, t_akhir = sebelumnya[it][0], sebelumnya[it][1]
            r_mulai, r_akhir = sebelumnya[ir][0], sebelumnya[ir][1]
            if r_mulai - t_akhir > 160 or mulai - r_akhir > 260:
                continue
            tv = _angka_pertama(s[t_akhir:r_mulai], 80)
            rv = _angka_pertama(s[r_akhir:mulai], 100)
            cm = re.match(r"[^\d%]{0,40}?(-?\d[\d.,]*\s*(?:%|persen\b))", s[akhir:], re.I)
            if tv is None or rv is None or cm is None:
                continue
            cv = baca_angka(cm.group(1), awal=False)
            if cv is None:
                continue
            konteks = s[max(0, t_mulai - 200) : mulai]
            if _TURUN.search(konteks):
                continue
            calon = []
            for a, b in product(tv.bacaan[:2], rv.bacaan[:2]):
                try:
                    h = hitung_capaian(a.nilai, b.nilai, Arah.NAIK, _MENTAH["naik"])
                except GalatRumus:
                    continue
                calon.append(h.nilai_mentah)
            try:
                utama = hitung_capaian(tv.nilai, rv.nilai, Arah.NAIK, _MENTAH["naik"]).nilai_mentah
            except GalatRumus:
                continue
            self.periksa(
                "capaian",
                cv,
                calon,
                f"Uraian “{_pendek(s[t_mulai : akhir + cm.end()], 110)}”: capaian {cv.teks}%, hasil hitung "
                f"ulang {{seharusnya}}% (realisasi {rv.teks} ÷ target {tv.teks} × 100).",
                utama=utama,
                **lok,
            )

    def _terealisasi(self, teks: str, lok: dict) -> None:
        """ "sebanyak 16 dokumen dan terealisasi 10 dokumen (100%)": the percentage of a count."""
        s = _normal_narasi(teks)
        for m in _POLA_TEREALISASI.finditer(s):
            a, b, c = (baca_angka(m.group(g), awal=False) for g in ("a", "b", "c"))
            if a is None or b is None or c is None:
                continue
            try:
                calon = [
                    persentase(y.nilai, x.nilai, _MENTAH["naik"]).nilai_mentah
                    for x, y in product(a.bacaan[:2], b.bacaan[:2])
                ]
            except GalatRumus:
                continue
            self.periksa(
                "persentase",
                c,
                calon,
                f"Uraian “{_pendek(m.group(0), 110)}”: {b.teks} dari {a.teks} {m.group('u')} = "
                f"{{seharusnya}}%, bukan {c.teks}%.",
                **lok,
            )

    def _anggaran_realisasi(self, teks: str, lok: dict) -> None:
        s = _normal_narasi(teks)
        rp = [(m.start(), m.end(), baca_angka(m.group(1), uang=True, awal=False)) for m in _RUPIAH.finditer(s)]
        for m in re.finditer(r"(-?\d[\d.,]*)\s*(%|persen\b)", s, re.I):
            sebelum = [x for x in rp if x[1] <= m.start()]
            if len(sebelum) < 2:
                continue
            b_mulai, b_akhir, bv = sebelum[-1]
            a_mulai, a_akhir, av = sebelum[-2]
            antara = s[b_akhir : m.start()]
            if len(antara) > 90 or not re.search(r"capaian|serapan|penyerapan|persentase|sebesar", antara, re.I):
                continue
            if re.search(r"\d", antara.replace(",-", "")):
                continue
            tengah = s[a_akhir:b_mulai]
            if len(tengah) > 160 or not re.search(r"\brealisasi", tengah, re.I):
                continue
            if not re.search(r"anggaran|pagu|belanja|dpa", s[max(0, a_mulai - 140) : a_mulai], re.I):
                continue
            c = baca_angka(m.group(0), awal=False)
            if av is None or bv is None or c is None:
                continue
            try:
                calon = [
                    serapan(y.nilai, x.nilai, _MENTAH["naik"]).nilai_mentah
                    for x, y in product(av.bacaan[:2], bv.bacaan[:2])
                ]
                utama = serapan(bv.nilai, av.nilai, _MENTAH["naik"]).nilai_mentah
            except GalatRumus:
                continue
            self.periksa(
                "serapan",
                c,
                calon,
                f"Uraian “{_pendek(s[a_mulai : m.end()], 110)}”: serapan {c.teks}%, hasil hitung ulang "
                f"{{seharusnya}}% (realisasi {_fmt_angka(bv)} ÷ anggaran {_fmt_angka(av)} × 100).",
                utama=utama,
                **lok,
            )

    def _efisiensi_narasi(self, teks: str, lok: dict) -> None:
        s = _normal_narasi(teks)
        for m in _POLA_EFISIENSI_1.finditer(s):
            serap, capai, ef = (baca_angka(m.group(g), awal=False) for g in ("s", "c", "e"))
            self._cek_ef_narasi(serap, capai, ef, ["ef_selisih", "ef_rasio"], m.group(0), lok)
        for m in _POLA_EFISIENSI_2.finditer(s):
            ef, capai, serap = (baca_angka(m.group(g), awal=False) for g in ("e", "c", "s"))
            rumus = ["ef_rasio"] if re.search(r"dibagi", m.group("op"), re.I) else ["ef_selisih"]
            self._cek_ef_narasi(serap, capai, ef, rumus, m.group(0), lok)

    def _cek_ef_narasi(self, serap, capai, ef, metode, kutipan, lok) -> None:
        if serap is None or capai is None or ef is None:
            return
        calon = []
        for m in metode:
            for cv, sv in product(capai.bacaan[:2], serap.bacaan[:2]):
                try:
                    calon.append(efisiensi(cv.nilai, sv.nilai, _MENTAH[m]).nilai_mentah)
                except GalatRumus:
                    continue
        if not calon:
            return
        nama = "capaian ÷ serapan × 100" if metode == ["ef_rasio"] else "capaian − serapan"
        self.periksa(
            "efisiensi",
            ef,
            calon,
            f"Uraian “{_pendek(kutipan, 110)}”: tingkat efisiensi {ef.teks}, menurut rumus yang tertulis "
            f"({nama}) seharusnya {{seharusnya}}.",
            utama=_utama_efisiensi(capai, serap, metode[0]),
            **lok,
        )


# ----------------------------------------------------------------------- helpers for the checks


def _utama_efisiensi(capai: Angka, serap: Angka, metode: str) -> Decimal | None:
    try:
        return efisiensi(capai.nilai, serap.nilai, _MENTAH[metode]).nilai_mentah
    except GalatRumus:
        return None


def _rumus_efisiensi(catatan: str) -> str | None:
    if re.search(
        r"efisiensi\s*=.*capaian[^=]*[-–−]\s*%?\s*penyerapan|capaian kinerja\s*[-–−]\s*penyerapan", catatan, re.I
    ):
        return "ef_selisih"
    if re.search(r"efisiensi\s*=.*capaian[^=]*(/|÷|dibagi)", catatan, re.I):
        return "ef_rasio"
    return None


def _tampak_bertingkat(nilai: list[Decimal]) -> bool:
    """True when some value equals the sum of the values right below it (an unmarked
    parent row): then a plain column sum would count it twice."""
    for i in range(len(nilai) - 1):
        jumlah = Decimal(0)
        for j in range(i + 1, len(nilai)):
            jumlah += nilai[j]
            if j > i + 1 and jumlah == nilai[i] and nilai[i] != 0:
                return True
            if j == i + 1 and nilai[j] == nilai[i] and nilai[i] != 0 and len(nilai) > 2:
                return True
            if jumlah > nilai[i]:
                break
    return False


_KODE = re.compile(r"^\d{1,2}(\.\d{1,4}){2,}$")


def _tingkat_kode(kode: str) -> int | None:
    if re.fullmatch(r"\d\.\d{2}\.\d{2}", kode):
        return 1
    if re.fullmatch(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}", kode):
        return 2
    if len(kode.split(".")) >= 5:
        return 3
    return None


_ROMAWI = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$")


def _penanda(b: BarisTabel) -> tuple[str | None, str]:
    """(kind of row marker, label) of a table row: 'kode', 'huruf', 'romawi', 'angka'."""
    sel = [s.strip() for s in b.sel]
    isi = [s for s in sel if s]
    if not isi:
        return None, ""
    pertama = isi[0]
    label = isi[1] if len(isi) > 1 else ""
    m = re.match(r"^([A-Za-z]{1,4}|\d{1,3})[.)]?$", pertama)
    if _KODE.match(pertama):
        return "kode:" + pertama, label
    if m and m.group(1).isdigit():
        return "angka", label
    if m and m.group(1).isupper() and len(m.group(1)) == 1:
        return "huruf:" + m.group(1), label
    if m and _ROMAWI.match(m.group(1)):
        return "romawi", label
    m2 = re.match(r"^(\d{1,2})\.\s+\S", pertama)
    if m2:
        return "angka", pertama
    return None, pertama


def _tingkat_baris(rows: list[BarisTabel]) -> list[tuple[int | None, str]] | None:
    """Level of each row (program 1 < kegiatan 2 < sub kegiatan 3, total rows apart), or None
    when the table has no reliable hierarchy markers."""
    info = []
    for b in rows:
        jenis, label = _penanda(b)
        info.append((jenis, label, _jumlah_uang(b.sel)))
    ada_kode = any(j and j.startswith("kode:") for j, _, _ in info)
    huruf = {j.split(":")[1] for j, _, _ in info if j and j.startswith("huruf:")}
    hasil: list[tuple[int | None, str]] = []
    macam = set()
    for (jenis, label, uang), b in zip(info, rows, strict=True):
        teks = " ".join(s for s in b.sel if s.strip())
        label_utama = label if jenis else (b.sel[0] if b.sel and b.sel[0].strip() else teks)
        if _jenis_ringkas(label_utama) or (jenis is None and _jenis_ringkas(b.sel[0] if b.sel else "")):
            hasil.append((None, "total"))
            continue
        if not uang:
            hasil.append((None, "kosong"))
            continue
        lv = None
        kw = (label_utama or "").lower()
        if ada_kode:
            if jenis and jenis.startswith("kode:"):
                lv = _tingkat_kode(jenis[5:])
            elif kw.startswith("urusan"):
                lv = 0
            elif kw.startswith("program"):
                lv = 1
            elif kw.startswith("sub kegiatan"):
                lv = 3
            else:
                lv = 2
        elif jenis:
            if jenis.startswith("huruf:"):
                h = jenis.split(":")[1]
                lv = 1 if not (h in "IVXL" and len(huruf - set("IVXL")) == 0) else 0
            elif jenis == "romawi":
                lv = 0
            elif jenis == "angka":
                lv = 2
        if lv is not None:
            macam.add(lv)
        hasil.append((lv, "baris"))
    if len(macam) < 2:
        return None
    if any(lv is None and j == "baris" for lv, j in hasil):
        return None
    return hasil


def _anak_dari(i: int, tingkat: list[tuple[int | None, str]]) -> list[int]:
    lv = tingkat[i][0]
    if lv is None:
        return []
    anak = []
    for j in range(i + 1, len(tingkat)):
        lj, jenis = tingkat[j]
        if jenis == "total":
            break
        if lj is None:
            continue
        if lj <= lv:
            break
        anak.append(j)
    return anak


def _jumlah_uang(sel: list[str]) -> list[Angka]:
    """Amount cells of a row, in order: plain numbers of at least 1.000 (or exactly 0),
    without units or percent."""
    hasil = []
    for i, s in enumerate(sel):
        t = s.strip()
        if not t or i == 0 and _KODE.match(t):
            continue
        bersih = _RP.sub("", t).strip().rstrip("-").rstrip(",").strip()
        if not re.fullmatch(r"[\d.,\s]+", bersih or "x"):
            continue
        a = baca_angka(t, uang=True)
        if a is None or a.persen:
            continue
        if a.nilai >= 1000 or a.nilai == 0 and bersih == "0":
            hasil.append(a)
    return hasil


def _gabung_halaman(daftar: list[Tabel], teks_baris: dict[int, str]) -> list[list[Tabel]]:
    """Tables continued on the next page form one group: same header, no title of their own,
    the previous part not closed by a total row, and only running-header lines between
    ("Unit Organisasi : …", page numbers)."""
    grup: list[list[Tabel]] = []
    for t in daftar:
        if grup:
            lalu = grup[-1][-1]
            a, b = lalu.baris[0].sel, t.baris[0].sel
            antara = [
                teks_baris.get(n, "").strip()
                for n in range(lalu.baris[-1].nomor + 1, t.baris[0].nomor)
                if teks_baris.get(n, "").strip()
            ]
            terakhir = lalu.data[-1] if lalu.data else None
            ditutup = terakhir is not None and any(_jenis_ringkas(x) == "jumlah" for x in terakhir.sel[:3])
            if (
                len(antara) <= 6
                and all(":" in x or re.fullmatch(r"[\divxlcIVXLC\s.-]+", x) for x in antara)
                and not t.judul
                and not ditutup
                and a
                and b
                and a[0].strip().lower() == b[0].strip().lower()
                and abs(len(a) - len(b)) <= 3
                and SequenceMatcher(None, " ".join(a[:3]).lower(), " ".join(b[:3]).lower()).ratio() >= 0.6
            ):
                grup[-1].append(t)
                continue
        grup.append([t])
    return grup


def _normal_narasi(teks: str) -> str:
    s = unicodedata.normalize("NFKC", teks)
    s = s.replace("\\times", "×").replace("\\%", "%").replace("\\*", "*").replace("$", " ")
    s = s.replace("\t", " ¦ ").replace("**", "").replace("\u2013", "-").replace("\u2212", "-")
    s = _TAG.sub(" ", s)
    return " ".join(s.split())


_NUM = r"(?:-?\d[\d.,]*\d|\d)"
_PCT = rf"(?:{_NUM})(?:\s*%)?"
_POLA_BAGI = re.compile(
    rf"(?P<a>{_NUM})(?:\s*[a-zA-Z]+){{0,2}}\s*(?:/|:|÷|dibagi(?:\s+dengan)?(?:[^¦\d=]{{0,90}}?))\s*\(?"
    rf"(?P<b>{_NUM})\)?(?:\s*[a-zA-Z]+){{0,2}}\s*\)?\s*[x×X*]\s*100\s*%?\s*=\s*(?P<c>{_PCT})",
)
_POLA_PECAHAN = re.compile(
    rf"(?P<a>{_NUM})\s*-{{3,}}\s*[x×X*]\s*100\s*%?\s*=\s*(?P<c>{_NUM}\s*%)\s*(?P<b>{_NUM})",
)
_POLA_KALI = re.compile(rf"(?P<a>{_NUM})\s*[x×X*]\s*(?P<b>{_NUM})\s*%?\s*=\s*(?P<c>{_PCT})(?!\s*[x×X*])")
_POLA_EFISIENSI_1 = re.compile(
    rf"capaian\s+(?P<s>{_NUM}\s*%)\s*dibandingkan\s+dengan\s+capaian\s+kinerja\s+(?P<c>{_NUM}\s*%)"
    rf"[^¦]{{0,40}}?efisiensi\s+(?:sebesar\s+)?(?P<e>{_PCT})",
    re.I,
)
_POLA_EFISIENSI_2 = re.compile(
    rf"efisiensi\w*\s+(?:adalah|sebesar)\s+(?P<e>{_NUM}\s*%)[^¦]{{0,120}}?capaian\s+kinerja[^()¦]{{0,40}}"
    rf"\(\s*(?P<c>{_NUM}\s*%)\s*\)\s*(?P<op>dibagi|dikurangi)[^()¦]{{0,80}}?\(\s*(?P<s>{_NUM}\s*%)\s*\)",
    re.I,
)
_POLA_TEREALISASI = re.compile(
    rf"(?P<a>{_NUM})\s+(?P<u>[a-zA-Z]+)\s+dan\s+(?:te|ter)?realisasi\w*\s+(?:sebanyak\s+)?(?P<b>{_NUM})\s+(?P=u)\s*"
    rf"\(\s*(?P<c>{_NUM}\s*%)\s*\)",
    re.I,
)
_KATA_TRC = re.compile(r"\b(target\w*|realisasi\w*|capaian\w*|tercapai)\b", re.I)
_RUPIAH = re.compile(r"\bRp\.?\s*((?:Rp\.?\s*)?\d[\d.,]*\d)", re.I)


def _jenis_kata(kata: str) -> str:
    k = kata.lower()
    if k.startswith("target"):
        return "t"
    if k.startswith("realisasi"):
        return "r"
    return "c"


def _angka_pertama(teks: str, batas: int) -> Angka | None:
    """First number in ``teks`` (within ``batas`` characters), skipping years and roman
    numerals; None when a formula sign or a cell border comes first."""
    for m in re.finditer(rf"({_NUM})(\s*(?:%|persen\b))?", teks[:batas], re.I):
        token = m.group(1)
        if _TAHUN.match(token) and not m.group(2):
            continue
        depan = teks[: m.start()]
        if "¦" in depan or "=" in depan:
            return None
        return baca_angka(m.group(0), awal=False)
    return None


def _paragraf(dok: Dokumen):
    """Prose paragraphs (consecutive non-table lines) with their first line number and page;
    a line opening with '=' joins the paragraph above (display formulas)."""
    kini: list[str] = []
    nomor = halaman = None
    nomor_terakhir = 0
    for b in dok.baris:
        t = b.teks.strip()
        if "\t" in b.teks:
            if kini:
                yield " ".join(kini), nomor, halaman
                kini = []
            continue
        if not t:
            continue
        if kini and re.match(r"^\$*\s*=", t):
            kini.append(t)
            continue
        if kini and (b.nomor - nomor_terakhir > 1):
            yield " ".join(kini), nomor, halaman
            kini = []
        if not kini:
            nomor, halaman = b.nomor, b.halaman
        kini.append(t)
        nomor_terakhir = b.nomor
    if kini:
        yield " ".join(kini), nomor, halaman


# =============================================================================== entry points


def reviu_dokumen(dok: Dokumen) -> HasilReviu:
    """Review an extracted document: check every table and the prose formulas."""
    pemeriksa = _Pemeriksa(dok)
    daftar = _pecah_tabel(dok)
    pemeriksa.tabel(daftar)
    pemeriksa.narasi()
    unik: dict[tuple, Temuan] = {}
    for t in pemeriksa.temuan:
        kunci = (t.jenis, t.tercetak, t.seharusnya, t.baris_teks)
        unik.setdefault(kunci, t)
    temuan = sorted(unik.values(), key=lambda t: (t.baris_teks or 0, t.jenis))
    return HasilReviu(
        nama_berkas=dok.nama,
        format=dok.format,
        jumlah_tabel=len(daftar),
        jumlah_tabel_terbaca=sum(1 for t in daftar if t.berkepala),
        jumlah_pemeriksaan=pemeriksa.jumlah_pemeriksaan,
        temuan=temuan,
    )


def reviu_teks(teks: str, nama: str = "dokumen.txt") -> HasilReviu:
    """Review text (tab-separated or HTML tables)."""
    return reviu_dokumen(dokumen_dari_teks(teks, nama))


def reviu_berkas(path: str | Path) -> HasilReviu:
    """Review a PDF, DOCX or text file; :class:`GalatDokumen` when it cannot be read."""
    return reviu_dokumen(baca_dokumen(path))
