"""The report's data tables (#21) in the sakip-opd/1 document: the IKM surveys with their
elements, the budget per spending type and stage, the documents issued per service type.
Exported, re-imported unchanged, loaded into an empty database, replaced as lists, locked with
their periods, refused with another office's codes."""

import copy
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anggaran.models import BelanjaJenis, ItemAnggaran
from anggaran.nomenklatur import muat_nomenklatur
from kinerja.models import LayananDokumen, RealisasiLayananDokumen, StatusPeriode, SurveiKepuasan, UnsurSurvei
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.teks_jahat import PANJANG
from tests.test_demo import DEMO, muat

pytestmark = pytest.mark.django_db

TEKS_JAHAT = "=1+1 " + PANJANG.format(m="XSS00001") + " & \\ \u00a0;"
MODEL = [SurveiKepuasan, UnsurSurvei, BelanjaJenis, LayananDokumen, RealisasiLayananDokumen]


def _isi(opd):
    iku1 = Indikator.objects.get(opd=opd, kode="IKU1")
    survei = SurveiKepuasan.objects.create(
        opd=opd, tahun=2024, periode="TAHUN", indikator=iku1, jumlah_responden=400, keterangan="Google Form"
    )
    UnsurSurvei.objects.create(survei=survei, nomor=1, nama="Persyaratan", nilai_rata=D("3.8600"))
    UnsurSurvei.objects.create(survei=survei, nomor=2, nama="Prosedur", jumlah_nilai=D("1560.00"))
    SurveiKepuasan.objects.create(opd=opd, tahun=2024, periode="TW2", jumlah_responden=50, catatan_internal="uji")
    item = ItemAnggaran.objects.get(opd=opd, tahun=2024, kode="2.12.02")
    BelanjaJenis.objects.create(
        opd=opd, tahun=2024, jenis_belanja="modal", tahap="dpa", pagu=D("950740557"), realisasi=D("1040814650.50")
    )
    BelanjaJenis.objects.create(opd=opd, tahun=2024, jenis_belanja="operasi", tahap="renja", pagu=D("1000"))
    BelanjaJenis.objects.create(opd=opd, tahun=2024, item=item, jenis_belanja="pegawai", tahap="dpa", pagu=D("500"))
    ktp = LayananDokumen.objects.create(opd=opd, tahun=2024, urutan=1, nama="Cetak KTP-el", target=1000, indikator=iku1)
    RealisasiLayananDokumen.objects.create(layanan=ktp, triwulan=1, jumlah=200)
    RealisasiLayananDokumen.objects.create(layanan=ktp, triwulan=2, jumlah=450)
    LayananDokumen.objects.create(opd=opd, tahun=2024, urutan=2, nama="Akta Kelahiran", target=300, kumulatif=False)


def _potret():
    hasil = {}
    for m in MODEL:
        medan = [f.attname for f in m._meta.concrete_fields]
        hasil[m.__name__] = sorted(m.objects.values_list(*medan), key=repr)
        hasil[m.__name__ + ".riwayat"] = m.history.count()
    return hasil


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    _isi(opd)
    return opd


def test_export_carries_the_tables(opd):
    data = ekspor_data_opd(opd)
    assert data["survei_kepuasan"] == [
        {
            "tahun": 2024,
            "periode": "TW2",
            "indikator": None,
            "jumlah_responden": 50,
            "keterangan": "",
            "catatan_internal": "uji",
            "unsur": [],
        },
        {
            "tahun": 2024,
            "periode": "TAHUN",
            "indikator": "IKU1",
            "jumlah_responden": 400,
            "keterangan": "Google Form",
            "catatan_internal": "",
            "unsur": [
                {"nomor": 1, "nama": "Persyaratan", "nilai_rata": "3.86", "jumlah_nilai": None},
                {"nomor": 2, "nama": "Prosedur", "nilai_rata": None, "jumlah_nilai": "1560"},
            ],
        },
    ]
    assert data["belanja_jenis"] == [
        {
            "tahun": 2024,
            "item": None,
            "jenis_belanja": "operasi",
            "tahap": "renja",
            "pagu": "1000",
            "realisasi": None,
            "dasar": "",
        },
        {
            "tahun": 2024,
            "item": None,
            "jenis_belanja": "modal",
            "tahap": "dpa",
            "pagu": "950740557",
            "realisasi": "1040814650.5",
            "dasar": "",
        },
        {
            "tahun": 2024,
            "item": "2.12.02",
            "jenis_belanja": "pegawai",
            "tahap": "dpa",
            "pagu": "500",
            "realisasi": None,
            "dasar": "",
        },
    ]
    assert data["layanan_dokumen"] == [
        {
            "tahun": 2024,
            "urutan": 1,
            "nama": "Cetak KTP-el",
            "target": 1000,
            "kumulatif": True,
            "indikator": "IKU1",
            "realisasi": {"1": 200, "2": 450},
        },
        {
            "tahun": 2024,
            "urutan": 2,
            "nama": "Akta Kelahiran",
            "target": 300,
            "kumulatif": False,
            "indikator": None,
            "realisasi": {},
        },
    ]


