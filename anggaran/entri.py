"""Budget realisation grid: cumulative spending of every leaf item for a quarter, totals rolled up.

One form per leaf (sakip.isian) carrying the figure it was loaded with. A save writes only the
figures the person changed, under the office lock after reading the stored rows again: a figure
someone else changed since the page was loaded is a conflict shown with both amounts, and nothing
is saved. The rules are those of every door (anggaran.aturan.periksa_perubahan), judged on the
item's quarters before and after the change. A quarter an approved period freezes
(kinerja.penguncian) is read-only. Amounts are Rupiah: a dot groups thousands ("250.000").

Keys: ``ra-<item id>-nilai`` with its hidden ``initial-ra-<item id>-nilai``; a cleared figure
removes that quarter's figure (the report then carries the earlier quarter's forward).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kinerja.alur import GalatAlur, periksa_boleh_isi
from kinerja.penguncian import PetaKunci
from sakip import rumus
from sakip.akses import Aksi, boleh
from sakip.angka import JenisAngka
from sakip.formatting import format_angka
from sakip.isian import AngkaField, BarisIsian, FormIsian, HasilIsian
from sakip.kunci import kunci_opd
from sakip.models import MetodologiPemda
from sakip.perubahan import umumkan

from .aturan import periksa_perubahan
from .models import Pagu, RealisasiAnggaran
from .ringkasan import NOL, realisasi_sampai, ringkas_anggaran


def nilai_isian(nilai):
    """A Rupiah amount as an input value, grouped ("3.402.939.801"); the grid reads dots as thousands."""
    if nilai is None:
        return ""
    return format_angka(
        nilai.quantize(Decimal(1)) if nilai == nilai.to_integral_value() else nilai.quantize(Decimal("0.01"))
    )


class RupiahField(AngkaField):
    """A Rupiah amount, shown grouped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("jenis", JenisAngka.RUPIAH)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return nilai_isian(value) if isinstance(value, Decimal) else value


class FormRealisasiAnggaran(FormIsian):
    """The cumulative spending of one leaf item up to the end of the quarter."""

    nilai = RupiahField(label="Realisasi")

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)
        self.fields["nilai"].label = f"Realisasi {item.kode}"
        self.fields["nilai"].widget.attrs.update({"class": "angka lebar", "aria-label": f"Realisasi {item.kode}"})

    def kwargs_tambahan(self):
        return {"item": self.item}


@dataclass
class BarisAnggaran(BarisIsian):
    simpul: object = None  # anggaran.ringkasan.Simpul
    form: FormRealisasiAnggaran | None = None  # leaves only


@dataclass
class HasilAnggaran(HasilIsian):
    ringkasan: object = None


def periode_triwulan(triwulan):
    return rumus.Periode.dari_triwulan(triwulan)


def pesan_tertutup(opd, tahun, triwulan, peta=None):
    """Why the budget realisation up to `triwulan` cannot change now, or None."""
    peta = peta or PetaKunci.baca([opd.pk], tahun)
    return peta.triwulan(opd.pk, tahun, triwulan, "Realisasi anggaran")


def periksa_boleh_isi_anggaran(user, opd, tahun, triwulan, peta=None):
    """Raise GalatAlur unless `user` may enter the budget realisation up to `triwulan` now."""
    if not boleh(user, Aksi.UBAH, opd):
        raise GalatAlur("Anda tidak berwenang mengisi data OPD ini.")
    peta = peta or PetaKunci.baca([opd.pk], tahun)
    pesan = pesan_tertutup(opd, tahun, triwulan, peta)
    if pesan:
        raise GalatAlur(pesan)
    periksa_boleh_isi(user, opd, tahun, f"TW{triwulan}", peta=peta)  # the entry window of the quarter


def baris_grid(opd, tahun, triwulan, data=None):
    """The budget tree of the quarter, one row per item; a leaf's form bound to `data` when given."""
    ringkasan = ringkas_anggaran(opd, tahun, periode_triwulan(triwulan))
    baris = []
    for s in ringkasan.semua_simpul():
        form = None
        if s.daun:
            sendiri = next((r for r in s.item.realisasi_set.all() if r.triwulan == triwulan), None)
            form = FormRealisasiAnggaran(
                data, prefix=f"ra-{s.item.id}", item=s.item, initial={"nilai": sendiri.nilai if sendiri else None}
            )
        baris.append(BarisAnggaran(simpul=s, form=form))
    return ringkasan, baris


def masukan(baris):
    """{item id: typed figure (None: cleared)} of the leaves whose figure was changed and can be read."""
    hasil = {}
    for b in baris:
        if b.form is not None and b.form.dikirim("nilai") and b.form.is_valid() and "nilai" in b.form.ubahan():
            hasil[b.simpul.item.id] = b.form.cleaned_data["nilai"]
    return hasil


