"""Services on the Perjanjian Kinerja: drafting from the Renstra, amending (perubahan), setting.

Each runs under the office lock (sakip.kunci) and refuses what an approved period freezes
(kinerja.penguncian); only the pimpinan (or a superuser) sets a PK (kinerja.alur).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from renstra.models import Indikator, Renstra, Sasaran
from sakip.kunci import kunci_opd
from sakip.models import Jabatan, Pejabat, Pengguna
from sakip.perubahan import umumkan

from .alur import PESAN_HANYA_PIMPINAN, boleh_menetapkan, pesan_tidak_boleh_menetapkan
from .models import ItemPK, PerjanjianKinerja, RencanaAksi
from .penguncian import PetaKunci


class GalatPK(ValueError):
    """A PK operation that cannot be done; the message is for the user (Bahasa Indonesia)."""


@transaction.atomic
def buat_pk_dari_renstra(
    jabatan: Jabatan,
    tahun: int,
    *,
    tanggal: datetime.date,
    pejabat: Pejabat | None = None,
    perjanjian_atasan: PerjanjianKinerja | None = None,
) -> PerjanjianKinerja:
    """Draft the PK awal of `jabatan` for `tahun` from the Renstra targets of that year.

    The head of office (root jabatan) gets the IKU of the sasaran strategis; a lower
    jabatan gets the indicators of the cascade sasaran it owns (the program / kegiatan /
    sub kegiatan sasaran its budget items support), signed under its superior's PK: the PK in
    force on `tanggal` of the nearest jabatan above it that has one (unless given).
    """
    kunci_opd(jabatan.opd_id)
    if PerjanjianKinerja.objects.filter(jabatan=jabatan, tahun=tahun).exists():
        raise GalatPK(f"PK {tahun} untuk {jabatan} sudah ada; buat perubahan bila targetnya berubah.")
    # A PK awal is in force from the start of the year: an approved period of that year freezes it.
    pesan = PetaKunci.baca([jabatan.opd_id], tahun).berlaku_sejak(jabatan.opd_id, tahun, None, f"PK {tahun}")
    if pesan:
        raise GalatPK(pesan)
    renstra = Renstra.objects.berlaku(jabatan.opd, tahun, tanggal)
    if renstra is None:
        raise GalatPK(f"Tidak ada Renstra {jabatan.opd} yang mencakup tahun {tahun}.")
    if perjanjian_atasan is None and jabatan.induk_id is not None:
        perjanjian_atasan = pk_atasan(jabatan, tahun, tanggal)
        if perjanjian_atasan is None:
            raise GalatPK(
                f"Buat dulu PK {tahun} atasan {jabatan} ({jabatan.induk}): PK ini diturunkan dari PK atasannya."
            )
    if jabatan.induk_id is None:
        sasaran = Sasaran.objects.filter(renstra=renstra, tingkat=Sasaran.Tingkat.STRATEGIS)
        indikator = Indikator.objects.filter(sasaran__in=sasaran, iku=True)
        if not indikator.exists():
            indikator = Indikator.objects.filter(sasaran__in=sasaran)
    else:
        sasaran = Sasaran.objects.filter(renstra=renstra, pemilik=jabatan)
        indikator = Indikator.objects.filter(sasaran__in=sasaran)
    indikator = list(
        indikator.select_related("sasaran")
        .prefetch_related("target_set")
        .order_by("sasaran__urutan", "sasaran_id", "urutan", "id")
    )
    if not indikator:
        raise GalatPK(f"Tidak ada indikator Renstra untuk {jabatan}; lengkapi Renstra atau cascading-nya dulu.")
    perjanjian = PerjanjianKinerja.objects.create(
        jabatan=jabatan,
        tahun=tahun,
        versi=0,
        tanggal=tanggal,
        pejabat=pejabat,
        perjanjian_atasan=perjanjian_atasan,
        status=PerjanjianKinerja.Status.DRAFT,
    )
    items = []
    for urutan, ind in enumerate(indikator, 1):
        target = next((t for t in ind.target_set.all() if t.tahun == tahun), None)
        items.append(
            ItemPK(
                perjanjian=perjanjian,
                sasaran=ind.sasaran,
                indikator=ind,
                urutan=urutan,
                target=target.nilai if target else None,
                target_atas=target.nilai_atas if target else None,
                target_teks=target.nilai_teks if target else "",
            )
        )
    ItemPK.objects.bulk_create(items)
    umumkan(jabatan.opd_id, tahun)
    return perjanjian


def pk_atasan(jabatan: Jabatan, tahun: int, pada: datetime.date) -> PerjanjianKinerja | None:
    """The PK in force on `pada` of the nearest jabatan above `jabatan` that has a PK for `tahun`."""
    dilihat, atasan = {jabatan.pk}, jabatan.induk
    while atasan is not None and atasan.pk not in dilihat:
        perjanjian = PerjanjianKinerja.objects.berlaku(atasan, tahun, pada)
        if perjanjian is not None:
            return perjanjian
        dilihat.add(atasan.pk)
        atasan = atasan.induk
    return None


@transaction.atomic
def buat_perubahan_pk(
    perjanjian: PerjanjianKinerja,
    *,
    tanggal: datetime.date,
    alasan: str,
    target_baru: dict[int, Decimal] | None = None,
) -> PerjanjianKinerja:
    """A new PK version (perubahan) from `perjanjian`: items and rencana aksi copied, targets changed.

    `target_baru` maps indikator id to the new target Decimal (or predicate text). The new
    version applies from `tanggal`; the earlier versions stay as they were.
    """
    if not alasan or not alasan.strip():
        raise GalatPK("Alasan perubahan PK wajib diisi.")
    kunci_opd(perjanjian.opd_id)
    terakhir = PerjanjianKinerja.objects.filter(jabatan=perjanjian.jabatan, tahun=perjanjian.tahun).aggregate(
        m=Max("versi")
    )["m"]
    if perjanjian.versi != terakhir:
        raise GalatPK("Perubahan hanya dapat dibuat dari versi PK terbaru.")
    if tanggal <= perjanjian.tanggal:
        raise GalatPK("Tanggal perubahan harus setelah tanggal PK sebelumnya.")
    # A perubahan applies from its date: it may not start inside an approved period.
    pesan = PetaKunci.baca([perjanjian.opd_id], perjanjian.tahun).berlaku_sejak(
        perjanjian.opd_id, perjanjian.tahun, tanggal, f"PK Perubahan {perjanjian.versi + 1} {perjanjian.tahun}"
    )
    if pesan:
        raise GalatPK(pesan)
    baru = PerjanjianKinerja(
        jabatan=perjanjian.jabatan,
        tahun=perjanjian.tahun,
        versi=perjanjian.versi + 1,
        tanggal=tanggal,
        alasan=alasan,
        pejabat=perjanjian.pejabat,
        perjanjian_atasan=perjanjian.perjanjian_atasan,
        status=PerjanjianKinerja.Status.DRAFT,
    )
    baru.full_clean()
    baru.save()
    target_baru = target_baru or {}
    for item in perjanjian.item_set.prefetch_related("rencana_aksi_set").order_by("urutan", "id"):
        rencana = list(item.rencana_aksi_set.all())
        item.pk = item.id = None
        item.perjanjian = baru
        if item.indikator_id in target_baru:
            nilai = target_baru[item.indikator_id]
            if isinstance(nilai, str):
                item.target_teks = nilai
            else:
                item.target = nilai
        item.full_clean()
        item.save()
        for ra in rencana:
            ra.pk = ra.id = None
            ra.item = item
        RencanaAksi.objects.bulk_create(rencana)
    umumkan(perjanjian.opd_id, baru.tahun)
    return baru


@transaction.atomic
def tetapkan_pk(perjanjian: PerjanjianKinerja, user: Pengguna | None) -> PerjanjianKinerja:
    """A draft PK becomes the signed one: its targets no longer change (a perubahan does that).

    Only the pimpinan of the office or a superuser sets a PK (`user=None`: the system itself,
    e.g. the demo loader); a PK that would be in force for an approved period is not set.
    """
    if not boleh_menetapkan(user, perjanjian.opd):
        raise GalatPK(PESAN_HANYA_PIMPINAN)
    if not boleh_menetapkan(user, perjanjian.opd, perjanjian):
        raise GalatPK(pesan_tidak_boleh_menetapkan(perjanjian))
    kunci_opd(perjanjian.opd_id)
    perjanjian.refresh_from_db(fields=["status", "tanggal", "versi", "tahun"])  # as stored now, under the lock
    if perjanjian.status != PerjanjianKinerja.Status.DRAFT:
        raise GalatPK("PK ini sudah ditetapkan; buat perubahan bila targetnya berubah.")
    pesan = PetaKunci.baca([perjanjian.opd_id], perjanjian.tahun).perjanjian(perjanjian, ditetapkan_mengunci=False)
    if pesan:
        raise GalatPK(pesan)
    if not perjanjian.item_set.exists():
        raise GalatPK("PK tanpa indikator tidak dapat ditetapkan.")
    perjanjian.status = PerjanjianKinerja.Status.DITETAPKAN
    perjanjian.save(update_fields=["status"])
    umumkan(perjanjian.opd_id, perjanjian.tahun)
    return perjanjian
