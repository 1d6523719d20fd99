"""Excel import and export of budget realisation, in the layout offices export from their
budget system (table "3.2 Realisasi Anggaran" of reference report 004): one row per program,
kegiatan and sub kegiatan with its code, name, indicator, satuan, target, realisasi, pagu and
realisasi anggaran.

Import is a dry run first (nothing written, every row's outcome and errors listed in Bahasa
Indonesia), then the same file is confirmed; both run the same code in one transaction, under the
office lock (`sakip.kunci`), with the rules of the grid: what an approved period freezes
(`kinerja.penguncian`), and budget realisation judged by `anggaran.aturan.periksa_perubahan` on
the stored figures before and with the imported ones. What was judged is written in bulk, with
history (no guarded save per row).

An exported file keeps the figures it shows (`sakip.berkas_asal`): on re-import a cell the person
left as exported is not written (a later edit in the application stays), and a cell changed both
in the file and in the application since is reported as a conflict on its row.
"""

from __future__ import annotations

import copy
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kinerja.entri import jenis_nilai
from kinerja.models import Realisasi
from kinerja.penguncian import PetaKunci
from renstra.models import Indikator, TargetIndikator
from sakip import berkas_asal
from sakip.angka import AngkaTidakValid, JenisAngka, baca_angka, kewajaran
from sakip.formatting import desimal_rupiah, format_angka
from sakip.isian import KONFLIK, putusan_sel, sama
from sakip.kunci import kunci_opd
from sakip.models import MetodologiPemda
from sakip.perubahan import umumkan
from sakip.xlsx_aman import BerkasDitolak, Buku, Rumus, baca_xlsx, tulis_sel

from .aturan import pagu_berlaku, periksa_perubahan, pesan_rincian_melebihi
from .models import (
    ItemAnggaran,
    Pagu,
    RealisasiAnggaran,
    kode_induk,
    normalisasi_kode,
    pesan_digit_tingkat,
    tingkat_dari_kode,
    tingkat_pemda,
)
from .nomenklatur import kode_tidak_dikenal
from .ringkasan import ringkas_anggaran

NAMA_SHEET = "Realisasi Anggaran"

# Columns: key, header, width, number format.
KOLOM = [
    ("kode", "Kode", 20, "@"),
    ("uraian", "Uraian", 48, "@"),
    ("indikator", "Indikator Kinerja", 40, "@"),
    ("satuan", "Satuan", 10, "@"),
    ("target", "Target", 10, "#,##0.00"),
    ("realisasi", "Realisasi Kinerja", 11, "#,##0.00"),
    ("capaian", "Capaian Kinerja (%)", 11, "#,##0.00"),
    ("pagu", "Pagu (Rp)", 18, "#,##0"),
    ("realisasi_anggaran", "Realisasi Anggaran (Rp)", 18, "#,##0"),
    ("serapan", "Serapan (%)", 10, "#,##0.00"),
    ("sumber_dana", "Sumber Dana", 12, "@"),
    ("keterangan", "Keterangan", 20, "@"),
]
# What the import changes of a measured value: the value, and what Realisasi.lengkapi() derives.
MEDAN_KINERJA = list(dict.fromkeys(["nilai", *Realisasi.MEDAN_TURUNAN]))
DIHITUNG = {"capaian", "serapan"}  # printed for the reader, ignored on import
SINONIM = {
    "kode": {"kode", "kode rekening", "kode program/kegiatan"},
    "uraian": {"uraian", "nama", "program/kegiatan/sub kegiatan", "program / kegiatan / sub kegiatan"},
    "indikator": {"indikator kinerja", "indikator"},
    "satuan": {"satuan"},
    "target": {"target", "target kinerja"},
    "realisasi": {"realisasi kinerja", "realisasi"},
    "capaian": {"capaian kinerja (%)", "capaian (%)", "% kinerja"},
    "pagu": {"pagu (rp)", "pagu", "pagu anggaran", "pagu anggaran (p.apbd)", "anggaran"},
    "realisasi_anggaran": {"realisasi anggaran (rp)", "realisasi anggaran", "realisasi keuangan"},
    "serapan": {"serapan (%)", "% keuangan", "serapan"},
    "sumber_dana": {"sumber dana"},
    "keterangan": {"keterangan", "catatan"},
}
WAJIB = ["kode", "uraian", "pagu", "realisasi_anggaran"]


