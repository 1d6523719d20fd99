"""Budget realisation grid: cumulative spending per leaf, totals as typed, refusals, scope, lock."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from anggaran.models import ItemAnggaran, RealisasiAnggaran
from kinerja.alur import jalankan_transisi
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(opd=opd)


def item(kode):
    return ItemAnggaran.objects.get(kode=kode)


def url():
    return reverse("anggaran_realisasi", args=["dinas-uji", 2024])


def isian(client, triwulan, **ubah):
    """The grid of `triwulan` as the browser posts it back, with some figures typed over."""
    data = isi_formulir(client.get(url() + f"?triwulan={triwulan}").text, "grid-anggaran")
    data.update(ubah)
    return data


def test_grid_shows_leaves_with_inputs_and_parents_with_totals(client, operator, django_assert_max_num_queries):
    client.force_login(operator)
    # 28: the page asks the save's own rule whether the quarter is open (its entry window: one query),
    # the header's bell counts unread notices (one query), and the budget summary reads the spending
    # types and stages (one query).
    with django_assert_max_num_queries(28) as ctx:
        html = client.get(url() + "?triwulan=4").text
    n = len(ctx.captured_queries)
    assert f'name="ra-{item("2.12.02.2.01.0001").id}-nilai" value="434.526.020"' in html
    assert f'id="tot-{item("2.12.02").id}">Rp 434.526.020' in html
    for i in range(2, 20):
        ItemAnggaran.objects.create(opd=item("2.12.02").opd, tahun=2024, kode=f"2.12.02.2.01.{i:04d}", nama=f"Sub {i}")
    with django_assert_max_num_queries(n):
        client.get(url() + "?triwulan=4")


def test_totals_roll_up_as_typed(client, operator):
    client.force_login(operator)
    ktp = item("2.12.02.2.01.0001")
    response = client.post(
        reverse("anggaran_realisasi_hitung", args=["dinas-uji", 2024]),
        {"triwulan": 3, f"ra-{ktp.id}-nilai": "350.000.000"},
    )
    assert f'id="tot-{item("2.12.02").id}" hx-swap-oob="true">Rp 350.000.000' in response.text
    # Office at TW III: 350.000.000 typed + 0 for akta (nothing up to TW III) / pagu 557.286.032 = 62,80 %.
    assert 'id="ser-opd" hx-swap-oob="true">62,80 %' in response.text


def test_save_quarter_and_history(client, operator):
    client.force_login(operator)
    ktp = item("2.12.02.2.01.0001")
    data = isian(client, 2, **{f"ra-{ktp.id}-nilai": "150.000.000"})
    response = client.post(url() + "?triwulan=2", data, follow=True)
    assert "tersimpan: 1 baris berubah" in response.text
    assert RealisasiAnggaran.objects.get(item=ktp, triwulan=2).nilai == D(150000000)
    assert RealisasiAnggaran.history.filter(item_id=ktp.id, triwulan=2).latest().history_user == operator


@pytest.mark.parametrize(
    "tw, teks, pesan",
    [
        (4, "500.000.000", "melebihi pagu"),
        (4, "200.000.000", "lebih kecil dari s.d. triwulan 3"),  # TW3 already 300.000.000
        (4, "empat ratus", "bukan angka"),
    ],
)
def test_bad_figures_are_refused_and_nothing_saved(client, operator, tw, teks, pesan):
    client.force_login(operator)
    ktp, akta = item("2.12.02.2.01.0001"), item("2.12.03.2.01.0001")
    data = isian(client, tw, **{f"ra-{ktp.id}-nilai": teks, f"ra-{akta.id}-nilai": "110.000.000"})
    response = client.post(url() + f"?triwulan={tw}", data)
    assert pesan in response.text and "tidak ada yang disimpan" in response.text
    assert RealisasiAnggaran.objects.get(item=akta, triwulan=4).nilai == D(117702000)


def test_locked_period_and_other_offices(client, opd, operator):
    client.force_login(operator)
    ktp = item("2.12.02.2.01.0001")
    data = isian(client, 4, **{f"ra-{ktp.id}-nilai": "400.000.000"})  # loaded before the quarter was submitted
    jalankan_transisi(operator, opd, 2024, "TW4", "ajukan", yakin=True)
    response = client.post(url() + "?triwulan=4", data, follow=True)
    assert "terkunci: data" in response.text
    assert RealisasiAnggaran.objects.get(item=ktp, triwulan=4).nilai == D(434526020)
    client.force_login(PenggunaFactory(opd=OPDFactory(kode="dinas-lain")))
    assert client.get(url()).status_code == 404
    assert client.post(reverse("anggaran_realisasi_hitung", args=["dinas-uji", 2024]), {}).status_code == 404
