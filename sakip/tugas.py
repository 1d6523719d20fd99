"""Background jobs: one worker process runs every kind, each job claimed atomically, with a heartbeat.

A kind of job registers itself from its app's ``AppConfig.ready()`` (`daftarkan`): how to claim
its next job and how to run one. The worker (``python manage.py pekerja``; ``pekerja_laporan`` is
the same command) asks each kind in turn, so the core runs the report PDFs of ``laporan`` and the
document reviews of ``reviu`` without importing either, and a long queue of one kind never
starves the other.

A job is a row with the fields ``status`` (its model's ``Status.ANTRE/PROSES/SELESAI/GAGAL``),
``progres``, ``tahap``, ``pesan``, ``detak`` (heartbeat), ``pemegang`` (the claiming worker's
token) and ``diperbarui``, and a classmethod ``q_mati()`` (in progress, heartbeat stale). What
every kind shares:

* `ambil`: claim the oldest waiting job, or one whose worker died, atomically: on PostgreSQL the
  row is locked with SKIP LOCKED (two workers never wait for, nor take, the same job); SQLite
  transactions start IMMEDIATE (settings.py), one writer at a time. The job gets a fresh token.
* `tulis`: every later write checks the token; a worker whose job was taken over gets
  `TugasDiambilAlih` and writes nothing more.
* `berdetak`: while the body runs, a thread writes the heartbeat, so a long stage without
  progress still shows the worker alive, and a killed worker's heartbeat stops.
* `jalankan_terpisah`: run a job in a forked child, so the memory it took goes back to the system.
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

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from . import simpan

log = logging.getLogger(__name__)

# Defaults for a kind's heartbeat: written every DETAK_SETIAP; older than BATAS_DETAK = dead.
DETAK_SETIAP = datetime.timedelta(seconds=5)
BATAS_DETAK = datetime.timedelta(seconds=60)


class TugasDiambilAlih(Exception):
    """This worker lost its job (its heartbeat went stale and another worker claimed it)."""


def q_mati(status_proses, batas=BATAS_DETAK):
    """Jobs in progress whose worker has shown no sign of life for `batas` (rows without a
    heartbeat: their last update)."""
    lewat = timezone.now() - batas
    return Q(status=status_proses) & (Q(detak__lt=lewat) | Q(detak__isnull=True, diperbarui__lt=lewat))


def ambil(queryset, urutan, tahap="Menyiapkan", progres=5):
    """Claim the first waiting or dead job of `queryset` in `urutan`; None when there is none."""
    model = queryset.model
    with transaction.atomic():
        antrean = queryset.filter(Q(status=model.Status.ANTRE) | model.q_mati()).order_by(*urutan)
        if connection.features.has_select_for_update_skip_locked:
            antrean = antrean.select_for_update(skip_locked=True, of=("self",))
        tugas = antrean.first()
        if tugas is None:
            return None
        diambil_alih = tugas.status == model.Status.PROSES
        tugas.status, tugas.progres = model.Status.PROSES, progres
        tugas.tahap = "Diambil alih: pekerja sebelumnya berhenti" if diambil_alih else tahap
        tugas.detak, tugas.pemegang, tugas.pesan = timezone.now(), secrets.token_hex(16), ""
        tugas.save(update_fields=["status", "progres", "tahap", "detak", "pemegang", "pesan", "diperbarui"])
    return tugas


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
    tugas.refresh_from_db()
    if tugas.status in (model.Status.ANTRE, model.Status.PROSES):
        return gagal(tugas, f"Proses pekerja berhenti tanpa hasil (kode keluar {proses.exitcode}).")
    return tugas


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class JenisTugas:
    """A kind of background job, as its app registers it."""

    nama: str  # e.g. "laporan_pdf"
    ambil: Callable[[], object | None]  # claim the next job (see `ambil`), or None
    jalankan: Callable[[object], object]  # run a claimed job here; returns it, refreshed
    jalankan_terpisah: Callable[[object], object] | None = None  # the same in a child process
    uraian: Callable[[object], str] = str  # one line for the worker's log


_JENIS: dict[str, JenisTugas] = {}


def daftarkan(jenis: JenisTugas) -> None:
    """Register a kind (from AppConfig.ready(); registering the same name again replaces it)."""
    _JENIS[jenis.nama] = jenis


def jenis_terdaftar() -> list[JenisTugas]:
    return list(_JENIS.values())


class Giliran:
    """Which kind is asked first: the one after the kind that ran last (round robin)."""

    def __init__(self):
        self._mulai = 0

    def ambil(self):
        """(kind, job) of the next job of any kind, or None when every queue is empty."""
        daftar = jenis_terdaftar()
        for i in range(len(daftar)):
            k = (self._mulai + i) % len(daftar)
            tugas = daftar[k].ambil()
            if tugas is not None:
                self._mulai = k + 1
                return daftar[k], tugas
        return None


def kerjakan_semua(terpisah=False) -> list[tuple[JenisTugas, object]]:
    """Run every queued job of every kind until the queues are empty, here (or each in a child);
    what `pekerja --sekali` does and what tests call to process their uploads synchronously."""
    giliran, selesai = Giliran(), []
    while (berikut := giliran.ambil()) is not None:
        jenis, tugas = berikut
        jalankan = jenis.jalankan_terpisah if terpisah and jenis.jalankan_terpisah else jenis.jalankan
        selesai.append((jenis, jalankan(tugas)))
    return selesai
