"""The approval path of an office's data for one period, and who may enter data when.

draft → diajukan (operator) → disetujui (pimpinan) → diverifikasi (reviewer; locked), and back
to draft with a required note (kembalikan by pimpinan or reviewer; buka kembali of locked
data by the reviewer or the admin pemda). Every transition is logged (RiwayatStatus).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sakip import pemberitahuan, rumus
from sakip.akses import Aksi, boleh
from sakip.kunci import kunci_opd
from sakip.models import OPD, Jabatan, Pengguna, Penugasan, Peran
from sakip.perubahan import umumkan

from .models import JendelaEntri, PerjanjianKinerja, RiwayatStatus, StatusPeriode, TemuanReviu
from .pengukuran import Pengukuran, PengukuranTidakTersedia, akhir_periode, pk_semua, ukur_opd
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
    # What the person is told before acting (the page's confirmation): what locks, who acts
    # next, and what this role can no longer undo.
    akibat: str = ""
    tombol_yakin: str = ""


TRANSISI = {
    t.kode: t
    for t in [
        Transisi(
            "ajukan",
            "Ajukan ke pimpinan",
            frozenset({S.DRAFT}),
            S.DIAJUKAN,
            frozenset({Aksi.UBAH}),
            akibat=(
                "Realisasi periode ini, rencana aksi dan realisasi anggaran triwulannya, serta PK yang berlaku "
                "dikunci: operator tidak dapat mengubahnya lagi. Pimpinan OPD memeriksa lalu menyetujui atau "
                "mengembalikannya ke draf; operator tidak dapat menarik pengajuan."
            ),
            tombol_yakin="Ya, ajukan",
        ),
        Transisi(
            "setujui",
            "Setujui",
            frozenset({S.DIAJUKAN}),
            S.DISETUJUI,
            frozenset({Aksi.SETUJUI}),
            akibat=(
                "Data periode ini disetujui atas nama pimpinan OPD dan diteruskan ke reviewer (inspektorat) untuk "
                "diverifikasi; data tetap terkunci bagi operator. Selama belum diverifikasi, pimpinan masih dapat "
                "mengembalikannya ke draf."
            ),
            tombol_yakin="Ya, setujui",
        ),
        Transisi(
            "verifikasi",
            "Verifikasi dan kunci",
            frozenset({S.DISETUJUI}),
            S.DIVERIFIKASI,
            frozenset({Aksi.REVIU}),
            akibat=(
                "Data periode ini dikunci sebagai data terverifikasi: realisasi, rencana aksi, realisasi anggaran "
                "dan PK yang berlaku tidak dapat diubah oleh operator maupun pimpinan, dan laporan memakainya. "
                "Kunci hanya dapat dibuka kembali oleh reviewer atau admin pemda, dengan alasan yang tercatat."
            ),
            tombol_yakin="Ya, verifikasi dan kunci",
        ),
        Transisi(
            "kembalikan",
            "Kembalikan ke draf",
            frozenset({S.DIAJUKAN, S.DISETUJUI}),
            S.DRAFT,
            frozenset({Aksi.SETUJUI, Aksi.REVIU}),
            catatan_wajib=True,
            akibat=(
                "Data periode ini kembali menjadi draf: operator dapat mengubahnya lagi, persetujuan yang sudah "
                "ada gugur, dan periode harus diajukan dan disetujui ulang. Alasan Anda tercatat di riwayat dan "
                "dibaca operator."
            ),
            tombol_yakin="Ya, kembalikan ke draf",
        ),
        Transisi(
            "buka",
            "Buka kembali",
            frozenset({S.DIVERIFIKASI}),
            S.DRAFT,
            frozenset({Aksi.REVIU, Aksi.KELOLA}),
            catatan_wajib=True,
            akibat=(
                "Kunci verifikasi dilepas dan data periode ini kembali menjadi draf: operator dapat mengubahnya, "
                "dan periode harus diajukan, disetujui dan diverifikasi ulang. Alasan Anda tercatat di riwayat."
            ),
            tombol_yakin="Ya, buka kembali",
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


def belum_diisi(pengukuran: Pengukuran, tahun: int, periode: str) -> tuple[list, int]:
    """The indicators of the period's grid (every PK in force, composites with their components,
    each once) not yet filled for this period, and how many there are in all.

    Filled is the measurement's rule (`HasilIndikator.terisi`, the one the dashboards count):
    the data the indicator's frequency makes due by the end of the period is there. A stock
    carried from TW III is the value TW IV shows, but TW IV is not filled; a semester survey or
    a yearly figure is not entered again each quarter."""
    baris, ada = [], set()
    kepala = pengukuran.sasaran
    for p in pengukuran.semua_perjanjian or [None]:
        for hs in kepala if p is None or p.perjanjian == pengukuran.perjanjian else p.sasaran:
            for hi in hs.indikator:
                if hi.indikator.id in ada:
                    continue
                ada.add(hi.indikator.id)
                baris.append((hi.indikator, hi.terisi))
                for k in hi.komponen:
                    if k.indikator.id not in ada:
                        ada.add(k.indikator.id)
                        baris.append((k.indikator, k.terisi))
    return [i for i, terisi in baris if not terisi], len(baris)


def pesan_belum_diisi(kosong: list, jumlah: int) -> str:
    """The question the page asks before submitting a period with empty indicators."""
    return f"{len(kosong)} dari {jumlah} indikator belum diisi. Tetap ajukan?"


# Counts the review findings still open for an office's period. kinerja stores the findings but
# the checks that raise them live in reviu (above this app), which registers the count of
# today's checks here (reviu.apps); without it the stored findings are counted.
_hitung_temuan_terbuka = None


def daftarkan_temuan_terbuka(fungsi) -> None:
    global _hitung_temuan_terbuka
    _hitung_temuan_terbuka = fungsi


def temuan_terbuka(opd: OPD, tahun: int, periode: str) -> int:
    if _hitung_temuan_terbuka is not None:
        return _hitung_temuan_terbuka(opd, tahun, periode)
    return TemuanReviu.objects.filter(opd=opd, tahun=tahun, periode=periode, status=TemuanReviu.Status.TERBUKA).count()


@transaction.atomic
def jalankan_transisi(
    user: Pengguna, opd: OPD, tahun: int, periode: str, kode: str, catatan: str = "", yakin: bool = False
) -> StatusPeriode:
    """Move the period along the path. Submitting a period with indicators not yet filled needs
    `yakin`; verifying while review findings are open needs the reason in `catatan`. Either is
    written into the transition's log, so whoever acts next sees it."""
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
    label = f"{rumus.Periode(periode).label} {tahun}"
    if kode == "ajukan":
        try:
            kosong, jumlah = belum_diisi(ukur_opd(opd, tahun, periode), tahun, periode)
        except PengukuranTidakTersedia:
            kosong, jumlah = [], 0
        if kosong and not yakin:
            nama = "; ".join(i.nama for i in kosong[:3])
            if len(kosong) > 3:
                nama += f" dan {len(kosong) - 3} lainnya"
            raise GalatAlur(
                f"{len(kosong)} dari {jumlah} indikator {label} belum diisi ({nama}). Isi dan simpan dulu, atau "
                'centang "Tetap ajukan" untuk mengajukan tanpa isian itu. Belum diajukan.'
            )
        if kosong:
            catatan = _gabung(f"Diajukan dengan {len(kosong)} dari {jumlah} indikator belum diisi.", catatan)
    if kode == "verifikasi":
        terbuka = temuan_terbuka(opd, tahun, periode)
        if terbuka and not catatan:
            raise GalatAlur(
                f"{terbuka} temuan reviu {label} masih terbuka. Tutup temuannya di ruang reviu, atau tulis alasan "
                "memverifikasi dengan temuan terbuka (wajib); alasan itu tercatat di riwayat. Belum diverifikasi."
            )
        if terbuka:
            catatan = f"Diverifikasi dengan {terbuka} temuan reviu terbuka. Alasan: {catatan}"
    dari = status.status
    status.status = t.ke
    status._change_reason = catatan
    status.save()
    RiwayatStatus.objects.create(status_periode=status, dari=dari, ke=t.ke, oleh=user, catatan=catatan)
    _beri_tahu(user, opd, tahun, periode, kode, label, catatan)
    umumkan(opd.pk, tahun)  # an approved period makes its report final: its PDF is prepared
    return status


