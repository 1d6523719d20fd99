"""Rendering the report: the print HTML, the PDF (WeasyPrint), its fingerprint, and the PDF jobs."""

import datetime
import functools
import hashlib
import json
import logging
import multiprocessing
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from kinerja.pengukuran import PengukuranTidakTersedia

from .bab import susun_laporan
from .models import BerkasPDF
from .pdf import CSS_CETAK, bersihkan_cache, pdf_bertahap

log = logging.getLogger(__name__)

TEMPLAT_LAPORAN = Path(__file__).resolve().parent.parent / "templates" / "laporan"
# A job whose worker stopped reporting for this long is taken up again by another worker.
BATAS_MACET = datetime.timedelta(minutes=10)


def sidik(data):
    """SHA-256 of the report data (canonical JSON): the version of the data a PDF shows."""
    teks = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(teks.encode("utf-8")).hexdigest()


def html_cetak(data, sidik_data=None):
    """The standalone HTML the PDF is made from (print stylesheet inlined, no network)."""
    return render_to_string(
        "laporan/cetak.html",
        {"lap": data, "css": CSS_CETAK.read_text(encoding="utf-8"), "sidik": sidik_data or sidik(data)},
    )


def pdf_laporan(data, lapor=None, proses=None):
    """PDF bytes and page count of the report data; `lapor(progres, tahap)` hears the stages.

    Built from pieces rendered in parallel and cached (laporan/pdf.py)."""
    isi, halaman, _statistik = pdf_bertahap(data, sidik(data), versi_cetak(), lapor, proses)
    return isi, halaman


def nama_berkas(laporan):
    jenis = "LKjIP" if laporan.periode == "TAHUN" else f"Laporan-Kinerja-{laporan.periode}"
    return f"{jenis}-{laporan.opd.kode}-{laporan.tahun}.pdf"


def antrekan_pdf(laporan, oleh):
    """Queue a PDF of the report, unless one is already waiting or being built."""
    berjalan = laporan.pdf_set.filter(status__in=[BerkasPDF.Status.ANTRE, BerkasPDF.Status.PROSES]).first()
    return berjalan or BerkasPDF.objects.create(laporan=laporan, diminta_oleh=oleh)


def ambil_tugas():
    """Claim the oldest waiting job (or one whose worker stopped); None when there is none."""
    macet = timezone.now() - BATAS_MACET
    antrean = BerkasPDF.objects.filter(
        Q(status=BerkasPDF.Status.ANTRE) | Q(status=BerkasPDF.Status.PROSES, diperbarui__lt=macet)
    ).order_by("diminta_pada", "id")
    for tugas in antrean[:5]:
        # The conditional update is the lock: only one worker moves the row on.
        diambil = BerkasPDF.objects.filter(pk=tugas.pk, status=tugas.status, diperbarui=tugas.diperbarui).update(
            status=BerkasPDF.Status.PROSES, progres=5, tahap="Menyiapkan data", diperbarui=timezone.now()
        )
        if diambil:
            tugas.refresh_from_db()
            return tugas
    return None


def jalankan_tugas(tugas):
    """Build the PDF of a claimed job and store it with its SHA-256 and the data fingerprint.

    When a PDF of the same report was already built from the same data with the same templates,
    its file is reused instead of rendering again."""

    def lapor(progres, tahap):
        BerkasPDF.objects.filter(pk=tugas.pk).update(progres=progres, tahap=tahap, diperbarui=timezone.now())

    laporan = tugas.laporan
    try:
        lapor(10, "Menyusun data laporan")
        data = susun_laporan(laporan.opd, laporan.tahun, laporan.periode)
        sidik_data, versi = sidik(data), versi_cetak()
        sama = _pdf_sama(tugas, sidik_data, versi)
        isi, halaman = sama or pdf_laporan(data, lapor)
        bersihkan_cache()
    except PengukuranTidakTersedia as exc:
        return _gagal(tugas, str(exc))
    except Exception as exc:  # the job must end, whatever went wrong; the log has the traceback
        log.exception("PDF laporan %s gagal", tugas.pk)
        return _gagal(tugas, f"Galat saat membuat PDF: {exc}")
    with transaction.atomic():
        tugas.berkas.save(nama_berkas(laporan), ContentFile(isi), save=False)
        tugas.sha256 = hashlib.sha256(isi).hexdigest()
        tugas.sidik_data = sidik_data
        tugas.sidik_cetak = versi
        tugas.jumlah_halaman = halaman
        tugas.status, tugas.progres, tugas.tahap = BerkasPDF.Status.SELESAI, 100, "Selesai"
        tugas.selesai_pada = timezone.now()
        tugas.save()
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
    connections.close_all()  # the child opens its own connections
    # Not a daemon: the child renders the pieces in processes of its own.
    anak = multiprocessing.get_context("fork").Process(target=_anak, args=(tugas.pk,))
    anak.start()
    anak.join()
    tugas.refresh_from_db()
    if tugas.status in (BerkasPDF.Status.ANTRE, BerkasPDF.Status.PROSES):
        return _gagal(tugas, f"Proses pembuat PDF berhenti tanpa hasil (kode keluar {anak.exitcode}).")
    return tugas


def _anak(pk):
    try:
        jalankan_tugas(BerkasPDF.objects.select_related("laporan__opd__pemda").get(pk=pk))
    finally:
        connections.close_all()


def _gagal(tugas, pesan):
    tugas.status, tugas.pesan, tugas.tahap = BerkasPDF.Status.GAGAL, pesan, "Gagal"
    tugas.selesai_pada = timezone.now()
    tugas.save(update_fields=["status", "pesan", "tahap", "selesai_pada", "diperbarui"])
    return tugas
