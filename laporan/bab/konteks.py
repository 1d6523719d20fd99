"""What every chapter builder reads (`Konteks`), loaded once, and the numbering of the document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from anggaran.ringkasan import RingkasanAnggaran, Simpul, bulat_rupiah
from kinerja.alur import Persetujuan, persetujuan_periode
from kinerja.pengukuran import Pengukuran, PengukuranPerjanjian, akhir_periode
from renstra.models import Indikator, Renstra, Sasaran, Tujuan
from sakip import rumus
from sakip.formatting import normalisasi_nilai
from sakip.models import OPD

from ..data import BarisAnggaran, Entri, EntriTabel, IndikatorAnggaran, LayananDokumenLaporan, Nilai, SasaranLaporan
from ..models import DasarPangsa, Laporan, Narasi, TabelSasaran, TataLetak, pengaturan_pemda, tanggal_bawaan

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


def label_singkat(periode: rumus.Periode) -> str:
    """ "Triwulan III" -> "TW III"."""
    return periode.label.replace("Triwulan", "TW")


def nilai_atau_teks(teks: str | None, nilai: Decimal | None, minimal: int = 2) -> Nilai:
    """A measured value: the predicate's text when it has one, else the number at its own precision."""
    return teks or normalisasi_nilai(nilai, minimal)


class Penomor:
    """Numbers sections, tables and figures in document order and lists them for the front matter."""

    def __init__(self) -> None:
        self.isi: list[Entri] = []
        self.tabel: list[EntriTabel] = []
        self.gambar: list[EntriTabel] = []
        self._bab: int | None = None
        self._sub: list[int] = []
        self._n_tabel = self._n_gambar = 0

    def judul(self, judul: str, id_: str, depan: bool = False) -> Entri:
        """An unnumbered heading of the front matter (`depan`, numbered i, ii, ...) or of the appendices."""
        entri = Entri(id=id_, nomor="", judul=judul, tingkat=0, depan=depan)
        self.isi.append(entri)
        return entri

    def bab(self, urutan: int, judul: str) -> Entri:
        self._bab, self._sub = urutan, []
        self._n_tabel = self._n_gambar = 0
        entri = Entri(id=f"bab-{urutan}", nomor=f"BAB {ROMAWI[urutan - 1]}", judul=judul, tingkat=0, depan=False)
        self.isi.append(entri)
        return entri

    def bagian(self, judul: str, tingkat: int = 1) -> Entri:
        """A numbered section of the current chapter: 3.2 (tingkat 1), 3.2.1 (tingkat 2)."""
        self._sub = self._sub[:tingkat]
        while len(self._sub) < tingkat:
            self._sub.append(0)
        self._sub[-1] += 1
        nomor = ".".join(str(n) for n in [self._bab, *self._sub])
        entri = Entri(id="bagian-" + nomor.replace(".", "-"), nomor=nomor, judul=judul, tingkat=tingkat, depan=False)
        self.isi.append(entri)
        return entri

    def buat_tabel(self, judul: str, nomor: str | None = None) -> EntriTabel:
        if nomor is None:
            self._n_tabel += 1
            nomor = f"{self._bab}.{self._n_tabel}"
        entri = EntriTabel(id="tabel-" + nomor.replace(".", "-"), nomor=nomor, judul=judul)
        self.tabel.append(entri)
        return entri

    def buat_gambar(self, judul: str) -> EntriTabel:
        self._n_gambar += 1
        nomor = f"{self._bab}.{self._n_gambar}"
        entri = EntriTabel(id="gambar-" + nomor.replace(".", "-"), nomor=nomor, judul=judul)
        self.gambar.append(entri)
        return entri