class BerkasTidakValid(Exception):
    """The file itself cannot be read (not xlsx, no sheet, no header)."""


@dataclass
class BarisImpor:
    baris: int
    kode: str = ""
    uraian: str = ""
    aksi: str = ""  # "baru", "ubah", "tetap"
    galat: list = field(default_factory=list)
    lanjutan: bool = False  # an extra indicator of the item above
    peringatan: list = field(default_factory=list)  # implausible figures: shown, not refused


@dataclass
class HasilImporAnggaran:
    baris: list = field(default_factory=list)
    galat_berkas: list = field(default_factory=list)
    percobaan: bool = True

    @property
    def galat(self):
        return self.galat_berkas + [f"Baris {b.baris} ({b.kode or '-'}): {g}" for b in self.baris for g in b.galat]

    @property
    def peringatan(self):
        return [f"Baris {b.baris} ({b.kode or '-'}): {p}" for b in self.baris for p in b.peringatan]

    @property
    def berhasil(self):
        return not self.galat

    def jumlah(self, aksi):
        return sum(1 for b in self.baris if b.aksi == aksi and not b.galat and not b.lanjutan)

    @property
    def jumlah_per_aksi(self):
        return {aksi: self.jumlah(aksi) for aksi in ("baru", "ubah", "tetap")}

    @property
    def ringkasan_teks(self):
        j = self.jumlah_per_aksi
        return f"{j['baru']} baru, {j['ubah']} diubah, {j['tetap']} tetap"


class _Batal(Exception):
    pass


def _teks(nilai):
    if nilai is None:
        return ""
    return str(nilai).strip()


def _angka(nilai, kolom, baris, jenis=JenisAngka.UKURAN):
    """A cell to Decimal: Excel numbers as they are, text in Indonesian format read by the number
    rule of its field's kind (sakip.angka: "1.234" is 1234 in a count or an amount, ambiguous in a
    measure)."""
    if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
        return None
    if isinstance(nilai, bool):
        baris.galat.append(f"kolom {kolom}: {nilai!r} bukan angka.")
        return None
    if isinstance(nilai, int):
        return Decimal(nilai)
    if isinstance(nilai, float):
        return Decimal(repr(nilai))
    if isinstance(nilai, str):
        if nilai.strip().startswith("="):
            baris.galat.append(f"kolom {kolom}: berisi rumus {nilai.strip()!r}; isi dengan nilai, bukan rumus.")
            return None
        try:
            return baca_angka(nilai, jenis)
        except AngkaTidakValid as exc:
            baris.galat.append(f"kolom {kolom}: {exc.pesan}")
            return None
    baris.galat.append(f"kolom {kolom}: {nilai!r} bukan angka.")
    return None


def baca_baris(berkas):
    """Read the sheet: returns (header map, list of (row number, {key: raw value}))."""
    return _baca(berkas)[:2]


def _baca(berkas):
    """(header map, rows, what the export kept of the file or None). `berkas`: a workbook read
    already (sakip.xlsx_aman.Buku, an upload's stored rows) or a file, checked and read here."""
    try:
        wb = berkas if isinstance(berkas, Buku) else baca_xlsx(berkas)
    except BerkasDitolak as exc:
        raise BerkasTidakValid(exc.messages[0]) from None
    kolom, baris = _baca_sheet(wb)
    return kolom, baris, berkas_asal.baca(wb)


def _baca_sheet(wb):
    ws = wb[NAMA_SHEET] if NAMA_SHEET in wb.sheetnames else wb.worksheets[0]
    header_row, kolom = None, {}
    for r in range(1, min(ws.max_row, 15) + 1):
        nilai = {c: _teks(ws.cell(r, c).value).lower() for c in range(1, ws.max_column + 1)}
        if any(v == "kode" for v in nilai.values()):
            header_row = r
            for c, v in nilai.items():
                for kunci, nama in SINONIM.items():
                    if v in nama and kunci not in kolom:
                        kolom[kunci] = c
            break
    if header_row is None:
        raise BerkasTidakValid(f'Baris judul kolom (berisi "Kode") tidak ditemukan di sheet {ws.title!r}.')
    for rentang in ws.merged_cells.ranges:
        if rentang.min_row <= header_row <= rentang.max_row:
            raise BerkasTidakValid(
                f"Judul kolom di baris {header_row} memakai sel gabungan ({rentang.coord}); pisahkan selnya dulu."
            )
    kurang = [dict((k, h) for k, h, *_ in KOLOM)[k] for k in WAJIB if k not in kolom]
    if kurang:
        raise BerkasTidakValid(f"Kolom wajib tidak ada: {', '.join(kurang)}.")
    baris = []
    for r in range(header_row + 1, ws.max_row + 1):
        isi = {k: ws.cell(r, c).value for k, c in kolom.items()}
        if all(v is None or _teks(v) == "" for v in isi.values()):
            continue
        baris.append((r, isi))
    return kolom, baris


