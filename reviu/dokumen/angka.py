"""Numbers as printed: the tolerant reader (:func:`baca_angka`, rules in the package docstring),
the comparison of a printed figure with its recomputations, and Indonesian formatting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sakip.formatting import AngkaTidakValid, format_angka, parse_angka
from sakip.rumus import (
    Pembulatan,
    bulatkan,
)


@dataclass(frozen=True)
class Bacaan:
    """One reading of a printed number: its value and the decimals it was printed with."""

    nilai: Decimal
    desimal: int


@dataclass(frozen=True)
class Angka:
    """A printed number: the text as printed and every plausible reading, preferred first."""

    teks: str
    bacaan: tuple[Bacaan, ...]
    persen: bool = False

    @property
    def nilai(self) -> Decimal:
        return self.bacaan[0].nilai

    @property
    def desimal(self) -> int:
        return self.bacaan[0].desimal


_TOKEN = re.compile(r"(?<![\w.,])([-+\u2212]?\s?\d[\d.,]*)(\s*(?:%|persen\b|prosen\b))?", re.IGNORECASE)
_RP = re.compile(r"^(?:rp\.?\s*)+", re.IGNORECASE)
_TAHUN = re.compile(r"^(19|20)\d\d$")


def _bacaan_longgar(inti: str) -> tuple[tuple[Decimal, int] | None, tuple[Decimal, int] | None]:
    """(all-thousands reading, decimal reading) of digits with '.'/',' separators; None where
    the rules of the module docstring do not allow that reading."""
    kelompok = re.split(r"[.,]", inti)
    pemisah = re.findall(r"[.,]", inti)
    if not all(k.isdigit() for k in kelompok):
        return None, None
    ribuan = None
    if 1 <= len(kelompok[0]) <= 3 and all(len(k) == 3 for k in kelompok[1:]):
        ribuan = (Decimal("".join(kelompok)), 0)
    desimal = None
    depan, belakang = kelompok[:-1], kelompok[-1]
    lain = set(pemisah[:-1])
    kelompok_sah = len(depan) == 1 or (1 <= len(depan[0]) <= 3 and all(len(k) == 3 for k in depan[1:]))
    satu_jenis = not lain or (len(lain) == 1 and pemisah[-1] not in lain)  # 1.234,5 or 1,234.5
    if kelompok_sah and (satu_jenis or len(belakang) != 3) and not (len(pemisah) > 1 and len(set(pemisah)) == 1):
        desimal = (Decimal(f"{''.join(depan)}.{belakang}"), len(belakang))
    return ribuan, desimal


def _baca_inti(inti: str, *, uang: bool, persen: bool) -> list[Bacaan]:
    """Readings of one number token, preferred first: the strict Indonesian reading of
    parse_angka, then the tolerant ones; amounts prefer thousands, percentages decimals."""
    negatif = inti[:1] in "-\u2212"
    inti = inti.lstrip("+-\u2212").strip().rstrip(".,")
    if not inti or not inti[0].isdigit():
        return []
    if not re.search(r"[.,]", inti):
        hasil = [(Decimal(inti), 0)]
    else:
        ribuan, desimal = _bacaan_longgar(inti)
        try:
            ketat = parse_angka(inti, ribuan=uang)
            ketat_b = (ketat, max(0, -ketat.as_tuple().exponent))
        except AngkaTidakValid:
            ketat_b = None
        if uang:
            urutan = [ribuan, ketat_b, desimal]
        elif persen:
            urutan = [desimal, ketat_b, ribuan]
        elif ketat_b is not None:
            urutan = [ketat_b, ribuan, desimal]
        else:  # ambiguous "79.143": thousands in Indonesian, decimal in English
            urutan = [ribuan, desimal] if "," not in inti else [desimal, ribuan]
        hasil = []
        for b in urutan:
            if b is not None and b not in hasil:
                hasil.append(b)
    return [Bacaan(-v if negatif and v else v, d) for v, d in hasil]


def _bersihkan_angka(teks: str) -> str:
    s = unicodedata.normalize("NFKC", teks)
    s = s.replace("\u2013", "-").replace("\u2212", "-").replace("\u00a0", " ")
    s = _RP.sub("", s.strip())
    s = re.sub(r"(\d)\s+([.,])(?=\d)", r"\1\2", s)
    s = re.sub(r"(\d[.,])\s+(?=\d)", r"\1", s)
    return s.replace("*", "")


def baca_angka(teks: str, *, uang: bool = False, awal: bool = True) -> Angka | None:
    """Read the first number of ``teks`` with the tolerant rules of the module docstring.

    ``uang``: the number is a Rupiah amount (prefer thousands readings). ``awal``: the number
    must open the text (a table cell such as ``"15 OPD"``); False finds it anywhere.
    Returns None when there is no readable number.
    """
    if not teks:
        return None
    s = _bersihkan_angka(teks)
    m = _TOKEN.search(s)
    if m is None or (awal and s[: m.start()].strip(" ([")):
        return None
    inti = m.group(1).replace(" ", "")
    persen = bool(m.group(2))
    bacaan = _baca_inti(inti, uang=uang, persen=persen)
    if not bacaan:
        return None
    return Angka(inti.rstrip(".,"), tuple(bacaan), persen)


def _cocok(tercetak: Angka, calon: list[Decimal | None]) -> bool:
    """True when a reading of the printed number equals a candidate rounded half-up or
    truncated at the printed number of decimals."""
    for b in tercetak.bacaan:
        d = min(b.desimal, 10)
        for r in calon:
            if r is None:
                continue
            for cara in (Pembulatan.HALF_UP, Pembulatan.TRUNCATE):
                if bulatkan(r, d, cara) == b.nilai:
                    return True
    return False


def _terdekat(tercetak: Angka, calon: list[Decimal | None]) -> tuple[Bacaan, Decimal] | None:
    """The (printed reading, candidate) pair closest to each other, preferred readings first."""
    terbaik = None
    for b in tercetak.bacaan:
        for r in calon:
            if r is None:
                continue
            jarak = abs(r - b.nilai) / max(abs(b.nilai), Decimal(1))
            if terbaik is None or jarak < terbaik[0]:
                terbaik = (jarak, b, r)
    return None if terbaik is None else (terbaik[1], terbaik[2])


def _fmt(nilai: Decimal, desimal: int) -> str:
    return format_angka(bulatkan(nilai, desimal), desimal)


def _fmt_angka(a: Angka) -> str:
    return format_angka(a.nilai, a.desimal)


def _desimal_uang(nilai: Decimal) -> int:
    return 0 if nilai == nilai.to_integral_value() else 2
