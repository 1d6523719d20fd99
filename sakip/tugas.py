"""Background jobs on Django's tasks framework (the django-tasks backport of Django 6's
``django.tasks``), with the rows that show their progress to the user.

A job is a row (a report PDF, a document review) with the fields ``status`` (its model's
``Status.ANTRE/PROSES/SELESAI/GAGAL``), ``progres``, ``tahap``, ``pesan``, ``detak`` (heartbeat),
``pemegang`` (the claiming worker's token), ``id_tugas`` (its task), ``percobaan`` (how many
times a worker claimed it) and ``diperbarui``, and a
classmethod ``q_mati()`` (in progress, heartbeat stale). The row is what pages poll; the task
(``settings.TASKS``: the database backend of django-tasks-db by default, RQ for several
machines, README) only carries the row's pk to a worker. A kind registers itself from its app's
``AppConfig.ready()`` (`daftarkan`), so the core runs the jobs of ``laporan`` and ``reviu``
without importing either.

* `antrekan`: enqueue the task for a new row (atomically with it on the database backend).
* `kerjakan`: the task's body: claim the row atomically (on PostgreSQL locked with SKIP LOCKED;
  SQLite transactions start IMMEDIATE, settings.py) with a fresh token, run it, in a forked child
  so its memory goes back to the system. A task delivered twice runs its job once.
* `tulis`: every later write checks the token; a worker whose job was taken over gets
  `TugasDiambilAlih` and writes nothing more.
* `berdetak`: while the body runs, a thread writes the heartbeat, so a long stage without
  progress still shows the worker alive, and a killed worker's heartbeat stops.
* `pulihkan`: jobs whose worker died, or that have no waiting task, are queued again (when the
  worker starts, ``manage.py pekerja``), until workers died on a job SAKIP_TUGAS_MAKS_PERCOBAAN
  times: it then fails with a message instead of taking the next worker down.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import secrets
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from . import simpan

log = logging.getLogger(__name__)

# Defaults for a kind's heartbeat: written every DETAK_SETIAP; older than BATAS_DETAK = dead.
DETAK_SETIAP = datetime.timedelta(seconds=5)
BATAS_DETAK = datetime.timedelta(seconds=60)
# How often a running worker looks for jobs to recover (`pulihkan`).
PULIHKAN_SETIAP = datetime.timedelta(seconds=30)


class TugasDiambilAlih(Exception):
    """This worker lost its job (its heartbeat went stale and another worker claimed it)."""


def q_mati(status_proses, batas=BATAS_DETAK):
    """Jobs in progress whose worker has shown no sign of life for `batas` (rows without a
    heartbeat: their last update)."""
    lewat = timezone.now() - batas
    return Q(status=status_proses) & (Q(detak__lt=lewat) | Q(detak__isnull=True, diperbarui__lt=lewat))


def ambil(queryset, urutan, tahap="Menyiapkan", progres=5, lewati_terkunci=True):
    """Claim the first waiting or dead job of `queryset` in `urutan`; None when there is none.

    Scanning a queue skips rows another worker holds (SKIP LOCKED); a task claiming its own row
    (`lewati_terkunci=False`) waits for a short lock instead (a write of `id_tugas`, of the office)
    rather than end without running its job."""
    model = queryset.model
    with transaction.atomic():
        antrean = queryset.filter(Q(status=model.Status.ANTRE) | model.q_mati()).order_by(*urutan)
        if not lewati_terkunci:
            antrean = antrean.select_for_update(of=("self",))
        elif connection.features.has_select_for_update_skip_locked:
            antrean = antrean.select_for_update(skip_locked=True, of=("self",))
        while True:
            tugas = antrean.first()
            if tugas is None:
                return None
            diambil_alih = tugas.status == model.Status.PROSES
            if not (diambil_alih and tugas.percobaan >= maks_percobaan()):
                break
            hentikan(tugas)  # failed now: the next one of the queue, if any
        tugas.status, tugas.progres = model.Status.PROSES, progres
        tugas.tahap = "Diambil alih: pekerja sebelumnya berhenti" if diambil_alih else tahap
        tugas.detak, tugas.pemegang, tugas.pesan = timezone.now(), secrets.token_hex(16), ""
        tugas.percobaan += 1
        tugas.save(
            update_fields=["status", "progres", "tahap", "detak", "pemegang", "pesan", "percobaan", "diperbarui"]
        )
    return tugas


def maks_percobaan() -> int:
    """How many workers may die on one job before it is stopped (SAKIP_TUGAS_MAKS_PERCOBAAN)."""
    return max(1, int(getattr(settings, "SAKIP_TUGAS_MAKS_PERCOBAAN", 3)))


def _pesan_dihentikan(n) -> str:
    return (
        f"Dihentikan: pekerja latar berhenti {n} kali saat mengerjakan tugas ini (misalnya memori habis). "
        "Minta sekali lagi; bila terulang, hubungi admin."
    )


def hentikan(tugas) -> bool:
    """Fail a job its workers died on `maks_percobaan` times, instead of queuing it again (a job
    that kills its worker would otherwise take every worker down in turn, for ever). Only while it
    is still dead: a slow worker that wrote its result meanwhile keeps it. Closes the task the dead
    worker left running. True when it was stopped."""
    model = type(tugas)
    sekarang = timezone.now()
    n = model._default_manager.filter(model.q_mati(), pk=tugas.pk).update(
        status=model.Status.GAGAL,
        tahap="Gagal",
        pesan=_pesan_dihentikan(tugas.percobaan),
        pemegang="",
        selesai_pada=sekarang,
        diperbarui=sekarang,
    )
    if n:
        log.error("Tugas %s #%s dihentikan setelah %s percobaan", model.__name__, tugas.pk, tugas.percobaan)
        for jenis in jenis_terdaftar():
            if jenis.model is model and tugas.id_tugas:
                _tutup_tugas_mati(jenis, {tugas.id_tugas})
    return bool(n)


def tulis(tugas, **medan):
    """Update the job if this worker still holds it; TugasDiambilAlih when another took it over."""
    sekarang = timezone.now()
    n = (
        type(tugas)
        ._default_manager.filter(pk=tugas.pk, pemegang=tugas.pemegang)
        .update(**medan, detak=sekarang, diperbarui=sekarang)
    )
    if not n:
        raise TugasDiambilAlih(tugas.pk)


@contextmanager
def berdetak(tugas, setiap=DETAK_SETIAP):
    """While the body runs, a thread writes the job's heartbeat every `setiap`."""
    berhenti = threading.Event()

    def detak():
        try:
            while not berhenti.wait(setiap.total_seconds()):
                try:
                    tulis(tugas)
                except TugasDiambilAlih:
                    return
                except Exception:  # a busy database: try again at the next beat
                    log.warning("Detak tugas %s #%s gagal ditulis", type(tugas).__name__, tugas.pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    benang = threading.Thread(target=detak, name=f"detak-{type(tugas).__name__}-{tugas.pk}", daemon=True)
    benang.start()
    try:
        yield
    finally:
        berhenti.set()
        benang.join()


def segarkan(tugas):
    """The job as stored now; unchanged when it was deleted meanwhile (a document removed while
    it was being read)."""
    try:
        tugas.refresh_from_db()
    except ObjectDoesNotExist:
        pass
    return tugas


def gagal(tugas, pesan):
    """Mark the job failed, unless another worker has taken it over (or it was deleted)."""
    try:
        tulis(tugas, status=type(tugas).Status.GAGAL, pesan=pesan, tahap="Gagal", selesai_pada=timezone.now())
    except TugasDiambilAlih:
        pass
    return segarkan(tugas)


def jalankan_terpisah(tugas, jalankan):
    """Run `jalankan(tugas)` in a forked child process and wait for it; a child that ends without
    finishing the job (killed, out of memory) leaves it failed with the exit code."""
    connections.close_all()  # the child opens its own connections
    model, pk = type(tugas), tugas.pk

    def anak():
        simpan.setelah_fork()  # its own storage clients too (S3)
        try:
            jalankan(model._default_manager.get(pk=pk))
        finally:
            connections.close_all()

    # Not a daemon: a child may start processes of its own (the report's pieces).
    proses = multiprocessing.get_context("fork").Process(target=anak)
    proses.start()
    proses.join()
    if not model._default_manager.filter(pk=pk).exists():
        return tugas  # deleted while it ran
    pemegang = tugas.pemegang
    tugas.refresh_from_db()
    if tugas.status in (model.Status.ANTRE, model.Status.PROSES) and tugas.pemegang == pemegang:
        return gagal(tugas, f"Proses pekerja berhenti tanpa hasil (kode keluar {proses.exitcode}).")
    return tugas  # finished, or taken over by another worker: its job now


# --------------------------------------------------------------------------- Django's tasks framework


def _backend(task_obj):
    from django_tasks import task_backends

    return task_backends[task_obj.backend]


def _backend_basis_data(backend) -> bool:
    """The database backend (django-tasks-db) keeps its queue in our own database."""
    return type(backend).__module__.startswith("django_tasks_db")


def antrekan(task_obj, tugas) -> None:
    """Enqueue `task_obj(tugas.pk)` for the job row `tugas` and note the task's id on the row.

    With the database backend the task is written in the same transaction as the job row: both
    are kept or neither (no job without its task, no task for a job rolled back). A broker (RQ,
    Celery) is told after the commit, so its worker always finds the row it is sent for."""
    model = type(tugas)

    def kirim():
        hasil = task_obj.enqueue(tugas.pk)
        tugas.id_tugas = str(hasil.id)[:64]
        model._default_manager.filter(pk=tugas.pk).update(id_tugas=tugas.id_tugas)

    if _backend_basis_data(_backend(task_obj)):
        with transaction.atomic():  # the task and its id on the row: one commit
            kirim()
    else:
        # A broker down after the commit: logged, never raised into the request that made the
        # change; the row waits without a task and `pulihkan` queues it again.
        transaction.on_commit(kirim, robust=True)


def kirim_tugas(task_obj, *args) -> None:
    """Enqueue a task that has no job row (a mail): with the change's transaction on the database
    backend, after its commit on a broker (a failure there is logged, the change stands)."""
    if _backend_basis_data(_backend(task_obj)):
        task_obj.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_obj.enqueue(*args), robust=True)


