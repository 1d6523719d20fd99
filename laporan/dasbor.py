"""Dashboards: one office (capaian per sasaran, what is missing, off track, budget absorption)
and all offices of a Pemda side by side (who has not reported)."""

from __future__ import annotations

import hashlib
import inspect
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db.models import Max

from anggaran.models import ItemAnggaran
from anggaran.ringkasan import ringkas_anggaran
from kinerja.antrean import periode_aktif
from kinerja.models import PerjanjianKinerja, Realisasi, StatusPeriode
from kinerja.pengukuran import PengukuranTidakTersedia, metodologi_banyak_pemda, ukur_banyak_opd, ukur_opd
from renstra.models import Renstra
from sakip import rumus
from sakip.models import OPD, Pemda

BATAS_TERTINGGAL = 100  # an indicator below 100 % of its target is off track


@dataclass
class DasborOPD:
    opd: object
    tahun: int | None
    periode: rumus.Periode | None
    pengukuran: object = None
    anggaran: object = None
    status: object = None
    belum_diisi: list = field(default_factory=list)
    tertinggal: list = field(default_factory=list)
    pesan: str = ""


def periode_berjalan(opd: OPD, tahun: int | None = None) -> tuple[int | None, rumus.Periode | None]:
    """(year, period) to show by default: the latest PK year and its latest quarter with data."""
    if tahun is None:
        tahun = PerjanjianKinerja.objects.filter(opd=opd).aggregate(t=Max("tahun"))["t"]
    if tahun is None:
        return None, None
    ada = set(Realisasi.objects.filter(indikator__opd=opd, tahun=tahun).values_list("periode", flat=True).distinct())
    for p in ("TAHUN", "TW4", "S2", "TW3", "TW2", "S1", "TW1"):
        if p in ada:
            return tahun, rumus.Periode(p)
    return tahun, rumus.Periode.TW1


def tahun_pilihan(opd: OPD, tahun: int | None = None) -> list[int]:
    """Years an office's page offers, newest first: its Renstra periods and the years it has a PK
    (a PK outside every Renstra still shows), plus `tahun` when it is asked for by URL."""
    ada = set(PerjanjianKinerja.objects.filter(opd=opd).values_list("tahun", flat=True).distinct())
    for mulai, selesai in Renstra.objects.filter(opd=opd).values_list("tahun_mulai", "tahun_selesai"):
        ada.update(range(mulai, selesai + 1))
    if tahun is not None:
        ada.add(tahun)
    return sorted(ada, reverse=True)


def dasbor_opd(opd: OPD, tahun: int | None = None, periode: rumus.Periode | None = None) -> DasborOPD:
    if periode is None:
        tahun, periode = periode_berjalan(opd, tahun)
    d = DasborOPD(opd, tahun, periode)
    if tahun is None:
        d.pesan = "Belum ada Perjanjian Kinerja."
        return d
    try:
        d.pengukuran = ukur_opd(opd, tahun, periode)
    except PengukuranTidakTersedia as exc:
        d.pesan = str(exc)
        return d
    d.status = StatusPeriode.objects.filter(opd=opd, tahun=tahun, periode=periode.value).first()
    for hi in d.pengukuran.semua_indikator:
        if not hi.terisi:  # the data due for the period, not a value carried from an earlier one
            d.belum_diisi.append(hi)
        elif hi.capaian.nilai is not None and hi.capaian.nilai < BATAS_TERTINGGAL:
            d.tertinggal.append(hi)
    d.tertinggal.sort(key=lambda h: h.capaian.nilai)
    if ItemAnggaran.objects.filter(opd=opd, tahun=tahun).exists():
        d.anggaran = ringkas_anggaran(
            opd,
            tahun,
            periode if periode.jumlah_triwulan == 1 else rumus.Periode.dari_triwulan(periode.triwulan_akhir),
            pengukuran=d.pengukuran,
        )
    return d


@dataclass
class BarisPemda:
    opd: object
    status: str
    label_status: str
    jumlah_indikator: int
    terisi: int
    diperbarui: object
    capaian: object = None

    @property
    def lengkap(self):
        return self.jumlah_indikator > 0 and self.terisi >= self.jumlah_indikator


def dasbor_pemda(daftar_opd: list[OPD], tahun: int, periode: rumus.Periode) -> list[BarisPemda]:
    """All offices side by side for one period: status, how many indicators have the data their
    frequency makes due (a semester value in TW III or an N-1 score counts; a TW III stock
    carried into TW IV does not), capaian, last update.

    All offices are measured together: a constant number of queries, whatever their number. An
    office's figures are kept per data version (`OPD.versi_data`, moved by every write of its
    data, inside the write's transaction): only the offices that changed are measured again.
    """
    daftar_opd = list(daftar_opd)
    ids = [o.id for o in daftar_opd]
    status = {s.opd_id: s for s in StatusPeriode.objects.filter(opd_id__in=ids, tahun=tahun, periode=periode.value)}
    angka = _angka_pemda(daftar_opd, tahun, periode)
    baris = []
    for opd in daftar_opd:
        s = status.get(opd.id)
        jumlah, terisi, capaian, diperbarui = angka[opd.id]
        baris.append(
            BarisPemda(
                opd,
                s.status if s else "draft",
                s.get_status_display() if s else "Draf",
                jumlah,
                terisi,
                diperbarui,
                capaian,
            )
        )
    return baris


