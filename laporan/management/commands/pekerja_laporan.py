"""python manage.py pekerja_laporan [--sekali] [--jeda 2]: builds the queued report PDFs."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from ...cetak import ambil_tugas, jalankan_tugas, jalankan_tugas_terpisah


class Command(BaseCommand):
    help = "Pekerja latar belakang: membuat PDF laporan kinerja yang diminta dari halaman laporan."

    def add_arguments(self, parser):
        parser.add_argument("--sekali", action="store_true", help="Kerjakan antrean yang ada lalu berhenti.")
        parser.add_argument("--jeda", type=float, default=2.0, help="Detik menunggu bila antrean kosong.")
        parser.add_argument(
            "--satu-proses", action="store_true", help="Buat PDF di proses ini, bukan di proses anak per tugas."
        )

    def handle(self, *args, sekali, jeda, satu_proses=False, **options):
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
                # The loop renders each job in a child process, so its memory is returned after the job;
                # --sekali (and --satu-proses) render here: that process ends when the queue is done.
                tugas = jalankan_tugas(tugas) if sekali or satu_proses else jalankan_tugas_terpisah(tugas)
                self.stdout.write(
                    f"PDF #{tugas.pk} {tugas.laporan.opd.kode} {tugas.laporan.periode} {tugas.laporan.tahun}: "
                    f"{tugas.get_status_display().lower()} dalam {time.monotonic() - mulai:.1f} detik"
                    + (f" ({tugas.pesan})" if tugas.pesan else "")
                )
        except KeyboardInterrupt:
            self.stdout.write("Pekerja laporan berhenti.")
