"""What waits for a user: the one rule behind the home page's "Menunggu Anda" list.

By what the user may do (sakip.akses): approving (pimpinan) — periods submitted; reviewing
(reviewer) — periods approved, and review findings still open; entering data (operator) —
periods whose entry window is open now and still in draft, periods sent back to draft (with the
reason), and open findings of the office. A fixed number of queries, whatever the number of offices.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from sakip import rumus
from sakip.akses import Aksi, batasi, jangkauan
from sakip.models import OPD, Pengguna

from .alur import pesan_tertutup, tautan_alur
from .models import JendelaEntri, RiwayatStatus, StatusPeriode, TemuanReviu
from .penguncian import PetaKunci

S = StatusPeriode.Status

SETUJUI, VERIFIKASI, ISI, DIKEMBALIKAN, TEMUAN = "setujui", "verifikasi", "isi", "dikembalikan", "temuan"
URUTAN = {DIKEMBALIKAN: 0, SETUJUI: 1, VERIFIKASI: 2, TEMUAN: 3, ISI: 4}
URUTAN_PERIODE = {p.value: i for i, p in enumerate(rumus.Periode)}


@dataclass(frozen=True)
class Tugas:
    jenis: str
    opd: OPD
    tahun: int
    periode: str
    judul: str
    tautan: str
    keterangan: str = ""
    batas: datetime.date | None = None
    jumlah: int = 0

    @property
    def label_periode(self) -> str:
        return f"{rumus.Periode(self.periode).label} {self.tahun}"


def _opd(user: Pengguna, aksi: Aksi):
    return batasi(OPD.objects.all(), user, aksi)


def menunggu(user: Pengguna, hari_ini: datetime.date | None = None) -> list[Tugas]:
    """Everything waiting for `user` to act on, most pressing first."""
    hari_ini = hari_ini or timezone.localdate()
    tugas: list[Tugas] = []
    if jangkauan(user, Aksi.SETUJUI):
        for sp in StatusPeriode.objects.filter(status=S.DIAJUKAN, opd__in=_opd(user, Aksi.SETUJUI)).select_related(
            "opd"
        ):
            tugas.append(_tugas_periode(SETUJUI, sp, "Menunggu persetujuan Anda"))
    if jangkauan(user, Aksi.REVIU):
        for sp in StatusPeriode.objects.filter(status=S.DISETUJUI, opd__in=_opd(user, Aksi.REVIU)).select_related(
            "opd"
        ):
            tugas.append(_tugas_periode(VERIFIKASI, sp, "Disetujui pimpinan, menunggu verifikasi Anda"))
        tugas += _temuan(user, Aksi.REVIU, "temuan reviu terbuka, menunggu ditutup")
    if jangkauan(user, Aksi.UBAH) and not user.is_superuser:  # a superuser enters nothing routinely
        tugas += _operator(user, hari_ini)
        tugas += _temuan(user, Aksi.UBAH, "temuan reviu menunggu tanggapan/perbaikan")
    return sorted(
        tugas,
        key=lambda t: (URUTAN[t.jenis], t.batas or datetime.date.max, t.opd.nama, -t.tahun, URUTAN_PERIODE[t.periode]),
    )


def _tugas_periode(jenis: str, sp: StatusPeriode, judul: str, keterangan: str = "") -> Tugas:
    return Tugas(
        jenis, sp.opd, sp.tahun, sp.periode, judul, tautan_alur(sp.opd, sp.tahun, sp.periode), keterangan=keterangan
    )


def _temuan(user: Pengguna, aksi: Aksi, judul: str) -> list[Tugas]:
    """Open findings (as recorded), one item per office and period, with their count."""
    kelompok = list(
        TemuanReviu.objects.filter(status=TemuanReviu.Status.TERBUKA, opd__in=_opd(user, aksi))
        .values("opd_id", "tahun", "periode")
        .annotate(jumlah=Count("id"), sejak=Min("dibuat_pada"))
        .order_by()
    )
    opd = OPD.objects.in_bulk({k["opd_id"] for k in kelompok}) if kelompok else {}
    return [
        Tugas(
            TEMUAN,
            opd[k["opd_id"]],
            k["tahun"],
            k["periode"],
            f"{k['jumlah']} {judul}",
            reverse("ruang_reviu", args=[opd[k["opd_id"]].kode, k["tahun"], k["periode"]]),
            jumlah=k["jumlah"],
        )
        for k in kelompok
    ]


def _operator(user: Pengguna, hari_ini: datetime.date) -> list[Tugas]:
    daftar_opd = list(_opd(user, Aksi.UBAH).select_related("pemda"))
    status = {
        (sp.opd_id, sp.tahun, sp.periode): sp
        for sp in StatusPeriode.objects.filter(opd__in=[o.pk for o in daftar_opd]).select_related("opd")
    }
    tugas = []
    # Sent back to draft: the last step into draft carries the reason.
    alasan = {}
    for r in (
        RiwayatStatus.objects.filter(
            ke=S.DRAFT, status_periode__status=S.DRAFT, status_periode__opd__in=[o.pk for o in daftar_opd]
        )
        .select_related("oleh")
        .order_by("status_periode_id", "-waktu", "-id")
    ):
        alasan.setdefault(r.status_periode_id, r)
    dikembalikan = set()
    for sp in status.values():
        r = alasan.get(sp.pk)
        if sp.status == S.DRAFT and r is not None:
            oleh = (r.oleh.get_full_name() or r.oleh.username) if r.oleh else ""
            ket = f"Alasan{f' ({oleh})' if oleh else ''}: {r.catatan}" if r.catatan else ""
            tugas.append(_tugas_periode(DIKEMBALIKAN, sp, "Dikembalikan ke draf, perbaiki lalu ajukan lagi", ket))
            dikembalikan.add((sp.opd_id, sp.tahun, sp.periode))
    # Entry windows open today, for periods still in draft.
    jendela = JendelaEntri.objects.filter(
        pemda_id__in={o.pemda_id for o in daftar_opd}, mulai__lte=hari_ini, selesai__gte=hari_ini
    )
    peta = {}  # a year's frozen periods of these offices, read once (the save's rule, alur.pesan_tertutup)
    for j in jendela:
        if j.tahun not in peta:
            peta[j.tahun] = PetaKunci.baca([o.pk for o in daftar_opd], j.tahun)
        for o in daftar_opd:
            kunci = (o.pk, j.tahun, j.periode)
            sp = status.get(kunci)
            if o.pemda_id != j.pemda_id or kunci in dikembalikan or (sp and sp.status != S.DRAFT):
                continue
            if pesan_tertutup(o, j.tahun, j.periode, peta[j.tahun]):
                continue  # e.g. TW IV frozen by a submitted year
            tugas.append(
                Tugas(
                    ISI,
                    o,
                    j.tahun,
                    j.periode,
                    "Isi realisasi lalu ajukan ke pimpinan",
                    reverse("realisasi_grid", args=[o.kode, j.tahun, j.periode]),
                    batas=j.selesai,
                )
            )
    return tugas


AKTIF = (S.DIAJUKAN, S.DISETUJUI, S.DIVERIFIKASI)


def periode_aktif(opd_ids, tahun: int) -> str | None:
    """The latest period of `tahun` with activity (submitted, approved or verified) in any of these
    offices, or None: what a table of offices opens on. Of periods ending together (TW IV, S2,
    the year) the quarter comes first."""
    ada = set(
        StatusPeriode.objects.filter(opd_id__in=opd_ids, tahun=tahun, status__in=AKTIF)
        .values_list("periode", flat=True)
        .distinct()
    )
    if not ada:
        return None
    return max(ada, key=lambda p: (rumus.Periode(p).triwulan_akhir, -URUTAN_PERIODE[p]))
