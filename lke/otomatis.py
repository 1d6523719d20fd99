"""Answers proposed from the data SAKIP holds (usulan otomatis), with their evidence.

A criterion names a rule (`Kriteria.otomatis`, codes in `lke.kode_otomatis`). Each rule reads
the office-year (`DataLKE`, every source loaded once, in a fixed number of queries) and returns a
`Temuan`: yes/no, a percentage (turned into an answer by the criterion's thresholds,
`Kriteria.ambang`), or an answer value directly; with the reason in Bahasa Indonesia and links
to the pages that show the evidence. A rule that cannot judge returns a Temuan without answer
(the reason says why). Proposals are computed when a page is opened and never stored by a GET;
the office adopts them ("Pakai usulan otomatis"), the evaluator sees them beside every answer.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from anggaran.models import ItemAnggaran, Pagu, Tingkat
from kinerja.models import ItemPK, Realisasi, RencanaAksi, RiwayatStatus, StatusPeriode, TemuanReviu
from kinerja.pengukuran import PengukuranTidakTersedia, pk_kepala, pk_semua, ukur_opd
from laporan.models import BerkasPDF, RekomendasiEvaluasi
from renstra.models import Indikator, Renstra, Sasaran
from sakip import rumus
from sakip.formatting import format_persen, format_tanggal
from sakip.models import Jabatan

from .kode_otomatis import ATURAN
from .models import baca_ambang

SERATUS = Decimal(100)
AMBANG_BAKU = {
    2: [(SERATUS, True)],
    5: [(Decimal(90), False), (Decimal(75), False), (Decimal(40), False), (Decimal(10), False)],
}


@dataclass(frozen=True)
class Tautan:
    teks: str
    url: str


@dataclass(frozen=True)
class Temuan:
    """What a rule found: exactly one of `ya`, `persen`, `nilai` (or none: cannot judge)."""

    alasan: str
    ya: bool | None = None
    persen: Decimal | None = None
    nilai: Decimal | None = None
    bukti: tuple[Tautan, ...] = ()


@dataclass(frozen=True)
class Usulan:
    """A proposed answer of one criterion."""

    aturan: str
    judul: str
    pilihan: object | None  # PilihanSkala, None when the rule cannot judge
    alasan: str
    bukti: tuple[Tautan, ...]
    persen: Decimal | None = None

    @property
    def teks_bukti(self) -> str:
        return "; ".join(f"{b.teks} ({b.url})" for b in self.bukti)


def persen(bagian: int, jumlah: int) -> Decimal:
    """bagian / jumlah x 100, rounded half-up to 2 decimals (0 for an empty whole)."""
    if not jumlah:
        return Decimal(0)
    return rumus.bulatkan(Decimal(bagian) * SERATUS / Decimal(jumlah))


def _teks_persen(p: Decimal) -> str:
    return format_persen(p)


class DataLKE:
    """The office-year as the rules read it: each source loaded once, when first asked."""

    def __init__(self, opd, tahun: int, tenggat_lkjip: datetime.date | None = None):
        self.opd, self.tahun = opd, tahun
        self.tenggat_lkjip = tenggat_lkjip or datetime.date(tahun + 1, 3, 31)
        self.kode = opd.kode

    def url(self, nama, *args):
        return reverse(nama, args=[self.kode, *args])

    @cached_property
    def renstra(self):
        return Renstra.objects.berlaku(self.opd, self.tahun)

    @cached_property
    def pk(self):
        return pk_kepala(self.opd, self.tahun)

    @cached_property
    def pk_semua(self):
        return pk_semua(self.opd, self.tahun)

    @cached_property
    def item(self):
        """The items of the head's PK with their indicators."""
        if self.pk is None:
            return []
        return list(
            ItemPK.objects.filter(perjanjian=self.pk).select_related("indikator", "sasaran").order_by("urutan", "id")
        )

    @cached_property
    def pengukuran(self):
        """The measurement of the year (kinerja.pengukuran): the values the report uses, composite
        indicators from their components, N-1 indicators from the year before; None without PK."""
        try:
            return ukur_opd(self.opd, self.tahun, "TAHUN")
        except PengukuranTidakTersedia:
            return None

    @cached_property
    def hasil_item(self):
        """{indicator id: HasilIndikator} of the head's PK items."""
        if self.pengukuran is None:
            return {}
        return {h.indikator.id: h for h in self.pengukuran.semua_indikator if h.item is not None}

    def terukur(self, indikator_id) -> bool:
        """The indicator has a value for the year (what the LKjIP prints)."""
        h = self.hasil_item.get(indikator_id)
        return h is not None and (h.realisasi is not None or bool(h.realisasi_teks))

    @cached_property
    def sumber_item(self):
        """{item indicator id: (indicators entered: the components of a composite, or itself; data year)}."""
        hasil = {}
        komponen = defaultdict(list)
        ids = [i.indikator_id for i in self.item]
        for k in Indikator.objects.filter(komposit_id__in=ids).order_by("urutan", "id"):
            komponen[k.komposit_id].append(k)
        for i in self.item:
            hasil[i.indikator_id] = (
                komponen.get(i.indikator_id) or [i.indikator],
                self.tahun - i.indikator.tunda_tahun,
            )
        return hasil

    @cached_property
    def baris_realisasi(self):
        """{(indicator id, year): [stored realisations with a value, each with its evidence count]} of
        the indicators entered for the head's PK items."""
        ids = {k.id for daftar, _ in self.sumber_item.values() for k in daftar}
        tahun = {t for _, t in self.sumber_item.values()}
        hasil = defaultdict(list)
        for r in Realisasi.objects.filter(indikator_id__in=ids, tahun__in=tahun).annotate(n_bukti=Count("bukti_set")):
            if r.nilai is not None or r.nilai_teks:
                hasil[(r.indikator_id, r.tahun)].append(r)
        return hasil

    def baris_item(self, item):
        """The stored realisations behind one PK item (its components', in its data year)."""
        daftar, tahun = self.sumber_item[item.indikator_id]
        return [r for k in daftar for r in self.baris_realisasi.get((k.id, tahun), [])]

    @cached_property
    def realisasi_lalu(self):
        """Indicator ids (and their earlier versions) with a value the year before."""
        ids = [i.indikator_id for i in self.item] + [i.indikator.asal_id for i in self.item if i.indikator.asal_id]
        return set(
            Realisasi.objects.filter(indikator_id__in=ids, tahun=self.tahun - 1)
            .exclude(nilai__isnull=True, nilai_teks="")
            .values_list("indikator_id", flat=True)
        )

    @cached_property
    def pdf_lkjip(self):
        """{year: the latest finished PDF of the annual LKjIP} for the year and the one before."""
        hasil = {}
        for p in (
            BerkasPDF.objects.filter(
                laporan__opd=self.opd,
                laporan__periode="TAHUN",
                laporan__tahun__in=[self.tahun, self.tahun - 1],
                status=BerkasPDF.Status.SELESAI,
                otomatis=False,  # one prepared in the background is not made until someone asks for it
            )
            .select_related("laporan")
            .order_by("selesai_pada", "id")
        ):
            hasil[p.laporan.tahun] = p
        return hasil

    @cached_property
    def status_tahunan(self):
        return StatusPeriode.objects.filter(opd=self.opd, tahun=self.tahun, periode="TAHUN").first()

    @cached_property
    def waktu_verifikasi(self):
        if self.status_tahunan is None:
            return None
        r = (
            RiwayatStatus.objects.filter(status_periode=self.status_tahunan, ke=StatusPeriode.Status.DIVERIFIKASI)
            .order_by("-waktu")
            .first()
        )
        return r.waktu if r else None

    @cached_property
    def temuan_terbuka(self):
        return TemuanReviu.objects.filter(
            opd=self.opd, tahun=self.tahun, periode="TAHUN", status=TemuanReviu.Status.TERBUKA
        ).count()

    @cached_property
    def rekomendasi(self):
        return list(RekomendasiEvaluasi.objects.filter(opd=self.opd, tahun_evaluasi__lt=self.tahun))


