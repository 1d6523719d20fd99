"""Uploaded files: what each kind of upload accepts, judged by content and size, once for every door.

An upload's name says nothing about it: a file called `laporan.pdf` may be a program. So every
upload is recognised by its first bytes (and, for the Office formats, by the parts its zip
archive lists) and refused, with a message for the user, when its kind is not one the upload
accepts, when its name's extension claims another kind, or when it is larger than the limit of
that upload. A refusal is `BerkasDitolak`, a Django ValidationError: forms, the admin and the
model's validators (`ValidatorBerkas`, on the model fields) all show it, and nothing is stored.

* `bukti` (evidence of a realisation): PDF, PNG, JPEG, DOCX, XLSX, PPTX, DOC/XLS (OLE2), CSV;
  `SAKIP_BUKTI_MAKS_MB` (10).
* `gambar` (narrative images): PNG, JPEG of at most `SAKIP_GAMBAR_MAKS_PIKSEL` pixels;
  `SAKIP_GAMBAR_MAKS_MB` (5).
* `reviu` (an LKjIP made elsewhere): PDF, DOCX, text; `SAKIP_REVIU_MAKS_MB` (50).

Workbook imports (.xlsx) have their own, deeper check: `sakip.xlsx_aman`.
"""

from __future__ import annotations

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

MB = 1024 * 1024
BAWAAN = {
    "SAKIP_BUKTI_MAKS_MB": 10,
    "SAKIP_GAMBAR_MAKS_MB": 5,
    "SAKIP_GAMBAR_MAKS_PIKSEL": 40_000_000,  # 40 megapixels: a photo; the PDF renderer decodes them whole
    "SAKIP_REVIU_MAKS_MB": 50,
    "SAKIP_REVIU_MAKS_HALAMAN": 500,
}


def batas(nama):
    return getattr(settings, nama, BAWAAN[nama])


class BerkasDitolak(ValidationError):
    """An upload refused before anything reads or stores it; the message is for the user."""


def format_mb(n_byte):
    mb = n_byte / MB
    teks = f"{mb:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{teks} MB"


def ukuran_berkas(berkas):
    """Size in bytes of an uploaded file, a FieldFile or any seekable binary file object."""
    ukuran = getattr(berkas, "size", None)
    if isinstance(ukuran, int):
        return ukuran
    posisi = berkas.tell()
    berkas.seek(0, os.SEEK_END)
    ukuran = berkas.tell()
    berkas.seek(posisi)
    return ukuran


# Kinds recognised by content: (label for the user, content type, extensions its name may have).
JENIS = {
    "pdf": ("PDF", "application/pdf", ("pdf",)),
    "png": ("PNG", "image/png", ("png",)),
    "jpeg": ("JPEG", "image/jpeg", ("jpg", "jpeg")),
    "docx": ("Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "xlsx": ("Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "pptx": (
        "PowerPoint (.pptx)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    "ole": ("Word/Excel lama (.doc, .xls)", "application/octet-stream", ("doc", "xls")),
    "teks": ("teks (.csv, .txt)", "text/plain", ("csv", "txt")),
}
MIME_EKSTENSI = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": JENIS["docx"][1],
    "xlsx": JENIS["xlsx"][1],
    "pptx": JENIS["pptx"][1],
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
KELOMPOK = {
    "bukti": ("SAKIP_BUKTI_MAKS_MB", ("pdf", "png", "jpeg", "docx", "xlsx", "pptx", "ole", "teks")),
    "gambar": ("SAKIP_GAMBAR_MAKS_MB", ("png", "jpeg")),
    "reviu": ("SAKIP_REVIU_MAKS_MB", ("pdf", "docx", "teks")),
}
# Extensions each group's names may carry (a text is .csv for evidence, .txt/.md for a review).
EKSTENSI_KELOMPOK = {
    "bukti": ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "doc", "xls", "csv"),
    "gambar": ("png", "jpg", "jpeg"),
    "reviu": ("pdf", "docx", "txt", "text", "md", "csv", "tsv", "html", "htm"),
}
_OOXML = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}


def content_type(nama):
    """The content type to serve a stored file with, by its (checked) extension."""
    return MIME_EKSTENSI.get(ekstensi(nama), "application/octet-stream")


def ekstensi(nama):
    return os.path.splitext(nama or "")[1].lower().lstrip(".")


