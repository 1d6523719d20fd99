"""The loader and the models derive the same: a record written through `impor_data_opd` (bulk,
the model's `lengkapi()` in memory) equals, field by field, the same record written through
the model's own `save()`. One test per rule the loader used to mirror (issue #16)."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import transaction

from anggaran.models import ItemAnggaran
from kinerja.models import PerjanjianKinerja, Realisasi
from pertukaran.muat import impor_data_opd
from pertukaran.muat.rencana import _DIHITUNG
from renstra.models import Indikator, Sasaran, Tujuan
from sakip.models import OPD, Jabatan, Pejabat
from tests.data_opd_contoh import dokumen

pytestmark = pytest.mark.django_db

WAKTU = {"id", "diperbarui"}  # the row's own id and the time it was written


def medan(obj, kecuali=()):
    """Every stored field of a record but its id and write time."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in WAKTU | set(kecuali)
    }


def lewat_pemuat(d, cari):
    """Load `d` through the loader in a savepoint: the fields of the record `cari()` finds, then roll back."""
    with transaction.atomic():
        hasil = impor_data_opd(d)
        assert hasil.berhasil, hasil.galat
        nilai = medan(cari())
        transaction.set_rollback(True)
    return nilai


@pytest.fixture
def opd():
    hasil = impor_data_opd(dokumen())
    assert hasil.berhasil, hasil.galat
    return OPD.objects.get(kode="dinas-uji")


def test_pejabat_nip_without_spaces(opd):
    d = dokumen()
    d["pejabat"].append({"nama": "Budi", "nip": "19780927 199802 1 002", "pangkat": "", "golongan": ""})
    dimuat = lewat_pemuat(d, lambda: Pejabat.objects.get(nama="Budi"))
    obj = Pejabat(pemda=opd.pemda, nama="Budi", nip="19780927 199802 1 002")
    obj.save()
    assert dimuat == medan(obj)
    assert obj.nip == "197809271998021002"


def test_cascaded_sasaran_stands_under_its_parents_tujuan(opd):
    d = dokumen()
    d["renstra"]["sasaran"].append(
        {"kode": "S1.P2", "tingkat": "program", "induk": "S1", "uraian": "Layanan keliling", "indikator": []}
    )
    dimuat = lewat_pemuat(d, lambda: Sasaran.objects.get(kode="S1.P2"))
    s1 = Sasaran.objects.get(kode="S1")
    obj = Sasaran(renstra=s1.renstra, kode="S1.P2", tingkat="program", induk_id=s1.pk, uraian="Layanan keliling")
    obj.urutan = 2
    obj.save()
    assert dimuat == medan(obj)
    assert obj.tujuan_id == s1.tujuan_id == Tujuan.objects.get(kode="T1").pk


INDIKATOR_BARU = {"kode": "X1", "nama": "Indikator baru", "satuan": "%"}


@pytest.mark.parametrize("pemilik", ["sasaran", "tujuan", "item_anggaran", "komposit"])
def test_indicator_takes_its_owners_office(opd, pemilik):
    d = dokumen()
    tempat = {
        "sasaran": d["renstra"]["sasaran"][1],
        "tujuan": d["renstra"]["tujuan"][0],
        "item_anggaran": d["anggaran"][3],
        "komposit": d["renstra"]["sasaran"][0]["indikator"][1],
    }[pemilik]
    tempat.setdefault("komponen" if pemilik == "komposit" else "indikator", []).append(dict(INDIKATOR_BARU))
    dimuat = lewat_pemuat(d, lambda: Indikator.objects.get(kode="X1"))
    induk = {
        "sasaran": lambda: Sasaran.objects.get(kode="S1.P1"),
        "tujuan": lambda: Tujuan.objects.get(kode="T1"),
        "item_anggaran": lambda: ItemAnggaran.objects.get(kode="2.12.03"),
        "komposit": lambda: Indikator.objects.get(kode="IKU2"),
    }[pemilik]()
    obj = Indikator(**INDIKATOR_BARU, **{pemilik: induk})
    obj.save()
    assert dimuat == medan(obj)
    assert obj.opd_id == opd.pk


def test_pk_takes_its_positions_office(opd):
    d = dokumen()
    d["perjanjian_kinerja"].append(
        {"tahun": 2024, "jabatan": "Kepala Bidang Pelayanan Pendaftaran Penduduk", "tanggal": "2024-01-03"}
    )
    kabid = Jabatan.objects.get(nama__startswith="Kepala Bidang")
    dimuat = lewat_pemuat(d, lambda: PerjanjianKinerja.objects.get(jabatan=kabid))
    obj = PerjanjianKinerja(jabatan=kabid, tahun=2024, versi=0, tanggal=datetime.date(2024, 1, 3))
    obj.save()
    assert dimuat == medan(obj)
    assert obj.opd_id == opd.pk


def test_budget_item_code_level_and_parent(opd):
    d = dokumen()
    d["anggaran"].append({"tahun": 2024, "kode": " 2.12.03.2.02 ", "nama": "Kegiatan baru"})
    dimuat = lewat_pemuat(d, lambda: ItemAnggaran.objects.get(nama="Kegiatan baru"))
    obj = ItemAnggaran(opd=opd, tahun=2024, kode=" 2.12.03.2.02 ", nama="Kegiatan baru", urutan=len(d["anggaran"]) - 1)
    obj.save()
    assert dimuat == medan(obj)
    assert (obj.kode, obj.tingkat, obj.induk.kode) == ("2.12.03.2.02", "kegiatan", "2.12.03")


def test_new_realisation_value_from_its_ratio_and_first_revision(opd):
    d = dokumen()
    iku1 = d["renstra"]["sasaran"][0]["indikator"][0]
    iku1["realisasi"].append({"tahun": 2024, "periode": "TW3", "pembilang": "9751", "penyebut": "10000"})
    ind = Indikator.objects.get(kode="IKU1")
    dimuat = lewat_pemuat(d, lambda: Realisasi.objects.get(indikator=ind, tahun=2024, periode="TW3"))
    obj = Realisasi(indikator=ind, tahun=2024, periode="TW3", pembilang=D("9751"), penyebut=D("10000"))
    obj.save()
    assert dimuat == medan(obj)
    assert (obj.nilai, obj.revisi) == (D("97.51"), 1)


def test_changed_realisation_value_follows_its_ratio_and_next_revision(opd):
    d = dokumen()
    r = d["renstra"]["sasaran"][0]["indikator"][0]["realisasi"][1]
    r.update(nilai=None, pembilang="9940", penyebut="10000")
    ind = Indikator.objects.get(kode="IKU1")

    def cari():
        return Realisasi.objects.get(indikator=ind, tahun=2024, periode="TAHUN")

    dimuat = lewat_pemuat(d, cari)
    obj = cari()
    sebelum = obj.diperbarui
    obj.terapkan_isian({"nilai": None, "pembilang": D("9940"), "penyebut": D("10000")})
    obj.save()
    assert dimuat == medan(obj)
    assert (obj.nilai, obj.revisi) == (D("99.400000"), 2) and obj.diperbarui > sebelum


def test_the_loader_updates_every_derived_field_the_models_name():
    for model in (Pejabat, Sasaran, Indikator, PerjanjianKinerja, ItemAnggaran, Realisasi):
        assert set(model.MEDAN_TURUNAN) <= _DIHITUNG[model], model
