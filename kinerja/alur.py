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
from sakip.models import OPD, Jabatan, Pengguna, Penugasan

from .models import JendelaEntri, PerjanjianKinerja, RiwayatStatus, StatusPeriode
from .pengukuran import akhir_periode, pk_semua
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


@dataclass(frozen=True)
class Persetujuan:
    """Whether a period's data is approved by the pimpinan, and since when.

    Approved means disetujui or diverifikasi (verification follows approval); `tanggal` is the
    local date of the last transition to disetujui, None when there is none on record."""

    status: str
    label: str
    disetujui: bool
    tanggal: datetime.date | None


def persetujuan_periode(opd: OPD, tahun: int, periode: str) -> Persetujuan:
    """The one answer to "is this period's data approved?" for every document made from it."""
    status = status_periode(opd, tahun, periode)
    disetujui = status.status in (S.DISETUJUI, S.DIVERIFIKASI)
    tanggal = None
    if disetujui:
        waktu = (
            RiwayatStatus.objects.filter(status_periode_id=status.pk, ke=S.DISETUJUI)
            .order_by("-waktu", "-id")
            .values_list("waktu", flat=True)
            .first()
        )
        tanggal = timezone.localdate(waktu) if waktu else None
    return Persetujuan(status=status.status, label=status.get_status_display(), disetujui=disetujui, tanggal=tanggal)


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
        # Out of draft, the PKs in force are frozen: a draft could never be set any more. Every
        # level's PK counts (the head's, each kepala bidang's and seksi's).
        pada = akhir_periode(tahun, periode)
        draf = [p for p, _ in pk_semua(opd, tahun, pada) if p.status == p.Status.DRAFT]
        if draf:
            nama = "; ".join(f"{p.label_versi} {p.jabatan.nama_pada(pada)}" for p in draf[:5])
            lagi = f" dan {len(draf) - 5} lainnya" if len(draf) > 5 else ""
            raise GalatAlur(
                f"PK {tahun} masih draf: {nama}{lagi}. Minta yang berwenang menetapkannya dulu: setelah data "
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


def boleh_menetapkan(user: Pengguna | None, opd: OPD, perjanjian: PerjanjianKinerja | None = None) -> bool:
    """Whether `user` may set (sign) a PK or a perubahan of `opd`: the pimpinan of the office or a
    superuser. `user=None` is the system itself (the demo loader, a command run by the admin).

    Given the PK, a pimpinan account that names its official (`Pengguna.pejabat`) sets only the
    PKs that official signs: of the jabatan held, or of a jabatan below it (the atasan approves
    the PK of a kepala bidang or seksi). An account without a named official sets every PK of
    its office, as before."""
    if user is None:
        return True
    if not boleh(user, Aksi.SETUJUI, opd):
        return False
    if perjanjian is None or user.is_superuser or not user.pejabat_id:
        return True
    return PenetapPK.baca(user, opd).boleh(perjanjian)


@dataclass
class PenetapPK:
    """The jabatan a user's official holds in one office and the office's jabatan tree, read
    once (two queries) to decide for any number of PKs whether the user signs them."""

    pejabat_id: int
    penugasan: list  # [(jabatan id, mulai, selesai or None)]
    induk: dict  # jabatan id -> induk id

    @classmethod
    def baca(cls, user: Pengguna, opd: OPD) -> PenetapPK:
        penugasan = list(
            Penugasan.objects.filter(pejabat_id=user.pejabat_id, jabatan__opd_id=opd.pk).values_list(
                "jabatan_id", "mulai", "selesai"
            )
        )
        induk = dict(Jabatan.objects.filter(opd_id=opd.pk).values_list("id", "induk_id"))
        return cls(user.pejabat_id, penugasan, induk)

    def _memegang(self, jabatan_id, tanggal) -> bool:
        return any(
            j == jabatan_id and mulai <= tanggal and (selesai is None or selesai >= tanggal)
            for j, mulai, selesai in self.penugasan
        )

    def boleh(self, perjanjian: PerjanjianKinerja) -> bool:
        if perjanjian.pejabat_id == self.pejabat_id:
            return True
        # The holder on the PK date, or today (a successor approves what is still a draft).
        tanggal = {perjanjian.tanggal, timezone.localdate()}
        j, dilihat = perjanjian.jabatan_id, set()
        while j is not None and j not in dilihat:
            if any(self._memegang(j, t) for t in tanggal):
                return True
            dilihat.add(j)
            j = self.induk.get(j)
        return False


PESAN_HANYA_PIMPINAN = (
    "Hanya pimpinan OPD yang dapat menetapkan (menandatangani) PK atau perubahannya; "
    "simpan sebagai draf, lalu minta pimpinan menetapkannya."
)


def pesan_tidak_boleh_menetapkan(perjanjian: PerjanjianKinerja) -> str:
    """The refusal when a pimpinan account may not set this PK (not its holder nor above it)."""
    return (
        f"PK {perjanjian.jabatan} hanya dapat ditetapkan oleh pemegang jabatan itu atau atasannya; "
        "simpan sebagai draf, lalu minta yang berwenang menetapkannya."
    )
