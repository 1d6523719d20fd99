"""The budget of an office-year: the tree with totals rolled up, serapan, and efisiensi.

`ringkas_anggaran(opd, tahun, periode)` is the one selector for the `anggaran` command, the
budget screens, the LKjIP's financial chapter and the review checks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from kinerja.models import Realisasi
from kinerja.pengukuran import (
    Pengukuran,
    PengukuranTidakTersedia,
    akhir_periode,
    pilih_realisasi,
    teks_nilai,
    ukur_opd,
)
from renstra.models import Indikator, TargetIndikator
from sakip import rumus
from sakip.models import OPD, metodologi_pemda

from .aturan import pagu_berlaku, pesan_melebihi_pagu, pesan_rincian_melebihi
from .models import BelanjaJenis, ItemAnggaran, JenisBelanja, Pagu, RealisasiAnggaran, TahapAnggaran

NOL = Decimal(0)


TANPA_SASARAN_PK = "Program penunjang / tidak terkait sasaran PK"


@dataclass
class IndikatorAnggaran:
    indikator: Indikator
    target: Decimal | None
    target_teks: str
    realisasi: Decimal | None
    realisasi_teks: str
    capaian: rumus.HasilCapaian | None


@dataclass
class Simpul:
    item: ItemAnggaran
    pagu: Decimal = NOL
    realisasi: Decimal = NOL
    pagu_murni: Decimal | None = None
    serapan: rumus.HasilPersen | None = None
    anak: list[Simpul] = field(default_factory=list)
    indikator: list[IndikatorAnggaran] = field(default_factory=list)
    catatan_realisasi: str = ""
    punya_pagu: bool = False
    punya_realisasi: bool = False
    # An item with its own pagu and children: its pagu minus its children's (None otherwise).
    belum_dirinci: Decimal | None = None

    @property
    def daun(self):
        return not self.anak


@dataclass
class BarisEfisiensi:
    sasaran: object
    indikator: Indikator | None
    capaian: Decimal | None
    pagu: Decimal
    realisasi: Decimal
    serapan: rumus.HasilPersen
    efisiensi: rumus.HasilEfisiensi


@dataclass
class AlokasiSasaran:
    sasaran: object
    pagu: Decimal
    realisasi: Decimal
    serapan: rumus.HasilPersen
    pangsa: rumus.HasilPersen
    item: list[ItemAnggaran]

    @property
    def label(self) -> str:
        return self.sasaran.uraian if self.sasaran is not None else TANPA_SASARAN_PK


@dataclass
class RingkasanAnggaran:
    opd: object
    tahun: int
    periode: rumus.Periode
    metodologi: rumus.Metodologi
    program: list[Simpul]
    pagu: Decimal
    realisasi: Decimal
    serapan: rumus.HasilPersen
    efisiensi: list[BarisEfisiensi]
    alokasi: list[AlokasiSasaran]
    peringatan: list[str]
    # Pagu of the programs/kegiatan linked to a sasaran or an indicator (each counted once): the
    # total seed 004 takes budget shares of, instead of the whole DPA.
    pagu_terkait: Decimal = NOL
    # The budget no sasaran of the head's PK reaches (Program Penunjang linked to a sasaran the
    # PK leaves out, or to none): its own row, so the allocation adds up to the total pagu.
    alokasi_lain: AlokasiSasaran | None = None

    def semua_simpul(self):
        tumpukan = list(reversed(self.program))
        while tumpukan:
            simpul = tumpukan.pop()
            yield simpul
            tumpukan.extend(reversed(simpul.anak))


@dataclass
class BarisJenis:
    """One spending type: its pagu per stage (None where the stage has no figure), its realisation
    (entered with the last stage) and serapan against the last stage's pagu."""

    jenis: JenisBelanja
    pagu: dict[TahapAnggaran, Decimal | None]
    realisasi: Decimal | None
    serapan: rumus.HasilPersen


@dataclass
class AnggaranPerJenis:
    tahap: list[TahapAnggaran]  # the stages with figures, in budget order
    baris: list[BarisJenis]
    jumlah: BarisJenis


