"""What an approved period freezes beyond its own realisations (issue #14): the previous year's
value it reads as N-1 data, the Renstra target of its year and the way its indicators are
measured — through the model's own guard, the grids, the workbook and the admin."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from kinerja.models import Realisasi
from kinerja.pengukuran import ukur_opd
from pertukaran.workbook import impor_workbook
from renstra.models import Indikator, TargetIndikator
from sakip.kunci import DataTerkunci
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir
from tests.impor_bantu import baris, berkas, buku, isi, muat_demo, verifikasi
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db
LUTIM, DUMAI = "disdukcapil-luwu-timur", "disdukcapil-dumai"


def capaian(opd, tahun, periode="TAHUN"):
    p = ukur_opd(opd, tahun, periode)
    return {hi.indikator.kode: (hi.realisasi, hi.capaian.nilai) for hs in p.sasaran for hi in hs.indikator}


@pytest.fixture
def lutim():
    opd = muat_demo(LUTIM)[LUTIM]
    verifikasi(opd, 2024)  # 2024 reads the SAKIP score of 2023 (N-1)
    return opd


def test_last_years_value_read_by_a_verified_year_is_frozen_through_save_and_workbook(lutim):
    sebelum = capaian(lutim, 2024)
    assert sebelum["IKU3.1"] == (D("84.50"), D("104.19"))
    r = Realisasi.objects.get(indikator__opd=lutim, indikator__kode="IKU3.1", tahun=2023, periode="TAHUN")
    r.nilai = D("40")
    with pytest.raises(DataTerkunci, match="dipakai sebagai data N-1 tahun 2024"):
        r.save()
    wb = buku(lutim, 2024)
    ws = wb["Realisasi"]
    isi(ws, baris(ws, {"Kode indikator": "IKU3.1", "Tahun": 2023}), {"Realisasi": 40})
    hasil = impor_workbook(berkas(wb), percobaan=False, opd_tetap=lutim, tahun=2024, user=PenggunaFactory(opd=lutim))
    assert any("dipakai sebagai data N-1 tahun 2024" in g for g in hasil.galat), hasil.galat
    assert capaian(lutim, 2024) == sebelum


def test_the_grid_of_the_open_year_shows_that_row_read_only_and_refuses_it(client, lutim):
    import datetime

    from kinerja.layanan import buat_pk_dari_renstra
    from sakip.models import Jabatan

    kepala = Jabatan.objects.get(opd=lutim, induk=None)
    buat_pk_dari_renstra(kepala, 2023, tanggal=datetime.date(2023, 1, 2))  # 2023 gets its grid
    operator = PenggunaFactory(opd=lutim)
    client.force_login(operator)
    url = reverse("realisasi_grid", args=[LUTIM, 2023, "TAHUN"])
    html = client.get(url).text
    ind = Indikator.objects.get(opd=lutim, kode="IKU3.1")
    baris_html = html[html.index(f'id="baris-{ind.id}"') :]
    baris_html = baris_html[: baris_html.index("</tr>")]
    assert "dipakai sebagai data N-1 tahun 2024" in baris_html and "disabled" in baris_html
    # Posted anyway (a stale page): refused, nothing written.
    data = isi_formulir(html, "grid-realisasi")
    data[f"r-{ind.id}-nilai"], data[f"initial-r-{ind.id}-nilai"] = "40", "84,50"
    sebelum = potret()
    response = client.post(url, data)
    assert "dipakai sebagai data N-1 tahun 2024" in response.text
    assert not beda(sebelum, potret())


def test_the_renstra_target_of_a_verified_year_and_how_an_indicator_is_measured_are_frozen(client):
    opd = muat_demo(DUMAI)[DUMAI]
    verifikasi(opd, 2023)
    sebelum = capaian(opd, 2023)
    client.force_login(PenggunaFactory(opd=opd))
    url = reverse("renstra_editor", args=[DUMAI])
    data = isi_formulir(client.get(url).text, "grid-renstra")
    ind = Indikator.objects.get(opd=opd, kode="IKU3")
    assert data[f"i-{ind.id}-arah"] == "naik"
    data[f"i-{ind.id}-arah"] = "turun"  # would turn 105,74 % into 94,26 %
    response = client.post(url, data)
    assert "Cara pengukuran indikator IKU3 terkunci" in response.text
    assert Indikator.objects.get(pk=ind.pk).arah == "naik" and capaian(opd, 2023) == sebelum
    # Its name stays editable: a name is not how a period was measured.
    data = isi_formulir(client.get(url).text, "grid-renstra")
    data[f"i-{ind.id}-nama"] = "Indeks Kepuasan Masyarakat (IKM)"
    client.post(url, data, follow=True)
    assert Indikator.objects.get(pk=ind.pk).nama == "Indeks Kepuasan Masyarakat (IKM)"
    t = TargetIndikator.objects.filter(indikator__opd=opd, tahun=2023).first()
    t.nilai = D(1)
    with pytest.raises(DataTerkunci, match="Target Renstra 2023"):
        t.save()


def test_the_renstra_grid_refuses_what_its_fields_cannot_hold_instead_of_rounding_or_failing(client):
    opd = muat_demo(DUMAI)[DUMAI]
    client.force_login(PenggunaFactory(opd=opd))
    url = reverse("renstra_editor", args=[DUMAI])
    ind = Indikator.objects.get(opd=opd, kode="IKU3")
    for ketik in ("70,12345678", "1" * 22):
        data = isi_formulir(client.get(url).text, "grid-renstra")
        data[f"i-{ind.id}-t2024"] = ketik
        sebelum = potret()
        response = client.post(url, data)
        assert response.status_code == 200 and "tidak ada yang disimpan" in response.text.lower()
        assert not beda(sebelum, potret()), ketik


def test_the_import_refuses_to_change_how_an_indicator_of_a_verified_year_is_measured():
    from pertukaran.muat import ekspor_data_opd, impor_data_opd

    opd = muat_demo(DUMAI)[DUMAI]
    verifikasi(opd, 2023)
    d = ekspor_data_opd(opd)
    semua = [i for p in d["renstra"]["tujuan"] + d["renstra"]["sasaran"] for i in p.get("indikator") or []]
    ind = next(i for i in semua if i["kode"] == "IKU3")
    ind["arah"] = "turun"
    ind["target"]["2023"] = "1"
    operator = PenggunaFactory(opd=opd)
    sebelum = potret()
    hasil = impor_data_opd(d, opd_tetap=opd, user=operator)
    pesan = " ".join(p for _, p in hasil.galat)
    assert "Cara pengukuran indikator IKU3 terkunci" in pesan and "Target Renstra 2023 indikator IKU3" in pesan
    assert not beda(sebelum, potret())
