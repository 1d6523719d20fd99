"""The office-data loader in batches: its queries do not grow with the document, history is kept for
what it creates and changes, an unchanged re-import writes nothing, and an error rolls back all."""

import copy
import io
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anggaran.models import ItemAnggaran
from bench.data_sintetis import dokumen_opd
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from pertukaran.workbook import ekspor_workbook, impor_workbook
from renstra.models import Indikator, Sasaran, TargetIndikator
from sakip.models import OPD, Jabatan, Pemda
from tests.data_opd_contoh import dokumen
from tests.potret import kunci_versi

pytestmark = pytest.mark.django_db


def _dokumen(n, **lain):
    """A synthetic office with n indicators and 2n sub kegiatan per year (3 years)."""
    return dokumen_opd(5, 2, n_indikator=n, n_sub_kegiatan=2 * n, n_tahun=3, tahun_mulai=2024, **lain)


def _baris(d):
    """How many records a document holds (to be sure the larger one is larger)."""
    ind = [i for t in d["renstra"]["tujuan"] + d["renstra"]["sasaran"] for i in t["indikator"]]
    ind += [i for a in d["anggaran"] for i in a["indikator"]]
    return len(ind) + len(d["anggaran"]) + sum(len(i["realisasi"]) + len(i["target"]) for i in ind)


def _kueri(fungsi):
    with CaptureQueriesContext(connection) as q:
        hasil = fungsi()
    assert hasil.berhasil, hasil.galat[:3]
    return len(q)


def _ubah(d):
    """Change every realisation's note and every budget item's name: many updates."""
    d = copy.deepcopy(d)
    for t in d["renstra"]["sasaran"]:
        for i in t["indikator"]:
            for r in i["realisasi"]:
                r["catatan"] = "diperbaiki"
    for a in d["anggaran"]:
        a["nama"] += " (ubah)"
    return d


def _riwayat():
    return {
        m.__name__: m.objects.count()
        for m in apps.get_models()
        if m.__name__.startswith("Historical") and "_" not in m.__name__
    }


@pytest.fixture
def tanpa_batas_batch(monkeypatch):
    """Django cuts a bulk INSERT/UPDATE on SQLite into statements of at most 999 parameters (its
    conservative default; SQLite >= 3.32 allows 32,766). That split is Django's, not the loader's:
    lift it here so that the count shows the loader's own queries (PostgreSQL has no split)."""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "max_query_params", 32766)


def test_query_count_does_not_grow_with_the_number_of_rows():
    """Re-importing (and previewing) an office: the same queries for 2.5 times the rows."""
    kecil, besar = _dokumen(10), _dokumen(30, awalan="besar", nama_pemda="Provinsi Besar", nip_dasar=5000)
    assert _baris(besar) > 2 * _baris(kecil)
    hitung = []
    for d in (kecil, besar):
        assert impor_data_opd(d).berhasil
        hitung.append([_kueri(lambda d=d: impor_data_opd(d)), _kueri(lambda d=d: impor_data_opd(d, percobaan=True))])
    assert hitung[0] == hitung[1] and hitung[0][0] < 40, hitung


def test_query_count_of_creating_and_updating_is_constant(tanpa_batas_batch):
    kecil, besar = _dokumen(10), _dokumen(30, awalan="besar", nama_pemda="Provinsi Besar", nip_dasar=5000)
    hitung = {}
    for nama, d in (("kecil", kecil), ("besar", besar)):
        hitung[nama] = [
            _kueri(lambda d=d: impor_data_opd(d, percobaan=True)),
            _kueri(lambda d=d: impor_data_opd(d)),
            _kueri(lambda d=d: impor_data_opd(_ubah(d))),
        ]
        assert impor_data_opd(_ubah(d)).diubah["Realisasi"] == 0  # the update was applied
    assert hitung["kecil"] == hitung["besar"], hitung


