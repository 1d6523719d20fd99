"""python manage.py pekerja_laporan [--sekali] [--jeda 2]: builds the queued report PDFs."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from ...cetak import ambil_tugas, jalankan_tugas


class Command(BaseCommand):
    help = "Pekerja latar belakang: membuat PDF laporan kinerja yang diminta dari halaman laporan."

    def add_arguments(self, parser):
        parser.add_argument("--sekali", action="store_true", help="Kerjakan antrean yang ada lalu berhenti.")
        parser.add_argument("--jeda", type=float, default=2.0, help="Detik menunggu bila antrean kosong.")

    def handle(self, *args, sekali, jeda, **options):
        if not sekali:
            self.stdout.write("Pekerja laporan berjalan; menunggu permintaan PDF (Ctrl-C untuk berhenti).")
        try:
            while True:
                tugas = ambil_tugas()
                if tugas is None:
                    if sekali:
                        return
                    close_old_connections()  # a long-running process drops stale connections while idle
                    time.sleep(jeda)
                    continue
                mulai = time.monotonic()
                tugas = jalankan_tugas(tugas)
                self.stdout.write(
                    f"PDF #{tugas.pk} {tugas.laporan.opd.kode} {tugas.laporan.periode} {tugas.laporan.tahun}: "
                    f"{tugas.get_status_display().lower()} dalam {time.monotonic() - mulai:.1f} detik"
                    + (f" ({tugas.pesan})" if tugas.pesan else "")
                )
        except KeyboardInterrupt:
            self.stdout.write("Pekerja laporan berhenti.")