# --------------------------------------------------------------------------- the rules


def _renstra_ada(d: DataLKE) -> Temuan:
    r = d.renstra
    if r is None:
        return Temuan(
            f"Tidak ada Renstra yang mencakup tahun {d.tahun}.",
            ya=False,
            bukti=(Tautan("Renstra", d.url("renstra_editor")),),
        )
    tetap = (
        f", ditetapkan {format_tanggal(r.tanggal_penetapan)}"
        if r.tanggal_penetapan
        else " (tanggal penetapan belum dicatat)"
    )
    return Temuan(
        f"Renstra {r.tahun_mulai}–{r.tahun_selesai} tersimpan{tetap}.",
        ya=True,
        bukti=(Tautan(f"Renstra {r.tahun_mulai}–{r.tahun_selesai}", d.url("renstra_editor")),),
    )


def _pk_ditetapkan(d: DataLKE) -> Temuan:
    p = d.pk
    if p is None:
        return Temuan(
            f"Belum ada Perjanjian Kinerja kepala perangkat daerah tahun {d.tahun}.",
            ya=False,
            bukti=(Tautan(f"PK {d.tahun}", d.url("pk_editor", d.tahun)),),
        )
    bukti = (
        Tautan(f"{p.label_versi} {d.tahun}", d.url("pk_editor", d.tahun)),
        Tautan(f"Dokumen {p.label_versi} {d.tahun} (PDF)", d.url("perjanjian_pdf", d.tahun, p.id)),
    )
    if p.status != p.Status.DITETAPKAN:
        return Temuan(f"{p.label_versi} {d.tahun} masih draf (belum ditetapkan pimpinan).", ya=False, bukti=bukti)
    return Temuan(f"{p.label_versi} {d.tahun} ditetapkan, tanggal {format_tanggal(p.tanggal)}.", ya=True, bukti=bukti)


