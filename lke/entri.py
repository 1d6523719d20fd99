"""The LKE screen of an office-year: one row per criterion, the office's and the evaluator's side.

Each row is a `FormJawaban` (sakip.isian): every input carries the value it was loaded with, a
save writes only the cells the person changed, a cell someone else changed meanwhile is a
conflict shown with both values and nothing is saved, a screen saved unchanged writes nothing.
Which side a person may write follows `lke.alur` (the office's usulan in pengisian, the
evaluator's penetapan in penilaian); the other side is shown, not posted. Evidence is added per
row (a link, or a file judged by `sakip.berkas_aman`) and removed one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sakip.isian import FormIsian, HasilIsian, InputBerkas, InputTeks, PilihanField, TeksField
from sakip.kunci import DataTerkunci, kunci_opd
from sakip.tautan import validasi_tautan

from .alur import GalatAlur, boleh_penetapan, boleh_usulan, lembar_untuk, lihat_penetapan
from .kerangka import pohon
from .models import BuktiLKE, EvaluasiLKE, JawabanLKE
from .nilai import hitung_nilai, periksa_logis, semua_kriteria
from .otomatis import DataLKE, usulan_semua

Status = EvaluasiLKE.Status
SISI = {"usulan": ("usulan", "catatan_usulan"), "penetapan": ("penetapan", "catatan_penetapan")}


class TeksPanjangField(TeksField):
    """A note over several lines that carries its loaded value."""

    widget = forms.Textarea


class FormJawaban(FormIsian):
    """One criterion: the answer and note of each side the person may write, new evidence."""

    usulan = PilihanField(label="Jawaban OPD")
    catatan_usulan = TeksPanjangField(label="Catatan OPD", max_length=4000)
    penetapan = PilihanField(label="Jawaban evaluator")
    catatan_penetapan = TeksPanjangField(label="Catatan evaluator", max_length=4000)
    tautan = forms.CharField(
        label="Tautan bukti", required=False, max_length=500, widget=InputTeks, validators=[validasi_tautan]
    )
    keterangan = forms.CharField(label="Keterangan bukti", required=False, max_length=300, widget=InputTeks)
    berkas = forms.FileField(
        label="Berkas bukti",
        required=False,
        widget=InputBerkas,
        validators=BuktiLKE._meta.get_field("berkas").validators,
    )

    def __init__(self, *args, kriteria, sisi=(), **kwargs):
        self.kriteria = kriteria
        self.sisi = tuple(sisi)
        super().__init__(*args, **kwargs)
        pilihan = [("", "—")] + [(str(p.id), p.kode) for p in kriteria.skala.pilihan_set.all()]
        for nama, medan in SISI.items():
            if nama not in self.sisi:
                for m in medan:
                    del self.fields[m]
                continue
            self.fields[nama].choices = pilihan
            self.fields[nama].widget.attrs["aria-label"] = f"{self.fields[nama].label} {kriteria.kode}"
            catatan = self.fields[medan[1]]
            catatan.widget.attrs.update(
                {"rows": 2, "placeholder": "catatan", "aria-label": f"{catatan.label} {kriteria.kode}"}
            )
        if "usulan" not in self.sisi:
            for m in ("tautan", "keterangan", "berkas"):
                del self.fields[m]
        else:
            self.fields["tautan"].widget.attrs.update(
                {"placeholder": "/opd/… atau https://…", "aria-label": f"Tautan bukti {kriteria.kode}"}
            )
            self.fields["keterangan"].widget.attrs.update(
                {"placeholder": "keterangan", "aria-label": f"Keterangan bukti {kriteria.kode}"}
            )
            self.fields["berkas"].widget.attrs["aria-label"] = f"Berkas bukti {kriteria.kode}"

    def kwargs_tambahan(self):
        return {"kriteria": self.kriteria, "sisi": self.sisi}

    @staticmethod
    def awal_dari(jawaban):
        if jawaban is None:
            return {}
        return {
            "usulan": str(jawaban.usulan_id or ""),
            "catatan_usulan": jawaban.catatan_usulan,
            "penetapan": str(jawaban.penetapan_id or ""),
            "catatan_penetapan": jawaban.catatan_penetapan,
        }

    def bukti_baru(self):
        """(link, file, note) of the evidence added on this row, or None."""
        if "tautan" not in self.fields:
            return None
        tautan = (self.cleaned_data.get("tautan") or "").strip()
        berkas = self.cleaned_data.get("berkas")
        if not tautan and not berkas:
            return None
        return tautan, berkas, (self.cleaned_data.get("keterangan") or "").strip()


@dataclass
class BarisLKE:
    kriteria: object
    jawaban: JawabanLKE | None = None
    usulan_otomatis: object = None  # lke.otomatis.Usulan
    bukti: list = field(default_factory=list)
    form: FormJawaban | None = None
    peringatan_usulan: list = field(default_factory=list)
    peringatan_penetapan: list = field(default_factory=list)
    galat: list = field(default_factory=list)
    konflik: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)  # values awaiting a confirmation: none here

    @property
    def awalan(self):
        return f"j-{self.kriteria.id}"

    def buat_form(self, sisi, data=None, files=None):
        self.form = FormJawaban(
            data,
            files,
            prefix=self.awalan,
            kriteria=self.kriteria,
            sisi=sisi,
            initial=FormJawaban.awal_dari(self.jawaban),
        )
        return self.form


@dataclass
class LayarLKE:
    """Everything the LKE screen of an office-year shows."""

    opd: object
    tahun: int
    lembar: object
    evaluasi: EvaluasiLKE | None
    pohon: list
    baris: dict  # criterion id -> BarisLKE
    sisi: tuple  # the sides this person may write now
    lihat_penetapan: bool
    nilai_usulan: object = None
    nilai_penetapan: object = None
    nilai_otomatis: object = None
    peringatan: int = 0

    @property
    def susunan(self):
        """[(component, its scores, [(sub-component, its scores, [rows])])] for the template; a
        score is (usulan, penetapan or None)."""
        hasil = []
        for i, k in enumerate(self.pohon):
            hu = self.nilai_usulan.komponen[i]
            hp = self.nilai_penetapan.komponen[i] if self.nilai_penetapan else None
            sub = [
                (
                    s,
                    (hu.subkomponen[j], hp.subkomponen[j] if hp else None),
                    [self.baris[c.id] for c in s.kriteria_set.all()],
                )
                for j, s in enumerate(k.subkomponen_set.all())
            ]
            hasil.append((k, (hu, hp), sub))
        return hasil


def sisi_boleh(user, opd, evaluasi) -> tuple:
    """The sides `user` may write now, by role and status."""
    status = evaluasi.status if evaluasi else Status.PENGISIAN
    sisi = []
    if status == Status.PENGISIAN and boleh_usulan(user, opd):
        sisi.append("usulan")
    if status == Status.PENILAIAN and boleh_penetapan(user, opd):
        sisi.append("penetapan")
    return tuple(sisi)


def susun_layar(user, opd, tahun, *, dengan_form=True) -> LayarLKE | None:
    """The screen as stored now (None when the Pemda has no LKE for the year)."""
    lembar = lembar_untuk(opd, tahun)
    if lembar is None:
        return None
    evaluasi = EvaluasiLKE.objects.filter(opd=opd, tahun=tahun).first()
    struktur = pohon(lembar)
    kriteria = semua_kriteria(struktur)
    jawaban, bukti = {}, {}
    if evaluasi is not None:
        jawaban = {
            j.kriteria_id: j
            for j in JawabanLKE.objects.filter(evaluasi=evaluasi).select_related("usulan", "penetapan", "diisi_oleh")
        }
        for b in BuktiLKE.objects.filter(jawaban__evaluasi=evaluasi).order_by("diunggah_pada", "id"):
            bukti.setdefault(b.jawaban_id, []).append(b)
    usulan = usulan_semua(kriteria, DataLKE(opd, tahun, lembar.tenggat_lkjip))
    sisi = sisi_boleh(user, opd, evaluasi)
    lihat = lihat_penetapan(user, opd, evaluasi)
    baris = {}
    for c in kriteria:
        j = jawaban.get(c.id)
        b = BarisLKE(c, j, usulan.get(c.id), bukti.get(j.id, []) if j else [])
        if dengan_form:
            b.buat_form(sisi)
        baris[c.id] = b
    layar = LayarLKE(opd, tahun, lembar, evaluasi, struktur, baris, sisi, lihat)
    hitung_layar(layar)
    return layar


def hitung_layar(layar: LayarLKE):
    """Scores of both sides and of the proposals, and the kerangka logis warnings (stored answers)."""
    usulan = {k: b.jawaban.usulan if b.jawaban else None for k, b in layar.baris.items()}
    penetapan = {k: b.jawaban.penetapan if b.jawaban else None for k, b in layar.baris.items()}
    otomatis = {k: b.usulan_otomatis.pilihan for k, b in layar.baris.items() if b.usulan_otomatis}
    layar.nilai_usulan = hitung_nilai(layar.lembar, layar.pohon, usulan)
    layar.nilai_otomatis = hitung_nilai(layar.lembar, layar.pohon, otomatis)
    if layar.lihat_penetapan:
        layar.nilai_penetapan = hitung_nilai(layar.lembar, layar.pohon, penetapan)
    jumlah = 0
    for sisi, jawab in (("usulan", usulan), ("penetapan", penetapan if layar.lihat_penetapan else {})):
        for kid, daftar in periksa_logis(layar.pohon, jawab).items():
            setattr(layar.baris[kid], f"peringatan_{sisi}", daftar)
            jumlah += len(daftar)
    layar.peringatan = jumlah


@dataclass
class HasilSimpanLKE(HasilIsian):
    layar: LayarLKE | None = None
    bukti: int = 0


def _buat_evaluasi(user, opd, tahun, lembar):
    """The evaluation starts with the office's first write (never on a GET, nor on a save that
    changes nothing)."""
    if not boleh_usulan(user, opd):
        raise GalatAlur("Evaluasi LKE tahun ini belum dimulai oleh OPD.")
    evaluasi = EvaluasiLKE(opd=opd, tahun=tahun, lembar=lembar)
    evaluasi._history_user = user
    evaluasi.save()
    return evaluasi


def simpan_layar(user, opd, tahun, data, files=None) -> HasilSimpanLKE:
    """Save the rows posted as `data` (keys j-<criterion id>-usulan / -catatan_usulan / -penetapan /
    -catatan_penetapan with their initial-… values, -tautan, -keterangan, file -berkas). Only the
    cells changed are written, all or nothing; GalatAlur when the person may write no side now."""
    layar = susun_layar(user, opd, tahun, dengan_form=False)
    if layar is None:
        raise GalatAlur(f"LKE tahun {tahun} belum disiapkan oleh admin pemda.")
    files = files or {}
    sisi = layar.sisi
    if not sisi:
        raise GalatAlur("Anda tidak dapat mengubah evaluasi ini pada statusnya sekarang.")
    hasil = HasilSimpanLKE(list(layar.baris.values()), layar=layar)
    dikirim = []
    for b in layar.baris.values():
        form = b.buat_form(sisi, data, files)
        medan = [m for s in sisi for m in SISI[s]]
        if not any(form.dikirim(m) for m in medan) and form.add_prefix("berkas") not in files:
            continue
        dikirim.append(b)
        if not form.is_valid():
            b.galat += [f"{form.fields[m].label}: {e}" for m, es in form.errors.items() for e in es]
    if hasil.galat:
        return hasil
    sekarang = timezone.now()
    try:
        with transaction.atomic():
            kunci_opd(opd.pk)
            evaluasi = EvaluasiLKE.objects.filter(opd=opd, tahun=tahun).first()
            # The status and the rows as stored now: another save may have committed since.
            if sisi_boleh(user, opd, evaluasi) != sisi:
                raise GalatAlur("Status evaluasi berubah sejak halaman dimuat; muat ulang halaman.")
            tersimpan = {j.kriteria_id: j for j in JawabanLKE.objects.filter(evaluasi=evaluasi)} if evaluasi else {}
            pilihan_sah = {str(p.id): p for c in layar.baris.values() for p in c.kriteria.skala.pilihan_set.all()}
            baru, ubah, bukti = [], [], []
            for b in dikirim:
                form = b.form
                j = tersimpan.get(b.kriteria.id)
                sekarang_tersimpan = FormJawaban.awal_dari(j) or dict.fromkeys(FormJawaban.awal_dari(JawabanLKE()))
                b.konflik = form.konflik({m: sekarang_tersimpan.get(m) for m in form.fields if m in sekarang_tersimpan})
                if b.konflik:
                    b.form = form.dengan_awal(sekarang_tersimpan)
                    continue
                ubahan = form.ubahan()
                tambahan = form.bukti_baru()
                if not ubahan and not tambahan:
                    continue
                if j is None:
                    j = JawabanLKE(kriteria=b.kriteria)
                for medan, nilai in ubahan.items():
                    if medan in ("usulan", "penetapan"):
                        setattr(j, medan, pilihan_sah.get(nilai or ""))
                    elif medan in ("catatan_usulan", "catatan_penetapan"):
                        setattr(j, medan, nilai or "")
                if {"usulan", "catatan_usulan"} & set(ubahan):
                    j.diisi_oleh = user
                if {"penetapan", "catatan_penetapan"} & set(ubahan):
                    j.dinilai_oleh = user
                if ubahan:
                    j.diubah_pada = sekarang
                    (ubah if j.pk else baru).append(j)
                if tambahan:
                    bukti.append((j, *tambahan))
            if not hasil.berhasil:
                transaction.set_rollback(True)
                return hasil
            if (baru or ubah or bukti) and evaluasi is None:
                evaluasi = _buat_evaluasi(user, opd, tahun, layar.lembar)
            for j in baru:
                j.evaluasi = evaluasi
            for j, *_ in bukti:
                if j.pk is None:
                    j.evaluasi = evaluasi
            if baru:
                baru = bulk_create_with_history(baru, JawabanLKE, default_user=user)
            if ubah:
                JawabanLKE.objects.bulk_update(
                    ubah,
                    [
                        "usulan",
                        "catatan_usulan",
                        "penetapan",
                        "catatan_penetapan",
                        "diisi_oleh",
                        "dinilai_oleh",
                        "diubah_pada",
                    ],
                )
                bulk_update_with_history(ubah, JawabanLKE, [], default_user=user)
            per_kriteria = {j.kriteria_id: j for j in [*baru, *ubah]}
            for j, tautan, berkas, keterangan in bukti:
                if j.pk is None:
                    j = (
                        per_kriteria.get(j.kriteria_id)
                        or JawabanLKE.objects.get_or_create(evaluasi=evaluasi, kriteria=j.kriteria)[0]
                    )
                # A link and a file on one row are two pieces of evidence.
                for isi in ({"tautan": tautan} if tautan else None, {"berkas": berkas} if berkas else None):
                    if isi is None:
                        continue
                    obj = BuktiLKE(jawaban=j, keterangan=keterangan or "", diunggah_oleh=user, **isi)
                    if not obj.keterangan:
                        obj.keterangan = (berkas.name if berkas and "berkas" in isi else tautan)[:300]
                    obj._history_user = user
                    obj.save()
    except DataTerkunci as exc:
        raise GalatAlur(" ".join(exc.messages)) from None
    hasil.disimpan = len(baru) + len(ubah)
    hasil.bukti = len(bukti)
    return hasil


def terapkan_usulan(user, opd, tahun) -> int:
    """The office adopts the proposals: every criterion it has not answered gets the proposed
    answer, the reason as its note (when it has none) and the proposal's links as evidence.
    Returns the number of answers filled."""
    layar = susun_layar(user, opd, tahun, dengan_form=False)
    if layar is None:
        raise GalatAlur(f"LKE tahun {tahun} belum disiapkan oleh admin pemda.")
    if "usulan" not in layar.sisi:
        raise GalatAlur("Usulan otomatis hanya dapat dipakai OPD selama pengisian mandiri.")
    with transaction.atomic():
        kunci_opd(opd.pk)
        evaluasi = EvaluasiLKE.objects.filter(opd=opd, tahun=tahun).first()
        if "usulan" not in sisi_boleh(user, opd, evaluasi):
            raise GalatAlur("Status evaluasi berubah sejak halaman dimuat; muat ulang halaman.")
        evaluasi = evaluasi or _buat_evaluasi(user, opd, tahun, layar.lembar)
        tersimpan = {j.kriteria_id: j for j in JawabanLKE.objects.filter(evaluasi=evaluasi)}
        ada_tautan = set(BuktiLKE.objects.filter(jawaban__evaluasi=evaluasi).values_list("jawaban_id", "tautan"))
        baru, ubah, bukti = [], [], []
        for b in layar.baris.values():
            u = b.usulan_otomatis
            if u is None or u.pilihan is None:
                continue
            j = tersimpan.get(b.kriteria.id)
            if j is not None and j.usulan_id:
                continue
            j = j or JawabanLKE(evaluasi=evaluasi, kriteria=b.kriteria)
            j.usulan = u.pilihan
            if not j.catatan_usulan:
                j.catatan_usulan = f"Usulan dari data SAKIP: {u.alasan}"
            j.diisi_oleh = user
            (ubah if j.pk else baru).append(j)
            bukti.append((j, u.bukti))
        if baru:
            baru = bulk_create_with_history(baru, JawabanLKE, default_user=user)
        if ubah:
            JawabanLKE.objects.bulk_update(ubah, ["usulan", "catatan_usulan", "diisi_oleh", "diubah_pada"])
            bulk_update_with_history(ubah, JawabanLKE, [], default_user=user)
        per_kriteria = {j.kriteria_id: j for j in [*baru, *ubah]}
        tautan = [
            BuktiLKE(jawaban=per_kriteria[j.kriteria_id], tautan=t.url, keterangan=t.teks[:300], diunggah_oleh=user)
            for j, daftar in bukti
            for t in daftar
            if (per_kriteria[j.kriteria_id].pk, t.url) not in ada_tautan
        ]
        if tautan:
            bulk_create_with_history(tautan, BuktiLKE, default_user=user)
    return len(baru) + len(ubah)


def hapus_bukti(user, bukti: BuktiLKE):
    """Remove one evidence of the office's side while it may write it (the file stays in storage;
    the history row names it)."""
    evaluasi = bukti.jawaban.evaluasi
    if "usulan" not in sisi_boleh(user, evaluasi.opd, evaluasi):
        raise GalatAlur("Bukti hanya dapat dihapus OPD selama pengisian mandiri.")
    bukti._history_user = user
    try:
        bukti.delete()
    except DataTerkunci as exc:
        raise GalatAlur(" ".join(exc.messages)) from None


def isian_awal(layar: LayarLKE) -> dict:
    """The POST data of the screen as loaded (what saving it unchanged sends; for tests)."""
    data = {}
    for b in layar.baris.values():
        for nama, bf in ((n, b.form[n]) for n in b.form.fields if n not in ("berkas",)):
            nilai = bf.value()
            teks = "" if nilai is None else str(nilai)
            data[bf.html_name] = teks
            if b.form.fields[nama].show_hidden_initial:
                data[bf.html_initial_name] = teks
    return data
