"""Tests for sakip.rumus, the formula library.

Plain pytest functions, no Django. Every expected value is an exact Decimal computed by hand
from the reference reports' inputs (target, realisasi, pagu) and checked against the
``*_recomputed`` fields of /work/shared/reference/data/*.json; where a report printed a
different figure the row's comment quotes it. Nothing is read from /work/shared at test time.
"""

import dataclasses
from decimal import Decimal as D

import pytest

from sakip.rumus import (
    EMPAT_PITA,
    METODOLOGI_BAKU,
    NILAI_SAKIP,
    OPINI_BPK,
    PERMENDAGRI_86_2017,
    PERMENPANRB_12_2015,
    PREDIKAT_MUTU_IKM,
    PREDIKAT_SAKIP,
    PREDIKAT_TINGGI_SEDANG_RENDAH,
    PRESET_PREDIKAT,
    PRESET_SKALA,
    SKALA_MUTU_IKM,
    Agregasi,
    Arah,
    AturanKemajuan,
    GalatRumus,
    HasilCapaian,
    Metodologi,
    NilaiPeriode,
    Pembulatan,
    Periode,
    PitaKategori,
    RumusEfisiensi,
    RumusTurun,
    SkalaKategori,
    SkalaPredikat,
    agregasikan,
    bulatkan,
    capaian_instansi,
    capaian_sasaran,
    catatan_metodologi,
    efisiensi,
    hitung_capaian,
    hitung_capaian_predikat,
    hitung_ikm,
    keterangan_vintage,
    mutu_ikm,
    nilai_komposit,
    pangsa_anggaran,
    pembulatan,
    persentase,
    pilih_nilai_laporan,
    rekap_capaian,
    rerata_unsur_ikm,
    serapan,
    tingkat_kemajuan,
)

NAIK, TURUN, RENTANG = Arah.NAIK, Arah.TURUN, Arah.RENTANG
M_002 = Metodologi(skala=EMPAT_PITA)  # seed 002 uses its own four-band scale (Tabel 3.2)
TRUNC = Metodologi(pembulatan=Pembulatan.TRUNCATE)


# =========================================================================== domain.md table


@pytest.mark.parametrize(
    ("target", "realisasi", "arah", "harapan"),
    [
        # 000 TW III 2024, Indeks Kepuasan Masyarakat
        pytest.param(D("81.33"), D("79.143"), NAIK, D("97.31"), id="000-ikm"),
        # 000, % ketepatan waktu layanan sesuai SOP (printed 71,42 = 70/98 truncated)
        pytest.param(D("98"), D("70.30"), NAIK, D("71.73"), id="000-sop"),
        # 000, Perjanjian kerjasama pemanfaatan data, 15 OPD / 14 OPD
        pytest.param(D("15"), D("14"), NAIK, D("93.33"), id="000-pks"),
        # 000, Nilai SAKIP perangkat daerah
        pytest.param(D("81.10"), D("84.50"), NAIK, D("104.19"), id="000-sakip"),
        # 002 (2023), % OPD yang melakukan pelayanan terintegrasi (printed 75,07)
        pytest.param(D("69"), D("51.85"), NAIK, D("75.14"), id="002-opd"),
        # 002, IKM (printed 105,73, truncated)
        pytest.param(D("88"), D("93.05"), NAIK, D("105.74"), id="002-ikm"),
        # 001 (2024), Lama pengurusan KTP-el, turun, 1 hari / 1 hari (printed "Baik")
        pytest.param(D("1"), D("1"), TURUN, D("100"), id="001-lama-ktp"),
    ],
)
def test_angka_contoh_domain(target, realisasi, arah, harapan):
    assert hitung_capaian(target, realisasi, arah).nilai == harapan


def test_angka_contoh_domain_sasaran_1_seed_000():
    # mean of 97,31; 71,73; 93,33 = 87,4566.. -> 87,46 (printed 76,24 / 82,19 / 87,47)
    hasil = capaian_sasaran(
        [
            hitung_capaian(D("81.33"), D("79.143"), NAIK),
            hitung_capaian(D("98"), D("70.30"), NAIK),
            hitung_capaian(D("15"), D("14"), NAIK),
        ]
    )
    assert hasil.nilai == D("87.46")
    assert hasil.kategori == "Tinggi"


# =========================================================================== every measured row

# (target, realisasi, arah, expected capaian, expected kategori on the seed's scale)
BARIS_000 = [
    # 000 T4, S1 Indeks Kepuasan Masyarakat (TW III, IKM Semester I 2024); T11 printed 97,70
    pytest.param(D("81.33"), D("79.143"), NAIK, D("97.31"), "Sangat Tinggi", id="000-ikm"),
    # 000 T4, S1 % ketepatan waktu penyelesaian layanan sesuai SOP; printed 71,42
    pytest.param(D("98"), D("70.30"), NAIK, D("71.73"), "Sedang", id="000-ketepatan-sop"),
    # 000 T4, S1 Perjanjian Kerjasama Pemanfaatan data (OPD); printed 93,3 (T5: 13 OPD, 86,66)
    pytest.param(D("15"), D("14"), NAIK, D("93.33"), "Sangat Tinggi", id="000-pks"),
    # 000 T4, S2 Persentase Cakupan Administrasi Kependudukan (DKB Semester I 2024)
    pytest.param(D("92.16"), D("92.85"), NAIK, D("100.75"), "Sangat Tinggi", id="000-cakupan"),
    # 000 T4, S3 Nilai SAKIP Perangkat Daerah; printed 104,192
    pytest.param(D("81.10"), D("84.50"), NAIK, D("104.19"), "Sangat Tinggi", id="000-sakip-pd"),
]
BARIS_000_KOMPONEN = [
    # 000 T13 component: Cakupan penerbitan Kartu Keluarga
    pytest.param(D("99.85"), D("99.73"), NAIK, D("99.88"), "Sangat Tinggi", id="000-t13-kk"),
    # 000 T13 component: Cakupan penerbitan KTP-el (program text printed 101,54)
    pytest.param(D("98.21"), D("99.73"), NAIK, D("101.55"), "Sangat Tinggi", id="000-t13-ktp"),
    # 000 T13 component: Kutipan Akta Kelahiran (target = realisasi, marked * in the report)
    pytest.param(D("99.03"), D("99.03"), NAIK, D("100"), "Sangat Tinggi", id="000-t13-lahir"),
    # 000 T13 component: Kutipan Akta Nikah; printed 104,95 (truncated)
    pytest.param(D("55.85"), D("58.62"), NAIK, D("104.96"), "Sangat Tinggi", id="000-t13-nikah"),
    # 000 T13 component: Kutipan Akta Kematian
    pytest.param(D("100"), D("100"), NAIK, D("100"), "Sangat Tinggi", id="000-t13-kematian"),
    # 000 T13 component: Kutipan Akta Cerai Non Muslim
    pytest.param(D("100"), D("100"), NAIK, D("100"), "Sangat Tinggi", id="000-t13-cerai"),
]
BARIS_000_PROGRAM = [
    # 000 program Pendaftaran Penduduk: Cakupan Penerbitan KTP-el; printed 101,54 / 100 / 100,75
    pytest.param(D("98.21"), D("99.73"), NAIK, D("101.55"), "Sangat Tinggi", id="000-p-ktp"),
    # 000 kegiatan Pelayanan Pendaftaran: Persentase Penerbitan KK (target 98,80); not printed
    pytest.param(D("98.8"), D("99.73"), NAIK, D("100.94"), "Sangat Tinggi", id="000-k-kk"),
    # 000 kegiatan Pelayanan Pendaftaran: anak 0-17 memiliki KIA; not printed
    pytest.param(D("60"), D("54.14"), NAIK, D("90.23"), "Tinggi", id="000-k-kia"),
    # 000 program Pencatatan Sipil: akta kelahiran, S1 item 7 version; printed 100,97
    pytest.param(D("99.03"), D("100"), NAIK, D("100.98"), "Sangat Tinggi", id="000-p-akta-a"),
    # 000 program Pencatatan Sipil: akta kelahiran, S3 item 7 version (97,45 / 99,03)
    pytest.param(D("97.45"), D("99.03"), NAIK, D("101.62"), "Sangat Tinggi", id="000-p-akta-b"),
    # 000 kegiatan Pengumpulan Data: OPD memanfaatkan data berdasarkan PKS, 14 of 20
    pytest.param(D("20"), D("14"), NAIK, D("70"), "Sedang", id="000-k-pks"),
]
BARIS_001 = [
    # 001 T3.1, Rasio Kepemilikan KTP elektronik (506.024 / 499.362 = 101,33 %)
    pytest.param(D("92"), D("101.33"), NAIK, D("110.14"), "Sangat Tinggi", id="001-ktp"),
    # 001 T3.1, Lama Pengurusan KTP elektronik, turun, Hari; printed "Baik"
    pytest.param(D("1"), D("1"), TURUN, D("100"), "Sangat Tinggi", id="001-lama-ktp"),
    # 001 T3.1, Nilai Survei Kepuasan Masyarakat; printed 111,78 (truncated)
    pytest.param(D("85"), D("95.02"), NAIK, D("111.79"), "Sangat Tinggi", id="001-skm"),
]
BARIS_001_HISTORIS = [
    # 001 T3.1.2 KTP-el 2023 (target implied = R / printed capaian = 92)
    pytest.param(D("92"), D("102.51"), NAIK, D("111.42"), "Sangat Tinggi", id="001-ktp-2023"),
    # 001 T3.1.2 KTP-el 2022 (implied target 88)
    pytest.param(D("88"), D("100.47"), NAIK, D("114.17"), "Sangat Tinggi", id="001-ktp-2022"),
    # 001 T3.1.2 KTP-el 2021 (implied target 86); printed 115,62
    pytest.param(D("86"), D("99.44"), NAIK, D("115.63"), "Sangat Tinggi", id="001-ktp-2021"),
    # 001 T3.1.2 KTP-el 2020 (implied target 84); printed 119,03
    pytest.param(D("84"), D("99.99"), NAIK, D("119.04"), "Sangat Tinggi", id="001-ktp-2020"),
    # 001 T3.1.2 SKM 2023 (implied target 85)
    pytest.param(D("85"), D("94.43"), NAIK, D("111.09"), "Sangat Tinggi", id="001-skm-2023"),
    # 001 T3.1.2 SKM 2022 (implied target 85); printed 110,77
    pytest.param(D("85"), D("94.16"), NAIK, D("110.78"), "Sangat Tinggi", id="001-skm-2022"),
    # 001 T3.1.2 SKM 2021 (implied target 85); printed 116,6
    pytest.param(D("85"), D("99.11"), NAIK, D("116.60"), "Sangat Tinggi", id="001-skm-2021"),
    # 001 T3.1.2 SKM 2020 (implied target 80); printed 104,68
    pytest.param(D("80"), D("83.75"), NAIK, D("104.69"), "Sangat Tinggi", id="001-skm-2020"),
    # 001 T3.1.2 Lama Pengurusan KTP 2020-2023, 1 / 1 each year; printed "1"
    pytest.param(D("1"), D("1"), TURUN, D("100"), "Sangat Tinggi", id="001-lama-2020-2023"),
]
BARIS_002 = [
    # 002 T3.3, S1 Persentase jenis data kependudukan yang dapat diakses (2/2 laporan)
    pytest.param(D("100"), D("100"), NAIK, D("100"), "Sangat Berhasil", id="002-data-akses"),
    # 002 T3.3, S1 % OPD pelayanan terintegrasi (14/27); printed 75,07, "Cukup Berhasil" in T4
    pytest.param(D("69"), D("51.85"), NAIK, D("75.14"), "Berhasil", id="002-opd-terintegrasi"),
    # 002 T3.3, S2 IKM Adminduk dan Capil (Indeks); printed 105,73
    pytest.param(D("88"), D("93.05"), NAIK, D("105.74"), "Sangat Berhasil", id="002-ikm"),
    # 002 T3.3, S2 % peningkatan kualitas pelayanan (composite of 6); printed 126
    pytest.param(D("73"), D("92.08"), NAIK, D("126.14"), "Sangat Berhasil", id="002-kualitas"),
]
BARIS_002_2022 = [
    # 002 T3.3/T3.4 2022 column, data dapat diakses
    pytest.param(D("100"), D("100"), NAIK, D("100"), "Sangat Berhasil", id="002-2022-akses"),
    # 002 T3.3/T3.4 2022 column, OPD terintegrasi 40,7 of target 56; printed 74
    pytest.param(D("56"), D("40.7"), NAIK, D("72.68"), "Berhasil", id="002-2022-opd"),
    # 002 T3.3/T3.4 2022 column, IKM 92,2 of 86; printed 107
    pytest.param(D("86"), D("92.2"), NAIK, D("107.21"), "Sangat Berhasil", id="002-2022-ikm"),
    # 002 T3.3/T3.4 2022 column, peningkatan kualitas 86 of 45; printed 191
    pytest.param(D("45"), D("86"), NAIK, D("191.11"), "Sangat Berhasil", id="002-2022-kualitas"),
]
BARIS_004 = [
    # 004 Tabel 1a, S1 Persentase penduduk yang memiliki KTP-el
    pytest.param(D("100"), D("99.30"), NAIK, D("99.30"), "Sangat Tinggi", id="004-ktp-el"),
    # 004 Tabel 1a, S1 akta kelahiran usia 0-18 (1i prints target 99,00)
    pytest.param(D("100"), D("99.03"), NAIK, D("99.03"), "Sangat Tinggi", id="004-akta-0-18"),
    # 004 Tabel 2a, S2 Penyajian data adminduk yang valid (32/32)
    pytest.param(D("100"), D("100"), NAIK, D("100"), "Sangat Tinggi", id="004-data-valid"),
    # 004 Tabel 2a, S2 Permintaan data yang ditindaklanjuti (23/23)
    pytest.param(D("100"), D("100"), NAIK, D("100"), "Sangat Tinggi", id="004-permintaan-data"),
]