def _pk_memuat_iku(d: DataLKE) -> Temuan:
    if d.renstra is None or d.pk is None:
        return Temuan("Renstra atau PK kepala tahun ini tidak ada.", persen=Decimal(0))
    ids = set(
        Indikator.objects.filter(
            sasaran__renstra=d.renstra, sasaran__tingkat=Sasaran.Tingkat.STRATEGIS, komposit__isnull=True
        ).values_list("id", flat=True)
    )
    dalam = ids & {i.indikator_id for i in d.item}
    p = persen(len(dalam), len(ids))
    return Temuan(
        f"{len(dalam)} dari {len(ids)} indikator sasaran strategis Renstra diperjanjikan dalam PK ({_teks_persen(p)}).",
        persen=p,
        bukti=(Tautan(f"PK {d.tahun}", d.url("pk_editor", d.tahun)), Tautan("Renstra", d.url("renstra_editor"))),
    )


def _rencana_aksi_lengkap(d: DataLKE) -> Temuan:
    if not d.item:
        return Temuan("PK kepala tahun ini tidak memiliki indikator.", ya=False)
    ada = defaultdict(set)
    for item_id, tw in (
        RencanaAksi.objects.filter(item__in=[i.id for i in d.item])
        .exclude(target__isnull=True, target_teks="")
        .values_list("item_id", "triwulan")
    ):
        ada[item_id].add(tw)
    lengkap = sum(1 for i in d.item if ada[i.id] >= {1, 2, 3, 4})
    bukti = (Tautan(f"Rencana aksi {d.tahun}", d.url("rencana_aksi", d.tahun)),)
    alasan = f"{lengkap} dari {len(d.item)} indikator PK memiliki target rencana aksi TW I–IV."
    return Temuan(alasan, ya=lengkap == len(d.item), bukti=bukti)


def _cascading_pk(d: DataLKE) -> Temuan:
    jabatan = list(
        Jabatan.objects.filter(opd=d.opd, eselon__in=[Jabatan.Eselon.III, Jabatan.Eselon.IV]).values_list(
            "id", flat=True
        )
    )
    if not jabatan:
        return Temuan("OPD tidak memiliki jabatan eselon III/IV.")
    ber_pk = {
        p.jabatan_id
        for p, atasan in d.pk_semua
        if p.jabatan_id in set(jabatan) and p.status == p.Status.DITETAPKAN and (p.perjanjian_atasan_id or atasan)
    }
    p = persen(len(ber_pk), len(jabatan))
    return Temuan(
        f"{len(ber_pk)} dari {len(jabatan)} jabatan eselon III/IV memiliki PK {d.tahun} yang ditetapkan di bawah PK "
        f"atasannya ({_teks_persen(p)}).",
        persen=p,
        bukti=(
            Tautan(f"Pohon kinerja {d.tahun}", d.url("pohon_kinerja", d.tahun)),
            Tautan(f"PK {d.tahun}", d.url("pk_editor", d.tahun)),
        ),
    )


