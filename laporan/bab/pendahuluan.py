"""Bab I Pendahuluan: latar belakang, tugas dan fungsi with the organisation, isu strategis, sistematika."""

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
    Sistematika,
    TugasFungsi,
)
from ..models import Bagian
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