def gulung_dengan_masukan(ringkasan, masukan):
    """Totals of every item with the typed leaf figures: {item id: (realisasi, serapan HasilPersen)}."""
    triwulan = ringkasan.periode.triwulan_akhir
    hasil = {}

    def gulung(s):
        if s.anak:
            total = sum((gulung(a) for a in s.anak), NOL)
        elif s.item.id not in masukan:
            total = s.realisasi  # untouched: the stored (or carried-forward) figure
        elif masukan[s.item.id] is None:
            # A cleared figure: the latest earlier quarter's is carried forward.
            sebelumnya = [r for r in s.item.realisasi_set.all() if r.triwulan < triwulan]
            total = realisasi_sampai(sebelumnya, triwulan)[0] or NOL
        else:
            total = masukan[s.item.id]
        hasil[s.item.id] = (total, _serapan_sementara(total, s.pagu, ringkasan.metodologi))
        return total

    for s in ringkasan.program:
        gulung(s)
    total = sum((hasil[s.item.id][0] for s in ringkasan.program), NOL)
    return hasil, (total, _serapan_sementara(total, ringkasan.pagu, ringkasan.metodologi))


def _serapan_sementara(realisasi, pagu, metodologi):
    """Serapan of a figure still being typed: an impossible one (negative, or spent without a
    pagu) has no serapan yet; Simpan refuses it with the rule's message."""
    try:
        return rumus.serapan(realisasi, pagu, metodologi)
    except rumus.GalatRumus as galat:
        return rumus.HasilPersen(None, None, str(galat))


def simpan_realisasi_anggaran(user, opd, tahun, triwulan, data):
    """Save the grid of `triwulan` posted as `data`: only changed figures, all or nothing.

    Raises GalatAlur when entry is closed (no right, a frozen quarter, outside the entry window).
    """
    periksa_boleh_isi_anggaran(user, opd, tahun, triwulan)
    ringkasan, baris = baris_grid(opd, tahun, triwulan, data)
    diubah = []
    for b in baris:
        if b.form is None or not b.form.dikirim("nilai"):
            continue  # a parent, or an item the page did not have
        if not b.form.is_valid():
            b.galat += [e for es in b.form.errors.values() for e in es]
        elif "nilai" in b.form.ubahan():
            diubah.append(b)
    hasil = HasilAnggaran(baris, ringkasan=ringkasan)
    if hasil.galat or not diubah:
        return hasil
    izinkan = MetodologiPemda.objects.filter(pemda_id=opd.pemda_id, izinkan_realisasi_melebihi_pagu=True).exists()
    with transaction.atomic():
        kunci_opd(opd.pk)
        periksa_boleh_isi_anggaran(user, opd, tahun, triwulan, peta=PetaKunci.baca([opd.pk], tahun))
        # The item's figures and pagu as stored now: another save may have committed since.
        ids = [b.simpul.item.id for b in diubah]
        tersimpan, pagu = defaultdict(dict), defaultdict(list)
        for r in RealisasiAnggaran.objects.filter(item_id__in=ids):
            tersimpan[r.item_id][r.triwulan] = r
        for p in Pagu.objects.filter(item_id__in=ids).order_by("urutan"):
            pagu[p.item_id].append(p)
        baru, ubah, hapus = [], [], []
        for b in diubah:
            item, ada = b.simpul.item, tersimpan[b.simpul.item.id]
            r = ada.get(triwulan)
            sekarang = {"nilai": r.nilai if r else None}
            b.konflik = b.form.konflik(sekarang)
            if b.konflik:
                b.form = b.form.dengan_awal(sekarang)
                continue
            nilai = b.form.cleaned_data["nilai"]
            if (r.nilai if r else None) == nilai:
                continue  # stored as typed already
            # The rules on the item's quarters before and after: only what this change causes refuses it.
            kini = {tw: x.nilai for tw, x in ada.items()}
            b.galat += list(
                periksa_perubahan(
                    tahun, kini, {**kini, triwulan: nilai}, pagu[item.id], izinkan_melebihi_pagu=izinkan
                ).values()
            )
            if b.galat:
                b.form.tandai_galat("nilai")
                continue
            if nilai is None:
                hapus.append(r)
            elif r is None:
                baru.append(RealisasiAnggaran(item=item, triwulan=triwulan, nilai=nilai))
            else:
                r.nilai = nilai
                ubah.append(r)
        if not hasil.berhasil:
            transaction.set_rollback(True)
            return hasil
        if baru:
            bulk_create_with_history(baru, RealisasiAnggaran, default_user=user)
        if ubah:
            bulk_update_with_history(ubah, RealisasiAnggaran, ["nilai"], default_user=user)
        for r in hapus:
            r._history_user = user
            # The period was checked above under the lock: Model.delete, not the guarded one.
            models.Model.delete(r)
    hasil.disimpan = len(baru) + len(ubah) + len(hapus)
    if hasil.disimpan:
        umumkan(opd.pk, tahun)
    return hasil
