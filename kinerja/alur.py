"""The approval path of an office's data for one period, and who may enter data when.

draft → diajukan (operator) → disetujui (pimpinan) → diverifikasi (reviewer; locked), and back
to draft with a required note (kembalikan by pimpinan or reviewer; buka kembali of locked
data by the reviewer or the admin pemda). Every transition is logged (RiwayatStatus).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sakip.akses import Aksi, boleh
from sakip.kunci import kunci_opd
from sakip.models import OPD, Pengguna

from .models import JendelaEntri, RiwayatStatus, StatusPeriode
from .pengukuran import akhir_periode, pk_kepala
from .penguncian import PetaKunci

S = StatusPeriode.Status


class GalatAlur(Exception):
    """A transition or an entry that is not allowed; the message is for the user."""


@dataclass(frozen=True)
class Transisi:
    kode: str
    label: str
    dari: frozenset
    ke: str
    aksi: frozenset
    catatan_wajib: bool = False


TRANSISI = {
    t.kode: t
    for t in [
        Transisi("ajukan", "Ajukan ke pimpinan", frozenset({S.DRAFT}), S.DIAJUKAN, frozenset({Aksi.UBAH})),
        Transisi("setujui", "Setujui", frozenset({S.DIAJUKAN}), S.DISETUJUI, frozenset({Aksi.SETUJUI})),
        Transisi(
            "verifikasi", "Verifikasi dan kunci", frozenset({S.DISETUJUI}), S.DIVERIFIKASI, frozenset({Aksi.REVIU})
        ),
        Transisi(
            "kembalikan",
            "Kembalikan ke draf",
            frozenset({S.DIAJUKAN, S.DISETUJUI}),
            S.DRAFT,
            frozenset({Aksi.SETUJUI, Aksi.REVIU}),
            catatan_wajib=True,
        ),
        Transisi(
            "buka",
            "Buka kembali",
            frozenset({S.DIVERIFIKASI}),
            S.DRAFT,
            frozenset({Aksi.REVIU, Aksi.KELOLA}),
            catatan_wajib=True,
        ),
    ]
}


def status_periode(opd: OPD, tahun: int, periode: str) -> StatusPeriode:
    """The period's status record (an unsaved draft when nothing has happened yet)."""
    return StatusPeriode.objects.filter(opd=opd, tahun=tahun, periode=periode).first() or StatusPeriode(
        opd=opd, tahun=tahun, periode=periode
    )


def transisi_tersedia(user: Pengguna, status: StatusPeriode) -> list[Transisi]:
    """Transitions this user may make from the current status."""
    return [
        t
        for t in TRANSISI.values()
        if status.status in t.dari and any(boleh(user, aksi, status.opd) for aksi in t.aksi)
    ]


@transaction.atomic
def jalankan_transisi(
    user: Pengguna, opd: OPD, tahun: int, periode: str, kode: str, catatan: str = ""
) -> StatusPeriode:
    t = TRANSISI.get(kode)
    if t is None:
        raise GalatAlur("Tindakan tidak dikenal.")
    kunci_opd(opd.pk)  # no save of this office runs between the check below and the change
    status = StatusPeriode.objects.select_for_update().filter(opd=opd, tahun=tahun, periode=periode).first()
    if status is None:
        status = StatusPeriode.objects.create(opd=opd, tahun=tahun, periode=periode)
    if status.status not in t.dari:
        raise GalatAlur(
            f'Data berstatus {status.get_status_display().lower()}; tindakan "{t.label}" tidak dapat '
            "dilakukan sekarang. Muat ulang halaman."
        )
    if not any(boleh(user, aksi, opd) for aksi in t.aksi):
        raise GalatAlur(f'Anda tidak berwenang melakukan "{t.label}".')
    catatan = (catatan or "").strip()
    if t.catatan_wajib and not catatan:
        raise GalatAlur(f'"{t.label}" memerlukan catatan alasan.')
    if t.ke in (S.DIAJUKAN, S.DISETUJUI, S.DIVERIFIKASI):
        # Out of draft, the PK in force is frozen: a draft could never be set any more.
        perjanjian = pk_kepala(opd, tahun, akhir_periode(tahun, periode))
        if perjanjian is not None and perjanjian.status == perjanjian.Status.DRAFT:
            raise GalatAlur(
                f"{perjanjian.label_versi} {tahun} masih draf. Minta pimpinan menetapkannya dulu: setelah data "
                f'periode ini keluar dari draf, PK tidak dapat ditetapkan lagi. "{t.label}" belum dilakukan.'
            )
    dari = status.status
    status.status = t.ke
    status._change_reason = catatan
    status.save()
    RiwayatStatus.objects.create(status_periode=status, dari=dari, ke=t.ke, oleh=user, catatan=catatan)
    return status


def jendela(opd: OPD, tahun: int, periode: str) -> JendelaEntri | None:
    return JendelaEntri.objects.filter(pemda_id=opd.pemda_id, tahun=tahun, periode=periode).first()


def pesan_tertutup(opd: OPD, tahun: int, periode: str, peta: PetaKunci | None = None) -> str | None:
    """Why realisations of this period cannot be entered now (kinerja.penguncian), or None."""
    peta = peta or PetaKunci.baca([opd.pk], tahun)
    return peta.periode(opd.pk, tahun, periode)


def periksa_boleh_isi(
    user: Pengguna,
    opd: OPD,
    tahun: int,
    periode: str,
    hari_ini: datetime.date | None = None,
    peta: PetaKunci | None = None,
) -> None:
    """Raise GalatAlur unless `user` may enter realisations of this period now."""
    if not boleh(user, Aksi.UBAH, opd):
        raise GalatAlur("Anda tidak berwenang mengisi data OPD ini.")
    pesan = pesan_tertutup(opd, tahun, periode, peta)
    if pesan:
        raise GalatAlur(pesan)
    j = jendela(opd, tahun, periode)
    hari_ini = hari_ini or timezone.localdate()
    if j is not None and not (j.mulai <= hari_ini <= j.selesai):
        raise GalatAlur(
            f"Jendela pengisian periode ini {j.mulai:%d-%m-%Y} s.d. {j.selesai:%d-%m-%Y}; di luar itu data tidak "
            "dapat diubah. Hubungi admin pemda."
        )


def boleh_menetapkan(user: Pengguna | None, opd: OPD) -> bool:
    """Whether `user` may set (sign) a PK or a perubahan of `opd`: the pimpinan of the office or a
    superuser. `user=None` is the system itself (the demo loader, a command run by the admin)."""
    return user is None or boleh(user, Aksi.SETUJUI, opd)


PESAN_HANYA_PIMPINAN = (
    "Hanya pimpinan OPD yang dapat menetapkan (menandatangani) PK atau perubahannya; "
    "simpan sebagai draf, lalu minta pimpinan menetapkannya."
)
