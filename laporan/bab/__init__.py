"""The LKjIP as data, chapter by chapter.

`susun_laporan(opd, tahun, periode)` is the one selector of a report: it returns a
`laporan.data.Lkjip`, typed data with the figures as `Decimal`s. Each chapter is built by its own
module from the measurement (`kinerja.pengukuran`), the budget (`anggaran.ringkasan`), the
Renstra, the office's narratives and the signatories; the HTML page, the PDF and
`lkjip --format json` (`laporan.data.ke_json`) render it. Section, table and figure numbers and
year labels are assigned here, in document order.

| module | builds |
|---|---|
| `konteks` | what every builder reads (`Konteks`), the numbering (`Penomor`), budget rows |
| `sasaran` | the sasaran and indicator rows (trend, end target, benchmarks, budget, narrative) |
| `depan` | cover, kata pengantar, ikhtisar, the summary counts, signature blocks |
| `pendahuluan`, `perencanaan`, `akuntabilitas`, `penutup` | Bab I, II, III, IV and the appendices |
"""

from __future__ import annotations

from anggaran.ringkasan import ringkas_anggaran
from kinerja.pengukuran import PengukuranTidakTersedia, ukur_opd
from sakip import rumus
from sakip.models import OPD

from ..data import (
    FORMAT,
    IdentitasOpd,
    IdentitasPemda,
    Kolom,
    Lkjip,
    NarasiLaporan,
    PersetujuanData,
    Sampul,
)
from ..draf import kepala_daerah, nama_wilayah
from ..models import PERIODE_LAPORAN, Bagian
from .akuntabilitas import URUTAN_ANALISIS, bab_akuntabilitas
from .depan import baris_judul_sampul, ikhtisar, kata_pengantar, penanda_tangan
from .konteks import label_singkat, muat_konteks
from .pendahuluan import bab_pendahuluan
from .penutup import bab_penutup, lampiran
from .perencanaan import bab_perencanaan
from .sasaran import siapkan_sasaran

__all__ = ["URUTAN_ANALISIS", "cari_narasi", "label_singkat", "susun_laporan"]


def susun_laporan(opd: OPD, tahun: int, periode: rumus.Periode | str = rumus.Periode.TAHUN) -> Lkjip:
    """The whole report of `opd` for `tahun` (and quarter)."""
    try:
        periode = rumus.Periode(periode)
    except ValueError:
        periode = None
    if periode not in PERIODE_LAPORAN:
        pilihan = ", ".join(p.value for p in PERIODE_LAPORAN)
        raise PengukuranTidakTersedia(f"Periode laporan tidak dikenal. Pilihan: {pilihan}.")
    pengukuran = ukur_opd(opd, tahun, periode)
    ringkasan = ringkas_anggaran(opd, tahun, periode, pengukuran=pengukuran)
    k = muat_konteks(opd, tahun, periode, pengukuran, ringkasan)
    k.sasaran = siapkan_sasaran(k)
    pemda = opd.pemda
    ttd = penanda_tangan(k)
    sampul = Sampul(baris_judul=baris_judul_sampul(k))
    pengantar = kata_pengantar(k)
    ringkas = ikhtisar(k)
    k.nomor.judul("Daftar Isi", "daftar-isi", depan=True)
    k.nomor.judul("Daftar Tabel", "daftar-tabel", depan=True)
    k.nomor.judul("Daftar Gambar", "daftar-gambar", depan=True)
    bab = (bab_pendahuluan(k), bab_perencanaan(k), bab_akuntabilitas(k), bab_penutup(k))
    return Lkjip(
        format=FORMAT,
        tahun=tahun,
        periode=periode.value,
        label_periode=periode.label,
        tahunan=k.tahunan,
        periode_teks=k.periode_teks,
        periode_judul=k.periode_judul,
        judul="Laporan Kinerja Instansi Pemerintah (LKjIP)" if k.tahunan else "Laporan Kinerja",
        judul_singkat="LKjIP" if k.tahunan else f"Laporan Kinerja {label_singkat(periode)}",
        tata_letak=k.tata_letak.value,
        label_tata_letak=k.tata_letak.label,
        opd=IdentitasOpd(
            kode=opd.kode,
            nama=opd.nama,
            singkatan=k.singkatan,
            alamat=opd.alamat,
            telepon=opd.telepon,
            email=opd.email,
            logo=opd.logo.name or None,
        ),
        pemda=IdentitasPemda(
            nama=pemda.nama,
            wilayah=nama_wilayah(pemda),
            kepala_daerah=kepala_daerah(pemda),
            nama_kepala_daerah=pemda.nama_kepala_daerah,
            ibu_kota=pemda.ibu_kota,
            logo=pemda.logo.name or None,
        ),
        tanggal=k.tanggal,
        persetujuan=PersetujuanData(
            status=k.persetujuan.status,
            label=k.persetujuan.label,
            disetujui=k.persetujuan.disetujui,
            tanggal_disetujui=k.persetujuan.tanggal,
        ),
        kolom=Kolom(
            target=f"Target {tahun}" if k.tahunan else f"Target {label_singkat(periode)} {tahun}",
            realisasi=f"Realisasi {tahun}" if k.tahunan else f"Realisasi s.d. {label_singkat(periode)} {tahun}",
        ),
        penanda_tangan=ttd,
        metodologi=rumus.catatan_metodologi(k.metodologi),
        berkategori=bool(k.pengukuran.skala_terpakai),
        capaian=k.capaian,
        kategori=k.kategori,
        sasaran=k.sasaran,
        sampul=sampul,
        kata_pengantar=pengantar,
        ikhtisar=ringkas,
        bab=bab,
        lampiran=lampiran(k, ttd),
        daftar_isi=k.nomor.isi,
        daftar_tabel=k.nomor.tabel,
        daftar_gambar=k.nomor.gambar,
    )


def cari_narasi(data: Lkjip, bagian: str, indikator_id: int | None = None) -> NarasiLaporan | None:
    """The narrative section `bagian` (of one indicator for "penyebab") in the report data, or None."""
    if bagian == Bagian.PENYEBAB:
        return next((i.narasi for i in data.semua_indikator if i.id == indikator_id), None)
    if indikator_id is not None:
        return None
    for bab in data.bab:
        for isi in vars(bab).values():
            narasi = getattr(isi, "narasi", None)
            if isinstance(narasi, NarasiLaporan) and narasi.bagian == bagian:
                return narasi
    return None
