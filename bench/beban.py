"""Load test (issue #22 item 5): N operators at once against gunicorn on PostgreSQL.

    make bench-beban                                   # build the dataset, then 50 users for 90 s
    .venv/bin/python bench/beban.py --bangun --opd 75  # the same by hand
    .venv/bin/python bench/beban.py --detik 60 --jeda 0.5,1.5 --json hasil.json
    # two servers and two task workers on a smaller dataset (docs/performance.md):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sakip_bench_dua .venv/bin/python bench/beban.py \
        --bangun --opd 32 --indikator 20 --sub-kegiatan 30 --server 2 --worker 2 --threads 4 \
        --pekerja 2 --siapkan-detik 20 --pdf-serentak 10 --pengguna 20 --detik 90 --jeda 5,15

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sakip_bench_beban),
built by bench/make_dataset.py (`--bangun`). The script

1. picks the first --pengguna offices whose --tahun/--periode is open for entry and gives their
   operators (operator.<kode>, made by make_dataset.py) the password --sandi; clears their
   django-axes records (a correct login never counts as a failure, so nobody is locked);
2. picks for each operator one cell of its own grid (a plain numeric indicator) that it will write
   a sequence of distinct values into, and snapshots every realisation row;
3. starts gunicorn on 127.0.0.1 (production settings, DEBUG off) and N user threads (stdlib
   http.client, one cookie jar each). Each user logs in through the real login form, then repeats
   for --detik seconds, with a think time of --jeda seconds between actions, one of
   dasbor (office dashboard), grid (realisation grid GET), simpan (GET the grid, ask /sesi/ as
   static/js/sesi.js does, POST the whole form as multipart with CSRF and one changed value, follow
   the redirect), laporan (report page) and pdf (report page, then "Buat PDF" as htmx posts it);
4. stops gunicorn and checks the database: every acknowledged save (302) is stored exactly once
   (the cell holds the last acknowledged value, its `revisi` moved by the number of acknowledged
   saves, its history holds exactly that sequence), no other realisation changed, at most one
   waiting PDF job per report, no axes lockout.

With --server N, N gunicorn instances listen on consecutive ports from --port, on the same
database, each with its own access log; every request of a user goes to one of them at random, so
a session, its CSRF token and a save cross servers. With --pekerja N, N task workers run as in
production (`manage.py pekerja`, gunicorn's environment, logs bench/hasil/beban-pekerja-N.log);
after the window the script waits (at most --tunggu-pekerja s) until no PDF job, scheduled
preparation (laporan.siaga, SAKIP_PDF_SIAPKAN_DETIK: --siapkan-detik) or task waits or runs, stops
the workers and checks django-tasks-db's result rows (`periksa_tugas`): no task left or failed,
each claimed by one worker, each PDF job of the run finished by exactly one task, no report
rendered twice from the same data, every worker worked. --pdf-serentak K: the first K users press
"Buat PDF" on two servers at the same moment when the window opens.

Latency is measured at the client (queueing in gunicorn included); the server's own time per
request comes from gunicorn's access log (%(D)s). The client runs on the same 2 cores as the
server and PostgreSQL, so it takes some of their CPU: kept small (no HTML parser, regexes only).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import lingkungan  # noqa: E402

URL_BAWAAN = "postgres://postgres@127.0.0.1:5432/sakip_bench_beban"
JENIS = ["form-masuk", "masuk", "beranda", "dasbor", "grid", "sesi", "simpan", "laporan", "pdf"]
# Actions and their weights (each action is one or more requests; see Pengguna).
AKSI = {"dasbor": 25, "grid": 20, "simpan": 20, "laporan": 20, "pdf": 15}


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", help=f"bawaan: BENCH_DATABASE_URL atau {URL_BAWAAN}")
    p.add_argument("--bangun", action="store_true", help="bangun ulang dataset dulu (bench/make_dataset.py)")
    p.add_argument("--opd", type=int, default=75, help="jumlah OPD dataset saat --bangun (bawaan 75)")
    p.add_argument("--indikator", type=int, help="indikator per OPD saat --bangun (bawaan make_dataset.py: 40)")
    p.add_argument("--sub-kegiatan", type=int, help="sub kegiatan per OPD saat --bangun (bawaan make_dataset.py: 80)")
    p.add_argument("--pengguna", type=int, default=50, help="jumlah operator serentak (bawaan 50)")
    p.add_argument("--detik", type=float, default=90, help="lama beban setelah semua masuk (bawaan 90 s)")
    p.add_argument("--jeda", default="1,3", help="jeda berpikir antar aksi, detik min,maks (bawaan 1,3)")
    p.add_argument("--tahun", type=int, default=2025)
    p.add_argument("--periode", default="TW3")
    p.add_argument("--sandi", default="beban-bench-2025")
    p.add_argument("--port", type=int, default=8765, help="port gunicorn pertama (bawaan 8765)")
    p.add_argument(
        "--server", type=int, default=1, help="jumlah gunicorn pada port berurutan, satu PostgreSQL (bawaan 1)"
    )
    p.add_argument(
        "--pekerja", type=int, default=0, help="jumlah pekerja latar (manage.py pekerja; bawaan 0: tanpa pekerja)"
    )
    p.add_argument(
        "--tunggu-pekerja",
        type=float,
        default=600,
        help="detik paling lama menunggu antrean tugas kosong setelah beban (bawaan 600)",
    )
    p.add_argument(
        "--pdf-serentak",
        type=int,
        default=0,
        help="dengan --server ≥ 2: N pengguna pertama menekan Buat PDF di dua server sekaligus saat jendela mulai",
    )
    p.add_argument(
        "--siapkan-detik",
        type=int,
        help="SAKIP_PDF_SIAPKAN_DETIK untuk server dan pekerja (bawaan: setelan, 60 s)",
    )
    p.add_argument("--worker", type=int, default=3, help="proses gunicorn (bawaan 3)")
    p.add_argument("--threads", type=int, default=4, help="thread per proses gunicorn (bawaan 4, gthread)")
    p.add_argument("--seed", type=int, default=22)
    p.add_argument("--json", help="tulis hasil ke berkas JSON")
    p.add_argument("--akar", help="jalankan gunicorn dari checkout lain (mis. kode sebelum perbaikan); bawaan: ini")
    p.add_argument("--kueri", action="store_true", help="hanya hitung kueri dan waktu tiap jenis di dalam proses")
    p.add_argument("--profil", help="dengan --kueri: cProfile satu jenis (dasbor, grid, laporan, …)")
    p.add_argument(
        "--log-akses",
        default=str(lingkungan.BENCH / "hasil" / "beban-akses.log"),
        help="log akses gunicorn (server ke-2 dst.: beban-akses-2.log, …)",
    )
    return p


# --- preparation (in this process, Django on the same database) ------------------------------------


def _periode_terbuka(user, opd, tahun, periode):
    from kinerja.alur import GalatAlur, periksa_boleh_isi

    try:
        periksa_boleh_isi(user, opd, tahun, periode)
    except GalatAlur:
        return False
    return True


def _pilih_sel(opd, tahun, periode):
    """(indicator, presisi, stored value) of one plain numeric row of the office's grid."""
    from kinerja.entri import baris_entri, jenis_nilai
    from sakip.angka import JenisAngka

    _, baris = baris_entri(opd, tahun, periode, dengan_form=False)
    komposit = {b.komponen_dari.id for b in baris if b.komponen_dari is not None}
    for b in baris:
        ind = b.indikator
        if (
            ind.id in komposit
            or b.komponen_dari is not None
            or ind.predikat
            or ind.punya_rumus_rasio
            or ind.tunda_tahun
            or getattr(b, "terkunci", None)
            or jenis_nilai(ind) is JenisAngka.CACAH
            or ind.presisi < 2
        ):
            continue
        r = b.realisasi
        return ind, r.nilai if r else None
    return None, None


