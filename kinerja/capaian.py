"""The formula library of SAKIP: capaian, categories, aggregation, budget and IKM.

Pure functions on :class:`decimal.Decimal`, standard library only, no Django import: the
same code serves models, views, PDF, Excel and the review checks. Every choice a Pemda can
make is a field of :class:`Metodologi` (defaults in :data:`METODOLOGI_BAKU`), and
:func:`catatan_metodologi` prints it as a footnote in Bahasa Indonesia.

Conventions
-----------
* Numbers are ``Decimal`` (``int`` accepted, it is exact). ``float``, ``bool`` and ``str``
  raise ``TypeError``: parse user text first (``sakip.formatting.parse_angka``).
* Impossible input (negative pagu, unknown label, a 10th IKM element, ...) raises
  :class:`GalatRumus` (a ``ValueError``) with a message in Bahasa Indonesia that can be
  shown to the user as is.
* Missing data is ``None`` and stays ``None`` (a missing realisasi gives no capaian, not 0).
* Result objects keep the unrounded value (``nilai_mentah``) next to the final value
  (``nilai``: capped if a cap applies, then rounded per methodology).
* Downstream arithmetic (sasaran mean, efficiency) works on the *final* values, the ones the
  table prints, so every table can be recomputed by hand from its own cells.
* Enum parameters accept the member or its string value (``Arah.TURUN`` or ``"turun"``),
  because models store the string.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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

__all__ = [
    "EMPAT_PITA",
    "METODOLOGI_BAKU",
    "NILAI_SAKIP",
    "OPINI_BPK",
    "PERMENDAGRI_86_2017",
    "PERMENPANRB_12_2015",
    "PREDIKAT_MUTU_IKM",
    "PREDIKAT_SAKIP",
    "PREDIKAT_TINGGI_SEDANG_RENDAH",
    "PRESET_PREDIKAT",
    "PRESET_SKALA",
    "SKALA_MUTU_IKM",
    "Agregasi",
    "Arah",
    "AturanKemajuan",
    "GalatRumus",
    "HasilAgregasi",
    "HasilCapaian",
    "HasilEfisiensi",
    "HasilIKM",
    "HasilKemajuan",
    "HasilPersen",
    "HasilRataRata",
    "Metodologi",
    "NilaiPeriode",
    "NilaiTerpilih",
    "Pembulatan",
    "Periode",
    "PitaKategori",
    "RekapCapaian",
    "RumusEfisiensi",
    "RumusTurun",
    "SkalaKategori",
    "SkalaPredikat",
    "agregasikan",
    "bulatkan",
    "capaian_instansi",
    "capaian_sasaran",
    "catatan_metodologi",
    "efisiensi",
    "hitung_capaian",
    "hitung_capaian_predikat",
    "hitung_ikm",
    "keterangan_vintage",
    "mutu_ikm",
    "nilai_komposit",
    "pangsa_anggaran",
    "pembulatan",
    "persentase",
    "pilih_nilai_laporan",
    "rekap_capaian",
    "rerata_unsur_ikm",
    "serapan",
    "tingkat_kemajuan",
]

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


def pembulatan(nilai: Decimal | int | None, metodologi: Metodologi | None = None) -> Decimal | None:
    """Round per the methodology (``METODOLOGI_BAKU``: half-up, 2 decimals)."""
    m = metodologi or METODOLOGI_BAKU
    return bulatkan(nilai, m.desimal, m.pembulatan)


# --------------------------------------------------------------------------- category scales


@dataclass(frozen=True)
class PitaKategori:
    """One band of a category scale: values from ``batas_bawah`` up to the band above.

    ``batas_bawah`` None means "no lower bound" (only the lowest band). ``inklusif`` says
    whether the lower bound itself belongs to this band (>=) or to the band below (>).
    ``kode`` is an optional short code (IKM mutu "A", SAKIP "BB").
    """

    batas_bawah: Decimal | None
    inklusif: bool
    label: str
    kode: str | None = None

    def __post_init__(self) -> None:
        if self.batas_bawah is not None:
            _angka(self.batas_bawah, "batas bawah pita")
        if not self.label or not self.label.strip():
            raise GalatRumus("Label pita kategori wajib diisi.")

    def memuat_batas(self, nilai: Decimal) -> bool:
        """True when ``nilai`` is at or above this band's lower bound."""
        if self.batas_bawah is None:
            return True
        return nilai >= self.batas_bawah if self.inklusif else nilai > self.batas_bawah


@dataclass(frozen=True)
class SkalaKategori:
    """An ordered category scale for a capaian (or any percentage).

    ``pita`` runs from the highest band to the lowest; lower bounds strictly decrease and
    the last band has no lower bound, so the bands are half-open and every value has
    exactly one home. Values above 100 fall in the top band.
    """

    kode: str
    nama: str
    pita: tuple[PitaKategori, ...]

    def __post_init__(self) -> None:
        pita = tuple(self.pita)
        object.__setattr__(self, "pita", pita)
        if len(pita) < 2:
            raise GalatRumus("Skala kategori memerlukan paling sedikit dua pita.")
        if pita[-1].batas_bawah is not None:
            raise GalatRumus("Pita terakhir skala kategori tidak boleh memiliki batas bawah.")
        batas = [p.batas_bawah for p in pita[:-1]]
        if any(b is None for b in batas):
            raise GalatRumus("Hanya pita terakhir yang boleh tanpa batas bawah.")
        if any(b1 <= b2 for b1, b2 in zip(batas, batas[1:], strict=False)):  # type: ignore[operator]
            raise GalatRumus("Batas bawah pita harus menurun dari pita tertinggi ke terendah.")
        label = [p.label for p in pita]
        if len(set(label)) != len(label):
            raise GalatRumus("Label pita kategori tidak boleh kembar.")

    @property
    def label(self) -> tuple[str, ...]:
        """Labels from the highest band to the lowest."""
        return tuple(p.label for p in self.pita)

    def cari_pita(self, nilai: Decimal | int | None) -> PitaKategori | None:
        """The band holding ``nilai`` (None for None)."""
        n = _angka_opsional(nilai, "nilai")
        if n is None:
            return None
        for p in self.pita:
            if p.memuat_batas(n):
                return p
        raise AssertionError("unreachable: the last band has no lower bound")

    def kategori(self, nilai: Decimal | int | None) -> str | None:
        """Label of the band holding ``nilai``: 90,5 on PERMENDAGRI_86_2017 -> "Tinggi"."""
        p = self.cari_pita(nilai)
        return None if p is None else p.label

    def uraian_pita(self) -> list[str]:
        """Each band as Indonesian text: ["≥ 91 Sangat Tinggi", "76 – < 91 Tinggi", ...]."""
        hasil = []
        for i, p in enumerate(self.pita):
            atas = self.pita[i - 1] if i else None
            if atas is None:
                rentang = ("≥ " if p.inklusif else "> ") + _fmt(p.batas_bawah)  # type: ignore[arg-type]
            else:
                ub = _fmt(atas.batas_bawah)  # type: ignore[arg-type]
                ub_teks = ("< " if atas.inklusif else "") + ub
                if p.batas_bawah is None:
                    rentang = ("< " if atas.inklusif else "≤ ") + ub
                else:
                    lb = ("" if p.inklusif else "> ") + _fmt(p.batas_bawah)
                    rentang = f"{lb} – {ub_teks}"
            hasil.append(f"{rentang} {p.label}")
        return hasil

    def uraian(self) -> str:
        """The scale in one line, for footnotes and the Bab III scale paragraph."""
        return f"{self.nama}: " + "; ".join(self.uraian_pita())


