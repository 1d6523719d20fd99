"""Office-year data exchange, the way out: everything of an office as a `sakip-opd/1` document
(docs/format-data-opd.md), the inverse of `pertukaran.muat.impor_data_opd`. The workbook is
written from it, and keeps it as the starting point of a re-import (`sakip.berkas_asal`)."""

from __future__ import annotations

from decimal import Decimal

from anggaran.models import BelanjaJenis, ItemAnggaran, JenisBelanja, Pagu, RealisasiAnggaran, TahapAnggaran
from kinerja.models import LayananDokumen, PerjanjianKinerja, Realisasi, SurveiKepuasan
from laporan.models import DasarHukum, Inovasi, Penghargaan, SaranaPrasarana, SumberDayaManusia
from renstra.models import ArahKebijakan, Indikator, Pembanding, Renstra, Sasaran, Strategi, TargetIndikator
from sakip import rumus
from sakip.models import Jabatan, MetodologiPemda, Penugasan

FORMAT = "sakip-opd/1"

__all__ = ["FORMAT", "ekspor_data_opd"]


def _s(nilai):
    """Decimal to its plain string (no exponent, trailing zeros kept only as stored)."""
    if nilai is None:
        return None
    teks = format(nilai.normalize(), "f") if isinstance(nilai, Decimal) else str(nilai)
    return teks


def _indikator_dict(ind, per_indikator):
    d = {
        "kode": ind.kode,
        "nama": ind.nama,
        "satuan": ind.satuan,
        "jenis_nilai": ind.jenis_nilai,
        "skala_predikat": ind.skala_predikat,
        "arah": ind.arah,
        "iku": ind.iku,
        "definisi": ind.definisi,
        "formula": ind.formula,
        "label_pembilang": ind.label_pembilang,
        "label_penyebut": ind.label_penyebut,
        "satuan_pembilang": ind.satuan_pembilang,
        "faktor": _s(ind.faktor),
        "frekuensi": ind.frekuensi,
        "tunda_tahun": ind.tunda_tahun,
        "agregasi": ind.agregasi,
        "turunan": ind.turunan,
        "induk_turunan": ind.induk_turunan.kode if ind.induk_turunan_id else None,
        "sumber_data": ind.sumber_data,
        "baseline": _s(ind.baseline),
        "baseline_teks": ind.baseline_teks,
        "tahun_baseline": ind.tahun_baseline,
        "target_akhir": _s(ind.target_akhir),
        "target_akhir_teks": ind.target_akhir_teks,
        "presisi": ind.presisi,
        "bobot": _s(ind.bobot),
        "batas_atas_capaian": _s(ind.batas_atas_capaian),
        "skala_kategori": ind.skala_kategori,
        "penanggung_jawab": ind.penanggung_jawab.nama if ind.penanggung_jawab_id else None,
        "target": {},
        "target_atas": {},
        "pembanding": [],
        "realisasi": [],
        "komponen": [],
    }
    for t in ind.target_set.all():
        d["target"][str(t.tahun)] = t.nilai_teks if ind.predikat else _s(t.nilai)
        if t.nilai_atas is not None:
            d["target_atas"][str(t.tahun)] = _s(t.nilai_atas)
    for p in ind.pembanding_set.all():
        d["pembanding"].append(
            {
                "tahun": p.tahun,
                "jenis": p.jenis,
                "nama": p.nama,
                "nilai": _s(p.nilai),
                "nilai_teks": p.nilai_teks,
                "sumber": p.sumber,
                "catatan_internal": p.catatan_internal,
            }
        )
    for r in ind.realisasi_set.all():
        d["realisasi"].append(
            {
                "tahun": r.tahun,
                "periode": r.periode,
                "nilai": _s(r.nilai),
                "nilai_teks": r.nilai_teks,
                "pembilang": _s(r.pembilang),
                "penyebut": _s(r.penyebut),
                "keterangan_data": r.keterangan_data,
                "sumber_data": r.sumber_data,
                "catatan": r.catatan,
            }
        )
    d["komponen"] = [_indikator_dict(k, per_indikator) for k in per_indikator.get(ind.id, [])]
    return d


