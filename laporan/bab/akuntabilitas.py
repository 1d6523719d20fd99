"""Bab III Akuntabilitas Kinerja: the measurement, the analyses of each sasaran, financial accountability."""

from __future__ import annotations

from anggaran.ringkasan import Simpul, anggaran_per_jenis, bulat_rupiah
from kinerja.pengukuran import PengukuranPerjanjian
from sakip import rumus
from sakip.formatting import normalisasi_nilai

from .. import draf
from ..data import (
    BabAkuntabilitas,
    BarisAnggaran,
    BarisInovasi,
    BarisJenisBelanja,
    BarisPenghargaan,
    BarisRekapEselon,
    Blok,
    Entri,
    IndikatorUkurPk,
    JenisBelanjaLaporan,
    Keuangan,
    PengukuranLaporan,
    Prestasi,
    RekapEselonLaporan,
    SasaranLaporan,
    SasaranUkurPk,
    Skala,
    UkurEselon,
    UkurPkBawahan,
)
from ..draf import judul_pk
from ..models import DasarPangsa, Inovasi, Penghargaan, TabelSasaran, TataLetak
from .konteks import BAB, Konteks, anak_simpul, baris_anggaran, nilai_atau_teks
from .perencanaan import label_eselon, per_eselon
from .sasaran import alokasi

JUDUL_ANALISIS = {
    "target_realisasi": "Perbandingan target dan realisasi kinerja",
    "tren": "Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya",
    "target_akhir": "Perbandingan realisasi dengan target akhir Renstra",
    "pembanding": "Perbandingan dengan standar nasional dan provinsi",
    "penyebab": "Analisis penyebab keberhasilan/kegagalan dan solusi yang telah dilakukan",
    "efisiensi": "Analisis efisiensi penggunaan sumber daya",
    "program": "Program dan kegiatan yang menunjang pencapaian kinerja",
    "alokasi": "Alokasi anggaran per sasaran",
    "kinerja_anggaran": "Pencapaian kinerja dan anggaran",
}
# The seven analyses of PermenPANRB 53/2014, and the table set 1a..1i of the regional variant.
URUTAN_ANALISIS = {
    TataLetak.PERMENPANRB: [
        "target_realisasi",
        "tren",
        "target_akhir",
        "pembanding",
        "penyebab",
        "efisiensi",
        "program",
    ],
    TataLetak.TABEL_SASARAN: list(TabelSasaran.values),
}


def bab_akuntabilitas(k: Konteks) -> BabAkuntabilitas:
    bab = k.nomor.bab(3, BAB[2][0])
    ukur = k.nomor.bagian(f"Capaian Kinerja Organisasi {k.periode_judul}")
    skala = [
        Skala(
            nama=sk.nama,
            pita=sk.uraian_pita(),
            tabel=k.nomor.buat_tabel(sk.nama),
            indikator=[i.nama for i in daftar],
        )
        for sk, daftar in k.pengukuran.skala_terpakai
    ]
    tabel_ukur = k.nomor.buat_tabel(f"Pengukuran capaian kinerja {k.periode_teks}")
    # Documents per service type linked to no measured indicator: right after the measurement table.
    lain = k.layanan_dokumen_lain
    if lain is not None:
        lain.tabel = k.nomor.buat_tabel(f"Realisasi layanan dokumen per jenis {k.periode_judul}")
    pengukuran = PengukuranLaporan(
        bagian=ukur,
        skala=skala,
        tabel=tabel_ukur,
        catatan=_catatan_ukur(k, {i.arah for i in k.semua_indikator}, skala),
        judul_pk=judul_pk(k.pengukuran.perjanjian),
        layanan_dokumen=lain,
        **_cascade(k),
    )
    analisis: Entri | None = None
    if k.tata_letak is TataLetak.PERMENPANRB:
        analisis = k.nomor.bagian("Analisis Capaian Kinerja per Sasaran Strategis")
    for s in k.sasaran:
        judul = f"Sasaran {s.nomor}: {s.uraian}"
        if analisis is not None:
            s.bagian = k.nomor.bagian(judul, tingkat=2)
        else:
            s.bagian = k.nomor.bagian(f"Capaian Kinerja {judul}")
        s.blok = [_blok(k, s, jenis, i, skala) for i, jenis in enumerate(_analisis(k, s))]
    keuangan = k.nomor.bagian(
        "Akuntabilitas Keuangan" if k.tata_letak is TataLetak.PERMENPANRB else "Realisasi Anggaran"
    )
    keuangan = _keuangan(k, keuangan)
    return BabAkuntabilitas(
        **vars(bab), pengukuran=pengukuran, analisis=analisis, keuangan=keuangan, prestasi=_prestasi(k)
    )


