"""The reviewer's workspace: automatic findings kept with a status, comments, and the statement."""

from django.db import transaction

from kinerja.models import TemuanReviu

from .pemeriksaan import periksa_opd

S = TemuanReviu.Status


class GalatReviu(ValueError):
    pass


@transaction.atomic
def sinkronkan(opd, tahun, periode, user=None):
    """Run the data checks and keep their findings: new ones open; open ones that no longer fire
    are marked fixed (diperbaiki). Returns (findings with their current check result, all records)."""
    hasil = periksa_opd(opd, tahun, periode)
    ada = {
        (t.kode, t.objek): t
        for t in TemuanReviu.objects.filter(opd=opd, tahun=tahun, periode=periode).exclude(kode="komentar")
    }
    sekarang = set()
    baru = []
    for t in hasil:
        kunci = (t.kode, t.objek)
        sekarang.add(kunci)
        rekam = ada.get(kunci)
        if rekam is None:
            baru.append(
                TemuanReviu(
                    opd=opd,
                    tahun=tahun,
                    periode=periode,
                    objek=t.objek,
                    kode=t.kode,
                    tingkat=t.tingkat,
                    pesan=t.pesan,
                    dibuat_oleh=user,
                )
            )
        elif rekam.status == S.DIPERBAIKI or rekam.pesan != t.pesan:
            # The check fires again (or with other figures): reopen unless accepted.
            if rekam.status != S.DITERIMA:
                rekam.status = S.TERBUKA
            rekam.pesan, rekam.tingkat = t.pesan, t.tingkat
            rekam.save()
    TemuanReviu.objects.bulk_create(baru)
    for kunci, rekam in ada.items():
        if kunci not in sekarang and rekam.status == S.TERBUKA:
            rekam.status = S.DIPERBAIKI
            rekam._change_reason = "Pemeriksaan otomatis tidak lagi menemukan masalah ini."
            rekam.save()
    return hasil


def tambah_komentar(user, opd, tahun, periode, objek, pesan):
    pesan = (pesan or "").strip()
    if not pesan:
        raise GalatReviu("Komentar tidak boleh kosong.")
    return TemuanReviu.objects.create(
        opd=opd,
        tahun=tahun,
        periode=periode,
        objek=objek or "umum",
        kode="komentar",
        tingkat="peringatan",
        pesan=pesan,
        dibuat_oleh=user,
    )


def ubah_status(temuan, status, alasan=""):
    if status not in S.values:
        raise GalatReviu("Status tidak dikenal.")
    if status == S.DITERIMA and not (alasan or "").strip():
        raise GalatReviu("Temuan yang diterima apa adanya wajib disertai alasan.")
    temuan.status = status
    temuan.alasan = (alasan or "").strip()
    temuan._change_reason = temuan.alasan
    temuan.save()
    return temuan


def semua_tertutup(opd, tahun, periode):
    return not TemuanReviu.objects.filter(opd=opd, tahun=tahun, periode=periode, status=S.TERBUKA).exists()
