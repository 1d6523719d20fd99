"""The LKjIP as typed data: what `laporan.bab.susun_laporan` returns.

Numbers are `Decimal` (or `int` for counts and years), dates are `datetime.date`; nothing is
formatted here. Formatting happens at the edge: the templates (`angka`, `nilai_presisi`,
`persen`, `rupiah`, `tgl`), the sentences of `laporan.draf`, the charts of `laporan.grafik`, and
`ke_json`, the one serializer of `lkjip --format json` and of the data fingerprint (`sidik`).

`ke_json` writes each dataclass's fields in declaration order, the names as JSON keys, a
`Decimal` as `str(nilai)`, a date as ISO 8601. A field whose metadata carries `lewati` is left
out when `lewati(value, object)` is true (keys the measurement or the budget print only when
they apply); a field marked `json=False` is never written; a field whose metadata carries
`kunci` is written under that key (`perjanjian` keeps the format's key "pk").

A `Nilai` is a measured value (target, realisasi, baseline, benchmark): a `Decimal` at the
precision it carries (`sakip.formatting.normalisasi_nilai`), or the text of a predicate
indicator ("WTP", "Tersedia"), or None when not recorded.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any

# Part of the report's types live in modules of their own; every class is importable from here.
from .data_dasar import Entri, EntriTabel
from .data_profil import (  # noqa: F401 - re-exported
    BarisInovasi,
    BarisPenghargaan,
    BarisSumberDaya,
    DasarHukumLaporan,
    DefinisiIku,
    Prestasi,
    SasaranStrategi,
    StrategiLaporan,
    SumberDaya,
    TabelDefinisiIku,
    TabelSumberDaya,
)
from .data_tabel import (  # noqa: F401 - re-exported
    BarisJenisBelanja,
    BarisLayananDokumen,
    JenisBelanjaLaporan,
    LayananDokumenLaporan,
    SurveiLaporan,
    UnsurIKM,
)

Nilai = Decimal | str | None

FORMAT = "sakip-lkjip/1"


def _lewati(syarat: Callable[[Any, Any], bool], bawaan: Any = None) -> Any:
    """A field left out of the JSON when `syarat(value, object)`; defaults to `bawaan` (a new list for [])."""
    if bawaan == []:
        return field(default_factory=list, metadata={"lewati": syarat})
    return field(default=bawaan, metadata={"lewati": syarat})


def _bila_ada() -> Any:
    """A key written only when its value is not None."""
    return _lewati(lambda v, o: v is None)


def _bila_isi(bawaan: Any = "") -> Any:
    """A key written only when its value is not empty ("" or [])."""
    return _lewati(lambda v, o: not v, bawaan)


def _kunci_json(kunci: str) -> Any:
    """A field written under the JSON key `kunci` rather than its own name."""
    return field(metadata={"kunci": kunci})


def ke_json(objek: Any) -> Any:
    """The report data (or any part of it) as JSON-ready values: the `lkjip --format json` form."""
    if is_dataclass(objek) and not isinstance(objek, type):
        hasil = {}
        for f in fields(objek):
            if not f.metadata.get("json", True):
                continue
            nilai = getattr(objek, f.name)
            lewati = f.metadata.get("lewati")
            if lewati is not None and lewati(nilai, objek):
                continue
            hasil[f.metadata.get("kunci", f.name)] = ke_json(nilai)
        return hasil
    if isinstance(objek, Decimal):
        return str(objek)
    if isinstance(objek, datetime.date):
        return objek.isoformat()
    if isinstance(objek, enum.Enum):
        return objek.value
    if isinstance(objek, list | tuple):
        return [ke_json(v) for v in objek]
    if isinstance(objek, dict):
        return {k: ke_json(v) for k, v in objek.items()}
    return objek


# --------------------------------------------------------------------------- identity and signatures


@dataclass(frozen=True)
class IdentitasOpd:
    kode: str
    nama: str
    singkatan: str
    alamat: str
    telepon: str
    email: str
    logo: str | None


@dataclass(frozen=True)
class IdentitasPemda:
    nama: str
    wilayah: str
    kepala_daerah: str
    nama_kepala_daerah: str
    ibu_kota: str
    logo: str | None


@dataclass(frozen=True)
class Kolom:
    """Headers of the target and realisasi columns ("Target TW III YYYY")."""

    target: str
    realisasi: str


@dataclass(frozen=True)
class Ttd:
    """A signature block: place, date, Plt./Plh. prefix, position, name, rank, NIP."""

    tempat: str
    tanggal: datetime.date
    awalan: str
    jabatan: str
    nama: str | None
    pangkat: str | None
    nip: str | None


@dataclass(frozen=True)
class PersetujuanData:
    """Where the period's data stands (kinerja.alur.persetujuan_periode): a report from data not
    approved by the pimpinan is a draft, marked "DRAF" on every page and printed without signatures."""

    status: str
    label: str
    disetujui: bool
    tanggal_disetujui: datetime.date | None


@dataclass(frozen=True)
class PihakKedua:
    jabatan: str
    nama: str | None


@dataclass(frozen=True)
class TtdPk:
    pihak_pertama: Ttd
    pihak_kedua: PihakKedua


# --------------------------------------------------------------------------- narratives


@dataclass(frozen=True)
class GambarLaporan:
    id: int
    berkas: str
    keterangan: str


@dataclass(frozen=True)
class NarasiLaporan:
    """A narrative section: the office's text, or a draft from this report's figures (`draf`)."""

    bagian: str
    judul: str
    indikator: int | None
    isi: str
    draf: bool
    gambar: list[GambarLaporan]


# --------------------------------------------------------------------------- budget


@dataclass(frozen=True)
class IndikatorAnggaran:
    """An indicator of a budget item (program, kegiatan, sub kegiatan)."""

    nama: str
    satuan: str
    target: Nilai
    realisasi: Nilai
    capaian: Decimal | None
    presisi: int | None


@dataclass(frozen=True)
class BarisAnggaran:
    """A row of a budget table: one program, kegiatan or sub kegiatan."""

    kode: str
    nama: str
    pagu: Decimal | None
    realisasi: Decimal | None
    serapan: Decimal | None
    pagu_murni: Decimal | None = _bila_ada()
    sumber_dana: str = _bila_isi()
    catatan: str = _bila_isi()
    indikator: list[IndikatorAnggaran] = _bila_isi([])
    tingkat: str = ""
    level: int | None = _bila_ada()  # depth under a sasaran's linked items (program rows of a sasaran)
    mendukung: list[str] | None = _bila_ada()  # the sasaran's indicators this item supports


@dataclass(frozen=True)
class Alokasi:
    """The budget linked to a sasaran, and its share of the office's pagu."""

    sasaran: str
    pagu: Decimal | None
    realisasi: Decimal | None
    serapan: Decimal | None
    pangsa: Decimal | None
    item: list[str]


