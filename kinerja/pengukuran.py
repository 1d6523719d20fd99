"""The measurement of an office for a year and period: one selector for every rendering.

`ukur_opd(opd, tahun, periode)` reads the PK in force at the end of the period, the
targets (rencana aksi for a quarter when set), the realisations, and computes capaian,
kategori and sasaran means with the formula library and the Pemda's methodology.
Screens, the `pengukuran` command, the LKjIP and the review checks all use it.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Greatest

from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi
from renstra.models import Indikator, Renstra, Sasaran, TargetIndikator
from sakip import rumus
from sakip.formatting import normalisasi_nilai
from sakip.models import OPD, Jabatan, MetodologiPemda

SUMBER_RENSTRA = "Renstra (IKU tidak ada di PK)"


class PengukuranTidakTersedia(Exception):
    """No measurement can be made (no PK for the year, unknown period): message in Indonesian."""


@dataclass
class HasilIndikator:
    indikator: Indikator
    item: ItemPK | None
    target: Decimal | None
    target_atas: Decimal | None
    target_teks: str
    sumber_target: str
    realisasi: Decimal | None
    realisasi_teks: str
    pembilang: Decimal | None
    penyebut: Decimal | None
    keterangan_data: str
    capaian: rumus.HasilCapaian
    komponen: list[HasilKomponen] = field(default_factory=list)
    # (year, last month) of the newest data the value rests on; None without a value.
    akhir_data: tuple[int, int] | None = None
    # The data the indicator's frequency makes due by the end of the period is there
    # (a stock carried from TW III into TW IV is a value, but TW IV is not filled).
    terisi: bool = False
    # Set when the value is computed from the child indicators (Indikator.turunan), not typed.
    turunan: NilaiTurunan | None = None

    @property
    def kategori(self):
        return self.capaian.kategori


@dataclass
class AnakTurunan:
    """One child of a derived indicator, as the derivation counted it."""

    indikator: Indikator
    target: Decimal | None
    realisasi: Decimal | None
    capaian: rumus.HasilCapaian
    terisi: bool


@dataclass
class NilaiTurunan:
    """The realisation of an indicator derived from its children (Indikator.turunan)."""

    nilai: Decimal | None
    keterangan: str
    terisi: bool
    anak: list[AnakTurunan]


@dataclass
class HasilKomponen:
    indikator: Indikator
    realisasi: Decimal | None
    pembilang: Decimal | None
    penyebut: Decimal | None
    # As HasilIndikator.terisi: the data its frequency makes due by the period's end is there.
    terisi: bool = False


@dataclass
class HasilSasaran:
    sasaran: object
    indikator: list[HasilIndikator]
    capaian: rumus.HasilRataRata


@dataclass
class PengukuranPerjanjian:
    """One PK in force measured like the head's: its sasaran, indicators and the PK's mean."""

    perjanjian: PerjanjianKinerja
    atasan: PerjanjianKinerja | None  # the superior's PK in force (the cascade parent); None for the head
    sasaran: list[HasilSasaran]
    capaian: rumus.HasilRataRata

    @property
    def jabatan(self):
        return self.perjanjian.jabatan

    @property
    def semua_indikator(self):
        return [i for s in self.sasaran for i in s.indikator]


@dataclass
class RekapEselon:
    """The roll-up of the PKs of one eselon: how many, and the mean of their capaian."""

    eselon: str
    jumlah: int
    capaian: rumus.HasilRataRata


@dataclass
class Pengukuran:
    opd: object
    tahun: int
    periode: rumus.Periode
    perjanjian: PerjanjianKinerja
    metodologi: rumus.Metodologi
    sasaran: list[HasilSasaran]
    capaian_opd: rumus.HasilRataRata
    rekap: rumus.RekapCapaian
    # Every PK in force for the period, head first, then in cascade order. The head's entry is
    # this measurement itself (same sasaran, IKU outside the PK included, capaian_opd).
    semua_perjanjian: list[PengukuranPerjanjian] = field(default_factory=list)
    # {indicator id: NilaiTurunan} for every derived indicator of the office (budget items of
    # the year included, in a PK or not), and {indicator id: (target, target_atas, target_teks)}
    # of every indicator in a PK in force: the budget summary prints the same figures.
    turunan: dict = field(default_factory=dict)
    target_pk: dict = field(default_factory=dict)

    @property
    def semua_indikator(self):
        return [i for s in self.sasaran for i in s.indikator]

    @property
    def skala_terpakai(self) -> list[tuple[rumus.SkalaKategori, list[Indikator]]]:
        """Each category scale the measurement uses, with the indicators that use it: the Pemda's
        first (sasaran and office means, every indicator without its own; its list is empty),
        then each indicator's own scale in order of first use over every PK in force."""
        hasil: dict[str, tuple[rumus.SkalaKategori, list[Indikator]]] = {}
        if self.metodologi.skala is not None:
            hasil[self.metodologi.skala.kode] = (self.metodologi.skala, [])
        perjanjian = self.semua_perjanjian or [self]
        for p in perjanjian:
            for h in p.semua_indikator:
                skala = h.indikator.metodologi(self.metodologi).skala
                if skala is None or skala == self.metodologi.skala:
                    continue
                _, daftar = hasil.setdefault(skala.kode, (skala, []))
                if h.indikator not in daftar:
                    daftar.append(h.indikator)
        return list(hasil.values())

    @property
    def rekap_eselon(self) -> list[RekapEselon]:
        """Per eselon (II, III, IV, in that order): the number of PKs and the mean of their capaian."""
        per = defaultdict(list)
        for p in self.semua_perjanjian:
            per[p.jabatan.eselon].append(p.capaian.nilai)
        urutan = [e.value for e in Jabatan.Eselon]
        return [
            RekapEselon(e, len(per[e]), rumus.capaian_sasaran(per[e], metodologi=self.metodologi))
            for e in sorted(per, key=urutan.index)
        ]


