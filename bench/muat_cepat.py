"""Bulk loader of the synthetic `sakip-opd/1` documents: the same rows `impor_data_opd` makes.

`pertukaran.muat.impor_data_opd` validates and saves record by record (several queries per row,
with history); for 60 offices that takes many minutes. This loader inserts the same records with
`bulk_create`, model by model for all offices at once. It supports exactly what
`bench/data_sintetis.py` generates (no updates, no metodologi, no pk_atasan), and writes no history
rows. `tests/test_bench_dataset.py` checks that both loaders give identical exports.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from anggaran.models import ItemAnggaran, Pagu, RealisasiAnggaran, kode_induk, normalisasi_kode, tingkat_dari_kode
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi
from renstra.models import RPJMD, Indikator, Misi, Pembanding, Renstra, Sasaran, TargetIndikator, Tujuan
from sakip.models import OPD, Jabatan, Pejabat, Pemda, Penugasan

UKURAN = 2000
TEKS_INDIKATOR = (
    "satuan",
    "jenis_nilai",
    "skala_predikat",
    "arah",
    "definisi",
    "formula",
    "label_pembilang",
    "label_penyebut",
    "satuan_pembilang",
    "frekuensi",
    "agregasi",
    "sumber_data",
    "baseline_teks",
    "target_akhir_teks",
)


def _dec(v):
    return None if v is None or v == "" else Decimal(str(v))


def _bulk(model, objs):
    return model.objects.bulk_create(objs, batch_size=UKURAN)


def _bawaan(nama):
    return Indikator._meta.get_field(nama).get_default()


class _Indikator:
    """Indicator rows to create, with their owners' keys, in creation order."""

    def __init__(self):
        self.baris = []  # (doc index, dict, owner kind, owner object, urutan, composite dict or None)


