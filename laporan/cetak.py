"""Rendering the report: the print HTML, the PDF (WeasyPrint), its fingerprint, and the PDF jobs."""

import datetime
import hashlib
import json
import logging
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from kinerja.pengukuran import PengukuranTidakTersedia

from .bab import susun_laporan
from .models import BerkasPDF

log = logging.getLogger(__name__)

CSS_CETAK = Path(__file__).resolve().parent / "static" / "laporan" / "cetak.css"
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


def pdf_laporan(data, lapor=None):
    """PDF bytes and page count of the report data; `lapor(progres, tahap)` hears the stages."""
    from weasyprint import HTML

    lapor = lapor or (lambda progres, tahap: None)
    lapor(30, "Menyusun HTML")
    html = html_cetak(data)
    lapor(40, "Menata halaman")
    dokumen = HTML(string=html, base_url=str(CSS_CETAK.parent)).render()
    lapor(85, f"Menulis PDF ({len(dokumen.pages)} halaman)")
    return dokumen.write_pdf(), len(dokumen.pages)


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
    """Build the PDF of a claimed job and store it with its SHA-256 and the data fingerprint."""

    def lapor(progres, tahap):
        BerkasPDF.objects.filter(pk=tugas.pk).update(progres=progres, tahap=tahap, diperbarui=timezone.now())

    laporan = tugas.laporan
    try:
        lapor(10, "Menyusun data laporan")
        data = susun_laporan(laporan.opd, laporan.tahun, laporan.periode)
        isi, halaman = pdf_laporan(data, lapor)
    except PengukuranTidakTersedia as exc:
        return _gagal(tugas, str(exc))
    except Exception as exc:  # the job must end, whatever went wrong; the log has the traceback
        log.exception("PDF laporan %s gagal", tugas.pk)
        return _gagal(tugas, f"Galat saat membuat PDF: {exc}")
    with transaction.atomic():
        tugas.berkas.save(nama_berkas(laporan), ContentFile(isi), save=False)
        tugas.sha256 = hashlib.sha256(isi).hexdigest()
        tugas.sidik_data = sidik(data)
        tugas.jumlah_halaman = halaman
        tugas.status, tugas.progres, tugas.tahap = BerkasPDF.Status.SELESAI, 100, "Selesai"
        tugas.selesai_pada = timezone.now()
        tugas.save()
    return tugas


def _gagal(tugas, pesan):
    tugas.status, tugas.pesan, tugas.tahap = BerkasPDF.Status.GAGAL, pesan, "Gagal"
    tugas.selesai_pada = timezone.now()
    tugas.save(update_fields=["status", "pesan", "tahap", "selesai_pada", "diperbarui"])
    return tugas
