"""python manage.py pekerja [--sekali] [--jeda 1]: the worker of SAKIP's background jobs (report PDFs,
document reviews, notification mail) on Django's tasks framework (sakip.tugas).

It first queues again the jobs whose worker died or whose task was lost (`pulihkan`), then runs the
configured backend's worker: django-tasks-db's `db_worker` for the database backend (the default),
django-rq's `rqworker` for SAKIP_TUGAS=rq. --sekali runs what is waiting and stops."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sakip.tugas import jenis_terdaftar, kerjakan_semua, pulihkan


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
        if settings.SAKIP_TUGAS == "rq":
            call_command("rqworker", "default", job_class="django_tasks_rq.backend.Job", with_scheduler=False)
        else:
            call_command("db_worker", queue_name="*", interval=jeda, reload=False, verbosity=options["verbosity"])
