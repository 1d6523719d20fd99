"""Tests for sakip.formatting and the sakip_format template filters."""

import datetime
from decimal import Decimal as D

import pytest

from sakip.formatting import (
    KOSONG,
    NAMA_BULAN,
    AngkaTidakValid,
    format_angka,
    format_isian,
    format_persen,
    format_rupiah,
    format_tanggal,
    parse_angka,
    parse_angka_atau_kosong,
    terbilang,
    terbilang_rupiah,
)

# --------------------------------------------------------------------------- format_angka


@pytest.mark.parametrize(
    ("nilai", "desimal", "harapan"),
    [
        (D("1234567.89"), None, "1.234.567,89"),
        (D(1234567), None, "1.234.567"),
        (1234567, None, "1.234.567"),
        (D("0.40"), None, "0,40"),
        (D(12), None, "12"),
        (D(999), None, "999"),
        (D(1000), None, "1.000"),
        (D(0), None, "0"),
        (D("1E+3"), None, "1.000"),
        (D("-1234.5"), None, "-1.234,5"),
        (D("-1234567.891"), 2, "-1.234.567,89"),
        (D("2.345"), 2, "2,35"),
        (D("2.5"), 0, "3"),
        (D("-2.5"), 0, "-3"),
        (D("1.5"), 2, "1,50"),
        (D("79.143"), 1, "79,1"),
        (D("-0.001"), 2, "0,00"),
        (D("-0"), None, "0"),
        (
            D("123456789012345678901234567890.5"),
            0,
            "123.456.789.012.345.678.901.234.567.891",
        ),
        (
            D("-123456789012345678901234567890.5"),
            None,
            "-123.456.789.012.345.678.901.234.567.890,5",
        ),
        (D("1E+30"), None, "1.000.000.000.000.000.000.000.000.000.000"),
        (D("1E+30"), 1, "1.000.000.000.000.000.000.000.000.000.000,0"),
        (D("1E-30"), 2, "0,00"),
    ],
)
def test_format_angka(nilai, desimal, harapan):
    assert format_angka(nilai, desimal) == harapan


def test_format_angka_none_is_en_dash():
    assert KOSONG == "\u2013"
    assert format_angka(None) == "\u2013"
    assert format_persen(None) == "\u2013"
    assert format_rupiah(None) == "\u2013"
    assert format_tanggal(None) == "\u2013"


@pytest.mark.parametrize("fungsi", [format_angka, format_persen, format_rupiah, terbilang])
def test_float_refused(fungsi):
    with pytest.raises(TypeError):
        fungsi(1.5)


@pytest.mark.parametrize("fungsi", [format_angka, format_persen, format_rupiah])
def test_other_types_refused(fungsi):
    for salah in ("12", True):
        with pytest.raises(TypeError):
            fungsi(salah)