def test_reimporting_the_export_changes_nothing(opd):
    sebelum = _potret()
    hasil = impor_data_opd(json.loads(json.dumps(ekspor_data_opd(opd))))
    assert hasil.berhasil, hasil.galat
    assert not hasil.dibuat and not hasil.diubah and not hasil.dihapus
    assert hasil.tetap["Survei kepuasan masyarakat"] == 2 and hasil.tetap["Unsur pelayanan"] == 2
    assert hasil.tetap["Anggaran per jenis belanja"] == 3
    assert hasil.tetap["Layanan dokumen"] == 2 and hasil.tetap["Realisasi layanan dokumen"] == 2
    assert _potret() == sebelum


@pytest.mark.django_db(transaction=True)
def test_export_into_an_empty_database_gives_the_same_export(opd):
    data = json.loads(json.dumps(ekspor_data_opd(opd)))
    call_command("flush", interactive=False, verbosity=0)
    hasil = impor_data_opd(copy.deepcopy(data))
    assert hasil.berhasil, hasil.galat
    assert hasil.dibuat["Survei kepuasan masyarakat"] == 2 and hasil.dibuat["Realisasi layanan dokumen"] == 2
    assert ekspor_data_opd(OPD.objects.get(kode="dinas-uji")) == data


def test_older_files_without_the_tables_leave_them_as_stored(opd):
    data = ekspor_data_opd(opd)
    for k in ("survei_kepuasan", "belanja_jenis", "layanan_dokumen"):
        del data[k]
    del data["profil"]
    sebelum = _potret()
    hasil = impor_data_opd(data)
    assert hasil.berhasil and not hasil.dihapus and not hasil.diubah
    assert _potret() == sebelum


def test_lists_replace_the_offices_rows_by_natural_key(opd):
    data = ekspor_data_opd(opd)
    tw2, tahunan = data["survei_kepuasan"]
    tahunan["unsur"][0]["nilai_rata"] = "3.9"
    del tahunan["unsur"][1]
    data["survei_kepuasan"] = [tahunan]
    data["belanja_jenis"][1]["realisasi"] = "900000000"
    data["belanja_jenis"].pop(0)
    ktp = data["layanan_dokumen"][0]
    ktp["realisasi"] = {"1": 200, "3": 700}
    data["layanan_dokumen"].append(
        {"tahun": 2024, "nama": "Kartu Identitas Anak", "target": 50, "realisasi": {"1": 10}}
    )
    hasil = impor_data_opd(data)
    assert hasil.berhasil, hasil.galat
    assert hasil.dihapus == {
        "Survei kepuasan masyarakat": 1,
        "Unsur pelayanan": 1,
        "Anggaran per jenis belanja": 1,
        "Realisasi layanan dokumen": 1,
    }
    assert hasil.diubah == {"Unsur pelayanan": 1, "Anggaran per jenis belanja": 1}
    assert hasil.dibuat == {"Layanan dokumen": 1, "Realisasi layanan dokumen": 2}
    assert list(SurveiKepuasan.objects.values_list("periode", flat=True)) == ["TAHUN"]
    assert list(UnsurSurvei.objects.values_list("nomor", "nilai_rata")) == [(1, D("3.9000"))]
    assert sorted(BelanjaJenis.objects.values_list("jenis_belanja", "tahap", "realisasi")) == [
        ("modal", "dpa", D("900000000.00")),
        ("pegawai", "dpa", None),
    ]
    assert sorted(RealisasiLayananDokumen.objects.values_list("layanan__nama", "triwulan", "jumlah")) == [
        ("Cetak KTP-el", 1, 200),
        ("Cetak KTP-el", 3, 700),
        ("Kartu Identitas Anak", 1, 10),
    ]
    assert SurveiKepuasan.history.filter(history_type="-").count() == 1


