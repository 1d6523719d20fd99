"""Background jobs on Django's tasks framework (issue #22 item 1; sakip/tugas.py).

Each job row (a report PDF, a document review) is carried to a worker by a django.tasks task on the
database backend (django-tasks-db): the task is written with the row, a task delivered twice runs
its job once, a failing job does not stop the worker, jobs whose worker died or whose task was lost
are queued again, and the real `db_worker` command runs them. Notification mail is a task too."""

import io
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from laporan.cetak import antrekan_pdf, buat_pdf
from laporan.models import BerkasPDF, Laporan
from reviu import tugas_dokumen
from reviu.models import DokumenReviu
from sakip import tugas as tugas_latar
from sakip.tugas import kerjakan_semua, pulihkan
from tests.test_reviu_unggah import TEKS_LKJIP, media, unggah  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def tugas_untuk(baris):
    return DBTaskResult.objects.filter(args_kwargs__args=[baris.pk])


def test_every_kind_registers_its_model_and_its_task():
    jenis = {j.nama: j for j in tugas_latar.jenis_terdaftar()}
    assert jenis["laporan_pdf"].model is BerkasPDF and jenis["laporan_pdf"].tugas is buat_pdf
    assert jenis["reviu_dokumen"].model is DokumenReviu
    assert jenis["reviu_dokumen"].tugas is tugas_dokumen.reviu_berkas


def test_an_upload_writes_its_task_with_the_row_and_the_worker_runs_it(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    hasil = DBTaskResult.objects.get()
    assert (hasil.task_path, hasil.status, hasil.args_kwargs) == (
        "reviu.tugas_dokumen.reviu_berkas",
        "READY",
        {"args": [dokumen.pk], "kwargs": {}},
    )
    assert dokumen.id_tugas == str(hasil.id)
    assert kerjakan_semua() == 1
    hasil.refresh_from_db()
    assert (hasil.status, hasil.return_value) == ("SUCCESSFUL", "selesai")
    dokumen.refresh_from_db()
    assert (dokumen.status, dokumen.progres, dokumen.temuan_set.count()) == ("selesai", 100, 1)
    assert kerjakan_semua() == 0  # nothing left, nothing queued again


def test_a_job_rolled_back_leaves_no_task(reviewer_a):
    from reviu.models import Unggahan

    with pytest.raises(RuntimeError), transaction.atomic():
        unggahan = Unggahan.objects.create(pemda=reviewer_a.pemda, diunggah_oleh=reviewer_a)
        dokumen = DokumenReviu.objects.create(
            unggahan=unggahan, nama_asli="a.txt", berkas="a.txt", format="txt", ukuran=1, sha256="0" * 64
        )
        tugas_latar.antrekan(tugas_dokumen.reviu_berkas, dokumen)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError
    assert not DBTaskResult.objects.exists() and not DokumenReviu.objects.exists()


def test_a_task_delivered_twice_runs_its_job_once(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    tugas_dokumen.reviu_berkas.enqueue(dokumen.pk)  # a broker's retry, say
    assert kerjakan_semua() == 2
    assert sorted(tugas_untuk(dokumen).values_list("return_value", flat=True)) == ["dilewati", "selesai"]
    assert dokumen.temuan_set.count() == 1


def test_a_job_that_raises_fails_its_row_and_the_next_job_still_runs(client, reviewer_a, monkeypatch):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()), SimpleUploadedFile("b.txt", b"Teks lain\n"))
    a, b = DokumenReviu.objects.order_by("id")
    asli = tugas_dokumen.jalankan_tugas

    def rusak(dokumen):
        if dokumen.pk == a.pk:
            raise RuntimeError("rusak")
        return asli(dokumen)

    monkeypatch.setattr(tugas_dokumen, "jalankan_tugas", rusak)
    assert kerjakan_semua() == 2
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, a.pesan) == ("gagal", "Galat: rusak")
    assert b.status == "selesai"
    assert tugas_untuk(a).get().status == "FAILED" and tugas_untuk(b).get().status == "SUCCESSFUL"


def test_recovery_queues_dead_and_orphaned_jobs_and_nothing_twice(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(
        client,
        SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()),
        SimpleUploadedFile("b.txt", b"Teks b\n"),
        SimpleUploadedFile("c.txt", b"Teks c\n"),
    )
    menunggu, yatim, mati = DokumenReviu.objects.order_by("id")
    # Queued before the task framework: no task.
    DokumenReviu.objects.filter(pk=yatim.pk).update(id_tugas="")
    tugas_untuk(yatim).delete()
    # Its worker died: claimed long ago, heartbeat stale, its task left "running".
    lama = timezone.now() - timezone.timedelta(minutes=5)
    DokumenReviu.objects.filter(pk=mati.pk).update(status="proses", detak=lama, pemegang="pekerja-mati")
    tugas_untuk(mati).update(status="RUNNING")
    assert pulihkan() == 2
    assert tugas_untuk(menunggu).count() == 1  # its task still waits: not queued twice
    assert tugas_untuk(yatim).filter(status="READY").count() == 1
    assert tugas_untuk(mati).filter(status="READY").count() == 1
    mati.refresh_from_db()
    assert (mati.status, mati.pemegang, mati.tahap) == ("antre", "", "Menunggu pekerja")
    assert pulihkan() == 0
    kerjakan_semua()
    assert set(DokumenReviu.objects.values_list("status", flat=True)) == {"selesai"}


