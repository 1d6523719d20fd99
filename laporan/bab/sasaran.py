"""The sasaran and indicator rows every chapter prints: the measurement, trend, end target,
benchmarks, budget and narrative of each indicator, read in one pass with a fixed number of queries."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable

from anggaran.ringkasan import (
    AlokasiSasaran,
    RingkasanAnggaran,
    Simpul,
    _item_tanpa_ganda,
    bulat_rupiah,
)
from kinerja.models import ItemPK, LayananDokumen, PerjanjianKinerja, Realisasi, SurveiKepuasan
from kinerja.pengukuran import HasilIndikator, pilih_realisasi
from kinerja.survei import GalatSurvei, hitung_survei
from renstra.models import Indikator, Pembanding, Sasaran, TargetIndikator
from sakip import rumus
from sakip.formatting import normalisasi_nilai

from .. import draf
from ..data import (
    Alokasi,
    BarisAnggaran,
    BarisLayananDokumen,
    BarisPembanding,
    Efisiensi,
    GambarLaporan,
    IndikatorLaporan,
    Kemajuan,
    Komponen,
    LayananDokumenLaporan,
    NarasiLaporan,
    Perubahan,
    SasaranLaporan,
    SurveiLaporan,
    TargetBerikut,
    TitikRiwayat,
    UnsurIKM,
)
from ..models import Bagian, TataLetak
from .konteks import TAHUN_RIWAYAT, Konteks, baris_anggaran, label_singkat, nilai_atau_teks


def alokasi(a: AlokasiSasaran) -> Alokasi:
    return Alokasi(
        sasaran=a.label,
        pagu=bulat_rupiah(a.pagu),
        realisasi=bulat_rupiah(a.realisasi),
        serapan=a.serapan.nilai,
        pangsa=a.pangsa.nilai,
        item=[i.kode for i in a.item],
    )


def siapkan_sasaran(k: Konteks) -> list[SasaranLaporan]:
    """Sasaran rows with every indicator's figures that the chapters print (one pass, fixed queries)."""
    p, r = k.pengukuran, k.ringkasan
    hasil_ind = p.semua_indikator
    garis = _garis_keturunan([h.indikator for h in hasil_ind])
    semua_id = {x for ids in garis.values() for x in ids}
    tahun_awal = k.tahun - TAHUN_RIWAYAT

    realisasi = defaultdict(list)
    for row in Realisasi.objects.filter(indikator_id__in=semua_id, tahun__gte=tahun_awal, tahun__lte=k.tahun):
        realisasi[row.indikator_id].append(row)
    target_renstra = defaultdict(dict)
    for t in TargetIndikator.objects.filter(indikator_id__in=semua_id):
        target_renstra[t.indikator_id][t.tahun] = t
    target_pk = defaultdict(dict)
    item_lalu = ItemPK.objects.filter(
        perjanjian__jabatan_id=p.perjanjian.jabatan_id,
        perjanjian__status=PerjanjianKinerja.Status.DITETAPKAN,
        perjanjian__tahun__gte=tahun_awal,
        perjanjian__tahun__lt=k.tahun,
        indikator_id__in=semua_id,
    ).select_related("perjanjian")
    for item in sorted(item_lalu, key=lambda i: i.perjanjian.versi):
        target_pk[item.indikator_id][item.perjanjian.tahun] = item  # the latest version of the year wins
    pembanding = defaultdict(list)
    for pb in Pembanding.objects.filter(indikator_id__in=semua_id, tahun__lte=k.tahun).order_by("tahun", "jenis"):
        pembanding[pb.indikator_id].append(pb)

    efisiensi: dict[int, Efisiensi] = {}
    efisiensi_sasaran: dict[int, Efisiensi] = {}
    for e in r.efisiensi:
        baris = Efisiensi(
            sasaran=e.sasaran.uraian,
            indikator=e.indikator.nama if e.indikator else None,
            capaian=e.capaian,
            serapan=e.serapan.nilai,
            efisiensi=e.efisiensi.nilai,
            kategori=e.efisiensi.label,
            pagu=bulat_rupiah(e.pagu),
            realisasi_anggaran=bulat_rupiah(e.realisasi),
            pangsa=rumus.pangsa_anggaran(e.pagu, k.pagu_dasar_pangsa, r.metodologi).nilai,
        )
        if e.indikator is None:
            efisiensi_sasaran[e.sasaran.id] = baris
        else:
            efisiensi[e.indikator.id] = baris
    per_sasaran = {a.sasaran.id: a for a in r.alokasi}
    simpul = {s.item.id: s for s in r.semua_simpul()}
    peta_item = _item_per_indikator(r)
    survei = _survei(k, {h.indikator.id for h in hasil_ind})
    layanan = _layanan_dokumen(k, {h.indikator.id for h in hasil_ind})
    k.layanan_dokumen_lain = layanan.get(None)

    hasil = []
    nomor_ind = 0
    for nomor, hs in enumerate(p.sasaran, 1):
        indikator = []
        for h in hs.indikator:
            nomor_ind += 1
            ids = garis[h.indikator.id]
            indikator.append(
                _baris_indikator(
                    k,
                    h,
                    nomor_ind,
                    realisasi=[row for i in reversed(ids) for row in realisasi[i]],
                    target_renstra={t: v for i in reversed(ids) for t, v in target_renstra[i].items()},
                    target_pk={t: v for i in reversed(ids) for t, v in target_pk[i].items()},
                    pembanding=[pb for i in ids for pb in pembanding[i]],
                    efisiensi=efisiensi.get(h.indikator.id),
                    program=_program_indikator(h.indikator, hs.sasaran, peta_item, per_sasaran),
                )
            )
        a = per_sasaran.get(hs.sasaran.id)
        hasil.append(
            SasaranLaporan(
                uraian=hs.sasaran.uraian,
                capaian=hs.capaian.nilai,
                kategori=hs.capaian.kategori,
                indikator=indikator,
                nomor=nomor,
                id=hs.sasaran.id,
                kode=hs.sasaran.kode,
                anggaran=alokasi(a) if a else None,
                efisiensi=efisiensi_sasaran.get(hs.sasaran.id),
                program=_baris_program(a.item if a else [], simpul, indikator),
                survei=[survei[i.id] for i in indikator if i.id in survei],
                layanan_dokumen=[layanan[i.id] for i in indikator if i.id in layanan],
            )
        )
    return hasil


