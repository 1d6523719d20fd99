"""The realisation grid: which rows an office enters for a period, and saving them at once.

Each row is a `FormRealisasi` whose inputs carry the values they were loaded with
(sakip.isian). A save writes only the cells the person changed, checks each against the value
stored now inside the transaction that writes it (after the office lock), and is all or nothing:
a cell someone else changed since the page was loaded is a conflict, shown with both values. Two
people entering different indicators of the same period both succeed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sakip import rumus
from sakip.angka import jenis_angka, jenis_bagian_rasio, kewajaran
from sakip.isian import AngkaField, FormIsian, HasilIsian, InputBerkas, InputCentang, TeksField, pesan_validasi
from sakip.kunci import kunci_opd
from sakip.perubahan import umumkan

from .alur import periksa_boleh_isi
from .models import Bukti, Realisasi
from .pengukuran import target_rentang_tidak_lengkap, ukur_opd
from .penguncian import PetaKunci

MEDAN_ISIAN = ["nilai", "nilai_teks", "pembilang", "penyebut", "keterangan_data"]  # what a person types
MEDAN_SIMPAN = [*MEDAN_ISIAN, "diisi_oleh", "diperbarui", "revisi"]


def jenis_nilai(indikator):
    """How the value of `indikator` is read (sakip.angka): a count or a measure."""
    return jenis_angka(indikator.satuan, indikator.presisi)


def jenis_rasio(indikator):
    """How its pembilang and penyebut are read (sakip.angka.jenis_bagian_rasio)."""
    return jenis_bagian_rasio(indikator.satuan_pembilang)


class FormRealisasi(FormIsian):
    """One row of the grid: the value (or predicate), pembilang / penyebut, the data note, evidence."""

    nilai = AngkaField(label="Realisasi")
    pembilang = AngkaField(label="Pembilang")
    penyebut = AngkaField(label="Penyebut")
    keterangan = TeksField(label="Keterangan data", max_length=200)
    # The model's own check (kind by content, size): refused here, with the row, before any write.
    bukti = forms.FileField(
        label="Bukti", required=False, widget=InputBerkas, validators=Bukti._meta.get_field("berkas").validators
    )
    yakin = forms.BooleanField(label="Nilai ini benar", required=False, widget=InputCentang)

    # form field -> Realisasi field (the predicate of a predicate indicator goes to nilai_teks)
    MEDAN_MODEL = {"nilai": "nilai", "pembilang": "pembilang", "penyebut": "penyebut", "keterangan": "keterangan_data"}

    def __init__(self, *args, indikator, **kwargs):
        self.indikator = indikator
        super().__init__(*args, **kwargs)
        f = self.fields
        if indikator.predikat:
            f["nilai"] = TeksField(label="Realisasi (predikat)", max_length=20)
        else:
            f["nilai"].jenis = jenis_nilai(indikator)
        for nama in ("pembilang", "penyebut"):
            f[nama].jenis = jenis_rasio(indikator)
        f["pembilang"].label = indikator.label_pembilang or "Pembilang"
        f["penyebut"].label = indikator.label_penyebut or "Penyebut"
        nama = indikator.nama
        f["nilai"].widget.attrs.update({"class": "angka", "aria-label": f"Realisasi {nama}"})
        for medan, label in (("pembilang", indikator.label_pembilang), ("penyebut", indikator.label_penyebut)):
            f[medan].widget.attrs.update(
                {
                    "class": "angka",
                    "placeholder": (label or medan)[:24],
                    "title": label or medan,
                    "aria-label": f"{medan.capitalize()} {nama}",
                }
            )
        f["keterangan"].widget.attrs.update(
            {"placeholder": "mis. DKB Semester I", "aria-label": f"Keterangan data {nama}"}
        )
        f["bukti"].widget.attrs.update({"aria-label": f"Bukti {nama}"})

    def kwargs_tambahan(self):
        return {"indikator": self.indikator}

    def medan_model(self, medan):
        if medan == "nilai" and self.indikator.predikat:
            return "nilai_teks"
        return self.MEDAN_MODEL[medan]

    @staticmethod
    def awal_dari(realisasi, indikator):
        """The values a stored row (or None) shows in the inputs."""
        if realisasi is None:
            return {}
        return {
            "nilai": realisasi.nilai_teks if indikator.predikat else realisasi.nilai,
            "pembilang": realisasi.pembilang,
            "penyebut": realisasi.penyebut,
            "keterangan": realisasi.keterangan_data,
        }

    def ubahan_model(self):
        """{Realisasi field: value} of the cells the person changed."""
        hasil = {}
        for medan, nilai in self.ubahan().items():
            if medan in self.MEDAN_MODEL:
                model = self.medan_model(medan)
                hasil[model] = (nilai or "") if model in ("nilai_teks", "keterangan_data") else nilai
        return hasil

    def realisasi_awal(self):
        """An unsaved Realisasi holding the values the row was loaded with (as posted back)."""
        r = Realisasi(indikator=self.indikator)
        for medan in self.MEDAN_MODEL:
            model = self.medan_model(medan)
            nilai = self.awal(medan)
            if not isinstance(nilai, (Decimal, str)):
                nilai = None
            setattr(r, model, (nilai or "") if model in ("nilai_teks", "keterangan_data") else nilai)
        return r


@dataclass
class BarisEntri:
    indikator: object
    target: Decimal | None = None
    target_atas: Decimal | None = None  # upper bound of a range (rentang) target
    target_teks: str = ""
    sumber_target: str = ""
    capaian: rumus.HasilCapaian | None = None
    komponen_dari: object = None  # the composite this component belongs to
    dipakai: Decimal | None = None  # the value the report uses for the period (may come from another period)
    dipakai_teks: str = ""
    catatan_dipakai: str = ""
    realisasi: Realisasi | None = None  # the row of exactly this period
    jumlah_bukti: int = 0
    bukti: list = field(default_factory=list)
    form: FormRealisasi | None = None
    # Filled when a save is refused: the row's errors, its conflicting cells, its warnings.
    galat: list = field(default_factory=list)
    konflik: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)
    terkunci: str | None = None  # why this row cannot change although its period is open
    turunan: object = None  # kinerja.pengukuran.NilaiTurunan: computed from its children, read-only

    @property
    def peringatan_target(self):
        """A warning for a range target stored with one bound only (capaian cannot be computed)."""
        if self.komponen_dari is not None or not target_rentang_tidak_lengkap(
            self.indikator, self.target, self.target_atas
        ):
            return ""
        bagian = "Batas atas" if self.target_atas is None else "Batas bawah"
        tempat = f" ({self.sumber_target})" if self.sumber_target else ""
        return (
            f"{bagian} target rentang{tempat} belum diisi; capaian tidak dihitung. "
            "Lengkapi di Perjanjian Kinerja atau rencana aksi."
        )

    @property
    def awalan(self):
        return f"r-{self.indikator.id}"

    def buat_form(self, data=None, files=None):
        self.form = FormRealisasi(
            data,
            files,
            prefix=self.awalan,
            indikator=self.indikator,
            initial=FormRealisasi.awal_dari(self.realisasi, self.indikator),
        )
        if self.turunan is not None:
            for f in self.form.fields.values():
                f.disabled = True  # a posted value is ignored: the children give the value
        return self.form


def baris_entri(opd, tahun, periode, *, dengan_form=True):
    """The rows of the grid: the indicators measured for this period (components under their
    composite), their target, current capaian, and the stored realisation of this period, each
    with its unbound form (`dengan_form=False`: the caller binds the forms itself)."""
    pengukuran = ukur_opd(opd, tahun, periode)
    baris, ada = [], set()
    # The head's indicators, then those only in the PKs of eselon III/IV: one realisation per
    # indicator and period serves every PK that carries it, so each is entered once.
    for p in pengukuran.semua_perjanjian or [None]:
        kepala = p is None or p.perjanjian == pengukuran.perjanjian
        for hs in pengukuran.sasaran if kepala else p.sasaran:
            for hi in hs.indikator:
                if hi.indikator.id in ada:
                    continue
                ada.add(hi.indikator.id)
                baris.append(
                    BarisEntri(
                        hi.indikator,
                        target=hi.target,
                        target_atas=hi.target_atas,
                        target_teks=hi.target_teks,
                        sumber_target=hi.sumber_target if kepala else f"PK {p.jabatan.nama}",
                        capaian=hi.capaian,
                        dipakai=hi.realisasi,
                        dipakai_teks=hi.realisasi_teks,
                        catatan_dipakai=hi.keterangan_data,
                        turunan=hi.turunan,
                        terkunci=(
                            f"Dihitung otomatis: {hi.turunan.keterangan.lower()}; tidak diisi di sini."
                            if hi.turunan is not None
                            else None
                        ),
                    )
                )
                for k in hi.komponen:
                    baris.append(BarisEntri(k.indikator, komponen_dari=hi.indikator, dipakai=k.realisasi))
    ids = [b.indikator.id for b in baris]
    tersimpan = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(indikator_id__in=ids, tahun=tahun, periode=periode).select_related(
            "diisi_oleh"
        )
    }
    bukti = {}
    semua_bukti = Bukti.objects.filter(
        realisasi__indikator_id__in=ids, realisasi__tahun=tahun, realisasi__periode=periode
    ).only("id", "berkas", "realisasi_id")
    for bk in semua_bukti:
        bukti.setdefault(bk.realisasi_id, []).append(bk)
    for b in baris:
        b.realisasi = tersimpan.get(b.indikator.id)
        if b.realisasi is not None:
            b.realisasi.indikator = b.indikator  # no query per row for what it is read with
        b.bukti = bukti.get(b.realisasi.id, []) if b.realisasi else []
        b.jumlah_bukti = len(b.bukti)
        if dengan_form:
            b.buat_form()
    return pengukuran, baris


def tandai_terkunci(baris, peta, tahun, periode):
    """Rows of an open period that are frozen all the same (a value a later approved year reads
    as its N-1 data): their inputs become read-only with the reason."""
    for b in baris:
        r = b.realisasi or Realisasi(indikator=b.indikator, tahun=tahun, periode=periode)
        b.terkunci = peta.pesan_perubahan(b.realisasi, r) or b.terkunci
        if b.terkunci and b.form is not None:
            for f in b.form.fields.values():
                f.disabled = True


def isian_awal(baris):
    """The POST data of the grid as loaded: what saving it unchanged sends (for clients that
    build requests themselves: the benchmark, tests)."""
    data = {}
    for b in baris:
        for medan in FormRealisasi.MEDAN_MODEL:
            bf = b.form[medan]
            nilai = bf.value()
            teks = "" if nilai is None else str(nilai)
            data[bf.html_name] = teks
            data[bf.html_initial_name] = teks
    return data


@dataclass
class HasilSimpan(HasilIsian):
    pengukuran: object = None
    bukti: int = 0


def simpan_grid(user, opd, tahun, periode, data, berkas=None, hari_ini=None):
    """Save the grid posted as `data` (QueryDict-like) and `berkas` (uploaded evidence files).

    Fields per row: r-<indikator id>-nilai / -pembilang / -penyebut / -keterangan (each with its
    hidden initial-… starting value), the file r-<indikator id>-bukti and the confirmation
    r-<indikator id>-yakin. Only changed cells are written; all or nothing; raises GalatAlur when
    entry is closed.
    """
    periksa_boleh_isi(user, opd, tahun, periode, hari_ini)
    pengukuran, baris = baris_entri(opd, tahun, periode, dengan_form=False)
    berkas = berkas or {}
    dikirim = []
    for b in baris:
        form = b.buat_form(data, berkas)
        if not any(form.dikirim(m) for m in FormRealisasi.MEDAN_MODEL) and form.add_prefix("bukti") not in berkas:
            continue  # row not on the submitted page
        dikirim.append(b)
        if not form.is_valid():
            b.galat += [f"{form.fields[m].label}: {e}" for m, es in form.errors.items() for e in es]
    hasil = HasilSimpan(baris, pengukuran=pengukuran)
    if hasil.galat:
        return hasil
    sekarang = timezone.now()
    with transaction.atomic():
        kunci_opd(opd.pk)
        peta = PetaKunci.baca([opd.pk], tahun)
        periksa_boleh_isi(user, opd, tahun, periode, hari_ini, peta=peta)
        # The rows as stored now: another save may have committed since the page was built.
        tersimpan = {
            r.indikator_id: r
            for r in Realisasi.objects.filter(
                indikator_id__in=[b.indikator.id for b in dikirim], tahun=tahun, periode=periode
            ).select_related("diisi_oleh")
        }
        baru, ubah, bukti = [], [], []
        for b in dikirim:
            form, ind = b.form, b.indikator
            r = tersimpan.get(ind.id)
            b.realisasi = r
            tersimpan_kini = FormRealisasi.awal_dari(r, ind) or dict.fromkeys(FormRealisasi.MEDAN_MODEL)
            b.konflik = form.konflik(tersimpan_kini)
            if b.konflik:
                # Shown again with what the person typed, starting from the stored values.
                b.form = form.dengan_awal(tersimpan_kini)
                continue
            ubahan = form.ubahan_model()
            file_bukti = form.cleaned_data.get("bukti")
            if not ubahan and not file_bukti:
                continue
            if r is not None:
                r.indikator = ind  # the prefetched indicator, in the copy too: no query per row
            lama = copy.copy(r) if r is not None else None
            if r is None:
                r = Realisasi(indikator=ind, tahun=tahun, periode=periode, revisi=0)
            # A row of this open period may still be frozen: a value a later approved year reads as
            # its N-1 data.
            pesan = peta.pesan_perubahan(lama, r)
            if pesan:
                b.galat.append(pesan)
                form.tandai_galat(*form.ubahan())
                continue
            if ubahan:
                r.terapkan_isian(ubahan)
                if lama is not None and all(getattr(r, m) == getattr(lama, m) for m in MEDAN_ISIAN):
                    ubahan = {}  # stored as typed already (someone else typed the same): no history row
            if ubahan:
                try:
                    # FK existence checks would cost a query per row; both FKs are known to be valid here.
                    r.full_clean(exclude=["indikator", "diisi_oleh"], validate_unique=False, validate_constraints=False)
                except ValidationError as exc:
                    b.galat += pesan_validasi(exc)
                    medan = [m for m in getattr(exc, "error_dict", {}) if m in form.fields]
                    form.tandai_galat(*(medan or form.ubahan()))
                    continue
                if not form.cleaned_data.get("yakin") and {"nilai", "pembilang", "penyebut"} & set(ubahan):
                    b.peringatan = kewajaran(r.nilai, jenis_nilai(ind), ind.satuan) if not ind.predikat else []
                    if b.peringatan:
                        continue
                r.diisi_oleh = user
                r.diperbarui = sekarang  # an update must move it too (the Pemda dashboard's "last update")
                r.revisi += 1
                (ubah if r.pk else baru).append(r)
            if file_bukti:
                bukti.append((r, file_bukti))
        if not hasil.berhasil:
            transaction.set_rollback(True)
            return hasil
        if baru:
            bulk_create_with_history(baru, Realisasi, default_user=user)
        if ubah:
            perbarui_massal(ubah, MEDAN_SIMPAN)
            # History rows of the updated rows (fields=[]: the update is done above).
            bulk_update_with_history(ubah, Realisasi, [], default_user=user)
        for r, f in bukti:
            if r.pk is None:  # an evidence file on an empty row, or bulk_create without pks (SQLite)
                r = Realisasi.objects.get_or_create(indikator=r.indikator, tahun=tahun, periode=periode)[0]
            Bukti.objects.create(realisasi=r, berkas=f, keterangan=f.name[:300], diunggah_oleh=user)
    hasil.disimpan = len(baru) + len(ubah)
    hasil.bukti = len(bukti)
    if hasil.disimpan or hasil.bukti:
        umumkan(opd.pk, tahun)
    return hasil


def hapus_bukti(user, bukti, hari_ini=None):
    """Remove an evidence file from its realisation: whoever may upload to that period may remove
    it, while the period is open (GalatAlur otherwise; DataTerkunci from the record's own guard,
    under the office lock, when its period froze meanwhile). The record goes, with a history row
    (who removed what, when); the file stays in storage, so that row still names a real file."""
    r = bukti.realisasi
    periksa_boleh_isi(user, r.indikator.opd, r.tahun, r.periode, hari_ini)
    bukti._history_user = user  # the request middleware sets it too; a command or a test may not
    bukti.delete()


def perbarui_massal(objs, medan):
    """UPDATE the `medan` of many rows of one model in one statement.

    What QuerySet.bulk_update does, without its CASE WHEN per row and field, whose building
    costs about a millisecond per row. PostgreSQL, and SQLite from 3.33 (UPDATE ... FROM);
    elsewhere bulk_update.
    """
    model = type(objs[0])
    conn = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(m) for m in medan]
    sqlite = conn.vendor == "sqlite"
    if not (conn.vendor == "postgresql" or (sqlite and conn.Database.sqlite_version_info >= (3, 33))):
        model._default_manager.bulk_update(objs, medan)
        return
    qn = conn.ops.quote_name
    pk = model._meta.pk

    def tempat(field):
        # PostgreSQL needs the column types in VALUES (a column of NULLs would be text).
        return "%s" if sqlite else f"CAST(%s AS {field.db_type(conn)})"

    baris = "(" + ", ".join(tempat(f) for f in [pk, *fields]) + ")"
    kolom = ", ".join(qn(f.column) for f in [pk, *fields])
    tabel = qn(model._meta.db_table)
    setel = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
    ukuran = max(1, 30000 // (len(fields) + 1))  # bound parameters per statement
    with conn.cursor() as cur:
        for i in range(0, len(objs), ukuran):
            bagian = objs[i : i + ukuran]
            params = []
            for o in bagian:
                params.append(pk.get_db_prep_value(o.pk, conn))
                params += [f.get_db_prep_save(getattr(o, f.attname), conn) for f in fields]
            cur.execute(
                f"WITH v ({kolom}) AS (VALUES {', '.join([baris] * len(bagian))}) "
                f"UPDATE {tabel} SET {setel} FROM v WHERE {tabel}.{qn(pk.column)} = v.{qn(pk.column)}",
                params,
            )


def pratinjau_capaian(indikator, target, target_atas, target_teks, data, prefix, metodologi):
    """Capaian of one typed row (for the live cell) and its warnings, or (None, message, [])."""
    form = FormRealisasi(data, prefix=prefix, indikator=indikator)
    if not form.is_valid():
        return None, next(e for es in form.errors.values() for e in es), []
    # The row as loaded, with the person's changes applied by the model's own rule.
    r = form.realisasi_awal()
    try:
        r.terapkan_isian(form.ubahan_model())
    except ValidationError as exc:
        return None, " ".join(pesan_validasi(exc)), []
    try:
        hasil = indikator.capaian(
            metodologi,
            target=target,
            target_atas=target_atas,
            target_teks=target_teks,
            nilai=r.nilai,
            nilai_teks=r.nilai_teks,
            tegas=True,
        )
    except rumus.GalatRumus as exc:
        return None, str(exc), []
    if indikator.predikat:
        return hasil, None, []
    return hasil, None, kewajaran(r.nilai, jenis_nilai(indikator), indikator.satuan)
