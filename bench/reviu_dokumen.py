"""How well `reviu_dokumen` finds the errors of the corpus of bench/korpus_reviu.py, and what it
flags on correct documents.

    .venv/bin/python bench/reviu_dokumen.py                  # measure the corpus in bench/hasil/korpus-reviu/
    .venv/bin/python bench/reviu_dokumen.py --bangun         # build the corpus first (8 reports)
    .venv/bin/python bench/reviu_dokumen.py --bangun --cepat # 3 reports
    .venv/bin/python bench/reviu_dokumen.py --json hasil.json --format txt

`make bench-reviu` builds the corpus and measures it. The corpus needs building again only when
the report, its templates or the corpus module change; after a change of the reviewer, measuring
is enough (about 10 s for the 32 files of the full corpus).

Every document, correct (`benar`) and with injected errors (`salah`), is reviewed with
`reviu.dokumen.reviu_berkas(path)` in each format. Its findings are then matched to the injections.

**Where an injection stands in the text.** The document is read again with
`reviu.dokumen.baca_dokumen` (the reviewer's own reader, so line numbers are those of
`TemuanDokumen.baris_teks`). The lines of the wrong copy that differ from the correct copy
(`difflib`) are where the injections are; each injection (in document order) takes the first such
line, after the previous one, that holds its printed figure as a whole number. Its *region* is its
table, from the line of its title ("Tabel 3.21 …") to the next table title (at most 80 lines on),
or ±15 lines for an untitled table, or ±4 lines for a sentence. An injection whose line cannot be
found (the reader lost it) is still counted, and can only be found by the fallback below.

**A finding finds an injection** when

1. it is at the injection's line: `|baris_teks − line| ≤ 2` (table cells; a wrapped label can put
   the figures a line off) or ≤ 4 (a sentence, which the PDF wraps over several lines);
   without a located line, its table title starts with the same "Tabel N" and its printed figure
   is the injected one; and
2. its kind suits the injection (`JENIS_COCOK`: a wrong capaian must be reported as a capaian or
   percentage, a total as a jumlah, …; a swapped digit by any kind, since a swapped input makes
   the row's result wrong), or its printed figure is the injected one whatever the kind.

A finding finds at most one injection (the nearest). An injection is *found* when at least one
finding finds it, unless the correct copy has a finding of the same kind at the same place (its
line mapped through the diff): then the reviewer flags that cell anyway, and the injection is
counted as *masked* (`tertutup`), not found. Recall = found ÷ injected, per kind and per format.

**False alarms.** Every finding on a correct document is a false alarm. On a wrong document, a
finding that finds no injection is (a) a *repeat* (`ulangan`) when the correct copy has a finding of
the same kind at the same place, or of the same kind, printed and correct figure (already counted
there); (b) *secondary* (`ikutan`) when it lies in an injection's region (a wrong cell can make the
row's other figure, its total or its parent inconsistent: not an error of the reviewer, not
credit either); (c) otherwise a new false alarm. Precision = findings that find an injection ÷
(those + false alarms on correct documents + new false alarms on wrong ones); repeats and
secondary findings are left out.

The review time is that of `reviu_berkas` alone (the second reading that locates the injections
is not counted).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import difflib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import korpus_reviu  # noqa: E402

JENDELA_TABEL = 2
JENDELA_KALIMAT = 4
RENTANG_TANPA_JUDUL = 15
RENTANG_MAKS = 80

# Which finding kinds (reviu.dokumen.JENIS_TEMUAN) report each kind of injected error; None: any.
JENIS_COCOK: dict[str, set[str] | None] = {
    "capaian": {"capaian", "persentase"},
    "jumlah": {"jumlah", "sisa"},
    "tukar_digit": None,
    "persen_terpotong": {"capaian", "serapan", "efisiensi", "persentase", "rata_rata", "pangsa"},
    "rata_rata": {"rata_rata", "capaian"},
    "efisiensi": {"efisiensi"},
    "serapan": {"serapan", "persentase"},
    "pangsa": {"pangsa", "persentase"},
    "tahun": {"tahun", "label_tahun"},
    "narasi": {"capaian", "persentase", "serapan", "perkalian"},
}


@dataclass
class Letak:
    """Where an injection stands in the text the reviewer read: line, page, and its region."""

    baris: int | None
    halaman: int | None = None
    rentang: tuple[int, int] | None = None


@dataclass
class Cocok:
    """The findings of one wrong document matched to its injections."""

    ditemukan: list[list] = field(default_factory=list)  # per injection: the findings that find it
    tertutup: list[bool] = field(default_factory=list)  # per injection: its place is flagged on the correct copy too
    ikutan: list = field(default_factory=list)
    ulangan: list = field(default_factory=list)
    alarm_baru: list = field(default_factory=list)


def _norm(teks: str | None) -> str:
    return re.sub(r"\s|%|Rp\.?", "", teks or "")


def _pola_angka(teks: str) -> re.Pattern:
    return re.compile(rf"(?<![\d.,]){re.escape(teks)}(?![\d]|[.,]\d)")


def _nomor_tabel(judul: str | None) -> str | None:
    m = re.match(r"\s*Tabel\s+(\S+)", judul or "")
    return m.group(1) if m else None


def bandingkan(baris_benar, baris_salah) -> tuple[list[int], dict[int, int]]:
    """(indices of the wrong copy's lines that differ from the correct copy, map from each line
    number of the wrong copy to the line number of the same place in the correct copy)."""
    a = [" ".join(b.teks.split()) for b in baris_benar]
    b = [" ".join(x.teks.split()) for x in baris_salah]
    berubah, peta = [], {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            berubah.extend(range(j1, j2))
        for j in range(j1, j2):
            i = min(i1 + (j - j1), i2 - 1) if i2 > i1 else min(i1, len(a) - 1)
            if i >= 0:
                peta[baris_salah[j].nomor] = baris_benar[i].nomor
    return berubah, peta


def letakkan(suntikan, baris_benar, baris_salah, berubah=None) -> list[Letak]:
    """The line of each injection (in document order) in the wrong copy's text, and its region.

    `baris_benar`, `baris_salah`: the reader's lines (`reviu.dokumen.baca.Baris`) of both copies."""
    if berubah is None:
        berubah, _ = bandingkan(baris_benar, baris_salah)
    teks = [" ".join(x.teks.split()) for x in baris_salah]
    hasil, terpakai, sebelum = [], set(), -1
    for s in suntikan:
        pola = _pola_angka(s.tercetak)
        calon = [j for j in berubah if j not in terpakai and pola.search(teks[j])]
        j = next((j for j in calon if j > sebelum), calon[0] if calon else None)
        if j is None:
            hasil.append(Letak(None))
            continue
        terpakai.add(j)
        sebelum = j
        baris = baris_salah[j]
        hasil.append(Letak(baris.nomor, baris.halaman, _rentang(s, j, baris_salah)))
    return hasil