@pytest.mark.parametrize("nilai", [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity")])
def test_nan_and_infinity_refused(nilai):
    with pytest.raises(ValueError):
        format_angka(nilai)


def test_bad_desimal_refused():
    with pytest.raises(ValueError):
        format_angka(D(1), -1)
    with pytest.raises(TypeError):
        format_angka(D(1), 1.0)


# --------------------------------------------------------------------------- persen, rupiah


@pytest.mark.parametrize(
    ("nilai", "desimal", "harapan"),
    [
        (D("97.314"), 2, "97,31 %"),
        (D("97.315"), 2, "97,32 %"),
        (D(100), 2, "100,00 %"),
        (D(104), 0, "104 %"),
        (D("0.40"), None, "0,40 %"),
        (D("-12.5"), 1, "-12,5 %"),
        (1234, 1, "1.234,0 %"),
    ],
)
def test_format_persen(nilai, desimal, harapan):
    assert format_persen(nilai, desimal) == harapan


def test_format_persen_default_two_decimals():
    assert format_persen(D("97.3149")) == "97,31 %"


@pytest.mark.parametrize(
    ("nilai", "desimal", "harapan"),
    [
        (D(1234567), 0, "Rp 1.234.567"),
        (D("1234567.5"), 0, "Rp 1.234.568"),
        (D(-1234567), 0, "-Rp 1.234.567"),
        (D("1234567.5"), 2, "Rp 1.234.567,50"),
        (0, 0, "Rp 0"),
        (500, 0, "Rp 500"),
    ],
)
def test_format_rupiah(nilai, desimal, harapan):
    assert format_rupiah(nilai, desimal) == harapan


def test_format_rupiah_default():
    assert format_rupiah(D("1234567.49")) == "Rp 1.234.567"


# --------------------------------------------------------------------------- tanggal


def test_format_tanggal():
    assert format_tanggal(datetime.date(2024, 12, 31)) == "31 Desember 2024"
    assert format_tanggal(datetime.date(2025, 1, 1)) == "1 Januari 2025"
    assert format_tanggal(datetime.datetime(2024, 8, 17, 10, 0)) == "17 Agustus 2024"
    with pytest.raises(TypeError):
        format_tanggal("2024-12-31")


def test_nama_bulan():
    assert list(NAMA_BULAN) == [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]


# --------------------------------------------------------------------------- parse_angka


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        ("79,143", D("79.143")),
        ("1.234.567,89", D("1234567.89")),
        ("1.234.567", D(1234567)),
        ("70,30 %", D("70.30")),
        ("70,30%", D("70.30")),
        ("  12 ", D(12)),
        ("-5,5", D("-5.5")),
        ("Rp 1.234.567", D(1234567)),
        ("Rp1.234.567", D(1234567)),
        ("Rp. 1.234.567", D(1234567)),
        ("-Rp 1.234.567", D(-1234567)),
        ("Rp -1.234.567", D(-1234567)),
        ("1234,5", D("1234.5")),
        ("0,40", D("0.40")),
        ("79.143,0", D("79143.0")),
        ("1.000,5", D("1000.5")),
        ("+7", D(7)),
        ("\u22127,5", D("-7.5")),
        ("0", D(0)),
        ("100 %", D(100)),
    ],
)
def test_parse_angka_accepts(teks, harapan):
    hasil = parse_angka(teks)
    assert isinstance(hasil, D)
    assert hasil == harapan
    assert str(hasil) == str(harapan)  # exponent kept: "0,40" -> 0.40


def test_parse_angka_large_value_exact():
    assert parse_angka("-12.345.678.901.234.567.890.123.456.789,123456") == D("-12345678901234567890123456789.123456")


def test_parse_angka_keeps_exponent():
    assert str(parse_angka("0,40")) == "0.40"
    assert str(parse_angka("70,30 %")) == "70.30"


def test_parse_angka_negative_zero_is_zero():
    hasil = parse_angka("-0,0")
    assert hasil == 0 and not hasil.is_signed()


def _tolak(teks):
    with pytest.raises(AngkaTidakValid) as info:
        parse_angka(teks)
    exc = info.value
    assert isinstance(exc, ValueError)
    assert str(exc) == exc.pesan
    assert exc.pesan
    return exc.pesan


@pytest.mark.parametrize("teks", ["", "   ", "\t\n"])
def test_parse_angka_refuses_empty(teks):
    assert _tolak(teks) == "Angka belum diisi (teks kosong)."


@pytest.mark.parametrize("teks", ["abc", "12a", "1e5", "dua belas", "Rp abc"])
def test_parse_angka_refuses_letters(teks):
    assert "mengandung huruf" in _tolak(teks)


