"""The PDF ready before it is asked for (issue #22 item 4).

When data a report shows changes (sakip.perubahan: the grids, the PK and Renstra editors, period
transitions, narratives, imports), each existing report of that office and year is scheduled to be
prepared once the data has been quiet for SAKIP_PDF_SIAPKAN_DETIK seconds (debounced: one task per
report however many saves). The task builds the report data; when no finished PDF matches it, it
renders one in the background (only the changed pieces: the piece cache, laporan/pdf.py) and keeps
it as an *automatic* PDF. "Buat PDF" then takes that file at once (`antrekan_pdf`), so after the head
approves the data the download is immediate. Automatic PDFs nobody took are replaced by the next
one and never listed; a PDF someone asked for is never touched here."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from kinerja.pengukuran import PengukuranTidakTersedia
from sakip import tugas as tugas_latar

from .bab import susun_laporan
from .models import BerkasPDF, Laporan, SiapkanPdf

log = logging.getLogger(__name__)

# A scheduled preparation still "waiting" this long after its time was lost (a broker flushed).
HILANG = datetime.timedelta(minutes=10)
# Continuous edits defer the preparation at most this many quiet periods after the first change.
BATAS_TUNDA = 10


def jeda() -> datetime.timedelta | None:
    detik = getattr(settings, "SAKIP_PDF_SIAPKAN_DETIK", 60)
    return datetime.timedelta(seconds=detik) if detik and detik > 0 else None


def _jadwalkan(laporan_id: int, waktu) -> str:
    """Enqueue the deferred task of one report; its id goes on the schedule (for recovery)."""
    hasil = siapkan_pdf.using(run_after=waktu).enqueue(laporan_id)
    SiapkanPdf.objects.filter(laporan_id=laporan_id).update(id_tugas=str(hasil.id)[:64])
    return str(hasil.id)


def data_berubah(opd_id: int, tahun: int | None) -> int:
    """Schedule the preparation of the office's reports of `tahun` (None: every year). Returns
    how many tasks were queued (a report already scheduled only has its time moved)."""
    tunda = jeda()
    if tunda is None:
        return 0
    laporan = Laporan.objects.filter(opd_id=opd_id)
    if tahun is not None:
        laporan = laporan.filter(tahun=tahun)
    pk = list(laporan.values_list("pk", flat=True))
    if not pk:  # no report made yet: nothing to prepare, no write
        return 0
    sekarang = timezone.now()
    with transaction.atomic():
        SiapkanPdf.objects.bulk_create(
            [SiapkanPdf(laporan_id=p, setelah=sekarang + tunda, sejak=sekarang) for p in pk], ignore_conflicts=True
        )
        jadwal = list(SiapkanPdf.objects.select_for_update().filter(laporan_id__in=pk))
        baru = []
        for j in jadwal:
            if not j.antre or j.setelah < sekarang - HILANG:
                j.antre, j.sejak = True, sekarang
                baru.append(j.laporan_id)
            # Quiet for `tunda`, but never later than BATAS_TUNDA x `tunda` after the first change:
            # edits a minute apart all day still get their PDF prepared.
            j.setelah = min(sekarang + tunda, (j.sejak or sekarang) + BATAS_TUNDA * tunda)
        SiapkanPdf.objects.bulk_update(jadwal, ["antre", "sejak", "setelah"])
        waktu = {j.laporan_id: j.setelah for j in jadwal}
        for p in baru:
            _jadwalkan(p, waktu[p])
    return len(baru)


@task()
def siapkan_pdf(laporan_id: int) -> str:
    """The debounced task: wait again if the data changed meanwhile, else prepare the PDF."""
    if jeda() is None:
        SiapkanPdf.objects.filter(laporan_id=laporan_id).update(antre=False)
        return "dimatikan"
    with transaction.atomic():
        jadwal = SiapkanPdf.objects.select_for_update().filter(laporan_id=laporan_id).first()
        if jadwal is None:
            return "dihapus"
        if jadwal.setelah > timezone.now() + datetime.timedelta(seconds=1):
            _jadwalkan(laporan_id, jadwal.setelah)  # changed again: wait for quiet
            return "ditunda"
        # From here a later change schedules anew.
        SiapkanPdf.objects.filter(laporan_id=laporan_id).update(antre=False, sejak=None)
    laporan = Laporan.objects.select_related("opd").filter(pk=laporan_id).first()
    return siapkan_sekarang(laporan) if laporan is not None else "dihapus"


def pulihkan_jadwal() -> int:
    """Schedules still waiting whose task is gone (the worker killed mid-task, a task that failed,
    a flushed broker) get a new one, at their time; run with the worker's recovery (sakip.tugas)."""
    jadwal = list(SiapkanPdf.objects.filter(antre=True).only("laporan_id", "setelah", "id_tugas"))
    hidup = tugas_latar.tugas_yang_hidup(siapkan_pdf, {j.id_tugas for j in jadwal if j.id_tugas})
    n = 0
    for j in jadwal:
        if j.id_tugas not in hidup:
            _jadwalkan(j.laporan_id, max(j.setelah, timezone.now()))
            n += 1
    return n


def siapkan_sekarang(laporan: Laporan) -> str:
    """Render the report's PDF for its current data, unless a PDF of it exists or is on its way."""
    from .cetak import jalankan_tugas, kunci_laporan, pdf_terkini

    try:
        data = susun_laporan(laporan.opd, laporan.tahun, laporan.periode)
    except PengukuranTidakTersedia:
        return "tidak tersedia"
    # Under the report's lock (as "Buat PDF", laporan.cetak.antrekan_pdf): a job another server or
    # worker is making for it now is seen, never made a second time.
    hapus = []
    with transaction.atomic():
        kunci_laporan(laporan)
        if pdf_terkini(laporan, data) is not None:
            return "sudah siap"
        berjalan = laporan.pdf_set.filter(status__in=[BerkasPDF.Status.ANTRE, BerkasPDF.Status.PROSES]).exists()
        if not berjalan:
            # The automatic PDFs of older data nobody took: replaced by this one.
            for lama in laporan.pdf_set.filter(Q(otomatis=True), ~Q(status=BerkasPDF.Status.PROSES)):
                # Only while still automatic: one taken by "Buat PDF" meanwhile is the requester's now.
                if BerkasPDF.objects.filter(pk=lama.pk, otomatis=True).delete()[0] and lama.berkas:
                    hapus.append((lama.berkas.storage, lama.berkas.name))
            baru = BerkasPDF.objects.create(laporan=laporan, otomatis=True, tahap="Disiapkan otomatis")
    if berjalan:
        # A job started before the last change may render the older data: look again later.
        data_berubah(laporan.opd_id, laporan.tahun)
        return "sedang dibuat"
    for penyimpanan, nama in hapus:  # the files once their rows are gone for good
        penyimpanan.delete(nama)
    return tugas_latar.kerjakan(BerkasPDF, baru.pk, jalankan_tugas, tahap="Menyiapkan data")
