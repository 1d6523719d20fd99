"""The office profile (legal basis, staff, facilities, awards, innovations) and the strategies of
each sasaran in the sakip-opd/1 document: exported, re-imported unchanged, replaced as lists."""

import copy
import datetime
import json

import pytest
from django.core.management import call_command

from laporan.models import DasarHukum, Inovasi, Penghargaan, SaranaPrasarana, SumberDayaManusia
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from renstra.models import ArahKebijakan, Sasaran, Strategi
from sakip.models import OPD
from tests.data_opd_contoh import dokumen

pytestmark = pytest.mark.django_db

MODEL = [DasarHukum, SumberDayaManusia, SaranaPrasarana, Penghargaan, Inovasi, Strategi, ArahKebijakan]


def _isi(opd):
    """Every profile and strategy row of the office (and its history count), as values."""
    s1 = Sasaran.objects.get(renstra__opd=opd, kode="S1")
    DasarHukum.objects.create(opd=opd, jenis="Undang-Undang", nomor="23", tahun=2014, tentang="Pemerintahan Daerah")
    DasarHukum.objects.create(opd=opd, jenis="Peraturan Wali Kota", tentang="Tugas <b>dan</b> fungsi")  # urutan 0 twice
    SumberDayaManusia.objects.create(opd=opd, tahun=2024, kelompok="status", urutan=1, uraian="PNS", jumlah=31)
    SumberDayaManusia.objects.create(opd=opd, tahun=2024, kelompok="status", urutan=2, uraian="PPPK", jumlah=4)
    SaranaPrasarana.objects.create(opd=opd, tahun=2024, urutan=1, uraian="Komputer", jumlah=20, satuan="unit")
    SaranaPrasarana.objects.create(opd=opd, tahun=2023, urutan=1, uraian="Mobil", jumlah=2, kondisi="baik")
    Penghargaan.objects.create(
        opd=opd,
        tahun=2024,
        uraian="Juara I Inovasi",
        tingkat="provinsi",
        pemberi="Gubernur",
        tanggal=datetime.date(2024, 8, 17),
    )
    Inovasi.objects.create(
        opd=opd, tahun=2024, nama="Balada", uraian="Bayi lahir langsung dapat akta", tahun_mulai=2022
    )
    st = Strategi.objects.create(sasaran=s1, urutan=1, uraian="Pelayanan cepat")
    ArahKebijakan.objects.create(strategi=st, urutan=1, uraian="Aplikasi layanan")
    ArahKebijakan.objects.create(strategi=st, urutan=2, uraian="Sarana pendukung")
    Strategi.objects.create(sasaran=s1, urutan=2, uraian="Profesionalisme petugas")


def _potret():
    hasil = {}
    for m in MODEL:
        medan = [f.attname for f in m._meta.concrete_fields]
        hasil[m.__name__] = sorted(m.objects.values_list(*medan))
        hasil[m.__name__ + ".riwayat"] = m.history.count()
    return hasil


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    _isi(opd)
    return opd


def test_export_carries_the_profile_and_the_strategies(opd):
    data = ekspor_data_opd(opd)
    p = data["profil"]
    assert p["dasar_hukum"] == [
        {"urutan": 0, "jenis": "Undang-Undang", "nomor": "23", "tahun": 2014, "tentang": "Pemerintahan Daerah"},
        {"urutan": 0, "jenis": "Peraturan Wali Kota", "nomor": "", "tahun": None, "tentang": "Tugas <b>dan</b> fungsi"},
    ]
    assert [(d["tahun"], d["uraian"], d["jumlah"]) for d in p["sumber_daya_manusia"]] == [
        (2024, "PNS", 31),
        (2024, "PPPK", 4),
    ]
    assert [d["uraian"] for d in p["sarana_prasarana"]] == ["Mobil", "Komputer"]
    assert p["penghargaan"] == [
        {
            "tahun": 2024,
            "urutan": 0,
            "uraian": "Juara I Inovasi",
            "tingkat": "provinsi",
            "pemberi": "Gubernur",
            "tanggal": "2024-08-17",
        }
    ]
    assert p["inovasi"] == [
        {"tahun": 2024, "urutan": 0, "nama": "Balada", "uraian": "Bayi lahir langsung dapat akta", "tahun_mulai": 2022}
    ]
    s1 = next(s for s in data["renstra"]["sasaran"] if s["kode"] == "S1")
    assert s1["strategi"] == [
        {
            "urutan": 1,
            "uraian": "Pelayanan cepat",
            "arah_kebijakan": [
                {"urutan": 1, "uraian": "Aplikasi layanan"},
                {"urutan": 2, "uraian": "Sarana pendukung"},
            ],
        },
        {"urutan": 2, "uraian": "Profesionalisme petugas", "arah_kebijakan": []},
    ]
    assert "strategi" not in next(s for s in data["renstra"]["sasaran"] if s["kode"] == "S1.P1")


def test_reimporting_the_export_leaves_the_database_identical(opd):
    sebelum = _potret()
    hasil = impor_data_opd(json.loads(json.dumps(ekspor_data_opd(opd))))
    assert hasil.berhasil, hasil.galat
    assert not hasil.dibuat and not hasil.diubah and not hasil.dihapus
    assert hasil.tetap["Dasar hukum"] == 2 and hasil.tetap["Arah kebijakan"] == 2
    assert _potret() == sebelum


