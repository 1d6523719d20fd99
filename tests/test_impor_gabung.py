"""A stale workbook never reverts what was entered in the application after its export (issue #14).

The export keeps the document it shows in a very hidden sheet; the import writes only the cells
the person changed since, and reports a cell changed on both sides with both values.
"""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from anggaran.models import ItemAnggaran, Pagu, RealisasiAnggaran
from kinerja.models import Realisasi
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from pertukaran.workbook import impor_workbook
from renstra.models import Indikator, TargetIndikator
from sakip.models import OPD, BerkasImpor
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.impor_bantu import baris, berkas, buku, isi, riwayat, tambah

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoh():
    d = dokumen()
    # IKU1 2024 measured with its numerator and denominator (the value is computed).
    d["renstra"]["sasaran"][0]["indikator"][0]["realisasi"][1].update(nilai=None, pembilang="220323", penyebut="220929")
    assert impor_data_opd(d).berhasil
    return OPD.objects.get(kode="dinas-uji")


def _realisasi(kode, periode="TAHUN", tahun=2024):
    return Realisasi.objects.get(indikator__kode=kode, tahun=tahun, periode=periode)


def _ubah_di_aplikasi():
    """What happens in the application after the download (each through the model's own save)."""
    r = _realisasi("IKU2")
    r.nilai = D("99.80")
    r.save()
    ind = Indikator.objects.get(kode="IKU2")
    ind.definisi = "Definisi yang diperbaiki"
    ind.save()
    t = TargetIndikator.objects.get(indikator__kode="IKU1", tahun=2024)
    t.nilai = D("99.5")
    t.save()
    p = Pagu.objects.get(item__kode="2.12.03.2.01.0001")
    p.nilai = D("125000000")
    p.save()
    ra = RealisasiAnggaran.objects.get(item__kode="2.12.03.2.01.0001", triwulan=4)
    ra.nilai = D("118000000")
    ra.save()
    ItemAnggaran.objects.get(kode="2.12.03").sasaran.set([])


def test_a_stale_workbook_keeps_later_edits_and_writes_what_the_person_changed(client, contoh):
    operator = PenggunaFactory(opd=contoh)
    client.force_login(operator)
    wb = buku(contoh, 2024)  # downloaded on Monday
    _ubah_di_aplikasi()  # edited in the application on Tuesday
    ws = wb["Realisasi"]
    isi(ws, baris(ws, {"Kode indikator": "P1", "Tahun": 2024}), {"Realisasi": "99,40"})  # Wednesday's upload

    response = client.post(reverse("workbook_impor", args=["dinas-uji", 2024]), {"berkas": berkas(wb)}, follow=True)
    assert "Berkas dapat diimpor: 0 baru, 1 diubah" in response.text
    impor = BerkasImpor.objects.get(jenis="workbook")
    response = client.post(reverse("workbook_impor_terapkan", args=["dinas-uji", 2024, impor.pk]), follow=True)
    assert "Impor diterapkan: 0 baru, 1 diubah" in response.text

    assert _realisasi("P1").nilai == D("99.40")  # the person's change
    # Tuesday's edits stay.
    assert _realisasi("IKU2").nilai == D("99.80")
    assert Indikator.objects.get(kode="IKU2").definisi == "Definisi yang diperbaiki"
    assert TargetIndikator.objects.get(indikator__kode="IKU1", tahun=2024).nilai == D("99.5")
    assert Pagu.objects.get(item__kode="2.12.03.2.01.0001").nilai == D("125000000")
    assert RealisasiAnggaran.objects.get(item__kode="2.12.03.2.01.0001", triwulan=4).nilai == D("118000000")
    assert not ItemAnggaran.objects.get(kode="2.12.03").sasaran.exists()


