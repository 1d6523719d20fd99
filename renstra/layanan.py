"""Services on the Renstra: a Renstra Perubahan copies the tree and supersedes without deleting.

The grid that edits indicators and targets is renstra.entri.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from .models import Indikator, Pembanding, Renstra, Sasaran, TargetIndikator, Tujuan


def target_tahun(indikator: Indikator, tahun: int) -> TargetIndikator | None:
    """The Renstra target of `indikator` for `tahun`, or None."""
    return next((t for t in indikator.target_set.all() if t.tahun == tahun), None)


def _salin_indikator(lama, peta, **pemilik):
    """Copy `lama` (its targets, benchmarks, components) under a new owner; `peta` maps the ids of
    the indicators copied so far to their copies, so a derived parent given earlier in the copy
    is the new version's (a later one: `_pasang_induk_turunan`)."""
    baru = Indikator.objects.get(pk=lama.pk)
    baru.pk = None
    baru.id = None
    baru.asal = lama
    if baru.induk_turunan_id in peta:
        baru.induk_turunan = peta[baru.induk_turunan_id]
    baru.tujuan = pemilik.get("tujuan")
    baru.sasaran = pemilik.get("sasaran")
    baru.komposit = pemilik.get("komposit")
    baru.save()
    peta[lama.pk] = baru
    TargetIndikator.objects.bulk_create(
        TargetIndikator(indikator=baru, tahun=t.tahun, nilai=t.nilai, nilai_atas=t.nilai_atas, nilai_teks=t.nilai_teks)
        for t in lama.target_set.all()
    )
    Pembanding.objects.bulk_create(
        Pembanding(
            indikator=baru,
            tahun=p.tahun,
            jenis=p.jenis,
            nama=p.nama,
            nilai=p.nilai,
            nilai_teks=p.nilai_teks,
            sumber=p.sumber,
        )
        for p in lama.pembanding_set.all()
    )
    for komponen in lama.komponen.all():
        _salin_indikator(komponen, peta, komposit=baru)
    return baru


def _pasang_induk_turunan(peta):
    """Children copied before their derived parent point to the parent's copy too. Brand-new rows
    of the new version: set in one update, not through the period lock."""
    for baru in peta.values():
        induk = peta.get(baru.induk_turunan_id)
        if induk is not None and baru.induk_turunan_id != induk.pk:
            Indikator.objects.filter(pk=baru.pk).update(induk_turunan=induk)


class GalatPerubahan(ValueError):
    """A Renstra Perubahan refused; the message is for the user and nothing was written."""


def periksa_perubahan(renstra: Renstra, *, mulai, alasan: str, tanggal_penetapan=None) -> tuple[int, str]:
    """The rules of a Renstra Perubahan, checked once for every door (page, admin, command):
    (year, reason) cleaned, or GalatPerubahan."""
    alasan = (alasan or "").strip()
    if hasattr(renstra, "diganti_oleh"):
        raise GalatPerubahan(
            f"{renstra} sudah digantikan oleh {renstra.diganti_oleh}; perubahan dibuat dari versi terbaru."
        )
    try:
        mulai = int(str(mulai).strip())
    except (TypeError, ValueError):
        raise GalatPerubahan("Isi tahun mulai berlaku perubahan (angka tahun, mis. 2025).") from None
    if not renstra.tahun_mulai <= mulai <= renstra.tahun_selesai:
        raise GalatPerubahan(
            f"Tahun mulai berlaku {mulai} di luar periode Renstra {renstra.tahun_mulai}–{renstra.tahun_selesai}."
        )
    if renstra.berlaku_mulai and mulai < renstra.berlaku_mulai:
        raise GalatPerubahan(
            f"Tahun mulai berlaku {mulai} sebelum tahun berlaku versi yang diubah ({renstra.berlaku_mulai})."
        )
    if not alasan:
        raise GalatPerubahan("Alasan perubahan Renstra wajib diisi.")
    if tanggal_penetapan is None:
        # A version without a date is in force at any date (Renstra.objects.berlaku): a perubahan
        # not yet enacted would take over at once. It is made when it is enacted.
        raise GalatPerubahan("Isi tanggal penetapan perubahan Renstra: perubahan dibuat setelah ditetapkan.")
    return mulai, alasan