@pytest.mark.parametrize(
    ("target", "realisasi", "arah", "harapan", "kategori"),
    BARIS_000 + BARIS_000_KOMPONEN + BARIS_000_PROGRAM + BARIS_001 + BARIS_001_HISTORIS + BARIS_004,
)
def test_capaian_seed_skala_baku(target, realisasi, arah, harapan, kategori):
    hasil = hitung_capaian(target, realisasi, arah)
    assert hasil.nilai == harapan
    assert hasil.kategori == kategori
    assert hasil.nilai.as_tuple().exponent == -2  # always printed with 2 decimals
    assert hasil.dibatasi is False


@pytest.mark.parametrize(("target", "realisasi", "arah", "harapan", "kategori"), BARIS_002 + BARIS_002_2022)
def test_capaian_seed_002_skala_empat_pita(target, realisasi, arah, harapan, kategori):
    hasil = hitung_capaian(target, realisasi, arah, M_002)
    assert hasil.nilai == harapan
    assert hasil.kategori == kategori


def test_lama_pengurusan_ktp_turun_kedua_rumus():
    # 001 Lama pengurusan KTP-el, 1 hari / 1 hari: 100 under both turun formulas
    for rumus in RumusTurun:
        hasil = hitung_capaian(D("1"), D("1"), TURUN, Metodologi(rumus_turun=rumus))
        assert hasil.nilai == D("100")
        assert hasil.tercapai is True


def test_capaian_seed_002_skala_permendagri_naratif():
    # 002 narrative calls 75,07 "Sedang": on the half-open Permendagri scale 75,14 is Sedang
    assert hitung_capaian(D("69"), D("51.85")).kategori == "Sedang"


@pytest.mark.parametrize(
    ("target", "realisasi", "cetak"),
    [
        # printed figures that truncation (a rounding method, not an error) explains
        # 001 SKM 2024: 95,02 / 85 = 111,788 -> printed 111,78
        pytest.param(D("85"), D("95.02"), D("111.78"), id="001-skm-2024"),
        # 001 KTP-el 2021: printed 115,62
        pytest.param(D("86"), D("99.44"), D("115.62"), id="001-ktp-2021"),
        # 001 KTP-el 2020: printed 119,03
        pytest.param(D("84"), D("99.99"), D("119.03"), id="001-ktp-2020"),
        # 001 SKM 2022: printed 110,77
        pytest.param(D("85"), D("94.16"), D("110.77"), id="001-skm-2022"),
        # 001 SKM 2020: printed 104,68
        pytest.param(D("80"), D("83.75"), D("104.68"), id="001-skm-2020"),
        # 002 IKM 2023: printed 105,73
        pytest.param(D("88"), D("93.05"), D("105.73"), id="002-ikm-2023"),
        # 000 T13 akta nikah: printed 104,95
        pytest.param(D("55.85"), D("58.62"), D("104.95"), id="000-akta-nikah"),
        # 000 T9 IKM vs target 2026 (81): printed 97,70
        pytest.param(D("81"), D("79.143"), D("97.70"), id="000-ikm-vs-2026"),
        # 000 T5 PKS with 13 OPD: printed 86,66
        pytest.param(D("15"), D("13"), D("86.66"), id="000-pks-t5"),
        # 000 program akta kelahiran 100 / 99,03: printed 100,97
        pytest.param(D("99.03"), D("100"), D("100.97"), id="000-akta-lahir-program"),
    ],
)
def test_cetakan_dijelaskan_pemotongan(target, realisasi, cetak):
    baku = hitung_capaian(target, realisasi)
    potong = hitung_capaian(target, realisasi, NAIK, TRUNC)
    assert potong.nilai == cetak
    assert baku.nilai - cetak == D("0.01")  # a rounding-method difference, not an error


@pytest.mark.parametrize(
    ("target", "realisasi", "cetak"),
    [
        # 000 ketepatan waktu: printed 71,42, correct 71,73 (report used realisasi 70)
        pytest.param(D("98"), D("70.30"), D("71.42"), id="000-sop"),
        # 002 OPD terintegrasi: printed 75,07, correct 75,14 (report used 51,8)
        pytest.param(D("69"), D("51.85"), D("75.07"), id="002-opd"),
        # 002 OPD terintegrasi 2022: printed 74, correct 72,68
        pytest.param(D("56"), D("40.7"), D("74"), id="002-opd-2022"),
    ],
)
def test_cetakan_salah_tidak_dijelaskan_pembulatan(target, realisasi, cetak):
    for m in (METODOLOGI_BAKU, TRUNC, Metodologi(desimal=0), TRUNC.ganti(desimal=0)):
        assert hitung_capaian(target, realisasi, NAIK, m).nilai != cetak


@pytest.mark.parametrize(
    ("target", "realisasi", "cetak"),
    [
        # 002 prints some capaian without decimals
        pytest.param(D("73"), D("92.08"), D("126"), id="002-kualitas-2023"),
        pytest.param(D("86"), D("92.2"), D("107"), id="002-ikm-2022"),
        pytest.param(D("45"), D("86"), D("191"), id="002-kualitas-2022"),
    ],
)
def test_cetakan_tanpa_desimal_seed_002(target, realisasi, cetak):
    hasil = hitung_capaian(target, realisasi, NAIK, Metodologi(desimal=0))
    assert hasil.nilai == cetak
    assert str(hasil.nilai) == str(cetak)


# =========================================================================== sasaran and office


def _c(target, realisasi, arah=NAIK, m=None):
    return hitung_capaian(D(target), D(realisasi), arah, m)


def test_seed_000_sasaran_dan_instansi():
    s1 = [_c("81.33", "79.143"), _c("98", "70.30"), _c("15", "14")]
    s2 = [_c("92.16", "92.85")]
    s3 = [_c("81.10", "84.50")]
    assert capaian_sasaran(s1).nilai == D("87.46")  # printed 76,24 / 82,19 / 87,47
    assert capaian_sasaran(s2).nilai == D("100.75")
    assert capaian_sasaran(s3).nilai == D("104.19")  # printed 104,192
    kantor = capaian_instansi(s1 + s2 + s3)
    assert kantor.nilai == D("93.46")  # mean of the printed rows would be 93,39
    assert kantor.kategori == "Sangat Tinggi"  # Penutup prints "Rendah 61,05" (not reproducible)
    assert kantor.jumlah == 5 and kantor.jumlah_dihitung == 5 and kantor.keterangan is None


def test_seed_000_rekap_per_kategori():
    semua = [
        _c("81.33", "79.143"),
        _c("98", "70.30"),
        _c("15", "14"),
        _c("92.16", "92.85"),
        _c("81.10", "84.50"),
    ]
    rekap = rekap_capaian(semua, PERMENDAGRI_86_2017)
    assert rekap.per_kategori == {
        "Sangat Tinggi": 4,
        "Tinggi": 0,
        "Sedang": 1,
        "Rendah": 0,
        "Sangat Rendah": 0,
    }
    # "capaian diatas 100% sebanyak 2 target; di bawah 100% sebanyak 3 target"
    assert (rekap.mencapai_100, rekap.di_bawah_100, rekap.tanpa_capaian) == (2, 3, 0)


def test_seed_001_sasaran_dan_instansi():
    # Penetapan Kinerja: S1 = KTP-el + Lama pengurusan; S2 = Nilai SKM
    ktp, lama, skm = _c("92", "101.33"), _c("1", "1", TURUN), _c("85", "95.02")
    assert capaian_sasaran([ktp, lama]).nilai == D("105.07")
    assert capaian_sasaran([skm]).nilai == D("111.79")
    assert capaian_instansi([ktp, lama, skm]).nilai == D("107.31")


def test_seed_002_sasaran_dan_instansi():
    s1 = [_c("100", "100", m=M_002), _c("69", "51.85", m=M_002)]
    s2 = [_c("88", "93.05", m=M_002), _c("73", "92.08", m=M_002)]
    h1, h2 = capaian_sasaran(s1, metodologi=M_002), capaian_sasaran(s2, metodologi=M_002)
    assert (h1.nilai, h1.kategori) == (D("87.57"), "Sangat Berhasil")  # printed rows: 87,535
    assert (h2.nilai, h2.kategori) == (D("115.94"), "Sangat Berhasil")  # printed rows: 115,865
    kantor = capaian_instansi(s1 + s2, metodologi=M_002)
    # 407,02 / 4 = 101,755 -> 101,76 (printed rows: 101,70); the report's verdict "BERHASIL"
    # and "kategori 2 ... Sangat Berhasil (pilih salah satu)" are both wrong
    assert (kantor.nilai, kantor.kategori) == (D("101.76"), "Sangat Berhasil")
    rekap = rekap_capaian(s1 + s2, EMPAT_PITA)
    assert rekap.per_kategori == {
        "Sangat Berhasil": 3,
        "Berhasil": 1,
        "Cukup Berhasil": 0,
        "Tidak Berhasil": 0,
    }
    assert (rekap.mencapai_100, rekap.di_bawah_100) == (3, 1)


