"""The Laporan Hasil Evaluasi (LHE) of an office-year as typed data, and its HTML and PDF.

The LHE is the inspectorate's letter to the head of the office: number, date, subject, the
introduction (legal basis, purpose, scope, method), the result (score, predikat and what the
predikat means, the score table per component and sub-component), the findings per component
(the evaluator's notes and the criteria not met), the recommendations (the register's rows of
this LHE), the closing, the signature of the inspector and the copies; an appendix lists every
criterion with the evaluator's answer. It is scored on the evaluator's answers (penetapan) by
`lke.nilai.hitung_nilai`. Nothing is formatted here: the templates `lke/_lhe_dokumen.html` (page
and print) format numbers and dates, so the page, the PDF and the tests read the same data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string

from laporan.draf import jabatan_lengkap, kepala_daerah, nama_wilayah
from laporan.models import RekomendasiEvaluasi
from sakip.models import Jabatan
from sakip.pdf_aman import pengambil

from .kerangka import pohon
from .models import CatatanKomponen, EvaluasiLKE, JawabanLKE
from .nilai import hitung_nilai

CSS_LHE = Path(__file__).resolve().parent / "static" / "lke" / "lhe.css"


@dataclass(frozen=True)
class BarisNilai:
    kode: str
    nama: str
    bobot: Decimal
    nilai: Decimal
    sub: bool  # a sub-component row (indented) rather than a component


@dataclass(frozen=True)
class TemuanKomponen:
    kode: str
    nama: str
    bobot: Decimal
    nilai: Decimal
    catatan: str  # the evaluator's findings; empty when none were written
    belum_terpenuhi: list[str]  # criteria answered with the lowest value (T / E)


@dataclass(frozen=True)
class ButirLampiran:
    kode: str
    uraian: str
    jawaban: str  # the evaluator's answer code ("" when not answered)
    nilai: Decimal | None  # the answer's value; of a heading row, its score
    catatan: str
    judul: bool = False  # a component or sub-component heading row
    bobot: Decimal | None = None  # of a heading row


@dataclass(frozen=True)
class Ttd:
    jabatan: str
    nama: str | None
    pangkat: str | None
    nip: str | None


@dataclass(frozen=True)
class DokumenLHE:
    tahun: int
    final: bool
    pemda: str
    pemda_kapital: str
    tempat: str
    tanggal: datetime.date | None
    nomor: str
    hal: str
    kepada: str
    opd: str
    kode_opd: str
    dasar: str
    nilai: Decimal
    bobot: Decimal
    predikat: str | None
    predikat_label: str | None
    predikat_uraian: str
    ringkasan: str
    tabel: list[BarisNilai]
    temuan: list[TemuanKomponen]
    rekomendasi: list[str]
    ttd: Ttd
    tembusan: list[str]
    lampiran: list[ButirLampiran]
    belum_dinilai: int


def _kepala(opd, pada):
    """The head of office's position, written out ("Kepala Dinas Kependudukan ... Kabupaten X"):
    the Pemda's name is added when the office's name does not carry it already."""
    kepala = Jabatan.objects.filter(opd=opd, induk__isnull=True).order_by("urutan", "id").first()
    nama = jabatan_lengkap(kepala.nama_pada(pada) if kepala else "Kepala", opd.nama)
    wilayah = nama_wilayah(opd.pemda)
    return nama if wilayah.lower() in opd.nama.lower() else f"{nama} {opd.pemda.nama}"


def ringkasan_bawaan(opd_nama, tahun, hasil) -> str:
    """The summary sentence when the evaluator wrote none."""
    if hasil.predikat is None:
        return f"Hasil evaluasi atas akuntabilitas kinerja {opd_nama} Tahun {tahun} menunjukkan nilai {hasil.nilai}."
    return (
        f"Hasil evaluasi atas akuntabilitas kinerja {opd_nama} Tahun {tahun} menunjukkan nilai "
        f"{str(hasil.nilai).replace('.', ',')} dengan predikat “{hasil.predikat.kode}” ({hasil.predikat.label})."
    )


def susun_lhe(evaluasi: EvaluasiLKE) -> DokumenLHE:
    """The LHE of an evaluation, scored on the evaluator's answers as stored now."""
    opd, lembar = evaluasi.opd, evaluasi.lembar
    pemda = opd.pemda
    struktur = pohon(lembar)
    jawaban = {j.kriteria_id: j for j in JawabanLKE.objects.filter(evaluasi=evaluasi).select_related("penetapan")}
    pilihan = {k: j.penetapan for k, j in jawaban.items()}
    hasil = hitung_nilai(lembar, struktur, pilihan)
    catatan = {c.komponen_id: c.catatan for c in CatatanKomponen.objects.filter(evaluasi=evaluasi)}
    pita = {p.kode: p for p in lembar.pita_set.all()}

    tabel, temuan, lampiran = [], [], []
    for k, hk in zip(struktur, hasil.komponen, strict=True):
        tabel.append(BarisNilai(k.kode, k.nama, hk.bobot, hk.nilai, False))
        lampiran.append(ButirLampiran(k.kode, k.nama, "", hk.nilai, "", judul=True, bobot=hk.bobot))
        belum = []
        for s, hs in zip(k.subkomponen_set.all(), hk.subkomponen, strict=True):
            tabel.append(BarisNilai(s.kode, s.nama, hs.bobot, hs.nilai, True))
            lampiran.append(ButirLampiran(s.kode, s.nama, "", hs.nilai, "", judul=True, bobot=hs.bobot))
            for c in s.kriteria_set.all():
                j = jawaban.get(c.id)
                p = j.penetapan if j else None
                lampiran.append(
                    ButirLampiran(
                        c.kode, c.uraian, p.kode if p else "", p.nilai if p else None, j.catatan_penetapan if j else ""
                    )
                )
                if p is not None and p.nilai == 0:
                    belum.append(f"{c.kode} {c.uraian}")
        temuan.append(TemuanKomponen(k.kode, k.nama, hk.bobot, hk.nilai, catatan.get(k.id, ""), belum))

    rekomendasi = [
        r.rekomendasi
        for r in RekomendasiEvaluasi.objects.filter(
            opd=opd, tahun_evaluasi=evaluasi.tahun, sumber=RekomendasiEvaluasi.Sumber.LHE
        ).order_by("nomor", "id")
    ]
    p = evaluasi.penanda_tangan
    inspektur = evaluasi.jabatan_penanda_tangan or f"Inspektur {pemda.nama}"
    pita_hasil = pita.get(hasil.kode_predikat) if hasil.predikat else None
    tanggal = evaluasi.tanggal_lhe
    return DokumenLHE(
        tahun=evaluasi.tahun,
        final=evaluasi.final,
        pemda=pemda.nama,
        pemda_kapital=f"PEMERINTAH {pemda.nama.upper()}",
        tempat=pemda.ibu_kota or (nama_wilayah(pemda) if pemda.tingkat == pemda.Tingkat.KOTA else ""),
        tanggal=tanggal,
        nomor=evaluasi.nomor_lhe,
        hal=f"Laporan Hasil Evaluasi Akuntabilitas Kinerja Instansi Pemerintah Tahun {evaluasi.tahun}",
        kepada=_kepala(opd, tanggal or datetime.date(evaluasi.tahun, 12, 31)),
        opd=opd.nama,
        kode_opd=opd.kode,
        dasar=lembar.dasar,
        nilai=hasil.nilai,
        bobot=hasil.bobot,
        predikat=hasil.kode_predikat,
        predikat_label=hasil.predikat.label if hasil.predikat else None,
        predikat_uraian=pita_hasil.uraian if pita_hasil else "",
        ringkasan=evaluasi.ringkasan or ringkasan_bawaan(opd.nama, evaluasi.tahun, hasil),
        tabel=tabel,
        temuan=temuan,
        rekomendasi=rekomendasi,
        ttd=Ttd(inspektur, p.nama if p else None, p.pangkat_golongan if p else None, p.nip if p else None),
        # Without copies written by the evaluator: the head of region and the regional secretary.
        tembusan=[t.strip() for t in evaluasi.tembusan.splitlines() if t.strip()]
        or [kepala_daerah(pemda), f"Sekretaris Daerah {pemda.nama}"],
        lampiran=lampiran,
        belum_dinilai=hasil.belum_dijawab,
    )


def html_lhe(dok: DokumenLHE) -> str:
    """The standalone print HTML (stylesheet inlined: no network)."""
    return render_to_string("lke/lhe_cetak.html", {"dok": dok, "css": CSS_LHE.read_text(encoding="utf-8")})


def pdf_lhe(dok: DokumenLHE) -> tuple[bytes, int]:
    """PDF bytes and page count; WeasyPrint reads only our own files (sakip.pdf_aman)."""
    from weasyprint import HTML  # heavy: loaded when a PDF is made, as laporan/pdf.py does

    dokumen = HTML(string=html_lhe(dok), base_url=str(CSS_LHE.parent), url_fetcher=pengambil()).render()
    return dokumen.write_pdf(), len(dokumen.pages)


def nama_berkas(dok: DokumenLHE) -> str:
    return f"LHE-{dok.kode_opd}-{dok.tahun}.pdf"
