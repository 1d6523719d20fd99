"""python manage.py muat_nomenklatur: load the reference code lists of fixtures/nomenklatur."""

from django.core.management.base import BaseCommand

from anggaran.nomenklatur import muat_nomenklatur


class Command(BaseCommand):
    help = "Memuat daftar kode program/kegiatan/sub kegiatan (fixtures/nomenklatur)."

    def handle(self, *args, **options):
        dibuat, diubah = muat_nomenklatur()
        self.stdout.write(self.style.SUCCESS(f"Nomenklatur: {dibuat} dibuat, {diubah} diubah."))
