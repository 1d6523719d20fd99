"""Budget realisation grid: cumulative spending of every leaf item for a quarter, totals rolled up."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kinerja import capaian as rumus
from kinerja.alur import periksa_boleh_isi
from sakip.formatting import AngkaTidakValid, format_angka, parse_angka
from sakip.models import MetodologiPemda

from .models import RealisasiAnggaran
from .ringkasan import NOL, ringkas_anggaran


class GalatIsian(ValueError):
    def __init__(self, galat):
        self.galat = galat  # {item id: message}
        super().__init__("; ".join(galat.values()))


def baca_masukan(data, daun):
    """Posted cells (ra-<item id>) to {item id: Decimal or None}; {item id: message} for bad ones."""
    masukan, galat = {}, {}
    for s in daun:
        kunci = f"ra-{s.item.id}"
        if kunci not in data:
            continue
        teks = (data.get(kunci) or "").strip()
        if not teks:
            masukan[s.item.id] = None
            continue
        try:
            masukan[s.item.id] = parse_angka(teks, ribuan=True)
        except AngkaTidakValid as exc:
            galat[s.item.id] = exc.pesan
    return masukan, galat


def gulung_dengan_masukan(ringkasan, masukan):
    """Totals of every item with the typed leaf values: {item id: (realisasi, serapan HasilPersen)}."""
    hasil = {}

    def gulung(s):
        if s.anak:
            total = sum((gulung(a) for a in s.anak), NOL)
        else:
            # An empty cell leaves the stored (or carried-forward) figure as it is.
            diketik = masukan.get(s.item.id)
            total = diketik if diketik is not None else s.realisasi
        hasil[s.item.id] = (total, rumus.serapan(total, s.pagu, ringkasan.metodologi))
        return total

    for s in ringkasan.program:
        gulung(s)
    total = sum((hasil[s.item.id][0] for s in ringkasan.program), NOL)
    return hasil, (total, rumus.serapan(total, ringkasan.pagu, ringkasan.metodologi))


def periode_triwulan(triwulan):
    return rumus.Periode.dari_triwulan(triwulan)


@transaction.atomic
def simpan_realisasi_anggaran(user, opd, tahun, triwulan, data):
    """Save the cumulative spending up to `triwulan` of every posted leaf. All or nothing."""
    periksa_boleh_isi(user, opd, tahun, f"TW{triwulan}")
    ringkasan = ringkas_anggaran(opd, tahun, periode_triwulan(triwulan))
    daun = [s for s in ringkasan.semua_simpul() if s.daun]
    masukan, galat = baca_masukan(data, daun)
    izinkan = MetodologiPemda.objects.filter(pemda_id=opd.pemda_id, izinkan_realisasi_melebihi_pagu=True).exists()
    baru, ubah = [], []
    for s in daun:
        if s.item.id not in masukan or s.item.id in galat:
            continue
        nilai = masukan[s.item.id]
        ada = {r.triwulan: r for r in s.item.realisasi_set.all()}
        sebelumnya = max((r.nilai for tw, r in ada.items() if tw < triwulan), default=None)
        if nilai is not None and nilai < 0:
            galat[s.item.id] = "Realisasi tidak boleh negatif."
        elif nilai is not None and not izinkan and s.punya_pagu and nilai > s.pagu:
            galat[s.item.id] = f"Realisasi melebihi pagu (Rp {s.pagu:,.0f}).".replace(",", ".")
        elif nilai is not None and sebelumnya is not None and nilai < sebelumnya:
            galat[s.item.id] = (
                f"Realisasi kumulatif tidak boleh lebih kecil dari triwulan sebelumnya (Rp {sebelumnya:,.0f})."
            ).replace(",", ".")
        if s.item.id in galat:
            continue
        r = ada.get(triwulan)
        if nilai is None:
            continue  # an empty cell leaves a stored figure alone
        if r is None:
            baru.append(RealisasiAnggaran(item=s.item, triwulan=triwulan, nilai=nilai))
        elif r.nilai != nilai:
            r.nilai = nilai
            ubah.append(r)
    if galat:
        raise GalatIsian(galat)
    if baru:
        bulk_create_with_history(baru, RealisasiAnggaran, default_user=user)
    if ubah:
        bulk_update_with_history(ubah, RealisasiAnggaran, ["nilai"], default_user=user)
    return len(baru) + len(ubah)


def nilai_isian(nilai):
    """A Rupiah amount as an input value, grouped ("3.402.939.801"); the grid reads dots as thousands."""
    if nilai is None:
        return ""
    return format_angka(
        nilai.quantize(Decimal(1)) if nilai == nilai.to_integral_value() else nilai.quantize(Decimal("0.01"))
    )