def akhir_periode(tahun: int, periode: rumus.Periode | str) -> datetime.date:
    periode = rumus.Periode(periode)
    bulan = periode.bulan_akhir
    return datetime.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def pk_kepala(opd: OPD, tahun: int, pada: datetime.date | None = None) -> PerjanjianKinerja | None:
    """The PK of the office head (the root jabatan) for `tahun`, version in force on `pada`."""
    return _pk_kepala_banyak([opd.id], tahun, pada or datetime.date(tahun, 12, 31)).get(opd.id)


def pk_semua(opd: OPD, tahun: int, pada: datetime.date | None = None) -> list:
    """[(PK in force on `pada`, its superior's PK or None)] of every jabatan of the office with a
    PK for `tahun`: the head first, then in cascade order (two queries)."""
    return _pk_semua_banyak([opd.id], tahun, pada or datetime.date(tahun, 12, 31)).get(opd.id, [])


def _versi_berlaku(versi, pada):
    """Of the versions of one jabatan's PK (ordered by versi), the one in force on `pada`
    (PerjanjianKinerja.objects.berlaku on fetched rows)."""
    # A draft perubahan is not in force until it is set; a draft awal is used while nothing is.
    ditetapkan = [p for p in versi if p.status == PerjanjianKinerja.Status.DITETAPKAN]
    versi = ditetapkan or versi
    sudah = [p for p in versi if p.tanggal <= pada]
    return max(sudah, key=lambda p: p.versi) if sudah else versi[0]


def _pk_kepala_banyak(opd_ids, tahun, pada):
    """{opd id: head's PK in force on `pada`} in one query (PerjanjianKinerja.objects.berlaku per office)."""
    per_opd = defaultdict(list)
    for perjanjian in (
        PerjanjianKinerja.objects.filter(opd_id__in=opd_ids, tahun=tahun, jabatan__induk__isnull=True)
        .select_related("jabatan", "pejabat")
        .order_by("jabatan__urutan", "jabatan_id", "versi")
    ):
        per_opd[perjanjian.opd_id].append(perjanjian)
    hasil = {}
    for opd_id, daftar in per_opd.items():
        jabatan_id = daftar[0].jabatan_id  # the first root jabatan by urutan, id
        hasil[opd_id] = _versi_berlaku([p for p in daftar if p.jabatan_id == jabatan_id], pada)
    return hasil


def _pk_semua_banyak(opd_ids, tahun, pada):
    """{opd id: [(PK in force on `pada`, superior's PK in force or None)]} for every jabatan with a
    PK for `tahun`, head first, then in cascade order; two queries whatever the number of PKs.

    The head is the PK `_pk_kepala_banyak` picks. A PK's superior is the jabatan of its
    `perjanjian_atasan` (the signed link) when that jabatan has a PK in force, else the nearest
    jabatan up the tree (`Jabatan.induk`) that has one. Children follow their superior depth first,
    by jabatan urutan; PKs reached from no head (an orphan, a cycle of links) come last.
    """
    per_jabatan = defaultdict(dict)  # opd id -> {jabatan id: [versions]}, by jabatan urutan, id
    for perjanjian in (
        PerjanjianKinerja.objects.filter(opd_id__in=opd_ids, tahun=tahun)
        .select_related("jabatan", "pejabat", "perjanjian_atasan")
        .order_by("jabatan__urutan", "jabatan_id", "versi")
    ):
        per_jabatan[perjanjian.opd_id].setdefault(perjanjian.jabatan_id, []).append(perjanjian)
    induk_jabatan = dict(Jabatan.objects.filter(opd_id__in=list(per_jabatan)).values_list("id", "induk_id"))
    return {
        opd_id: _urut_cascade({j: _versi_berlaku(v, pada) for j, v in versi.items()}, induk_jabatan)
        for opd_id, versi in per_jabatan.items()
    }


