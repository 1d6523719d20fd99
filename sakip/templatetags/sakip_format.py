"""Template filters for Indonesian formatting (loaded as a template builtin by settings).

``{{ nilai|angka }}``, ``{{ nilai|angka:2 }}``, ``{{ capaian|persen }}``, ``{{ pagu|rupiah }}``,
``{{ pagu|terbilang }}``, ``{{ tanggal|tanggal }}``, ``{{ pegawai.nip|nip }}``,
``{{ realisasi|nilai_presisi:indikator.presisi }}``.

Thin wrappers around :mod:`sakip.formatting` and :mod:`sakip.nip`. Numbers may be Decimal,
int or a string holding a Decimal literal (``"1234.5"``, as produced by ``str(Decimal)``, not
Indonesian text). ``None`` renders as ``–``. The filters never raise: on any unusable input
(float, bool, text that is not a Decimal literal, a bad argument, NaN, ...) the input is
returned unchanged, so a mistake shows up on the page instead of breaking it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.core.exceptions import ValidationError
from django.utils import timezone

from sakip import formatting
from sakip.nip import format_nip

register = template.Library()

_TIDAK_BISA = object()


def _ke_angka(nilai):
    """Decimal for Decimal/int/Decimal-literal str, else _TIDAK_BISA."""
    if isinstance(nilai, bool):
        return _TIDAK_BISA
    if isinstance(nilai, (Decimal, int)):
        return nilai
    if isinstance(nilai, str):
        try:
            hasil = Decimal(nilai.strip())
        except (InvalidOperation, ValueError):
            return _TIDAK_BISA
        return hasil if hasil.is_finite() else _TIDAK_BISA
    return _TIDAK_BISA


def _ke_desimal(arg, bawaan):
    """Filter argument -> decimals (int >= 0 or None); _TIDAK_BISA when unusable."""
    if arg is None or arg == "":
        return bawaan
    if isinstance(arg, bool):
        return _TIDAK_BISA
    try:
        n = int(arg)
    except (TypeError, ValueError):
        return _TIDAK_BISA
    return n if n >= 0 else _TIDAK_BISA


def _bungkus_angka(nilai, arg, bawaan, fungsi):
    if nilai is None:
        return formatting.KOSONG
    angka = _ke_angka(nilai)
    desimal = _ke_desimal(arg, bawaan)
    if angka is _TIDAK_BISA or desimal is _TIDAK_BISA:
        return nilai
    try:
        return fungsi(angka, desimal)
    except (TypeError, ValueError, ArithmeticError):
        return nilai


@register.filter
def angka(nilai, desimal=None):
    """``Decimal("1234567.89")`` -> ``1.234.567,89``; ``|angka:2`` rounds half-up to 2 places."""
    return _bungkus_angka(nilai, desimal, None, formatting.format_angka)


@register.filter
def nilai(nilai_, minimal=2):
    """A measured value as entered: ``Decimal("100.000000")`` -> ``100``, ``70.3`` -> ``70,30``."""
    return _bungkus_angka(nilai_, minimal, 2, lambda v, d: formatting.format_angka(formatting.normalisasi_nilai(v, d)))


@register.filter
def nilai_presisi(nilai_, presisi=None):
    """A measured value at most at the indicator's precision: ``Decimal("72.717149")|nilai_presisi:2``
    -> ``72,72``, ``98`` -> ``98``, ``70.3`` -> ``70,30`` (as ``|nilai``, rounded half-up only when it
    carries more than ``presisi`` decimals). Without a precision it is ``|nilai``; predicate text
    passes through unchanged."""
    return _bungkus_angka(nilai_, presisi, None, formatting.format_nilai)


@register.filter
def persen(nilai, desimal=None):
    """``Decimal("97.314")`` -> ``97,31 %`` (default 2 decimals; ``|persen:1`` for one)."""
    return _bungkus_angka(nilai, desimal, 2, formatting.format_persen)


def _desimal_uang(nilai, desimal):
    """Decimals of an amount: as asked, else sen only when it has any (formatting.desimal_rupiah)."""
    if desimal not in (None, ""):
        return desimal
    angka = _ke_angka(nilai)
    return "" if angka is _TIDAK_BISA else formatting.desimal_rupiah(angka)


@register.filter
def rupiah(nilai, desimal=None):
    """``1234567`` -> ``Rp 1.234.567``, ``1234567.89`` -> ``Rp 1.234.567,89``: sen only when there
    are any, unless ``|rupiah:0`` / ``|rupiah:2`` asks."""
    return _bungkus_angka(nilai, _desimal_uang(nilai, desimal), 0, formatting.format_rupiah)


@register.filter
def uang(nilai, desimal=None):
    """An amount in a Rupiah column: ``1234567`` -> ``1.234.567``, ``3574107185.33`` ->
    ``3.574.107.185,33`` (sen only when there are any)."""
    return _bungkus_angka(nilai, _desimal_uang(nilai, desimal), 0, formatting.format_angka)


@register.filter
def terbilang(nilai):
    """``1234567`` -> ``satu juta dua ratus tiga puluh empat ribu ...`` (lowercase)."""
    if nilai is None:
        return formatting.KOSONG
    angka_ = _ke_angka(nilai)
    if angka_ is _TIDAK_BISA:
        return nilai
    try:
        return formatting.terbilang(angka_)
    except (TypeError, ValueError, ArithmeticError):
        return nilai


@register.filter
def tanggal(nilai):
    """``date(2024, 12, 31)`` -> ``31 Desember 2024``; an aware datetime is first converted
    to local time (Asia/Jakarta)."""
    if nilai is None:
        return formatting.KOSONG
    if not isinstance(nilai, datetime.date):
        return nilai
    try:
        if isinstance(nilai, datetime.datetime) and timezone.is_aware(nilai):
            nilai = timezone.localtime(nilai)
        return formatting.format_tanggal(nilai)
    except (TypeError, ValueError, OverflowError):
        return nilai


@register.filter
def nip(nilai):
    """``"197001011995031001"`` -> ``19700101 199503 1 001``."""
    if nilai is None:
        return formatting.KOSONG
    try:
        return format_nip(nilai)
    except (ValidationError, TypeError, ValueError):
        return nilai


@register.filter
def isian_tampil(nilai_):
    """A cell's value in a conflict message: a number as 1.234,56, a record by its name, blank as –."""
    if nilai_ is None or (isinstance(nilai_, str) and not nilai_.strip()):
        return formatting.KOSONG
    if isinstance(nilai_, Decimal):
        return formatting.format_angka(formatting.normalisasi_nilai(nilai_, 0))
    if isinstance(nilai_, bool):
        return "ya" if nilai_ else "tidak"
    return str(nilai_)
