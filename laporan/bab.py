"""The LKjIP as data, chapter by chapter.

`susun_laporan(opd, tahun, periode)` is the one selector of a report. Each chapter is built
by its own function from the measurement (`kinerja.pengukuran`), the budget
(`anggaran.ringkasan`), the Renstra, the office's narratives and the signatories. The result
is plain JSON-ready data, numbers as the strings of their Decimal values exactly as the two
`sebagai_dict` print them; the HTML page, the PDF and `lkjip --format json` render it.
Section, table and figure numbers and year labels are assigned here, in document order.
"""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from anggaran.ringkasan import RingkasanAnggaran, _item_tanpa_ganda, _rupiah, ringkas_anggaran
from anggaran.ringkasan import sebagai_dict as anggaran_dict
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi
from kinerja.pengukuran import (
    Pengukuran,
    PengukuranTidakTersedia,
    akhir_periode,
    pilih_realisasi,
    teks_nilai,
    ukur_opd,
)
from kinerja.pengukuran import sebagai_dict as ukur_dict
from renstra.models import Indikator, Pembanding, Renstra, Sasaran, TargetIndikator, Tujuan
from sakip import rumus
from sakip.models import Jabatan, Penugasan

from . import draf
from .draf import jabatan_lengkap, judul_pk, kepala_daerah, nama_wilayah
from .models import PERIODE_LAPORAN, Bagian, Laporan, TataLetak, tanggal_bawaan, tata_letak_pemda

FORMAT = "sakip-lkjip/1"
TAHUN_RIWAYAT = 6  # years before the report year shown in the trend of each indicator
ROMAWI = ["I", "II", "III", "IV"]

BAB = [
    ("Pendahuluan", "latar belakang, tugas, fungsi dan struktur organisasi, serta isu strategis yang dihadapi"),
    ("Perencanaan Kinerja", "Rencana Strategis, Perjanjian Kinerja dan program beserta anggarannya"),
    (
        "Akuntabilitas Kinerja",
        "pengukuran capaian kinerja, analisis capaian setiap sasaran strategis dan akuntabilitas keuangan",
    ),
    ("Penutup", "kesimpulan atas capaian kinerja, kendala, dan langkah perbaikan ke depan"),
]

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
    TataLetak.TABEL_SASARAN: [
        "target_realisasi",
        "tren",
        "target_akhir",
        "pembanding",
        "alokasi",
        "kinerja_anggaran",
        "efisiensi",
        "penyebab",
        "program",
    ],
}


def _d(nilai):
    return None if nilai is None else str(nilai)


def label_singkat(periode):
    """ "Triwulan III" -> "TW III"."""
    return periode.label.replace("Triwulan", "TW")


class Penomor:
    """Numbers sections, tables and figures in document order and lists them for the front matter."""

    def __init__(self):
        self.isi, self.tabel, self.gambar = [], [], []
        self._bab = None
        self._sub = []
        self._n_tabel = self._n_gambar = 0

    def judul(self, judul, id_, depan=False):
        """An unnumbered heading of the front matter (`depan`, numbered i, ii, ...) or of the appendices."""
        entri = {"id": id_, "nomor": "", "judul": judul, "tingkat": 0, "depan": depan}
        self.isi.append(entri)
        return entri

    def bab(self, urutan, judul):
        self._bab, self._sub = urutan, []
        self._n_tabel = self._n_gambar = 0
        entri = {
            "id": f"bab-{urutan}",
            "nomor": f"BAB {ROMAWI[urutan - 1]}",
            "judul": judul,
            "tingkat": 0,
            "depan": False,
        }
        self.isi.append(entri)
        return entri

    def bagian(self, judul, tingkat=1):
        """A numbered section of the current chapter: 3.2 (tingkat 1), 3.2.1 (tingkat 2)."""
        self._sub = self._sub[:tingkat]
        while len(self._sub) < tingkat:
            self._sub.append(0)
        self._sub[-1] += 1
        nomor = ".".join(str(n) for n in [self._bab, *self._sub])
        entri = {
            "id": "bagian-" + nomor.replace(".", "-"),
            "nomor": nomor,
            "judul": judul,
            "tingkat": tingkat,
            "depan": False,
        }
        self.isi.append(entri)
        return entri

    def buat_tabel(self, judul, nomor=None):
        if nomor is None:
            self._n_tabel += 1
            nomor = f"{self._bab}.{self._n_tabel}"
        entri = {"id": "tabel-" + nomor.replace(".", "-"), "nomor": nomor, "judul": judul}
        self.tabel.append(entri)
        return entri

    def buat_gambar(self, judul):
        self._n_gambar += 1
        nomor = f"{self._bab}.{self._n_gambar}"
        entri = {"id": "gambar-" + nomor.replace(".", "-"), "nomor": nomor, "judul": judul}
        self.gambar.append(entri)
        return entri


