"""A PDF job whose worker died is taken over within a minute (issue #15): the worker writes a
heartbeat while it renders; a job in progress with a heartbeat older than BATAS_DETAK is claimed
by the next worker pass or put back in the queue by a new request; a fresh one is left alone."""

import datetime
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from laporan import cetak
from laporan import models as model_laporan
from laporan.cetak import ambil_tugas, antrekan_pdf, berdetak, jalankan_tugas
from laporan.models import BATAS_DETAK, BerkasPDF, Laporan
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


def tugas_proses(laporan, detik_lalu, **medan):
    """A job some worker claimed, whose last heartbeat was `detik_lalu` seconds ago."""
    tugas = BerkasPDF.objects.create(laporan=laporan, status="proses", progres=35, tahap="Menata halaman", **medan)
    detak = timezone.now() - datetime.timedelta(seconds=detik_lalu)
    BerkasPDF.objects.filter(pk=tugas.pk).update(detak=detak, pemegang="pekerja-lama")
    return BerkasPDF.objects.get(pk=tugas.pk)


def test_the_limit_is_a_minute():
    assert BATAS_DETAK <= datetime.timedelta(seconds=60)
    assert model_laporan.DETAK_SETIAP * 5 <= BATAS_DETAK  # several beats may be missed before a takeover


def test_a_job_with_a_stale_heartbeat_is_taken_over_by_the_next_worker_a_fresh_one_is_not(opd):
    laporan = Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN")
    segar = tugas_proses(laporan, 20)
    assert not segar.mati and ambil_tugas() is None
    mati = tugas_proses(laporan, 70)
    assert mati.mati
    diambil = ambil_tugas()
    assert diambil.pk == mati.pk and diambil.pemegang not in ("", "pekerja-lama")
    assert diambil.tahap.startswith("Diambil alih") and not diambil.mati
    assert ambil_tugas() is None  # claimed once: its heartbeat is fresh now
    segar.refresh_from_db()
    assert (segar.status, segar.pemegang, segar.progres) == ("proses", "pekerja-lama", 35)


def test_the_worker_command_finishes_a_dead_job_and_leaves_a_live_one(opd):
    laporan = Laporan.objects.create(opd=opd, tahun=2019, periode="TAHUN")  # no PK: fails fast, with a reason
    mati, segar = tugas_proses(laporan, 120), tugas_proses(laporan, 5)
    call_command("pekerja_laporan", "--sekali", stdout=StringIO())
    mati.refresh_from_db()
    segar.refresh_from_db()
    assert mati.status == "gagal" and "Belum ada Perjanjian Kinerja" in mati.pesan
    assert (segar.status, segar.progres) == ("proses", 35)


def test_a_new_request_puts_a_dead_job_back_in_the_queue_a_live_one_blocks(client, opd, operator):
    laporan = Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN")
    url = reverse("laporan_pdf_minta", args=["dinas-uji", 2024, "tahunan"])
    client.force_login(operator)
    segar = tugas_proses(laporan, 10)
    client.post(url)
    assert BerkasPDF.objects.count() == 1
    segar.refresh_from_db()
    assert (segar.status, segar.progres) == ("proses", 35)
    BerkasPDF.objects.filter(pk=segar.pk).update(detak=timezone.now() - datetime.timedelta(seconds=61))
    assert (
        "Pekerja yang membuat PDF ini berhenti"
        in client.get(reverse("laporan_pdf_status", args=["dinas-uji", segar.pk])).text
    )
    client.post(url)
    segar.refresh_from_db()
    assert BerkasPDF.objects.count() == 1
    assert (segar.status, segar.progres, segar.pemegang) == ("antre", 0, "")
    assert ambil_tugas().pk == segar.pk


def test_a_worker_whose_job_was_taken_over_writes_nothing_more(opd):
    laporan = Laporan.objects.create(opd=opd, tahun=2019, periode="TAHUN")
    BerkasPDF.objects.create(laporan=laporan)
    lama = ambil_tugas()
    BerkasPDF.objects.filter(pk=lama.pk).update(detak=timezone.now() - datetime.timedelta(seconds=90))
    baru = ambil_tugas()
    assert baru.pk == lama.pk and baru.pemegang != lama.pemegang
    jalankan_tugas(lama)  # came back to life: its writes are refused
    baru.refresh_from_db()
    assert (baru.status, baru.pesan) == ("proses", "")
    jalankan_tugas(baru)
    baru.refresh_from_db()
    assert baru.status == "gagal" and "Belum ada Perjanjian Kinerja" in baru.pesan
    antrekan_pdf(laporan, None)  # a finished or failed job does not block a new request
    assert BerkasPDF.objects.filter(status="antre").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_moves_while_a_job_renders(opd, monkeypatch):
    monkeypatch.setattr(model_laporan, "DETAK_SETIAP", datetime.timedelta(seconds=0.05))
    laporan = Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN")
    BerkasPDF.objects.create(laporan=laporan)
    tugas = ambil_tugas()
    awal = tugas.detak
    with berdetak(tugas):
        time.sleep(0.5)  # a long render stage that reports no progress
    tugas.refresh_from_db()
    assert tugas.detak > awal
    # Taken over: the heartbeat of the old worker stops at once and writes nothing more.
    BerkasPDF.objects.filter(pk=tugas.pk).update(pemegang="pekerja-baru", detak=awal)
    with berdetak(tugas):
        time.sleep(0.3)
    tugas.refresh_from_db()
    assert tugas.detak == awal and cetak.BerkasPDF.objects.get(pk=tugas.pk).pemegang == "pekerja-baru"
