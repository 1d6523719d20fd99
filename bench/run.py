"""Run every benchmark on the dataset of bench/make_dataset.py and print the figures.

    .venv/bin/python bench/run.py                     # SQLite bench/bench.sqlite3
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sakip_bench .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --ulang 3 --hanya grid,pemda --json hasil.json

Pages are requested in-process with Django's test client (force_login, production settings),
timed with perf_counter (median of --ulang runs after one warm-up) and their queries counted with
CaptureQueriesContext. The PDF benchmarks run in a child process each, so their peak memory
(ru_maxrss) belongs to that render alone; headless Chromium prints the same HTML as a peer.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import lingkungan  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAG_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
]
SEMUA = ["grid", "dasbor", "pemda", "laporan", "pdf", "workbook", "pekerja"]


def ukur(fungsi, ulang, pemanasan=1):
    """(median seconds, queries of the last run, last result) of `fungsi()`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log = collections.deque(maxlen=10**7)  # the default keeps only 9000
    for _ in range(pemanasan):
        fungsi()
    waktu, kueri, hasil = [], 0, None
    for _ in range(ulang):
        with CaptureQueriesContext(connection) as ctx:
            mulai = time.perf_counter()
            hasil = fungsi()
            waktu.append(time.perf_counter() - mulai)
        kueri = len(ctx.captured_queries)
    return statistics.median(waktu), kueri, hasil


class Konteks:
    def __init__(self, args):
        from kinerja.models import ItemPK
        from sakip.models import OPD, Pengguna

        self.args = args
        self.tahun = args.tahun
        self.opd = OPD.objects.select_related("pemda").get(kode=args.opd)
        # The largest office: the most PK indicators in the report year.
        kode_terbesar = (
            ItemPK.objects.filter(perjanjian__tahun=self.tahun, perjanjian__versi=0)
            .values_list("perjanjian__opd__kode")
            .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
            .order_by("-n", "perjanjian__opd__kode")
            .first()[0]
        )
        self.terbesar = OPD.objects.select_related("pemda").get(kode=kode_terbesar)
        self.jumlah_opd = OPD.objects.filter(pemda=self.opd.pemda).count()
        self.operator = Pengguna.objects.get(username=f"operator.{self.opd.kode}")
        self.reviewer = Pengguna.objects.get(username="reviewer.bench")
        self.hasil = []

    def klien(self, user):
        from django.test import Client

        c = Client()
        c.force_login(user)
        return c

    def catat(self, nama, detik, kueri=None, catatan=""):
        baris = {"nama": nama, "detik": round(detik, 4), "kueri": kueri, "catatan": catatan}
        self.hasil.append(baris)
        kolom_kueri = "" if kueri is None else f"{kueri:>6} kueri"
        print(f"  {nama:<48} {detik * 1000:>10.1f} ms {kolom_kueri:>12}  {catatan}", flush=True)


def _isian_grid(opd, tahun, periode, putaran):
    """POST data that changes every row of the grid (what an operator saving a full quarter sends)."""
    from kinerja.entri import baris_entri, isian_awal, jenis_nilai
    from sakip.angka import JenisAngka

    _, baris = baris_entri(opd, tahun, periode)
    komposit = {b.komponen_dari.id for b in baris if b.komponen_dari is not None}
    data = isian_awal(baris)
    for b in baris:
        ind, awalan = b.indikator, f"r-{b.indikator.id}-"
        if ind.id in komposit:
            continue  # a composite's value is the mean of its components
        data[awalan + "keterangan"] = f"Putaran {putaran}"
        if ind.predikat:
            data[awalan + "nilai"] = ["B", "BB", "A"][putaran % 3]
        elif ind.punya_rumus_rasio:
            data[awalan + "pembilang"] = str(900 + putaran)
            data[awalan + "penyebut"] = "1000"
        elif jenis_nilai(ind) is JenisAngka.CACAH:
            data[awalan + "nilai"] = str(50 + putaran % 40)  # a count has no decimals
        else:
            data[awalan + "nilai"] = f"{50 + putaran % 40},{putaran % 100:02d}"
    return data, len(baris) - len(komposit)