def kenali(berkas):
    """The kind of a file by its content (a key of JENIS), or None when it is none of them."""
    berkas.seek(0)
    awal = berkas.read(8192)
    berkas.seek(0)
    if awal.startswith(b"%PDF-"):
        return "pdf"
    if awal.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if awal.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if awal.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if awal.startswith(b"PK\x03\x04"):
        return _jenis_ooxml(berkas)
    if awal and b"\x00" not in awal and not awal.startswith((b"MZ", b"\x7fELF", b"#!")):
        try:
            awal.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(awal) - 4:  # not just a character cut at the end of the sample
                try:
                    awal.decode("cp1252")
                except UnicodeDecodeError:
                    return None
        return "teks"
    return None


def _jenis_ooxml(berkas):
    """docx, xlsx or pptx by the parts the zip lists (its directory only; nothing is inflated)."""
    try:
        akhir = zipfile._EndRecData(berkas)  # noqa: SLF001 - the directory's declared size, before reading it
        if not akhir or akhir[zipfile._ECD_SIZE] > MB:
            return None
        berkas.seek(0)
        with zipfile.ZipFile(berkas) as zf:
            nama = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        berkas.seek(0)
    if "[Content_Types].xml" not in nama:
        return None
    return next((jenis for bagian, jenis in _OOXML.items() if bagian in nama), None)


def _daftar_jenis(kelompok):
    return ", ".join(JENIS[j][0] for j in KELOMPOK[kelompok][1])


def periksa_berkas(berkas, kelompok, nama=None):
    """Refuse (BerkasDitolak) an upload of `kelompok` that is too large, of a kind it does not
    accept, or whose name claims another kind than its content. Returns the kind."""
    nama = os.path.basename(nama or getattr(berkas, "name", "") or "")
    setelan, diterima = KELOMPOK[kelompok]
    maks = batas(setelan) * MB
    if ukuran_berkas(berkas) > maks:
        raise BerkasDitolak(
            f"Berkas {nama} lebih dari {format_mb(maks)} (batas unggahan); perkecil atau pecah berkasnya."
        )
    if ukuran_berkas(berkas) == 0:
        raise BerkasDitolak(f"Berkas {nama} kosong.")
    ext = ekstensi(nama)
    if ext not in EKSTENSI_KELOMPOK[kelompok]:
        raise BerkasDitolak(
            f"Berkas {nama} tidak diterima: jenis .{ext or '?'} tidak diizinkan. "
            f"Yang diterima: {_daftar_jenis(kelompok)}."
        )
    jenis = kenali(berkas)
    if jenis not in diterima:
        raise BerkasDitolak(
            f"Isi berkas {nama} bukan {_daftar_jenis(kelompok)} (diperiksa dari isinya, bukan dari namanya); "
            "berkas ditolak."
        )
    if ext not in JENIS[jenis][2] and not (jenis == "teks" and kelompok == "reviu"):
        raise BerkasDitolak(
            f"Isi berkas {nama} adalah {JENIS[jenis][0]}, tidak sesuai dengan akhiran .{ext}; "
            "simpan ulang dengan akhiran yang benar."
        )
    if kelompok == "gambar":
        _periksa_piksel(berkas, nama)
    return jenis


def _periksa_piksel(berkas, nama):
    from PIL import Image

    berkas.seek(0)
    try:
        with Image.open(berkas) as gambar:
            lebar, tinggi = gambar.size  # read from the header: nothing is decoded
    except Exception:  # Pillow raises many types (and DecompressionBombError) for bad images
        raise BerkasDitolak(f"Gambar {nama} rusak atau terlalu besar untuk dibaca.") from None
    finally:
        berkas.seek(0)
    if lebar * tinggi > batas("SAKIP_GAMBAR_MAKS_PIKSEL"):
        raise BerkasDitolak(
            f"Gambar {nama} berukuran {lebar} × {tinggi} piksel, lebih dari "
            f"{batas('SAKIP_GAMBAR_MAKS_PIKSEL') // 1_000_000} megapiksel; perkecil gambarnya."
        )


@deconstructible
class ValidatorBerkas:
    """Model field validator: `periksa_berkas` for a newly uploaded file (a file stored earlier
    is not judged again, so an old record stays editable)."""

    def __init__(self, kelompok):
        self.kelompok = kelompok

    def __call__(self, nilai):
        if nilai is None or getattr(nilai, "_committed", False):
            return
        berkas = getattr(nilai, "file", nilai)
        periksa_berkas(berkas, self.kelompok, getattr(nilai, "name", None))

    def __eq__(self, other):
        return isinstance(other, ValidatorBerkas) and other.kelompok == self.kelompok