def _survei(k: Konteks, indikator_id: set[int]) -> dict[int, SurveiLaporan]:
    """{indicator id: its satisfaction survey}: of the report year, the latest period ending by the
    end of the report's period (the report's own period first). Two queries."""
    akhir = k.periode.bulan_akhir
    pilih: dict[int, tuple] = {}
    qs = SurveiKepuasan.objects.filter(opd=k.opd, tahun=k.tahun, indikator_id__in=indikator_id)
    for sv in qs.select_related("indikator").prefetch_related("unsur_set"):
        p = rumus.Periode(sv.periode)
        if p.bulan_akhir > akhir:
            continue
        kunci = (p.bulan_akhir, p == k.periode, p.jumlah_triwulan)
        if sv.indikator_id not in pilih or kunci > pilih[sv.indikator_id][0]:
            pilih[sv.indikator_id] = (kunci, sv)
    hasil = {}
    for ind_id, (_, sv) in pilih.items():
        unsur = sorted(sv.unsur_set.all(), key=lambda u: u.nomor)
        try:
            h = hitung_survei(sv, unsur)
        except GalatSurvei:
            continue  # an incomplete survey prints nothing; its admin page says what is missing
        baris = [
            UnsurIKM(kode=f"U{u.nomor}", nama=u.nama, nilai=rumus.bulatkan(v, 4), tertimbang=t)
            for u, v, t in zip(unsur, h.nilai_unsur, h.nilai_tertimbang, strict=True)
        ]
        indeks = rumus.bulatkan(h.nilai_indeks, 4)
        hasil[ind_id] = SurveiLaporan(
            indikator=sv.indikator.nama,
            indikator_id=ind_id,
            tahun=sv.tahun,
            periode=sv.get_periode_display(),
            jumlah_responden=sv.jumlah_responden,
            keterangan=sv.keterangan,
            unsur=baris,
            nilai_indeks=indeks,
            nilai_ikm=h.nilai_ikm,
            mutu=h.mutu,
            kinerja=h.kinerja,
            paragraf=draf.survei_ikm(indeks, h.nilai_ikm, h.mutu, h.kinerja, baris),
        )
    return hasil


