"""Loading a sakip-opd/1 document: complete, idempotent, atomic, with clear errors."""

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from anggaran.models import ItemAnggaran
from kinerja.models import PerjanjianKinerja, Realisasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD, Pemda
from tests.data_opd_contoh import dokumen

pytestmark = pytest.mark.django_db


def test_document_loads_completely_and_measures_right():
    hasil = impor_data_opd(dokumen())
    assert hasil.berhasil, hasil.galat
    assert hasil.dibuat["Indikator"] == 3 and hasil.dibuat["Item PK"] == 2
    opd = OPD.objects.get(kode="dinas-uji")
    assert ItemAnggaran.objects.get(opd=opd, kode="2.12.02.2.01.0001").induk.kode == "2.12.02.2.01"
    out = StringIO()
    call_command("pengukuran", "--opd", "dinas-uji", "--tahun", "2024", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [i["capaian"] for i in data["sasaran"][0]["indikator"]] == ["99.30", "99.03"]


def test_loading_twice_changes_nothing():
    impor_data_opd(dokumen())
    hasil = impor_data_opd(dokumen())
    assert hasil.berhasil and not hasil.dibuat and not hasil.diubah
    assert sum(hasil.tetap.values()) > 20


def test_a_changed_value_is_updated_and_counted():
    impor_data_opd(dokumen())
    d = dokumen()
    d["renstra"]["sasaran"][0]["indikator"][0]["realisasi"][1]["nilai"] = "99.50"
    hasil = impor_data_opd(d)
    assert hasil.diubah == {"Realisasi": 1}
    assert Realisasi.objects.get(indikator__kode="IKU1", tahun=2024).nilai == D("99.50")


def test_dry_run_writes_nothing():
    hasil = impor_data_opd(dokumen(), percobaan=True)
    assert hasil.berhasil and hasil.dibuat["Indikator"] == 3
    assert not Pemda.objects.exists() and not Indikator.objects.exists()


@pytest.mark.parametrize(
    "ubah, tempat, pesan",
    [
        (lambda d: d["pejabat"][0].update(nip="197813011998021001"), "pejabat[0]", "NIP"),
        (
            lambda d: d["renstra"]["sasaran"][0]["indikator"][0]["target"].update({"2024": 99.0}),
            "renstra.sasaran[0].indikator[0].target.2024",
            "teks desimal",
        ),
        (
            lambda d: d["renstra"]["sasaran"][0]["indikator"][0]["target"].update({"2024": "99,5"}),
            "renstra.sasaran[0].indikator[0].target.2024",
            "bukan angka desimal",
        ),
        (
            lambda d: d["perjanjian_kinerja"][0]["item"][0].update(sasaran="S9"),
            "perjanjian_kinerja[0].item[0].sasaran",
            "sasaran 'S9' tidak ada",
        ),
        (
            lambda d: d["anggaran"][2]["realisasi"].update({"4": "500000000"}),
            "anggaran[2].realisasi.4",  # the rule of anggaran.aturan, placed at the figure
            "melebihi pagu",
        ),
        # A kegiatan's own pagu is a ceiling: its sub kegiatan may not exceed it.
        (lambda d: d["anggaran"][1].update(pagu=[{"nilai": "5"}]), "anggaran[1].pagu", "melebihi pagu 2.12.02.2.01"),
        (lambda d: d["anggaran"][1].update(realisasi={"4": "5"}), "anggaran (2.12.02.2.01)", "rincian terbawah"),
        (lambda d: d["anggaran"][2].update(kode="2.12.02.2.01.01.9"), "anggaran[2]", "Kepmendagri 050-5889"),
        (lambda d: d["jabatan"][1].update(induk="Sekda"), "jabatan[1].induk", "belum disebut"),
    ],
)
def test_bad_documents_are_refused_whole_with_the_place_named(ubah, tempat, pesan):
    d = dokumen()
    ubah(d)
    hasil = impor_data_opd(d)
    assert not hasil.berhasil
    assert any(t.startswith(tempat) and pesan in p for t, p in hasil.galat), hasil.galat
    assert not OPD.objects.exists() and not PerjanjianKinerja.objects.exists()


def test_command_lists_errors_and_exits_non_zero(tmp_path):
    berkas = tmp_path / "salah.json"
    d = dokumen()
    d["format"] = "lain"
    berkas.write_text(json.dumps(d))
    with pytest.raises(CommandError, match="format: harus"):
        call_command("muat_data_opd", str(berkas))
    rusak = tmp_path / "rusak.json"
    rusak.write_text("{")
    with pytest.raises(CommandError, match="bukan JSON yang sah"):
        call_command("muat_data_opd", str(rusak))


def test_command_loads_and_reports_counts(tmp_path):
    berkas = tmp_path / "ok.json"
    berkas.write_text(json.dumps(dokumen()))
    out = StringIO()
    call_command("muat_data_opd", str(berkas), stdout=out)
    assert "Dimuat:" in out.getvalue() and "Indikator: 3 dibuat" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_empty_database_gives_the_same_measurement():
    from pertukaran.muat import ekspor_data_opd

    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    ekspor = ekspor_data_opd(opd)
    sebelum = [_jalankan(c) for c in ("pengukuran", "anggaran")]
    call_command("flush", interactive=False, verbosity=0)
    assert not OPD.objects.exists()
    hasil = impor_data_opd(json.loads(json.dumps(ekspor)))
    assert hasil.berhasil, hasil.galat
    assert [_jalankan(c) for c in ("pengukuran", "anggaran")] == sebelum
    assert ekspor_data_opd(OPD.objects.get(kode="dinas-uji")) == ekspor


def _jalankan(perintah):
    out = StringIO()
    call_command(perintah, "--opd", "dinas-uji", "--tahun", "2024", "--format", "json", stdout=out)
    return json.loads(out.getvalue())