def test_a_pdf_request_writes_its_task(reviewer_a, dua_opd):
    laporan = Laporan.objects.create(opd=dua_opd["a"], tahun=2024, periode="TAHUN")
    berkas = antrekan_pdf(laporan, reviewer_a)
    assert tugas_untuk(berkas).get().task_path == "laporan.cetak.buat_pdf"
    assert antrekan_pdf(laporan, reviewer_a) == berkas  # one waiting job per report
    assert tugas_untuk(berkas).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_worker_command_runs_the_jobs(client, reviewer_a):
    """django-tasks-db's own worker (`db_worker`, what `manage.py pekerja` runs) in batch mode."""
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0, stdout=io.StringIO())
    dokumen = DokumenReviu.objects.get()
    assert (dokumen.status, dokumen.temuan_set.count()) == ("selesai", 1)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_job_queued_under_another_backend_is_queued_again_not_a_crash(client, reviewer_a):
    """After a switch from RQ: the row carries an RQ job id, no UUID."""
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    DBTaskResult.objects.all().delete()
    DokumenReviu.objects.filter(pk=dokumen.pk).update(id_tugas="2KMv6WgmVmCONYOosDFakSxkPfpfbw9W")
    out = io.StringIO()
    call_command("pekerja", "--sekali", stdout=out)
    assert out.getvalue().strip() == "1 tugas dikerjakan."
    dokumen.refresh_from_db()
    assert dokumen.status == "selesai" and len(dokumen.id_tugas) == 36


def test_asking_again_for_a_pdf_whose_task_was_lost_queues_it_again(reviewer_a, dua_opd):
    laporan = Laporan.objects.create(opd=dua_opd["a"], tahun=2024, periode="TAHUN")
    berkas = antrekan_pdf(laporan, reviewer_a)
    tugas_untuk(berkas).update(status="FAILED")  # e.g. the database was locked before its claim
    assert antrekan_pdf(laporan, reviewer_a) == berkas
    assert tugas_untuk(berkas).filter(status="READY").count() == 1
    assert antrekan_pdf(laporan, reviewer_a) == berkas and tugas_untuk(berkas).count() == 2  # not again