def siapkan_pengguna(args):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from sakip.models import OPD, Pengguna, Peran

    operator = {
        u.opd_id: u
        for u in Pengguna.objects.filter(peran=Peran.OPERATOR, username__startswith="operator.opd-").select_related(
            "opd__pemda"
        )
    }
    dipilih = []
    for opd in OPD.objects.filter(pk__in=operator).select_related("pemda").order_by("kode"):
        u = operator[opd.pk]
        if not _periode_terbuka(u, opd, args.tahun, args.periode):
            continue
        ind, nilai = _pilih_sel(opd, args.tahun, args.periode)
        if ind is None:
            continue
        dipilih.append({"username": u.username, "user_id": u.pk, "opd": opd.kode, "indikator": ind.id, "awal": nilai})
        if len(dipilih) == args.pengguna:
            break
    if len(dipilih) < args.pengguna:
        raise SystemExit(
            f"Hanya {len(dipilih)} OPD dengan {args.periode} {args.tahun} terbuka; bangun dataset lebih besar "
            "(--bangun --opd 75: sepertiga OPD make_dataset.py sudah diverifikasi)."
        )
    nama = [d["username"] for d in dipilih]
    with transaction.atomic():
        # One hash for all (the same password): hashing 50 times would cost 50 PBKDF2 runs here.
        Pengguna.objects.filter(username__in=nama).update(password=make_password(args.sandi), is_active=True)
        for m in (AccessAttempt, AccessFailureLog, AccessLog):
            m.objects.filter(username__in=nama).delete()
    for _i, d in enumerate(dipilih):
        # Distinct values, none equal to the stored one: 50,01, 50,02, … (or 10,01, … when stored near 50).
        awal = d["awal"]
        d["dasar"] = Decimal(10) if awal is not None and Decimal(49) <= awal <= Decimal(91) else Decimal(50)
    return dipilih


def potret():
    """Every realisation row as (values); the history row count; PDF jobs per report."""
    from kinerja.models import Realisasi

    baris = {
        pk: rest
        for pk, *rest in Realisasi.objects.values_list(
            "pk",
            "indikator_id",
            "tahun",
            "periode",
            "nilai",
            "nilai_teks",
            "pembilang",
            "penyebut",
            "keterangan_data",
            "revisi",
            "diperbarui",
        )
    }
    return baris, Realisasi.history.count()


# --- the simulated browser ---------------------------------------------------------------------


class Hasil:
    def __init__(self):
        self.catatan = []  # (jenis, ok, detik, pesan)
        self.kunci = threading.Lock()

    def catat(self, jenis, ok, detik, pesan=""):
        with self.kunci:
            self.catatan.append((jenis, ok, detik, pesan))


class Gagal(Exception):
    pass


RE_FORM_GRID = re.compile(rb'<form method="post" enctype="multipart/form-data" id="grid-realisasi".*?</form>', re.S)
RE_INPUT = re.compile(rb"<(input|textarea)\b([^>]*)>(?:(.*?)</textarea>)?", re.S)
RE_ATRIBUT = re.compile(rb'([\w:-]+)(?:="([^"]*)")?')
RE_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _html_teks(b):
    import html

    return html.unescape(b.decode())


def isian_form(halaman):
    """The grid form's controls as a browser sends them: [(name, value or None for a file input)]."""
    m = RE_FORM_GRID.search(halaman)
    if not m:
        raise Gagal("form grid tidak ada")
    isian = []
    for tag, atribut, teks in RE_INPUT.findall(m.group(0)):
        a = {k.decode(): (v.decode() if v is not None else "") for k, v in RE_ATRIBUT.findall(atribut)}
        nama = a.get("name")
        if not nama or "disabled" in a:
            continue
        nama = _html_teks(nama.encode())
        if tag == b"textarea":
            isian.append((nama, _html_teks(teks or b"")))
            continue
        jenis = a.get("type", "text").lower()
        if jenis in ("submit", "button", "image", "reset"):
            continue
        if jenis == "file":
            isian.append((nama, None))
        elif jenis in ("checkbox", "radio"):
            if "checked" in a:
                isian.append((nama, _html_teks(a.get("value", "on").encode())))
        else:
            isian.append((nama, _html_teks(a.get("value", "").encode())))
    return isian


