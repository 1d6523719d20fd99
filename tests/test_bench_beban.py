"""The load test's browser (bench/beban.py): what it reads from the grid page and posts back is
what a browser sends, so one changed value is one saved row and nothing else changes."""

from decimal import Decimal as D

import pytest

from bench.beban import isian_form, multipart
from kinerja.models import Realisasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db
URL = "/opd/dinas-uji/realisasi/2024/TW3/"


@pytest.fixture
def operator():
    assert impor_data_opd(dokumen()).berhasil
    return PenggunaFactory(username="operator.uji", opd=OPD.objects.get(kode="dinas-uji"))


def test_the_grid_form_is_read_as_the_browser_sends_it(client, operator):
    client.force_login(operator)
    html = client.get(URL).text
    isian = isian_form(html.encode())
    teks = dict((n, v) for n, v in isian if v is not None)
    # The same controls and values as the tests' HTML parser, plus one empty part per file input.
    assert teks == {k: (v[-1] if isinstance(v, list) else v) for k, v in isi_formulir(html, "grid-realisasi").items()}
    assert any(v is None and n.endswith("-bukti") for n, v in isian)


def test_one_changed_value_posted_as_multipart_saves_one_row(client, operator):
    client.force_login(operator)
    sebelum = dict(Realisasi.objects.values_list("pk", "revisi"))
    ind = Indikator.objects.get(kode="IKU2")
    kunci = f"r-{ind.id}-nilai"
    isian = [(n, "97,25" if n == kunci else v) for n, v in isian_form(client.get(URL).content)]
    body, jenis = multipart(isian)
    response = client.post(URL, data=body, content_type=jenis)
    assert response.status_code == 302
    assert "Tersimpan: 1 realisasi diperbarui" in client.get(URL).text
    r = Realisasi.objects.get(indikator=ind, tahun=2024, periode="TW3")
    assert r.nilai == D("97.25") and r.history.count() >= 1
    sesudah = dict(Realisasi.objects.values_list("pk", "revisi"))
    assert {pk: rev for pk, rev in sesudah.items() if sebelum.get(pk) != rev} == {r.pk: sebelum.get(r.pk, 0) + 1}