@dataclass
class Konteks:
    """Everything a chapter builder reads, loaded once with a fixed number of queries."""

    opd: object
    tahun: int
    periode: rumus.Periode
    tata_letak: TataLetak
    pengukuran: Pengukuran
    ringkasan: RingkasanAnggaran
    ukur: dict
    anggaran: dict
    renstra: Renstra | None
    tanggal: datetime.date
    narasi: dict
    sasaran: list = field(default_factory=list)  # prepared sasaran rows (see _siapkan_sasaran)
    nomor: Penomor = field(default_factory=Penomor)

    @property
    def metodologi(self):
        return self.pengukuran.metodologi

    @property
    def tahunan(self):
        return self.periode is rumus.Periode.TAHUN

    @property
    def periode_judul(self):
        """ "Tahun YYYY" or "Triwulan III Tahun YYYY"."""
        return f"Tahun {self.tahun}" if self.tahunan else f"{self.periode.label} Tahun {self.tahun}"

    @property
    def periode_teks(self):
        """ "tahun YYYY" or "triwulan III tahun YYYY", inside a sentence."""
        return self.periode_judul.replace("Triwulan", "triwulan").replace("Tahun", "tahun")

    @property
    def semua_indikator(self):
        return [i for s in self.sasaran for i in s["indikator"]]


def susun_laporan(opd, tahun, periode=rumus.Periode.TAHUN):
    """The whole report of `opd` for `tahun` (and quarter) as JSON-ready data."""
    try:
        periode = rumus.Periode(periode)
    except ValueError:
        periode = None
    if periode not in PERIODE_LAPORAN:
        pilihan = ", ".join(p.value for p in PERIODE_LAPORAN)
        raise PengukuranTidakTersedia(f"Periode laporan tidak dikenal. Pilihan: {pilihan}.")
    pengukuran = ukur_opd(opd, tahun, periode)
    ringkasan = ringkas_anggaran(opd, tahun, periode, pengukuran=pengukuran)
    k = _konteks(opd, tahun, periode, pengukuran, ringkasan)
    k.sasaran = _siapkan_sasaran(k)
    pemda = opd.pemda
    data = {
        "format": FORMAT,
        "tahun": tahun,
        "periode": periode.value,
        "label_periode": periode.label,
        "tahunan": k.tahunan,
        "periode_teks": k.periode_teks,
        "periode_judul": k.periode_judul,
        "judul": "Laporan Kinerja Instansi Pemerintah (LKjIP)" if k.tahunan else "Laporan Kinerja",
        "judul_singkat": "LKjIP" if k.tahunan else f"Laporan Kinerja {label_singkat(periode)}",
        "tata_letak": k.tata_letak.value,
        "label_tata_letak": k.tata_letak.label,
        "opd": {
            "kode": opd.kode,
            "nama": opd.nama,
            "singkatan": opd.singkatan or opd.nama,
            "alamat": opd.alamat,
            "telepon": opd.telepon,
            "email": opd.email,
            "logo": opd.logo.name or None,
        },
        "pemda": {
            "nama": pemda.nama,
            "wilayah": nama_wilayah(pemda),
            "kepala_daerah": kepala_daerah(pemda),
            "nama_kepala_daerah": pemda.nama_kepala_daerah,
            "ibu_kota": pemda.ibu_kota,
            "logo": pemda.logo.name or None,
        },
        "tanggal": k.tanggal.isoformat(),
        "kolom": {
            "target": f"Target {tahun}" if k.tahunan else f"Target {label_singkat(periode)} {tahun}",
            "realisasi": f"Realisasi {tahun}" if k.tahunan else f"Realisasi s.d. {label_singkat(periode)} {tahun}",
        },
        "penanda_tangan": _penanda_tangan(k),
        "metodologi": k.ukur["metodologi"],
        "berkategori": k.metodologi.skala is not None,
        "capaian": k.ukur["capaian"],
        "kategori": k.ukur["kategori"],
        "sasaran": k.sasaran,
    }
    data["sampul"] = {"baris_judul": _baris_judul_sampul(k)}
    data["kata_pengantar"] = kata_pengantar(k, data)
    data["ikhtisar"] = ikhtisar(k, data)
    k.nomor.judul("Daftar Isi", "daftar-isi", depan=True)
    k.nomor.judul("Daftar Tabel", "daftar-tabel", depan=True)
    k.nomor.judul("Daftar Gambar", "daftar-gambar", depan=True)
    data["bab"] = [bab_pendahuluan(k), bab_perencanaan(k), bab_akuntabilitas(k), bab_penutup(k)]
    data["lampiran"] = lampiran(k, data)
    data["daftar_isi"] = k.nomor.isi
    data["daftar_tabel"] = k.nomor.tabel
    data["daftar_gambar"] = k.nomor.gambar
    return data


def cari_narasi(data, bagian, indikator_id=None):
    """The narrative section `bagian` (of one indicator for "penyebab") in the report data, or None."""
    if bagian == Bagian.PENYEBAB:
        return next((i["narasi"] for s in data["sasaran"] for i in s["indikator"] if i["id"] == indikator_id), None)
    if indikator_id is not None:
        return None
    for bab in data["bab"]:
        for isi in bab.values():
            if isinstance(isi, dict) and isinstance(isi.get("narasi"), dict) and isi["narasi"]["bagian"] == bagian:
                return isi["narasi"]
    return None


# --------------------------------------------------------------------------- loading


