"""Tests for sakip.nip."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError

from sakip.nip import InfoNIP, format_nip, normalisasi_nip, parse_nip, validate_nip

NIP_SAH = "197001011995031001"
HARI_INI = datetime.date(2025, 6, 15)


def _kesalahan(teks, **kwargs):
    with pytest.raises(ValidationError) as info:
        parse_nip(teks, **kwargs)
    return info.value


def test_valid_nip():
    info = parse_nip(NIP_SAH)
    assert info == InfoNIP(
        tanggal_lahir=datetime.date(1970, 1, 1),
        tmt_cpns=datetime.date(1995, 3, 1),
        jenis_kelamin="L",
        nomor_urut=1,
        nip=NIP_SAH,
    )
    assert info.tmt_cpns_tahun_bulan == (1995, 3)


def test_valid_nip_female_and_leap_day():
    info = parse_nip("198002292005122017")
    assert info.tanggal_lahir == datetime.date(1980, 2, 29)
    assert info.tmt_cpns == datetime.date(2005, 12, 1)
    assert info.jenis_kelamin == "P"
    assert info.nomor_urut == 17


def test_info_is_frozen():
    info = parse_nip(NIP_SAH)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.nomor_urut = 2


@pytest.mark.parametrize(
    "teks",
    [
        "19700101 199503 1 001",
        " 197001011995031001 ",
        "19700101  199503\t1 001",
        "19700101\u00a0199503 1 001",
    ],
)
def test_spaces_tolerated(teks):
    assert parse_nip(teks).nip == NIP_SAH
    assert normalisasi_nip(teks) == NIP_SAH


@pytest.mark.parametrize(
    "teks",
    [
        "",
        "19700101199503100",
        "1970010119950310011",
        "19700101-199503-1-001",
        "1970010119950310O1",
        "19700101.199503.1.001",
        None,
        12.5,
    ],
)
def test_wrong_length_or_non_digits(teks):
    exc = _kesalahan(teks)
    assert exc.messages[0].startswith("NIP harus 18 digit angka")
    assert exc.error_list[0].code == "nip_format"


@pytest.mark.parametrize(
    "teks",
    [
        "197013011995031001",
        "197002301995031001",
        "197100291995031001",
        "190002291925031001",
        "000001011995031001",
    ],
)
def test_impossible_birth_date(teks):
    exc = _kesalahan(teks)
    assert [e.code for e in exc.error_list] == ["nip_tanggal_lahir"]
    assert exc.messages == [f"Tanggal lahir pada NIP (digit 1–8: {teks[:8]}) bukan tanggal yang sah."]


@pytest.mark.parametrize("bulan", ["00", "13", "99"])
def test_impossible_appointment_month(bulan):
    teks = f"197001011995{bulan}1001"
    exc = _kesalahan(teks)
    assert [e.code for e in exc.error_list] == ["nip_tmt_bulan"]
    assert exc.messages == [
        (f"TMT CPNS pada NIP (digit 9–14: 1995{bulan}) bukan tahun-bulan yang sah: bulan harus 01 sampai 12.")
    ]


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_sex_digit(digit):
    exc = _kesalahan(f"19700101199503{digit}001")
    assert [e.code for e in exc.error_list] == ["nip_jenis_kelamin"]
    assert exc.messages == [
        (f"Digit jenis kelamin pada NIP (digit ke-15: {digit}) harus 1 (laki-laki) atau 2 (perempuan).")
    ]


def test_appointment_before_age_18():
    # born 15 June 1980: 18 in June 1998, so TMT May 1998 is too early
    exc = _kesalahan("198006151998051001")
    assert [e.code for e in exc.error_list] == ["nip_tmt_usia"]
    assert exc.messages == ["TMT CPNS pada NIP (199805) lebih awal dari usia 18 tahun (tanggal lahir 19800615)."]
    # the month of the 18th birthday is accepted
    assert parse_nip("198006151998061001").tmt_cpns == datetime.date(1998, 6, 1)


def test_appointment_before_birth():
    assert [e.code for e in _kesalahan("199001011985011001").error_list] == ["nip_tmt_usia"]


def test_appointment_future():
    exc = _kesalahan("197001012025071001", hari_ini=HARI_INI)
    assert [e.code for e in exc.error_list] == ["nip_tmt_masa_depan"]
    assert exc.messages == ["TMT CPNS pada NIP (202507) berada di masa depan."]
    # the current month itself is fine
    assert parse_nip("197001012025061001", hari_ini=HARI_INI).tmt_cpns == datetime.date(2025, 6, 1)


def test_several_errors_reported_together():
    exc = _kesalahan("197013011995133001")
    assert [e.code for e in exc.error_list] == [
        "nip_tanggal_lahir",
        "nip_tmt_bulan",
        "nip_jenis_kelamin",
    ]


def test_validate_nip():
    assert validate_nip(NIP_SAH) is None
    assert validate_nip("19700101 199503 1 001") is None
    with pytest.raises(ValidationError):
        validate_nip("197013011995031001")
    with pytest.raises(ValidationError):
        validate_nip("123")


def test_validate_nip_as_field_validator():
    from django import forms

    class Formulir(forms.Form):
        nip = forms.CharField(validators=[validate_nip])

    assert Formulir({"nip": "19700101 199503 1 001"}).is_valid()
    salah = Formulir({"nip": "197001011995032"})
    assert not salah.is_valid()
    assert salah.errors["nip"][0].startswith("NIP harus 18 digit angka")


def test_format_nip():
    assert format_nip(NIP_SAH) == "19700101 199503 1 001"
    assert format_nip("19700101 199503 1 001") == "19700101 199503 1 001"
    assert format_nip(197001011995031001) == "19700101 199503 1 001"
    with pytest.raises(ValidationError):
        format_nip("12345")
