"""Budget realisation grid: only changed figures are written, per-cell conflicts, Rupiah amounts,
the rules of every door judged on the quarters as they would be stored, frozen quarters."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from anggaran.entri import simpan_realisasi_anggaran
from anggaran.models import ItemAnggaran, Pagu, RealisasiAnggaran
from kinerja.alur import GalatAlur, jalankan_transisi
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db
KTP, AKTA = "2.12.02.2.01.0001", "2.12.03.2.01.0001"


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


def url(triwulan=4):
    return reverse("anggaran_realisasi", args=["dinas-uji", 2024]) + f"?triwulan={triwulan}"


def item(kode):
    return ItemAnggaran.objects.get(kode=kode)


def kunci(kode):
    return f"ra-{item(kode).id}-nilai"


def nilai(kode, triwulan):
    r = RealisasiAnggaran.objects.filter(item__kode=kode, triwulan=triwulan).first()
    return r.nilai if r else None


def muat(client, triwulan=4):
    response = client.get(url(triwulan))
    assert response.status_code == 200
    return isi_formulir(response.text, "grid-anggaran")


@pytest.mark.parametrize("triwulan", [3, 4])
def test_saved_unchanged_changes_nothing(client, operator, triwulan):
    client.force_login(operator)
    data = muat(client, triwulan)
    assert data[kunci(KTP)] == {3: "300.000.000", 4: "434.526.020"}[triwulan]
    sebelum = potret()
    response = client.post(url(triwulan), data, follow=True)
    assert "Tidak ada yang berubah" in response.text
    assert not beda(sebelum, potret())


def test_the_quarter_is_named_in_title_and_heading(client, operator):
    client.force_login(operator)
    html = client.get(url(3)).text
    assert "<title>Realisasi anggaran s.d. Triwulan III 2024" in html
    assert "<h1>Realisasi anggaran s.d. Triwulan III 2024</h1>" in html


def test_amounts_are_rupiah_a_dot_groups_thousands(client, operator):
    client.force_login(operator)
    data = muat(client, 2)
    data[kunci(KTP)] = "250.000"
    response = client.post(url(2), data, follow=True)
    assert "Realisasi anggaran s.d. Triwulan II tersimpan: 1 baris berubah" in response.text
    assert nilai(KTP, 2) == D(250000)


def test_a_stale_page_never_reverts_a_figure_changed_by_someone_else(client, operator, opd):
    client.force_login(operator)
    dimuat = muat(client)
    lain = PenggunaFactory(username="operator.dua", opd=opd)
    client.force_login(lain)
    data = muat(client)
    data[kunci(AKTA)] = "118.000.000"
    client.post(url(), data)
    client.force_login(operator)
    dimuat[kunci(KTP)] = "435.000.000"
    client.post(url(), dimuat)
    assert (nilai(KTP, 4), nilai(AKTA, 4)) == (D(435000000), D(118000000))
    assert RealisasiAnggaran.history.filter(item_id=item(AKTA).id).latest().history_user == lain


def test_a_real_conflict_shows_both_amounts_and_saves_nothing(client, operator, opd):
    client.force_login(operator)
    dimuat = muat(client)
    client.force_login(PenggunaFactory(username="operator.dua", opd=opd))
    data = muat(client)
    data[kunci(KTP)] = "436.000.000"
    client.post(url(), data)
    client.force_login(operator)
    dimuat.update({kunci(KTP): "437.000.000", kunci(AKTA): "119.000.000"})
    response = client.post(url(), dimuat)
    assert "Realisasi 2.12.02.2.01.0001 diubah orang lain" in response.text
    assert "tersimpan <strong>436.000.000</strong>, isian Anda <strong>437.000.000</strong>" in response.text
    assert (nilai(KTP, 4), nilai(AKTA, 4)) == (D(436000000), D(117702000))
    data = isi_formulir(response.text, "grid-anggaran")
    assert (data[kunci(KTP)], data["initial-" + kunci(KTP)]) == ("437.000.000", "436.000.000")
    client.post(url(), data)
    assert (nilai(KTP, 4), nilai(AKTA, 4)) == (D(437000000), D(119000000))


def test_the_rules_judge_the_quarters_as_they_would_be_stored(client, operator):
    client.force_login(operator)
    # TW3 raised above the stored TW4: the cumulative figure would decrease in TW4.
    data = muat(client, 3)
    data[kunci(KTP)] = "435.000.000"
    response = client.post(url(3), data)
    assert "s.d. triwulan 4" in response.text and "lebih kecil dari s.d. triwulan 3" in response.text
    assert nilai(KTP, 3) == D(300000000)
    # Above the pagu in force at the end of TW2 (the murni 400.000.000; the perubahan is dated September).
    data = muat(client, 2)
    data[kunci(KTP)] = "420.000.000"
    response = client.post(url(2), data)
    assert "melebihi pagu (Rp 400.000.000)" in response.text and nilai(KTP, 2) is None
    # A figure stored inconsistent already does not block a change that does not cause it.
    RealisasiAnggaran.objects.filter(item__kode=KTP, triwulan=4).update(nilai=D(250000000))
    data[kunci(KTP)] = "100.000.000"
    response = client.post(url(2), data, follow=True)
    assert "tersimpan: 1 baris berubah" in response.text and nilai(KTP, 2) == D(100000000)


def test_a_cleared_figure_is_removed_with_history_and_the_total_carries_forward(client, operator):
    client.force_login(operator)
    data = muat(client, 4)
    data[kunci(AKTA)] = ""
    response = client.post(reverse("anggaran_realisasi_hitung", args=["dinas-uji", 2024]), data)
    assert f'id="tot-{item("2.12.03").id}" hx-swap-oob="true">Rp 0' in response.text  # no earlier quarter
    data[kunci(KTP)] = ""
    response = client.post(reverse("anggaran_realisasi_hitung", args=["dinas-uji", 2024]), data)
    assert f'id="tot-{item("2.12.02").id}" hx-swap-oob="true">Rp 300.000.000' in response.text  # TW3 carried
    response = client.post(url(4), data, follow=True)
    assert "tersimpan: 2 baris berubah" in response.text
    assert (nilai(KTP, 4), nilai(AKTA, 4)) == (None, None)
    terakhir = RealisasiAnggaran.history.filter(item_id=item(KTP).id, triwulan=4).latest()
    assert (terakhir.history_type, terakhir.history_user) == ("-", operator)


def test_a_frozen_quarter_is_read_only_and_refused(client, operator, opd):
    client.force_login(operator)
    dimuat = muat(client, 3)
    jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)
    html = client.get(url(3)).text
    assert "Realisasi anggaran triwulan 3 2024 terkunci" in html
    assert kunci(KTP) not in isi_formulir(html, "grid-anggaran") and ">Simpan<" not in html
    assert kunci(KTP) in muat(client, 4)  # a later quarter stays open
    dimuat[kunci(KTP)] = "310.000.000"
    sebelum = potret()
    response = client.post(url(3), dimuat, follow=True)
    assert "Realisasi anggaran triwulan 3 2024 terkunci" in response.text
    assert not beda(sebelum, potret())
    with pytest.raises(GalatAlur, match="terkunci"):
        simpan_realisasi_anggaran(operator, opd, 2024, 3, dimuat)
    assert nilai(KTP, 3) == D(300000000)


def test_save_queries_do_not_grow_with_rows(client, operator, opd, django_assert_max_num_queries):
    client.force_login(operator)
    data = muat(client, 4)
    data[kunci(KTP)] = "435.000.000"
    with django_assert_max_num_queries(40) as ctx:
        assert client.post(url(4), data).status_code == 302
    n = len(ctx.captured_queries)
    for i in range(2, 17):
        x = ItemAnggaran.objects.create(opd=opd, tahun=2024, kode=f"2.12.02.2.01.{i:04d}", nama=f"Sub {i}")
        Pagu.objects.bulk_create([Pagu(item=x, nilai=D(1000000))])
    data = muat(client, 4)
    for x in ItemAnggaran.objects.filter(nama__startswith="Sub "):
        data[f"ra-{x.id}-nilai"] = "500.000"
    with django_assert_max_num_queries(n):
        assert client.post(url(4), data).status_code == 302
    assert RealisasiAnggaran.objects.filter(triwulan=4, nilai=D(500000)).count() == 15


def test_a_quarter_outside_its_entry_window_is_read_only_before_any_save(client, operator, opd):
    # The save's own rule (periksa_boleh_isi_anggaran) decides the page: no input to type into
    # and lose at Simpan.
    import datetime

    from kinerja.models import JendelaEntri

    JendelaEntri.objects.create(
        pemda=opd.pemda, tahun=2024, periode="TW2", mulai=datetime.date(2024, 7, 1), selesai=datetime.date(2024, 7, 15)
    )
    client.force_login(operator)
    html = client.get(url(2)).text
    assert "Jendela pengisian periode ini 01-07-2024 s.d. 15-07-2024" in html
    assert kunci(KTP) not in isi_formulir(html, "grid-anggaran") and ">Simpan<" not in html
    assert kunci(KTP) in muat(client, 4)  # another quarter without a window stays open


def test_each_row_serapan_follows_the_typed_figure_and_a_refused_cell_is_marked(client, operator):
    client.force_login(operator)
    data = muat(client, 2)
    data[kunci(KTP)] = "200.000.000"
    response = client.post(reverse("anggaran_realisasi_hitung", args=["dinas-uji", 2024]), data)
    # The leaf's own serapan, by the server's formula: 200.000.000 / pagu 400.000.000 (murni, TW2).
    assert f'id="ser-{item(KTP).id}" hx-swap-oob="true">50,00 %' in response.text
    data[kunci(KTP)] = "420.000.000"
    html = client.post(url(2), data).text
    sel = html.split(f'name="{kunci(KTP)}"')[1].split(">")[0]
    assert 'aria-invalid="true"' in sel and 'data-kolom="nilai"' in sel and 'data-angka="rupiah"' in sel


@pytest.mark.parametrize("angka", ["-5", "1.000"])
def test_live_totals_of_an_impossible_figure_answer_without_a_server_error(client, operator, angka):
    # Pagu 0 with a figure, or a negative figure, is refused at Simpan; the live totals, asked per
    # keystroke, must not fail on it either: the row's serapan stays empty.
    client.force_login(operator)
    Pagu.objects.filter(item=item(KTP)).update(nilai=0)
    data = muat(client, 2)
    data[kunci(KTP)] = angka
    response = client.post(reverse("anggaran_realisasi_hitung", args=["dinas-uji", 2024]), data)
    assert response.status_code == 200
    assert f'id="ser-{item(KTP).id}" hx-swap-oob="true">–</td>' in response.text