def _program_tertaut(d: DataLKE):
    """(linked, all) programs of the year: linked when it or an item below it supports a sasaran or indicator."""
    items = list(
        ItemAnggaran.objects.filter(opd=d.opd, tahun=d.tahun)
        .annotate(n_sasaran=Count("sasaran", distinct=True), n_indikator=Count("indikator_didukung", distinct=True))
        .values_list("kode", "tingkat", "n_sasaran", "n_indikator")
    )
    program = [k for k, t, _, _ in items if t == Tingkat.PROGRAM]
    tertaut = {k for k, _, s, i in items if s or i}
    return [p for p in program if any(k == p or k.startswith(p + ".") for k in tertaut)], program


def _anggaran_mengacu_kinerja(d: DataLKE) -> Temuan:
    tertaut, program = _program_tertaut(d)
    if not program:
        return Temuan(f"Belum ada program anggaran tahun {d.tahun}.", persen=Decimal(0))
    p = persen(len(tertaut), len(program))
    return Temuan(
        f"{len(tertaut)} dari {len(program)} program {d.tahun} dikaitkan dengan sasaran/indikator kinerja "
        f"({_teks_persen(p)}).",
        persen=p,
        bukti=(Tautan(f"Anggaran {d.tahun}", d.url("anggaran_opd", d.tahun)),),
    )


def _pk_diukur(d: DataLKE) -> Temuan:
    if not d.item:
        return Temuan("PK kepala tahun ini tidak memiliki indikator.", nilai=Decimal(0))
    diukur = sum(1 for i in d.item if d.terukur(i.indikator_id))
    bukti = (Tautan(f"Realisasi {d.tahun}", d.url("realisasi_grid", d.tahun, "TAHUN")),)
    if not diukur:
        return Temuan("Tidak ada indikator PK yang diukur (tanpa realisasi).", nilai=Decimal(0), bukti=bukti)
    disetujui = d.status_tahunan is not None and d.status_tahunan.status in (
        StatusPeriode.Status.DISETUJUI,
        StatusPeriode.Status.DIVERIFIKASI,
    )
    if diukur == len(d.item) and disetujui:
        return Temuan(
            f"Seluruh {diukur} indikator PK diukur dan hasilnya disetujui pimpinan (status tahunan "
            f"{d.status_tahunan.get_status_display().lower()}); A/B memerlukan bukti pemanfaatan di luar data.",
            nilai=Decimal("0.5"),
            bukti=bukti,
        )
    return Temuan(
        f"{diukur} dari {len(d.item)} indikator PK diukur; hasil tahunan belum disetujui pimpinan.",
        nilai=Decimal("0.25"),
        bukti=bukti,
    )


def _iku_ditetapkan(d: DataLKE) -> Temuan:
    if d.renstra is None:
        return Temuan(f"Tidak ada Renstra yang mencakup tahun {d.tahun}.", ya=False)
    sasaran = list(
        Sasaran.objects.filter(renstra=d.renstra, tingkat=Sasaran.Tingkat.STRATEGIS).annotate(
            n_iku=Count("indikator_set", filter=Q(indikator_set__iku=True))
        )
    )
    tanpa = [s for s in sasaran if not s.n_iku]
    bukti = (Tautan("Renstra (kolom IKU)", d.url("renstra_editor")),)
    if not sasaran:
        return Temuan("Renstra belum memiliki sasaran strategis.", ya=False, bukti=bukti)
    return Temuan(
        f"{len(sasaran) - len(tanpa)} dari {len(sasaran)} sasaran strategis memiliki IKU.", ya=not tanpa, bukti=bukti
    )


def _definisi_operasional(d: DataLKE) -> Temuan:
    if not d.item:
        return Temuan("PK kepala tahun ini tidak memiliki indikator.", persen=Decimal(0))
    ada = sum(1 for i in d.item if i.indikator.definisi.strip() or i.indikator.formula.strip())
    p = persen(ada, len(d.item))
    return Temuan(
        f"{ada} dari {len(d.item)} indikator PK memiliki definisi operasional atau formula ({_teks_persen(p)}).",
        persen=p,
        bukti=(Tautan("Renstra (indikator)", d.url("renstra_editor")),),
    )