def test_parse_angka_refuses_ambiguous_single_dot_three_digits():
    pesan = _tolak("79.143")
    assert pesan == (
        "Angka '79.143' ambigu: bisa berarti 79143 (titik sebagai pemisah ribuan) atau "
        '79,143 (titik desimal gaya Inggris). Tulis "79.143,0" bila titiknya pemisah '
        'ribuan, atau "79,143" bila maksudnya angka desimal.'
    )
    assert "ambigu" in pesan
    assert '"79.143,0"' in pesan and '"79,143"' in pesan


@pytest.mark.parametrize("teks", ["1.000", "-1.500"])
def test_parse_angka_ambiguous_also_for_round_thousands(teks):
    assert "ambigu" in _tolak(teks)


def test_parse_angka_refuses_english_decimal_dot():
    pesan = _tolak("70.30")
    assert pesan == (
        "'70.30' tidak dapat dibaca: titik di situ bukan pemisah ribuan yang sah. "
        'Bahasa Indonesia memakai koma untuk desimal: tulis "70,30".'
    )
    assert "koma untuk desimal" in pesan


@pytest.mark.parametrize(
    ("teks", "saran"),
    [
        ("1234.5", '"1234,5"'),
        ("0.123", '"0,123"'),
        ("1234.567", '"1234,567"'),
        (".5", '"0,5"'),
    ],
)
def test_parse_angka_refuses_other_single_dots(teks, saran):
    pesan = _tolak(teks)
    assert "koma untuk desimal" in pesan
    assert saran in pesan


@pytest.mark.parametrize("teks", ["1.23.456", "12.34.567", "1.2345.678", "1..234", "1.000.00", "1.2.3,5"])
def test_parse_angka_refuses_misgrouped_thousands(teks):
    pesan = _tolak(teks)
    assert "pengelompokan ribuan salah" in pesan
    assert "tepat tiga digit" in pesan


@pytest.mark.parametrize("teks", ["1,2,3", "1,234,567", "12,,5"])
def test_parse_angka_refuses_two_commas(teks):
    pesan = _tolak(teks)
    assert "koma muncul lebih dari satu kali" in pesan


def test_parse_angka_refuses_english_thousands_with_decimal():
    assert "titik setelah koma" in _tolak("1,234.5")


def test_parse_angka_refuses_incomplete_comma():
    assert _tolak("12,") == "'12,' tidak lengkap: tidak ada angka setelah koma."
    assert _tolak(",5") == "',5' tidak lengkap: tidak ada angka sebelum koma (tulis 0,5)."


def test_parse_angka_refuses_other_shapes():
    assert "spasi di tengah angka" in _tolak("1 234")
    assert "tanda minus/plus hanya boleh satu kali" in _tolak("--5")
    assert "tidak boleh dipakai bersama" in _tolak("Rp 5 %")
    assert "tidak berisi angka" in _tolak("%")
    assert "tidak berisi angka" in _tolak("Rp")
    assert "karakter '/' tidak dikenali" in _tolak("1/2")
    assert "tidak dikenali" in _tolak("\u0661\u0662")  # Arabic-Indic digits


def test_parse_angka_refuses_non_str():
    with pytest.raises(TypeError):
        parse_angka(12)
    with pytest.raises(TypeError):
        parse_angka(None)


def test_parse_angka_atau_kosong():
    assert parse_angka_atau_kosong(None) is None
    assert parse_angka_atau_kosong("") is None
    assert parse_angka_atau_kosong("   ") is None
    assert parse_angka_atau_kosong("1.234,5") == D("1234.5")
    with pytest.raises(AngkaTidakValid):
        parse_angka_atau_kosong("79.143")


# --------------------------------------------------------------------------- terbilang


