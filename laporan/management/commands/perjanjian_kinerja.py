"""python manage.py perjanjian_kinerja --opd KODE --tahun YYYY (--jabatan ID | --semua) --format pdf|html --output F"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakip.models import Jabatan
from sakip.perintah import baca_argumen_opd

from ...perjanjian import TidakAdaPerjanjian, dokumen_jabatan, dokumen_opd, html_dokumen, pdf_dokumen

BENTUK = ("html", "pdf")


class Command(BaseCommand):
    help = (
        "Mencetak dokumen Perjanjian Kinerja (format PermenPANRB 53/2014) satu jabatan, atau semua PK "
        "satu OPD yang berlaku pada akhir tahun, sebagai PDF atau HTML."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="kode OPD, misalnya disdukcapil-dumai")
        parser.add_argument("--tahun", required=True, help="tahun PK, misalnya 2024")
        # Checked in handle() rather than by argparse, so the message is in Indonesian.
        parser.add_argument("--jabatan", help="id jabatan penanda tangan (PIHAK PERTAMA)")
        parser.add_argument("--semua", action="store_true", help="semua PK OPD itu, pimpinan lebih dahulu")
        parser.add_argument("--format", default="pdf", dest="bentuk", help="pdf atau html")
        parser.add_argument("--output", help="berkas tujuan; tanpa ini HTML dicetak ke layar")

    def handle(self, *args, opd, tahun, jabatan, semua, bentuk, output, **options):
        objek, tahun, _ = baca_argumen_opd(opd, tahun, "TAHUN", bentuk, bentuk_sah=BENTUK)
        if bool(jabatan) == bool(semua):
            raise CommandError("Pilih salah satu: --jabatan ID (satu PK) atau --semua (semua PK OPD itu).")
        try:
            if semua:
                kumpulan = dokumen_opd(objek, tahun)
            else:
                kumpulan = dokumen_jabatan(objek, tahun, self._jabatan(objek, jabatan))
        except TidakAdaPerjanjian as exc:
            raise CommandError(str(exc)) from None
        if bentuk == "pdf" and not output:
            raise CommandError("Format pdf memerlukan --output BERKAS.pdf.")
        if bentuk == "pdf":
            isi, halaman = pdf_dokumen(kumpulan)
            Path(output).write_bytes(isi)
            self.stderr.write(f"{output}: {len(kumpulan.dokumen)} PK, {halaman} halaman")
            return
        teks = html_dokumen(kumpulan)
        if output:
            Path(output).write_text(teks, encoding="utf-8")
        else:
            self.stdout.write(teks)

    @staticmethod
    def _jabatan(opd, jabatan):
        try:
            ident = int(jabatan)
        except ValueError:
            raise CommandError(f"Jabatan {jabatan!r} bukan id jabatan (angka).") from None
        objek = Jabatan.objects.filter(opd=opd, pk=ident).first()
        if objek is None:
            raise CommandError(f"Jabatan dengan id {ident} tidak ada di {opd.nama}.")
        return objek
