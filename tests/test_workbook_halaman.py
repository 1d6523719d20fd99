"""The workbook in the browser: download, template, upload → preview → confirm, scoped."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.models import Realisasi
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import ekspor_workbook
from sakip.models import OPD, BerkasImpor
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


def test_workbook_page_and_downloads(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    halaman = client.get(reverse("workbook_opd", args=["dinas-uji"]))
    assert "Unduh workbook 2024" in halaman.text and "Unggah workbook 2024" in halaman.text
    unduh = client.get(reverse("workbook_unduh", args=["dinas-uji", 2024]))
    assert "Indikator" in load_workbook(io.BytesIO(unduh.content)).sheetnames
    templat = client.get(reverse("workbook_templat"))
    assert "workbook-sakip" in templat["Content-Disposition"]


def test_upload_preview_then_confirm_changes_a_realisation(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    ws = wb["Realisasi"]
    baris = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "IKU1" and ws.cell(r, 2).value == 2024)
    ws.cell(baris, 4, "99,50")
    berkas = io.BytesIO()
    wb.save(berkas)
    berkas.seek(0)
    berkas.name = "workbook.xlsx"
    response = client.post(reverse("workbook_impor", args=["dinas-uji", 2024]), {"berkas": berkas}, follow=True)
    assert "Berkas dapat diimpor: 0 baru, 1 diubah" in response.text
    # The preview shows what changes: the record, its field, old -> new.
    rincian = response.text.split("<h2>Yang diubah</h2>")[1]
    assert "IKU1" in rincian and '<td class="nilai-baru">99,5</td>' in rincian, rincian[:1500]
    assert Realisasi.objects.get(indikator__kode="IKU1", tahun=2024).nilai != 99.5
    impor = BerkasImpor.objects.get(jenis="workbook")
    response = client.post(reverse("workbook_impor_terapkan", args=["dinas-uji", 2024, impor.pk]), follow=True)
    assert "Impor diterapkan: 0 baru, 1 diubah" in response.text
    assert str(Realisasi.objects.get(indikator__kode="IKU1", tahun=2024).nilai.normalize()) == "99.5"


def test_upload_errors_name_sheet_row_and_column(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    wb["Realisasi"].cell(2, 4, "sembilan puluh")
    berkas = io.BytesIO()
    wb.save(berkas)
    berkas.seek(0)
    berkas.name = "salah.xlsx"
    response = client.post(reverse("workbook_impor", args=["dinas-uji", 2024]), {"berkas": berkas}, follow=True)
    assert "Berkas ditolak: 1 galat" in response.text
    assert "Sheet &#x27;Realisasi&#x27; baris 2 kolom &#x27;Realisasi&#x27;" in response.text
    assert "Terapkan impor" not in response.text


def test_other_offices_and_reviewers_cannot_upload(client, opd):
    lain = PenggunaFactory(opd=OPDFactory(kode="dinas-lain"))
    client.force_login(lain)
    assert client.get(reverse("workbook_opd", args=["dinas-uji"])).status_code == 404
    assert client.get(reverse("workbook_unduh", args=["dinas-uji", 2024])).status_code == 404
    assert client.get(reverse("workbook_impor", args=["dinas-uji", 2024])).status_code == 404
    impor = BerkasImpor.objects.create(opd=opd, tahun=2024, jenis="workbook", berkas="x.xlsx", nama_berkas="x.xlsx")
    assert client.post(reverse("workbook_impor_terapkan", args=["dinas-uji", 2024, impor.pk])).status_code == 404
    assert client.post(reverse("workbook_impor_terapkan", args=["dinas-lain", 2024, impor.pk])).status_code == 404
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    client.force_login(reviewer)
    halaman = client.get(reverse("workbook_opd", args=["dinas-uji"]))
    assert halaman.status_code == 200 and "Unggah workbook" not in halaman.text
    assert client.get(reverse("workbook_impor", args=["dinas-uji", 2024])).status_code == 404


def test_an_unchanged_round_trip_changes_nothing_although_text_was_typed_with_crlf(client, opd):
    """A visi and a definition typed in a browser textarea are stored with "\\r\\n"; the workbook
    (XML) gives them back with "\\n": downloaded and uploaded unchanged, nothing is 'diubah' and
    applying it writes nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renstra.models import RPJMD, Indikator

    RPJMD.objects.update(visi="Visi baris satu\r\nbaris dua")
    Indikator.objects.filter(kode="IKU1").update(definisi="Definisi\r\nbaris dua\rbaris tiga")
    client.force_login(PenggunaFactory(opd=opd))
    berkas = client.get(reverse("workbook_unduh", args=["dinas-uji", 2024])).content
    response = client.post(
        reverse("workbook_impor", args=["dinas-uji", 2024]),
        {"berkas": SimpleUploadedFile("workbook.xlsx", berkas)},
        follow=True,
    )
    hasil = response.context["hasil"]
    assert hasil.berhasil and sum(hasil.impor.diubah.values()) == 0 and sum(hasil.impor.dibuat.values()) == 0
    assert hasil.impor.tetap["RPJMD/RPD"] == 1
    impor = BerkasImpor.objects.get()
    client.post(reverse("workbook_impor_terapkan", args=["dinas-uji", 2024, impor.pk]))
    assert RPJMD.objects.get().visi == "Visi baris satu\r\nbaris dua"
    assert Indikator.objects.get(kode="IKU1").definisi == "Definisi\r\nbaris dua\rbaris tiga"


def test_the_preview_lists_the_first_changes_of_a_type_and_counts_the_rest():
    from pertukaran.muat import HasilImpor

    hasil = HasilImpor()
    for i in range(HasilImpor.RINCIAN_MAKS + 3):
        hasil.catat_ubah("Realisasi", f"IKU{i}", [("Nilai", "1", "2")])
    [(jenis, daftar, lebih)] = hasil.per_jenis_rinci
    assert (jenis, len(daftar), lebih) == ("Realisasi", 50, 3)