def _bukti_realisasi(d: DataLKE) -> Temuan:
    baris = [r for i in d.item for r in d.baris_item(i)]
    if not baris:
        return Temuan(f"Belum ada realisasi indikator PK tahun {d.tahun}.", persen=Decimal(0))
    berbukti = sum(1 for r in baris if r.n_bukti)
    p = persen(berbukti, len(baris))
    return Temuan(
        f"{berbukti} dari {len(baris)} realisasi indikator PK {d.tahun} dilampiri bukti dukung ({_teks_persen(p)}).",
        persen=p,
        bukti=tuple(Tautan(f"Realisasi {per}", d.url("realisasi_grid", d.tahun, per)) for per in _periode_ada(baris)),
    )


def _periode_ada(baris):
    urutan = ["TW1", "TW2", "TW3", "TW4", "S1", "S2", "TAHUN"]
    return sorted({r.periode for r in baris}, key=urutan.index)


PERIODE_FREKUENSI = {
    Indikator.Frekuensi.TRIWULAN: [{"TW1"}, {"TW2"}, {"TW3"}, {"TW4", "TAHUN"}],
    Indikator.Frekuensi.SEMESTER: [{"S1", "TW2"}, {"S2", "TW4", "TAHUN"}],
    Indikator.Frekuensi.TAHUN: [{"TAHUN", "TW4", "S2"}],
}


def _realisasi_berkala(d: DataLKE) -> Temuan:
    if not d.item:
        return Temuan("PK kepala tahun ini tidak memiliki indikator.", ya=False)
    kurang = []
    for i in d.item:
        daftar, tahun = d.sumber_item[i.indikator_id]
        for k in daftar:  # a composite is entered through its components
            ada = {r.periode for r in d.baris_realisasi.get((k.id, tahun), [])}
            if not all(ada & perlu for perlu in PERIODE_FREKUENSI[k.frekuensi]):
                kurang.append(i.indikator)
                break
    bukti = (Tautan(f"Realisasi {d.tahun}", d.url("realisasi_grid", d.tahun, "TW1")),)
    if kurang:
        return Temuan(
            f"{len(d.item) - len(kurang)} dari {len(d.item)} indikator PK memiliki realisasi setiap periode datanya "
            f"(triwulan/semester/tahun); belum lengkap antara lain: {kurang[0].nama}.",
            ya=False,
            bukti=bukti,
        )
    return Temuan(
        f"Seluruh {len(d.item)} indikator PK memiliki realisasi setiap periode datanya.", ya=True, bukti=bukti
    )


def _pengukuran_berjenjang(d: DataLKE) -> Temuan:
    jabatan = set(
        Jabatan.objects.filter(
            opd=d.opd, eselon__in=[Jabatan.Eselon.II, Jabatan.Eselon.III, Jabatan.Eselon.IV]
        ).values_list("id", flat=True)
    )
    if not jabatan:
        return Temuan("OPD tidak memiliki jabatan struktural.")
    diukur = 0
    for p in d.pengukuran.semua_perjanjian if d.pengukuran else []:
        hasil = [h for s in p.sasaran for h in s.indikator]
        if p.jabatan.id in jabatan and hasil and all(h.realisasi is not None or h.realisasi_teks for h in hasil):
            diukur += 1
    p = persen(diukur, len(jabatan))
    return Temuan(
        f"{diukur} dari {len(jabatan)} jabatan eselon II–IV memiliki PK {d.tahun} yang seluruh indikatornya terukur "
        f"({_teks_persen(p)}).",
        persen=p,
        bukti=(Tautan(f"PK {d.tahun} per jabatan", d.url("pk_editor", d.tahun)),),
    )


def _ti_pengumpulan(d: DataLKE) -> Temuan:
    jumlah = (
        Realisasi.objects.filter(indikator__opd=d.opd, tahun=d.tahun).exclude(nilai__isnull=True, nilai_teks="").count()
    )
    bukti = (Tautan(f"Realisasi {d.tahun}", d.url("realisasi_grid", d.tahun, "TAHUN")),)
    if not jumlah:
        return Temuan(f"Belum ada realisasi tahun {d.tahun} di aplikasi SAKIP.", ya=False, bukti=bukti)
    return Temuan(f"{jumlah} realisasi tahun {d.tahun} dikumpulkan di aplikasi SAKIP.", ya=True, bukti=bukti)


