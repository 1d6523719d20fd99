"""Exports of reviewed documents: the findings as an Excel workbook (every cell written as text or a
number, never a formula: sakip.xlsx_aman.tulis_sel) and a letter to the office (PDF, WeasyPrint
through sakip.pdf_aman) listing the confirmed findings only."""

from __future__ import annotations

import io

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sakip import simpan
from sakip.formatting import format_tanggal
from sakip.pdf_aman import pengambil
from sakip.xlsx_aman import tulis_sel

from .dokumen import JENIS_TEMUAN
from .models import DokumenReviu, TemuanDokumenReviu


def dengan_temuan(queryset):
    """Documents with their findings (and who marked them) in two queries."""
    return queryset.select_related("unggahan__pemda", "unggahan__diunggah_oleh", "opd").prefetch_related(
        Prefetch("temuan_set", queryset=TemuanDokumenReviu.objects.select_related("ditandai_oleh").order_by("urutan"))
    )


def _nama(pengguna):
    return (pengguna.get_full_name() or pengguna.username) if pengguna else ""


def _waktu(nilai):
    if not nilai:
        return ""
    lokal = timezone.localtime(nilai)
    return f"{format_tanggal(lokal.date())} {lokal:%H.%M}"


# --------------------------------------------------------------------------- Excel

KOLOM_TEMUAN = [
    ("No", 5),
    ("Dokumen", 28),
    ("Jenis", 16),
    ("Halaman", 8),
    ("Tabel", 30),
    ("Baris tabel", 8),
    ("Kolom", 16),
    ("Baris teks", 8),
    ("Letak", 40),
    ("Tercetak", 14),
    ("Seharusnya", 14),
    ("Selisih", 12),
    ("Uraian", 60),
    ("Tanda reviewer", 16),
    ("Catatan reviewer", 30),
    ("Ditandai oleh", 18),
    ("Ditandai pada", 18),
]
KOLOM_DOKUMEN = [
    ("No", 5),
    ("Dokumen", 36),
    ("Instansi", 36),
    ("Format", 8),
    ("Ukuran (byte)", 12),
    ("SHA-256", 66),
    ("Diunggah oleh", 18),
    ("Diunggah pada", 18),
    ("Status", 12),
    ("Tabel terbaca", 10),
    ("Angka dihitung ulang", 10),
    ("Temuan", 8),
    ("Dikonfirmasi", 10),
    ("Bukan kesalahan", 10),
    ("Belum ditandai", 10),
]
_KEPALA = PatternFill("solid", fgColor="E8F0F8")


def _lembar(ws, judul, kolom, baris_data):
    tulis_sel(ws, 1, 1, judul).font = Font(bold=True, size=12)
    for k, (label, lebar) in enumerate(kolom, 1):
        sel = tulis_sel(ws, 3, k, label)
        sel.font, sel.fill = Font(bold=True), _KEPALA
        sel.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(k)].width = lebar
    for r, nilai in enumerate(baris_data, 4):
        for k, v in enumerate(nilai, 1):
            tulis_sel(ws, r, k, v).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(kolom))}{max(3, 3 + len(baris_data))}"


def buku_temuan(daftar_dokumen, judul) -> bytes:
    """The workbook of the findings of `daftar_dokumen` (from `dengan_temuan`): sheet Temuan, one
    row per finding with the reviewer's mark; sheet Dokumen, one row per document."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Temuan"
    baris = []
    for dok in daftar_dokumen:
        for t in dok.temuan_set.all():
            baris.append(
                [
                    len(baris) + 1,
                    dok.nama_asli,
                    JENIS_TEMUAN.get(t.jenis, t.jenis),
                    t.halaman,
                    t.tabel,
                    t.baris,
                    t.kolom,
                    t.baris_teks,
                    t.lokasi,
                    t.tercetak,
                    t.seharusnya,
                    t.selisih,
                    t.uraian,
                    t.get_tanda_display(),
                    t.catatan,
                    _nama(t.ditandai_oleh),
                    _waktu(t.ditandai_pada),
                ]
            )
    _lembar(ws, f"Temuan reviu dokumen: {judul}", KOLOM_TEMUAN, baris)
    ws2 = wb.create_sheet("Dokumen")
    baris = []
    for i, dok in enumerate(daftar_dokumen, 1):
        temuan = list(dok.temuan_set.all())
        hitung = {t: sum(1 for x in temuan if x.tanda == t) for t in TemuanDokumenReviu.Tanda.values}
        ringkasan = dok.ringkasan or {}
        baris.append(
            [
                i,
                dok.nama_asli,
                dok.instansi,
                dok.format.upper(),
                dok.ukuran,
                dok.sha256,
                _nama(dok.unggahan.diunggah_oleh),
                _waktu(dok.unggahan.diunggah_pada),
                dok.get_status_display(),
                ringkasan.get("jumlah_tabel_terbaca"),
                ringkasan.get("jumlah_pemeriksaan"),
                len(temuan),
                hitung["dikonfirmasi"],
                hitung["bukan_kesalahan"],
                hitung["belum"],
            ]
        )
    _lembar(ws2, f"Dokumen yang direviu: {judul}", KOLOM_DOKUMEN, baris)
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


# --------------------------------------------------------------------------- letter


def _logo(pemda):
    if not pemda.logo:
        return None
    return simpan.uri_media(pemda.logo.name)


def surat(dokumen: DokumenReviu, pengguna, tanggal) -> dict:
    """What one letter says: the office, the document, its confirmed findings, who signs."""
    pejabat = pengguna.pejabat
    penugasan = None
    if pejabat is not None:
        penugasan = (
            pejabat.penugasan_set.filter(mulai__lte=tanggal)
            .exclude(selesai__lt=tanggal)
            .select_related("jabatan")
            .order_by("-mulai")
            .first()
        )
    return {
        "dok": dokumen,
        "pemda": dokumen.unggahan.pemda,
        "instansi": dokumen.instansi,
        "temuan": [t for t in dokumen.temuan_set.all() if t.tanda == TemuanDokumenReviu.Tanda.DIKONFIRMASI],
        "jenis": JENIS_TEMUAN,
        "tanggal": tanggal,
        "pejabat": pejabat,
        "jabatan": f"{penugasan.awalan}{penugasan.jabatan.nama}" if penugasan else "",
        "nama": pejabat.nama if pejabat else _nama(pengguna),
    }


def html_surat(daftar_dokumen, pengguna, tanggal=None) -> str:
    """The print HTML of the letters (one per document, each on its own pages)."""
    tanggal = tanggal or timezone.localdate()
    daftar = list(daftar_dokumen)
    pemda = daftar[0].unggahan.pemda if daftar else None
    return render_to_string(
        "reviu/surat_reviu.html",
        {"surat": [surat(d, pengguna, tanggal) for d in daftar], "logo": _logo(pemda) if pemda else None},
    )


def pdf_surat(daftar_dokumen, pengguna, tanggal=None) -> bytes:
    """One PDF of the letters, each laid out on its own (its pages numbered from 1), then joined."""
    from weasyprint import HTML

    if not daftar_dokumen:
        raise ValueError("Tidak ada dokumen untuk surat.")
    # Only our own files are read (the Pemda's logo); file names and extracted text are text.
    dokumen = [
        HTML(string=html_surat([d], pengguna, tanggal), url_fetcher=pengambil()).render() for d in daftar_dokumen
    ]
    return dokumen[0].copy([p for d in dokumen for p in d.pages]).write_pdf()
