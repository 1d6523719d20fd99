"""Build the synthetic Pemda for the benchmarks.

    .venv/bin/python bench/make_dataset.py                       # 60 offices, SQLite bench/bench.sqlite3
    .venv/bin/python bench/make_dataset.py --opd 10              # a quick run
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sakip_bench .venv/bin/python bench/make_dataset.py
    .venv/bin/python bench/make_dataset.py --cara loader --opd 3  # through pertukaran.muat.impor_data_opd

The database is deleted and created again, migrated, and filled with N offices × 6 years × 40
indicators (office 1 is the largest: --terbesar times the indicators and sub kegiatan), budget
trees, PKs, users (reviewer.bench, operator.<kode>, pimpinan.<kode>), report narratives and
evidence records. Deterministic from --seed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import lingkungan  # noqa: E402
from bench.data_sintetis import dokumen_opd, kalimat  # noqa: E402

PEMDA = "Provinsi Sintetis"


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--opd", type=int, default=60, help="jumlah OPD (bawaan 60)")
    p.add_argument("--indikator", type=int, default=40, help="indikator per OPD (bawaan 40)")
    p.add_argument("--sub-kegiatan", type=int, default=80, help="sub kegiatan per OPD per tahun (bawaan 80)")
    p.add_argument("--terbesar", type=int, default=2, help="OPD 1 sebesar N kali OPD lain (bawaan 2)")
    p.add_argument("--tahun-mulai", type=int, default=2021)
    p.add_argument("--tahun", type=int, default=6, help="jumlah tahun Renstra (bawaan 6)")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--database-url", help="bawaan: BENCH_DATABASE_URL atau sqlite:///bench/bench.sqlite3")
    p.add_argument("--paksa", action="store_true", help="hapus basis data PostgreSQL walau namanya tanpa 'bench'")
    return p


def dokumen(args):
    hasil = []
    for urut in range(1, args.opd + 1):
        kali = args.terbesar if urut == 1 else 1
        hasil.append(
            dokumen_opd(
                args.seed,
                urut,
                nama_pemda=PEMDA,
                n_indikator=args.indikator * kali,
                n_sub_kegiatan=args.sub_kegiatan * kali,
                tahun_mulai=args.tahun_mulai,
                n_tahun=args.tahun,
            )
        )
    return hasil


def tahun_laporan(args):
    """The report year of the benchmarks: the year before the Renstra's last."""
    return args.tahun_mulai + args.tahun - 2


def muat_loader(daftar):
    from pertukaran.muat import impor_data_opd

    waktu = []
    for d in daftar:
        mulai = time.perf_counter()
        hasil = impor_data_opd(d)
        if not hasil.berhasil:
            raise SystemExit("\n".join(f"{t}: {p}" for t, p in hasil.galat[:20]))
        waktu.append(time.perf_counter() - mulai)
    return waktu


