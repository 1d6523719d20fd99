"""Bab I Pendahuluan: latar belakang, tugas dan fungsi with the organisation, isu strategis, the follow-up
of earlier evaluations (when there is any to report), sistematika."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from sakip.models import Jabatan, Penugasan

from .. import draf
from ..data import (
    BabPendahuluan,
    BagianNarasi,
    BarisStruktur,
    ButirSistematika,
    ButirTindakLanjut,
    Sistematika,
    SuratLhe,
    TindakLanjutEvaluasi,
    TugasFungsi,
)
from ..models import Bagian, RekomendasiEvaluasi
from ..rekomendasi import tindak_lanjut_laporan
from .konteks import BAB, ROMAWI, Konteks
from .sasaran import narasi


def bab_pendahuluan(k: Konteks) -> BabPendahuluan:
    bab = k.nomor.bab(1, BAB[0][0])
    latar = k.nomor.bagian("Latar Belakang")
    latar_narasi = narasi(k, Bagian.LATAR_BELAKANG, None, lambda: draf.latar_belakang(k))
    tugas = k.nomor.bagian("Tugas, Fungsi dan Struktur Organisasi")
    struktur = _struktur(k)
    tugas_narasi = narasi(k, Bagian.TUGAS_FUNGSI, None, lambda: draf.tugas_fungsi(k, struktur))
    isu = k.nomor.bagian("Isu Strategis")
    isu_narasi = narasi(k, Bagian.ISU_STRATEGIS, None, lambda: draf.isu_strategis(k))
    tindak_lanjut = _tindak_lanjut(k)
    sistematika = k.nomor.bagian("Sistematika Penyajian")
    return BabPendahuluan(
        **vars(bab),
        latar_belakang=BagianNarasi(bagian=latar, narasi=latar_narasi),
        tugas_fungsi=TugasFungsi(bagian=tugas, narasi=tugas_narasi, struktur=struktur),
        isu_strategis=BagianNarasi(bagian=isu, narasi=isu_narasi),
        sistematika=Sistematika(
            bagian=sistematika,
            butir=[
                ButirSistematika(judul=f"Bab {ROMAWI[i]} {judul}", uraian=f"Bab ini menyajikan {uraian}.")
                for i, (judul, uraian) in enumerate(BAB)
            ]
            + [ButirSistematika(judul="Lampiran", uraian="Perjanjian Kinerja dan formulir pengukuran kinerja.")],
        ),
        tindak_lanjut=tindak_lanjut,
    )


def _tindak_lanjut(k: Konteks) -> TindakLanjutEvaluasi | None:
    """The follow-up of earlier evaluations' recommendations (the register), in the annual report:
    those of the year before's evaluation and older ones not finished before this year."""
    if not k.tahunan:
        return None
    daftar = tindak_lanjut_laporan(k.opd, k.tahun)
    if not daftar:
        return None
    bagian = k.nomor.bagian("Tindak Lanjut Hasil Evaluasi Akuntabilitas Kinerja")
    tabel = k.nomor.buat_tabel("Tindak lanjut rekomendasi hasil evaluasi akuntabilitas kinerja")
    surat = []
    for r in daftar:
        s = SuratLhe(r.tahun_evaluasi, r.nomor_lhe, r.tanggal_lhe)
        if s not in surat:
            surat.append(s)
    return TindakLanjutEvaluasi(
        bagian=bagian,
        tabel=tabel,
        surat=surat,
        butir=[
            ButirTindakLanjut(
                nomor=i,
                tahun_evaluasi=r.tahun_evaluasi,
                komponen=r.komponen,
                kelemahan=r.kelemahan,
                rekomendasi=r.rekomendasi,
                tindak_lanjut=r.tindak_lanjut,
                rencana_waktu=r.rencana_waktu,
                status=r.status,
                status_label=r.get_status_display(),
                tanggal=r.tanggal_tindak_lanjut,
            )
            for i, r in enumerate(daftar, 1)
        ],
        selesai=sum(1 for r in daftar if r.status == RekomendasiEvaluasi.Status.SELESAI),
    )


def _struktur(k: Konteks) -> list[BarisStruktur]:
    """The office's positions in tree order with their holders on the signing date."""
    daftar = list(
        Jabatan.objects.filter(opd=k.opd)
        .prefetch_related(
            "riwayat_nama",
            Prefetch(
                "penugasan_set",
                queryset=Penugasan.objects.filter(mulai__lte=k.tanggal)
                .exclude(selesai__lt=k.tanggal)
                .select_related("pejabat")
                .order_by("jenis", "-mulai"),
                to_attr="penugasan_berlaku",
            ),
        )
        .order_by("urutan", "id")
    )
    anak = defaultdict(list)
    for j in daftar:
        anak[j.induk_id].append(j)
    ids = {j.id for j in daftar}
    hasil = []

    def turun(j: Jabatan, tingkat: int) -> None:
        p = j.penugasan_berlaku[0] if j.penugasan_berlaku else None
        hasil.append(
            BarisStruktur(
                nama=j.nama_pada(k.tanggal),
                eselon=j.eselon,
                tingkat=tingkat,
                pejabat=f"{p.awalan}{p.pejabat.nama}" if p else None,
            )
        )
        for a in anak[j.id]:
            turun(a, tingkat + 1)

    for j in daftar:
        if j.induk_id is None or j.induk_id not in ids:
            turun(j, 0)
    return hasil