def _skala(kode: str, nama: str, pita: Sequence[tuple[str | None, bool, str, str | None]]):
    return SkalaKategori(
        kode,
        nama,
        tuple(PitaKategori(None if b is None else Decimal(b), i, lab, k) for b, i, lab, k in pita),
    )


#: Default scale. The regulation prints integer bands (>= 91, 76-90, 66-75, 51-65, <= 50);
#: made half-open by keeping each printed lower bound and closing the gaps upward:
#: [91, ∞) Sangat Tinggi, [76, 91) Tinggi, [66, 76) Sedang, [51, 66) Rendah, < 51 Sangat
#: Rendah. So 90,5 is Tinggi, 75,07 is Sedang (as seed 002's narrative says), 50,5 Sangat
#: Rendah.
PERMENDAGRI_86_2017 = _skala(
    "permendagri_86_2017",
    "Skala Permendagri 86/2017",
    [
        ("91", True, "Sangat Tinggi", None),
        ("76", True, "Tinggi", None),
        ("66", True, "Sedang", None),
        ("51", True, "Rendah", None),
        (None, True, "Sangat Rendah", None),
    ],
)

#: Seed 002 (Tabel 3.2 "Atribut Capaian"): >= 85 (including above 100) Sangat Berhasil,
#: 70 - < 85 Berhasil, 55 - < 70 Cukup Berhasil, < 55 Tidak Berhasil.
EMPAT_PITA = _skala(
    "empat_pita",
    "Skala atribut capaian empat pita",
    [
        ("85", True, "Sangat Berhasil", None),
        ("70", True, "Berhasil", None),
        ("55", True, "Cukup Berhasil", None),
        (None, True, "Tidak Berhasil", None),
    ],
)

#: Six bands cited as PermenPANRB 12/2015 (seed 003): lower bounds exclusive, so 90 is
#: Memuaskan and 50 is Kurang.
PERMENPANRB_12_2015 = _skala(
    "permenpanrb_12_2015",
    "Skala PermenPANRB 12/2015",
    [
        ("90", False, "Sangat Memuaskan", None),
        ("80", False, "Memuaskan", None),
        ("70", False, "Sangat Baik", None),
        ("60", False, "Baik", None),
        ("50", False, "Cukup", None),
        (None, True, "Kurang", None),
    ],
)

#: SAKIP evaluation grade of an office from its score: AA > 90, A > 80, BB > 70, B > 60,
#: CC > 50, C > 30, D <= 30.
NILAI_SAKIP = _skala(
    "nilai_sakip",
    "Predikat nilai SAKIP",
    [
        ("90", False, "AA", "AA"),
        ("80", False, "A", "A"),
        ("70", False, "BB", "BB"),
        ("60", False, "B", "B"),
        ("50", False, "CC", "CC"),
        ("30", False, "C", "C"),
        (None, True, "D", "D"),
    ],
)

#: IKM mutu (PermenPANRB 14/2017) on the converted value: A 88,31-100, B 76,61-88,30,
#: C 65,00-76,60, D 25,00-64,99. Apply it to the value rounded to 2 decimals
#: (see mutu_ikm), so the printed bounds leave no gap.
SKALA_MUTU_IKM = _skala(
    "mutu_ikm",
    "Mutu pelayanan IKM (PermenPANRB 14/2017)",
    [
        ("88.31", True, "Sangat Baik", "A"),
        ("76.61", True, "Baik", "B"),
        ("65.00", True, "Kurang Baik", "C"),
        (None, True, "Tidak Baik", "D"),
    ],
)

#: Capaian scales by code (what a Pemda setting stores).
PRESET_SKALA: dict[str, SkalaKategori] = {
    s.kode: s for s in (PERMENDAGRI_86_2017, EMPAT_PITA, PERMENPANRB_12_2015, NILAI_SAKIP)
}


# --------------------------------------------------------------------------- predicate scales


@dataclass(frozen=True)
class SkalaPredikat:
    """An ordinal scale of predicate labels, ``label`` ordered from best to worst.

    Positions count from the worst: on AA/A/BB/B/CC/C/D, D is 1 and AA is 7.
    Labels match case-insensitively, ignoring surrounding spaces.
    """

    kode: str
    nama: str
    label: tuple[str, ...]

    def __post_init__(self) -> None:
        label = tuple(self.label)
        object.__setattr__(self, "label", label)
        if len(label) < 2:
            raise GalatRumus("Skala predikat memerlukan paling sedikit dua label.")
        kunci = [lab.strip().casefold() for lab in label]
        if any(not k for k in kunci) or len(set(kunci)) != len(kunci):
            raise GalatRumus("Label skala predikat wajib diisi dan tidak boleh kembar.")

    def normalisasi(self, label: str) -> str:
        """The canonical spelling of ``label``; GalatRumus if it is not on the scale."""
        if not isinstance(label, str):
            raise TypeError(f"Predikat harus teks, bukan {type(label).__name__}.")
        kunci = label.strip().casefold()
        for lab in self.label:
            if lab.casefold() == kunci:
                return lab
        raise GalatRumus(f"Predikat {label!r} tidak ada pada skala {self.nama} ({', '.join(self.label)}).")

    def posisi(self, label: str) -> int:
        """Ordinal position, 1 = worst, len(label) = best."""
        return len(self.label) - self.label.index(self.normalisasi(label))

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and label.strip().casefold() in {lab.casefold() for lab in self.label}


PREDIKAT_SAKIP = SkalaPredikat("sakip", "Predikat SAKIP", ("AA", "A", "BB", "B", "CC", "C", "D"))
PREDIKAT_TINGGI_SEDANG_RENDAH = SkalaPredikat(
    "tinggi_sedang_rendah", "Tinggi/Sedang/Rendah", ("Tinggi", "Sedang", "Rendah")
)
#: BPK audit opinion. Order chosen: WTP > WDP > TMP (disclaimer) > TW (adverse).
OPINI_BPK = SkalaPredikat("opini_bpk", "Opini BPK", ("WTP", "WDP", "TMP", "TW"))
PREDIKAT_MUTU_IKM = SkalaPredikat("mutu_ikm", "Mutu pelayanan IKM", ("A", "B", "C", "D"))

PRESET_PREDIKAT: dict[str, SkalaPredikat] = {
    s.kode: s for s in (PREDIKAT_SAKIP, PREDIKAT_TINGGI_SEDANG_RENDAH, OPINI_BPK, PREDIKAT_MUTU_IKM)
}


# --------------------------------------------------------------------------- methodology