def test_a_cell_changed_in_the_workbook_and_in_the_application_is_a_conflict_with_both_values(contoh):
    wb = buku(contoh, 2024)
    _ubah_di_aplikasi()
    ws = wb["Realisasi"]
    r = baris(ws, {"Kode indikator": "IKU2", "Tahun": 2024})
    isi(ws, r, {"Realisasi": "99,50"})
    t = wb["Indikator"]
    r_t = baris(t, {"Kode indikator": "IKU1"})
    isi(t, r_t, {"Target 2024": 98})
    sebelum, jejak = ekspor_data_opd(contoh), riwayat()
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024, user=PenggunaFactory(opd=contoh), percobaan=False)
    assert hasil.galat == [
        f"Sheet 'Indikator' baris {r_t} kolom 'Target 2024': Target diubah di aplikasi setelah workbook ini diunduh: "
        "tersimpan sekarang 99,5, di workbook 98. Samakan nilainya di workbook (atau unduh ulang), lalu impor kembali.",
        f"Sheet 'Realisasi' baris {r} kolom 'Realisasi': Realisasi diubah di aplikasi setelah workbook ini diunduh: "
        "tersimpan sekarang 99,8, di workbook 99,5. Samakan nilainya di workbook (atau unduh ulang), lalu impor "
        "kembali.",
    ]
    assert ekspor_data_opd(contoh) == sebelum and riwayat() == jejak

    # The same value on both sides is no conflict.
    isi(ws, r, {"Realisasi": "99,8"})
    isi(t, r_t, {"Target 2024": "99,5"})
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024, percobaan=False)
    assert hasil.berhasil and not hasil.impor.diubah, hasil.galat


def test_a_row_added_in_the_workbook_and_in_the_application_is_a_conflict_when_they_differ(contoh):
    wb = buku(contoh, 2024)
    Realisasi.objects.create(indikator=Indikator.objects.get(kode="IKU2"), tahun=2024, periode="TW3", nilai=95)
    r = tambah(wb["Realisasi"], {"Kode indikator": "IKU2", "Tahun": 2024, "Periode": "TW3", "Realisasi": 96})
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024)
    assert [g.split(": tersimpan")[0] for g in hasil.galat] == [
        f"Sheet 'Realisasi' baris {r} kolom 'Realisasi': Realisasi diubah di aplikasi setelah workbook ini diunduh"
    ]
    assert "tersimpan sekarang 95, di workbook 96" in hasil.galat[0]


def test_a_changed_numerator_recomputes_the_value_as_the_grid_does(contoh):
    assert _realisasi("IKU1").nilai == D("99.725704")  # 220.323 / 220.929 × 100
    wb = buku(contoh, 2024)
    ws = wb["Realisasi"]
    isi(ws, baris(ws, {"Kode indikator": "IKU1", "Tahun": 2024}), {"Pembilang": 220500})
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024, percobaan=False)
    assert hasil.berhasil, hasil.galat
    r = _realisasi("IKU1")
    assert (r.pembilang, r.nilai) == (D("220500"), (D("220500") / D("220929") * 100).quantize(D("0.000001")))
    assert r.nilai == r.nilai_dari_rasio()


def test_a_workbook_without_the_embedded_document_imports_as_before(contoh):
    wb = buku(contoh, 2024)
    del wb["_sakip_asal"]
    _realisasi_iku2 = _realisasi("IKU2")
    _realisasi_iku2.nilai = D("99.80")
    _realisasi_iku2.save()
    ws = wb["Realisasi"]
    isi(ws, baris(ws, {"Kode indikator": "P1", "Tahun": 2024}), {"Realisasi": "99,40"})
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024, percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert _realisasi("P1").nilai == D("99.40")
    # Nothing tells the loader what the file started from: the file is taken as it is.
    assert _realisasi("IKU2").nilai == D("99.03")


def test_the_embedded_document_of_another_year_or_office_is_not_used(contoh):
    wb = buku(contoh, 2024)
    _ubah_di_aplikasi()
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024)
    assert hasil.berhasil and not hasil.impor.diubah
    # The same document, offered as the start of another office's file, is ignored.
    d = ekspor_data_opd(contoh)
    lain = dict(d, opd=dict(d["opd"], kode="dinas-lain"))
    hasil = impor_data_opd(dokumen(), opd_tetap=contoh, asal=lain, percobaan=True)
    assert hasil.diubah["Realisasi"] == 2  # IKU1 (ratio dropped by the sample document) and IKU2 go back


def test_a_damaged_embedded_document_is_ignored(contoh):
    from sakip import berkas_asal

    wb = buku(contoh, 2024)
    wb["_sakip_asal"].cell(2, 1).value = "bukan-base64!"
    assert berkas_asal.baca(wb) is None
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024)
    assert hasil.berhasil and not hasil.impor.diubah
    # Readable but not a plannable document: the file is loaded as it is.
    wb = buku(contoh, 2024)
    del wb["_sakip_asal"]
    berkas_asal.tanam(
        wb, {"tahun": 2024, "dokumen": {"format": "sakip-opd/1", "opd": {"kode": "dinas-uji"}, "jabatan": 5}}
    )
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024)
    assert hasil.berhasil and not hasil.impor.diubah, hasil.galat