def _urut_cascade(berlaku, induk_jabatan):
    """[(PK, superior's PK or None)] of one office's PKs in force ({jabatan id: PK}, by jabatan
    urutan): the head, then each PK after its superior, depth first."""
    akar = [p for p in berlaku.values() if p.jabatan.induk_id is None]
    kepala = akar[0] if akar else None

    def atasan_dari(p):
        if p is kepala:
            return None
        j = p.perjanjian_atasan.jabatan_id if p.perjanjian_atasan_id else None
        if j is not None and j != p.jabatan_id and j in berlaku:
            return berlaku[j]
        dilihat, j = {p.jabatan_id}, p.jabatan.induk_id
        while j is not None and j not in dilihat:
            if j in berlaku:
                return berlaku[j]
            dilihat.add(j)
            j = induk_jabatan.get(j)
        return None

    atasan = {j: atasan_dari(p) for j, p in berlaku.items()}
    bawahan = defaultdict(list)
    for j, p in berlaku.items():
        if atasan[j] is not None:
            bawahan[atasan[j].jabatan_id].append(p)
    urut, dilihat = [], set()
    # The head first; then PKs without a superior (orphans); then any left in a cycle of links.
    awal = ([kepala] if kepala else []) + [p for j, p in berlaku.items() if atasan[j] is None] + list(berlaku.values())
    for p in awal:
        tumpukan = [p]
        while tumpukan:
            p = tumpukan.pop()
            if p.jabatan_id in dilihat:
                continue
            dilihat.add(p.jabatan_id)
            urut.append((p, atasan[p.jabatan_id]))
            tumpukan.extend(reversed(bawahan[p.jabatan_id]))
    return urut


def _periode_target(periode):
    """Quarter whose rencana aksi target applies to a period, or None for the annual target."""
    if periode in (rumus.Periode.TAHUN, rumus.Periode.S2, rumus.Periode.TW4):
        return None
    return periode.triwulan_akhir


def pilih_realisasi(indikator, baris, tahun, periode):
    """Choose the realisation of `indikator` for (tahun, periode) from its Realisasi rows.

    An exact row for the period wins. Otherwise quarters are aggregated by the indicator's
    agregasi (kumulatif, rata-rata); a stock value (terakhir), a semester value or an N-1
    value is carried forward with its vintage note.
    Returns (Realisasi row or None, value, text value, note).
    """
    per_kunci = {(r.tahun, r.periode): r for r in baris}
    agregasi = rumus.Agregasi(indikator.agregasi)
    tepat = per_kunci.get((tahun, periode.value))
    # A quarter row of a summed/averaged indicator is that quarter alone, not the year to date.
    inkremen = agregasi is not rumus.Agregasi.TERAKHIR and periode.jumlah_triwulan == 1
    if tepat is not None and not inkremen and (tepat.nilai is not None or tepat.nilai_teks):
        return tepat, tepat.nilai, tepat.nilai_teks, tepat.keterangan_data
    if indikator.predikat:
        kandidat = sorted(
            (
                r
                for r in baris
                if r.nilai_teks
                and (r.tahun, rumus.Periode(r.periode).bulan_akhir) <= (tahun, periode.bulan_akhir)
                and tahun - r.tahun <= indikator.tunda_tahun
            ),
            key=lambda r: (r.tahun, rumus.Periode(r.periode).bulan_akhir),
        )
        if kandidat:
            r = kandidat[-1]
            return r, None, r.nilai_teks, r.keterangan_data or rumus.keterangan_vintage(r.tahun, r.periode, tahun)
        return None, None, "", ""
    if agregasi is not rumus.Agregasi.TERAKHIR:
        triwulan = {
            int(p[2]): per_kunci[(tahun, p)].nilai for p in ("TW1", "TW2", "TW3", "TW4") if (tahun, p) in per_kunci
        }
        if triwulan:
            hasil = rumus.agregasikan(triwulan, agregasi, periode)
            if hasil.nilai is not None:
                catatan = ""
                if hasil.triwulan_kosong:
                    catatan = "Triwulan belum terisi: " + ", ".join(f"TW {t}" for t in hasil.triwulan_kosong)
                return None, hasil.nilai, "", catatan
    tersedia = [rumus.NilaiPeriode(r.nilai, r.tahun, r.periode) for r in baris if r.nilai is not None]
    terpilih = rumus.pilih_nilai_laporan(tersedia, tahun, periode, maks_tahun_mundur=indikator.tunda_tahun)
    if terpilih is None:
        return None, None, "", ""
    r = per_kunci[(terpilih.tahun, terpilih.periode.value)]
    catatan = r.keterangan_data or (terpilih.keterangan if terpilih.diteruskan else "")
    return r, terpilih.nilai, "", catatan