@dataclass(frozen=True)
class Metodologi:
    """The measurement choices of one Pemda (or one indicator, via :meth:`ganti`).

    * ``skala``: category scale of capaian (a :class:`SkalaKategori`, a preset code, or
      None when the Pemda uses no scale, as seed 004).
    * ``rumus_turun``: capaian formula for 'turun' indicators.
    * ``batas_atas``: cap of the final capaian (e.g. 120); None = no cap. The uncapped value
      is always kept in ``HasilCapaian.nilai_mentah``.
    * ``pembulatan`` / ``desimal``: rounding of every printed percentage.
    * ``rumus_efisiensi``, ``aturan_kemajuan``: see the enums.
    * ``pakai_bobot``: sasaran/office means are weighted when weights are given.
    """

    skala: SkalaKategori | None = PERMENDAGRI_86_2017
    rumus_turun: RumusTurun = RumusTurun.SELISIH
    batas_atas: Decimal | None = None
    pembulatan: Pembulatan = Pembulatan.HALF_UP
    desimal: int = 2
    rumus_efisiensi: RumusEfisiensi = RumusEfisiensi.SELISIH
    aturan_kemajuan: AturanKemajuan = AturanKemajuan.TERHADAP_TARGET_AKHIR
    pakai_bobot: bool = False

    def __post_init__(self) -> None:
        setel = object.__setattr__
        if isinstance(self.skala, str):
            if self.skala not in PRESET_SKALA:
                raise GalatRumus(f"Skala {self.skala!r} tidak dikenal. Pilihan: {', '.join(PRESET_SKALA)}.")
            setel(self, "skala", PRESET_SKALA[self.skala])
        elif self.skala is not None and not isinstance(self.skala, SkalaKategori):
            raise TypeError("skala harus SkalaKategori, kode preset, atau None.")
        setel(self, "rumus_turun", _enum(RumusTurun, self.rumus_turun, "rumus turun"))
        setel(self, "pembulatan", _enum(Pembulatan, self.pembulatan, "pembulatan"))
        setel(self, "rumus_efisiensi", _enum(RumusEfisiensi, self.rumus_efisiensi, "rumus efisiensi"))
        setel(self, "aturan_kemajuan", _enum(AturanKemajuan, self.aturan_kemajuan, "aturan kemajuan"))
        if self.batas_atas is not None:
            batas = _angka(self.batas_atas, "batas atas capaian")
            if batas < _SERATUS:
                raise GalatRumus("Batas atas capaian tidak boleh kurang dari 100%.")
            setel(self, "batas_atas", batas)
        if isinstance(self.desimal, bool) or not isinstance(self.desimal, int):
            raise GalatRumus("Jumlah desimal harus bilangan bulat.")
        if not 0 <= self.desimal <= 6:
            raise GalatRumus("Jumlah desimal harus 0 sampai 6.")
        if not isinstance(self.pakai_bobot, bool):
            raise GalatRumus("pakai_bobot harus True atau False.")

    def ganti(self, **perubahan: Any) -> Metodologi:
        """A copy with some fields changed, e.g. a per-indicator cap: ``m.ganti(batas_atas=D(120))``."""
        return dataclasses.replace(self, **perubahan)

    def sebagai_dict(self) -> dict[str, Any]:
        """Plain values (str/int/bool/None) for JSON storage; inverse of :meth:`dari_dict`.

        A custom (non-preset) scale is stored with its bands.
        """
        hasil: dict[str, Any] = {
            "skala": None if self.skala is None else self.skala.kode,
            "rumus_turun": self.rumus_turun.value,
            "batas_atas": None if self.batas_atas is None else str(self.batas_atas),
            "pembulatan": self.pembulatan.value,
            "desimal": self.desimal,
            "rumus_efisiensi": self.rumus_efisiensi.value,
            "aturan_kemajuan": self.aturan_kemajuan.value,
            "pakai_bobot": self.pakai_bobot,
        }
        if self.skala is not None and PRESET_SKALA.get(self.skala.kode) != self.skala:
            hasil["skala_kustom"] = {
                "kode": self.skala.kode,
                "nama": self.skala.nama,
                "pita": [
                    [
                        None if p.batas_bawah is None else str(p.batas_bawah),
                        p.inklusif,
                        p.label,
                        p.kode,
                    ]
                    for p in self.skala.pita
                ],
            }
        return hasil

    @classmethod
    def dari_dict(cls, data: Mapping[str, Any]) -> Metodologi:
        """Build from :meth:`sebagai_dict` output (missing keys take the defaults)."""
        data = dict(data)
        kustom = data.pop("skala_kustom", None)
        if kustom is not None:
            data["skala"] = SkalaKategori(
                kustom["kode"],
                kustom["nama"],
                tuple(PitaKategori(None if b is None else Decimal(b), i, lab, k) for b, i, lab, k in kustom["pita"]),
            )
        if data.get("batas_atas") is not None:
            data["batas_atas"] = Decimal(str(data["batas_atas"]))
        tak_dikenal = set(data) - {f.name for f in dataclasses.fields(cls)}
        if tak_dikenal:
            raise GalatRumus(f"Isian metodologi tidak dikenal: {', '.join(sorted(tak_dikenal))}.")
        return cls(**data)


#: The defaults of domain.md: Permendagri 86/2017 scale, turun = selisih, no cap, half-up
#: to 2 decimals, efficiency = difference, kemajuan = realisasi / target akhir, unweighted.
METODOLOGI_BAKU = Metodologi()


def catatan_metodologi(
    metodologi: Metodologi | None = None,
    *,
    arah: Iterable[Arah | str] | None = None,
    kategori: bool = True,
    efisiensi: bool = False,
    kemajuan: bool = False,
) -> str:
    """Footnote (Bahasa Indonesia) describing the methodology, to print under a table.

    ``arah``: the directions present in the table (default naik and turun); ``kategori``,
    ``efisiensi``, ``kemajuan`` add the scale, efficiency and progress sentences.
    """
    m = metodologi or METODOLOGI_BAKU
    daftar_arah = [Arah.NAIK, Arah.TURUN] if arah is None else [_enum(Arah, a, "arah") for a in arah]
    bagian = []
    rumus = []
    if Arah.NAIK in daftar_arah:
        rumus.append("indikator naik = realisasi ÷ target × 100%")
    if Arah.TURUN in daftar_arah:
        teks = f"indikator turun = {m.rumus_turun.label}"
        if m.rumus_turun is RumusTurun.SELISIH:
            teks += " (paling rendah 0%)"
        rumus.append(teks)
    if Arah.RENTANG in daftar_arah:
        rumus.append(
            "indikator rentang = 100% bila realisasi di dalam rentang target, "
            "di luar rentang dihitung terhadap batas terdekat"
        )
    if rumus:
        bagian.append("Capaian " + "; ".join(rumus) + ".")
    if m.batas_atas is None:
        bagian.append("Capaian tidak dibatasi.")
    else:
        bagian.append(f"Capaian dibatasi paling tinggi {_fmt(m.batas_atas)}%.")
    bagian.append(f"Angka {m.pembulatan.label} pada {m.desimal} desimal.")
    if kategori and m.skala is not None:
        bagian.append(f"Kategori menurut {m.skala.uraian()}.")
    if efisiensi:
        if m.rumus_efisiensi is RumusEfisiensi.SELISIH:
            bagian.append("Tingkat efisiensi = capaian kinerja (%) − serapan anggaran (%); nilai ≥ 0 berarti efisien.")
        else:
            bagian.append(
                "Tingkat efisiensi = capaian kinerja (%) ÷ serapan anggaran (%) × 100; nilai ≥ 100 berarti efisien."
            )
    if kemajuan:
        bagian.append(f"Tingkat kemajuan = {m.aturan_kemajuan.label}.")
    return " ".join(bagian)


