"""Filters of the report templates: charts, ISO dates, media files for the PDF."""

import datetime
import re

from django import template
from django.utils.safestring import mark_safe

from laporan.grafik import grafik_tren
from laporan.struktur_svg import bagan_struktur
from sakip import simpan
from sakip.formatting import format_tanggal, rekat_satuan

register = template.Library()

# A tag, or a whole <style>/<script> element: left as it is; only the text between is touched.
_TAG = re.compile(r"(<(style|script)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)


@register.filter(is_safe=True)
def satuan_utuh(html):
    """Rendered report HTML with every number kept on one line with its unit ("12,5 %", "Rp 1.000"),
    in tables, generated sentences and typed narratives alike (sakip.formatting.rekat_satuan).
    Only text between tags changes; a space is not markup, so escaping is untouched."""
    bagian = _TAG.split(str(html))
    # re.split with two groups yields: text, tag, inner-group, text, tag, inner-group, ...
    hasil = []
    for n, teks in enumerate(bagian):
        if teks is None:
            continue
        jenis = n % 3
        if jenis == 0:
            hasil.append(rekat_satuan(teks))
        elif jenis == 1:
            hasil.append(teks)
    return mark_safe("".join(hasil))  # noqa: S308 - the input is rendered (escaped) HTML; only spaces change


@register.filter
def grafik(indikator):
    """The trend chart (inline SVG) of a prepared indicator row."""
    judul = f"Tren realisasi {indikator.nama}"
    return mark_safe(grafik_tren(judul, indikator.riwayat, indikator.presisi))  # noqa: S308


@register.filter
def bagan(tugas_fungsi):
    """The organisation chart (inline SVG) of section 1.2, drawn from its jabatan rows."""
    judul = tugas_fungsi.bagan.judul if tugas_fungsi.bagan else "Struktur organisasi"
    return mark_safe(bagan_struktur(tugas_fungsi.struktur, judul))  # noqa: S308 - every text escaped in the SVG


# Characters left as they are inside a CSS string; every other one is written as a CSS escape.
_CSS_POLOS = frozenset(" .,-_")


@register.filter
def teks_css(teks):
    """Text as the content of a double-quoted CSS string (the PDF's running header).

    Anything but letters, digits, space and . , - _ becomes a CSS escape (`\\22 ` for a quote), so
    an office name can neither end the string nor the <style> element, nor pull a url() in.
    """
    hasil = "".join(c if c.isalnum() or c in _CSS_POLOS else f"\\{ord(c):x} " for c in str(teks))
    return mark_safe(hasil)  # noqa: S308 - only letters, digits, . , - _ and CSS escapes remain


@register.filter
def tgl(tanggal):
    """A date (or "2024-10-01") -> "1 Oktober 2024"."""
    if not tanggal:
        return ""
    return format_tanggal(tanggal if isinstance(tanggal, datetime.date) else datetime.date.fromisoformat(tanggal))


@register.filter
def uri_media(nama):
    """A stored media file as a file:// URI, for WeasyPrint (no web server involved; read back
    through the storage by sakip.pdf_aman)."""
    return simpan.uri_media(nama)