def _konteks(opd, tahun, periode, pengukuran, ringkasan):
    renstra = Renstra.objects.berlaku(opd, tahun, akhir_periode(tahun, periode))
    if renstra is not None:
        renstra = (
            Renstra.objects.select_related("rpjmd")
            .prefetch_related(
                "misi_didukung",
                "rpjmd__misi_set",
                Prefetch(
                    "tujuan_set",
                    queryset=Tujuan.objects.order_by("urutan", "id").prefetch_related(
                        Prefetch("indikator_set", queryset=Indikator.objects.order_by("urutan", "id")),
                        "indikator_set__target_set",
                    ),
                ),
                Prefetch(
                    "sasaran_set",
                    queryset=Sasaran.objects.filter(tingkat=Sasaran.Tingkat.STRATEGIS)
                    .order_by("urutan", "id")
                    .prefetch_related(
                        Prefetch("indikator_set", queryset=Indikator.objects.order_by("urutan", "id")),
                        "indikator_set__target_set",
                    ),
                ),
            )
            .get(pk=renstra.pk)
        )
    laporan = Laporan.objects.filter(opd=opd, tahun=tahun, periode=periode.value).first()
    narasi = {}
    if laporan is not None:
        for n in laporan.narasi_set.prefetch_related("gambar_set"):
            narasi[(n.bagian, n.indikator_id)] = n
    return Konteks(
        opd=opd,
        tahun=tahun,
        periode=periode,
        tata_letak=tata_letak_pemda(opd.pemda_id),
        pengukuran=pengukuran,
        ringkasan=ringkasan,
        ukur=ukur_dict(pengukuran),
        anggaran=anggaran_dict(ringkasan),
        renstra=renstra,
        tanggal=laporan.tanggal_berlaku if laporan else tanggal_bawaan(tahun, periode),
        narasi=narasi,
    )


def _garis_keturunan(daftar_indikator):
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


def _capaian(indikator, metodologi, target, target_atas, target_teks, nilai, nilai_teks):
    """Capaian of any year, by the indicator's one rule (Indikator.capaian), as the measurement computes it."""
    return indikator.capaian(
        metodologi, target=target, target_atas=target_atas, target_teks=target_teks, nilai=nilai, nilai_teks=nilai_teks
    )


# --------------------------------------------------------------------------- indicators and sasaran


def _siapkan_sasaran(k):
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
        perjanjian__jabatan_id=p.pk.jabatan_id,
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

    efisiensi = {}
    efisiensi_sasaran = {}
    for e, baris in zip(r.efisiensi, k.anggaran["efisiensi"], strict=True):
        isi = {
            **baris,
            "pagu": _rupiah(e.pagu),
            "realisasi_anggaran": _rupiah(e.realisasi),
            "pangsa": _d(rumus.pangsa_anggaran(e.pagu, r.pagu, r.metodologi).nilai),
        }
        if e.indikator is None:
            efisiensi_sasaran[e.sasaran.id] = isi
        else:
            efisiensi[e.indikator.id] = isi
    alokasi = {a.sasaran.id: (a, baris) for a, baris in zip(r.alokasi, k.anggaran["alokasi_sasaran"], strict=True)}
    simpul = {s.item.id: s for s in r.semua_simpul()}
    peta_item = _item_per_indikator(r)
    dict_simpul = {}

    def daftar_dict(node):
        dict_simpul[node["kode"]] = node
        for anak in node.get("kegiatan", []) + node.get("sub_kegiatan", []):
            daftar_dict(anak)

    for prog in k.anggaran["program"]:
        daftar_dict(prog)
    # Budget items' indicators are printed at their own precision, as the indicator rows are.
    for sim in simpul.values():
        node = dict_simpul.get(sim.item.kode)
        for baris_ind, hi in zip(node.get("indikator", []) if node else [], sim.indikator, strict=False):
            baris_ind["presisi"] = hi.indikator.presisi

    hasil = []
    nomor_ind = 0
    for nomor, (hs, sd) in enumerate(zip(p.sasaran, k.ukur["sasaran"], strict=True), 1):
        indikator = []
        for h, idict in zip(hs.indikator, sd["indikator"], strict=True):
            nomor_ind += 1
            ids = garis[h.indikator.id]
            indikator.append(
                _baris_indikator(
                    k,
                    h,
                    idict,
                    nomor_ind,
                    realisasi=[row for i in reversed(ids) for row in realisasi[i]],
                    target_renstra={t: v for i in reversed(ids) for t, v in target_renstra[i].items()},
                    target_pk={t: v for i in reversed(ids) for t, v in target_pk[i].items()},
                    pembanding=[pb for i in ids for pb in pembanding[i]],
                    efisiensi=efisiensi.get(h.indikator.id),
                    program=_program_indikator(h.indikator, hs.sasaran, peta_item, alokasi),
                )
            )
        a, a_dict = alokasi.get(hs.sasaran.id, (None, None))
        hasil.append(
            {
                **sd,
                "nomor": nomor,
                "id": hs.sasaran.id,
                "kode": hs.sasaran.kode,
                "indikator": indikator,
                "anggaran": a_dict,
                "efisiensi": efisiensi_sasaran.get(hs.sasaran.id),
                "program": _baris_program(a.item if a else [], simpul, dict_simpul, indikator),
            }
        )
    return hasil


def _item_per_indikator(ringkasan):
    """{indicator id: budget items linked to it, in tree order}, reading each item's links once."""
    peta = defaultdict(list)
    for s in ringkasan.semua_simpul():
        for i in s.item.indikator_didukung.all():
            peta[i.id].append(s.item)
    return peta


