"""Budget pages: view, export, upload → preview → confirm; scoped to the office."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from anggaran.models import ItemAnggaran
from anggaran.nomenklatur import muat_nomenklatur
from pertukaran.muat import impor_data_opd
from sakip.models import BerkasImpor
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.test_anggaran_excel import buku

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    impor_data_opd(dokumen())
    from sakip.models import OPD

    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(opd=opd)


def test_budget_page_shows_tree_totals_and_efficiency(client, operator, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("anggaran_opd", args=["dinas-uji", 2024]))
    html = response.text
    assert response.status_code == 200
    assert "Rp 557.286.032" in html and "99,09 %" in html
    assert "2.12.02.2.01.0001" in html and "Refocusing" in html
    assert "-0,07" in html and "Tidak Efisien" in html
    assert "Impor Excel" in html


def test_budget_page_query_count_does_not_grow(client, operator, opd, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(40) as ctx:
        client.get(reverse("anggaran_opd", args=["dinas-uji", 2024]))
    n = len(ctx.captured_queries)
    for i in range(2, 30):
        ItemAnggaran.objects.create(opd=opd, tahun=2024, kode=f"2.12.02.2.01.{i:04d}", nama=f"Sub {i}")
    with django_assert_max_num_queries(n):
        client.get(reverse("anggaran_opd", args=["dinas-uji", 2024]))


def test_export_downloads_a_workbook(client, operator):
    client.force_login(operator)
    response = client.get(reverse("anggaran_ekspor", args=["dinas-uji", 2024]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Realisasi Anggaran"]
    assert ws["A4"].value == "Kode" and ws["A5"].value == "2.12.02"


def test_upload_preview_confirm(client):
    muat_nomenklatur()
    opd = OPDFactory(kode="dinas-baru")
    operator = PenggunaFactory(opd=opd)
    client.force_login(operator)
    url = reverse("anggaran_impor", args=["dinas-baru", 2024])
    berkas = buku()
    berkas.name = "realisasi.xlsx"
    response = client.post(url, {"berkas": berkas, "jenis_pagu": "perubahan", "triwulan": 4})
    assert response.status_code == 302
    pratinjau = client.get(response["Location"])
    assert "Berkas dapat diimpor: 6 baru, 0 diubah, 0 tetap" in pratinjau.text
    assert not ItemAnggaran.objects.filter(opd=opd).exists()
    impor = BerkasImpor.objects.get()
    assert (impor.jenis, impor.opsi) == ("anggaran", {"jenis_pagu": "perubahan", "triwulan": 4})
    response = client.post(reverse("anggaran_impor_terapkan", args=["dinas-baru", 2024, impor.pk]), follow=True)
    assert "Impor diterapkan: 6 baru" in response.text
    assert ItemAnggaran.objects.filter(opd=opd).count() == 6
    impor.refresh_from_db()
    assert impor.status == "diterapkan"
    # Confirming twice does nothing more.
    response = client.post(reverse("anggaran_impor_terapkan", args=["dinas-baru", 2024, impor.pk]), follow=True)
    assert "sudah diproses" in response.text


def test_upload_with_errors_shows_them_and_cannot_be_applied(client):
    muat_nomenklatur()
    opd = OPDFactory(kode="dinas-baru")
    client.force_login(PenggunaFactory(opd=opd))
    from tests.test_anggaran_excel import BARIS_004, _ganti

    berkas = buku(_ganti(BARIS_004, 2, 7, "delapan juta"))
    berkas.name = "salah.xlsx"
    response = client.post(
        reverse("anggaran_impor", args=["dinas-baru", 2024]),
        {"berkas": berkas, "jenis_pagu": "perubahan", "triwulan": 4},
        follow=True,
    )
    assert "Berkas ditolak" in response.text and "kolom Pagu" in response.text
    assert "Terapkan impor" not in response.text


def test_upload_rejects_non_xlsx(client, operator):
    client.force_login(operator)
    berkas = io.BytesIO(b"a,b")
    berkas.name = "data.csv"
    response = client.post(
        reverse("anggaran_impor", args=["dinas-uji", 2024]), {"berkas": berkas, "jenis_pagu": "murni", "triwulan": 4}
    )
    assert response.status_code == 200 and "harus berformat Excel .xlsx" in response.text


def test_other_office_cannot_see_import_or_apply(client, opd):
    lain = PenggunaFactory(opd=OPDFactory(kode="dinas-lain"))
    pemilik = PenggunaFactory(opd=opd)
    impor = BerkasImpor.objects.create(
        opd=opd, tahun=2024, jenis="anggaran", berkas="impor/x.xlsx", nama_berkas="x.xlsx", diunggah_oleh=pemilik
    )
    client.force_login(lain)
    assert client.get(reverse("anggaran_opd", args=["dinas-uji", 2024])).status_code == 404
    assert client.get(reverse("anggaran_ekspor", args=["dinas-uji", 2024])).status_code == 404
    assert client.get(reverse("anggaran_impor", args=["dinas-uji", 2024])).status_code == 404
    assert client.get(reverse("anggaran_impor_pratinjau", args=["dinas-uji", 2024, impor.pk])).status_code == 404
    # The id of another office's import under one's own office kode is not found either.
    assert client.get(reverse("anggaran_impor_pratinjau", args=["dinas-lain", 2024, impor.pk])).status_code == 404
    assert client.post(reverse("anggaran_impor_terapkan", args=["dinas-uji", 2024, impor.pk])).status_code == 404


def test_reviewer_reads_budget_but_cannot_import(client, opd):
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    client.force_login(reviewer)
    response = client.get(reverse("anggaran_opd", args=["dinas-uji", 2024]))
    assert response.status_code == 200 and "Impor Excel" not in response.text
    assert client.get(reverse("anggaran_impor", args=["dinas-uji", 2024])).status_code == 404
