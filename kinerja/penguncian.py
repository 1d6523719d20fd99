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
* the pagu versions in force up to its end (undated versions always count).

Separately, a PK that is set (ditetapkan) never changes: its targets change through a
perubahan. Only the pimpinan (or a superuser) sets a PK.

`PetaKunci` reads the locked periods of some offices in one query, for the bulk doors (grids,
imports); `pastikan_terbuka(obj)` checks one record for the doors that save records one by one
(admin, services, `save()` itself).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import router, transaction

from kinerja import capaian as rumus
from sakip.formatting import format_tanggal
from sakip.kunci import kunci_opd

from .models import StatusPeriode


class DataTerkunci(ValidationError):
    """A change to data that an approved period or a set PK freezes; the message is for the user."""


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
        ids = [i for i in opd_ids if i is not None and i > 0]
        peta = cls()
        if not ids:
            return peta
        qs = StatusPeriode.objects.filter(opd_id__in=ids).exclude(status=StatusPeriode.Status.DRAFT)
        if tahun is not None:
            qs = qs.filter(tahun=tahun)
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

    def pk(self, perjanjian, ditetapkan_mengunci=True, apa=None):
        """Message when this PK version (or an item of it) may not change: it is set
        (`ditetapkan_mengunci`), or it is in force for a frozen period."""
        apa = apa or f"{perjanjian.label_versi} {perjanjian.tahun}"
        if ditetapkan_mengunci and perjanjian.status == perjanjian.Status.DITETAPKAN:
            return f"{apa} sudah ditetapkan; targetnya hanya berubah lewat perubahan PK."
        # An unsaved PK has no office yet (save() sets it from its jabatan).
        opd_id = perjanjian.opd_id or perjanjian.opd_terkunci_id()
        return self.berlaku_sejak(opd_id, perjanjian.tahun, _mulai_pk(perjanjian), apa)

    def pesan(self, obj, tersimpan=True):
        """Message when `obj` touches frozen data, else None. `obj.cakupan_kunci(tersimpan)` says
        what it touches; `tersimpan` is False for the record as it would be saved."""
        for jenis, *args in obj.cakupan_kunci(tersimpan):
            pesan = getattr(self, jenis)(*args)
            if pesan:
                return pesan
        return None


def _mulai_pk(perjanjian):
    """A PK awal covers the whole year; a perubahan applies from its date."""
    return None if perjanjian.versi == 0 else perjanjian.tanggal


def pesan_terkunci(obj, *, hapus=False):
    """Why saving (or deleting, `hapus=True`) `obj` would change frozen data, or None: judged on
    the record as stored and as it would be saved. One or two queries."""
    lama = None
    if obj.pk is not None:
        lama = (
            type(obj)
            ._default_manager.select_related(*getattr(obj, "kunci_select_related", ()))
            .filter(pk=obj.pk)
            .first()
        )
    peta = PetaKunci.baca({o.opd_terkunci_id() for o in (obj, lama) if o is not None})
    if lama is not None:
        pesan = peta.pesan(lama, tersimpan=True)
        if pesan:
            return pesan
    return None if hapus else peta.pesan(obj, tersimpan=False)


def pastikan_terbuka(obj, *, hapus=False):
    """Raise DataTerkunci when saving (or deleting) `obj` would change frozen data."""
    pesan = pesan_terkunci(obj, hapus=hapus)
    if pesan:
        raise DataTerkunci(pesan)


def jaga(obj, simpan, *, hapus=False):
    """Run `simpan()` (a model's own save or delete) under the office lock, after checking that it
    changes no frozen data: the one guard of every record that a period freezes."""
    with transaction.atomic(using=router.db_for_write(type(obj))):
        kunci_opd(obj.opd_terkunci_id())
        pastikan_terbuka(obj, hapus=hapus)
        return simpan()