def akhir_data_wajib(indikator, tahun: int, periode: rumus.Periode) -> tuple[int, int]:
    """(year, last month) of the newest data an indicator's frequency makes due by the end of
    `periode`: the quarter itself, the last semester ended, or the year; shifted back by its
    `tunda_tahun` (an N-1 score of 2024 is the 2023 figure). Month 0 = nothing due yet that year."""
    bulan = periode.bulan_akhir
    if indikator.frekuensi == Indikator.Frekuensi.SEMESTER:
        bulan = bulan // 6 * 6
    elif indikator.frekuensi == Indikator.Frekuensi.TAHUN:
        bulan = bulan // 12 * 12
    return tahun - indikator.tunda_tahun, bulan


def akhir_data(baris, tahun, periode, row, nilai, nilai_teks):
    """(year, last month) of the data behind what pilih_realisasi chose: its row, or the last
    quarter of the year that a summed/averaged value includes; None without a value."""
    if nilai is None and not nilai_teks:
        return None
    if row is not None:
        return row.tahun, rumus.Periode(row.periode).bulan_akhir
    triwulan = [
        int(r.periode[2])
        for r in baris
        if r.tahun == tahun
        and r.periode.startswith("TW")
        and r.nilai is not None
        and int(r.periode[2]) <= periode.triwulan_akhir
    ]
    return (tahun, max(triwulan) * 3) if triwulan else None


def ukur_opd(opd: OPD, tahun: int, periode: rumus.Periode | str = rumus.Periode.TAHUN) -> Pengukuran:
    """Measure `opd` for `tahun` and `periode` against the head's PK in force at period end."""
    hasil = ukur_banyak_opd([opd], tahun, periode)[opd.id]
    if isinstance(hasil, PengukuranTidakTersedia):
        raise hasil
    return hasil


# Realisation fields pilih_realisasi reads; rows are light tuples, never shown.
MEDAN_REALISASI = (
    "indikator_id",
    "tahun",
    "periode",
    "nilai",
    "nilai_teks",
    "pembilang",
    "penyebut",
    "keterangan_data",
)