# --------------------------------------------------------------------------- capaian


@dataclass(frozen=True)
class HasilCapaian:
    """Capaian of one indicator.

    * ``nilai``: final value (capped if a cap applies, rounded per methodology); None when
      there is no capaian (realisasi or target missing, or predicate in tercapai-only mode).
    * ``nilai_mentah``: the formula's value before cap and rounding.
    * ``tercapai``: realisasi meets the target (per direction); None when unknown.
    * ``dibatasi``: the cap changed the value.
    * ``kategori``: label of ``nilai`` on the methodology's scale (None without scale).
    * ``keterangan``: short note (Bahasa Indonesia) for special cases, else None.
    * ``rumus``: the formula used, in words.
    """

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    tercapai: bool | None
    dibatasi: bool = False
    kategori: str | None = None
    keterangan: str | None = None
    rumus: str | None = None

    @property
    def ada(self) -> bool:
        """True when there is a numeric capaian."""
        return self.nilai is not None


def _final(
    mentah: Decimal,
    tercapai: bool,
    m: Metodologi,
    keterangan: str | None,
    rumus: str,
) -> HasilCapaian:
    nilai = mentah
    dibatasi = False
    if m.batas_atas is not None and mentah > m.batas_atas:
        nilai = m.batas_atas
        dibatasi = True
    nilai = pembulatan(nilai, m)  # type: ignore[assignment]
    kategori = None if m.skala is None else m.skala.kategori(nilai)
    return HasilCapaian(nilai, mentah, tercapai, dibatasi, kategori, keterangan, rumus)


_RUMUS_NAIK = "realisasi ÷ target × 100%"


def _capaian_naik(t: Decimal, r: Decimal, m: Metodologi) -> HasilCapaian:
    if t == 0:
        if r == 0:
            ket = "Target 0 dan realisasi 0: capaian ditetapkan 100%."
        else:
            ket = "Target 0 terlampaui: capaian tidak dapat dihitung sebagai rasio, ditetapkan 100%."
        return _final(_SERATUS, True, m, ket, _RUMUS_NAIK)
    return _final(_persen(r, t), r >= t, m, None, _RUMUS_NAIK)


def _capaian_turun(t: Decimal, r: Decimal, m: Metodologi) -> HasilCapaian:
    rumus = m.rumus_turun.label
    tercapai = r <= t
    if t == 0:
        if r == 0:
            return _final(_SERATUS, True, m, "Target 0 dan realisasi 0: capaian ditetapkan 100%.", rumus)
        return _final(_NOL, False, m, "Target 0 tidak tercapai: capaian ditetapkan 0%.", rumus)
    if m.rumus_turun is RumusTurun.RASIO:
        if r == 0:
            ket = "Realisasi 0 pada indikator turun: rumus rasio tidak terdefinisi, capaian ditetapkan 100%."
            return _final(_SERATUS, True, m, ket, rumus)
        return _final(_persen(t, r), tercapai, m, None, rumus)
    mentah = _persen(_KONTEKS.subtract(_KONTEKS.multiply(2, t), r), t)
    if mentah < 0:
        ket = f"Hasil rumus negatif ({_fmt(bulatkan(mentah, m.desimal))}%): capaian ditetapkan 0%."
        return _final(_NOL, False, m, ket, rumus)
    return _final(mentah, tercapai, m, None, rumus)


def hitung_capaian(
    target: Decimal | int | None,
    realisasi: Decimal | int | None,
    arah: Arah | str = Arah.NAIK,
    metodologi: Metodologi | None = None,
    *,
    target_atas: Decimal | int | None = None,
) -> HasilCapaian:
    """Capaian (achievement, %) of a numeric indicator.

    * naik: ``realisasi / target x 100``. Target 0: realisasi 0 -> 100 and realisasi > 0 ->
      100 (target met; a ratio cannot be computed), both with a keterangan.
    * turun, ``RumusTurun.SELISIH`` (default): ``(2 x target - realisasi) / target x 100``,
      floored at 0 (so realisasi 0 with target > 0 gives 200; realisasi >= 2 x target gives
      0). ``RumusTurun.RASIO``: ``target / realisasi x 100``; realisasi 0 (undefined) -> 100.
      Target 0 under both: realisasi 0 -> 100, realisasi > 0 -> 0.
    * rentang: ``target`` is the lower and ``target_atas`` the upper bound; inside -> 100;
      below -> the naik formula against the lower bound; above -> the turun formula against
      the upper bound.
    * Missing realisasi or target (None) -> no capaian (``nilai`` None), never 0.
    * Negative target or realisasi -> GalatRumus (ratio formulas need quantities >= 0).

    ``tercapai`` compares realisasi with target directly (naik: r >= t; turun: r <= t;
    rentang: inside). The cap (``metodologi.batas_atas``) applies to the final value only.
    """
    m = metodologi or METODOLOGI_BAKU
    arah = _enum(Arah, arah, "arah")
    t = _angka_opsional(target, "target")
    r = _angka_opsional(realisasi, "realisasi")
    ta = _angka_opsional(target_atas, "target atas")
    if arah is Arah.RENTANG:
        if t is None and ta is None:
            return HasilCapaian(None, None, None, keterangan="Target belum ditetapkan.")
        if t is None or ta is None:
            kurang = "batas atas" if ta is None else "batas bawah"
            raise GalatRumus(f"Target rentang belum lengkap ({kurang} belum diisi): capaian tidak dihitung.")
    elif ta is not None:
        raise GalatRumus("Batas atas target hanya dipakai untuk indikator rentang.")
    for nilai, nama in ((t, "Target"), (r, "Realisasi"), (ta, "Batas atas target")):
        if nilai is not None:
            _bukan_negatif(nilai, nama)
    if t is None:
        return HasilCapaian(None, None, None, keterangan="Target belum ditetapkan.")
    if r is None:
        return HasilCapaian(None, None, None, keterangan="Realisasi belum tersedia.")
    if arah is Arah.NAIK:
        return _capaian_naik(t, r, m)
    if arah is Arah.TURUN:
        return _capaian_turun(t, r, m)
    if ta < t:  # type: ignore[operator]
        raise GalatRumus("Batas atas target tidak boleh lebih kecil dari batas bawahnya.")
    if r < t:
        h = _capaian_naik(t, r, m)
        ket = "Realisasi di bawah rentang target."
    elif r > ta:  # type: ignore[operator]
        h = _capaian_turun(ta, r, m)  # type: ignore[arg-type]
        ket = "Realisasi di atas rentang target."
        if h.keterangan:
            ket = f"{ket} {h.keterangan}"
    else:
        return _final(_SERATUS, True, m, None, "100% bila realisasi di dalam rentang target")
    return dataclasses.replace(h, keterangan=ket, rumus="di luar rentang: " + (h.rumus or ""))


