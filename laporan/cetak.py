"""Rendering the report: the print HTML, the PDF (WeasyPrint), its fingerprint, and the PDF jobs."""

import functools
import hashlib
import json
import logging
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from kinerja.pengukuran import PengukuranTidakTersedia
from sakip import tugas as tugas_latar
from sakip.tugas import TugasDiambilAlih

from . import models as model_laporan
from .bab import susun_laporan
from .data import Lkjip, ke_json
from .models import BerkasPDF
from .pdf import CSS_CETAK, bersihkan_cache, pdf_bertahap

log = logging.getLogger(__name__)

TEMPLAT_LAPORAN = Path(__file__).resolve().parent.parent / "templates" / "laporan"


def sidik(data: Lkjip) -> str:
    """SHA-256 of the report data (its JSON form, canonical): the version of the data a PDF shows."""
    teks = json.dumps(ke_json(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(teks.encode("utf-8")).hexdigest()


def html_cetak(data: Lkjip, sidik_data: str | None = None) -> str:
    """The standalone HTML the PDF is made from (print stylesheet inlined, no network)."""
    return render_to_string(
        "laporan/cetak.html",
        {"lap": data, "css": CSS_CETAK.read_text(encoding="utf-8"), "sidik": sidik_data or sidik(data)},
    )


def pdf_laporan(data: Lkjip, lapor=None, proses=None) -> tuple[bytes, int]:
    """PDF bytes and page count of the report data; `lapor(progres, tahap)` hears the stages.

    Built from pieces rendered in parallel and cached (laporan/pdf.py)."""
    isi, halaman, _statistik = pdf_bertahap(data, sidik(data), versi_cetak(), lapor, proses)
    return isi, halaman


def nama_berkas(laporan):
    jenis = "LKjIP" if laporan.periode == "TAHUN" else f"Laporan-Kinerja-{laporan.periode}"
    return f"{jenis}-{laporan.opd.kode}-{laporan.tahun}.pdf"


def pdf_terkini(laporan, data: Lkjip):
    """The newest finished PDF of the report built from exactly this data with today's templates, or None."""
    return (
        laporan.pdf_set.filter(status=BerkasPDF.Status.SELESAI, sidik_data=sidik(data), sidik_cetak=versi_cetak())
        .order_by("-selesai_pada", "-id")
        .first()
    )


def kunci_laporan(laporan) -> None:
    """Hold the report's row until the transaction ends: one PDF request or background preparation
    of a report at a time looks for a job and makes one (two servers taking "Buat PDF" of a report
    at the same moment made two jobs before). FOR NO KEY UPDATE where there is one: a save that
    inserts a row pointing at the report (its KEY SHARE lock) does not wait. SQLite: its
    transactions start IMMEDIATE (settings.py), one writer at a time anyway."""
    baris = model_laporan.Laporan.objects.filter(pk=laporan.pk)
    if connection.features.has_select_for_no_key_update:
        baris = baris.select_for_update(no_key=True)
    else:
        baris = baris.select_for_update()
    list(baris.values_list("pk", flat=True))


def antrekan_pdf(laporan, oleh, data: Lkjip | None = None):
    """Queue a PDF of the report, unless one is already waiting or being built. A job whose
    worker died (BerkasPDF.mati) does not block: it goes back to the queue for the next worker.

    With the report's current `data`: a PDF already built from it is the answer at once; one
    prepared in the background (laporan.siaga) becomes the requester's, listed from now on.
    Requests of the same report run one after the other (`kunci_laporan`)."""
    with transaction.atomic():
        kunci_laporan(laporan)
        return _antrekan_pdf(laporan, oleh, data)


def _antrekan_pdf(laporan, oleh, data):
    if data is not None and (siap := pdf_terkini(laporan, data)) is not None:
        # The requester's from now on (an automatic one), at the top of the list; a row the background
        # replaced meanwhile is gone: a new job then.
        medan = {"otomatis": False, "diminta_oleh": oleh} if siap.otomatis else {}
        if BerkasPDF.objects.filter(pk=siap.pk, otomatis=siap.otomatis).update(**medan, diminta_pada=timezone.now()):
            siap.refresh_from_db()
            return siap
    berjalan = laporan.pdf_set.filter(status__in=[BerkasPDF.Status.ANTRE, BerkasPDF.Status.PROSES]).first()
    if berjalan is not None and berjalan.mati and berjalan.percobaan >= tugas_latar.maks_percobaan():
        # Its workers died on it every time: it fails with its message, the request is a new job.
        tugas_latar.hentikan(berjalan)
        berjalan = None
    if berjalan is not None and berjalan.mati:
        BerkasPDF.objects.filter(BerkasPDF.q_mati(), pk=berjalan.pk).update(
            status=BerkasPDF.Status.ANTRE, progres=0, tahap="", pemegang="", detak=None, diperbarui=timezone.now()
        )
        berjalan.refresh_from_db()
        if berjalan.status == BerkasPDF.Status.ANTRE:
            tugas_latar.antrekan(buat_pdf, berjalan)
    if berjalan is not None:
        tugas_latar.pastikan_antre(buat_pdf, berjalan)  # its task failed before its claim, or was lost
        if berjalan.otomatis:  # being prepared in the background: the requester's from now on
            BerkasPDF.objects.filter(pk=berjalan.pk).update(otomatis=False, diminta_oleh=oleh)
        if BerkasPDF.objects.filter(pk=berjalan.pk).exists():
            berjalan.refresh_from_db()
            return berjalan
    with transaction.atomic():
        baru = BerkasPDF.objects.create(laporan=laporan, diminta_oleh=oleh)
        tugas_latar.antrekan(buat_pdf, baru)
    return baru


@task()
def buat_pdf(berkas_id: int) -> str:
    """The task of one PDF job (django.tasks): claim the row and build the PDF (`jalankan_tugas`)."""
    return tugas_latar.kerjakan(BerkasPDF, berkas_id, jalankan_tugas, tahap="Menyiapkan data")


def ambil_tugas():
    """Claim the oldest waiting job, or one whose worker died; None when there is none.

    The claim is atomic and gives the job this worker's token (`pemegang`); every later write
    checks it (sakip.tugas: SKIP LOCKED on PostgreSQL, IMMEDIATE transactions on SQLite)."""
    return tugas_latar.ambil(BerkasPDF.objects.all(), ("diminta_pada", "id"), tahap="Menyiapkan data")


def _tulis(tugas, **medan):
    """Update the job if this worker still holds it; TugasDiambilAlih when another took it over."""
    tugas_latar.tulis(tugas, **medan)


def berdetak(tugas):
    """While the body runs, a thread writes the job's heartbeat every DETAK_SETIAP: a long
    render stage (one large piece) shows the worker alive; a killed worker stops the heartbeat."""
    return tugas_latar.berdetak(tugas, model_laporan.DETAK_SETIAP)


def jalankan_tugas(tugas):
    """Build the PDF of a claimed job and store it with its SHA-256 and the data fingerprint.

    When a PDF of the same report was already built from the same data with the same templates,
    its file is reused instead of rendering again. A job taken over by another worker meanwhile
    is left to that worker: nothing more is written."""

    def lapor(progres, tahap):
        _tulis(tugas, progres=progres, tahap=tahap)

    laporan = tugas.laporan
    try:
        with berdetak(tugas):
            lapor(10, "Menyusun data laporan")
            data = susun_laporan(laporan.opd, laporan.tahun, laporan.periode)
            sidik_data, versi = sidik(data), versi_cetak()
            sama = _pdf_sama(tugas, sidik_data, versi)
            isi, halaman = sama or pdf_laporan(data, lapor)
            bersihkan_cache()
    except TugasDiambilAlih:
        log.warning("PDF laporan %s diambil alih pekerja lain", tugas.pk)
        tugas.refresh_from_db()
        return tugas
    except PengukuranTidakTersedia as exc:
        return _gagal(tugas, str(exc))
    except Exception as exc:  # the job must end, whatever went wrong; the log has the traceback
        log.exception("PDF laporan %s gagal", tugas.pk)
        return _gagal(tugas, f"Galat saat membuat PDF: {exc}")
    with transaction.atomic():
        berkas = tugas.berkas.storage.save(
            tugas.berkas.field.generate_filename(tugas, nama_berkas(laporan)), ContentFile(isi)
        )
        try:
            _tulis(
                tugas,
                berkas=berkas,
                sha256=hashlib.sha256(isi).hexdigest(),
                sidik_data=sidik_data,
                sidik_cetak=versi,
                jumlah_halaman=halaman,
                status=BerkasPDF.Status.SELESAI,
                progres=100,
                tahap="Selesai",
                selesai_pada=timezone.now(),
            )
        except TugasDiambilAlih:
            tugas.berkas.storage.delete(berkas)
            log.warning("PDF laporan %s diambil alih pekerja lain", tugas.pk)
    tugas.refresh_from_db()
    return tugas


@functools.cache
def versi_cetak():
    """SHA-256 of what shapes the PDF besides the data: print CSS, report templates, WeasyPrint and pypdf."""
    import pypdf
    import weasyprint

    h = hashlib.sha256(f"{weasyprint.__version__} {pypdf.__version__}".encode())
    for path in [CSS_CETAK, *sorted(TEMPLAT_LAPORAN.rglob("*.html"))]:
        h.update(path.read_bytes())
    return h.hexdigest()


def _pdf_sama(tugas, sidik_data, versi):
    """(bytes, pages) of a finished PDF of the same report, data and templates, or None."""
    lama = (
        BerkasPDF.objects.filter(
            laporan_id=tugas.laporan_id, status=BerkasPDF.Status.SELESAI, sidik_data=sidik_data, sidik_cetak=versi
        )
        .exclude(pk=tugas.pk)
        .order_by("-selesai_pada", "-id")
        .first()
    )
    if lama is None or not lama.berkas:
        return None
    try:
        with lama.berkas.open("rb") as f:
            isi = f.read()
    except OSError:
        return None
    return (isi, lama.jumlah_halaman) if hashlib.sha256(isi).hexdigest() == lama.sha256 else None


def jalankan_tugas_terpisah(tugas):
    """Run `jalankan_tugas` in a forked child process and wait for it.

    A WeasyPrint render of a large report takes hundreds of MiB that Python keeps after the job;
    in a child they go back to the system when it exits, so a long-running worker stays small.
    """
    return tugas_latar.jalankan_terpisah(tugas, jalankan_tugas)


def _gagal(tugas, pesan):
    """Mark the job failed, unless another worker has taken it over."""
    return tugas_latar.gagal(tugas, pesan)