def ukur_banyak_opd(
    daftar_opd: list[OPD], tahun: int, periode: rumus.Periode | str = rumus.Periode.TAHUN, *, ringkas: bool = False
) -> dict[int, Pengukuran | PengukuranTidakTersedia]:
    """Measure many offices at once, in a constant number of queries whatever their number.

    Returns {opd id: Pengukuran, or PengukuranTidakTersedia for an office without a PK}; each
    Pengukuran is what `ukur_opd` gives for that office alone. `ringkas=True` (dashboards that only
    read the figures) fetches only the rencana aksi of the period's quarter and leaves
    `item.rencana_aksi_set` and `indikator.komponen` unfetched (use the measurement's lists).
    """
    try:
        periode = rumus.Periode(periode)
    except ValueError:
        raise PengukuranTidakTersedia(
            f"Periode {periode!r} tidak dikenal. Pilihan: {', '.join(p.value for p in rumus.Periode)}."
        ) from None
    daftar_opd = list(daftar_opd)
    pada = akhir_periode(tahun, periode)
    # Every PK in force, fetched per office (not per PK): the head's is the first, of a root jabatan.
    semua_per_opd = _pk_semua_banyak([o.id for o in daftar_opd], tahun, pada)
    perjanjian_per_opd = {
        opd_id: urut[0][0] for opd_id, urut in semua_per_opd.items() if urut[0][0].jabatan.induk_id is None
    }
    semua_per_opd = {opd_id: urut for opd_id, urut in semua_per_opd.items() if opd_id in perjanjian_per_opd}
    dengan_pk = [o for o in daftar_opd if o.id in perjanjian_per_opd]
    metodologi = metodologi_banyak_pemda({o.pemda_id for o in dengan_pk})

    tw_target = _periode_target(periode)
    urut_komponen = Indikator.objects.order_by("urutan", "id")
    if ringkas:
        # to_attr lists cost far less per object than prefetched managers.
        prefetch = [Prefetch("indikator__komponen", queryset=urut_komponen, to_attr="daftar_komponen")]
        if tw_target is not None:
            ra = RencanaAksi.objects.filter(triwulan=tw_target).order_by()  # no ordering joins up to OPD
            prefetch.append(Prefetch("rencana_aksi_set", queryset=ra, to_attr="daftar_rencana_aksi"))
    else:
        prefetch = [
            Prefetch("rencana_aksi_set", queryset=RencanaAksi.objects.order_by("triwulan")),
            Prefetch("indikator__komponen", queryset=urut_komponen),
        ]
    items_per_perjanjian = defaultdict(list)
    if dengan_pk:
        for item in (
            ItemPK.objects.filter(perjanjian_id__in=[p.id for urut in semua_per_opd.values() for p, _ in urut])
            .select_related("sasaran", "indikator")
            .prefetch_related(*prefetch)
            .order_by("urutan", "id")
        ):
            items_per_perjanjian[item.perjanjian_id].append(item)

    # IKU of the Renstra that the PK leaves out are still measured, against the Renstra target,
    # and marked: the report tables of several offices measure them (seed 001).
    renstra = {}
    for r in Renstra.objects.filter(opd_id__in=[o.id for o in dengan_pk]).untuk_tahun(tahun, pada):
        renstra.setdefault(r.opd_id, r)  # Renstra.objects.berlaku: the latest version
    iku_luar = defaultdict(list)
    if renstra:
        for ind in (
            Indikator.objects.filter(
                sasaran__renstra_id__in=[r.id for r in renstra.values()],
                sasaran__tingkat=Sasaran.Tingkat.STRATEGIS,
                iku=True,
            )
            # Indicators belong to one office: leaving out those in any of these PKs is per office.
            .exclude(item_pk_set__perjanjian_id__in=[p.id for p in perjanjian_per_opd.values()])
            .select_related("sasaran")
            .prefetch_related(
                Prefetch("target_set", queryset=TargetIndikator.objects.filter(tahun=tahun)),
                Prefetch("komponen", queryset=urut_komponen, to_attr="daftar_komponen" if ringkas else None),
            )
            .order_by("sasaran__urutan", "sasaran_id", "urutan", "id")
        ):
            iku_luar[ind.sasaran.renstra_id].append(ind)

    induk_turunan, anak_turunan = _indikator_turunan([o.id for o in dengan_pk], tahun)

    indikator_ids = {a.id for daftar in anak_turunan.values() for a in daftar}
    for items in items_per_perjanjian.values():
        for i in items:
            indikator_ids.add(i.indikator_id)
            indikator_ids.update(k.id for k in _komponen(i.indikator))
    for daftar in iku_luar.values():
        for i in daftar:
            indikator_ids.add(i.id)
            indikator_ids.update(k.id for k in _komponen(i))
    baris_realisasi = defaultdict(list)
    if indikator_ids:
        # Only rows pilih_realisasi can choose: this year, or up to the indicator's tunda_tahun back.
        for r in (
            Realisasi.objects.filter(
                indikator_id__in=indikator_ids,
                tahun__range=(tahun - 2, tahun),
                tahun__gte=Greatest(tahun - F("indikator__tunda_tahun"), tahun - 2),
            )
            .order_by("tahun", "periode")  # per indicator as the default ordering, without its join
            .values_list(*MEDAN_REALISASI, named=True)
        ):
            baris_realisasi[r.indikator_id].append(r)

    hasil = {}
    for opd in daftar_opd:
        perjanjian = perjanjian_per_opd.get(opd.id)
        if perjanjian is None:
            hasil[opd.id] = PengukuranTidakTersedia(f"Belum ada Perjanjian Kinerja {opd.nama} untuk tahun {tahun}.")
            continue
        r = renstra.get(opd.id)
        target_pk = {}
        for p, _ in semua_per_opd[opd.id]:  # head first: its target wins for a shared indicator
            for item in items_per_perjanjian[p.id]:
                target_pk.setdefault(item.indikator_id, _target_item(item, tw_target)[:3])
        turunan = _hitung_turunan(
            induk_turunan.get(opd.id, []),
            anak_turunan,
            target_pk,
            tahun,
            periode,
            metodologi[opd.pemda_id],
            baris_realisasi,
        )
        ukur = _ukur(
            opd,
            tahun,
            periode,
            perjanjian,
            metodologi[opd.pemda_id],
            items_per_perjanjian[perjanjian.id],
            iku_luar[r.id] if r else [],
            baris_realisasi,
            turunan,
        )
        ukur.turunan, ukur.target_pk = turunan, target_pk
        ukur.semua_perjanjian.append(PengukuranPerjanjian(perjanjian, None, ukur.sasaran, ukur.capaian_opd))
        for bawahan, atasan in semua_per_opd[opd.id][1:]:
            # Measured exactly like the head's PK items (same targets, realisations, means);
            # the IKU outside the PK belong to the head's measurement only.
            sasaran = _ukur_sasaran(
                tahun, periode, ukur.metodologi, items_per_perjanjian[bawahan.id], [], baris_realisasi, turunan
            )
            ukur.semua_perjanjian.append(
                PengukuranPerjanjian(bawahan, atasan, sasaran, _capaian_rata(sasaran, ukur.metodologi))
            )
        hasil[opd.id] = ukur
    return hasil


