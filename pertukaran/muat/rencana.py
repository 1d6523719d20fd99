"""The plan of a load: records found by natural key in memory, changed, validated and derived
there (the models' own `clean()` and `lengkapi()`), counted; merged with the exported document."""

from __future__ import annotations

import copy
import datetime
import itertools
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError

from anggaran.models import (
    BelanjaJenis,
    ItemAnggaran,
    Pagu,
    RealisasiAnggaran,
)
from kinerja.models import (
    ItemPK,
    LayananDokumen,
    PerjanjianKinerja,
    Realisasi,
    RealisasiLayananDokumen,
    RencanaAksi,
    SurveiKepuasan,
    UnsurSurvei,
)
from laporan.models import DasarHukum, Inovasi, Penghargaan, SaranaPrasarana, SumberDayaManusia
from renstra.models import (
    RPJMD,
    ArahKebijakan,
    Indikator,
    Misi,
    Pembanding,
    Renstra,
    Sasaran,
    Strategi,
    TargetIndikator,
    Tujuan,
)
from sakip.isian import baris_seragam
from sakip.models import OPD, Jabatan, MetodologiPemda, Pejabat, Pemda, Penugasan

from ..aturan import (
    DIKUNCI,
    Penjaga,
)
from ..gabung import gabung, gabung_himpunan, kunci_rekaman, pesan_konflik, teks_nilai
from .dokumen import _pesan_validasi, _sementara

# Write order: every model after the models it points to.
_URUTAN_TULIS = [
    Pemda,
    MetodologiPemda,
    OPD,
    Jabatan,
    Pejabat,
    Penugasan,
    RPJMD,
    Misi,
    Renstra,
    Tujuan,
    Sasaran,
    Strategi,
    ArahKebijakan,
    ItemAnggaran,
    Indikator,
    TargetIndikator,
    Pembanding,
    Realisasi,
    Pagu,
    RealisasiAnggaran,
    PerjanjianKinerja,
    ItemPK,
    RencanaAksi,
    DasarHukum,
    SumberDayaManusia,
    SaranaPrasarana,
    Penghargaan,
    Inovasi,
    SurveiKepuasan,
    UnsurSurvei,
    BelanjaJenis,
    LayananDokumen,
    RealisasiLayananDokumen,
]
# Fields written with every update of a changed record: what the model's `lengkapi()` derives
# (its `MEDAN_TURUNAN`), and what this door records itself (who entered a realisation).
_DIHITUNG = {model: set(getattr(model, "MEDAN_TURUNAN", ())) for model in _URUTAN_TULIS}
_DIHITUNG[Realisasi].add("diisi_oleh")
# A conflict on these is placed at the record (its place already names the value's column).
_TEMPAT_NILAI = (TargetIndikator, RealisasiAnggaran, Misi)
_RASIO = ("nilai", "pembilang", "penyebut")
_TAUTAN_ANGGARAN = ("sasaran", "indikator_didukung")  # ItemAnggaran's m2m, kept in its history
_TANPA = object()


def _nama_rekaman(obj):
    """A changed record as the person knows it: its code, or its indicator's/item's code with the
    year and period ("IKU1 2024 TW3"), read from what is in memory (no query)."""
    bagian = [getattr(obj, "kode", "") or ""]
    if not bagian[0]:
        for nama in ("indikator", "item", "sasaran", "tujuan", "jabatan", "pejabat"):
            try:
                f = obj._meta.get_field(nama)
            except FieldDoesNotExist:
                continue
            if f.is_relation and f.is_cached(obj) and f.get_cached_value(obj) is not None:
                bagian = [_teks_rekaman(f.get_cached_value(obj))]
                break
    for nama in ("tahun", "periode", "triwulan"):
        v = getattr(obj, nama, None)
        if v not in (None, ""):
            bagian.append(f"TW{v}" if nama == "triwulan" else str(v))
    return " ".join(b for b in bagian if b)


