"""Every page as a user sees it: screenshots at 1366 px and 390 px, and what is cut off.

Builds (with --bangun) a throw-away database of the demo offices completed by
`tests.rute.lengkapi_demo` (so every URL has an object to point at), starts the development
server on loopback, and opens every application URL of each demo office in headless Chromium,
signed in as the role that works on it. Per page and width it records the HTTP status and the
document's scroll width: a page wider than its window is cut off on a phone. Writes the PNGs to
--keluaran and prints a Markdown table; the exit status is 1 when a page is too wide or fails.

    .venv/bin/python bench/layar.py --bangun --keluaran /tmp/layar
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
LEBAR = (1366, 390)
PORT = 8799
#: Not pages: signing out would end the walk's session; the session probe answers 204.
LEWATI = {"keluar", "sesi"}
#: A few pixels of slack: a scrollbar or a rounding edge is not a cut-off page.
TOLERANSI = 2


def _lingkungan(args):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.db,
        DEBUG="1",
        MEDIA_ROOT=args.media,
        DJANGO_SETTINGS_MODULE="sakip.settings",
        PYTHONPATH=str(AKAR),
    )
    return env


def _siapkan_django(args):
    os.environ.update(_lingkungan(args))
    sys.path.insert(0, str(AKAR))
    import django

    django.setup()


def bangun(args):
    db = args.db.removeprefix("sqlite:///")
    Path(db).unlink(missing_ok=True)
    shutil.rmtree(args.media, ignore_errors=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=AKAR, env=_lingkungan(args), check=True
    )
    _siapkan_django(args)
    from tests.rute import lengkapi_demo

    lengkapi_demo()


def rute_per_opd():
    from sakip.models import OPD
    from tests.rute import DEMO, isi_rute

    hasil = []
    for kode, (pendek, tahun, periode) in DEMO.items():
        opd = OPD.objects.get(kode=kode)
        terisi, _kosong = isi_rute(opd, tahun, periode)
        hasil.append((kode, pendek, terisi))
    return hasil


def peran_untuk(nama):
    """The demo user who works on URL `nama` (who would open it)."""
    if nama.startswith(("reviu", "lke", "rekomendasi", "ruang_reviu")) or "reviu" in nama:
        return "reviewer"
    if nama.startswith(("kata_sandi", "reset_kata_sandi", "lupa_kata_sandi", "admin_password_reset")):
        return None  # signed out
    return "operator"


def jalankan(args):
    from playwright.sync_api import sync_playwright

    daftar = rute_per_opd()
    if args.opd:
        daftar = [d for d in daftar if d[1] in args.opd]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload", "--nothreading"],
        cwd=AKAR,
        env=_lingkungan(args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    keluaran = Path(args.keluaran)
    for lebar in LEBAR:
        (keluaran / str(lebar)).mkdir(parents=True, exist_ok=True)
    baris, gagal = [], 0
    try:
        time.sleep(4)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            for _kode, pendek, rute in daftar:
                konteks = {}
                for nama, url in rute:
                    if nama in LEWATI:
                        continue
                    peran = peran_untuk(nama)
                    if peran not in konteks:
                        ctx = browser.new_context(viewport={"width": 1366, "height": 900})
                        if peran:
                            page = ctx.new_page()
                            page.goto(f"http://127.0.0.1:{PORT}/masuk/")
                            page.fill("#id_username", f"{peran}.{pendek}")
                            page.fill("#id_password", "sakip-demo")
                            page.click("button[type=submit]")
                            page.wait_for_load_state()
                            page.close()
                        konteks[peran] = ctx
                    ctx = konteks[peran]
                    page = ctx.new_page()
                    lebar_halaman = {}
                    status = ""
                    # Ask first (same cookies): downloads and POST-only URLs are not pages to look at.
                    resp = ctx.request.get(f"http://127.0.0.1:{PORT}{url}", max_redirects=5)
                    jenis = resp.headers.get("content-type", "").split(";")[0]
                    status = str(resp.status) if jenis == "text/html" else f"{resp.status} {jenis}"
                    if jenis == "text/html" and resp.status == 200:
                        for lebar in LEBAR:
                            page.set_viewport_size({"width": lebar, "height": 900})
                            page.goto(f"http://127.0.0.1:{PORT}{url}")
                            page.wait_for_load_state("networkidle")
                            lebar_halaman[lebar] = page.evaluate("document.documentElement.scrollWidth")
                            nama_berkas = f"{pendek}-{nama}.png"
                            page.screenshot(path=str(keluaran / str(lebar) / nama_berkas), full_page=True)
                    page.close()
                    terlalu_lebar = [lb for lb, w in lebar_halaman.items() if w > lb + TOLERANSI]
                    buruk = terlalu_lebar or status.startswith("5")
                    gagal += bool(buruk)
                    baris.append(
                        (
                            pendek,
                            nama,
                            peran or "-",
                            status,
                            *(str(lebar_halaman.get(lb, "")) for lb in LEBAR),
                            "TERPOTONG" if terlalu_lebar else "",
                        )
                    )
                for ctx in konteks.values():
                    ctx.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print("| OPD | URL | peran | status | lebar 1366 | lebar 390 | |")
    print("|---|---|---|---|---|---|---|")
    for b in baris:
        print("| " + " | ".join(b) + " |")
    print(f"\n{len(baris)} halaman, {gagal} bermasalah; gambar di {keluaran}")
    return 1 if gagal else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite:////tmp/layar.sqlite3")
    parser.add_argument("--media", default="/tmp/layar-media")
    parser.add_argument("--keluaran", default="/tmp/layar")
    parser.add_argument("--bangun", action="store_true", help="buat ulang basis data demo lebih dulu")
    parser.add_argument("--opd", nargs="*", help="nama pendek OPD demo (luwutimur, muba, dumai, probolinggo)")
    args = parser.parse_args()
    if args.bangun:
        bangun(args)
    else:
        _siapkan_django(args)
    sys.exit(jalankan(args))


if __name__ == "__main__":
    main()
