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

A pagu may also sit on a program or kegiatan whose children are not (all) known yet: the
ceiling the office has before its breakdown (`periksa_rincian_pagu`). Its children's pagu may
not exceed it at the end of any quarter; what is left is shown as not yet allocated
("belum dirinci"). Spending is still entered on the lowest items only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
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


@dataclass
class SimpulPagu:
    """An item of the budget tree as the ceiling rule sees it: its own pagu versions and children."""

    kode: str
    pagu: list = field(default_factory=list)
    anak: list[SimpulPagu] = field(default_factory=list)


def pagu_efektif(simpul: SimpulPagu, pada: datetime.date) -> Decimal | None:
    """The pagu of an item on `pada`: its own version in force, else the sum of its children's
    (None when neither it nor anything below it has one)."""
    sendiri = pagu_berlaku(simpul.pagu, pada)
    if sendiri is not None:
        return sendiri.nilai
    nilai = [v for v in (pagu_efektif(a, pada) for a in simpul.anak) if v is not None]
    return sum(nilai, Decimal(0)) if nilai else None


def pagu_rincian(simpul: SimpulPagu, pada: datetime.date) -> Decimal | None:
    """The sum of the children's pagu on `pada` (None: no child has one)."""
    nilai = [v for v in (pagu_efektif(a, pada) for a in simpul.anak) if v is not None]
    return sum(nilai, Decimal(0)) if nilai else None


def pesan_rincian_melebihi(kode: str, rincian: Decimal, pagu: Decimal, triwulan: int | None = None) -> str:
    sampai = f" s.d. triwulan {triwulan}" if triwulan else ""
    return (
        f"Jumlah pagu rincian {kode}{sampai} ({format_rupiah(rincian)}) melebihi pagu {kode} "
        f"({format_rupiah(pagu)}); pagu kegiatan/sub kegiatan di bawahnya tidak boleh melebihi pagu induknya."
    )


def periksa_rincian_pagu(tahun: int, simpul: SimpulPagu) -> str | None:
    """The message when the children of an item with its own pagu add up to more than that pagu
    at the end of a quarter (the pagu versions in force then), else None."""
    if not simpul.anak or not simpul.pagu:
        return None
    for tw in (1, 2, 3, 4):
        pada = akhir_triwulan(tahun, tw)
        sendiri = pagu_berlaku(simpul.pagu, pada)
        rincian = pagu_rincian(simpul, pada)
        if sendiri is not None and rincian is not None and rincian > sendiri.nilai:
            return pesan_rincian_melebihi(simpul.kode, rincian, sendiri.nilai, tw if tw < 4 else None)
    return None


def pohon_pagu(items, pagu_per_item) -> dict:
    """{item key: SimpulPagu} of items given as {key: (kode, parent key or None)}, with
    `pagu_per_item` {key: [Pagu]}; the children linked under their parents."""
    simpul = {k: SimpulPagu(kode, list(pagu_per_item.get(k, []))) for k, (kode, _) in items.items()}
    for k, (_, induk) in items.items():
        if induk in simpul:
            simpul[induk].anak.append(simpul[k])
    return simpul
