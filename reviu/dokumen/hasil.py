"""What a review gives back: the findings (:class:`TemuanDokumen`) and the result (:class:`HasilReviu`)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    "tahun": "Label tahun",
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
    # How sure the finding is: "pasti" when the rule is stated or fixed (a sum, a capaian from its
    # own target and realisation), "mungkin" when the review had to infer it; with the reason.
    keyakinan: str = "pasti"
    alasan_keyakinan: str = ""

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
            "keyakinan": self.keyakinan,
            "alasan_keyakinan": self.alasan_keyakinan,
        }


@dataclass
class TidakDiperiksa:
    """A figure the review saw but could not judge with certainty, and why (no guessing)."""

    lokasi: str
    alasan: str
    halaman: int | None = None
    tabel: str | None = None

    def sebagai_dict(self) -> dict:
        return {"lokasi": self.lokasi, "alasan": self.alasan, "halaman": self.halaman, "tabel": self.tabel}


@dataclass
class HasilReviu:
    """Result of a review: the findings and what was read."""

    nama_berkas: str
    format: str
    jumlah_tabel: int
    jumlah_tabel_terbaca: int
    jumlah_pemeriksaan: int
    temuan: list[TemuanDokumen]
    tidak_diperiksa: list[TidakDiperiksa] = field(default_factory=list)

    def sebagai_dict(self) -> dict:
        return {
            "berkas": self.nama_berkas,
            "format": self.format,
            "jumlah_tabel": self.jumlah_tabel,
            "jumlah_tabel_terbaca": self.jumlah_tabel_terbaca,
            "jumlah_pemeriksaan": self.jumlah_pemeriksaan,
            "jumlah_temuan": len(self.temuan),
            "temuan": [t.sebagai_dict() for t in self.temuan],
            "tidak_diperiksa": [t.sebagai_dict() for t in self.tidak_diperiksa],
        }
