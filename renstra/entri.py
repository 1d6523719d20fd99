"""The Renstra grid: every indicator of a Renstra with its yearly targets, saved cell by cell.

One form per indicator (sakip.isian): name, unit, direction, IKU flag, end target and the target
of every Renstra year (with its upper bound for a range indicator), each input carrying the
value it was loaded with. A save writes only the cells the person changed, compares each with
the value stored now under the office lock (a cell someone else changed since the page was
loaded is a conflict, shown with both values) and is all or nothing. Numbers are read by the
indicator's kind (sakip.angka): "78.000" is 78000 in a count target and refused as ambiguous
in a percentage.

Keys: ``i-<indikator id>-nama`` / ``-satuan`` / ``-arah`` / ``-iku`` / ``-akhir`` /
``-t<tahun>`` / ``-t<tahun>_atas``, each with its hidden ``initial-…`` starting value.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sakip.angka import jenis_angka
from sakip.isian import (
    AngkaField,
    AreaTeks,
    BarisIsian,
    CentangField,
    FormIsian,
    HasilIsian,
    PilihanField,
    TeksField,
    lengkapi_awal,
    pesan_validasi,
)
from sakip.kunci import baca_peta, kunci_opd
from sakip.perubahan import umumkan

from .layanan import indikator_renstra
from .models import Indikator, TargetIndikator, validasi_nilai

RENTANG = "rentang"  # the range direction (sakip.rumus.dasar.Arah.RENTANG; renstra does not import kinerja)
ARAH = [(v, v) for v, _ in Indikator._meta.get_field("arah").choices]
MEDAN_INDIKATOR = ["nama", "satuan", "arah", "iku", "target_akhir", "target_akhir_teks"]


class FormIndikatorRenstra(FormIsian):
    """One row of the Renstra grid."""

    # A textarea: a long indicator name wraps in its cell instead of hiding behind the input's edge.
    nama = TeksField(label="nama", widget=AreaTeks(attrs={"rows": 2}))
    satuan = TeksField(label="satuan", max_length=40)
    arah = PilihanField(label="arah", choices=ARAH)
    iku = CentangField(label="IKU")
    akhir = AngkaField(label="target akhir")

    def __init__(self, *args, indikator, tahun, **kwargs):
        self.indikator = indikator
        self.tahun = list(tahun)
        super().__init__(*args, **kwargs)
        ind, f = indikator, self.fields
        # Numbers are read by the unit typed in this very save (a unit changed with its targets).
        satuan = self.data.get(self.add_prefix("satuan")) if self.is_bound else None
        jenis = jenis_angka(satuan or ind.satuan, ind.presisi)
        arah = self.data.get(self.add_prefix("arah")) if self.is_bound else None
        # A direction just changed to "rentang" brings the upper-bound inputs with it.
        self.rentang = (arah if arah in dict(ARAH) else ind.arah) == RENTANG
        if ind.predikat:
            f["akhir"] = TeksField(label="target akhir", max_length=20)
        else:
            f["akhir"].jenis = jenis
        for th in self.tahun:
            bawah = " batas bawah" if self.rentang else ""
            if ind.predikat:
                f[f"t{th}"] = TeksField(label=f"target {th}", max_length=20)
            else:
                f[f"t{th}"] = AngkaField(label=f"target {th}", jenis=jenis)
            f[f"t{th}"].widget.attrs.update({"class": "angka sempit", "aria-label": f"Target {th}{bawah} {ind.kode}"})
            if self.rentang and not ind.predikat:
                f[f"t{th}_atas"] = AngkaField(label=f"batas atas target {th}", jenis=jenis)
                f[f"t{th}_atas"].widget.attrs.update(
                    {"class": "angka sempit", "aria-label": f"Target {th} batas atas {ind.kode}"}
                )
        f["nama"].widget.attrs.update({"class": "input-nama", "aria-label": f"Nama indikator {ind.kode}"})
        f["satuan"].widget.attrs.update(
            {"class": "input-satuan", "list": "daftar-satuan", "aria-label": f"Satuan {ind.kode}"}
        )
        f["arah"].widget.attrs.update({"aria-label": f"Arah {ind.kode}"})
        f["iku"].widget.attrs.update({"aria-label": f"IKU {ind.kode}"})
        f["akhir"].widget.attrs.update({"class": "angka sempit", "aria-label": f"Target akhir {ind.kode}"})

    def kwargs_tambahan(self):
        return {"indikator": self.indikator, "tahun": self.tahun}

    @staticmethod
    def awal_dari(ind, per_tahun, tahun):
        """The values a stored indicator and its targets show in the row's inputs."""
        awal = {
            "nama": ind.nama,
            "satuan": ind.satuan,
            "arah": ind.arah,
            "iku": ind.iku,
            "akhir": ind.target_akhir_teks if ind.predikat else ind.target_akhir,
        }
        for th in tahun:
            t = per_tahun.get(th)
            awal[f"t{th}"] = (t.nilai_teks if ind.predikat else t.nilai) if t else None
            awal[f"t{th}_atas"] = t.nilai_atas if t else None
        return awal

    def sel_tahun(self):
        """[(tahun, target input, upper-bound input or None)] for the template."""
        return [
            (th, self[f"t{th}"], self[f"t{th}_atas"] if f"t{th}_atas" in self.fields else None) for th in self.tahun
        ]


