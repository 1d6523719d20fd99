"""The PK editor and the rencana aksi grid: every cell carries the value it was loaded with.

A save writes only the cells the person changed (sakip.isian), under the office lock, after
reading the stored rows again: a cell someone else changed since the page was loaded is a
conflict shown with both values, and nothing is saved. A PK that is set, or in force for an
approved period, keeps its targets; the rencana aksi of a frozen quarter do not change
(kinerja.penguncian). A value far outside its unit's plausible range asks for a confirmation
per row ("Nilai ini benar").

Keys: PK editor ``t-<item id>-target`` / ``-target_atas`` (range indicators) / ``-yakin``;
rencana aksi ``ra-<item id>-<tw>-target`` / ``-target_atas`` / ``-aksi`` and the row's
confirmation ``ra-<item id>-yakin``; each input with its hidden ``initial-…`` starting value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sakip import rumus
from sakip.akses import Aksi, boleh
from sakip.angka import jenis_angka, kewajaran
from sakip.isian import (
    AngkaField,
    BarisIsian,
    FormIsian,
    HasilIsian,
    InputCentang,
    TeksField,
    galat_form,
    pesan_validasi,
)
from sakip.kunci import kunci_opd
from sakip.perubahan import umumkan

from .layanan import GalatPK
from .models import ItemPK, PerjanjianKinerja, RencanaAksi
from .penguncian import PetaKunci

TRIWULAN = (1, 2, 3, 4)
MEDAN_TARGET = ("target", "target_atas")


def rentang(indikator):
    return indikator.arah == rumus.Arah.RENTANG


def awal_target(obj, indikator):
    """The values a stored item or rencana aksi (or None) shows in its target inputs."""
    if obj is None:
        return {"target": None, "target_atas": None}
    return {"target": obj.target_teks if indikator.predikat else obj.target, "target_atas": obj.target_atas}


class FormTarget(FormIsian):
    """The target of one indicator (the predicate of a predicate indicator; both bounds of a range)."""

    target = AngkaField(label="Target")
    target_atas = AngkaField(label="Batas atas target")
    yakin = forms.BooleanField(label="Nilai ini benar", required=False, widget=InputCentang)

    def __init__(self, *args, indikator, keterangan="", **kwargs):
        self.indikator = indikator
        self.keterangan = keterangan  # the quarter of a rencana aksi cell ("TW 3"), shown in labels
        super().__init__(*args, **kwargs)
        f = self.fields
        tw = f" {keterangan}" if keterangan else ""
        if indikator.predikat:
            f["target"] = TeksField(label=f"Target{tw} (predikat)", max_length=20)
        else:
            f["target"].jenis = jenis_angka(indikator.satuan, indikator.presisi)
            f["target"].label = f"Target{tw}"
        kelas = "angka sempit" if rentang(indikator) else "angka"
        if rentang(indikator):
            f["target"].label = f"Batas bawah target{tw}"
            f["target_atas"].label = f"Batas atas target{tw}"
            f["target_atas"].jenis = jenis_angka(indikator.satuan, indikator.presisi)
            f["target_atas"].widget.attrs.update(
                {"class": kelas, "aria-label": f"Target{tw} batas atas {indikator.nama}"}
            )
        else:
            del f["target_atas"]
        bawah = " batas bawah" if rentang(indikator) else ""
        f["target"].widget.attrs.update({"class": kelas, "aria-label": f"Target{tw}{bawah} {indikator.nama}"})

    def kwargs_tambahan(self):
        return {"indikator": self.indikator, "keterangan": self.keterangan}

    def ubahan_isian(self):
        """{field: value} of the cells the person changed (the confirmation box is no cell)."""
        return {m: v for m, v in self.ubahan().items() if m != "yakin"}

    def dikirim_isian(self):
        return any(self.dikirim(m) for m in self.fields if m != "yakin")

    def terapkan(self, obj, ubahan):
        """Write the changed cells into a stored (or new) ItemPK / RencanaAksi."""
        for medan, nilai in ubahan.items():
            if medan == "target" and self.indikator.predikat:
                obj.target_teks = nilai or ""
            elif medan == "aksi":
                obj.rencana_aksi = nilai or ""
            else:
                setattr(obj, medan, nilai)

    def kewajaran(self, ubahan, awalan=""):
        """Warnings on the changed numbers that are far outside their unit's plausible range."""
        if self.indikator.predikat:
            return []
        ind = self.indikator
        jenis = jenis_angka(ind.satuan, ind.presisi)
        return [f"{awalan}{p}" for m in MEDAN_TARGET if m in ubahan for p in kewajaran(ubahan[m], jenis, ind.satuan)]


class FormTargetPK(FormTarget):
    """A row of the PK editor: the item's target for the year."""


