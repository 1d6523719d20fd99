"""The measurement choices of a Pemda."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import (
    Decimal,
)
from typing import Any

from .dasar import (
    _SERATUS,
    Arah,
    AturanKemajuan,
    GalatRumus,
    Pembulatan,
    RumusEfisiensi,
    RumusTurun,
    _angka,
    _enum,
    _fmt,
    bulatkan,
)
from .skala import PERMENDAGRI_86_2017, PRESET_SKALA, PitaKategori, SkalaKategori

# --------------------------------------------------------------------------- methodology


@dataclass(frozen=True)
class Metodologi:
    """The measurement choices of one Pemda (or one indicator, via :meth:`ganti`).

    * ``skala``: category scale of capaian (a :class:`SkalaKategori`, a preset code, or
      None when the Pemda uses no scale, as seed 004).
    * ``rumus_turun``: capaian formula for 'turun' indicators.
    * ``batas_atas``: cap of the final capaian (e.g. 120); None = no cap. The uncapped value
      is always kept in ``HasilCapaian.nilai_mentah``.
    * ``pembulatan`` / ``desimal``: rounding of every printed percentage.
    * ``rumus_efisiensi``, ``aturan_kemajuan``: see the enums.
    * ``pakai_bobot``: sasaran/office means are weighted when weights are given.
    """

    skala: SkalaKategori | None = PERMENDAGRI_86_2017
    rumus_turun: RumusTurun = RumusTurun.SELISIH
    batas_atas: Decimal | None = None
    pembulatan: Pembulatan = Pembulatan.HALF_UP
    desimal: int = 2
    rumus_efisiensi: RumusEfisiensi = RumusEfisiensi.SELISIH
    aturan_kemajuan: AturanKemajuan = AturanKemajuan.TERHADAP_TARGET_AKHIR
    pakai_bobot: bool = False

    def __post_init__(self) -> None:
        setel = object.__setattr__
        if isinstance(self.skala, str):
            if self.skala not in PRESET_SKALA:
                raise GalatRumus(f"Skala {self.skala!r} tidak dikenal. Pilihan: {', '.join(PRESET_SKALA)}.")
            setel(self, "skala", PRESET_SKALA[self.skala])
        elif self.skala is not None and not isinstance(self.skala, SkalaKategori):
            raise TypeError("skala harus SkalaKategori, kode preset, atau None.")
        setel(self, "rumus_turun", _enum(RumusTurun, self.rumus_turun, "rumus turun"))
        setel(self, "pembulatan", _enum(Pembulatan, self.pembulatan, "pembulatan"))
        setel(self, "rumus_efisiensi", _enum(RumusEfisiensi, self.rumus_efisiensi, "rumus efisiensi"))
        setel(self, "aturan_kemajuan", _enum(AturanKemajuan, self.aturan_kemajuan, "aturan kemajuan"))
        if self.batas_atas is not None:
            batas = _angka(self.batas_atas, "batas atas capaian")
            if batas < _SERATUS:
                raise GalatRumus("Batas atas capaian tidak boleh kurang dari 100%.")
            setel(self, "batas_atas", batas)
        if isinstance(self.desimal, bool) or not isinstance(self.desimal, int):
            raise GalatRumus("Jumlah desimal harus bilangan bulat.")
        if not 0 <= self.desimal <= 6:
            raise GalatRumus("Jumlah desimal harus 0 sampai 6.")
        if not isinstance(self.pakai_bobot, bool):
            raise GalatRumus("pakai_bobot harus True atau False.")

    def ganti(self, **perubahan: Any) -> Metodologi:
        """A copy with some fields changed, e.g. a per-indicator cap: ``m.ganti(batas_atas=D(120))``."""
        return dataclasses.replace(self, **perubahan)

    def sebagai_dict(self) -> dict[str, Any]:
        """Plain values (str/int/bool/None) for JSON storage; inverse of :meth:`dari_dict`.

        A custom (non-preset) scale is stored with its bands.
        """
        hasil: dict[str, Any] = {
            "skala": None if self.skala is None else self.skala.kode,
            "rumus_turun": self.rumus_turun.value,
            "batas_atas": None if self.batas_atas is None else str(self.batas_atas),
            "pembulatan": self.pembulatan.value,
            "desimal": self.desimal,
            "rumus_efisiensi": self.rumus_efisiensi.value,
            "aturan_kemajuan": self.aturan_kemajuan.value,
            "pakai_bobot": self.pakai_bobot,
        }
        if self.skala is not None and PRESET_SKALA.get(self.skala.kode) != self.skala:
            hasil["skala_kustom"] = {
                "kode": self.skala.kode,
                "nama": self.skala.nama,
                "pita": [
                    [
                        None if p.batas_bawah is None else str(p.batas_bawah),
                        p.inklusif,
                        p.label,
                        p.kode,
                    ]
                    for p in self.skala.pita
                ],
            }
        return hasil

    @classmethod
    def dari_dict(cls, data: Mapping[str, Any]) -> Metodologi:
        """Build from :meth:`sebagai_dict` output (missing keys take the defaults)."""
        data = dict(data)
        kustom = data.pop("skala_kustom", None)
        if kustom is not None:
            data["skala"] = SkalaKategori(
                kustom["kode"],
                kustom["nama"],
                tuple(PitaKategori(None if b is None else Decimal(b), i, lab, k) for b, i, lab, k in kustom["pita"]),
            )
        if data.get("batas_atas") is not None:
            data["batas_atas"] = Decimal(str(data["batas_atas"]))
        tak_dikenal = set(data) - {f.name for f in dataclasses.fields(cls)}
        if tak_dikenal:
            raise GalatRumus(f"Isian metodologi tidak dikenal: {', '.join(sorted(tak_dikenal))}.")
        return cls(**data)


#: The defaults of domain.md: Permendagri 86/2017 scale, turun = selisih, no cap, half-up
#: to 2 decimals, efficiency = difference, kemajuan = realisasi / target akhir, unweighted.
METODOLOGI_BAKU = Metodologi()


def catatan_metodologi(
    metodologi: Metodologi | None = None,
    *,
    arah: Iterable[Arah | str] | None = None,
    kategori: bool = True,
    efisiensi: bool = False,
    kemajuan: bool = False,
) -> str:
    """Footnote (Bahasa Indonesia) describing the methodology, to print under a table.

    ``arah``: the directions present in the table (default naik and turun); ``kategori``,
    ``efisiensi``, ``kemajuan`` add the scale, efficiency and progress sentences.
    """
    m = metodologi or METODOLOGI_BAKU
    daftar_arah = [Arah.NAIK, Arah.TURUN] if arah is None else [_enum(Arah, a, "arah") for a in arah]
    bagian = []
    rumus = []
    if Arah.NAIK in daftar_arah:
        rumus.append("indikator naik = realisasi ÷ target × 100%")
    if Arah.TURUN in daftar_arah:
        teks = f"indikator turun = {m.rumus_turun.label}"
        if m.rumus_turun is RumusTurun.SELISIH:
            teks += " (paling rendah 0%)"
        rumus.append(teks)
    if Arah.RENTANG in daftar_arah:
        rumus.append(
            "indikator rentang = 100% bila realisasi di dalam rentang target, "
            "di luar rentang dihitung terhadap batas terdekat"
        )
    if rumus:
        bagian.append("Capaian " + "; ".join(rumus) + ".")
    if m.batas_atas is None:
        bagian.append("Capaian tidak dibatasi.")
    else:
        bagian.append(f"Capaian dibatasi paling tinggi {_fmt(m.batas_atas)}%.")
    bagian.append(f"Angka {m.pembulatan.label} pada {m.desimal} desimal.")
    if kategori and m.skala is not None:
        bagian.append(f"Kategori menurut {m.skala.uraian()}.")
    if efisiensi:
        if m.rumus_efisiensi is RumusEfisiensi.SELISIH:
            bagian.append("Tingkat efisiensi = capaian kinerja (%) − serapan anggaran (%); nilai ≥ 0 berarti efisien.")
        else:
            bagian.append(
                "Tingkat efisiensi = capaian kinerja (%) ÷ serapan anggaran (%) × 100; nilai ≥ 100 berarti efisien."
            )
    if kemajuan:
        bagian.append(f"Tingkat kemajuan = {m.aturan_kemajuan.label}.")
    return " ".join(bagian)


def pembulatan(nilai: Decimal | int | None, metodologi: Metodologi | None = None) -> Decimal | None:
    """Round per the methodology (``METODOLOGI_BAKU``: half-up, 2 decimals)."""
    m = metodologi or METODOLOGI_BAKU
    return bulatkan(nilai, m.desimal, m.pembulatan)
