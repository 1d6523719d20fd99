"""Front matter and signatures: cover, kata pengantar, ikhtisar, the summary counts, the signature blocks."""

from __future__ import annotations

import datetime

from sakip import rumus
from sakip.models import OPD, Jabatan, Penugasan

from .. import draf
from ..data import Ikhtisar, JumlahKategori, KataPengantar, PihakKedua, Rekap, Ttd, TtdPk
from ..draf import jabatan_lengkap, kepala_daerah
from .konteks import Konteks


def baris_judul_sampul(k: Konteks) -> list[str]:
    if k.tahunan:
        return ["Laporan Kinerja", "Instansi Pemerintah", "(LKjIP)"]
    return ["Laporan Kinerja", k.periode.label]


def kata_pengantar(k: Konteks) -> KataPengantar:
    k.nomor.judul("Kata Pengantar", "kata-pengantar", depan=True)
    return KataPengantar(paragraf=draf.kata_pengantar(k))


def ikhtisar(k: Konteks) -> Ikhtisar:
    k.nomor.judul("Ikhtisar Eksekutif", "ikhtisar", depan=True)
    hasil = rekap(k)
    return Ikhtisar(rekap=hasil, paragraf=draf.ikhtisar(k, hasil))


def rekap(k: Konteks) -> Rekap:
    """Counts and extremes of the indicators' capaian, for the summary and the conclusion."""
    p = k.pengukuran
    hasil = p.rekap or rumus.rekap_capaian([h.capaian for h in p.semua_indikator])
    ada = [i for i in k.semua_indikator if i.capaian is not None]
    nilai = [i.capaian for i in ada]
    terbaik = [i.nama for i in ada if i.capaian == max(nilai)] if ada else []
    terendah = [i.nama for i in ada if i.capaian == min(nilai)] if ada else []
    efisiensi = rumus.efisiensi(p.capaian_opd.nilai, k.ringkasan.serapan.nilai, k.metodologi)
    return Rekap(
        jumlah_sasaran=len(k.sasaran),
        jumlah_indikator=len(k.semua_indikator),
        per_kategori=[JumlahKategori(kategori=kat, jumlah=n) for kat, n in hasil.per_kategori.items()]
        if p.rekap
        else [],
        mencapai_100=hasil.mencapai_100,
        di_bawah_100=hasil.di_bawah_100,
        tanpa_capaian=hasil.tanpa_capaian,
        terbaik=terbaik,
        capaian_terbaik=max(nilai) if ada else None,
        terendah=terendah,
        capaian_terendah=min(nilai) if ada else None,
        pagu=k.pagu,
        realisasi=k.realisasi_anggaran,
        serapan=k.serapan,
        efisiensi=efisiensi.nilai,
        kategori_efisiensi=efisiensi.label,
    )


# --------------------------------------------------------------------------- signatures


def _blok_ttd(penugasan: Penugasan | None, jabatan: Jabatan, opd: OPD, tanggal: datetime.date, tempat: str) -> Ttd:
    pejabat = penugasan.pejabat if penugasan else None
    return Ttd(
        tempat=tempat,
        tanggal=tanggal,
        awalan=penugasan.awalan if penugasan else "",
        jabatan=jabatan_lengkap(jabatan.nama_pada(tanggal), opd.nama),
        nama=pejabat.nama if pejabat else None,
        pangkat=pejabat.pangkat_golongan if pejabat else None,
        nip=pejabat.nip if pejabat else None,
    )


def penanda_tangan(k: Konteks) -> Ttd:
    """The head of office in force on the signing date (Plt./Plh. prefixed)."""
    jabatan = Jabatan.objects.prefetch_related("riwayat_nama").get(pk=k.pengukuran.perjanjian.jabatan_id)
    return _blok_ttd(jabatan.pejabat_pada(k.tanggal), jabatan, k.opd, k.tanggal, k.opd.pemda.ibu_kota)


def ttd_pk(k: Konteks, perjanjian) -> TtdPk:
    jabatan = Jabatan.objects.prefetch_related("riwayat_nama").get(pk=perjanjian.jabatan_id)
    penugasan = jabatan.pejabat_pada(perjanjian.tanggal)
    if penugasan is None and perjanjian.pejabat_id:
        penugasan = Penugasan(pejabat=perjanjian.pejabat, jabatan=jabatan, jenis=Penugasan.Jenis.DEFINITIF)
    pemda = k.opd.pemda
    return TtdPk(
        pihak_pertama=_blok_ttd(penugasan, jabatan, k.opd, perjanjian.tanggal, pemda.ibu_kota),
        pihak_kedua=PihakKedua(jabatan=kepala_daerah(pemda), nama=pemda.nama_kepala_daerah or None),
    )
