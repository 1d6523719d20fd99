"""Every page at two scales: the same office's pages on two datasets, their queries side by side.

The page list is every named application URL filled for the typical office (`tests.rute`, the list
the access tests use), requested by the role that works on it (the office's operator, or the
Pemda's reviewer for the review and LKE pages), plus the realisation grid's save. Each dataset is
measured in its own child process, production settings (DEBUG off), Django's test client: one
warm-up, then the median of --ulang runs, queries counted. The Pemda dashboard is measured twice:
with each office's figures kept (laporan.dasbor) and with the cache emptied before every run.

    BENCH_DATABASE_URL=… .venv/bin/python bench/make_dataset.py --opd 60
    .venv/bin/python bench/skala.py --database-url postgres://…/sakip_bench60 \\
        --database-url postgres://…/sakip_bench500 [--json hasil.json]

Exit status 1 when a page's query count differs between the datasets (a query per office or per
row somewhere) or a page answers 500.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import lingkungan  # noqa: E402

#: Not pages: signing out would end the session; the session probe answers 204 with no body.
LEWATI = {"keluar", "sesi"}


def _peran(nama):
    if "reviu" in nama or nama.startswith(("lke", "rekomendasi", "ruang_reviu")):
        return "reviewer"
    return "operator"


def ukur_basis_data(url, kode, tahun, periode, ulang):
    lingkungan.siapkan(url)
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    from urllib.parse import urlencode

    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.run import _isian_grid
    from sakip.models import OPD, Pengguna
    from tests.rute import isi_rute

    opd = OPD.objects.get(kode=kode)
    klien = {}
    for peran, user in (
        ("operator", opd.pengguna_set.filter(peran="operator").order_by("pk").first()),
        ("reviewer", Pengguna.objects.get(username="reviewer.bench")),
    ):
        c = Client()
        c.force_login(user)
        klien[peran] = c

    def ukur(fungsi, sebelum=None):
        hasil, waktu, kueri = None, [], 0
        for i in range(ulang + 1):
            if sebelum:
                sebelum()
            with CaptureQueriesContext(connection) as ctx:
                mulai = time.perf_counter()
                hasil = fungsi()
                dt = time.perf_counter() - mulai
            if i:
                waktu.append(dt)
                kueri = len(ctx.captured_queries)
        return hasil, statistics.median(waktu), kueri

    halaman = {}
    terisi, kosong = isi_rute(opd, tahun, periode)
    for nama, alamat in terisi:
        if nama in LEWATI:
            continue
        c = klien[_peran(nama)]
        r, detik, kueri = ukur(lambda c=c, alamat=alamat: c.get(alamat))
        halaman[nama] = {"url": alamat, "status": r.status_code, "ms": round(detik * 1000, 1), "kueri": kueri}

    beranda = reverse("beranda") + f"?tahun={tahun}&periode={periode}"
    for nama, sebelum in (("beranda (dasbor Pemda)", None), ("beranda, tanpa simpanan", caches["laporan"].clear)):
        r, detik, kueri = ukur(lambda: klien["reviewer"].get(beranda), sebelum)
        halaman[nama] = {"url": beranda, "status": r.status_code, "ms": round(detik * 1000, 1), "kueri": kueri}

    grid = reverse("realisasi_grid", args=[opd.kode, tahun, periode])
    putaran = [int(time.time()) % 1000]

    def simpan():
        putaran[0] += 1
        data, _n = _isian_grid(opd, tahun, periode, putaran[0])
        isi = urlencode(data, doseq=True)
        return klien["operator"].post(grid, isi, content_type="application/x-www-form-urlencoded")

    r, detik, kueri = ukur(simpan)
    halaman["realisasi_grid (simpan)"] = {
        "url": grid,
        "status": r.status_code,
        "ms": round(detik * 1000, 1),
        "kueri": kueri,
    }
    return {
        "basis_data": lingkungan.nama_basis_data(url),
        "jumlah_opd": OPD.objects.count(),
        "indikator_opd": opd.indikator_set.count(),
        "tidak_terisi": kosong,
        "halaman": halaman,
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", action="append", required=True, help="dua kali (atau lebih): tiap dataset")
    p.add_argument("--opd", default="opd-02")
    p.add_argument("--tahun", type=int, default=2025)
    p.add_argument("--periode", default="TW3")
    p.add_argument("--ulang", type=int, default=3)
    p.add_argument("--json")
    p.add_argument("--anak", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.anak:
        hasil = ukur_basis_data(args.database_url[0], args.opd, args.tahun, args.periode, args.ulang)
        Path(args.anak).write_text(json.dumps(hasil))
        return 0

    semua = []
    for url in args.database_url:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            keluaran = f.name
        perintah = [sys.executable, __file__, "--anak", keluaran, "--database-url", url, "--opd", args.opd]
        perintah += ["--tahun", str(args.tahun), "--periode", args.periode, "--ulang", str(args.ulang)]
        subprocess.run(perintah, check=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
        semua.append(json.loads(Path(keluaran).read_text()))
        os.unlink(keluaran)

    print(
        f"Skala SAKIP — {args.opd} {args.periode} {args.tahun}, median dari {args.ulang}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {os.getloadavg()[0]:.1f}\n"
    )
    kepala = " | ".join(f"{h['basis_data']}, {h['jumlah_opd']} OPD: status, kueri, ms" for h in semua)
    print(f"| halaman | {kepala} | kueri sama |")
    print("|---|" + "---|" * len(semua) + "---|")
    beda, galat = [], []
    for nama in semua[0]["halaman"]:
        baris = [h["halaman"].get(nama) for h in semua]
        sel = [f"{b['status']}, {b['kueri']}, {b['ms']:.0f}" if b else "–" for b in baris]
        sama = all(b and b["kueri"] == baris[0]["kueri"] for b in baris)
        if not sama:
            beda.append(nama)
        if any(b and b["status"] >= 500 for b in baris):
            galat.append(nama)
        print(f"| {re.sub(r'[|]', '/', nama)} | " + " | ".join(sel) + f" | {'ya' if sama else '**tidak**'} |")
    teks_beda, teks_galat = ", ".join(beda) or "tidak ada", ", ".join(galat) or "tidak ada"
    print(f"\n{len(semua[0]['halaman'])} halaman; kueri berbeda: {teks_beda}; 5xx: {teks_galat}")
    if args.json:
        Path(args.json).write_text(json.dumps(semua, indent=2))
    return 1 if beda or galat else 0


if __name__ == "__main__":
    sys.exit(main())