@transaction.atomic
def buat_renstra_perubahan(
    renstra: Renstra,
    *,
    alasan: str,
    mulai: int | None = None,
    tanggal_penetapan: datetime.date | None = None,
    dasar_hukum: str = "",
) -> Renstra:
    """Copy `renstra` (tujuan, sasaran cascade, indicators, targets) into a new version that
    applies from the year `mulai` (the earlier years keep `renstra`; without `mulai`, the year
    of `tanggal_penetapan`).

    The earlier version stays readable; each copied row points to its original (`asal`), so
    the time series of an indicator follows it across versions. Raises GalatPerubahan (a
    ValueError) with a message for the user; then nothing is written.
    """
    # The row locked: two requests at once cannot both supersede the same version.
    renstra = Renstra.objects.select_for_update().get(pk=renstra.pk)
    if mulai is None and tanggal_penetapan is not None:
        mulai = min(max(tanggal_penetapan.year, renstra.tahun_mulai), renstra.tahun_selesai)
    mulai, alasan = periksa_perubahan(renstra, mulai=mulai, alasan=alasan, tanggal_penetapan=tanggal_penetapan)
    baru = Renstra.objects.create(
        opd=renstra.opd,
        rpjmd=renstra.rpjmd,
        tahun_mulai=renstra.tahun_mulai,
        tahun_selesai=renstra.tahun_selesai,
        versi=renstra.versi + 1,
        menggantikan=renstra,
        tanggal_penetapan=tanggal_penetapan,
        dasar_hukum=dasar_hukum or renstra.dasar_hukum,
        alasan_perubahan=alasan,
        berlaku_mulai=mulai,
        visi=renstra.visi,
    )
    baru.misi_didukung.set(renstra.misi_didukung.all())
    peta_tujuan, peta_indikator = {}, {}
    for tujuan in renstra.tujuan_set.all():
        salinan = Tujuan.objects.create(
            renstra=baru,
            sasaran_daerah=tujuan.sasaran_daerah,
            kode=tujuan.kode,
            uraian=tujuan.uraian,
            urutan=tujuan.urutan,
            asal=tujuan,
        )
        peta_tujuan[tujuan.id] = salinan
        for ind in tujuan.indikator_set.all():
            _salin_indikator(ind, peta_indikator, tujuan=salinan)
    peta_sasaran = {}
    # Parents before children: the cascade levels in order.
    for tingkat in Sasaran.URUTAN_TINGKAT:
        for sasaran in renstra.sasaran_set.filter(tingkat=tingkat).order_by("urutan", "id"):
            salinan = Sasaran.objects.create(
                renstra=baru,
                tujuan=peta_tujuan.get(sasaran.tujuan_id),
                induk=peta_sasaran.get(sasaran.induk_id),
                tingkat=sasaran.tingkat,
                kode=sasaran.kode,
                uraian=sasaran.uraian,
                pemilik=sasaran.pemilik,
                urutan=sasaran.urutan,
                asal=sasaran,
            )
            peta_sasaran[sasaran.id] = salinan
            for ind in sasaran.indikator_set.all():
                _salin_indikator(ind, peta_indikator, sasaran=salinan)
    _pasang_induk_turunan(peta_indikator)
    return baru


def indikator_renstra(renstra: Renstra) -> list[Indikator]:
    """Indicators of a Renstra's tujuan and sasaran (not components, not budget items), in order."""
    from django.db.models import Prefetch, Q

    return list(
        Indikator.objects.filter(Q(sasaran__renstra=renstra) | Q(tujuan__renstra=renstra))
        .select_related("sasaran__renstra", "tujuan__renstra")
        .prefetch_related(Prefetch("target_set", queryset=TargetIndikator.objects.order_by("tahun")))
        .order_by("urutan", "id")
    )