_UKUR_DIHITUNG = [0]  # offices measured by this process (hangatkan_dasbor reports it)


def _ukur_angka_pemda(daftar_opd, tahun, periode) -> dict[int, tuple]:
    """{opd id: (indicators, with the data due, capaian, last realisation update)}, measured."""
    _UKUR_DIHITUNG[0] += len(daftar_opd)
    ids = [o.id for o in daftar_opd]
    terakhir = dict(
        Realisasi.objects.filter(indikator__opd_id__in=ids, tahun=tahun)
        .values_list("indikator__opd_id")
        .annotate(t=Max("diperbarui"))
    )
    pengukuran = ukur_banyak_opd(daftar_opd, tahun, periode, ringkas=True)
    angka = {}
    for opd in daftar_opd:
        hasil = pengukuran[opd.id]
        if isinstance(hasil, PengukuranTidakTersedia):
            hasil = None
        semua = hasil.semua_indikator if hasil else []
        angka[opd.id] = (
            len(semua),
            sum(1 for h in semua if h.terisi),
            hasil.capaian_opd if hasil else None,
            terakhir.get(opd.id),
        )
    return angka


def _versi_kode() -> str:
    """A fingerprint of the code that computes the figures: a deploy that changes a formula
    never serves figures kept by the previous code (the file cache outlives the processes)."""
    global _VERSI_KODE
    if _VERSI_KODE is None:
        h = hashlib.sha256()
        # This module, the measurement, the models it reads, the formula library.
        berkas = [Path(__file__)] + [Path(inspect.getfile(x)) for x in (ukur_opd, PerjanjianKinerja, Renstra, OPD)]
        berkas += sorted(Path(rumus.__file__).parent.glob("*.py"))
        for b in berkas:
            h.update(b.read_bytes())
        _VERSI_KODE = h.hexdigest()[:16]
    return _VERSI_KODE


_VERSI_KODE = None


#: Offices whose figures passed SAKIP_DASBOR_SEGAR_DETIK measured again per view, oldest first.
SEGARKAN_PER_TAMPILAN = 20


def _angka_pemda(daftar_opd, tahun, periode) -> dict[int, tuple]:
    """The figures of `_ukur_angka_pemda`, each office's kept per its data version.

    One cache entry per Pemda and (year, period, fingerprint of its methodology, of the code):
    {opd id: (versi_data, kept at, figures)}. An office whose version moved, or that has no figures
    kept, is measured now; all of them together, in the same queries as without the cache. Figures
    older than SAKIP_DASBOR_SEGAR_DETIK are a safety net for a door that would write without the
    office lock: up to SEGARKAN_PER_TAMPILAN of them, the oldest, are measured again with each
    view (the others are still at their office's version), so that no view pays for all offices.
    """
    if not daftar_opd:
        return {}
    metodologi = metodologi_banyak_pemda({o.pemda_id for o in daftar_opd})
    kunci = {
        p: f"dasbor-pemda:{tahun}:{periode.value}:{p}:"
        f"{hashlib.sha256(repr(m).encode()).hexdigest()[:16]}:{_versi_kode()}"
        for p, m in metodologi.items()
    }
    cache = caches["laporan"]
    simpanan = cache.get_many(list(kunci.values()))
    batas = time.time() - getattr(settings, "SAKIP_DASBOR_SEGAR_DETIK", 900)
    angka, ukur, tua = {}, [], []
    for opd in daftar_opd:
        ada = simpanan.get(kunci[opd.pemda_id], {}).get(opd.id)
        if ada is None or ada[0] != opd.versi_data:
            ukur.append(opd)
            continue
        angka[opd.id] = ada[2]
        if ada[1] < batas:
            tua.append((ada[1], opd))
    tua.sort(key=lambda t: t[0])
    ukur += [opd for _, opd in tua[:SEGARKAN_PER_TAMPILAN]]
    if ukur:
        sekarang = time.time()
        baru = _ukur_angka_pemda(ukur, tahun, periode)
        angka.update(baru)
        for pemda_id in {o.pemda_id for o in ukur}:
            # Read again just before writing: another process may have kept other offices meanwhile.
            gabung = cache.get(kunci[pemda_id]) or {}
            gabung.update({o.id: (o.versi_data, sekarang, baru[o.id]) for o in ukur if o.pemda_id == pemda_id})
            cache.set(kunci[pemda_id], gabung)
    return angka


def hangatkan_dasbor() -> int:
    """Keep each Pemda's dashboard as it opens (its latest PK year, its latest period with
    activity) measured ahead: the task worker runs it when it starts and every 30 s, so the first
    view after a release or a methodology change, and the view after a save, find the figures
    kept. Only offices whose version moved (or old figures, 20 per Pemda) are measured. Returns how
    many offices were measured."""
    n = 0
    for pemda in Pemda.objects.order_by("pk"):
        daftar = list(OPD.objects.filter(pemda=pemda))
        ids = [o.id for o in daftar]
        tahun = PerjanjianKinerja.objects.filter(opd_id__in=ids).aggregate(t=Max("tahun"))["t"]
        if tahun is None:
            continue
        periode = rumus.Periode(periode_aktif(ids, tahun) or "TAHUN")
        sebelum = _UKUR_DIHITUNG[0]
        _angka_pemda(daftar, tahun, periode)
        n += _UKUR_DIHITUNG[0] - sebelum
    return n
