"""The register of evaluation recommendations of an office, and the follow-up the LKjIP reports.

Every recommendation is a `RekomendasiEvaluasi`: the LHE's (written by the evaluator on the LHE
page, locked when the evaluation is final) and the ones typed in from an earlier year's letter.
The office records its follow-up on every row (steps, time, status, date, evidence); the office
and the evaluators type in earlier recommendations. The editor keeps the rule of every editor
(sakip.isian): only changed cells are written, a cell changed meanwhile by someone else is a
conflict and nothing is saved, a page saved unchanged writes nothing.

`tindak_lanjut_laporan` picks what the LKjIP of a year reports (Bab I, "Tindak Lanjut Hasil
Evaluasi"): the recommendations of the evaluations of that year and the year before, and older
ones not yet finished (or finished during the report's year).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from sakip.akses import Aksi, boleh
from sakip.isian import FormIsian, HasilIsian, InputBerkas, PilihanField, TanggalField, TeksField
from sakip.kunci import DataTerkunci, kunci_opd
from sakip.tahun import TAHUN_MAX, TAHUN_MIN
from sakip.tautan import validasi_tautan

from .models import RekomendasiEvaluasi

Status = RekomendasiEvaluasi.Status


class GalatRekomendasi(Exception):
    """A refused change; the message is for the user (Bahasa Indonesia)."""


def boleh_tindak_lanjut(user, opd) -> bool:
    """The office's people record the follow-up: its operator and pimpinan."""
    return boleh(user, Aksi.UBAH, opd) or boleh(user, Aksi.SETUJUI, opd)


def boleh_catat(user, opd) -> bool:
    """Earlier recommendations are typed in by the office or by the evaluators of its Pemda."""
    return boleh_tindak_lanjut(user, opd) or boleh(user, Aksi.REVIU, opd) or boleh(user, Aksi.KELOLA, opd)


class TeksPanjang(TeksField):
    widget = forms.Textarea


class FormTindakLanjut(FormIsian):
    """The office's follow-up of one recommendation."""

    tindak_lanjut = TeksPanjang(label="Langkah tindak lanjut", max_length=4000)
    rencana_waktu = TeksField(label="Waktu penyelesaian", max_length=100)
    status = PilihanField(label="Status", choices=Status.choices)
    tanggal_tindak_lanjut = TanggalField(label="Tanggal tindak lanjut")
    bukti_tautan = TeksField(label="Tautan bukti", max_length=500, validators=[validasi_tautan])
    bukti_berkas = forms.FileField(
        label="Berkas bukti",
        required=False,
        widget=InputBerkas,
        validators=RekomendasiEvaluasi._meta.get_field("bukti_berkas").validators,
    )

    MEDAN = ("tindak_lanjut", "rencana_waktu", "status", "tanggal_tindak_lanjut", "bukti_tautan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tindak_lanjut"].widget.attrs["rows"] = 2
        self.fields["status"].required = True
        self.fields["bukti_tautan"].widget.attrs["placeholder"] = "/opd/… atau https://…"

    @staticmethod
    def awal_dari(r):
        return {m: getattr(r, m) for m in FormTindakLanjut.MEDAN}


class FormTeks(FormIsian):
    """The text of a typed-in recommendation (not of an LHE's: that is the LHE page's)."""

    nomor_lhe = TeksField(label="Nomor surat LHE", max_length=100)
    tanggal_lhe = TanggalField(label="Tanggal surat LHE")
    komponen = TeksField(label="Komponen", max_length=200)
    kelemahan = TeksPanjang(label="Kelemahan/kekurangan", max_length=4000)
    rekomendasi = TeksPanjang(label="Saran/rekomendasi", max_length=4000)

    MEDAN = ("nomor_lhe", "tanggal_lhe", "komponen", "kelemahan", "rekomendasi")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for m in ("kelemahan", "rekomendasi"):
            self.fields[m].widget.attrs["rows"] = 2

    def clean_rekomendasi(self):
        teks = (self.cleaned_data.get("rekomendasi") or "").strip()
        if not teks and self.dikirim("rekomendasi"):
            raise forms.ValidationError("Rekomendasi wajib diisi.")
        return teks

    @staticmethod
    def awal_dari(r):
        return {m: getattr(r, m) for m in FormTeks.MEDAN}