def test_a_locked_period_refuses_changes_and_deletions_through_the_import(opd):
    StatusPeriode.objects.create(opd=opd, tahun=2024, periode="TAHUN", status=StatusPeriode.Status.DIVERIFIKASI)
    data = ekspor_data_opd(opd)
    data["survei_kepuasan"][1]["jumlah_responden"] = 401
    data["survei_kepuasan"].pop(0)  # TW2 2024 is frozen too (the year is)
    data["belanja_jenis"][1]["pagu"] = "1"
    data["layanan_dokumen"][0]["realisasi"]["4"] = 900
    sebelum = _potret()
    hasil = impor_data_opd(data)
    pesan = (
        "terkunci: data tahun 2024 berstatus diverifikasi (terkunci). "
        "Minta dikembalikan ke draf (atau dibuka kembali) bila perlu diubah."
    )
    assert hasil.galat == [
        ("survei_kepuasan[0]", f"Survei kepuasan masyarakat tahun 2024 {pesan}"),
        (
            "survei_kepuasan",
            "SKM Triwulan II 2024 tidak ada lagi di berkas, tetapi tidak dapat dihapus. "
            f"Survei kepuasan masyarakat Triwulan II 2024 {pesan}",
        ),
        ("belanja_jenis[1]", f"Anggaran per jenis belanja triwulan 4 2024 {pesan}"),
        ("layanan_dokumen[0].realisasi.4", f"Realisasi layanan Cetak KTP-el triwulan 4 2024 {pesan}"),
    ]
    assert _potret() == sebelum
    # Unchanged rows of a locked period re-import without a word.
    assert impor_data_opd(ekspor_data_opd(opd)).berhasil


def test_another_offices_codes_are_unknown_here(opd):
    lain = OPD.objects.create(pemda=opd.pemda, kode="dinas-lain", nama="Dinas Lain")
    data = ekspor_data_opd(opd)
    data["survei_kepuasan"][0]["indikator"] = "IKU-LAIN"
    data["belanja_jenis"][2]["item"] = "9.99.99"
    data["layanan_dokumen"][1]["indikator"] = "IKU-LAIN"
    sebelum = _potret()
    hasil = impor_data_opd(data)
    assert hasil.galat == [
        ("survei_kepuasan[0].indikator", "indikator 'IKU-LAIN' tidak ada di data OPD ini."),
        ("belanja_jenis[2].item", "item anggaran 9.99.99 tahun 2024 tidak ada di data OPD ini."),
        ("layanan_dokumen[1].indikator", "indikator 'IKU-LAIN' tidak ada di data OPD ini."),
    ]
    assert _potret() == sebelum
    # This office's rows never reach the other office's, and its rows are untouched by this office's load.
    LayananDokumen.objects.create(opd=lain, tahun=2024, nama="Lain", target=1)
    data = ekspor_data_opd(opd)
    data["layanan_dokumen"] = []
    assert impor_data_opd(data).berhasil
    assert list(LayananDokumen.objects.values_list("opd__kode", flat=True)) == ["dinas-lain"]
    hasil = impor_data_opd(ekspor_data_opd(opd), opd_tetap=lain)
    assert hasil.galat == [("opd.kode", "berkas ini untuk OPD dinas-uji, bukan dinas-lain.")]


