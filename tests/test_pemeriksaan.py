"""Data checks: the input conflicts the demo fixtures keep are found, and each kind of check works."""

import datetime
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from anggaran.models import ItemAnggaran, RealisasiAnggaran
from anggaran.ringkasan import ringkas_anggaran
from kinerja.models import Bukti, Realisasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from reviu.pemeriksaan import periksa_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.test_demo import muat

pytestmark = pytest.mark.django_db


def jenis(temuan):
    return {(t.kode, t.tingkat) for t in temuan}


def test_demo_conflicts_are_found():
    muat("disdukcapil-luwu-timur")
    muat("disdukcapil-musi-banyuasin")
    muat("disdukcapil-probolinggo")
    luwu = periksa_opd(OPD.objects.get(kode="disdukcapil-luwu-timur"), 2024, "TW3")
    pesan = " ".join(t.pesan for t in luwu)
    assert (
        "Target PK “Indeks Kepuasan Masyarakat” (81,33 Nilai) berbeda dengan target Renstra 2024 (80,80 Nilai)" in pesan
    )
    assert (
        "Target PK “Nilai SAKIP Perangkat Daerah” (81,10 Nilai) berbeda dengan target Renstra 2024 (72 Nilai)" in pesan
    )
    assert "2.12.02 PROGRAM PENDAFTARAN PENDUDUK dihitung di 3 sasaran" in pesan
    muba = periksa_opd(OPD.objects.get(kode="disdukcapil-musi-banyuasin"), 2024)
    assert {("iku_di_luar_pk", "peringatan"), ("di_atas_100", "peringatan")} <= jenis(muba)
    assert any("101,33 % melebihi 100 %" in t.pesan for t in muba)
    probolinggo = periksa_opd(OPD.objects.get(kode="disdukcapil-probolinggo"), 2024)
    assert any(
        t.kode == "target_pk_renstra" and "(100 %) berbeda dengan target Renstra 2024 (83 %)" in t.pesan
        for t in probolinggo
    )
    # Most severe first; every finding links to where it is fixed and names its item.
    tingkat = [t.tingkat for t in luwu]
    assert tingkat == sorted(tingkat, key=["galat", "peringatan", "info"].index)
    assert all(t.tautan.startswith("/opd/") and t.objek for t in luwu)


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


def test_missing_measurement_spending_above_pagu_evidence_dates_and_units(opd):
    Realisasi.objects.filter(indikator__kode="IKU2", tahun=2024).delete()
    leaf = ItemAnggaran.objects.get(kode="2.12.03.2.01.0001")
    RealisasiAnggaran.objects.filter(item=leaf, triwulan=4).update(nilai=D(130000000))  # pagu 120.000.000
    r = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TAHUN")
    Bukti.objects.create(
        realisasi=r, berkas="bukti/x.pdf", keterangan="Laporan 2023", tanggal_dokumen=datetime.date(2023, 12, 1)
    )
    ind = Indikator.objects.get(kode="P1")
    ind.nama, ind.satuan = "Persentase penduduk ber-KTP-el", "Persen"
    ind.save()
    temuan = periksa_opd(opd, 2024)
    kode = {t.kode for t in temuan}
    assert {"belum_diukur", "realisasi_melebihi_pagu", "bukti_di_luar_periode", "satuan_berbeda"} <= kode
    assert temuan[0].tingkat == "galat"
    # One message for spending above pagu, wherever it is judged (anggaran.aturan.pesan_melebihi_pagu).
    assert any("(Rp 130.000.000) melebihi pagu (Rp 120.000.000). Serapan 108,33 %." in t.pesan for t in temuan)
    ringkasan = ringkas_anggaran(opd, 2024)
    assert any("(Rp 130.000.000) melebihi pagu (Rp 120.000.000)." in p for p in ringkasan.peringatan)
    assert any("bertanggal 01-12-2023, di luar Tahun 2024" in t.pesan for t in temuan)


def test_command_json_and_errors(opd):
    out = StringIO()
    call_command("periksa_data", "--opd", "dinas-uji", "--tahun", "2024", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["temuan"] and {"kode", "tingkat", "pesan", "tautan", "objek"} <= set(data["temuan"][0])
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("periksa_data", "--opd", "x", "--tahun", "2024")
    tanpa = periksa_opd(opd, 2019)
    assert [t.kode for t in tanpa] == ["tanpa_pk"]


def test_narrative_numbers_year_labels_and_template_remnants(opd):
    from laporan.models import Laporan, Narasi

    laporan = Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN")
    iku1 = opd.indikator_set.get(kode="IKU1")
    Narasi.objects.create(
        laporan=laporan,
        bagian="penyebab",
        indikator=iku1,
        isi=(
            "Realisasi 99,30 dengan capaian 99,30 % dari target. "  # consistent
            "Dibanding tahun lalu capaian 97,51 % ....."  # contradicts (and ends with a template remnant)
        ),
    )
    Narasi.objects.create(
        laporan=laporan,
        bagian="latar_belakang",
        isi=("LKjIP Tahun 2023 ini disusun ... Kinerja (pilih salah satu) meningkat/ menurun/ tetap. Target 2026."),
    )
    temuan = [t for t in periksa_opd(opd, 2024) if t.objek.startswith("narasi:")]
    pesan = "\n".join(t.pesan for t in temuan)
    assert "menyebut capaian 97,51 %, sedangkan tabel menghitung 99,30 %" in pesan
    assert "capaian 99,30 %" not in pesan.replace("menghitung 99,30 %", "")
    assert "menyebut “LKjIP Tahun 2023” padahal laporan ini tahun 2024" in pesan
    assert "sisa templat “pilih salah satu”" in pesan and "“meningkat/menurun/tetap”" in pesan
    assert "titik-titik isian" in pesan
    assert "tahun 2026, setelah tahun laporan 2024" in pesan
    assert all(t.tautan == "/opd/dinas-uji/laporan/2024/TAHUN/" for t in temuan)
