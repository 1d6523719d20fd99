"""Extraction: the text of a PDF (pdftotext or pypdf), a DOCX (its XML) or a text/HTML file, as
numbered lines with their page, within the limits of :mod:`sakip.berkas_aman`."""

from __future__ import annotations

import importlib.util
import json
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from sakip.berkas_aman import MB, batas, format_mb


class GalatDokumen(ValueError):
    """A file that cannot be reviewed; the message is Bahasa Indonesia, fit for users."""


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
    teks = _teks_pdf_tabel(path, maks)
    if teks is not None:
        return teks
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


def _teks_pdf_tabel(path: Path, maks: int) -> str | None:
    """The PDF read by pdfplumber in a child process (`baca_pdf.py`: ruled tables with their true
    cells, the text between them laid out); None when pdfplumber is not installed or fails on
    this file (then pdftotext reads it)."""
    if importlib.util.find_spec("pdfplumber") is None:
        return None
    try:
        hasil = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("baca_pdf.py")), str(path), str(maks)],
            capture_output=True,
            timeout=180,
            check=False,
            preexec_fn=_batasi_memori,
        )
    except subprocess.TimeoutExpired:
        raise GalatDokumen(f"Pembacaan PDF {path.name} melebihi batas waktu.") from None
    if hasil.returncode == 3:
        raise _terlalu_banyak_halaman(path, maks)
    if hasil.returncode != 0:
        return None
    try:
        data = json.loads(hasil.stdout.decode("utf-8", "replace"))
    except ValueError:
        return None
    halaman = []
    for isi in data.get("halaman", []):
        baris: list[str] = []
        for jenis, nilai in isi:
            if jenis == "tabel":
                # Cells keep no tab or newline of their own: a tab separates cells.
                baris += ["", *("\t".join(" ".join(str(c).split()) for c in r) for r in nilai), ""]
            elif nilai.strip():
                baris += _tata_letak_ke_tab(nilai).split("\n")
        halaman.append("\n".join(baris))
    return "\n\f".join(halaman)


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
    if ada_halaman:
        _buang_kepala_kaki(baris)
    return Dokumen(nama, bentuk, baris)


def _normal_berulang(teks: str) -> str:
    k = re.sub(r"\d+", "#", teks.lower())
    k = re.sub(r"\b[ivxlc]+\b", "#", k)
    return " ".join(k.split())


def _kunci_berulang(teks: str) -> tuple[str, str]:
    """A running line's keys, numbers and roman numerals as #: the whole line, and its first part
    (up to a gap of 2+ spaces or a tab: "LKjIP 2025 · DS03      BAB II …" → "lkjip # · ds#"), when
    that part is long enough to say something and is no table or figure title."""
    awal = re.split(r"\s{2,}|\t", teks.strip(), maxsplit=1)[0]
    awal = _normal_berulang(awal)
    if len(awal) < 8 or re.match(r"(tabel|gambar|grafik|diagram|lampiran|bab)\b", awal):
        awal = ""
    return _normal_berulang(teks), awal


def _buang_kepala_kaki(baris: list[Baris], tepi: int = 2) -> None:
    """Blank the running headers and footers of the pages (the office and report name, chapter,
    page numbers, "Versi data …"): a line among the first or last `tepi` lines of a page whose
    text, or whose start, returns there on at least a quarter of the pages (3 at least), numbers
    aside. Left in, they sit between the parts of a table split across pages and in front of
    titles."""
    per_halaman: dict[int, list[Baris]] = {}
    for b in baris:
        if b.teks.strip():
            per_halaman.setdefault(b.halaman, []).append(b)
    if len(per_halaman) < 3:
        return
    calon = []
    for isi in per_halaman.values():
        tepian = isi[:tepi] + [b for b in isi[-tepi:] if b not in isi[:tepi]]
        calon += [(b, _kunci_berulang(b.teks)) for b in tepian]
    # Counted on plain lines only: a table header repeated on every page of a long table is no
    # running header; a running header read as a table row (ruled together with a table below
    # it) goes when its text is a running header elsewhere.
    hitung: dict[str, set] = {}
    for b, (utuh, awal) in calon:
        if "\t" not in b.teks:
            for k in ("=" + utuh, "^" + awal) if awal else ("=" + utuh,):
                hitung.setdefault(k, set()).add(b.halaman)
    ambang = max(3, len(per_halaman) // 4)
    berulang = set()
    for b, (utuh, awal) in calon:
        if len(hitung.get("=" + utuh, ())) >= ambang or (awal and len(hitung.get("^" + awal, ())) >= ambang):
            berulang.add(utuh)
            b.teks = ""
    # The same running line further down a page (repeated inside a table split across pages).
    for b in baris:
        if b.teks.strip() and _normal_berulang(b.teks) in berulang:
            b.teks = ""
