"""Office-year data exchange: a `sakip-opd/1` document (docs/format-data-opd.md) into the database.

`impor_data_opd(data)` creates or updates everything the document holds, matching records by
their natural keys, in one transaction: any error and nothing is written. Errors name their
place in the document and are in Bahasa Indonesia. The demo fixtures and the Excel workbook
both go through it.

The load runs in two passes, so that its number of queries does not grow with the document:

1. Plan. The document is walked in its own order (errors come in document order). The stored
   records a document can match are read once per model (`_Indeks`: one query on first use);
   each record is found by its natural key in memory, changed in memory and validated in Python
   (the fields and the model's `clean()`, with every relation already at hand; the budget item's
   parent check looks at the loaded rows). What each model's `save()` computes is computed here.
   A record planned new gets a provisional negative pk, so that the `clean()` rules comparing ids
   (same Renstra, same office) see it as they would see a saved record.
2. Write, only when the plan has no error: model by model, parents first, new records with
   `bulk_create` and changed ones with `bulk_update`, each with its history rows
   (django-simple-history's bulk helpers; the history user is the request's, as with `save()`).
   A record found unchanged is neither written nor given a history row.

The load takes the office lock (`sakip.kunci.kunci_opd`) first, and keeps the rules of the entry
screens (`pertukaran.aturan`: frozen periods, set PKs, who sets a PK, what an office may
change of its Pemda, plausibility warnings). Given the document a workbook was exported from
(`asal`), it writes only what the person changed since, and reports what changed on both sides
(`pertukaran.gabung`). A field the document does not mention is left as stored.
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from anggaran.aturan import periksa_perubahan
from anggaran.models import (
    ItemAnggaran,
    Pagu,
    RealisasiAnggaran,
    kode_induk,
    normalisasi_kode,
)
from anggaran.nomenklatur import kode_tidak_dikenal
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi
from renstra.models import RPJMD, Indikator, Misi, Pembanding, Renstra, Sasaran, TargetIndikator, Tujuan
from sakip.berkas_aman import MB, format_mb
from sakip.kunci import kunci_opd
from sakip.models import OPD, Jabatan, MetodologiPemda, Pejabat, Pemda, Penugasan
from sakip.xlsx_aman import batas

from .aturan import (
    DIKUNCI,
    PESAN_HANYA_PIMPINAN,
    PESAN_PEJABAT_BERSAMA,
    PESAN_PEJABAT_PEMDA_LAIN,
    PESAN_PEMDA_UBAH,
    PESAN_RPJMD_BARU,
    PESAN_RPJMD_UBAH,
    Penjaga,
)
from .ekspor import FORMAT, ekspor_data_opd  # noqa: F401 - the export, with the import here
from .gabung import Rekaman, gabung, gabung_himpunan, kunci_rekaman, pesan_konflik, teks_nilai

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


class DataTidakValid(Exception):
    """The document has errors; `galat` lists them as (place, message)."""

    def __init__(self, galat):
        self.galat = galat
        super().__init__("\n".join(f"{tempat}: {pesan}" for tempat, pesan in galat))


class _Batal(Exception):
    """Internal: roll back a dry run or a failed load."""


@dataclass
class HasilImpor:
    opd: OPD | None = None
    dibuat: Counter = field(default_factory=Counter)
    diubah: Counter = field(default_factory=Counter)
    tetap: Counter = field(default_factory=Counter)
    galat: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)  # (place, message): implausible values, not errors
    percobaan: bool = False

    @property
    def berhasil(self):
        return not self.galat

    @property
    def per_jenis(self):
        """(data type, created, changed, unchanged) rows."""
        nama = sorted(set(self.dibuat) | set(self.diubah) | set(self.tetap))
        return [(n, self.dibuat[n], self.diubah[n], self.tetap[n]) for n in nama]

    def ringkasan(self):
        """Lines like "Indikator: 12 dibuat, 1 diubah, 30 tetap"."""
        nama = sorted(set(self.dibuat) | set(self.diubah) | set(self.tetap))
        return [f"{n}: {self.dibuat[n]} dibuat, {self.diubah[n]} diubah, {self.tetap[n]} tetap" for n in nama]


def _pesan_validasi(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def _sementara(obj):
    """A record planned in this load and not written (yet): its pk is provisional, negative."""
    return obj is not None and obj.pk is not None and obj.pk < 0


def _daftar_tahun(daftar):
    """The years named in a list of sections (for the scope of the stored rows to read)."""
    hasil = set()
    for d in daftar or []:
        t = d.get("tahun") if isinstance(d, dict) else None
        if isinstance(t, int) and not isinstance(t, bool):
            hasil.add(t)
        elif isinstance(t, str) and t.isdigit():
            hasil.add(int(t))
    return hasil


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


class _Pemuat:
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
        self.pk = {}
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
            elif getattr(obj, k) != v:
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

    # --- sections ------------------------------------------------------------------

    def muat(self, data, opd_tetap=None):
        if not isinstance(data, dict):
            self.galat("dokumen", "harus berupa objek JSON.")
            return
        if data.get("format") != FORMAT:
            self.galat("format", f'harus "{FORMAT}", bukan {data.get("format")!r}.')
            return
        if opd_tetap is not None:
            # Loading into one existing office: its Pemda and methodology are the admin pemda's; the
            # file may carry them unchanged (an export does), a change is refused unless the user
            # may manage the Pemda.
            kode = (data.get("opd") or {}).get("kode")
            if kode and kode != opd_tetap.kode:
                self.galat("opd.kode", f"berkas ini untuk OPD {kode}, bukan {opd_tetap.kode}.")
                return
            pemda = opd_tetap.pemda
            self.muat_pemda_tetap(pemda, data.get("pemda"))
            self.muat_metodologi(pemda, data.get("metodologi"), setelah=self._periksa_identitas_pemda(pemda))
            data = dict(data, opd=dict(data.get("opd") or {}, kode=opd_tetap.kode))
            for k in ("nama", "singkatan", "alamat", "telepon", "email"):
                if not data["opd"].get(k):
                    data["opd"][k] = getattr(opd_tetap, k)
        else:
            pemda = self.muat_pemda(data.get("pemda") or {})
            if pemda is None:
                return
            self.muat_metodologi(pemda, data.get("metodologi"))
        opd = self.muat_opd(pemda, data.get("opd") or {})
        if opd is None:
            return
        self.hasil.opd = opd
        if self.perekam is None:
            self.jaga.baca_kunci(opd)  # after the office lock (impor_data_opd)
        self.daftar_tersimpan(opd, data)
        self.muat_jabatan(opd, data.get("jabatan") or [])
        self.muat_pejabat(pemda, data.get("pejabat") or [])
        misi = self.muat_rpjmd(pemda, data.get("rpjmd"))
        renstra = self.muat_renstra(opd, data.get("renstra"), misi)
        # Budget items before PK and links: program indicators may be referenced anywhere.
        self.muat_anggaran(opd, data.get("anggaran") or [], renstra)
        self.muat_pk(opd, data.get("perjanjian_kinerja") or [])

    def daftar_tersimpan(self, opd, data):
        """Where the stored records the document can match are: one query per model, on first use."""
        nip = [Pejabat.bersihkan_nip(d.get("nip", "")) for d in data.get("pejabat") or [] if isinstance(d, dict)]
        self._tahun_anggaran = ta = _daftar_tahun(data.get("anggaran"))
        tp = _daftar_tahun(data.get("perjanjian_kinerja"))
        self._daftar(Jabatan, ("opd", "nama"), lambda: Jabatan.objects.filter(opd=opd), opd)
        self._daftar(Pejabat, ("nip",), lambda: Pejabat.objects.filter(nip__in=nip))
        self._daftar(
            Penugasan, ("jabatan", "pejabat", "mulai"), lambda: Penugasan.objects.filter(jabatan__opd=opd), opd
        )
        per_indikator = {
            TargetIndikator: ("indikator", "tahun"),
            Pembanding: ("indikator", "tahun", "jenis", "nama"),
            Realisasi: ("indikator", "tahun", "periode"),
        }
        for model, medan in per_indikator.items():
            self._daftar(model, medan, lambda m=model: m.objects.filter(indikator__opd=opd), opd)
        self._daftar(
            ItemAnggaran, ("opd", "tahun", "kode"), lambda: ItemAnggaran.objects.filter(opd=opd, tahun__in=ta), opd
        )
        for model, medan in ((Pagu, ("item", "urutan")), (RealisasiAnggaran, ("item", "triwulan"))):
            self._daftar(model, medan, lambda m=model: m.objects.filter(item__opd=opd, item__tahun__in=ta), opd)
        self._daftar(
            PerjanjianKinerja,
            ("jabatan", "tahun", "versi"),
            lambda: PerjanjianKinerja.objects.filter(jabatan__opd=opd, tahun__in=tp),
            opd,
        )
        self._daftar(
            ItemPK,
            ("perjanjian", "indikator"),
            lambda: ItemPK.objects.filter(perjanjian__jabatan__opd=opd, perjanjian__tahun__in=tp),
            opd,
        )
        self._daftar(
            RencanaAksi,
            ("item", "triwulan"),
            lambda: RencanaAksi.objects.filter(item__perjanjian__jabatan__opd=opd, item__perjanjian__tahun__in=tp),
            opd,
        )

    def muat_pemda(self, d):
        if not d.get("nama"):
            self.galat("pemda.nama", "wajib diisi.")
            return None
        return self.simpan(
            Pemda,
            {"nama": d["nama"]},
            {k: d.get(k, "") or "" for k in ("tingkat", "jabatan_kepala_daerah", "nama_kepala_daerah", "ibu_kota")},
            "pemda",
        )

    MEDAN_PEMDA = ("nama", "tingkat", "jabatan_kepala_daerah", "nama_kepala_daerah", "ibu_kota")

    def muat_pemda_tetap(self, pemda, d):
        """The Pemda of an office's load: the fields the document gives (a blank one is left as
        stored, as the office's own identity is) must be the stored ones, unless the user may
        manage the Pemda; then they are written."""
        if not isinstance(d, dict):
            return
        nilai = {k: d[k] for k in self.MEDAN_PEMDA if d.get(k) is not None}
        if not nilai:
            return
        periksa = self._periksa_identitas_pemda(pemda)

        def setelah(obj, baru, lama):
            periksa(obj, baru, lama)
            if "nama" in lama and Pemda.objects.filter(nama=obj.nama).exclude(pk=obj.pk).exists():
                self.galat("pemda.nama", f"nama {obj.nama!r} sudah dipakai pemda lain.")

        self.simpan(Pemda, {"id": pemda.pk}, nilai, "pemda", setelah=setelah)

    def _periksa_identitas_pemda(self, pemda):
        """The door's rule on the Pemda's identity and methodology in an office's load: only one who
        may manage the Pemda changes them; each changed field is an error at its place."""

        def periksa(obj, baru, lama):
            if self.jaga.boleh_kelola(pemda):
                return
            tempat = "pemda" if isinstance(obj, Pemda) else "metodologi"
            for k, sebelum in lama.items():
                f = obj._meta.get_field(k)
                self.galat(
                    f"{tempat}.{k}",
                    PESAN_PEMDA_UBAH.format(
                        medan=f.verbose_name,
                        tersimpan=teks_nilai(f, sebelum),  # a new row: the default in force
                        isian=teks_nilai(f, getattr(obj, k)),
                    ),
                )

        return periksa

    def muat_metodologi(self, pemda, d, setelah=None):
        if not d:
            return
        nilai = {
            k: d[k]
            for k in (
                "skala",
                "skala_kustom",
                "rumus_turun",
                "pembulatan",
                "rumus_efisiensi",
                "aturan_kemajuan",
                "pakai_bobot",
                "izinkan_realisasi_melebihi_pagu",
                "desimal",
            )
            if k in d
        }
        if "skala" in nilai and nilai["skala"] is None:
            nilai["skala"] = ""
        nilai["batas_atas"] = self.angka(d.get("batas_atas"), "metodologi.batas_atas")
        self._metodologi = self.simpan(MetodologiPemda, {"pemda": pemda}, nilai, "metodologi", setelah=setelah)

    def muat_opd(self, pemda, d):
        if not d.get("kode"):
            self.galat("opd.kode", "wajib diisi.")
            return None
        lain = OPD.objects.filter(kode=d["kode"]).exclude(pemda=pemda).first()
        if lain:
            self.galat("opd.kode", f"kode {d['kode']} sudah dipakai OPD di {lain.pemda}.")
            return None
        nilai = {k: d.get(k, "") or "" for k in ("nama", "singkatan", "alamat", "telepon", "email")}
        nilai["pemda"] = pemda
        opd = self.simpan(OPD, {"kode": d["kode"]}, nilai, "opd")
        # Unique per Pemda (opd_nama_unik_per_pemda): checked here, not left to the database.
        if opd is not None and not _sementara(pemda):
            sama = OPD.objects.filter(pemda=pemda, nama=opd.nama).exclude(kode=opd.kode).first()
            if sama:
                self.galat("opd.nama", f"nama {opd.nama!r} sudah dipakai OPD {sama.kode} di {pemda}.")
                return None
        return opd

    def muat_jabatan(self, opd, daftar):
        for i, d in enumerate(daftar):
            tempat = f"jabatan[{i}]"
            induk = None
            if d.get("induk"):
                induk = self.jabatan.get(d["induk"])
                if induk is None:
                    self.galat(f"{tempat}.induk", f"jabatan {d['induk']!r} belum disebut sebelumnya.")
                    continue
            obj = self.simpan(
                Jabatan,
                {"opd": opd, "nama": d.get("nama", "")},
                {"eselon": d.get("eselon", ""), "induk": induk, "urutan": i},
                tempat,
            )
            if obj:
                self.jabatan[obj.nama] = obj

    def cari_jabatan(self, nama, tempat, wajib=True):
        if not nama:
            if wajib:
                self.galat(tempat, "jabatan wajib diisi.")
            return None
        j = self.jabatan.get(nama)
        if j is None:
            self.galat(tempat, f"jabatan {nama!r} tidak ada di daftar jabatan.")
        return j

    def muat_pejabat(self, pemda, daftar):
        nips = {Pejabat.bersihkan_nip(d.get("nip", "")) for d in daftar}
        for i, d in enumerate(daftar):
            tempat = f"pejabat[{i}]"
            nip = Pejabat.bersihkan_nip(d.get("nip", ""))
            ada = self._cari(Pejabat, {"nip": nip})
            if self.perekam is None and ada is not None and ada.pemda_id != pemda.pk:
                # Officials are matched within the office's Pemda: another Pemda's is neither
                # renamed nor moved here.
                self.galat(f"{tempat}.nip", PESAN_PEJABAT_PEMDA_LAIN.format(nip=nip))
                self._pejabat_ditolak.add(nip)
                continue
            obj = self.simpan(
                Pejabat,
                {"nip": nip},
                {
                    "pemda": pemda,
                    "nama": d.get("nama", ""),
                    "pangkat": d.get("pangkat") or "",
                    "golongan": d.get("golongan") or "",
                },
                tempat,
                setelah=lambda obj, baru, lama, t=tempat: self._periksa_pejabat(obj, baru, lama, t, pemda, nips),
            )
            if obj is None:
                continue
            self.pejabat[nip] = obj
            if d.get("jabatan"):
                jabatan = self.cari_jabatan(d["jabatan"], f"{tempat}.jabatan")
                mulai = self.tanggal(d.get("mulai"), f"{tempat}.mulai", wajib=True)
                if jabatan and mulai:
                    self.simpan(
                        Penugasan,
                        {"jabatan": jabatan, "pejabat": obj, "mulai": mulai},
                        {
                            "jenis": d.get("jenis") or "definitif",
                            "selesai": self.tanggal(d.get("selesai"), f"{tempat}.selesai"),
                        },
                        tempat,
                    )

    def _periksa_pejabat(self, obj, baru, lama, tempat, pemda, nips):
        """One who also holds a position in another office keeps his name, pangkat and golongan
        unless the user may manage the Pemda."""
        diubah = [k for k in ("nama", "pangkat", "golongan") if k in lama]
        if baru or not diubah or self.jaga.boleh_kelola(pemda):
            return
        if obj.pk in self.jaga.pejabat_opd_lain(pemda, self.hasil.opd, nips):
            tersimpan = ", ".join(f"{k} {lama[k]!r}" for k in diubah)
            self.galat(f"{tempat}.{diubah[0]}", PESAN_PEJABAT_BERSAMA.format(nip=obj.nip, tersimpan=tersimpan))

    def _periksa_data_pemda(self, pemda, tempat, per_medan=False):
        """RPJMD and misi are the Pemda's: an office's load may only reference them unchanged.
        The error is placed at `tempat`, or (`per_medan`) at `tempat.<first changed field>`."""

        def periksa(obj, baru, lama):
            if self.jaga.boleh_kelola(pemda):
                return
            if baru:
                self.galat(f"{tempat}.tahun_mulai" if per_medan else tempat, PESAN_RPJMD_BARU)
                return
            medan = ", ".join(str(obj._meta.get_field(k).verbose_name) for k in lama)
            self.galat(f"{tempat}.{next(iter(lama))}" if per_medan else tempat, PESAN_RPJMD_UBAH.format(medan=medan))

        return periksa

    def muat_rpjmd(self, pemda, d):
        if not d:
            return {}
        nilai = {"tahun_selesai": d.get("tahun_selesai"), "visi": d.get("visi", "")}
        if "dasar_hukum" in d:  # a workbook of an older export has no such row: left as stored
            nilai["dasar_hukum"] = d.get("dasar_hukum") or ""
        rpjmd = self.simpan(
            RPJMD,
            {"pemda": pemda, "jenis": d.get("jenis") or "RPJMD", "tahun_mulai": d.get("tahun_mulai")},
            nilai,
            "rpjmd",
            setelah=self._periksa_data_pemda(pemda, "rpjmd", per_medan=True),
        )
        misi = {}
        if rpjmd is None:
            return misi
        self._daftar(Misi, ("rpjmd", "nomor"), lambda: Misi.objects.filter(rpjmd=rpjmd), rpjmd)
        for n, uraian in enumerate(d.get("misi") or [], 1):
            tempat = f"rpjmd.misi[{n - 1}]"
            obj = self.simpan(
                Misi,
                {"rpjmd": rpjmd, "nomor": n},
                {"uraian": uraian},
                tempat,
                setelah=self._periksa_data_pemda(pemda, tempat),
            )
            if obj:
                misi[n] = obj
        self._misi_didukung = [misi[n] for n in d.get("misi_didukung") or [] if n in misi]
        self._rpjmd = rpjmd
        return misi

    def muat_renstra(self, opd, d, misi):
        if not d:
            return None
        renstra = self.simpan(
            Renstra,
            {"opd": opd, "tahun_mulai": d.get("tahun_mulai"), "versi": d.get("versi", 0)},
            {
                "tahun_selesai": d.get("tahun_selesai"),
                "tanggal_penetapan": self.tanggal(d.get("tanggal_penetapan"), "renstra.tanggal_penetapan"),
                "dasar_hukum": d.get("dasar_hukum") or "",
                "visi": d.get("visi") or "",
                "rpjmd": self._rpjmd,
            },
            "renstra",
            m2m={"misi_didukung": self._misi_didukung},
        )
        if renstra is None:
            return None
        for model in (Tujuan, Sasaran):
            self._daftar(model, ("renstra", "kode"), lambda m=model: m.objects.filter(renstra=renstra), renstra)
        for i, t in enumerate(d.get("tujuan") or []):
            tempat = f"renstra.tujuan[{i}]"
            tujuan = self.simpan(
                Tujuan,
                {"renstra": renstra, "kode": t.get("kode", "")},
                {"uraian": t.get("uraian", ""), "urutan": i},
                tempat,
            )
            if tujuan is None:
                continue
            self.tujuan[tujuan.kode] = tujuan
            for j, ind in enumerate(t.get("indikator") or []):
                self.muat_indikator(ind, f"{tempat}.indikator[{j}]", urutan=j, tujuan=tujuan)
        for i, s in enumerate(d.get("sasaran") or []):
            tempat = f"renstra.sasaran[{i}]"
            induk = self.sasaran.get(s.get("induk")) if s.get("induk") else None
            if s.get("induk") and induk is None:
                self.galat(f"{tempat}.induk", f"sasaran {s['induk']!r} belum disebut sebelumnya.")
                continue
            tujuan = self.tujuan.get(s.get("tujuan")) if s.get("tujuan") else None
            if s.get("tujuan") and tujuan is None:
                self.galat(f"{tempat}.tujuan", f"tujuan {s['tujuan']!r} tidak ada.")
                continue
            pemilik = self.cari_jabatan(s.get("pemilik"), f"{tempat}.pemilik", wajib=False)
            sasaran = self.simpan(
                Sasaran,
                {"renstra": renstra, "kode": s.get("kode", "")},
                {
                    "uraian": s.get("uraian", ""),
                    "tingkat": s.get("tingkat") or "strategis",
                    "induk": induk,
                    "tujuan": self._turunan(Sasaran, "tujuan", renstra=renstra, induk=induk, tujuan=tujuan),
                    "pemilik": pemilik,
                    "urutan": i,
                },
                tempat,
            )
            if sasaran is None:
                continue
            self.sasaran[sasaran.kode] = sasaran
            for j, ind in enumerate(s.get("indikator") or []):
                self.muat_indikator(ind, f"{tempat}.indikator[{j}]", urutan=j, sasaran=sasaran)
        return renstra

    FIELD_INDIKATOR_TEKS = (
        "satuan",
        "jenis_nilai",
        "skala_predikat",
        "arah",
        "definisi",
        "formula",
        "label_pembilang",
        "label_penyebut",
        "satuan_pembilang",
        "frekuensi",
        "agregasi",
        "sumber_data",
        "baseline_teks",
        "target_akhir_teks",
    )

    def indikator_tersimpan(self):
        """The office's stored indicators by owner kind, owner (Renstra, budget year or composite)
        and kode: the keys the loader matches indicators by. One query."""
        if self._indikator_ada is None:
            self._indikator_ada = {}
            opd = self.hasil.opd
            if not _sementara(opd):
                qs = Indikator.objects.filter(opd=opd).annotate(
                    pemuat_renstra_s=F("sasaran__renstra_id"),
                    pemuat_renstra_t=F("tujuan__renstra_id"),
                    pemuat_tahun_a=F("item_anggaran__tahun"),
                )
                for ind in qs:
                    if ind.sasaran_id:
                        k = ("sasaran", ind.pemuat_renstra_s)
                    elif ind.tujuan_id:
                        k = ("tujuan", ind.pemuat_renstra_t)
                    elif ind.item_anggaran_id:
                        k = ("anggaran", ind.pemuat_tahun_a)
                    elif ind.komposit_id:
                        k = ("komposit", ind.komposit_id)
                    else:
                        continue
                    self._indikator_ada.setdefault((*k, ind.kode), ind)
        return self._indikator_ada

    def muat_indikator(self, d, tempat, urutan=0, **pemilik):
        kode = d.get("kode")
        if not kode:
            self.galat(f"{tempat}.kode", "wajib diisi (kode unik indikator dalam dokumen).")
            return None
        if kode in self.indikator:
            self.galat(f"{tempat}.kode", f"kode indikator {kode!r} dipakai lebih dari sekali.")
            return None
        bawaan = Indikator._meta
        nilai = {
            k: (d.get(k) if d.get(k) is not None else bawaan.get_field(k).get_default())
            for k in self.FIELD_INDIKATOR_TEKS
        }
        nilai["nama"] = d.get("nama", "")
        for k in ("faktor", "baseline", "target_akhir", "bobot", "batas_atas_capaian"):
            v = self.angka(d.get(k), f"{tempat}.{k}")
            nilai[k] = v if v is not None or k not in ("faktor", "bobot") else bawaan.get_field(k).get_default()
        for k in ("tunda_tahun", "presisi", "tahun_baseline"):
            if d.get(k) is not None:
                nilai[k] = d[k]
        nilai["iku"] = bool(d.get("iku", False))
        nilai["urutan"] = urutan
        nilai["penanggung_jawab"] = self.cari_jabatan(
            d.get("penanggung_jawab"), f"{tempat}.penanggung_jawab", wajib=False
        )
        for k in ("tujuan", "sasaran", "item_anggaran", "komposit"):
            nilai[k] = pemilik.get(k)
        # An indicator is identified by its kode within the office and its owner's Renstra/year.
        if pemilik.get("sasaran"):
            kunci = ("sasaran", pemilik["sasaran"].renstra.pk)
        elif pemilik.get("tujuan"):
            kunci = ("tujuan", pemilik["tujuan"].renstra.pk)
        elif pemilik.get("item_anggaran"):
            kunci = ("anggaran", pemilik["item_anggaran"].tahun)
        else:
            kunci = ("komposit", pemilik["komposit"].pk)
        kunci = (*kunci, bawaan.get_field("kode").to_python(kode))
        obj = self.indikator_tersimpan().get(kunci)
        baru = obj is None
        # Its key across the plans of the file and of the exported document (none under a new Renstra).
        kr = None if isinstance(kunci[1], int) and kunci[1] < 0 else (Indikator, kunci)
        if self.perekam is not None:
            self.perekam.catat(kr, nilai)
        if baru:
            obj = Indikator(kode=kode)
        elif self.asal is not None:
            nilai = self._gabung(obj, kr, nilai, tempat)
        asli = None if baru or self.perekam is not None else copy.copy(obj)
        lama = self._terapkan(obj, nilai)
        berubah = baru or bool(lama)
        if asli is not None and berubah:
            # How an indicator is measured is frozen while a period of its Renstra is approved.
            pesan = self.jaga.peta.pesan_perubahan(asli, obj)
            if pesan:
                # Refused (the load fails); it stays as stored so the rest of the file reads on.
                self.galat(tempat, pesan)
                self._pulihkan(obj, lama)
                berubah = False
        if berubah and not self._rencanakan(obj, tempat, baru, lama, f"indikator {kode}: "):
            return None
        if baru:
            self._indikator_ada[kunci] = obj
        self._hitung("Indikator", baru, berubah)
        self.indikator[kode] = obj
        self.muat_target(obj, d, tempat)
        for i, p in enumerate(d.get("pembanding") or []):
            tp = f"{tempat}.pembanding[{i}]"
            tahun = self.tahun(p.get("tahun"), f"{tp}.tahun")
            if tahun is None:
                continue
            self.simpan(
                Pembanding,
                {"indikator": obj, "tahun": tahun, "jenis": p.get("jenis", ""), "nama": p.get("nama") or ""},
                {
                    "nilai": self.angka(p.get("nilai"), f"{tp}.nilai"),
                    "nilai_teks": p.get("nilai_teks") or "",
                    "sumber": p.get("sumber") or "",
                },
                tp,
            )
        for i, r in enumerate(d.get("realisasi") or []):
            self.muat_realisasi(obj, r, f"{tempat}.realisasi[{i}]")
        for j, k in enumerate(d.get("komponen") or []):
            self.muat_indikator(k, f"{tempat}.komponen[{j}]", urutan=j, komposit=obj)
        return obj

    def muat_target(self, ind, d, tempat):
        target = d.get("target") or {}
        atas = d.get("target_atas") or {}
        if not isinstance(target, dict):
            self.galat(f"{tempat}.target", 'harus berupa objek {"2024": "90"}.')
            return
        for tahun_teks, v in target.items():
            tt = f"{tempat}.target.{tahun_teks}"
            tahun = self.tahun(tahun_teks, tt)
            if tahun is None:
                continue
            if ind.predikat:
                nilai = {"nilai": None, "nilai_teks": v or "", "nilai_atas": None}
            else:
                nilai = {
                    "nilai": self.angka(v, tt),
                    "nilai_teks": "",
                    "nilai_atas": self.angka(atas.get(tahun_teks), f"{tempat}.target_atas.{tahun_teks}"),
                }
            self.simpan(
                TargetIndikator,
                {"indikator": ind, "tahun": tahun},
                nilai,
                tt,
                setelah=lambda obj, baru, lama, t=tt: self.wajar(t, ind, obj.nilai),
            )

    def wajar(self, tempat, indikator, nilai):
        """Plausibility warnings (sakip.angka.kewajaran) on a value this load writes."""
        for pesan in self.jaga.kewajaran(indikator, nilai):
            self.hasil.peringatan.append((tempat, pesan))

    def muat_realisasi(self, ind, r, tempat):
        tahun = self.tahun(r.get("tahun"), f"{tempat}.tahun")
        if tahun is None:
            return
        nilai = {
            "pembilang": self.angka(r.get("pembilang"), f"{tempat}.pembilang"),
            "penyebut": self.angka(r.get("penyebut"), f"{tempat}.penyebut"),
            "keterangan_data": r.get("keterangan_data") or "",
            "sumber_data": r.get("sumber_data") or "",
            "catatan": r.get("catatan") or "",
        }
        if ind.predikat:
            nilai.update(nilai=None, nilai_teks=r.get("nilai_teks") or r.get("nilai") or "")
        else:
            if r.get("nilai_teks"):
                self.galat(f"{tempat}.nilai", f"{r['nilai_teks']!r} bukan angka; indikator ini diisi dengan angka.")
                return
            nilai.update(nilai=self.angka(r.get("nilai"), f"{tempat}.nilai"), nilai_teks="")
        self.simpan(
            Realisasi,
            {"indikator": ind, "tahun": tahun, "periode": r.get("periode") or "TAHUN"},
            nilai,
            tempat,
            terapkan=self._terapkan_realisasi,
            setelah=lambda obj, baru, lama: self.wajar(tempat, ind, obj.nilai),
        )

    def _terapkan_realisasi(self, obj, nilai):
        """A realisation's values as the grid applies them (Realisasi.terapkan_isian): the value
        follows a changed pembilang or penyebut unless it was given as well, and an empty value
        beside them is computed (pembilang ÷ penyebut × faktor, the model's own computation)."""
        sebelum = {k: getattr(obj, k) for k in _RASIO}
        lama = self._terapkan(obj, {k: v for k, v in nilai.items() if k not in _RASIO})
        baru = obj.pk is None
        ubahan = {k: nilai[k] for k in _RASIO if k in nilai and (baru or getattr(obj, k) != nilai[k])}
        obj.terapkan_isian(ubahan)
        lama.update({k: sebelum[k] for k in _RASIO if getattr(obj, k) != sebelum[k]})
        return lama

    def muat_anggaran(self, opd, daftar, renstra):

        asing = kode_tidak_dikenal(normalisasi_kode(d.get("kode", "")) for d in daftar)
        for i, d in enumerate(daftar):
            if normalisasi_kode(d.get("kode", "")) in asing:
                self.galat(
                    f"anggaran[{i}].kode", f"kode {d.get('kode')} tidak ada di nomenklatur Kepmendagri 050-5889."
                )
                continue
            tempat = f"anggaran[{i}]"
            tahun = self.tahun(d.get("tahun"), f"{tempat}.tahun")
            if tahun is None:
                continue
            kode = normalisasi_kode(d.get("kode", ""))
            item = self.simpan(
                ItemAnggaran,
                {"opd": opd, "tahun": tahun, "kode": kode},
                {
                    "nama": d.get("nama", ""),
                    "sumber_dana": d.get("sumber_dana") or "",
                    "catatan": d.get("catatan") or "",
                },
                f"{tempat} ({kode})",
                # The position in the document, for a new item only: a file of one year must not
                # renumber the items of an office with several years (re-importing an unchanged
                # export changes nothing). Budget items are listed by kode everywhere.
                awal={"urutan": i},
            )
            if item is None:
                continue
            self.item_anggaran[(tahun, kode)] = item
            self._tempat_anggaran[(tahun, kode)] = tempat
            for j, p in enumerate(d.get("pagu") or []):
                tp = f"{tempat}.pagu[{j}]"
                self.simpan(
                    Pagu,
                    {"item": item, "urutan": p.get("urutan", j)},
                    {
                        "jenis": p.get("jenis") or "murni",
                        "nilai": self.angka(p.get("nilai"), f"{tp}.nilai", wajib=True),
                        "tanggal": self.tanggal(p.get("tanggal"), f"{tp}.tanggal"),
                        "dasar": p.get("dasar") or "",
                    },
                    tp,
                )
            realisasi = d.get("realisasi") or {}
            for tw, v in realisasi.items():
                tr = f"{tempat}.realisasi.{tw}"
                if str(tw) not in {"1", "2", "3", "4"}:
                    self.galat(tr, "triwulan harus 1, 2, 3 atau 4.")
                    continue
                self.simpan(
                    RealisasiAnggaran, {"item": item, "triwulan": int(tw)}, {"nilai": self.angka(v, tr, wajib=True)}, tr
                )
            for j, ind in enumerate(d.get("indikator") or []):
                self.muat_indikator(ind, f"{tempat}.indikator[{j}]", urutan=j, item_anggaran=item)
            self._tautan_anggaran.append((item, d, tempat))
        # Links are set once every item and indicator exists.
        for item, d, tempat in self._tautan_anggaran:
            sasaran, indikator = [], []
            for kode in d.get("sasaran") or []:
                s = self.sasaran.get(kode)
                if s is None:
                    self.galat(f"{tempat}.sasaran", f"sasaran {kode!r} tidak ada.")
                else:
                    sasaran.append(s)
            for kode in d.get("indikator_didukung") or []:
                ind = self.indikator.get(kode)
                if ind is None:
                    self.galat(f"{tempat}.indikator_didukung", f"indikator {kode!r} tidak ada.")
                else:
                    indikator.append(ind)
            kr = kunci_rekaman(ItemAnggaran, {"opd": opd, "tahun": item.tahun, "kode": item.kode})
            for nama, objs in zip(_TAUTAN_ANGGARAN, (sasaran, indikator), strict=True):
                if self.perekam is not None:
                    self.perekam.catat_himpunan(kr, nama, objs)
                tersimpan = {} if _sementara(item) else self.tautan_tersimpan()[nama].get(item.pk, {})
                isian = {o.pk for o in objs}
                tulis = set(tersimpan) != isian
                if self.asal is not None and not _sementara(item):
                    tulis, konflik = gabung_himpunan(self.asal, kr, nama, set(tersimpan), isian)
                    if konflik:
                        self._konflik_himpunan(item, nama, tempat, set(tersimpan), objs)
                if tulis:
                    self._tautan.append((item, nama, objs, tersimpan))
        if self.perekam is None:
            self.periksa_pagu(opd)

    def tautan_tersimpan(self):
        """The stored links of the document's budget years: m2m name -> item id -> {target id: row id}."""
        if self._tautan_ada is None:
            self._tautan_ada = {}
            opd = self.hasil.opd
            for nama in _TAUTAN_ANGGARAN:
                f = ItemAnggaran._meta.get_field(nama)
                sumber, tujuan = f.m2m_field_name(), f.m2m_reverse_field_name()
                per_item = self._tautan_ada[nama] = defaultdict(dict)
                if _sementara(opd):
                    continue
                baris = f.remote_field.through.objects.filter(
                    **{f"{sumber}__opd": opd, f"{sumber}__tahun__in": self._tahun_anggaran}
                ).values_list("pk", f"{sumber}_id", f"{tujuan}_id")
                for pk, item_id, target_id in baris:
                    per_item[item_id][target_id] = pk
        return self._tautan_ada

    def periksa_pagu(self, opd):
        """Leaves only carry pagu and realisation; spending above pagu when the Pemda forbids it.
        Judged on the rows as they will be stored: the stored ones with this load's changes."""
        if self._metodologi is not None:
            izinkan = bool(self._metodologi.izinkan_realisasi_melebihi_pagu)
        elif _sementara(opd.pemda):
            izinkan = False
        else:
            izinkan = MetodologiPemda.objects.filter(pemda=opd.pemda, izinkan_realisasi_melebihi_pagu=True).exists()
        pagu_item, realisasi_item = defaultdict(list), defaultdict(list)
        if self.item_anggaran:
            for p in self._indeks[Pagu].isi.values():
                pagu_item[p.item_id].append(p)
            for r in self._indeks[RealisasiAnggaran].isi.values():
                realisasi_item[r.item_id].append(r)
        berinduk = set()  # (year, code) of every item with an item below it
        for tahun, kode in self.item_anggaran:
            k = kode_induk(kode)
            while k:
                berinduk.add((tahun, k))
                k = kode_induk(k)
        for (tahun, kode), item in self.item_anggaran.items():
            punya_anak = (tahun, kode) in berinduk
            pagu_list, realisasi = pagu_item[item.pk], realisasi_item[item.pk]
            if punya_anak and (pagu_list or realisasi):
                self.galat(
                    f"anggaran ({kode})",
                    "pagu dan realisasi hanya diisi pada rincian terbawah; jumlah induk dihitung dari anak-anaknya.",
                )
            if item.pk not in self._anggaran_berubah:
                continue  # figures this load does not change are not judged again
            # The one rule of budget realisation (anggaran.aturan) on the figures as stored before
            # and as they will be stored: only what this load changes can refuse it.
            asli = self._anggaran_asli
            lama = {r.triwulan: asli.get(id(r), r).nilai for r in realisasi if not _sementara(r)}
            pagu_lama = [asli.get(id(p), p) for p in pagu_list if not _sementara(p)]
            galat = periksa_perubahan(
                tahun,
                lama,
                {r.triwulan: r.nilai for r in realisasi},
                pagu_list,
                pagu_lama=pagu_lama,
                izinkan_melebihi_pagu=izinkan,
            )
            for tw, pesan in galat.items():
                self.galat(f"{self._tempat_anggaran[(tahun, kode)]}.realisasi.{tw}", pesan)

    def muat_pk(self, opd, daftar):
        for i, d in enumerate(daftar):
            tempat = f"perjanjian_kinerja[{i}]"
            jabatan = self.cari_jabatan(d.get("jabatan"), f"{tempat}.jabatan")
            tahun = self.tahun(d.get("tahun"), f"{tempat}.tahun")
            if jabatan is None or tahun is None:
                continue
            pejabat = None
            if d.get("pejabat"):
                nip = Pejabat.bersihkan_nip(d["pejabat"])
                pejabat = self.pejabat.get(nip)
                if pejabat is None and nip not in self._pejabat_ditolak:
                    self.galat(f"{tempat}.pejabat", f"pejabat dengan NIP {d['pejabat']} tidak ada di daftar pejabat.")
            atasan = None
            if d.get("pk_atasan"):
                a = d["pk_atasan"]
                atasan = self.pk.get((a.get("jabatan"), tahun, a.get("versi", 0)))
                if atasan is None:
                    self.galat(f"{tempat}.pk_atasan", "PK atasan harus disebut lebih dulu.")
            nilai = {
                "tanggal": self.tanggal(d.get("tanggal"), f"{tempat}.tanggal", wajib=True),
                "alasan": d.get("alasan") or "",
                "pejabat": pejabat,
            }
            # Absent: a stored PK keeps its status (a new one is a draft), and its PK atasan.
            if d.get("status"):
                nilai["status"] = d["status"]
            if "pk_atasan" in d:
                nilai["pk_atasan"] = atasan
            pk = self.simpan(
                PerjanjianKinerja,
                {"jabatan": jabatan, "tahun": tahun, "versi": d.get("versi", 0)},
                nilai,
                tempat,
                awal={"status": PerjanjianKinerja.Status.DRAFT},
                setelah=lambda obj, baru, lama, t=tempat: self._periksa_penetapan(obj, baru, lama, t, opd),
            )
            if pk is None:
                continue
            self.pk[(jabatan.nama, tahun, pk.versi)] = pk
            for j, it in enumerate(d.get("item") or []):
                ti = f"{tempat}.item[{j}]"
                ind = self.indikator.get(it.get("indikator"))
                sas = self.sasaran.get(it.get("sasaran"))
                if ind is None:
                    self.galat(f"{ti}.indikator", f"indikator {it.get('indikator')!r} tidak ada.")
                    continue
                if sas is None:
                    self.galat(f"{ti}.sasaran", f"sasaran {it.get('sasaran')!r} tidak ada.")
                    continue
                item = self.simpan(
                    ItemPK,
                    {"perjanjian": pk, "indikator": ind},
                    {
                        "sasaran": sas,
                        "target": self.angka(it.get("target"), f"{ti}.target"),
                        "target_atas": self.angka(it.get("target_atas"), f"{ti}.target_atas"),
                        "target_teks": it.get("target_teks") or "",
                        "urutan": j,
                    },
                    ti,
                    setelah=lambda obj, baru, lama, t=ti, i=ind: self.wajar(t, i, obj.target),
                )
                if item is None:
                    continue
                for k, ra in enumerate(it.get("rencana_aksi") or []):
                    tr = f"{ti}.rencana_aksi[{k}]"
                    nilai = {
                        "target": self.angka(ra.get("target"), f"{tr}.target"),
                        "target_teks": ra.get("target_teks") or "",
                        "rencana_aksi": ra.get("rencana_aksi") or "",
                    }
                    if "target_atas" in ra:  # the workbook has no such column: left as stored
                        nilai["target_atas"] = self.angka(ra.get("target_atas"), f"{tr}.target_atas")
                    self.simpan(
                        RencanaAksi,
                        {"item": item, "triwulan": ra.get("triwulan")},
                        nilai,
                        tr,
                        setelah=lambda obj, baru, lama, t=tr, i=ind: self.wajar(t, i, obj.target),
                    )

    def _periksa_penetapan(self, obj, baru, lama, tempat, opd):
        """Only the pimpinan sets a PK: a new PK given as set, or a stored draft set here."""
        if obj.status != PerjanjianKinerja.Status.DITETAPKAN or not (baru or "status" in lama):
            return
        if not self.jaga.boleh_menetapkan(opd):
            self.galat(f"{tempat}.status", PESAN_HANYA_PIMPINAN)

    # --- the write -----------------------------------------------------------------

    def tulis(self):
        """Write the plan: per model, parents first; history rows for what is created or changed."""
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


def _kunci_kantor(data, opd_tetap):
    """Take the lock of the office the document loads into (sakip.kunci), before anything is read."""
    if opd_tetap is not None:
        kunci_opd(opd_tetap.pk)
        return
    kode = (data.get("opd") or {}).get("kode") if isinstance(data, dict) else None
    if kode and connection.features.has_select_for_update:
        kunci_opd(OPD.objects.filter(kode=kode).values_list("pk", flat=True).first())


def _kode_opd(data, opd_tetap):
    if opd_tetap is not None:
        return opd_tetap.kode
    return (data.get("opd") or {}).get("kode") if isinstance(data, dict) else None


def rekam_asal(asal, opd_tetap=None):
    """Plan the exported document `asal` in the recording mode: what it would set, per record.
    None when it cannot be planned (a damaged copy): the file is then loaded as it is."""
    rekaman = Rekaman()
    try:
        with transaction.atomic():  # a savepoint: a failed read leaves the load's transaction usable
            _Pemuat(HasilImpor(percobaan=True), perekam=rekaman).muat(asal, opd_tetap=opd_tetap)
    except Exception:  # noqa: BLE001 - only a help for the merge; the file itself is checked in full
        return None
    return rekaman


class DokumenTidakValid(Exception):
    """A `sakip-opd/1` file that cannot be read (too large, not JSON); the message is for the user."""


def baca_dokumen_json(path):
    """The JSON document of a file, bounded like an uploaded workbook (SAKIP_IMPOR_MAKS_MB): a
    larger file, invalid JSON or nesting deeper than the parser's recursion is refused."""

    path = Path(path)
    maks = batas("SAKIP_IMPOR_MAKS_MB") * MB
    try:
        if path.stat().st_size > maks:
            raise DokumenTidakValid(f"Berkas {path.name} lebih dari {format_mb(maks)}; periksa isinya.")
        teks = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DokumenTidakValid(f"Berkas {path} tidak ditemukan.") from None
    except UnicodeDecodeError:
        raise DokumenTidakValid(f"Berkas {path.name} bukan teks UTF-8.") from None
    try:
        return json.loads(teks)
    except json.JSONDecodeError as exc:
        raise DokumenTidakValid(
            f"{path.name} bukan JSON yang sah: baris {exc.lineno}, kolom {exc.colno}: {exc.msg}."
        ) from None
    except RecursionError:
        raise DokumenTidakValid(f"{path.name} bersarang terlalu dalam; bukan dokumen sakip-opd/1.") from None


def impor_data_opd(data, *, percobaan=False, opd_tetap=None, user=None, asal=None):
    """Load a `sakip-opd/1` document. Atomic; `percobaan=True` (dry run) writes nothing.

    `opd_tetap`: load into this existing office only (an operator's upload): its office kode must
    match; the document's Pemda identity and methodology must be the stored ones (a changed field
    is an error at its place) unless the user may manage the Pemda, who changes them so.
    `user`: who loads (the rules of pertukaran.aturan depend on it); None is the system
    itself (demo fixtures, the administrator's commands).
    `asal`: the document the file was exported from (a workbook carries it): a field whose value
    in `data` is still the exported one is not written; one changed on both sides is a conflict.
    An `asal` of another office is ignored.
    Returns a HasilImpor with counts of created, changed and unchanged records, the errors and
    the plausibility warnings; raises nothing for bad data (the errors are in the result).
    """
    hasil = HasilImpor(percobaan=percobaan)
    pemuat = _Pemuat(hasil, user=user)
    try:
        with transaction.atomic():
            # The lock first: the frozen periods and the stored values compared below stay as read
            # until this load commits.
            _kunci_kantor(data, opd_tetap)
            if (
                isinstance(asal, dict)
                and asal.get("format") == FORMAT
                and (asal.get("opd") or {}).get("kode") == _kode_opd(data, opd_tetap)
            ):
                pemuat.asal = rekam_asal(asal, opd_tetap)
            pemuat.muat(data, opd_tetap=opd_tetap)
            if hasil.galat:
                raise _Batal
            # A dry run writes too, then rolls back: the database's own checks answer as on apply.
            pemuat.tulis()
            if percobaan:
                raise _Batal
    except _Batal:
        pass
    finally:
        pemuat.lepas_sementara()
    return hasil