@dataclass
class BarisRenstra(BarisIsian):
    indikator: Indikator | None = None
    form: FormIndikatorRenstra | None = None


def baris_renstra(renstra, data=None):
    """The rows of the grid: every indicator of the Renstra, its form bound to `data` when given."""
    baris = []
    for ind in indikator_renstra(renstra):
        per_tahun = {t.tahun: t for t in ind.target_set.all()}
        form = FormIndikatorRenstra(
            data,
            prefix=f"i-{ind.id}",
            indikator=ind,
            tahun=renstra.tahun,
            initial=FormIndikatorRenstra.awal_dari(ind, per_tahun, renstra.tahun),
        )
        baris.append(BarisRenstra(indikator=ind, form=form))
    return baris


def _pesan_target(ind, nilai, atas, teks, target=True):
    """Messages on a target (to follow "target 2024: "), starting lower-case."""
    try:
        validasi_nilai(ind, nilai, teks, atas, target=target)
    except ValidationError as exc:
        return [m[0].lower() + m[1:] for m in exc.messages]
    return []


def _terapkan(b, ind, per_tahun, tahun, ubahan, peta):
    """Apply a row's changed cells to the stored indicator and its targets (re-read under the
    lock); messages go to the row: what cannot be read or stored, what an approved period
    freezes (`peta`). Returns (indicator changed?, new targets, changed targets)."""
    nama = ind.nama
    awal_ind = [getattr(ind, m) for m in MEDAN_INDIKATOR]
    lama_ind = copy.copy(ind)
    lama_t = {th: copy.copy(t) for th, t in per_tahun.items()}
    for medan in ("nama", "satuan"):
        if medan in ubahan:
            if not (ubahan[medan] or "").strip():
                b.galat.append(f"{nama}: {medan} indikator tidak boleh kosong.")
                b.form.tandai_galat(medan)
            else:
                setattr(ind, medan, ubahan[medan].strip())
    if "arah" in ubahan:
        if not ubahan["arah"]:
            b.galat.append(f"{nama}: arah harus dipilih.")
        else:
            ind.arah = ubahan["arah"]
    if "iku" in ubahan:
        ind.iku = bool(ubahan["iku"])
    if "akhir" in ubahan:
        if ind.predikat:
            ind.target_akhir_teks = ubahan["akhir"] or ""
        else:
            ind.target_akhir = ubahan["akhir"]
        pesan_akhir = [
            f"{nama}, target akhir: {p}"
            for p in _pesan_target(ind, ind.target_akhir, None, ind.target_akhir_teks, target=False)
        ]
        if pesan_akhir:
            b.galat += pesan_akhir
            b.form.tandai_galat("akhir")
    arah_diubah, rentang = "arah" in ubahan, ind.arah == RENTANG
    baru, ubah = [], []
    for th in tahun:
        k, ka = f"t{th}", f"t{th}_atas"
        t = per_tahun.get(th)
        if k not in ubahan and ka not in ubahan and not (arah_diubah and t is not None):
            continue
        if t is None:
            t = TargetIndikator(indikator=ind, tahun=th)
        sebelum = (t.nilai, t.nilai_atas, t.nilai_teks)
        if k in ubahan:
            if ind.predikat:
                t.nilai_teks = ubahan[k] or ""
            else:
                t.nilai = ubahan[k]
        if ka in ubahan:
            t.nilai_atas = ubahan[ka]
        if arah_diubah and not rentang:
            t.nilai_atas = None  # the indicator is no longer a range: its upper bounds go with it
        pesan_t = [f"{nama}, target {th}: {p}" for p in _pesan_target(ind, t.nilai, t.nilai_atas, t.nilai_teks)]
        if pesan_t:
            b.galat += pesan_t
            b.form.tandai_galat(*(m for m in (k, ka) if m in b.form.fields))
        if (t.nilai, t.nilai_atas, t.nilai_teks) == sebelum:
            continue  # stored as typed already (someone else typed the same): no history row
        b.galat += [f"{nama}, target {th}: {p}" for p in _pesan_medan(t, exclude=["indikator"])]
        pesan = peta.pesan_perubahan(lama_t.get(th), t)
        if pesan:
            b.galat.append(f"{nama}: {pesan}")
        (ubah if t.pk is not None else baru).append(t)
    berubah = [getattr(ind, m) for m in MEDAN_INDIKATOR] != awal_ind
    if berubah:
        relasi = [f.name for f in Indikator._meta.concrete_fields if f.is_relation]
        b.galat += [f"{nama}: {p}" for p in _pesan_medan(ind, exclude=relasi)]
        pesan = peta.pesan_perubahan(lama_ind, ind)
        if pesan:
            b.galat.append(pesan)
    return berubah, baru, ubah