@pytest.mark.django_db(transaction=True)
def test_export_into_an_empty_database_gives_the_same_export(opd):
    data = json.loads(json.dumps(ekspor_data_opd(opd)))
    call_command("flush", interactive=False, verbosity=0)
    hasil = impor_data_opd(copy.deepcopy(data))
    assert hasil.berhasil, hasil.galat
    assert hasil.dibuat["Strategi"] == 2 and hasil.dibuat["Sumber daya manusia"] == 2
    assert ekspor_data_opd(OPD.objects.get(kode="dinas-uji")) == data


def test_a_list_replaces_the_offices_rows_matched_by_position(opd):
    data = ekspor_data_opd(opd)
    p = data["profil"]
    p["dasar_hukum"] = p["dasar_hukum"][:1]  # the second is removed
    p["dasar_hukum"][0]["tentang"] = "Pemerintahan Daerah (diubah)"
    p["sumber_daya_manusia"][1]["jumlah"] = 5
    p["sumber_daya_manusia"].append({"tahun": 2024, "kelompok": "golongan", "uraian": "III", "jumlah": 20})
    p["penghargaan"] = []
    s1 = next(s for s in data["renstra"]["sasaran"] if s["kode"] == "S1")
    s1["strategi"][0]["arah_kebijakan"] = ["Aplikasi layanan"]  # plain text rows are accepted
    del s1["strategi"][1]
    hasil = impor_data_opd(data)
    assert hasil.berhasil, hasil.galat
    assert hasil.dihapus == {"Dasar hukum": 1, "Prestasi dan penghargaan": 1, "Strategi": 1, "Arah kebijakan": 1}
    assert hasil.diubah == {"Dasar hukum": 1, "Sumber daya manusia": 1}
    assert hasil.dibuat == {"Sumber daya manusia": 1}
    assert [d.judul for d in DasarHukum.objects.filter(opd=opd)] == [
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (diubah)"
    ]
    assert not Penghargaan.objects.exists()
    assert list(ArahKebijakan.objects.values_list("uraian", "urutan")) == [("Aplikasi layanan", 1)]
    assert DasarHukum.history.filter(history_type="-").count() == 1
    assert any(b.endswith("1 dihapus") for b in hasil.ringkasan())


def test_absent_lists_are_left_as_stored(opd):
    data = ekspor_data_opd(opd)
    del data["profil"]
    for s in data["renstra"]["sasaran"]:
        s.pop("strategi", None)
    sebelum = _potret()
    hasil = impor_data_opd(data)
    assert hasil.berhasil and not hasil.dihapus
    assert _potret() == sebelum


@pytest.mark.parametrize(
    "ubah, tempat, pesan",
    [
        (
            lambda d: d["profil"]["sumber_daya_manusia"][0].update(jumlah="banyak"),
            "profil.sumber_daya_manusia[0].jumlah",
            "'banyak' bukan bilangan bulat.",
        ),
        (lambda d: d["profil"]["dasar_hukum"][0].update(tentang=""), "profil.dasar_hukum[0].tentang", "wajib diisi."),
        (
            lambda d: d["profil"]["penghargaan"][0].update(tanggal="2023-01-05"),
            "profil.penghargaan[0]",
            "tanggal: Tanggal harus di tahun 2024.",
        ),
        (
            lambda d: d["profil"]["inovasi"][0].update(tahun_mulai=2030),
            "profil.inovasi[0]",
            "tahun_mulai: Tahun mulai tidak boleh sesudah tahun laporan.",
        ),
        (lambda d: d["profil"].update(sarana_prasarana="Komputer"), "profil.sarana_prasarana", "harus berupa daftar."),
        (
            lambda d: d["profil"]["sumber_daya_manusia"].append(dict(d["profil"]["sumber_daya_manusia"][0], jumlah=3)),
            "profil.sumber_daya_manusia[2]",
            "baris yang sama dengan profil.sumber_daya_manusia[0] (tahun, kelompok, uraian).",
        ),
        (
            lambda d: d["renstra"]["sasaran"][1].update(strategi=[{"uraian": "Strategi program"}]),
            "renstra.sasaran[1].strategi",
            "strategi dirumuskan untuk sasaran strategis.",
        ),
        (
            lambda d: d["renstra"]["sasaran"][0]["strategi"][0].update(arah_kebijakan="satu"),
            "renstra.sasaran[0].strategi[0].arah_kebijakan",
            "harus berupa daftar teks.",
        ),
    ],
)
def test_bad_rows_are_refused_with_their_place_and_change_nothing(opd, ubah, tempat, pesan):
    data = ekspor_data_opd(opd)
    data["profil"]["dasar_hukum"].pop()  # with a deletion too: nothing is deleted either
    ubah(data)
    sebelum = _potret()
    hasil = impor_data_opd(data)
    assert (tempat, pesan) in hasil.galat
    assert _potret() == sebelum


def test_another_offices_rows_are_never_touched_nor_loaded(opd):
    lain = OPD.objects.create(pemda=opd.pemda, kode="dinas-lain", nama="Dinas Lain")
    DasarHukum.objects.create(opd=lain, jenis="Peraturan Daerah", tentang="Dinas lain")
    data = ekspor_data_opd(opd)
    data["profil"]["dasar_hukum"] = []
    assert impor_data_opd(data).berhasil
    assert list(DasarHukum.objects.values_list("opd__kode", flat=True)) == ["dinas-lain"]
    # A document of this office loaded into the other office is refused whole.
    sebelum = _potret()
    hasil = impor_data_opd(ekspor_data_opd(opd), opd_tetap=lain)
    assert hasil.galat == [("opd.kode", "berkas ini untuk OPD dinas-uji, bukan dinas-lain.")]
    assert _potret() == sebelum
