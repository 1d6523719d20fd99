"""python manage.py muat_data_opd FILE.json [FILE.json ...] [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError

from pertukaran.muat import DokumenTidakValid, baca_dokumen_json, impor_data_opd


class Command(BaseCommand):
    help = (
        "Memuat data satu OPD (format sakip-opd/1, lihat docs/format-data-opd.md). "
        "Atomik: bila ada galat, tidak ada yang ditulis."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", nargs="+", help="berkas JSON sakip-opd/1")
        parser.add_argument("--dry-run", action="store_true", dest="percobaan", help="periksa saja, jangan simpan")

    def handle(self, *args, berkas, percobaan, **options):
        for nama in berkas:
            try:
                data = baca_dokumen_json(nama)
            except DokumenTidakValid as exc:
                raise CommandError(str(exc)) from None
            hasil = impor_data_opd(data, percobaan=percobaan)
            if not hasil.berhasil:
                daftar = "\n".join(f"  - {tempat}: {pesan}" for tempat, pesan in hasil.galat)
                raise CommandError(f"{nama}: {len(hasil.galat)} galat, tidak ada data yang disimpan:\n{daftar}")
            judul = "Pemeriksaan (tidak disimpan)" if percobaan else "Dimuat"
            self.stdout.write(self.style.SUCCESS(f"{judul}: {nama} ({hasil.opd.kode})"))
            for baris in hasil.ringkasan():
                self.stdout.write(f"  {baris}")
            for tempat, pesan in hasil.peringatan:
                self.stdout.write(self.style.WARNING(f"  Periksa kembali: {tempat}: {pesan}"))
