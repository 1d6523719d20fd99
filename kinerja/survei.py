"""The community satisfaction survey (SKM/IKM, PermenPANRB 14/2017): its element means, its IKM
(sakip.rumus.hitung_ikm) and that IKM written as the realisation of the linked indicator.

The realisation is written by the realisation grid's own save (kinerja.entri.simpan_grid), as if
the person had typed the value in the grid: the entry window, the approval lock, the conflict
check and the history row are the grid's, never bypassed.
"""

from __future__ import annotations

from decimal import Decimal

from sakip import rumus
from sakip.formatting import format_isian

from .entri import baris_entri, isian_awal, simpan_grid
from .models import SurveiKepuasan, UnsurSurvei


class GalatSurvei(ValueError):
    """A survey that cannot be computed or applied; the message is for the user."""


def rerata_unsur(survei: SurveiKepuasan, unsur: UnsurSurvei) -> Decimal:
    """The mean score of one element: as entered, or its sum of scores ÷ respondents."""
    if unsur.nilai_rata is not None:
        return unsur.nilai_rata
    if unsur.jumlah_nilai is None:
        raise GalatSurvei(f"Unsur U{unsur.nomor} belum diisi.")
    return unsur.jumlah_nilai / Decimal(survei.jumlah_responden)


def hitung_survei(survei: SurveiKepuasan, unsur: list[UnsurSurvei] | None = None) -> rumus.HasilIKM:
    """The IKM of a survey from its nine elements (`unsur`: given, else read)."""
    daftar = sorted(unsur if unsur is not None else survei.unsur_set.all(), key=lambda u: u.nomor)
    nomor = [u.nomor for u in daftar]
    if nomor != list(range(1, 10)):
        kurang = ", ".join(f"U{n}" for n in range(1, 10) if n not in nomor)
        raise GalatSurvei(f"Survei memerlukan sembilan unsur U1..U9; belum diisi: {kurang or '-'}.")
    try:
        return rumus.hitung_ikm([rerata_unsur(survei, u) for u in daftar])
    except rumus.GalatRumus as exc:
        raise GalatSurvei(str(exc)) from None


def keterangan_realisasi(survei: SurveiKepuasan) -> str:
    """The data note the realisation carries: which survey, how many respondents."""
    return f"SKM {survei.get_periode_display()} {survei.tahun}, {survei.jumlah_responden} responden"


def terapkan_survei(user, survei: SurveiKepuasan, hari_ini=None):
    """Write the survey's IKM (rounded to 2 decimals) as the realisation of its indicator for
    the survey's period, through the realisation grid. Returns the grid's HasilSimpan (its rows
    carry any refusal); raises GalatSurvei when there is nothing to write and GalatAlur (from the
    grid) when entry is closed for the user or the period."""
    if survei.indikator_id is None:
        raise GalatSurvei("Survei belum ditautkan ke indikator kinerja.")
    hasil_ikm = hitung_survei(survei)
    _, baris = baris_entri(survei.opd, survei.tahun, survei.periode)
    b = next((b for b in baris if b.indikator.id == survei.indikator_id), None)
    if b is None:
        raise GalatSurvei(
            f"Indikator {survei.indikator.nama} tidak diukur pada {survei.get_periode_display()} {survei.tahun} "
            "(tidak ada di Perjanjian Kinerja periode itu)."
        )
    data = isian_awal([b])
    data[b.form.add_prefix("nilai")] = format_isian(hasil_ikm.nilai_ikm)
    data[b.form.add_prefix("keterangan")] = keterangan_realisasi(survei)
    data[b.form.add_prefix("yakin")] = "on"  # computed, not typed: no plausibility question
    return simpan_grid(user, survei.opd, survei.tahun, survei.periode, data, hari_ini=hari_ini)