def ekspor_data_opd(opd):
    """Everything of an office as a `sakip-opd/1` document (the inverse of impor_data_opd)."""
    from django.db.models import Prefetch

    pemda = opd.pemda
    m = MetodologiPemda.objects.filter(pemda=pemda).first()
    data = {"format": FORMAT, "sumber": f"Ekspor SAKIP {opd.kode}"}
    data["pemda"] = {
        "nama": pemda.nama,
        "tingkat": pemda.tingkat,
        "jabatan_kepala_daerah": pemda.jabatan_kepala_daerah,
        "nama_kepala_daerah": pemda.nama_kepala_daerah,
        "ibu_kota": pemda.ibu_kota,
    }
    if m:
        data["metodologi"] = {
            "skala": m.skala,
            "skala_kustom": m.skala_kustom,
            "rumus_turun": m.rumus_turun,
            "batas_atas": _s(m.batas_atas),
            "pembulatan": m.pembulatan,
            "desimal": m.desimal,
            "rumus_efisiensi": m.rumus_efisiensi,
            "aturan_kemajuan": m.aturan_kemajuan,
            "pakai_bobot": m.pakai_bobot,
            "izinkan_realisasi_melebihi_pagu": m.izinkan_realisasi_melebihi_pagu,
        }
    data["opd"] = {
        "kode": opd.kode,
        "nama": opd.nama,
        "singkatan": opd.singkatan,
        "alamat": opd.alamat,
        "telepon": opd.telepon,
        "email": opd.email,
    }
    jabatan = list(Jabatan.objects.filter(opd=opd).select_related("induk").order_by("urutan", "id"))
    urut, sudah = [], set()
    while len(urut) < len(jabatan):  # parents before children
        maju = False
        for j in jabatan:
            if j.id not in sudah and (j.induk_id is None or j.induk_id in sudah):
                urut.append(j)
                sudah.add(j.id)
                maju = True
        if not maju:
            urut += [j for j in jabatan if j.id not in sudah]
            break
    data["jabatan"] = [
        {"nama": j.nama, "eselon": j.eselon, "induk": j.induk.nama if j.induk_id else None} for j in urut
    ]
    data["pejabat"] = []
    penugasan = Penugasan.objects.filter(jabatan__opd=opd).select_related("pejabat", "jabatan").order_by("mulai", "id")
    tercatat = set()
    for p in penugasan:
        data["pejabat"].append(
            {
                "nama": p.pejabat.nama,
                "nip": p.pejabat.nip,
                "pangkat": p.pejabat.pangkat,
                "golongan": p.pejabat.golongan,
                "jabatan": p.jabatan.nama,
                "jenis": p.jenis,
                "mulai": p.mulai.isoformat(),
                "selesai": p.selesai.isoformat() if p.selesai else None,
            }
        )
        tercatat.add(p.pejabat_id)
    for perjanjian in PerjanjianKinerja.objects.filter(opd=opd, pejabat__isnull=False).exclude(pejabat_id__in=tercatat):
        data["pejabat"].append(
            {
                "nama": perjanjian.pejabat.nama,
                "nip": perjanjian.pejabat.nip,
                "pangkat": perjanjian.pejabat.pangkat,
                "golongan": perjanjian.pejabat.golongan,
            }
        )
        tercatat.add(perjanjian.pejabat_id)

    indikator = list(
        Indikator.objects.filter(opd=opd)
        .select_related("penanggung_jawab", "induk_turunan")
        .prefetch_related(
            Prefetch("target_set", queryset=TargetIndikator.objects.order_by("tahun")),
            Prefetch("pembanding_set", queryset=Pembanding.objects.order_by("tahun", "jenis", "nama")),
            Prefetch("realisasi_set", queryset=Realisasi.objects.order_by("tahun", "periode")),
        )
        .order_by("urutan", "id")
    )
    per_pemilik, per_komposit = {}, {}
    for ind in indikator:
        if ind.komposit_id:
            per_komposit.setdefault(ind.komposit_id, []).append(ind)
        else:
            kunci = (
                ("t", ind.tujuan_id)
                if ind.tujuan_id
                else ("s", ind.sasaran_id)
                if ind.sasaran_id
                else ("a", ind.item_anggaran_id)
            )
            per_pemilik.setdefault(kunci, []).append(ind)

    renstra = Renstra.objects.filter(opd=opd).select_related("rpjmd").order_by("-tahun_mulai", "-versi").first()
    if renstra and renstra.rpjmd_id:
        r = renstra.rpjmd
        misi = list(r.misi_set.order_by("nomor"))
        data["rpjmd"] = {
            "jenis": r.jenis,
            "tahun_mulai": r.tahun_mulai,
            "tahun_selesai": r.tahun_selesai,
            "visi": r.visi,
            "dasar_hukum": r.dasar_hukum,
            "catatan_internal": r.catatan_internal,
            "misi": [x.uraian for x in misi],
            "misi_didukung": sorted(x.nomor for x in renstra.misi_didukung.all()),
        }
    if renstra:
        data["renstra"] = {
            "tahun_mulai": renstra.tahun_mulai,
            "tahun_selesai": renstra.tahun_selesai,
            "versi": renstra.versi,
            "tanggal_penetapan": renstra.tanggal_penetapan.isoformat() if renstra.tanggal_penetapan else None,
            "dasar_hukum": renstra.dasar_hukum,
            "catatan_internal": renstra.catatan_internal,
            "visi": renstra.visi,
            "tujuan": [
                {
                    "kode": t.kode,
                    "uraian": t.uraian,
                    "indikator": [_indikator_dict(i, per_komposit) for i in per_pemilik.get(("t", t.id), [])],
                }
                for t in renstra.tujuan_set.order_by("urutan", "id")
            ],
            "sasaran": [],
        }
        sasaran = list(
            renstra.sasaran_set.select_related("tujuan", "induk", "pemilik")
            .prefetch_related(
                Prefetch("strategi_set", queryset=Strategi.objects.order_by("urutan", "id")),
                Prefetch("strategi_set__arah_kebijakan_set", queryset=ArahKebijakan.objects.order_by("urutan", "id")),
            )
            .order_by("urutan", "id")
        )
        tingkat = {t: i for i, t in enumerate(Sasaran.URUTAN_TINGKAT)}
        for s in sorted(sasaran, key=lambda s: (tingkat[s.tingkat], s.urutan, s.id)):
            data["renstra"]["sasaran"].append(
                {
                    "kode": s.kode,
                    "tingkat": s.tingkat,
                    "tujuan": s.tujuan.kode if s.tujuan_id and not s.induk_id else None,
                    "induk": s.induk.kode if s.induk_id else None,
                    "uraian": s.uraian,
                    "pemilik": s.pemilik.nama if s.pemilik_id else None,
                    "indikator": [_indikator_dict(i, per_komposit) for i in per_pemilik.get(("s", s.id), [])],
                }
            )
            if s.tingkat == Sasaran.Tingkat.STRATEGIS:
                data["renstra"]["sasaran"][-1]["strategi"] = [
                    {
                        "urutan": x.urutan,
                        "uraian": x.uraian,
                        "arah_kebijakan": [
                            {"urutan": a.urutan, "uraian": a.uraian} for a in x.arah_kebijakan_set.all()
                        ],
                    }
                    for x in s.strategi_set.all()
                ]

    data["perjanjian_kinerja"] = []
    for perjanjian in (
        PerjanjianKinerja.objects.filter(opd=opd)
        .select_related("jabatan", "pejabat", "perjanjian_atasan__jabatan")
        .prefetch_related("item_set__rencana_aksi_set", "item_set__indikator", "item_set__sasaran")
        .order_by("tahun", "jabatan__urutan", "versi")
    ):
        data["perjanjian_kinerja"].append(
            {
                "tahun": perjanjian.tahun,
                "jabatan": perjanjian.jabatan.nama,
                "versi": perjanjian.versi,
                "status": perjanjian.status,
                "tanggal": perjanjian.tanggal.isoformat(),
                "alasan": perjanjian.alasan,
                "catatan_internal": perjanjian.catatan_internal,
                "pejabat": perjanjian.pejabat.nip if perjanjian.pejabat_id else None,
                "pk_atasan": {  # the format keeps its key for the field perjanjian_atasan
                    "jabatan": perjanjian.perjanjian_atasan.jabatan.nama,
                    "versi": perjanjian.perjanjian_atasan.versi,
                }
                if perjanjian.perjanjian_atasan_id
                else None,
                "item": [
                    {
                        "sasaran": it.sasaran.kode,
                        "indikator": it.indikator.kode,
                        "target": _s(it.target),
                        "target_atas": _s(it.target_atas),
                        "target_teks": it.target_teks,
                        "rencana_aksi": [
                            {
                                "triwulan": ra.triwulan,
                                "target": _s(ra.target),
                                "target_atas": _s(ra.target_atas),
                                "target_teks": ra.target_teks,
                                "rencana_aksi": ra.rencana_aksi,
                            }
                            for ra in sorted(it.rencana_aksi_set.all(), key=lambda x: x.triwulan)
                        ],
                    }
                    for it in sorted(perjanjian.item_set.all(), key=lambda x: (x.urutan, x.id))
                ],
            }
        )

    data["anggaran"] = []
    items = (
        ItemAnggaran.objects.filter(opd=opd)
        .prefetch_related(
            Prefetch("pagu_set", queryset=Pagu.objects.order_by("urutan")),
            Prefetch("realisasi_set", queryset=RealisasiAnggaran.objects.order_by("triwulan")),
            "sasaran",
            "indikator_didukung",
        )
        .order_by("tahun", "kode")
    )
    for item in items:
        data["anggaran"].append(
            {
                "tahun": item.tahun,
                "kode": item.kode,
                "nama": item.nama,
                "sumber_dana": item.sumber_dana,
                "catatan": item.catatan,
                "catatan_internal": item.catatan_internal,
                "sasaran": sorted(s.kode for s in item.sasaran.all()),
                "indikator_didukung": sorted(i.kode for i in item.indikator_didukung.all()),
                "pagu": [
                    {
                        "jenis": p.jenis,
                        "urutan": p.urutan,
                        "nilai": _s(p.nilai),
                        "tanggal": p.tanggal.isoformat() if p.tanggal else None,
                        "dasar": p.dasar,
                    }
                    for p in item.pagu_set.all()
                ],
                "realisasi": {str(r.triwulan): _s(r.nilai) for r in item.realisasi_set.all()},
                "indikator": [_indikator_dict(i, per_komposit) for i in per_pemilik.get(("a", item.id), [])],
            }
        )
    data["profil"] = ekspor_profil(opd)
    data.update(ekspor_tabel(opd))
    return data


