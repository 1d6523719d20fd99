"""The measurement selector and the `pengukuran` command, end to end on real figures."""

import datetime
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kinerja.layanan import GalatPK, buat_perubahan_pk, buat_pk_dari_renstra, tetapkan_pk
from kinerja.models import PerjanjianKinerja, Realisasi
from kinerja.pengukuran import sebagai_dict, ukur_opd
from renstra.models import Indikator
from sakip.models import MetodologiPemda
from tests.factories import (
    IndikatorFactory,
    ItemPKFactory,
    JabatanFactory,
    OPDFactory,
    PerjanjianKinerjaFactory,
    RealisasiFactory,
    RencanaAksiFactory,
    RenstraFactory,
    SasaranFactory,
    TargetIndikatorFactory,
)

pytestmark = pytest.mark.django_db


def jalankan(*args):
    out = StringIO()
    call_command("pengukuran", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def luwu_timur():
    """Seed 000 (Disdukcapil Luwu Timur, TW III 2024): the inputs of its measurement table."""
    opd = OPDFactory(kode="disdukcapil-luwu-timur", nama="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Luwu Timur")
    kepala = JabatanFactory(opd=opd, nama="Kepala Dinas")
    renstra = RenstraFactory(opd=opd)
    s1 = SasaranFactory(renstra=renstra, uraian="Meningkatnya kualitas Pelayanan Administrasi Kependudukan", urutan=1)
    s2 = SasaranFactory(renstra=renstra, uraian="Meningkatnya Cakupan Kepemilikan Dokumen Adminduk", urutan=2)
    s3 = SasaranFactory(
        renstra=renstra, uraian="Meningkatnya akuntabilitas kinerja dan keuangan Dinas Kependudukan", urutan=3
    )
    ikm = IndikatorFactory(
        sasaran=s1, nama="Indeks Kepuasan Masyarakat", satuan="Nilai", frekuensi="semester", presisi=3, urutan=1
    )
    sop = IndikatorFactory(
        sasaran=s1, nama="Persentase ketepatan waktu penyelesaian layanan dokumen kependudukan sesuai SOP", urutan=2
    )
    pks = IndikatorFactory(
        sasaran=s1, nama="Perjanjian Kerjasama Pemanfaatan data", satuan="OPD", agregasi="terakhir", urutan=3
    )
    cakupan = IndikatorFactory(sasaran=s2, nama="Persentase Cakupan Administrasi Kependudukan", frekuensi="semester")
    komponen = [
        IndikatorFactory(sasaran=None, komposit=cakupan, nama=f"Cakupan komponen {i}", iku=False, urutan=i)
        for i in range(1, 7)
    ]
    sakip = IndikatorFactory(sasaran=s3, nama="Nilai SAKIP Perangkat Daerah", satuan="Nilai", tunda_tahun=1)
    perjanjian = PerjanjianKinerjaFactory(jabatan=kepala, tahun=2024, tanggal=datetime.date(2024, 2, 1))
    for urutan, (ind, target) in enumerate(
        [(ikm, "81.33"), (sop, "98"), (pks, "15"), (cakupan, "92.16"), (sakip, "81.10")], 1
    ):
        ItemPKFactory(perjanjian=perjanjian, indikator=ind, target=D(target), urutan=urutan)
    RealisasiFactory(indikator=ikm, periode="S1", nilai=D("79.143"), keterangan_data="IKM Semester I 2024")
    RealisasiFactory(indikator=sop, periode="TW3", nilai=D("70.30"))
    RealisasiFactory(indikator=pks, periode="TW3", nilai=D("14"))
    # DKB Semester I 2024: KTP-el 220.323 of 220.929 (99,73), then the other five ratios.
    RealisasiFactory(indikator=komponen[0], periode="S1", pembilang=D(220323), penyebut=D(220929))
    for ind, nilai in zip(komponen[1:], ["99.73", "99.03", "58.62", "100", "100"], strict=True):
        RealisasiFactory(indikator=ind, periode="S1", nilai=D(nilai))
    # The SAKIP score received in 2024 is the 2023 evaluation (N-1).
    RealisasiFactory(indikator=sakip, tahun=2023, periode="TAHUN", nilai=D("84.50"))
    return opd


def test_seed_000_measurement_reproduces_the_correct_figures(luwu_timur):
    keluaran = jalankan("--opd", "disdukcapil-luwu-timur", "--tahun", "2024", "--periode", "TW3", "--format", "json")
    data = json.loads(keluaran)
    assert data["opd"] == "disdukcapil-luwu-timur" and data["tahun"] == 2024 and data["periode"] == "TW3"
    s1, s2, s3 = data["sasaran"]
    assert [(i["nama"][:22], i["target"], i["realisasi"], i["capaian"], i["kategori"]) for i in s1["indikator"]] == [
        ("Indeks Kepuasan Masyar", "81.33", "79.143", "97.31", "Sangat Tinggi"),
        ("Persentase ketepatan w", "98", "70.30", "71.73", "Sedang"),  # the report printed 71,42
        ("Perjanjian Kerjasama P", "15", "14", "93.33", "Sangat Tinggi"),
    ]
    assert s1["indikator"][0]["keterangan_data"] == "IKM Semester I 2024"
    assert s1["capaian"] == "87.46"  # printed 76,24 / 82,19 / 87,47
    assert s2["indikator"][0]["realisasi"] == "92.85"
    assert s2["indikator"][0]["capaian"] == "100.75"
    assert s2["indikator"][0]["komponen"][0] == {"nama": "Cakupan komponen 1", "realisasi": "99.725704"}
    assert s3["indikator"][0]["realisasi"] == "84.50"
    assert s3["indikator"][0]["capaian"] == "104.19"
    assert s3["indikator"][0]["keterangan_data"] == "Data tahun 2023 (N-1)"
    # Office: mean of the five indicator capaian.
    # Office: mean of the five indicator capaian, (97,31 + 71,73 + 93,33 + 100,75 + 104,19) / 5.
    assert data["capaian"] == "93.46"
    assert "Permendagri 86" in data["metodologi"]


def test_text_output_is_indonesian(luwu_timur):
    teks = jalankan("--opd", "disdukcapil-luwu-timur", "--tahun", "2024", "--periode", "tw3")
    assert "Triwulan III 2024" in teks
    assert "capaian 71,73 % (Sedang)" in teks
    assert "Capaian sasaran: 87,46 %" in teks


@pytest.mark.parametrize(
    "args, pesan",
    [
        (["--opd", "tidak-ada", "--tahun", "2024"], "OPD dengan kode 'tidak-ada' tidak ditemukan"),
        (["--opd", "disdukcapil-luwu-timur", "--tahun", "2019"], "Belum ada Perjanjian Kinerja"),
        (["--opd", "disdukcapil-luwu-timur", "--tahun", "2024", "--periode", "TW5"], "Periode 'TW5' tidak dikenal"),
        (["--opd", "disdukcapil-luwu-timur", "--tahun", "dua ribu"], "bukan angka tahun"),
        (["--opd", "disdukcapil-luwu-timur", "--tahun", "2024", "--format", "xml"], "Format 'xml' tidak dikenal"),
    ],
)
def test_command_refuses_unknown_input_clearly(luwu_timur, args, pesan):
    with pytest.raises(CommandError, match=pesan):
        jalankan(*args)


def test_measurement_query_count_does_not_grow_with_indicators(luwu_timur, django_assert_max_num_queries):
    perjanjian = PerjanjianKinerja.objects.get(opd=luwu_timur)
    with django_assert_max_num_queries(10) as ctx:
        ukur_opd(luwu_timur, 2024, "TW3")
    sebelum = len(ctx.captured_queries)
    sasaran = perjanjian.item_set.first().sasaran
    for i in range(20):
        ind = IndikatorFactory(sasaran=sasaran, nama=f"Tambahan {i}")
        ItemPKFactory(perjanjian=perjanjian, indikator=ind, target=D(10), urutan=10 + i)
        RealisasiFactory(indikator=ind, periode="TW3", nilai=D(i))
    with django_assert_max_num_queries(sebelum):
        hasil = ukur_opd(luwu_timur, 2024, "TW3")
    assert len(hasil.semua_indikator) == 25


def _satu_indikator(**kw):
    item = ItemPKFactory(**kw)
    return item.perjanjian.opd, item


def test_pk_perubahan_changes_the_target_from_its_date_and_keeps_the_earlier_version():
    opd, item = _satu_indikator(target=D(100), perjanjian__tanggal=datetime.date(2024, 1, 15))
    RealisasiFactory(indikator=item.indikator, periode="TW2", nilai=D(80))
    RealisasiFactory(indikator=item.indikator, periode="TW3", nilai=D(80))
    awal = tetapkan_pk(item.perjanjian, None)  # None: the system itself (as the demo loader)
    perubahan = buat_perubahan_pk(
        awal, tanggal=datetime.date(2024, 8, 1), alasan="Refocusing anggaran", target_baru={item.indikator_id: D(90)}
    )
    assert perubahan.versi == 1 and perubahan.label_versi == "PK Perubahan 1"
    assert ukur_opd(opd, 2024, "TW3").perjanjian == awal  # a draft perubahan is not in force until it is set
    tetapkan_pk(perubahan, None)
    tw2 = ukur_opd(opd, 2024, "TW2").semua_indikator[0]
    tw3 = ukur_opd(opd, 2024, "TW3").semua_indikator[0]
    assert (tw2.target, tw2.capaian.nilai) == (D(100), D("80.00"))
    assert (tw3.target, tw3.capaian.nilai) == (D(90), D("88.89"))
    assert ukur_opd(opd, 2024, "TW3").perjanjian == perubahan
    awal.refresh_from_db()
    assert awal.item_set.get().target == D(100)  # the earlier version is still readable
    assert PerjanjianKinerja.objects.berlaku(awal.jabatan, 2024, datetime.date(2024, 7, 31)) == awal
    assert PerjanjianKinerja.objects.berlaku(awal.jabatan, 2024, datetime.date(2024, 8, 1)) == perubahan


def test_pk_perubahan_needs_a_reason_a_later_date_and_the_latest_version():
    _, item = _satu_indikator()
    awal = item.perjanjian
    with pytest.raises(GalatPK, match="Alasan"):
        buat_perubahan_pk(awal, tanggal=datetime.date(2024, 8, 1), alasan=" ")
    with pytest.raises(GalatPK, match="setelah tanggal"):
        buat_perubahan_pk(awal, tanggal=datetime.date(2024, 1, 1), alasan="x")
    buat_perubahan_pk(awal, tanggal=datetime.date(2024, 8, 1), alasan="x")
    with pytest.raises(GalatPK, match="versi PK terbaru"):
        buat_perubahan_pk(awal, tanggal=datetime.date(2024, 9, 1), alasan="y")


def test_quarterly_target_comes_from_rencana_aksi():
    opd, item = _satu_indikator(target=D(100))
    RencanaAksiFactory(item=item, triwulan=1, target=D(25), rencana_aksi="Sosialisasi")
    RealisasiFactory(indikator=item.indikator, periode="TW1", nilai=D(20))
    hasil = ukur_opd(opd, 2024, "TW1").semua_indikator[0]
    assert (hasil.target, hasil.sumber_target, hasil.capaian.nilai) == (D(25), "rencana aksi TW 1", D("80.00"))


def test_cumulative_indicator_sums_quarters_and_says_what_is_missing():
    opd, item = _satu_indikator(target=D(400), indikator__agregasi="kumulatif", indikator__satuan="Dokumen")
    for periode, nilai in [("TW1", 90), ("TW3", 110)]:
        RealisasiFactory(indikator=item.indikator, periode=periode, nilai=D(nilai))
    hasil = ukur_opd(opd, 2024, "TW3").semua_indikator[0]
    assert hasil.realisasi == D(200)
    assert hasil.capaian.nilai == D("50.00")
    assert hasil.keterangan_data == "Triwulan belum terisi: TW 2"


def test_turun_indicator_seed_001_ktp_days():
    opd, item = _satu_indikator(target=D(1), indikator__arah="turun", indikator__satuan="Hari")
    RealisasiFactory(indikator=item.indikator, nilai=D(1))
    assert ukur_opd(opd, 2024).semua_indikator[0].capaian.nilai == D("100.00")


def test_predicate_indicator_compares_ordinal_positions():
    opd, item = _satu_indikator(
        target=None,
        target_teks="A",
        indikator__jenis_nilai="predikat",
        indikator__skala_predikat="sakip",
        indikator__satuan="Predikat",
    )
    RealisasiFactory(indikator=item.indikator, nilai_teks="BB")
    hasil = ukur_opd(opd, 2024).semua_indikator[0]
    assert hasil.capaian.nilai == D("83.33")  # BB is 5th of 7 from the bottom, A is 6th
    assert hasil.capaian.tercapai is False


def test_missing_realisation_gives_no_capaian_and_is_left_out_of_the_mean():
    opd, item = _satu_indikator(target=D(100))
    kedua = ItemPKFactory(perjanjian=item.perjanjian, indikator__sasaran=item.sasaran, target=D(50))
    RealisasiFactory(indikator=kedua.indikator, nilai=D(45))
    hasil = ukur_opd(opd, 2024)
    assert [h.capaian.nilai for h in hasil.semua_indikator] == [None, D("90.00")]
    assert hasil.sasaran[0].capaian.nilai == D("90.00")
    assert "1 indikator belum ada capaian" in hasil.sasaran[0].capaian.keterangan


def test_methodology_of_the_pemda_is_used():
    opd, item = _satu_indikator(target=D(69))
    RealisasiFactory(indikator=item.indikator, nilai=D("51.85"))
    MetodologiPemda.objects.create(pemda=opd.pemda, skala="empat_pita", pembulatan="truncate")
    hasil = ukur_opd(opd, 2024).semua_indikator[0]
    # Seed 002: 51,85 / 69 = 75,144..; truncated 75,14 on the four-band scale.
    assert (hasil.capaian.nilai, hasil.kategori) == (D("75.14"), "Berhasil")


def test_cap_per_indicator_keeps_the_uncapped_value():
    opd, item = _satu_indikator(target=D(10), indikator__batas_atas_capaian=D(100))
    RealisasiFactory(indikator=item.indikator, nilai=D(15))
    hasil = ukur_opd(opd, 2024).semua_indikator[0]
    assert (hasil.capaian.nilai, hasil.capaian.nilai_mentah, hasil.capaian.dibatasi) == (D("100.00"), D(150), True)


def test_pk_drafted_from_renstra_targets():
    renstra = RenstraFactory()
    kepala = JabatanFactory(opd=renstra.opd)
    sasaran = SasaranFactory(renstra=renstra)
    iku = IndikatorFactory(sasaran=sasaran, iku=True)
    IndikatorFactory(sasaran=sasaran, iku=False)
    TargetIndikatorFactory(indikator=iku, tahun=2024, nilai=D("91.08"))
    perjanjian = buat_pk_dari_renstra(kepala, 2024, tanggal=datetime.date(2024, 1, 10))
    assert [(i.indikator, i.target) for i in perjanjian.item_set.all()] == [(iku, D("91.08"))]
    with pytest.raises(GalatPK, match="sudah ada"):
        buat_pk_dari_renstra(kepala, 2024, tanggal=datetime.date(2024, 1, 10))


def test_realisation_from_numerator_and_denominator():
    ind = IndikatorFactory(label_pembilang="penduduk ber-KTP-el", label_penyebut="wajib KTP-el")
    r = Realisasi(indikator=ind, tahun=2024, periode="S1", pembilang=D(220323), penyebut=D(220929))
    r.full_clean()
    r.save()
    assert r.nilai == D("99.725704")  # 220.323 ÷ 220.929 × 100, to 6 decimals
    salah = Realisasi(indikator=ind, tahun=2024, periode="S2", pembilang=D(1), penyebut=D(2), nilai=D(60))
    with pytest.raises(Exception, match="tidak sama dengan pembilang"):
        salah.full_clean()


def test_realisation_changes_are_kept_in_history():
    r = RealisasiFactory(nilai=D(10))
    r.nilai = D(12)
    r.save()
    assert [h.nilai for h in r.history.order_by("history_date")] == [D(10), D(12)]
    assert Indikator.history.count() >= 1


def test_iku_left_out_of_the_pk_is_measured_against_the_renstra_target_and_marked():
    opd, item = _satu_indikator(target=D(100))
    RealisasiFactory(indikator=item.indikator, nilai=D(90))
    luar = IndikatorFactory(sasaran=item.sasaran, iku=True, nama="Rasio Kepemilikan KTP elektronik")
    TargetIndikatorFactory(indikator=luar, tahun=2024, nilai=D(92))
    RealisasiFactory(indikator=luar, nilai=D("101.33"))
    IndikatorFactory(sasaran=item.sasaran, iku=False, nama="Bukan IKU")
    data = sebagai_dict(ukur_opd(opd, 2024))
    baris = data["sasaran"][0]["indikator"]
    assert [(i["nama"], i["target"], i["capaian"]) for i in baris] == [
        (item.indikator.nama, "100", "90.00"),
        ("Rasio Kepemilikan KTP elektronik", "92", "110.14"),
    ]
    assert baris[1]["sumber_target"] == "Renstra (IKU tidak ada di PK)" and "sumber_target" not in baris[0]