class FormBaru(forms.Form):
    """A recommendation typed in from an earlier year's letter."""

    tahun_evaluasi = forms.IntegerField(label="Tahun evaluasi", min_value=TAHUN_MIN, max_value=TAHUN_MAX)
    nomor_lhe = forms.CharField(label="Nomor surat LHE", required=False, max_length=100)
    tanggal_lhe = forms.DateField(
        label="Tanggal surat LHE",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    komponen = forms.CharField(label="Komponen", required=False, max_length=200)
    kelemahan = forms.CharField(label="Kelemahan/kekurangan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rekomendasi = forms.CharField(label="Saran/rekomendasi", widget=forms.Textarea(attrs={"rows": 2}))


@dataclass
class BarisRekomendasi:
    rekomendasi: RekomendasiEvaluasi
    tindak_lanjut: FormTindakLanjut | None = None
    teks: FormTeks | None = None
    galat: list = field(default_factory=list)
    konflik: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)  # values awaiting a confirmation: none here


def susun_register(user, opd, data=None, files=None) -> list[BarisRekomendasi]:
    """The register's rows, each with the forms this person may fill."""
    tindak = boleh_tindak_lanjut(user, opd)
    catat = boleh_catat(user, opd)
    baris = []
    for r in RekomendasiEvaluasi.objects.filter(opd=opd).order_by("-tahun_evaluasi", "sumber", "nomor", "id"):
        b = BarisRekomendasi(r)
        if tindak:
            b.tindak_lanjut = FormTindakLanjut(data, files, prefix=f"t-{r.id}", initial=FormTindakLanjut.awal_dari(r))
        if catat and r.sumber == RekomendasiEvaluasi.Sumber.KETIK and not r.terkunci:
            b.teks = FormTeks(data, prefix=f"k-{r.id}", initial=FormTeks.awal_dari(r))
        baris.append(b)
    return baris


def simpan_register(user, opd, data, files=None) -> HasilIsian:
    """Save the register's rows (only the cells changed, all or nothing)."""
    files = files or {}
    baris = susun_register(user, opd, data, files)
    hasil = HasilIsian(baris)
    for b in baris:
        for f in (b.tindak_lanjut, b.teks):
            if f is not None and not f.is_valid():
                b.galat += [f"{f.fields[m].label}: {e}" for m, es in f.errors.items() for e in es]
    if hasil.galat:
        return hasil
    try:
        with transaction.atomic():
            kunci_opd(opd.pk)
            kini = {r.id: r for r in RekomendasiEvaluasi.objects.filter(opd=opd)}
            for b in baris:
                r = kini.get(b.rekomendasi.id)
                if r is None:
                    continue
                b.rekomendasi = r
                ubah = False
                for nama, f, awal in (
                    ("tindak_lanjut", b.tindak_lanjut, FormTindakLanjut.awal_dari),
                    ("teks", b.teks, FormTeks.awal_dari),
                ):
                    if f is None:
                        continue
                    tersimpan = awal(r)
                    konflik = f.konflik(tersimpan)
                    if konflik:
                        b.konflik += konflik
                        setattr(b, nama, f.dengan_awal(tersimpan))
                        continue
                    for medan, nilai in f.ubahan().items():
                        if medan not in ("tanggal_lhe", "tanggal_tindak_lanjut"):
                            nilai = nilai or ""
                        setattr(r, medan, nilai)
                        ubah = True
                berkas = b.tindak_lanjut.cleaned_data.get("bukti_berkas") if b.tindak_lanjut else None
                if berkas:
                    r.bukti_berkas = berkas
                    ubah = True
                if ubah and not b.konflik:
                    if r.status == Status.SELESAI and r.tanggal_tindak_lanjut is None:
                        r.tanggal_tindak_lanjut = datetime.date.today()
                    r.diubah_oleh = user
                    r._history_user = user
                    r.save()
                    hasil.disimpan += 1
            if not hasil.berhasil:
                transaction.set_rollback(True)
                hasil.disimpan = 0
    except DataTerkunci as exc:
        raise GalatRekomendasi(" ".join(exc.messages)) from None
    return hasil


def tambah_rekomendasi(user, opd, data) -> FormBaru:
    """Type in a recommendation of an earlier year's letter; the bound form (errors when refused)."""
    form = FormBaru(data)
    if not boleh_catat(user, opd):
        raise GalatRekomendasi("Anda tidak dapat mencatat rekomendasi untuk OPD ini.")
    if not form.is_valid():
        return form
    d = form.cleaned_data
    with transaction.atomic():
        kunci_opd(opd.pk)
        nomor = (
            max(
                RekomendasiEvaluasi.objects.filter(
                    opd=opd, tahun_evaluasi=d["tahun_evaluasi"], sumber=RekomendasiEvaluasi.Sumber.KETIK
                ).values_list("nomor", flat=True),
                default=0,
            )
            + 1
        )
        bulk_create_with_history(
            [
                RekomendasiEvaluasi(
                    opd=opd,
                    tahun_evaluasi=d["tahun_evaluasi"],
                    sumber=RekomendasiEvaluasi.Sumber.KETIK,
                    nomor=nomor,
                    nomor_lhe=d.get("nomor_lhe") or "",
                    tanggal_lhe=d.get("tanggal_lhe"),
                    komponen=d.get("komponen") or "",
                    kelemahan=(d.get("kelemahan") or "").strip(),
                    rekomendasi=d["rekomendasi"].strip(),
                    diubah_oleh=user,
                )
            ],
            RekomendasiEvaluasi,
            default_user=user,
        )
    return form


def hapus_rekomendasi(user, r: RekomendasiEvaluasi):
    """Remove a typed-in recommendation (an LHE's is removed on the LHE page while not final)."""
    if r.sumber != RekomendasiEvaluasi.Sumber.KETIK:
        raise GalatRekomendasi("Rekomendasi LHE diubah di halaman LHE oleh evaluator.")
    if not boleh_catat(user, r.opd):
        raise GalatRekomendasi("Anda tidak dapat menghapus rekomendasi ini.")
    r._history_user = user
    try:
        with transaction.atomic():
            kunci_opd(r.opd_id)
            r.delete()
    except DataTerkunci as exc:
        raise GalatRekomendasi(" ".join(exc.messages)) from None


def tindak_lanjut_laporan(opd, tahun: int) -> list[RekomendasiEvaluasi]:
    """What the LKjIP of `tahun` reports: the recommendations of the evaluations of this year and
    the year before (an inspectorate names its evaluation by the year it evaluates, or by the year
    it is held: both reach the next report), and of earlier evaluations those not finished, or
    finished during the year."""
    awal_tahun = datetime.date(tahun, 1, 1)
    hasil = []
    for r in RekomendasiEvaluasi.objects.filter(opd=opd, tahun_evaluasi__lte=tahun).order_by(
        "-tahun_evaluasi", "sumber", "nomor", "id"
    ):
        if (
            r.tahun_evaluasi >= tahun - 1
            or r.status != Status.SELESAI
            or (r.tanggal_tindak_lanjut is not None and r.tanggal_tindak_lanjut >= awal_tahun)
        ):
            hasil.append(r)
    return hasil
