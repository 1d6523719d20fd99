"""Dashboards: one office (capaian per sasaran, what is missing, off track, budget absorption)
and all offices of a Pemda side by side (who has not reported)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max

from anggaran.models import ItemAnggaran
from anggaran.ringkasan import ringkas_anggaran
from kinerja.models import PerjanjianKinerja, Realisasi, StatusPeriode
from kinerja.pengukuran import PengukuranTidakTersedia, ukur_banyak_opd, ukur_opd
from renstra.models import Renstra
from sakip import rumus
from sakip.models import OPD

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

    All offices are measured together: a constant number of queries, whatever their number.
    """
    daftar_opd = list(daftar_opd)
    ids = [o.id for o in daftar_opd]
    status = {s.opd_id: s for s in StatusPeriode.objects.filter(opd_id__in=ids, tahun=tahun, periode=periode.value)}
    terakhir = dict(
        Realisasi.objects.filter(indikator__opd_id__in=ids, tahun=tahun)
        .values_list("indikator__opd_id")
        .annotate(t=Max("diperbarui"))
    )
    pengukuran = ukur_banyak_opd(daftar_opd, tahun, periode, ringkas=True)
    baris = []
    for opd in daftar_opd:
        s = status.get(opd.id)
        hasil = pengukuran[opd.id]
        if isinstance(hasil, PengukuranTidakTersedia):
            hasil = None
        semua = hasil.semua_indikator if hasil else []
        terisi = sum(1 for h in semua if h.terisi)
        baris.append(
            BarisPemda(
                opd,
                s.status if s else "draft",
                s.get_status_display() if s else "Draf",
                len(semua),
                terisi,
                terakhir.get(opd.id),
                hasil.capaian_opd if hasil else None,
            )
        )
    return baris