def impor_realisasi_anggaran(opd, tahun, berkas, *, jenis_pagu=Pagu.Jenis.PERUBAHAN, triwulan=4, percobaan=True):
    """Import budget realisation of an office-year from an Excel file. Atomic; a dry run by default."""
    hasil = HasilImporAnggaran(percobaan=percobaan)
    try:
        _, baris, tersimpan = _baca(berkas)
    except BerkasTidakValid as exc:
        hasil.galat_berkas.append(str(exc))
        return hasil
    asal = None
    if isinstance(tersimpan, dict) and (tersimpan.get("opd"), tersimpan.get("tahun"), tersimpan.get("triwulan")) == (
        opd.kode,
        tahun,
        triwulan,
    ):
        asal = tersimpan.get("baris") or {}
    try:
        with transaction.atomic():
            # The lock first: the frozen periods and the stored figures read below stay as read.
            kunci_opd(opd.pk)
            _Impor(opd, tahun, jenis_pagu, triwulan, hasil, asal=asal).jalankan(baris)
            if not hasil.berhasil or percobaan:
                raise _Batal
            umumkan(opd.pk, tahun)
    except _Batal:
        pass
    return hasil


NUMERIK = {"pagu", "realisasi_anggaran", "target", "realisasi"}


def _seragam(kunci, v):
    if v is not None and kunci in NUMERIK and not isinstance(v, Decimal):
        try:
            return Decimal(str(v))
        except ArithmeticError:
            return v
    return v


def _teks_sel(kunci, v):
    if v is None or v == "":
        return "(kosong)"
    return format_angka(v.normalize()) if isinstance(v, Decimal) else str(v)