@pytest.mark.parametrize(
    ("nilai", "harapan"),
    [
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (111, "seratus sebelas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (2000, "dua ribu"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (101000, "seratus satu ribu"),
        (1000000, "satu juta"),
        (1001000, "satu juta seribu"),
        (
            1234567,
            "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh",
        ),
        (2000000000, "dua miliar"),
        (1000000000000, "satu triliun"),
        (
            999_999_999_999_999,
            (
                "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh "
                "sembilan miliar sembilan ratus sembilan puluh sembilan juta sembilan ratus "
                "sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"
            ),
        ),
        (10**15, "satu kuadriliun"),
        (
            D(1234567),
            "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh",
        ),
        (-15, "minus lima belas"),
        (D(-1000), "minus seribu"),
        (D("70.30"), "tujuh puluh koma tiga nol"),
        (D("0.5"), "nol koma lima"),
    ],
)
def test_terbilang(nilai, harapan):
    assert terbilang(nilai) == harapan


def test_terbilang_limits():
    assert terbilang(10**18 - 1).startswith("sembilan ratus sembilan puluh sembilan kuadriliun")
    with pytest.raises(ValueError):
        terbilang(10**18)
    with pytest.raises(ValueError):
        terbilang(D("NaN"))
    with pytest.raises(TypeError):
        terbilang("12")


@pytest.mark.parametrize(
    ("nilai", "harapan"),
    [
        (1000000, "satu juta rupiah"),
        (0, "nol rupiah"),
        (
            D(1234567),
            "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh rupiah",
        ),
        (D("1234.50"), "seribu dua ratus tiga puluh empat rupiah lima puluh sen"),
        (D("1000.00"), "seribu rupiah"),
        (D("0.75"), "tujuh puluh lima sen"),
        (D("10.005"), "sepuluh rupiah satu sen"),
        (D(-2500), "minus dua ribu lima ratus rupiah"),
    ],
)
def test_terbilang_rupiah(nilai, harapan):
    assert terbilang_rupiah(nilai) == harapan


def test_terbilang_rupiah_refuses_float():
    with pytest.raises(TypeError):
        terbilang_rupiah(1000.0)


# --------------------------------------------------------------------------- template filters


def _render(sumber, **konteks):
    from django.template import Context, Template

    return Template(sumber).render(Context(konteks))


def test_template_filters_are_builtin_and_format():
    assert _render("{{ x|angka }}", x=D("1234567.89")) == "1.234.567,89"
    assert _render("{{ x|angka:2 }}", x=D("2.345")) == "2,35"
    assert _render('{{ x|angka:"1" }}', x=1234) == "1.234,0"
    assert _render("{{ x|angka }}", x="1234567.89") == "1.234.567,89"
    assert _render("{{ x|angka }}", x=1234567) == "1.234.567"
    assert _render("{{ x|persen }}", x=D("97.314")) == "97,31 %"
    assert _render("{{ x|persen:0 }}", x=D("104.4")) == "104 %"
    assert _render("{{ x|rupiah }}", x=D(1234567)) == "Rp 1.234.567"
    assert _render("{{ x|rupiah }}", x=D(-1234567)) == "-Rp 1.234.567"
    assert _render("{{ x|rupiah:2 }}", x="1234567.5") == "Rp 1.234.567,50"
    assert _render("{{ x|terbilang }}", x=1234567) == (
        "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh"
    )
    assert _render("{{ x|terbilang|capfirst }}", x=D(1000)) == "Seribu"
    assert _render("{{ x|tanggal }}", x=datetime.date(2024, 12, 31)) == "31 Desember 2024"
    assert _render("{{ x|nip }}", x="197001011995031001") == "19700101 199503 1 001"
    assert _render("{{ x|nip }}", x="19700101 199503 1 001") == "19700101 199503 1 001"


def test_template_filters_none_is_en_dash():
    for nama in ("angka", "persen", "rupiah", "terbilang", "tanggal", "nip"):
        assert _render(f"{{{{ x|{nama} }}}}", x=None) == "\u2013", nama


def test_template_filter_tanggal_aware_datetime_in_local_time():
    # 31 Dec 2024 20:00 UTC is already 1 Jan 2025 in Asia/Jakarta (UTC+7).
    nilai = datetime.datetime(2024, 12, 31, 20, 0, tzinfo=datetime.UTC)
    assert _render("{{ x|tanggal }}", x=nilai) == "1 Januari 2025"


def test_template_filters_never_raise_on_bad_input():
    assert _render("{{ x|angka }}", x="bukan angka") == "bukan angka"
    assert _render("{{ x|angka }}", x="NaN") == "NaN"
    assert _render("{{ x|angka:'abc' }}", x=D("1.5")) == "1,5"  # bad argument: unchanged value
    assert _render("{{ x|angka:-1 }}", x=D("1.5")) == "1,5"
    assert _render("{{ x|persen }}", x="79.143,0") == "79.143,0"
    assert _render("{{ x|rupiah }}", x=[1, 2]) == "[1, 2]"
    assert _render("{% load l10n %}{% localize off %}{{ x|terbilang }}{% endlocalize %}", x=10**18) == (
        "1000000000000000000"
    )
    assert _render("{{ x|terbilang }}", x="satu") == "satu"
    assert _render("{{ x|tanggal }}", x="2024-12-31") == "2024-12-31"
    assert _render("{{ x|nip }}", x="12345") == "12345"
    assert _render("{{ x|angka }}", x=True) == "True"
    assert _render("{{ x|angka }}", x="") == ""
    # float is not accepted by the formatting functions: passed through unchanged
    # (Django then localises it on output).
    assert _render("{% load l10n %}{% localize off %}{{ x|angka }}{% endlocalize %}", x=1.5) == "1.5"


def test_template_filter_output_is_escaped_input():
    assert _render("{{ x|angka }}", x="<b>") == "&lt;b&gt;"


@pytest.mark.parametrize("teks, hasil", [("Rp 1.000", "1000"), ("1.000", "1000"), ("4.698.953.374", "4698953374")])
def test_amount_columns_read_a_single_dot_as_thousands(teks, hasil):
    from decimal import Decimal

    from sakip.formatting import parse_angka

    assert parse_angka(teks, ribuan=True) == Decimal(hasil)
    assert parse_angka("Rp 1.000") == Decimal(1000)


@pytest.mark.parametrize(
    "nilai, teks",
    [("100.000000", "100"), ("70.300000", "70,30"), ("79.143000", "79,143"), ("4698953374", "4.698.953.374")],
)
def test_nilai_filter_prints_measured_values_as_entered(nilai, teks):
    from decimal import Decimal

    from django.template import Context, Template

    assert Template("{{ v|nilai }}").render(Context({"v": Decimal(nilai)})) == teks


def test_years_are_not_grouped():
    from django.template import Context, Template

    assert Template("Anggaran {{ t }}").render(Context({"t": 2024})) == "Anggaran 2024"


@pytest.mark.parametrize(
    "nilai, teks, harapan",
    [
        (D("70.3"), "", "70,30"),
        (D("98.000000"), "", "98"),
        (D("1234.5"), "", "1234,50"),
        (None, "", ""),
        (None, "WTP", "WTP"),
    ],
)
def test_format_isian_reads_back_with_the_strict_parser(nilai, teks, harapan):
    assert format_isian(nilai, teks) == harapan
    if nilai is not None:
        assert parse_angka(harapan) == nilai


@pytest.mark.parametrize(
    "satuan, jenis",
    [
        ("", "cacah"),
        ("jiwa", "cacah"),
        ("pasangan", "cacah"),
        ("Dokumen", "cacah"),
        ("hari", "ukuran"),
        ("%", "ukuran"),
        ("Rp", "rupiah"),
    ],
)
def test_a_ratios_parts_count_unless_their_unit_measures(satuan, jenis):
    from sakip.angka import baca_angka, jenis_bagian_rasio

    assert jenis_bagian_rasio(satuan) == jenis
    if jenis == "cacah":
        assert baca_angka("78.000", jenis_bagian_rasio(satuan)) == D(78000)