class FormRencanaAksi(FormTarget):
    """One quarter of a rencana aksi row: its target and the actions planned."""

    yakin = None  # confirmed per row (FormYakin), not per quarter
    aksi = TeksField(label="Rencana aksi")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aksi"].label = f"Rencana aksi {self.keterangan}"
        self.fields["aksi"].widget.attrs.update(
            {
                "class": "aksi-ra",
                "placeholder": "rencana aksi",
                "aria-label": f"Rencana aksi {self.keterangan} {self.indikator.nama}",
            }
        )

    @staticmethod
    def awal_dari(ra, indikator):
        return {**awal_target(ra, indikator), "aksi": ra.rencana_aksi if ra else ""}


class FormYakin(forms.Form):
    """The confirmation of a rencana aksi row whose values are implausible."""

    yakin = forms.BooleanField(label="Nilai ini benar", required=False, widget=InputCentang)


def periksa_boleh_ubah(user, perjanjian):
    if user is not None and not boleh(user, Aksi.UBAH, perjanjian.opd):
        raise GalatPK("Anda tidak berwenang mengubah data OPD ini.")


# --------------------------------------------------------------------------- PK editor


@dataclass
class BarisPK(BarisIsian):
    item: ItemPK | None = None
    form: FormTargetPK | None = None

    @property
    def rentang(self):
        return "target_atas" in self.form.fields


def baris_pk(perjanjian, data=None):
    """The rows of the PK editor: every item of `perjanjian`, its form bound to `data` when given."""
    items = perjanjian.item_set.select_related("sasaran", "indikator").order_by("urutan", "id")
    return [
        BarisPK(
            item=i,
            form=FormTargetPK(data, prefix=f"t-{i.id}", indikator=i.indikator, initial=awal_target(i, i.indikator)),
        )
        for i in items
    ]