def _program_indikator(indikator, sasaran, peta_item, alokasi):
    """Names of the budget items behind an indicator: those linked to it, else its sasaran's."""
    khusus = peta_item.get(indikator.id, [])
    daftar = khusus or (alokasi[sasaran.id][0].item if sasaran.id in alokasi else [])
    return [f"{i.kode} {i.nama}" for i in _item_tanpa_ganda(daftar)]


def _baris_program(items, simpul, dict_simpul, indikator):
    """The program / kegiatan / sub kegiatan tree under a sasaran's linked items, as table rows."""
    nama_ind = {i["id"]: i["nama"] for i in indikator}
    baris = []

    def turun(s, tingkat):
        node = dict_simpul[s.item.kode]
        baris.append(
            {
                **{x: v for x, v in node.items() if x not in ("kegiatan", "sub_kegiatan")},
                "tingkat": s.item.tingkat,
                "level": tingkat,
                "mendukung": [nama_ind[i.id] for i in s.item.indikator_didukung.all() if i.id in nama_ind],
            }
        )
        for anak in s.anak:
            turun(anak, tingkat + 1)

    for item in _item_tanpa_ganda(items):
        turun(simpul[item.id], 0)
    return baris


def _baris_indikator(k, h, idict, nomor, *, realisasi, target_renstra, target_pk, pembanding, efisiensi, program):
    ind = h.indikator
    m = k.metodologi
    baris = {
        **idict,
        "id": ind.id,
        "nomor": nomor,
        "kode": ind.kode,
        "iku": ind.iku,
        "predikat": ind.predikat,
        "presisi": ind.presisi,  # most decimals printed in its tables and on its trend chart
        "definisi": ind.definisi,
        "formula": ind.formula,
        "label_pembilang": ind.label_pembilang,
        "label_penyebut": ind.label_penyebut,
        "satuan_pembilang": ind.satuan_pembilang,
        "tercapai": h.capaian.tercapai,
        "efisiensi": efisiensi,
        "program": program,
    }

    # Trend: one value per year, each year measured as its own annual report did.
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
        hasil = _capaian(ind, m, t_nilai, t_atas, t_teks, nilai, teks)
        riwayat.append(
            {
                "tahun": tahun,
                "label": str(tahun),
                "target": t_teks or teks_nilai(t_nilai),
                "realisasi": teks or teks_nilai(nilai),
                "capaian": _d(hasil.nilai),
                "keterangan": catatan or None,
            }
        )
    riwayat.append(
        {
            "tahun": k.tahun,
            "label": str(k.tahun) if k.tahunan else f"{label_singkat(k.periode)} {k.tahun}",
            "target": idict["target"],
            "realisasi": idict["realisasi"],
            "capaian": idict["capaian"],
            "keterangan": h.keterangan_data or None,
        }
    )
    baris["riwayat"] = riwayat
    lalu = riwayat[-2] if len(riwayat) > 1 and riwayat[-2]["tahun"] == k.tahun - 1 else None
    baris["tahun_lalu"] = lalu
    baris["perubahan"] = None
    if lalu and lalu["realisasi"] is not None and not ind.predikat and h.realisasi is not None:
        beda = rumus.tingkat_kemajuan(
            h.realisasi,
            realisasi_tahun_lalu=Decimal(lalu["realisasi"]),
            arah=ind.arah,
            metodologi=m.ganti(aturan_kemajuan=rumus.AturanKemajuan.SELISIH_TAHUN),
        )
        baris["perubahan"] = {"nilai": _d(beda.nilai), "label": beda.label, "membaik": beda.membaik}

    # Against the end of the Renstra period.
    tahun_akhir = k.renstra.tahun_selesai if k.renstra else None
    akhir = target_renstra.get(tahun_akhir)
    t_akhir = ind.target_akhir if ind.target_akhir is not None else (akhir.nilai if akhir else None)
    t_akhir_teks = ind.target_akhir_teks or (akhir.nilai_teks if akhir else "")
    baris["tahun_akhir"] = tahun_akhir
    baris["target_akhir"] = t_akhir_teks or teks_nilai(t_akhir)
    baris["kemajuan"] = _kemajuan(ind, m, h, t_akhir, t_akhir_teks, akhir, lalu)
    berikut = target_renstra.get(k.tahun + 1)
    baris["target_berikut"] = (
        {"tahun": k.tahun + 1, "target": berikut.nilai_teks or teks_nilai(berikut.nilai)} if berikut else None
    )

    # Against national / provincial standards: the latest value of each benchmark.
    terbaru = {}
    for pb in pembanding:
        terbaru[(pb.jenis, pb.nama)] = pb
    baris["pembanding"] = []
    for pb in terbaru.values():
        banding = None
        if ind.arah != rumus.Arah.RENTANG:
            banding = _capaian(ind, m, pb.nilai, None, pb.nilai_teks, h.realisasi, h.realisasi_teks)
        baris["pembanding"].append(
            {
                "jenis": pb.get_jenis_display(),
                "nama": pb.nama,
                "tahun": pb.tahun,
                "nilai": pb.nilai_teks or teks_nilai(pb.nilai),
                "capaian": _d(banding.nilai) if banding else None,
                "keterangan": None
                if banding is None or banding.tercapai is None
                else ("Tercapai" if banding.tercapai else "Belum tercapai"),
                "sumber": pb.sumber,
            }
        )
    baris["narasi"] = _narasi(k, Bagian.PENYEBAB, ind.id, lambda: draf.penyebab(k, baris))
    return baris


