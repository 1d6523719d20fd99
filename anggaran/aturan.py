"""The rules of a leaf item's budget realisation, applied once for every door.

The grid, the budget-realisation import and the `sakip-opd/1` loader judge a change of an item's
quarters with `periksa_perubahan`: the figures as stored before and as they would be stored after
the door's change, with the pagu versions before and after. Only what the change causes refuses
it: a message on a quarter whose figure changed, or a breach that did not exist before (figures
stored that way already, e.g. before a pagu cut, do not block an unrelated quarter's entry).

* A figure is cumulative spending up to the end of its quarter: never negative, and never
  lower than an earlier quarter's figure.
* It may not exceed the pagu in force at the end of that quarter, unless the Pemda's
  methodology allows it (`MetodologiPemda.izinkan_realisasi_melebihi_pagu`: one switch).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sakip.formatting import format_rupiah


def pagu_berlaku(daftar_pagu, pada: datetime.date):
    """The pagu version in force on `pada`: the highest version dated on or before it (undated count)."""
    berlaku = [p for p in daftar_pagu if p.tanggal is None or p.tanggal <= pada]
    return max(berlaku, key=lambda p: p.urutan) if berlaku else None


def pesan_melebihi_pagu(realisasi: Decimal, pagu: Decimal, *, item: str = "", triwulan: int | None = None) -> str:
    """The one message for spending above the pagu in force, wherever it is judged (the entry doors
    refuse it unless the Pemda's switch allows it; the budget summary and the review report it)."""
    siapa = f" {item}" if item else ""
    sampai = f" s.d. triwulan {triwulan}" if triwulan else ""
    return f"Realisasi{siapa}{sampai} ({format_rupiah(realisasi)}) melebihi pagu ({format_rupiah(pagu)})."


def akhir_triwulan(tahun, triwulan) -> datetime.date:
    bulan = triwulan * 3
    return datetime.date(tahun + (bulan == 12), bulan % 12 + 1, 1) - datetime.timedelta(days=1)


def periksa_realisasi(tahun, realisasi: dict[int, Decimal | None], daftar_pagu, *, izinkan_melebihi_pagu=False):
    """Messages (Bahasa Indonesia) per quarter for the cumulative figures `realisasi`
    ({triwulan: Rupiah or None}) of one leaf item with its pagu versions; empty when all hold."""
    return {tw: pesan for tw, (_, pesan) in _pelanggaran(tahun, realisasi, daftar_pagu, izinkan_melebihi_pagu).items()}


def periksa_perubahan(
    tahun,
    lama: dict[int, Decimal | None],
    baru: dict[int, Decimal | None],
    daftar_pagu,
    *,
    pagu_lama=None,
    izinkan_melebihi_pagu=False,
):
    """The messages {triwulan: message} that changing an item's figures from `lama` to `baru`
    causes: those of `baru` (with `daftar_pagu`) on a quarter whose figure changed, or of a kind
    (negative, above pagu, below an earlier quarter) that quarter did not have in `lama` (with
    `pagu_lama`, the pagu versions as stored before; default: the same). Empty when it may be saved."""
    sebelum = _pelanggaran(tahun, lama, daftar_pagu if pagu_lama is None else pagu_lama, izinkan_melebihi_pagu)
    sesudah = _pelanggaran(tahun, baru, daftar_pagu, izinkan_melebihi_pagu)
    return {
        tw: pesan
        for tw, (jenis, pesan) in sorted(sesudah.items())
        if lama.get(tw) != baru.get(tw) or sebelum.get(tw, (None, ""))[0] != jenis
    }


def _pelanggaran(tahun, realisasi, daftar_pagu, izinkan_melebihi_pagu):
    """{triwulan: (kind, message)} of the figures `realisasi`; kind: negatif, pagu, kumulatif."""
    galat = {}
    sebelumnya = None  # (triwulan, figure) of the last filled earlier quarter
    for tw in sorted(realisasi):
        nilai = realisasi[tw]
        if nilai is None:
            continue
        if nilai < 0:
            galat[tw] = ("negatif", "Realisasi tidak boleh negatif.")
            continue
        pagu = pagu_berlaku(daftar_pagu, akhir_triwulan(tahun, tw)) if daftar_pagu else None
        if pagu is not None and not izinkan_melebihi_pagu and nilai > pagu.nilai:
            galat[tw] = ("pagu", pesan_melebihi_pagu(nilai, pagu.nilai, triwulan=tw))
        elif sebelumnya is not None and nilai < sebelumnya[1]:
            galat[tw] = (
                "kumulatif",
                f"Realisasi kumulatif s.d. triwulan {tw} ({format_rupiah(nilai)}) lebih kecil dari s.d. triwulan "
                f"{sebelumnya[0]} ({format_rupiah(sebelumnya[1])}); realisasi dicatat kumulatif sejak Januari.",
            )
        sebelumnya = (tw, nilai)
    return galat
