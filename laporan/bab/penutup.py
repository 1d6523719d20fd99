"""Bab IV Penutup (conclusions, kendala dan langkah ke depan) and the appendices (the signed PK, the measurement
form)."""

from __future__ import annotations

from anggaran.ringkasan import bulat_rupiah
from kinerja.pengukuran import rekap_kategori
from sakip import rumus

from .. import draf
from ..data import (
    BabPenutup,
    BagianNarasi,
    JumlahKategori,
    Kesimpulan,
    Lampiran,
    LampiranPengukuran,
    LampiranPk,
    ProgramPk,
    RekapCascade,
    Ttd,
)
from ..draf import judul_pk
from ..models import Bagian
from .akuntabilitas import baris_rekap_eselon
from .depan import rekap, ttd_pk
from .konteks import BAB, Konteks
from .sasaran import narasi


def bab_penutup(k: Konteks) -> BabPenutup:
    bab = k.nomor.bab(4, BAB[3][0])
    kesimpulan = k.nomor.bagian("Kesimpulan")
    hasil = rekap(k)
    cascade = _rekap_cascade(k)
    penutup = k.nomor.bagian("Kendala dan Langkah ke Depan")
    return BabPenutup(
        **vars(bab),
        kesimpulan=Kesimpulan(
            bagian=kesimpulan, rekap=hasil, paragraf=draf.kesimpulan(k, hasil, cascade), cascade=cascade
        ),
        penutup=BagianNarasi(bagian=penutup, narasi=narasi(k, Bagian.PENUTUP, None, lambda: draf.penutup(k))),
    )


def _rekap_cascade(k: Konteks) -> RekapCascade | None:
    """Counts over every PK in force, each PK's indicators counted in that PK; None without PKs below the head."""
    if not k.bawahan:
        return None
    semua = k.pengukuran.semua_perjanjian
    indikator = [h for p in semua for h in p.semua_indikator]
    berkategori = rekap_kategori(k.metodologi, indikator)
    hasil = berkategori or rumus.rekap_capaian([h.capaian for h in indikator])
    return RekapCascade(
        jumlah_perjanjian=len(semua),
        jumlah_indikator=len(indikator),
        per_kategori=[JumlahKategori(kategori=kat, jumlah=n) for kat, n in hasil.per_kategori.items()]
        if berkategori
        else [],
        mencapai_100=hasil.mencapai_100,
        di_bawah_100=hasil.di_bawah_100,
        tanpa_capaian=hasil.tanpa_capaian,
        eselon=baris_rekap_eselon(k),
    )


def lampiran(k: Konteks, penanda_tangan: Ttd) -> Lampiran:
    """The signed PK (items from Bab II, programs with their pagu) and the measurement form."""
    perjanjian = k.pengukuran.perjanjian
    pertama = k.nomor.judul(f"Lampiran I {judul_pk(perjanjian)}", "lampiran-1")
    kedua = k.nomor.judul(f"Lampiran II Formulir Pengukuran Kinerja {k.periode_judul}", "lampiran-2")
    return Lampiran(
        perjanjian=LampiranPk(
            **vars(pertama),
            judul_dokumen=judul_pk(perjanjian),
            tanggal=perjanjian.tanggal,
            ttd=ttd_pk(k, perjanjian),
            program=[
                ProgramPk(kode=p.item.kode, nama=p.item.nama, pagu=bulat_rupiah(p.pagu), sumber_dana=p.item.sumber_dana)
                for p in k.ringkasan.program
            ],
            pagu=k.pagu,
        ),
        pengukuran=LampiranPengukuran(**vars(kedua), ttd=penanda_tangan),
    )