def _kemajuan(ind, m, h, t_akhir, t_akhir_teks, akhir, lalu):
    aturan = m.aturan_kemajuan
    if ind.predikat:
        hasil = _capaian(ind, m, None, None, t_akhir_teks, None, h.realisasi_teks)
        label = None if hasil.tercapai is None else ("Tercapai" if hasil.tercapai else "Belum Tercapai")
        nilai = hasil.nilai if aturan is rumus.AturanKemajuan.TERHADAP_TARGET_AKHIR else None
        return {"nilai": _d(nilai), "label": label, "keterangan": hasil.keterangan, "rumus": aturan.label}
    try:
        hasil = rumus.tingkat_kemajuan(
            h.realisasi,
            target_akhir=t_akhir,
            realisasi_tahun_lalu=Decimal(lalu["realisasi"]) if lalu and lalu["realisasi"] else None,
            arah=ind.arah,
            metodologi=ind.metodologi(m),
            target_akhir_atas=akhir.nilai_atas if akhir else None,
        )
    except rumus.GalatRumus as exc:
        return {"nilai": None, "label": None, "keterangan": str(exc), "rumus": aturan.label}
    return {"nilai": _d(hasil.nilai), "label": hasil.label, "keterangan": hasil.keterangan, "rumus": aturan.label}


def _narasi(k, bagian, indikator_id, buat_draf):
    """A narrative section: the office's text when written, else a draft from this year's figures."""
    n = k.narasi.get((bagian, indikator_id))
    ada = n is not None and n.isi.strip()
    return {
        "bagian": bagian.value,
        "judul": bagian.label,
        "indikator": indikator_id,
        "isi": n.isi if ada else buat_draf(),
        "draf": not ada,
        "gambar": [
            {"id": g.id, "berkas": g.berkas.name, "keterangan": g.keterangan} for g in (n.gambar_set.all() if n else [])
        ],
    }


# --------------------------------------------------------------------------- signatures


def _blok_ttd(penugasan, jabatan, opd, tanggal, tempat):
    pejabat = penugasan.pejabat if penugasan else None
    return {
        "tempat": tempat,
        "tanggal": tanggal.isoformat(),
        "awalan": penugasan.awalan if penugasan else "",
        "jabatan": jabatan_lengkap(jabatan.nama_pada(tanggal), opd.nama),
        "nama": pejabat.nama if pejabat else None,
        "pangkat": pejabat.pangkat_golongan if pejabat else None,
        "nip": pejabat.nip if pejabat else None,
    }


def _penanda_tangan(k):
    """The head of office in force on the signing date (Plt./Plh. prefixed)."""
    jabatan = Jabatan.objects.prefetch_related("riwayat_nama").get(pk=k.pengukuran.pk.jabatan_id)
    return _blok_ttd(jabatan.pejabat_pada(k.tanggal), jabatan, k.opd, k.tanggal, k.opd.pemda.ibu_kota)


def _ttd_pk(k, pk):
    jabatan = Jabatan.objects.prefetch_related("riwayat_nama").get(pk=pk.jabatan_id)
    penugasan = jabatan.pejabat_pada(pk.tanggal)
    if penugasan is None and pk.pejabat_id:
        penugasan = Penugasan(pejabat=pk.pejabat, jabatan=jabatan, jenis=Penugasan.Jenis.DEFINITIF)
    pemda = k.opd.pemda
    return {
        "pihak_pertama": _blok_ttd(penugasan, jabatan, k.opd, pk.tanggal, pemda.ibu_kota),
        "pihak_kedua": {
            "jabatan": kepala_daerah(pemda),
            "nama": pemda.nama_kepala_daerah or None,
        },
    }


# --------------------------------------------------------------------------- front matter


def _baris_judul_sampul(k):
    if k.tahunan:
        return ["Laporan Kinerja", "Instansi Pemerintah", "(LKjIP)"]
    return ["Laporan Kinerja", k.periode.label]


def _rekap(k):
    """Counts and extremes of the indicators' capaian, for the summary and the conclusion."""
    p = k.pengukuran
    rekap = p.rekap or rumus.rekap_capaian([h.capaian for h in p.semua_indikator])
    ada = [i for i in k.semua_indikator if i["capaian"] is not None]
    nilai = [Decimal(i["capaian"]) for i in ada]
    terbaik = [i["nama"] for i in ada if Decimal(i["capaian"]) == max(nilai)] if ada else []
    terendah = [i["nama"] for i in ada if Decimal(i["capaian"]) == min(nilai)] if ada else []
    efisiensi = rumus.efisiensi(p.capaian_opd.nilai, k.ringkasan.serapan.nilai, k.metodologi)
    return {
        "jumlah_sasaran": len(k.sasaran),
        "jumlah_indikator": len(k.semua_indikator),
        "per_kategori": [{"kategori": kat, "jumlah": n} for kat, n in rekap.per_kategori.items()] if p.rekap else [],
        "mencapai_100": rekap.mencapai_100,
        "di_bawah_100": rekap.di_bawah_100,
        "tanpa_capaian": rekap.tanpa_capaian,
        "terbaik": terbaik,
        "capaian_terbaik": _d(max(nilai)) if ada else None,
        "terendah": terendah,
        "capaian_terendah": _d(min(nilai)) if ada else None,
        "pagu": k.anggaran["pagu"],
        "realisasi": k.anggaran["realisasi"],
        "serapan": k.anggaran["serapan"],
        "efisiensi": _d(efisiensi.nilai),
        "kategori_efisiensi": efisiensi.label,
    }


