"""The evaluator's LHE editor: the letter's data, the findings per component, the recommendations.

The same rule as every editor (sakip.isian): each input carries its loaded value, only changed
cells are written, a cell someone else changed meanwhile is a conflict and nothing is saved, a
form sent back unchanged writes nothing. The recommendations are rows of the office's register
(`laporan.RekomendasiEvaluasi`, source LHE); they lock with the evaluation's final.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from laporan.models import RekomendasiEvaluasi
from sakip.isian import FormIsian, HasilIsian, InputCentang, InputTeks, PilihanField, TanggalField, TeksField
from sakip.kunci import DataTerkunci, kunci_opd
from sakip.models import Pejabat

from .alur import GalatAlur, boleh_penetapan
from .entri import TeksPanjangField
from .kerangka import pohon
from .models import CatatanKomponen, EvaluasiLKE

MEDAN_SURAT = ["nomor_lhe", "tanggal_lhe", "penanda_tangan", "jabatan_penanda_tangan", "ringkasan", "tembusan"]


class FormSurat(FormIsian):
    nomor_lhe = TeksField(label="Nomor LHE", max_length=100)
    tanggal_lhe = TanggalField(label="Tanggal LHE")
    penanda_tangan = PilihanField(label="Penanda tangan")
    jabatan_penanda_tangan = TeksField(label="Jabatan penanda tangan", max_length=200)
    ringkasan = TeksPanjangField(label="Ringkasan hasil (kosong: dibuat dari nilai)", max_length=4000)
    tembusan = TeksPanjangField(label="Tembusan (satu per baris)", max_length=2000)

    def __init__(self, *args, pejabat=(), **kwargs):
        self.pejabat = list(pejabat)
        super().__init__(*args, **kwargs)
        self.fields["penanda_tangan"].choices = [("", "—")] + [(str(p.id), f"{p.nama} ({p.nip})") for p in self.pejabat]
        self.fields["jabatan_penanda_tangan"].widget.attrs["placeholder"] = "mis. Inspektur Kabupaten …"
        for nama in ("ringkasan", "tembusan"):
            self.fields[nama].widget.attrs["rows"] = 3

    def kwargs_tambahan(self):
        return {"pejabat": self.pejabat}

    @staticmethod
    def awal_dari(e: EvaluasiLKE):
        return {
            "nomor_lhe": e.nomor_lhe,
            "tanggal_lhe": e.tanggal_lhe,
            "penanda_tangan": str(e.penanda_tangan_id or ""),
            "jabatan_penanda_tangan": e.jabatan_penanda_tangan,
            "ringkasan": e.ringkasan,
            "tembusan": e.tembusan,
        }


class FormCatatan(FormIsian):
    catatan = TeksPanjangField(label="Catatan hasil evaluasi", max_length=8000)


class FormRekomendasi(FormIsian):
    komponen = TeksField(label="Komponen", max_length=200)
    kelemahan = TeksPanjangField(label="Kelemahan", max_length=4000)
    rekomendasi = TeksPanjangField(label="Rekomendasi", max_length=4000)
    hapus = forms.BooleanField(label="Hapus", required=False, widget=InputCentang)

    @staticmethod
    def awal_dari(r):
        return {"komponen": r.komponen, "kelemahan": r.kelemahan, "rekomendasi": r.rekomendasi}


class FormRekomendasiBaru(forms.Form):
    komponen = forms.CharField(label="Komponen", required=False, max_length=200, widget=InputTeks)
    kelemahan = forms.CharField(
        label="Kelemahan", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    rekomendasi = forms.CharField(
        label="Rekomendasi baru", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


@dataclass
class EditorLHE:
    evaluasi: EvaluasiLKE
    surat: FormSurat
    catatan: list  # [(komponen, FormCatatan)]
    rekomendasi: list  # [(RekomendasiEvaluasi, FormRekomendasi)]
    baru: FormRekomendasiBaru
    komponen: list = field(default_factory=list)  # component names, to pick from
    konflik: list = field(default_factory=list)  # (label, Konflik)
    galat: list = field(default_factory=list)


def _pejabat(evaluasi):
    return list(Pejabat.objects.filter(pemda_id=evaluasi.opd.pemda_id).order_by("nama"))


def susun_editor(evaluasi: EvaluasiLKE, data=None) -> EditorLHE:
    struktur = pohon(evaluasi.lembar)
    catatan = {c.komponen_id: c for c in CatatanKomponen.objects.filter(evaluasi=evaluasi)}
    rekomendasi = list(
        RekomendasiEvaluasi.objects.filter(
            opd=evaluasi.opd, tahun_evaluasi=evaluasi.tahun, sumber=RekomendasiEvaluasi.Sumber.LHE
        ).order_by("nomor", "id")
    )
    return EditorLHE(
        evaluasi=evaluasi,
        surat=FormSurat(data, prefix="lhe", initial=FormSurat.awal_dari(evaluasi), pejabat=_pejabat(evaluasi)),
        catatan=[
            (
                k,
                FormCatatan(
                    data, prefix=f"k-{k.id}", initial={"catatan": catatan[k.id].catatan if k.id in catatan else ""}
                ),
            )
            for k in struktur
        ],
        rekomendasi=[
            (r, FormRekomendasi(data, prefix=f"r-{r.id}", initial=FormRekomendasi.awal_dari(r))) for r in rekomendasi
        ],
        baru=FormRekomendasiBaru(data, prefix="r-baru"),
        komponen=[k.nama for k in struktur],
    )


@dataclass
class HasilLHE(HasilIsian):
    editor: EditorLHE | None = None


def simpan_editor(user, evaluasi: EvaluasiLKE, data) -> HasilLHE:
    """Save the LHE editor; GalatAlur when the person may not edit it now."""
    if not boleh_penetapan(user, evaluasi.opd):
        raise GalatAlur("LHE hanya diisi evaluator (reviewer atau admin pemda).")
    editor = susun_editor(evaluasi, data)
    hasil = HasilLHE([], editor=editor)
    forms_semua = [editor.surat, *(f for _, f in editor.catatan), *(f for _, f in editor.rekomendasi)]
    for f in [*forms_semua, editor.baru]:
        if not f.is_valid():
            editor.galat += [f"{f.fields[m].label}: {e}" for m, es in f.errors.items() for e in es]
    if editor.galat:
        hasil.tambah_pesan("Ada isian yang belum benar.")
        return hasil
    pejabat = {str(p.id): p for p in editor.surat.pejabat}
    try:
        with transaction.atomic():
            kunci_opd(evaluasi.opd_id)
            e = EvaluasiLKE.objects.select_related("opd", "lembar").get(pk=evaluasi.pk)
            if e.final:
                raise GalatAlur("Evaluasi sudah final; buka kembali untuk mengubah LHE.")
            ditulis = 0
            # The letter.
            tersimpan = FormSurat.awal_dari(e)
            konflik = editor.surat.konflik(tersimpan)
            if konflik:
                editor.konflik += [("LHE", k) for k in konflik]
                editor.surat = editor.surat.dengan_awal(tersimpan)
            ubahan = editor.surat.ubahan()
            if ubahan and not konflik:
                for medan, nilai in ubahan.items():
                    if medan == "penanda_tangan":
                        e.penanda_tangan = pejabat.get(nilai or "")
                    elif medan == "tanggal_lhe":
                        e.tanggal_lhe = nilai
                    else:
                        setattr(e, medan, nilai or "")
                e._history_user = user
                e.save()
                ditulis += 1
            # The findings per component.
            catatan = {c.komponen_id: c for c in CatatanKomponen.objects.filter(evaluasi=e)}
            for i, (k, f) in enumerate(editor.catatan):
                c = catatan.get(k.id)
                kini = {"catatan": c.catatan if c else ""}
                konflik = f.konflik(kini)
                if konflik:
                    editor.konflik += [(k.nama, x) for x in konflik]
                    editor.catatan[i] = (k, f.dengan_awal(kini))
                    continue
                if "catatan" in f.ubahan():
                    c = c or CatatanKomponen(evaluasi=e, komponen=k)
                    c.catatan = f.cleaned_data["catatan"] or ""
                    c._history_user = user
                    c.save()
                    ditulis += 1
            # The recommendations.
            kini_r = {
                r.id: r
                for r in RekomendasiEvaluasi.objects.filter(
                    opd=e.opd, tahun_evaluasi=e.tahun, sumber=RekomendasiEvaluasi.Sumber.LHE
                )
            }
            for i, (r, f) in enumerate(editor.rekomendasi):
                r = kini_r.get(r.id)
                if r is None:
                    continue  # removed by someone else meanwhile
                kini = FormRekomendasi.awal_dari(r)
                konflik = f.konflik(kini)
                if konflik:
                    editor.konflik += [(f"Rekomendasi {r.nomor}", x) for x in konflik]
                    editor.rekomendasi[i] = (r, f.dengan_awal(kini))
                    continue
                if f.cleaned_data.get("hapus"):
                    r._history_user = user
                    r.delete()
                    ditulis += 1
                    continue
                ubahan = f.ubahan()
                if ubahan:
                    for medan, nilai in ubahan.items():
                        setattr(r, medan, nilai or "")
                    r.diubah_oleh = user
                    r._history_user = user
                    r.save()
                    ditulis += 1
            baru = editor.baru.cleaned_data
            if (baru.get("rekomendasi") or "").strip():
                nomor = max((r.nomor for r in kini_r.values()), default=0) + 1
                bulk_create_with_history(
                    [
                        RekomendasiEvaluasi(
                            opd=e.opd,
                            tahun_evaluasi=e.tahun,
                            sumber=RekomendasiEvaluasi.Sumber.LHE,
                            nomor=nomor,
                            komponen=baru.get("komponen") or "",
                            kelemahan=baru.get("kelemahan") or "",
                            rekomendasi=baru["rekomendasi"].strip(),
                            diubah_oleh=user,
                        )
                    ],
                    RekomendasiEvaluasi,
                    default_user=user,
                )
                ditulis += 1
            if editor.konflik:
                transaction.set_rollback(True)
                hasil.tambah_pesan(
                    f"{len(editor.konflik)} isian diubah orang lain sejak halaman dimuat; periksa kedua nilai, "
                    "lalu simpan lagi."
                )
                return hasil
            hasil.disimpan = ditulis
    except DataTerkunci as exc:
        raise GalatAlur(" ".join(exc.messages)) from None
    return hasil