def _prestasi(k: Konteks) -> Prestasi | None:
    """Awards and innovations of the report's year (one query each); None, and no section, when
    the office recorded neither."""
    penghargaan = list(Penghargaan.objects.filter(opd=k.opd, tahun=k.tahun).order_by("urutan", "tanggal", "id"))
    inovasi = list(Inovasi.objects.filter(opd=k.opd, tahun=k.tahun).order_by("urutan", "id"))
    if not penghargaan and not inovasi:
        return None
    bagian = k.nomor.bagian("Prestasi dan Penghargaan" if penghargaan else "Inovasi")
    tahun = f"Tahun {k.tahun}"
    return Prestasi(
        bagian=bagian,
        penghargaan=[
            BarisPenghargaan(uraian=p.uraian, tingkat=p.tingkat, pemberi=p.pemberi, tanggal=p.tanggal)
            for p in penghargaan
        ],
        inovasi=[BarisInovasi(nama=i.nama, uraian=i.uraian, tahun_mulai=i.tahun_mulai) for i in inovasi],
        tabel_penghargaan=k.nomor.buat_tabel(f"Prestasi dan penghargaan {k.opd.nama} {tahun}") if penghargaan else None,
        tabel_inovasi=k.nomor.buat_tabel(f"Inovasi {k.opd.nama} {tahun}") if inovasi else None,
    )


def baris_rekap_eselon(k: Konteks) -> list[BarisRekapEselon]:
    return [
        BarisRekapEselon(eselon=r.eselon, jumlah=r.jumlah, capaian=r.capaian.nilai, kategori=r.capaian.kategori)
        for r in k.pengukuran.rekap_eselon
    ]


def _ukur_pk(k: Konteks, p: PengukuranPerjanjian) -> UkurPkBawahan:
    return UkurPkBawahan(
        jabatan=p.jabatan.nama,
        eselon=p.jabatan.eselon,
        pejabat=p.perjanjian.pejabat.nama if p.perjanjian.pejabat else None,
        capaian=p.capaian.nilai,
        kategori=p.capaian.kategori,
        sasaran=[
            SasaranUkurPk(
                uraian=hs.sasaran.uraian,
                capaian=hs.capaian.nilai,
                kategori=hs.capaian.kategori,
                indikator=[
                    IndikatorUkurPk(
                        nama=h.indikator.nama,
                        satuan=h.indikator.satuan,
                        target=nilai_atau_teks(h.target_teks, h.target),
                        target_atas=normalisasi_nilai(h.target_atas),
                        realisasi=nilai_atau_teks(h.realisasi_teks, h.realisasi),
                        capaian=h.capaian.nilai,
                        kategori=h.capaian.kategori,
                        presisi=h.indikator.presisi,
                    )
                    for h in hs.indikator
                ],
            )
            for hs in p.sasaran
        ],
        tabel=k.nomor.buat_tabel(f"Pengukuran capaian kinerja {p.jabatan.nama} {k.periode_teks}"),
    )