def kata_pengantar(k, data):
    k.nomor.judul("Kata Pengantar", "kata-pengantar", depan=True)
    return {"paragraf": draf.kata_pengantar(k, data)}


def ikhtisar(k, data):
    k.nomor.judul("Ikhtisar Eksekutif", "ikhtisar", depan=True)
    rekap = _rekap(k)
    return {"rekap": rekap, "paragraf": draf.ikhtisar(k, data, rekap)}


# --------------------------------------------------------------------------- Bab I


def bab_pendahuluan(k):
    bab = k.nomor.bab(1, BAB[0][0])
    latar = k.nomor.bagian("Latar Belakang")
    latar_narasi = _narasi(k, Bagian.LATAR_BELAKANG, None, lambda: draf.latar_belakang(k))
    tugas = k.nomor.bagian("Tugas, Fungsi dan Struktur Organisasi")
    struktur = _struktur(k)
    tugas_narasi = _narasi(k, Bagian.TUGAS_FUNGSI, None, lambda: draf.tugas_fungsi(k, struktur))
    isu = k.nomor.bagian("Isu Strategis")
    isu_narasi = _narasi(k, Bagian.ISU_STRATEGIS, None, lambda: draf.isu_strategis(k))
    sistematika = k.nomor.bagian("Sistematika Penyajian")
    return {
        **bab,
        "latar_belakang": {"bagian": latar, "narasi": latar_narasi},
        "tugas_fungsi": {"bagian": tugas, "narasi": tugas_narasi, "struktur": struktur},
        "isu_strategis": {"bagian": isu, "narasi": isu_narasi},
        "sistematika": {
            "bagian": sistematika,
            "butir": [
                {"judul": f"Bab {ROMAWI[i]} {judul}", "uraian": f"Bab ini menyajikan {uraian}."}
                for i, (judul, uraian) in enumerate(BAB)
            ]
            + [{"judul": "Lampiran", "uraian": "Perjanjian Kinerja dan formulir pengukuran kinerja."}],
        },
    }


def _struktur(k):
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

    def turun(j, tingkat):
        p = j.penugasan_berlaku[0] if j.penugasan_berlaku else None
        hasil.append(
            {
                "nama": j.nama_pada(k.tanggal),
                "eselon": j.eselon,
                "tingkat": tingkat,
                "pejabat": f"{p.awalan}{p.pejabat.nama}" if p else None,
            }
        )
        for a in anak[j.id]:
            turun(a, tingkat + 1)

    for j in daftar:
        if j.induk_id is None or j.induk_id not in ids:
            turun(j, 0)
    return hasil


# --------------------------------------------------------------------------- Bab II


def bab_perencanaan(k):
    bab = k.nomor.bab(2, BAB[1][0])
    return {**bab, "renstra": _renstra(k), "pk": _perjanjian(k), "anggaran": _program_anggaran(k)}


def _baris_renstra(ind, tahun):
    per_tahun = {t.tahun: t for t in ind.target_set.all()}
    return {
        "kode": ind.kode,
        "nama": ind.nama,
        "satuan": ind.satuan,
        "iku": ind.iku,
        "presisi": ind.presisi,
        "baseline": ind.baseline_teks or teks_nilai(ind.baseline),
        "target": [
            (per_tahun[t].nilai_teks or teks_nilai(per_tahun[t].nilai)) if t in per_tahun else None for t in tahun
        ],
        "target_akhir": ind.target_akhir_teks or teks_nilai(ind.target_akhir),
    }


def _renstra(k):
    bagian = k.nomor.bagian("Rencana Strategis")
    r = k.renstra
    if r is None:
        return {"bagian": bagian, "ada": False}
    tahun = r.tahun
    rpjmd = r.rpjmd
    didukung = {m.id for m in r.misi_didukung.all()}
    tujuan = [
        {
            "kode": t.kode,
            "uraian": t.uraian,
            "indikator": [_baris_renstra(i, tahun) for i in t.indikator_set.all()],
            "sasaran": [
                {
                    "kode": s.kode,
                    "uraian": s.uraian,
                    "indikator": [_baris_renstra(i, tahun) for i in s.indikator_set.all()],
                }
                for s in r.sasaran_set.all()
                if s.tujuan_id == t.id
            ],
        }
        for t in r.tujuan_set.all()
    ]
    return {
        "bagian": bagian,
        "ada": True,
        "tahun_mulai": r.tahun_mulai,
        "tahun_selesai": r.tahun_selesai,
        "tahun_ke": k.tahun - r.tahun_mulai + 1,
        "versi": "Renstra" if r.versi == 0 else f"Renstra Perubahan {r.versi}",
        "dasar_hukum": r.dasar_hukum,
        "visi": r.visi_berlaku,
        "rpjmd": {
            "jenis": rpjmd.jenis,
            "tahun_mulai": rpjmd.tahun_mulai,
            "tahun_selesai": rpjmd.tahun_selesai,
            "dasar_hukum": rpjmd.dasar_hukum,
        }
        if rpjmd
        else None,
        "misi": [{"nomor": m.nomor, "uraian": m.uraian, "didukung": m.id in didukung} for m in rpjmd.misi_set.all()]
        if rpjmd
        else [],
        "tahun": tahun,
        "tujuan": tujuan,
        "tabel": k.nomor.buat_tabel(f"Tujuan, sasaran, indikator dan target Renstra {r.tahun_mulai}–{r.tahun_selesai}"),
    }