def hitung_capaian_predikat(
    target: str | None,
    realisasi: str | None,
    skala: SkalaPredikat,
    metodologi: Metodologi | None = None,
    *,
    numerik: bool = True,
) -> HasilCapaian:
    """Capaian of a predicate indicator (letters, Tinggi/Sedang/Rendah, audit opinion).

    Rule: positions count from the worst label (= 1) up to the best (= n);
    ``capaian = posisi(realisasi) / posisi(target) x 100``, then cap and rounding per
    methodology. Target A, realisasi BB on AA..D: 5 / 6 x 100 = 83,33. ``tercapai`` when
    realisasi is at least as good as target. ``numerik=False`` is the "tercapai / tidak
    tercapai" mode: no number, keterangan "Tercapai" or "Tidak tercapai".
    """
    m = metodologi or METODOLOGI_BAKU
    if not isinstance(skala, SkalaPredikat):
        raise TypeError("skala harus SkalaPredikat.")
    if target is None:
        return HasilCapaian(None, None, None, keterangan="Target belum ditetapkan.")
    pt = skala.posisi(target)
    if realisasi is None:
        return HasilCapaian(None, None, None, keterangan="Realisasi belum tersedia.")
    pr = skala.posisi(realisasi)
    tercapai = pr >= pt
    rumus = f"posisi predikat realisasi ÷ posisi predikat target × 100% ({skala.nama})"
    if not numerik:
        return HasilCapaian(
            None,
            None,
            tercapai,
            keterangan="Tercapai" if tercapai else "Tidak tercapai",
            rumus="tercapai / tidak tercapai",
        )
    return _final(_persen(Decimal(pr), Decimal(pt)), tercapai, m, None, rumus)


# --------------------------------------------------------------------------- plain percentages


@dataclass(frozen=True)
class HasilPersen:
    """A percentage: final (rounded) and unrounded value, and a note for special cases."""

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    keterangan: str | None = None


