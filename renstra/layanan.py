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


def _salin_indikator(lama, **pemilik):
    baru = Indikator.objects.get(pk=lama.pk)
    baru.pk = None
    baru.id = None
    baru.asal = lama
    baru.tujuan = pemilik.get("tujuan")
    baru.sasaran = pemilik.get("sasaran")
    baru.komposit = pemilik.get("komposit")
    baru.save()
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
        _salin_indikator(komponen, komposit=baru)
    return baru


@transaction.atomic
def buat_renstra_perubahan(
    renstra: Renstra, *, tanggal_penetapan: datetime.date, alasan: str, dasar_hukum: str = ""
) -> Renstra:
    """Copy `renstra` (tujuan, sasaran cascade, indicators, targets) into a new version.

    The earlier version stays readable; each copied row points to its original (`asal`), so
    the time series of an indicator follows it across versions.
    """
    if not alasan.strip():
        raise ValueError("Alasan perubahan Renstra wajib diisi.")
    if hasattr(renstra, "diganti_oleh"):
        raise ValueError("Renstra ini sudah digantikan oleh perubahan lain; ubahlah versi terbaru.")
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
        visi=renstra.visi,
    )
    baru.misi_didukung.set(renstra.misi_didukung.all())
    peta_tujuan = {}
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
            _salin_indikator(ind, tujuan=salinan)
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
                _salin_indikator(ind, sasaran=salinan)
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