def _cascade(k: Konteks) -> dict:
    """The measurement of the PKs below the head (3.1.1, 3.1.2, ...) and the roll-up per eselon;
    nothing when the office has none or the layout does not print them."""
    if not k.bawahan:
        return {}
    eselon = [
        UkurEselon(
            bagian=k.nomor.bagian(f"Capaian Perjanjian Kinerja {label_eselon(e)}", tingkat=2),
            eselon=e,
            perjanjian=[_ukur_pk(k, p) for p in daftar],
        )
        for e, daftar in per_eselon(k.bawahan)
    ]
    rekap = RekapEselonLaporan(
        bagian=k.nomor.bagian("Rekapitulasi Capaian per Eselon", tingkat=2),
        baris=baris_rekap_eselon(k),
        tabel=k.nomor.buat_tabel(f"Rekapitulasi capaian Perjanjian Kinerja per eselon {k.periode_teks}"),
    )
    return {"eselon": eselon, "rekap_eselon": rekap}


def _catatan_ukur(k: Konteks, arah: set, skala: list[Skala]) -> str:
    """The methodology footnote of a measurement table; with several scales it points to their tables."""
    if len(skala) < 2:
        return rumus.catatan_metodologi(k.metodologi, arah=arah)
    tabel = ", ".join(f"Tabel {sk.tabel.nomor}" for sk in skala)
    return f"{rumus.catatan_metodologi(k.metodologi, arah=arah, kategori=False)} Kategori menurut skala pada {tabel}."


def _analisis(k: Konteks, s: SasaranLaporan) -> list[str]:
    """The analyses a sasaran prints: all seven of PermenPANRB; of the table set, the tables the
    Pemda chose, less those without a row unless the Pemda prints empty tables (letters close up)."""
    if k.tata_letak is not TataLetak.TABEL_SASARAN:
        return URUTAN_ANALISIS[k.tata_letak]
    return [j for j in k.tabel_sasaran if k.cetak_tabel_kosong or _berbaris(s, j)]


def _berbaris(s: SasaranLaporan, jenis: str) -> bool:
    """Whether a table of the set has a row to show for the sasaran."""
    if jenis == TabelSasaran.PEMBANDING:
        return any(i.pembanding for i in s.indikator)
    if jenis == TabelSasaran.PROGRAM:
        return bool(s.program)
    if jenis in (TabelSasaran.ALOKASI, TabelSasaran.KINERJA_ANGGARAN, TabelSasaran.EFISIENSI):
        return any(i.efisiensi is not None and i.efisiensi.pagu for i in s.indikator)
    return bool(s.indikator)


def _blok(k: Konteks, s: SasaranLaporan, jenis: str, urutan: int, skala: list[Skala]) -> Blok:
    """One analysis of a sasaran: its title, table number, footnote and sentences."""
    tabel_sasaran = k.tata_letak is TataLetak.TABEL_SASARAN
    huruf = "abcdefghijklmnopqrstuvwxyz"[urutan]
    judul = JUDUL_ANALISIS[jenis]
    nomor = f"{s.nomor}{huruf}" if tabel_sasaran else None
    # Narrative-only analyses carry no table number; neither does an empty program list.
    bertabel = (jenis != "penyebab" or tabel_sasaran) and (jenis != "program" or s.program)
    tabel = k.nomor.buat_tabel(f"{judul} Sasaran {s.nomor}", nomor) if bertabel else None
    catatan: str | None = None
    paragraf: list[str] = []
    if jenis == "target_realisasi":
        catatan = _catatan_ukur(k, {i.arah for i in s.indikator}, skala)
        paragraf = draf.target_realisasi(k, s)
        for sv in s.survei:
            sv.tabel = k.nomor.buat_tabel(f"Nilai IKM per unsur pelayanan {sv.periode} {sv.tahun}")
        for ld in s.layanan_dokumen:
            ld.tabel = k.nomor.buat_tabel(f"Realisasi layanan dokumen per jenis {k.periode_judul}")
    elif jenis == "tren":
        for i in s.indikator:
            # A chart needs at least two years with a value; a predicate has no numeric axis.
            dengan_nilai = sum(1 for t in i.riwayat if t.realisasi is not None or t.target is not None)
            grafik = not i.predikat and dengan_nilai > 1
            i.gambar = k.nomor.buat_gambar(f"Tren realisasi {i.nama}") if grafik else None
        paragraf = draf.tren(k, s)
    elif jenis == "target_akhir":
        catatan = f"Tingkat kemajuan = {k.metodologi.aturan_kemajuan.label}."
        paragraf = draf.target_akhir(k, s)
    elif jenis == "pembanding":
        paragraf = draf.pembanding(s)
    elif jenis == "efisiensi":
        catatan = rumus.catatan_metodologi(k.ringkasan.metodologi, kategori=False, efisiensi=True)
        paragraf = draf.efisiensi(k, s)
    elif jenis == "alokasi":
        if k.dasar_pangsa is DasarPangsa.TERKAIT_IKU:
            catatan = (
                "Persentase terhadap jumlah pagu program/kegiatan yang terkait IKU "
                f"{draf.rupiah(bulat_rupiah(k.pagu_dasar_pangsa))}."
            )
        else:
            catatan = f"Persentase terhadap total pagu anggaran {k.singkatan} {draf.rupiah(k.pagu)}."
    elif jenis == "program":
        paragraf = draf.program(k, s)
    return Blok(
        jenis=jenis,
        huruf=huruf,
        judul=judul,
        paragraf=paragraf,
        catatan=catatan,
        tabel=tabel,
        dengan_anggaran=not tabel_sasaran,
    )