def test_workbook_import_query_count_is_constant(tanpa_batas_batch):
    hitung = []
    for n, awalan in ((10, "kecil"), (30, "besar")):
        d = _dokumen(n, awalan=awalan, nama_pemda=f"Provinsi {awalan}", nip_dasar=100 * n)
        assert impor_data_opd(d).berhasil
        opd = OPD.objects.get(kode=f"{awalan}-02")
        isi = ekspor_workbook(opd, 2025)
        hitung.append(
            [
                _kueri(lambda isi=isi, opd=opd, p=p: impor_workbook(io.BytesIO(isi), percobaan=p, opd_tetap=opd))
                for p in (True, False)
            ]
        )
    assert hitung[0] == hitung[1]


def test_history_rows_for_created_and_changed_records_only():
    d = dokumen()
    sebelum = _riwayat()
    hasil = impor_data_opd(d)
    assert hasil.berhasil, hasil.galat
    setelah = _riwayat()
    assert setelah["HistoricalIndikator"] - sebelum["HistoricalIndikator"] == Indikator.objects.count()
    assert setelah["HistoricalRealisasi"] - sebelum["HistoricalRealisasi"] == Realisasi.objects.count()
    assert setelah["HistoricalJabatan"] == Jabatan.objects.count()
    for model in (Indikator, Realisasi, Jabatan, Sasaran, ItemAnggaran, ItemPK, PerjanjianKinerja):
        for obj in model.objects.all():
            assert obj.history.filter(history_type="+").count() == 1, obj
    item = ItemAnggaran.objects.get(kode="2.12.02")
    assert set(item.sasaran.values_list("kode", flat=True)) == {"S1"}
    terakhir = item.history.latest()  # the links' change, with the links as they now are
    assert [m.sasaran.kode for m in terakhir.sasaran.all()] == ["S1"]

    # One realisation and one budget item changed: one history row each, nothing else.
    d["renstra"]["sasaran"][0]["indikator"][0]["realisasi"][1]["nilai"] = "99.50"
    d["anggaran"][0]["nama"] = "PROGRAM PENDAFTARAN PENDUDUK (UBAH)"
    sebelum = _riwayat()
    hasil = impor_data_opd(d)
    assert hasil.diubah == {"Realisasi": 1, "Program/kegiatan/sub kegiatan": 1}
    setelah = _riwayat()
    assert {k: setelah[k] - sebelum[k] for k in setelah if setelah[k] != sebelum[k]} == {
        "HistoricalRealisasi": 1,
        "HistoricalItemAnggaran": 1,
    }
    real = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TAHUN")
    h = real.history.latest()
    assert (h.history_type, h.nilai, real.revisi) == ("~", real.nilai, 2)
    program = ItemAnggaran.objects.get(kode=d["anggaran"][0]["kode"], tahun=d["anggaran"][0]["tahun"])
    assert program.history.latest().nama == program.nama == "PROGRAM PENDAFTARAN PENDUDUK (UBAH)"


def test_history_user_is_the_request_user():
    from django.contrib.auth import get_user_model
    from simple_history.models import HistoricalRecords

    user = get_user_model().objects.create_user("admin.uji", is_superuser=True)

    class Permintaan:
        pass

    HistoricalRecords.context.request = Permintaan()
    HistoricalRecords.context.request.user = user
    try:
        assert impor_data_opd(dokumen()).berhasil
    finally:
        del HistoricalRecords.context.request
    assert {h.history_user for h in Indikator.history.all()} == {user}
    assert {h.history_change_reason for h in Realisasi.history.all()} == {None}