def pelengkap(args, seed):
    """Users, period statuses, report narratives and evidence records (bulk)."""
    import random

    from django.conf import settings
    from django.db import transaction

    from kinerja.models import Bukti, ItemPK, Realisasi, StatusPeriode
    from laporan.models import Bagian, Laporan, Narasi
    from sakip.models import OPD, Pemda, Pengguna, Peran

    rng = random.Random(seed)
    pemda = Pemda.objects.get(nama=PEMDA)
    daftar_opd = list(OPD.objects.filter(pemda=pemda).order_by("kode"))
    tahun_list = list(range(args.tahun_mulai, args.tahun_mulai + args.tahun))
    with transaction.atomic():
        akun = [
            Pengguna(
                username="reviewer.bench", first_name="Inspektorat", peran=Peran.REVIEWER, pemda=pemda, password="!"
            )
        ]
        for o in daftar_opd:
            for peran in (Peran.OPERATOR, Peran.PIMPINAN):
                akun.append(
                    Pengguna(
                        username=f"{peran}.{o.kode}",
                        first_name=f"{peran} {o.singkatan}",
                        peran=peran,
                        opd=o,
                        pemda=pemda,
                        password="!",
                    )
                )
        Pengguna.objects.bulk_create(akun)
        operator = {u.opd_id: u for u in Pengguna.objects.filter(peran=Peran.OPERATOR, opd__pemda=pemda)}

        # A third of the offices have verified their report year; office 2 (the grid benchmark) stays draft.
        t = tahun_laporan(args)
        StatusPeriode.objects.bulk_create(
            [
                StatusPeriode(opd=o, tahun=t, periode=p, status=StatusPeriode.Status.DIVERIFIKASI)
                for i, o in enumerate(daftar_opd, 1)
                if i % 3 == 0
                for p in ("TW1", "TW2", "TW3", "TW4", "TAHUN")
            ]
        )

        # Narratives of every yearly report: five sections and the causes of every PK indicator.
        laporan = Laporan.objects.bulk_create(
            [Laporan(opd=o, tahun=th, periode="TAHUN") for o in daftar_opd for th in tahun_list]
        )
        indikator_pk = {}
        for opd_id, th, ind_id in ItemPK.objects.filter(perjanjian__opd__pemda=pemda, perjanjian__versi=0).values_list(
            "perjanjian__opd_id", "perjanjian__tahun", "indikator_id"
        ):
            indikator_pk.setdefault((opd_id, th), []).append(ind_id)
        narasi = []
        for lap in laporan:
            for bagian in Bagian:
                if bagian == Bagian.PENYEBAB:
                    continue
                isi = "\n\n".join(kalimat(rng, 5) for _ in range(3))
                narasi.append(Narasi(laporan=lap, bagian=bagian, isi=isi, diubah_oleh=operator[lap.opd_id]))
            for ind_id in indikator_pk.get((lap.opd_id, lap.tahun), []):
                narasi.append(
                    Narasi(
                        laporan=lap,
                        bagian=Bagian.PENYEBAB,
                        indikator_id=ind_id,
                        isi=kalimat(rng, 4),
                        diubah_oleh=operator[lap.opd_id],
                    )
                )
        Narasi.objects.bulk_create(narasi, batch_size=2000)

        # Evidence: one file record per annual and TW4 realisation of a Renstra indicator.
        contoh = Path(settings.MEDIA_ROOT) / "bukti" / "bench" / "contoh.pdf"
        contoh.parent.mkdir(parents=True, exist_ok=True)
        contoh.write_bytes(b"%PDF-1.4\n% bukti contoh benchmark\n%%EOF\n")
        rows = Realisasi.objects.filter(
            indikator__opd__pemda=pemda, indikator__sasaran__isnull=False, periode__in=["TAHUN", "TW4"]
        ).values_list("id", "indikator__opd_id")
        Bukti.objects.bulk_create(
            [
                Bukti(
                    realisasi_id=r, berkas="bukti/bench/contoh.pdf", keterangan="contoh.pdf", diunggah_oleh=operator[o]
                )
                for r, o in rows
            ],
            batch_size=2000,
        )
    return {"pengguna": len(akun), "narasi": len(narasi), "bukti": len(rows)}


def main(argv=None):
    args = parser().parse_args(argv)
    url = lingkungan.url_basis_data(args.database_url)
    lingkungan.buat_ulang_basis_data(url, paksa=args.paksa)
    lingkungan.siapkan(url)
    from django.core.management import call_command
    from django.db import connection

    waktu = {}
    mulai = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    waktu["migrasi"] = time.perf_counter() - mulai

    mulai = time.perf_counter()
    daftar = dokumen(args)
    waktu["dokumen"] = time.perf_counter() - mulai

    mulai = time.perf_counter()
    # The one loader of the application (the workbook and muat_data_opd use it too): what the
    # benchmarks measure is what an office's import makes, history rows included.
    per_opd = muat_loader(daftar)
    print(f"loader: {sum(per_opd) / len(per_opd):.1f} s per OPD (terbesar {max(per_opd):.1f} s)")
    waktu["muat"] = time.perf_counter() - mulai

    mulai = time.perf_counter()
    jumlah = pelengkap(args, args.seed)
    waktu["pelengkap"] = time.perf_counter() - mulai
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    from anggaran.models import ItemAnggaran
    from kinerja.models import Realisasi
    from renstra.models import Indikator

    print(
        f"Dataset {connection.vendor} ({lingkungan.nama_basis_data(url)}): {args.opd} OPD, "
        f"{Indikator.objects.count()} indikator, {Realisasi.objects.count()} realisasi, "
        f"{ItemAnggaran.objects.count()} item anggaran, {jumlah['narasi']} narasi, {jumlah['bukti']} bukti, "
        f"{jumlah['pengguna']} pengguna"
    )
    print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in waktu.items()) + f"; total {sum(waktu.values()):.1f} s")


if __name__ == "__main__":
    main()