def bench_grid(k):
    from urllib.parse import urlencode

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    periode = "TW3"
    putaran = [0]
    for opd, label in ((k.opd, ""), (k.terbesar, " (OPD terbesar)")):
        if label and opd == k.opd:
            continue
        url = reverse("realisasi_grid", args=[opd.kode, k.tahun, periode])
        c = k.klien(opd.pengguna_set.get(peran="operator") if label else k.operator)
        detik, kueri, r = ukur(lambda c=c, url=url: c.get(url), k.args.ulang)
        assert r.status_code == 200, r.status_code
        n_baris = len(re.findall(rb'name="r-\d+-keterangan"', r.content))
        k.catat(f"Grid realisasi{label}: muat (GET)", detik, kueri, f"{opd.kode} {periode} {k.tahun}, {n_baris} baris")
        # As the browser sends it: URL-encoded when no evidence file is chosen (sesi.js), multipart
        # with one.
        for nama, multipart in (("", False), (", multipart", True)):
            waktu, kueri_post = [], 0
            for i in range(k.args.ulang + 1):
                putaran[0] += 1
                data, n = _isian_grid(opd, k.tahun, periode, putaran[0])
                with CaptureQueriesContext(connection) as ctx:
                    mulai = time.perf_counter()
                    if multipart:
                        r = c.post(url, data)
                    else:
                        r = c.post(url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")
                    dt = time.perf_counter() - mulai
                assert r.status_code == 302, (r.status_code, r.content[:2000])
                if i:
                    waktu.append(dt)
                kueri_post = len(ctx.captured_queries)
            k.catat(
                f"Grid realisasi{label}: simpan semua baris (POST{nama})",
                statistics.median(waktu),
                kueri_post,
                f"{n} baris diubah tiap kali",
            )


def bench_dasbor(k):
    from django.urls import reverse

    c = k.klien(k.operator)
    url = reverse("opd_detail", args=[k.opd.kode]) + f"?tahun={k.tahun}&periode=TW3"
    detik, kueri, r = ukur(lambda: c.get(url), k.args.ulang)
    assert r.status_code == 200
    k.catat("Dasbor OPD (/opd/<kode>/)", detik, kueri, f"{k.opd.kode} TW3 {k.tahun}")
    c = k.klien(k.terbesar.pengguna_set.get(peran="operator"))
    url = reverse("opd_detail", args=[k.terbesar.kode]) + f"?tahun={k.tahun}&periode=TW3"
    detik, kueri, r = ukur(lambda: c.get(url), k.args.ulang)
    assert r.status_code == 200
    k.catat("Dasbor OPD terbesar", detik, kueri, f"{k.terbesar.kode} TW3 {k.tahun}")


def bench_pemda(k):
    from django.urls import reverse

    c = k.klien(k.reviewer)
    for periode in ("TAHUN", "TW3"):
        url = reverse("beranda") + f"?tahun={k.tahun}&periode={periode}"
        detik, kueri, r = ukur(lambda url=url: c.get(url), k.args.ulang)
        assert r.status_code == 200
        k.catat(f"Dasbor Pemda (/ reviewer, {periode})", detik, kueri, f"{k.jumlah_opd} OPD")


def bench_laporan(k):
    from django.urls import reverse

    from laporan.bab import susun_laporan
    from laporan.cetak import html_cetak

    c = k.klien(k.operator)
    url = reverse("laporan", args=[k.opd.kode, k.tahun, "tahunan"])
    detik, kueri, r = ukur(lambda: c.get(url), k.args.ulang)
    assert r.status_code == 200, r.status_code
    k.catat("Laporan HTML (halaman)", detik, kueri, f"{k.opd.kode} {k.tahun}, {len(r.content) // 1024} KiB")
    detik, kueri, data = ukur(lambda: susun_laporan(k.opd, k.tahun, "TAHUN"), k.args.ulang)
    k.catat("Laporan: susun data (susun_laporan)", detik, kueri, "")
    detik, kueri, html = ukur(lambda: html_cetak(data), k.args.ulang)
    k.catat("Laporan: HTML cetak (html_cetak)", detik, kueri, f"{len(html) // 1024} KiB")


def _halaman_pdf(isi):
    return len(re.findall(rb"/Type\s*/Page[^s]", isi))


def _chromium(html, ulang):
    """Median seconds, pages and peak RSS of headless Chromium printing `html`, or None."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        sumber, keluaran = Path(tmp) / "laporan.html", Path(tmp) / "laporan.pdf"
        sumber.write_text(html, encoding="utf-8")
        waktu = []
        for _ in range(ulang):
            keluaran.unlink(missing_ok=True)
            mulai = time.perf_counter()
            subprocess.run(
                [
                    CHROMIUM,
                    *FLAG_CHROMIUM,
                    f"--user-data-dir={tmp}/profil",
                    f"--print-to-pdf={keluaran}",
                    sumber.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            waktu.append(time.perf_counter() - mulai)
        return {
            "chromium_detik": statistics.median(waktu),
            "chromium_halaman": _halaman_pdf(keluaran.read_bytes()),
            # The largest single Chromium process (renderer); measured before WeasyPrint runs here,
            # since a forked child starts with this process's RSS.
            "chromium_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }


def anak_pdf(args):
    """Child process: one office's PDF by one engine (--mesin); prints JSON.

    chromium: headless Chromium prints the whole print HTML (html_cetak).
    weasy: the PDF as the worker builds it (laporan/pdf.py) from an empty piece cache, with all
    cores and with one; the same after one sasaran's narrative changed (warm cache); and the whole
    print HTML laid out by WeasyPrint as one document, as before the pieces."""
    import tracemalloc

    from django.conf import settings
    from django.db import transaction

    from laporan.bab import susun_laporan
    from laporan.cetak import html_cetak, pdf_laporan
    from laporan.models import Bagian, Narasi
    from laporan.pdf import jumlah_proses
    from sakip.models import OPD

    opd = OPD.objects.select_related("pemda").get(kode=args.anak_pdf)
    ulang = args.ulang_pdf
    mulai = time.perf_counter()
    data = susun_laporan(opd, args.tahun, "TAHUN")
    html = html_cetak(data)
    t_html = time.perf_counter() - mulai
    if args.mesin == "chromium":
        print(json.dumps({"opd": opd.kode, "html_detik": t_html, **(_chromium(html, ulang) or {})}))
        return
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-cetak-"))
    settings.SAKIP_CACHE_CETAK = cache

    def dingin(proses=None):
        shutil.rmtree(cache, ignore_errors=True)
        mulai = time.perf_counter()
        isi, halaman = pdf_laporan(data, proses=proses)
        return time.perf_counter() - mulai, isi, halaman

    waktu, isi, halaman = [], b"", 0
    for _ in range(ulang):
        detik, isi, halaman = dingin()
        waktu.append(detik)
    rss_induk = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_anak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    satu_proses, _, _ = dingin(proses=1)

    # One sasaran's narrative changes: only its piece (and the front matter if pages moved) renders.
    with transaction.atomic():
        sasaran = data.sasaran[min(2, len(data.sasaran) - 1)]
        indikator = sasaran.indikator[0].id
        laporan = opd.laporan_set.get(tahun=args.tahun, periode="TAHUN")
        Narasi.objects.update_or_create(
            laporan=laporan,
            bagian=Bagian.PENYEBAB,
            indikator_id=indikator,
            defaults={"isi": "Capaian dipengaruhi oleh perubahan jadwal pelayanan keliling. " * 6},
        )
        data_baru = susun_laporan(opd, args.tahun, "TAHUN")
        mulai = time.perf_counter()
        pdf_laporan(data_baru)
        setelah_ubah = time.perf_counter() - mulai
        transaction.set_rollback(True)

    # The PDF prepared in the background after the last change (laporan.siaga), then asked for:
    # the head's wait is the request ("Buat PDF": the report data, its fingerprint, the lookup).
    from laporan.cetak import antrekan_pdf
    from laporan.siaga import siapkan_sekarang

    settings.SAKIP_TUGAS_PROSES_ANAK = False  # inside this transaction: the job runs here, not forked
    with transaction.atomic():
        laporan = opd.laporan_set.get(tahun=args.tahun, periode="TAHUN")
        Narasi.objects.update_or_create(
            laporan=laporan,
            bagian=Bagian.PENYEBAB,
            indikator_id=indikator,
            defaults={"isi": "Capaian dipengaruhi oleh perubahan jadwal pelayanan keliling (2). " * 6},
        )
        mulai = time.perf_counter()
        assert siapkan_sekarang(laporan) == "selesai"
        latar = time.perf_counter() - mulai
        mulai = time.perf_counter()
        siap = antrekan_pdf(laporan, None, susun_laporan(opd, args.tahun, "TAHUN"))
        tunggu_siap = time.perf_counter() - mulai
        assert siap.status == "selesai"
        siap.berkas.delete(save=False)
        transaction.set_rollback(True)

    mulai = time.perf_counter()
    from weasyprint import HTML

    HTML(string=html, base_url=str(Path(settings.BASE_DIR) / "laporan" / "static" / "laporan")).write_pdf()
    satu_dokumen = time.perf_counter() - mulai
    puncak = None
    if args.tracemalloc:  # Python allocations of this process only; the run is about twice as slow
        tracemalloc.start()
        dingin()
        _, puncak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    shutil.rmtree(cache, ignore_errors=True)
    hasil = {
        "opd": opd.kode,
        "html_detik": t_html,
        "weasy_detik": statistics.median(waktu),
        "proses": jumlah_proses(),
        "satu_proses_detik": satu_proses,
        "setelah_ubah_detik": setelah_ubah,
        "latar_detik": latar,
        "tunggu_siap_detik": tunggu_siap,
        "satu_dokumen_detik": satu_dokumen,
        "halaman": halaman,
        "ukuran_kib": len(isi) // 1024,
        "rss_mib": rss_induk,
        "rss_anak_mib": rss_anak,
        "tracemalloc_mib": None if puncak is None else puncak / 2**20,
    }
    print(json.dumps(hasil))


def bench_pdf(k):
    # The largest office once by default: its render takes half a minute.
    for opd, ulang in ((k.opd, k.args.ulang_pdf), (k.terbesar, k.args.ulang_pdf_terbesar)):
        h = {}
        for mesin in ("chromium", "weasy"):
            perintah = [
                sys.executable,
                __file__,
                "--anak-pdf",
                opd.kode,
                "--mesin",
                mesin,
                "--tahun",
                str(k.tahun),
                "--ulang-pdf",
                str(ulang),
                "--database-url",
                k.args.database_url,
                *(["--tracemalloc"] if k.args.tracemalloc else []),
            ]
            keluar = subprocess.run(perintah, check=True, capture_output=True, text=True, timeout=1800)
            h.update(json.loads(keluar.stdout.strip().splitlines()[-1]))
        k.catat(
            f"PDF WeasyPrint {h['opd']} (potongan, cache kosong, {h['proses']} proses)",
            h["weasy_detik"],
            None,
            f"{h['halaman']} hlm, {h['ukuran_kib']} KiB, puncak RSS induk {h['rss_mib']:.0f} MiB, "
            f"proses potongan {h['rss_anak_mib']:.0f} MiB"
            + (f", tracemalloc {h['tracemalloc_mib']:.0f} MiB" if h["tracemalloc_mib"] is not None else ""),
        )
        k.catat(f"PDF WeasyPrint {h['opd']} (potongan, cache kosong, 1 proses)", h["satu_proses_detik"], None, "")
        k.catat(f"PDF WeasyPrint {h['opd']} setelah narasi satu sasaran diubah", h["setelah_ubah_detik"], None, "")
        k.catat(f"PDF WeasyPrint {h['opd']} (satu dokumen utuh, cara lama)", h["satu_dokumen_detik"], None, "")
        k.catat(f"PDF {h['opd']} disiapkan di latar setelah perubahan terakhir", h["latar_detik"], None, "")
        k.catat(f"PDF {h['opd']} diminta setelah disiapkan (tunggu pimpinan)", h["tunggu_siap_detik"], None, "")
        if "chromium_detik" in h:
            k.catat(
                f"PDF Chromium (HTML yang sama) {h['opd']}",
                h["chromium_detik"],
                None,
                f"{h['chromium_halaman']} hlm, puncak RSS proses Chromium terbesar {h['chromium_rss_mib']:.0f} MiB; "
                f"WeasyPrint/Chromium = {h['weasy_detik'] / h['chromium_detik']:.2f} (cache kosong), "
                f"{h['setelah_ubah_detik'] / h['chromium_detik']:.2f} (setelah satu narasi diubah), "
                f"{h['tunggu_siap_detik'] / h['chromium_detik']:.2f} (diminta setelah disiapkan di latar)",
            )


def bench_workbook(k):
    import io

    from pertukaran.workbook import ekspor_workbook, impor_workbook

    detik, kueri, isi = ukur(lambda: ekspor_workbook(k.opd, k.tahun), k.args.ulang)
    k.catat("Workbook: ekspor satu OPD-tahun", detik, kueri, f"{len(isi) // 1024} KiB")
    ulang = max(1, k.args.ulang // 2)
    # An unchanged workbook: every run (the warm-up included) finds nothing to write.
    for percobaan, label in ((False, "terapkan (tanpa perubahan)"), (True, "pratinjau (dry run)")):
        detik, kueri, hasil = ukur(
            lambda p=percobaan: impor_workbook(io.BytesIO(isi), percobaan=p, opd_tetap=k.opd, tahun=k.tahun), ulang
        )
        assert not hasil.galat, hasil.galat[:3]
        k.catat(f"Workbook: impor {label}", detik, kueri, "")


def _rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(b.split()[1]) for b in f if b.startswith("VmRSS:")) / 1024


def bench_pekerja(k):
    """The PDF worker as it runs in production (`manage.py pekerja`, django-tasks-db), from an empty piece
    cache: three offices, the first again with unchanged data, then the first after one sasaran's
    narrative changed; its RSS after each job."""
    from django.conf import settings

    from laporan.bab import susun_laporan
    from laporan.cetak import buat_pdf
    from laporan.models import Bagian, BerkasPDF, Laporan, Narasi
    from sakip.models import OPD
    from sakip.tugas import antrekan

    def antre(lap):  # a job row and its task, as "Buat PDF" makes them
        baris = BerkasPDF.objects.create(laporan=lap)
        antrekan(buat_pdf, baris)
        return baris

    shutil.rmtree(settings.SAKIP_CACHE_CETAK, ignore_errors=True)
    lain = (
        OPD.objects.filter(pemda=k.opd.pemda).exclude(kode__in=[k.opd.kode, k.terbesar.kode]).order_by("kode").first()
    )
    kode = [k.opd.kode, (lain or k.opd).kode, k.terbesar.kode, k.opd.kode, k.opd.kode]
    laporan = {}
    for kd in dict.fromkeys(kode):
        laporan[kd], _ = Laporan.objects.get_or_create(opd=OPD.objects.get(kode=kd), tahun=k.tahun, periode="TAHUN")
    tugas = [antre(laporan[kd]) for kd in kode[:4]]
    data = susun_laporan(k.opd, k.tahun, "TAHUN")
    indikator = data.sasaran[min(2, len(data.sasaran) - 1)].indikator[0].id
    kunci = {"laporan": laporan[k.opd.kode], "bagian": Bagian.PENYEBAB, "indikator_id": indikator}
    narasi_lama = Narasi.objects.filter(**kunci).values_list("isi", flat=True).first()
    pekerja = subprocess.Popen(
        [sys.executable, str(lingkungan.AKAR / "manage.py"), "pekerja", "--jeda", "0.2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=lingkungan.AKAR,
    )

    def tunggu(t):
        while True:
            t.refresh_from_db()
            if t.status in ("selesai", "gagal"):
                break
            if pekerja.poll() is not None:
                raise RuntimeError(pekerja.stderr.read().decode()[-2000:])
            time.sleep(0.1)
        assert t.status == "selesai", t.pesan

    try:
        time.sleep(1.5)
        rss, detik, mulai = [_rss_mib(pekerja.pid)], [], time.perf_counter()
        for t in tugas:
            tunggu(t)
            detik.append(time.perf_counter() - mulai)
            rss.append(_rss_mib(pekerja.pid))
            mulai = time.perf_counter()
        Narasi.objects.update_or_create(**kunci, defaults={"isi": "Penyebab ditulis ulang oleh operator. " * 8})
        mulai = time.perf_counter()
        tugas.append(antre(laporan[k.opd.kode]))
        tunggu(tugas[-1])
        detik.append(time.perf_counter() - mulai)
        rss.append(_rss_mib(pekerja.pid))
    finally:
        pekerja.terminate()
        pekerja.wait(timeout=30)
        for t in BerkasPDF.objects.filter(pk__in=[t.pk for t in tugas]):
            t.berkas.delete(save=False)
        BerkasPDF.objects.filter(pk__in=[t.pk for t in tugas]).delete()
        if narasi_lama is None:
            Narasi.objects.filter(**kunci).delete()
        else:
            Narasi.objects.filter(**kunci).update(isi=narasi_lama)
    label = ["", "", "", " data sama", " narasi diubah"]
    k.catat(
        "Pekerja PDF: 5 tugas (3 OPD dari cache kosong, data sama, satu narasi diubah)",
        sum(detik),
        None,
        "per tugas "
        + ", ".join(f"{kd}{lb} {d:.1f} s" for kd, lb, d in zip(kode, label, detik, strict=True))
        + "; RSS pekerja awal/sesudah tiap tugas: "
        + " → ".join(f"{x:.0f}" for x in rss)
        + " MiB",
    )


BENCH = {
    "grid": bench_grid,
    "dasbor": bench_dasbor,
    "pemda": bench_pemda,
    "laporan": bench_laporan,
    "pdf": bench_pdf,
    "workbook": bench_workbook,
    "pekerja": bench_pekerja,
}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", help="bawaan: BENCH_DATABASE_URL atau sqlite:///bench/bench.sqlite3")
    p.add_argument("--opd", default="opd-02", help="OPD tipikal (bawaan opd-02)")
    p.add_argument("--tahun", type=int, default=2025, help="tahun laporan (bawaan 2025)")
    p.add_argument("--ulang", type=int, default=5, help="jumlah pengulangan per halaman (median)")
    p.add_argument("--ulang-pdf", type=int, default=2, help="jumlah pengulangan PDF OPD tipikal (median)")
    p.add_argument("--ulang-pdf-terbesar", type=int, default=1, help="jumlah pengulangan PDF OPD terbesar")
    p.add_argument("--tracemalloc", action="store_true", help="juga puncak alokasi Python (tracemalloc) PDF")
    p.add_argument("--hanya", default=",".join(SEMUA), help=f"daftar benchmark: {','.join(SEMUA)}")
    p.add_argument("--json", help="tulis hasil ke berkas JSON")
    p.add_argument("--anak-pdf", help=argparse.SUPPRESS)
    p.add_argument("--mesin", choices=["chromium", "weasy"], default="weasy", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.database_url = lingkungan.url_basis_data(args.database_url)
    lingkungan.siapkan(args.database_url)
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for benchmarks
    if args.anak_pdf:
        return anak_pdf(args)

    from django.db import connection

    k = Konteks(args)
    print(
        f"Benchmark SAKIP — {connection.vendor} ({lingkungan.nama_basis_data(args.database_url)}), "
        f"{k.jumlah_opd} OPD, OPD {k.opd.kode}, terbesar {k.terbesar.kode}, tahun {k.tahun}, "
        f"median dari {args.ulang} kali"
    )
    for nama in args.hanya.split(","):
        BENCH[nama.strip()](k)
    if args.json:
        Path(args.json).write_text(json.dumps({"basis_data": connection.vendor, "hasil": k.hasil}, indent=2))


if __name__ == "__main__":
    main()