def anggaran_per_jenis(opd: OPD, tahun: int, metodologi: rumus.Metodologi | None = None) -> AnggaranPerJenis | None:
    """The office-year's budget per spending type and stage (BelanjaJenis, summed over its items and
    office-wide rows), or None when none is recorded. One query."""
    metodologi = metodologi or metodologi_pemda(opd.pemda_id)
    pagu: dict = defaultdict(lambda: defaultdict(lambda: NOL))
    realisasi: dict = defaultdict(dict)
    for b in BelanjaJenis.objects.filter(opd=opd, tahun=tahun).only("jenis_belanja", "tahap", "pagu", "realisasi"):
        jenis, tahap = JenisBelanja(b.jenis_belanja), TahapAnggaran(b.tahap)
        pagu[jenis][tahap] += b.pagu
        if b.realisasi is not None:
            realisasi[jenis][tahap] = realisasi[jenis].get(tahap, NOL) + b.realisasi
    if not pagu:
        return None
    tahap = [t for t in TahapAnggaran if any(t in per for per in pagu.values())]
    akhir = tahap[-1]

    def baris(jenis, per_tahap, nyata):
        r = nyata.get(akhir)
        return BarisJenis(
            jenis=jenis,
            pagu={t: per_tahap.get(t) for t in tahap},
            realisasi=r,
            serapan=rumus.serapan(r, per_tahap.get(akhir), metodologi),
        )

    daftar = [baris(j, pagu[j], realisasi[j]) for j in JenisBelanja if j in pagu]
    total = {t: sum((pagu[j][t] for j in pagu if t in pagu[j]), NOL) for t in tahap}
    nyata = [realisasi[j][akhir] for j in realisasi if akhir in realisasi[j]]
    jumlah = baris(None, total, {akhir: sum(nyata, NOL)} if nyata else {})
    return AnggaranPerJenis(tahap=tahap, baris=daftar, jumlah=jumlah)


def realisasi_sampai(daftar_realisasi, triwulan):
    """Cumulative spending up to `triwulan`: that quarter's figure, or the latest earlier one."""
    ada = [r for r in daftar_realisasi if r.triwulan <= triwulan]
    if not ada:
        return None, ""
    r = max(ada, key=lambda r: r.triwulan)
    catatan = "" if r.triwulan == triwulan else f"Realisasi terakhir tercatat s.d. TW {r.triwulan}"
    return r.nilai, catatan


def _di_luar_sasaran(daftar_simpul, tercakup):
    """The budget items no allocated sasaran reaches: a whole item when nothing under it is
    linked to one, else the parts of it that are not."""

    def ada(s):
        return s.item.id in tercakup or any(ada(a) for a in s.anak)

    hasil = []
    for s in daftar_simpul:
        if s.item.id in tercakup:
            continue
        if ada(s):
            hasil += _di_luar_sasaran(s.anak, tercakup)
        else:
            hasil.append(s.item)
    return hasil


def _item_tanpa_ganda(items):
    """Drop items whose ancestor is also in the set, so no spending is counted twice."""
    ids = {i.id for i in items}
    return [i for i in items if not (i.induk_id in ids or (i.induk and i.induk.induk_id in ids))]


