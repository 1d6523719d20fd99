"""The reviewer's workspace: automatic findings kept with a status, comments, and the statement."""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from kinerja.models import TemuanReviu
from sakip import pemberitahuan, rumus
from sakip.kunci import kunci_opd
from sakip.models import OPD, Pengguna, Peran

from .pemeriksaan import periksa_opd

S = TemuanReviu.Status


class GalatReviu(ValueError):
    pass


@dataclass
class Rencana:
    """Today's checks laid over the stored findings, in memory: what the page shows.

    `temuan` is every finding and comment as it would stand once recorded (new ones unsaved,
    `belum_dicatat` set); `baru` and `berubah` are what `sinkronkan` would write."""

    hasil: list
    temuan: list
    baru: list = field(default_factory=list)
    berubah: list = field(default_factory=list)

    @property
    def jumlah_terbuka(self):
        return sum(1 for t in self.temuan if t.status == S.TERBUKA)

    @property
    def perlu_dicatat(self):
        return len(self.baru) + len(self.berubah)


def rencana_sinkron(opd: OPD, tahun: int, periode: str, user: Pengguna | None = None) -> Rencana:
    """Run the data checks and lay them over the stored findings, writing nothing (a GET shows
    this): new ones open; open ones that no longer fire are marked fixed (diperbaiki); a fixed
    one that fires again, or fires with other figures, reopens unless accepted."""
    hasil = periksa_opd(opd, tahun, periode)
    tersimpan = list(TemuanReviu.objects.filter(opd=opd, tahun=tahun, periode=periode).select_related("dibuat_oleh"))
    ada = {(t.kode, t.objek): t for t in tersimpan if t.otomatis}
    sekarang = set()
    rencana = Rencana(hasil=hasil, temuan=tersimpan)
    for t in hasil:
        kunci = (t.kode, t.objek)
        sekarang.add(kunci)
        rekam = ada.get(kunci)
        if rekam is None:
            baru = TemuanReviu(
                opd=opd,
                tahun=tahun,
                periode=periode,
                objek=t.objek,
                kode=t.kode,
                tingkat=t.tingkat,
                pesan=t.pesan,
                dibuat_oleh=user,
            )
            baru.belum_dicatat = True
            rencana.baru.append(baru)
        elif rekam.status == S.DIPERBAIKI or rekam.pesan != t.pesan:
            if rekam.status != S.DITERIMA:
                rekam.status = S.TERBUKA
            rekam.pesan, rekam.tingkat = t.pesan, t.tingkat
            if not getattr(rekam, "belum_dicatat", False):
                rekam.belum_dicatat = True
                rencana.berubah.append(rekam)
    for kunci, rekam in ada.items():
        if kunci not in sekarang and rekam.status == S.TERBUKA:
            rekam.status = S.DIPERBAIKI
            rekam._change_reason = "Pemeriksaan otomatis tidak lagi menemukan masalah ini."
            rekam.belum_dicatat = True
            rencana.berubah.append(rekam)
    rencana.temuan = sorted(tersimpan + rencana.baru, key=lambda t: (t.status, t.pk is None, t.pk or 0))
    return rencana


@transaction.atomic
def sinkronkan(opd: OPD, tahun: int, periode: str, user: Pengguna | None = None) -> Rencana:
    """Record today's checks (`rencana_sinkron`): done when the reviewer acts, never on a GET, so
    the findings a reviewer annotates stay as they were when they acted. Returns the plan."""
    kunci_opd(opd.pk)  # two reviewers acting at once record one set of findings
    rencana = rencana_sinkron(opd, tahun, periode, user)
    TemuanReviu.objects.bulk_create(rencana.baru)
    for rekam in rencana.berubah:
        rekam.save()
    if rencana.baru:
        _ke_opd(opd, tahun, periode, f"{len(rencana.baru)} temuan reviu baru dicatat", user)
    return rencana


def tautan_reviu(opd: OPD, tahun: int, periode: str) -> str:
    return reverse("ruang_reviu", args=[opd.kode, tahun, periode])


def _label(opd: OPD, tahun: int, periode: str) -> str:
    return f"{opd.nama}, {rumus.Periode(periode).label} {tahun}"


def _ke_opd(opd: OPD, tahun: int, periode: str, apa: str, user: Pengguna | None) -> None:
    """Tell the office's operators that a finding waits for them."""
    penerima = pemberitahuan.pengguna_opd(opd.pk, Peran.OPERATOR)
    pemberitahuan.kirim(penerima, f"{_label(opd, tahun, periode)}: {apa}.", tautan_reviu(opd, tahun, periode), user)


def tambah_komentar(user: Pengguna, opd: OPD, tahun: int, periode: str, objek: str, pesan: str) -> TemuanReviu:
    pesan = (pesan or "").strip()
    if not pesan:
        raise GalatReviu("Komentar tidak boleh kosong.")
    temuan = TemuanReviu.objects.create(
        opd=opd,
        tahun=tahun,
        periode=periode,
        objek=objek or "umum",
        kode="komentar",
        tingkat="peringatan",
        pesan=pesan,
        dibuat_oleh=user,
    )
    _ke_opd(opd, tahun, periode, f"komentar reviu baru: {pesan[:120]}", user)
    return temuan


def ubah_status(temuan: TemuanReviu, status: str, alasan: str = "", user: Pengguna | None = None) -> TemuanReviu:
    if status not in S.values:
        raise GalatReviu("Status tidak dikenal.")
    if status == S.DITERIMA and not (alasan or "").strip():
        raise GalatReviu("Temuan yang diterima apa adanya wajib disertai alasan.")
    temuan.status = status
    temuan.alasan = (alasan or "").strip()
    temuan._change_reason = temuan.alasan
    temuan.save()
    # An answer to a finding: the office and the Pemda's other reviewers learn of it.
    opd = temuan.opd
    penerima = list(pemberitahuan.pengguna_opd(opd.pk, Peran.OPERATOR)) + list(
        pemberitahuan.reviewer_pemda(opd.pemda_id)
    )
    teks = f"{_label(opd, temuan.tahun, temuan.periode)}: temuan “{temuan.pesan[:80]}”"
    teks += f" {temuan.get_status_display().lower()}"
    if temuan.alasan:
        teks += f" ({temuan.alasan[:80]})"
    pemberitahuan.kirim(penerima, teks + ".", tautan_reviu(opd, temuan.tahun, temuan.periode), user)
    return temuan


def jumlah_terbuka(opd: OPD, tahun: int, periode: str) -> int:
    """Findings open on today's checks (what the workspace shows), writing nothing."""
    return rencana_sinkron(opd, tahun, periode).jumlah_terbuka


def semua_tertutup(opd: OPD, tahun: int, periode: str) -> bool:
    """No finding open, judged on today's checks (what the page shows), not only on the records."""
    return rencana_sinkron(opd, tahun, periode).jumlah_terbuka == 0
