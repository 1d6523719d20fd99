"""Three-way merge of a re-imported document: only what the person changed is written.

A workbook carries the `sakip-opd/1` document it was exported from (`sakip.berkas_asal`). The
loader first plans that document in a recording mode (nothing validated, nothing written): per
record, by its natural key with related records by pk, the field values the load would set
(`Rekaman`). The real load then asks, for every field of a stored record (`gabung`):

* the value in the file equals the exported one: the person did not touch it. It is not written,
  whatever is stored now (a later edit in the application stays);
* it differs, and the stored value has also moved since the export to something else: a
  conflict, reported with both values; nothing of the load is written;
* otherwise the person's value is written.

A record absent from the export but stored now was created in the application after the export
(and again in the file): a field stored with another value than the file's is a conflict too.
Positions (`urutan`) follow the file without conflict. A record planned under a record that does
not exist yet has no key here (its provisional pk means nothing across the two plans).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from sakip.formatting import format_angka, format_tanggal
from sakip.isian import KONFLIK, TETAP, putusan_sel, sama

MEDAN_POSISI = frozenset({"urutan"})


class _Baru:
    """A record planned new in the recording plan: equal to nothing of the real plan."""

    __slots__ = ()

    def __repr__(self):
        return "<baru>"


def _beku(v):
    """A value as recorded: related records by pk (a planned one by a marker equal to nothing)."""
    if hasattr(v, "_meta"):
        return _Baru() if v.pk is None or v.pk < 0 else v.pk
    return v


def kunci_rekaman(model, kunci: dict):
    """The key of a record across the two plans, or None when a related record is only planned."""
    hasil = []
    for nama, v in sorted(kunci.items()):
        if hasattr(v, "_meta"):
            if v.pk is None or v.pk < 0:
                return None
            v = v.pk
        else:
            try:
                v = model._meta.get_field(nama).to_python(v)
            except (ValidationError, LookupError, TypeError):
                pass
        hasil.append((nama, v))
    return (model, tuple(hasil))


class Rekaman:
    """What the plan of the exported document would set, per record key."""

    def __init__(self):
        self.nilai = {}  # key -> {field: value}
        self.himpunan = {}  # (key, m2m name) -> frozenset of pks

    def catat(self, kunci, nilai):
        if kunci is not None:
            self.nilai.setdefault(kunci, {}).update({k: _beku(v) for k, v in nilai.items()})

    def catat_himpunan(self, kunci, nama, objs):
        pks = [getattr(o, "pk", None) for o in objs]
        if kunci is not None and all(p is not None and p > 0 for p in pks):
            self.himpunan[(kunci, nama)] = frozenset(pks)


def _seragam(f, v):
    """A value in the field's Python type, so that "2026" equals 2026 and "99.30" equals 99.3."""
    if v is None or f is None or f.is_relation or isinstance(v, _Baru):
        return v
    try:
        return f.to_python(v)
    except (ValidationError, TypeError):
        return v


def sama_nilai(f, a, b):
    if isinstance(a, _Baru) or isinstance(b, _Baru):
        return False
    return sama(_seragam(f, a), _seragam(f, b))


def _sekarang(obj, f):
    return getattr(obj, f.attname) if f.is_relation else getattr(obj, f.name)


def gabung(rekaman: Rekaman, kunci, obj, nilai: dict):
    """Split the imported `nilai` of stored record `obj`: returns ({field: value} to write,
    [(field, stored now, in the file)] conflicts)."""
    asal = rekaman.nilai.get(kunci) if kunci is not None else None
    tulis, konflik = {}, []
    for nama, v in nilai.items():
        f = obj._meta.get_field(nama)
        sekarang = _sekarang(obj, f)
        if asal is not None and nama in asal:
            putusan = putusan_sel(asal[nama], v, sekarang, lambda a, b, f=f: sama_nilai(f, a, b))
            if putusan == TETAP:
                continue  # untouched by the person
            if putusan == KONFLIK:
                konflik.append((nama, sekarang, v))
        elif asal is None and kunci is not None and nama not in MEDAN_POSISI and not sama_nilai(f, sekarang, v):
            konflik.append((nama, sekarang, v))
        tulis[nama] = v
    return tulis, konflik


def gabung_himpunan(rekaman: Rekaman, kunci, nama, tersimpan: set, isian: set):
    """(write?, conflict?) for a set of links (m2m) of a stored record, by pks."""
    asal = rekaman.himpunan.get((kunci, nama)) if kunci is not None else None
    if asal is None:
        return tersimpan != isian, False
    putusan = putusan_sel(set(asal), isian, tersimpan, lambda a, b: a == b)
    return putusan != TETAP and tersimpan != isian, putusan == KONFLIK


def teks_nilai(f, v) -> str:
    """A value for a conflict message (Bahasa Indonesia)."""
    if v is None or v == "":
        return "(kosong)"
    if f is not None and f.is_relation:
        obj = v if hasattr(v, "_meta") else f.related_model._default_manager.filter(pk=v).first()
        if obj is None:
            return "(kosong)"
        return str(getattr(obj, "kode", "") or getattr(obj, "nip", "") or obj)
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if isinstance(v, Decimal):
        return format_angka(v.normalize())
    if isinstance(v, datetime.date):
        return format_tanggal(v)
    return f"{v}"


def pesan_konflik(label, sekarang, isian) -> str:
    return (
        f"{label} diubah di aplikasi setelah workbook ini diunduh: tersimpan sekarang {sekarang}, "
        f"di workbook {isian}. Samakan nilainya di workbook (atau unduh ulang), lalu impor kembali."
    )
