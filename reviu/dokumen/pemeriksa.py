"""The checker assembled from its checks, and the entry points of the review."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .baca import Dokumen, baca_dokumen, dokumen_dari_teks
from .cek_narasi import _CekNarasi
from .cek_ringkasan import _CekRingkasan, _gabung_halaman
from .cek_tabel import _CekTabel
from .hasil import HasilReviu, TemuanDokumen
from .tabel import Tabel, _baca_kepala, _pecah_tabel


# The checks are mixins over _PemeriksaDasar, one module per kind of check; tabel() runs them
# table by table, narasi() (in cek_narasi) runs the prose checks.
class _Pemeriksa(_CekTabel, _CekRingkasan, _CekNarasi):
    """Runs every check over one document and collects the findings."""

    def tabel(self, daftar: list[Tabel]) -> None:
        self.daftar_tabel = daftar  # budget totals printed elsewhere (the base of a share table)
        for t in daftar:
            _baca_kepala(t)
        for t in daftar:
            if t.berkepala:
                self._ingat_realisasi(t)
                self._ingat_realisasi_bertahun(t)
        tahun = _tahun_dokumen(self.dok, daftar)
        for t in daftar:
            if t.berkepala:
                self._periksa_tahun_kepala(t, tahun)
                self._periksa_baris(t)
            else:
                self._periksa_tanpa_kepala(t)
            self._periksa_narasi_sel(t)
        teks_baris = {b.nomor: b.teks for b in self.dok.baris}
        for grup in _gabung_halaman(daftar, teks_baris):
            self._periksa_ringkasan(grup)
        for t in daftar:
            self._periksa_ikm(t)


def _tahun_dokumen(dok: Dokumen, daftar: list[Tabel]) -> int | None:
    """The year the report is about: the year its opening lines name most ("LKjIP … Tahun
    2024"), else the most common year in its table headers."""
    hitung = Counter()
    for b in dok.baris[:80]:
        # "Peraturan Presiden Nomor 29 Tahun 2014" cites a regulation, not the report's year.
        teks = re.sub(r"\b(?:nomor|no\.?)\s*[\w./-]+\s+tahun\s+\d{4}", " ", b.teks, flags=re.I)
        for m in re.finditer(r"\btahun\s+((?:19|20)\d\d)\b|\blkjip\s+((?:19|20)\d\d)\b", teks, re.I):
            hitung[int(m.group(1) or m.group(2))] += 1
    if not hitung:
        hitung = Counter(k.tahun for t in daftar for k in t.kolom if k.tahun)
    return hitung.most_common(1)[0][0] if hitung else None


def reviu_dokumen(dok: Dokumen) -> HasilReviu:
    """Review an extracted document: check every table and the prose formulas."""
    pemeriksa = _Pemeriksa(dok)
    daftar = _pecah_tabel(dok)
    pemeriksa.tabel(daftar)
    pemeriksa.narasi()
    unik: dict[tuple, TemuanDokumen] = {}
    for t in pemeriksa.temuan:
        kunci = (t.jenis, t.tercetak, t.seharusnya, t.baris_teks)
        unik.setdefault(kunci, t)
    temuan = sorted(unik.values(), key=lambda t: (t.baris_teks or 0, t.jenis))
    return HasilReviu(
        nama_berkas=dok.nama,
        format=dok.format,
        jumlah_tabel=len(daftar),
        jumlah_tabel_terbaca=sum(1 for t in daftar if t.berkepala),
        jumlah_pemeriksaan=pemeriksa.jumlah_pemeriksaan,
        temuan=temuan,
        tidak_diperiksa=pemeriksa.tidak_diperiksa,
    )


def reviu_teks(teks: str, nama: str = "dokumen.txt") -> HasilReviu:
    """Review text (tab-separated or HTML tables)."""
    return reviu_dokumen(dokumen_dari_teks(teks, nama))


def reviu_berkas(path: str | Path) -> HasilReviu:
    """Review a PDF, DOCX or text file; :class:`GalatDokumen` when it cannot be read."""
    return reviu_dokumen(baca_dokumen(path))
