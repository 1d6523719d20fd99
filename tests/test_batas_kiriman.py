"""Big forms (issue #15): a Renstra of 111+ indicators with range targets saves through the
editor; a POST past the limits gets a clear Indonesian page, not a bare "Bad Request"."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from pertukaran.muat import impor_data_opd
from renstra.models import Indikator, Sasaran, TargetIndikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db
URL = reverse("renstra_editor", args=["dinas-uji"])


@pytest.fixture
def operator():
    assert impor_data_opd(dokumen()).berhasil
    return PenggunaFactory(username="operator.uji", opd=OPD.objects.get(kode="dinas-uji"))


def test_a_renstra_of_120_range_indicators_saves_through_the_editor(client, operator):
    sasaran = Sasaran.objects.get(kode="S1")
    Indikator.objects.bulk_create(
        Indikator(
            sasaran=sasaran,
            opd=operator.opd,
            kode=f"R{k}",
            nama=f"Indikator rentang {k}",
            satuan="%",
            arah="rentang",
            urutan=10 + k,
        )
        for k in range(120)
    )
    client.force_login(operator)
    data = isi_formulir(client.get(URL).text, "grid-renstra")
    assert len(data) > 3000  # three times Django's default limit of 1.000 fields
    for x in Indikator.objects.filter(kode__startswith="R"):
        data.update({f"i-{x.id}-t2024": "60", f"i-{x.id}-t2024_atas": "75,5"})
    response = client.post(URL, data, follow=True)
    assert response.status_code == 200
    assert "Renstra tersimpan: 120 perubahan" in response.text
    tersimpan = TargetIndikator.objects.filter(indikator__kode__startswith="R", tahun=2024)
    assert {(t.nilai, t.nilai_atas) for t in tersimpan} == {(D(60), D("75.5"))} and tersimpan.count() == 120


def test_too_many_fields_answer_a_clear_indonesian_400_and_save_nothing(client, operator, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
    client.force_login(operator)
    data = isi_formulir(client.get(URL).text, "grid-renstra")
    iku1 = Indikator.objects.get(kode="IKU1")
    data[f"i-{iku1.id}-t2024"] = "50"
    data.update({f"isian-{k}": "x" for k in range(600)})
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Formulir terlalu besar: lebih dari 500 isian dikirim sekaligus" in response.text
    assert "Tidak ada yang disimpan" in response.text and '<html lang="id">' in response.text
    assert TargetIndikator.objects.get(indikator=iku1, tahun=2024).nilai == D(99)


def test_a_body_too_big_answers_a_clear_indonesian_400(client, operator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client.force_login(operator)
    response = client.post(URL, {"i-1-nama": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 400
    assert "Kiriman terlalu besar: lebih dari 1,0 MB" in response.text
