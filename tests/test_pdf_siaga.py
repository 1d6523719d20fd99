"""The PDF ready when the head asks for it (issue #22 item 4; laporan/siaga.py).

A save that changes what a report shows schedules that report's PDF to be prepared once the data
has been quiet (debounced: one task however many saves); the prepared PDF is not listed, and
"Buat PDF" takes it at once, without a new job. Nothing is scheduled for a change rolled back, for
another office or year, or when the setting is off."""

import datetime
import hashlib

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from laporan.bab import susun_laporan
from laporan.cetak import sidik
from laporan.models import BerkasPDF, Laporan, SiapkanPdf
from laporan.siaga import data_berubah, siapkan_pdf
from sakip.perubahan import umumkan
from sakip.tugas import kerjakan_semua
from tests import test_laporan_halaman
from tests.test_realisasi_grid import isian, url

URL = test_laporan_halaman.URL
media, opd, operator = test_laporan_halaman.media, test_laporan_halaman.opd, test_laporan_halaman.operator

pytestmark = pytest.mark.django_db


def tugas_siapkan():
    return DBTaskResult.objects.filter(task_path="laporan.siaga.siapkan_pdf")


def jatuh_tempo():
    """Time passes: the scheduled preparations are due now."""
    SiapkanPdf.objects.update(setelah=timezone.now() - datetime.timedelta(seconds=5))
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - datetime.timedelta(seconds=5))


@pytest.fixture(autouse=True)
def pdf_cepat(monkeypatch):
    """Rendering is tested elsewhere (test_laporan_pdf): here a PDF is a few bytes of its data."""
    from laporan import cetak

    monkeypatch.setattr(cetak, "pdf_laporan", lambda data, lapor=None: (b"%PDF-1.7 " + sidik(data).encode(), 1))


@pytest.fixture
def laporan(opd):
    tahunan = Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN")
    Laporan.objects.create(opd=opd, tahun=2023, periode="TAHUN")  # another year: left alone
    return tahunan


def test_a_grid_save_schedules_the_report_once_however_many_saves(
    client, operator, laporan, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    awal = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(), isian(IKU1=("90", "", ""))).status_code == 302
    jadwal = SiapkanPdf.objects.get()
    assert jadwal.laporan == laporan and jadwal.antre
    assert awal + datetime.timedelta(seconds=59) < jadwal.setelah < timezone.now() + datetime.timedelta(seconds=61)
    hasil = tugas_siapkan().get()
    assert hasil.args_kwargs == {"args": [laporan.pk], "kwargs": {}} and hasil.run_after == jadwal.setelah
    assert kerjakan_semua() == 0  # not due yet
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(), isian(IKU1=("91", "", "")))
    assert tugas_siapkan().count() == 1  # the time moved, no second task
    assert SiapkanPdf.objects.get().setelah > jadwal.setelah


