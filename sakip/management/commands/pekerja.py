"""python manage.py pekerja [--sekali] [--jeda 2] [--satu-proses]: runs every kind of background job
(the report PDFs, the document reviews), each kind in turn (sakip.tugas)."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from sakip.tugas import Giliran, jenis_terdaftar

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Pekerja latar belakang: membuat PDF laporan kinerja dan mereviu dokumen LKjIP yang diunggah, "
        "bergiliran antarjenis tugas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sekali", action="store_true", help="Kerjakan antrean yang ada lalu berhenti.")
        parser.add_argument("--jeda", type=float, default=2.0, help="Detik menunggu bila antrean kosong.")
        parser.add_argument(
            "--satu-proses", action="store_true", help="Kerjakan tugas di proses ini, bukan di proses anak per tugas."
        )

    def handle(self, *args, sekali, jeda, satu_proses=False, **options):
        if not sekali:
            jenis = ", ".join(j.nama for j in jenis_terdaftar())
            self.stdout.write(f"Pekerja berjalan ({jenis}); menunggu tugas (Ctrl-C untuk berhenti).")
        giliran = Giliran()
        try:
            while True:
                berikut = giliran.ambil()
                if berikut is None:
                    if sekali:
                        return
                    close_old_connections()  # a long-running process drops stale connections while idle
                    time.sleep(jeda)
                    continue
                jenis, tugas = berikut
                mulai = time.monotonic()
                # The loop runs each job in a child process, so its memory is returned after the job;
                # --sekali (and --satu-proses) run here: that process ends when the queue is done.
                terpisah = not (sekali or satu_proses) and jenis.jalankan_terpisah is not None
                try:
                    tugas = jenis.jalankan_terpisah(tugas) if terpisah else jenis.jalankan(tugas)
                except Exception:  # one job never stops the worker; the next pass goes on
                    log.exception("Tugas %s gagal dijalankan", jenis.uraian(tugas))
                    close_old_connections()
                    continue
                self.stdout.write(
                    f"{jenis.uraian(tugas)}: {tugas.get_status_display().lower()} "
                    f"dalam {time.monotonic() - mulai:.1f} detik" + (f" ({tugas.pesan})" if tugas.pesan else "")
                )
        except KeyboardInterrupt:
            self.stdout.write("Pekerja berhenti.")