def _layanan_dokumen(k: Konteks, indikator_id: set[int]) -> dict[int | None, LayananDokumenLaporan]:
    """{indicator id: the documents issued per service type that feed it}, and under None the rows
    linked to no indicator of this report (printed after the measurement table). Quarters up to
    the report's period, year-to-date. Two queries."""
    kelompok: dict[int | None, list[LayananDokumen]] = defaultdict(list)
    nama_ind: dict[int | None, str | None] = {None: None}
    qs = LayananDokumen.objects.filter(opd=k.opd, tahun=k.tahun).select_related("indikator")
    for lay in qs.prefetch_related("realisasi_set").order_by("urutan", "id"):
        kunci = lay.indikator_id if lay.indikator_id in indikator_id else None
        kelompok[kunci].append(lay)
        nama_ind[kunci] = lay.indikator.nama if kunci is not None else None
    sampai = k.periode.triwulan_akhir
    label = [label_singkat(rumus.Periode.dari_triwulan(tw)) for tw in range(1, sampai + 1)]
    hasil = {}
    for kunci, daftar in kelompok.items():
        try:
            kumulatif = [lay.realisasi_kumulatif()[:sampai] for lay in daftar]
        except rumus.GalatRumus:
            continue  # a cumulative count that falls prints nothing; the entry screen says why
        rekap = rumus.rekap_layanan([(lay.target, r) for lay, r in zip(daftar, kumulatif, strict=True)], k.metodologi)
        capaian = [c.nilai for c in rekap.capaian]
        hasil[kunci] = LayananDokumenLaporan(
            indikator=nama_ind[kunci],
            indikator_id=kunci,
            tahun=k.tahun,
            triwulan=label,
            baris=[
                BarisLayananDokumen(nama=lay.nama, target=lay.target, realisasi=list(r))
                for lay, r in zip(daftar, kumulatif, strict=True)
            ],
            jumlah_target=rekap.jumlah_target,
            jumlah=list(rekap.jumlah),
            capaian=capaian,
            paragraf=draf.layanan_dokumen(k, label[-1], rekap.jumlah_target, rekap.jumlah[-1], capaian[-1]),
        )
    return hasil


def _garis_keturunan(daftar_indikator: list[Indikator]) -> dict[int, list[int]]:
    """Ids of each indicator and its earlier Renstra versions, one query per version step."""
    garis = {i.id: [i.id] for i in daftar_indikator}
    ujung = {i.id: i.asal_id for i in daftar_indikator if i.asal_id}
    while ujung:
        asal = dict(Indikator.objects.filter(id__in=set(ujung.values())).values_list("id", "asal_id"))
        lanjut = {}
        for awal, a in ujung.items():
            if a in garis[awal]:
                continue
            garis[awal].append(a)
            if asal.get(a):
                lanjut[awal] = asal[a]
        ujung = lanjut
    return garis


def _item_per_indikator(ringkasan: RingkasanAnggaran) -> dict[int, list]:
    """{indicator id: budget items linked to it, in tree order}, reading each item's links once."""
    peta = defaultdict(list)
    for s in ringkasan.semua_simpul():
        for i in s.item.indikator_didukung.all():
            peta[i.id].append(s.item)
    return peta


def _program_indikator(
    indikator: Indikator, sasaran: Sasaran, peta_item: dict[int, list], per_sasaran: dict[int, AlokasiSasaran]
) -> list[str]:
    """Names of the budget items behind an indicator: those linked to it, else its sasaran's."""
    khusus = peta_item.get(indikator.id, [])
    daftar = khusus or (per_sasaran[sasaran.id].item if sasaran.id in per_sasaran else [])
    return [f"{i.kode} {i.nama}" for i in _item_tanpa_ganda(daftar)]


def _baris_program(items: list, simpul: dict[int, Simpul], indikator: list[IndikatorLaporan]) -> list[BarisAnggaran]:
    """The program / kegiatan / sub kegiatan tree under a sasaran's linked items, as table rows."""
    nama_ind = {i.id: i.nama for i in indikator}
    baris = []

    def turun(s: Simpul, tingkat: int) -> None:
        mendukung = [nama_ind[i.id] for i in s.item.indikator_didukung.all() if i.id in nama_ind]
        baris.append(baris_anggaran(s, s.item.tingkat, level=tingkat, mendukung=mendukung))
        for anak in s.anak:
            turun(anak, tingkat + 1)

    for item in _item_tanpa_ganda(items):
        turun(simpul[item.id], 0)
    return baris


def _capaian(indikator, metodologi, target, target_atas, target_teks, nilai, nilai_teks) -> rumus.HasilCapaian:
    """Capaian of any year, by the indicator's one rule (Indikator.capaian), as the measurement computes it."""
    return indikator.capaian(
        metodologi, target=target, target_atas=target_atas, target_teks=target_teks, nilai=nilai, nilai_teks=nilai_teks
    )


def _terlambat(k: Konteks, h: HasilIndikator) -> bool:
    """The period's value is data of an earlier year (N-1), carried forward."""
    return h.akhir_data is not None and h.akhir_data[0] < k.tahun


