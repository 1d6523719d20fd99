"""Office-year data exchange: a `sakip-opd/1` document (docs/format-data-opd.md) into the database.

`impor_data_opd(data)` creates or updates everything the document holds, matching records by
their natural keys, in one transaction: any error and nothing is written. Errors name their
place in the document and are in Bahasa Indonesia. The demo fixtures and the Excel workbook
both go through it.

The load runs in two passes, so that its number of queries does not grow with the document:

1. Plan. The document is walked in its own order (errors come in document order). The stored
   records a document can match are read once per model (`_Indeks`: one query on first use);
   each record is found by its natural key in memory, changed in memory and validated in Python
   (the fields and the model's `clean()`, with every relation already at hand; the budget item's
   parent check looks at the loaded rows). What each model's `save()` derives is derived here by the
   model's own `lengkapi()` (its `MEDAN_TURUNAN` are written with every update).
   A record planned new gets a provisional negative pk, so that the `clean()` rules comparing ids
   (same Renstra, same office) see it as they would see a saved record.
2. Write, only when the plan has no error: model by model, parents first, new records with
   `bulk_create` and changed ones with `bulk_update`, each with its history rows
   (django-simple-history's bulk helpers; the history user is the request's, as with `save()`).
   A record found unchanged is neither written nor given a history row.

The load takes the office lock (`sakip.kunci.kunci_opd`) first, and keeps the rules of the entry
screens (`pertukaran.aturan`: frozen periods, set PKs, who sets a PK, what an office may
change of its Pemda, plausibility warnings). Given the document a workbook was exported from
(`asal`), it writes only what the person changed since, and reports what changed on both sides
(`pertukaran.gabung`). A field the document does not mention is left as stored.

The package: `dokumen` (the result, the errors, reading a file), `rencana` (the plan's
machinery: find, change, validate, derive, merge), one module per section of the document
(`identitas`, `strategis`, `keuangan`, `perjanjian`, `profil`, `tabel`: the report's data
tables), `tulis` (the bulk write) and `pemuat` (the loader composed of them). This module is
the public API.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sakip.kunci import kunci_opd
from sakip.models import OPD, Pengguna
from sakip.perubahan import umumkan

from ..ekspor import FORMAT, ekspor_data_opd
from ..gabung import Rekaman
from .dokumen import DataTidakValid, DokumenTidakValid, HasilImpor, _Batal, baca_dokumen_json
from .pemuat import _Pemuat

__all__ = [
    "FORMAT",
    "DataTidakValid",
    "DokumenTidakValid",
    "HasilImpor",
    "baca_dokumen_json",
    "ekspor_data_opd",  # the export, with the import here
    "impor_data_opd",
    "rekam_asal",
]


def _kunci_kantor(data: Any, opd_tetap: OPD | None) -> None:
    """Take the lock of the office the document loads into (sakip.kunci), before anything is read."""
    if opd_tetap is not None:
        kunci_opd(opd_tetap.pk)
        return
    kode = (data.get("opd") or {}).get("kode") if isinstance(data, dict) else None
    if kode:  # on SQLite too: taking the lock moves the office's data version (sakip.kunci)
        kunci_opd(OPD.objects.filter(kode=kode).values_list("pk", flat=True).first())


def _kode_opd(data: Any, opd_tetap: OPD | None) -> str | None:
    if opd_tetap is not None:
        return opd_tetap.kode
    return (data.get("opd") or {}).get("kode") if isinstance(data, dict) else None


def rekam_asal(asal: Any, opd_tetap: OPD | None = None) -> Rekaman | None:
    """Plan the exported document `asal` in the recording mode: what it would set, per record.
    None when it cannot be planned (a damaged copy): the file is then loaded as it is."""
    rekaman = Rekaman()
    try:
        with transaction.atomic():  # a savepoint: a failed read leaves the load's transaction usable
            _Pemuat(HasilImpor(percobaan=True), perekam=rekaman).muat(asal, opd_tetap=opd_tetap)
    except Exception:  # noqa: BLE001 - only a help for the merge; the file itself is checked in full
        return None
    return rekaman


def impor_data_opd(
    data: Any,
    *,
    percobaan: bool = False,
    opd_tetap: OPD | None = None,
    user: Pengguna | None = None,
    asal: Any = None,
) -> HasilImpor:
    """Load a `sakip-opd/1` document. Atomic; `percobaan=True` (dry run) writes nothing.

    `opd_tetap`: load into this existing office only (an operator's upload): its office kode must
    match; the document's Pemda identity and methodology must be the stored ones (a changed field
    is an error at its place) unless the user may manage the Pemda, who changes them so.
    `user`: who loads (the rules of pertukaran.aturan depend on it); None is the system
    itself (demo fixtures, the administrator's commands).
    `asal`: the document the file was exported from (a workbook carries it): a field whose value
    in `data` is still the exported one is not written; one changed on both sides is a conflict.
    An `asal` of another office is ignored.
    Returns a HasilImpor with counts of created, changed and unchanged records, the errors and
    the plausibility warnings; raises nothing for bad data (the errors are in the result).
    """
    hasil = HasilImpor(percobaan=percobaan)
    pemuat = _Pemuat(hasil, user=user)
    try:
        with transaction.atomic():
            # The lock first: the frozen periods and the stored values compared below stay as read
            # until this load commits.
            _kunci_kantor(data, opd_tetap)
            if (
                isinstance(asal, dict)
                and asal.get("format") == FORMAT
                and (asal.get("opd") or {}).get("kode") == _kode_opd(data, opd_tetap)
            ):
                pemuat.asal = rekam_asal(asal, opd_tetap)
            pemuat.muat(data, opd_tetap=opd_tetap)
            if hasil.galat:
                raise _Batal
            # A dry run writes too, then rolls back: the database's own checks answer as on apply.
            pemuat.tulis()
            if percobaan:
                raise _Batal
            kode = _kode_opd(data, opd_tetap)
            opd_id = (
                opd_tetap.pk
                if opd_tetap is not None
                else OPD.objects.filter(kode=kode).values_list("pk", flat=True).first()
            )
            umumkan(opd_id, None)  # any year the document holds
    except _Batal:
        pass
    finally:
        pemuat.lepas_sementara()
    return hasil
