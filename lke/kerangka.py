"""The LKE tree of a year: load it from the data file, copy it to another year, export it.

The file format (`sakip-lke/1`, e.g. fixtures/lke/permenpanrb-88-2021.json) is the tree as a
Pemda keeps it: name, legal basis, sources, rounding, answer scales with their values, predikat
bands, components → sub-components → criteria (scale, guidance, evidence, the data rule that
proposes an answer and its thresholds, kerangka logis rules by criterion or sub-component code).
Loading checks the whole file first and writes nothing when anything is wrong.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from sakip import rumus

from .kode_otomatis import ATURAN
from .models import (
    AturanLogis,
    Komponen,
    Kriteria,
    LembarKerja,
    PilihanSkala,
    PitaPredikat,
    Skala,
    SubKomponen,
    baca_ambang,
)

FORMAT = "sakip-lke/1"
BERKAS_88_2021 = Path(settings.BASE_DIR) / "fixtures" / "lke" / "permenpanrb-88-2021.json"


class GalatKerangka(ValueError):
    """The tree file cannot be loaded (message in Bahasa Indonesia)."""


def _desimal(nilai, tempat):
    try:
        hasil = Decimal(str(nilai))
    except (InvalidOperation, TypeError):
        raise GalatKerangka(f"{tempat}: {nilai!r} bukan angka.") from None
    if not hasil.is_finite():
        raise GalatKerangka(f"{tempat}: {nilai!r} bukan angka.")
    return hasil


def periksa_data(data: dict) -> list[str]:
    """What is wrong with a tree file (empty when it can be loaded)."""
    galat = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [f"Berkas bukan format {FORMAT}."]
    skala = {}
    for s in data.get("skala") or []:
        pilihan = s.get("pilihan") or []
        if not pilihan:
            galat.append(f"Skala {s.get('kode')}: tanpa pilihan jawaban.")
        try:
            nilai = [_desimal(p.get("nilai"), f"Skala {s.get('kode')} pilihan {p.get('kode')}") for p in pilihan]
        except GalatKerangka as exc:
            galat.append(str(exc))
            continue
        if any(not 0 <= n <= 1 for n in nilai):
            galat.append(f"Skala {s.get('kode')}: nilai jawaban harus antara 0 dan 1.")
        skala[s.get("kode")] = len(pilihan)
    try:
        pita = [
            (
                p["kode"],
                p["label"],
                None if p.get("batas_bawah") is None else _desimal(p["batas_bawah"], f"Predikat {p['kode']}"),
                bool(p.get("inklusif")),
            )
            for p in data.get("predikat") or []
        ]
        if pita:
            rumus.skala_predikat(pita)
    except (KeyError, GalatKerangka, rumus.GalatRumus) as exc:
        galat.append(f"Pita predikat: {exc}")
    kode_kriteria, kode_sub = set(), set()
    for k in data.get("komponen") or []:
        for s in k.get("subkomponen") or []:
            kode_sub.add(s.get("kode"))
            for c in s.get("kriteria") or []:
                kode_kriteria.add(c.get("kode"))
    for k in data.get("komponen") or []:
        try:
            bobot_k = _desimal(k.get("bobot"), f"Komponen {k.get('kode')}")
            bobot_s = sum(
                (_desimal(s.get("bobot"), f"Sub-komponen {s.get('kode')}") for s in k.get("subkomponen") or []),
                Decimal(0),
            )
        except GalatKerangka as exc:
            galat.append(str(exc))
            continue
        if bobot_s != bobot_k:
            galat.append(f"Komponen {k.get('kode')}: bobot sub-komponen berjumlah {bobot_s}, bukan {bobot_k}.")
        for s in k.get("subkomponen") or []:
            if s.get("jenis") not in SubKomponen.Jenis.values:
                galat.append(f"Sub-komponen {s.get('kode')}: jenis {s.get('jenis')!r} tidak dikenal.")
            for c in s.get("kriteria") or []:
                tempat = f"Kriteria {c.get('kode')}"
                if not (c.get("uraian") or "").strip():
                    galat.append(f"{tempat}: uraian kosong.")
                if c.get("skala") not in skala:
                    galat.append(f"{tempat}: skala {c.get('skala')!r} tidak ada.")
                if c.get("otomatis") and c["otomatis"] not in ATURAN:
                    galat.append(f"{tempat}: aturan usulan {c['otomatis']!r} tidak dikenal.")
                try:
                    ambang = baca_ambang(c.get("ambang") or "")
                except ValidationError as exc:
                    galat.append(f"{tempat}: {' '.join(exc.messages)}")
                    ambang = []
                if ambang and c.get("skala") in skala and len(ambang) != skala[c["skala"]] - 1:
                    galat.append(f"{tempat}: jumlah ambang tidak sesuai skala {c['skala']}.")
                for r in c.get("logis") or []:
                    if r.get("jenis") == "nilai" and r.get("kriteria") not in kode_kriteria:
                        galat.append(f"{tempat}: kerangka logis merujuk kriteria {r.get('kriteria')!r} yang tidak ada.")
                    elif r.get("jenis") == "rerata" and r.get("subkomponen") not in kode_sub:
                        galat.append(
                            f"{tempat}: kerangka logis merujuk sub-komponen {r.get('subkomponen')!r} yang tidak ada."
                        )
                    elif r.get("jenis") not in ("nilai", "rerata"):
                        galat.append(f"{tempat}: jenis kerangka logis {r.get('jenis')!r} tidak dikenal.")
    return galat


def _tenggat_bawaan(tahun):
    """The LKjIP of a year is due three months after it ends (PP 8/2006, Perpres 29/2014)."""
    return datetime.date(tahun + 1, 3, 31)


@transaction.atomic
def muat_kerangka(pemda, tahun: int, data: dict, user=None) -> LembarKerja:
    """Create the tree of `pemda` for `tahun` from a `sakip-lke/1` file; GalatKerangka when the
    file is wrong or the Pemda already has a tree for that year (nothing is written)."""
    galat = periksa_data(data)
    if galat:
        raise GalatKerangka("; ".join(galat[:10]))
    if LembarKerja.objects.filter(pemda=pemda, tahun=tahun).exists():
        raise GalatKerangka(f"{pemda} sudah memiliki LKE tahun {tahun}.")
    bulat = data.get("pembulatan") or {}
    lembar = LembarKerja(
        pemda=pemda,
        tahun=tahun,
        nama=data.get("nama") or "Lembar Kerja Evaluasi AKIP Perangkat Daerah",
        dasar=data.get("dasar", ""),
        sumber=data.get("sumber", ""),
        desimal=int(bulat.get("desimal", 2)),
        pembulatan=bulat.get("cara", rumus.Pembulatan.HALF_UP),
        tenggat_lkjip=(
            datetime.date.fromisoformat(data["tenggat_lkjip"]) if data.get("tenggat_lkjip") else _tenggat_bawaan(tahun)
        ),
    )
    lembar._history_user = user
    lembar.save()
    skala = _buat(
        Skala, [Skala(lembar=lembar, kode=s["kode"], nama=s.get("nama") or s["kode"]) for s in data["skala"]], user
    )
    skala = {s.kode: s for s in skala}
    _buat(
        PilihanSkala,
        [
            PilihanSkala(
                skala=skala[s["kode"]],
                kode=p["kode"],
                label=p.get("label") or p["kode"],
                nilai=Decimal(p["nilai"]),
                urutan=i,
            )
            for s in data["skala"]
            for i, p in enumerate(s["pilihan"])
        ],
        user,
    )
    _buat(
        PitaPredikat,
        [
            PitaPredikat(
                lembar=lembar,
                kode=p["kode"],
                label=p["label"],
                batas_bawah=None if p.get("batas_bawah") is None else Decimal(str(p["batas_bawah"])),
                inklusif=bool(p.get("inklusif")),
                uraian=p.get("uraian", ""),
                urutan=i,
            )
            for i, p in enumerate(data.get("predikat") or [])
        ],
        user,
    )
    komponen = _buat(
        Komponen,
        [
            Komponen(lembar=lembar, kode=k["kode"], nama=k["nama"], bobot=Decimal(str(k["bobot"])), urutan=i)
            for i, k in enumerate(data["komponen"])
        ],
        user,
    )
    sub_obj, sub_data = [], []
    for k, kd in zip(komponen, data["komponen"], strict=True):
        for i, s in enumerate(kd["subkomponen"]):
            sub_obj.append(
                SubKomponen(
                    komponen=k,
                    kode=s["kode"],
                    nama=s["nama"],
                    jenis=s["jenis"],
                    bobot=Decimal(str(s["bobot"])),
                    urutan=i,
                )
            )
            sub_data.append(s)
    sub_obj = _buat(SubKomponen, sub_obj, user)
    krit_obj, krit_data = [], []
    for s, sd in zip(sub_obj, sub_data, strict=True):
        for i, c in enumerate(sd["kriteria"]):
            krit_obj.append(
                Kriteria(
                    subkomponen=s,
                    kode=c["kode"],
                    uraian=c["uraian"],
                    skala=skala[c["skala"]],
                    penjelasan=c.get("penjelasan", ""),
                    langkah_kerja=c.get("langkah_kerja", ""),
                    bukti_dukung=c.get("bukti_dukung", ""),
                    otomatis=c.get("otomatis", ""),
                    ambang=c.get("ambang", ""),
                    urutan=i,
                )
            )
            krit_data.append(c)
    krit_obj = _buat(Kriteria, krit_obj, user)
    per_kode = {c.kode: c for c in krit_obj}
    sub_kode = {s.kode: s for s in sub_obj}
    _buat(
        AturanLogis,
        [
            AturanLogis(
                kriteria=c,
                jenis=r["jenis"],
                pembanding_kriteria=per_kode.get(r.get("kriteria")) if r["jenis"] == "nilai" else None,
                pembanding_subkomponen=sub_kode.get(r.get("subkomponen")) if r["jenis"] == "rerata" else None,
                pesan=r.get("pesan", ""),
            )
            for c, cd in zip(krit_obj, krit_data, strict=True)
            for r in cd.get("logis") or []
        ],
        user,
    )
    return lembar


def _buat(model, objek, user):
    """Insert rows of a new tree at once, each with its history row. A new tree is never frozen
    (no evaluation uses it yet), so the records' own guard has nothing to refuse."""
    if not objek:
        return []
    return bulk_create_with_history(objek, model, default_user=user)