@dataclass
class Konteks:
    """Everything a chapter builder reads, loaded once with a fixed number of queries."""

    opd: OPD
    tahun: int
    periode: rumus.Periode
    tata_letak: TataLetak
    pengukuran: Pengukuran
    ringkasan: RingkasanAnggaran
    renstra: Renstra | None
    tanggal: datetime.date
    persetujuan: Persetujuan
    narasi: dict[tuple[str, int | None], Narasi]
    cetak_cascade: bool = True  # the Pemda's layout prints the PKs below the head (PengaturanLaporan)
    # The table set (layout TABEL_SASARAN): which tables print, whether empty ones do, the base of 1e.
    tabel_sasaran: list[str] = field(default_factory=lambda: list(TabelSasaran.values))
    cetak_tabel_kosong: bool = False
    dasar_pangsa: DasarPangsa = DasarPangsa.SELURUH
    sasaran: list[SasaranLaporan] = field(default_factory=list)  # prepared rows (see sasaran.siapkan_sasaran)
    nomor: Penomor = field(default_factory=Penomor)
    # Documents per service type linked to no indicator of the report (sasaran.siapkan_sasaran).
    layanan_dokumen_lain: LayananDokumenLaporan | None = None

    @property
    def metodologi(self) -> rumus.Metodologi:
        return self.pengukuran.metodologi

    @property
    def pagu_dasar_pangsa(self):
        """The total a budget share of Tabel 1e is taken of, as the Pemda's layout says."""
        if self.dasar_pangsa is DasarPangsa.TERKAIT_IKU:
            return self.ringkasan.pagu_terkait
        return self.ringkasan.pagu

    @property
    def tahunan(self) -> bool:
        return self.periode is rumus.Periode.TAHUN

    @property
    def periode_judul(self) -> str:
        """ "Tahun YYYY" or "Triwulan III Tahun YYYY"."""
        return f"Tahun {self.tahun}" if self.tahunan else f"{self.periode.label} Tahun {self.tahun}"

    @property
    def periode_teks(self) -> str:
        """ "tahun YYYY" or "triwulan III tahun YYYY", inside a sentence."""
        return self.periode_judul.replace("Triwulan", "triwulan").replace("Tahun", "tahun")

    @property
    def semua_indikator(self):
        return [i for s in self.sasaran for i in s.indikator]

    @property
    def bawahan(self) -> list[PengukuranPerjanjian]:
        """The PKs in force below the head's, in cascade order, when the layout prints them; else []."""
        return self.pengukuran.semua_perjanjian[1:] if self.cetak_cascade else []

    # The office's figures, as the measurement and the budget give them.
    @property
    def capaian(self) -> Decimal | None:
        return self.pengukuran.capaian_opd.nilai

    @property
    def kategori(self) -> str | None:
        return self.pengukuran.capaian_opd.kategori

    @property
    def pagu(self) -> Decimal | None:
        return bulat_rupiah(self.ringkasan.pagu)

    @property
    def realisasi_anggaran(self) -> Decimal | None:
        return bulat_rupiah(self.ringkasan.realisasi)

    @property
    def serapan(self) -> Decimal | None:
        return self.ringkasan.serapan.nilai

    @property
    def singkatan(self) -> str:
        return self.opd.singkatan or self.opd.nama


def muat_konteks(
    opd: OPD, tahun: int, periode: rumus.Periode, pengukuran: Pengukuran, ringkasan: RingkasanAnggaran
) -> Konteks:
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
                        Prefetch(
                            "indikator_set",
                            queryset=Indikator.objects.select_related("penanggung_jawab").order_by("urutan", "id"),
                        ),
                        "indikator_set__target_set",
                    ),
                ),
                Prefetch(
                    "sasaran_set",
                    queryset=Sasaran.objects.filter(tingkat=Sasaran.Tingkat.STRATEGIS)
                    .order_by("urutan", "id")
                    .prefetch_related(
                        Prefetch(
                            "indikator_set",
                            queryset=Indikator.objects.select_related("penanggung_jawab").order_by("urutan", "id"),
                        ),
                        "indikator_set__target_set",
                        "strategi_set__arah_kebijakan_set",
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
    pengaturan = pengaturan_pemda(opd.pemda_id)
    persetujuan = persetujuan_periode(opd, tahun, periode.value)
    return Konteks(
        opd=opd,
        tahun=tahun,
        periode=periode,
        tata_letak=TataLetak(pengaturan.tata_letak),
        cetak_cascade=pengaturan.cetak_cascade,
        tabel_sasaran=pengaturan.tabel_dicetak(),
        cetak_tabel_kosong=pengaturan.cetak_tabel_kosong,
        dasar_pangsa=DasarPangsa(pengaturan.dasar_pangsa),
        pengukuran=pengukuran,
        ringkasan=ringkasan,
        renstra=renstra,
        tanggal=(laporan.tanggal if laporan else None) or tanggal_bawaan(tahun, periode, persetujuan.tanggal),
        persetujuan=persetujuan,
        narasi=narasi,
    )


# --------------------------------------------------------------------------- budget rows

ANAK = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}  # the key of a node's children in the budget tree


def anak_simpul(s: Simpul) -> list[Simpul]:
    """A node's children as the budget prints them (only programs and kegiatan have any)."""
    return s.anak if s.item.tingkat in ANAK else []


def baris_anggaran(
    s: Simpul, tingkat: str, *, level: int | None = None, mendukung: list[str] | None = None
) -> BarisAnggaran:
    """A budget node as a table row, with the figures `anggaran.ringkasan.sebagai_dict` prints."""
    return BarisAnggaran(
        kode=s.item.kode,
        nama=s.item.nama,
        pagu=bulat_rupiah(s.pagu),
        realisasi=bulat_rupiah(s.realisasi),
        serapan=s.serapan.nilai,
        pagu_murni=bulat_rupiah(s.pagu_murni) if s.pagu_murni is not None and s.pagu_murni != s.pagu else None,
        sumber_dana=s.item.sumber_dana,
        catatan=s.item.catatan,
        # Budget items' indicators are printed at their own precision, as the indicator rows are.
        indikator=[
            IndikatorAnggaran(
                nama=i.indikator.nama,
                satuan=i.indikator.satuan,
                target=nilai_atau_teks(i.target_teks, i.target),
                realisasi=nilai_atau_teks(i.realisasi_teks, i.realisasi),
                capaian=i.capaian.nilai if i.capaian else None,
                presisi=i.indikator.presisi,
            )
            for i in s.indikator
        ],
        tingkat=tingkat,
        level=level,
        mendukung=mendukung,
    )