def multipart(isian):
    batas = "----sakipbeban" + uuid.uuid4().hex
    bagian = []
    for nama, nilai in isian:
        if nilai is None:
            bagian.append(
                f'--{batas}\r\nContent-Disposition: form-data; name="{nama}"; filename=""\r\n'
                "Content-Type: application/octet-stream\r\n\r\n\r\n"
            )
        else:
            bagian.append(f'--{batas}\r\nContent-Disposition: form-data; name="{nama}"\r\n\r\n{nilai}\r\n')
    bagian.append(f"--{batas}--\r\n")
    return "".join(bagian).encode(), f"multipart/form-data; boundary={batas}"


class Pengguna:
    def __init__(self, d, args, hasil, rng):
        self.d, self.args, self.hasil, self.rng = d, args, hasil, rng
        self.kuki = {}
        self.urutan = 0
        self.dikirim = []  # (urutan, value text, outcome "ok" | "gagal" | "tak-pasti")
        t, p, kode = args.tahun, args.periode, d["opd"]
        self.url_grid = f"/opd/{kode}/realisasi/{t}/{p}/"
        self.url_dasbor = f"/opd/{kode}/?tahun={t}&periode={p}"
        self.url_laporan = f"/opd/{kode}/laporan/{t}/tahunan/"
        self.url_pdf = self.url_laporan + "pdf/"
        # With --server N each request goes to one of the N servers at random (sessions, CSRF tokens
        # and saves cross servers), drawn from an RNG of its own: the actions and think times stay
        # those of the single-server run.
        self.port_server = [args.port + i for i in range(max(args.server, 1))]
        self.rng_server = random.Random(f"{args.seed}-server-{d['username']}")
        self.port = args.port  # the server of the last request (its Referer)
        self.serentak = False  # --pdf-serentak: "Buat PDF" on two servers at once when the window opens

    def pilih_server(self):
        if len(self.port_server) > 1:
            self.port = self.rng_server.choice(self.port_server)
        return self.port

    def referer(self, url):
        return f"http://127.0.0.1:{self.port}{url}"

    # One request on a fresh connection (gunicorn's sync and gthread workers both serve it).
    def minta(self, jenis, metode, url, body=None, header=None, harap=(200,), port=None):
        port = port or self.pilih_server()
        h = {"Host": f"127.0.0.1:{port}", "User-Agent": "sakip-beban"}
        if self.kuki:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.kuki.items())
        if body is not None:
            h["Content-Length"] = str(len(body))
        h.update(header or {})
        mulai = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(metode, url, body=body, headers=h)
            r = conn.getresponse()
            isi = r.read()
            conn.close()
        except Exception as exc:
            self.hasil.catat(jenis, False, time.perf_counter() - mulai, f"{type(exc).__name__}: {exc}")
            raise Gagal(str(exc)) from None
        detik = time.perf_counter() - mulai
        for nilai in r.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie()
            c.load(nilai)
            for k, m in c.items():
                if m["max-age"] == "0" or m.value == "":
                    self.kuki.pop(k, None)
                else:
                    self.kuki[k] = m.value
        ok = r.status in harap
        self.hasil.catat(jenis, ok, detik, "" if ok else f"{metode} {url} → {r.status}")
        if not ok:
            raise Gagal(f"{metode} {url} → {r.status}")
        return r, isi

    def masuk(self):
        _, isi = self.minta("form-masuk", "GET", "/masuk/")
        token = RE_CSRF.search(isi).group(1).decode()
        body = urlencode(
            {"csrfmiddlewaretoken": token, "username": self.d["username"], "password": self.args.sandi}
        ).encode()
        r, _ = self.minta(
            "masuk",
            "POST",
            "/masuk/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/masuk/"},
            harap=(302,),
        )
        self.minta("beranda", "GET", urlsplit(r.headers["Location"]).path or "/")

    def simpan(self):
        _, halaman = self.minta("grid", "GET", self.url_grid)
        isian = isian_form(halaman)
        self.urutan += 1
        nilai = self.d["dasar"] + Decimal(self.urutan) / 100
        teks = f"{nilai:.2f}".replace(".", ",")
        kunci = f"r-{self.d['indikator']}-nilai"
        if not any(n == kunci for n, _ in isian):
            raise Gagal(f"{kunci} tidak ada di form")
        isian = [(n, teks if n == kunci else v) for n, v in isian]
        r, _ = self.minta("sesi", "GET", "/sesi/", harap=(204,))
        token = r.headers.get("X-CSRFToken")
        isian = [(n, token if n == "csrfmiddlewaretoken" else v) for n, v in isian]
        body, jenis_isi = multipart(isian)
        catatan = [self.urutan, nilai, "tak-pasti"]
        self.dikirim.append(catatan)
        try:
            r, _ = self.minta(
                "simpan",
                "POST",
                self.url_grid,
                body,
                {"Content-Type": jenis_isi, "Referer": self.referer(self.url_grid)},
                harap=(302,),
            )
        except Gagal:
            # A refused form (200) or an error: stored or not is for the database check to tell.
            raise
        catatan[2] = "ok"
        _, halaman = self.minta("grid", "GET", urlsplit(r.headers["Location"]).path)
        if b"Tersimpan: 1 realisasi diperbarui" not in halaman:
            self.hasil.catat("simpan", False, 0, "pesan 'Tersimpan: 1' tidak ada setelah simpan")

    def pdf(self):
        _, halaman = self.minta("laporan", "GET", self.url_laporan)
        self.minta_pdf()

    def minta_pdf(self, port=None):
        token = self.kuki.get("csrftoken", "")
        self.minta(
            "pdf",
            "POST",
            self.url_pdf,
            urlencode({"csrfmiddlewaretoken": token}).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
                "X-CSRFToken": token,
                "Referer": self.referer(self.url_laporan),
            },
            port=port,
        )

    def pdf_serentak(self):
        """ "Buat PDF" of the report on the first two servers at the same moment (two tabs, a
        double click through a load balancer): one job must come of it (`periksa_tugas`)."""
        self.minta("laporan", "GET", self.url_laporan)
        pagar = threading.Barrier(2)

        def kirim(port):
            pagar.wait(timeout=60)
            try:
                self.minta_pdf(port)
            except Gagal:
                pass

        benang = [threading.Thread(target=kirim, args=(self.args.port + i,)) for i in range(2)]
        for b in benang:
            b.start()
        for b in benang:
            b.join(120)

    def aksi(self, nama):
        if nama == "dasbor":
            self.minta("dasbor", "GET", self.url_dasbor)
        elif nama == "grid":
            self.minta("grid", "GET", self.url_grid)
        elif nama == "simpan":
            self.simpan()
        elif nama == "laporan":
            self.minta("laporan", "GET", self.url_laporan)
        elif nama == "pdf":
            self.pdf()

    def jalan(self, jendela, jeda):
        try:
            self.masuk()
        except Gagal:
            pass
        # Everybody signed in (the morning rush, measured as "masuk"); then the window starts together.
        try:
            jendela["pagar"].wait(timeout=600)
        except threading.BrokenBarrierError:
            return
        if self.serentak:
            try:
                self.pdf_serentak()
            except Gagal:
                pass
        time.sleep(self.rng.uniform(0, jeda[1]))
        nama, bobot = list(AKSI), list(AKSI.values())
        while time.time() < jendela["akhir"]:
            try:
                self.aksi(self.rng.choices(nama, bobot)[0])
            except Gagal:
                pass
            time.sleep(self.rng.uniform(*jeda))


