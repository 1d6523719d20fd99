"""The PDF of a report, built from pieces that are rendered in parallel and cached.

WeasyPrint lays out a whole 85-page report in one process in 12-17 s. The report is cut into
pieces that do not depend on each other: the front matter, Bab I, Bab II, the head of Bab III,
one piece per sasaran analysis, the financial section, Bab IV and the appendices (each starts a
page in the whole document too, so both paginate alike). Each piece is rendered to a PDF of its
own, several at a time in child processes, and kept in a cache under the SHA-256 of its HTML and
the print templates: after a data change only the pieces whose HTML changed are rendered again.

What couples the pieces is added afterwards, over the merged pages (pypdf): a layer with the page
number, the data version and, in the cells the front matter leaves empty, the body page numbers
of its lists; the outline (bookmarks) and the links of the table of contents into the body.
"""

import concurrent.futures
import contextlib
import functools
import hashlib
import io
import json
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from sakip import simpan
from sakip.pdf_aman import pengambil

log = logging.getLogger(__name__)

# CSS pixels to PDF points.
# The print stylesheet: every piece and the page layer are rendered with it (laporan/cetak.py too).
CSS_CETAK = Path(__file__).resolve().parent / "static" / "laporan" / "cetak.css"
PX = 0.75
# Points to CSS pixels, centimetres to CSS pixels.
PT, CM = 4 / 3, 96 / 2.54
# Id prefix of the contents' page-number cells of the printed front matter (_toc_baris.html).
SEL_HALAMAN = "hal-"
# Page margins of cetak.css (left, top) and the contents' line (cetak.css: .toc td, table.toc).
MARGIN_KIRI, MARGIN_ATAS = 2.5 * CM, 2.4 * CM
BARIS_TOC, BAWAH_TOC = 9.5 * 1.35 * PT, 3 * PT


@dataclass
class Potongan:
    """One piece of the printed report: its name and its standalone HTML."""

    nama: str
    html: str
    kunci: str = ""


@dataclass
class Hasil:
    """A rendered piece: PDF bytes, pages, where its anchors are, its bookmarks and internal links."""

    pdf: bytes
    halaman: int
    jangkar: dict = field(default_factory=dict)  # id -> [page, y in px]
    penanda: list = field(default_factory=list)  # [page, level, label, y in px]
    tautan: list = field(default_factory=list)  # [page, id, [x1, y1, x2, y2] in px]
    sel_halaman: dict = field(default_factory=dict)  # id -> [page, x1, y1, x2, y2]: contents' number cells
    tinggi: float = 0.0  # page height in px
    dari_cache: bool = False

    def meta(self):
        return {k: getattr(self, k) for k in ("halaman", "jangkar", "penanda", "tautan", "sel_halaman", "tinggi")}


def _css():
    return CSS_CETAK.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=2)
def _lembar_parsed(teks):
    from weasyprint import CSS

    return CSS(string=teks, base_url=str(CSS_CETAK.parent))


def lembar_cetak():
    """The print stylesheet parsed by WeasyPrint, once per process (forked children inherit it).

    The pieces do not inline it (cetak_potongan.html): it is given to WeasyPrint as a user
    stylesheet. Its rules then rank below the piece's own <style> (author) whatever their order and
    specificity, which is what that <style> is for: it only overrides cetak.css (the running header,
    no footer, no page break before the first sasaran of a piece). A rule of cetak.css more specific
    than one of the <style> must be repeated there (the cover's empty header, cetak_potongan.html);
    cetak.css's few !important stay above all."""
    return _lembar_parsed(_css())


_FON = {}


def konfigurasi_fon():
    """One WeasyPrint font configuration per process (a forked child makes its own at its first
    piece): the fonts found and loaded by Fontconfig and Pango are kept from piece to piece,
    instead of loaded again for each (about 5 % of a piece's time; the PDFs are the same)."""
    from weasyprint.text.fonts import FontConfiguration

    if _FON.get("pid") != os.getpid():
        _FON.update(pid=os.getpid(), konfigurasi=FontConfiguration())
    return _FON["konfigurasi"]


def _html(data, css, **konteks):
    return render_to_string("laporan/cetak_potongan.html", {"lap": data, "css": css, **konteks})