def ringkas_anggaran(
    opd: OPD, tahun: int, periode: rumus.Periode | str = rumus.Periode.TAHUN, *, pengukuran: Pengukuran | None = None
) -> RingkasanAnggaran:
    """Budget tree, totals, serapan, allocation per sasaran and efisiensi for an office-year."""
    periode = rumus.Periode(periode)
    pada = akhir_periode(tahun, periode)
    metodologi = metodologi_pemda(opd.pemda_id)
    items = list(
        ItemAnggaran.objects.filter(opd=opd, tahun=tahun)
        .select_related("induk")
        .prefetch_related(
            Prefetch("pagu_set", queryset=Pagu.objects.order_by("urutan")),
            Prefetch("realisasi_set", queryset=RealisasiAnggaran.objects.order_by("triwulan")),
            "sasaran",
            "indikator_didukung",
            Prefetch(
                "indikator_set",
                queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch("target_set", queryset=TargetIndikator.objects.filter(tahun=tahun)),
                    Prefetch(
                        "realisasi_set", queryset=Realisasi.objects.filter(tahun__gte=tahun - 1, tahun__lte=tahun)
                    ),
                ),
            ),
        )
        .order_by("kode")
    )
    if pengukuran is None:
        try:
            pengukuran = ukur_opd(opd, tahun, periode)
        except PengukuranTidakTersedia:
            pengukuran = None
    # An indicator the measurement has (a PK item, or derived from its children) prints the
    # measurement's target and value, so the tree and the PK tables show one figure.
    turunan = pengukuran.turunan if pengukuran is not None else {}
    target_pk = pengukuran.target_pk if pengukuran is not None else {}
    simpul = {i.id: Simpul(i) for i in items}
    akar = []
    for item in items:
        s = simpul[item.id]
        if item.induk_id in simpul:
            simpul[item.induk_id].anak.append(s)
        else:
            akar.append(s)
        versi = pagu_berlaku(item.pagu_set.all(), pada)
        if versi is not None:
            s.pagu, s.punya_pagu = versi.nilai, True
            murni = min(item.pagu_set.all(), key=lambda p: p.urutan)
            s.pagu_murni = murni.nilai
        nilai, s.catatan_realisasi = realisasi_sampai(item.realisasi_set.all(), periode.triwulan_akhir)
        s.realisasi = nilai or NOL
        s.punya_realisasi = nilai is not None
        for ind in item.indikator_set.all():
            target = next(iter(ind.target_set.all()), None)
            renstra_t = (target.nilai, target.nilai_atas, target.nilai_teks) if target else (None, None, "")
            t_nilai, t_atas, t_teks = target_pk.get(ind.id, renstra_t)
            if ind.id in turunan:
                r_nilai, r_teks = turunan[ind.id].nilai, ""
            else:
                _, r_nilai, r_teks, _ = pilih_realisasi(ind, list(ind.realisasi_set.all()), tahun, periode)
            hasil = ind.capaian(
                metodologi,
                target=t_nilai,
                target_atas=t_atas,
                target_teks=t_teks,
                nilai=r_nilai,
                nilai_teks=r_teks,
            )
            s.indikator.append(IndikatorAnggaran(ind, t_nilai, t_teks, r_nilai, r_teks, hasil))

    def gulung(s):
        # Parents are sums of their children; a leaf keeps what was entered. A parent with a pagu
        # of its own (a ceiling set before its breakdown is known) keeps it; the rest of it is
        # not yet allocated.
        if s.anak:
            for a in s.anak:
                gulung(a)
            rincian = sum((a.pagu for a in s.anak), NOL)
            s.realisasi = sum((a.realisasi for a in s.anak), NOL)
            if s.punya_pagu:
                s.belum_dirinci = s.pagu - rincian
            else:
                s.pagu = rincian
                murni = [a.pagu_murni for a in s.anak if a.pagu_murni is not None]
                s.pagu_murni = sum(murni, NOL) if murni else None
        s.serapan = rumus.serapan(s.realisasi, s.pagu, metodologi)

    for s in akar:
        gulung(s)
    total_pagu = sum((s.pagu for s in akar), NOL)
    total_realisasi = sum((s.realisasi for s in akar), NOL)

    peringatan = []
    per_sasaran = defaultdict(list)
    for item in items:
        sasaran = list(item.sasaran.all())
        for sas in sasaran:
            per_sasaran[sas.id].append(item)
        if len(sasaran) > 1:
            peringatan.append(
                f"{item.kode} {item.nama} dikaitkan dengan {len(sasaran)} sasaran; anggarannya terhitung di "
                f"setiap sasaran sehingga jumlah pangsa anggaran lebih dari 100%."
            )
    for s in simpul.values():
        if s.daun and s.realisasi > s.pagu:  # a pagu of 0 or none entered: no serapan ("–")
            peringatan.append(pesan_melebihi_pagu(s.realisasi, s.pagu, item=f"{s.item.kode} {s.item.nama}"))
        if s.belum_dirinci is not None and s.belum_dirinci < 0:  # stored before the rule, or by hand
            peringatan.append(pesan_rincian_melebihi(s.item.kode, s.pagu - s.belum_dirinci, s.pagu))

    def jumlah(daftar):
        daftar = _item_tanpa_ganda(daftar)
        return (sum((simpul[i.id].pagu for i in daftar), NOL), sum((simpul[i.id].realisasi for i in daftar), NOL))

    pagu_terkait, _ = jumlah([i for i in items if i.sasaran.all() or i.indikator_didukung.all()])
    alokasi, efisiensi = [], []
    # Items per supported indicator, in item order (reading the m2m once per item, not per pair).
    per_indikator = defaultdict(list)
    for item in items:
        for ind in item.indikator_didukung.all():
            per_indikator[ind.id].append(item)
    if pengukuran is not None:
        for hs in pengukuran.sasaran:
            daftar = per_sasaran.get(hs.sasaran.id, [])
            pagu, realisasi = jumlah(daftar)
            serapan_s = rumus.serapan(realisasi, pagu, metodologi)
            alokasi.append(
                AlokasiSasaran(
                    hs.sasaran,
                    pagu,
                    realisasi,
                    serapan_s,
                    rumus.pangsa_anggaran(pagu, total_pagu, metodologi),
                    daftar,
                )
            )
            for hi in hs.indikator:
                khusus = per_indikator.get(hi.indikator.id, [])
                if khusus:
                    p_i, r_i = jumlah(khusus)
                    serapan_i = rumus.serapan(r_i, p_i, metodologi)
                else:
                    p_i, r_i, serapan_i = pagu, realisasi, serapan_s
                efisiensi.append(
                    BarisEfisiensi(
                        hs.sasaran,
                        hi.indikator,
                        hi.capaian.nilai,
                        p_i,
                        r_i,
                        serapan_i,
                        rumus.efisiensi(hi.capaian.nilai, serapan_i.nilai, metodologi),
                    )
                )
            efisiensi.append(
                BarisEfisiensi(
                    hs.sasaran,
                    None,
                    hs.capaian.nilai,
                    pagu,
                    realisasi,
                    serapan_s,
                    rumus.efisiensi(hs.capaian.nilai, serapan_s.nilai, metodologi),
                )
            )
    alokasi_lain = None
    if pengukuran is not None:
        tercakup = {i.id for a in alokasi for i in a.item}
        lain = _di_luar_sasaran(akar, tercakup)
        if lain:
            pagu, realisasi = jumlah(lain)
            alokasi_lain = AlokasiSasaran(
                None,
                pagu,
                realisasi,
                rumus.serapan(realisasi, pagu, metodologi),
                rumus.pangsa_anggaran(pagu, total_pagu, metodologi),
                lain,
            )
    return RingkasanAnggaran(
        opd,
        tahun,
        periode,
        metodologi,
        akar,
        total_pagu,
        total_realisasi,
        rumus.serapan(total_realisasi, total_pagu, metodologi),
        efisiensi,
        alokasi,
        peringatan,
        pagu_terkait,
        alokasi_lain,
    )


