"""Documents issued per service type: cumulative counts per quarter, totals and capaian."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .dasar import GalatRumus, _angka_opsional, _bukan_negatif, _fmt
from .metodologi import Metodologi
from .persen import HasilPersen, persentase

_TRIWULAN = 4


def kumulatif_triwulan(nilai: Sequence[int | None], kumulatif: bool) -> tuple[int | None, ...]:
    """Year-to-date counts of quarters 1..4 from the values as entered.

    ``kumulatif``: each value is already year-to-date (it may not fall below an earlier one);
    else each is the quarter's own count and they are summed. A missing quarter is None; a
    per-quarter series stops there (what follows cannot be summed), a cumulative one does not.
    Seed 000, Cetak KTP entered cumulatively: (7843, 12467, 18918, None) stays as it is.
    """
    if len(nilai) > _TRIWULAN:
        raise GalatRumus(f"Paling banyak {_TRIWULAN} triwulan, bukan {len(nilai)}.")
    daftar = [_angka_opsional(v, f"realisasi triwulan {i + 1}") for i, v in enumerate(nilai)]
    daftar += [None] * (_TRIWULAN - len(daftar))
    for i, v in enumerate(daftar):
        if v is not None:
            _bukan_negatif(v, f"Realisasi triwulan {i + 1}")
    hasil: list[int | None] = []
    if kumulatif:
        terakhir = None
        for i, v in enumerate(daftar):
            if v is not None and terakhir is not None and v < terakhir[1]:
                raise GalatRumus(
                    f"Realisasi kumulatif triwulan {i + 1} ({_fmt(v)}) lebih kecil dari triwulan "
                    f"{terakhir[0] + 1} ({_fmt(terakhir[1])})."
                )
            if v is not None:
                terakhir = (i, v)
            hasil.append(None if v is None else int(v))
        return tuple(hasil)
    jumlah = 0
    for v in daftar:
        if v is None or (hasil and hasil[-1] is None):
            hasil.append(None)
            continue
        jumlah += int(v)
        hasil.append(jumlah)
    return tuple(hasil)


@dataclass(frozen=True)
class RekapLayanan:
    """Totals of a service table: the sum of annual targets, the sum of year-to-date counts per
    quarter (None when a row lacks that quarter) and capaian = jumlah ÷ jumlah target × 100."""

    jumlah_target: int
    jumlah: tuple[int | None, ...]
    capaian: tuple[HasilPersen, ...]


def rekap_layanan(
    baris: Sequence[tuple[int, Sequence[int | None]]],
    metodologi: Metodologi | None = None,
) -> RekapLayanan:
    """``baris``: (annual target, year-to-date counts per quarter) of each service type.

    Seed 000 TW III: seven rows, targets summing to 78.000, counts to 54.834 -> capaian 70,30.
    """
    target = 0
    for i, (t, _) in enumerate(baris):
        if t is None:
            raise GalatRumus(f"Target baris {i + 1} belum diisi.")
        target += int(_bukan_negatif(_angka_opsional(t, "target"), "Target"))
    panjang = max((len(r) for _, r in baris), default=0)
    jumlah: list[int | None] = []
    for tw in range(panjang):
        nilai = [r[tw] if tw < len(r) else None for _, r in baris]
        jumlah.append(None if not baris or any(v is None for v in nilai) else sum(nilai))
    capaian = tuple(persentase(j, target if j is not None else None, metodologi) for j in jumlah)
    return RekapLayanan(jumlah_target=target, jumlah=tuple(jumlah), capaian=capaian)
