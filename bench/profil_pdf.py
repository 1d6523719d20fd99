"""Where WeasyPrint spends its time: each piece of one office's PDF rendered here, one after the
other, timed by phase (CPU seconds of this process), as docs/performance.md reports it.

    .venv/bin/python bench/profil_pdf.py --database-url sqlite:////tmp/bench.sqlite3 [--opd opd-02]

Phases: HTML parse (tinyhtml5), styles (the cascade: every element's computed style), boxes (the
formatting structure), layout (pages, lines, tables; table column widths apart), paint (drawing
the pages into PDF streams: text, borders, SVG charts), fonts (subsetting and embedding), the
rest of writing the PDF. The pieces are rendered as laporan/pdf.py does (one stylesheet and one
font configuration for the process).
"""

import argparse
import collections
import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lingkungan  # noqa: E402


def _jam(modul, nama, kunci, waktu):
    asli = getattr(modul, nama)

    def bungkus(*a, **k):
        mulai = time.process_time()
        try:
            return asli(*a, **k)
        finally:
            waktu[kunci] += time.process_time() - mulai

    setattr(modul, nama, bungkus)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", help="bawaan: BENCH_DATABASE_URL atau sqlite:///bench/bench.sqlite3")
    p.add_argument("--opd", default="opd-02")
    p.add_argument("--tahun", type=int, default=2025)
    p.add_argument("--json", help="tulis hasil ke berkas JSON")
    args = p.parse_args()
    lingkungan.siapkan(args.database_url)
    warnings.filterwarnings("ignore")

    import weasyprint.document as dokumen
    import weasyprint.layout.preferred as lebar
    import weasyprint.layout.table as tabel
    import weasyprint.pdf as pdf
    from weasyprint import HTML

    from laporan.bab import susun_laporan
    from laporan.pdf import CSS_CETAK, konfigurasi_fon, lembar_cetak, potongan_depan, potongan_isi
    from sakip.models import OPD

    waktu = collections.Counter()
    _jam(dokumen, "get_all_computed_styles", "gaya", waktu)
    _jam(dokumen, "build_formatting_structure", "kotak", waktu)
    _jam(pdf, "build_fonts_dictionary", "fon", waktu)
    # Column widths of auto-layout tables (every cell's min- and max-content width), inside layout.
    _jam(tabel, "table_and_columns_preferred_widths", "lebar_tabel", waktu)
    lebar.table_and_columns_preferred_widths = tabel.table_and_columns_preferred_widths
    lukis = dokumen.Page.paint

    def paint(self, *a, **k):
        mulai = time.process_time()
        try:
            return lukis(self, *a, **k)
        finally:
            waktu["lukis"] += time.process_time() - mulai

    dokumen.Page.paint = paint

    opd = OPD.objects.select_related("pemda").get(kode=args.opd)
    data = susun_laporan(opd, args.tahun, "TAHUN")
    HTML(string="<p>x</p>").write_pdf(font_config=konfigurasi_fon())  # Fontconfig and Pango start
    hasil, jumlah = [], collections.Counter()
    for potongan in [potongan_depan(data), *potongan_isi(data)]:
        waktu.clear()
        mulai = time.process_time()
        html = HTML(string=potongan.html, base_url=str(CSS_CETAK.parent))
        waktu["urai"] = time.process_time() - mulai
        doc = html.render(stylesheets=[lembar_cetak()], font_config=konfigurasi_fon())
        waktu["tata"] = time.process_time() - mulai - waktu["urai"] - waktu["gaya"] - waktu["kotak"]
        tengah = time.process_time()
        doc.write_pdf()
        waktu["tulis_lain"] = time.process_time() - tengah - waktu["lukis"] - waktu["fon"]
        baris = {
            "potongan": potongan.nama,
            "halaman": len(doc.pages),
            "svg": potongan.html.count("<svg"),
            "tr": potongan.html.count("<tr"),
            "detik": round(time.process_time() - mulai, 3),
            **{k: round(v, 3) for k, v in waktu.items()},
        }
        hasil.append(baris)
        jumlah.update({k: v for k, v in baris.items() if isinstance(v, int | float)})
        print(json.dumps(baris), flush=True)
    print(json.dumps({"jumlah": {k: round(v, 2) for k, v in jumlah.items()}}))
    if args.json:
        Path(args.json).write_text(json.dumps({"potongan": hasil, "jumlah": jumlah}, indent=2))


if __name__ == "__main__":
    main()