class _Impor:
    def __init__(self, opd, tahun, jenis_pagu, triwulan, hasil, asal=None):
        self.opd, self.tahun, self.jenis_pagu, self.triwulan, self.hasil = opd, tahun, jenis_pagu, triwulan, hasil
        self.izinkan_lebih = MetodologiPemda.objects.filter(
            pemda_id=opd.pemda_id, izinkan_realisasi_melebihi_pagu=True
        ).exists()
        self.peta = PetaKunci.baca([opd.pk], tahun)  # after the office lock
        self.asal = asal  # {kode: cells} the exported file showed, or None
        self._sekarang = None
        self._indikator = None  # stored budget indicators by (item kode, name), read on first use
        # What the rows write, in bulk at the end (tulis): model -> new / changed records.
        self._baru, self._ubah = defaultdict(list), defaultdict(list)
        self._kinerja = {}  # indicator pk -> its measured value of the period this import writes
        self.periode = "TAHUN" if triwulan == 4 else f"TW{triwulan}"

    def diubah(self, b, kode, kunci, isian, label, indikator=None):
        """Whether the person changed this cell since the export (always, for a file without one).
        A cell changed in the file and, to something else, in the application since: a conflict
        on the row, and False."""
        if self.asal is None or kode not in self.asal:
            return True
        a = _seragam(kunci, _sel(self.asal[kode], kunci, indikator))
        if sama(a, _seragam(kunci, isian)):
            return False  # untouched: whatever is stored now stays
        if self._sekarang is None:
            self._sekarang = _sel_per_kode(_baris_ekspor(self.opd, self.tahun, self.triwulan))
        s = _sel(self._sekarang.get(kode, {}), kunci, indikator)
        if putusan_sel(a, _seragam(kunci, isian), _seragam(kunci, s)) == KONFLIK:
            b.galat.append(
                f"kolom {label}: diubah di aplikasi setelah berkas ini diunduh (tersimpan sekarang "
                f"{_teks_sel(kunci, _seragam(kunci, s))}, di berkas {_teks_sel(kunci, _seragam(kunci, isian))}). "
                "Samakan nilainya di berkas (atau unduh ulang), lalu impor kembali."
            )
            return False
        return True

    def jenis_kinerja(self, kode_item, nama, satuan):
        """How a row's Target and Realisasi Kinerja are read: by the kind of its indicator
        (kinerja.entri.jenis_nilai) with the unit the row gives, or the stored one, and the stored
        decimals. The year's stored budget indicators are read once."""
        if self._indikator is None:
            self._indikator = {
                (i.kode_item, i.nama): i
                for i in Indikator.objects.filter(item_anggaran__opd=self.opd, item_anggaran__tahun=self.tahun)
                .annotate(kode_item=F("item_anggaran__kode"))
                .only("nama", "satuan", "presisi", "satuan_pembilang", "jenis_nilai")
            }
        ada = self._indikator.get((kode_item, nama))
        ind = Indikator(satuan=satuan or (ada.satuan if ada else ""))
        if ada is not None:
            ind.presisi, ind.satuan_pembilang, ind.jenis_nilai = ada.presisi, ada.satuan_pembilang, ada.jenis_nilai
        return jenis_nilai(ind)

    def jalankan(self, baris_mentah):
        # Pass 1: parse rows, attach indicator-only rows to the item above.
        entri, terakhir = [], None
        label = {k: j for k, j, *_ in KOLOM}
        for nomor, isi in baris_mentah:
            b = BarisImpor(nomor, normalisasi_kode(_teks(isi.get("kode"))), _teks(isi.get("uraian")))
            for kunci, v in isi.items():
                if isinstance(v, Rumus) and kunci not in NUMERIK:  # numbers say so themselves (_angka)
                    b.galat.append(f"kolom {label[kunci]}: berisi rumus {v!r}; isi dengan nilai, bukan rumus.")
            data = {"indikator": _teks(isi.get("indikator")), "satuan": _teks(isi.get("satuan"))}
            # Target and realisation by the indicator's kind (its unit in the row, else as stored).
            kode_item = b.kode or (terakhir[0].kode if terakhir is not None else "")
            jenis = self.jenis_kinerja(kode_item, data["indikator"], data["satuan"])
            data.update(
                target=_angka(isi.get("target"), "Target", b, jenis),
                realisasi=_angka(isi.get("realisasi"), "Realisasi Kinerja", b, jenis),
                pagu=_angka(isi.get("pagu"), "Pagu", b, JenisAngka.RUPIAH),
                realisasi_anggaran=_angka(isi.get("realisasi_anggaran"), "Realisasi Anggaran", b, JenisAngka.RUPIAH),
                sumber_dana=_teks(isi.get("sumber_dana")),
                keterangan=_teks(isi.get("keterangan")),
            )
            if not b.kode:
                if data["indikator"] and terakhir is not None:
                    b.lanjutan = True
                    terakhir[1]["indikator_lain"].append((b, data))
                    self.hasil.baris.append(b)
                    continue
                if b.uraian.lower() in {"belanja daerah", "belanja", "jumlah", "total", "jumlah belanja"}:
                    continue  # heading or total line of the export
                b.galat.append("kode kosong: setiap program, kegiatan dan sub kegiatan harus berkode.")
                self.hasil.baris.append(b)
                continue
            if tingkat_dari_kode(b.kode) is None:
                b.galat.append(f"kode {b.kode!r} tidak sesuai format Kepmendagri 050-5889 (contoh 2.12.02.2.01.0001).")
            data["indikator_lain"] = []
            entri.append((b, data))
            terakhir = (b, data)
            self.hasil.baris.append(b)
        kode_ada = {}
        for b, _ in entri:
            if b.kode in kode_ada:
                b.galat.append(f"kode {b.kode} sudah ada di baris {kode_ada[b.kode]}.")
            else:
                kode_ada[b.kode] = b.baris
        # The level digit (ItemAnggaran.clean's rule) first: a code of the other government level
        # is refused as such, not as missing from this level's list.
        salah_tingkat = {k: pesan_digit_tingkat(k, self.opd) for k in kode_ada if tingkat_dari_kode(k)}
        for kode, pesan in salah_tingkat.items():
            if pesan:
                next(b for b, _ in entri if b.kode == kode).galat.append(pesan)
        for kode in kode_tidak_dikenal((k for k, p in salah_tingkat.items() if not p), tingkat_pemda(self.opd)):
            next(b for b, _ in entri if b.kode == kode).galat.append(
                f"kode {kode} tidak ada di nomenklatur Kepmendagri 050-5889."
            )
        db_kode = set(ItemAnggaran.objects.filter(opd=self.opd, tahun=self.tahun).values_list("kode", flat=True))
        for b, _ in entri:
            induk = kode_induk(b.kode) if tingkat_dari_kode(b.kode) else None
            if induk and induk not in kode_ada and induk not in db_kode:
                b.galat.append(f"induk {induk} tidak ada di berkas maupun di data {self.tahun}.")
        self.periksa_jumlah(entri, kode_ada)
        self.rencanakan_daun(entri)
        if any(b.galat for b, _ in entri) or any(b.galat for b in self.hasil.baris):
            return
        for b, data in sorted(entri, key=lambda e: e[0].kode.count(".")):
            self.simpan(b, data)
        if not any(b.galat for b in self.hasil.baris):
            self.tulis()

    def tulis(self):
        """Write the judged pagu, budget realisation and measured values in bulk, with history.
        Judged above under the office lock (frozen periods, anggaran.aturan): the models' guarded
        save() (a savepoint and the lock again per row) would only repeat it."""
        for r in self._baru[Realisasi] + self._ubah[Realisasi]:
            r.lengkapi()  # what Realisasi.save() derives (the next revision, the time of the change)
        for model, medan in ((Pagu, ["nilai"]), (RealisasiAnggaran, ["nilai"]), (Realisasi, MEDAN_KINERJA)):
            if self._baru[model]:
                bulk_create_with_history(self._baru[model], model, default_change_reason=None)
            if self._ubah[model]:
                bulk_update_with_history(self._ubah[model], model, medan, default_change_reason=None)

    def periksa_jumlah(self, entri, kode_ada):
        """Parents carry printed totals: they must equal the sum of their children."""
        per_kode = {b.kode: (b, d) for b, d in entri}
        anak = {}
        for b, _ in entri:
            induk = kode_induk(b.kode) if tingkat_dari_kode(b.kode) else None
            if induk in per_kode:
                anak.setdefault(induk, []).append(b.kode)
        self.daun = {k for k in per_kode if k not in anak}

        def jumlah(kode, kunci):
            if kode not in anak:
                return per_kode[kode][1][kunci] or Decimal(0)
            return sum((jumlah(k, kunci) for k in anak[kode]), Decimal(0))

        # A parent with a pagu of its own (a ceiling set before its breakdown, see anggaran.aturan):
        # the file's children may not exceed it, and its printed pagu is that ceiling, not a sum.
        plafon = {}
        daftar = defaultdict(list)
        for p in Pagu.objects.filter(
            item__opd=self.opd, item__tahun=self.tahun, item__kode__in=list(anak)
        ).select_related("item"):
            daftar[p.item.kode].append(p)
        for kode, versi in daftar.items():
            berlaku = pagu_berlaku(versi, datetime.date(self.tahun, 12, 31))
            if berlaku is not None:
                plafon[kode] = berlaku.nilai
        for kode, (b, d) in per_kode.items():
            if kode in anak:
                for kunci, label in (("pagu", "pagu"), ("realisasi_anggaran", "realisasi anggaran")):
                    tercetak = d[kunci]
                    hitung = jumlah(kode, kunci)
                    if kunci == "pagu" and kode in plafon:
                        if hitung > plafon[kode]:
                            b.galat.append(pesan_rincian_melebihi(kode, hitung, plafon[kode]))
                        if tercetak is None or tercetak == plafon[kode]:
                            continue
                    if tercetak is not None and tercetak != hitung:
                        b.galat.append(
                            f"{label} induk tercetak {tercetak:,.0f} tidak sama dengan jumlah rinciannya "
                            f"{hitung:,.0f}; jumlah induk dihitung dari rincian dan tidak disimpan.".replace(",", ".")
                        )

    def simpan(self, b, data):
        item = ItemAnggaran.objects.filter(opd=self.opd, tahun=self.tahun, kode=b.kode).first()
        berubah = False
        if item is None:
            item = ItemAnggaran(opd=self.opd, tahun=self.tahun, kode=b.kode)
            b.aksi = "baru"
        for attr, kunci, label, nilai in (
            ("nama", "uraian", "Uraian", b.uraian),
            ("sumber_dana", "sumber_dana", "Sumber Dana", data["sumber_dana"]),
            ("catatan", "keterangan", "Keterangan", data["keterangan"]),
        ):
            if getattr(item, attr) != nilai and (b.aksi == "baru" or self.diubah(b, b.kode, kunci, nilai, label)):
                setattr(item, attr, nilai)
                berubah = True
        if b.aksi == "baru" or berubah:
            item.save()
        if b.kode in self.daun:
            berubah |= self.simpan_pagu(item, b, data)
        for bi, di in [(b, data)] + data["indikator_lain"]:
            if di["indikator"]:
                berubah |= self.simpan_indikator(item, bi, di, b.kode)
        if not b.aksi:
            b.aksi = "ubah" if berubah else "tetap"
        for bi, _ in data["indikator_lain"]:
            bi.kode, bi.aksi = b.kode, b.aksi

    def rencanakan_daun(self, entri):
        """What each leaf row writes of pagu and budget realisation, judged before anything is
        written: frozen data refused, and the one rule (anggaran.aturan) on the stored figures with
        the row's. The stored items of the year are read once."""
        tersimpan = {
            i.kode: i
            for i in ItemAnggaran.objects.filter(opd=self.opd, tahun=self.tahun).prefetch_related(
                "pagu_set", "realisasi_set"
            )
        }
        self.rencana = {}
        for b, data in entri:
            if b.kode in self.daun and not b.galat:
                item = tersimpan.get(b.kode) or ItemAnggaran(opd=self.opd, tahun=self.tahun, kode=b.kode)
                self.rencana[b.kode] = self.rencana_pagu(item, b, data)
        # Measured values of the period: refused here, with the rest, when the period is frozen.
        pesan = self.peta.periode(self.opd.pk, self.tahun, self.periode)
        if pesan is None:
            return
        kinerja = {
            (kode, nama): nilai
            for kode, nama, nilai in Realisasi.objects.filter(
                indikator__item_anggaran__opd=self.opd,
                indikator__item_anggaran__tahun=self.tahun,
                tahun=self.tahun,
                periode=self.periode,
            ).values_list("indikator__item_anggaran__kode", "indikator__nama", "nilai")
        }
        for b, data in entri:
            for bi, di in [(b, data)] + data["indikator_lain"]:
                nama, nilai = di["indikator"], di["realisasi"]
                if (
                    nama
                    and nilai is not None
                    and kinerja.get((b.kode, nama)) != nilai
                    and self.diubah(bi, b.kode, "realisasi", nilai, "Realisasi Kinerja", nama)
                ):
                    bi.galat.append(pesan)

    def rencana_pagu(self, item, b, data):
        daftar_pagu = list(item.pagu_set.all()) if item.pk else []
        realisasi = {r.triwulan: r for r in item.realisasi_set.all()} if item.pk else {}
        for obj in (*daftar_pagu, *realisasi.values()):
            obj.item = item  # what the lock reads, without a query
        # As stored before this row: the rule refuses only what the row's change causes.
        lama = {tw: r.nilai for tw, r in realisasi.items()}
        pagu_lama = [copy.copy(p) for p in daftar_pagu]
        tulis, pesan = [], []
        if data["pagu"] is not None and self.diubah(b, b.kode, "pagu", data["pagu"], "Pagu"):
            pagu = max((p for p in daftar_pagu if p.jenis == self.jenis_pagu), key=lambda p: p.urutan, default=None)
            if pagu is None:
                urutan = max((p.urutan for p in daftar_pagu), default=-1) + 1
                pagu = Pagu(item=item, jenis=self.jenis_pagu, urutan=urutan, nilai=data["pagu"])
                daftar_pagu.append(pagu)
                tulis.append(pagu)
            elif pagu.nilai != data["pagu"]:
                pesan.append(self.peta.pesan(pagu, tersimpan=True))
                pagu.nilai = data["pagu"]
                tulis.append(pagu)
        if data["realisasi_anggaran"] is not None and self.diubah(
            b, b.kode, "realisasi_anggaran", data["realisasi_anggaran"], "Realisasi Anggaran"
        ):
            r = realisasi.get(self.triwulan)
            if r is None:
                r = realisasi[self.triwulan] = RealisasiAnggaran(
                    item=item, triwulan=self.triwulan, nilai=data["realisasi_anggaran"]
                )
                tulis.append(r)
            elif r.nilai != data["realisasi_anggaran"]:
                r.nilai = data["realisasi_anggaran"]
                tulis.append(r)
        if not tulis:
            return []
        pesan = [p for p in pesan + [self.peta.pesan(obj, tersimpan=False) for obj in tulis] if p]
        if not pesan:
            pesan = list(
                periksa_perubahan(
                    self.tahun,
                    lama,
                    {tw: r.nilai for tw, r in realisasi.items()},
                    daftar_pagu,
                    pagu_lama=pagu_lama,
                    izinkan_melebihi_pagu=self.izinkan_lebih,
                ).values()
            )
        b.galat += list(dict.fromkeys(pesan))
        return tulis

    def simpan_pagu(self, item, b, data):
        """Plan the write of the leaf's judged pagu and budget realisation (rencana_pagu)."""
        tulis = self.rencana.get(b.kode) or []
        for obj in tulis:
            obj.item = item  # saved by now
            (self._ubah if obj.pk else self._baru)[type(obj)].append(obj)
        return bool(tulis)

    def simpan_indikator(self, item, b, data, kode):
        berubah = False
        nama = data["indikator"]
        ind = Indikator.objects.filter(item_anggaran=item, nama=nama).first()
        if ind is None:
            nomor = Indikator.objects.filter(item_anggaran=item).count() + 1
            ind = Indikator(
                item_anggaran=item,
                nama=nama,
                satuan=data["satuan"] or "-",
                kode=f"{item.kode}#{nomor}",
                urutan=nomor,
                iku=False,
            )
            ind.save()
            berubah = True
        elif (
            data["satuan"]
            and ind.satuan != data["satuan"]
            and self.diubah(b, kode, "satuan", data["satuan"], "Satuan", nama)
        ):
            ind.satuan = data["satuan"]
            ind.save()
            berubah = True
        jenis = jenis_nilai(ind)
        if data["target"] is not None and self.diubah(b, kode, "target", data["target"], "Target", nama):
            t, baru = TargetIndikator.objects.get_or_create(
                indikator=ind, tahun=self.tahun, defaults={"nilai": data["target"]}
            )
            if not baru and t.nilai != data["target"]:
                t.nilai = data["target"]
                t.save()
                berubah = True
            if baru or berubah:
                b.peringatan += kewajaran(data["target"], jenis, ind.satuan)
            berubah |= baru
        if data["realisasi"] is not None and self.diubah(
            b, kode, "realisasi", data["realisasi"], "Realisasi Kinerja", nama
        ):
            r = self._kinerja.get(ind.pk)
            if r is None:
                r = Realisasi.objects.filter(indikator=ind, tahun=self.tahun, periode=self.periode).first()
                if r is not None:
                    r.indikator = ind  # what the lock judges it by, without a query
                    self._kinerja[ind.pk] = r
            if r is not None and r.nilai == data["realisasi"]:
                return berubah
            # Written in bulk at the end (tulis), not by the guarded save(): judged here by the same
            # frozen periods, as stored and as it will be (its own period was refused in
            # rencanakan_daun already, with the rest).
            pesan = self.peta.pesan(r, tersimpan=True) if r is not None and r.pk else None
            if r is None:
                r = Realisasi(indikator=ind, tahun=self.tahun, periode=self.periode, nilai=data["realisasi"])
                self._kinerja[ind.pk] = r
                self._baru[Realisasi].append(r)
            else:
                if r.pk and not any(x is r for x in self._ubah[Realisasi]):
                    self._ubah[Realisasi].append(r)
                r.nilai = data["realisasi"]
            pesan = pesan or self.peta.pesan(r, tersimpan=False)
            if pesan and pesan not in b.galat:
                b.galat.append(pesan)
            b.peringatan += kewajaran(data["realisasi"], jenis, ind.satuan)
            berubah = True
        return berubah