# --- gunicorn --------------------------------------------------------------------------------------


def log_server(args, i):
    """The access log of server i (0: --log-akses itself, as with one server; then -2, -3, …)."""
    p = Path(args.log_akses)
    return p if i == 0 else p.with_name(f"{p.stem}-{i + 1}{p.suffix}")


def lingkungan_proses(args):
    """The environment of gunicorn and of the workers: this process's (lingkungan.siapkan)."""
    env = dict(os.environ, PYTHONWARNINGS="ignore:No directory at")  # no collectstatic for benchmarks
    if args.siapkan_detik is not None:
        env["SAKIP_PDF_SIAPKAN_DETIK"] = str(args.siapkan_detik)
    return env


def mulai_gunicorn(args, i=0):
    port = args.port + i
    akses = log_server(args, i)
    akses.parent.mkdir(parents=True, exist_ok=True)
    akses.unlink(missing_ok=True)
    perintah = [
        str(lingkungan.AKAR / ".venv" / "bin" / "gunicorn"),
        "sakip.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.worker),
        "--worker-class",
        "gthread" if args.threads > 1 else "sync",
        "--threads",
        str(args.threads),
        "--timeout",
        "120",
        "--access-logfile",
        str(akses),
        "--access-logformat",
        "%(m)s %(U)s %(s)s %(D)s",
        "--log-level",
        "warning",
    ]
    nama_log = "beban-gunicorn.log" if i == 0 else f"beban-gunicorn-{i + 1}.log"
    log = open(akses.with_name(nama_log), "w")  # noqa: SIM115 - open while it runs
    proses = subprocess.Popen(
        perintah, cwd=args.akar or lingkungan.AKAR, env=lingkungan_proses(args), stdout=log, stderr=log
    )
    batas = time.time() + 60
    while time.time() < batas:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/masuk/")
            if conn.getresponse().status == 200:
                return proses
        except OSError:
            time.sleep(0.3)
    proses.kill()
    raise SystemExit(f"gunicorn di port {port} tidak menjawab dalam 60 s")


def mulai_pekerja(args, i):
    """One task worker as production runs it (`manage.py pekerja`, docs/tugas-latar.md), with
    gunicorn's environment; its log in bench/hasil/beban-pekerja-N.log."""
    akar = Path(args.akar) if args.akar else lingkungan.AKAR
    perintah = [str(lingkungan.AKAR / ".venv" / "bin" / "python"), str(akar / "manage.py"), "pekerja"]
    log = open(Path(args.log_akses).with_name(f"beban-pekerja-{i + 1}.log"), "w")  # noqa: SIM115
    return subprocess.Popen(perintah, cwd=akar, env=lingkungan_proses(args), stdout=log, stderr=log)


def antrean_tugas():
    """(BerkasPDF waiting or running, SiapkanPdf scheduled, task results READY or RUNNING)."""
    from django_tasks_db.models import DBTaskResult

    from laporan.models import BerkasPDF, SiapkanPdf

    return (
        BerkasPDF.objects.filter(status__in=[BerkasPDF.Status.ANTRE, BerkasPDF.Status.PROSES]).count(),
        SiapkanPdf.objects.filter(antre=True).count(),
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count(),
    )


def tunggu_pekerja(args):
    """After the load: wait (at most --tunggu-pekerja s) until no PDF job, no scheduled preparation
    and no task is waiting or running. Returns (seconds waited, what was left)."""
    from django.db import connection

    mulai = time.time()
    sisa = antrean_tugas()
    while any(sisa) and time.time() - mulai < args.tunggu_pekerja:
        time.sleep(2)
        sisa = antrean_tugas()
    connection.close()
    return time.time() - mulai, sisa


def henti(proses):
    proses.send_signal(signal.SIGTERM)
    try:
        proses.wait(30)
    except subprocess.TimeoutExpired:
        proses.kill()
        proses.wait()


# --- after the run ---------------------------------------------------------------------------------