def test_reimporting_an_unchanged_export_writes_nothing():
    # Several years of budget in the office; the workbook carries one of them.
    d = _dokumen(10)
    assert impor_data_opd(d).berhasil
    opd = OPD.objects.get(kode="opd-02")
    assert set(ItemAnggaran.objects.filter(opd=opd).values_list("tahun", flat=True)) == {2024, 2025, 2026}
    urutan = dict(ItemAnggaran.objects.values_list("id", "urutan"))
    sebelum = _riwayat()
    for tahun in (2025, 2026, 2024):
        for percobaan in (True, False):
            hasil = impor_workbook(io.BytesIO(ekspor_workbook(opd, tahun)), percobaan=percobaan, opd_tetap=opd)
            assert hasil.berhasil, hasil.galat[:3]
            assert not hasil.impor.dibuat and not hasil.impor.diubah, (tahun, hasil.impor.ringkasan())
            assert sum(hasil.impor.tetap.values()) > 100
    hasil = impor_data_opd(json.loads(json.dumps(ekspor_data_opd(opd))))
    assert hasil.berhasil and not hasil.dibuat and not hasil.diubah
    assert _riwayat() == sebelum
    assert dict(ItemAnggaran.objects.values_list("id", "urutan")) == urutan


def test_reimporting_the_sample_document_export_writes_nothing():
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    sebelum = _riwayat()
    with CaptureQueriesContext(connection) as q:
        hasil = impor_data_opd(ekspor_data_opd(opd))
    assert hasil.berhasil and not hasil.dibuat and not hasil.diubah
    assert not [
        x["sql"]
        for x in q.captured_queries
        if not x["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE")) and not kunci_versi(x["sql"])
    ]
    assert _riwayat() == sebelum


def test_an_error_in_one_row_rolls_back_everything_and_names_the_row():
    d = _dokumen(10)
    tujuan = d["renstra"]["sasaran"][3]["indikator"][0]
    tujuan["realisasi"][2]["nilai"] = "-5"
    d["anggaran"][7]["nama"] = ""
    hasil = impor_data_opd(d)
    assert not hasil.berhasil
    assert hasil.galat == [
        ("renstra.sasaran[3].indikator[0].realisasi[2]", "nilai: Nilai tidak boleh negatif."),
        (f"anggaran[7] ({d['anggaran'][7]['kode']})", "nama: Field ini tidak boleh kosong."),
        # Its sub kegiatan then has no parent, as when the parent was looked for in the database.
        (
            f"anggaran[8] ({d['anggaran'][8]['kode']})",
            f"kode: Induk {d['anggaran'][7]['kode']} belum ada untuk 2024; isi induknya dulu.",
        ),
    ]
    assert not Pemda.objects.exists() and not Indikator.objects.exists() and not TargetIndikator.objects.exists()
    assert not any(_riwayat().values())
    assert hasil.opd is not None and hasil.opd.pk is None  # nothing written, no provisional id left

    # Into an existing office: the valid changes are not kept either.
    d = _dokumen(10)
    assert impor_data_opd(d).berhasil
    sebelum = _riwayat()
    salah = _ubah(d)
    salah["perjanjian_kinerja"][0]["item"][0]["target"] = "-1"
    hasil = impor_data_opd(salah)
    assert [t for t, _ in hasil.galat] == ["perjanjian_kinerja[0].item[0]"]
    assert hasil.diubah["Realisasi"] > 0  # counted in the preview of what would change
    assert not Realisasi.objects.filter(catatan="diperbaiki").exists()
    assert _riwayat() == sebelum


def test_duplicate_natural_keys_in_one_document_update_the_same_record():
    d = dokumen()
    d["jabatan"].append(dict(d["jabatan"][0], eselon="III"))
    hasil = impor_data_opd(d)
    assert hasil.berhasil, hasil.galat
    assert hasil.dibuat["Jabatan"] == len(d["jabatan"]) - 1 and hasil.diubah["Jabatan"] == 1
    assert Jabatan.objects.get(nama=d["jabatan"][0]["nama"]).eselon == "III"


def test_an_office_name_taken_in_the_pemda_is_an_error_not_a_crash():
    assert impor_data_opd(dokumen()).berhasil
    d = dokumen()
    d["opd"]["kode"] = "dinas-lain"
    hasil = impor_data_opd(d)
    assert hasil.galat == [
        ("opd.nama", "nama 'Dinas Kependudukan dan Pencatatan Sipil Kota Uji' sudah dipakai OPD dinas-uji di Kota Uji.")
    ]
    assert not OPD.objects.filter(kode="dinas-lain").exists()