# A table title; in a PDF the reader may join it to the paragraph above ("… sebagaimana Tabel 3.13.
# Tabel 3.13 Pengukuran …"), so it is looked for anywhere in the line.
_JUDUL = re.compile(r"\bTabel\s+[\dIVX][\w.]*\s+[A-Z]")


def _rentang(s, j: int, baris) -> tuple[int, int]:
    nomor = baris[j].nomor
    if s.tabel is None:
        return (nomor - JENDELA_KALIMAT, nomor + JENDELA_KALIMAT)
    n = _nomor_tabel(s.tabel)
    if n is None:
        return (nomor - RENTANG_TANPA_JUDUL, nomor + RENTANG_TANPA_JUDUL)
    judul = re.compile(rf"\bTabel\s+{re.escape(n)}\s+[A-Z]")
    awal = next((baris[k].nomor for k in range(j, max(-1, j - RENTANG_MAKS), -1) if judul.search(baris[k].teks)), None)
    akhir = next(
        (baris[k].nomor for k in range(j + 1, min(len(baris), j + RENTANG_MAKS)) if _JUDUL.search(baris[k].teks)),
        nomor + RENTANG_MAKS,
    )
    return (awal if awal is not None else nomor - RENTANG_TANPA_JUDUL, akhir)


def _menemukan(t, s, letak: Letak) -> int | None:
    """Distance in lines when finding `t` finds injection `s` (see the module docstring), else None."""
    sama_angka = _norm(t.tercetak) == _norm(s.tercetak)
    jenis = JENIS_COCOK.get(s.jenis)
    if not (sama_angka or jenis is None or t.jenis in jenis):
        return None
    if letak.baris is not None:
        if t.baris_teks is None:
            return None
        jarak = abs(t.baris_teks - letak.baris)
        return jarak if jarak <= (JENDELA_KALIMAT if s.tabel is None else JENDELA_TABEL) else None
    n = _nomor_tabel(s.tabel)
    if n and sama_angka and _nomor_tabel(t.tabel) == n:
        return RENTANG_MAKS
    return None


