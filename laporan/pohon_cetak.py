"""The pohon kinerja for print: a standalone HTML (landscape A4) and its PDF.

The tree's SVG (laporan/pohon_svg.py) is scaled to the page width; a tree taller than a page is
drawn as several bands, one per page, cut between boxes where it can (`svg_pohon_halaman`). One
scaled SVG per page keeps every box whole and the text vector (zoomable), at the cost of a small
type size for a deep tree: the drawing is about 2,100 px wide for seven levels, so its 10 px text
prints at about 3.7 pt.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sakip.pdf_aman import pengambil

from .pdf import CSS_CETAK
from .pohon import PohonKinerja
from .pohon_svg import svg_pohon_halaman

CSS_POHON = CSS_CETAK.parent / "pohon_cetak.css"
# The space one band is scaled into, in mm (pohon_cetak.css: A4 landscape, 12 mm margins, the
# title and the footer kept out): a band is at most this height over this width of the drawing.
LEBAR_ISI_MM, TINGGI_ISI_MM = 297 - 2 * 12, 210 - 2 * 12 - 16


def judul_pohon(pohon: PohonKinerja) -> str:
    return f"Pohon Kinerja {pohon.opd} Tahun {pohon.tahun}"


def html_pohon(pohon: PohonKinerja) -> str:
    """The standalone print HTML (stylesheet inlined: no network, as the report)."""
    halaman = svg_pohon_halaman(pohon, TINGGI_ISI_MM / LEBAR_ISI_MM)
    konteks = {
        "judul": judul_pohon(pohon),
        "css": CSS_POHON.read_text(encoding="utf-8"),
        # Every text in them is escaped by pohon_svg (html.escape with quotes).
        "halaman": [mark_safe(svg) for svg in halaman],  # noqa: S308
    }
    return render_to_string("laporan/pohon_cetak.html", konteks)


def pdf_pohon(pohon: PohonKinerja) -> tuple[bytes, int]:
    """PDF bytes and page count; WeasyPrint reads only our own files (sakip.pdf_aman)."""
    from weasyprint import HTML  # heavy: loaded when a PDF is made, as laporan/pdf.py does

    dokumen = HTML(string=html_pohon(pohon), base_url=str(CSS_CETAK.parent), url_fetcher=pengambil()).render()
    return dokumen.write_pdf(), len(dokumen.pages)
