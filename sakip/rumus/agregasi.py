"""Means, counts, aggregation over periods and the vintage of a value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import (
    Decimal,
)
from typing import Any

from .capaian import HasilCapaian
from .dasar import (
    _KONTEKS,
    _NOL,
    _SERATUS,
    Agregasi,
    GalatRumus,
    Periode,
    Turunan,
    _angka,
    _angka_opsional,
    _bagi,
    _enum,
    _jumlah,
)
from .metodologi import METODOLOGI_BAKU, Metodologi, pembulatan
from .persen import HasilPersen
from .skala import PERMENDAGRI_86_2017, SkalaKategori

# --------------------------------------------------------------------------- means and counts


@dataclass(frozen=True)
class HasilRataRata:
    """A mean over indicators: value (rounded / unrounded) and how many were counted."""

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    jumlah: int  # items given
    jumlah_dihitung: int  # items with a value
    kategori: str | None = None
    keterangan: str | None = None

    @property
    def jumlah_kosong(self) -> int:
        """Items skipped because they had no value."""
        return self.jumlah - self.jumlah_dihitung


def _nilai_capaian(x: Any, nama: str) -> Decimal | None:
    if isinstance(x, (HasilCapaian, HasilPersen, HasilRataRata)):
        return x.nilai
    return _angka_opsional(x, nama)


def _rata_rata(
    nilai: Sequence[Any],
    bobot: Sequence[Any] | None,
    pakai_bobot: bool,
    m: Metodologi,
    dengan_kategori: bool,
) -> HasilRataRata:
    daftar = [_nilai_capaian(x, "capaian") for x in nilai]
    w: list[Decimal] | None = None
    if pakai_bobot and bobot is not None:
        w = [_angka(b, "bobot") for b in bobot]
        if len(w) != len(daftar):
            raise GalatRumus("Jumlah bobot harus sama dengan jumlah indikator.")
        if any(b < 0 for b in w):
            raise GalatRumus("Bobot tidak boleh negatif.")
    pasangan = [(v, w[i] if w is not None else Decimal(1)) for i, v in enumerate(daftar) if v is not None]
    n, k = len(daftar), len(pasangan)
    ket = None
    if k < n:
        ket = f"Rata-rata dari {k} dari {n} indikator; {n - k} indikator belum ada capaian."
    if not pasangan:
        return HasilRataRata(None, None, n, 0, None, ket or "Tidak ada indikator.")
    total_bobot = _jumlah(b for _, b in pasangan)
    if total_bobot == 0:
        raise GalatRumus("Jumlah bobot indikator yang dihitung tidak boleh 0.")
    mentah = _bagi(_jumlah(_KONTEKS.multiply(v, b) for v, b in pasangan), total_bobot)
    nilai_akhir = pembulatan(mentah, m)
    kategori = None
    if dengan_kategori and m.skala is not None:
        kategori = m.skala.kategori(nilai_akhir)
    return HasilRataRata(nilai_akhir, mentah, n, k, kategori, ket)


def capaian_sasaran(
    capaian: Sequence[HasilCapaian | Decimal | int | None],
    bobot: Sequence[Decimal | int] | None = None,
    metodologi: Metodologi | None = None,
) -> HasilRataRata:
    """Capaian of a sasaran: mean of its indicators' final capaian (as printed).

    Items without a value are skipped and counted (``jumlah_kosong``, keterangan). Weights
    are used only when ``metodologi.pakai_bobot`` is True and ``bobot`` is given (same
    length, >= 0); otherwise the mean is unweighted. The result is rounded per methodology
    and categorised on its scale. Seed 000 sasaran 1: mean(97,31; 71,73; 93,33) = 87,46.
    """
    m = metodologi or METODOLOGI_BAKU
    return _rata_rata(list(capaian), bobot, m.pakai_bobot, m, True)


def capaian_instansi(
    capaian: Sequence[HasilCapaian | Decimal | int | None],
    bobot: Sequence[Decimal | int] | None = None,
    metodologi: Metodologi | None = None,
) -> HasilRataRata:
    """Capaian of the office: the mean over all its PK indicators (same rules as sasaran)."""
    return capaian_sasaran(capaian, bobot, metodologi)


def nilai_komposit(
    komponen: Sequence[Decimal | int | None],
    bobot: Sequence[Decimal | int] | None = None,
    metodologi: Metodologi | None = None,
) -> HasilRataRata:
    """Value of a composite indicator: the (optionally weighted) mean of its components.

    Use the unrounded component ratios when available; ``bobot`` is used whenever given.
    Seed 000: mean(99,73; 99,73; 99,03; 58,62; 100; 100) = 92,85. No category.
    """
    m = metodologi or METODOLOGI_BAKU
    return _rata_rata(list(komponen), bobot, bobot is not None, m, False)


@dataclass(frozen=True)
class RekapCapaian:
    """Counts for Bab IV: per category (scale order), at/above 100 %, below, missing."""

    per_kategori: dict[str, int]
    mencapai_100: int
    di_bawah_100: int
    tanpa_capaian: int


def rekap_capaian(
    capaian: Iterable[HasilCapaian | Decimal | int | None],
    skala: SkalaKategori | None = None,
    *,
    skala_per: Sequence[SkalaKategori | None] | None = None,
) -> RekapCapaian:
    """Count indicators per category of ``skala`` (default Permendagri 86/2017; every label
    present, zero included), at or above 100 and below 100, and without capaian.

    ``skala_per`` gives each capaian its own scale (an indicator's scale, None = no category):
    each is counted in its own scale's bands, the labels of ``skala`` (when given) first, then
    those of the scales used in order of first use."""
    sk = skala or PERMENDAGRI_86_2017
    daftar = list(capaian)
    per_skala = list(skala_per) if skala_per is not None else []
    if skala_per is not None and len(per_skala) != len(daftar):
        raise GalatRumus("Jumlah skala per indikator harus sama dengan jumlah capaian.")
    if skala_per is None:
        per_skala = [sk] * len(daftar)
    # Without a scale of its own the caller's default seeds no labels beside the indicators' scales.
    per = {lab: 0 for lab in (sk.label if skala is not None or skala_per is None else ())}
    for s in per_skala:  # every label of each scale used, zero included, in order of first use
        for lab in s.label if s else ():
            per.setdefault(lab, 0)
    atas = bawah = kosong = 0
    for x, s in zip(daftar, per_skala, strict=True):
        v = _nilai_capaian(x, "capaian")
        if v is None:
            kosong += 1
            continue
        if s is not None:
            per[s.kategori(v)] += 1  # type: ignore[index]
        if v >= _SERATUS:
            atas += 1
        else:
            bawah += 1
    return RekapCapaian(per, atas, bawah, kosong)


# --------------------------------------------------------------------------- periods and vintage


@dataclass(frozen=True)
class HasilAgregasi:
    """Aggregated value and which quarters it used / lacked."""

    nilai: Decimal | None
    triwulan_terpakai: tuple[int, ...]
    triwulan_kosong: tuple[int, ...]

    @property
    def lengkap(self) -> bool:
        """True when every quarter in range had a value."""
        return not self.triwulan_kosong


def agregasikan(
    nilai_triwulan: Mapping[int | Periode | str, Decimal | int | None],
    agregasi: Agregasi | str,
    sampai: Periode | str = Periode.TAHUN,
    *,
    dari_awal_tahun: bool = True,
) -> HasilAgregasi:
    """Aggregate one year's quarter values up to a period.

    ``nilai_triwulan`` maps quarter (1..4, or TW1..TW4) to its value or None. By default the
    range runs from January to the end of ``sampai`` (TW3 -> quarters 1-3, year to date);
    ``dari_awal_tahun=False`` uses only the quarters of ``sampai`` itself (S2 -> 3, 4).
    KUMULATIF sums, TERAKHIR takes the latest quarter with a value, RATA_RATA averages.
    Missing quarters are skipped and listed in ``triwulan_kosong``; no value at all -> None.
    Values entered as year-to-date cumulative figures (seed 000's service report) are
    stocks: aggregate them with TERAKHIR, not KUMULATIF. The result is not rounded.
    """
    agregasi = _enum(Agregasi, agregasi, "agregasi")
    sampai = _enum(Periode, sampai, "periode")
    data: dict[int, Decimal | None] = {}
    for kunci, v in nilai_triwulan.items():
        if isinstance(kunci, bool):
            raise GalatRumus(f"Kunci triwulan tidak sah: {kunci!r}.")
        if isinstance(kunci, int):
            tw = kunci
        else:
            p = _enum(Periode, kunci, "periode")
            if len(p.triwulan) != 1:
                raise GalatRumus(f"Kunci harus triwulan (TW1..TW4), bukan {p.value}.")
            tw = p.triwulan[0]
        if tw not in (1, 2, 3, 4):
            raise GalatRumus(f"Triwulan harus 1 sampai 4, bukan {tw}.")
        if tw in data:
            raise GalatRumus(f"Triwulan {tw} diisi lebih dari sekali.")
        data[tw] = _angka_opsional(v, f"nilai triwulan {tw}")
    rentang = sampai.triwulan_kumulatif if dari_awal_tahun else sampai.triwulan
    ada = [(tw, data[tw]) for tw in rentang if data.get(tw) is not None]
    kosong = tuple(tw for tw in rentang if data.get(tw) is None)
    terpakai = tuple(tw for tw, _ in ada)
    if not ada:
        return HasilAgregasi(None, (), kosong)
    nilai = [v for _, v in ada]
    if agregasi is Agregasi.KUMULATIF:
        hasil = _jumlah(nilai)  # type: ignore[arg-type]
    elif agregasi is Agregasi.TERAKHIR:
        hasil = nilai[-1]
        terpakai = (terpakai[-1],)
    else:
        hasil = _bagi(_jumlah(nilai), Decimal(len(nilai)))  # type: ignore[arg-type]
    return HasilAgregasi(hasil, terpakai, kosong)


@dataclass(frozen=True)
class NilaiPeriode:
    """A measured value with the year and period it belongs to (its vintage)."""

    nilai: Decimal | None
    tahun: int
    periode: Periode = Periode.TAHUN

    def __post_init__(self) -> None:
        object.__setattr__(self, "periode", _enum(Periode, self.periode, "periode"))
        if self.nilai is not None:
            _angka(self.nilai, "nilai")
        if isinstance(self.tahun, bool) or not isinstance(self.tahun, int):
            raise GalatRumus(f"Tahun harus bilangan bulat, bukan {self.tahun!r}.")


@dataclass(frozen=True)
class NilaiTerpilih:
    """The value chosen for a report period, with its vintage.

    ``diteruskan``: carried forward from an earlier or different period; ``tahun_mundur``:
    0 = report year, 1 = N-1; ``keterangan``: e.g. "Data Semester I 2024",
    "Data tahun 2023 (N-1)".
    """

    nilai: Decimal
    tahun: int
    periode: Periode
    diteruskan: bool
    tahun_mundur: int
    keterangan: str


def keterangan_vintage(
    tahun_data: int,
    periode_data: Periode | str,
    tahun_laporan: int | None = None,
    *,
    sumber: str | None = None,
) -> str:
    """Vintage note: "Data Semester I 2024", "Data DKB Semester I 2024",
    "Data tahun 2023 (N-1)"; the "(N-k)" suffix appears when the data year is earlier."""
    p = _enum(Periode, periode_data, "periode")
    nama = "tahun" if p is Periode.TAHUN else p.label
    awal = f"Data {sumber.strip()} " if sumber and sumber.strip() else "Data "
    teks = f"{awal}{nama} {tahun_data}"
    if tahun_laporan is not None and tahun_laporan > tahun_data:
        teks += f" (N-{tahun_laporan - tahun_data})"
    return teks


def pilih_nilai_laporan(
    tersedia: Iterable[NilaiPeriode],
    tahun: int,
    periode: Periode | str,
    *,
    sumber: str | None = None,
    maks_tahun_mundur: int = 1,
) -> NilaiTerpilih | None:
    """Choose the value a report for (``tahun``, ``periode``) should print.

    Candidates are values (not None) whose period ends no later than the report period and
    whose year is at most ``maks_tahun_mundur`` years back. The one ending latest wins; on a
    tie the exact report period wins, then the longer period (year > semester > quarter).
    A TW III 2024 report with an IKM for S1 2024 gets it with "Data Semester I 2024"; a
    2024 report with the SAKIP score of 2023 gets "Data tahun 2023 (N-1)".
    Returns None when nothing qualifies.
    """
    p = _enum(Periode, periode, "periode")
    if isinstance(maks_tahun_mundur, bool) or not isinstance(maks_tahun_mundur, int):
        raise GalatRumus("maks_tahun_mundur harus bilangan bulat.")
    akhir_laporan = (tahun, p.bulan_akhir)
    calon = []
    for v in tersedia:
        if not isinstance(v, NilaiPeriode):
            raise TypeError("tersedia harus berisi NilaiPeriode.")
        if v.nilai is None:
            continue
        if (v.tahun, v.periode.bulan_akhir) > akhir_laporan:
            continue
        if tahun - v.tahun > maks_tahun_mundur:
            continue
        tepat = v.tahun == tahun and v.periode is p
        calon.append(((v.tahun, v.periode.bulan_akhir, tepat, v.periode.jumlah_triwulan), v))
    if not calon:
        return None
    _, v = max(calon, key=lambda c: c[0])
    tepat = v.tahun == tahun and v.periode is p
    return NilaiTerpilih(
        v.nilai,  # type: ignore[arg-type]
        v.tahun,
        v.periode,
        not tepat,
        tahun - v.tahun,
        keterangan_vintage(v.tahun, v.periode, tahun, sumber=sumber),
    )


@dataclass(frozen=True)
class HasilTurunan:
    """Realisation of an indicator derived from its children: the value (unrounded; it is a
    realisation, printed at the indicator's precision), how many children counted and a note."""

    nilai: Decimal | None
    jumlah_anak: int
    jumlah_dihitung: int
    keterangan: str


def nilai_turunan(
    jenis: Turunan | str,
    capaian_anak: Sequence[HasilCapaian | None],
    nilai_anak: Sequence[Decimal | int | None],
) -> HasilTurunan:
    """Realisation of a parent indicator from its child indicators.

    ``capaian_anak`` and ``nilai_anak`` are per child, same order. A child without capaian (or
    value, for the value kinds) is left out and counted, as in the sasaran mean; no child with
    data gives None. Seed 000 Program Penunjang: rata_rata_capaian of the 8 kegiatan
    (100, 25, 25, 25, 25, 100, 100, 100) = 62,5.
    """
    jenis = Turunan(jenis)
    if len(capaian_anak) != len(nilai_anak):
        raise GalatRumus("Jumlah capaian dan nilai indikator turunan harus sama.")
    n = len(capaian_anak)
    if jenis in (Turunan.RATA_RATA_CAPAIAN, Turunan.PERSEN_TERCAPAI):
        if jenis is Turunan.RATA_RATA_CAPAIAN:
            daftar = [c.nilai for c in capaian_anak if c is not None and c.nilai is not None]
        else:
            # A predicate child has no number but says whether it met its target.
            ada = [c.tercapai for c in capaian_anak if c is not None and c.tercapai is not None]
            daftar = [Decimal(100) if t else _NOL for t in ada]
    else:
        daftar = [_angka(v, "nilai") for v in nilai_anak if v is not None]
    k = len(daftar)
    ket = f"{jenis.label} ({k} dari {n} indikator)" if k < n else f"{jenis.label} ({n} indikator)"
    if not daftar:
        return HasilTurunan(None, n, 0, ket)
    total = _jumlah(daftar)
    nilai = total if jenis is Turunan.JUMLAH_NILAI else _bagi(total, Decimal(k))
    return HasilTurunan(nilai, n, k, ket)