def _pesan_medan(obj, exclude):
    """The field checks of a record the grid writes in bulk (digits, decimals, lengths)."""
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return pesan_validasi(exc)
    return []


def simpan_grid_renstra(renstra, data, user=None):
    """Save the Renstra grid posted as `data`: only changed cells, all or nothing (HasilIsian)."""
    baris = baris_renstra(renstra, data)
    diubah = []
    for b in baris:
        form = b.form
        if not any(form.dikirim(m) for m in form.fields):
            continue  # an indicator the page did not have
        if not form.is_valid():
            b.galat += [f"{b.indikator.nama}, {form.fields[m].label}: {e}" for m, es in form.errors.items() for e in es]
        elif form.ubahan():
            diubah.append(b)
    hasil = HasilIsian(baris)
    if hasil.galat or not diubah:
        return hasil
    with transaction.atomic():
        kunci_opd(renstra.opd_id)
        kini = {ind.id: ind for ind in indikator_renstra(renstra)}  # as stored now
        peta = baca_peta([renstra.opd_id])
        ubah_ind, baru_t, ubah_t = [], [], []
        for b in diubah:
            ind = kini.get(b.indikator.id)
            if ind is None:
                b.galat.append(f"{b.indikator.nama}: indikator ini sudah dihapus; muat ulang halaman.")
                continue
            per_tahun = {t.tahun: t for t in ind.target_set.all()}
            sekarang = FormIndikatorRenstra.awal_dari(ind, per_tahun, renstra.tahun)
            b.konflik = b.form.konflik(sekarang)
            if b.konflik:
                b.form = b.form.dengan_awal(sekarang)
                continue
            n_galat = len(b.galat)
            berubah, baru, ubah = _terapkan(b, ind, per_tahun, renstra.tahun, b.form.ubahan(), peta)
            if len(b.galat) > n_galat:
                b.form = lengkapi_awal(b.form, sekarang)
                continue
            if berubah:
                ubah_ind.append(ind)
            baru_t += baru
            ubah_t += ubah
        if not hasil.berhasil:
            transaction.set_rollback(True)
            return hasil
        if ubah_ind:
            bulk_update_with_history(ubah_ind, Indikator, MEDAN_INDIKATOR, default_user=user)
        if baru_t:
            bulk_create_with_history(baru_t, TargetIndikator, default_user=user)
        if ubah_t:
            bulk_update_with_history(ubah_t, TargetIndikator, ["nilai", "nilai_atas", "nilai_teks"], default_user=user)
    hasil.disimpan = len(ubah_ind) + len(baru_t) + len(ubah_t)
    if hasil.disimpan:
        umumkan(renstra.opd_id, None)  # targets of every year of the plan
    return hasil