def _sel(baris, kunci, indikator=None):
    """A cell of a row summary (`_sel_per_kode`): the item's, or of its indicator named `indikator`."""
    if indikator is not None:
        return ((baris.get("indikator") or {}).get(indikator) or {}).get(kunci)
    return baris.get(kunci)


def _baris_ekspor(opd, tahun, triwulan):
    """The rows of the export: (item, position among its rows, {column key: value})."""
    ringkasan = ringkas_anggaran(opd, tahun, "TAHUN" if triwulan == 4 else f"TW{triwulan}")
    hasil = []
    for simpul in ringkasan.semua_simpul():
        item = simpul.item
        for n, ind in enumerate(simpul.indikator or [None]):
            nilai = {"kode": item.kode if n == 0 else None, "uraian": item.nama if n == 0 else None}
            if ind is not None:
                nilai.update(
                    indikator=ind.indikator.nama,
                    satuan=ind.indikator.satuan,
                    target=ind.target,
                    realisasi=ind.realisasi,
                    capaian=ind.capaian.nilai if ind.capaian else None,
                )
            if n == 0:
                nilai.update(
                    pagu=simpul.pagu if (simpul.punya_pagu or not simpul.daun) else None,
                    realisasi_anggaran=simpul.realisasi if (simpul.punya_realisasi or not simpul.daun) else None,
                    serapan=simpul.serapan.nilai,
                    sumber_dana=item.sumber_dana or None,
                    keterangan=item.catatan or None,
                )
            hasil.append((item, n, nilai))
    return hasil