def _ti_pengukuran(d: DataLKE) -> Temuan:
    terukur = sum(1 for h in d.hasil_item.values() if h.capaian.nilai is not None)
    bukti = (Tautan(f"Pengukuran {d.tahun}", d.url("laporan", d.tahun, "tahunan")),)
    if not terukur:
        return Temuan(
            "Belum ada indikator PK dengan target dan realisasi untuk dihitung capaiannya.", ya=False, bukti=bukti
        )
    return Temuan(f"Capaian {terukur} indikator PK {d.tahun} dihitung aplikasi SAKIP.", ya=True, bukti=bukti)


def _tanggal_pdf(pdf) -> datetime.date:
    """The day a PDF was finished (its last update for a job stored without that time)."""
    waktu = pdf.selesai_pada or pdf.diperbarui
    return timezone.localdate(waktu) if timezone.is_aware(waktu) else waktu.date()


def _bukti_pdf(d: DataLKE, tahun):
    pdf = d.pdf_lkjip.get(tahun)
    if pdf is None:
        return ()
    return (Tautan(f"PDF LKjIP {tahun}", d.url("laporan_pdf_unduh", pdf.id)),)


def _lkjip_disusun(d: DataLKE) -> Temuan:
    bukti = (Tautan(f"LKjIP {d.tahun}", d.url("laporan", d.tahun, "tahunan")), *_bukti_pdf(d, d.tahun))
    pdf = d.pdf_lkjip.get(d.tahun)
    if pdf is None:
        return Temuan(f"PDF LKjIP {d.tahun} belum dibuat di aplikasi.", ya=False, bukti=bukti)
    return Temuan(f"PDF LKjIP {d.tahun} selesai dibuat {format_tanggal(_tanggal_pdf(pdf))}.", ya=True, bukti=bukti)


def _lkjip_berkala(d: DataLKE) -> Temuan:
    ada = [t for t in (d.tahun - 1, d.tahun) if t in d.pdf_lkjip]
    bukti = (
        Tautan("Laporan kinerja OPD", d.url("laporan_indeks")),
        *_bukti_pdf(d, d.tahun - 1),
        *_bukti_pdf(d, d.tahun),
    )
    if len(ada) < 2:
        kurang = ", ".join(str(t) for t in (d.tahun - 1, d.tahun) if t not in ada)
        return Temuan(f"PDF LKjIP tahun {kurang} belum ada di aplikasi.", ya=False, bukti=bukti)
    return Temuan(f"LKjIP tahun {d.tahun - 1} dan {d.tahun} tersusun.", ya=True, bukti=bukti)


def _lkjip_direviu(d: DataLKE) -> Temuan:
    bukti = (Tautan(f"Reviu {d.tahun}", d.url("ruang_reviu", d.tahun, "TAHUN")),)
    s = d.status_tahunan
    if s is None or s.status != StatusPeriode.Status.DIVERIFIKASI:
        status = s.get_status_display().lower() if s else "draf"
        return Temuan(
            f"Periode tahunan {d.tahun} belum diverifikasi reviewer (status {status}).", ya=False, bukti=bukti
        )
    if d.temuan_terbuka:
        return Temuan(f"{d.temuan_terbuka} temuan reviu {d.tahun} masih terbuka.", ya=False, bukti=bukti)
    return Temuan(f"Periode tahunan {d.tahun} diverifikasi dan seluruh temuan reviu tertutup.", ya=True, bukti=bukti)


def _lkjip_tepat_waktu(d: DataLKE) -> Temuan:
    tenggat = format_tanggal(d.tenggat_lkjip)
    pdf = d.pdf_lkjip.get(d.tahun)
    bukti = (*_bukti_pdf(d, d.tahun), Tautan(f"Reviu {d.tahun}", d.url("ruang_reviu", d.tahun, "TAHUN")))
    if pdf is None:
        return Temuan(f"PDF LKjIP {d.tahun} belum dibuat (tenggat {tenggat}).", ya=False, bukti=bukti)
    selesai = _tanggal_pdf(pdf)
    if selesai > d.tenggat_lkjip:
        return Temuan(f"PDF LKjIP selesai {format_tanggal(selesai)}, setelah tenggat {tenggat}.", ya=False, bukti=bukti)
    diverifikasi = timezone.localdate(d.waktu_verifikasi) if d.waktu_verifikasi else None
    if diverifikasi is None or diverifikasi > d.tenggat_lkjip:
        return Temuan(
            f"Reviu (verifikasi periode tahunan) belum selesai sebelum tenggat {tenggat}.", ya=False, bukti=bukti
        )
    return Temuan(
        f"PDF LKjIP selesai {format_tanggal(selesai)} dan diverifikasi {format_tanggal(diverifikasi)}, "
        f"sebelum tenggat {tenggat}.",
        ya=True,
        bukti=bukti,
    )