@dataclass(frozen=True)
class Efisiensi:
    """Capaian, serapan and efficiency of an indicator (or of a sasaran, `indikator` None)."""

    sasaran: str
    indikator: str | None
    capaian: Decimal | None
    serapan: Decimal | None
    efisiensi: Decimal | None
    kategori: str | None
    pagu: Decimal | None
    realisasi_anggaran: Decimal | None
    pangsa: Decimal | None


@dataclass(frozen=True)
class ProgramPk:
    """A program in the PK appendix."""

    kode: str
    nama: str
    pagu: Decimal | None
    sumber_dana: str


# --------------------------------------------------------------------------- indicators and sasaran


@dataclass(frozen=True)
class Komponen:
    nama: str
    realisasi: Nilai


@dataclass(frozen=True)
class TitikRiwayat:
    """One year of an indicator's trend (the last one is this period)."""

    tahun: int
    label: str
    target: Nilai
    realisasi: Nilai
    capaian: Decimal | None
    keterangan: str | None


@dataclass(frozen=True)
class Perubahan:
    """Realisasi against last year's: the difference, its label, and whether it is better."""

    nilai: Decimal | None
    label: str
    membaik: bool | None


@dataclass(frozen=True)
class Kemajuan:
    """Tingkat kemajuan against the end target of the Renstra, by the Pemda's rule (`rumus`)."""

    nilai: Decimal | None
    label: str | None
    keterangan: str | None
    rumus: str