# Who is told of each step: whoever acts next, and the office whose data it is.
_PENERIMA = {
    "ajukan": ((Peran.PIMPINAN,), False, "diajukan dan menunggu persetujuan Anda"),
    "setujui": ((Peran.OPERATOR,), True, "disetujui pimpinan dan menunggu verifikasi"),
    "verifikasi": ((Peran.OPERATOR, Peran.PIMPINAN), False, "diverifikasi dan dikunci"),
    "kembalikan": ((Peran.OPERATOR, Peran.PIMPINAN), False, "dikembalikan ke draf"),
    "buka": ((Peran.OPERATOR, Peran.PIMPINAN), False, "dibuka kembali menjadi draf"),
}


def tautan_alur(opd: OPD, tahun: int, periode: str) -> str:
    """The realisation page of a period, at its approval block (where every step is taken)."""
    return reverse("realisasi_grid", args=[opd.kode, tahun, periode]) + "#alur-persetujuan"


def _beri_tahu(user: Pengguna, opd: OPD, tahun: int, periode: str, kode: str, label: str, catatan: str) -> None:
    if kode not in _PENERIMA:  # a step nobody needs to hear of
        return
    peran, reviewer, apa = _PENERIMA[kode]
    penerima = list(pemberitahuan.pengguna_opd(opd.pk, *peran))
    if reviewer:
        penerima += list(pemberitahuan.reviewer_pemda(opd.pemda_id))
    oleh = user.get_full_name() or user.username
    teks = f"{opd.nama}: realisasi {label} {apa} (oleh {oleh})."
    if catatan and kode in ("kembalikan", "buka"):
        teks += f" Alasan: {catatan}"
    pemberitahuan.kirim(penerima, teks, tautan_alur(opd, tahun, periode), kecuali=user)


def _gabung(keterangan: str, catatan: str) -> str:
    return f"{keterangan} Catatan: {catatan}" if catatan else keterangan


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
    pesan = pesan_tertutup(opd, tahun, periode, peta) or pesan_jendela(opd, tahun, periode, hari_ini)
    if pesan:
        raise GalatAlur(pesan)


def pesan_jendela(opd: OPD, tahun: int, periode: str, hari_ini: datetime.date | None = None) -> str | None:
    """Why this period's entry window does not admit entries today, or None (no window: open)."""
    j = jendela(opd, tahun, periode)
    hari_ini = hari_ini or timezone.localdate()
    if j is not None and not (j.mulai <= hari_ini <= j.selesai):
        return (
            f"Jendela pengisian periode ini {j.mulai:%d-%m-%Y} s.d. {j.selesai:%d-%m-%Y}; di luar itu data tidak "
            "dapat diubah. Hubungi admin pemda."
        )
    return None


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
