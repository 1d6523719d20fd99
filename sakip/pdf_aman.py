"""What WeasyPrint may read while it lays out a PDF: our own files, nothing else.

WeasyPrint's default fetcher opens any URL the HTML or CSS names (file:///etc/passwd, an
intranet http:// address). The PDFs carry text users typed, so every fetch goes through
`PengambilTerbatas`: a file inside the allowed folders (the application's static files, the
logos and the narrative images under MEDIA_ROOT) or a `data:` URI is read from disk or decoded;
a URL under STATIC_URL or MEDIA_URL is mapped to the same files (never fetched over the
network); anything else is refused and logged. When the media storage keeps no local files (S3),
a media path is read through it (sakip/simpan.py), from the same allowed folders.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from sakip import simpan

log = logging.getLogger(__name__)

# Folders under MEDIA_ROOT a PDF may show (settings.SAKIP_PDF_MEDIA overrides): the Pemda's and
# the office's logos and the narratives' images. Evidence files and imports are never printed.
MEDIA_BAWAAN = ("logo", "laporan/gambar")


class SumberDitolak(ValueError):
    """A PDF asked for a resource outside the allow-list."""


def _akar_statis():
    akar = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        for lokasi in getattr(finder, "locations", []):
            akar.append(Path(lokasi[1] if isinstance(lokasi, tuple) else lokasi))
        for storage in getattr(finder, "storages", {}).values():
            if getattr(storage, "location", None):
                akar.append(Path(storage.location))
    return akar


def akar_diizinkan():
    """The folders a PDF may read files from, resolved."""
    media = Path(settings.MEDIA_ROOT)
    sub = getattr(settings, "SAKIP_PDF_MEDIA", MEDIA_BAWAAN)
    akar = [*_akar_statis(), *(media / s for s in sub)]
    return [a.resolve() for a in akar]


def _di_dalam(path, akar):
    return any(path == a or path.is_relative_to(a) for a in akar)


def _berkas_dari_url(url):
    """The file on disk a URL stands for, or None (refused)."""
    bagian = urlsplit(url)
    skema = bagian.scheme.lower()
    if skema == "file":
        if bagian.netloc not in ("", "localhost"):
            return None
        return Path(url2pathname(unquote(bagian.path)))
    if skema in ("http", "https"):
        # Our own static and media URLs name files on disk: read them, never go to the network.
        jalur = unquote(bagian.path)
        statis, media = "/" + settings.STATIC_URL.strip("/") + "/", "/" + settings.MEDIA_URL.strip("/") + "/"
        if jalur.startswith(statis):
            ditemukan = finders.find(jalur.removeprefix(statis))
            if ditemukan:
                return Path(ditemukan)
            return Path(settings.STATIC_ROOT) / jalur.removeprefix(statis)
        if jalur.startswith(media):
            return Path(settings.MEDIA_ROOT) / jalur.removeprefix(media)
    return None


class PengambilTerbatas(URLFetcher):
    """A WeasyPrint URL fetcher limited to our own files and data: URIs."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("file", "data", "http", "https"), **kwargs)
        self._akar = akar_diizinkan()

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)  # decoded in memory, nothing is opened
        berkas = _berkas_dari_url(url)
        if berkas is not None and not simpan.punya_path(default_storage):
            nama = simpan.nama_media(berkas)
            if nama is not None:  # a media file of a storage without local paths (S3)
                return self._media(url, nama)
        if berkas is not None:
            try:
                berkas = berkas.resolve()
            except (OSError, RuntimeError):
                berkas = None
        if berkas is None or not _di_dalam(berkas, self._akar) or not berkas.is_file():
            log.warning("PDF: sumber %s ditolak (bukan berkas statis atau media yang diizinkan).", url[:200])
            raise SumberDitolak(f"Sumber tidak diizinkan: {url[:200]}")
        jenis = mimetypes.guess_type(berkas.name)[0] or "application/octet-stream"
        return URLFetcherResponse(berkas.as_uri(), berkas.read_bytes(), {"Content-Type": jenis})

    def _media(self, url, nama):
        """A file of the default storage, when it is in an allowed folder (SAKIP_PDF_MEDIA)."""
        sub = getattr(settings, "SAKIP_PDF_MEDIA", MEDIA_BAWAAN)
        isi = None
        if ".." not in nama.split("/") and any(nama.startswith(s.strip("/") + "/") for s in sub):
            isi = simpan.baca_media(nama)
        if isi is None:
            log.warning("PDF: sumber %s ditolak (bukan berkas media yang diizinkan).", url[:200])
            raise SumberDitolak(f"Sumber tidak diizinkan: {url[:200]}")
        jenis = mimetypes.guess_type(nama)[0] or "application/octet-stream"
        return URLFetcherResponse(url, isi, {"Content-Type": jenis})


def pengambil():
    """A fresh fetcher for one render (the allowed folders are read from the settings now)."""
    return PengambilTerbatas()