def tugas_yang_hidup(task_obj, id_tugas: set[str]) -> set[str]:
    """Those of the ids whose task still waits or runs (one query on the database backend)."""
    return _masih_ada(_backend(task_obj), id_tugas, ("READY", "RUNNING"))


def tugas_hidup(task_obj, id_tugas: str) -> bool:
    """Whether the task `id_tugas` still waits or runs in its backend (False: none, or it ended)."""
    return bool(id_tugas) and bool(_masih_ada(_backend(task_obj), {id_tugas}, ("READY", "RUNNING")))


def pastikan_antre(task_obj, tugas) -> bool:
    """A waiting job whose task is gone (failed before its claim, pruned, lost in a flushed broker)
    gets a new one; True when it did. A second task for a job is harmless (`kerjakan`)."""
    if tugas.status != type(tugas).Status.ANTRE or tugas_hidup(task_obj, tugas.id_tugas):
        return False
    antrekan(task_obj, tugas)
    return True


def kerjakan(model, pk, jalankan, tahap="Menyiapkan"):
    """The body of a job's task: claim row `pk` of `model` (atomic, with a fresh token) and run it.

    A task may be delivered twice (a broker's retry, a job queued again after its worker died):
    only the first claim runs it; a finished job, one whose worker is alive, or a deleted one
    is left alone. Returns the job's status for the task's result."""
    tugas = ambil(model._default_manager.filter(pk=pk), ("pk",), tahap=tahap, lewati_terkunci=False)
    if tugas is None:
        return "dilewati"
    terpisah = getattr(settings, "SAKIP_TUGAS_PROSES_ANAK", True)
    try:
        tugas = jalankan_terpisah(tugas, jalankan) if terpisah else jalankan(tugas)
    except Exception as exc:  # the row must not stay "in progress"; the task's result keeps the traceback
        gagal(tugas, f"Galat: {exc}")
        raise
    return tugas.status


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class JenisTugas:
    """A kind of background job, as its app registers it: the row model that shows its progress
    and the task (django.tasks) that runs one job by the row's pk."""

    nama: str  # e.g. "laporan_pdf"
    model: type  # the job rows (status, progres, tahap, detak, pemegang, id_tugas)
    tugas: object  # a django_tasks Task taking the row's pk
    uraian: Callable[[object], str] = str  # one line for logs