def test_seed_002_sasaran_2022():
    s1 = [_c("100", "100"), _c("56", "40.7")]
    s2 = [_c("86", "92.2"), _c("45", "86")]
    assert capaian_sasaran(s1).nilai == D("86.34")
    assert capaian_sasaran(s2).nilai == D("149.16")
    assert capaian_instansi(s1 + s2).nilai == D("117.75")


def test_seed_004_sasaran_dan_instansi():
    s1 = [_c("100", "99.30"), _c("100", "99.03")]
    s2 = [_c("100", "100"), _c("100", "100")]
    # 198,33 / 2 = 99,165 -> 99,17 half-up (the JSON's 99,16 is the truncated value)
    assert capaian_sasaran(s1).nilai == D("99.17")
    assert capaian_sasaran(s1, metodologi=TRUNC).nilai == D("99.16")
    assert capaian_sasaran(s2).nilai == D("100.00")
    assert capaian_instansi(s1 + s2).nilai == D("99.58")
    # seed 004 uses no scale at all
    tanpa = Metodologi(skala=None)
    assert capaian_sasaran(s1, metodologi=tanpa).kategori is None
    assert hitung_capaian(D("100"), D("99.30"), NAIK, tanpa).kategori is None


def test_capaian_sasaran_melewati_yang_kosong():
    hasil = capaian_sasaran([D("97.31"), None, _c("15", "14"), hitung_capaian(D("5"), None)])
    assert hasil.nilai == D("95.32")  # (97,31 + 93,33) / 2
    assert (hasil.jumlah, hasil.jumlah_dihitung, hasil.jumlah_kosong) == (4, 2, 2)
    assert hasil.keterangan == "Rata-rata dari 2 dari 4 indikator; 2 indikator belum ada capaian."


def test_capaian_sasaran_tanpa_nilai():
    hasil = capaian_sasaran([None, None])
    assert hasil.nilai is None and hasil.nilai_mentah is None and hasil.kategori is None
    assert hasil.jumlah_kosong == 2
    assert capaian_sasaran([]).keterangan == "Tidak ada indikator."


def test_capaian_sasaran_berbobot():
    s1 = [D("97.31"), D("71.73"), D("93.33")]
    berbobot = Metodologi(pakai_bobot=True)
    # (2 x 97,31 + 71,73 + 93,33) / 4 = 89,92
    assert capaian_sasaran(s1, [2, 1, 1], berbobot).nilai == D("89.92")
    # weights are ignored unless the methodology says so
    assert capaian_sasaran(s1, [2, 1, 1]).nilai == D("87.46")
    # pakai_bobot without weights: plain mean
    assert capaian_sasaran(s1, None, berbobot).nilai == D("87.46")
    # a missing indicator drops its weight too: (2 x 97,31 + 93,33) / 3 = 95,98
    assert capaian_sasaran([D("97.31"), None, D("93.33")], [2, 1, 1], berbobot).nilai == D("95.98")
    with pytest.raises(GalatRumus, match="Jumlah bobot"):
        capaian_sasaran(s1, [1, 1], berbobot)
    with pytest.raises(GalatRumus, match="negatif"):
        capaian_sasaran(s1, [1, -1, 1], berbobot)
    with pytest.raises(GalatRumus, match="tidak boleh 0"):
        capaian_sasaran(s1, [0, 0, 0], berbobot)
    with pytest.raises(TypeError):
        capaian_sasaran(s1, [1.0, 1, 1], berbobot)


def test_capaian_sasaran_memakai_nilai_yang_dibatasi():
    batas = Metodologi(batas_atas=D("120"))
    s2 = [_c("88", "93.05", m=batas), _c("73", "92.08", m=batas)]
    assert s2[1].nilai == D("120.00")
    assert capaian_sasaran(s2, metodologi=batas).nilai == D("112.87")  # (105,74 + 120) / 2


# =========================================================================== composite


def test_nilai_komposit_seed_000():
    # T13: Persentase Cakupan = mean of 6 component ratios (target 92,16, realisasi 92,85)
    target = nilai_komposit([D("99.85"), D("98.21"), D("99.03"), D("55.85"), D("100"), D("100")])
    realisasi = nilai_komposit([D("99.73"), D("99.73"), D("99.03"), D("58.62"), D("100"), D("100")])
    assert target.nilai == D("92.16")
    assert realisasi.nilai == D("92.85")
    assert target.kategori is None
    # from the raw counts (numerator / denominator) the result is the same
    dari_cacah = nilai_komposit(
        [
            persentase(D("99946"), D("100214")).nilai_mentah,
            persentase(D("220323"), D("220929")).nilai_mentah,
            persentase(D("3658"), D("3694")).nilai_mentah,
            persentase(D("83276"), D("142069")).nilai_mentah,
            D("100"),
            D("100"),
        ]
    )
    assert dari_cacah.nilai == D("92.85")
    assert nilai_komposit([D("90"), D("60")], [3, 1]).nilai == D("82.50")


# =========================================================================== special cases


def test_realisasi_kosong_bukan_nol():
    hasil = hitung_capaian(D("98"), None)
    assert hasil == HasilCapaian(None, None, None, keterangan="Realisasi belum tersedia.")
    assert not hasil.ada
    assert hitung_capaian(D("1"), None, TURUN).nilai is None


def test_target_kosong():
    hasil = hitung_capaian(None, D("5"))
    assert hasil.nilai is None and hasil.tercapai is None
    assert hasil.keterangan == "Target belum ditetapkan."


def test_naik_realisasi_nol():
    hasil = hitung_capaian(D("10"), D("0"))
    assert hasil.nilai == D("0.00")
    assert hasil.tercapai is False
    assert hasil.kategori == "Sangat Rendah"


def test_naik_target_nol_realisasi_nol():
    hasil = hitung_capaian(D("0"), D("0"))
    assert hasil.nilai == D("100.00")
    assert hasil.tercapai is True
    assert hasil.keterangan == "Target 0 dan realisasi 0: capaian ditetapkan 100%."


def test_naik_target_nol_realisasi_positif():
    hasil = hitung_capaian(D("0"), D("3"))
    assert hasil.nilai == D("100.00")
    assert hasil.tercapai is True
    assert hasil.keterangan.startswith("Target 0 terlampaui")


@pytest.mark.parametrize(
    ("target", "realisasi", "harapan", "tercapai"),
    [
        (D("5"), D("4"), D("120"), True),  # (10 - 4) / 5
        (D("5"), D("5"), D("100"), True),
        (D("5"), D("6"), D("80"), False),  # (10 - 6) / 5
        (D("1"), D("2"), D("0"), False),  # exactly 2 x target -> 0, no floor needed
        (D("0.40"), D("0.10"), D("175"), True),
        # seed 003 case: % deviasi, target 0,40, realisasi 0 -> 200 under the formula
        (D("0.40"), D("0"), D("200"), True),
    ],
)
def test_turun_selisih(target, realisasi, harapan, tercapai):
    hasil = hitung_capaian(target, realisasi, TURUN)
    assert hasil.nilai == harapan
    assert hasil.tercapai is tercapai
    assert hasil.keterangan is None


def test_turun_selisih_negatif_jadi_nol():
    hasil = hitung_capaian(D("3"), D("10"), TURUN)
    assert hasil.nilai == D("0.00")
    assert hasil.nilai_mentah == D("0")
    assert hasil.tercapai is False
    assert hasil.keterangan == "Hasil rumus negatif (−133,33%): capaian ditetapkan 0%."


@pytest.mark.parametrize(
    ("target", "realisasi", "harapan", "tercapai"),
    [
        (D("5"), D("4"), D("125"), True),
        (D("5"), D("6"), D("83.33"), False),
        (D("3"), D("10"), D("30"), False),  # never negative
        (D("1"), D("1"), D("100"), True),
    ],
)
def test_turun_rasio(target, realisasi, harapan, tercapai):
    hasil = hitung_capaian(target, realisasi, TURUN, Metodologi(rumus_turun=RumusTurun.RASIO))
    assert hasil.nilai == harapan
    assert hasil.tercapai is tercapai


def test_turun_rasio_realisasi_nol():
    # seed 003: target 0,40 % deviasi, realisasi 0; the report prints 100 %
    hasil = hitung_capaian(D("0.40"), D("0"), "turun", Metodologi(rumus_turun="rasio"))
    assert hasil.nilai == D("100.00")
    assert hasil.tercapai is True
    assert "rumus rasio tidak terdefinisi" in hasil.keterangan


def test_turun_seed_003_dengan_batas_100():
    # the printed 100 % is also what a cap of 100 % gives under the default formula
    hasil = hitung_capaian(D("0.40"), D("0"), TURUN, Metodologi(batas_atas=D("100")))
    assert hasil.nilai == D("100.00")
    assert hasil.nilai_mentah == D("200")
    assert hasil.dibatasi is True


@pytest.mark.parametrize("rumus", list(RumusTurun))
def test_turun_target_nol(rumus):
    m = Metodologi(rumus_turun=rumus)
    nol = hitung_capaian(D("0"), D("0"), TURUN, m)
    assert (nol.nilai, nol.tercapai) == (D("100"), True)
    assert nol.keterangan == "Target 0 dan realisasi 0: capaian ditetapkan 100%."
    lebih = hitung_capaian(D("0"), D("0.5"), TURUN, m)
    assert (lebih.nilai, lebih.tercapai) == (D("0"), False)
    assert lebih.keterangan == "Target 0 tidak tercapai: capaian ditetapkan 0%."


@pytest.mark.parametrize(
    ("realisasi", "harapan", "tercapai", "keterangan"),
    [
        (D("15"), D("100"), True, None),
        (D("10"), D("100"), True, None),
        (D("20"), D("100"), True, None),
        (D("8"), D("80"), False, "Realisasi di bawah rentang target."),
        (D("25"), D("75"), False, "Realisasi di atas rentang target."),  # (40 - 25) / 20
        (
            D("45"),
            D("0"),
            False,
            "Realisasi di atas rentang target. Hasil rumus negatif (−25%): capaian ditetapkan 0%.",
        ),
    ],
)
def test_rentang(realisasi, harapan, tercapai, keterangan):
    hasil = hitung_capaian(D("10"), realisasi, RENTANG, target_atas=D("20"))
    assert hasil.nilai == harapan
    assert hasil.tercapai is tercapai
    assert hasil.keterangan == keterangan


def test_rentang_atas_dengan_rumus_rasio():
    m = Metodologi(rumus_turun=RumusTurun.RASIO)
    assert hitung_capaian(D("10"), D("25"), RENTANG, m, target_atas=D("20")).nilai == D("80")