def _riwayat(k: Konteks, h: HasilIndikator, realisasi, target_renstra, target_pk) -> list[TitikRiwayat]:
    """Trend: one value per year, each year measured as its own annual report did."""
    ind = h.indikator
    tahunan = copy.copy(ind)
    tahunan.tunda_tahun = 0  # a past year shows the data of that year, not a carried-forward one
    tahun_data = {row.tahun for row in realisasi} | {t for t in target_renstra if t <= k.tahun} | set(target_pk)
    riwayat = []
    for tahun in range(min(tahun_data | {k.tahun}), k.tahun):
        _, nilai, teks, catatan = pilih_realisasi(tahunan, realisasi, tahun, rumus.Periode.TAHUN)
        sumber = target_pk.get(tahun) or target_renstra.get(tahun)
        t_nilai = sumber.target if isinstance(sumber, ItemPK) else (sumber.nilai if sumber else None)
        t_atas = sumber.target_atas if isinstance(sumber, ItemPK) else (sumber.nilai_atas if sumber else None)
        t_teks = sumber.target_teks if isinstance(sumber, ItemPK) else (sumber.nilai_teks if sumber else "")
        hasil = _capaian(ind, k.metodologi, t_nilai, t_atas, t_teks, nilai, teks)
        riwayat.append(
            TitikRiwayat(
                tahun=tahun,
                label=str(tahun),
                target=nilai_atau_teks(t_teks, t_nilai),
                realisasi=nilai_atau_teks(teks, nilai),
                capaian=hasil.nilai,
                keterangan=catatan or None,
            )
        )
    label = str(k.tahun) if k.tahunan else f"{label_singkat(k.periode)} {k.tahun}"
    if _terlambat(k, h):
        # Late data (N-1): the value measures an earlier year and stands there, once; this
        # period's own value has not arrived yet.
        riwayat.append(
            TitikRiwayat(
                tahun=k.tahun,
                label=label,
                target=nilai_atau_teks(h.target_teks, h.target),
                realisasi=None,
                capaian=None,
                keterangan=f"Nilai {label} belum tersedia (data N-{ind.tunda_tahun}); nilai yang diterima "
                f"{k.tahun} adalah nilai tahun {h.akhir_data[0]}.",
            )
        )
        return riwayat
    riwayat.append(
        TitikRiwayat(
            tahun=k.tahun,
            label=label,
            target=nilai_atau_teks(h.target_teks, h.target),
            realisasi=nilai_atau_teks(h.realisasi_teks, h.realisasi),
            capaian=h.capaian.nilai,
            keterangan=h.keterangan_data or None,
        )
    )
    return riwayat


