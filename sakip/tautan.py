"""Links typed as evidence (an LKE answer, a recommendation's follow-up): what may be stored.

A link is written into an ``href``, so it must never run script or leave the page unexpectedly:
only a path of this application (``/opd/…``, not ``//host``) or an ``http(s)://`` address is
accepted; ``javascript:``, ``data:``, a scheme-relative ``//host``, backslashes, spaces and
control characters are refused with a message in Bahasa Indonesia.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

PANJANG_MAKS = 500


def validasi_tautan(nilai: str) -> None:
    """Raise ValidationError unless `nilai` is an application path or an http(s) address."""
    teks = (nilai or "").strip()
    if not teks:
        return
    pesan = "Tautan harus alamat di aplikasi ini (diawali /) atau alamat http(s)://."
    if len(teks) > PANJANG_MAKS:
        raise ValidationError(f"Tautan paling panjang {PANJANG_MAKS} karakter.")
    if any(c.isspace() or ord(c) < 32 or c == "\\" for c in teks):
        raise ValidationError(pesan)
    if teks.startswith("/"):
        if teks.startswith("//"):
            raise ValidationError(pesan)
        return
    bagian = urlsplit(teks)
    if bagian.scheme.lower() not in ("http", "https") or not bagian.netloc:
        raise ValidationError(pesan)


def tautan_internal(nilai: str) -> bool:
    """Whether a stored link points into this application (shown without 'opens another site')."""
    return (nilai or "").startswith("/") and not nilai.startswith("//")
