"""Data checks of an office-year: what an inspectorate reviewer checks, done by the software.

`periksa_opd(opd, tahun, periode)` returns findings (Temuan) with a severity, a message in
Bahasa Indonesia naming the item and its figures, and a link to the screen where it is fixed.
It reads the same measurement and budget selectors as every report, so a finding is about the
figures the report will print.
"""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Count
from django.urls import reverse

from anggaran.aturan import pesan_melebihi_pagu
from anggaran.models import ItemAnggaran
from anggaran.ringkasan import NOL, anggaran_per_jenis, ringkas_anggaran
from kinerja.models import Bukti, Realisasi
from kinerja.pengukuran import SUMBER_RENSTRA, PengukuranTidakTersedia, ukur_opd
from renstra.models import Indikator, TargetIndikator
from sakip import rumus
from sakip.formatting import format_nilai, format_persen, format_rupiah

from .periksa_cascade import periksa_cascade
from .periksa_narasi import periksa_narasi
from .temuan import GALAT, INFO, LABEL_TINGKAT, PERINGATAN, URUTAN_TINGKAT, Temuan  # noqa: F401 - the checks' vocabulary


def _n(nilai, presisi=None):
    """A value in a message as tables print it: at most the indicator's decimals (77,08, not 77,080769)."""
    return format_nilai(nilai, presisi)


def _rentang_periode(tahun, periode):
    p = rumus.Periode(periode)
    awal = datetime.date(tahun, p.bulan_awal if p.jumlah_triwulan < 4 else 1, 1)
    akhir = datetime.date(tahun, p.bulan_akhir, calendar.monthrange(tahun, p.bulan_akhir)[1])
    return datetime.date(tahun, 1, 1) if p.jumlah_triwulan == 4 else awal, akhir


