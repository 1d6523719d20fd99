"""The one rule for a year read from a request: a URL segment or `?tahun=`.

Every year is a four-digit year from TAHUN_MIN to TAHUN_MAX (the range the models validate);
anything else is "not found" (404), never a crash deeper down (dates past year 9999, a
PostgreSQL smallint overflow). URLs take it with the path converter `<tahun:tahun>`
(registered in sakip.apps), query strings with `tahun_dari_query`.
"""

from django.http import Http404

TAHUN_MIN = 2000
TAHUN_MAX = 2100


def tahun_sah(nilai):
    """The year as an int when `nilai` is a year in range, else None."""
    teks = str(nilai).strip() if nilai is not None else ""
    if not (teks.isascii() and teks.isdigit() and len(teks) == 4):
        return None
    tahun = int(teks)
    return tahun if TAHUN_MIN <= tahun <= TAHUN_MAX else None


class TahunConverter:
    """`<tahun:tahun>`: a year out of range does not match, so the URL answers 404."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        tahun = tahun_sah(value)
        if tahun is None:
            raise ValueError(value)
        return tahun

    def to_url(self, value):
        return str(value)


def tahun_dari_query(request, bawaan=None, nama="tahun"):
    """The year of `?tahun=` (absent or empty: `bawaan`); out of range or not a year: 404."""
    teks = request.GET.get(nama)
    if not teks:
        return bawaan
    tahun = tahun_sah(teks)
    if tahun is None:
        raise Http404("Tahun tidak dikenal.")
    return tahun