def _perjanjian(k):
    bagian = k.nomor.bagian(f"Perjanjian Kinerja Tahun {k.tahun}")
    pk = k.pengukuran.pk
    versi = PerjanjianKinerja.objects.filter(
        jabatan_id=pk.jabatan_id, tahun=k.tahun, status=PerjanjianKinerja.Status.DITETAPKAN
    ).order_by("versi")
    sasaran, rencana_aksi = [], []
    for hs in k.pengukuran.sasaran:
        items = [h.item for h in hs.indikator if h.item is not None]
        if items:
            sasaran.append(
                {
                    "uraian": hs.sasaran.uraian,
                    "indikator": [
                        {
                            "nama": i.indikator.nama,
                            "satuan": i.indikator.satuan,
                            "target": i.target_teks or teks_nilai(i.target),
                            "target_atas": teks_nilai(i.target_atas),
                            "presisi": i.indikator.presisi,
                        }
                        for i in items
                    ],
                }
            )
        for item in items:
            per_tw = {ra.triwulan: ra for ra in item.rencana_aksi_set.all()}
            if per_tw:
                rencana_aksi.append(
                    {
                        "nama": item.indikator.nama,
                        "satuan": item.indikator.satuan,
                        "presisi": item.indikator.presisi,
                        "target": [
                            (per_tw[tw].target_teks or teks_nilai(per_tw[tw].target)) if tw in per_tw else None
                            for tw in (1, 2, 3, 4)
                        ],
                        "rencana_aksi": per_tw[k.periode.triwulan_akhir].rencana_aksi
                        if k.periode.triwulan_akhir in per_tw
                        else "",
                    }
                )
    judul = judul_pk(pk)
    return {
        "bagian": bagian,
        "judul": judul,
        "tanggal": pk.tanggal.isoformat(),
        "versi": [
            {"label": v.label_versi, "tanggal": v.tanggal.isoformat(), "alasan": v.alasan, "berlaku": v.pk == pk.pk}
            for v in versi
        ],
        "sasaran": sasaran,
        "tabel": k.nomor.buat_tabel(judul),
        "rencana_aksi": {
            "baris": rencana_aksi,
            "tabel": k.nomor.buat_tabel(f"Target triwulanan (rencana aksi) Tahun {k.tahun}"),
        }
        if rencana_aksi
        else None,
    }


def _program_anggaran(k):
    bagian = k.nomor.bagian("Program, Kegiatan dan Anggaran")
    baris = []
    for prog in k.anggaran["program"]:
        baris.append({**{x: v for x, v in prog.items() if x != "kegiatan"}, "tingkat": "program"})
        for keg in prog.get("kegiatan", []):
            baris.append({**{x: v for x, v in keg.items() if x != "sub_kegiatan"}, "tingkat": "kegiatan"})
    return {
        "bagian": bagian,
        "baris": baris,
        "jumlah_program": len(k.anggaran["program"]),
        "pagu": k.anggaran["pagu"],
        "tabel": k.nomor.buat_tabel(f"Program, kegiatan dan pagu anggaran Tahun {k.tahun}") if baris else None,
    }


# --------------------------------------------------------------------------- Bab III


def bab_akuntabilitas(k):
    bab = k.nomor.bab(3, BAB[2][0])
    m = k.metodologi
    ukur = k.nomor.bagian(f"Capaian Kinerja Organisasi {k.periode_judul}")
    skala = None
    if m.skala is not None:
        skala = {"nama": m.skala.nama, "pita": m.skala.uraian_pita(), "tabel": k.nomor.buat_tabel(m.skala.nama)}
    pengukuran = {
        "bagian": ukur,
        "skala": skala,
        "tabel": k.nomor.buat_tabel(f"Pengukuran capaian kinerja {k.periode_teks}"),
        "catatan": rumus.catatan_metodologi(m, arah={i["arah"] for i in k.semua_indikator}),
        "judul_pk": judul_pk(k.pengukuran.pk),
    }
    if k.tata_letak is TataLetak.PERMENPANRB:
        analisis = k.nomor.bagian("Analisis Capaian Kinerja per Sasaran Strategis")
    else:
        analisis = None
    for s in k.sasaran:
        judul = f"Sasaran {s['nomor']}: {s['uraian']}"
        if analisis is not None:
            s["bagian"] = k.nomor.bagian(judul, tingkat=2)
        else:
            s["bagian"] = k.nomor.bagian(f"Capaian Kinerja {judul}")
        s["blok"] = [_blok(k, s, jenis, i) for i, jenis in enumerate(URUTAN_ANALISIS[k.tata_letak])]
    keuangan = k.nomor.bagian(
        "Akuntabilitas Keuangan" if k.tata_letak is TataLetak.PERMENPANRB else "Realisasi Anggaran"
    )
    return {
        **bab,
        "pengukuran": pengukuran,
        "analisis": analisis,
        "keuangan": _keuangan(k, keuangan),
    }