def potongan_isi(data, css=None):
    """The body pieces, in order."""
    css = css or _css()
    bab = data.bab
    daftar = [
        ("bab-1", "laporan/_bab1.html", {"bab": bab[0]}),
        ("bab-2", "laporan/_bab2.html", {"bab": bab[1]}),
        ("bab-3", "laporan/_bab3_awal.html", {"bab": bab[2]}),
    ]
    for n, s in enumerate(data.sasaran):
        konteks = {"bab": bab[2], "s": s, "pertama": n == 0, "lanjutan": True}
        daftar.append((f"bab-3-sasaran-{n + 1}", "laporan/_bab3_sasaran.html", konteks))
    daftar += [
        ("bab-3-keuangan", "laporan/_bab3_akhir.html", {"bab": bab[2], "lanjutan": True}),
        ("bab-4", "laporan/_bab4.html", {"bab": bab[3]}),
        ("lampiran", "laporan/_lampiran.html", {}),
    ]
    return [Potongan(nama, _html(data, css, templat=templat, **k)) for nama, templat, k in daftar]


def potongan_depan(data, css=None):
    """The cover and front matter. Its lists leave the page numbers of the body empty: they are
    laid over the cells afterwards, so the front matter renders beside the body."""

    def tandai(entri):
        return [e if getattr(e, "depan", False) else replace(e, lapisan=True) for e in entri]

    lap = replace(
        data,
        daftar_isi=tandai(data.daftar_isi),
        daftar_tabel=tandai(data.daftar_tabel),
        daftar_gambar=tandai(data.daftar_gambar),
    )
    return Potongan("depan", _html(lap, css or _css(), depan=True))


class _TanpaJangkarLuar(logging.Filter):
    # The front matter links to anchors of other pieces; the merge adds those links.
    def filter(self, record):
        return "No anchor" not in record.getMessage()


def render_potongan(html):
    """Render one piece with WeasyPrint in this process."""
    from weasyprint import HTML

    saring = _TanpaJangkarLuar()
    logging.getLogger("weasyprint").addFilter(saring)
    try:
        dokumen = HTML(string=html, base_url=str(CSS_CETAK.parent), url_fetcher=pengambil()).render(
            stylesheets=[lembar_cetak()], font_config=konfigurasi_fon()
        )
        hasil = Hasil(pdf=b"", halaman=len(dokumen.pages))
        for i, hal in enumerate(dokumen.pages):
            hasil.tinggi = hal.height
            for nama, posisi in hal.anchors.items():
                if nama.startswith(SEL_HALAMAN):
                    hasil.sel_halaman[nama.removeprefix(SEL_HALAMAN)] = [i, *posisi]
                else:
                    hasil.jangkar.setdefault(nama, [i, posisi[1]])
            for tingkat, label, (_x, y), _keadaan in hal.bookmarks:
                hasil.penanda.append([i, tingkat, label, y])
            for jenis, sasaran, kotak, _box in hal.links:
                if jenis == "internal":
                    hasil.tautan.append([i, sasaran, list(kotak)])
        hasil.pdf = dokumen.write_pdf()
    finally:
        logging.getLogger("weasyprint").removeFilter(saring)
    return hasil


def _render_anak(html):
    simpan.setelah_fork()  # a forked child: its own storage clients (logos, images on S3)
    return render_potongan(html)


# -- cache ---------------------------------------------------------------------------------------


def folder_cache():
    """Where the pieces are: STORAGES["cache_cetak"] (a folder at SAKIP_CACHE_CETAK by default)."""
    return simpan.cache("cache_cetak")


def _kunci(potongan, versi):
    return hashlib.sha256(f"{versi}\n{potongan.html}".encode()).hexdigest()


def _baca_cache(kunci):
    storage = folder_cache()
    try:
        with storage.open(f"{kunci}.json", "rb") as f:
            meta = f.read()
        with storage.open(f"{kunci}.pdf", "rb") as f:
            pdf = f.read()
        hasil = Hasil(pdf=pdf, **json.loads(meta.decode("utf-8")), dari_cache=True)
    except (OSError, ValueError, TypeError):
        return None
    simpan.tandai_dipakai(storage, f"{kunci}.json", meta)  # recently used: kept by `bersihkan_cache`
    return hasil


def _tulis_cache(kunci, hasil):
    storage = folder_cache()
    # The PDF first: a reader takes a piece by its .json, so it never finds one without its PDF.
    # Each write is whole or nothing (renamed into place locally, one PUT on S3).
    for akhiran, isi in ((".pdf", hasil.pdf), (".json", json.dumps(hasil.meta()).encode())):
        storage.save(f"{kunci}{akhiran}", ContentFile(isi))