_JENIS: dict[str, JenisTugas] = {}
# Recovery of other scheduled work (laporan's deferred PDF preparation), run by `pulihkan`.
_PEMULIH: dict[str, Callable[[], int]] = {}


def daftarkan_pemulih(nama: str, fungsi: Callable[[], int]) -> None:
    _PEMULIH[nama] = fungsi


# Work kept ahead by the worker (laporan's Pemda dashboards), outside any transaction.
_BERKALA: dict[str, Callable[[], int]] = {}


def daftarkan_berkala(nama: str, fungsi: Callable[[], int]) -> None:
    """Register `fungsi()` to run in the worker when it starts and every PULIHKAN_SETIAP."""
    _BERKALA[nama] = fungsi


def jalankan_berkala() -> int:
    """Run the registered periodic work; one's failure is logged and stops nothing."""
    n = 0
    for nama, fungsi in list(_BERKALA.items()):
        try:
            n += fungsi() or 0
        except Exception:
            log.exception("Kerja berkala %s gagal", nama)
    return n


def daftarkan(jenis: JenisTugas) -> None:
    """Register a kind (from AppConfig.ready(); registering the same name again replaces it)."""
    _JENIS[jenis.nama] = jenis


def jenis_terdaftar() -> list[JenisTugas]:
    return list(_JENIS.values())


