"""The score of a SAKIP evaluation (LKE, PermenPANRB 88/2021) and its predikat.

An LKE is a tree: components (Perencanaan Kinerja 30, ...) of sub-components (pemenuhan,
kualitas, implementasi at 20 / 30 / 50 % of the component), each with criteria answered on a
scale (Y/T = 1 / 0, A-E = 1 / 0,75 / 0,5 / 0,25 / 0). The tree, the weights, the answer values
and the predikat bands are data of the evaluation year; this module only computes:

* a sub-component scores ``mean(answer values) x its weight``; an unanswered criterion counts
  as 0 (and is counted in ``belum_dijawab``), so a partial LKE never scores above a full one;
* the sub-component score is rounded (half-up to 2 decimals by default) as the table prints it;
  a component is the sum of its printed sub-component scores, the total the sum of the printed
  component scores: every figure of the score table recomputes from its own cells;
* the predikat is the band of the printed total, bands half-open as the data says (88/2021:
  "AA > 90 - 100", so 90,00 is A and 90,01 is AA; :data:`PREDIKAT_LKE_88_2021`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .dasar import _KONTEKS, GalatRumus, Pembulatan, _angka, _bagi, _bukan_negatif, _enum, _jumlah, bulatkan
from .skala import PitaKategori, SkalaKategori


@dataclass(frozen=True)
class SubKomponenLKE:
    """Input: a sub-component's weight and the values of its criteria's answers (None: unanswered)."""

    bobot: Decimal
    jawaban: tuple[Decimal | None, ...]
    kode: str = ""


@dataclass(frozen=True)
class KomponenLKE:
    """Input: a component's weight and its sub-components."""

    bobot: Decimal
    subkomponen: tuple[SubKomponenLKE, ...]
    kode: str = ""


@dataclass(frozen=True)
class HasilSubKomponen:
    kode: str
    bobot: Decimal
    jumlah_kriteria: int
    belum_dijawab: int
    rata_rata: Decimal | None  # mean of the answer values, unrounded (None without criteria)
    nilai_mentah: Decimal  # mean x weight, unrounded
    nilai: Decimal  # rounded: what the table prints

    @property
    def persen(self) -> Decimal | None:
        """The printed score as a percentage of the weight (None for a weight of 0)."""
        return None if not self.bobot else bulatkan(_bagi(_KONTEKS.multiply(self.nilai, Decimal(100)), self.bobot))


@dataclass(frozen=True)
class HasilKomponen:
    kode: str
    bobot: Decimal
    subkomponen: tuple[HasilSubKomponen, ...]
    nilai: Decimal  # sum of the printed sub-component scores

    @property
    def belum_dijawab(self) -> int:
        return sum(s.belum_dijawab for s in self.subkomponen)


@dataclass(frozen=True)
class HasilLKE:
    komponen: tuple[HasilKomponen, ...]
    bobot: Decimal  # sum of the component weights (100 in 88/2021)
    nilai: Decimal  # sum of the printed component scores
    predikat: PitaKategori | None  # the band of `nilai` (None without bands)
    jumlah_kriteria: int = 0
    belum_dijawab: int = 0
    catatan: list[str] = field(default_factory=list)  # weights that do not add up, as sentences

    @property
    def lengkap(self) -> bool:
        """Every criterion answered."""
        return self.belum_dijawab == 0

    @property
    def kode_predikat(self) -> str | None:
        return None if self.predikat is None else (self.predikat.kode or self.predikat.label)


def _nilai_jawaban(nilai: Decimal | None) -> Decimal | None:
    if nilai is None:
        return None
    n = _angka(nilai, "nilai jawaban")
    if not 0 <= n <= 1:
        raise GalatRumus(f"Nilai jawaban harus antara 0 dan 1, bukan {n}.")
    return n


def nilai_subkomponen(sub: SubKomponenLKE, desimal: int = 2, cara: Pembulatan | str = Pembulatan.HALF_UP):
    """mean(answer values) x weight; an unanswered criterion counts as 0."""
    bobot = _bukan_negatif(_angka(sub.bobot, "bobot sub-komponen"), "bobot sub-komponen")
    nilai = [_nilai_jawaban(j) for j in sub.jawaban]
    belum = sum(1 for n in nilai if n is None)
    if not nilai:
        rata, mentah = None, Decimal(0)
    else:
        rata = _bagi(_jumlah(n or Decimal(0) for n in nilai), Decimal(len(nilai)))
        mentah = _KONTEKS.multiply(rata, bobot)
    return HasilSubKomponen(
        kode=sub.kode,
        bobot=bobot,
        jumlah_kriteria=len(nilai),
        belum_dijawab=belum,
        rata_rata=rata,
        nilai_mentah=mentah,
        nilai=bulatkan(mentah, desimal, cara),
    )