def metodologi_banyak_pemda(pemda_ids: Iterable[int]) -> dict[int, rumus.Metodologi]:
    """{pemda id: its methodology, or the defaults} in one query (sakip.models.metodologi_pemda per Pemda)."""
    ada = {m.pemda_id: m.aturan() for m in MetodologiPemda.objects.filter(pemda_id__in=pemda_ids)}
    return {p: ada.get(p, rumus.METODOLOGI_BAKU) for p in pemda_ids}


def _komponen(indikator):
    daftar = getattr(indikator, "daftar_komponen", None)
    return indikator.komponen.all() if daftar is None else daftar


def _rencana_aksi(item):
    daftar = getattr(item, "daftar_rencana_aksi", None)
    return item.rencana_aksi_set.all() if daftar is None else daftar


def target_rentang_tidak_lengkap(indikator: Indikator, target: Decimal | None, target_atas: Decimal | None) -> bool:
    """True for a range indicator whose target lacks one of its bounds (saved before both were required)."""
    return indikator.arah == rumus.Arah.RENTANG and (target is None) != (target_atas is None)


def _ukur(opd, tahun, periode, perjanjian, metodologi, items, iku_luar, baris_realisasi, turunan):
    """The measurement of one office from its fetched PK items, IKU outside the PK and realisations."""
    sasaran = _ukur_sasaran(tahun, periode, metodologi, items, iku_luar, baris_realisasi, turunan)
    semua = [h for s in sasaran for h in s.indikator]
    rekap = rekap_kategori(metodologi, semua)
    return Pengukuran(opd, tahun, periode, perjanjian, metodologi, sasaran, _capaian_rata(sasaran, metodologi), rekap)


def rekap_kategori(metodologi: rumus.Metodologi, hasil: list[HasilIndikator]) -> rumus.RekapCapaian | None:
    """Counts per category, each indicator in its own scale (falling back to the Pemda's);
    None when no indicator has a scale."""
    skala = [h.indikator.metodologi(metodologi).skala for h in hasil]
    if metodologi.skala is None and not any(skala):
        return None
    return rumus.rekap_capaian([h.capaian for h in hasil], metodologi.skala, skala_per=skala)


def _capaian_rata(sasaran, metodologi):
    """The mean over every indicator of a PK (capaian instansi for the head's)."""
    semua = [h for s in sasaran for h in s.indikator]
    return rumus.capaian_instansi([h.capaian for h in semua], [h.indikator.bobot for h in semua], metodologi)


def _target_item(item, tw_target):
    """(target, target_atas, target_teks, source) of a PK item for a period: the rencana aksi
    target of the period's quarter when set, else the PK target."""
    if tw_target is not None:
        ra = next((x for x in _rencana_aksi(item) if x.triwulan == tw_target), None)
        if ra is not None and (ra.target is not None or ra.target_teks):
            return ra.target, ra.target_atas, ra.target_teks, f"rencana aksi TW {tw_target}"
    return item.target, item.target_atas, item.target_teks, "PK"


def _target_renstra(indikator):
    t = next(iter(indikator.target_set.all()), None)
    return (t.nilai, t.nilai_atas, t.nilai_teks) if t else (None, None, "")


def _indikator_turunan(opd_ids, tahun):
    """The derived indicators of the offices ({opd id: [indicator]}) and their children
    ({parent id: [child]}): the indicators naming it as `induk_turunan`; without those, its
    components, or else the indicators of the budget items under its own budget item. Two
    queries, whatever the number of indicators."""
    induk = defaultdict(list)
    if not opd_ids:
        return induk, {}
    daftar = list(
        Indikator.objects.filter(opd_id__in=opd_ids)
        .exclude(turunan="")
        .filter(Q(item_anggaran__isnull=True) | Q(item_anggaran__tahun=tahun))
        .order_by("urutan", "id")
    )
    anak = defaultdict(list)
    if not daftar:
        return induk, anak
    per_item = defaultdict(list)
    for ind in daftar:
        induk[ind.opd_id].append(ind)
        if ind.item_anggaran_id:
            per_item[ind.item_anggaran_id].append(ind.id)
    ids = [i.id for i in daftar]
    tegas, komponen, bawah = defaultdict(list), defaultdict(list), defaultdict(list)
    for a in (
        Indikator.objects.filter(
            Q(induk_turunan_id__in=ids) | Q(komposit_id__in=ids) | Q(item_anggaran__induk_id__in=per_item)
        )
        .select_related("item_anggaran")
        .prefetch_related(Prefetch("target_set", queryset=TargetIndikator.objects.filter(tahun=tahun)))
        .order_by("item_anggaran__kode", "urutan", "id")
    ):
        if a.induk_turunan_id in ids:
            tegas[a.induk_turunan_id].append(a)
        if a.komposit_id in ids:
            komponen[a.komposit_id].append(a)
        if a.item_anggaran_id and a.item_anggaran.induk_id in per_item:
            for induk_id in per_item[a.item_anggaran.induk_id]:
                bawah[induk_id].append(a)
    for i in ids:
        anak[i] = tegas.get(i) or komponen.get(i) or bawah.get(i) or []
    return induk, anak


