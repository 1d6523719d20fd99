"""Constants, enums and number helpers of the formula library."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from enum import StrEnum
from typing import Any, TypeVar

# Generous precision so that no realistic figure (Rupiah in the trillions, ratios with many
# decimals) is ever rounded by the context itself; rounding happens only in bulatkan().
_KONTEKS = Context(prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
_NOL = Decimal(0)
_SERATUS = Decimal(100)


class GalatRumus(ValueError):
    """Impossible input for a formula; the message is Bahasa Indonesia, fit for users."""


# --------------------------------------------------------------------------- enums

_E = TypeVar("_E", bound=StrEnum)


class _PilihanMixin:
    """Adds ``label`` and Django-style ``pilihan()`` to the StrEnums below."""

    _LABEL: dict[str, str]

    @property
    def label(self) -> str:
        """Display label in Bahasa Indonesia."""
        return type(self)._LABEL[self.value]  # type: ignore[attr-defined]

    @classmethod
    def pilihan(cls) -> list[tuple[str, str]]:
        """``[(value, label), ...]``, usable as Django ``choices``."""
        return [(m.value, m.label) for m in cls]  # type: ignore[attr-defined]


class Arah(_PilihanMixin, StrEnum):
    """Direction of an indicator: which realisasi is better."""

    NAIK = "naik"  # higher is better
    TURUN = "turun"  # lower is better (days, % deviation)
    RENTANG = "rentang"  # range / maintain: target = lower bound, target_atas = upper bound


Arah._LABEL = {
    "naik": "Naik (semakin tinggi semakin baik)",
    "turun": "Turun (semakin rendah semakin baik)",
    "rentang": "Rentang (dipertahankan di antara batas bawah dan batas atas)",
}


class Turunan(_PilihanMixin, StrEnum):
    """How a parent indicator's realisation follows from its child indicators (cascade rule)."""

    RATA_RATA_CAPAIAN = "rata_rata_capaian"  # mean of the children's capaian (seed 000 Program Penunjang)
    PERSEN_TERCAPAI = "persen_tercapai"  # share of children that met their target × 100
    RATA_RATA_NILAI = "rata_rata_nilai"  # mean of the children's values
    JUMLAH_NILAI = "jumlah_nilai"  # sum of the children's values (counts)


Turunan._LABEL = {
    "rata_rata_capaian": "Rata-rata capaian indikator turunan",
    "persen_tercapai": "Persentase indikator turunan yang mencapai target",
    "rata_rata_nilai": "Rata-rata realisasi indikator turunan",
    "jumlah_nilai": "Jumlah realisasi indikator turunan",
}


class Agregasi(_PilihanMixin, StrEnum):
    """How quarter values make a value for a longer period."""

    KUMULATIF = "kumulatif"  # sum of the quarters (entries are per-quarter increments)
    TERAKHIR = "terakhir"  # last available value (stocks, ratios, YTD-cumulative entries)
    RATA_RATA = "rata_rata"  # mean of the available quarters


Agregasi._LABEL = {
    "kumulatif": "Kumulatif (jumlah triwulan)",
    "terakhir": "Nilai terakhir",
    "rata_rata": "Rata-rata",
}


class Periode(_PilihanMixin, StrEnum):
    """Reporting period within one year."""

    TW1 = "TW1"
    TW2 = "TW2"
    TW3 = "TW3"
    TW4 = "TW4"
    S1 = "S1"
    S2 = "S2"
    TAHUN = "TAHUN"

    @property
    def triwulan(self) -> tuple[int, ...]:
        """Quarters (1..4) inside the period itself: S2 -> (3, 4)."""
        return _TRIWULAN_PERIODE[self.value]

    @property
    def triwulan_akhir(self) -> int:
        """Last quarter of the period: TW3 -> 3, S1 -> 2, TAHUN -> 4."""
        return self.triwulan[-1]

    @property
    def triwulan_kumulatif(self) -> tuple[int, ...]:
        """Quarters from January to the end of the period: TW3 -> (1, 2, 3)."""
        return tuple(range(1, self.triwulan_akhir + 1))

    @property
    def bulan_awal(self) -> int:
        """First month (1..12) of the period."""
        return (self.triwulan[0] - 1) * 3 + 1

    @property
    def bulan_akhir(self) -> int:
        """Last month (1..12) of the period: TW3 -> 9, S1 -> 6, TAHUN -> 12."""
        return self.triwulan_akhir * 3

    @property
    def jumlah_triwulan(self) -> int:
        """Length of the period in quarters (1, 2 or 4)."""
        return len(self.triwulan)

    @classmethod
    def dari_triwulan(cls, triwulan: int) -> Periode:
        """``Periode.dari_triwulan(3)`` -> ``Periode.TW3``."""
        if triwulan not in (1, 2, 3, 4) or isinstance(triwulan, bool):
            raise GalatRumus(f"Triwulan harus 1 sampai 4, bukan {triwulan!r}.")
        return cls(f"TW{triwulan}")


_TRIWULAN_PERIODE = {
    "TW1": (1,),
    "TW2": (2,),
    "TW3": (3,),
    "TW4": (4,),
    "S1": (1, 2),
    "S2": (3, 4),
    "TAHUN": (1, 2, 3, 4),
}
Periode._LABEL = {
    "TW1": "Triwulan I",
    "TW2": "Triwulan II",
    "TW3": "Triwulan III",
    "TW4": "Triwulan IV",
    "S1": "Semester I",
    "S2": "Semester II",
    "TAHUN": "Tahun",
}