def ekspor_tabel(opd):
    """The report's data tables (pertukaran.muat.tabel), each row by its natural key, in an order
    that does not depend on ids: surveys with their elements, the budget per spending type and
    stage, the documents issued per service type."""
    urut_periode = {p: i for i, (p, _) in enumerate(rumus.Periode.pilihan())}
    survei = sorted(
        SurveiKepuasan.objects.filter(opd=opd).select_related("indikator").prefetch_related("unsur_set"),
        key=lambda s: (s.tahun, urut_periode.get(s.periode, 99), s.periode),
    )
    urut_jenis = {j: i for i, j in enumerate(JenisBelanja.values)}
    urut_tahap = {t: i for i, t in enumerate(TahapAnggaran.values)}
    belanja = sorted(
        BelanjaJenis.objects.filter(opd=opd).select_related("item"),
        key=lambda b: (b.tahun, b.item.kode if b.item_id else "", urut_tahap[b.tahap], urut_jenis[b.jenis_belanja]),
    )
    layanan = (
        LayananDokumen.objects.filter(opd=opd)
        .select_related("indikator")
        .prefetch_related("realisasi_set")
        .order_by("tahun", "urutan", "nama")
    )
    return {
        "survei_kepuasan": [
            {
                "tahun": s.tahun,
                "periode": s.periode,
                "indikator": s.indikator.kode if s.indikator_id else None,
                "jumlah_responden": s.jumlah_responden,
                "keterangan": s.keterangan,
                "catatan_internal": s.catatan_internal,
                "unsur": [
                    {
                        "nomor": u.nomor,
                        "nama": u.nama,
                        "nilai_rata": _s(u.nilai_rata),
                        "jumlah_nilai": _s(u.jumlah_nilai),
                    }
                    for u in sorted(s.unsur_set.all(), key=lambda u: u.nomor)
                ],
            }
            for s in survei
        ],
        "belanja_jenis": [
            {
                "tahun": b.tahun,
                "item": b.item.kode if b.item_id else None,
                "jenis_belanja": b.jenis_belanja,
                "tahap": b.tahap,
                "pagu": _s(b.pagu),
                "realisasi": _s(b.realisasi),
                "dasar": b.dasar,
            }
            for b in belanja
        ],
        "layanan_dokumen": [
            {
                "tahun": x.tahun,
                "urutan": x.urutan,
                "nama": x.nama,
                "target": x.target,
                "kumulatif": x.kumulatif,
                "indikator": x.indikator.kode if x.indikator_id else None,
                "realisasi": {
                    str(r.triwulan): r.jumlah for r in sorted(x.realisasi_set.all(), key=lambda r: r.triwulan)
                },
            }
            for x in layanan
        ],
    }