@pytest.mark.parametrize(
    "ubah, tempat, pesan",
    [
        (
            lambda d: d["survei_kepuasan"][1]["unsur"].append({"nomor": 1, "nama": "x", "nilai_rata": "2"}),
            "survei_kepuasan[1].unsur[2]",
            "unsur U1 sudah ada di survei_kepuasan[1].unsur[0].",
        ),
        (
            lambda d: d["survei_kepuasan"][1]["unsur"][0].update(nilai_rata=3.5),
            "survei_kepuasan[1].unsur[0].nilai_rata",
            'angka 3.5 harus ditulis sebagai teks desimal, misalnya "79.143".',
        ),
        (
            lambda d: d["survei_kepuasan"][0].update(jumlah_responden="banyak"),
            "survei_kepuasan[0].jumlah_responden",
            "'banyak' bukan bilangan bulat.",
        ),
        (
            lambda d: d["belanja_jenis"].append(dict(d["belanja_jenis"][0])),
            "belanja_jenis[3]",
            "baris yang sama dengan belanja_jenis[0] (tahun, item, jenis belanja, tahap).",
        ),
        (
            lambda d: d["layanan_dokumen"][0].update(realisasi={"5": 1}),
            "layanan_dokumen[0].realisasi.5",
            "triwulan harus 1, 2, 3 atau 4.",
        ),
        (
            lambda d: d["layanan_dokumen"][0].update(kumulatif="ya"),
            "layanan_dokumen[0].kumulatif",
            "harus true atau false.",
        ),
        (lambda d: d.update(belanja_jenis="modal"), "belanja_jenis", "harus berupa daftar."),
    ],
)
def test_bad_rows_are_refused_with_their_place_and_change_nothing(opd, ubah, tempat, pesan):
    data = ekspor_data_opd(opd)
    data["layanan_dokumen"].pop()  # with a deletion too: nothing is deleted either
    ubah(data)
    sebelum = _potret()
    hasil = impor_data_opd(data)
    assert (tempat, pesan) in hasil.galat
    assert _potret() == sebelum


def test_hostile_text_round_trips_as_text(opd):
    data = ekspor_data_opd(opd)
    data["survei_kepuasan"][0]["keterangan"] = TEKS_JAHAT
    data["survei_kepuasan"][1]["unsur"][0]["nama"] = TEKS_JAHAT
    data["belanja_jenis"][0]["dasar"] = TEKS_JAHAT
    data["layanan_dokumen"][0]["nama"] = TEKS_JAHAT
    hasil = impor_data_opd(json.loads(json.dumps(data)))
    assert hasil.berhasil, hasil.galat
    assert SurveiKepuasan.objects.get(periode="TW2").keterangan == TEKS_JAHAT
    assert UnsurSurvei.objects.get(nomor=1).nama == TEKS_JAHAT
    assert LayananDokumen.objects.filter(nama=TEKS_JAHAT).count() == 1
    assert ekspor_data_opd(opd) == json.loads(json.dumps(data))


@pytest.mark.django_db(transaction=True)
def test_the_demo_service_table_round_trips():
    """Luwu Timur 2024 (report 000, T6): the seven service rows, exported, re-imported unchanged,
    then loaded into an empty database give the same export."""
    muat("disdukcapil-luwu-timur")
    call_command("loaddata", str(DEMO / "disdukcapil-luwu-timur-layanan.json"), verbosity=0)
    opd = OPD.objects.get(kode="disdukcapil-luwu-timur")
    data = json.loads(json.dumps(ekspor_data_opd(opd)))
    assert len(data["layanan_dokumen"]) == 7
    assert data["layanan_dokumen"][0]["nama"] == "Cetak KTP" and data["layanan_dokumen"][0]["target"] == 24975
    sebelum = _potret()
    hasil = impor_data_opd(copy.deepcopy(data))
    assert hasil.berhasil and not hasil.dibuat and not hasil.diubah and not hasil.dihapus
    assert _potret() == sebelum
    call_command("flush", interactive=False, verbosity=0)
    muat_nomenklatur()
    assert impor_data_opd(copy.deepcopy(data)).berhasil
    assert ekspor_data_opd(OPD.objects.get(kode="disdukcapil-luwu-timur")) == data


def test_no_query_per_row(opd):
    """Reading, planning and writing the tables costs the same number of queries for 2 or 12 rows
    (new rows are written in bulk with their history). A deleted row's history row is written by
    the deletion itself, as for the profile's lists."""

    def jumlah_query(n):
        for m in (LayananDokumen, SurveiKepuasan):
            m.objects.all().delete()
        data = ekspor_data_opd(opd)
        data["layanan_dokumen"] = [
            {"tahun": 2024, "nama": f"Layanan {i}", "target": 10, "realisasi": {"1": i, "2": i + 1}} for i in range(n)
        ]
        data["survei_kepuasan"] = [
            {
                "tahun": 2024,
                "periode": p,
                "jumlah_responden": 10,
                "unsur": [{"nomor": 1, "nama": "U", "nilai_rata": "3"}],
            }
            for p in ["TW1", "TW2", "TW3", "TW4", "S1", "S2"][: n // 2]
        ]
        with CaptureQueriesContext(connection) as q:
            assert impor_data_opd(data).berhasil
        return len(q.captured_queries)

    assert jumlah_query(2) == jumlah_query(12)
