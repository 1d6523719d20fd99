"""The pohon kinerja (performance tree) of an office for a year, as typed data.

tujuan → sasaran strategis → sasaran program → sasaran kegiatan (Sasaran.induk) → program →
kegiatan → sub kegiatan (ItemAnggaran.induk). Each node carries its owner (the jabatan owning
the sasaran, with the holder of its PK in force; for a budget item the holder of the PK that
carries its indicators) and its indicators with the year's target (the PK's, else the Renstra's).

A budget item without a parent item hangs under one sasaran: the deepest one whose PK item
carries one of its indicators, else the deepest sasaran it is linked to (ItemAnggaran.sasaran);
every other sasaran it supports is kept in `juga_mendukung`. Items reached by neither stay
out of the tree and are listed in `PohonKinerja.lepas`.

One query per model, whatever the number of nodes (tests/test_pohon.py holds the budget).
Nothing is formatted here: laporan/pohon_svg.py draws the data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from anggaran.models import ItemAnggaran
from kinerja.models import ItemPK, PerjanjianKinerja
from renstra.models import Indikator, Renstra, Sasaran, TargetIndikator, Tujuan
from sakip.models import OPD

from .data import Nilai

# `Simpul.jenis`: a tujuan, a sasaran's tingkat, or "anggaran_" and a budget item's tingkat.
LABEL_JENIS = {
    "tujuan": "Tujuan",
    "strategis": "Sasaran strategis",
    "program": "Sasaran program",
    "kegiatan": "Sasaran kegiatan",
    "sub_kegiatan": "Sasaran sub kegiatan",
    "anggaran_program": "Program",
    "anggaran_kegiatan": "Kegiatan",
    "anggaran_sub_kegiatan": "Sub kegiatan",
}


@dataclass(frozen=True)
class IndikatorPohon:
    nama: str
    satuan: str
    target: Nilai  # a Decimal, or a predicate's text; None when the year has no target
    presisi: int | None


@dataclass(frozen=True)
class Pemilik:
    jabatan: str
    pejabat: str | None  # the signer of the jabatan's PK in force, when known


@dataclass
class Simpul:
    id: str  # "t3" tujuan, "s7" sasaran, "a12" budget item: unique in one tree
    jenis: str  # a key of LABEL_JENIS
    kode: str
    uraian: str
    pemilik: Pemilik | None
    indikator: list[IndikatorPohon]
    anak: list[Simpul] = field(default_factory=list)
    juga_mendukung: list[str] = field(default_factory=list)  # other sasaran supported (their uraian)

    @property
    def label_jenis(self) -> str:
        return LABEL_JENIS[self.jenis]


@dataclass(frozen=True)
class PohonKinerja:
    opd: str
    tahun: int
    akar: list[Simpul]  # the tujuan (and strategic sasaran without tujuan)
    lepas: list[Simpul]  # budget items linked to no sasaran of the tree

    def simpul(self) -> list[Simpul]:
        """Every node of the tree, depth first."""
        hasil, tumpukan = [], list(reversed(self.akar))
        while tumpukan:
            s = tumpukan.pop()
            hasil.append(s)
            tumpukan.extend(reversed(s.anak))
        return hasil

    def sisi(self) -> list[tuple[str, str]]:
        """(parent id, child id) of every edge of the tree."""
        return [(s.id, a.id) for s in self.simpul() for a in s.anak]


def _pk_berlaku(opd: OPD, tahun: int) -> list[PerjanjianKinerja]:
    """The PK in force at the end of `tahun` for each jabatan of the office, in one query.

    The same rule as PerjanjianKinerjaQuerySet.berlaku: the set versions when there is one,
    the latest dated on or before 31 December, else the first version.
    """
    pada = datetime.date(tahun, 12, 31)
    per_jabatan = defaultdict(list)
    for p in PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun).select_related("jabatan", "pejabat"):
        per_jabatan[p.jabatan_id].append(p)
    hasil = []
    for versi in per_jabatan.values():
        ditetapkan = [p for p in versi if p.status == PerjanjianKinerja.Status.DITETAPKAN]
        versi = sorted(ditetapkan or versi, key=lambda p: p.versi)
        sah = [p for p in versi if p.tanggal <= pada]
        hasil.append(sah[-1] if sah else versi[0])
    return hasil


def _target(teks: str, nilai: Decimal | None) -> Nilai:
    return teks or nilai


def susun_pohon(opd: OPD, tahun: int) -> PohonKinerja:
    renstra = Renstra.objects.berlaku(opd, tahun)
    tujuan = list(Tujuan.objects.filter(renstra=renstra).order_by("urutan", "id")) if renstra else []
    sasaran = (
        list(Sasaran.objects.filter(renstra=renstra).select_related("pemilik").order_by("urutan", "id"))
        if renstra
        else []
    )
    item = list(ItemAnggaran.objects.filter(opd=opd, tahun=tahun).order_by("kode"))
    id_item = {i.id for i in item}
    id_sasaran = {s.id for s in sasaran}
    tautan = defaultdict(list)  # item id -> sasaran ids linked by ItemAnggaran.sasaran
    for item_id, sasaran_id in ItemAnggaran.sasaran.through.objects.filter(
        itemanggaran__opd=opd, itemanggaran__tahun=tahun
    ).values_list("itemanggaran_id", "sasaran_id"):
        if sasaran_id in id_sasaran:
            tautan[item_id].append(sasaran_id)

    perjanjian = _pk_berlaku(opd, tahun)
    pemegang = {p.id: p for p in perjanjian}
    pejabat_jabatan = {p.jabatan_id: (p.pejabat.nama if p.pejabat_id else None) for p in perjanjian}
    item_pk = list(ItemPK.objects.filter(perjanjian__in=list(pemegang)).order_by("perjanjian_id", "urutan", "id"))
    target_pk = {}  # indicator id -> the PK target (the first PK in force that carries it)
    pk_indikator = {}  # indicator id -> the PK carrying it
    sasaran_pk = defaultdict(list)  # sasaran id -> indicator ids of PK items under it
    for i in item_pk:
        target_pk.setdefault(i.indikator_id, _target(i.target_teks, i.target))
        pk_indikator.setdefault(i.indikator_id, pemegang[i.perjanjian_id])
        if i.indikator_id not in sasaran_pk[i.sasaran_id]:
            sasaran_pk[i.sasaran_id].append(i.indikator_id)

    indikator = {
        i.id: i
        for i in Indikator.objects.filter(opd=opd)
        .filter(
            Q(tujuan__in=[t.id for t in tujuan])
            | Q(sasaran__in=list(id_sasaran))
            | Q(item_anggaran__in=list(id_item))
            | Q(id__in=list(target_pk))
        )
        .order_by("urutan", "id")
    }
    target_renstra = {
        t.indikator_id: _target(t.nilai_teks, t.nilai)
        for t in TargetIndikator.objects.filter(indikator__in=list(indikator), tahun=tahun)
    }

    def ind(daftar_id):
        hasil = []
        for i_id in daftar_id:
            i = indikator.get(i_id)
            if i is not None:
                target = target_pk.get(i_id, target_renstra.get(i_id))
                hasil.append(IndikatorPohon(i.nama, i.satuan, target, i.presisi))
        return hasil

    milik_tujuan, milik_sasaran, milik_item = defaultdict(list), defaultdict(list), defaultdict(list)
    for i in indikator.values():
        if i.tujuan_id:
            milik_tujuan[i.tujuan_id].append(i.id)
        if i.sasaran_id:
            milik_sasaran[i.sasaran_id].append(i.id)
        if i.item_anggaran_id:
            milik_item[i.item_anggaran_id].append(i.id)

    simpul_tujuan = {
        t.id: Simpul(f"t{t.id}", "tujuan", t.kode, t.uraian, None, ind(milik_tujuan[t.id])) for t in tujuan
    }
    simpul_sasaran = {}
    for s in sasaran:
        pemilik = Pemilik(s.pemilik.nama, pejabat_jabatan.get(s.pemilik_id)) if s.pemilik_id else None
        daftar = milik_sasaran[s.id] + [i for i in sasaran_pk[s.id] if i not in milik_sasaran[s.id]]
        simpul_sasaran[s.id] = Simpul(f"s{s.id}", s.tingkat, s.kode, s.uraian, pemilik, ind(daftar))
    akar = list(simpul_tujuan.values())
    for s in sasaran:
        node = simpul_sasaran[s.id]
        if s.induk_id in simpul_sasaran:
            simpul_sasaran[s.induk_id].anak.append(node)
        elif s.tujuan_id in simpul_tujuan:
            simpul_tujuan[s.tujuan_id].anak.append(node)
        else:
            akar.append(node)

    kedalaman = {s.id: Sasaran.URUTAN_TINGKAT.index(s.tingkat) for s in sasaran}
    posisi = {s.id: n for n, s in enumerate(sasaran)}
    sasaran_indikator = defaultdict(set)  # indicator id -> sasaran whose PK items carry it
    for s_id, daftar in sasaran_pk.items():
        for i_id in daftar:
            sasaran_indikator[i_id].add(s_id)

    simpul_item, lepas = {}, []
    for a in item:
        p = next((pk_indikator[i] for i in milik_item[a.id] if i in pk_indikator), None)
        pemilik = Pemilik(p.jabatan.nama, p.pejabat.nama if p.pejabat_id else None) if p else None
        simpul_item[a.id] = Simpul(f"a{a.id}", f"anggaran_{a.tingkat}", a.kode, a.nama, pemilik, ind(milik_item[a.id]))
    for a in item:
        node = simpul_item[a.id]
        lewat_pk = {s for i in milik_item[a.id] for s in sasaran_indikator[i] if s in id_sasaran}
        terkait = sorted(lewat_pk | set(tautan[a.id]), key=lambda s: (-kedalaman[s], posisi[s]))
        if a.induk_id in simpul_item:
            simpul_item[a.induk_id].anak.append(node)
            node.juga_mendukung = [simpul_sasaran[s].uraian for s in terkait]
        elif terkait:
            utama = sorted(lewat_pk, key=lambda s: (-kedalaman[s], posisi[s]))[0] if lewat_pk else terkait[0]
            simpul_sasaran[utama].anak.append(node)
            node.juga_mendukung = [simpul_sasaran[s].uraian for s in terkait if s != utama]
        else:
            lepas.append(node)
    return PohonKinerja(opd.nama, tahun, akar, lepas)
