"""Plain percentages, budget absorption and share, efficiency and progress."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import (
    Decimal,
)

from .capaian import hitung_capaian
from .dasar import (
    _KONTEKS,
    _SERATUS,
    Arah,
    AturanKemajuan,
    GalatRumus,
    RumusEfisiensi,
    _angka_opsional,
    _bukan_negatif,
    _enum,
    _fmt,
    _persen,
)
from .metodologi import METODOLOGI_BAKU, Metodologi, pembulatan

# --------------------------------------------------------------------------- plain percentages


@dataclass(frozen=True)
class HasilPersen:
    """A percentage: final (rounded) and unrounded value, and a note for special cases."""

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    keterangan: str | None = None


def persentase(
    pembilang: Decimal | int | None,
    penyebut: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilPersen:
    """``pembilang / penyebut x 100`` of two counts (e.g. 220.323 of 220.929 -> 99,73).

    None in -> None out. Negative counts -> GalatRumus. Denominator 0: numerator 0 -> no
    value (keterangan), numerator > 0 -> GalatRumus. Above 100 is returned as is, with a
    keterangan (coverage above 100% is a data warning, not an error).
    """
    m = metodologi or METODOLOGI_BAKU
    a = _angka_opsional(pembilang, "pembilang")
    b = _angka_opsional(penyebut, "penyebut")
    if a is None or b is None:
        return HasilPersen(None, None, "Data belum lengkap.")
    _bukan_negatif(a, "Pembilang")
    _bukan_negatif(b, "Penyebut")
    if b == 0:
        if a == 0:
            return HasilPersen(None, None, "Penyebut 0: persentase tidak dapat dihitung.")
        raise GalatRumus(f"Penyebut 0 dengan pembilang {_fmt(a)}: persentase tidak mungkin.")
    mentah = _persen(a, b)
    ket = "Pembilang melebihi penyebut (lebih dari 100%)." if a > b else None
    return HasilPersen(pembulatan(mentah, m), mentah, ket)


def serapan(
    realisasi: Decimal | int | None,
    pagu: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilPersen:
    """Serapan anggaran = realisasi / pagu x 100.

    Negative amounts -> GalatRumus. Pagu 0 with realisasi 0 (an unfunded or refocused
    row) -> no value. Pagu 0 with realisasi > 0 (spent without a pagu: stored before the
    rule, or allowed by the Pemda's switch) -> no value either, with a keterangan: the
    absorption is undefined, shown as "–" and reported by the data checks (reviu), never
    an error that stops a report. Realisasi above pagu is returned (e.g. 109,47) with
    keterangan "Realisasi melebihi pagu." for the reviewer.
    """
    m = metodologi or METODOLOGI_BAKU
    r = _angka_opsional(realisasi, "realisasi anggaran")
    p = _angka_opsional(pagu, "pagu")
    if p is not None:
        _bukan_negatif(p, "Pagu")
    if r is not None:
        _bukan_negatif(r, "Realisasi anggaran")
    if p is None:
        return HasilPersen(None, None, "Pagu belum diisi.")
    if r is None:
        return HasilPersen(None, None, "Realisasi anggaran belum tersedia.")
    if p == 0:
        if r == 0:
            return HasilPersen(None, None, "Pagu 0: serapan tidak dihitung.")
        return HasilPersen(
            None, None, f"Realisasi anggaran {_fmt(r)} tanpa pagu (pagu 0): serapan tidak dapat dihitung."
        )
    mentah = _persen(r, p)
    ket = "Realisasi melebihi pagu." if r > p else None
    return HasilPersen(pembulatan(mentah, m), mentah, ket)


def pangsa_anggaran(
    pagu_sasaran: Decimal | int | None,
    pagu_total: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilPersen:
    """Budget share of a sasaran (or indicator): its linked pagu / total pagu x 100.

    The caller chooses the total (the whole DPA, or only the programs linked to a sasaran
    as seed 004 does) and says which in the table footnote. A share above 100 or a
    negative pagu -> GalatRumus. Shares of several sasaran adding up past 100 mean a
    program is linked to several sasaran: that check belongs to the caller.
    """
    m = metodologi or METODOLOGI_BAKU
    a = _angka_opsional(pagu_sasaran, "pagu sasaran")
    b = _angka_opsional(pagu_total, "pagu total")
    if a is None or b is None:
        return HasilPersen(None, None, "Pagu belum diisi.")
    _bukan_negatif(a, "Pagu sasaran")
    _bukan_negatif(b, "Pagu total")
    if a > b:
        raise GalatRumus(f"Pagu sasaran ({_fmt(a)}) melebihi pagu total ({_fmt(b)}): periksa pagu total.")
    if b == 0:
        return HasilPersen(None, None, "Pagu total 0: pangsa tidak dihitung.")
    mentah = _persen(a, b)
    return HasilPersen(pembulatan(mentah, m), mentah)


# --------------------------------------------------------------------------- efficiency, progress


@dataclass(frozen=True)
class HasilEfisiensi:
    """Efficiency: value (rounded / unrounded), ``efisien`` flag and its label."""

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    efisien: bool | None
    label: str | None
    keterangan: str | None = None
    rumus: str | None = None


def efisiensi(
    capaian: Decimal | int | None,
    serapan: Decimal | int | None,
    metodologi: Metodologi | None = None,
) -> HasilEfisiensi:
    """Efficiency of resource use from capaian kinerja (%) and serapan anggaran (%).

    ``RumusEfisiensi.SELISIH`` (default): ``capaian - serapan`` in percentage points,
    efisien when the rounded value is >= 0 (seed 004: 99,30 - 99,37 = -0,07, tidak efisien).
    ``RumusEfisiensi.RASIO``: ``capaian / serapan x 100``, efisien when >= 100; serapan 0
    gives no number (efisien when capaian > 0, undecided when both are 0).
    The flag is read from the rounded value, so label and printed number agree. Pass the
    printed (rounded) capaian and serapan so the table can be recomputed by hand.
    """
    m = metodologi or METODOLOGI_BAKU
    c = _angka_opsional(capaian, "capaian kinerja")
    s = _angka_opsional(serapan, "serapan anggaran")
    rumus = m.rumus_efisiensi.label
    if c is None or s is None:
        return HasilEfisiensi(None, None, None, None, "Data belum lengkap.", rumus)
    _bukan_negatif(c, "Capaian kinerja")
    _bukan_negatif(s, "Serapan anggaran")
    if m.rumus_efisiensi is RumusEfisiensi.SELISIH:
        mentah = _KONTEKS.subtract(c, s)
        nilai = pembulatan(mentah, m)
        efisien = nilai >= 0  # type: ignore[operator]
    else:
        if s == 0:
            efisien = True if c > 0 else None
            return HasilEfisiensi(
                None,
                None,
                efisien,
                "Efisien" if efisien else None,
                "Serapan anggaran 0: rasio efisiensi tidak terdefinisi.",
                rumus,
            )
        mentah = _persen(c, s)
        nilai = pembulatan(mentah, m)
        efisien = nilai >= _SERATUS  # type: ignore[operator]
    return HasilEfisiensi(nilai, mentah, efisien, "Efisien" if efisien else "Tidak Efisien", None, rumus)


@dataclass(frozen=True)
class HasilKemajuan:
    """Tingkat kemajuan toward the Renstra end target.

    ``nilai``/``nilai_mentah``: the number (None for the TERCAPAI rule); ``tercapai``:
    realisasi meets target akhir (None for SELISIH_TAHUN); ``label``: "Tercapai" /
    "Belum Tercapai", or for SELISIH_TAHUN "Meningkat" / "Menurun" / "Tetap";
    ``membaik``: SELISIH_TAHUN only, the change is an improvement given the direction.
    """

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    tercapai: bool | None
    label: str | None
    membaik: bool | None = None
    keterangan: str | None = None
    rumus: str | None = None


def tingkat_kemajuan(
    realisasi: Decimal | int | None,
    *,
    target_akhir: Decimal | int | None = None,
    realisasi_tahun_lalu: Decimal | int | None = None,
    arah: Arah | str = Arah.NAIK,
    metodologi: Metodologi | None = None,
    target_akhir_atas: Decimal | int | None = None,
) -> HasilKemajuan:
    """Progress per ``metodologi.aturan_kemajuan``.

    * TERHADAP_TARGET_AKHIR (default): the capaian of ``realisasi`` against
      ``target_akhir`` (``hitung_capaian`` with the same direction, cap and rounding), i.e.
      ``realisasi / target akhir x 100`` for naik (seed 001: 101,33 / 96 -> 105,55).
    * SELISIH_TAHUN: ``realisasi - realisasi_tahun_lalu`` (seed 004: 99,30 - 97,51 = 1,79),
      label Meningkat/Menurun/Tetap, ``membaik`` per direction (rentang: None).
    * TERCAPAI: "Tercapai" when realisasi meets ``target_akhir`` per direction, else
      "Belum Tercapai" (seed 002).
    Missing inputs give an empty result with a keterangan.
    """
    m = metodologi or METODOLOGI_BAKU
    arah = _enum(Arah, arah, "arah")
    aturan = m.aturan_kemajuan
    r = _angka_opsional(realisasi, "realisasi")
    if aturan is AturanKemajuan.SELISIH_TAHUN:
        lalu = _angka_opsional(realisasi_tahun_lalu, "realisasi tahun lalu")
        if r is None or lalu is None:
            return HasilKemajuan(None, None, None, None, keterangan="Data belum lengkap.", rumus=aturan.label)
        mentah = _KONTEKS.subtract(r, lalu)
        nilai = pembulatan(mentah, m)
        label = "Meningkat" if nilai > 0 else "Menurun" if nilai < 0 else "Tetap"  # type: ignore[operator]
        membaik = None
        if arah is Arah.NAIK:
            membaik = nilai >= 0  # type: ignore[operator]
        elif arah is Arah.TURUN:
            membaik = nilai <= 0  # type: ignore[operator]
        return HasilKemajuan(nilai, mentah, None, label, membaik, None, aturan.label)
    h = hitung_capaian(
        target_akhir,
        r,
        arah,
        m,
        target_atas=target_akhir_atas if arah is Arah.RENTANG else None,
    )
    if h.tercapai is None:
        return HasilKemajuan(None, None, None, None, keterangan=h.keterangan, rumus=aturan.label)
    label = "Tercapai" if h.tercapai else "Belum Tercapai"
    if aturan is AturanKemajuan.TERCAPAI:
        return HasilKemajuan(None, None, h.tercapai, label, None, None, aturan.label)
    return HasilKemajuan(h.nilai, h.nilai_mentah, h.tercapai, label, None, h.keterangan, aturan.label)