def _sel_per_kode(baris):
    """What the rows show, per item code, as plain JSON values: the cells an import reads."""
    hasil = {}

    def teks(v):
        return format(v, "f") if isinstance(v, Decimal) else v

    for item, n, nilai in baris:
        sel = hasil.setdefault(item.kode, {"indikator": {}})
        if n == 0:
            sel.update(
                {k: teks(nilai.get(k)) for k in ("uraian", "pagu", "realisasi_anggaran", "sumber_dana", "keterangan")}
            )
        if nilai.get("indikator"):
            sel["indikator"][nilai["indikator"]] = {k: teks(nilai.get(k)) for k in ("satuan", "target", "realisasi")}
    return hasil


def ekspor_realisasi_anggaran(opd, tahun, triwulan=4):
    """The budget of an office-year as an .xlsx in the import layout (bytes)."""
    baris = _baris_ekspor(opd, tahun, triwulan)
    wb = Workbook()
    ws = wb.active
    ws.title = NAMA_SHEET
    ws["A1"] = f"Realisasi Anggaran {opd.nama} Tahun {tahun}" + ("" if triwulan == 4 else f" s.d. Triwulan {triwulan}")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = (
        "Pagu dan realisasi diisi pada rincian terbawah; kolom abu-abu dihitung aplikasi dan diabaikan saat impor."
    )
    ws["A2"].font = Font(italic=True, color="666666")
    garis = Side(style="thin", color="B7C4D1")
    kepala = 4
    for c, (_, judul, lebar, _) in enumerate(KOLOM, 1):
        sel = ws.cell(kepala, c, judul)
        sel.font = Font(bold=True, color="FFFFFF")
        sel.fill = PatternFill("solid", fgColor="1F4E79")
        sel.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sel.border = Border(top=garis, bottom=garis, left=garis, right=garis)
        ws.column_dimensions[get_column_letter(c)].width = lebar
    ws.freeze_panes = ws.cell(kepala + 1, 3)
    abu = PatternFill("solid", fgColor="EEF1F4")
    for r, (item, n, nilai) in enumerate(baris, kepala + 1):
        for c, (kunci, _, _, fmt) in enumerate(KOLOM, 1):
            sel = tulis_sel(ws, r, c, nilai.get(kunci))
            uang = fmt == "#,##0" and isinstance(sel.value, (int, float, Decimal))
            if uang and desimal_rupiah(Decimal(str(sel.value))):
                fmt = "#,##0.00"  # an amount with sen shows them; whole Rupiah stay without decimals
            sel.number_format = fmt
            sel.border = Border(bottom=garis)
            if kunci in DIHITUNG:
                sel.fill = abu
            if item.tingkat != "sub_kegiatan" and n == 0:
                sel.font = Font(bold=item.tingkat == "program")
    # What this file shows, for a re-import to write only what the person changes.
    berkas_asal.tanam(wb, {"opd": opd.kode, "tahun": tahun, "triwulan": triwulan, "baris": _sel_per_kode(baris)})
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
