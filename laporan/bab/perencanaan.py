"""Bab II Perencanaan Kinerja: the Renstra, the Perjanjian Kinerja with its quarterly targets, programs and pagu."""

from __future__ import annotations

from kinerja.models import PerjanjianKinerja
from kinerja.pengukuran import HasilSasaran, PengukuranPerjanjian
from renstra.models import Indikator
from sakip.formatting import normalisasi_nilai
from sakip.models import Jabatan

from ..data import (
    BabPerencanaan,
    BarisRencanaAksi,
    BarisRenstra,
    DefinisiIku,
    IndikatorPk,
    Misi,
    PerjanjianLaporan,
    PkBawahan,
    PkEselon,
    ProgramAnggaran,
    RencanaAksi,
    RenstraLaporan,
    Rpjmd,
    SasaranPk,
    SasaranRenstra,
    SasaranStrategi,
    StrategiLaporan,
    TabelDefinisiIku,
    TujuanRenstra,
    VersiPk,
)
from ..draf import judul_pk
from .konteks import BAB, Konteks, anak_simpul, baris_anggaran, nilai_atau_teks


def bab_perencanaan(k: Konteks) -> BabPerencanaan:
    bab = k.nomor.bab(2, BAB[1][0])
    return BabPerencanaan(**vars(bab), renstra=_renstra(k), perjanjian=_perjanjian(k), anggaran=_program_anggaran(k))


def _baris_renstra(ind: Indikator, tahun: list[int]) -> BarisRenstra:
    per_tahun = {t.tahun: t for t in ind.target_set.all()}
    return BarisRenstra(
        kode=ind.kode,
        nama=ind.nama,
        satuan=ind.satuan,
        iku=ind.iku,
        presisi=ind.presisi,
        baseline=nilai_atau_teks(ind.baseline_teks, ind.baseline),
        target=[
            nilai_atau_teks(per_tahun[t].nilai_teks, per_tahun[t].nilai) if t in per_tahun else None for t in tahun
        ],
        target_akhir=nilai_atau_teks(ind.target_akhir_teks, ind.target_akhir),
    )


def _renstra(k: Konteks) -> RenstraLaporan:
    bagian = k.nomor.bagian("Rencana Strategis")
    r = k.renstra
    if r is None:
        return RenstraLaporan(bagian=bagian, ada=False)
    tahun = r.tahun
    rpjmd = r.rpjmd
    didukung = {m.id for m in r.misi_didukung.all()}
    tujuan = [
        TujuanRenstra(
            kode=t.kode,
            uraian=t.uraian,
            indikator=[_baris_renstra(i, tahun) for i in t.indikator_set.all()],
            sasaran=[
                SasaranRenstra(
                    kode=s.kode, uraian=s.uraian, indikator=[_baris_renstra(i, tahun) for i in s.indikator_set.all()]
                )
                for s in r.sasaran_set.all()
                if s.tujuan_id == t.id
            ],
        )
        for t in r.tujuan_set.all()
    ]
    return RenstraLaporan(
        bagian=bagian,
        ada=True,
        tahun_mulai=r.tahun_mulai,
        tahun_selesai=r.tahun_selesai,
        tahun_ke=k.tahun - r.tahun_mulai + 1,
        versi="Renstra" if r.versi == 0 else f"Renstra Perubahan {r.versi}",
        dasar_hukum=r.dasar_hukum,
        visi=r.visi_berlaku,
        rpjmd=Rpjmd(
            jenis=rpjmd.jenis,
            tahun_mulai=rpjmd.tahun_mulai,
            tahun_selesai=rpjmd.tahun_selesai,
            dasar_hukum=rpjmd.dasar_hukum,
        )
        if rpjmd
        else None,
        misi=[Misi(nomor=m.nomor, uraian=m.uraian, didukung=m.id in didukung) for m in rpjmd.misi_set.all()]
        if rpjmd
        else [],
        tahun=tahun,
        tujuan=tujuan,
        tabel=k.nomor.buat_tabel(f"Tujuan, sasaran, indikator dan target Renstra {r.tahun_mulai}–{r.tahun_selesai}"),
        definisi_iku=_definisi_iku(k, r),
        # after the IKU definitions: numbered in that order
        **_strategi(k, r),
    )


def _strategi(k: Konteks, r) -> dict:
    """The strategies and policy directions per sasaran strategis, in the Renstra table's order
    (prefetched with the Renstra: no query), and their table; nothing when none is recorded."""
    baris = []
    for t in r.tujuan_set.all():
        for s in r.sasaran_set.all():
            strategi = [
                StrategiLaporan(uraian=x.uraian, arah_kebijakan=[a.uraian for a in x.arah_kebijakan_set.all()])
                for x in s.strategi_set.all()
            ]
            if s.tujuan_id == t.id and strategi:
                baris.append(SasaranStrategi(tujuan=t.uraian, sasaran=s.uraian, strategi=strategi))
    if not baris:
        return {}
    return {"strategi": baris, "tabel_strategi": k.nomor.buat_tabel("Tujuan, sasaran, strategi dan arah kebijakan")}


def _definisi_iku(k: Konteks, r) -> TabelDefinisiIku | None:
    """The Renstra's IKU in the Renstra table's order with their definitions; None when none has one."""
    iku = []
    for t in r.tujuan_set.all():
        iku += [i for i in t.indikator_set.all() if i.iku]
        for s in r.sasaran_set.all():
            if s.tujuan_id == t.id:
                iku += [i for i in s.indikator_set.all() if i.iku]
    if not any(i.definisi.strip() or i.formula.strip() for i in iku):
        return None
    return TabelDefinisiIku(
        baris=[
            DefinisiIku(
                nama=i.nama,
                satuan=i.satuan,
                definisi=i.definisi,
                formula=i.formula,
                sumber_data=i.sumber_data,
                penanggung_jawab=i.penanggung_jawab.nama if i.penanggung_jawab else "",
            )
            for i in iku
        ],
        tabel=k.nomor.buat_tabel("Definisi operasional Indikator Kinerja Utama"),
    )


