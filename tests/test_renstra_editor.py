"""Renstra editor: every yearly target in one grid; adding tujuan, sasaran and indicators."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from pertukaran.muat import impor_data_opd
from renstra.models import Indikator, Sasaran, TargetIndikator, Tujuan
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


def data_grid_renstra(client, url):
    """The Renstra grid as the browser posts it back unchanged (every input with its starting value)."""
    return isi_formulir(client.get(url).text, "grid-renstra")


def test_grid_shows_and_saves_targets(client, opd, django_assert_max_num_queries):
    client.force_login(PenggunaFactory(opd=opd))
    url = reverse("renstra_editor", args=["dinas-uji"])
    with django_assert_max_num_queries(20):
        html = client.get(url).text
    assert "Tujuan T1" in html and "Sasaran S1" in html and 'value="98"' in html
    iku1 = Indikator.objects.get(kode="IKU1")
    data = data_grid_renstra(client, url)
    data.update(
        {
            f"i-{iku1.id}-t2023": "98",
            f"i-{iku1.id}-t2024": "99,5",
            f"i-{iku1.id}-t2022": "97,25",
            f"i-{iku1.id}-akhir": "99,5",
            f"i-{iku1.id}-arah": "naik",
        }
    )
    response = client.post(url, data, follow=True)
    assert "Renstra tersimpan" in response.text
    assert {t.tahun: t.nilai for t in TargetIndikator.objects.filter(indikator=iku1)} == {
        2022: D("97.25"),
        2023: D(98),
        2024: D("99.5"),
    }
    assert Indikator.objects.get(pk=iku1.pk).target_akhir == D("99.5")
    assert TargetIndikator.history.filter(indikator_id=iku1.id).count() == 4  # 2 loaded + 1 new + 1 change


def test_bad_cells_are_named_and_nothing_saved(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    url = reverse("renstra_editor", args=["dinas-uji"])
    iku1 = Indikator.objects.get(kode="IKU1")
    data = data_grid_renstra(client, url)
    data.update({f"i-{iku1.id}-t2024": "79.143", f"i-{iku1.id}-t2023": "97"})
    response = client.post(url, data)
    assert "target 2024: Angka &#x27;79.143&#x27; ambigu" in response.text
    assert TargetIndikator.objects.get(indikator=iku1, tahun=2023).nilai == D(98)  # unchanged
    assert 'value="79.143"' in response.text  # what the user typed is kept on screen


def test_adding_structure(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    tambah = reverse("renstra_tambah", args=["dinas-uji"])
    client.post(tambah, {"jenis": "tujuan", "uraian": "Meningkatkan pemanfaatan data"})
    t = Tujuan.objects.get(uraian="Meningkatkan pemanfaatan data")
    client.post(tambah, {"jenis": "sasaran", "induk": t.id, "uraian": "Meningkatnya kerja sama data"})
    s = Sasaran.objects.get(uraian="Meningkatnya kerja sama data")
    client.post(tambah, {"jenis": "indikator", "induk": s.id, "uraian": "Jumlah PKS data", "satuan": "Dokumen"})
    ind = Indikator.objects.get(nama="Jumlah PKS data")
    assert (ind.sasaran, ind.opd, ind.iku, ind.satuan) == (s, opd, True, "Dokumen")


def test_renstra_editor_is_scoped(client, opd):
    lain = OPDFactory(kode="dinas-lain")
    client.force_login(PenggunaFactory(opd=lain))
    assert client.get(reverse("renstra_editor", args=["dinas-uji"])).status_code == 404
    s = Sasaran.objects.get(kode="S1")
    assert (
        client.post(
            reverse("renstra_tambah", args=["dinas-uji"]), {"jenis": "indikator", "induk": s.id, "uraian": "x"}
        ).status_code
        == 404
    )
    # A sasaran id of another office posted to one's own office: not found.
    from tests.factories import RenstraFactory

    RenstraFactory(opd=lain)
    assert (
        client.post(
            reverse("renstra_tambah", args=["dinas-lain"]), {"jenis": "indikator", "induk": s.id, "uraian": "x"}
        ).status_code
        == 404
    )
    assert not Indikator.objects.filter(nama="x").exists()
