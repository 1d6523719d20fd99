"""Time and peak memory of the two workbook readers on the hostile files of tests/bom_xlsx.py.

    .venv/bin/python bench/ukur_bom.py [NAME ...]

Each file is read in a fresh process (ru_maxrss is a process's high-water mark): the figure is
the growth of the peak resident memory over the process after Django's setup, so it counts
what C code (zlib, expat) allocates too. A run is stopped after 180 s or 8 GB of address space.
"""

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
ANAK = r"""
import os, resource, sys, time
sys.path.insert(0, {akar!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings_test")
import django
django.setup()
from anggaran.excel import baca_baris
from pertukaran.workbook import baca_workbook
pintu = {{"anggaran": baca_baris, "workbook": baca_workbook}}[sys.argv[2]]
sebelum = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
mulai = time.monotonic()
try:
    hasil = pintu(open(sys.argv[1], "rb"))
    keluar = "diterima" if sys.argv[2] == "anggaran" else ("ditolak: " + hasil[2][0][:90] if hasil[2] else "diterima")
except Exception as exc:
    keluar = "ditolak: " + str(exc)[:90]
detik = time.monotonic() - mulai
mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - sebelum) // 1024
print(json.dumps({{"detik": round(detik, 3), "mb": mb, "hasil": keluar}}))
"""


def batasi():
    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))


def main(nama):
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings_test")
    import django

    django.setup()
    from tests import bom_xlsx

    nama = nama or list(bom_xlsx.BOM)
    with tempfile.TemporaryDirectory() as tmp:
        for n in nama:
            path = Path(tmp) / f"{n}.xlsx"
            path.write_bytes(bom_xlsx.BOM[n]())
            for pintu in ("anggaran", "workbook"):
                try:
                    p = subprocess.run(
                        [sys.executable, "-c", "import json\n" + ANAK.format(akar=str(AKAR)), str(path), pintu],
                        capture_output=True,
                        timeout=180,
                        preexec_fn=batasi,
                        text=True,
                    )
                    hasil = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else f"gagal: {p.stderr[-200:]}"
                except subprocess.TimeoutExpired:
                    hasil = "lebih dari 180 s"
                print(f"{n:24} {path.stat().st_size:>10} B  {pintu:9} {hasil}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
