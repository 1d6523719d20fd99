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


def test_a_quarter_not_entered_counts_as_not_filled_although_a_stock_carries_forward(client, opd):
    """A TW IV not yet entered: every quarterly indicator is 'belum diisi', though its TW III stock
    carries forward as the value; an S1 survey in TW III and a due N-1 score count as filled."""
    from kinerja.models import Realisasi
    from renstra.models import Indikator

    semua = list(Indikator.objects.filter(item_pk_set__perjanjian__opd=opd).distinct().order_by("id"))
    assert len(semua) == 2
    Indikator.objects.filter(id__in=[i.id for i in semua]).update(frekuensi="triwulan", agregasi="terakhir")
    Realisasi.objects.filter(indikator__in=semua, tahun=2024).delete()
    for ind in semua:
        Realisasi.objects.create(indikator=ind, tahun=2024, periode="TW3", nilai=90)
    client.force_login(PenggunaFactory(pimpinan=True, opd=opd))
    url = reverse("opd_detail", args=["dinas-uji"])

    tw3 = client.get(url + "?tahun=2024&periode=TW3").context["dasbor"]
    assert len(tw3.belum_diisi) == 0
    tw4 = client.get(url + "?tahun=2024&periode=TW4")
    assert [h.indikator.id for h in tw4.context["dasbor"].belum_diisi] == [i.id for i in semua]
    assert '<strong>2</strong><span class="muted kecil">dari 2 indikator</span>' in tw4.text
    # The realisation used is still the carried stock (the report shows it with its vintage).
    assert all(h.realisasi == 90 for h in tw4.context["dasbor"].pengukuran.semua_indikator)

    # A semester survey: S1 is the data due in TW III; TW IV wants S2.
    Indikator.objects.filter(id=semua[0].id).update(frekuensi="semester")
    Realisasi.objects.filter(indikator=semua[0]).update(periode="S1")
    tw3 = client.get(url + "?tahun=2024&periode=TW3").context["dasbor"]
    assert len(tw3.belum_diisi) == 0
    # An annual N-1 score: 2023's figure is the data due for 2024, in any quarter.
    Indikator.objects.filter(id=semua[1].id).update(frekuensi="tahun", tunda_tahun=1)
    Realisasi.objects.filter(indikator=semua[1], tahun=2024).delete()
    Realisasi.objects.filter(indikator=semua[1], tahun=2023).delete()
    Realisasi.objects.create(indikator=semua[1], tahun=2023, periode="TAHUN", nilai=80)
    tw4 = client.get(url + "?tahun=2024&periode=TW4").context["dasbor"]
    assert [h.indikator.id for h in tw4.belum_diisi] == [semua[0].id]

    # The Pemda dashboard counts the same way.
    client.force_login(PenggunaFactory(reviewer=True, pemda=opd.pemda))
    baris = {
        o.kode: o.laporan for o in client.get(reverse("beranda") + "?tahun=2024&periode=TW4").context["daftar_opd"]
    }
    assert (baris["dinas-uji"].terisi, baris["dinas-uji"].jumlah_indikator) == (1, 2)


def test_the_office_page_picks_the_year_from_a_list(client, opd):
    """The year is a select of the Renstra period (2020–2024) and the PK years, never free text; a
    year that is no year answers the Indonesian 404 page."""
    client.force_login(PenggunaFactory(pimpinan=True, opd=opd))
    url = reverse("opd_detail", args=["dinas-uji"])
    response = client.get(url)
    assert response.context["tahun_ada"] == [2024, 2023, 2022, 2021, 2020]
    assert '<input name="tahun"' not in response.text
    assert '<select name="tahun" aria-label="Tahun" data-kirim-otomatis>' in response.text
    assert '<option value="2024" selected>2024</option>' in response.text
    # A year asked for by URL outside the list is added (and said to have no PK).
    response = client.get(url + "?tahun=2030")
    assert response.context["tahun_ada"] == [2030, 2024, 2023, 2022, 2021, 2020]
    assert '<option value="2030" selected>2030</option>' in response.text
    for salah in ("24", "2o24"):
        response = client.get(url, {"tahun": salah})
        assert response.status_code == 404 and "Halaman tidak ditemukan" in response.text
        assert "Tahun 24" not in response.text