def test_rentang_masukan_salah():
    with pytest.raises(GalatRumus, match=r"belum lengkap \(batas atas belum diisi\)"):
        hitung_capaian(D("10"), D("15"), RENTANG)
    with pytest.raises(GalatRumus, match=r"belum lengkap \(batas bawah belum diisi\)"):
        hitung_capaian(None, D("15"), RENTANG, target_atas=D("20"))
    kosong = hitung_capaian(None, D("15"), RENTANG)
    assert kosong.nilai is None and kosong.keterangan == "Target belum ditetapkan."
    with pytest.raises(GalatRumus, match="lebih kecil"):
        hitung_capaian(D("10"), D("15"), RENTANG, target_atas=D("5"))
    with pytest.raises(GalatRumus, match="hanya dipakai"):
        hitung_capaian(D("10"), D("15"), NAIK, target_atas=D("20"))


def test_batas_atas_metodologi_dan_per_indikator():
    m = Metodologi(batas_atas=D("120"))
    hasil = hitung_capaian(D("73"), D("92.08"), NAIK, m)  # 002 kualitas, uncapped 126,14
    assert hasil.nilai == D("120.00")
    assert hasil.dibatasi is True
    assert hasil.nilai_mentah.quantize(D("0.0001")) == D("126.1370")
    assert hasil.kategori == "Sangat Tinggi"
    # below the cap: untouched
    assert hitung_capaian(D("88"), D("93.05"), NAIK, m).dibatasi is False
    # per-indicator cap on top of the Pemda default (no cap)
    per_indikator = METODOLOGI_BAKU.ganti(batas_atas=D("100"))
    assert hitung_capaian(D("81.10"), D("84.50"), NAIK, per_indikator).nilai == D("100.00")
    # no cap by default: the seeds print 104, 126, 191
    assert hitung_capaian(D("45"), D("86")).nilai == D("191.11")


def test_nilai_mentah_tidak_dibulatkan():
    hasil = hitung_capaian(D("16"), D("14"))
    assert hasil.nilai_mentah == D("87.5")
    assert hitung_capaian(D("81.33"), D("79.143")).nilai_mentah.quantize(D("0.000001")) == D("97.310955")


def test_tercapai_naik():
    assert hitung_capaian(D("81.10"), D("84.50")).tercapai is True
    assert hitung_capaian(D("81.33"), D("79.143")).tercapai is False
    assert hitung_capaian(D("100"), D("100")).tercapai is True


def test_rumus_dicatat():
    assert hitung_capaian(D("1"), D("2")).rumus == "realisasi ÷ target × 100%"
    assert hitung_capaian(D("1"), D("1"), TURUN).rumus == "(2 × target − realisasi) ÷ target × 100%"


# =========================================================================== input validation


@pytest.mark.parametrize(
    "argumen",
    [
        (81.33, D("79.143")),
        (D("81.33"), 79.143),
        ("81,33", D("79.143")),
        (True, D("1")),
        (D("1"), [1]),
    ],
)
def test_tolak_float_dan_tipe_lain(argumen):
    with pytest.raises(TypeError):
        hitung_capaian(*argumen)


def test_tolak_float_di_mana_mana():
    with pytest.raises(TypeError, match="float"):
        hitung_capaian(D("10"), D("15"), RENTANG, target_atas=20.0)
    with pytest.raises(TypeError):
        serapan(1.0, D("2"))
    with pytest.raises(TypeError):
        efisiensi(D("99.30"), 99.37)
    with pytest.raises(TypeError):
        bulatkan(1.5)
    with pytest.raises(TypeError):
        PERMENDAGRI_86_2017.kategori(90.5)
    with pytest.raises(TypeError):
        Metodologi(batas_atas=120.0)
    with pytest.raises(TypeError):
        hitung_ikm([3.5] * 9)


def test_int_diterima():
    assert hitung_capaian(15, 14).nilai == D("93.33")


def test_angka_tidak_sah():
    with pytest.raises(GalatRumus, match="bukan angka"):
        hitung_capaian(D("NaN"), D("1"))
    with pytest.raises(GalatRumus, match="bukan angka"):
        hitung_capaian(D("1"), D("Infinity"))


def test_negatif_ditolak():
    with pytest.raises(GalatRumus, match="Target tidak boleh negatif"):
        hitung_capaian(D("-1"), D("1"))
    with pytest.raises(GalatRumus, match="Realisasi tidak boleh negatif"):
        hitung_capaian(D("1"), D("-0.5"))


def test_arah_teks_dan_arah_salah():
    assert hitung_capaian(D("1"), D("1"), "turun").nilai == D("100")
    with pytest.raises(GalatRumus, match="arah tidak dikenal"):
        hitung_capaian(D("1"), D("1"), "menurun")


def test_galat_adalah_valueerror():
    assert issubclass(GalatRumus, ValueError)


# =========================================================================== rounding


@pytest.mark.parametrize(
    ("nilai", "desimal", "cara", "harapan"),
    [
        (D("71.435"), 2, Pembulatan.HALF_UP, "71.44"),
        (D("71.435"), 2, Pembulatan.TRUNCATE, "71.43"),
        (D("71.4349"), 2, Pembulatan.HALF_UP, "71.43"),
        (D("99.165"), 2, Pembulatan.HALF_UP, "99.17"),
        (D("99.165"), 2, Pembulatan.TRUNCATE, "99.16"),
        (D("-0.075"), 2, Pembulatan.HALF_UP, "-0.08"),
        (D("-0.079"), 2, Pembulatan.TRUNCATE, "-0.07"),  # toward zero
        (D("-0.001"), 2, Pembulatan.HALF_UP, "0.00"),  # no negative zero
        (D("-0.009"), 2, Pembulatan.TRUNCATE, "0.00"),
        (D("107.2093"), 0, Pembulatan.HALF_UP, "107"),
        (D("100"), 2, Pembulatan.HALF_UP, "100.00"),
        (D("104.192355"), 3, "half_up", "104.192"),
        (7, 1, "truncate", "7.0"),
    ],
)
def test_bulatkan(nilai, desimal, cara, harapan):
    assert str(bulatkan(nilai, desimal, cara)) == harapan


def test_bulatkan_kosong_dan_salah():
    assert bulatkan(None) is None
    with pytest.raises(GalatRumus):
        bulatkan(D("1"), -1)
    with pytest.raises(GalatRumus):
        bulatkan(D("1"), 2, "banker")


def test_pembulatan_per_metodologi():
    assert pembulatan(D("71.4349")) == D("71.43")
    assert pembulatan(D("111.788235"), TRUNC) == D("111.78")
    assert pembulatan(D("111.788235"), METODOLOGI_BAKU) == D("111.79")
    assert str(pembulatan(D("111.788235"), Metodologi(desimal=1))) == "111.8"
    assert pembulatan(None, TRUNC) is None


# =========================================================================== category scales


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D("250"), "Sangat Tinggi"),
        (D("91"), "Sangat Tinggi"),
        (D("90.99"), "Tinggi"),
        (D("90.5"), "Tinggi"),
        (D("76"), "Tinggi"),
        (D("75.99"), "Sedang"),
        (D("75.5"), "Sedang"),
        (D("66"), "Sedang"),
        (D("65.99"), "Rendah"),
        (D("61.05"), "Rendah"),  # 000 Penutup
        (D("51"), "Rendah"),
        (D("50.99"), "Sangat Rendah"),
        (D("50.5"), "Sangat Rendah"),
        (D("40.25"), "Sangat Rendah"),  # 000 serapan TW III
        (D("0"), "Sangat Rendah"),
    ],
)
def test_skala_permendagri(nilai, label):
    assert PERMENDAGRI_86_2017.kategori(nilai) == label


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D("191.11"), "Sangat Berhasil"),
        (D("85"), "Sangat Berhasil"),
        (D("84.99"), "Berhasil"),
        (D("70"), "Berhasil"),
        (D("69.99"), "Cukup Berhasil"),
        (D("55"), "Cukup Berhasil"),
        (D("54.99"), "Tidak Berhasil"),
    ],
)
def test_skala_empat_pita(nilai, label):
    assert EMPAT_PITA.kategori(nilai) == label


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D("90.01"), "Sangat Memuaskan"),
        (D("90"), "Memuaskan"),
        (D("80.01"), "Memuaskan"),
        (D("80"), "Sangat Baik"),
        (D("70.01"), "Sangat Baik"),
        (D("70"), "Baik"),
        (D("60.01"), "Baik"),
        (D("60"), "Cukup"),
        (D("50.01"), "Cukup"),
        (D("50"), "Kurang"),
        (D("0"), "Kurang"),
    ],
)
def test_skala_permenpanrb_12_2015(nilai, label):
    assert PERMENPANRB_12_2015.kategori(nilai) == label


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D("90.01"), "AA"),
        (D("90"), "A"),
        (D("84.50"), "A"),  # 000 Nilai SAKIP PD 2024
        (D("80"), "BB"),
        (D("75.19"), "BB"),  # 000 Nilai LAKIP 2020
        (D("70"), "B"),
        (D("60"), "CC"),
        (D("50"), "C"),
        (D("30.01"), "C"),
        (D("30"), "D"),
    ],
)
def test_skala_nilai_sakip(nilai, label):
    assert NILAI_SAKIP.kategori(nilai) == label


def test_skala_kosong_dan_pita():
    assert PERMENDAGRI_86_2017.kategori(None) is None
    pita = NILAI_SAKIP.cari_pita(D("84.5"))
    assert (pita.kode, pita.batas_bawah, pita.inklusif) == ("A", D("80"), False)
    assert PERMENDAGRI_86_2017.label == (
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    )


def test_preset_skala():
    assert set(PRESET_SKALA) == {
        "permendagri_86_2017",
        "empat_pita",
        "permenpanrb_12_2015",
        "nilai_sakip",
    }
    assert PRESET_SKALA["empat_pita"] is EMPAT_PITA


def test_uraian_skala():
    assert PERMENDAGRI_86_2017.uraian() == (
        "Skala Permendagri 86/2017: ≥ 91 Sangat Tinggi; 76 – < 91 Tinggi; 66 – < 76 Sedang; "
        "51 – < 66 Rendah; < 51 Sangat Rendah"
    )
    assert PERMENPANRB_12_2015.uraian_pita() == [
        "> 90 Sangat Memuaskan",
        "> 80 – 90 Memuaskan",
        "> 70 – 80 Sangat Baik",
        "> 60 – 70 Baik",
        "> 50 – 60 Cukup",
        "≤ 50 Kurang",
    ]
    assert EMPAT_PITA.uraian_pita()[-1] == "< 55 Tidak Berhasil"
    assert NILAI_SAKIP.uraian_pita()[-1] == "≤ 30 D"
    assert SKALA_MUTU_IKM.uraian_pita()[0] == "≥ 88,31 Sangat Baik"


def test_skala_kustom_tidak_sah():
    with pytest.raises(GalatRumus, match="menurun"):
        SkalaKategori(
            "x",
            "X",
            (PitaKategori(D("50"), True, "A"), PitaKategori(D("60"), True, "B"), PitaKategori(None, True, "C")),
        )
    with pytest.raises(GalatRumus, match="terakhir"):
        SkalaKategori("x", "X", (PitaKategori(D("50"), True, "A"), PitaKategori(D("0"), True, "B")))
    with pytest.raises(GalatRumus, match="kembar"):
        SkalaKategori("x", "X", (PitaKategori(D("50"), True, "A"), PitaKategori(None, True, "A")))
    with pytest.raises(GalatRumus, match="dua pita"):
        SkalaKategori("x", "X", (PitaKategori(None, True, "A"),))
    with pytest.raises(GalatRumus, match="Hanya pita terakhir"):
        SkalaKategori("x", "X", (PitaKategori(None, True, "A"), PitaKategori(None, True, "B")))
    with pytest.raises(TypeError):
        PitaKategori(50.0, True, "A")


