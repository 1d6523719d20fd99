"""The office-year Excel workbook: one sheet per part of a `sakip-opd/1` document.

`ekspor_workbook(opd, tahun)` writes the workbook (README sheet, headers in Bahasa Indonesia,
number formats, drop-down lists) and keeps the document it shows in a very hidden sheet
(`sakip.berkas_asal`); `baca_workbook(berkas)` reads it back into the document shape and
remembers where every row came from, so that `impor_workbook` can name sheet, row and column in
each error and warning. The loader (`pertukaran.muat.impor_data_opd`) does the rest, atomically,
with a dry run first, writing only what the person changed since the export.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kinerja.entri import jenis_nilai, jenis_rasio
from renstra.models import Indikator
from sakip import berkas_asal
from sakip.angka import AngkaTidakValid, JenisAngka, baca_angka
from sakip.models import OPD
from sakip.xlsx_aman import BerkasDitolak, Buku, Rumus, baca_xlsx, tulis_sel

from .muat import FORMAT, HasilImpor, ekspor_data_opd, impor_data_opd
from .workbook_kolom import (  # noqa: F401 - the sheets' layout, read by tests and tools too
    BULAT,
    IDENTITAS,
    KOLOM,
    PROFIL_SHEET,
    SATUAN,
    TANGGAL_IDENTITAS,
    TANPA_SKALA,
    WAJIB_SHEET,
)
from .workbook_tabel import baca_tabel, tulis_tabel


class WorkbookTidakValid(Exception):
    def __init__(self, galat):
        self.galat = galat
        super().__init__("; ".join(galat))


@dataclass
class HasilWorkbook:
    impor: HasilImpor | None = None
    galat: list = field(default_factory=list)  # "Sheet 'X' baris N kolom 'Y': pesan"
    peringatan: list = field(default_factory=list)  # the same, for plausibility warnings (not errors)

    @property
    def berhasil(self):
        return not self.galat and self.impor is not None and self.impor.berhasil

    @property
    def ringkasan_teks(self):
        if self.impor is None:
            return ""
        i = self.impor
        teks = f"{sum(i.dibuat.values())} baru, {sum(i.diubah.values())} diubah, {sum(i.tetap.values())} tetap"
        return teks + (f", {sum(i.dihapus.values())} dihapus" if i.dihapus else "")


# --------------------------------------------------------------------------- export


def _angka_sel(teks):
    """A document decimal string to a cell number (int when whole, so Excel shows no .0)."""
    if teks in (None, ""):
        return None
    d = Decimal(teks)
    return int(d) if d == d.to_integral_value() and abs(d) < 10**15 else d


def _tahun_target(data, tahun):
    tahun_set = set()
    r = data.get("renstra") or {}
    if r.get("tahun_mulai") and r.get("tahun_selesai"):
        tahun_set |= set(range(r["tahun_mulai"], r["tahun_selesai"] + 1))
    if tahun:
        tahun_set.add(tahun)
    if not tahun_set:
        # An empty template: the five years from now on, as a start (add or rename columns freely).
        awal = datetime.date.today().year
        tahun_set = set(range(awal, awal + 5))
    return sorted(tahun_set)


def _indikator_rows(data):
    """Every indicator with its owner kind and owner code, in document order."""
    hasil = []

    def tambah(ind, jenis, pemilik):
        hasil.append((ind, jenis, pemilik))
        for k in ind.get("komponen") or []:
            tambah(k, "komponen", ind["kode"])

    r = data.get("renstra") or {}
    for t in r.get("tujuan") or []:
        for ind in t.get("indikator") or []:
            tambah(ind, "tujuan", t["kode"])
    for s in r.get("sasaran") or []:
        for ind in s.get("indikator") or []:
            tambah(ind, "sasaran", s["kode"])
    for a in data.get("anggaran") or []:
        for ind in a.get("indikator") or []:
            tambah(ind, "anggaran", a["kode"])
    return hasil


def _tulis_sheet(wb, nama, kolom, baris, tambahan=()):
    ws = wb.create_sheet(nama)
    semua = list(kolom) + list(tambahan)
    judul_fill = PatternFill("solid", fgColor="1F4E79")
    for c, (_, judul, jenis, _bantuan, daftar) in enumerate(semua, 1):
        sel = ws.cell(1, c, judul)
        sel.font = Font(bold=True, color="FFFFFF")
        sel.fill = judul_fill
        sel.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(c)].width = 14 if jenis != "teks" else 26
        if daftar:
            dv = DataValidation(type="list", formula1='"' + ",".join(daftar) + '"', allow_blank=True)
            dv.errorStyle = "warning"
            dv.error = f"Pilihan yang dikenal: {', '.join(daftar)}"
            dv.errorTitle = judul
            ws.add_data_validation(dv)
            dv.add(f"{get_column_letter(c)}2:{get_column_letter(c)}2000")
    ws.freeze_panes = "A2"
    for r, isi in enumerate(baris, 2):
        for c, (kunci, _, jenis, _, _) in enumerate(semua, 1):
            v = isi.get(kunci)
            if jenis in ("angka", "rupiah"):
                v = _angka_sel(v)
            elif jenis == "nilai":
                v = _angka_sel(v) if isinstance(v, str) and re.fullmatch(r"-?\d+(\.\d+)?", v) else v
            elif jenis == "tanggal" and v:
                v = datetime.date.fromisoformat(v)
            elif jenis == "ya_tidak":
                v = "ya" if v else "tidak"
            sel = tulis_sel(ws, r, c, v)
            if jenis == "rupiah":
                sel.number_format = "#,##0"
            elif jenis in ("angka", "nilai") and not isinstance(v, str):
                sel.number_format = "General"
            elif jenis == "tanggal":
                sel.number_format = "DD-MM-YYYY"
            elif jenis == "teks":
                sel.number_format = "@"
    return ws


def ekspor_workbook(opd=None, tahun=None, data=None):
    """The workbook of an office-year (or, with neither, the empty template), as bytes."""
    if data is None:
        data = ekspor_data_opd(opd) if opd is not None else {"format": FORMAT}
    if tahun is not None:
        data = dict(data)
        data["perjanjian_kinerja"] = [d for d in data.get("perjanjian_kinerja") or [] if d["tahun"] == tahun]
        data["anggaran"] = [a for a in data.get("anggaran") or [] if a["tahun"] == tahun]
    wb = Workbook()
    wb.remove(wb.active)
    _tulis_petunjuk(wb, opd, tahun)
    ws = wb.create_sheet("Identitas")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 28, 60, 50
    for c, judul in enumerate(["Isian", "Nilai", "Keterangan"], 1):
        ws.cell(1, c, judul).font = Font(bold=True)
    rpjmd = data.get("rpjmd") or {}
    for r, (kunci, label, bantuan) in enumerate(IDENTITAS, 2):
        bagian, _, nama = kunci.partition(".")
        if kunci == "format":
            v = FORMAT
        elif kunci == "tahun":
            v = tahun
        elif kunci == "rpjmd.misi":
            v = "\n".join(rpjmd.get("misi") or []) or None
        elif kunci == "rpjmd.misi_didukung":
            v = ", ".join(str(n) for n in rpjmd.get("misi_didukung") or []) or None
        else:
            v = (data.get(bagian) or {}).get(nama)
            if kunci in TANGGAL_IDENTITAS and v:
                v = datetime.date.fromisoformat(v)
        ws.cell(r, 1, label)
        sel = tulis_sel(ws, r, 2, v)
        sel.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, 3, bantuan).font = Font(italic=True, color="666666")
    m = data.get("metodologi") or {}
    r = len(IDENTITAS) + 2
    for kunci in (
        "skala",
        "rumus_turun",
        "batas_atas",
        "pembulatan",
        "desimal",
        "rumus_efisiensi",
        "aturan_kemajuan",
        "pakai_bobot",
        "izinkan_realisasi_melebihi_pagu",
    ):
        ws.cell(r, 1, f"metodologi.{kunci}")
        v = m.get(kunci)
        tulis_sel(ws, r, 2, TANPA_SKALA if kunci == "skala" and v == "" else v)
        ws.cell(
            r, 3, "Metodologi pengukuran pemda (diatur admin pemda); kosong = bawaan; skala 'tanpa' = tanpa kategori."
        ).font = Font(italic=True, color="666666")
        r += 1

    _tulis_sheet(wb, "Jabatan", KOLOM["Jabatan"], data.get("jabatan") or [])
    _tulis_sheet(wb, "Pejabat", KOLOM["Pejabat"], data.get("pejabat") or [])
    r_data = data.get("renstra") or {}
    baris_ts = [dict(t, jenis="tujuan") for t in r_data.get("tujuan") or []]
    baris_ts += [dict(s, jenis="sasaran") for s in r_data.get("sasaran") or []]
    _tulis_sheet(wb, "Tujuan dan Sasaran", KOLOM["Tujuan dan Sasaran"], baris_ts)

    tahun_target = _tahun_target(data, tahun)
    semua_ind = _indikator_rows(data)
    ada_rentang = any(ind.get("target_atas") for ind, _, _ in semua_ind)
    tambahan = [(f"target_{t}", f"Target {t}", "nilai", "", None) for t in tahun_target]
    if ada_rentang:
        tambahan += [(f"target_atas_{t}", f"Batas atas {t}", "angka", "", None) for t in tahun_target]
    baris_ind, baris_real, baris_banding = [], [], []
    for ind, jenis, pemilik in semua_ind:
        b = dict(ind, jenis_pemilik=jenis, pemilik=pemilik)
        b["baseline"] = ind.get("baseline") or ind.get("baseline_teks") or None
        b["target_akhir"] = ind.get("target_akhir") or ind.get("target_akhir_teks") or None
        for t in tahun_target:
            b[f"target_{t}"] = (ind.get("target") or {}).get(str(t))
            b[f"target_atas_{t}"] = (ind.get("target_atas") or {}).get(str(t))
        baris_ind.append(b)
        for r_ in ind.get("realisasi") or []:
            baris_real.append(dict(r_, indikator=ind["kode"], nilai=r_.get("nilai") or r_.get("nilai_teks") or None))
        for p in ind.get("pembanding") or []:
            baris_banding.append(dict(p, indikator=ind["kode"], nilai=p.get("nilai") or p.get("nilai_teks") or None))
    _tulis_sheet(wb, "Indikator", KOLOM["Indikator"], baris_ind, tambahan)

    baris_pk, baris_ra = [], []
    for perjanjian in data.get("perjanjian_kinerja") or []:
        for it in perjanjian.get("item") or []:
            baris_pk.append(
                {
                    **perjanjian,
                    "sasaran": it["sasaran"],
                    "indikator": it["indikator"],
                    "target": it.get("target") or it.get("target_teks") or None,
                    "target_atas": it.get("target_atas"),
                    "atasan_jabatan": (perjanjian.get("pk_atasan") or {}).get("jabatan"),
                    "atasan_versi": (perjanjian.get("pk_atasan") or {}).get("versi"),
                }
            )
            for ra in it.get("rencana_aksi") or []:
                baris_ra.append(
                    {
                        "tahun": perjanjian["tahun"],
                        "jabatan": perjanjian["jabatan"],
                        "versi": perjanjian["versi"],
                        "indikator": it["indikator"],
                        "triwulan": ra["triwulan"],
                        "target": ra.get("target") or ra.get("target_teks") or None,
                        "rencana_aksi": ra.get("rencana_aksi"),
                    }
                )
    _tulis_sheet(wb, "Perjanjian Kinerja", KOLOM["Perjanjian Kinerja"], baris_pk)
    _tulis_sheet(wb, "Rencana Aksi", KOLOM["Rencana Aksi"], baris_ra)
    _tulis_sheet(wb, "Realisasi", KOLOM["Realisasi"], baris_real)
    _tulis_sheet(wb, "Pembanding", KOLOM["Pembanding"], baris_banding)

    baris_ang, baris_pagu, baris_tautan = [], [], []
    for a in data.get("anggaran") or []:
        b = dict(a)
        for tw in "1234":
            b[f"realisasi_{tw}"] = (a.get("realisasi") or {}).get(tw)
        baris_ang.append(b)
        for p in a.get("pagu") or []:
            baris_pagu.append(dict(p, kode=a["kode"]))
        for s in a.get("sasaran") or []:
            baris_tautan.append({"kode": a["kode"], "sasaran": s})
        for i in a.get("indikator_didukung") or []:
            baris_tautan.append({"kode": a["kode"], "indikator": i})
    _tulis_sheet(wb, "Anggaran", KOLOM["Anggaran"], baris_ang)
    _tulis_sheet(wb, "Pagu", KOLOM["Pagu"], baris_pagu)
    _tulis_sheet(wb, "Tautan Anggaran", KOLOM["Tautan Anggaran"], baris_tautan)
    baris_strategi = []
    for s in r_data.get("sasaran") or []:
        for x in s.get("strategi") or []:
            baris_strategi.append({"sasaran": s["kode"], "jenis": "strategi", **x})
            for a in x.get("arah_kebijakan") or []:
                a = a if isinstance(a, dict) else {"uraian": a}
                baris_strategi.append({"sasaran": s["kode"], "jenis": "arah_kebijakan", **a})
    _tulis_sheet(wb, "Strategi", KOLOM["Strategi"], baris_strategi)
    profil = data.get("profil") or {}
    for sheet, kunci in PROFIL_SHEET.items():  # every year: a profile list is replaced whole on import
        _tulis_sheet(wb, sheet, KOLOM[sheet], profil.get(kunci) or [])
    tulis_tabel(wb, data, _tulis_sheet)
    if (data.get("opd") or {}).get("kode"):
        # What this workbook shows, for a re-import to write only what the person changes.
        berkas_asal.tanam(wb, {"dokumen": data, "tahun": tahun})
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _tulis_petunjuk(wb, opd, tahun):
    ws = wb.create_sheet("Petunjuk")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 24, 30, 90
    judul = "Workbook SAKIP" + (f" {opd.nama} tahun {tahun}" if opd is not None else " (templat kosong)")
    ws["A1"] = judul
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (
        "Satu berkas memuat data satu OPD: Renstra, indikator dan targetnya, Perjanjian Kinerja, rencana aksi, "
        "realisasi, pembanding, anggaran, strategi dan arah kebijakan, profil OPD (dasar hukum, SDM, sarana, "
        "penghargaan, inovasi), survei kepuasan, anggaran per jenis belanja dan layanan dokumen. "
        "Angka ditulis sebagai angka Excel atau teks format Indonesia "
        "(1.234.567,89). Jangan memakai rumus atau sel gabungan di judul kolom. Kode menghubungkan sheet: "
        "kode sasaran, kode indikator, kode anggaran."
    )
    ws["A2"].alignment = Alignment(wrap_text=True)
    ws.merge_cells("A2:C2")
    ws.row_dimensions[2].height = 60
    r = 4
    for c, j in enumerate(["Sheet", "Kolom", "Keterangan"], 1):
        ws.cell(r, c, j).font = Font(bold=True)
    r += 1
    ws.cell(r, 1, "Identitas")
    ws.cell(r, 3, "Pemda, OPD, RPJMD dan Renstra, satu isian per baris (kolom Nilai).")
    r += 1
    for nama, kolom in KOLOM.items():
        for _, judul_k, _, bantuan, daftar in kolom:
            ws.cell(r, 1, nama)
            ws.cell(r, 2, judul_k)
            teks = bantuan + (f" Pilihan: {', '.join(daftar)}." if daftar and daftar != SATUAN else "")
            ws.cell(r, 3, teks.strip())
            r += 1
        if nama == "Indikator":
            ws.cell(r, 1, nama)
            ws.cell(r, 2, "Target TTTT")
            ws.cell(
                r, 3, "Satu kolom per tahun Renstra (Target 2021, Target 2022, ...); 'Batas atas TTTT' untuk rentang."
            )
            r += 1


# --------------------------------------------------------------------------- import


class _Pembaca:
    """Reads sheets into the document and records where each piece came from."""

    def __init__(self, wb):
        self.wb = wb
        self.galat = []
        self.lokasi = {}  # document path -> (sheet, row)
        self.kolom_sheet = {}  # sheet -> {key: header}

    def salah(self, sheet, baris, kolom, pesan):
        tempat = f"Sheet '{sheet}' baris {baris}" + (f" kolom '{kolom}'" if kolom else "")
        self.galat.append(f"{tempat}: {pesan}")

    def nilai(self, sheet, baris, judul, v, jenis, jenis_angka=None):
        """A cell value to the document's type; errors named by sheet, row and column.
        Text typed in a number column is read by the number rule of its field (`jenis_angka`,
        sakip.angka; default: Rupiah for money, else a measure); an Excel number is exact already."""
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        # A formula is refused; in a text column a text that only starts with "=" (exported as
        # text, sakip.xlsx_aman) is what the person wrote and stays as it is.
        if isinstance(v, Rumus) or (jenis != "teks" and isinstance(v, str) and v.strip().startswith("=")):
            self.salah(sheet, baris, judul, f"berisi rumus {v.strip()!r}; isi dengan nilai, bukan rumus.")
            return None
        if jenis == "teks":
            return str(v).strip() if not isinstance(v, float) else _angka_ke_teks(v)
        if jenis == "ya_tidak":
            teks = str(v).strip().lower()
            if teks in ("ya", "y", "true", "1", "iku"):
                return True
            if teks in ("tidak", "t", "false", "0", "bukan"):
                return False
            self.salah(sheet, baris, judul, f"{v!r} harus ya atau tidak.")
            return None
        if jenis == "tanggal":
            if isinstance(v, datetime.datetime):
                return v.date().isoformat()
            if isinstance(v, datetime.date):
                return v.isoformat()
            teks = str(v).strip()
            for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
                try:
                    return datetime.datetime.strptime(teks, fmt).date().isoformat()
                except ValueError:
                    continue
            self.salah(sheet, baris, judul, f"{v!r} bukan tanggal (tulis 31-12-2024).")
            return None
        if jenis == "bulat":
            if isinstance(v, bool):
                self.salah(sheet, baris, judul, f"{v!r} bukan bilangan bulat.")
                return None
            if isinstance(v, int):
                return v
            if isinstance(v, float) and v.is_integer():
                return int(v)
            teks = str(v).strip()
            if teks.isdigit():
                return int(teks)
            self.salah(sheet, baris, judul, f"{v!r} bukan bilangan bulat.")
            return None
        # angka, rupiah, nilai (nilai may be a predicate label)
        if isinstance(v, bool):
            self.salah(sheet, baris, judul, f"{v!r} bukan angka.")
            return None
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return _angka_ke_teks(v)
        if isinstance(v, Decimal):
            return format(v, "f")
        teks = str(v).strip()
        if jenis_angka is None:
            jenis_angka = JenisAngka.RUPIAH if jenis == "rupiah" else JenisAngka.UKURAN
        try:
            return format(baca_angka(teks, jenis_angka), "f")
        except AngkaTidakValid as exc:
            if jenis == "nilai" and re.fullmatch(r"[A-Za-z][A-Za-z ]{0,19}", teks):
                return teks  # a predicate label (BB, Tinggi, WTP)
            self.salah(sheet, baris, judul, exc.pesan)
            return None

    def sheet(self, nama, wajib=False, kolom_tambahan=None, jenis_angka=None):
        """Rows of a sheet as dicts keyed by column key, with their row numbers.
        `jenis_angka(isi)`, given a row's other cells (an indicator's unit, its code), returns a
        function: column key -> JenisAngka (or None: the column's default), how text typed in the
        row's number columns is read."""
        if nama not in self.wb.sheetnames:
            if wajib:
                self.galat.append(f"Sheet '{nama}' tidak ada. Pakai templat workbook SAKIP.")
            return []
        ws = self.wb[nama]
        kolom = list(KOLOM[nama])
        judul_ke_kunci = {j.strip().lower(): (k, j, t) for k, j, t, _, _ in kolom}
        for r in ws.merged_cells.ranges:
            if r.min_row <= 1:
                self.salah(nama, 1, None, f"judul kolom memakai sel gabungan ({r.coord}); pisahkan selnya.")
                return []
        peta = {}
        for c in range(1, ws.max_column + 1):
            judul = ws.cell(1, c).value
            if judul is None:
                continue
            judul = str(judul).strip()
            kunci = judul_ke_kunci.get(judul.lower())
            if kunci is None and kolom_tambahan:
                kunci = kolom_tambahan(judul)
            if kunci is None:
                self.salah(nama, 1, judul, "judul kolom tidak dikenal.")
                continue
            peta[c] = kunci
        wajib_kolom = {k for k, *_ in kolom[:1]}
        if not wajib_kolom & {k for k, _, _ in peta.values()}:
            self.salah(nama, 1, kolom[0][1], "kolom ini wajib ada.")
            return []
        hasil = []
        for r in range(2, ws.max_row + 1):
            sel = {c: ws.cell(r, c).value for c in peta}
            # Text in a number column waits for the row's other cells, which say its kind.
            tunda = [c for c, (_, _, jenis) in peta.items() if jenis in ("angka", "nilai") and isinstance(sel[c], str)]
            isi, galat = {}, {}
            for c, (kunci, judul, jenis) in peta.items():
                if c not in tunda:
                    isi[kunci], galat[c] = self._sel(nama, r, judul, sel[c], jenis)
            jenis_baris = jenis_angka(isi) if tunda and jenis_angka is not None else _TANPA_JENIS
            for c in tunda:
                kunci, judul, jenis = peta[c]
                isi[kunci], galat[c] = self._sel(nama, r, judul, sel[c], jenis, jenis_baris(kunci))
            for c in sorted(galat):
                self.galat += galat[c]  # in column order, as read
            isi = {kunci: isi[kunci] for kunci, _, _ in peta.values()}
            if any(v not in (None, "") for v in isi.values()):
                hasil.append((r, isi))
        return hasil

    def _sel(self, *args):
        """`nilai(*args)` and the errors it reported (kept aside)."""
        n = len(self.galat)
        v = self.nilai(*args)
        galat = self.galat[n:]
        del self.galat[n:]
        return v, galat


def _TANPA_JENIS(kunci):
    return None


def _indikator_isian(isi, presisi_tersimpan):
    """An unsaved Indikator with the unit, decimals and ratio unit a row of the Indikator sheet
    gives (a blank Desimal: as stored), for the kind of its numbers (kinerja.entri.jenis_nilai,
    jenis_rasio): the rule of the realisation grid."""
    ind = Indikator(
        satuan=isi.get("satuan") or "",
        satuan_pembilang=isi.get("satuan_pembilang") or "",
        jenis_nilai=isi.get("jenis_nilai") or Indikator.JenisNilai.ANGKA,
    )
    presisi = isi.get("presisi")
    if presisi is None:
        presisi = presisi_tersimpan(isi.get("kode"))
    if presisi is not None:
        ind.presisi = presisi
    return ind


class _PresisiTersimpan:
    """The decimals of the office's stored indicators by kode, read once when first asked."""

    def __init__(self, opd=None):
        self.opd = opd
        self.kode_opd = None
        self._peta = None

    def __call__(self, kode):
        if self._peta is None:
            self._peta = {}
            opd = self.opd
            if opd is None and self.kode_opd:
                opd = OPD.objects.filter(kode=self.kode_opd).first()
            if opd is not None and opd.pk:
                self._peta = dict(Indikator.objects.filter(opd=opd).order_by("pk").values_list("kode", "presisi"))
        return self._peta.get(kode)


def _angka_ke_teks(v):
    d = Decimal(repr(v))
    return format(d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize(), "f")


def _target_kolom(judul):
    m = re.fullmatch(r"(Target|Batas atas) (\d{4})", judul.strip(), re.IGNORECASE)
    if not m:
        return None
    if m.group(1).lower() == "target":
        return (f"target_{m.group(2)}", judul, "nilai")
    return (f"target_atas_{m.group(2)}", judul, "angka")


def baca_workbook(berkas, opd=None):
    """Read a workbook into (document, locations, errors). `opd`: the office it is for (default:
    the one its Kode OPD names), whose stored indicators say a blank Desimal cell's decimals."""
    return _baca(berkas, opd)[:3]


def _baca(berkas, opd=None):
    """(document, locations, errors, what the export kept of it or None). `berkas`: a workbook
    read already (sakip.xlsx_aman.Buku, an upload's stored rows) or a file, checked and read here."""
    try:
        wb = berkas if isinstance(berkas, Buku) else baca_xlsx(berkas)
    except BerkasDitolak as exc:
        return None, {}, list(exc.messages), None
    data, lokasi, galat = _baca_buku(wb, opd)
    return data, lokasi, galat, berkas_asal.baca(wb)


def _baca_buku(wb, opd=None):
    p = _Pembaca(wb)
    presisi_tersimpan = _PresisiTersimpan(opd)
    for nama in WAJIB_SHEET:
        if nama not in wb.sheetnames:
            p.galat.append(f"Sheet '{nama}' tidak ada. Pakai templat workbook SAKIP (unduh dari aplikasi).")
    if p.galat:
        return None, {}, p.galat
    data = {"format": None, "sumber": "Workbook SAKIP"}
    ws = wb["Identitas"]
    label_ke_kunci = {label.lower(): kunci for kunci, label, _ in IDENTITAS}
    iden = {}
    for r in range(2, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if label is None:
            continue
        label = str(label).strip()
        kunci = label_ke_kunci.get(label.lower(), label if label.startswith("metodologi.") else None)
        if kunci is None:
            p.salah("Identitas", r, "Isian", f"isian {label!r} tidak dikenal.")
            continue
        jenis = "bulat" if kunci in BULAT else "tanggal" if kunci in TANGGAL_IDENTITAS else "teks"
        if kunci in ("metodologi.batas_atas",):
            jenis = "angka"
        if kunci in ("metodologi.desimal",):
            jenis = "bulat"
        v = p.nilai("Identitas", r, "Nilai", ws.cell(r, 2).value, jenis)
        iden[kunci] = (v, r)
        p.lokasi[kunci] = ("Identitas", r)
    data["format"] = (iden.get("format") or (None,))[0]
    tahun = (iden.get("tahun") or (None,))[0]
    for bagian in ("pemda", "opd"):
        data[bagian] = {
            k.split(".", 1)[1]: v for k, (v, _) in iden.items() if k.startswith(bagian + ".") and v is not None
        }
    metodologi = {k.split(".", 1)[1]: v for k, (v, _) in iden.items() if k.startswith("metodologi.") and v is not None}
    for k in ("pakai_bobot", "izinkan_realisasi_melebihi_pagu"):
        if k in metodologi:
            metodologi[k] = str(metodologi[k]).lower() in ("true", "1", "ya")
    if metodologi.get("skala") == TANPA_SKALA:
        metodologi["skala"] = ""
    if metodologi:
        data["metodologi"] = metodologi
    rp = {k.split(".", 1)[1]: v for k, (v, _) in iden.items() if k.startswith("rpjmd.") and v is not None}
    if rp:
        rp["misi"] = [m.strip() for m in str(rp.get("misi") or "").split("\n") if m.strip()]
        rp["misi_didukung"] = [int(x) for x in re.findall(r"\d+", str(rp.get("misi_didukung") or ""))]
        data["rpjmd"] = rp
    presisi_tersimpan.kode_opd = (data.get("opd") or {}).get("kode")
    renstra = {k.split(".", 1)[1]: v for k, (v, _) in iden.items() if k.startswith("renstra.") and v is not None}
    renstra.setdefault("versi", 0)

    data["jabatan"] = [dict(isi, _sumber=("Jabatan", r)) for r, isi in p.sheet("Jabatan")]
    data["pejabat"] = [dict(isi, _sumber=("Pejabat", r)) for r, isi in p.sheet("Pejabat")]

    tujuan, sasaran = [], []
    for r, isi in p.sheet("Tujuan dan Sasaran", wajib=True):
        jenis = (isi.pop("jenis") or "").lower()
        sumber = ("Tujuan dan Sasaran", r)
        if jenis == "tujuan":
            tujuan.append({"kode": isi.get("kode"), "uraian": isi.get("uraian"), "indikator": [], "_sumber": sumber})
        elif jenis == "sasaran":
            sasaran.append(dict(isi, indikator=[], tingkat=isi.get("tingkat") or "strategis", _sumber=sumber))
        else:
            p.salah("Tujuan dan Sasaran", r, "Jenis", "isi tujuan atau sasaran.")
    renstra["tujuan"], renstra["sasaran"] = tujuan, sasaran
    data["renstra"] = renstra

    # Indicators, attached to their owners.
    indikator, baris_ind = {}, {}
    per_tujuan = {t["kode"]: t for t in tujuan}
    per_sasaran = {s["kode"]: s for s in sasaran}
    anggaran_baris = p.sheet("Anggaran")
    per_anggaran = {}
    data["anggaran"] = []
    for r, isi in anggaran_baris:
        realisasi = {tw: isi.pop(f"realisasi_{tw}") for tw in "1234"}
        a = dict(
            isi,
            realisasi={k: v for k, v in realisasi.items() if v is not None},
            pagu=[],
            sasaran=[],
            indikator_didukung=[],
            indikator=[],
        )
        a["tahun"] = a.get("tahun") or tahun
        a["_sumber"] = ("Anggaran", r)
        if a.get("kode") in per_anggaran:
            p.salah("Anggaran", r, "Kode", f"kode {a['kode']} sudah ada di baris {per_anggaran[a['kode']][1]}.")
            continue
        per_anggaran[a.get("kode")] = (a, r)
        data["anggaran"].append(a)

    # Text typed as a number is read by its field's kind, as the grids read it (sakip.angka):
    # values and targets by their indicator's unit and decimals, pembilang / penyebut as counts
    # unless their unit is a measure, money as Rupiah (the column's own kind).
    def jenis_baris_indikator(isi):
        jenis = jenis_nilai(_indikator_isian(isi, presisi_tersimpan))
        return lambda k: jenis if k in ("baseline", "target_akhir") or k.startswith("target_") else None

    model_indikator = {}

    def menurut_indikator(medan_nilai, medan_rasio=()):
        def jenis_baris(isi):
            d = indikator.get(isi.get("indikator"))
            if d is None:
                return _TANPA_JENIS  # refused below: no such indicator
            if d["kode"] not in model_indikator:
                model_indikator[d["kode"]] = _indikator_isian(d, presisi_tersimpan)
            ind = model_indikator[d["kode"]]
            jn, jr = jenis_nilai(ind), jenis_rasio(ind)
            return lambda k: jn if k in medan_nilai else jr if k in medan_rasio else None

        return jenis_baris

    baris_indikator = p.sheet("Indikator", wajib=True, kolom_tambahan=_target_kolom, jenis_angka=jenis_baris_indikator)
    komponen_tertunda = []
    for r, isi in baris_indikator:
        kode = isi.get("kode")
        if not kode:
            p.salah("Indikator", r, "Kode indikator", "wajib diisi.")
            continue
        if kode in indikator:
            p.salah("Indikator", r, "Kode indikator", f"kode {kode} sudah ada di baris {baris_ind[kode]}.")
            continue
        tahunan = re.compile(r"target_(atas_)?\d{4}$")
        ind = {k: v for k, v in isi.items() if not tahunan.match(k) and k not in ("jenis_pemilik", "pemilik")}
        ind["target"] = {k[7:]: v for k, v in isi.items() if re.match(r"target_\d{4}$", k) and v is not None}
        ind["target_atas"] = {k[12:]: v for k, v in isi.items() if re.match(r"target_atas_\d{4}$", k) and v is not None}
        for k in ("baseline", "target_akhir"):
            v = ind.get(k)
            if v is not None and not re.fullmatch(r"-?\d+(\.\d+)?", v):
                ind[k], ind[k + "_teks"] = None, v
        ind.update(realisasi=[], pembanding=[], komponen=[], _sumber=("Indikator", r))
        for k in ("faktor", "bobot"):
            if ind.get(k) is None:
                ind.pop(k, None)
        for k in ("jenis_nilai", "arah", "frekuensi", "agregasi", "skala_predikat"):
            if ind.get(k) is None:
                ind.pop(k, None)
        indikator[kode], baris_ind[kode] = ind, r
        jenis, pemilik = (isi.get("jenis_pemilik") or "").lower(), isi.get("pemilik")
        wadah = {"tujuan": per_tujuan, "sasaran": per_sasaran}.get(jenis)
        if jenis == "komponen":
            komponen_tertunda.append((ind, pemilik, r))
        elif jenis == "anggaran" and pemilik in per_anggaran:
            per_anggaran[pemilik][0]["indikator"].append(ind)
        elif wadah is not None and pemilik in wadah:
            wadah[pemilik]["indikator"].append(ind)
        else:
            p.salah("Indikator", r, "Kode pemilik", f"pemilik {jenis or '?'} {pemilik!r} tidak ada.")
    for ind, pemilik, r in komponen_tertunda:
        if pemilik in indikator:
            indikator[pemilik]["komponen"].append(ind)
        else:
            p.salah("Indikator", r, "Kode pemilik", f"indikator komposit {pemilik!r} tidak ada.")

    def ke_indikator(sheet, r, kode):
        if kode not in indikator:
            p.salah(sheet, r, "Kode indikator", f"indikator {kode!r} tidak ada di sheet Indikator.")
            return None
        return indikator[kode]

    kunci_real = {}
    for r, isi in p.sheet("Realisasi", jenis_angka=menurut_indikator(("nilai",), ("pembilang", "penyebut"))):
        ind = ke_indikator("Realisasi", r, isi.get("indikator"))
        if ind is None:
            continue
        kunci = (isi.get("indikator"), isi.get("tahun"), isi.get("periode"))
        if kunci in kunci_real:
            p.salah(
                "Realisasi",
                r,
                None,
                f"realisasi {kunci[0]} {kunci[2]} {kunci[1]} sudah ada di baris {kunci_real[kunci]}.",
            )
            continue
        kunci_real[kunci] = r
        nilai = isi.get("nilai")
        teks = nilai if nilai is not None and not re.fullmatch(r"-?\d+(\.\d+)?", nilai) else ""
        ind["realisasi"].append(
            {
                "tahun": isi.get("tahun"),
                "periode": isi.get("periode") or "TAHUN",
                "nilai": None if teks else nilai,
                "nilai_teks": teks,
                "pembilang": isi.get("pembilang"),
                "penyebut": isi.get("penyebut"),
                "keterangan_data": isi.get("keterangan_data") or "",
                "sumber_data": isi.get("sumber_data") or "",
                "catatan": isi.get("catatan") or "",
                "_sumber": ("Realisasi", r),
            }
        )
    for r, isi in p.sheet("Pembanding", jenis_angka=menurut_indikator(("nilai",))):
        ind = ke_indikator("Pembanding", r, isi.get("indikator"))
        if ind is None:
            continue
        nilai = isi.get("nilai")
        teks = nilai if nilai is not None and not re.fullmatch(r"-?\d+(\.\d+)?", nilai) else ""
        ind["pembanding"].append(
            {
                "tahun": isi.get("tahun"),
                "jenis": isi.get("jenis"),
                "nama": isi.get("nama") or "",
                "nilai": None if teks else nilai,
                "nilai_teks": teks,
                "sumber": isi.get("sumber") or "",
                "_sumber": ("Pembanding", r),
            }
        )
        if "catatan_internal" in isi:  # a workbook without the column keeps the stored note
            ind["pembanding"][-1]["catatan_internal"] = isi["catatan_internal"] or ""

    perjanjian_per_kunci = {}
    for r, isi in p.sheet("Perjanjian Kinerja", jenis_angka=menurut_indikator(("target", "target_atas"))):
        kunci = (isi.get("tahun") or tahun, isi.get("jabatan"), isi.get("versi") or 0)
        perjanjian = perjanjian_per_kunci.get(kunci)
        if perjanjian is None:
            perjanjian = {
                "tahun": kunci[0],
                "jabatan": kunci[1],
                "versi": kunci[2],
                "status": isi.get("status"),  # empty: a stored PK keeps its status, a new one is a draft
                "tanggal": isi.get("tanggal"),
                "alasan": isi.get("alasan") or "",
                "pejabat": isi.get("pejabat"),
                "item": [],
                "_sumber": ("Perjanjian Kinerja", r),
            }
            if "catatan_internal" in isi:  # a workbook without the column keeps the stored note
                perjanjian["catatan_internal"] = isi["catatan_internal"] or ""
            if "atasan_jabatan" in isi:  # a workbook without the column keeps a stored PK's PK atasan
                perjanjian["pk_atasan"] = (
                    {"jabatan": isi["atasan_jabatan"], "versi": isi.get("atasan_versi") or 0}
                    if isi.get("atasan_jabatan")
                    else None
                )
            perjanjian_per_kunci[kunci] = perjanjian
        elif isi.get("tanggal") and isi.get("tanggal") != perjanjian["tanggal"]:
            p.salah("Perjanjian Kinerja", r, "Tanggal", "tanggal berbeda dengan baris lain PK yang sama.")
        if any(it["indikator"] == isi.get("indikator") for it in perjanjian["item"]):
            p.salah("Perjanjian Kinerja", r, "Kode indikator", f"indikator {isi.get('indikator')} sudah ada di PK ini.")
            continue
        target = isi.get("target")
        teks = target if target is not None and not re.fullmatch(r"-?\d+(\.\d+)?", target) else ""
        perjanjian["item"].append(
            {
                "sasaran": isi.get("sasaran"),
                "indikator": isi.get("indikator"),
                "target": None if teks else target,
                "target_teks": teks,
                "target_atas": isi.get("target_atas"),
                "rencana_aksi": [],
                "_sumber": ("Perjanjian Kinerja", r),
            }
        )
    for r, isi in p.sheet("Rencana Aksi", jenis_angka=menurut_indikator(("target",))):
        kunci = (isi.get("tahun") or tahun, isi.get("jabatan"), isi.get("versi") or 0)
        perjanjian = perjanjian_per_kunci.get(kunci)
        item = next((it for it in (perjanjian or {}).get("item", []) if it["indikator"] == isi.get("indikator")), None)
        if item is None:
            p.salah(
                "Rencana Aksi", r, "Kode indikator", "tidak ada item PK dengan tahun, jabatan, versi dan indikator ini."
            )
            continue
        target = isi.get("target")
        teks = target if target is not None and not re.fullmatch(r"-?\d+(\.\d+)?", target) else ""
        item["rencana_aksi"].append(
            {
                "triwulan": isi.get("triwulan"),
                "target": None if teks else target,
                "target_teks": teks,
                "rencana_aksi": isi.get("rencana_aksi") or "",
                "_sumber": ("Rencana Aksi", r),
            }
        )
    data["perjanjian_kinerja"] = list(perjanjian_per_kunci.values())

    for r, isi in p.sheet("Pagu"):
        if isi.get("kode") not in per_anggaran:
            p.salah("Pagu", r, "Kode anggaran", f"kode {isi.get('kode')!r} tidak ada di sheet Anggaran.")
            continue
        a = per_anggaran[isi["kode"]][0]
        urutan = isi.get("urutan") if isi.get("urutan") is not None else len(a["pagu"])
        a["pagu"].append(
            {
                "jenis": isi.get("jenis") or "murni",
                "urutan": urutan,
                "tanggal": isi.get("tanggal"),
                "nilai": isi.get("nilai"),
                "dasar": isi.get("dasar") or "",
                "_sumber": ("Pagu", r),
            }
        )
    for r, isi in p.sheet("Tautan Anggaran"):
        if isi.get("kode") not in per_anggaran:
            p.salah("Tautan Anggaran", r, "Kode anggaran", f"kode {isi.get('kode')!r} tidak ada di sheet Anggaran.")
            continue
        a = per_anggaran[isi["kode"]][0]
        if isi.get("sasaran"):
            a["sasaran"].append(isi["sasaran"])
        if isi.get("indikator"):
            a["indikator_didukung"].append(isi["indikator"])
    _baca_strategi(p, wb, sasaran)
    profil = {
        kunci: [dict(isi, _sumber=(sheet, r)) for r, isi in p.sheet(sheet)]
        for sheet, kunci in PROFIL_SHEET.items()
        if sheet in wb.sheetnames
    }
    if profil:
        data["profil"] = profil
    baca_tabel(p, wb, data)
    _peta_lokasi(data, "", p.lokasi)
    return data, p.lokasi, p.galat


def _baca_strategi(p, wb, sasaran):
    """The Strategi sheet into `strategi` of each sasaran strategis (a sheet present replaces
    them: a sasaran without rows gets none); an arah kebijakan row belongs to the strategy above it."""
    if "Strategi" not in wb.sheetnames:
        return
    per_kode = {s.get("kode"): s for s in sasaran}
    for s in sasaran:
        if (s.get("tingkat") or "strategis") == "strategis":
            s["strategi"] = []
    terakhir = None
    for r, isi in p.sheet("Strategi"):
        jenis = (isi.get("jenis") or "strategi").strip().lower()
        kode = isi.get("sasaran")
        baris = {"uraian": isi.get("uraian"), "_sumber": ("Strategi", r)}
        if isi.get("urutan") is not None:
            baris["urutan"] = isi["urutan"]
        if jenis == "arah_kebijakan":
            if terakhir is None or (kode and kode != terakhir[0]):
                p.salah("Strategi", r, "Jenis", "arah kebijakan harus di bawah baris strategi sasarannya.")
                continue
            terakhir[1]["arah_kebijakan"].append(baris)
        elif jenis == "strategi":
            s = per_kode.get(kode)
            if s is None:
                p.salah("Strategi", r, "Kode sasaran", f"sasaran {kode!r} tidak ada di sheet Tujuan dan Sasaran.")
                terakhir = None
                continue
            if (s.get("tingkat") or "strategis") != "strategis":
                p.salah(
                    "Strategi",
                    r,
                    "Kode sasaran",
                    f"{kode} bukan sasaran strategis; strategi hanya untuk sasaran strategis.",
                )
                terakhir = None
                continue
            baris["arah_kebijakan"] = []
            s.setdefault("strategi", []).append(baris)
            terakhir = (kode, baris)
        else:
            p.salah("Strategi", r, "Jenis", "isi strategi atau arah_kebijakan.")


def _peta_lokasi(nilai, jalur, lokasi):
    """Walk the document as the loader does; record path -> (sheet, row) and drop the markers."""
    if isinstance(nilai, dict):
        sumber = nilai.pop("_sumber", None)
        if sumber is not None:
            lokasi[jalur] = sumber
        for k, v in nilai.items():
            _peta_lokasi(v, f"{jalur}.{k}" if jalur else k, lokasi)
    elif isinstance(nilai, list):
        for i, v in enumerate(nilai):
            _peta_lokasi(v, f"{jalur}[{i}]", lokasi)


KOLOM_JALUR = {"target": "Target", "target_atas": "Batas atas"}
TRIWULAN_ROMAWI = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def _terjemahkan(tempat, lokasi):
    """A loader path ("renstra.sasaran[1].indikator[0].target.2024") to "Sheet 'Indikator' baris 7 kolom …"."""
    dasar = re.sub(r" \(.*\)$", "", tempat)
    kandidat = sorted(
        (k for k in lokasi if dasar == k or dasar.startswith(k + ".") or dasar.startswith(k + "[")),
        key=len,
        reverse=True,
    )
    if not kandidat:
        return tempat
    sheet, baris = lokasi[kandidat[0]]
    sisa = dasar[len(kandidat[0]) :]
    kolom = ""
    if sisa.startswith("."):  # "[n]" after a one-cell setting (a misi of the Identitas sheet) names no column
        kepala, _, ekor = sisa[1:].partition(".")
        judul = {k: j for k, j, *_ in KOLOM.get(sheet, [])}.get(kepala)
        if kepala in KOLOM_JALUR and ekor:
            judul = f"{KOLOM_JALUR[kepala]} {ekor}"
        elif kepala == "pk_atasan":
            judul = "Jabatan PK atasan"
        elif kepala == "realisasi" and ekor in TRIWULAN_ROMAWI:
            judul = {k: j for k, j, *_ in KOLOM.get(sheet, [])}.get(
                f"realisasi_{ekor}", f"Realisasi s.d. TW {TRIWULAN_ROMAWI[ekor]}"
            )
        kolom = f" kolom '{judul or sisa[1:]}'"
    return f"Sheet '{sheet}' baris {baris}{kolom}"


def impor_workbook(berkas, *, percobaan=True, opd_tetap=None, tahun=None, user=None):
    """Read and load a workbook. Atomic; a dry run by default. Errors name sheet, row, column.

    `user`: who imports (None: the system, e.g. the `workbook` command). A workbook exported by
    the application carries what it showed: only what the person changed since is written, and
    what changed both in the file and in the application since is reported as a conflict.
    """
    data, lokasi, galat, tersimpan = _baca(berkas, opd_tetap)
    hasil = HasilWorkbook(galat=list(galat))
    if data is None or galat:
        return hasil
    if tahun is not None:
        tahun_berkas = next((d["tahun"] for d in data.get("perjanjian_kinerja") or []), tahun)
        if tahun_berkas != tahun:
            hasil.galat.append(f"Berkas berisi data tahun {tahun_berkas}, bukan {tahun}.")
            return hasil
    asal = (tersimpan or {}).get("dokumen")
    if tahun is not None and (tersimpan or {}).get("tahun") not in (None, tahun):
        asal = None  # the export of another year: nothing to compare with
    hasil.impor = impor_data_opd(data, percobaan=percobaan, opd_tetap=opd_tetap, user=user, asal=asal)
    hasil.galat = [f"{_terjemahkan(tempat, lokasi)}: {pesan}" for tempat, pesan in hasil.impor.galat]
    hasil.peringatan = [f"{_terjemahkan(tempat, lokasi)}: {pesan}" for tempat, pesan in hasil.impor.peringatan]
    return hasil
