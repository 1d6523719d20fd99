"""python manage.py pohon_kinerja --opd KODE --tahun YYYY --format svg|html|pdf [--output F]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.perintah import baca_argumen_opd

from ...pohon import susun_pohon
from ...pohon_cetak import html_pohon, pdf_pohon
from ...pohon_svg import svg_pohon

BENTUK = ("svg", "html", "pdf")


class Command(BaseCommand):
    help = (
        "Mencetak pohon kinerja satu OPD untuk satu tahun (tujuan, sasaran, program, kegiatan, sub "
        "kegiatan) sebagai SVG, HTML cetak, atau PDF A4 lanskap."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="kode OPD, misalnya disdukcapil-dumai")
        parser.add_argument("--tahun", required=True, help="tahun, misalnya 2024")
        # Checked in handle() rather than by argparse, so the message is in Indonesian.
        parser.add_argument("--format", default="svg", dest="bentuk", help="svg, html atau pdf")
        parser.add_argument("--output", help="berkas tujuan; tanpa ini SVG/HTML dicetak ke layar")

    def handle(self, *args, opd, tahun, bentuk, output, **options):
        objek, tahun, _ = baca_argumen_opd(opd, tahun, "TAHUN", bentuk, bentuk_sah=BENTUK)
        if bentuk == "pdf" and not output:
            raise CommandError("Format pdf memerlukan --output BERKAS.pdf.")
        pohon = susun_pohon(objek, tahun)
        if not (pohon.akar or pohon.lepas):
            raise CommandError(
                f"{objek.nama} belum memiliki pohon kinerja tahun {tahun} (tidak ada sasaran maupun anggaran)."
            )
        if bentuk == "pdf":
            isi, halaman = pdf_pohon(pohon)
            Path(output).write_bytes(isi)
            self.stderr.write(f"{output}: {halaman} halaman")
            return
        teks = svg_pohon(pohon) if bentuk == "svg" else html_pohon(pohon)
        if output:
            Path(output).write_text(teks, encoding="utf-8")
        else:
            self.stdout.write(teks)