# =========================================================================== predicates


def test_predikat_sakip_posisi():
    # positions count from the worst: D = 1 ... AA = 7
    assert [PREDIKAT_SAKIP.posisi(x) for x in ("D", "C", "CC", "B", "BB", "A", "AA")] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
    assert PREDIKAT_SAKIP.normalisasi(" bb ") == "BB"
    assert "aa" in PREDIKAT_SAKIP and "E" not in PREDIKAT_SAKIP and 5 not in PREDIKAT_SAKIP


@pytest.mark.parametrize(
    ("skala", "target", "realisasi", "harapan", "tercapai"),
    [
        # 000 Nilai SAKIP Daerah: target 2024 "A"
        (PREDIKAT_SAKIP, "A", "BB", D("83.33"), False),  # 5 / 6
        (PREDIKAT_SAKIP, "A", "A", D("100"), True),
        (PREDIKAT_SAKIP, "A", "AA", D("116.67"), True),  # 7 / 6
        (PREDIKAT_SAKIP, "AA", "D", D("14.29"), False),  # 1 / 7
        (PREDIKAT_TINGGI_SEDANG_RENDAH, "Tinggi", "Sedang", D("66.67"), False),
        (PREDIKAT_TINGGI_SEDANG_RENDAH, "sedang", "TINGGI", D("150"), True),
        (OPINI_BPK, "WTP", "WDP", D("75"), False),  # 3 / 4
        (OPINI_BPK, "WDP", "WTP", D("133.33"), True),
        (OPINI_BPK, "WTP", "TW", D("25"), False),
        (PREDIKAT_MUTU_IKM, "B", "A", D("133.33"), True),
    ],
)
def test_capaian_predikat(skala, target, realisasi, harapan, tercapai):
    hasil = hitung_capaian_predikat(target, realisasi, skala)
    assert hasil.nilai == harapan
    assert hasil.tercapai is tercapai


def test_capaian_predikat_dari_nilai_sakip():
    # a numeric SAKIP score 84,50 is grade "A": against the 2024 target "A" that is 100 %
    nilai = NILAI_SAKIP.kategori(D("84.50"))
    hasil = hitung_capaian_predikat("A", nilai, PREDIKAT_SAKIP)
    assert (hasil.nilai, hasil.kategori) == (D("100.00"), "Sangat Tinggi")


def test_capaian_predikat_mode_tercapai():
    hasil = hitung_capaian_predikat("A", "BB", PREDIKAT_SAKIP, numerik=False)
    assert hasil.nilai is None and hasil.tercapai is False
    assert hasil.keterangan == "Tidak tercapai"
    assert hitung_capaian_predikat("WDP", "WTP", OPINI_BPK, numerik=False).keterangan == "Tercapai"


def test_capaian_predikat_batas_dan_kosong():
    m = Metodologi(batas_atas=D("100"))
    assert hitung_capaian_predikat("A", "AA", PREDIKAT_SAKIP, m).nilai == D("100.00")
    kosong = hitung_capaian_predikat("A", None, PREDIKAT_SAKIP)
    assert kosong.nilai is None and kosong.keterangan == "Realisasi belum tersedia."
    assert hitung_capaian_predikat(None, "A", PREDIKAT_SAKIP).keterangan == ("Target belum ditetapkan.")
    with pytest.raises(GalatRumus, match="tidak ada pada skala"):
        hitung_capaian_predikat("A", "E", PREDIKAT_SAKIP)
    with pytest.raises(TypeError):
        hitung_capaian_predikat("A", 5, PREDIKAT_SAKIP)


def test_preset_predikat_dan_skala_predikat_tidak_sah():
    assert set(PRESET_PREDIKAT) == {"sakip", "tinggi_sedang_rendah", "opini_bpk", "mutu_ikm"}
    assert OPINI_BPK.label == ("WTP", "WDP", "TMP", "TW")
    with pytest.raises(GalatRumus):
        SkalaPredikat("x", "X", ("A", "a"))
    with pytest.raises(GalatRumus):
        SkalaPredikat("x", "X", ("A",))


# =========================================================================== budget


@pytest.mark.parametrize(
    ("realisasi", "pagu", "harapan"),
    [
        # 000 T21 Program Penunjang
        pytest.param(D("3574107185.33"), D("5581884078"), D("64.03"), id="000-penunjang"),
        # 000 T21 Program Pendaftaran Penduduk; printed 54,022
        pytest.param(D("236344991"), D("437531700"), D("54.02"), id="000-pendaftaran"),
        # 000 T21 Program Pencatatan Sipil
        pytest.param(D("311941450"), D("458091635"), D("68.10"), id="000-capil"),
        # 000 T21 Program PIAK
        pytest.param(D("66563040"), D("114060000"), D("58.36"), id="000-piak"),
        # 000 T21 Program Profil Kependudukan
        pytest.param(D("255469050"), D("451365200"), D("56.60"), id="000-profil"),
        # 000 T21 total (the narrative's 40,25 % uses 2.834.517.944)
        pytest.param(D("4444425716.33"), D("7042932613"), D("63.10"), id="000-total"),
        # 000 sasaran 1 (Program B+C+D), narrative 60,90
        pytest.param(D("614849481"), D("1009683335"), D("60.90"), id="000-sasaran-1"),
        # 000 sasaran 2 narrative; printed 34,025
        pytest.param(D("304736765"), D("895623335"), D("34.03"), id="000-sasaran-2"),
        # 000 T20 sasaran 3 (whole budget, narrative realisasi), printed 40,25 Sangat Rendah
        pytest.param(D("2834517944"), D("7042932613"), D("40.25"), id="000-sasaran-3"),
        # 001 T3.1.6 programs and total
        pytest.param(D("13070008236"), D("14291880196"), D("91.45"), id="001-penunjang"),
        pytest.param(D("834783146"), D("992016149"), D("84.15"), id="001-pendaftaran"),
        pytest.param(D("270720388"), D("324561120"), D("83.41"), id="001-capil"),
        pytest.param(D("3851440597"), D("3982945775"), D("96.70"), id="001-piak"),
        pytest.param(D("46109504"), D("50208223"), D("91.84"), id="001-profil"),
        pytest.param(D("18073061871"), D("19641611463"), D("92.01"), id="001-total"),
        # 002 Tabel 3.7 / Tabel 5 programs; printed 97,23 / 99,20 / 98,92 / 99,41 / 96,8
        pytest.param(D("8267748433"), D("8502981015"), D("97.23"), id="002-penunjang"),
        pytest.param(D("235657400"), D("237541200"), D("99.21"), id="002-pendaftaran"),
        pytest.param(D("98290000"), D("99356000"), D("98.93"), id="002-capil"),
        pytest.param(D("79160000"), D("79622900"), D("99.42"), id="002-piak"),
        pytest.param(D("19365000"), D("20000000"), D("96.83"), id="002-profil"),
        # 002 total against the DPA-P pagu; printed 97,32 (uses the Tabel 5 sum 8.939.501.115)
        pytest.param(D("8700220833"), D("8955501115"), D("97.15"), id="002-total"),
        pytest.param(D("7659406183"), D("8004760558"), D("95.69"), id="002-belanja-operasi"),
        # 004 BAB 3.2 programs and total
        pytest.param(D("4297861031"), D("4698953374"), D("91.46"), id="004-penunjang"),
        pytest.param(D("434526020"), D("437286032"), D("99.37"), id="004-pendaftaran"),
        # 004 Pencatatan Sipil; Tabel 1f prints 98,08 (truncated), BAB 3.2 98,09
        pytest.param(D("259265224"), D("264327000"), D("98.09"), id="004-capil"),
        # 004 PIAK; Tabel 2e prints 98,74 (truncated), BAB 3.2 98,75
        pytest.param(D("193914704"), D("196370000"), D("98.75"), id="004-piak"),
        pytest.param(D("31800000"), D("33000000"), D("96.36"), id="004-profil"),
        pytest.param(D("5217366979"), D("5629936406"), D("92.67"), id="004-total"),
        pytest.param(D("919505948"), D("930983032"), D("98.77"), id="004-empat-program-iku"),
    ],
)
def test_serapan_seed(realisasi, pagu, harapan):
    hasil = serapan(realisasi, pagu)
    assert hasil.nilai == harapan
    assert hasil.keterangan is None


def test_serapan_melebihi_pagu():
    # 002 belanja modal: 1.040.814.650 of 950.740.557
    hasil = serapan(D("1040814650"), D("950740557"))
    assert hasil.nilai == D("109.47")
    assert hasil.keterangan == "Realisasi melebihi pagu."


def test_serapan_kasus_khusus():
    # 004 refocusing rows: pagu 0, realisasi 0
    nol = serapan(D("0"), D("0"))
    assert nol.nilai is None and nol.keterangan == "Pagu 0: serapan tidak dihitung."
    assert serapan(None, D("100")).nilai is None
    assert serapan(D("5"), None).keterangan == "Pagu belum diisi."
    assert serapan(D("0"), D("100")).nilai == D("0.00")
    # spent without a pagu: undefined, never an error that stops a report
    tanpa = serapan(D("5"), D("0"))
    assert (tanpa.nilai, tanpa.nilai_mentah) == (None, None)
    assert tanpa.keterangan == "Realisasi anggaran 5 tanpa pagu (pagu 0): serapan tidak dapat dihitung."
    with pytest.raises(GalatRumus, match="Pagu tidak boleh negatif"):
        serapan(D("5"), D("-1"))
    with pytest.raises(GalatRumus, match="negatif"):
        serapan(D("-5"), D("10"))
    assert serapan(D("259265224"), D("264327000"), TRUNC).nilai == D("98.08")


@pytest.mark.parametrize(
    ("pagu_sasaran", "pagu_total", "harapan"),
    [
        # 004 Tabel 1e/2d, against the 4 IKU-linked programs (930.983.032)
        pytest.param(D("437286032"), D("930983032"), D("46.97"), id="004-ktp-el"),
        pytest.param(D("264327000"), D("930983032"), D("28.39"), id="004-akta"),
        pytest.param(D("196370000"), D("930983032"), D("21.09"), id="004-data-valid"),
        pytest.param(D("33000000"), D("930983032"), D("3.54"), id="004-permintaan-data"),
        # 004 the same KTP-el program against the whole DPA (5.629.936.406)
        pytest.param(D("437286032"), D("5629936406"), D("7.77"), id="004-ktp-el-dpa"),
        # 000 sasaran 1 (B+C+D) and sasaran 2 (B+C) of 7.042.932.613; printed 14,34 / 12,72
        pytest.param(D("1009683335"), D("7042932613"), D("14.34"), id="000-sasaran-1"),
        pytest.param(D("895623335"), D("7042932613"), D("12.72"), id="000-sasaran-2"),
        # 000 sasaran 3 = the whole budget
        pytest.param(D("7042932613"), D("7042932613"), D("100"), id="000-sasaran-3"),
    ],
)
def test_pangsa_anggaran(pagu_sasaran, pagu_total, harapan):
    assert pangsa_anggaran(pagu_sasaran, pagu_total).nilai == harapan


