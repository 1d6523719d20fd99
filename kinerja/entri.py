"""The realisation grid: which rows an office enters for a period, and saving them at once.

Saving is all-or-nothing, in a constant number of queries, and never overwrites a value
someone else changed since the page was loaded (each row carries the revision it was loaded
with; a mismatch is a conflict and nothing is saved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kinerja import capaian as rumus
from sakip.formatting import AngkaTidakValid, parse_angka

from .alur import periksa_boleh_isi
from .models import Bukti, Realisasi
from .pengukuran import target_rentang_tidak_lengkap, ukur_opd

MEDAN = ("nilai", "pembilang", "penyebut")
MEDAN_SIMPAN = ["nilai", "nilai_teks", "pembilang", "penyebut", "keterangan_data", "diisi_oleh", "diperbarui", "revisi"]


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
    # Filled when a save is refused: what the user typed, and the row's errors or conflict.
    masukan: dict = field(default_factory=dict)
    galat: list = field(default_factory=list)
    konflik: Realisasi | None = None

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
    def revisi(self):
        return self.realisasi.revisi if self.realisasi else 0

    def isian(self, medan):
        """The value to show in an input: what the user typed, else the stored value."""
        if medan in self.masukan:
            return self.masukan[medan]
        if self.realisasi is None:
            return ""
        if medan == "nilai" and self.indikator.predikat:
            return self.realisasi.nilai_teks
        return getattr(self.realisasi, medan if medan != "keterangan" else "keterangan_data") or ""


def baris_entri(opd, tahun, periode):
    """The rows of the grid: the indicators measured for this period (components under their
    composite), their target, current capaian, and the stored realisation of this period."""
    pengukuran = ukur_opd(opd, tahun, periode)
    baris = []
    for hs in pengukuran.sasaran:
        for hi in hs.indikator:
            baris.append(
                BarisEntri(
                    hi.indikator,
                    target=hi.target,
                    target_atas=hi.target_atas,
                    target_teks=hi.target_teks,
                    sumber_target=hi.sumber_target,
                    capaian=hi.capaian,
                    dipakai=hi.realisasi,
                    dipakai_teks=hi.realisasi_teks,
                    catatan_dipakai=hi.keterangan_data,
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
        b.bukti = bukti.get(b.realisasi.id, []) if b.realisasi else []
        b.jumlah_bukti = len(b.bukti)
    return pengukuran, baris


def _baca_angka(teks, b, label):
    teks = (teks or "").strip()
    if not teks:
        return None
    try:
        return parse_angka(teks)
    except AngkaTidakValid as exc:
        b.galat.append(f"{label}: {exc.pesan}")
        return None


@dataclass
class HasilSimpan:
    baris: list
    disimpan: int = 0

    @property
    def konflik(self):
        return [b for b in self.baris if b.konflik is not None]

    @property
    def galat(self):
        return [b for b in self.baris if b.galat]

    @property
    def berhasil(self):
        return not self.konflik and not self.galat


def simpan_grid(user, opd, tahun, periode, data, berkas=None, hari_ini=None):
    """Save the grid posted as `data` (QueryDict-like) and `berkas` (uploaded evidence files).

    Keys per row: r-<indikator id>-nilai / -pembilang / -penyebut / -keterangan / -revisi,
    and the file r-<indikator id>-bukti. All or nothing; raises GalatAlur when entry is closed.
    """
    periksa_boleh_isi(user, opd, tahun, periode, hari_ini)
    _, baris = baris_entri(opd, tahun, periode)
    berkas = berkas or {}
    sekarang = timezone.now()
    baru, ubah, bukti = [], [], []
    for b in baris:
        awalan = f"r-{b.indikator.id}-"
        if f"{awalan}revisi" not in data:
            continue  # row not on the submitted page
        masukan = {m: (data.get(awalan + m) or "").strip() for m in (*MEDAN, "keterangan")}
        b.masukan = masukan
        try:
            revisi = int(data.get(awalan + "revisi") or 0)
        except ValueError:
            revisi = -1
        if b.revisi != revisi:
            b.konflik = b.realisasi or Realisasi(indikator=b.indikator, tahun=tahun, periode=periode)
            continue
        ind = b.indikator
        if ind.predikat:
            nilai, teks = None, masukan["nilai"]
        else:
            nilai, teks = _baca_angka(masukan["nilai"], b, "Realisasi"), ""
        pembilang = _baca_angka(masukan["pembilang"], b, ind.label_pembilang or "Pembilang")
        penyebut = _baca_angka(masukan["penyebut"], b, ind.label_penyebut or "Penyebut")
        file_bukti = berkas.get(awalan + "bukti")
        kosong = nilai is None and not teks and pembilang is None and penyebut is None
        if b.galat or (kosong and b.realisasi is None and not file_bukti):
            continue
        r = b.realisasi or Realisasi(indikator=ind, tahun=tahun, periode=periode, revisi=0)
        r.indikator = ind  # the prefetched indicator: no query per row
        sebelum = (r.nilai, r.nilai_teks, r.pembilang, r.penyebut, r.keterangan_data)
        r.nilai, r.nilai_teks, r.pembilang, r.penyebut = nilai, teks, pembilang, penyebut
        r.keterangan_data = masukan["keterangan"][:200]
        if r.nilai is None and r.pembilang is not None and r.penyebut:
            r.nilai = r.nilai_dari_rasio()
        try:
            # FK existence checks would cost a query per row; both FKs are known to be valid here.
            r.full_clean(exclude=["indikator", "diisi_oleh"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            b.galat += [m for ms in exc.message_dict.values() for m in ms]
            continue
        if file_bukti:
            bukti.append((r, file_bukti))
        if (r.nilai, r.nilai_teks, r.pembilang, r.penyebut, r.keterangan_data) == sebelum and r.pk:
            continue
        r.diisi_oleh = user
        r.diperbarui = sekarang  # an update must move it too (the Pemda dashboard's "last update")
        r.revisi += 1
        (ubah if r.pk else baru).append(r)
    hasil = HasilSimpan(baris)
    if not hasil.berhasil:
        return hasil
    with transaction.atomic():
        if baru:
            bulk_create_with_history(baru, Realisasi, default_user=user)
        if ubah:
            perbarui_massal(ubah, MEDAN_SIMPAN)
            # History rows of the updated rows (fields=[]: the update is done above).
            bulk_update_with_history(ubah, Realisasi, [], default_user=user)
        for r, f in bukti:
            if r.pk is None:  # bulk_create on SQLite may not set pks
                r = Realisasi.objects.get(indikator=r.indikator, tahun=tahun, periode=periode)
            Bukti.objects.create(realisasi=r, berkas=f, keterangan=f.name[:300], diunggah_oleh=user)
    hasil.disimpan = len(baru) + len(ubah)
    return hasil


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


def pratinjau_capaian(
    indikator, target, target_atas, target_teks, teks_nilai, teks_pembilang, teks_penyebut, metodologi
):
    """Capaian of one typed row (for the live cell), or (None, message)."""
    b = BarisEntri(indikator)
    if indikator.predikat:
        try:
            hasil = rumus.hitung_capaian_predikat(
                target_teks or None, teks_nilai or None, indikator.skala(), metodologi
            )
        except rumus.GalatRumus as exc:
            return None, str(exc)
        return hasil, None
    nilai = _baca_angka(teks_nilai, b, "Realisasi")
    pembilang = _baca_angka(teks_pembilang, b, "Pembilang")
    penyebut = _baca_angka(teks_penyebut, b, "Penyebut")
    if b.galat:
        return None, b.galat[0]
    if nilai is None and pembilang is not None and penyebut:
        nilai = pembilang / penyebut * indikator.faktor
    try:
        return rumus.hitung_capaian(
            target, nilai, indikator.arah, indikator.metodologi(metodologi), target_atas=target_atas
        ), None
    except rumus.GalatRumus as exc:
        return None, str(exc)