def _kunci(t) -> tuple:
    return (t.jenis, _norm(t.tercetak), _norm(t.seharusnya))


def cocokkan(suntikan, letak: list[Letak], temuan_salah, temuan_benar, peta: dict[int, int] | None = None) -> Cocok:
    """Match the findings of a wrong document to its injections (see the module docstring).

    `peta` maps a line number of the wrong copy to the same place in the correct copy (identity
    when None)."""
    hasil = Cocok(ditemukan=[[] for _ in suntikan], tertutup=[False for _ in suntikan])
    benar = collections.Counter(_kunci(t) for t in temuan_benar)
    tempat_benar = {(t.jenis, t.baris_teks) for t in temuan_benar if t.baris_teks is not None}

    def sudah_ada(t) -> bool:
        """The correct copy has a finding of the same kind at the same place."""
        if t.baris_teks is None:
            return False
        n = (peta or {}).get(t.baris_teks, t.baris_teks)
        return (t.jenis, n) in tempat_benar

    for t in temuan_salah:
        pilihan = [
            (d, i)
            for i, (s, le) in enumerate(zip(suntikan, letak, strict=True))
            if (d := _menemukan(t, s, le)) is not None
        ]
        if pilihan and sudah_ada(t):
            hasil.tertutup[min(pilihan)[1]] = True
            hasil.ulangan.append(t)
            benar[_kunci(t)] -= 1
        elif pilihan:
            hasil.ditemukan[min(pilihan)[1]].append(t)
        elif sudah_ada(t) or benar[_kunci(t)] > 0:
            benar[_kunci(t)] -= 1
            hasil.ulangan.append(t)
        elif t.baris_teks is not None and any(
            le.rentang and le.rentang[0] <= t.baris_teks <= le.rentang[1] for le in letak
        ):
            hasil.ikutan.append(t)
        else:
            hasil.alarm_baru.append(t)
    hasil.tertutup = [x and not d for x, d in zip(hasil.tertutup, hasil.ditemukan, strict=True)]
    return hasil


# --------------------------------------------------------------------------- running


@dataclass
class HasilDokumen:
    laporan: str
    format: str
    variasi: list[str]
    suntikan: list[dict]
    letak: list[Letak]
    ditemukan: list[bool]
    tertutup: list[bool]
    temuan_cocok: int
    alarm_benar: list[dict]
    alarm_baru: list[dict]
    ikutan: int
    ulangan: int
    detik_benar: float
    detik_salah: float


def _temuan_dict(t, laporan, format_):
    return {"laporan": laporan, "format": format_, **t.sebagai_dict()}