def test_a_dead_review_can_be_queued_again_by_hand(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    lama = timezone.now() - timezone.timedelta(minutes=5)
    DokumenReviu.objects.filter(pk=dokumen.pk).update(status="proses", detak=lama, pemegang="x")
    assert tugas_dokumen.antre_ulang(DokumenReviu.objects.get())
    assert tugas_untuk(dokumen).filter(status="READY").count() == 2


def test_recovery_closes_the_task_a_dead_worker_left_running(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    tugas_untuk(dokumen).update(status="RUNNING")
    lama = timezone.now() - timezone.timedelta(minutes=5)
    DokumenReviu.objects.filter(pk=dokumen.pk).update(status="proses", detak=lama, pemegang="x")
    assert pulihkan() == 1
    assert sorted(tugas_untuk(dokumen).values_list("status", flat=True)) == ["FAILED", "READY"]


def test_a_job_its_workers_died_on_three_times_fails_instead_of_taking_the_next_down(client, reviewer_a, settings):
    """A job that kills its worker (memory, say) is claimed again after each death, up to
    SAKIP_TUGAS_MAKS_PERCOBAAN claims; then it fails with a message and is not queued again."""
    settings.SAKIP_TUGAS_MAKS_PERCOBAAN = 3
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    lama = timezone.now() - timezone.timedelta(minutes=5)

    def mati_di_tengah():  # claimed, then the worker dies: heartbeat stale
        baris = tugas_latar.ambil(DokumenReviu.objects.filter(pk=dokumen.pk), ("pk",), lewati_terkunci=False)
        DokumenReviu.objects.filter(pk=dokumen.pk).update(detak=lama, diperbarui=lama)
        return baris

    assert mati_di_tengah().percobaan == 1
    assert pulihkan() == 1  # queued again
    assert DokumenReviu.objects.get().status == "antre"
    assert mati_di_tengah().percobaan == 2
    # Taken over straight from "in progress" by the next worker: a third claim.
    dokumen.refresh_from_db()
    assert dokumen.status == "proses"
    assert mati_di_tengah().percobaan == 3
    assert pulihkan() == 0  # not queued a fourth time
    dokumen.refresh_from_db()
    assert dokumen.status == "gagal" and dokumen.percobaan == 3
    assert dokumen.pesan.startswith("Dihentikan: pekerja latar berhenti 3 kali")
    # The tasks still waiting for it (the first, the one queued again) find it stopped.
    menunggu = tugas_untuk(dokumen).filter(status="READY").count()
    assert kerjakan_semua() == menunggu == 2
    assert set(tugas_untuk(dokumen).values_list("return_value", flat=True)) == {"dilewati"}
    assert DokumenReviu.objects.get().status == "gagal"
    # A worker that meets it dead in the queue stops it too, without running it.
    DokumenReviu.objects.filter(pk=dokumen.pk).update(status="proses", detak=lama, pesan="")
    assert tugas_latar.ambil(DokumenReviu.objects.filter(pk=dokumen.pk), ("pk",), lewati_terkunci=False) is None
    assert DokumenReviu.objects.get().status == "gagal"


def test_a_job_that_finishes_is_claimed_once(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    kerjakan_semua()
    dokumen = DokumenReviu.objects.get()
    assert (dokumen.status, dokumen.percobaan) == ("selesai", 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between sessions: PostgreSQL")
def test_two_pdf_requests_of_one_report_at_the_same_moment_make_one_job(reviewer_a, dua_opd, monkeypatch):
    """ "Buat PDF" of one report on two servers at once (bench/beban.py --server 2): both answers are
    the same job. Before the report row was locked, both saw no job waiting and each made one."""
    laporan = Laporan.objects.create(opd=dua_opd["a"], tahun=2024, periode="TAHUN")
    asli = tugas_latar.antrekan

    def lambat(task_obj, tugas):
        time.sleep(0.5)  # the first request is still in its transaction when the second looks
        asli(task_obj, tugas)

    monkeypatch.setattr(tugas_latar, "antrekan", lambat)
    mulai = threading.Barrier(2)
    hasil = []

    def minta():
        try:
            mulai.wait()
            hasil.append(antrekan_pdf(Laporan.objects.get(pk=laporan.pk), reviewer_a).pk)
        finally:
            connections.close_all()

    benang = [threading.Thread(target=minta) for _ in range(2)]
    for b in benang:
        b.start()
    for b in benang:
        b.join(30)
    assert BerkasPDF.objects.filter(laporan=laporan).count() == 1
    assert len(hasil) == 2 and len(set(hasil)) == 1
    assert DBTaskResult.objects.count() == 1


def test_a_stopped_review_asked_again_by_hand_counts_its_attempts_afresh(client, reviewer_a, settings):
    settings.SAKIP_TUGAS_MAKS_PERCOBAAN = 3
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    lama = timezone.now() - timezone.timedelta(minutes=5)
    DokumenReviu.objects.filter(pk=dokumen.pk).update(status="proses", detak=lama, percobaan=3)
    pulihkan()
    assert DokumenReviu.objects.get().status == "gagal"
    assert tugas_dokumen.antre_ulang(DokumenReviu.objects.get())  # "Periksa ulang"
    assert DokumenReviu.objects.get().percobaan == 0
    kerjakan_semua()
    dokumen.refresh_from_db()
    assert (dokumen.status, dokumen.percobaan) == ("selesai", 1)


def test_asking_for_a_pdf_whose_job_killed_its_workers_starts_a_new_job(reviewer_a, dua_opd, settings):
    settings.SAKIP_TUGAS_MAKS_PERCOBAAN = 3
    laporan = Laporan.objects.create(opd=dua_opd["a"], tahun=2024, periode="TAHUN")
    berkas = antrekan_pdf(laporan, reviewer_a)
    lama = timezone.now() - timezone.timedelta(minutes=5)
    BerkasPDF.objects.filter(pk=berkas.pk).update(status="proses", detak=lama, percobaan=3)
    baru = antrekan_pdf(laporan, reviewer_a)
    assert baru.pk != berkas.pk and baru.status == "antre"
    berkas.refresh_from_db()
    assert berkas.status == "gagal" and "berhenti 3 kali" in berkas.pesan


def test_a_slow_worker_that_finished_is_not_stopped_afterwards(client, reviewer_a, settings):
    """The limit is applied to a job still dead when it is written, not to one read dead earlier."""
    settings.SAKIP_TUGAS_MAKS_PERCOBAAN = 3
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    lama = timezone.now() - timezone.timedelta(minutes=5)
    DokumenReviu.objects.filter(pk=dokumen.pk).update(status="proses", detak=lama, percobaan=3)
    dibaca_mati = DokumenReviu.objects.get()
    DokumenReviu.objects.filter(pk=dokumen.pk).update(status="selesai", detak=timezone.now())  # it finished
    assert not tugas_latar.hentikan(dibaca_mati)
    assert DokumenReviu.objects.get().status == "selesai"
