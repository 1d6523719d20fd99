"""python manage.py terapkan_nomenklatur --opd KODE --tahun YYYY [--awalan 2.12]"""

from django.core.management.base import BaseCommand, CommandError

from anggaran.models import Nomenklatur
from anggaran.nomenklatur import muat_nomenklatur, terapkan_nomenklatur
from sakip.models import OPD


class Command(BaseCommand):
    help = "Membuat pohon program/kegiatan/sub kegiatan (tanpa pagu) dari nomenklatur untuk satu OPD dan tahun."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True)
        parser.add_argument("--tahun", required=True, type=int)
        parser.add_argument("--awalan", default="2.12", help="awalan kode, misalnya 2.12 atau 2.12.02")

    def handle(self, *args, opd, tahun, awalan, **options):
        objek = OPD.objects.filter(kode=opd).first()
        if objek is None:
            raise CommandError(f"OPD dengan kode {opd!r} tidak ditemukan.")
        if not Nomenklatur.objects.exists():
            muat_nomenklatur()
        if not Nomenklatur.objects.filter(kode__startswith=awalan).exists():
            raise CommandError(f"Tidak ada nomenklatur dengan awalan {awalan}.")
        jumlah = terapkan_nomenklatur(objek, tahun, awalan)
        self.stdout.write(self.style.SUCCESS(f"{jumlah} program/kegiatan/sub kegiatan dibuat untuk {objek} {tahun}."))