def _teks_rekaman(v):
    """A related record (or its id) as short text, without a query."""
    if v is None or v == "":
        return "(kosong)"
    if hasattr(v, "_meta"):
        return str(getattr(v, "kode", "") or getattr(v, "nip", "") or f"#{v.pk}")
    return f"{v}"


class _Indeks:
    """The records of one model by natural key: the stored ones a document can match (read with
    one query on first use; the first in the model's ordering wins, as with `.first()`) and the
    ones planned in this load."""

    def __init__(self, model, medan, ambil):
        self.medan = [model._meta.get_field(n) for n in medan]
        self._ambil = ambil  # () -> queryset, or None when nothing stored can match
        self._isi = None

    @property
    def isi(self):
        if self._isi is None:
            self._isi = {}
            for obj in self._ambil() if self._ambil is not None else ():
                self._isi.setdefault(tuple(getattr(obj, f.attname) for f in self.medan), obj)
        return self._isi

    def kunci(self, nilai):
        """The key of lookup values (related records by pk), or None when no record can match."""
        hasil = []
        for f in self.medan:
            v = nilai[f.name]
            if f.is_relation:
                v = None if v is None else v.pk
            else:
                try:
                    v = f.to_python(v)
                except ValidationError:
                    return None
            if v is None:
                return None
            hasil.append(v)
        return tuple(hasil)

    def cari(self, nilai):
        k = self.kunci(nilai)
        return None if k is None else self.isi.get(k)

    def tambah(self, nilai, obj):
        k = self.kunci(nilai)
        if k is not None:
            self.isi.setdefault(k, obj)


def _teks_sama(a, b):
    """The same text but for its line breaks (a workbook cannot carry the "\r" a browser stored)."""
    return isinstance(a, str) and isinstance(b, str) and baris_seragam(a) == baris_seragam(b)