def ukur_dokumen(folder: Path, dok: dict, format_: str) -> HasilDokumen:
    from reviu.dokumen import baca_dokumen, reviu_berkas

    path_benar = folder / dok["berkas"]["benar"][format_]
    path_salah = folder / dok["berkas"]["salah"][format_]
    mulai = time.perf_counter()
    benar = reviu_berkas(path_benar)
    detik_benar = time.perf_counter() - mulai
    mulai = time.perf_counter()
    salah = reviu_berkas(path_salah)
    detik_salah = time.perf_counter() - mulai
    suntikan = [korpus_reviu.Suntikan(**s) for s in dok["suntikan"]]
    baris_benar, baris_salah = baca_dokumen(path_benar).baris, baca_dokumen(path_salah).baris
    berubah, peta = bandingkan(baris_benar, baris_salah)
    letak = letakkan(suntikan, baris_benar, baris_salah, berubah)
    c = cocokkan(suntikan, letak, salah.temuan, benar.temuan, peta)
    return HasilDokumen(
        laporan=dok["id"],
        format=format_,
        variasi=list(dok["variasi"]),
        suntikan=dok["suntikan"],
        letak=letak,
        ditemukan=[bool(x) for x in c.ditemukan],
        tertutup=c.tertutup,
        temuan_cocok=sum(len(x) for x in c.ditemukan),
        alarm_benar=[_temuan_dict(t, dok["id"], format_) for t in benar.temuan],
        alarm_baru=[_temuan_dict(t, dok["id"], format_) for t in c.alarm_baru],
        ikutan=len(c.ikutan),
        ulangan=len(c.ulangan),
        detik_benar=detik_benar,
        detik_salah=detik_salah,
    )


def _rasio(a, b):
    return round(a / b, 4) if b else None


def ringkas(hasil: list[HasilDokumen], manifest: dict) -> dict:
    """The figures: per kind × format, false alarms, precision, per report and per shape, times."""
    format_ = sorted({h.format for h in hasil}, key=lambda f: (f not in korpus_reviu.FORMAT, f))
    per_jenis = {}
    for jenis in korpus_reviu.JENIS_SUNTIKAN:
        baris = {}
        for f in format_:
            pasangan = [
                (le, d, tt)
                for h in hasil
                if h.format == f
                for s, le, d, tt in zip(h.suntikan, h.letak, h.ditemukan, h.tertutup, strict=True)
                if s["jenis"] == jenis
            ]
            baris[f] = {
                "disuntik": len(pasangan),
                "terletak": sum(le.baris is not None for le, _, _ in pasangan),
                "ditemukan": sum(d for _, d, _ in pasangan),
                "tertutup": sum(tt for _, _, tt in pasangan),
                "recall": _rasio(sum(d for _, d, _ in pasangan), len(pasangan)),
            }
        per_jenis[jenis] = baris
    per_format = {}
    for f in format_:
        hs = [h for h in hasil if h.format == f]
        tp = sum(h.temuan_cocok for h in hs)
        fp_benar = sum(len(h.alarm_benar) for h in hs)
        fp_baru = sum(len(h.alarm_baru) for h in hs)
        disuntik = sum(len(h.suntikan) for h in hs)
        ditemukan = sum(sum(h.ditemukan) for h in hs)
        per_format[f] = {
            "dokumen": 2 * len(hs),
            "disuntik": disuntik,
            "ditemukan": ditemukan,
            "tertutup": sum(sum(h.tertutup) for h in hs),
            "recall": _rasio(ditemukan, disuntik),
            "temuan_cocok": tp,
            "alarm_dokumen_benar": fp_benar,
            "alarm_baru_dokumen_salah": fp_baru,
            "ikutan": sum(h.ikutan for h in hs),
            "ulangan": sum(h.ulangan for h in hs),
            "presisi": _rasio(tp, tp + fp_benar + fp_baru),
            "detik_reviu": round(sum(h.detik_benar + h.detik_salah for h in hs), 2),
        }
    alarm_per_jenis = {}
    for h in hasil:
        for t in h.alarm_benar:
            alarm_per_jenis.setdefault(t["jenis"], collections.Counter())[h.format] += 1
    per_laporan = []
    for h in hasil:
        per_laporan.append(
            {
                "laporan": h.laporan,
                "format": h.format,
                "variasi": h.variasi,
                "disuntik": len(h.suntikan),
                "ditemukan": sum(h.ditemukan),
                "alarm_dokumen_benar": len(h.alarm_benar),
                "alarm_baru": len(h.alarm_baru),
                "detik": round(h.detik_benar + h.detik_salah, 2),
            }
        )
    per_variasi = {}
    for v in [None, *korpus_reviu.VARIASI]:
        for f in format_:
            hs = [h for h in hasil if h.format == f and ((not h.variasi) if v is None else v in h.variasi)]
            if not hs:
                continue
            per_variasi.setdefault(v or "(tanpa variasi)", {})[f] = {
                "laporan": [h.laporan for h in hs],
                "recall": _rasio(sum(sum(h.ditemukan) for h in hs), sum(len(h.suntikan) for h in hs)),
                "alarm_per_dokumen_benar": round(sum(len(h.alarm_benar) for h in hs) / len(hs), 1),
            }
    total = {
        "disuntik": sum(x["disuntik"] for x in per_format.values()),
        "ditemukan": sum(x["ditemukan"] for x in per_format.values()),
    }
    tp = sum(x["temuan_cocok"] for x in per_format.values())
    fp = sum(x["alarm_dokumen_benar"] + x["alarm_baru_dokumen_salah"] for x in per_format.values())
    total.update(recall=_rasio(total["ditemukan"], total["disuntik"]), presisi=_rasio(tp, tp + fp))
    return {
        "korpus": {k: manifest[k] for k in ("dibuat", "commit", "seed", "format_berkas", "waktu") if k in manifest},
        "total": total,
        "per_format": per_format,
        "per_jenis": per_jenis,
        "alarm_per_jenis_temuan": {k: dict(v) for k, v in sorted(alarm_per_jenis.items())},
        "per_laporan": per_laporan,
        "per_variasi": per_variasi,
        "alarm_dokumen_benar": [t for h in hasil for t in h.alarm_benar],
        "alarm_baru_dokumen_salah": [t for h in hasil for t in h.alarm_baru],
        "terlewat": [
            {
                "laporan": h.laporan,
                "format": h.format,
                **s,
                "baris_teks": le.baris,
                "halaman": le.halaman,
                "tertutup": tt,
            }
            for h in hasil
            for s, le, d, tt in zip(h.suntikan, h.letak, h.ditemukan, h.tertutup, strict=True)
            if not d
        ],
    }