def persentase(
    pembilang: Decimal | int | None,
    penyebut: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilPersen:
    """``pembilang / penyebut x 100`` of two counts (e.g. 220.323 of 220.929 -> 99,73).

    None in -> None out. Negative counts -> GalatRumus. Denominator 0: numerator 0 -> no
    value (keterangan), numerator > 0 -> GalatRumus. Above 100 is returned as is, with a
    keterangan (coverage above 100% is a data warning, not an error).
    """
    m = metodologi or METODOLOGI_BAKU
    a = _angka_opsional(pembilang, "pembilang")
    b = _angka_opsional(penyebut, "penyebut")
    if a is None or b is None:
        return HasilPersen(None, None, "Data belum lengkap.")
    _bukan_negatif(a, "Pembilang")
    _bukan_negatif(b, "Penyebut")
    if b == 0:
        if a == 0:
            return HasilPersen(None, None, "Penyebut 0: persentase tidak dapat dihitung.")
        raise GalatRumus(f"Penyebut 0 dengan pembilang {_fmt(a)}: persentase tidak mungkin.")
    mentah = _persen(a, b)
    ket = "Pembilang melebihi penyebut (lebih dari 100%)." if a > b else None
    return HasilPersen(pembulatan(mentah, m), mentah, ket)


def serapan(
    realisasi: Decimal | int | None,
    pagu: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilPersen:
    """Serapan anggaran = realisasi / pagu x 100.

    Negative amounts -> GalatRumus. Pagu 0 with realisasi 0 (an unfunded or refocused
    row) -> no value; pagu 0 with realisasi > 0 -> GalatRumus. Realisasi above pagu is
    returned (e.g. 109,47) with keterangan "Realisasi melebihi pagu." for the reviewer.
    """
    m = metodologi or METODOLOGI_BAKU
    r = _angka_opsional(realisasi, "realisasi anggaran")
    p = _angka_opsional(pagu, "pagu")
    if p is not None:
        _bukan_negatif(p, "Pagu")
    if r is not None:
        _bukan_negatif(r, "Realisasi anggaran")
    if p is None:
        return HasilPersen(None, None, "Pagu belum diisi.")
    if r is None:
        return HasilPersen(None, None, "Realisasi anggaran belum tersedia.")
    if p == 0:
        if r == 0:
            return HasilPersen(None, None, "Pagu 0: serapan tidak dihitung.")
        raise GalatRumus(f"Realisasi anggaran {_fmt(r)} tanpa pagu (pagu 0) tidak mungkin.")
    mentah = _persen(r, p)
    ket = "Realisasi melebihi pagu." if r > p else None
    return HasilPersen(pembulatan(mentah, m), mentah, ket)


def pangsa_anggaran(
    pagu_sasaran: Decimal | int | None,
    pagu_total: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilPersen:
    """Budget share of a sasaran (or indicator): its linked pagu / total pagu x 100.

    The caller chooses the total (the whole DPA, or only the programs linked to a sasaran
    as seed 004 does) and says which in the table footnote. A share above 100 or a
    negative pagu -> GalatRumus. Shares of several sasaran adding up past 100 mean a
    program is linked to several sasaran: that check belongs to the caller.
    """
    m = metodologi or METODOLOGI_BAKU
    a = _angka_opsional(pagu_sasaran, "pagu sasaran")
    b = _angka_opsional(pagu_total, "pagu total")
    if a is None or b is None:
        return HasilPersen(None, None, "Pagu belum diisi.")
    _bukan_negatif(a, "Pagu sasaran")
    _bukan_negatif(b, "Pagu total")
    if a > b:
        raise GalatRumus(f"Pagu sasaran ({_fmt(a)}) melebihi pagu total ({_fmt(b)}): periksa pagu total.")
    if b == 0:
        return HasilPersen(None, None, "Pagu total 0: pangsa tidak dihitung.")
    mentah = _persen(a, b)
    return HasilPersen(pembulatan(mentah, m), mentah)


# --------------------------------------------------------------------------- efficiency, progress


@dataclass(frozen=True)
class HasilEfisiensi:
    """Efficiency: value (rounded / unrounded), ``efisien`` flag and its label."""

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    efisien: bool | None
    label: str | None
    keterangan: str | None = None
    rumus: str | None = None


def efisiensi(
    capaian: Decimal | int | None,
    serapan: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilEfisiensi:
    """Efficiency of resource use from capaian kinerja (%) and serapan anggaran (%).

    ``RumusEfisiensi.SELISIH`` (default): ``capaian - serapan`` in percentage points,
    efisien when the rounded value is >= 0 (seed 004: 99,30 - 99,37 = -0,07, tidak efisien).
    ``RumusEfisiensi.RASIO``: ``capaian / serapan x 100``, efisien when >= 100; serapan 0
    gives no number (efisien when capaian > 0, undecided when both are 0).
    The flag is read from the rounded value, so label and printed number agree. Pass the
    printed (rounded) capaian and serapan so the table can be recomputed by hand.
    """
    m = metodologi or METODOLOGI_BAKU
    c = _angka_opsional(capaian, "capaian kinerja")
    s = _angka_opsional(serapan, "serapan anggaran")
    rumus = m.rumus_efisiensi.label
    if c is None or s is None:
        return HasilEfisiensi(None, None, None, None, "Data belum lengkap.", rumus)
    _bukan_negatif(c, "Capaian kinerja")
    _bukan_negatif(s, "Serapan anggaran")
    if m.rumus_efisiensi is RumusEfisiensi.SELISIH:
        mentah = _KONTEKS.subtract(c, s)
        nilai = pembulatan(mentah, m)
        efisien = nilai >= 0  # type: ignore[operator]
    else:
        if s == 0:
            efisien = True if c > 0 else None
            return HasilEfisiensi(
                None,
                None,
                efisien,
                "Efisien" if efisien else None,
                "Serapan anggaran 0: rasio efisiensi tidak terdefinisi.",
                rumus,
            )
        mentah = _persen(c, s)
        nilai = pembulatan(mentah, m)
        efisien = nilai >= _SERATUS  # type: ignore[operator]
    return HasilEfisiensi(nilai, mentah, efisien, "Efisien" if efisien else "Tidak Efisien", None, rumus)


@dataclass(frozen=True)
class HasilKemajuan:
    """Tingkat kemajuan toward the Renstra end target.

    ``nilai``/``nilai_mentah``: the number (None for the TERCAPAI rule); ``tercapai``:
    realisasi meets target akhir (None for SELISIH_TAHUN); ``label``: "Tercapai" /
    "Belum Tercapai", or for SELISIH_TAHUN "Meningkat" / "Menurun" / "Tetap";
    ``membaik``: SELISIH_TAHUN only, the change is an improvement given the direction.
    """

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    tercapai: bool | None
    label: str | None
    membaik: bool | None = None
    keterangan: str | None = None
    rumus: str | None = None


def tingkat_kemajuan(
    realisasi: Decimal | int | None,
    *,
    target_akhir: Decimal | int | None = None,
    realisasi_tahun_lalu: Decimal | int | None = None,
    arah: Arah | str = Arah.NAIK,
    metodologi: Metodologi | None = None,
    target_akhir_atas: Decimal | int | None = None,
) -> HasilKemajuan:
    """Progress per ``metodologi.aturan_kemajuan``.

    * TERHADAP_TARGET_AKHIR (default): the capaian of ``realisasi`` against
      ``target_akhir`` (``hitung_capaian`` with the same direction, cap and rounding), i.e.
      ``realisasi / target akhir x 100`` for naik (seed 001: 101,33 / 96 -> 105,55).
    * SELISIH_TAHUN: ``realisasi - realisasi_tahun_lalu`` (seed 004: 99,30 - 97,51 = 1,79),
      label Meningkat/Menurun/Tetap, ``membaik`` per direction (rentang: None).
    * TERCAPAI: "Tercapai" when realisasi meets ``target_akhir`` per direction, else
      "Belum Tercapai" (seed 002).
    Missing inputs give an empty result with a keterangan.
    """
    m = metodologi or METODOLOGI_BAKU
    arah = _enum(Arah, arah, "arah")
    aturan = m.aturan_kemajuan
    r = _angka_opsional(realisasi, "realisasi")
    if aturan is AturanKemajuan.SELISIH_TAHUN:
        lalu = _angka_opsional(realisasi_tahun_lalu, "realisasi tahun lalu")
        if r is None or lalu is None:
            return HasilKemajuan(None, None, None, None, keterangan="Data belum lengkap.", rumus=aturan.label)
        mentah = _KONTEKS.subtract(r, lalu)
        nilai = pembulatan(mentah, m)
        label = "Meningkat" if nilai > 0 else "Menurun" if nilai < 0 else "Tetap"  # type: ignore[operator]
        membaik = None
        if arah is Arah.NAIK:
            membaik = nilai >= 0  # type: ignore[operator]
        elif arah is Arah.TURUN:
            membaik = nilai <= 0  # type: ignore[operator]
        return HasilKemajuan(nilai, mentah, None, label, membaik, None, aturan.label)
    h = hitung_capaian(
        target_akhir,
        r,
        arah,
        m,
        target_atas=target_akhir_atas if arah is Arah.RENTANG else None,
    )
    if h.tercapai is None:
        return HasilKemajuan(None, None, None, None, keterangan=h.keterangan, rumus=aturan.label)
    label = "Tercapai" if h.tercapai else "Belum Tercapai"
    if aturan is AturanKemajuan.TERCAPAI:
        return HasilKemajuan(None, None, h.tercapai, label, None, None, aturan.label)
    return HasilKemajuan(h.nilai, h.nilai_mentah, h.tercapai, label, None, h.keterangan, aturan.label)


# --------------------------------------------------------------------------- means and counts


@dataclass(frozen=True)
class HasilRataRata:
    """A mean over indicators: value (rounded / unrounded) and how many were counted."""

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    jumlah: int  # items given
    jumlah_dihitung: int  # items with a value
    kategori: str | None = None
    keterangan: str | None = None

    @property
    def jumlah_kosong(self) -> int:
        """Items skipped because they had no value."""
        return self.jumlah - self.jumlah_dihitung


def _nilai_capaian(x: Any, nama: str) -> Decimal | None:
    if isinstance(x, (HasilCapaian, HasilPersen, HasilRataRata)):
        return x.nilai
    return _angka_opsional(x, nama)


def _rata_rata(
    nilai: Sequence[Any],
    bobot: Sequence[Any] | None,
    pakai_bobot: bool,
    m: Metodologi,
    dengan_kategori: bool,
) -> HasilRataRata:
    daftar = [_nilai_capaian(x, "capaian") for x in nilai]
    w: list[Decimal] | None = None
    if pakai_bobot and bobot is not None:
        w = [_angka(b, "bobot") for b in bobot]
        if len(w) != len(daftar):
            raise GalatRumus("Jumlah bobot harus sama dengan jumlah indikator.")
        if any(b < 0 for b in w):
            raise GalatRumus("Bobot tidak boleh negatif.")
    pasangan = [(v, w[i] if w is not None else Decimal(1)) for i, v in enumerate(daftar) if v is not None]
    n, k = len(daftar), len(pasangan)
    ket = None
    if k < n:
        ket = f"Rata-rata dari {k} dari {n} indikator; {n - k} indikator belum ada capaian."
    if not pasangan:
        return HasilRataRata(None, None, n, 0, None, ket or "Tidak ada indikator.")
    total_bobot = _jumlah(b for _, b in pasangan)
    if total_bobot == 0:
        raise GalatRumus("Jumlah bobot indikator yang dihitung tidak boleh 0.")
    mentah = _bagi(_jumlah(_KONTEKS.multiply(v, b) for v, b in pasangan), total_bobot)
    nilai_akhir = pembulatan(mentah, m)
    kategori = None
    if dengan_kategori and m.skala is not None:
        kategori = m.skala.kategori(nilai_akhir)
    return HasilRataRata(nilai_akhir, mentah, n, k, kategori, ket)


def capaian_sasaran(
    capaian: Sequence[HasilCapaian | Decimal | int | None],
    bobot: Sequence[Decimal | int] | None = None,
    metodologi: Metodologi | None = None,
) -> HasilRataRata:
    """Capaian of a sasaran: mean of its indicators' final capaian (as printed).

    Items without a value are skipped and counted (``jumlah_kosong``, keterangan). Weights
    are used only when ``metodologi.pakai_bobot`` is True and ``bobot`` is given (same
    length, >= 0); otherwise the mean is unweighted. The result is rounded per methodology
    and categorised on its scale. Seed 000 sasaran 1: mean(97,31; 71,73; 93,33) = 87,46.
    """
    m = metodologi or METODOLOGI_BAKU
    return _rata_rata(list(capaian), bobot, m.pakai_bobot, m, True)


def capaian_instansi(
    capaian: Sequence[HasilCapaian | Decimal | int | None],
    bobot: Sequence[Decimal | int] | None = None,
    metodologi: Metodologi | None = None,
) -> HasilRataRata:
    """Capaian of the office: the mean over all its PK indicators (same rules as sasaran)."""
    return capaian_sasaran(capaian, bobot, metodologi)


def nilai_komposit(
    komponen: Sequence[Decimal | int | None],
    bobot: Sequence[Decimal | int] | None = None,
    metodologi: Metodologi | None = None,
) -> HasilRataRata:
    """Value of a composite indicator: the (optionally weighted) mean of its components.

    Use the unrounded component ratios when available; ``bobot`` is used whenever given.
    Seed 000: mean(99,73; 99,73; 99,03; 58,62; 100; 100) = 92,85. No category.
    """
    m = metodologi or METODOLOGI_BAKU
    return _rata_rata(list(komponen), bobot, bobot is not None, m, False)


@dataclass(frozen=True)
class RekapCapaian:
    """Counts for Bab IV: per category (scale order), at/above 100 %, below, missing."""

    per_kategori: dict[str, int]
    mencapai_100: int
    di_bawah_100: int
    tanpa_capaian: int


def rekap_capaian(
    capaian: Iterable[HasilCapaian | Decimal | int | None],
    skala: SkalaKategori | None = None,
) -> RekapCapaian:
    """Count indicators per category of ``skala`` (default Permendagri 86/2017; every label
    present, zero included), at or above 100 and below 100, and without capaian."""
    sk = skala or PERMENDAGRI_86_2017
    per = {lab: 0 for lab in sk.label}
    atas = bawah = kosong = 0
    for x in capaian:
        v = _nilai_capaian(x, "capaian")
        if v is None:
            kosong += 1
            continue
        per[sk.kategori(v)] += 1  # type: ignore[index]
        if v >= _SERATUS:
            atas += 1
        else:
            bawah += 1
    return RekapCapaian(per, atas, bawah, kosong)


# --------------------------------------------------------------------------- periods and vintage


@dataclass(frozen=True)
class HasilAgregasi:
    """Aggregated value and which quarters it used / lacked."""

    nilai: Decimal | None
    triwulan_terpakai: tuple[int, ...]
    triwulan_kosong: tuple[int, ...]

    @property
    def lengkap(self) -> bool:
        """True when every quarter in range had a value."""
        return not self.triwulan_kosong


def agregasikan(
    nilai_triwulan: Mapping[int | Periode | str, Decimal | int | None],
    agregasi: Agregasi | str,
    sampai: Periode | str = Periode.TAHUN,
    *,
    dari_awal_tahun: bool = True,
) -> HasilAgregasi:
    """Aggregate one year's quarter values up to a period.

    ``nilai_triwulan`` maps quarter (1..4, or TW1..TW4) to its value or None. By default the
    range runs from January to the end of ``sampai`` (TW3 -> quarters 1-3, year to date);
    ``dari_awal_tahun=False`` uses only the quarters of ``sampai`` itself (S2 -> 3, 4).
    KUMULATIF sums, TERAKHIR takes the latest quarter with a value, RATA_RATA averages.
    Missing quarters are skipped and listed in ``triwulan_kosong``; no value at all -> None.
    Values entered as year-to-date cumulative figures (seed 000's service report) are
    stocks: aggregate them with TERAKHIR, not KUMULATIF. The result is not rounded.
    """
    agregasi = _enum(Agregasi, agregasi, "agregasi")
    sampai = _enum(Periode, sampai, "periode")
    data: dict[int, Decimal | None] = {}
    for kunci, v in nilai_triwulan.items():
        if isinstance(kunci, bool):
            raise GalatRumus(f"Kunci triwulan tidak sah: {kunci!r}.")
        if isinstance(kunci, int):
            tw = kunci
        else:
            p = _enum(Periode, kunci, "periode")
            if len(p.triwulan) != 1:
                raise GalatRumus(f"Kunci harus triwulan (TW1..TW4), bukan {p.value}.")
            tw = p.triwulan[0]
        if tw not in (1, 2, 3, 4):
            raise GalatRumus(f"Triwulan harus 1 sampai 4, bukan {tw}.")
        if tw in data:
            raise GalatRumus(f"Triwulan {tw} diisi lebih dari sekali.")
        data[tw] = _angka_opsional(v, f"nilai triwulan {tw}")
    rentang = sampai.triwulan_kumulatif if dari_awal_tahun else sampai.triwulan
    ada = [(tw, data[tw]) for tw in rentang if data.get(tw) is not None]
    kosong = tuple(tw for tw in rentang if data.get(tw) is None)
    terpakai = tuple(tw for tw, _ in ada)
    if not ada:
        return HasilAgregasi(None, (), kosong)
    nilai = [v for _, v in ada]
    if agregasi is Agregasi.KUMULATIF:
        hasil = _jumlah(nilai)  # type: ignore[arg-type]
    elif agregasi is Agregasi.TERAKHIR:
        hasil = nilai[-1]
        terpakai = (terpakai[-1],)
    else:
        hasil = _bagi(_jumlah(nilai), Decimal(len(nilai)))  # type: ignore[arg-type]
    return HasilAgregasi(hasil, terpakai, kosong)


@dataclass(frozen=True)
class NilaiPeriode:
    """A measured value with the year and period it belongs to (its vintage)."""

    nilai: Decimal | None
    tahun: int
    periode: Periode = Periode.TAHUN

    def __post_init__(self) -> None:
        object.__setattr__(self, "periode", _enum(Periode, self.periode, "periode"))
        if self.nilai is not None:
            _angka(self.nilai, "nilai")
        if isinstance(self.tahun, bool) or not isinstance(self.tahun, int):
            raise GalatRumus(f"Tahun harus bilangan bulat, bukan {self.tahun!r}.")


@dataclass(frozen=True)
class NilaiTerpilih:
    """The value chosen for a report period, with its vintage.

    ``diteruskan``: carried forward from an earlier or different period; ``tahun_mundur``:
    0 = report year, 1 = N-1; ``keterangan``: e.g. "Data Semester I 2024",
    "Data tahun 2023 (N-1)".
    """

    nilai: Decimal
    tahun: int
    periode: Periode
    diteruskan: bool
    tahun_mundur: int
    keterangan: str


def keterangan_vintage(
    tahun_data: int,
    periode_data: Periode | str,
    tahun_laporan: int | None = None,
    *,
    sumber: str | None = None,
) -> str:
    """Vintage note: "Data Semester I 2024", "Data DKB Semester I 2024",
    "Data tahun 2023 (N-1)"; the "(N-k)" suffix appears when the data year is earlier."""
    p = _enum(Periode, periode_data, "periode")
    nama = "tahun" if p is Periode.TAHUN else p.label
    awal = f"Data {sumber.strip()} " if sumber and sumber.strip() else "Data "
    teks = f"{awal}{nama} {tahun_data}"
    if tahun_laporan is not None and tahun_laporan > tahun_data:
        teks += f" (N-{tahun_laporan - tahun_data})"
    return teks


def pilih_nilai_laporan(
    tersedia: Iterable[NilaiPeriode],
    tahun: int,
    periode: Periode | str,
    *,
    sumber: str | None = None,
    maks_tahun_mundur: int = 1,
) -> NilaiTerpilih | None:
    """Choose the value a report for (``tahun``, ``periode``) should print.

    Candidates are values (not None) whose period ends no later than the report period and
    whose year is at most ``maks_tahun_mundur`` years back. The one ending latest wins; on a
    tie the exact report period wins, then the longer period (year > semester > quarter).
    A TW III 2024 report with an IKM for S1 2024 gets it with "Data Semester I 2024"; a
    2024 report with the SAKIP score of 2023 gets "Data tahun 2023 (N-1)".
    Returns None when nothing qualifies.
    """
    p = _enum(Periode, periode, "periode")
    if isinstance(maks_tahun_mundur, bool) or not isinstance(maks_tahun_mundur, int):
        raise GalatRumus("maks_tahun_mundur harus bilangan bulat.")
    akhir_laporan = (tahun, p.bulan_akhir)
    calon = []
    for v in tersedia:
        if not isinstance(v, NilaiPeriode):
            raise TypeError("tersedia harus berisi NilaiPeriode.")
        if v.nilai is None:
            continue
        if (v.tahun, v.periode.bulan_akhir) > akhir_laporan:
            continue
        if tahun - v.tahun > maks_tahun_mundur:
            continue
        tepat = v.tahun == tahun and v.periode is p
        calon.append(((v.tahun, v.periode.bulan_akhir, tepat, v.periode.jumlah_triwulan), v))
    if not calon:
        return None
    _, v = max(calon, key=lambda c: c[0])
    tepat = v.tahun == tahun and v.periode is p
    return NilaiTerpilih(
        v.nilai,  # type: ignore[arg-type]
        v.tahun,
        v.periode,
        not tepat,
        tahun - v.tahun,
        keterangan_vintage(v.tahun, v.periode, tahun, sumber=sumber),
    )


# --------------------------------------------------------------------------- IKM


_JUMLAH_UNSUR_IKM = 9
_BOBOT_IKM = _bagi(Decimal(1), Decimal(_JUMLAH_UNSUR_IKM))  # 1/9 to 34 digits, never 0,11


@dataclass(frozen=True)
class HasilIKM:
    """IKM (PermenPANRB 14/2017) from the 9 element means.

    ``nilai_indeks``: weighted mean on the 1-4 scale (unrounded); ``nilai_ikm_mentah``:
    index x 25; ``nilai_ikm``: that rounded to 2 decimals half-up; ``mutu`` (A-D) and
    ``kinerja`` (Sangat Baik .. Tidak Baik) from the rounded value; ``nilai_tertimbang``:
    each element x 1/9 rounded to 2 decimals (display only); ``unsur_tertinggi`` /
    ``unsur_terendah``: 1-based element numbers with the highest / lowest mean (all ties).
    """

    nilai_unsur: tuple[Decimal, ...]
    nilai_tertimbang: tuple[Decimal, ...]
    nilai_indeks: Decimal
    nilai_ikm_mentah: Decimal
    nilai_ikm: Decimal
    mutu: str
    kinerja: str
    unsur_tertinggi: tuple[int, ...] = field(default=())
    unsur_terendah: tuple[int, ...] = field(default=())


def mutu_ikm(nilai_ikm: Decimal | int) -> tuple[str, str]:
    """(mutu, kinerja) of a converted IKM value 25-100, graded on its value rounded to 2
    decimals half-up: 88,31 -> ("A", "Sangat Baik"); 79,143 -> ("B", "Baik")."""
    n = _angka(nilai_ikm, "nilai IKM")
    if not Decimal(25) <= n <= _SERATUS:
        raise GalatRumus(f"Nilai IKM harus antara 25 dan 100, bukan {_fmt(n)}.")
    p = SKALA_MUTU_IKM.cari_pita(bulatkan(n, 2))
    return p.kode, p.label  # type: ignore[union-attr,return-value]


def hitung_ikm(nilai_unsur: Sequence[Decimal | int]) -> HasilIKM:
    """IKM from the mean score (1-4) of each of the 9 service elements.

    Weight 1/9 each (exact, not the 0,11 some reports print); index = weighted mean;
    IKM = index x 25. Seed 001: elements 3,86 .. 3,85 -> index 3,8067 -> IKM 95,17, A.
    Not exactly 9 elements, or a mean outside 1-4 -> GalatRumus.
    """
    daftar = tuple(_angka(v, f"nilai unsur {i + 1}") for i, v in enumerate(nilai_unsur))
    if len(daftar) != _JUMLAH_UNSUR_IKM:
        raise GalatRumus(f"IKM memerlukan tepat 9 unsur pelayanan, bukan {len(daftar)}.")
    for i, v in enumerate(daftar, 1):
        if not Decimal(1) <= v <= Decimal(4):
            raise GalatRumus(f"Nilai rata-rata unsur {i} harus antara 1 dan 4, bukan {_fmt(v)}.")
    indeks = _bagi(_jumlah(daftar), Decimal(_JUMLAH_UNSUR_IKM))
    mentah = _KONTEKS.multiply(indeks, Decimal(25))
    nilai = bulatkan(mentah, 2)
    mutu, kinerja = mutu_ikm(nilai)  # type: ignore[arg-type]
    tertimbang = tuple(bulatkan(_KONTEKS.multiply(v, _BOBOT_IKM), 2) for v in daftar)
    tinggi, rendah = max(daftar), min(daftar)
    return HasilIKM(
        daftar,
        tertimbang,  # type: ignore[arg-type]
        indeks,
        mentah,
        nilai,  # type: ignore[arg-type]
        mutu,
        kinerja,
        tuple(i for i, v in enumerate(daftar, 1) if v == tinggi),
        tuple(i for i, v in enumerate(daftar, 1) if v == rendah),
    )


def rerata_unsur_ikm(jawaban: Iterable[Sequence[int]]) -> tuple[Decimal, ...]:
    """Mean score per element from raw answers: one row per respondent, 9 integer scores
    1-4 each. Returns 9 unrounded Decimals for :func:`hitung_ikm`."""
    jumlah = [0] * _JUMLAH_UNSUR_IKM
    n = 0
    for baris in jawaban:
        n += 1
        baris = tuple(baris)
        if len(baris) != _JUMLAH_UNSUR_IKM:
            raise GalatRumus(f"Responden ke-{n} harus mengisi tepat 9 unsur, bukan {len(baris)}.")
        for i, skor in enumerate(baris):
            if isinstance(skor, bool) or not isinstance(skor, int) or not 1 <= skor <= 4:
                raise GalatRumus(
                    f"Skor responden ke-{n} unsur {i + 1} harus bilangan bulat 1 sampai 4, bukan {skor!r}."
                )
            jumlah[i] += skor
    if n == 0:
        raise GalatRumus("Belum ada jawaban responden.")
    return tuple(_bagi(Decimal(j), Decimal(n)) for j in jumlah)
