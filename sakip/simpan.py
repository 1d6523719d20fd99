"""Where files live: Django's storage API (settings.STORAGES), never a path under MEDIA_ROOT.

Uploads (evidence, narrative images, logos, imports, reviewed documents) and report PDFs are in the
`default` storage, through their model fields; the report piece cache and the page images of
reviewed documents in the named storages `cache_cetak` and `cache_reviu`. Each is a folder on this
machine by default and may be an S3-compatible bucket (django-storages; README, Production), so
nothing here assumes a file has a local path: a program that needs one (pdftotext, pdftoppm,
pdfplumber) gets a temporary copy when the storage has none (`path_lokal`).

The PDF renderer and the Word report name media files by `file://` URIs under MEDIA_ROOT
(`uri_media`), the same whatever the storage (the report piece cache is keyed on the HTML);
`baca_media` reads such a URI's file back through the default storage.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages


def cache(nama: str):
    """A named storage of settings.STORAGES: `cache_cetak` or `cache_reviu`."""
    return storages[nama]


def punya_path(storage) -> bool:
    """Whether the storage keeps its files at paths of this machine. Only a FileSystemStorage does:
    S3's `path()` raises NotImplementedError, InMemoryStorage's names a path that is not there."""
    return isinstance(storage, FileSystemStorage)


@contextmanager
def path_lokal(storage, nama: str, akhiran: str = ""):
    """A path on this machine holding the stored file `nama`: its own path when the storage has
    paths, else a temporary copy deleted on leaving (OSError when the file is missing)."""
    if punya_path(storage):
        yield Path(storage.path(nama))
        return
    with tempfile.TemporaryDirectory(prefix="sakip-") as tmp:
        salinan = Path(tmp) / f"berkas{akhiran}"
        with storage.open(nama, "rb") as sumber, salinan.open("wb") as tujuan:
            shutil.copyfileobj(sumber, tujuan)
        yield salinan


def waktu_ubah(storage, nama: str) -> float:
    """When `nama` was last written (or marked used), as a timestamp."""
    waktu = storage.get_modified_time(nama)
    if waktu.tzinfo is None:
        waktu = waktu.replace(tzinfo=UTC)
    return waktu.timestamp()


def tandai_dipakai(storage, nama: str, isi: bytes | None = None) -> None:
    """Mark a cache entry used now (its modified time), so an age-based cleanup keeps it. On a
    local folder the file is touched; elsewhere it is written again, at most once a day."""
    if punya_path(storage):
        try:
            os.utime(storage.path(nama))
        except OSError:
            pass
        return
    try:
        if isi is not None and datetime.now(UTC).timestamp() - waktu_ubah(storage, nama) > 86400:
            storage.save(nama, ContentFile(isi))
    except (OSError, NotImplementedError):
        pass


def daftar_berkas(storage, folder: str = "") -> list[str]:
    """The names of every file under `folder` of a storage (its subfolders too); [] if none."""
    try:
        subfolder, berkas = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    nama = [posixpath.join(folder, b) for b in berkas]
    for s in subfolder:
        nama += daftar_berkas(storage, posixpath.join(folder, s))
    return nama


def hapus_folder(storage, folder: str) -> int:
    """Delete every file under `folder` of a storage (and, on a local folder, the emptied folder)."""
    nama = daftar_berkas(storage, folder)
    for n in nama:
        storage.delete(n)
    if punya_path(storage):
        shutil.rmtree(storage.path(folder), ignore_errors=True)
    return len(nama)


def setelah_fork() -> None:
    """In a forked child: give every loaded storage fresh network clients. An S3 storage keeps its
    boto3 client (and its open connections) per thread; a child must not share the parent's
    sockets. Local and in-memory storages have nothing to reset (their files are the parent's)."""
    for storage in getattr(storages, "_storages", {}).values():
        if hasattr(storage, "_connections"):
            storage._connections = threading.local()
            # The bucket object caches the parent's boto3 resource (as S3Storage.__setstate__ resets).
            storage._bucket = None
            storage._unsigned_connections = threading.local()


class PenyimpananCache(FileSystemStorage):
    """A cache folder on this machine, at the path in setting `setelan` (read at every use, so a
    test or the benchmark may move it). A name is the key of its content, so a write replaces the
    file, and atomically: written beside it, then renamed over it (a reader never sees half)."""

    def __init__(self, setelan="SAKIP_CACHE_CETAK", **kwargs):
        self.setelan = setelan
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, getattr(settings, self.setelan))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def get_available_name(self, name, max_length=None):
        return name

    def _save(self, name, content):
        tujuan = self.path(name)
        folder = os.path.dirname(tujuan)
        os.makedirs(folder, exist_ok=True)
        fd, sementara = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                for bagian in content.chunks():
                    f.write(bagian)
            os.chmod(sementara, self.file_permissions_mode or 0o644)
            os.replace(sementara, tujuan)
        except BaseException:
            Path(sementara).unlink(missing_ok=True)
            raise
        return name


# --------------------------------------------------------------------------- media for the PDF renderer


def _akar_media() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def uri_media(nama) -> str:
    """A stored media file (a name of the default storage) as a file:// URI under MEDIA_ROOT, for
    WeasyPrint and the Word report: `sakip.pdf_aman` and `baca_media` read it through the storage."""
    return (_akar_media() / str(nama)).as_uri()


def nama_media(path) -> str | None:
    """The default-storage name of a path under MEDIA_ROOT (`uri_media`'s), or None: outside it, or
    climbing out of it."""
    jalur = os.path.normpath(str(path))
    akar = str(_akar_media())
    if not jalur.startswith(akar.rstrip(os.sep) + os.sep):
        return None
    return Path(jalur).relative_to(akar).as_posix()


def baca_media(nama: str) -> bytes | None:
    """The bytes of a file of the default storage, or None when it cannot be read."""
    try:
        with default_storage.open(nama, "rb") as f:
            return f.read()
    except (OSError, ValueError, SuspiciousFileOperation):
        return None
