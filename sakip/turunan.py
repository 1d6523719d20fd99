"""Derived foreign keys: a record's office (or tujuan) taken from the records it hangs under.

Several models store a relation they derive from another one in `save()` (an indicator's office
from its owner, a PK's office from its position, a sasaran's tujuan from its parent), through
their `lengkapi()`. The derivation must give the same answer whether it runs in `save()` (the
related records are usually not loaded: one query) or in the `sakip-opd/1` loader, which plans
records in memory before any of them is written (new ones have no row to query yet). So the
path is followed through the related records already at hand, and only where one is missing is
the rest read from the database, in one query.
"""

from __future__ import annotations

from django.db import models


def ikuti(obj: models.Model, jalur: str) -> models.Model | int | None:
    """The record at the end of `jalur` ("sasaran__renstra__opd") from `obj`: the record itself
    when every step is at hand in memory; its id when only the last step is not (no query);
    otherwise its id read with one query from the last record at hand. None when a step is empty.
    """
    langkah = jalur.split("__")
    for i, nama in enumerate(langkah):
        f = obj._meta.get_field(nama)
        if f.is_cached(obj):
            obj = f.get_cached_value(obj)
            if obj is None:
                return None
            continue
        pk = getattr(obj, f.attname)
        if pk is None or i == len(langkah) - 1:
            return pk
        sisa = "__".join(langkah[i + 1 :])
        return f.related_model._default_manager.values_list(f"{sisa}_id", flat=True).get(pk=pk)
    return obj


def pasang(obj: models.Model, nama: str, nilai: models.Model | int | None) -> None:
    """Set the foreign key `nama` of `obj` to a record (attached, no query to reach it) or an id."""
    if nilai is None or isinstance(nilai, models.Model):
        setattr(obj, nama, nilai)
    else:
        setattr(obj, obj._meta.get_field(nama).attname, nilai)


def id_dari(nilai: models.Model | int | None) -> int | None:
    """The id of what `ikuti` returns."""
    return nilai.pk if isinstance(nilai, models.Model) else nilai