def periksa_opd(opd, tahun, periode="TAHUN"):
    """Every data check of an office for a year and period, most severe first."""
    periode = rumus.Periode(periode)
    temuan = []
    url_grid = reverse("realisasi_grid", args=[opd.kode, tahun, periode.value])
    url_pk = reverse("pk_editor", args=[opd.kode, tahun])
    url_renstra = reverse("renstra_editor", args=[opd.kode])
    try:
        hasil = ukur_opd(opd, tahun, periode)
    except PengukuranTidakTersedia as exc:
        return [Temuan("tanpa_pk", GALAT, str(exc), url_pk, f"opd:{opd.id}")]

    semua = hasil.semua_indikator
    ids = [h.indikator.id for h in semua]
    target_renstra = {t.indikator_id: t for t in TargetIndikator.objects.filter(indikator_id__in=ids, tahun=tahun)}
    riwayat = {}
    for r in Realisasi.objects.filter(indikator_id__in=ids, tahun__lt=tahun, periode="TAHUN").order_by("tahun"):
        riwayat.setdefault(r.indikator_id, []).append(r)
    baris_periode = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(indikator_id__in=ids, tahun=tahun, periode=periode.value).annotate(
            n_bukti=Count("bukti_set")
        )
    }
    awal, akhir = _rentang_periode(tahun, periode)
    bukti_luar = (
        Bukti.objects.filter(
            realisasi__indikator_id__in=ids,
            realisasi__tahun=tahun,
            realisasi__periode=periode.value,
            tanggal_dokumen__isnull=False,
        )
        .exclude(tanggal_dokumen__range=(awal, akhir))
        .select_related("realisasi__indikator")
    )
    revisi_pk = hasil.perjanjian.versi > 0

    for h in semua:
        ind = h.indikator
        kunci = f"indikator:{ind.id}"
        nama = f"\u201c{ind.nama}\u201d"
        # PK target vs Renstra target of the year, unless a PK perubahan records the change.
        t = target_renstra.get(ind.id)
        if h.item is not None and t is not None:
            beda = (t.nilai is not None and h.item.target is not None and t.nilai != h.item.target) or (
                t.nilai_teks and h.item.target_teks and t.nilai_teks != h.item.target_teks
            )
            if beda:
                temuan.append(
                    Temuan(
                        "target_pk_renstra",
                        INFO if revisi_pk else PERINGATAN,
                        f"Target PK {nama} ({_n(h.item.target, ind.presisi)}{h.item.target_teks} {ind.satuan}) berbeda "
                        f"dengan target Renstra {tahun} ({_n(t.nilai, ind.presisi)}{t.nilai_teks} {ind.satuan})"
                        + (
                            f"; tercatat pada {hasil.perjanjian.label_versi}."
                            if revisi_pk
                            else " tanpa perubahan Renstra/PK tercatat."
                        ),
                        url_pk,
                        kunci,
                    )
                )
        if h.sumber_target == SUMBER_RENSTRA:
            temuan.append(
                Temuan(
                    "iku_di_luar_pk",
                    PERINGATAN,
                    f"IKU {nama} diukur dalam laporan tetapi tidak ada di {hasil.perjanjian.label_versi} {tahun}.",
                    url_pk,
                    kunci,
                )
            )
        if h.realisasi is None and not h.realisasi_teks:
            temuan.append(
                Temuan(
                    "belum_diukur",
                    GALAT,
                    f"Indikator PK {nama} belum memiliki realisasi untuk {periode.label} {tahun}.",
                    url_grid,
                    kunci,
                )
            )
            continue
        r = baris_periode.get(ind.id)
        if r is not None and r.n_bukti == 0:
            temuan.append(
                Temuan(
                    "tanpa_bukti",
                    PERINGATAN,
                    f"Realisasi {nama} {periode.label} {tahun} ({_n(r.nilai, ind.presisi)}{r.nilai_teks}) "
                    "belum dilengkapi bukti dukung.",
                    url_grid,
                    kunci,
                )
            )
        if ind.satuan.strip() == "%" and h.realisasi is not None and h.realisasi > 100:
            temuan.append(
                Temuan(
                    "di_atas_100",
                    PERINGATAN,
                    f"Realisasi {nama} {_n(h.realisasi, ind.presisi)} % melebihi 100 %: periksa pembilang "
                    "dan penyebutnya (cakupan tidak lazim melebihi 100 %).",
                    url_grid,
                    kunci,
                )
            )
        lalu = riwayat.get(ind.id, [])
        if (
            h.target is not None
            and lalu
            and lalu[-1].nilai is not None
            and lalu[-1].tahun == tahun - 1
            and ind.arah == rumus.Arah.NAIK
            and h.target < lalu[-1].nilai
        ):
            temuan.append(
                Temuan(
                    "target_di_bawah_capaian_lalu",
                    INFO,
                    f"Target {nama} {tahun} ({_n(h.target, ind.presisi)}) lebih rendah dari "
                    f"realisasi {tahun - 1} ({_n(lalu[-1].nilai, ind.presisi)}).",
                    url_pk,
                    kunci,
                )
            )
        if ind.iku and len({r_.tahun for r_ in lalu}) < 2:
            temuan.append(
                Temuan(
                    "tren_kurang",
                    INFO,
                    f"IKU {nama} belum punya realisasi tiga tahun (hanya "
                    f"{len(lalu) + 1} tahun tercatat) untuk analisis perbandingan antartahun.",
                    url_renstra,
                    kunci,
                )
            )
        if (
            ind.target_akhir is not None
            and h.realisasi is not None
            and ind.arah == rumus.Arah.NAIK
            and h.realisasi > ind.target_akhir
            and ind.satuan.strip() == "%"
        ):
            temuan.append(
                Temuan(
                    "target_akhir_terlampaui",
                    INFO,
                    f"Realisasi {nama} ({_n(h.realisasi, ind.presisi)}) sudah melampaui target akhir "
                    f"Renstra ({_n(ind.target_akhir, ind.presisi)}); pertimbangkan revisi target.",
                    url_renstra,
                    kunci,
                )
            )
    for b in bukti_luar:
        ind = b.realisasi.indikator
        temuan.append(
            Temuan(
                "bukti_di_luar_periode",
                PERINGATAN,
                f"Bukti \u201c{b}\u201d untuk \u201c{ind.nama}\u201d bertanggal "
                f"{b.tanggal_dokumen:%d-%m-%Y}, di luar {periode.label} {tahun}.",
                url_grid,
                f"indikator:{ind.id}",
            )
        )

    # Every PK in force against its superior's: targets, unmeasured indicators, missing links.
    temuan += periksa_cascade(opd, tahun, periode, hasil)

    # Indicators with the same name but different units across the office's Renstra and budget.
    per_nama = {}
    for ind in Indikator.objects.filter(opd=opd).only("nama", "satuan"):
        per_nama.setdefault(ind.nama.strip().lower(), set()).add(ind.satuan.strip())
    for nama, satuan in per_nama.items():
        if len(satuan) > 1:
            temuan.append(
                Temuan(
                    "satuan_berbeda",
                    PERINGATAN,
                    f"Indikator \u201c{nama}\u201d tercatat dengan satuan berbeda: {', '.join(sorted(satuan))}.",
                    url_renstra,
                    f"nama:{nama}",
                )
            )

    # Budget: spending above pagu, items under several sasaran, sasaran without budget (no efficiency).
    if ItemAnggaran.objects.filter(opd=opd, tahun=tahun).exists():
        p_ang = periode if periode.jumlah_triwulan == 1 else rumus.Periode.dari_triwulan(periode.triwulan_akhir)
        ang = ringkas_anggaran(opd, tahun, p_ang, pengukuran=hasil)
        url_ang = reverse("anggaran_opd", args=[opd.kode, tahun])
        for s in ang.semua_simpul():
            # Spent without a pagu (pagu 0, or none entered) has no serapan: reported here, "–" in the report.
            if s.daun and s.realisasi > s.pagu:
                serap = (
                    f" Serapan {format_persen(s.serapan.nilai)}."
                    if s.serapan.nilai is not None
                    else " Serapan tidak dapat dihitung (pagu 0)."
                )
                temuan.append(
                    Temuan(
                        "realisasi_melebihi_pagu",
                        GALAT,
                        pesan_melebihi_pagu(s.realisasi, s.pagu, item=f"{s.item.kode} {s.item.nama}") + serap,
                        url_ang,
                        f"anggaran:{s.item.kode}",
                    )
                )
            ganda = s.item.sasaran.all()
            if len(ganda) > 1:
                temuan.append(
                    Temuan(
                        "program_ganda",
                        PERINGATAN,
                        f"{s.item.kode} {s.item.nama} dihitung di {len(ganda)} sasaran; "
                        "pangsa anggaran per sasaran menjadi lebih dari 100 %.",
                        url_ang,
                        f"anggaran:{s.item.kode}",
                    )
                )
        for a in ang.alokasi:
            if not a.item:
                temuan.append(
                    Temuan(
                        "tanpa_anggaran",
                        INFO,
                        f"Sasaran \u201c{a.sasaran.uraian}\u201d tidak dikaitkan dengan program/"
                        "kegiatan mana pun: analisis efisiensinya tidak dapat dibuat.",
                        url_ang,
                        f"sasaran:{a.sasaran.id}",
                    )
                )
    else:
        temuan.append(
            Temuan(
                "tanpa_data_anggaran",
                INFO,
                f"Belum ada data anggaran {tahun}.",
                reverse("anggaran_opd", args=[opd.kode, tahun]),
                f"opd:{opd.id}",
            )
        )
    temuan += _periksa_belanja_jenis(opd, tahun)
    # The report's narrative: numbers against the table, year labels, template remnants.
    temuan += periksa_narasi(opd, tahun, periode.value, hasil)
    temuan.sort(key=lambda t: URUTAN_TINGKAT[t.tingkat])
    return temuan


def _periksa_belanja_jenis(opd, tahun):
    """The budget per spending type (Bab III): a type's year spending above its last stage's pagu,
    or spent without a pagu (pagu 0: no serapan, printed "–"). One query."""
    per_jenis = anggaran_per_jenis(opd, tahun)
    if per_jenis is None:
        return []
    akhir = per_jenis.tahap[-1]
    hasil = []
    for b in per_jenis.baris:
        pagu = b.pagu.get(akhir) or NOL
        if b.realisasi is None or b.realisasi <= pagu:
            continue
        serap = (
            f"Serapan {format_persen(b.serapan.nilai)}."
            if b.serapan.nilai is not None
            else "Serapan tidak dapat dihitung (pagu 0)."
        )
        hasil.append(
            Temuan(
                "belanja_jenis_melebihi_pagu",
                PERINGATAN,
                f"{b.jenis.label} {tahun}: realisasi ({format_rupiah(b.realisasi)}) melebihi pagu "
                f"{akhir.label} ({format_rupiah(pagu)}). {serap}",
                reverse("anggaran_opd", args=[opd.kode, tahun]),
                f"belanja_jenis:{tahun}:{b.jenis.value}",
            )
        )
    return hasil
