"""Capaian of one indicator (number or predicate)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import (
    Decimal,
)

from .dasar import (
    _KONTEKS,
    _NOL,
    _SERATUS,
    Arah,
    GalatRumus,
    RumusTurun,
    _angka_opsional,
    _bukan_negatif,
    _enum,
    _fmt,
    _persen,
    bulatkan,
)
from .metodologi import METODOLOGI_BAKU, Metodologi, pembulatan
from .skala import SkalaPredikat

# --------------------------------------------------------------------------- capaian


@dataclass(frozen=True)
class HasilCapaian:
    """Capaian of one indicator.

    * ``nilai``: final value (capped if a cap applies, rounded per methodology); None when
      there is no capaian (realisasi or target missing, or predicate in tercapai-only mode).
    * ``nilai_mentah``: the formula's value before cap and rounding.
    * ``tercapai``: realisasi meets the target (per direction); None when unknown.
    * ``dibatasi``: the cap changed the value.
    * ``kategori``: label of ``nilai`` on the methodology's scale (None without scale).
    * ``keterangan``: short note (Bahasa Indonesia) for special cases, else None.
    * ``rumus``: the formula used, in words.
    """

    nilai: Decimal | None
    nilai_mentah: Decimal | None
    tercapai: bool | None
    dibatasi: bool = False
    kategori: str | None = None
    keterangan: str | None = None
    rumus: str | None = None

    @property
    def ada(self) -> bool:
        """True when there is a numeric capaian."""
        return self.nilai is not None


def _final(
    mentah: Decimal,
    tercapai: bool,
    m: Metodologi,
    keterangan: str | None,
    rumus: str,
) -> HasilCapaian:
    nilai = mentah
    dibatasi = False
    if m.batas_atas is not None and mentah > m.batas_atas:
        nilai = m.batas_atas
        dibatasi = True
    nilai = pembulatan(nilai, m)  # type: ignore[assignment]
    kategori = None if m.skala is None else m.skala.kategori(nilai)
    return HasilCapaian(nilai, mentah, tercapai, dibatasi, kategori, keterangan, rumus)


_RUMUS_NAIK = "realisasi ÷ target × 100%"


def _capaian_naik(t: Decimal, r: Decimal, m: Metodologi) -> HasilCapaian:
    if t == 0:
        if r == 0:
            ket = "Target 0 dan realisasi 0: capaian ditetapkan 100%."
        else:
            ket = "Target 0 terlampaui: capaian tidak dapat dihitung sebagai rasio, ditetapkan 100%."
        return _final(_SERATUS, True, m, ket, _RUMUS_NAIK)
    return _final(_persen(r, t), r >= t, m, None, _RUMUS_NAIK)


def _capaian_turun(t: Decimal, r: Decimal, m: Metodologi) -> HasilCapaian:
    rumus = m.rumus_turun.label
    tercapai = r <= t
    if t == 0:
        if r == 0:
            return _final(_SERATUS, True, m, "Target 0 dan realisasi 0: capaian ditetapkan 100%.", rumus)
        return _final(_NOL, False, m, "Target 0 tidak tercapai: capaian ditetapkan 0%.", rumus)
    if m.rumus_turun is RumusTurun.RASIO:
        if r == 0:
            ket = "Realisasi 0 pada indikator turun: rumus rasio tidak terdefinisi, capaian ditetapkan 100%."
            return _final(_SERATUS, True, m, ket, rumus)
        return _final(_persen(t, r), tercapai, m, None, rumus)
    mentah = _persen(_KONTEKS.subtract(_KONTEKS.multiply(2, t), r), t)
    if mentah < 0:
        ket = f"Hasil rumus negatif ({_fmt(bulatkan(mentah, m.desimal))}%): capaian ditetapkan 0%."
        return _final(_NOL, False, m, ket, rumus)
    return _final(mentah, tercapai, m, None, rumus)


def hitung_capaian(
    target: Decimal | int | None,
    realisasi: Decimal | int | None,
    arah: Arah | str = Arah.NAIK,
    metodologi: Metodologi | None = None,
    *,
    target_atas: Decimal | int | None = None,
) -> HasilCapaian:
    """Capaian (achievement, %) of a numeric indicator.

    * naik: ``realisasi / target x 100``. Target 0: realisasi 0 -> 100 and realisasi > 0 ->
      100 (target met; a ratio cannot be computed), both with a keterangan.
    * turun, ``RumusTurun.SELISIH`` (default): ``(2 x target - realisasi) / target x 100``,
      floored at 0 (so realisasi 0 with target > 0 gives 200; realisasi >= 2 x target gives
      0). ``RumusTurun.RASIO``: ``target / realisasi x 100``; realisasi 0 (undefined) -> 100.
      Target 0 under both: realisasi 0 -> 100, realisasi > 0 -> 0.
    * rentang: ``target`` is the lower and ``target_atas`` the upper bound; inside -> 100;
      below -> the naik formula against the lower bound; above -> the turun formula against
      the upper bound.
    * Missing realisasi or target (None) -> no capaian (``nilai`` None), never 0.
    * Negative target or realisasi -> GalatRumus (ratio formulas need quantities >= 0).

    ``tercapai`` compares realisasi with target directly (naik: r >= t; turun: r <= t;
    rentang: inside). The cap (``metodologi.batas_atas``) applies to the final value only.
    """
    m = metodologi or METODOLOGI_BAKU
    arah = _enum(Arah, arah, "arah")
    t = _angka_opsional(target, "target")
    r = _angka_opsional(realisasi, "realisasi")
    ta = _angka_opsional(target_atas, "target atas")
    if arah is Arah.RENTANG:
        if t is None and ta is None:
            return HasilCapaian(None, None, None, keterangan="Target belum ditetapkan.")
        if t is None or ta is None:
            kurang = "batas atas" if ta is None else "batas bawah"
            raise GalatRumus(f"Target rentang belum lengkap ({kurang} belum diisi): capaian tidak dihitung.")
    elif ta is not None:
        raise GalatRumus("Batas atas target hanya dipakai untuk indikator rentang.")
    for nilai, nama in ((t, "Target"), (r, "Realisasi"), (ta, "Batas atas target")):
        if nilai is not None:
            _bukan_negatif(nilai, nama)
    if t is None:
        return HasilCapaian(None, None, None, keterangan="Target belum ditetapkan.")
    if r is None:
        return HasilCapaian(None, None, None, keterangan="Realisasi belum tersedia.")
    if arah is Arah.NAIK:
        return _capaian_naik(t, r, m)
    if arah is Arah.TURUN:
        return _capaian_turun(t, r, m)
    if ta < t:  # type: ignore[operator]
        raise GalatRumus("Batas atas target tidak boleh lebih kecil dari batas bawahnya.")
    if r < t:
        h = _capaian_naik(t, r, m)
        ket = "Realisasi di bawah rentang target."
    elif r > ta:  # type: ignore[operator]
        h = _capaian_turun(ta, r, m)  # type: ignore[arg-type]
        ket = "Realisasi di atas rentang target."
        if h.keterangan:
            ket = f"{ket} {h.keterangan}"
    else:
        return _final(_SERATUS, True, m, None, "100% bila realisasi di dalam rentang target")
    return dataclasses.replace(h, keterangan=ket, rumus="di luar rentang: " + (h.rumus or ""))


def hitung_capaian_predikat(
    target: str | None,
    realisasi: str | None,
    skala: SkalaPredikat,
    metodologi: Metodologi | None = None,
    *,
    numerik: bool = True,
) -> HasilCapaian:
    """Capaian of a predicate indicator (letters, Tinggi/Sedang/Rendah, audit opinion).

    Rule: positions count from the worst label (= 1) up to the best (= n);
    ``capaian = posisi(realisasi) / posisi(target) x 100``, then cap and rounding per
    methodology. Target A, realisasi BB on AA..D: 5 / 6 x 100 = 83,33. ``tercapai`` when
    realisasi is at least as good as target. ``numerik=False`` is the "tercapai / tidak
    tercapai" mode: no number, keterangan "Tercapai" or "Tidak tercapai".
    """
    m = metodologi or METODOLOGI_BAKU
    if not isinstance(skala, SkalaPredikat):
        raise TypeError("skala harus SkalaPredikat.")
    if target is None:
        return HasilCapaian(None, None, None, keterangan="Target belum ditetapkan.")
    pt = skala.posisi(target)
    if realisasi is None:
        return HasilCapaian(None, None, None, keterangan="Realisasi belum tersedia.")
    pr = skala.posisi(realisasi)
    tercapai = pr >= pt
    rumus = f"posisi predikat realisasi ÷ posisi predikat target × 100% ({skala.nama})"
    if not numerik:
        return HasilCapaian(
            None,
            None,
            tercapai,
            keterangan="Tercapai" if tercapai else "Tidak tercapai",
            rumus="tercapai / tidak tercapai",
        )
    return _final(_persen(Decimal(pr), Decimal(pt)), tercapai, m, None, rumus)