@dataclass(frozen=True)
class TargetBerikut:
    tahun: int
    target: Nilai


@dataclass(frozen=True)
class BarisPembanding:
    """The latest value of a national, provincial or other benchmark, and realisasi against it."""

    jenis: str
    nama: str
    tahun: int
    nilai: Nilai
    capaian: Decimal | None
    keterangan: str | None
    sumber: str


@dataclass
class IndikatorLaporan:
    """An indicator of a sasaran with every figure the chapters print.

    The first fields are the measurement's (`kinerja.pengukuran.sebagai_dict` prints the same
    keys and values); `gambar` is set when Bab III numbers the trend chart."""

    nama: str
    satuan: str
    arah: str
    target: Nilai
    realisasi: Nilai
    capaian: Decimal | None
    kategori: str | None
    target_atas: Nilai = _bila_ada()
    pembilang: Nilai = _bila_ada()
    penyebut: Nilai = _lewati(lambda v, o: o.pembilang is None)
    keterangan_data: str = _bila_isi()
    keterangan: str | None = _bila_isi(None)
    sumber_target: str | None = _bila_ada()  # None when the PK gives the target
    komponen: list[Komponen] = _bila_isi([])
    id: int = 0
    nomor: int = 0
    kode: str = ""
    iku: bool = False
    predikat: bool = False
    presisi: int | None = None  # most decimals printed in its tables and on its trend chart
    definisi: str = ""
    formula: str = ""
    label_pembilang: str = ""
    label_penyebut: str = ""
    satuan_pembilang: str = ""
    tercapai: bool | None = None
    efisiensi: Efisiensi | None = None
    program: list[str] = field(default_factory=list)
    riwayat: list[TitikRiwayat] = field(default_factory=list)
    tahun_lalu: TitikRiwayat | None = None
    perubahan: Perubahan | None = None
    tahun_akhir: int | None = None
    target_akhir: Nilai = None
    kemajuan: Kemajuan | None = None
    target_berikut: TargetBerikut | None = None
    pembanding: list[BarisPembanding] = field(default_factory=list)
    narasi: NarasiLaporan | None = None
    gambar: EntriTabel | None = None

    @property
    def komponen_kosong(self) -> bool:
        """A composite none of whose components has data yet: one line says so, not one '–' each."""
        return bool(self.komponen) and all(c.realisasi is None for c in self.komponen)


@dataclass(frozen=True)
class Blok:
    """One analysis of a sasaran: its title, table number, footnote and sentences."""

    jenis: str
    huruf: str
    judul: str
    paragraf: list[str]
    catatan: str | None
    tabel: EntriTabel | None
    dengan_anggaran: bool


@dataclass
class SasaranLaporan:
    """A sasaran with its indicators; Bab III sets its section (`bagian`) and analyses (`blok`)."""

    uraian: str
    capaian: Decimal | None
    kategori: str | None
    indikator: list[IndikatorLaporan]
    nomor: int
    id: int
    kode: str
    anggaran: Alokasi | None
    efisiensi: Efisiensi | None
    program: list[BarisAnggaran]
    bagian: Entri | None = None
    blok: list[Blok] = field(default_factory=list)
    survei: list[SurveiLaporan] = _bila_isi([])
    layanan_dokumen: list[LayananDokumenLaporan] = _bila_isi([])


# --------------------------------------------------------------------------- front matter


@dataclass(frozen=True)
class Sampul:
    baris_judul: list[str]


@dataclass(frozen=True)
class KataPengantar:
    paragraf: list[str]


@dataclass(frozen=True)
class JumlahKategori:
    kategori: str
    jumlah: int


@dataclass(frozen=True)
class Rekap:
    """Counts and extremes of the indicators' capaian, for the summary and the conclusion."""

    jumlah_sasaran: int
    jumlah_indikator: int
    per_kategori: list[JumlahKategori]
    mencapai_100: int
    di_bawah_100: int
    tanpa_capaian: int
    terbaik: list[str]
    capaian_terbaik: Decimal | None
    terendah: list[str]
    capaian_terendah: Decimal | None
    pagu: Decimal | None
    realisasi: Decimal | None
    serapan: Decimal | None
    efisiensi: Decimal | None
    kategori_efisiensi: str | None


