"""python manage.py pekerja [--sekali] [--jeda 1]: the worker of SAKIP's background jobs (report PDFs,
document reviews, notification mail) on Django's tasks framework (sakip.tugas).

It runs the configured backend's worker: django-tasks-db's `db_worker` for the database backend
(the default), django-rq's `rqworker` for SAKIP_TUGAS=rq; beside it a thread queues again, when it
starts and every 30 s, the jobs whose worker died or whose task was lost (`pulihkan`): with several
workers, each of them recovers what another left; the same thread keeps the periodic work of the
apps (`jalankan_berkala`: the Pemda dashboards measured ahead). --sekali runs what is waiting and
stops."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from sakip.tugas import PULIHKAN_SETIAP, jalankan_berkala, jenis_terdaftar, kerjakan_semua, pulihkan

log = logging.getLogger(__name__)


def _pemulih(berhenti: threading.Event) -> None:
    jalankan_berkala()  # at start too (the dashboards after a release)
    connections.close_all()
    while not berhenti.wait(PULIHKAN_SETIAP.total_seconds()):
        try:
            if n := pulihkan():
                log.warning("%d tugas diantrekan ulang (pekerjanya berhenti atau tugasnya hilang)", n)
            jalankan_berkala()
        except Exception:  # a busy database: the next round tries again
            log.exception("Pemulihan tugas gagal")
        finally:
            connections.close_all()  # this thread's own connections


class Command(BaseCommand):
    help = (
        "Pekerja latar belakang: membuat PDF laporan kinerja, mereviu dokumen LKjIP yang diunggah dan "
        "mengirim surel pemberitahuan (Django tasks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sekali", action="store_true", help="Kerjakan antrean yang ada lalu berhenti.")
        parser.add_argument("--jeda", type=float, default=1.0, help="Detik menunggu bila antrean kosong.")

    def handle(self, *args, sekali, jeda, **options):
        if sekali:
            n = kerjakan_semua()
            self.stdout.write(f"{n} tugas dikerjakan.")
            return
        pulih = pulihkan()
        jenis = ", ".join(j.nama for j in jenis_terdaftar())
        self.stdout.write(
            f"Pekerja berjalan ({jenis}; backend {settings.SAKIP_TUGAS})"
            + (f"; {pulih} tugas diantrekan ulang" if pulih else "")
            + "; Ctrl-C untuk berhenti."
        )
        berhenti = threading.Event()
        threading.Thread(target=_pemulih, args=(berhenti,), name="pemulih-tugas", daemon=True).start()
        try:
            if settings.SAKIP_TUGAS == "rq":
                call_command("rqworker", "default", job_class="django_tasks_rq.backend.Job", with_scheduler=True)
            else:
                call_command("db_worker", queue_name="*", interval=jeda, reload=False, verbosity=options["verbosity"])
        finally:
            berhenti.set()
