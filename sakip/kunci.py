"""The office lock, and the guard of every record that an approved period can freeze.

**The office lock.** Every write of an office's data takes it first, inside its transaction.
Two saves of the same office (two grids, a grid and an import, a save and "Verifikasi dan
kunci") then run one after the other, so a check made inside the transaction (is the period
still open? did the stored value move since the page was loaded?) stays true until the write
commits. Saves of different offices do not wait for each other. PostgreSQL: ``SELECT … FOR NO
KEY UPDATE`` on the office row (it does not block inserts of rows that point to the office).
SQLite has no row locks; its transactions start IMMEDIATE (settings.py), which serialises
writers for the whole database. Taking the lock also moves the office's `versi_data`, so
every write of an office's data moves it, inside the write's transaction (the Pemda dashboard
keeps each office's figures per version).

**The guard.** A model whose records a period's approval can freeze (realisations, PK, rencana
aksi, pagu, budget realisation, Renstra targets, the way an indicator is measured) inherits
`DijagaPeriode`: its `save()` and `delete()` take the office lock and refuse frozen data with
`DataTerkunci`, whatever door calls them. *What* is frozen is decided in `kinerja.penguncian`
(the periods live there); it registers its rule here when the apps load (`daftarkan_peta`), so
that models below kinerja (the Renstra's) keep it too without importing upwards.

A model tells the guard which office it belongs to (`opd_terkunci_id()`), what it touches
(`cakupan_kunci(tersimpan)`), optionally which relations those read (`kunci_select_related`) and
whether a change of it can touch frozen data at all (`perubahan_dikunci(lama)`; default yes).
"""

import time

from django.core.exceptions import ValidationError
from django.db import connection, router, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest


class DataTerkunci(ValidationError):
    """A change to data that an approved period or a set PK freezes; the message is for the user."""


def kunci_opd(*opd_ids):
    """Lock the offices for the rest of the current transaction (raises outside one)."""
    from .models import OPD

    ids = sorted({i for i in opd_ids if i is not None and (not isinstance(i, int) or i > 0)})
    if not ids:
        return
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("kunci_opd() memerlukan transaksi (transaction.atomic).")
    if len(ids) > 1 and connection.features.has_select_for_update:
        # Sorted ids: two transactions locking the same offices take them in the same order.
        list(
            OPD.objects.select_for_update(no_key=connection.features.has_select_for_no_key_update, of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    # The UPDATE takes the row lock itself (FOR NO KEY UPDATE: versi_data is no key) and moves the
    # office's data version in the same transaction as the write: a rolled-back write moves
    # nothing, and a reader that sees the new version also sees the new data (laporan.dasbor).
    # Never a number it had before: at least the clock in µs, so a counter set back (a restored
    # backup, loaddata) cannot meet figures kept for other data under a version it already had.
    OPD.objects.filter(pk__in=ids).update(versi_data=Greatest(F("versi_data") + 1, Value(time.time_ns() // 1000)))


class _TanpaKunci:
    """No rule registered (kinerja not loaded): nothing is frozen."""

    @classmethod
    def baca(cls, opd_ids, tahun=None):
        return cls()

    def pesan_perubahan(self, lama, baru, *, hapus=False):
        return None


_peta = _TanpaKunci


def daftarkan_peta(kelas):
    """Register the rule of what is frozen: a class with `baca(opd_ids, tahun=None)` returning an
    object with `pesan_perubahan(lama, baru, hapus=False)` (kinerja.penguncian.PetaKunci)."""
    global _peta
    _peta = kelas


def baca_peta(opd_ids, tahun=None):
    """The frozen periods of some offices, read once (for the doors that write in bulk)."""
    return _peta.baca(opd_ids, tahun)


def tersimpan(obj):
    """`obj` as stored (with the relations its lock check reads), or None for a new record."""
    if obj.pk is None:
        return None
    qs = type(obj)._default_manager.select_related(*getattr(obj, "kunci_select_related", ()))
    return qs.filter(pk=obj.pk).first()


def pesan_terkunci(obj, *, hapus=False):
    """Why saving (or deleting, `hapus=True`) `obj` would change frozen data, or None: judged on
    the record as stored and as it would be saved. Two queries at most."""
    lama = tersimpan(obj)
    peta = baca_peta({o.opd_terkunci_id() for o in (obj, lama) if o is not None})
    return peta.pesan_perubahan(lama, obj, hapus=hapus)


def pastikan_terbuka(obj, *, hapus=False):
    """Raise DataTerkunci when saving (or deleting) `obj` would change frozen data."""
    pesan = pesan_terkunci(obj, hapus=hapus)
    if pesan:
        raise DataTerkunci(pesan)


def jaga(obj, simpan, *, hapus=False):
    """Run `simpan()` (a model's own save or delete) under the office lock, after checking that it
    changes no frozen data."""
    with transaction.atomic(using=router.db_for_write(type(obj))):
        kunci_opd(obj.opd_terkunci_id())
        pastikan_terbuka(obj, hapus=hapus)
        return simpan()


class DijagaPeriode:
    """A record that a period's approval can freeze: saved and deleted under the office lock,
    after the check (see the module's docstring for what a model declares)."""

    kunci_select_related = ()  # relations `opd_terkunci_id` and `cakupan_kunci` read

    def save(self, *args, **kwargs):
        simpan = super().save
        return jaga(self, lambda: simpan(*args, **kwargs))

    def delete(self, *args, **kwargs):
        hapus = super().delete
        return jaga(self, lambda: hapus(*args, **kwargs), hapus=True)
