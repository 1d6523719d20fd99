"""Dashboards: one office, and all offices of a Pemda side by side."""

import pytest
from django.urls import reverse

from kinerja.alur import jalankan_transisi
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import IndikatorFactory, OPDFactory, PenggunaFactory, tambah_item_pk

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


def test_office_dashboard(client, opd, django_assert_max_num_queries):
    client.force_login(PenggunaFactory(pimpinan=True, opd=opd))
    with django_assert_max_num_queries(45) as ctx:
        response = client.get(reverse("opd_detail", args=["dinas-uji"]) + "?tahun=2024&periode=TAHUN")
    n = len(ctx.captured_queries)
    html = response.text
    assert "Capaian kinerja Tahun 2024" in html and "99,17 %" in html  # office mean of 99,30 and 99,03
    assert "Serapan anggaran" in html and "99,09 %" in html
    assert "Di bawah target" in html and "Persentase penduduk ber-KTP-el" in html
    assert "Semua indikator sudah memiliki realisasi" in html
    # A quarter without data lists what is missing.
    html = client.get(reverse("opd_detail", args=["dinas-uji"]) + "?tahun=2024&periode=TW1").text
    assert "Belum diisi untuk Triwulan I 2024" in html and html.count("<li>Persentase") == 2
    # Queries do not grow with indicators.
    perjanjian = opd.perjanjian_set.get()
    for _ in range(10):
        tambah_item_pk(
            perjanjian,
            sasaran=perjanjian.item_set.first().sasaran,
            indikator=IndikatorFactory(sasaran=perjanjian.item_set.first().sasaran),
        )
    with django_assert_max_num_queries(n):
        client.get(reverse("opd_detail", args=["dinas-uji"]) + "?tahun=2024&periode=TAHUN")


def test_pemda_dashboard_shows_every_office_and_who_has_not_reported(client, opd):
    kosong = OPDFactory(pemda=opd.pemda, kode="dinas-kosong", nama="Dinas Tanpa Laporan")
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    jalankan_transisi(PenggunaFactory(opd=opd), opd, 2024, "TAHUN", "ajukan", yakin=True)
    client.force_login(reviewer)
    response = client.get(reverse("beranda") + "?tahun=2024&periode=TAHUN")
    baris = {o.kode: o.laporan for o in response.context["daftar_opd"]}
    assert (baris["dinas-uji"].label_status, baris["dinas-uji"].terisi, baris["dinas-uji"].jumlah_indikator) == (
        "Diajukan",
        2,
        2,
    )
    assert baris["dinas-uji"].capaian.nilai is not None
    assert (baris["dinas-kosong"].terisi, baris["dinas-kosong"].diperbarui) == (0, None)
    assert "belum melapor" in response.text and kosong.nama in response.text


def test_bad_year_or_period_is_404(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    assert client.get(reverse("opd_detail", args=["dinas-uji"]) + "?periode=TW9").status_code == 404
    assert client.get(reverse("beranda") + "?tahun=dua").status_code == 404
