"""The score of an evaluation's answers, and the kerangka logis, from the tree as data.

`hitung_nilai` hands the tree's weights and the answers' values to the formula library
(`sakip.rumus.nilai_lke`, the one function that scores an LKE); `periksa_logis` applies the tree's
kerangka logis rules to one side's answers. Both work on the tree read by `lke.kerangka.pohon`
and a dict {criterion id: chosen option or None}, so the page, the LHE, the command and the
Pemda overview score the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sakip import rumus
from sakip.formatting import format_angka

from .models import AturanLogis


def semua_kriteria(pohon):
    return [c for k in pohon for s in k.subkomponen_set.all() for c in s.kriteria_set.all()]


def hitung_nilai(lembar, pohon, jawaban: dict) -> rumus.HasilLKE:
    """The score and predikat of `jawaban` ({criterion id: PilihanSkala or None}) on the tree."""
    komponen = [
        rumus.KomponenLKE(
            bobot=k.bobot,
            kode=k.kode,
            subkomponen=tuple(
                rumus.SubKomponenLKE(
                    bobot=s.bobot,
                    kode=s.kode,
                    jawaban=tuple(
                        None if jawaban.get(c.id) is None else jawaban[c.id].nilai for c in s.kriteria_set.all()
                    ),
                )
                for s in k.subkomponen_set.all()
            ),
        )
        for k in pohon
    ]
    return rumus.nilai_lke(komponen, lembar.skala_predikat(), lembar.desimal, lembar.pembulatan)


@dataclass(frozen=True)
class Peringatan:
    """A kerangka logis rule an answer breaks."""

    kriteria: object
    aturan: AturanLogis
    pesan: str


def _teks(n: Decimal) -> str:
    return format_angka(n, 2)


def periksa_logis(pohon, jawaban: dict) -> dict[int, list[Peringatan]]:
    """{criterion id: [warnings]} of the answers that are higher than a rule allows. A rule whose
    comparison is not answered yet (the criterion, or every criterion of the sub-component) is not
    judged."""
    rerata = {}
    for k in pohon:
        for s in k.subkomponen_set.all():
            nilai = [jawaban[c.id].nilai for c in s.kriteria_set.all() if jawaban.get(c.id) is not None]
            rerata[s.id] = (s, sum(nilai, Decimal(0)) / len(nilai) if nilai else None)
    hasil = {}
    for c in semua_kriteria(pohon):
        pilihan = jawaban.get(c.id)
        if pilihan is None:
            continue
        for r in c.aturan_logis_set.all():
            if r.jenis == AturanLogis.Jenis.NILAI:
                b = r.pembanding_kriteria
                banding = jawaban.get(b.id)
                if banding is None or pilihan.nilai <= banding.nilai:
                    continue
                pesan = r.pesan or (
                    f"Jawaban {pilihan.kode} lebih tinggi daripada jawaban kriteria {b.kode} "
                    f"({banding.kode}: {b.uraian[:90]})."
                )
            else:
                s, rata = rerata.get(r.pembanding_subkomponen_id, (r.pembanding_subkomponen, None))
                if rata is None or pilihan.nilai <= rata:
                    continue
                pesan = r.pesan or (
                    f"Jawaban {pilihan.kode} ({_teks(pilihan.nilai)}) lebih tinggi daripada rata-rata jawaban "
                    f"{s.kode} {s.nama} ({_teks(rata)})."
                )
            hasil.setdefault(c.id, []).append(Peringatan(c, r, pesan))
    return hasil