def _angka(nilai: Decimal) -> str:
    """A stored number as the file writes it: 30, 4.5, 0.75 (no exponent, no trailing zeros)."""
    teks = format(nilai, "f")
    return teks.rstrip("0").rstrip(".") if "." in teks else teks


def ekspor_kerangka(lembar: LembarKerja) -> dict:
    """The tree of `lembar` as a `sakip-lke/1` document (what muat_kerangka reads)."""
    skala = list(lembar.skala_set.prefetch_related("pilihan_set").order_by("id"))
    komponen = (
        lembar.komponen_set.order_by("urutan", "id")
        .prefetch_related("subkomponen_set__kriteria_set__aturan_logis_set__pembanding_kriteria")
        .prefetch_related("subkomponen_set__kriteria_set__aturan_logis_set__pembanding_subkomponen")
        .prefetch_related("subkomponen_set__kriteria_set__skala")
    )

    def kriteria(c):
        hasil = {
            "kode": c.kode,
            "uraian": c.uraian,
            "skala": c.skala.kode,
            "penjelasan": c.penjelasan,
            "langkah_kerja": c.langkah_kerja,
            "bukti_dukung": c.bukti_dukung,
        }
        if c.otomatis:
            hasil["otomatis"] = c.otomatis
        if c.ambang:
            hasil["ambang"] = c.ambang
        logis = []
        for r in c.aturan_logis_set.all():
            if r.jenis == AturanLogis.Jenis.NILAI:
                item = {"jenis": "nilai", "kriteria": r.pembanding_kriteria.kode}
            else:
                item = {"jenis": "rerata", "subkomponen": r.pembanding_subkomponen.kode}
            if r.pesan:
                item["pesan"] = r.pesan
            logis.append(item)
        if logis:
            hasil["logis"] = logis
        return hasil

    return {
        "format": FORMAT,
        "nama": lembar.nama,
        "dasar": lembar.dasar,
        "sumber": lembar.sumber,
        "pembulatan": {"desimal": lembar.desimal, "cara": lembar.pembulatan},
        "tenggat_lkjip": lembar.tenggat_lkjip.isoformat() if lembar.tenggat_lkjip else None,
        "skala": [
            {
                "kode": s.kode,
                "nama": s.nama,
                "pilihan": [{"kode": p.kode, "label": p.label, "nilai": _angka(p.nilai)} for p in s.pilihan_set.all()],
            }
            for s in skala
        ],
        "predikat": [
            {
                "kode": p.kode,
                "label": p.label,
                "batas_bawah": None if p.batas_bawah is None else _angka(p.batas_bawah),
                "inklusif": p.inklusif,
                "uraian": p.uraian,
            }
            for p in lembar.pita_set.order_by("urutan", "id")
        ],
        "komponen": [
            {
                "kode": k.kode,
                "nama": k.nama,
                "bobot": _angka(k.bobot),
                "subkomponen": [
                    {
                        "kode": s.kode,
                        "nama": s.nama,
                        "jenis": s.jenis,
                        "bobot": _angka(s.bobot),
                        "kriteria": [kriteria(c) for c in s.kriteria_set.all()],
                    }
                    for s in k.subkomponen_set.all()
                ],
            }
            for k in komponen
        ],
    }


def salin_kerangka(lembar: LembarKerja, tahun: int, user=None) -> LembarKerja:
    """A copy of `lembar`'s tree for another year of the same Pemda (to adjust there); the
    LKjIP deadline moves with the year."""
    data = ekspor_kerangka(lembar)
    if lembar.tenggat_lkjip:
        geser = tahun - lembar.tahun
        t = lembar.tenggat_lkjip
        try:
            data["tenggat_lkjip"] = t.replace(year=t.year + geser).isoformat()
        except ValueError:  # 29 February
            data["tenggat_lkjip"] = t.replace(year=t.year + geser, day=28).isoformat()
    return muat_kerangka(lembar.pemda, tahun, data, user=user)


def baca_berkas(path=BERKAS_88_2021) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def pohon(lembar: LembarKerja):
    """The components of `lembar` with their sub-components, criteria (scale options, rules) read
    in a fixed number of queries, in order."""
    return list(
        lembar.komponen_set.order_by("urutan", "id").prefetch_related(
            "subkomponen_set__kriteria_set__skala__pilihan_set",
            "subkomponen_set__kriteria_set__aturan_logis_set__pembanding_kriteria",
            "subkomponen_set__kriteria_set__aturan_logis_set__pembanding_subkomponen",
        )
    )