def ekspor_profil(opd):
    """The office's own profile rows (legal basis, staff, facilities, awards, innovations), in the
    order `pertukaran.muat.profil` matches them by."""
    return {
        "dasar_hukum": [
            {"urutan": d.urutan, "jenis": d.jenis, "nomor": d.nomor, "tahun": d.tahun, "tentang": d.tentang}
            for d in DasarHukum.objects.filter(opd=opd).order_by("urutan", "id")
        ],
        "sumber_daya_manusia": [
            {"tahun": d.tahun, "kelompok": d.kelompok, "urutan": d.urutan, "uraian": d.uraian, "jumlah": d.jumlah}
            for d in SumberDayaManusia.objects.filter(opd=opd).order_by("tahun", "kelompok", "urutan", "id")
        ],
        "sarana_prasarana": [
            {
                "tahun": d.tahun,
                "urutan": d.urutan,
                "uraian": d.uraian,
                "jumlah": d.jumlah,
                "satuan": d.satuan,
                "kondisi": d.kondisi,
            }
            for d in SaranaPrasarana.objects.filter(opd=opd).order_by("tahun", "urutan", "id")
        ],
        "penghargaan": [
            {
                "tahun": d.tahun,
                "urutan": d.urutan,
                "uraian": d.uraian,
                "tingkat": d.tingkat,
                "pemberi": d.pemberi,
                "tanggal": d.tanggal.isoformat() if d.tanggal else None,
            }
            for d in Penghargaan.objects.filter(opd=opd).order_by("tahun", "urutan", "id")
        ],
        "inovasi": [
            {"tahun": d.tahun, "urutan": d.urutan, "nama": d.nama, "uraian": d.uraian, "tahun_mulai": d.tahun_mulai}
            for d in Inovasi.objects.filter(opd=opd).order_by("tahun", "urutan", "id")
        ],
    }