def test_pangsa_anggaran_kasus_khusus():
    assert pangsa_anggaran(D("0"), D("0")).nilai is None
    assert pangsa_anggaran(None, D("10")).nilai is None
    with pytest.raises(GalatRumus, match="melebihi pagu total"):
        pangsa_anggaran(D("11"), D("10"))
    with pytest.raises(GalatRumus, match="negatif"):
        pangsa_anggaran(D("-1"), D("10"))


def test_persentase_cacah():
    # 000 KTP-el 220.323 of 220.929 (DKB Semester I 2024)
    assert persentase(D("220323"), D("220929")).nilai == D("99.73")
    # 001 KTP-el 506.024 of 499.362: coverage above 100 %, kept with a warning
    lebih = persentase(D("506024"), D("499362"))
    assert lebih.nilai == D("101.33")
    assert lebih.keterangan == "Pembilang melebihi penyebut (lebih dari 100%)."
    # 001 Kertas Kerja prints 502.024 / 499.362 = 101,33; it is 100,53
    assert persentase(D("502024"), D("499362")).nilai == D("100.53")
    # 004 32/32 and 23/23
    assert persentase(32, 32).nilai == D("100.00")
    assert persentase(0, 0).nilai is None
    assert persentase(None, 5).nilai is None
    with pytest.raises(GalatRumus, match="Penyebut 0"):
        persentase(3, 0)
    with pytest.raises(GalatRumus, match="negatif"):
        persentase(-3, 5)


# =========================================================================== efficiency


@pytest.mark.parametrize(
    ("capaian", "serapan_", "harapan", "efisien"),
    [
        # 004 Tabel 1g KTP-el: 99,30 - 99,37
        pytest.param(D("99.30"), D("99.37"), D("-0.07"), False, id="004-1g-ktp-el"),
        # 004 Tabel 1g akta: 99,03 - 98,08 (printed 1,05)
        pytest.param(D("99.03"), D("98.08"), D("0.95"), True, id="004-1g-akta"),
        # 004 Tabel 2f data valid: 100 - 98,74
        pytest.param(D("100"), D("98.74"), D("1.26"), True, id="004-2f-data-valid"),
        # 004 Tabel 2f permintaan data: 100 - 96,36
        pytest.param(D("100"), D("96.36"), D("3.64"), True, id="004-2f-permintaan"),
        # 000 sasaran 1 as printed: 87,47 - 60,90 = 26,57
        pytest.param(D("87.47"), D("60.90"), D("26.57"), True, id="000-s1-cetak"),
        # 000 sasaran 1 recomputed: 87,46 - 60,90
        pytest.param(D("87.46"), D("60.90"), D("26.56"), True, id="000-s1"),
        # 000 sasaran 2 as printed: 100,75 - 34,025 = 66,725 -> 66,73
        pytest.param(D("100.75"), D("34.025"), D("66.73"), True, id="000-s2-cetak"),
        # 000 sasaran 3: 104,19 - 40,25 (narrative 63,942 from 104,192)
        pytest.param(D("104.19"), D("40.25"), D("63.94"), True, id="000-s3"),
        # 002 Tabel 6 rows as printed (all labelled "Efisien" in the report)
        pytest.param(D("100"), D("99.20"), D("0.80"), True, id="002-t6-data-akses"),
        pytest.param(D("75.07"), D("99.20"), D("-24.13"), False, id="002-t6-opd"),
        pytest.param(D("105.73"), D("98.92"), D("6.81"), True, id="002-t6-ikm"),
        pytest.param(D("126"), D("99.41"), D("26.59"), True, id="002-t6-kualitas"),
        # 002 narrative "2,77 = 100 dibagi 97,23": 2,77 is the difference
        pytest.param(D("100"), D("97.23"), D("2.77"), True, id="002-narasi"),
        # boundary: equal -> 0,00, efisien
        pytest.param(D("99.30"), D("99.30"), D("0"), True, id="sama"),
    ],
)
def test_efisiensi_selisih(capaian, serapan_, harapan, efisien):
    hasil = efisiensi(capaian, serapan_)
    assert hasil.nilai == harapan
    assert hasil.efisien is efisien
    assert hasil.label == ("Efisien" if efisien else "Tidak Efisien")


def test_efisiensi_seed_004_dari_anggaran():
    # full chain from pagu/realisasi: the printed 98,08 and 98,74 were truncated
    ktp = efisiensi(D("99.30"), serapan(D("434526020"), D("437286032")).nilai)
    akta = efisiensi(D("99.03"), serapan(D("259265224"), D("264327000")).nilai)
    data_valid = efisiensi(D("100"), serapan(D("193914704"), D("196370000")).nilai)
    assert (ktp.nilai, ktp.label) == (D("-0.07"), "Tidak Efisien")
    assert akta.nilai == D("0.94")
    assert data_valid.nilai == D("1.25")


def test_efisiensi_seed_000_sasaran_1_dari_data():
    s1 = capaian_sasaran([_c("81.33", "79.143"), _c("98", "70.30"), _c("15", "14")])
    serap = serapan(D("614849481"), D("1009683335"))
    assert efisiensi(s1.nilai, serap.nilai).nilai == D("26.56")


def test_efisiensi_nol_dibulatkan_tanpa_tanda_negatif():
    hasil = efisiensi(D("99.30"), D("99.304"))
    assert str(hasil.nilai) == "0.00"
    assert hasil.efisien is True
    assert hasil.nilai_mentah == D("-0.004")


@pytest.mark.parametrize(
    ("capaian", "serapan_", "harapan", "efisien"),
    [
        # 002 narrative: "100 % dibagi 97,23 %"
        (D("100"), D("97.23"), D("102.85"), True),
        # 002 Tabel 6 OPD row as printed: 75,07 / 99,20
        (D("75.07"), D("99.20"), D("75.68"), False),
        # 004 KTP-el: 99,30 / 99,37
        (D("99.30"), D("99.37"), D("99.93"), False),
        (D("99.30"), D("99.30"), D("100"), True),
    ],
)
def test_efisiensi_rasio(capaian, serapan_, harapan, efisien):
    m = Metodologi(rumus_efisiensi=RumusEfisiensi.RASIO)
    hasil = efisiensi(capaian, serapan_, m)
    assert hasil.nilai == harapan
    assert hasil.efisien is efisien
    assert hasil.rumus == "capaian kinerja (%) ÷ serapan anggaran (%) × 100"


def test_efisiensi_kasus_khusus():
    m = Metodologi(rumus_efisiensi="rasio")
    nol = efisiensi(D("50"), D("0"), m)
    assert nol.nilai is None and nol.efisien is True and nol.label == "Efisien"
    assert nol.keterangan == "Serapan anggaran 0: rasio efisiensi tidak terdefinisi."
    assert efisiensi(D("0"), D("0"), m).efisien is None
    kosong = efisiensi(None, D("90"))
    assert kosong.nilai is None and kosong.efisien is None and kosong.label is None
    with pytest.raises(GalatRumus, match="negatif"):
        efisiensi(D("-1"), D("90"))


# =========================================================================== progress


@pytest.mark.parametrize(
    ("target_akhir", "realisasi", "arah", "harapan", "label"),
    [
        # 000 T9 IKM vs target 2026 81,00; printed 97,70
        pytest.param(D("81"), D("79.143"), NAIK, D("97.71"), "Belum Tercapai", id="000-ikm"),
        # 000 T9 ketepatan waktu vs 99
        pytest.param(D("99"), D("70.30"), NAIK, D("71.01"), "Belum Tercapai", id="000-sop"),
        # 000 T9 PKS vs 15; printed 93,3
        pytest.param(D("15"), D("14"), NAIK, D("93.33"), "Belum Tercapai", id="000-pks"),
        # 000 T15 Cakupan vs 91,70
        pytest.param(D("91.70"), D("92.85"), NAIK, D("101.25"), "Tercapai", id="000-cakupan"),
        # 000 T18 Nilai SAKIP PD vs RPJMD akhir 75,00 (not printed as a %)
        pytest.param(D("75"), D("84.50"), NAIK, D("112.67"), "Tercapai", id="000-sakip"),
        # 001 T3.1.3 KTP-el vs 96; printed 110,14 (the capaian against the annual 92)
        pytest.param(D("96"), D("101.33"), NAIK, D("105.55"), "Tercapai", id="001-ktp"),
        # 001 T3.1.3 Lama pengurusan vs 1 hari (turn); printed "1"
        pytest.param(D("1"), D("1"), TURUN, D("100"), "Tercapai", id="001-lama"),
        # 001 T3.1.3 SKM vs 85; printed 111,78
        pytest.param(D("85"), D("95.02"), NAIK, D("111.79"), "Tercapai", id="001-skm"),
        # 002 Tabel 3.5 numeric alternative
        pytest.param(D("100"), D("51.85"), NAIK, D("51.85"), "Belum Tercapai", id="002-opd"),
        pytest.param(D("92"), D("93.05"), NAIK, D("101.14"), "Tercapai", id="002-ikm"),
        pytest.param(D("100"), D("92.08"), NAIK, D("92.08"), "Belum Tercapai", id="002-kualitas"),
        # 004 Tabel 2c: 100 / 100 = 100,00 % (as printed)
        pytest.param(D("100"), D("100"), NAIK, D("100"), "Tercapai", id="004-2c"),
    ],
)
def test_kemajuan_terhadap_target_akhir(target_akhir, realisasi, arah, harapan, label):
    hasil = tingkat_kemajuan(realisasi, target_akhir=target_akhir, arah=arah)
    assert hasil.nilai == harapan
    assert hasil.label == label


@pytest.mark.parametrize(
    ("target_akhir", "realisasi", "label"),
    [
        # 002 Tabel 3.5, all four rows match the printed labels
        pytest.param(D("100"), D("100"), "Tercapai", id="002-data-akses"),
        pytest.param(D("100"), D("51.85"), "Belum Tercapai", id="002-opd"),
        pytest.param(D("92"), D("93.05"), "Tercapai", id="002-ikm"),
        pytest.param(D("100"), D("92.08"), "Belum Tercapai", id="002-kualitas"),
    ],
)
def test_kemajuan_tercapai_seed_002(target_akhir, realisasi, label):
    m = Metodologi(aturan_kemajuan=AturanKemajuan.TERCAPAI)
    hasil = tingkat_kemajuan(realisasi, target_akhir=target_akhir, metodologi=m)
    assert hasil.nilai is None
    assert hasil.label == label
    assert hasil.tercapai is (label == "Tercapai")


@pytest.mark.parametrize(
    ("realisasi", "lalu", "harapan", "label"),
    [
        # 004 Tabel 1c KTP-el: 99,30 - 97,51 (printed 3,59 %)
        pytest.param(D("99.30"), D("97.51"), D("1.79"), "Meningkat", id="004-1c-ktp-el"),
        # 004 Tabel 1c akta: 99,03 - 103,16 (printed "4.13%", sign lost)
        pytest.param(D("99.03"), D("103.16"), D("-4.13"), "Menurun", id="004-1c-akta"),
        # 004 Tabel 2c data valid and permintaan data: 100 - 100 (printed 100,00 %)
        pytest.param(D("100"), D("100"), D("0"), "Tetap", id="004-2c"),
    ],
)
def test_kemajuan_selisih_tahun_seed_004(realisasi, lalu, harapan, label):
    m = Metodologi(aturan_kemajuan=AturanKemajuan.SELISIH_TAHUN)
    hasil = tingkat_kemajuan(realisasi, realisasi_tahun_lalu=lalu, metodologi=m)
    assert hasil.nilai == harapan
    assert hasil.label == label
    assert hasil.membaik is (harapan >= 0)
    assert hasil.tercapai is None