@dataclass(frozen=True)
class Ikhtisar:
    rekap: Rekap
    paragraf: list[str]


# --------------------------------------------------------------------------- Bab I


@dataclass(frozen=True)
class BagianNarasi:
    bagian: Entri
    narasi: NarasiLaporan


@dataclass(frozen=True)
class BarisStruktur:
    nama: str
    eselon: str
    tingkat: int
    pejabat: str | None


@dataclass(frozen=True)
class TugasFungsi:
    bagian: Entri
    narasi: NarasiLaporan
    struktur: list[BarisStruktur]
    bagan: EntriTabel | None = _bila_ada()  # the figure of the organisation chart (drawn from `struktur`)


@dataclass(frozen=True)
class ButirSistematika:
    judul: str
    uraian: str


@dataclass(frozen=True)
class Sistematika:
    bagian: Entri
    butir: list[ButirSistematika]


@dataclass(frozen=True)
class SuratLhe:
    """An evaluation's LHE letter the follow-up answers."""

    tahun_evaluasi: int
    nomor: str
    tanggal: datetime.date | None


@dataclass(frozen=True)
class ButirTindakLanjut:
    """A recommendation of an earlier evaluation and the office's follow-up (laporan.RekomendasiEvaluasi)."""

    nomor: int
    tahun_evaluasi: int
    komponen: str
    kelemahan: str
    rekomendasi: str
    tindak_lanjut: str
    rencana_waktu: str
    status: str
    status_label: str
    tanggal: datetime.date | None


@dataclass(frozen=True)
class TindakLanjutEvaluasi:
    """Bab I "Tindak Lanjut Hasil Evaluasi": printed only when the register has rows to report."""

    bagian: Entri
    tabel: EntriTabel
    surat: list[SuratLhe]
    butir: list[ButirTindakLanjut]
    selesai: int


@dataclass(frozen=True)
class BabPendahuluan(Entri):
    latar_belakang: BagianNarasi
    tugas_fungsi: TugasFungsi
    isu_strategis: BagianNarasi
    sistematika: Sistematika
    # Written only when there are recommendations to report (laporan.rekomendasi.tindak_lanjut_laporan).
    tindak_lanjut: TindakLanjutEvaluasi | None = _bila_ada()
    # Written only when the office recorded its legal basis (laporan.models.DasarHukum).
    dasar_hukum: DasarHukumLaporan | None = _bila_ada()
    # Written only when the office recorded staff counts or facilities (SumberDayaManusia, SaranaPrasarana).
    sumber_daya: SumberDaya | None = _bila_ada()


# --------------------------------------------------------------------------- Bab II


@dataclass(frozen=True)
class BarisRenstra:
    kode: str
    nama: str
    satuan: str
    iku: bool
    presisi: int | None
    baseline: Nilai
    target: list[Nilai]
    target_akhir: Nilai


@dataclass(frozen=True)
class SasaranRenstra:
    kode: str
    uraian: str
    indikator: list[BarisRenstra]


@dataclass(frozen=True)
class TujuanRenstra:
    kode: str
    uraian: str
    indikator: list[BarisRenstra]
    sasaran: list[SasaranRenstra]


@dataclass(frozen=True)
class Rpjmd:
    jenis: str
    tahun_mulai: int
    tahun_selesai: int
    dasar_hukum: str


@dataclass(frozen=True)
class Misi:
    nomor: int
    uraian: str
    didukung: bool


def _tanpa_renstra(bawaan: Any = None) -> Any:
    return _lewati(lambda v, o: not o.ada, bawaan)


@dataclass(frozen=True)
class RenstraLaporan:
    """Section 2.1; without a Renstra covering the year only `bagian` and `ada` (False)."""

    bagian: Entri
    ada: bool
    tahun_mulai: int | None = _tanpa_renstra()
    tahun_selesai: int | None = _tanpa_renstra()
    tahun_ke: int | None = _tanpa_renstra()
    versi: str = _tanpa_renstra("")
    dasar_hukum: str = _tanpa_renstra("")
    visi: str = _tanpa_renstra("")
    rpjmd: Rpjmd | None = _tanpa_renstra()
    misi: list[Misi] = _tanpa_renstra([])
    tahun: list[int] = _tanpa_renstra([])
    tujuan: list[TujuanRenstra] = _tanpa_renstra([])
    tabel: EntriTabel | None = _tanpa_renstra()
    definisi_iku: TabelDefinisiIku | None = _bila_ada()
    strategi: list[SasaranStrategi] = _bila_isi([])  # per sasaran strategis with strategies, then its table:
    tabel_strategi: EntriTabel | None = _bila_ada()