def _hitung_turunan(daftar_induk, anak_turunan, target_pk, tahun, periode, metodologi, baris_realisasi):
    """{indicator id: NilaiTurunan} of an office's derived indicators. A child's target is the one
    the measurement gives it (its PK item, the rencana aksi of the quarter), else the Renstra
    target of the year; a child that is itself derived uses its derived value."""
    hasil = {}

    def hitung(ind, jejak):
        if ind.id in hasil:
            return hasil[ind.id]
        anak = []
        for a in anak_turunan.get(ind.id, []):
            target, target_atas, target_teks = target_pk.get(a.id) or _target_renstra(a)
            if a.turunan and a.id not in jejak:
                t = hitung(a, jejak | {ind.id})
                nilai, teks, terisi = t.nilai, "", t.terisi
            else:
                row, nilai, teks, _ = pilih_realisasi(a, baris_realisasi[a.id], tahun, periode)
                akhir = akhir_data(baris_realisasi[a.id], tahun, periode, row, nilai, teks)
                terisi = akhir is not None and akhir >= akhir_data_wajib(a, tahun, periode)
            capaian = a.capaian(
                metodologi,
                target=target,
                target_atas=target_atas,
                target_teks=target_teks,
                nilai=nilai,
                nilai_teks=teks,
            )
            anak.append(AnakTurunan(a, target, nilai, capaian, terisi))
        r = rumus.nilai_turunan(ind.turunan, [x.capaian for x in anak], [x.realisasi for x in anak])
        hasil[ind.id] = NilaiTurunan(r.nilai, r.keterangan, bool(anak) and all(x.terisi for x in anak), anak)
        return hasil[ind.id]

    for ind in daftar_induk:
        hitung(ind, frozenset())
    return hasil


def _ukur_sasaran(tahun, periode, metodologi, items, iku_luar, baris_realisasi, turunan=None):
    """The sasaran of one PK, each with its indicators measured and its mean."""
    tw_target = _periode_target(periode)
    turunan = turunan or {}
    per_sasaran = {}
    baris = [(item, item.indikator, item.sasaran) for item in items] + [(None, ind, ind.sasaran) for ind in iku_luar]
    for item, indikator, sasaran_obj in baris:
        if item is not None:
            target, target_atas, target_teks, sumber = _target_item(item, tw_target)
        else:
            target, target_atas, target_teks = _target_renstra(indikator)
            sumber = SUMBER_RENSTRA
        turun = turunan.get(indikator.id)
        if turun is not None:
            # Computed from the children: a typed realisation of a derived indicator is ignored.
            row, nilai, nilai_teks, catatan = None, turun.nilai, "", turun.keterangan
            akhir, terisi = None, turun.terisi
        else:
            row, nilai, nilai_teks, catatan = pilih_realisasi(indikator, baris_realisasi[indikator.id], tahun, periode)
            akhir = akhir_data(baris_realisasi[indikator.id], tahun, periode, row, nilai, nilai_teks)
            wajib = akhir_data_wajib(indikator, tahun, periode)
            terisi = akhir is not None and akhir >= wajib
        komponen, catatan_komponen = [], set()
        if _komponen(indikator):
            terisi_komponen = True
            for k in _komponen(indikator):
                krow, knilai, _, kcatatan = pilih_realisasi(k, baris_realisasi[k.id], tahun, periode)
                kakhir = akhir_data(baris_realisasi[k.id], tahun, periode, krow, knilai, "")
                kterisi = kakhir is not None and kakhir >= akhir_data_wajib(k, tahun, periode)
                komponen.append(
                    HasilKomponen(k, knilai, krow.pembilang if krow else None, krow.penyebut if krow else None, kterisi)
                )
                terisi_komponen = terisi_komponen and kterisi
                if kcatatan:
                    catatan_komponen.add(kcatatan)
            if nilai is None and turun is None:
                nilai = rumus.nilai_komposit([k.realisasi for k in komponen], metodologi=metodologi).nilai
                # A composite without its own row is filled when every component is.
                terisi = nilai is not None and terisi_komponen
                if not catatan and len(catatan_komponen) == 1:
                    catatan = catatan_komponen.pop()  # the components' shared data vintage
        hasil = indikator.capaian(
            metodologi,
            target=target,
            target_atas=target_atas,
            target_teks=target_teks,
            nilai=nilai,
            nilai_teks=nilai_teks,
        )
        per_sasaran.setdefault(sasaran_obj.id, (sasaran_obj, []))[1].append(
            HasilIndikator(
                indikator=indikator,
                item=item,
                target=target,
                target_atas=target_atas,
                target_teks=target_teks,
                sumber_target=sumber,
                realisasi=nilai,
                realisasi_teks=nilai_teks,
                pembilang=row.pembilang if row else None,
                penyebut=row.penyebut if row else None,
                keterangan_data=catatan,
                capaian=hasil,
                komponen=komponen,
                akhir_data=akhir,
                terisi=terisi,
                turunan=turun,
            )
        )

    sasaran = []
    for objek, daftar in per_sasaran.values():
        nilai = [h.capaian for h in daftar]
        bobot = [h.indikator.bobot for h in daftar]
        sasaran.append(HasilSasaran(objek, daftar, rumus.capaian_sasaran(nilai, bobot, metodologi)))
    return sasaran


