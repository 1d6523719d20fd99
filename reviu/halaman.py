"""PDF pages of a reviewed document: a page as PNG (``pdftoppm``, rendered when first asked for and
cached on disk) and where a printed figure stands on its page (``pdftotext -bbox``, when the
review runs). Both are poppler-utils subprocesses with a time limit and 1 GB of address space.
"""

from __future__ import annotations

import html
import logging
import re
import resource
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import ContentFile

from sakip import simpan

log = logging.getLogger(__name__)

SISI_MAKS = 1100  # pixels of the longer side of a page image
WAKTU_MAKS = 30  # seconds per poppler call
HALAMAN_KOTAK_MAKS = 100  # pages searched for the printed figures of one document
KOTAK_MAKS = 6  # boxes per finding: more matches on the page and the figure is not pointed at


class HalamanTidakAda(Exception):
    """No image for this page (not a PDF, out of range, poppler missing or failing)."""


def _batasi_memori():
    """In the poppler child: at most 1 GB of address space (a hostile PDF stops there)."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def folder_cache(dokumen) -> str:
    """The cache folder of one document in STORAGES["cache_reviu"]: its id and the start of its
    SHA-256, so a page never shows another file's (a reused id after a database reset)."""
    sidik = re.sub(r"[^0-9a-f]", "", dokumen.sha256 or "")[:16]
    return f"{dokumen.pk}-{sidik}"


def hapus_cache(dokumen) -> None:
    simpan.hapus_folder(simpan.cache("cache_reviu"), folder_cache(dokumen))


@contextmanager
def path_lokal(dokumen):
    """A path on this machine holding the stored file (a copy when the storage has no paths)."""
    with simpan.path_lokal(dokumen.berkas.storage, dokumen.berkas.name, f".{dokumen.format}") as path:
        yield path


def gambar_halaman(dokumen, halaman: int) -> str:
    """The name in STORAGES["cache_reviu"] of the PNG of one page of a reviewed PDF, from the
    cache or rendered now (HalamanTidakAda)."""
    if dokumen.format != "pdf" or not 1 <= halaman <= (dokumen.jumlah_halaman or 0):
        raise HalamanTidakAda(halaman)
    storage = simpan.cache("cache_reviu")
    tujuan = f"{folder_cache(dokumen)}/{halaman}.png"
    if storage.exists(tujuan):
        return tujuan
    program = shutil.which("pdftoppm")
    if program is None:
        raise HalamanTidakAda("pdftoppm (poppler-utils) tidak terpasang")
    try:
        with path_lokal(dokumen) as sumber, tempfile.TemporaryDirectory(prefix="sakip-halaman-") as tmp:
            awal = Path(tmp) / "halaman"
            try:
                proses = subprocess.run(
                    [program, "-f", str(halaman), "-l", str(halaman), "-png", "-scale-to", str(SISI_MAKS)]
                    + ["-singlefile", str(sumber), str(awal)],
                    capture_output=True,
                    timeout=WAKTU_MAKS,
                    check=False,
                    preexec_fn=_batasi_memori,
                )
            except subprocess.TimeoutExpired:
                raise HalamanTidakAda("batas waktu") from None
            hasil = awal.with_suffix(".png")
            if proses.returncode != 0 or not hasil.is_file():
                log.warning("pdftoppm dokumen %s halaman %s: %s", dokumen.pk, halaman, proses.stderr[-300:])
                raise HalamanTidakAda(halaman)
            # Whole or nothing: renamed into place on a local folder, one PUT on S3.
            storage.save(tujuan, ContentFile(hasil.read_bytes()))
    except OSError:  # the stored document is gone
        raise HalamanTidakAda(halaman) from None
    return tujuan


# --------------------------------------------------------------------------- printed figures on a page

_HALAMAN = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_KATA = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PINGGIR = re.compile(r"^\W+|\W+$")


def _rapi(kata: str) -> str:
    """A word as compared: without the signs around it (brackets, %, quotes, a trailing ",-") and a
    currency prefix glued to it ("Rp.5.922.644.078,-" is the figure 5.922.644.078)."""
    kata = _PINGGIR.sub("", kata.lower())
    return _PINGGIR.sub("", kata[2:]) if kata.startswith("rp") and kata[2:3] in (".", "") else kata


def kata_halaman(path: Path, halaman: int):
    """(width, height, [(x0, y0, x1, y1, word)]) of one PDF page in points; None if it cannot be read."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    try:
        proses = subprocess.run(
            [program, "-bbox", "-enc", "UTF-8", "-f", str(halaman), "-l", str(halaman), str(path), "-"],
            capture_output=True,
            timeout=WAKTU_MAKS,
            check=False,
            preexec_fn=_batasi_memori,
        )
    except subprocess.TimeoutExpired:
        return None
    teks = proses.stdout.decode("utf-8", "replace")
    ukuran = _HALAMAN.search(teks)
    if proses.returncode != 0 or ukuran is None:
        return None
    kata = [(*map(float, m.groups()[:4]), html.unescape(m.group(5))) for m in _KATA.finditer(teks)]
    return float(ukuran.group(1)), float(ukuran.group(2)), kata


_ANGKA = re.compile(r"\d[\d.,]*\d|\d")
DEKAT = 12  # words either side of a printed figure that tell which of its repeats is meant


def cari_angka(halaman_kata, tercetak: str, uraian: str = "") -> list[list[float]]:
    """Boxes [x0, y0, x1, y1] (points, from the top left) of where `tercetak` is printed on a page
    read by `kata_halaman`. A figure printed several times on the page is told apart by the other
    figures of the finding's `uraian` (its target, realisasi…) printed near it; [] when it is not
    found, or found too often to point at one."""
    if not halaman_kata:
        return []
    _lebar, _tinggi, kata = halaman_kata
    cari = [_rapi(k) for k in tercetak.split() if _rapi(k)]
    if not cari:
        return []
    rapi = [_rapi(k[4]) for k in kata]
    cocok = [i for i in range(len(kata) - len(cari) + 1) if rapi[i : i + len(cari)] == cari]
    if len(cocok) > 1:
        petunjuk = {_rapi(a) for a in _ANGKA.findall(uraian)} - {_rapi(tercetak)} - {""}

        def skor(i):
            return len(petunjuk & set(rapi[max(0, i - DEKAT) : i + len(cari) + DEKAT]))

        terbaik = max(skor(i) for i in cocok)
        if terbaik:
            cocok = [i for i in cocok if skor(i) == terbaik]
    if len(cocok) > KOTAK_MAKS:
        return []
    kotak = []
    for i in cocok:
        bagian = kata[i : i + len(cari)]
        kotak.append(
            [
                round(min(b[0] for b in bagian), 1),
                round(min(b[1] for b in bagian), 1),
                round(max(b[2] for b in bagian), 1),
                round(max(b[3] for b in bagian), 1),
            ]
        )
    return kotak