@dataclass(frozen=True)
class VersiPk:
    label: str
    tanggal: datetime.date
    alasan: str
    berlaku: bool


@dataclass(frozen=True)
class IndikatorPk:
    nama: str
    satuan: str
    target: Nilai
    target_atas: Decimal | None
    presisi: int | None


@dataclass(frozen=True)
class SasaranPk:
    uraian: str
    indikator: list[IndikatorPk]


@dataclass(frozen=True)
class BarisRencanaAksi:
    nama: str
    satuan: str
    presisi: int | None
    target: list[Nilai]  # TW I..IV
    rencana_aksi: str


@dataclass(frozen=True)
class RencanaAksi:
    baris: list[BarisRencanaAksi]
    tabel: EntriTabel


@dataclass(frozen=True)
class PkBawahan:
    """The PK of a position below the head (eselon III or IV): who signs it and its items."""

    jabatan: str
    eselon: str
    pejabat: str | None
    atasan: str | None  # the superior's position (pihak kedua)
    judul: str
    tanggal: datetime.date
    sasaran: list[SasaranPk]
    tabel: EntriTabel


@dataclass(frozen=True)
class PkEselon:
    """A subsection of 2.2 with the PKs of one eselon."""

    bagian: Entri
    eselon: str
    perjanjian: list[PkBawahan]


@dataclass(frozen=True)
class PerjanjianLaporan:
    bagian: Entri
    judul: str
    tanggal: datetime.date
    versi: list[VersiPk]
    sasaran: list[SasaranPk]
    tabel: EntriTabel
    rencana_aksi: RencanaAksi | None
    # The cascade, only when the office has PKs below the head and the layout prints them:
    # the head's subsection (2.2.1) and one subsection per eselon below.
    kepala: Entri | None = _bila_ada()
    eselon: list[PkEselon] = _bila_isi([])


@dataclass(frozen=True)
class ProgramAnggaran:
    bagian: Entri
    baris: list[BarisAnggaran]
    jumlah_program: int
    pagu: Decimal | None
    tabel: EntriTabel | None


@dataclass(frozen=True)
class BabPerencanaan(Entri):
    renstra: RenstraLaporan
    perjanjian: PerjanjianLaporan = _kunci_json("pk")
    anggaran: ProgramAnggaran


# --------------------------------------------------------------------------- Bab III


@dataclass(frozen=True)
class Skala:
    nama: str
    pita: list[str]
    tabel: EntriTabel
    # The indicators that use this scale of their own; empty for the Pemda's scale.
    indikator: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IndikatorUkurPk:
    """An indicator of a PK below the head, measured for the period."""

    nama: str
    satuan: str
    target: Nilai
    target_atas: Nilai
    realisasi: Nilai
    capaian: Decimal | None
    kategori: str | None
    presisi: int | None


@dataclass(frozen=True)
class SasaranUkurPk:
    uraian: str
    capaian: Decimal | None
    kategori: str | None
    indikator: list[IndikatorUkurPk]


@dataclass(frozen=True)
class UkurPkBawahan:
    """The measurement of one PK below the head: its sasaran and indicators, the PK's mean."""

    jabatan: str
    eselon: str
    pejabat: str | None
    capaian: Decimal | None
    kategori: str | None
    sasaran: list[SasaranUkurPk]
    tabel: EntriTabel


@dataclass(frozen=True)
class UkurEselon:
    """A subsection of 3.1 with the measurement of the PKs of one eselon."""

    bagian: Entri
    eselon: str
    perjanjian: list[UkurPkBawahan]


@dataclass(frozen=True)
class BarisRekapEselon:
    eselon: str
    jumlah: int
    capaian: Decimal | None
    kategori: str | None


