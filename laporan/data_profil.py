"""The report's office-profile and plan-context data (Dasar Hukum, Sumber Daya, the IKU
definitions, strategi dan arah kebijakan, awards and innovations): part of the typed LKjIP of
`laporan.data`, which re-exports every class; kept apart so that module stays readable."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .data_dasar import Entri, EntriTabel


@dataclass(frozen=True)
class DasarHukumLaporan:
    """Section "Dasar Hukum" of Bab I: the regulations as cited, in the office's order."""

    bagian: Entri
    butir: list[str]


@dataclass(frozen=True)
class BarisSumberDaya:
    uraian: str
    jumlah: int
    satuan: str = ""
    kondisi: str = ""
    terisi: int | None = None  # positions with a holder (the table of structural positions only)

    @property
    def belum_terisi(self) -> int | None:
        return None if self.terisi is None else self.jumlah - self.terisi


@dataclass(frozen=True)
class TabelSumberDaya:
    kelompok: str  # "status", "golongan", "pendidikan", "sarana" or "jabatan"
    baris: list[BarisSumberDaya]
    jumlah: int | None  # the total of a staff table (None for the facilities)
    tabel: EntriTabel

    @property
    def rinci_terisi(self) -> bool:
        """Whether the positions table shows filled and vacant (holders recorded below the head)."""
        return any(b.terisi is not None for b in self.baris)


@dataclass(frozen=True)
class SumberDaya:
    """Section "Sumber Daya" of Bab I: the positions of the jabatan tree per eselon (filled and vacant
    on the signing date), the staff tables and the facilities table of the latest year recorded up to
    the report's (`tahun_sdm`, `tahun_sarana`), and the budget of the period (pagu, realisasi)."""

    bagian: Entri
    tahun_sdm: int | None
    tahun_sarana: int | None
    tabel: list[TabelSumberDaya]
    pagu: Decimal | None = None
    realisasi: Decimal | None = None
    serapan: Decimal | None = None


@dataclass(frozen=True)
class DefinisiIku:
    """One row of the IKU definitions table: how the indicator is defined, measured and by whom."""

    nama: str
    satuan: str
    definisi: str
    formula: str
    sumber_data: str
    penanggung_jawab: str


@dataclass(frozen=True)
class TabelDefinisiIku:
    """The IKU of the Renstra with their operational definitions (left out when none has one)."""

    baris: list[DefinisiIku]
    tabel: EntriTabel


@dataclass(frozen=True)
class StrategiLaporan:
    uraian: str
    arah_kebijakan: list[str]


@dataclass(frozen=True)
class SasaranStrategi:
    tujuan: str
    sasaran: str
    strategi: list[StrategiLaporan]


@dataclass(frozen=True)
class BarisPenghargaan:
    uraian: str
    tingkat: str
    pemberi: str
    tanggal: datetime.date | None


@dataclass(frozen=True)
class BarisInovasi:
    nama: str
    uraian: str
    tahun_mulai: int | None


@dataclass(frozen=True)
class Prestasi:
    bagian: Entri  # "Prestasi dan Penghargaan" of Bab III: awards and innovations of the report's year
    penghargaan: list[BarisPenghargaan]
    inovasi: list[BarisInovasi]
    tabel_penghargaan: EntriTabel | None  # each table only when it has rows
    tabel_inovasi: EntriTabel | None