def periksa(args, dipilih, pengguna, sebelum, riwayat_sebelum):
    """Lost and duplicated writes, other cells changed, PDF jobs, axes lockouts."""
    from axes.models import AccessAttempt
    from django.db.models import Count, Q

    from kinerja.models import Realisasi
    from laporan.models import BerkasPDF

    sesudah, riwayat_sesudah = potret()
    sel = {}
    for d, u in zip(dipilih, pengguna, strict=True):
        sel[(d["indikator"], args.tahun, args.periode)] = (d, u)
    laporan = {"sel_diperiksa": len(sel), "hilang": 0, "ganda": 0, "tak_pasti": 0, "sel_lain_berubah": 0, "rincian": []}
    per_sel = {(v[0], v[1], v[2]): v for v in sebelum.values()}
    riwayat = collections.defaultdict(list)
    for ind, nilai, _jenis in (
        Realisasi.history.filter(
            indikator_id__in=[d["indikator"] for d in dipilih], tahun=args.tahun, periode=args.periode
        )
        .order_by("history_date", "history_id")
        .values_list("indikator_id", "nilai", "history_type")
    ):
        riwayat[ind].append(nilai)
    for (ind, t, p), (d, u) in sel.items():
        ok = [c for c in u.dikirim if c[2] == "ok"]
        ragu = [c for c in u.dikirim if c[2] != "ok"]
        laporan["tak_pasti"] += len(ragu)
        r = Realisasi.objects.filter(indikator_id=ind, tahun=t, periode=p).first()
        lama = per_sel.get((ind, t, p))
        revisi_awal = lama[8] if lama else -1  # a new row starts at revisi 1 after its first save
        nilai_akhir = r.nilai if r else None
        harap = ok[-1][1] if ok else d["awal"]
        tambahan = riwayat[ind][-(len(ok) + len(ragu)) :] if (ok or ragu) else []
        baru_riwayat = len(riwayat[ind]) - sum(1 for v in sebelum_riwayat_sel(ind, t, p))
        salah = []
        if not ragu and nilai_akhir != harap:
            salah.append(f"nilai akhir {nilai_akhir} ≠ simpan terakhir {harap}")
            laporan["hilang"] += 1
        if ragu and nilai_akhir not in [harap] + [c[1] for c in ragu]:
            salah.append(f"nilai akhir {nilai_akhir} bukan simpan mana pun")
            laporan["hilang"] += 1
        geser = (r.revisi if r else 0) - max(revisi_awal, 0)
        if not ragu and geser != len(ok):
            salah.append(f"revisi bergeser {geser}, simpan diakui {len(ok)}")
            laporan["ganda" if geser > len(ok) else "hilang"] += 1
        if not ragu and baru_riwayat != len(ok):
            salah.append(f"riwayat +{baru_riwayat}, simpan diakui {len(ok)}")
            laporan["ganda" if baru_riwayat > len(ok) else "hilang"] += 1
        if not ragu and ok and tambahan != [c[1] for c in ok]:
            salah.append("urutan riwayat ≠ urutan simpan")
            laporan["hilang"] += 1
        if salah:
            laporan["rincian"].append(f"{d['opd']} indikator {ind}: " + "; ".join(salah))
    kunci_sel = set(sel)
    for pk, v in sesudah.items():
        if (v[0], v[1], v[2]) in kunci_sel:
            continue
        if sebelum.get(pk) != v:
            laporan["sel_lain_berubah"] += 1
    laporan["baris_baru_lain"] = sum(
        1 for pk, v in sesudah.items() if pk not in sebelum and (v[0], v[1], v[2]) not in kunci_sel
    )
    laporan["baris_hilang"] = len(set(sebelum) - set(sesudah))
    laporan["riwayat_baru"] = riwayat_sesudah - riwayat_sebelum
    laporan["simpan_diakui"] = sum(1 for u in pengguna for c in u.dikirim if c[2] == "ok")
    laporan["pdf_antre_ganda"] = (
        BerkasPDF.objects.filter(status__in=[BerkasPDF.Status.ANTRE, BerkasPDF.Status.PROSES])
        .values("laporan_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    laporan["pdf_antre"] = BerkasPDF.objects.filter(
        Q(status=BerkasPDF.Status.ANTRE) | Q(status=BerkasPDF.Status.PROSES)
    ).count()
    nama = [d["username"] for d in dipilih]
    laporan["axes_gagal"] = AccessAttempt.objects.filter(username__in=nama).count()
    return laporan


def periksa_tugas(args, mulai_run, pdf_terakhir):
    """With --pekerja: every job ran once. From django-tasks-db's result rows (DBTaskResult:
    status, worker_ids = the workers that claimed it) and the PDF rows of the run:

    * no task of the run left READY or RUNNING, none FAILED, each claimed by exactly one worker;
    * each PDF job made in the run (BerkasPDF, pk > pdf_terakhir) finished (selesai), and was finished by exactly
      one task: one buat_pdf result returning "selesai" for its pk (a second delivery returns
      "dilewati"), or, for a PDF prepared in the background (no id_tugas), one siapkan_pdf result of
      its report that returned "selesai" while the PDF was finished;
    * no report rendered twice from the same data and templates (two jobs made at once);
    * the number of distinct workers that ran tasks (each of --pekerja should have worked)."""
    from django_tasks_db.models import DBTaskResult

    from laporan.models import BerkasPDF

    hasil = list(
        DBTaskResult.objects.filter(enqueued_at__gte=mulai_run).values(
            "id", "status", "task_path", "worker_ids", "args_kwargs", "return_value", "started_at", "finished_at"
        )
    )
    c = {
        "tugas": len(hasil),
        "per_jenis": dict(collections.Counter(h["task_path"].rsplit(".", 1)[-1] for h in hasil)),
        "per_status": dict(collections.Counter(h["status"] for h in hasil)),
        "hasil_per_jenis": dict(
            collections.Counter(f"{h['task_path'].rsplit('.', 1)[-1]}:{h['return_value']}" for h in hasil)
        ),
        "rincian": [],
    }
    c["tersisa"] = sum(1 for h in hasil if h["status"] in ("READY", "RUNNING"))
    c["gagal"] = sum(1 for h in hasil if h["status"] == "FAILED")
    selesai = [h for h in hasil if h["status"] not in ("READY", "RUNNING")]
    c["pekerja_tidak_satu"] = sum(1 for h in selesai if len(h["worker_ids"]) != 1)
    for h in selesai:
        if len(h["worker_ids"]) != 1:
            c["rincian"].append(f"tugas {h['id']} ({h['task_path']}) diambil oleh {h['worker_ids']}")
    per_pekerja = collections.Counter(w for h in selesai for w in h["worker_ids"])
    c["per_pekerja"] = dict(per_pekerja)
    c["pekerja_berbeda"] = len(per_pekerja)

    def argumen(h):
        return (h["args_kwargs"].get("args") or [None])[0]

    buat = collections.defaultdict(list)
    siapkan = collections.defaultdict(list)
    for h in hasil:
        if h["return_value"] != BerkasPDF.Status.SELESAI:
            continue
        if h["task_path"].endswith(".buat_pdf"):
            buat[argumen(h)].append(h)
        elif h["task_path"].endswith(".siapkan_pdf"):
            siapkan[argumen(h)].append(h)
    pdf = list(BerkasPDF.objects.filter(pk__gt=pdf_terakhir))
    # A PDF of an earlier run that "Buat PDF" answered with (finished before this run).
    c["pdf_lama_diminta"] = BerkasPDF.objects.filter(pk__lte=pdf_terakhir, diminta_pada__gte=mulai_run).count()
    c["pdf"] = len(pdf)
    c["pdf_per_status"] = dict(collections.Counter(b.status for b in pdf))
    c["pdf_latar"] = sum(1 for b in pdf if not b.id_tugas)  # prepared in the background (laporan.siaga)
    c["pdf_latar_diambil"] = sum(1 for b in pdf if not b.id_tugas and not b.otomatis)  # then asked for
    c["pdf_tidak_selesai"] = sum(1 for b in pdf if b.status != BerkasPDF.Status.SELESAI)
    c["pdf_tidak_sekali"] = 0
    for b in pdf:
        if b.status != BerkasPDF.Status.SELESAI:
            c["rincian"].append(f"PDF #{b.pk} laporan {b.laporan_id}: {b.status} {b.tahap} {b.pesan[:200]}")
            continue
        # Its buat_pdf task, or the background preparation of its report running when it finished
        # (a PDF being prepared that "Buat PDF" found waiting also got a buat_pdf task: "dilewati").
        oleh = buat.get(b.pk, []) + [
            h
            for h in siapkan.get(b.laporan_id, [])
            if h["started_at"] and h["finished_at"] and h["started_at"] <= b.selesai_pada <= h["finished_at"]
        ]
        if len(oleh) != 1:
            c["pdf_tidak_sekali"] += 1
            c["rincian"].append(f"PDF #{b.pk} laporan {b.laporan_id} diselesaikan oleh {len(oleh)} tugas")
        elif b.id_tugas and str(oleh[0]["id"]) != b.id_tugas:
            c["rincian"].append(
                f"PDF #{b.pk}: selesai oleh tugas {oleh[0]['id']}, id_tugas {b.id_tugas} (diantrekan ulang)"
            )
    # The same report rendered twice from the same data: two jobs raced past "one is on its way"
    # (two servers taking "Buat PDF" at once made two jobs before laporan.cetak.kunci_laporan).
    sama = collections.Counter(
        (b.laporan_id, b.sidik_data, b.sidik_cetak) for b in pdf if b.status == BerkasPDF.Status.SELESAI
    )
    c["pdf_data_sama"] = sum(n - 1 for n in sama.values() if n > 1)
    # Every buat_pdf that returned "selesai" belongs to one PDF, and no PDF got two of them.
    c["pdf_dua_kali"] = sum(1 for v in buat.values() if len(v) > 1)
    c["siapkan_dua_kali_bersamaan"] = 0
    for v in siapkan.values():
        v = sorted(v, key=lambda h: h["started_at"])
        c["siapkan_dua_kali_bersamaan"] += sum(
            1 for x, y in zip(v, v[1:], strict=False) if y["started_at"] < x["finished_at"]
        )
    c["galat"] = (
        c["tersisa"]
        + c["gagal"]
        + c["pekerja_tidak_satu"]
        + c["pdf_tidak_selesai"]
        + c["pdf_tidak_sekali"]
        + c["pdf_dua_kali"]
        + c["pdf_data_sama"]
        + (1 if c["pekerja_berbeda"] < args.pekerja else 0)
    )
    return c


_RIWAYAT_AWAL = {}


def sebelum_riwayat_sel(ind, t, p):
    return _RIWAYAT_AWAL.get((ind, t, p), [])


def catat_riwayat_awal(dipilih, args):
    from kinerja.models import Realisasi

    for ind, nilai in Realisasi.history.filter(
        indikator_id__in=[d["indikator"] for d in dipilih], tahun=args.tahun, periode=args.periode
    ).values_list("indikator_id", "nilai"):
        _RIWAYAT_AWAL.setdefault((ind, args.tahun, args.periode), []).append(nilai)


def ukur_kueri(args, d):
    """Each kind once in this process (Django's test client, the first operator): queries and time."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sakip.models import Pengguna

    c = Client()
    c.force_login(Pengguna.objects.get(username=d["username"]))
    t, p, kode = args.tahun, args.periode, d["opd"]
    url_grid = f"/opd/{kode}/realisasi/{t}/{p}/"
    url_laporan = f"/opd/{kode}/laporan/{t}/tahunan/"
    langkah = [
        ("beranda", lambda: c.get("/")),
        ("dasbor", lambda: c.get(f"/opd/{kode}/?tahun={t}&periode={p}")),
        ("grid", lambda: c.get(url_grid)),
        ("laporan", lambda: c.get(url_laporan)),
        ("pdf", lambda: c.post(url_laporan + "pdf/", HTTP_HX_REQUEST="true")),
    ]

    def simpan():
        isian = isian_form(c.get(url_grid).content)
        nilai = d["dasar"] + Decimal(random.randint(1, 99)) / 100
        kunci = f"r-{d['indikator']}-nilai"
        data = collections.defaultdict(list)
        for n, v in isian:
            if v is not None:
                data[n].append(f"{nilai:.2f}".replace(".", ",") if n == kunci else v)
        with CaptureQueriesContext(connection) as ctx:
            mulai = time.perf_counter()
            r = c.post(url_grid, dict(data))
            detik = time.perf_counter() - mulai
        assert r.status_code == 302, r.status_code
        return detik, len(ctx.captured_queries)

    for nama, f in langkah:
        f()  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            mulai = time.perf_counter()
            r = f()
            detik = time.perf_counter() - mulai
        assert r.status_code == 200, (nama, r.status_code)
        print(f"  {nama:<9} {detik * 1000:7.0f} ms {len(ctx.captured_queries):5} kueri", flush=True)
        if args.profil == nama:
            prof = cProfile.Profile()
            prof.runcall(f)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    simpan()
    detik, n = simpan()
    print(f"  {'simpan':<9} {detik * 1000:7.0f} ms {n:5} kueri")


# --- report ----------------------------------------------------------------------------------------


def persentil(data, p):
    if not data:
        return None
    data = sorted(data)
    k = (len(data) - 1) * p
    f = int(k)
    return data[f] if f + 1 >= len(data) else data[f] + (data[f + 1] - data[f]) * (k - f)


POLA_SERVER = [
    ("masuk", re.compile(r"^POST /masuk/$")),
    ("form-masuk", re.compile(r"^GET /masuk/$")),
    ("beranda", re.compile(r"^GET /$")),
    ("sesi", re.compile(r"^GET /sesi/$")),
    ("simpan", re.compile(r"^POST /opd/[^/]+/realisasi/")),
    ("grid", re.compile(r"^GET /opd/[^/]+/realisasi/")),
    ("pdf", re.compile(r"^POST /opd/[^/]+/laporan/.*/pdf/$")),
    ("laporan", re.compile(r"^GET /opd/[^/]+/laporan/")),
    ("dasbor", re.compile(r"^GET /opd/[^/]+/$")),
]


def waktu_server(path):
    hasil = collections.defaultdict(list)
    p = Path(path)
    if not p.exists():
        return hasil
    for baris in p.read_text().splitlines():
        bagian = baris.split()
        if len(bagian) != 4:
            continue
        metode, url, _, mikro = bagian
        for jenis, pola in POLA_SERVER:
            if pola.match(f"{metode} {url}"):
                hasil[jenis].append(int(mikro) / 1e6)
                break
    return hasil


def tabel(hasil, server, lama):
    per = collections.defaultdict(list)
    galat = collections.Counter()
    contoh = {}
    for jenis, ok, detik, pesan in hasil.catatan:
        if jenis == "—mulai—":
            continue
        if detik:
            per[jenis].append(detik)
        if not ok:
            galat[jenis] += 1
            contoh.setdefault(jenis, pesan)
    baris = []
    print(
        f"\n  {'jenis':<9} {'permintaan':>10} {'galat':>6} {'p50 ms':>8} {'p95 ms':>8} {'maks ms':>8}"
        f" {'server p50':>11} {'server p95':>11}"
    )
    for jenis in JENIS:
        w = per.get(jenis, [])
        s = server.get(jenis, [])
        b = {
            "jenis": jenis,
            "permintaan": len(w),
            "galat": galat[jenis],
            "p50_ms": round(persentil(w, 0.5) * 1000) if w else None,
            "p95_ms": round(persentil(w, 0.95) * 1000) if w else None,
            "maks_ms": round(max(w) * 1000) if w else None,
            "server_p50_ms": round(persentil(s, 0.5) * 1000) if s else None,
            "server_p95_ms": round(persentil(s, 0.95) * 1000) if s else None,
        }
        baris.append(b)

        def f(x):
            return "-" if x is None else str(x)

        print(
            f"  {jenis:<9} {b['permintaan']:>10} {b['galat']:>6} {f(b['p50_ms']):>8} {f(b['p95_ms']):>8}"
            f" {f(b['maks_ms']):>8} {f(b['server_p50_ms']):>11} {f(b['server_p95_ms']):>11}"
        )
    penanda = next((i for i, c in enumerate(hasil.catatan) if c[0] == "—mulai—"), 0)
    semua = [c for c in hasil.catatan[penanda + 1 :] if c[2]]
    print(
        f"  {len(semua)} permintaan dalam jendela {lama:.0f} s ({len(semua) / lama:.1f}/s), galat {sum(galat.values())}"
    )
    for jenis, pesan in contoh.items():
        print(f"  contoh galat {jenis}: {pesan}")
    baris.append({"jenis": "jendela", "permintaan": len(semua), "per_detik": round(len(semua) / lama, 2)})
    return baris


def main(argv=None):
    args = parser().parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or URL_BAWAAN
    if not url.startswith("postgres"):
        raise SystemExit("Uji beban butuh PostgreSQL (BENCH_DATABASE_URL=postgres://…).")
    if args.bangun:
        bangun = [sys.executable, str(lingkungan.BENCH / "make_dataset.py"), "--opd", str(args.opd)]
        if args.indikator is not None:
            bangun += ["--indikator", str(args.indikator)]
        if args.sub_kegiatan is not None:
            bangun += ["--sub-kegiatan", str(args.sub_kegiatan)]
        subprocess.run([*bangun, "--database-url", url], check=True)
    lingkungan.siapkan(url)
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    from django.db import connection

    jeda = tuple(float(x) for x in args.jeda.split(","))
    dipilih = siapkan_pengguna(args)
    from django.core.cache import caches

    caches["laporan"].clear()  # every run starts with no report body kept (laporan.views.dokumen_layar)
    if args.kueri:
        return ukur_kueri(args, dipilih[0])
    sebelum, riwayat_sebelum = potret()
    catat_riwayat_awal(dipilih, args)
    from django.utils import timezone

    from laporan.models import BerkasPDF

    mulai_run = timezone.now()  # tasks and PDF jobs from here on are the run's
    pdf_terakhir = BerkasPDF.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()  # no connection of ours open during the load

    cpu = os.cpu_count()
    print(
        f"Uji beban SAKIP — {lingkungan.nama_basis_data(url)}, {len(dipilih)} operator, {args.detik:.0f} s, "
        f"jeda {jeda[0]}–{jeda[1]} s, "
        + (f"{args.server} server × " if args.server > 1 else "")
        + f"gunicorn {args.worker} proses × {args.threads} thread, "
        + (f"{args.pekerja} pekerja, " if args.pekerja else "")
        + (f"SAKIP_PDF_SIAPKAN_DETIK={args.siapkan_detik}, " if args.siapkan_detik is not None else "")
        + f"{cpu} inti, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    gunicorn, pekerja = [], []
    try:
        for i in range(max(args.server, 1)):
            gunicorn.append(mulai_gunicorn(args, i))
        pekerja = [mulai_pekerja(args, i) for i in range(args.pekerja)]
    except BaseException:
        for pr in gunicorn + pekerja:
            henti(pr)
        raise
    hasil = Hasil()
    rng = random.Random(args.seed)
    pengguna = [Pengguna(d, args, hasil, random.Random(rng.random())) for d in dipilih]
    if args.server > 1:
        for u in pengguna[: args.pdf_serentak]:
            u.serentak = True
    try:
        jendela = {}

        def buka():
            # Run by the last thread to pass the barrier: the measured window starts now.
            hasil.catat("—mulai—", True, 0)
            jendela["mulai"] = time.time()
            jendela["akhir"] = jendela["mulai"] + args.detik

        jendela["pagar"] = threading.Barrier(len(pengguna), action=buka)
        benang = []
        for u in pengguna:
            # Logins are spread over 0.1 s steps (a PBKDF2 hash each).
            t = threading.Thread(target=u.jalan, args=(jendela, jeda), daemon=True)
            t.start()
            benang.append(t)
            time.sleep(0.1)
        for t in benang:
            t.join(timeout=args.detik + 900)
        lama = time.time() - jendela.get("mulai", time.time())
        beban_mesin = os.getloadavg()
    finally:
        for pr in gunicorn:
            henti(pr)
        if pekerja:
            try:
                tunggu = tunggu_pekerja(args)
                beban_pekerja = os.getloadavg()
            finally:
                for pr in pekerja:
                    henti(pr)
    server = collections.defaultdict(list)
    for i in range(len(gunicorn)):
        for jenis, w in waktu_server(log_server(args, i)).items():
            server[jenis].extend(w)
    baris = tabel(hasil, server, lama)
    print(f"  load average mesin di akhir beban (1/5/15 min): {' / '.join(f'{x:.1f}' for x in beban_mesin)}")
    cek = periksa(args, dipilih, pengguna, sebelum, riwayat_sebelum)
    print(
        f"\n  Tulis: {cek['simpan_diakui']} simpan diakui di {cek['sel_diperiksa']} sel; hilang {cek['hilang']}, "
        f"ganda {cek['ganda']}, tak pasti (galat saat POST) {cek['tak_pasti']}; sel lain berubah "
        f"{cek['sel_lain_berubah']}, baris baru lain {cek['baris_baru_lain']}, baris hilang {cek['baris_hilang']}; "
        f"riwayat baru {cek['riwayat_baru']}"
    )
    print(
        f"  PDF: {cek['pdf_antre']} tugas antre, laporan dengan >1 tugas antre {cek['pdf_antre_ganda']}; "
        f"axes: {cek['axes_gagal']} catatan gagal masuk"
    )
    for r in cek["rincian"][:20]:
        print("  ! " + r)
    if pekerja:
        t = cek["tugas"] = periksa_tugas(args, mulai_run, pdf_terakhir)
        t["tunggu_detik"], t["sisa_saat_berhenti"] = round(tunggu[0], 1), tunggu[1]
        t["load_average_setelah_tunggu"] = beban_pekerja
        print(
            f"\n  Pekerja: antrean kosong {t['tunggu_detik']:.0f} s setelah beban (sisa PDF/jadwal/tugas: "
            f"{'/'.join(map(str, tunggu[1]))}); load average {' / '.join(f'{x:.1f}' for x in beban_pekerja)}"
        )
        print(
            f"  Tugas: {t['tugas']} ({', '.join(f'{k} {v}' for k, v in sorted(t['hasil_per_jenis'].items()))}); "
            f"tersisa READY/RUNNING {t['tersisa']}, FAILED {t['gagal']}, "
            f"diambil ≠ 1 pekerja {t['pekerja_tidak_satu']}; "
            f"{t['pekerja_berbeda']} pekerja bekerja ({', '.join(str(v) for v in t['per_pekerja'].values())} tugas)"
        )
        print(
            f"  PDF dibuat dalam run: {t['pdf']} ({t['pdf_per_status']}; disiapkan di latar {t['pdf_latar']}, "
            f"di antaranya diambil lewat Buat PDF {t['pdf_latar_diambil']}); tidak selesai {t['pdf_tidak_selesai']}, "
            f"tidak tepat sekali {t['pdf_tidak_sekali']}, buat_pdf 'selesai' dua kali {t['pdf_dua_kali']}, "
            f"penyiapan bersamaan {t['siapkan_dua_kali_bersamaan']}, PDF kedua dari data yang sama "
            f"{t['pdf_data_sama']}; PDF run sebelumnya yang diminta lagi "
            f"{t['pdf_lama_diminta']}"
        )
        for r in t["rincian"][:20]:
            print("  ! " + r)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "tanggal": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    "pengguna": len(dipilih),
                    "detik": args.detik,
                    "jeda": jeda,
                    "gunicorn": {"worker": args.worker, "threads": args.threads, "server": args.server},
                    "pekerja": args.pekerja,
                    "siapkan_detik": args.siapkan_detik,
                    "inti": cpu,
                    "load_average": beban_mesin,
                    "hasil": baris,
                    "cek": cek,
                },
                indent=2,
                default=str,
            )
        )
    gagal = sum(b.get("galat", 0) for b in baris) + cek["hilang"] + cek["ganda"] + cek["sel_lain_berubah"]
    gagal += cek.get("tugas", {}).get("galat", 0)
    return 1 if gagal else 0


if __name__ == "__main__":
    sys.exit(main())