@dataclass(frozen=True)
class RekapEselonLaporan:
    """The roll-up per eselon (`Pengukuran.rekap_eselon`): number of PKs and mean capaian."""

    bagian: Entri
    baris: list[BarisRekapEselon]
    tabel: EntriTabel


@dataclass(frozen=True)
class PengukuranLaporan:
    bagian: Entri
    skala: list[Skala]  # each category scale used, the Pemda's first (Bab III 3.1 prints each)
    tabel: EntriTabel
    catatan: str
    judul_pk: str
    # The cascade, as in Bab II: each PK below the head in a table, then the roll-up per eselon.
    eselon: list[UkurEselon] = _bila_isi([])
    rekap_eselon: RekapEselonLaporan | None = _bila_ada()
    # Documents per service type not linked to an indicator of this report (after the table).
    layanan_dokumen: LayananDokumenLaporan | None = _bila_ada()


@dataclass(frozen=True)
class Keuangan:
    bagian: Entri
    baris: list[BarisAnggaran]
    pagu: Decimal | None
    realisasi: Decimal | None
    serapan: Decimal | None
    tabel: EntriTabel | None
    alokasi: list[Alokasi]
    tabel_alokasi: EntriTabel | None
    peringatan: list[str]
    paragraf: list[str]
    jenis_belanja: JenisBelanjaLaporan | None = _bila_ada()


@dataclass(frozen=True)
class BabAkuntabilitas(Entri):
    pengukuran: PengukuranLaporan
    analisis: Entri | None
    keuangan: Keuangan
    prestasi: Prestasi | None = _bila_ada()  # only with awards or innovations of the year


# --------------------------------------------------------------------------- Bab IV and appendices


@dataclass(frozen=True)
class RekapCascade:
    """Counts over every PK in force (the head's and those below): the indicators each PK measures."""

    jumlah_perjanjian: int
    jumlah_indikator: int
    per_kategori: list[JumlahKategori]
    mencapai_100: int
    di_bawah_100: int
    tanpa_capaian: int
    eselon: list[BarisRekapEselon]


@dataclass(frozen=True)
class Kesimpulan:
    bagian: Entri
    rekap: Rekap
    paragraf: list[str]
    cascade: RekapCascade | None = _bila_ada()


@dataclass(frozen=True)
class BabPenutup(Entri):
    kesimpulan: Kesimpulan
    penutup: BagianNarasi


@dataclass(frozen=True)
class LampiranPk(Entri):
    judul_dokumen: str
    tanggal: datetime.date
    ttd: TtdPk
    program: list[ProgramPk]
    pagu: Decimal | None


@dataclass(frozen=True)
class LampiranPengukuran(Entri):
    ttd: Ttd


@dataclass(frozen=True)
class Lampiran:
    perjanjian: LampiranPk = _kunci_json("pk")
    pengukuran: LampiranPengukuran


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Lkjip:
    """The whole report of one office, year and period."""

    format: str
    tahun: int
    periode: str
    label_periode: str
    tahunan: bool
    periode_teks: str
    periode_judul: str
    judul: str
    judul_singkat: str
    tata_letak: str
    label_tata_letak: str
    opd: IdentitasOpd
    pemda: IdentitasPemda
    tanggal: datetime.date
    persetujuan: PersetujuanData
    kolom: Kolom
    penanda_tangan: Ttd
    metodologi: str
    berkategori: bool
    capaian: Decimal | None
    kategori: str | None
    sasaran: list[SasaranLaporan]
    sampul: Sampul
    kata_pengantar: KataPengantar
    ikhtisar: Ikhtisar
    bab: tuple[BabPendahuluan, BabPerencanaan, BabAkuntabilitas, BabPenutup]
    lampiran: Lampiran
    daftar_isi: list[Entri]
    daftar_tabel: list[EntriTabel]
    daftar_gambar: list[EntriTabel]

    @property
    def semua_indikator(self) -> list[IndikatorLaporan]:
        return [i for s in self.sasaran for i in s.indikator]

    @property
    def draf(self) -> bool:
        """Made from data not approved yet: every renderer marks it "DRAF" and leaves the signatures out."""
        return not self.persetujuan.disetujui