def bersihkan_cache(hari=None):
    """Delete pieces not used for `hari` days (SAKIP_CACHE_CETAK_HARI, default 30)."""
    hari = settings.SAKIP_CACHE_CETAK_HARI if hari is None else hari
    batas = time.time() - hari * 86400
    storage = folder_cache()
    dihapus = 0
    for meta in simpan.daftar_berkas(storage):
        if "/" in meta or not meta.endswith(".json"):
            continue
        try:
            if simpan.waktu_ubah(storage, meta) < batas:
                storage.delete(meta)
                storage.delete(meta.removesuffix(".json") + ".pdf")
                dihapus += 1
        except (OSError, NotImplementedError):
            pass
    return dihapus


# -- rendering many pieces -----------------------------------------------------------------------


def jumlah_proses():
    return max(1, settings.SAKIP_PDF_PROSES or min(4, os.cpu_count() or 1))


def render_banyak(daftar, versi, proses=None, lapor=None, kolam=None):
    """Render the pieces not in the cache (largest first, `proses` at a time) and cache them.

    `kolam`: a process pool of pdf_bertahap's (kept open for the page layer); without it the
    pieces are rendered in a pool of their own, or here when one process is asked for."""
    lapor = lapor or (lambda selesai, jumlah: None)
    hasil = [None] * len(daftar)
    kurang = []
    for i, p in enumerate(daftar):
        p.kunci = p.kunci or _kunci(p, versi)
        hasil[i] = _baca_cache(p.kunci)
        if hasil[i] is None:
            kurang.append(i)
    kurang.sort(key=lambda i: -len(daftar[i].html))
    proses = min(proses or jumlah_proses(), len(kurang))
    selesai = len(daftar) - len(kurang)
    lapor(selesai, len(daftar))
    if kolam is None and proses <= 1:
        for i in kurang:
            hasil[i] = render_potongan(daftar[i].html)
            _tulis_cache(daftar[i].kunci, hasil[i])
            selesai += 1
            lapor(selesai, len(daftar))
        return hasil
    if not kurang:
        return hasil
    lembar_cetak()  # parsed here once, before the children are forked: they inherit it
    with contextlib.ExitStack() as tumpukan:
        if kolam is None:
            kolam = tumpukan.enter_context(_kolam(proses))
        tugas = {kolam.submit(_render_anak, daftar[i].html): i for i in kurang}
        for f in concurrent.futures.as_completed(tugas):
            i = tugas[f]
            hasil[i] = f.result()
            _tulis_cache(daftar[i].kunci, hasil[i])
            selesai += 1
            lapor(selesai, len(daftar))
    return hasil


def _kolam(proses):
    # Forked children render only (no database); they end with the pool and return their memory.
    konteks = multiprocessing.get_context("fork")
    return concurrent.futures.ProcessPoolExecutor(max_workers=proses, mp_context=konteks)


