"""The community satisfaction index (IKM)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import (
    Decimal,
)

from .dasar import _KONTEKS, _SERATUS, GalatRumus, _angka, _bagi, _fmt, _jumlah, bulatkan
from .skala import SKALA_MUTU_IKM

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
