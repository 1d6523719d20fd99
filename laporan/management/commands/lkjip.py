"""python manage.py lkjip --opd KODE --tahun YYYY [--periode TW1..TW4] --format html|pdf|docx|json --output FILE"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.pengukuran import PengukuranTidakTersedia
from sakip.perintah import baca_argumen_opd, tambah_argumen_opd

from ...bab import susun_laporan
from ...cetak import html_cetak, pdf_laporan, sidik
from ...data import ke_json
from ...docx import docx_laporan
from ...models import PERIODE_LAPORAN

BENTUK = ("html", "pdf", "docx", "json")  # the last is the default


class Command(BaseCommand):
    help = "Menyusun LKjIP (tahunan) atau laporan kinerja triwulanan satu OPD sebagai JSON, HTML, PDF atau Word (docx)."

    def add_arguments(self, parser):
        tambah_argumen_opd(parser, "TAHUN (LKjIP) atau TW1..TW4 (laporan triwulanan)", BENTUK)
        parser.add_argument("--output", help="berkas tujuan; tanpa ini JSON dan HTML dicetak ke layar")

    def handle(self, *args, opd, tahun, periode, bentuk, output, **options):
        objek, tahun, periode = baca_argumen_opd(
            opd, tahun, periode, bentuk, periode_sah=[p.value for p in PERIODE_LAPORAN], bentuk_sah=BENTUK
        )
        if bentuk in ("pdf", "docx") and not output:
            raise CommandError(f"Format {bentuk} memerlukan --output BERKAS.{bentuk}.")
        try:
            data = susun_laporan(objek, tahun, periode)
        except PengukuranTidakTersedia as exc:
            raise CommandError(str(exc)) from None
        if bentuk == "pdf":
            isi, halaman = pdf_laporan(data)
            Path(output).write_bytes(isi)
            self.stderr.write(f"{output}: {halaman} halaman, versi data {sidik(data)[:12]}")
            return
        if bentuk == "docx":
            Path(output).write_bytes(docx_laporan(data))
            self.stderr.write(f"{output}: dokumen Word, versi data {sidik(data)[:12]}")
            return
        teks = json.dumps(ke_json(data), ensure_ascii=False, indent=2) if bentuk == "json" else html_cetak(data)
        if output:
            Path(output).write_text(teks, encoding="utf-8")
        else:
            self.stdout.write(teks)