def _blok(k, s, jenis, urutan):
    """One analysis of a sasaran: its title, table number, footnote and sentences."""
    tabel_sasaran = k.tata_letak is TataLetak.TABEL_SASARAN
    huruf = "abcdefghijklmnopqrstuvwxyz"[urutan]
    judul = JUDUL_ANALISIS[jenis]
    blok = {"jenis": jenis, "huruf": huruf, "judul": judul, "paragraf": [], "catatan": None}
    nomor = f"{s['nomor']}{huruf}" if tabel_sasaran else None
    # Narrative-only analyses carry no table number; neither does an empty program list.
    bertabel = (jenis != "penyebab" or tabel_sasaran) and (jenis != "program" or s["program"])
    blok["tabel"] = k.nomor.buat_tabel(f"{judul} Sasaran {s['nomor']}", nomor) if bertabel else None
    blok["dengan_anggaran"] = not tabel_sasaran
    if jenis == "target_realisasi":
        blok["catatan"] = rumus.catatan_metodologi(k.metodologi, arah={i["arah"] for i in s["indikator"]})
        blok["paragraf"] = draf.target_realisasi(k, s)
    elif jenis == "tren":
        for i in s["indikator"]:
            # A chart needs at least two years with a value; a predicate has no numeric axis.
            grafik = not i["predikat"] and sum(1 for t in i["riwayat"] if t["realisasi"] or t["target"]) > 1
            i["gambar"] = k.nomor.buat_gambar(f"Tren realisasi {i['nama']}") if grafik else None
        blok["paragraf"] = draf.tren(k, s)
    elif jenis == "target_akhir":
        blok["catatan"] = f"Tingkat kemajuan = {k.metodologi.aturan_kemajuan.label}."
        blok["paragraf"] = draf.target_akhir(k, s)
    elif jenis == "pembanding":
        blok["paragraf"] = draf.pembanding(s)
    elif jenis in ("efisiensi", "kinerja_anggaran", "alokasi"):
        blok["catatan"] = k.anggaran["metodologi"] if jenis == "efisiensi" else None
        if jenis == "alokasi":
            blok["catatan"] = (
                f"Persentase terhadap total pagu anggaran {k.opd.singkatan or k.opd.nama} "
                f"{draf.rupiah(k.anggaran['pagu'])}."
            )
        blok["paragraf"] = draf.efisiensi(k, s) if jenis == "efisiensi" else []
    elif jenis == "program":
        blok["paragraf"] = draf.program(k, s)
    return blok


def _keuangan(k, bagian):
    baris = []

    def turun(node, tingkat):
        baris.append(
            {
                **{x: v for x, v in node.items() if x not in ("kegiatan", "sub_kegiatan")},
                "tingkat": tingkat,
            }
        )
        for anak in node.get("kegiatan", []) + node.get("sub_kegiatan", []):
            turun(anak, "kegiatan" if "kegiatan" in node else "sub_kegiatan")

    for prog in k.anggaran["program"]:
        turun(prog, "program")
    return {
        "bagian": bagian,
        "baris": baris,
        "pagu": k.anggaran["pagu"],
        "realisasi": k.anggaran["realisasi"],
        "serapan": k.anggaran["serapan"],
        "tabel": k.nomor.buat_tabel(f"Realisasi anggaran per program, kegiatan dan sub kegiatan {k.periode_teks}")
        if baris
        else None,
        "alokasi": k.anggaran["alokasi_sasaran"],
        "tabel_alokasi": k.nomor.buat_tabel("Alokasi dan realisasi anggaran per sasaran strategis")
        if k.anggaran["alokasi_sasaran"]
        else None,
        "peringatan": k.anggaran["peringatan"],
        "paragraf": draf.keuangan(k),
    }


# --------------------------------------------------------------------------- Bab IV and appendices


def bab_penutup(k):
    bab = k.nomor.bab(4, BAB[3][0])
    kesimpulan = k.nomor.bagian("Kesimpulan")
    rekap = _rekap(k)
    penutup = k.nomor.bagian("Kendala dan Langkah ke Depan")
    return {
        **bab,
        "kesimpulan": {"bagian": kesimpulan, "rekap": rekap, "paragraf": draf.kesimpulan(k, rekap)},
        "penutup": {"bagian": penutup, "narasi": _narasi(k, Bagian.PENUTUP, None, lambda: draf.penutup(k))},
    }


def lampiran(k, data):
    """The signed PK (items from Bab II, programs with their pagu) and the measurement form."""
    pk = k.pengukuran.pk
    pertama = k.nomor.judul(f"Lampiran I {judul_pk(pk)}", "lampiran-1")
    kedua = k.nomor.judul(f"Lampiran II Formulir Pengukuran Kinerja {k.periode_judul}", "lampiran-2")
    return {
        "pk": {
            **pertama,
            "judul_dokumen": judul_pk(pk),
            "tanggal": pk.tanggal.isoformat(),
            "ttd": _ttd_pk(k, pk),
            "program": [
                {"kode": p["kode"], "nama": p["nama"], "pagu": p["pagu"], "sumber_dana": p.get("sumber_dana", "")}
                for p in k.anggaran["program"]
            ],
            "pagu": k.anggaran["pagu"],
        },
        "pengukuran": {**kedua, "ttd": data["penanda_tangan"]},
    }