@transaction.atomic
def muat_massal(dokumen):
    """Insert every document of `dokumen` (one Pemda). Returns the OPD objects in order."""
    d0 = dokumen[0]
    p = d0["pemda"]
    pemda, _ = Pemda.objects.get_or_create(
        nama=p["nama"],
        defaults={k: p.get(k) or "" for k in ("tingkat", "jabatan_kepala_daerah", "nama_kepala_daerah", "ibu_kota")},
    )
    opd = _bulk(
        OPD,
        [
            OPD(
                pemda=pemda,
                **{k: d["opd"].get(k) or "" for k in ("kode", "nama", "singkatan", "alamat", "telepon", "email")},
            )
            for d in dokumen
        ],
    )

    # Positions, parents first (depth by depth).
    jabatan = [{} for _ in dokumen]
    sisa = [(i, u, j) for i, d in enumerate(dokumen) for u, j in enumerate(d["jabatan"])]
    while sisa:
        siap = [(i, u, j) for i, u, j in sisa if not j["induk"] or j["induk"] in jabatan[i]]
        objs = _bulk(
            Jabatan,
            [
                Jabatan(opd=opd[i], nama=j["nama"], eselon=j["eselon"], urutan=u, induk=jabatan[i].get(j["induk"]))
                for i, u, j in siap
            ],
        )
        for (i, _, j), obj in zip(siap, objs, strict=True):
            jabatan[i][j["nama"]] = obj
        sisa = [x for x in sisa if x not in siap]

    pejabat = {}
    baris = [(i, x) for i, d in enumerate(dokumen) for x in d["pejabat"]]
    objs = _bulk(
        Pejabat,
        [
            Pejabat(
                pemda=pemda,
                nama=x["nama"],
                nip=x["nip"],
                pangkat=x.get("pangkat") or "",
                golongan=x.get("golongan") or "",
            )
            for _, x in baris
        ],
    )
    pejabat = {o.nip: o for o in objs}
    _bulk(
        Penugasan,
        [
            Penugasan(
                jabatan=jabatan[i][x["jabatan"]],
                pejabat=pejabat[x["nip"]],
                jenis=x.get("jenis") or "definitif",
                mulai=x["mulai"],
                selesai=x.get("selesai"),
            )
            for i, x in baris
            if x.get("jabatan")
        ],
    )

    r = d0["rpjmd"]
    rpjmd, _ = RPJMD.objects.get_or_create(
        pemda=pemda,
        jenis=r["jenis"],
        tahun_mulai=r["tahun_mulai"],
        defaults={"tahun_selesai": r["tahun_selesai"], "visi": r["visi"], "dasar_hukum": r.get("dasar_hukum") or ""},
    )
    misi = {m.nomor: m for m in Misi.objects.filter(rpjmd=rpjmd)}
    baru = [Misi(rpjmd=rpjmd, nomor=n, uraian=u) for n, u in enumerate(r["misi"], 1) if n not in misi]
    misi.update({m.nomor: m for m in _bulk(Misi, baru)})

    renstra = _bulk(
        Renstra,
        [
            Renstra(
                opd=opd[i],
                rpjmd=rpjmd,
                tahun_mulai=d["renstra"]["tahun_mulai"],
                tahun_selesai=d["renstra"]["tahun_selesai"],
                versi=d["renstra"].get("versi", 0),
                tanggal_penetapan=d["renstra"].get("tanggal_penetapan"),
                dasar_hukum=d["renstra"].get("dasar_hukum") or "",
                visi=d["renstra"].get("visi") or "",
            )
            for i, d in enumerate(dokumen)
        ],
    )
    Lewat = Renstra.misi_didukung.through
    _bulk(
        Lewat,
        [
            Lewat(renstra=renstra[i], misi=misi[n])
            for i, d in enumerate(dokumen)
            for n in d["rpjmd"].get("misi_didukung") or []
            if n in misi
        ],
    )

    tujuan = [{} for _ in dokumen]
    baris = [(i, u, t) for i, d in enumerate(dokumen) for u, t in enumerate(d["renstra"]["tujuan"])]
    objs = _bulk(
        Tujuan, [Tujuan(renstra=renstra[i], kode=t["kode"], uraian=t["uraian"], urutan=u) for i, u, t in baris]
    )
    for (i, _, t), o in zip(baris, objs, strict=True):
        tujuan[i][t["kode"]] = o

    sasaran = [{} for _ in dokumen]
    sisa = [(i, u, s) for i, d in enumerate(dokumen) for u, s in enumerate(d["renstra"]["sasaran"])]
    while sisa:
        siap = [(i, u, s) for i, u, s in sisa if not s.get("induk") or s["induk"] in sasaran[i]]
        objs = []
        for i, u, s in siap:
            induk = sasaran[i].get(s.get("induk"))
            objs.append(
                Sasaran(
                    renstra=renstra[i],
                    kode=s["kode"],
                    uraian=s["uraian"],
                    tingkat=s.get("tingkat") or "strategis",
                    induk=induk,
                    tujuan=tujuan[i].get(s.get("tujuan")) or (induk.tujuan if induk else None),
                    pemilik=jabatan[i].get(s.get("pemilik")),
                    urutan=u,
                )
            )
        for (i, _, s), o in zip(siap, _bulk(Sasaran, objs), strict=True):
            sasaran[i][s["kode"]] = o
        sisa = [x for x in sisa if x not in siap]

    # Budget items, parents first.
    item = [{} for _ in dokumen]
    daftar_item = [(i, u, a) for i, d in enumerate(dokumen) for u, a in enumerate(d["anggaran"])]
    for tingkat in ("program", "kegiatan", "sub_kegiatan"):
        siap = [(i, u, a) for i, u, a in daftar_item if tingkat_dari_kode(normalisasi_kode(a["kode"])) == tingkat]
        objs = []
        for i, u, a in siap:
            kode = normalisasi_kode(a["kode"])
            induk = kode_induk(kode)
            objs.append(
                ItemAnggaran(
                    opd=opd[i],
                    tahun=a["tahun"],
                    kode=kode,
                    tingkat=tingkat,
                    nama=a["nama"],
                    sumber_dana=a.get("sumber_dana") or "",
                    catatan=a.get("catatan") or "",
                    urutan=u,
                    induk=item[i].get((a["tahun"], induk)) if induk else None,
                )
            )
        for (i, _, a), o in zip(siap, _bulk(ItemAnggaran, objs), strict=True):
            item[i][(a["tahun"], o.kode)] = o
    pagu, realisasi_anggaran = [], []
    for i, _, a in daftar_item:
        obj = item[i][(a["tahun"], normalisasi_kode(a["kode"]))]
        for j, p in enumerate(a.get("pagu") or []):
            pagu.append(
                Pagu(
                    item=obj,
                    urutan=p.get("urutan", j),
                    jenis=p.get("jenis") or "murni",
                    nilai=_dec(p["nilai"]),
                    tanggal=p.get("tanggal"),
                    dasar=p.get("dasar") or "",
                )
            )
        for tw, v in (a.get("realisasi") or {}).items():
            realisasi_anggaran.append(RealisasiAnggaran(item=obj, triwulan=int(tw), nilai=_dec(v)))
    _bulk(Pagu, pagu)
    _bulk(RealisasiAnggaran, realisasi_anggaran)

    # Indicators of tujuan, sasaran and budget items; then components of composites.
    indikator = [{} for _ in dokumen]
    pemilik = []
    for i, d in enumerate(dokumen):
        for t in d["renstra"]["tujuan"]:
            pemilik += [(i, u, x, {"tujuan": tujuan[i][t["kode"]]}) for u, x in enumerate(t.get("indikator") or [])]
        for s in d["renstra"]["sasaran"]:
            pemilik += [(i, u, x, {"sasaran": sasaran[i][s["kode"]]}) for u, x in enumerate(s.get("indikator") or [])]
        for a in d["anggaran"]:
            obj = item[i][(a["tahun"], normalisasi_kode(a["kode"]))]
            pemilik += [(i, u, x, {"item_anggaran": obj}) for u, x in enumerate(a.get("indikator") or [])]
    while pemilik:
        objs = [_buat_indikator(opd[i], x, u, jabatan[i], milik) for i, u, x, milik in pemilik]
        _bulk(Indikator, objs)
        komponen = []
        for (i, _, x, _), o in zip(pemilik, objs, strict=True):
            indikator[i][x["kode"]] = (o, x)
            komponen += [(i, u, k, {"komposit": o}) for u, k in enumerate(x.get("komponen") or [])]
        pemilik = komponen

    target, pembanding, realisasi = [], [], []
    for i in range(len(dokumen)):
        for o, x in indikator[i].values():
            atas = x.get("target_atas") or {}
            for t, v in (x.get("target") or {}).items():
                if o.predikat:
                    target.append(TargetIndikator(indikator=o, tahun=int(t), nilai=None, nilai_teks=v or ""))
                else:
                    target.append(
                        TargetIndikator(
                            indikator=o, tahun=int(t), nilai=_dec(v), nilai_atas=_dec(atas.get(t)), nilai_teks=""
                        )
                    )
            for p in x.get("pembanding") or []:
                pembanding.append(
                    Pembanding(
                        indikator=o,
                        tahun=p["tahun"],
                        jenis=p["jenis"],
                        nama=p.get("nama") or "",
                        nilai=_dec(p.get("nilai")),
                        nilai_teks=p.get("nilai_teks") or "",
                        sumber=p.get("sumber") or "",
                    )
                )
            for rr in x.get("realisasi") or []:
                pembilang, penyebut = _dec(rr.get("pembilang")), _dec(rr.get("penyebut"))
                if o.predikat:
                    nilai, teks = None, rr.get("nilai_teks") or rr.get("nilai") or ""
                else:
                    nilai, teks = _dec(rr.get("nilai")), ""
                r = Realisasi(
                    indikator=o,
                    tahun=rr["tahun"],
                    periode=rr.get("periode") or "TAHUN",
                    nilai=nilai,
                    nilai_teks=teks,
                    pembilang=pembilang,
                    penyebut=penyebut,
                    keterangan_data=rr.get("keterangan_data") or "",
                    sumber_data=rr.get("sumber_data") or "",
                    catatan=rr.get("catatan") or "",
                )
                r.lengkapi()  # what Realisasi.save() gives a new row: the value from the ratio, revisi 1
                realisasi.append(r)
    _bulk(TargetIndikator, target)
    _bulk(Pembanding, pembanding)
    _bulk(Realisasi, realisasi)

    LewatS, LewatI = ItemAnggaran.sasaran.through, ItemAnggaran.indikator_didukung.through
    tautan_s, tautan_i = [], []
    for i, _, a in daftar_item:
        obj = item[i][(a["tahun"], normalisasi_kode(a["kode"]))]
        tautan_s += [LewatS(itemanggaran=obj, sasaran=sasaran[i][k]) for k in a.get("sasaran") or []]
        tautan_i += [LewatI(itemanggaran=obj, indikator=indikator[i][k][0]) for k in a.get("indikator_didukung") or []]
    _bulk(LewatS, tautan_s)
    _bulk(LewatI, tautan_i)

    baris = [(i, x) for i, d in enumerate(dokumen) for x in d["perjanjian_kinerja"]]
    perjanjian = _bulk(
        PerjanjianKinerja,
        [
            PerjanjianKinerja(
                opd=opd[i],
                jabatan=jabatan[i][x["jabatan"]],
                tahun=x["tahun"],
                versi=x.get("versi", 0),
                tanggal=x["tanggal"],
                alasan=x.get("alasan") or "",
                pejabat=pejabat.get(x.get("pejabat")) if x.get("pejabat") else None,
                status=x.get("status") or PerjanjianKinerja.Status.DRAFT,  # as impor_data_opd reads a new PK
            )
            for i, x in baris
        ],
    )
    item_pk = []
    for (i, x), obj in zip(baris, perjanjian, strict=True):
        for u, it in enumerate(x["item"]):
            item_pk.append(
                (
                    it,
                    ItemPK(
                        perjanjian=obj,
                        sasaran=sasaran[i][it["sasaran"]],
                        indikator=indikator[i][it["indikator"]][0],
                        target=_dec(it.get("target")),
                        target_atas=_dec(it.get("target_atas")),
                        target_teks=it.get("target_teks") or "",
                        urutan=u,
                    ),
                )
            )
    _bulk(ItemPK, [o for _, o in item_pk])
    _bulk(
        RencanaAksi,
        [
            RencanaAksi(
                item=o,
                triwulan=ra["triwulan"],
                target=_dec(ra.get("target")),
                target_atas=_dec(ra.get("target_atas")),
                target_teks=ra.get("target_teks") or "",
                rencana_aksi=ra.get("rencana_aksi") or "",
            )
            for it, o in item_pk
            for ra in it.get("rencana_aksi") or []
        ],
    )
    return opd


def _buat_indikator(opd, d, urutan, jabatan, milik):
    nilai = {k: d.get(k) if d.get(k) is not None else _bawaan(k) for k in TEKS_INDIKATOR}
    for k in ("faktor", "baseline", "target_akhir", "bobot", "batas_atas_capaian"):
        v = _dec(d.get(k))
        nilai[k] = v if v is not None or k not in ("faktor", "bobot") else _bawaan(k)
    for k in ("tunda_tahun", "presisi", "tahun_baseline"):
        if d.get(k) is not None:
            nilai[k] = d[k]
    return Indikator(
        opd=opd,
        kode=d["kode"],
        nama=d.get("nama", ""),
        iku=bool(d.get("iku", False)),
        urutan=urutan,
        penanggung_jawab=jabatan.get(d.get("penanggung_jawab")),
        **nilai,
        **milik,
    )