def simpan_isian_pk(user, perjanjian, data):
    """Save the PK editor posted as `data`; only changed cells, all or nothing (HasilIsian)."""
    periksa_boleh_ubah(user, perjanjian)
    baris = baris_pk(perjanjian, data)
    dikirim = []
    for b in baris:
        if not b.form.dikirim_isian():
            continue  # a row the page did not have
        dikirim.append(b)
        if not b.form.is_valid():
            b.galat += galat_form(b.form)
    hasil = HasilIsian(baris)
    if hasil.galat:
        return hasil
    diubah = [b for b in dikirim if b.form.ubahan_isian()]
    if not diubah:
        return hasil
    with transaction.atomic():
        kunci_opd(perjanjian.opd_id)
        kini = PerjanjianKinerja.objects.get(pk=perjanjian.pk)
        pesan = PetaKunci.baca([kini.opd_id], kini.tahun).perjanjian(kini)
        if pesan:
            hasil.tambah_pesan(pesan)
            return hasil
        tersimpan = ItemPK.objects.in_bulk([b.item.id for b in diubah])
        ubah = []
        for b in diubah:
            item, ind = tersimpan.get(b.item.id), b.item.indikator
            if item is None:
                b.galat.append("Indikator ini sudah dihapus dari PK; muat ulang halaman.")
                continue
            item.indikator, item.perjanjian = ind, kini  # known: no query per row in clean()
            sekarang = awal_target(item, ind)
            b.konflik = b.form.konflik(sekarang)
            if b.konflik:
                b.form = b.form.dengan_awal(sekarang)
                continue
            ubahan = b.form.ubahan_isian()
            sebelum = (item.target, item.target_atas, item.target_teks)
            b.form.terapkan(item, ubahan)
            if (item.target, item.target_atas, item.target_teks) == sebelum:
                continue  # stored as typed already (someone else typed the same): no history row
            try:
                item.full_clean(
                    exclude=["perjanjian", "sasaran", "indikator"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                b.galat += pesan_validasi(exc)
                continue
            if not b.form.cleaned_data.get("yakin"):
                b.peringatan = b.form.kewajaran(ubahan)
                if b.peringatan:
                    continue
            ubah.append(item)
        if not hasil.berhasil:
            transaction.set_rollback(True)
            return hasil
        bulk_update_with_history(ubah, ItemPK, ["target", "target_atas", "target_teks"], default_user=user)
    hasil.disimpan = len(ubah)
    if hasil.disimpan:
        umumkan(perjanjian.opd_id, perjanjian.tahun)
    return hasil


# --------------------------------------------------------------------------- rencana aksi


@dataclass
class KolomRA:
    triwulan: int
    form: FormRencanaAksi
    ra: RencanaAksi | None = None
    terkunci: str | None = None  # why this quarter cannot change (kinerja.penguncian)


@dataclass
class BarisRA(BarisIsian):
    item: ItemPK | None = None
    kolom: list = field(default_factory=list)
    form_yakin: FormYakin | None = None

    @property
    def rentang(self):
        return rentang(self.item.indikator)


def baris_rencana_aksi(perjanjian, data=None, peta=None):
    """The rows of the rencana aksi grid: every item of `perjanjian` with its four quarters; a frozen
    quarter's inputs are read-only (its `terkunci` says why)."""
    items = list(perjanjian.item_set.select_related("sasaran", "indikator").order_by("urutan", "id"))
    ada = {(r.item_id, r.triwulan): r for r in RencanaAksi.objects.filter(item__in=items)}
    peta = peta or PetaKunci.baca([perjanjian.opd_id], perjanjian.tahun)
    terkunci = {tw: peta.triwulan(perjanjian.opd_id, perjanjian.tahun, tw, "Rencana aksi") for tw in TRIWULAN}
    baris = []
    for item in items:
        kolom = []
        for tw in TRIWULAN:
            ra = ada.get((item.id, tw))
            form = FormRencanaAksi(
                data,
                prefix=f"ra-{item.id}-{tw}",
                indikator=item.indikator,
                keterangan=f"TW {tw}",
                initial=FormRencanaAksi.awal_dari(ra, item.indikator),
            )
            kolom.append(KolomRA(tw, form, ra, terkunci[tw]))
        baris.append(BarisRA(item=item, kolom=kolom, form_yakin=FormYakin(data, prefix=f"ra-{item.id}")))
    return baris


def tampilkan_terkunci(baris, hanya_baca=False):
    """Inputs of frozen quarters (every input with `hanya_baca`) become read-only: a browser then
    posts nothing for them."""
    for b in baris:
        for k in b.kolom:
            if k.terkunci or hanya_baca:
                for f in k.form.fields.values():
                    f.disabled = True


def simpan_rencana_aksi(user, perjanjian, data):
    """Save the rencana aksi grid posted as `data`; only changed cells, all or nothing."""
    periksa_boleh_ubah(user, perjanjian)
    baris = baris_rencana_aksi(perjanjian, data)
    diubah = []  # (row, column) with changed cells
    for b in baris:
        for k in b.kolom:
            if not k.form.dikirim_isian():
                continue
            if not k.form.is_valid():
                b.galat += galat_form(k.form, f"TW {k.triwulan}, ")
            elif k.form.ubahan_isian():
                diubah.append((b, k))
    hasil = HasilIsian(baris)
    if hasil.galat or not diubah:
        return hasil
    with transaction.atomic():
        kunci_opd(perjanjian.opd_id)
        peta = PetaKunci.baca([perjanjian.opd_id], perjanjian.tahun)
        tersimpan = {
            (r.item_id, r.triwulan): r for r in RencanaAksi.objects.filter(item_id__in=[b.item.id for b, _ in diubah])
        }
        baru, ubah = [], []
        for b, k in diubah:
            tw, ind = k.triwulan, b.item.indikator
            terkunci = peta.triwulan(perjanjian.opd_id, perjanjian.tahun, tw, "Rencana aksi")
            if terkunci:
                b.galat.append(f"TW {tw}: terkunci; perubahannya tidak dapat disimpan.")
                hasil.tambah_pesan(terkunci)
                continue
            r = tersimpan.get((b.item.id, tw))
            sekarang = FormRencanaAksi.awal_dari(r, ind)
            konflik = k.form.konflik(sekarang)
            if konflik:
                b.konflik += konflik
                k.form = k.form.dengan_awal(sekarang)
                continue
            r = r or RencanaAksi(item=b.item, triwulan=tw)
            r.item = b.item  # the prefetched item and indicator: no query per row in clean()
            ubahan = k.form.ubahan_isian()
            sebelum = (r.target, r.target_atas, r.target_teks, r.rencana_aksi)
            k.form.terapkan(r, ubahan)
            if r.pk and (r.target, r.target_atas, r.target_teks, r.rencana_aksi) == sebelum:
                continue  # stored as typed already: no history row
            try:
                r.full_clean(exclude=["item"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                b.galat += [f"TW {tw}: {m}" for m in pesan_validasi(exc)]
                continue
            if not (b.form_yakin.is_valid() and b.form_yakin.cleaned_data.get("yakin")):
                peringatan = k.form.kewajaran(ubahan, f"TW {tw}: ")
                if peringatan:
                    b.peringatan += peringatan
                    continue
            (ubah if r.pk else baru).append(r)
        if not hasil.berhasil:
            transaction.set_rollback(True)
            return hasil
        if baru:
            bulk_create_with_history(baru, RencanaAksi, default_user=user)
        if ubah:
            bulk_update_with_history(
                ubah, RencanaAksi, ["target", "target_atas", "target_teks", "rencana_aksi"], default_user=user
            )
    hasil.disimpan = len(baru) + len(ubah)
    if hasil.disimpan:
        umumkan(perjanjian.opd_id, perjanjian.tahun)
    return hasil
