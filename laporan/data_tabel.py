"""Typed rows of the report's supplementary tables (conventions: laporan.data, which re-exports
them): the IKM per service element of a survey (Bab III, in the analysis of its sasaran), the
budget per spending type and stage (Bab III, akuntabilitas keuangan), the documents issued per
service type (Bab III, in the analysis of the sasaran whose indicator they feed)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .data_dasar import EntriTabel


@dataclass(frozen=True)
class UnsurIKM:
    """One service element of a survey: its mean (1-4) and its weighted value (× 1/9)."""

    kode: str
    nama: str
    nilai: Decimal
    tertimbang: Decimal


@dataclass
class SurveiLaporan:
    """The satisfaction survey (SKM) behind an indicator of a sasaran: the IKM per element
    (kinerja.survei, sakip.rumus.hitung_ikm); Bab III numbers its table (`tabel`)."""

    indikator: str
    indikator_id: int
    tahun: int
    periode: str
    jumlah_responden: int
    keterangan: str
    unsur: list[UnsurIKM]
    nilai_indeks: Decimal
    nilai_ikm: Decimal
    mutu: str
    kinerja: str
    paragraf: list[str]
    tabel: EntriTabel | None = None


@dataclass(frozen=True)
class BarisLayananDokumen:
    """One service type: its annual target and year-to-date counts of the printed quarters."""

    nama: str
    target: int
    realisasi: list[int | None]


@dataclass
class LayananDokumenLaporan:
    """Documents issued per service type (kinerja.LayananDokumen): target, year-to-date counts per
    quarter up to the report's period, Jumlah and Capaian per quarter (sakip.rumus.rekap_layanan).
    In the analysis of the sasaran of the linked indicator, else in Bab III after the measurement."""

    indikator: str | None
    indikator_id: int | None
    tahun: int
    triwulan: list[str]
    baris: list[BarisLayananDokumen]
    jumlah_target: int
    jumlah: list[int | None]
    capaian: list[Decimal | None]
    paragraf: list[str]
    tabel: EntriTabel | None = None


@dataclass(frozen=True)
class BarisJenisBelanja:
    """One spending type: pagu per stage (in `JenisBelanjaLaporan.tahap` order), realisation and
    serapan against the last stage (None in a quarterly report: the figures are the year's)."""

    jenis: str
    pagu: list[Decimal | None]
    realisasi: Decimal | None
    serapan: Decimal | None


@dataclass(frozen=True)
class JenisBelanjaLaporan:
    """The budget per spending type (belanja operasi, modal, ...) and stage (Renja, DPA, DPA
    Perubahan), when the office recorded it."""

    tahap: list[str]
    baris: list[BarisJenisBelanja]
    jumlah: BarisJenisBelanja
    tabel: EntriTabel
    paragraf: list[str]
