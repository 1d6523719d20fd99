"""What a review gives back: the findings (:class:`TemuanDokumen`) and the result (:class:`HasilReviu`)."""

from __future__ import annotations

from dataclasses import dataclass

#: Kinds of finding, with their label in Bahasa Indonesia.
JENIS_TEMUAN = {
    "capaian": "Capaian kinerja",
    "serapan": "Serapan anggaran",
    "persentase": "Persentase",
    "jumlah": "Jumlah",
    "sisa": "Sisa anggaran",
    "efisiensi": "Tingkat efisiensi",
    "rata_rata": "Rata-rata",
    "kemajuan": "Tingkat kemajuan",
    "pangsa": "Pangsa anggaran",
    "perkalian": "Perkalian",
}


@dataclass
class TemuanDokumen:
    """One finding: a printed figure that the recomputation does not explain."""

    jenis: str
    lokasi: str
    uraian: str
    tercetak: str
    seharusnya: str
    selisih: str | None = None
    halaman: int | None = None
    tabel: str | None = None
    baris: int | None = None
    kolom: str | None = None
    baris_teks: int | None = None

    def sebagai_dict(self) -> dict:
        return {
            "jenis": self.jenis,
            "lokasi": self.lokasi,
            "uraian": self.uraian,
            "tercetak": self.tercetak,
            "seharusnya": self.seharusnya,
            "selisih": self.selisih,
            "halaman": self.halaman,
            "tabel": self.tabel,
            "baris": self.baris,
            "kolom": self.kolom,
            "baris_teks": self.baris_teks,
        }


@dataclass
class HasilReviu:
    """Result of a review: the findings and what was read."""

    nama_berkas: str
    format: str
    jumlah_tabel: int
    jumlah_tabel_terbaca: int
    jumlah_pemeriksaan: int
    temuan: list[TemuanDokumen]

    def sebagai_dict(self) -> dict:
        return {
            "berkas": self.nama_berkas,
            "format": self.format,
            "jumlah_tabel": self.jumlah_tabel,
            "jumlah_tabel_terbaca": self.jumlah_tabel_terbaca,
            "jumlah_pemeriksaan": self.jumlah_pemeriksaan,
            "jumlah_temuan": len(self.temuan),
            "temuan": [t.sebagai_dict() for t in self.temuan],
        }