def _persen_item(d: DataLKE, syarat, uraian: str, bukti) -> Temuan:
    if not d.item:
        return Temuan("PK kepala tahun ini tidak memiliki indikator.", persen=Decimal(0))
    ada = sum(1 for i in d.item if syarat(i))
    p = persen(ada, len(d.item))
    return Temuan(f"{ada} dari {len(d.item)} indikator PK {uraian} ({_teks_persen(p)}).", persen=p, bukti=bukti)


def _lkjip_target_tahunan(d: DataLKE) -> Temuan:
    return _persen_item(
        d,
        lambda i: i.indikator_id in d.hasil_item and d.hasil_item[i.indikator_id].capaian.nilai is not None,
        f"memiliki target dan realisasi {d.tahun} yang dibandingkan di LKjIP",
        (Tautan(f"LKjIP {d.tahun} Bab III", d.url("laporan", d.tahun, "tahunan")),),
    )


def _lkjip_target_menengah(d: DataLKE) -> Temuan:
    return _persen_item(
        d,
        lambda i: i.indikator.target_akhir is not None or i.indikator.target_akhir_teks,
        "memiliki target akhir Renstra untuk analisis tingkat kemajuan",
        (Tautan(f"LKjIP {d.tahun} Bab III", d.url("laporan", d.tahun, "tahunan")),),
    )


def _lkjip_tahun_lalu(d: DataLKE) -> Temuan:
    return _persen_item(
        d,
        lambda i: i.indikator_id in d.realisasi_lalu or i.indikator.asal_id in d.realisasi_lalu,
        f"memiliki realisasi {d.tahun - 1} untuk perbandingan antartahun",
        (Tautan(f"LKjIP {d.tahun} Bab III", d.url("laporan", d.tahun, "tahunan")),),
    )


def _lkjip_keuangan(d: DataLKE) -> Temuan:
    sasaran = {i.sasaran_id for i in d.item}
    if not sasaran:
        return Temuan("PK kepala tahun ini tidak memiliki sasaran.", persen=Decimal(0))
    indikator_sasaran = defaultdict(set)
    for i in d.item:
        indikator_sasaran[i.indikator_id].add(i.sasaran_id)
    berpagu = set(Pagu.objects.filter(item__opd=d.opd, item__tahun=d.tahun).values_list("item__kode", flat=True))
    didukung = set()
    for item in ItemAnggaran.objects.filter(opd=d.opd, tahun=d.tahun).prefetch_related("sasaran", "indikator_didukung"):
        if not any(k == item.kode or k.startswith(item.kode + ".") for k in berpagu):
            continue
        didukung |= {s.id for s in item.sasaran.all()} & sasaran
        for ind in item.indikator_didukung.all():
            didukung |= indikator_sasaran.get(ind.id, set())
    p = persen(len(didukung), len(sasaran))
    return Temuan(
        f"{len(didukung)} dari {len(sasaran)} sasaran PK didukung program/kegiatan berpagu {d.tahun} "
        f"({_teks_persen(p)}).",
        persen=p,
        bukti=(Tautan(f"Anggaran {d.tahun}", d.url("anggaran_opd", d.tahun)),),
    )


def _rekomendasi_ditindaklanjuti(d: DataLKE) -> Temuan:
    daftar = d.rekomendasi
    bukti = (Tautan("Register rekomendasi", d.url("rekomendasi")),)
    if not daftar:
        return Temuan("Belum ada rekomendasi evaluasi tahun sebelumnya yang tercatat.", bukti=bukti)
    selesai = sum(1 for r in daftar if r.status == RekomendasiEvaluasi.Status.SELESAI)
    p = persen(selesai, len(daftar))
    return Temuan(
        f"{selesai} dari {len(daftar)} rekomendasi evaluasi tahun sebelumnya selesai ditindaklanjuti "
        f"({_teks_persen(p)}).",
        persen=p,
        bukti=bukti,
    )