def _sasaran_pk(daftar: list[HasilSasaran]) -> list[SasaranPk]:
    """The PK items of a measurement, per sasaran (the IKU outside the PK left out)."""
    sasaran = []
    for hs in daftar:
        items = [h.item for h in hs.indikator if h.item is not None]
        if items:
            sasaran.append(
                SasaranPk(
                    uraian=hs.sasaran.uraian,
                    indikator=[
                        IndikatorPk(
                            nama=i.indikator.nama,
                            satuan=i.indikator.satuan,
                            target=nilai_atau_teks(i.target_teks, i.target),
                            target_atas=normalisasi_nilai(i.target_atas),
                            presisi=i.indikator.presisi,
                        )
                        for i in items
                    ],
                )
            )
    return sasaran


def per_eselon(daftar: list[PengukuranPerjanjian]) -> list[tuple[str, list[PengukuranPerjanjian]]]:
    """The PKs grouped by their signer's eselon (III, IV, ... in that order), cascade order kept."""
    urutan = [e.value for e in Jabatan.Eselon]
    kelompok: dict[str, list[PengukuranPerjanjian]] = {}
    for p in daftar:
        kelompok.setdefault(p.jabatan.eselon, []).append(p)
    return [(e, kelompok[e]) for e in sorted(kelompok, key=urutan.index)]


def label_eselon(eselon: str) -> str:
    return Jabatan.Eselon(eselon).label


def _pk_bawahan(k: Konteks, p: PengukuranPerjanjian) -> PkBawahan:
    perjanjian = p.perjanjian
    return PkBawahan(
        jabatan=p.jabatan.nama,
        eselon=p.jabatan.eselon,
        pejabat=perjanjian.pejabat.nama if perjanjian.pejabat else None,
        atasan=p.atasan.jabatan.nama if p.atasan else None,
        judul=judul_pk(perjanjian),
        tanggal=perjanjian.tanggal,
        sasaran=_sasaran_pk(p.sasaran),
        tabel=k.nomor.buat_tabel(f"{judul_pk(perjanjian)} {p.jabatan.nama}"),
    )


def _perjanjian(k: Konteks) -> PerjanjianLaporan:
    bagian = k.nomor.bagian(f"Perjanjian Kinerja Tahun {k.tahun}")
    perjanjian = k.pengukuran.perjanjian
    kepala = k.nomor.bagian(f"Perjanjian Kinerja {perjanjian.jabatan.nama}", tingkat=2) if k.bawahan else None
    versi = PerjanjianKinerja.objects.filter(
        jabatan_id=perjanjian.jabatan_id, tahun=k.tahun, status=PerjanjianKinerja.Status.DITETAPKAN
    ).order_by("versi")
    sasaran, rencana_aksi = _sasaran_pk(k.pengukuran.sasaran), []
    for hs in k.pengukuran.sasaran:
        items = [h.item for h in hs.indikator if h.item is not None]
        for item in items:
            per_tw = {ra.triwulan: ra for ra in item.rencana_aksi_set.all()}
            if per_tw:
                rencana_aksi.append(
                    BarisRencanaAksi(
                        nama=item.indikator.nama,
                        satuan=item.indikator.satuan,
                        presisi=item.indikator.presisi,
                        target=[
                            nilai_atau_teks(per_tw[tw].target_teks, per_tw[tw].target) if tw in per_tw else None
                            for tw in (1, 2, 3, 4)
                        ],
                        rencana_aksi=per_tw[k.periode.triwulan_akhir].rencana_aksi
                        if k.periode.triwulan_akhir in per_tw
                        else "",
                    )
                )
    judul = judul_pk(perjanjian)
    return PerjanjianLaporan(
        bagian=bagian,
        judul=judul,
        tanggal=perjanjian.tanggal,
        versi=[
            VersiPk(label=v.label_versi, tanggal=v.tanggal, alasan=v.alasan, berlaku=v.pk == perjanjian.pk)
            for v in versi
        ],
        sasaran=sasaran,
        tabel=k.nomor.buat_tabel(judul),
        rencana_aksi=RencanaAksi(
            baris=rencana_aksi, tabel=k.nomor.buat_tabel(f"Target triwulanan (rencana aksi) Tahun {k.tahun}")
        )
        if rencana_aksi
        else None,
        kepala=kepala,
        eselon=[
            PkEselon(
                bagian=k.nomor.bagian(f"Perjanjian Kinerja {label_eselon(e)}", tingkat=2),
                eselon=e,
                perjanjian=[_pk_bawahan(k, p) for p in daftar],
            )
            for e, daftar in per_eselon(k.bawahan)
        ],
    )


def _program_anggaran(k: Konteks) -> ProgramAnggaran:
    bagian = k.nomor.bagian("Program, Kegiatan dan Anggaran")
    baris = []
    for prog in k.ringkasan.program:
        baris.append(baris_anggaran(prog, "program"))
        baris += [baris_anggaran(keg, "kegiatan") for keg in anak_simpul(prog) if prog.item.tingkat == "program"]
    return ProgramAnggaran(
        bagian=bagian,
        baris=baris,
        jumlah_program=len(k.ringkasan.program),
        pagu=k.pagu,
        tabel=k.nomor.buat_tabel(f"Program, kegiatan dan pagu anggaran Tahun {k.tahun}") if baris else None,
    )
