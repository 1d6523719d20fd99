"""The review job of an uploaded document, one kind of the worker's jobs (sakip.tugas; registered in
reviu.apps): read the file, run the checks of reviu.dokumen, store each finding with the lines it
comes from and, for a PDF, where the printed figure stands on its page.

Progress: reading the text (10 %), the checks (40 %), locating the figures on the pages (70 %),
stored (100 %). A file the reader refuses (GalatDokumen) fails with its message; a job whose worker
died is taken over like a report PDF's (claim with SKIP LOCKED, token, heartbeat).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from sakip import tugas as tugas_latar
from sakip.models import OPD
from sakip.tugas import TugasDiambilAlih

from .dokumen import GalatDokumen, baca_dokumen, reviu_dokumen
from .halaman import HALAMAN_KOTAK_MAKS, cari_angka, kata_halaman, path_lokal
from .models import DokumenReviu, TemuanDokumenReviu

log = logging.getLogger(__name__)

KONTEKS_MAKS = 12  # lines kept per finding
TEKS_MAKS = 400  # characters per line kept
SEL_MAKS = 24  # cells per table row kept


def ambil_tugas():
    """Claim the oldest queued review, or one whose worker died (sakip.tugas.ambil)."""
    return tugas_latar.ambil(DokumenReviu.objects.all(), ("id",), tahap="Menyiapkan")


def uraian(dokumen):
    return f"Reviu dokumen #{dokumen.pk} {dokumen.nama_asli[:60]!r}"


@contextmanager
def _dengan_nama_asli(dokumen):
    """The stored file under its original name (a link in a private folder): the reader names the
    file in its messages and its result, and it should be the name the reviewer knows."""
    nama = os.path.basename(dokumen.nama_asli.replace("\\", "/")).replace("\x00", "").strip()
    akar, akhiran = os.path.splitext(nama)
    if akhiran.lower() != f".{dokumen.format}" or not akar.strip(". "):
        akar = akar.strip(". ") or "dokumen"
        akhiran = f".{dokumen.format}"
    nama = akar[:150] + akhiran
    with path_lokal(dokumen) as sumber, tempfile.TemporaryDirectory() as tmp:
        tautan = Path(tmp) / nama
        os.symlink(sumber.resolve(), tautan)
        yield tautan


def konteks(indeks: dict, nomor: int | None) -> list[dict]:
    """The lines a finding comes from: a table row with the table's first (header) lines and the
    rows around it; a line of prose with its neighbours."""

    def baris(n, fokus=False):
        teks = indeks[n].teks
        sel = [s.strip()[:TEKS_MAKS] for s in teks.split("\t")][:SEL_MAKS] if "\t" in teks else None
        return {"n": n, "teks": teks.strip()[:TEKS_MAKS], "sel": sel, "fokus": fokus}

    if not nomor or nomor not in indeks:
        return []
    if "\t" not in indeks[nomor].teks:
        return [baris(n, n == nomor) for n in range(nomor - 2, nomor + 3) if n in indeks and indeks[n].teks.strip()]

    # The table: tab-separated rows (a blank line may sit inside) above and below the row.
    def di_tabel(n):
        return n in indeks and ("\t" in indeks[n].teks or not indeks[n].teks.strip())

    awal = nomor
    while di_tabel(awal - 1) and nomor - awal < 80:
        awal -= 1
    akhir = nomor
    while di_tabel(akhir + 1) and akhir - nomor < 3:
        akhir += 1
    isi = [n for n in range(awal, akhir + 1) if indeks[n].teks.strip()]
    kepala = [n for n in isi if n < nomor][:2]
    sekitar = [n for n in isi if nomor - 2 <= n <= nomor + 1 and n not in kepala]
    hasil = [baris(n) for n in kepala]
    if kepala and sekitar and sekitar[0] > kepala[-1] + 1:
        hasil.append({"n": None, "teks": "…", "sel": None, "fokus": False})
    hasil += [baris(n, n == nomor) for n in sekitar]
    return hasil[:KONTEKS_MAKS]


def _normal(teks: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", teks.lower()).split())


def tebak_opd(dokumen, baris) -> OPD | None:
    """The office of the document's Pemda whose name its first pages print, when exactly one does
    (a name inside a longer matching name does not count: "Dinas Pendidikan" in "Dinas Pendidikan
    dan Kebudayaan")."""
    awal = " " + _normal(" ".join(b.teks for b in baris[:400])) + " "
    cocok = [
        o
        for o in OPD.objects.filter(pemda_id=dokumen.unggahan.pemda_id).only("id", "nama", "pemda_id")
        if len(_normal(o.nama)) > 8 and f" {_normal(o.nama)} " in awal
    ]
    cocok = [o for o in cocok if not any(_normal(o.nama) in _normal(p.nama) and o != p for p in cocok)]
    return cocok[0] if len(cocok) == 1 else None


def _kotak(path, temuan):
    """{index of finding: {"lebar", "tinggi", "kotak"}}: the page size and where the printed figure
    stands, in points, for the findings of a PDF, page by page (each page read once)."""
    halaman = sorted({t.halaman for t in temuan if t.halaman})[:HALAMAN_KOTAK_MAKS]
    hasil = {}
    for h in halaman:
        kata = kata_halaman(path, h)
        if kata is None:
            continue
        for i, t in enumerate(temuan):
            if t.halaman == h:
                hasil[i] = {
                    "lebar": round(kata[0], 1),
                    "tinggi": round(kata[1], 1),
                    "kotak": cari_angka(kata, t.tercetak, t.uraian),
                }
    return hasil


def jalankan_tugas(dokumen):
    """Review a claimed document and store its findings; the job ends selesai or gagal (with the
    reason), or is left to the worker that took it over."""

    def lapor(progres, tahap):
        tugas_latar.tulis(dokumen, progres=progres, tahap=tahap)

    try:
        with tugas_latar.berdetak(dokumen), _dengan_nama_asli(dokumen) as path:
            lapor(10, "Membaca teks dokumen")
            teks = baca_dokumen(path)
            lapor(40, "Memeriksa tabel dan angka")
            hasil = reviu_dokumen(teks)
            # The last page with text (pdftotext ends every page with a form feed, the last one too).
            halaman = max((b.halaman or 0 for b in teks.baris if b.teks.strip()), default=0) or None
            kotak = {}
            if dokumen.format == "pdf" and hasil.temuan:
                lapor(70, "Menandai letak angka pada halaman")
                kotak = _kotak(path, hasil.temuan)
            indeks = {b.nomor: b for b in teks.baris}
            temuan = [
                TemuanDokumenReviu(
                    dokumen=dokumen,
                    urutan=i + 1,
                    jenis=t.jenis[:30],
                    lokasi=t.lokasi,
                    uraian=t.uraian,
                    tercetak=(t.tercetak or "")[:200],
                    seharusnya=(t.seharusnya or "")[:200],
                    selisih=(t.selisih or "")[:200],
                    halaman=t.halaman,
                    tabel=t.tabel or "",
                    baris=t.baris,
                    kolom=t.kolom or "",
                    baris_teks=t.baris_teks,
                    keyakinan=t.keyakinan[:10],
                    alasan_keyakinan=t.alasan_keyakinan,
                    konteks=konteks(indeks, t.baris_teks),
                    kotak=kotak.get(i, {}),
                )
                for i, t in enumerate(hasil.temuan)
            ]
            opd = None if dokumen.opd_id or dokumen.nama_instansi else tebak_opd(dokumen, teks.baris)
            ringkasan = {k: v for k, v in hasil.sebagai_dict().items() if k != "temuan"}
            with transaction.atomic():
                dokumen.temuan_set.all().delete()
                TemuanDokumenReviu.objects.bulk_create(temuan)
                selesai = {"opd": opd} if opd else {}
                tugas_latar.tulis(
                    dokumen,
                    **selesai,
                    status=DokumenReviu.Status.SELESAI,
                    progres=100,
                    tahap="Selesai",
                    ringkasan=ringkasan,
                    jumlah_halaman=halaman,
                    selesai_pada=timezone.now(),
                )
    except TugasDiambilAlih:
        log.warning("Reviu dokumen %s diambil alih pekerja lain", dokumen.pk)
    except GalatDokumen as exc:
        return tugas_latar.gagal(dokumen, str(exc))
    except Exception as exc:  # the job must end, whatever went wrong; the log has the traceback
        log.exception("Reviu dokumen %s gagal", dokumen.pk)
        return tugas_latar.gagal(dokumen, f"Galat saat mereviu dokumen: {exc}")
    return tugas_latar.segarkan(dokumen)


def jalankan_tugas_terpisah(dokumen):
    """`jalankan_tugas` in a forked child: the memory of a large document goes back after the job."""
    return tugas_latar.jalankan_terpisah(dokumen, jalankan_tugas)


@task()
def reviu_berkas(dokumen_id: int) -> str:
    """The task of one document review (django.tasks): claim the row and review it."""
    return tugas_latar.kerjakan(DokumenReviu, dokumen_id, jalankan_tugas, tahap="Menyiapkan")


@transaction.atomic
def antre_ulang(dokumen) -> bool:
    """Queue a failed review again (after the reader or the checks changed), or one whose worker
    died; False otherwise."""
    diantre = bool(
        DokumenReviu.objects.filter(Q(status=DokumenReviu.Status.GAGAL) | DokumenReviu.q_mati(), pk=dokumen.pk).update(
            status=DokumenReviu.Status.ANTRE,
            progres=0,
            tahap="Menunggu pekerja",
            pesan="",
            pemegang="",
            detak=None,
            selesai_pada=None,
            percobaan=0,  # asked again by a person: its attempts count afresh
            diperbarui=timezone.now(),
        )
    )
    if diantre:
        tugas_latar.antrekan(reviu_berkas, dokumen)
    return diantre