def test_kemajuan_selisih_tahun_arah_turun_dan_kosong():
    m = Metodologi(aturan_kemajuan="selisih_tahun")
    turun = tingkat_kemajuan(D("2"), realisasi_tahun_lalu=D("3"), arah=TURUN, metodologi=m)
    assert (turun.nilai, turun.label, turun.membaik) == (D("-1"), "Menurun", True)
    rentang = tingkat_kemajuan(D("2"), realisasi_tahun_lalu=D("3"), arah=RENTANG, metodologi=m)
    assert rentang.membaik is None
    assert tingkat_kemajuan(D("2"), metodologi=m).keterangan == "Data belum lengkap."


def test_kemajuan_kosong_dan_rentang():
    assert tingkat_kemajuan(None, target_akhir=D("5")).nilai is None
    assert tingkat_kemajuan(D("5")).keterangan == "Target belum ditetapkan."
    hasil = tingkat_kemajuan(D("15"), target_akhir=D("10"), target_akhir_atas=D("20"), arah=RENTANG)
    assert (hasil.nilai, hasil.label) == (D("100"), "Tercapai")


# =========================================================================== IKM

UNSUR_001 = [
    D("3.86"),  # U1 Persyaratan
    D("3.90"),  # U2 Prosedur
    D("3.77"),  # U3 Waktu Pelayanan
    D("3.97"),  # U4 Biaya / Tarif
    D("3.70"),  # U5 Produk Layanan
    D("3.69"),  # U6 Kompetensi Pelaksana
    D("3.65"),  # U7 Perilaku Pelaksana
    D("3.87"),  # U8 Sarana dan Prasarana
    D("3.85"),  # U9 Penanganan Pengaduan
]


def test_ikm_seed_001():
    # 001 Tabel 3.1.1: index printed 3,80, IKM printed 95,02 ("3,80 x 25 = 95,02"); from the
    # unsur means the index is 34,26 / 9 = 3,8067 and the IKM 95,17 (mutu A either way)
    hasil = hitung_ikm(UNSUR_001)
    assert hasil.nilai_indeks.quantize(D("0.0001")) == D("3.8067")
    assert hasil.nilai_ikm == D("95.17")
    assert (hasil.mutu, hasil.kinerja) == ("A", "Sangat Baik")
    # the printed weighted column is each mean / 9 (not x 0,11)
    assert hasil.nilai_tertimbang == tuple(
        D(x) for x in ("0.43", "0.43", "0.42", "0.44", "0.41", "0.41", "0.41", "0.43", "0.43")
    )
    assert hasil.unsur_tertinggi == (4,)  # Biaya / Tarif 3,97
    assert hasil.unsur_terendah == (7,)  # Perilaku Pelaksana 3,65


def test_ikm_bobot_sepersembilan_bukan_0_11():
    # with 0,11 the seed-001 means would give 94,22; weight 1/9 is exact: all 4 -> 100
    assert hitung_ikm(UNSUR_001).nilai_ikm != D("94.22")
    assert hitung_ikm([D("4")] * 9).nilai_ikm == D("100.00")
    assert hitung_ikm([1] * 9).nilai_ikm == D("25.00")
    semua_3 = hitung_ikm([D("3")] * 9)
    assert (semua_3.nilai_ikm, semua_3.mutu) == (D("75.00"), "C")
    assert semua_3.unsur_tertinggi == tuple(range(1, 10))


@pytest.mark.parametrize(
    ("nilai", "mutu", "kinerja"),
    [
        (D("100"), "A", "Sangat Baik"),
        (D("95.02"), "A", "Sangat Baik"),  # 001
        (D("93.05"), "A", "Sangat Baik"),  # 002 IKM 2023
        (D("92.2"), "A", "Sangat Baik"),  # 002 IKM 2022
        (D("88.31"), "A", "Sangat Baik"),
        (D("88.305"), "A", "Sangat Baik"),  # graded on 88,31
        (D("88.30"), "B", "Baik"),
        (D("81.33"), "B", "Baik"),  # 000 IKM 2023 "Baik"
        (D("79.143"), "B", "Baik"),  # 000 IKM TW III 2024 "Baik"
        (D("76.61"), "B", "Baik"),
        (D("76.60"), "C", "Kurang Baik"),
        (D("65.00"), "C", "Kurang Baik"),
        (D("64.99"), "D", "Tidak Baik"),
        (D("25"), "D", "Tidak Baik"),
    ],
)
def test_mutu_ikm(nilai, mutu, kinerja):
    assert mutu_ikm(nilai) == (mutu, kinerja)


def test_ikm_validasi():
    with pytest.raises(GalatRumus, match="tepat 9 unsur"):
        hitung_ikm(UNSUR_001[:8])
    with pytest.raises(GalatRumus, match="tepat 9 unsur"):
        hitung_ikm(UNSUR_001 + [D("3")])
    with pytest.raises(GalatRumus, match="antara 1 dan 4"):
        hitung_ikm([D("4.01")] + UNSUR_001[1:])
    with pytest.raises(GalatRumus, match="antara 1 dan 4"):
        hitung_ikm([D("0.99")] + UNSUR_001[1:])
    with pytest.raises(GalatRumus, match="antara 25 dan 100"):
        mutu_ikm(D("24.99"))
    with pytest.raises(GalatRumus, match="antara 25 dan 100"):
        mutu_ikm(D("100.01"))


def test_rerata_unsur_dari_jawaban_responden():
    jawaban = [
        [4, 4, 3, 4, 3, 3, 3, 4, 4],
        [3, 4, 4, 4, 4, 3, 3, 4, 3],
        [4, 3, 4, 4, 4, 4, 4, 3, 4],
        [4, 4, 4, 4, 3, 4, 3, 4, 4],
    ]
    rerata = rerata_unsur_ikm(jawaban)
    assert rerata[:4] == (D("3.75"), D("3.75"), D("3.75"), D("4"))
    hasil = hitung_ikm(rerata)
    # means 3,75 3,75 3,75 4 3,5 3,5 3,25 3,75 3,75; sum 33 -> 33 / 9 x 25 = 91,666.. -> 91,67
    assert hasil.nilai_ikm == D("91.67")
    assert hasil.unsur_terendah == (7,)
    with pytest.raises(GalatRumus, match="bilangan bulat 1 sampai 4"):
        rerata_unsur_ikm([[5, 4, 4, 4, 4, 4, 4, 4, 4]])
    with pytest.raises(GalatRumus, match="tepat 9 unsur"):
        rerata_unsur_ikm([[4, 4]])
    with pytest.raises(GalatRumus, match="Belum ada jawaban"):
        rerata_unsur_ikm([])


# =========================================================================== periods, aggregation


def test_periode_pembantu():
    assert Periode.TW3.triwulan == (3,)
    assert Periode.TW3.triwulan_kumulatif == (1, 2, 3)
    assert Periode.S1.triwulan == (1, 2)
    assert Periode.S2.triwulan == (3, 4)
    assert Periode.S2.triwulan_kumulatif == (1, 2, 3, 4)
    assert Periode.TAHUN.triwulan == (1, 2, 3, 4)
    assert [p.bulan_akhir for p in Periode] == [3, 6, 9, 12, 6, 12, 12]
    assert [p.bulan_awal for p in Periode] == [1, 4, 7, 10, 1, 7, 1]
    assert Periode.TW3.label == "Triwulan III"
    assert Periode.S1.label == "Semester I"
    assert Periode.dari_triwulan(4) is Periode.TW4
    with pytest.raises(GalatRumus):
        Periode.dari_triwulan(5)
    with pytest.raises(GalatRumus):
        Periode.dari_triwulan(True)


# 000 Laporan Realisasi Pelayanan dokumen Adminduk 2024, "Jumlah" row (target 78.000)
LAYANAN_KUMULATIF = {1: D("18080"), 2: D("32964"), 3: D("54834")}  # YTD, as printed
LAYANAN_PER_TRIWULAN = {1: D("18080"), 2: D("14884"), 3: D("21870")}  # increments


@pytest.mark.parametrize(
    ("sampai", "nilai", "capaian"),
    [
        (Periode.TW1, D("18080"), D("23.18")),
        (Periode.TW2, D("32964"), D("42.26")),
        (Periode.TW3, D("54834"), D("70.30")),  # the 70,30 realisasi of "ketepatan waktu"
    ],
)
def test_agregasi_seed_000_layanan(sampai, nilai, capaian):
    terakhir = agregasikan(LAYANAN_KUMULATIF, Agregasi.TERAKHIR, sampai)
    kumulatif = agregasikan(LAYANAN_PER_TRIWULAN, Agregasi.KUMULATIF, sampai)
    assert terakhir.nilai == kumulatif.nilai == nilai
    assert hitung_capaian(D("78000"), nilai).nilai == capaian


def test_agregasi_detail():
    tw3 = agregasikan(LAYANAN_PER_TRIWULAN, "kumulatif", "TW3")
    assert tw3.triwulan_terpakai == (1, 2, 3) and tw3.lengkap
    tahun = agregasikan(LAYANAN_PER_TRIWULAN, Agregasi.KUMULATIF)
    assert tahun.nilai == D("54834")
    assert tahun.triwulan_kosong == (4,) and not tahun.lengkap
    terakhir = agregasikan(LAYANAN_KUMULATIF, Agregasi.TERAKHIR, Periode.TAHUN)
    assert terakhir.triwulan_terpakai == (3,)
    s1 = agregasikan(LAYANAN_PER_TRIWULAN, Agregasi.KUMULATIF, Periode.S1)
    assert s1.nilai == D("32964")
    # only the quarters of S2 itself
    s2 = agregasikan({1: 1, 2: 2, 3: 3, 4: 4}, Agregasi.KUMULATIF, Periode.S2, dari_awal_tahun=False)
    assert s2.nilai == D("7") and s2.triwulan_terpakai == (3, 4)


def test_agregasi_rata_rata_dan_kunci():
    hasil = agregasikan({Periode.TW1: D("80"), "TW2": D("82"), 3: None, 4: D("84")}, Agregasi.RATA_RATA)
    assert hasil.nilai == D("82")
    assert hasil.triwulan_terpakai == (1, 2, 4) and hasil.triwulan_kosong == (3,)
    assert agregasikan({1: D("1"), 2: D("2")}, Agregasi.RATA_RATA).nilai == D("1.5")
    kosong = agregasikan({}, Agregasi.KUMULATIF, Periode.TW2)
    assert kosong.nilai is None and kosong.triwulan_kosong == (1, 2)
    with pytest.raises(GalatRumus, match="TW1..TW4"):
        agregasikan({"S1": D("1")}, Agregasi.KUMULATIF)
    with pytest.raises(GalatRumus, match="1 sampai 4"):
        agregasikan({5: D("1")}, Agregasi.KUMULATIF)
    with pytest.raises(GalatRumus, match="lebih dari sekali"):
        agregasikan({1: D("1"), "TW1": D("2")}, Agregasi.KUMULATIF)
    with pytest.raises(GalatRumus, match="agregasi tidak dikenal"):
        agregasikan({1: D("1")}, "jumlah")
    with pytest.raises(TypeError):
        agregasikan({1: 1.5}, Agregasi.KUMULATIF)