class RumusTurun(_PilihanMixin, StrEnum):
    """Capaian formula for a 'turun' (lower is better) indicator."""

    SELISIH = "selisih"  # (2 x target - realisasi) / target x 100, floored at 0 [default]
    RASIO = "rasio"  # target / realisasi x 100


RumusTurun._LABEL = {
    "selisih": "(2 × target − realisasi) ÷ target × 100%",
    "rasio": "target ÷ realisasi × 100%",
}


class RumusEfisiensi(_PilihanMixin, StrEnum):
    """Efficiency of resource use."""

    SELISIH = "selisih"  # capaian % - serapan % (percentage points) [default]
    RASIO = "rasio"  # capaian / serapan x 100


RumusEfisiensi._LABEL = {
    "selisih": "capaian kinerja (%) − serapan anggaran (%)",
    "rasio": "capaian kinerja (%) ÷ serapan anggaran (%) × 100",
}


class AturanKemajuan(_PilihanMixin, StrEnum):
    """Tingkat kemajuan toward the Renstra end target."""

    TERHADAP_TARGET_AKHIR = "terhadap_target_akhir"  # realisasi / target akhir x 100 [default]
    SELISIH_TAHUN = "selisih_tahun"  # realisasi this year - realisasi last year
    TERCAPAI = "tercapai"  # "Tercapai" / "Belum Tercapai"


AturanKemajuan._LABEL = {
    "terhadap_target_akhir": "realisasi ÷ target akhir Renstra × 100%",
    "selisih_tahun": "realisasi tahun ini − realisasi tahun lalu",
    "tercapai": "Tercapai / Belum Tercapai terhadap target akhir Renstra",
}


class Pembulatan(_PilihanMixin, StrEnum):
    """Rounding of printed figures."""

    HALF_UP = "half_up"  # 71,435 -> 71,44 [default]
    TRUNCATE = "truncate"  # 71,439 -> 71,43 (cut toward zero, as several seeds print)


Pembulatan._LABEL = {
    "half_up": "dibulatkan (setengah ke atas)",
    "truncate": "dipotong tanpa pembulatan",
}


def _enum(kelas: type[_E], nilai: Any, nama: str) -> _E:
    """Coerce a member or its string value; GalatRumus for anything else."""
    if isinstance(nilai, kelas):
        return nilai
    if isinstance(nilai, str):
        try:
            return kelas(nilai)
        except ValueError:
            pass
    sah = ", ".join(m.value for m in kelas)
    raise GalatRumus(f"Nilai {nama} tidak dikenal: {nilai!r}. Pilihan: {sah}.")


# --------------------------------------------------------------------------- numbers


def _angka(nilai: Any, nama: str) -> Decimal:
    """Decimal or int -> Decimal; float/bool/str -> TypeError; NaN/Infinity -> GalatRumus."""
    if isinstance(nilai, bool) or not isinstance(nilai, (Decimal, int)):
        if isinstance(nilai, float):
            raise TypeError(f"{nama} bernilai float ({nilai!r}); gunakan decimal.Decimal agar angka tepat.")
        raise TypeError(f"{nama} harus Decimal atau int, bukan {type(nilai).__name__}.")
    hasil = Decimal(nilai)
    if not hasil.is_finite():
        raise GalatRumus(f"{nama} bukan angka yang sah ({hasil}).")
    return hasil


def _angka_opsional(nilai: Any, nama: str) -> Decimal | None:
    return None if nilai is None else _angka(nilai, nama)


def _bukan_negatif(nilai: Decimal, nama: str) -> Decimal:
    if nilai < 0:
        raise GalatRumus(f"{nama} tidak boleh negatif ({_fmt(nilai)}).")
    return nilai


def _bagi(a: Decimal, b: Decimal) -> Decimal:
    return _KONTEKS.divide(a, b)


def _persen(pembilang: Decimal, penyebut: Decimal) -> Decimal:
    """pembilang / penyebut x 100 (multiply first: exact for terminating ratios)."""
    return _KONTEKS.divide(_KONTEKS.multiply(pembilang, _SERATUS), penyebut)


def _jumlah(nilai: Iterable[Decimal]) -> Decimal:
    total = _NOL
    for n in nilai:
        total = _KONTEKS.add(total, n)
    return total


def _fmt(nilai: Decimal) -> str:
    """Short Indonesian rendering for messages and footnotes: 88.31 -> '88,31', 91 -> '91'."""
    teks = format(nilai, "f")
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return teks.replace(".", ",").replace("-", "−")


def bulatkan(
    nilai: Decimal | int | None,
    desimal: int = 2,
    cara: Pembulatan | str = Pembulatan.HALF_UP,
) -> Decimal | None:
    """Round ``nilai`` to ``desimal`` places, half-up or truncated toward zero.

    Returns a Decimal with exactly ``desimal`` places (``Decimal("97.31")``, ``"100.00"``);
    ``None`` stays ``None``; a negative zero is returned as ``0.00``.
    """
    n = _angka_opsional(nilai, "nilai")
    if n is None:
        return None
    if isinstance(desimal, bool) or not isinstance(desimal, int) or not 0 <= desimal <= 10:
        raise GalatRumus(f"Jumlah desimal harus bilangan bulat 0 sampai 10, bukan {desimal!r}.")
    cara = _enum(Pembulatan, cara, "pembulatan")
    mode = ROUND_HALF_UP if cara is Pembulatan.HALF_UP else ROUND_DOWN
    hasil = n.quantize(Decimal(1).scaleb(-desimal), rounding=mode, context=_KONTEKS)
    return hasil.copy_abs() if hasil.is_zero() else hasil