def _persen(x):
    return "–" if x is None else f"{100 * x:.0f} %"


def cetak(r: dict, daftar=30) -> str:
    """The figures as text."""
    k = r["korpus"]
    f = list(r["per_format"])
    out = [
        f"Korpus dibuat {k.get('dibuat')} (commit {k.get('commit')}, seed {k.get('seed')}); "
        f"reviu diukur pada commit {korpus_reviu.commit_sekarang()}",
        "",
        "Per jenis kesalahan (disuntik / ditemukan / tertutup alarm palsu / recall):",
        f"  {'jenis':<18}" + "".join(f"{x:>28}" for x in f),
    ]
    for jenis, baris in r["per_jenis"].items():
        sel = "".join(
            f"{baris[x]['disuntik']:>8}{baris[x]['ditemukan']:>6}{baris[x]['tertutup']:>6}{_persen(baris[x]['recall']):>8}"
            for x in f
        )
        out.append(f"  {jenis:<18}{sel}")
    out += ["", "Per format:"]
    for x, d in r["per_format"].items():
        out.append(
            f"  {x}: {d['dokumen']} dokumen, disuntik {d['disuntik']}, ditemukan {d['ditemukan']} "
            f"(recall {_persen(d['recall'])}; {d['tertutup']} tertutup alarm palsu); "
            f"temuan cocok {d['temuan_cocok']}, alarm palsu pada dokumen benar {d['alarm_dokumen_benar']}, "
            f"alarm baru pada dokumen salah {d['alarm_baru_dokumen_salah']} "
            f"(ikutan {d['ikutan']}, ulangan {d['ulangan']}); presisi {_persen(d['presisi'])}; "
            f"reviu {d['detik_reviu']} s"
        )
    t = r["total"]
    out.append(f"  semua: recall {_persen(t['recall'])}, presisi {_persen(t['presisi'])}")
    out += ["", "Alarm palsu pada dokumen benar, per jenis temuan:"]
    for jenis, n in r["alarm_per_jenis_temuan"].items():
        out.append(f"  {jenis:<12}" + ", ".join(f"{x} {n.get(x, 0)}" for x in f))
    out += ["", "Per laporan:"]
    for d in r["per_laporan"]:
        out.append(
            f"  {d['laporan']} {d['format']:<4} ditemukan {d['ditemukan']}/{d['disuntik']}, alarm benar "
            f"{d['alarm_dokumen_benar']}, alarm baru {d['alarm_baru']}, {d['detik']} s  [{', '.join(d['variasi'])}]"
        )
    out += ["", "Per variasi tabel (recall, alarm palsu per dokumen benar):"]
    for v, d in r["per_variasi"].items():
        out.append(
            f"  {v:<24}"
            + "; ".join(f"{x} {_persen(y['recall'])}, {y['alarm_per_dokumen_benar']}" for x, y in d.items())
            + f"  ({', '.join(next(iter(d.values()))['laporan'])})"
        )
    for judul, kunci in (
        ("Alarm palsu pada dokumen benar", "alarm_dokumen_benar"),
        ("Alarm baru pada dokumen salah", "alarm_baru_dokumen_salah"),
    ):
        semua = r[kunci]
        out += ["", f"{judul} ({len(semua)}; {min(daftar, len(semua))} pertama):"]
        for a in semua[:daftar]:
            out.append(f"  {a['laporan']} {a['format']} [{a['jenis']}] {a['lokasi'][:150]}")
            out.append(f"      {a['uraian'][:200]}")
    ter = r["terlewat"]
    out += ["", f"Suntikan yang terlewat ({len(ter)}; {min(daftar, len(ter))} pertama):"]
    for s in ter[:daftar]:
        tempat = s["tabel"] or "kalimat"
        out.append(
            f"  {s['laporan']} {s['format']} [{s['jenis']}] {tempat[:60]} | {s['baris'][:60]} | "
            f"{s['seharusnya']} → {s['tercetak']} (baris teks {s['baris_teks']}"
            + (", tertutup alarm palsu)" if s["tertutup"] else ")")
        )
    return "\n".join(out)


