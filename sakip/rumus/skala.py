"""Category scales (capaian bands) and predicate scales."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import (
    Decimal,
)

from .dasar import GalatRumus, _angka, _angka_opsional, _fmt

# --------------------------------------------------------------------------- category scales


@dataclass(frozen=True)
class PitaKategori:
    """One band of a category scale: values from ``batas_bawah`` up to the band above.

    ``batas_bawah`` None means "no lower bound" (only the lowest band). ``inklusif`` says
    whether the lower bound itself belongs to this band (>=) or to the band below (>).
    ``kode`` is an optional short code (IKM mutu "A", SAKIP "BB").
    """

    batas_bawah: Decimal | None
    inklusif: bool
    label: str
    kode: str | None = None

    def __post_init__(self) -> None:
        if self.batas_bawah is not None:
            _angka(self.batas_bawah, "batas bawah pita")
        if not self.label or not self.label.strip():
            raise GalatRumus("Label pita kategori wajib diisi.")

    def memuat_batas(self, nilai: Decimal) -> bool:
        """True when ``nilai`` is at or above this band's lower bound."""
        if self.batas_bawah is None:
            return True
        return nilai >= self.batas_bawah if self.inklusif else nilai > self.batas_bawah


@dataclass(frozen=True)
class SkalaKategori:
    """An ordered category scale for a capaian (or any percentage).

    ``pita`` runs from the highest band to the lowest; lower bounds strictly decrease and
    the last band has no lower bound, so the bands are half-open and every value has
    exactly one home. Values above 100 fall in the top band.
    """

    kode: str
    nama: str
    pita: tuple[PitaKategori, ...]

    def __post_init__(self) -> None:
        pita = tuple(self.pita)
        object.__setattr__(self, "pita", pita)
        if len(pita) < 2:
            raise GalatRumus("Skala kategori memerlukan paling sedikit dua pita.")
        if pita[-1].batas_bawah is not None:
            raise GalatRumus("Pita terakhir skala kategori tidak boleh memiliki batas bawah.")
        batas = [p.batas_bawah for p in pita[:-1]]
        if any(b is None for b in batas):
            raise GalatRumus("Hanya pita terakhir yang boleh tanpa batas bawah.")
        if any(b1 <= b2 for b1, b2 in zip(batas, batas[1:], strict=False)):  # type: ignore[operator]
            raise GalatRumus("Batas bawah pita harus menurun dari pita tertinggi ke terendah.")
        label = [p.label for p in pita]
        if len(set(label)) != len(label):
            raise GalatRumus("Label pita kategori tidak boleh kembar.")

    @property
    def label(self) -> tuple[str, ...]:
        """Labels from the highest band to the lowest."""
        return tuple(p.label for p in self.pita)

    def cari_pita(self, nilai: Decimal | int | None) -> PitaKategori | None:
        """The band holding ``nilai`` (None for None)."""
        n = _angka_opsional(nilai, "nilai")
        if n is None:
            return None
        for p in self.pita:
            if p.memuat_batas(n):
                return p
        raise AssertionError("unreachable: the last band has no lower bound")

    def kategori(self, nilai: Decimal | int | None) -> str | None:
        """Label of the band holding ``nilai``: 90,5 on PERMENDAGRI_86_2017 -> "Tinggi"."""
        p = self.cari_pita(nilai)
        return None if p is None else p.label

    def uraian_pita(self) -> list[str]:
        """Each band as Indonesian text: ["≥ 91 Sangat Tinggi", "76 – < 91 Tinggi", ...]."""
        hasil = []
        for i, p in enumerate(self.pita):
            atas = self.pita[i - 1] if i else None
            if atas is None:
                rentang = ("≥ " if p.inklusif else "> ") + _fmt(p.batas_bawah)  # type: ignore[arg-type]
            else:
                ub = _fmt(atas.batas_bawah)  # type: ignore[arg-type]
                ub_teks = ("< " if atas.inklusif else "") + ub
                if p.batas_bawah is None:
                    rentang = ("< " if atas.inklusif else "≤ ") + ub
                else:
                    lb = ("" if p.inklusif else "> ") + _fmt(p.batas_bawah)
                    rentang = f"{lb} – {ub_teks}"
            hasil.append(f"{rentang} {p.label}")
        return hasil

    def uraian(self) -> str:
        """The scale in one line, for footnotes and the Bab III scale paragraph."""
        return f"{self.nama}: " + "; ".join(self.uraian_pita())


def _skala(kode: str, nama: str, pita: Sequence[tuple[str | None, bool, str, str | None]]):
    return SkalaKategori(
        kode,
        nama,
        tuple(PitaKategori(None if b is None else Decimal(b), i, lab, k) for b, i, lab, k in pita),
    )


#: Default scale. The regulation prints integer bands (>= 91, 76-90, 66-75, 51-65, <= 50);
#: made half-open by keeping each printed lower bound and closing the gaps upward:
#: [91, ∞) Sangat Tinggi, [76, 91) Tinggi, [66, 76) Sedang, [51, 66) Rendah, < 51 Sangat
#: Rendah. So 90,5 is Tinggi, 75,07 is Sedang (as seed 002's narrative says), 50,5 Sangat
#: Rendah.
PERMENDAGRI_86_2017 = _skala(
    "permendagri_86_2017",
    "Skala Permendagri 86/2017",
    [
        ("91", True, "Sangat Tinggi", None),
        ("76", True, "Tinggi", None),
        ("66", True, "Sedang", None),
        ("51", True, "Rendah", None),
        (None, True, "Sangat Rendah", None),
    ],
)