def test_nothing_is_scheduled_for_a_rollback_another_office_or_when_off(
    laporan, django_capture_on_commit_callbacks, settings
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        umumkan(laporan.opd_id, 2024)
        raise RuntimeError
    assert data_berubah(laporan.opd_id + 999, 2024) == 0
    settings.SAKIP_PDF_SIAPKAN_DETIK = 0
    assert data_berubah(laporan.opd_id, 2024) == 0
    assert not SiapkanPdf.objects.exists() and not tugas_siapkan().exists()


def test_a_task_woken_before_the_data_is_quiet_waits_again(laporan):
    assert data_berubah(laporan.opd_id, 2024) == 1
    jatuh_tempo()
    SiapkanPdf.objects.update(setelah=timezone.now() + datetime.timedelta(seconds=30))  # a save came meanwhile
    assert siapkan_pdf.call(laporan.pk) == "ditunda"
    assert not BerkasPDF.objects.exists()


def test_the_prepared_pdf_is_taken_at_once_by_buat_pdf(client, operator, laporan, opd):
    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    assert kerjakan_semua() == 1
    siap = BerkasPDF.objects.get()
    assert (siap.status, siap.otomatis, siap.diminta_oleh) == ("selesai", True, None)
    assert siap.sidik_data == sidik(susun_laporan(opd, 2024))
    assert not SiapkanPdf.objects.get().antre
    client.force_login(operator)
    assert f"/pdf/{siap.pk}/unduh/" not in client.get(URL).text  # nobody asked for it yet: not listed

    tugas_sebelum = DBTaskResult.objects.count()
    r = client.post(URL + "pdf/", HTTP_HX_REQUEST="true")
    assert BerkasPDF.objects.count() == 1 and DBTaskResult.objects.count() == tugas_sebelum  # no new job
    siap.refresh_from_db()
    assert (siap.otomatis, siap.diminta_oleh) == (False, operator)
    assert f"/pdf/{siap.pk}/unduh/" in r.text and "hx-trigger" not in r.text.split(f"pdf-{siap.pk}")[-1][:400]
    pdf = b"".join(client.get(f"/opd/dinas-uji/laporan/pdf/{siap.pk}/unduh/").streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == siap.sha256


def test_a_stale_automatic_pdf_is_replaced_and_a_requested_one_is_kept(client, operator, laporan, opd):
    from kinerja.models import Realisasi

    client.force_login(operator)
    client.post(URL + "pdf/")
    kerjakan_semua()
    diminta = BerkasPDF.objects.get()
    Realisasi.objects.filter(indikator__kode="IKU1", tahun=2024, periode="TAHUN").update(nilai="90.10")
    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    kerjakan_semua()
    otomatis_1 = BerkasPDF.objects.get(otomatis=True)
    Realisasi.objects.filter(indikator__kode="IKU1", tahun=2024, periode="TAHUN").update(nilai="90.20")
    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    kerjakan_semua()
    otomatis_2 = BerkasPDF.objects.get(otomatis=True)
    assert otomatis_2.pk != otomatis_1.pk and otomatis_2.status == "selesai"
    assert set(BerkasPDF.objects.values_list("pk", flat=True)) == {diminta.pk, otomatis_2.pk}
    # Unchanged data: nothing rendered again.
    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    kerjakan_semua()
    assert BerkasPDF.objects.count() == 2
    assert tugas_siapkan().order_by("-enqueued_at").first().return_value == "sudah siap"


def test_the_lke_counts_only_pdfs_someone_asked_for(laporan, opd):
    from lke.otomatis import DataLKE

    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    kerjakan_semua()
    assert BerkasPDF.objects.get().otomatis
    assert DataLKE(opd, 2024).pdf_lkjip == {}


def test_a_lost_preparation_is_scheduled_again_by_the_workers_recovery(laporan, opd):
    from sakip.tugas import pulihkan

    data_berubah(opd.pk, 2024)
    tugas_siapkan().delete()  # the worker was killed with it, or a broker flushed
    assert data_berubah(opd.pk, 2024) == 0  # edits go on: still "waiting"
    assert pulihkan() == 1
    jadwal = SiapkanPdf.objects.get()
    assert tugas_siapkan().get(status="READY").id.hex == jadwal.id_tugas.replace("-", "")
    assert pulihkan() == 0


def test_a_job_already_running_makes_the_preparation_look_again_later(laporan, opd):
    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    BerkasPDF.objects.create(laporan=laporan, status="proses", detak=timezone.now(), pemegang="x")
    kerjakan_semua()
    assert tugas_siapkan().filter(return_value="sedang dibuat").count() == 1
    jadwal = SiapkanPdf.objects.get()
    assert jadwal.antre and jadwal.setelah > timezone.now()
    assert tugas_siapkan().filter(status="READY").count() == 1


def test_edits_all_day_still_get_a_pdf_within_ten_quiet_periods(laporan, opd):
    data_berubah(opd.pk, 2024)
    lama = timezone.now() - datetime.timedelta(minutes=30)
    SiapkanPdf.objects.update(sejak=lama)
    data_berubah(opd.pk, 2024)
    assert SiapkanPdf.objects.get().setelah == lama + 10 * datetime.timedelta(seconds=60)


def test_turned_off_a_queued_preparation_renders_nothing(laporan, opd, settings):
    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    settings.SAKIP_PDF_SIAPKAN_DETIK = 0
    kerjakan_semua()
    assert not BerkasPDF.objects.exists() and tugas_siapkan().get().return_value == "dimatikan"


def test_a_prepared_pdf_replaced_meanwhile_gives_a_new_job_not_an_error(client, operator, laporan, opd):
    from laporan import cetak

    data_berubah(opd.pk, 2024)
    jatuh_tempo()
    kerjakan_semua()
    siap = BerkasPDF.objects.get()
    asli = cetak.pdf_terkini

    def lalu_hilang(lap, data):
        hasil = asli(lap, data)
        BerkasPDF.objects.filter(pk=siap.pk).delete()  # the background replaced it just now
        return hasil

    cetak.pdf_terkini = lalu_hilang
    try:
        baru = cetak.antrekan_pdf(laporan, operator, susun_laporan(opd, 2024))
    finally:
        cetak.pdf_terkini = asli
    assert baru.pk != siap.pk and baru.status == "antre" and not baru.otomatis
