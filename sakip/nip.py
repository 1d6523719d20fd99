"""NIP (Nomor Induk Pegawai) of Indonesian civil servants: parsing, validation, formatting.

A NIP has 18 digits, printed in four groups ``19700101 199503 1 001``:

========  ======  =========================================================
digits    length  meaning
========  ======  =========================================================
1-8       8       tanggal lahir (birth date), YYYYMMDD
9-14      6       TMT CPNS (appointment as candidate civil servant), YYYYMM
15        1       jenis kelamin: 1 = laki-laki (L), 2 = perempuan (P)
16-18     3       nomor urut (sequence number)
========  ======  =========================================================

Only Django's ``ValidationError`` is imported, so :func:`validate_nip` can be used directly as
a model/form field validator and the messages (Bahasa Indonesia) show up in forms.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

__all__ = ["InfoNIP", "format_nip", "normalisasi_nip", "parse_nip", "validate_nip"]

PANJANG_NIP = 18
USIA_MINIMUM_CPNS = 18
_POLA_NIP = re.compile(r"^[0-9]{18}$")
_JENIS_KELAMIN = {"1": "L", "2": "P"}


@dataclass(frozen=True)
class InfoNIP:
    """What a NIP says about its holder.

    ``tmt_cpns`` is the first day of the appointment month (the NIP only holds year and
    month). ``jenis_kelamin`` is ``"L"`` (laki-laki) or ``"P"`` (perempuan). ``nip`` is the
    normalised 18-digit string.
    """

    tanggal_lahir: datetime.date
    tmt_cpns: datetime.date
    jenis_kelamin: str
    nomor_urut: int
    nip: str = ""

    @property
    def tmt_cpns_tahun_bulan(self) -> tuple[int, int]:
        return (self.tmt_cpns.year, self.tmt_cpns.month)


def normalisasi_nip(teks) -> str:
    """Remove all whitespace (``"19700101 199503 1 001"`` -> ``"197001011995031001"``) and
    check there are exactly 18 ASCII digits; else ``ValidationError("NIP harus 18 digit
    angka.")``. An ``int`` is accepted as well (leading zeros cannot occur: digit 1 is a year).
    """
    if isinstance(teks, int) and not isinstance(teks, bool):
        teks = str(teks)
    if not isinstance(teks, str):
        raise ValidationError("NIP harus 18 digit angka.", code="nip_format")
    nip = "".join(teks.split())
    if not _POLA_NIP.match(nip):
        raise ValidationError(
            "NIP harus 18 digit angka (boleh dipisah spasi, contoh 19700101 199503 1 001).",
            code="nip_format",
        )
    return nip


def parse_nip(teks, *, hari_ini: datetime.date | None = None) -> InfoNIP:
    """Parse and validate a NIP; return :class:`InfoNIP`.

    Spaces (any whitespace) inside the text are removed first. Raises ``ValidationError``
    (Indonesian messages; every applicable error after the format check is reported) when:

    * the text is not 18 digits (``code="nip_format"``);
    * digits 1-8 are not a real date (``19701301``, ``19700230``; ``code="nip_tanggal_lahir"``);
    * digits 13-14 are not a month 01-12 (``code="nip_tmt_bulan"``);
    * digit 15 is not 1 or 2 (``code="nip_jenis_kelamin"``);
    * the TMT CPNS month lies before the month of the 18th birthday
      (``code="nip_tmt_usia"``) or after the current month (``code="nip_tmt_masa_depan"``).
      ``hari_ini`` (default ``date.today()``) fixes "now" for tests.

    The sequence number is not checked beyond being three digits.
    """
    nip = normalisasi_nip(teks)
    hari_ini = hari_ini or datetime.date.today()
    kesalahan = []

    lahir_teks, tmt_teks, jk_teks, urut_teks = nip[:8], nip[8:14], nip[14], nip[15:]
    try:
        tanggal_lahir = datetime.date(int(lahir_teks[:4]), int(lahir_teks[4:6]), int(lahir_teks[6:]))
    except ValueError:
        tanggal_lahir = None
        kesalahan.append(
            ValidationError(
                "Tanggal lahir pada NIP (digit 1–8: %(teks)s) bukan tanggal yang sah.",
                code="nip_tanggal_lahir",
                params={"teks": lahir_teks},
            )
        )

    tmt_tahun, tmt_bulan = int(tmt_teks[:4]), int(tmt_teks[4:])
    tmt_cpns = None
    if 1 <= tmt_bulan <= 12 and tmt_tahun >= 1:
        tmt_cpns = datetime.date(tmt_tahun, tmt_bulan, 1)
    else:
        kesalahan.append(
            ValidationError(
                "TMT CPNS pada NIP (digit 9–14: %(teks)s) bukan tahun-bulan yang sah: bulan harus 01 sampai 12.",
                code="nip_tmt_bulan",
                params={"teks": tmt_teks},
            )
        )

    jenis_kelamin = _JENIS_KELAMIN.get(jk_teks)
    if jenis_kelamin is None:
        kesalahan.append(
            ValidationError(
                "Digit jenis kelamin pada NIP (digit ke-15: %(teks)s) harus 1 (laki-laki) atau 2 (perempuan).",
                code="nip_jenis_kelamin",
                params={"teks": jk_teks},
            )
        )

    if tmt_cpns is not None:
        if (tmt_cpns.year, tmt_cpns.month) > (hari_ini.year, hari_ini.month):
            kesalahan.append(
                ValidationError(
                    "TMT CPNS pada NIP (%(teks)s) berada di masa depan.",
                    code="nip_tmt_masa_depan",
                    params={"teks": tmt_teks},
                )
            )
        if tanggal_lahir is not None and (tmt_cpns.year, tmt_cpns.month) < (
            tanggal_lahir.year + USIA_MINIMUM_CPNS,
            tanggal_lahir.month,
        ):
            kesalahan.append(
                ValidationError(
                    "TMT CPNS pada NIP (%(tmt)s) lebih awal dari usia 18 tahun (tanggal lahir %(lahir)s).",
                    code="nip_tmt_usia",
                    params={"tmt": tmt_teks, "lahir": lahir_teks},
                )
            )

    if kesalahan:
        raise ValidationError(kesalahan)
    return InfoNIP(
        tanggal_lahir=tanggal_lahir,
        tmt_cpns=tmt_cpns,
        jenis_kelamin=jenis_kelamin,
        nomor_urut=int(urut_teks),
        nip=nip,
    )


def validate_nip(value) -> None:
    """Model/form field validator: raise ``ValidationError`` unless ``value`` is a valid NIP
    (see :func:`parse_nip`; spaces are tolerated, so normalise the stored value with
    :func:`normalisasi_nip` in ``clean()`` if it must be saved without spaces)."""
    parse_nip(value)


def format_nip(nip) -> str:
    """``"197001011995031001"`` -> ``"19700101 199503 1 001"`` (the usual printed form).

    Only the shape is checked (18 digits, spaces tolerated; else ``ValidationError``), so
    stored NIPs can always be displayed; use :func:`parse_nip` to validate the content.
    """
    n = normalisasi_nip(nip)
    return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