def _teks(nilai):
    return None if nilai is None else str(nilai)


def bulat_rupiah(nilai: Decimal | None) -> Decimal | None:
    """Rupiah without needless decimals: 4698953374, 1250.50 (sen only when there are any)."""
    if nilai is None:
        return None
    return nilai.quantize(Decimal(1)) if nilai == nilai.to_integral_value() else nilai.quantize(Decimal("0.01"))


def _rupiah(nilai):
    """Rupiah as a string without needless decimals: 4698953374, 1250.50."""
    return _teks(bulat_rupiah(nilai))


def _simpul_dict(s):

    data = {
        "kode": s.item.kode,
        "nama": s.item.nama,
        "pagu": _rupiah(s.pagu),
        "realisasi": _rupiah(s.realisasi),
        "serapan": _teks(s.serapan.nilai),
    }
    if s.pagu_murni is not None and s.pagu_murni != s.pagu:
        data["pagu_murni"] = _rupiah(s.pagu_murni)
    if s.belum_dirinci is not None:
        data["pagu_belum_dirinci"] = _rupiah(s.belum_dirinci)
    if s.item.sumber_dana:
        data["sumber_dana"] = s.item.sumber_dana
    if s.item.catatan:
        data["catatan"] = s.item.catatan
    if s.indikator:
        data["indikator"] = [
            {
                "nama": i.indikator.nama,
                "satuan": i.indikator.satuan,
                "target": i.target_teks or teks_nilai(i.target),
                "realisasi": i.realisasi_teks or teks_nilai(i.realisasi),
                "capaian": _teks(i.capaian.nilai) if i.capaian else None,
            }
            for i in s.indikator
        ]
    kunci_anak = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}.get(s.item.tingkat)
    if kunci_anak:
        data[kunci_anak] = [_simpul_dict(a) for a in s.anak]
    return data


def sebagai_dict(r: RingkasanAnggaran) -> dict:
    """The budget as JSON-ready data: every number the string of its Decimal value."""
    return {
        "opd": r.opd.kode,
        "tahun": r.tahun,
        "periode": r.periode.value,
        "pagu": _rupiah(r.pagu),
        "realisasi": _rupiah(r.realisasi),
        "serapan": _teks(r.serapan.nilai),
        "program": [_simpul_dict(s) for s in r.program],
        "alokasi_sasaran": [
            {
                "sasaran": a.label,
                "pagu": _rupiah(a.pagu),
                "realisasi": _rupiah(a.realisasi),
                "serapan": _teks(a.serapan.nilai),
                "pangsa": _teks(a.pangsa.nilai),
                "item": [i.kode for i in a.item],
            }
            for a in r.alokasi + ([r.alokasi_lain] if r.alokasi_lain else [])
        ],
        "efisiensi": [
            {
                "sasaran": e.sasaran.uraian,
                "indikator": e.indikator.nama if e.indikator else None,
                "capaian": _teks(e.capaian),
                "serapan": _teks(e.serapan.nilai),
                "efisiensi": _teks(e.efisiensi.nilai),
                "kategori": e.efisiensi.label,
            }
            for e in r.efisiensi
        ],
        "peringatan": r.peringatan,
        "metodologi": rumus.catatan_metodologi(r.metodologi, kategori=False, efisiensi=True),
    }
