"""The rules of a leaf item's budget realisation, applied once for every door.

The grid, the budget-realisation import and the `sakip-opd/1` loader judge the quarters of an
item as they would be stored (the stored figures with the door's changes) with
`periksa_realisasi`, and show its messages as they are.

* A figure is cumulative spending up to the end of its quarter: never negative, and never
  lower than an earlier quarter's figure.
* It may not exceed the pagu in force at the end of that quarter, unless the Pemda's
  methodology allows it (`MetodologiPemda.izinkan_realisasi_melebihi_pagu`: one switch).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sakip.formatting import format_rupiah

from .ringkasan import pagu_berlaku


def akhir_triwulan(tahun, triwulan) -> datetime.date:
    bulan = triwulan * 3
    return datetime.date(tahun + (bulan == 12), bulan % 12 + 1, 1) - datetime.timedelta(days=1)


def periksa_realisasi(tahun, realisasi: dict[int, Decimal | None], daftar_pagu, *, izinkan_melebihi_pagu=False):
    """Messages (Bahasa Indonesia) per quarter for the cumulative figures `realisasi`
    ({triwulan: Rupiah or None}) of one leaf item with its pagu versions; empty when all hold."""
    galat = {}
    sebelumnya = None  # (triwulan, figure) of the last filled earlier quarter
    for tw in sorted(realisasi):
        nilai = realisasi[tw]
        if nilai is None:
            continue
        if nilai < 0:
            galat[tw] = "Realisasi tidak boleh negatif."
            continue
        pagu = pagu_berlaku(daftar_pagu, akhir_triwulan(tahun, tw)) if daftar_pagu else None
        if pagu is not None and not izinkan_melebihi_pagu and nilai > pagu.nilai:
            galat[tw] = (
                f"Realisasi s.d. triwulan {tw} ({format_rupiah(nilai)}) melebihi pagu ({format_rupiah(pagu.nilai)})."
            )
        elif sebelumnya is not None and nilai < sebelumnya[1]:
            galat[tw] = (
                f"Realisasi kumulatif s.d. triwulan {tw} ({format_rupiah(nilai)}) lebih kecil dari s.d. triwulan "
                f"{sebelumnya[0]} ({format_rupiah(sebelumnya[1])}); realisasi dicatat kumulatif sejak Januari."
            )
        sebelumnya = (tw, nilai)
    return galat