#: Seed 002 (Tabel 3.2 "Atribut Capaian"): >= 85 (including above 100) Sangat Berhasil,
#: 70 - < 85 Berhasil, 55 - < 70 Cukup Berhasil, < 55 Tidak Berhasil.
EMPAT_PITA = _skala(
    "empat_pita",
    "Skala atribut capaian empat pita",
    [
        ("85", True, "Sangat Berhasil", None),
        ("70", True, "Berhasil", None),
        ("55", True, "Cukup Berhasil", None),
        (None, True, "Tidak Berhasil", None),
    ],
)

#: Six bands cited as PermenPANRB 12/2015 (seed 003): lower bounds exclusive, so 90 is
#: Memuaskan and 50 is Kurang.
PERMENPANRB_12_2015 = _skala(
    "permenpanrb_12_2015",
    "Skala PermenPANRB 12/2015",
    [
        ("90", False, "Sangat Memuaskan", None),
        ("80", False, "Memuaskan", None),
        ("70", False, "Sangat Baik", None),
        ("60", False, "Baik", None),
        ("50", False, "Cukup", None),
        (None, True, "Kurang", None),
    ],
)

#: SAKIP evaluation grade of an office from its score: AA > 90, A > 80, BB > 70, B > 60,
#: CC > 50, C > 30, D <= 30.
NILAI_SAKIP = _skala(
    "nilai_sakip",
    "Predikat nilai SAKIP",
    [
        ("90", False, "AA", "AA"),
        ("80", False, "A", "A"),
        ("70", False, "BB", "BB"),
        ("60", False, "B", "B"),
        ("50", False, "CC", "CC"),
        ("30", False, "C", "C"),
        (None, True, "D", "D"),
    ],
)

#: IKM mutu (PermenPANRB 14/2017) on the converted value: A 88,31-100, B 76,61-88,30,
#: C 65,00-76,60, D 25,00-64,99. Apply it to the value rounded to 2 decimals
#: (see mutu_ikm), so the printed bounds leave no gap.
SKALA_MUTU_IKM = _skala(
    "mutu_ikm",
    "Mutu pelayanan IKM (PermenPANRB 14/2017)",
    [
        ("88.31", True, "Sangat Baik", "A"),
        ("76.61", True, "Baik", "B"),
        ("65.00", True, "Kurang Baik", "C"),
        (None, True, "Tidak Baik", "D"),
    ],
)

#: Capaian scales by code (what a Pemda setting stores).
PRESET_SKALA: dict[str, SkalaKategori] = {
    s.kode: s for s in (PERMENDAGRI_86_2017, EMPAT_PITA, PERMENPANRB_12_2015, NILAI_SAKIP)
}


# --------------------------------------------------------------------------- predicate scales


@dataclass(frozen=True)
class SkalaPredikat:
    """An ordinal scale of predicate labels, ``label`` ordered from best to worst.

    Positions count from the worst: on AA/A/BB/B/CC/C/D, D is 1 and AA is 7.
    Labels match case-insensitively, ignoring surrounding spaces.
    """

    kode: str
    nama: str
    label: tuple[str, ...]

    def __post_init__(self) -> None:
        label = tuple(self.label)
        object.__setattr__(self, "label", label)
        if len(label) < 2:
            raise GalatRumus("Skala predikat memerlukan paling sedikit dua label.")
        kunci = [lab.strip().casefold() for lab in label]
        if any(not k for k in kunci) or len(set(kunci)) != len(kunci):
            raise GalatRumus("Label skala predikat wajib diisi dan tidak boleh kembar.")

    def normalisasi(self, label: str) -> str:
        """The canonical spelling of ``label``; GalatRumus if it is not on the scale."""
        if not isinstance(label, str):
            raise TypeError(f"Predikat harus teks, bukan {type(label).__name__}.")
        kunci = label.strip().casefold()
        for lab in self.label:
            if lab.casefold() == kunci:
                return lab
        raise GalatRumus(f"Predikat {label!r} tidak ada pada skala {self.nama} ({', '.join(self.label)}).")

    def posisi(self, label: str) -> int:
        """Ordinal position, 1 = worst, len(label) = best."""
        return len(self.label) - self.label.index(self.normalisasi(label))

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and label.strip().casefold() in {lab.casefold() for lab in self.label}


PREDIKAT_SAKIP = SkalaPredikat("sakip", "Predikat SAKIP", ("AA", "A", "BB", "B", "CC", "C", "D"))
PREDIKAT_TINGGI_SEDANG_RENDAH = SkalaPredikat(
    "tinggi_sedang_rendah", "Tinggi/Sedang/Rendah", ("Tinggi", "Sedang", "Rendah")
)
#: BPK audit opinion. Order chosen: WTP > WDP > TMP (disclaimer) > TW (adverse).
OPINI_BPK = SkalaPredikat("opini_bpk", "Opini BPK", ("WTP", "WDP", "TMP", "TW"))
PREDIKAT_MUTU_IKM = SkalaPredikat("mutu_ikm", "Mutu pelayanan IKM", ("A", "B", "C", "D"))

PRESET_PREDIKAT: dict[str, SkalaPredikat] = {
    s.kode: s for s in (PREDIKAT_SAKIP, PREDIKAT_TINGGI_SEDANG_RENDAH, OPINI_BPK, PREDIKAT_MUTU_IKM)
}