def _keuangan(k: Konteks, bagian: Entri) -> Keuangan:
    baris: list[BarisAnggaran] = []

    def turun(s: Simpul, tingkat: str) -> None:
        baris.append(baris_anggaran(s, tingkat))
        for anak in anak_simpul(s):
            turun(anak, "kegiatan" if s.item.tingkat == "program" else "sub_kegiatan")

    for prog in k.ringkasan.program:
        turun(prog, "program")
    lain = [k.ringkasan.alokasi_lain] if k.ringkasan.alokasi_lain else []
    daftar_alokasi = [alokasi(a) for a in k.ringkasan.alokasi + lain]
    tabel = (
        k.nomor.buat_tabel(f"Realisasi anggaran per program, kegiatan dan sub kegiatan {k.periode_teks}")
        if baris
        else None
    )
    tabel_alokasi = (
        k.nomor.buat_tabel("Alokasi dan realisasi anggaran per sasaran strategis") if daftar_alokasi else None
    )
    return Keuangan(
        bagian=bagian,
        baris=baris,
        pagu=k.pagu,
        realisasi=k.realisasi_anggaran,
        serapan=k.serapan,
        tabel=tabel,
        alokasi=daftar_alokasi,
        tabel_alokasi=tabel_alokasi,
        peringatan=list(k.ringkasan.peringatan),
        paragraf=draf.keuangan(k),
        jenis_belanja=_jenis_belanja(k),
    )


def _jenis_belanja(k: Konteks) -> JenisBelanjaLaporan | None:
    """Budget per spending type and stage, when recorded; the realisation only in the annual
    report (the figures are the year's)."""
    a = anggaran_per_jenis(k.opd, k.tahun, k.ringkasan.metodologi)
    if a is None:
        return None

    def baris(b) -> BarisJenisBelanja:
        return BarisJenisBelanja(
            jenis=b.jenis.label if b.jenis else "Jumlah",
            pagu=[bulat_rupiah(b.pagu[t]) for t in a.tahap],
            realisasi=bulat_rupiah(b.realisasi) if k.tahunan else None,
            serapan=b.serapan.nilai if k.tahunan else None,
        )

    daftar, jumlah = [baris(b) for b in a.baris], baris(a.jumlah)
    tahap = [t.label for t in a.tahap]
    return JenisBelanjaLaporan(
        tahap=tahap,
        baris=daftar,
        jumlah=jumlah,
        tabel=k.nomor.buat_tabel(f"Anggaran per jenis belanja dan tahap anggaran Tahun {k.tahun}"),
        paragraf=draf.jenis_belanja(k, tahap[-1], daftar, jumlah),
    )