def teks_nilai(nilai: Decimal | None, minimal: int = 2) -> str | None:
    """A measured value as a plain string: "98", "70.30", "79.143" (see normalisasi_nilai)."""
    hasil = normalisasi_nilai(nilai, minimal)
    return None if hasil is None else str(hasil)


def _teks_desimal(nilai):
    return None if nilai is None else str(nilai)


def sebagai_dict(hasil: Pengukuran) -> dict:
    """The measurement as plain JSON-ready data (numbers as strings of their Decimal values)."""
    data = {
        "opd": hasil.opd.kode,
        "nama_opd": hasil.opd.nama,
        "tahun": hasil.tahun,
        "periode": hasil.periode.value,
        "perjanjian_kinerja": hasil.perjanjian.label_versi,
        "capaian": _teks_desimal(hasil.capaian_opd.nilai),
        "kategori": hasil.capaian_opd.kategori,
        "metodologi": rumus.catatan_metodologi(hasil.metodologi),
        "sasaran": _sasaran_dict(hasil.sasaran),
    }
    # The head of region signs with the head of office: the head's atasan is the region's title.
    kepala_daerah = (hasil.opd.pemda.jabatan_kepala_daerah or None) if hasil.semua_perjanjian else None
    data["perjanjian"] = [
        {
            "jabatan": p.jabatan.nama,
            "eselon": p.jabatan.eselon,
            "pejabat": p.perjanjian.pejabat.nama if p.perjanjian.pejabat else None,
            "atasan": p.atasan.jabatan.nama
            if p.atasan
            else (kepala_daerah if p.perjanjian == hasil.perjanjian else None),
            "perjanjian_kinerja": p.perjanjian.label_versi,
            "capaian": _teks_desimal(p.capaian.nilai),
            "kategori": p.capaian.kategori,
            "sasaran": data["sasaran"] if p.perjanjian == hasil.perjanjian else _sasaran_dict(p.sasaran),
        }
        for p in hasil.semua_perjanjian
    ]
    return data


def _sasaran_dict(daftar):
    sasaran = []
    for s in daftar:
        indikator = []
        for h in s.indikator:
            ind = h.indikator
            data = {
                "nama": ind.nama,
                "satuan": ind.satuan,
                "arah": ind.arah,
                "target": h.target_teks or teks_nilai(h.target),
                "realisasi": h.realisasi_teks or teks_nilai(h.realisasi),
                "capaian": _teks_desimal(h.capaian.nilai),
                "kategori": h.capaian.kategori,
            }
            if h.target_atas is not None:
                data["target_atas"] = teks_nilai(h.target_atas)
            if h.pembilang is not None:
                data["pembilang"] = teks_nilai(h.pembilang, 0)
                data["penyebut"] = teks_nilai(h.penyebut, 0)
            if h.keterangan_data:
                data["keterangan_data"] = h.keterangan_data
            if h.capaian.keterangan:
                data["keterangan"] = h.capaian.keterangan
            if h.sumber_target != "PK":
                data["sumber_target"] = h.sumber_target
            if h.turunan is not None:
                data["turunan"] = {
                    "jenis": ind.turunan,
                    "anak": [
                        {
                            "nama": a.indikator.nama,
                            "target": teks_nilai(a.target),
                            "realisasi": teks_nilai(a.realisasi),
                            "capaian": _teks_desimal(a.capaian.nilai),
                        }
                        for a in h.turunan.anak
                    ],
                }
            if h.komponen:
                data["komponen"] = [
                    {"nama": k.indikator.nama, "realisasi": teks_nilai(k.realisasi)} for k in h.komponen
                ]
            indikator.append(data)
        sasaran.append(
            {
                "uraian": s.sasaran.uraian,
                "capaian": _teks_desimal(s.capaian.nilai),
                "kategori": s.capaian.kategori,
                "indikator": indikator,
            }
        )
    return sasaran
