"""The write of a plan without errors: model by model, parents first, in bulk, with history rows."""

from __future__ import annotations

from collections import defaultdict

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from anggaran.models import (
    ItemAnggaran,
)

from .dokumen import _sementara
from .rencana import _TAUTAN_ANGGARAN, _URUTAN_TULIS


class _Penulis:
    """Part of `pemuat._Pemuat`: the write (uses the plan of `rencana._Rencana`)."""

    # --- the write -----------------------------------------------------------------

    def tulis(self):
        """Write the plan: per model, parents first; history rows for what is created or changed."""
        # Rows a replaced list no longer holds go first (their history records the deletion).
        per_model = defaultdict(list)
        for obj in self._hapus:
            per_model[type(obj)].append(obj.pk)
        for model, pks in per_model.items():
            model.objects.filter(pk__in=pks).delete()
        for model in _URUTAN_TULIS:
            for lapis in self._lapisan(model, self._baru.get(model, [])):
                for obj in lapis:
                    obj.pk = None
                for obj in lapis:
                    self._sambung(obj)
                bulk_create_with_history(lapis, model, default_change_reason=None)
            ubah = list(self._ubah.get(model, {}).values())
            if not ubah:
                continue
            for obj in ubah:
                self._sambung(obj)
            medan = sorted(self._medan_ubah[model])
            if model is ItemAnggaran:
                # Its history also keeps the links (m2m) as they are at each change.
                ItemAnggaran.objects.bulk_update(ubah, medan)
                riwayat = ItemAnggaran.history.bulk_history_create(ubah, update=True, default_change_reason=None)
                tersimpan = self.tautan_tersimpan()
                self._riwayat_tautan(riwayat, ubah, lambda nama, item, t=tersimpan: t[nama].get(item.pk, {}))
            else:
                bulk_update_with_history(ubah, model, medan, default_change_reason=None)
        for obj, nama, objs in self._m2m:
            getattr(obj, nama).set(objs)
        self._tulis_tautan()

    @staticmethod
    def _lapisan(model, objs):
        """New records in groups that can be inserted in turn: a record pointing to a new record
        of its own model (parent jabatan, sasaran or budget item, composite indicator, PK atasan)
        comes in a later group than it."""
        if not objs:
            return []
        sendiri = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is model]
        if not sendiri:
            return [objs]
        baru = {id(o) for o in objs}
        dalam = {}

        def kedalaman(o):
            if id(o) not in dalam:
                dalam[id(o)] = 0  # a cycle cannot occur (clean() refuses it); this only guards
                induk = [f.get_cached_value(o) for f in sendiri if f.is_cached(o)]
                dalam[id(o)] = max([kedalaman(i) + 1 for i in induk if i is not None and id(i) in baru], default=0)
            return dalam[id(o)]

        lapis = defaultdict(list)
        for o in objs:
            lapis[kedalaman(o)].append(o)
        return [lapis[k] for k in sorted(lapis)]

    @staticmethod
    def _sambung(obj):
        """Point the record's FKs at the written records' real pks."""
        for f in obj._meta.concrete_fields:
            if not f.is_relation:
                continue
            if f.is_cached(obj):
                rel = f.get_cached_value(obj)
                if rel is None:
                    continue
                if rel.pk is None or rel.pk < 0:
                    raise RuntimeError(f"{obj._meta.label}.{f.name}: rekaman induk belum ditulis.")
                if getattr(obj, f.attname) != rel.pk:
                    setattr(obj, f.name, rel)
            elif (getattr(obj, f.attname) or 0) < 0:
                raise RuntimeError(f"{obj._meta.label}.{f.name}: pk sementara tanpa rekaman.")

    def _tulis_tautan(self):
        """Budget items' links (sasaran, indicators): rows deleted and added in one query each, and a
        history row of each item whose links changed, with the links after the change."""
        if not self._tautan:
            return
        akhir = {nama: {} for nama in _TAUTAN_ANGGARAN}  # m2m name -> id(item) -> {target id: row id}
        item_diubah = {}
        for nama in _TAUTAN_ANGGARAN:
            f = ItemAnggaran._meta.get_field(nama)
            through = f.remote_field.through
            sumber, tujuan = f.m2m_field_name(), f.m2m_reverse_field_name()
            hapus, tambah = [], []
            for item, n, objs, tersimpan in self._tautan:
                if n != nama:
                    continue
                ingin = dict.fromkeys(o.pk for o in objs)
                hapus += [row_id for target_id, row_id in tersimpan.items() if target_id not in ingin]
                for target_id in ingin:
                    if target_id in tersimpan:
                        ingin[target_id] = tersimpan[target_id]
                    else:
                        tambah.append((ingin, through(**{f"{sumber}_id": item.pk, f"{tujuan}_id": target_id})))
                akhir[nama][id(item)] = ingin
                item_diubah[id(item)] = item
            if hapus:
                through.objects.filter(pk__in=hapus).delete()
            if tambah:
                through.objects.bulk_create([row for _, row in tambah])
                for ingin, row in tambah:
                    ingin[getattr(row, f"{tujuan}_id")] = row.pk
        items = list(item_diubah.values())
        riwayat = ItemAnggaran.history.bulk_history_create(items, update=True, default_change_reason=None)
        tersimpan = self.tautan_tersimpan()

        def tautan(nama, item):
            if id(item) in akhir[nama]:
                return akhir[nama][id(item)]
            return tersimpan[nama].get(item.pk, {})

        self._riwayat_tautan(riwayat, items, tautan)

    @staticmethod
    def _riwayat_tautan(riwayat, items, tautan):
        """The m2m rows of ItemAnggaran history rows (as django-simple-history writes on save())."""
        if not riwayat:
            return
        model_riwayat = ItemAnggaran.history.model
        for nama in _TAUTAN_ANGGARAN:
            f = ItemAnggaran._meta.get_field(nama)
            sumber, tujuan = f.m2m_field_name(), f.m2m_reverse_field_name()
            m2m = next(
                rel.related_model
                for rel in model_riwayat._meta.related_objects
                if rel.field.name == "history" and any(x.name == tujuan for x in rel.related_model._meta.fields)
            )
            m2m.objects.bulk_create(
                [
                    m2m(history=h, id=row_id, **{f"{sumber}_id": item.pk, f"{tujuan}_id": target_id})
                    for h, item in zip(riwayat, items, strict=True)
                    for target_id, row_id in tautan(nama, item).items()
                ]
            )

    def lepas_sementara(self):
        """Records never written lose their provisional pks (a result's office is then unsaved)."""
        for objs in self._baru.values():
            for obj in objs:
                if _sementara(obj):
                    obj.pk = None
        for objs in self._baru.values():
            for obj in objs:
                for f in obj._meta.concrete_fields:
                    if f.is_relation and f.is_cached(obj) and f.get_cached_value(obj) is not None:
                        setattr(obj, f.name, f.get_cached_value(obj))
