"""What an approved period freezes, decided once for every door.

A period of an office leaves draft when it is submitted (diajukan), approved (disetujui) or
verified (diverifikasi). From then on nothing its measurement reads may change, through any
door (grid, admin, workbook, `sakip-opd/1`, budget import, service, command), until the
reviewer or the admin pemda opens it again ("Buka kembali") or the pimpinan returns it:

* the realisations of that period and of every earlier period of the same year (a quarter's
  measurement reads the quarters before it: cumulative values, carried-forward data), with
  their evidence files;
* the rencana aksi targets and the budget realisation of the quarters up to its end;
* the PK versions in force up to its end (the awal, and every perubahan dated on or before it),
  with their items; a new perubahan may only start after it;
* the pagu versions in force up to its end (undated versions always count);
* the realisations of the years before it that it reads as "last year's data" (an indicator
  whose value arrives a year late, `tunda_tahun`: the SAKIP score received this year is last
  year's);
* the Renstra targets of its year, and the way an indicator is measured (direction, kind,
  factor, aggregation, cap, weight, owner) while any period of its Renstra is approved.

Separately, a PK that is set (ditetapkan) never changes: its targets change through a
perubahan. Only the pimpinan (or a superuser) sets a PK.

`PetaKunci` reads the locked periods of some offices in one query, for the bulk doors (grids,
imports); the guard of single records (`sakip.kunci`: `pastikan_terbuka`, the models' `save()`
and `delete()`) asks it too: the app registers it there when it loads (kinerja.apps).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from sakip import rumus
from sakip.formatting import format_tanggal
from sakip.kunci import DataTerkunci, jaga, pastikan_terbuka, pesan_terkunci

from .models import StatusPeriode

# Where the guard lives (sakip.kunci); imported from here by the doors of this layer and above.
__all__ = ["DataTerkunci", "PetaKunci", "jaga", "pastikan_terbuka", "pesan_terkunci"]


def akhir_periode(tahun, periode) -> datetime.date:
    periode = rumus.Periode(periode)
    bulan = periode.bulan_akhir
    return (datetime.date(tahun + (bulan == 12), bulan % 12 + 1, 1)) - datetime.timedelta(days=1)


def label_periode(tahun, periode) -> str:
    p = rumus.Periode(periode)
    return f"{p.label} {tahun}" if p is not rumus.Periode.TAHUN else f"tahun {tahun}"


@dataclass
class PetaKunci:
    """The periods of some offices that are out of draft: {(opd id, year): [(end date, status)]}."""

    terkunci: dict = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def baca(cls, opd_ids, tahun=None) -> PetaKunci:
        """The locked periods of the offices, in one query: of every year, or of `tahun` and the
        two years after it (which may read its data as last year's, `tunda_tahun` ≤ 2)."""
        ids = [i for i in opd_ids if i is not None and i > 0]
        peta = cls()
        if not ids:
            return peta
        qs = StatusPeriode.objects.filter(opd_id__in=ids).exclude(status=StatusPeriode.Status.DRAFT)
        if tahun is not None:
            qs = qs.filter(tahun__gte=tahun, tahun__lte=tahun + 2)
        for s in qs.order_by("tahun", "periode"):
            peta.terkunci[(s.opd_id, s.tahun)].append((akhir_periode(s.tahun, s.periode), s))
        return peta

    def penutup(self, opd_id, tahun, sampai: datetime.date | None):
        """The locked period of that office-year ending on or after `sampai` (None: any), or None."""
        kandidat = [
            (akhir, s) for akhir, s in self.terkunci.get((opd_id, tahun), []) if sampai is None or akhir >= sampai
        ]
        return max(kandidat, key=lambda x: x[0])[1] if kandidat else None

    @staticmethod
    def _pesan(s, apa):
        return (
            f"{apa} terkunci: data {label_periode(s.tahun, s.periode)} berstatus "
            f"{s.get_status_display().lower()}. Minta dikembalikan ke draf (atau dibuka kembali) bila perlu diubah."
        )

    def periode(self, opd_id, tahun, periode, apa="Realisasi"):
        """Message when the realisations of (tahun, periode) are frozen, else None."""
        s = self.penutup(opd_id, tahun, akhir_periode(tahun, periode))
        return self._pesan(s, f"{apa} {label_periode(tahun, periode)}") if s else None

    def triwulan(self, opd_id, tahun, triwulan, apa="Data"):
        """Message when quarter-`triwulan` data (rencana aksi target, budget realisation) is frozen."""
        s = self.penutup(opd_id, tahun, akhir_periode(tahun, f"TW{triwulan}"))
        return self._pesan(s, f"{apa} triwulan {triwulan} {tahun}") if s else None

    def berlaku_sejak(self, opd_id, tahun, tanggal, apa):
        """Message when something in force from `tanggal` (None: from the start of the year)
        would change a frozen period, else None."""
        sampai = None if tanggal is None or tanggal.year < tahun else tanggal
        s = self.penutup(opd_id, tahun, sampai)
        if s is None:
            return None
        sejak = f" (berlaku sejak {format_tanggal(tanggal)})" if sampai else ""
        return self._pesan(s, f"{apa}{sejak}")

    def perjanjian(self, perjanjian, ditetapkan_mengunci=True, apa=None):
        """Message when this PK version (or an item of it) may not change: it is set
        (`ditetapkan_mengunci`), or it is in force for a frozen period."""
        apa = apa or f"{perjanjian.label_versi} {perjanjian.tahun}"
        if ditetapkan_mengunci and perjanjian.status == perjanjian.Status.DITETAPKAN:
            return f"{apa} sudah ditetapkan; targetnya hanya berubah lewat perubahan PK."
        # An unsaved PK has no office yet (save() sets it from its jabatan).
        opd_id = perjanjian.opd_id or perjanjian.opd_terkunci_id()
        return self.berlaku_sejak(opd_id, perjanjian.tahun, _mulai_pk(perjanjian), apa)

    def tahun(self, opd_id, tahun, apa):
        """Message when any period of `tahun` is locked (a Renstra target of that year)."""
        s = self.penutup(opd_id, tahun, None)
        return self._pesan(s, apa) if s else None

    def tahun_mana_pun(self, opd_id, daftar_tahun, apa):
        """Message when a period of any of the years is locked (how an indicator is measured)."""
        for th in daftar_tahun:
            s = self.penutup(opd_id, th, None)
            if s:
                return self._pesan(s, apa)
        return None

    def dipakai_tahun_berikut(self, opd_id, tahun, tunda, apa="Realisasi"):
        """Message when a locked period of the next `tunda` years reads `tahun`'s value as its
        last year's data (N-1), else None."""
        for k in range(1, (tunda or 0) + 1):
            s = self.penutup(opd_id, tahun + k, None)
            if s:
                return self._pesan(s, f"{apa} {tahun} dipakai sebagai data N-{k} tahun {tahun + k} dan")
        return None

    def pesan(self, obj, tersimpan=True):
        """Message when `obj` touches frozen data, else None. `obj.cakupan_kunci(tersimpan)` says
        what it touches; `tersimpan` is False for the record as it would be saved."""
        for jenis, *args in obj.cakupan_kunci(tersimpan):
            pesan = getattr(self, jenis)(*args)
            if pesan:
                return pesan
        return None

    def pesan_perubahan(self, lama, baru, *, hapus=False):
        """Message when turning the stored record `lama` (None: new) into `baru` (or deleting it)
        changes frozen data, else None. A model may say that a change cannot touch frozen data
        (`perubahan_dikunci(lama)`: a new indicator, a renamed one)."""
        dikunci = getattr(baru, "perubahan_dikunci", None)
        if not hapus and dikunci is not None and not dikunci(lama):
            return None
        if lama is not None:
            pesan = self.pesan(lama, tersimpan=True)
            if pesan:
                return pesan
        return None if hapus else self.pesan(baru, tersimpan=False)


def _mulai_pk(perjanjian):
    """A PK awal covers the whole year; a perubahan applies from its date."""
    return None if perjanjian.versi == 0 else perjanjian.tanggal
