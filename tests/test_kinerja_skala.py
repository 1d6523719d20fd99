"""Scale: page queries do not grow with the number of offices or indicators, and the batched
measurement of many offices gives exactly the figures of each office measured alone."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anggaran.ringkasan import ringkas_anggaran
from anggaran.ringkasan import sebagai_dict as anggaran_dict
from bench.data_sintetis import dokumen_opd
from kinerja.pengukuran import PengukuranTidakTersedia, sebagai_dict, ukur_banyak_opd, ukur_opd
from laporan.dasbor import dasbor_pemda
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.factories import OPDFactory, PenggunaFactory

pytestmark = pytest.mark.django_db

PEMDA = "Provinsi Skala"


def _muat(dari, sampai, n_indikator=8):
    for urut in range(dari, sampai + 1):
        hasil = impor_data_opd(
            dokumen_opd(
                5,
                urut,
                awalan="skala",
                nama_pemda=PEMDA,
                n_indikator=n_indikator,
                n_sub_kegiatan=20,
                tahun_mulai=2024,
                n_tahun=2,
            )
        )
        assert hasil.berhasil, hasil.galat[:5]


def _kueri(client, url, *, tanpa_simpanan=False):
    if tanpa_simpanan:  # the Pemda dashboard's figures kept per data version (laporan.dasbor)
        from django.core.cache import caches

        caches["laporan"].clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_pemda_dashboard_queries_do_not_grow_with_offices(client):
    _muat(1, 3)
    reviewer = PenggunaFactory(reviewer=True, pemda=OPD.objects.get(kode="skala-01").pemda)
    client.force_login(reviewer)
    url = reverse("beranda") + "?tahun=2025&periode=TW3"
    tiga = _kueri(client, url, tanpa_simpanan=True)
    tiga_simpanan = _kueri(client, url)  # every office's figures kept: none measured
    _muat(4, 12)
    OPDFactory(pemda=reviewer.pemda, kode="skala-tanpa-pk")  # an office without a PK
    response = client.get(url)
    assert len(response.context["daftar_opd"]) == 13
    assert _kueri(client, url, tanpa_simpanan=True) == tiga
    assert _kueri(client, url) == tiga_simpanan < tiga
    assert _kueri(client, reverse("beranda") + "?tahun=2025&periode=TAHUN", tanpa_simpanan=True) <= tiga


@pytest.mark.parametrize("periode", ["TW1", "TW3", "S1", "S2", "TAHUN"])
def test_batched_measurement_equals_each_office_alone(periode):
    _muat(1, 4)  # office 4 has a PK perubahan dated 1 August 2025
    daftar = list(OPD.objects.filter(kode__startswith="skala-").order_by("kode"))
    daftar.append(OPDFactory(pemda=daftar[0].pemda, kode="skala-tanpa-pk"))
    for ringkas in (False, True):
        banyak = ukur_banyak_opd(daftar, 2025, periode, ringkas=ringkas)
        for opd in daftar[:-1]:
            sendiri = sebagai_dict(ukur_opd(opd, 2025, periode))
            assert json.dumps(sebagai_dict(banyak[opd.id])) == json.dumps(sendiri)
        assert isinstance(banyak[daftar[-1].id], PengukuranTidakTersedia)
    baris = {b.opd.kode: b for b in dasbor_pemda(daftar, 2025, ukur_opd(daftar[0], 2025, periode).periode)}
    assert baris["skala-01"].capaian.nilai == ukur_opd(daftar[0], 2025, periode).capaian_opd.nilai
    assert baris["skala-tanpa-pk"].jumlah_indikator == 0


def test_office_pages_queries_do_not_grow_with_indicators(client):
    _muat(1, 1, n_indikator=8)
    _muat(2, 2, n_indikator=32)
    kecil, besar = OPD.objects.get(kode="skala-01"), OPD.objects.get(kode="skala-02")
    assert besar.indikator_set.count() > 3 * kecil.indikator_set.count() / 2
    halaman = [
        lambda o: reverse("opd_detail", args=[o.kode]) + "?tahun=2025&periode=TW3",
        lambda o: reverse("realisasi_grid", args=[o.kode, 2025, "TW3"]),
    ]
    for url in halaman:
        jumlah = []
        for opd in (kecil, besar):
            client.force_login(PenggunaFactory(opd=opd))
            jumlah.append(_kueri(client, url(opd)))
        assert jumlah[0] == jumlah[1], url(kecil)


def test_grid_save_queries_do_not_grow_with_rows(client):
    """Saving every row of a grid: the same queries for 8 and for 32 indicators (a copy of each
    stored row kept for the lock check once read its indicator again, a query per row)."""
    from bench.run import _isian_grid

    _muat(1, 1, n_indikator=8)
    _muat(2, 2, n_indikator=32)
    jumlah = []
    for kode in ("skala-01", "skala-02"):
        opd = OPD.objects.get(kode=kode)
        client.force_login(PenggunaFactory(opd=opd))
        data, n = _isian_grid(opd, 2025, "TW3", 5)
        with CaptureQueriesContext(connection) as ctx:
            r = client.post(reverse("realisasi_grid", args=[kode, 2025, "TW3"]), data)
        assert r.status_code == 302
        jumlah.append((n, len(ctx.captured_queries)))
    assert jumlah[1][0] > 3 * jumlah[0][0]
    assert jumlah[0][1] == jumlah[1][1], jumlah


def test_budget_summary_unchanged_by_shared_measurement():
    _muat(1, 1)
    opd = OPD.objects.get(kode="skala-01")
    sendiri = anggaran_dict(ringkas_anggaran(opd, 2025, "TW3"))
    bersama = anggaran_dict(ringkas_anggaran(opd, 2025, "TW3", pengukuran=ukur_opd(opd, 2025, "TW3")))
    assert sendiri == bersama and sendiri["efisiensi"]


def test_grid_save_updates_rows_with_their_time_revision_and_history(client):
    import datetime

    from bench.run import _isian_grid
    from kinerja.models import Realisasi

    _muat(1, 1)
    opd = OPD.objects.get(kode="skala-01")
    lama = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    baris = Realisasi.objects.filter(indikator__opd=opd, tahun=2025, periode="TW3")
    baris.update(diperbarui=lama)
    sebelum = {r.id: (r.revisi, r.history.count()) for r in baris}
    operator = PenggunaFactory(opd=opd)
    client.force_login(operator)
    data, n = _isian_grid(opd, 2025, "TW3", 7)
    assert client.post(reverse("realisasi_grid", args=[opd.kode, 2025, "TW3"]), data).status_code == 302
    for r in baris.filter(id__in=sebelum):
        assert (r.revisi, r.history.count()) == (sebelum[r.id][0] + 1, sebelum[r.id][1] + 1)
        assert r.diperbarui > lama and r.diisi_oleh == operator and r.keterangan_data == "Putaran 7"
        assert r.history.first().history_user == operator
    assert baris.all().count() == n  # rows without a stored value of the quarter were created


# --------------------------------------------------------------------------- PDF jobs


@pytest.fixture
def laporan_uji():
    from laporan.models import Laporan
    from pertukaran.muat import impor_data_opd
    from tests.data_opd_contoh import dokumen

    assert impor_data_opd(dokumen()).berhasil
    return Laporan.objects.create(opd=OPD.objects.get(kode="dinas-uji"), tahun=2024, periode="TAHUN")


def test_a_pdf_of_unchanged_data_is_reused_not_rendered_again(laporan_uji, monkeypatch):
    from laporan import cetak
    from laporan.models import BerkasPDF

    pertama = cetak.jalankan_tugas(BerkasPDF.objects.create(laporan=laporan_uji))
    assert pertama.status == "selesai" and pertama.sidik_cetak == cetak.versi_cetak()

    def jangan(*args, **kwargs):
        raise AssertionError("tidak boleh merender ulang")

    monkeypatch.setattr(cetak, "pdf_laporan", jangan)
    kedua = cetak.jalankan_tugas(BerkasPDF.objects.create(laporan=laporan_uji))
    assert kedua.status == "selesai" and kedua.sha256 == pertama.sha256
    assert kedua.jumlah_halaman == pertama.jumlah_halaman and kedua.berkas.name != pertama.berkas.name
    # Other templates (or data) and it is rendered again.
    BerkasPDF.objects.update(sidik_cetak="lain")
    assert cetak.jalankan_tugas(BerkasPDF.objects.create(laporan=laporan_uji)).status == "gagal"


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_each_job_in_a_child_process(laporan_uji):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database cannot be shared with a child process")
    import os

    from laporan import cetak
    from laporan.models import BerkasPDF

    tugas = BerkasPDF.objects.create(laporan=laporan_uji)
    induk = os.getpid()
    tugas = cetak.jalankan_tugas_terpisah(cetak.ambil_tugas())
    assert os.getpid() == induk
    assert tugas.status == "selesai" and tugas.jumlah_halaman > 10 and tugas.berkas.size > 10_000