class _Rencana:
    """The plan of one load; the sections (`identitas`, `strategis`, `keuangan`, `perjanjian`) fill it,
    `tulis` writes it."""

    def __init__(self, hasil, *, user=None, perekam=None):
        self.hasil = hasil
        self.jaga = Penjaga(user)
        self.user = user
        # Recording plan of the exported document (`perekam`: the Rekaman it fills; nothing is
        # validated or checked), and the record of the exported document a real load merges with.
        self.perekam = perekam
        self.asal = None
        self._anggaran_berubah = set()  # pks (provisional too) of budget items whose pagu/realisation change
        self._tempat_anggaran = {}  # (year, code) -> place of the budget item in the document
        self._anggaran_asli = {}  # id(stored pagu / budget realisation) -> a copy as stored
        self._pejabat_ditolak = set()  # NIPs refused (another Pemda's officials)
        self.jabatan = {}
        self.pejabat = {}
        self.indikator = {}
        self.sasaran = {}
        self.tujuan = {}
        self.perjanjian = {}
        self.item_anggaran = {}
        self._rpjmd = None
        self._misi_didukung = []
        self._metodologi = None
        self._tautan_anggaran = []
        self._tahun_anggaran = set()
        # The plan.
        self._nomor = itertools.count(-1, -1)  # provisional pks
        self._indeks = {}  # model -> _Indeks
        self._indikator_ada = None  # stored indicators by (owner kind, owner, kode)
        self._tautan_ada = None  # stored budget links: m2m name -> item id -> {target id: through id}
        self._baru = defaultdict(list)  # model -> new records, in document order
        self._ubah = defaultdict(dict)  # model -> {id(obj): obj}, stored records to update
        self._medan_ubah = defaultdict(set)  # model -> fields to update
        self._m2m = []  # (record, m2m name, records): sets without history (Renstra's misi)
        self._tautan = []  # (item, m2m name, records, stored {target id: through id}): budget links
        self._hapus = []  # stored rows a list of the document no longer holds (pertukaran.muat.profil)

    # --- small helpers -------------------------------------------------------------

    def galat(self, tempat, pesan):
        self.hasil.galat.append((tempat, pesan))

    def angka(self, nilai, tempat, wajib=False):
        """A decimal string ("79.143") to Decimal; JSON floats are refused (they lose digits)."""
        if nilai is None or nilai == "":
            if wajib:
                self.galat(tempat, "wajib diisi.")
            return None
        if isinstance(nilai, bool) or isinstance(nilai, float):
            self.galat(tempat, f'angka {nilai!r} harus ditulis sebagai teks desimal, misalnya "79.143".')
            return None
        try:
            hasil = Decimal(str(nilai).strip())
        except InvalidOperation:
            self.galat(tempat, f"{nilai!r} bukan angka desimal (pakai titik untuk desimal, tanpa pemisah ribuan).")
            return None
        if not hasil.is_finite():
            self.galat(tempat, f"{nilai!r} bukan angka.")
            return None
        return hasil

    def tanggal(self, nilai, tempat, wajib=False):
        if not nilai:
            if wajib:
                self.galat(tempat, "tanggal wajib diisi (format 2024-01-31).")
            return None
        try:
            return datetime.date.fromisoformat(str(nilai))
        except ValueError:
            self.galat(tempat, f"{nilai!r} bukan tanggal (format 2024-01-31).")
            return None

    def tahun(self, nilai, tempat):
        if isinstance(nilai, bool) or not isinstance(nilai, int) and not (isinstance(nilai, str) and nilai.isdigit()):
            self.galat(tempat, f"{nilai!r} bukan tahun.")
            return None
        return int(nilai)

    # --- the plan: find, change, validate in memory --------------------------------

    def _daftar(self, model, medan, ambil, *induk):
        """Match `model` in memory by the fields `medan`; `ambil()` reads the stored candidates.
        Under a record planned new (`induk`) nothing stored can match: no query."""
        if any(_sementara(i) for i in induk):
            ambil = None
        self._indeks[model] = _Indeks(model, medan, ambil)

    def _cari(self, model, kunci):
        ix = self._indeks.get(model)
        if ix is not None:
            return ix.cari(kunci)
        # One record per document (Pemda, its methodology, the office, RPJMD, Renstra): one query.
        if any(_sementara(v) for v in kunci.values() if hasattr(v, "_meta")):
            return None
        return model._default_manager.filter(**kunci).first()

    @staticmethod
    def _pasang(obj, kunci):
        """Attach the related records of the key to a stored record (no query to reach them)."""
        for k, v in kunci.items():
            if "__" not in k and v is not None and obj._meta.get_field(k).is_relation:
                setattr(obj, k, v)

    @staticmethod
    def _terapkan(obj, nilai):
        """Set changed field values on `obj`; returns the previous values of what changed.
        FKs compare by id; the related record is always attached (clean() reads it, no query)."""
        lama = {}
        for k, v in nilai.items():
            f = obj._meta.get_field(k)
            if f.is_relation:
                sebelum = getattr(obj, f.attname)
                if sebelum != (v.pk if v is not None else None):
                    lama[k] = (f.get_cached_value(obj) if f.is_cached(obj) else _TANPA, sebelum)
                setattr(obj, k, v)
            elif getattr(obj, k) != v and not _teks_sama(getattr(obj, k), v):
                lama[k] = getattr(obj, k)
                setattr(obj, k, v)
        return lama

    @staticmethod
    def _pulihkan(obj, lama):
        """Undo `_terapkan` on a stored record that failed validation (it keeps its stored values)."""
        for k, sebelum in lama.items():
            f = obj._meta.get_field(k)
            if not f.is_relation:
                setattr(obj, k, sebelum)
            elif sebelum[0] is _TANPA:
                setattr(obj, f.attname, sebelum[1])
            else:
                setattr(obj, k, sebelum[0])

    def _validasi(self, obj):
        """`full_clean(validate_unique=False, validate_constraints=False)` without queries: the
        relations are the records of this load (they exist), so their fields are not checked
        against the database; a budget item's parent is looked for among the loaded rows."""
        lewati = {f.name for f in obj._meta.concrete_fields if f.is_relation or f.primary_key}
        galat = {}
        try:
            obj.clean_fields(exclude=lewati)
        except ValidationError as e:
            galat = e.update_error_dict(galat)
        try:
            if isinstance(obj, ItemAnggaran):
                obj.clean(cari_induk=lambda kode: self._item_induk(obj, kode))
            else:
                obj.clean()
        except ValidationError as e:
            galat = e.update_error_dict(galat)
        if galat:
            raise ValidationError(galat)

    def _item_induk(self, obj, kode):
        return self._indeks[ItemAnggaran].isi.get((obj.opd_id, obj.tahun, kode))

    def _seperti_save(self, obj):
        """What the model's save() derives, by the model's own `lengkapi()` (save() itself is not
        called: the records are written in bulk). The relations are the records of this load, at
        hand in memory, so no query is made (a new record has no row to query yet)."""
        if isinstance(obj, ItemAnggaran):
            obj.lengkapi(cari_induk=lambda kode: self._item_induk(obj, kode))
        elif hasattr(obj, "lengkapi"):
            obj.lengkapi()
        if isinstance(obj, Realisasi) and self.user is not None:
            obj.diisi_oleh = self.user  # as the grid records who entered it

    @staticmethod
    def _turunan(model, medan, **nilai):
        """The value of `medan` that `model.lengkapi()` derives from `nilai`: given with the
        document's values, so that a stored record already holding it is found unchanged."""
        obj = model(**nilai)
        obj.lengkapi()
        return getattr(obj, medan)

    def _rencanakan(self, obj, tempat, baru, lama, awalan="", kunci=None, validasi=True):
        """Validate a new or changed record and put it in the plan; False (and an error) if invalid.
        The recording plan validates nothing: it only needs every record's key; nor is a record
        validated that may not change at all (its one error says so)."""
        try:
            if validasi and self.perekam is None:
                self._validasi(obj)
        except ValidationError as exc:
            self.galat(tempat, awalan + _pesan_validasi(exc))
            if not baru:
                self._pulihkan(obj, lama)
            return False
        self._seperti_save(obj)
        model = type(obj)
        if model in (Pagu, RealisasiAnggaran):
            self._anggaran_berubah.add(obj.item_id)
        if baru:
            obj.pk = next(self._nomor)
            self._baru[model].append(obj)
            if kunci is not None and model in self._indeks:
                self._indeks[model].tambah(kunci, obj)
        elif not _sementara(obj):
            self._ubah[model][id(obj)] = obj
            self._medan_ubah[model] |= set(lama) | _DIHITUNG.get(model, set())
        return True

    def _hitung(self, nama, baru, berubah):
        (self.hasil.dibuat if baru else self.hasil.diubah if berubah else self.hasil.tetap)[nama] += 1

    def _catat_ubah(self, jenis, obj, lama, tempat):
        """For the preview: a stored record's changed fields, old -> new (no query: a relation
        shows the record attached in memory, or its id)."""
        if self.perekam is not None or not lama:
            return
        medan = []
        for k, sebelum in lama.items():
            f = obj._meta.get_field(k)
            label = str(f.verbose_name)
            if f.is_relation:
                sebelum = f"#{sebelum[1]}" if sebelum[0] is _TANPA else sebelum[0]
                sekarang = f.get_cached_value(obj) if f.is_cached(obj) else getattr(obj, f.attname)
                teks = [_teks_rekaman(v) for v in (sebelum, sekarang)]
            else:
                teks = [teks_nilai(f, v) for v in (sebelum, getattr(obj, k))]
            medan.append((label[:1].upper() + label[1:], *teks))
        self.hasil.catat_ubah(jenis, _nama_rekaman(obj) or tempat, medan)

    def simpan(self, model, kunci, nilai, tempat, m2m=None, awal=None, terapkan=None, setelah=None):
        """Create or update one record found by `kunci`; validate it; count what happened.
        `awal`: values given to a new record only (a stored record keeps its own).
        `terapkan(obj, nilai)`: how the values are set (default `_terapkan`); `setelah(obj, baru,
        lama)`: the door's own rules on a new or changed record (not run by the recording plan)."""
        obj = self._cari(model, kunci)
        baru = obj is None
        kr = kunci_rekaman(model, kunci) if self.perekam is not None or self.asal is not None else None
        if self.perekam is not None:
            self.perekam.catat(kr, nilai)
            for nama, objs in (m2m or {}).items():
                self.perekam.catat_himpunan(kr, nama, objs)
        if baru:
            obj = model(**kunci, **(awal or {}))
        else:
            self._pasang(obj, kunci)
            if self.asal is not None:
                nilai = self._gabung(obj, kr, nilai, tempat)
        dikunci = self.perekam is None and isinstance(obj, DIKUNCI)
        if baru and isinstance(obj, PerjanjianKinerja):
            obj.lengkapi()  # its office, as save() derives it: the lock judges the PK by it
        pesan_kunci = self.jaga.pesan_tersimpan(obj) if dikunci and not baru else None
        if not baru and isinstance(obj, (Pagu, RealisasiAnggaran)):
            self._anggaran_asli.setdefault(id(obj), copy.copy(obj))  # the budget rule compares before/after
        lama = (terapkan or self._terapkan)(obj, nilai)
        berubah = baru or bool(lama)
        if berubah and self.perekam is None:
            pesan_kunci = pesan_kunci or (self.jaga.pesan_hasil(obj) if dikunci else None)
            if pesan_kunci:
                self.galat(tempat, pesan_kunci)
            elif setelah is not None:
                setelah(obj, baru, lama)
        if berubah and not self._rencanakan(obj, tempat, baru, lama, kunci=kunci, validasi=not pesan_kunci):
            return None
        for field_name, objs in (m2m or {}).items():
            tersimpan = set() if _sementara(obj) else set(getattr(obj, field_name).values_list("pk", flat=True))
            isian = {o.pk for o in objs}
            tulis = tersimpan != isian
            if self.asal is not None and not baru and not _sementara(obj):
                tulis, konflik = gabung_himpunan(self.asal, kr, field_name, tersimpan, isian)
                if konflik:
                    self._konflik_himpunan(obj, field_name, tempat, tersimpan, objs)
            if tulis:
                self._m2m.append((obj, field_name, list(objs)))
                berubah = True
        vn = str(model._meta.verbose_name)
        self._hitung(vn[:1].upper() + vn[1:], baru, berubah)
        if not baru and lama:
            self._catat_ubah(vn[:1].upper() + vn[1:], obj, lama, tempat)
        return obj

    # --- merge with the exported document (pertukaran.gabung) ------------------------

    def _gabung(self, obj, kr, nilai, tempat):
        """The imported values of a stored record that the person changed; conflicts as errors."""
        tulis, konflik = gabung(self.asal, kr, obj, nilai)
        for nama, sekarang, isian in konflik:
            f = obj._meta.get_field(nama)
            label = str(f.verbose_name)
            self.galat(
                tempat if isinstance(obj, _TEMPAT_NILAI) else f"{tempat}.{nama}",
                pesan_konflik(label[:1].upper() + label[1:], teks_nilai(f, sekarang), teks_nilai(f, isian)),
            )
        return tulis

    def _konflik_himpunan(self, obj, nama, tempat, tersimpan, objs):
        f = obj._meta.get_field(nama)
        kode = {o.pk: getattr(o, "kode", None) or str(o) for o in objs}
        for peta in (self.sasaran, self.indikator):
            kode.update({o.pk: k for k, o in peta.items()})

        def teks(pks):
            return ", ".join(sorted(str(kode.get(pk, f"#{pk}")) for pk in pks)) or "(kosong)"

        label = str(f.verbose_name)
        self.galat(
            f"{tempat}.{nama}",
            pesan_konflik(label[:1].upper() + label[1:], teks(tersimpan), teks({o.pk for o in objs})),
        )