def skala_predikat(pita: Sequence[tuple]) -> SkalaKategori:
    """Predikat bands from data rows ``(kode, label, lower bound or None, inclusive)``, highest
    first: e.g. ``("AA", "Sangat Memuaskan", Decimal(90), False)`` for "AA > 90"."""
    return SkalaKategori(
        "predikat_lke",
        "Predikat evaluasi AKIP",
        tuple(PitaKategori(batas, bool(inklusif), label, kode) for kode, label, batas, inklusif in pita),
    )


#: The bands of PermenPANRB 88/2021: AA > 90-100 Sangat Memuaskan, A > 80-90 Memuaskan,
#: BB > 70-80 Sangat Baik, B > 60-70 Baik, CC > 50-60 Cukup (Memadai), C > 30-50 Kurang,
#: D 0-30 Sangat Kurang. Lower bounds are exclusive: 90 is A, 30 is D.
PREDIKAT_LKE_88_2021 = skala_predikat(
    [
        ("AA", "Sangat Memuaskan", Decimal(90), False),
        ("A", "Memuaskan", Decimal(80), False),
        ("BB", "Sangat Baik", Decimal(70), False),
        ("B", "Baik", Decimal(60), False),
        ("CC", "Cukup (Memadai)", Decimal(50), False),
        ("C", "Kurang", Decimal(30), False),
        ("D", "Sangat Kurang", None, True),
    ]
)


def nilai_lke(
    komponen: Sequence[KomponenLKE],
    predikat: SkalaKategori | None = PREDIKAT_LKE_88_2021,
    desimal: int = 2,
    cara: Pembulatan | str = Pembulatan.HALF_UP,
) -> HasilLKE:
    """The score of an LKE and its predikat (see the module's docstring for the rules)."""
    cara = _enum(Pembulatan, cara, "pembulatan")
    hasil, catatan = [], []
    for k in komponen:
        bobot = _bukan_negatif(_angka(k.bobot, "bobot komponen"), "bobot komponen")
        sub = tuple(nilai_subkomponen(s, desimal, cara) for s in k.subkomponen)
        jumlah_bobot = _jumlah(s.bobot for s in sub)
        if sub and jumlah_bobot != bobot:
            catatan.append(
                f"Bobot sub-komponen {k.kode or ''} berjumlah {_teks(jumlah_bobot)}, "
                f"bukan {_teks(bobot)} (bobot komponen).".replace("  ", " ")
            )
        hasil.append(HasilKomponen(k.kode, bobot, sub, _jumlah(s.nilai for s in sub)))
    total = _jumlah(h.nilai for h in hasil)
    return HasilLKE(
        komponen=tuple(hasil),
        bobot=_jumlah(h.bobot for h in hasil),
        nilai=total,
        predikat=None if predikat is None else predikat.cari_pita(total),
        jumlah_kriteria=sum(s.jumlah_kriteria for h in hasil for s in h.subkomponen),
        belum_dijawab=sum(h.belum_dijawab for h in hasil),
        catatan=catatan,
    )


def _teks(n: Decimal) -> str:
    teks = format(n, "f")
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return teks.replace(".", ",")


def pilih_ambang(persen: Decimal, ambang: Sequence[tuple[Decimal, bool]], kode: Sequence[str]) -> str:
    """The answer code a percentage earns: ``ambang`` are the lower bounds of all but the last
    code, from the best (``(Decimal(90), False)`` = "> 90"), ``kode`` the codes from the best.

    ``pilih_ambang(D(76), [(90, False), (75, False), (40, False), (10, False)], "ABCDE")`` = "B".
    """
    p = _angka(persen, "persentase")
    if len(ambang) != len(kode) - 1:
        raise GalatRumus(f"Ambang harus {len(kode) - 1} batas untuk {len(kode)} pilihan jawaban, bukan {len(ambang)}.")
    skala = SkalaKategori(
        "ambang",
        "Ambang usulan",
        tuple(PitaKategori(_angka(b, "ambang"), bool(i), k) for (b, i), k in zip(ambang, kode, strict=False))
        + (PitaKategori(None, True, kode[-1]),),
    )
    return skala.kategori(p)
