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
    BarisSumberDaya,
    ButirSistematika,
    ButirTindakLanjut,
    DasarHukumLaporan,
    Sistematika,
    SumberDaya,
    SuratLhe,
    TabelSumberDaya,
    TindakLanjutEvaluasi,
    TugasFungsi,
)
from ..models import Bagian, DasarHukum, RekomendasiEvaluasi, SaranaPrasarana, SumberDayaManusia
from ..rekomendasi import tindak_lanjut_laporan
from .konteks import BAB, ROMAWI, Konteks
from .sasaran import narasi


def bab_pendahuluan(k: Konteks) -> BabPendahuluan:
    bab = k.nomor.bab(1, BAB[0][0])
    latar = k.nomor.bagian("Latar Belakang")
    latar_narasi = narasi(k, Bagian.LATAR_BELAKANG, None, lambda: draf.latar_belakang(k))
    dasar_hukum = _dasar_hukum(k)
    tugas = k.nomor.bagian("Tugas, Fungsi dan Struktur Organisasi")
    struktur = _struktur(k)
    tugas_narasi = narasi(k, Bagian.TUGAS_FUNGSI, None, lambda: draf.tugas_fungsi(k, struktur))
    bagan = k.nomor.buat_gambar(f"Struktur organisasi {k.opd.nama}") if struktur else None
    sumber_daya = _sumber_daya(k, struktur)
    isu = k.nomor.bagian("Isu Strategis")
    isu_narasi = narasi(k, Bagian.ISU_STRATEGIS, None, lambda: draf.isu_strategis(k))
    tindak_lanjut = _tindak_lanjut(k)
    sistematika = k.nomor.bagian("Sistematika Penyajian")
    return BabPendahuluan(
        **vars(bab),
        latar_belakang=BagianNarasi(bagian=latar, narasi=latar_narasi),
        tugas_fungsi=TugasFungsi(bagian=tugas, narasi=tugas_narasi, struktur=struktur, bagan=bagan),
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
        dasar_hukum=dasar_hukum,
        sumber_daya=sumber_daya,
    )


def _dasar_hukum(k: Konteks) -> DasarHukumLaporan | None:
    """The office's legal basis (one query); None, and no section, when it recorded none."""
    butir = [d.judul for d in DasarHukum.objects.filter(opd=k.opd).order_by("urutan", "id")]
    return DasarHukumLaporan(bagian=k.nomor.bagian("Dasar Hukum"), butir=butir) if butir else None


JUDUL_SDM = {
    "status": "Jumlah pegawai menurut status kepegawaian",
    "golongan": "Jumlah pegawai menurut pangkat/golongan",
    "pendidikan": "Jumlah pegawai menurut tingkat pendidikan",
}


def _tahun_terakhir(model, k: Konteks) -> list:
    """The rows of the latest year recorded up to the report's year (one query)."""
    baris = list(model.objects.filter(opd=k.opd, tahun__lte=k.tahun).order_by("-tahun", "urutan", "id"))
    return [b for b in baris if b.tahun == baris[0].tahun] if baris else []


def _sumber_daya(k: Konteks, struktur: list[BarisStruktur]) -> SumberDaya | None:
    """Positions per eselon (from the jabatan tree already loaded), staff per breakdown, facilities and
    the period's budget; None, and no section, when the office has none of them."""
    sdm, sarana = _tahun_terakhir(SumberDayaManusia, k), _tahun_terakhir(SaranaPrasarana, k)
    if not (struktur or sdm or sarana or k.pagu):
        return None
    bagian = k.nomor.bagian("Sumber Daya")
    tabel = []
    if struktur:
        tabel.append(_tabel_jabatan(k, struktur))
    for kelompok in SumberDayaManusia.Kelompok.values:
        baris = [BarisSumberDaya(uraian=b.uraian, jumlah=b.jumlah) for b in sdm if b.kelompok == kelompok]
        if baris:
            tabel.append(
                TabelSumberDaya(
                    kelompok=kelompok,
                    baris=baris,
                    jumlah=sum(b.jumlah for b in baris),
                    tabel=k.nomor.buat_tabel(f"{JUDUL_SDM[kelompok]} Tahun {sdm[0].tahun}"),
                )
            )
    if sarana:
        tabel.append(
            TabelSumberDaya(
                kelompok="sarana",
                baris=[
                    BarisSumberDaya(uraian=b.uraian, jumlah=b.jumlah, satuan=b.satuan, kondisi=b.kondisi)
                    for b in sarana
                ],
                jumlah=None,
                tabel=k.nomor.buat_tabel(f"Sarana dan prasarana Tahun {sarana[0].tahun}"),
            )
        )
    return SumberDaya(
        bagian=bagian,
        tahun_sdm=sdm[0].tahun if sdm else None,
        tahun_sarana=sarana[0].tahun if sarana else None,
        tabel=tabel,
        pagu=k.pagu,
        realisasi=k.realisasi_anggaran,
        serapan=k.serapan,
    )


def _tabel_jabatan(k: Konteks, struktur: list[BarisStruktur]) -> TabelSumberDaya:
    """The positions of the tree per eselon, with how many have a holder on the signing date."""
    # Holders recorded only for the head say nothing about vacancies below: no filled/vacant columns then.
    tercatat = any(b.pejabat for b in struktur if b.tingkat > 0)
    baris = []
    for eselon, label in Jabatan.Eselon.choices:
        jabatan = [b for b in struktur if b.eselon == eselon]
        if jabatan:
            terisi = sum(1 for b in jabatan if b.pejabat) if tercatat else None
            baris.append(BarisSumberDaya(uraian=label, jumlah=len(jabatan), terisi=terisi))
    return TabelSumberDaya(
        kelompok="jabatan",
        baris=baris,
        jumlah=sum(b.jumlah for b in baris),
        tabel=k.nomor.buat_tabel(f"Jabatan pada {k.opd.nama}"),
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