def render_lapisan(html):
    """PDF bytes of the page layer (laporan/lapisan_cetak.html)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=pengambil()).write_pdf(font_config=konfigurasi_fon())


def _render_lapisan_anak(html):
    simpan.setelah_fork()
    return render_lapisan(html)


# -- assembling ----------------------------------------------------------------------------------


def pdf_bertahap(data, sidik_data, versi, lapor=None, proses=None):
    """(PDF bytes, pages, statistics) of the report data, built from cached or rendered pieces."""
    lapor = lapor or (lambda progres, tahap: None)
    mulai = time.perf_counter()
    css = _css()
    lapor(30, "Menyusun HTML")
    depan, isi = potongan_depan(data, css), potongan_isi(data, css)

    def lapor_bagian(selesai, jumlah):
        lapor(35 + 50 * selesai // max(jumlah, 1), f"Menata halaman: bagian {selesai} dari {jumlah}")

    # One pool for the pieces and then the page layer: a child renders the layer while this
    # process merges the pieces (pypdf), the two longest steps after the pieces.
    proses = proses or jumlah_proses()
    with contextlib.ExitStack() as tumpukan:
        kolam = tumpukan.enter_context(_kolam(proses)) if proses > 1 else None
        semua = render_banyak([depan, *isi], versi, proses, lapor_bagian, kolam=kolam)
        return _rakit(data, sidik_data, semua, kolam, lapor, mulai)


def _rakit(data, sidik_data, semua, kolam, lapor, mulai):
    """Merge the rendered pieces and lay the page layer, the links and the outline over them."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    hasil_depan = semua[0]

    # Where each piece starts in the merged PDF, and where each anchor lands.
    awal, n = [], 0
    for h in semua:
        awal.append(n)
        n += h.halaman
    geser = hasil_depan.halaman
    lokasi = {}
    for h, a in zip(semua, awal, strict=True):
        for nama, (hal, y) in h.jangkar.items():
            lokasi.setdefault(nama, (a + hal, y))

    lapor(88, "Menggabungkan halaman")
    jumlah = sum(h.halaman for h in semua)

    # The layer: page number (roman in the front matter, from 1 in the body), data version, and
    # the body page numbers in the cells of the contents.
    angka = [[] for _ in range(geser)]
    tebal = {e.id for e in data.daftar_isi if e.tingkat == 0}  # cetak.css: .toc tr.toc-0 td
    for nama, (hal, x1, _y1, x2, y2) in hasil_depan.sel_halaman.items():
        if nama in lokasi and lokasi[nama][0] >= geser:
            angka[hal].append(
                {
                    "kiri": f"{x1 - MARGIN_KIRI:.2f}",
                    "atas": f"{y2 - BAWAH_TOC - BARIS_TOC - MARGIN_ATAS:.2f}",
                    "lebar": f"{x2 - x1:.2f}",
                    "teks": lokasi[nama][0] - geser + 1,
                    "tebal": nama in tebal,
                }
            )
    # The data version is printed on the last page only (and kept in the PDF's properties).
    kelompok = [
        ("sampul", angka[:1]),
        ("depan", angka[1:geser]),
        ("isi", [[]] * (jumlah - geser - 1)),
        ("isi akhir", [[]]),
    ]
    lapisan = render_to_string("laporan/lapisan_cetak.html", {"kelompok": kelompok, "sidik": sidik_data})
    lapisan_nanti = kolam.submit(_render_lapisan_anak, lapisan) if kolam is not None else None
    penulis = PdfWriter()
    for h in semua:
        penulis.append(PdfReader(io.BytesIO(h.pdf)), import_outline=False)
    assert len(penulis.pages) == jumlah, (len(penulis.pages), jumlah)
    lapisan_pdf = PdfReader(io.BytesIO(lapisan_nanti.result() if lapisan_nanti else render_lapisan(lapisan)))
    for i in range(1, jumlah):  # the cover carries nothing
        halaman = penulis.pages[i]
        halaman.merge_page(lapisan_pdf.pages[i], over=True)
        halaman.compress_content_streams()

    # Links of the table of contents that point into other pieces.
    for h, a in zip(semua, awal, strict=True):
        for hal, nama, (x1, y1, x2, y2) in h.tautan:
            if nama not in lokasi or nama in h.jangkar or x2 <= x1 or y2 <= y1:
                continue  # unknown, inside the piece (WeasyPrint wrote that link), or empty
            tinggi = h.tinggi * PX
            kotak = (x1 * PX, tinggi - y2 * PX, x2 * PX, tinggi - y1 * PX)
            ke, ke_y = lokasi[nama]
            fit = Fit.xyz(left=0, top=tinggi - ke_y * PX)
            penulis.add_annotation(a + hal, Link(rect=kotak, target_page_index=ke, fit=fit))

    # The outline, from the headings of every piece, nested by level.
    induk = {}
    for h, a in zip(semua, awal, strict=True):
        for hal, tingkat, label, y in h.penanda:
            atas = max((t for t in induk if t < tingkat), default=None)
            fit = Fit.xyz(left=0, top=h.tinggi * PX - y * PX)
            induk[tingkat] = penulis.add_outline_item(title=label, page_number=a + hal, parent=induk.get(atas), fit=fit)
            for t in [t for t in induk if t > tingkat]:
                del induk[t]
    penulis.add_metadata(
        {
            "/Title": f"{data.judul} {data.opd.nama} {data.periode_judul}",
            "/Author": data.opd.nama,
            "/Creator": "SAKIP",
            "/Producer": "WeasyPrint + pypdf (SAKIP)",
            "/Subject": f"Versi data {sidik_data[:12]}",
            "/SakipVersiData": sidik_data,
        }
    )
    keluar = io.BytesIO()
    penulis.write(keluar)
    statistik = {
        "potongan": len(semua),
        "dirender": sum(not h.dari_cache for h in semua),
        "detik": round(time.perf_counter() - mulai, 2),
    }
    return keluar.getvalue(), jumlah, statistik
