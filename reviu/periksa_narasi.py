"""Checks of the narrative text of a report: numbers that contradict the indicator's figures,
year labels other than the report year, and template remnants left in the text."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

from laporan.models import Narasi
from sakip import rumus

from .temuan import INFO, PERINGATAN, Temuan

SISA_TEMPLAT = [
    (re.compile(r"pilih\s+salah\s+satu", re.I), "“pilih salah satu”"),
    (re.compile(r"meningkat\s*/\s*menurun", re.I), "“meningkat/menurun/tetap”"),
    (re.compile(r"\.{4,}|…{2,}|…\.{2,}"), "titik-titik isian"),
    (re.compile(r"\[\s*(isi|diisi|nama|angka|tahun)[^\]]*\]", re.I), "tanda isian dalam kurung siku"),
    (re.compile(r"\bx{3,}\b", re.I), "“xxx”"),
]
# "LKjIP tahun 2023", "Laporan Kinerja Tahun 2023", "tahun anggaran 2023", "TA 2023", "tahun 2023 ini".
LABEL_TAHUN = re.compile(
    r"(?:LKjIP|Laporan\s+Kinerja(?:\s+Instansi\s+Pemerintah)?|tahun\s+anggaran|\bTA\.?)\s+(?:tahun\s+)?(\d{4})"
    r"|tahun\s+(\d{4})\s+ini",
    re.I,
)
TAHUN = re.compile(r"\b(19\d{2}|20\d{2})\b")
ANGKA = r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)"
CAPAIAN_TEKS = re.compile(r"capaian[^.%\d]{0,40}?" + ANGKA + r"\s*%", re.I)
REALISASI_TEKS = re.compile(r"realisasi[^.%\d]{0,30}?" + ANGKA, re.I)


def _desimal(teks):
    """A printed number, Indonesian or English style, to Decimal (None when unreadable)."""
    t = teks.strip()
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    try:
        return Decimal(t)
    except ArithmeticError:
        return None


def _sama(tercetak, benar):
    """Equal at the printed precision, rounded half-up or truncated (the seeds do both)."""
    if tercetak is None or benar is None:
        return True
    desimal = max(0, -tercetak.as_tuple().exponent)
    return tercetak in {
        rumus.bulatkan(benar, desimal, rumus.Pembulatan.HALF_UP),
        rumus.bulatkan(benar, desimal, rumus.Pembulatan.TRUNCATE),
    }


def periksa_narasi(opd, tahun, periode, pengukuran):
    """Findings (reviu.temuan.Temuan) about the report's narrative sections."""
    narasi = list(
        Narasi.objects.filter(laporan__opd=opd, laporan__tahun=tahun, laporan__periode=periode)
        .select_related("indikator")
        .exclude(isi="")
    )
    if not narasi:
        return []
    per_indikator = {h.indikator.id: h for h in pengukuran.semua_indikator} if pengukuran else {}
    tautan = reverse("laporan", args=[opd.kode, tahun, periode])
    temuan = []
    for n in narasi:
        tempat = n.get_bagian_display() + (f" ({n.indikator.nama})" if n.indikator_id else "")
        objek = f"narasi:{n.bagian}:{n.indikator_id or ''}"
        for pola, nama in SISA_TEMPLAT:
            if pola.search(n.isi):
                temuan.append(
                    Temuan(
                        "sisa_templat", PERINGATAN, f"Narasi {tempat} masih memuat sisa templat {nama}.", tautan, objek
                    )
                )
        for m in LABEL_TAHUN.finditer(n.isi):
            label = int(m.group(1) or m.group(2))
            if label != tahun:
                temuan.append(
                    Temuan(
                        "label_tahun",
                        PERINGATAN,
                        f"Narasi {tempat} menyebut “{m.group(0).strip()}” padahal laporan ini tahun {tahun}.",
                        tautan,
                        objek,
                    )
                )
        for m in TAHUN.finditer(n.isi):
            if int(m.group(1)) > tahun:
                temuan.append(
                    Temuan(
                        "tahun_mendatang",
                        INFO,
                        f"Narasi {tempat} menyebut tahun {m.group(1)}, "
                        f"setelah tahun laporan {tahun}; periksa apakah itu sisa teks lain.",
                        tautan,
                        objek,
                    )
                )
        h = per_indikator.get(n.indikator_id)
        if h is None:
            continue
        for m in CAPAIAN_TEKS.finditer(n.isi):
            tercetak = _desimal(m.group(1))
            if not _sama(tercetak, h.capaian.nilai_mentah):
                temuan.append(
                    Temuan(
                        "narasi_capaian",
                        PERINGATAN,
                        f"Narasi {tempat} menyebut capaian {m.group(1)} %, sedangkan "
                        f"tabel menghitung {str(h.capaian.nilai).replace('.', ',')} %.",
                        tautan,
                        objek,
                    )
                )
        for m in REALISASI_TEKS.finditer(n.isi):
            tercetak = _desimal(m.group(1))
            if h.realisasi is not None and tercetak is not None and not _sama(tercetak, h.realisasi):
                temuan.append(
                    Temuan(
                        "narasi_realisasi",
                        PERINGATAN,
                        f"Narasi {tempat} menyebut realisasi {m.group(1)}, sedangkan "
                        f"datanya {str(h.realisasi.normalize()).replace('.', ',')}.",
                        tautan,
                        objek,
                    )
                )
    return temuan
