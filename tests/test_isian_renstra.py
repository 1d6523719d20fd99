"""Renstra grid: only changed cells are written, per-cell conflicts, the IKU box, one number rule,
and a Renstra of 111 indicators still saves."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from pertukaran.muat import impor_data_opd
from renstra.entri import simpan_grid_renstra
from renstra.models import Indikator, Renstra, Sasaran, TargetIndikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db
URL = reverse("renstra_editor", args=["dinas-uji"])


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


def ind(kode):
    return Indikator.objects.get(kode=kode)


def target(kode, tahun):
    return TargetIndikator.objects.get(indikator__kode=kode, tahun=tahun).nilai


def muat(client):
    return isi_formulir(client.get(URL).text, "grid-renstra")


def test_saved_unchanged_changes_nothing(client, operator):
    client.force_login(operator)
    data = muat(client)
    i = ind("IKU1").id
    assert data[f"i-{i}-t2024"] == "99" and data[f"i-{i}-iku"] == "on" and data[f"initial-i-{i}-iku"] == "True"
    sebelum = potret()
    response = client.post(URL, data, follow=True)
    assert "Tidak ada yang berubah" in response.text
    assert not beda(sebelum, potret())


def test_a_stale_page_never_reverts_a_cell_changed_by_someone_else(client, operator, opd):
    client.force_login(operator)
    dimuat = muat(client)
    i1, i2 = ind("IKU1").id, ind("IKU2").id
    lain = PenggunaFactory(username="operator.dua", opd=opd)
    client.force_login(lain)
    data = muat(client)
    data.update({f"i-{i2}-t2024": "98", f"i-{i2}-satuan": "persen", f"i-{i2}-nama": "Cakupan akta kelahiran"})
    data.pop(f"i-{i2}-iku")  # unticked
    assert client.post(URL, data).status_code == 302
    client.force_login(operator)
    dimuat[f"i-{i1}-t2022"] = "97,25"
    response = client.post(URL, dimuat, follow=True)
    assert "Renstra tersimpan: 1 perubahan" in response.text
    i2_kini = ind("IKU2")
    assert (i2_kini.nama, i2_kini.satuan, i2_kini.iku, target("IKU2", 2024)) == (
        "Cakupan akta kelahiran",
        "persen",
        False,
        D(98),
    )
    assert target("IKU1", 2022) == D("97.25")


def test_a_real_conflict_shows_both_values_and_saves_nothing(client, operator, opd):
    client.force_login(operator)
    dimuat = muat(client)
    i = ind("IKU1").id
    client.force_login(PenggunaFactory(username="operator.dua", opd=opd))
    data = muat(client)
    data[f"i-{i}-t2024"] = "99,5"
    client.post(URL, data)
    client.force_login(operator)
    dimuat.update({f"i-{i}-t2024": "97", f"i-{i}-akhir": "100"})
    response = client.post(URL, dimuat)
    assert "Target 2024 diubah orang lain" in response.text
    assert "tersimpan <strong>99,5</strong>, isian Anda <strong>97</strong>" in response.text
    assert (target("IKU1", 2024), ind("IKU1").target_akhir) == (D("99.5"), D(99))
    data = isi_formulir(response.text, "grid-renstra")
    assert (data[f"i-{i}-t2024"], data[f"initial-i-{i}-t2024"]) == ("97", "99,50")
    client.post(URL, data)
    assert (target("IKU1", 2024), ind("IKU1").target_akhir) == (D(97), D(100))


def test_78000_is_a_count_in_a_count_indicator_and_ambiguous_in_a_percentage(client, operator):
    Indikator.objects.filter(kode="IKU2").update(satuan="Dokumen")
    client.force_login(operator)
    data = muat(client)
    i1, i2 = ind("IKU1").id, ind("IKU2").id
    data.update({f"i-{i2}-t2024": "78.000", f"i-{i1}-t2024": "78.000"})
    response = client.post(URL, data)
    assert "target 2024: Angka &#x27;78.000&#x27; ambigu" in response.text
    assert target("IKU2", 2024) == D(100)
    data[f"i-{i1}-t2024"] = "99"
    client.post(URL, data)
    assert target("IKU2", 2024) == D(78000)
    # A unit changed in the same save decides how its targets are read.
    data = muat(client)
    data.update({f"i-{i1}-satuan": "Orang", f"i-{i1}-t2023": "1.250"})
    client.post(URL, data)
    assert (ind("IKU1").satuan, target("IKU1", 2023)) == ("Orang", D(1250))


def test_the_iku_box_and_a_blank_name(client, operator):
    client.force_login(operator)
    i = ind("IKU1").id
    data = muat(client)
    data.pop(f"i-{i}-iku")
    client.post(URL, data)
    assert ind("IKU1").iku is False
    data = muat(client)
    assert f"i-{i}-iku" not in data and data[f"initial-i-{i}-iku"] == "False"
    data.update({f"i-{i}-iku": "on", f"i-{i}-nama": "  "})
    response = client.post(URL, data)
    assert "nama indikator tidak boleh kosong" in response.text and ind("IKU1").iku is False
    data[f"i-{i}-nama"] = "Persentase penduduk wajib KTP-el yang ber-KTP-el"
    client.post(URL, data)
    assert (ind("IKU1").iku, ind("IKU1").nama) == (True, "Persentase penduduk wajib KTP-el yang ber-KTP-el")
    assert ind("IKU1").history.count() == 3  # loaded, unticked, ticked and renamed


def tambah_indikator(opd, n):
    sasaran = Sasaran.objects.get(kode="S1")
    Indikator.objects.bulk_create(
        Indikator(sasaran=sasaran, opd=opd, kode=f"X{k}", nama=f"Indikator tambahan {k}", satuan="%", urutan=10 + k)
        for k in range(n)
    )


def test_a_renstra_of_111_indicators_saves(client, operator, opd):
    tambah_indikator(opd, 109)
    client.force_login(operator)
    data = muat(client)
    assert len(data) > 2000  # well above Django's default limit of 1.000 fields
    for x in Indikator.objects.filter(kode__startswith="X"):
        data[f"i-{x.id}-t2024"] = "50"
    response = client.post(URL, data, follow=True)
    assert "Renstra tersimpan: 109 perubahan" in response.text
    assert TargetIndikator.objects.filter(indikator__kode__startswith="X", tahun=2024, nilai=50).count() == 109


def test_save_queries_do_not_grow_with_rows(client, operator, opd, django_assert_max_num_queries):
    client.force_login(operator)
    data = muat(client)
    data[f"i-{ind('IKU1').id}-t2022"] = "90"
    data[f"i-{ind('IKU2').id}-satuan"] = "persen"
    with django_assert_max_num_queries(40) as ctx:
        assert client.post(URL, data).status_code == 302
    n = len(ctx.captured_queries)
    tambah_indikator(opd, 15)
    data = muat(client)
    for x in Indikator.objects.filter(kode__startswith="X"):
        data.update({f"i-{x.id}-t2024": "50", f"i-{x.id}-nama": f"{x.nama} (ubah)"})
    with django_assert_max_num_queries(n):
        assert client.post(URL, data).status_code == 302
    assert Indikator.objects.filter(nama__endswith="(ubah)").count() == 15


def test_the_service_refuses_a_changed_cell_of_an_indicator_changed_elsewhere(opd):
    renstra = Renstra.objects.get(opd=opd)
    i = ind("IKU1").id
    data = {f"i-{i}-t2024": "95", f"initial-i-{i}-t2024": "98"}  # loaded when it was 98; stored 99
    hasil = simpan_grid_renstra(renstra, data)
    assert not hasil.berhasil and hasil.konflik[0].konflik[0].tersimpan == D(99)
    assert target("IKU1", 2024) == D(99)