def test_vintage_ikm_semester_untuk_triwulan():
    # 000: the TW III 2024 report uses the IKM of Semester I 2024
    tersedia = [
        NilaiPeriode(D("81.33"), 2023, Periode.TAHUN),
        NilaiPeriode(D("79.143"), 2024, Periode.S1),
    ]
    pilih = pilih_nilai_laporan(tersedia, 2024, Periode.TW3)
    assert pilih.nilai == D("79.143")
    assert (pilih.tahun, pilih.periode, pilih.diteruskan, pilih.tahun_mundur) == (
        2024,
        Periode.S1,
        True,
        0,
    )
    assert pilih.keterangan == "Data Semester I 2024"
    dkb = pilih_nilai_laporan([NilaiPeriode(D("92.85"), 2024, "S1")], 2024, "TW3", sumber="DKB")
    assert dkb.keterangan == "Data DKB Semester I 2024"


def test_vintage_n_minus_1_nilai_sakip():
    # 000: the SAKIP score received in 2024 is the evaluation of 2023 (N-1)
    tersedia = [NilaiPeriode(D("81.10"), 2022), NilaiPeriode(D("84.50"), 2023)]
    pilih = pilih_nilai_laporan(tersedia, 2024, Periode.TAHUN)
    assert pilih.nilai == D("84.50")
    assert pilih.keterangan == "Data tahun 2023 (N-1)"
    assert (pilih.diteruskan, pilih.tahun_mundur) == (True, 1)
    # older than N-1 is not carried forward unless allowed
    assert pilih_nilai_laporan([NilaiPeriode(D("81.10"), 2022)], 2024, Periode.TAHUN) is None
    lama = pilih_nilai_laporan([NilaiPeriode(D("81.10"), 2022)], 2024, Periode.TAHUN, maks_tahun_mundur=2)
    assert lama.keterangan == "Data tahun 2022 (N-2)"


def test_vintage_pilihan_dan_seri():
    tersedia = [
        NilaiPeriode(D("1"), 2024, Periode.TW2),
        NilaiPeriode(D("2"), 2024, Periode.S1),
        NilaiPeriode(D("3"), 2024, Periode.TW3),
        NilaiPeriode(D("4"), 2024, Periode.S2),  # ends after TW III: ignored for TW III
        NilaiPeriode(None, 2024, Periode.TW4),  # no value: ignored
        NilaiPeriode(D("5"), 2024, Periode.TAHUN),
    ]
    tepat = pilih_nilai_laporan(tersedia, 2024, Periode.TW3)
    assert (tepat.nilai, tepat.diteruskan, tepat.keterangan) == (
        D("3"),
        False,
        "Data Triwulan III 2024",
    )
    # TW2 and S1 both end in June: for S1 the exact period wins, for TW2 as well
    assert pilih_nilai_laporan(tersedia, 2024, Periode.S1).nilai == D("2")
    assert pilih_nilai_laporan(tersedia, 2024, Periode.TW2).nilai == D("1")
    # for a TW IV report, S2 and TAHUN both end in December: the longer period wins
    tw4 = pilih_nilai_laporan(tersedia, 2024, Periode.TW4)
    assert (tw4.nilai, tw4.keterangan) == (D("5"), "Data tahun 2024")
    # a TW I report has nothing of 2024 yet and nothing of 2023
    assert pilih_nilai_laporan(tersedia, 2024, Periode.TW1) is None
    assert pilih_nilai_laporan([], 2024, Periode.TW1) is None
    with pytest.raises(TypeError):
        pilih_nilai_laporan([(D("1"), 2024, "TW1")], 2024, Periode.TW1)


def test_keterangan_vintage():
    assert keterangan_vintage(2024, Periode.S1) == "Data Semester I 2024"
    assert keterangan_vintage(2023, Periode.TAHUN, 2024) == "Data tahun 2023 (N-1)"
    assert keterangan_vintage(2023, "S2", 2024, sumber="IKM") == "Data IKM Semester II 2023 (N-1)"
    assert keterangan_vintage(2024, Periode.TW3, 2024) == "Data Triwulan III 2024"


def test_nilai_periode_validasi():
    with pytest.raises(TypeError):
        NilaiPeriode(79.143, 2024, Periode.S1)
    with pytest.raises(GalatRumus):
        NilaiPeriode(D("1"), "2024", Periode.S1)
    with pytest.raises(GalatRumus):
        NilaiPeriode(D("1"), 2024, "S3")


# =========================================================================== methodology


def test_metodologi_baku():
    m = Metodologi()
    assert m == METODOLOGI_BAKU
    assert m.skala is PERMENDAGRI_86_2017
    assert m.rumus_turun is RumusTurun.SELISIH
    assert m.batas_atas is None
    assert m.pembulatan is Pembulatan.HALF_UP
    assert m.desimal == 2
    assert m.rumus_efisiensi is RumusEfisiensi.SELISIH
    assert m.aturan_kemajuan is AturanKemajuan.TERHADAP_TARGET_AKHIR
    assert m.pakai_bobot is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.desimal = 3


def test_metodologi_dari_teks_dan_galat():
    m = Metodologi(skala="empat_pita", rumus_turun="rasio", pembulatan="truncate")
    assert (m.skala, m.rumus_turun, m.pembulatan) == (
        EMPAT_PITA,
        RumusTurun.RASIO,
        Pembulatan.TRUNCATE,
    )
    with pytest.raises(GalatRumus, match="Skala 'x' tidak dikenal"):
        Metodologi(skala="x")
    with pytest.raises(GalatRumus, match="rumus turun tidak dikenal"):
        Metodologi(rumus_turun="invers")
    with pytest.raises(GalatRumus, match="kurang dari 100"):
        Metodologi(batas_atas=D("90"))
    with pytest.raises(GalatRumus, match="0 sampai 6"):
        Metodologi(desimal=7)
    with pytest.raises(GalatRumus):
        Metodologi(desimal=True)
    with pytest.raises(GalatRumus):
        Metodologi(pakai_bobot="ya")
    with pytest.raises(TypeError):
        Metodologi(skala=42)


def test_metodologi_simpan_dan_muat():
    assert Metodologi.dari_dict(METODOLOGI_BAKU.sebagai_dict()) == METODOLOGI_BAKU
    m = Metodologi(skala=None, batas_atas=D("120"), desimal=3, pakai_bobot=True)
    data = m.sebagai_dict()
    assert data["skala"] is None and data["batas_atas"] == "120"
    assert Metodologi.dari_dict(data) == m
    kustom = SkalaKategori(
        "pemda_x",
        "Skala Pemda X",
        (PitaKategori(D("100"), True, "Tercapai"), PitaKategori(None, True, "Belum Tercapai")),
    )
    mk = Metodologi(skala=kustom)
    assert "skala_kustom" in mk.sebagai_dict()
    assert Metodologi.dari_dict(mk.sebagai_dict()) == mk
    assert Metodologi.dari_dict({"skala": "empat_pita"}).skala is EMPAT_PITA
    with pytest.raises(GalatRumus, match="tidak dikenal"):
        Metodologi.dari_dict({"warna": "merah"})


def test_catatan_metodologi_baku():
    assert catatan_metodologi() == (
        "Capaian indikator naik = realisasi ÷ target × 100%; indikator turun = "
        "(2 × target − realisasi) ÷ target × 100% (paling rendah 0%). Capaian tidak dibatasi. "
        "Angka dibulatkan (setengah ke atas) pada 2 desimal. Kategori menurut Skala "
        "Permendagri 86/2017: ≥ 91 Sangat Tinggi; 76 – < 91 Tinggi; 66 – < 76 Sedang; "
        "51 – < 66 Rendah; < 51 Sangat Rendah."
    )


def test_catatan_metodologi_pilihan_lain():
    m = Metodologi(
        skala=None,
        rumus_turun="rasio",
        batas_atas=D("120"),
        pembulatan="truncate",
        rumus_efisiensi="rasio",
        aturan_kemajuan="selisih_tahun",
    )
    assert catatan_metodologi(m, efisiensi=True, kemajuan=True) == (
        "Capaian indikator naik = realisasi ÷ target × 100%; indikator turun = "
        "target ÷ realisasi × 100%. Capaian dibatasi paling tinggi 120%. "
        "Angka dipotong tanpa pembulatan pada 2 desimal. "
        "Tingkat efisiensi = capaian kinerja (%) ÷ serapan anggaran (%) × 100; "
        "nilai ≥ 100 berarti efisien. "
        "Tingkat kemajuan = realisasi tahun ini − realisasi tahun lalu."
    )
    # seed 004 style: only naik indicators, efficiency as a difference, no scale line
    teks = catatan_metodologi(Metodologi(skala=None), arah=[NAIK], efisiensi=True)
    assert teks == (
        "Capaian indikator naik = realisasi ÷ target × 100%. Capaian tidak dibatasi. "
        "Angka dibulatkan (setengah ke atas) pada 2 desimal. "
        "Tingkat efisiensi = capaian kinerja (%) − serapan anggaran (%); "
        "nilai ≥ 0 berarti efisien."
    )
    rentang = catatan_metodologi(arah=["rentang"], kategori=False)
    assert rentang.startswith("Capaian indikator rentang = 100% bila realisasi di dalam rentang")
    assert "Kategori" not in rentang
    kemajuan = catatan_metodologi(kategori=False, kemajuan=True)
    assert kemajuan.endswith("Tingkat kemajuan = realisasi ÷ target akhir Renstra × 100%.")


def test_enum_pilihan_django():
    assert [v for v, _ in Arah.pilihan()] == ["naik", "turun", "rentang"]
    assert [v for v, _ in Agregasi.pilihan()] == ["kumulatif", "terakhir", "rata_rata"]
    assert [v for v, _ in Periode.pilihan()] == ["TW1", "TW2", "TW3", "TW4", "S1", "S2", "TAHUN"]
    assert [v for v, _ in RumusTurun.pilihan()] == ["selisih", "rasio"]
    assert [v for v, _ in RumusEfisiensi.pilihan()] == ["selisih", "rasio"]
    assert [v for v, _ in AturanKemajuan.pilihan()] == [
        "terhadap_target_akhir",
        "selisih_tahun",
        "tercapai",
    ]
    assert [v for v, _ in Pembulatan.pilihan()] == ["half_up", "truncate"]
    assert Arah.TURUN == "turun" and Arah("turun") is Arah.TURUN
    assert Pembulatan.TRUNCATE.label == "dipotong tanpa pembulatan"


def test_modul_tanpa_django():
    """The formula library is pure: importing it loads nothing of Django or of the apps."""
    import subprocess
    import sys
    from pathlib import Path

    kode = (
        "import sys, sakip.rumus; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'renstra', 'kinerja', 'anggaran', 'laporan'}))"
    )
    akar = Path(__file__).resolve().parent.parent
    keluar = subprocess.run([sys.executable, "-c", kode], cwd=akar, capture_output=True, text=True, check=True)
    assert keluar.stdout.strip() == "[]"