def _baris_indikator(
    k: Konteks,
    h: HasilIndikator,
    nomor: int,
    *,
    realisasi,
    target_renstra,
    target_pk,
    pembanding,
    efisiensi: Efisiensi | None,
    program: list[str],
) -> IndikatorLaporan:
    ind = h.indikator
    m = k.metodologi
    riwayat = _riwayat(k, h, realisasi, target_renstra, target_pk)
    lalu = riwayat[-2] if len(riwayat) > 1 and riwayat[-2].tahun == k.tahun - 1 else None
    if _terlambat(k, h):
        lalu = None  # late data: last year's value is the one carried, not a point to compare with
    perubahan = None
    if lalu and lalu.realisasi is not None and not ind.predikat and h.realisasi is not None:
        beda = rumus.tingkat_kemajuan(
            h.realisasi,
            realisasi_tahun_lalu=lalu.realisasi,
            arah=ind.arah,
            metodologi=m.ganti(aturan_kemajuan=rumus.AturanKemajuan.SELISIH_TAHUN),
        )
        perubahan = Perubahan(nilai=beda.nilai, label=beda.label, membaik=beda.membaik)

    # Against the end of the Renstra period.
    tahun_akhir = k.renstra.tahun_selesai if k.renstra else None
    akhir = target_renstra.get(tahun_akhir)
    t_akhir = ind.target_akhir if ind.target_akhir is not None else (akhir.nilai if akhir else None)
    t_akhir_teks = ind.target_akhir_teks or (akhir.nilai_teks if akhir else "")
    berikut = target_renstra.get(k.tahun + 1)

    # Against national / provincial standards: the latest value of each benchmark.
    terbaru = {}
    for pb in pembanding:
        terbaru[(pb.jenis, pb.nama)] = pb
    banding = []
    for pb in terbaru.values():
        hasil = None
        if ind.arah != rumus.Arah.RENTANG:
            hasil = _capaian(ind, m, pb.nilai, None, pb.nilai_teks, h.realisasi, h.realisasi_teks)
        banding.append(
            BarisPembanding(
                jenis=pb.get_jenis_display(),
                nama=pb.nama,
                tahun=pb.tahun,
                nilai=nilai_atau_teks(pb.nilai_teks, pb.nilai),
                capaian=hasil.nilai if hasil else None,
                keterangan=None
                if hasil is None or hasil.tercapai is None
                else ("Tercapai" if hasil.tercapai else "Belum tercapai"),
                sumber=pb.sumber,
            )
        )

    baris = IndikatorLaporan(
        nama=ind.nama,
        satuan=ind.satuan,
        arah=ind.arah,
        target=nilai_atau_teks(h.target_teks, h.target),
        realisasi=nilai_atau_teks(h.realisasi_teks, h.realisasi),
        capaian=h.capaian.nilai,
        kategori=h.capaian.kategori,
        target_atas=normalisasi_nilai(h.target_atas),
        pembilang=normalisasi_nilai(h.pembilang, 0),
        penyebut=normalisasi_nilai(h.penyebut, 0),
        keterangan_data=h.keterangan_data,
        keterangan=h.capaian.keterangan,
        sumber_target=None if h.sumber_target == "PK" else h.sumber_target,
        komponen=[Komponen(nama=c.indikator.nama, realisasi=normalisasi_nilai(c.realisasi)) for c in h.komponen],
        id=ind.id,
        nomor=nomor,
        kode=ind.kode,
        iku=ind.iku,
        predikat=ind.predikat,
        presisi=ind.presisi,
        definisi=ind.definisi,
        formula=ind.formula,
        label_pembilang=ind.label_pembilang,
        label_penyebut=ind.label_penyebut,
        satuan_pembilang=ind.satuan_pembilang,
        tercapai=h.capaian.tercapai,
        efisiensi=efisiensi,
        program=program,
        riwayat=riwayat,
        tahun_lalu=lalu,
        perubahan=perubahan,
        tahun_akhir=tahun_akhir,
        target_akhir=nilai_atau_teks(t_akhir_teks, t_akhir),
        kemajuan=_kemajuan(ind, m, h, t_akhir, t_akhir_teks, akhir, lalu),
        target_berikut=TargetBerikut(tahun=k.tahun + 1, target=nilai_atau_teks(berikut.nilai_teks, berikut.nilai))
        if berikut
        else None,
        pembanding=banding,
    )
    # The table set (Tabel 1h) prints target and realisasi beside the narrative: its draft gives the causes.
    drafter = draf.penyebab_tabel if k.tata_letak is TataLetak.TABEL_SASARAN else draf.penyebab
    baris.narasi = narasi(k, Bagian.PENYEBAB, ind.id, lambda: drafter(k, baris))
    return baris


def _kemajuan(ind, m, h: HasilIndikator, t_akhir, t_akhir_teks, akhir, lalu: TitikRiwayat | None) -> Kemajuan:
    aturan = m.aturan_kemajuan
    if ind.predikat:
        hasil = _capaian(ind, m, None, None, t_akhir_teks, None, h.realisasi_teks)
        label = None if hasil.tercapai is None else ("Tercapai" if hasil.tercapai else "Belum Tercapai")
        nilai = hasil.nilai if aturan is rumus.AturanKemajuan.TERHADAP_TARGET_AKHIR else None
        return Kemajuan(nilai=nilai, label=label, keterangan=hasil.keterangan, rumus=aturan.label)
    try:
        hasil = rumus.tingkat_kemajuan(
            h.realisasi,
            target_akhir=t_akhir,
            realisasi_tahun_lalu=lalu.realisasi if lalu and lalu.realisasi is not None else None,
            arah=ind.arah,
            metodologi=ind.metodologi(m),
            target_akhir_atas=akhir.nilai_atas if akhir else None,
        )
    except rumus.GalatRumus as exc:
        return Kemajuan(nilai=None, label=None, keterangan=str(exc), rumus=aturan.label)
    return Kemajuan(nilai=hasil.nilai, label=hasil.label, keterangan=hasil.keterangan, rumus=aturan.label)


def narasi(k: Konteks, bagian: Bagian, indikator_id: int | None, buat_draf: Callable[[], str]) -> NarasiLaporan:
    """A narrative section: the office's text when written, else a draft from this year's figures."""
    n = k.narasi.get((bagian, indikator_id))
    ada = n is not None and n.isi.strip()
    return NarasiLaporan(
        bagian=bagian.value,
        judul=bagian.label,
        indikator=indikator_id,
        isi=n.isi if ada else buat_draf(),
        draf=not ada,
        gambar=[
            GambarLaporan(id=g.id, berkas=g.berkas.name, keterangan=g.keterangan)
            for g in (n.gambar_set.all() if n else [])
        ],
    )