def _bentuk_json(x):
    if isinstance(x, Letak):
        return dataclasses.asdict(x)
    raise TypeError(type(x))


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--korpus", type=Path, default=korpus_reviu.KELUARAN, help="folder korpus (korpus.json)")
    p.add_argument("--bangun", action="store_true", help="bangun korpus dulu (basis data, HTML, PDF, teks)")
    p.add_argument("--cepat", action="store_true", help=f"dengan --bangun: hanya {', '.join(korpus_reviu.CEPAT)}")
    p.add_argument("--laporan", help="id laporan dipisah koma")
    p.add_argument("--seed", type=int, default=korpus_reviu.SEED)
    p.add_argument("--format", help="format yang diukur (bawaan: semua di korpus)")
    p.add_argument("--json", type=Path, help="tulis hasil lengkap ke berkas JSON")
    p.add_argument("--daftar", type=int, default=30, help="banyak alarm/suntikan terlewat yang dicetak")
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    mulai = time.perf_counter()
    manifest_path = args.korpus / "korpus.json"
    if args.bangun or not manifest_path.exists():
        korpus_reviu.siapkan_basis_data()
        laporan = korpus_reviu.pilih_laporan(args)
        korpus_reviu.bangun_korpus(laporan, args.korpus, args.seed)
    else:
        from bench import lingkungan

        lingkungan.siapkan(korpus_reviu.URL_KORPUS)  # settings only: the review reads no database
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    format_ = args.format.split(",") if args.format else manifest["format_berkas"]
    ids = set(args.laporan.split(",")) if args.laporan else None
    hasil = [
        ukur_dokumen(args.korpus, d, f) for f in format_ for d in manifest["dokumen"] if ids is None or d["id"] in ids
    ]
    r = ringkas(hasil, manifest)
    r["detik_total"] = round(time.perf_counter() - mulai, 1)
    print(cetak(r, args.daftar))
    print(
        f"\nWaktu total {r['detik_total']} s (korpus: HTML {manifest['waktu']['html_detik']} s, "
        f"berkas {manifest['waktu']['berkas_detik']} s saat dibangun)"
    )
    if args.json:
        args.json.write_text(json.dumps(r, ensure_ascii=False, indent=1, default=_bentuk_json), encoding="utf-8")
    return r


if __name__ == "__main__":
    main()