ATURAN_FUNGSI = {
    "renstra_ada": _renstra_ada,
    "pk_ditetapkan": _pk_ditetapkan,
    "pk_memuat_iku": _pk_memuat_iku,
    "rencana_aksi_lengkap": _rencana_aksi_lengkap,
    "cascading_pk": _cascading_pk,
    "anggaran_mengacu_kinerja": _anggaran_mengacu_kinerja,
    "pk_diukur": _pk_diukur,
    "iku_ditetapkan": _iku_ditetapkan,
    "definisi_operasional": _definisi_operasional,
    "bukti_realisasi": _bukti_realisasi,
    "realisasi_berkala": _realisasi_berkala,
    "pengukuran_berjenjang": _pengukuran_berjenjang,
    "ti_pengumpulan": _ti_pengumpulan,
    "ti_pengukuran": _ti_pengukuran,
    "lkjip_disusun": _lkjip_disusun,
    "lkjip_berkala": _lkjip_berkala,
    "lkjip_direviu": _lkjip_direviu,
    "lkjip_tepat_waktu": _lkjip_tepat_waktu,
    "lkjip_target_tahunan": _lkjip_target_tahunan,
    "lkjip_target_menengah": _lkjip_target_menengah,
    "lkjip_tahun_lalu": _lkjip_tahun_lalu,
    "lkjip_keuangan": _lkjip_keuangan,
    "rekomendasi_ditindaklanjuti": _rekomendasi_ditindaklanjuti,
}
assert set(ATURAN_FUNGSI) == set(ATURAN), "lke.kode_otomatis and lke.otomatis name the same rules"


def pilih_jawaban(kriteria, temuan: Temuan):
    """The option of the criterion's scale that the finding earns (None: no answer)."""
    pilihan = sorted(kriteria.skala.pilihan_set.all(), key=lambda p: p.nilai, reverse=True)
    if not pilihan:
        return None
    if temuan.ya is not None:
        return pilihan[0] if temuan.ya else pilihan[-1]
    if temuan.nilai is not None:
        # The best option not above the value found (a scale without that value rounds down).
        return next((p for p in pilihan if p.nilai <= temuan.nilai), pilihan[-1])
    if temuan.persen is not None:
        try:
            ambang = baca_ambang(kriteria.ambang) if kriteria.ambang else AMBANG_BAKU.get(len(pilihan))
            if not ambang or len(ambang) != len(pilihan) - 1:
                return None
            kode = rumus.pilih_ambang(temuan.persen, ambang, [str(i) for i in range(len(pilihan))])
        except (ValidationError, rumus.GalatRumus):
            return None  # thresholds stored past the checks (by hand): no proposal rather than a guess
        return pilihan[int(kode)]
    return None


def usulkan(kriteria, data: DataLKE) -> Usulan | None:
    """The proposal of one criterion (None when the criterion has no rule)."""
    if not kriteria.otomatis or kriteria.otomatis not in ATURAN_FUNGSI:
        return None
    temuan = ATURAN_FUNGSI[kriteria.otomatis](data)
    return Usulan(
        aturan=kriteria.otomatis,
        judul=ATURAN[kriteria.otomatis][0],
        pilihan=pilih_jawaban(kriteria, temuan),
        alasan=temuan.alasan,
        bukti=temuan.bukti,
        persen=temuan.persen,
    )


def usulan_semua(kriteria_list, data: DataLKE) -> dict:
    """{criterion id: Usulan} of every criterion with a rule; each rule runs once."""
    hasil, temuan = {}, {}
    for k in kriteria_list:
        if not k.otomatis or k.otomatis not in ATURAN_FUNGSI:
            continue
        if k.otomatis not in temuan:
            temuan[k.otomatis] = ATURAN_FUNGSI[k.otomatis](data)
        t = temuan[k.otomatis]
        hasil[k.id] = Usulan(k.otomatis, ATURAN[k.otomatis][0], pilih_jawaban(k, t), t.alasan, t.bukti, t.persen)
    return hasil