def _masih_ada(backend, id_tugas: set[str], status=("READY",)) -> set[str]:
    """Those of the task ids whose task is in one of `status` in the backend."""
    if not id_tugas:
        return set()
    if _backend_basis_data(backend):
        import uuid

        from django_tasks_db.models import DBTaskResult

        sah = {}
        for i in id_tugas:
            try:
                sah[str(uuid.UUID(i))] = i
            except ValueError:  # an id of another backend (before a switch): no task here
                pass
        return {
            sah[str(i)]
            for i in DBTaskResult.objects.filter(id__in=list(sah), status__in=status).values_list("id", flat=True)
        }
    ada = set()
    for i in id_tugas:  # a broker's results, one by one (few: recovery and a repeated request)
        try:
            if backend.get_result(i).status in status:
                ada.add(i)
        except Exception:  # noqa: BLE001 - an expired or unknown result: the job is queued again
            pass
    return ada


def _menunggu(jenis, id_tugas: set[str]) -> set[str]:
    return _masih_ada(_backend(jenis.tugas), id_tugas)


def _tutup_tugas_mati(jenis, id_tugas: set[str]) -> None:
    """The tasks of jobs whose worker died stay RUNNING in django-tasks-db: closed as failed."""
    backend = _backend(jenis.tugas)
    if id_tugas and _backend_basis_data(backend):
        from django_tasks_db.models import DBTaskResult

        hidup = _masih_ada(backend, id_tugas, ("RUNNING",))
        DBTaskResult.objects.filter(id__in=list(hidup)).update(
            status="FAILED", finished_at=timezone.now(), exception_class_path="sakip.tugas.PekerjaBerhenti"
        )


def pulihkan() -> int:
    """Queue again every job that has no task waiting for it: jobs whose worker died (heartbeat
    stale), jobs queued before the task framework or whose task was lost (a broker restarted).
    Run when the worker starts and every PULIHKAN_SETIAP while it runs (`manage.py pekerja`), and
    before `kerjakan_semua`; a task delivered twice is harmless (`kerjakan`). Returns how many."""
    n = 0
    for jenis in jenis_terdaftar():
        model = jenis.model
        Status = model.Status
        with transaction.atomic():
            mati = {}
            for pk, id_tugas, percobaan in model._default_manager.filter(model.q_mati()).values_list(
                "pk", "id_tugas", "percobaan"
            ):
                mati[pk] = id_tugas
                if percobaan >= maks_percobaan():
                    hentikan(model(pk=pk, percobaan=percobaan, id_tugas=id_tugas))
            if mati:
                _tutup_tugas_mati(jenis, set(mati.values()) - {""})
                model._default_manager.filter(model.q_mati(), pk__in=list(mati)).update(
                    status=Status.ANTRE,
                    progres=0,
                    tahap="Menunggu pekerja",
                    pemegang="",
                    detak=None,
                    diperbarui=timezone.now(),
                )
            antre = list(model._default_manager.filter(status=Status.ANTRE).only("pk", "id_tugas"))
            menunggu = _menunggu(jenis, {t.id_tugas for t in antre if t.id_tugas and t.pk not in mati})
            for t in antre:
                if t.pk in mati or t.id_tugas not in menunggu:
                    antrekan(jenis.tugas, t)
                    n += 1
    for nama, fungsi in list(_PEMULIH.items()):
        try:
            with transaction.atomic():
                n += fungsi()
        except Exception:  # one hook's failure never stops the recovery of the jobs
            log.exception("Pemulihan %s gagal", nama)
    return n


def kerjakan_semua() -> int:
    """Run every waiting task here and now, until the queue is empty: what `pekerja --sekali` does
    and what tests call to process their jobs. With the database backend this is django-tasks-db's
    own worker running each task (claim, run, record the result), without its process loop (which
    closes connections between tasks). Returns how many tasks ran."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    default_task_backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]  # the backend itself, not its proxy
    pulihkan()
    if not _backend_basis_data(default_task_backend):
        if type(default_task_backend).__module__.startswith("django_tasks_rq"):
            import django_rq
            from django_tasks_rq.backend import Job
            from rq import SimpleWorker

            # In this process (no work horse forked per job), until the queues are empty.
            antrean = sorted(default_task_backend.queues)
            pekerja = django_rq.get_worker(*antrean, job_class=Job, worker_class=SimpleWorker)
            n = sum(q.count for q in pekerja.queues)
            pekerja.work(burst=True)
            return n
        return 0
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    pekerja = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=default_task_backend.alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"sekali-{secrets.token_hex(6)}",
        excluded_queue_names=[],
    )
    n = 0
    while True:
        with transaction.atomic():
            hasil = DBTaskResult.objects.ready().filter(backend_name=pekerja.backend_name).get_locked()
            if hasil is None:
                return n
            hasil.claim(pekerja.worker_id)
        pekerja.run_task(hasil)
        n += 1
