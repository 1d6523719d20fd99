"""The one number rule: how a typed number is read, decided by the field it is typed into.

Every screen and every import reads numbers through `baca_angka(teks, jenis)`; the field says
its kind (`JenisAngka`), so "78.000" means the same thing wherever it is typed:

* ``CACAH`` (counts: Orang, Dokumen, OPD, …, an indicator with 0 decimals, and the pembilang /
  penyebut of a ratio, which count people or documents unless their unit is a measure:
  `jenis_bagian_rasio`): a dot groups thousands, so "78.000" is 78000 and "60.123" is 60123; a
  comma starts decimals ("1.234,5").
* ``RUPIAH`` (pagu, budget realisation): as CACAH; "Rp" may be written.
* ``UKURAN`` (percentages, indices, scores, days: values that carry decimals): a single dot
  followed by exactly three digits ("79.143") is refused as ambiguous (79143 or 79,143?),
  never guessed; "70.30" is refused with the reminder to write "70,30".

Reading never rounds: the value keeps every decimal it was written with.

`kewajaran(nilai, jenis, satuan)` lists the warnings a value far outside its field's plausible
range deserves (a percentage over 200, an index over 100, a count with decimals); screens show
them and ask for a confirmation before saving, imports show them in the preview.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from .formatting import AngkaTidakValid, format_angka, parse_angka

__all__ = [
    "AngkaTidakValid",
    "JenisAngka",
    "baca_angka",
    "jenis_angka",
    "jenis_bagian_rasio",
    "kewajaran",
    "satuan_cacah",
]


class JenisAngka(StrEnum):
    CACAH = "cacah"
    UKURAN = "ukuran"
    RUPIAH = "rupiah"


#: Units that count whole things (compared lower-case, without a trailing "s").
SATUAN_CACAH = frozenset(
    {
        "opd",
        "dokumen",
        "laporan",
        "orang",
        "jiwa",
        "paket",
        "inovasi",
        "unit",
        "kegiatan",
        "program",
        "lembaga",
        "desa",
        "kelurahan",
        "kecamatan",
        "kali",
        "buah",
        "berkas",
        "akta",
        "keping",
        "kartu",
        "aplikasi",
        "layanan",
        "sistem",
        "perangkat daerah",
        "kk",
        "keluarga",
        "peserta",
        "sekolah",
        "rumah",
        "perda",
        "perkada",
        "regulasi",
        "rekomendasi",
        "sertifikat",
        "penghargaan",
        "pasangan",
        "anak",
        "bayi",
        "penduduk",
        "surat",
        "sk",
        "izin",
        "kasus",
        "pengaduan",
    }
)
SATUAN_PERSEN = frozenset({"%", "persen", "persentase"})
SATUAN_INDEKS = frozenset({"indeks", "nilai", "skor", "poin"})
#: Units that measure rather than count (a pembilang or penyebut in them carries decimals).
SATUAN_UKURAN = (
    SATUAN_PERSEN
    | SATUAN_INDEKS
    | frozenset({"hari", "jam", "menit", "bulan", "tahun", "km", "m", "m2", "ha", "ton", "kg", "liter"})
)


def satuan_cacah(satuan: str) -> bool:
    """Whether a unit counts whole things ("Dokumen", "orang", "OPD")."""
    s = " ".join((satuan or "").lower().split())
    return s in SATUAN_CACAH


def jenis_angka(satuan: str, presisi: int | None = None) -> JenisAngka:
    """The kind of a measured value: a count by its unit or by 0 decimals, else a measure."""
    if satuan_cacah(satuan) or presisi == 0:
        return JenisAngka.CACAH
    if (satuan or "").strip().lower() in ("rp", "rupiah"):
        return JenisAngka.RUPIAH
    return JenisAngka.UKURAN


def jenis_bagian_rasio(satuan: str) -> JenisAngka:
    """The kind of a ratio's pembilang / penyebut: they count people, documents, offices, so a
    count, unless their unit is a measure (days, percent, an index) or money."""
    s = " ".join((satuan or "").lower().split())
    if s in ("rp", "rupiah"):
        return JenisAngka.RUPIAH
    return JenisAngka.UKURAN if s in SATUAN_UKURAN else JenisAngka.CACAH


def baca_angka(teks, jenis: JenisAngka = JenisAngka.UKURAN) -> Decimal | None:
    """Typed text as an exact Decimal (None for blank), read by the rule of the field's kind.

    Raises AngkaTidakValid (message in Bahasa Indonesia) for text it cannot read unambiguously.
    """
    if teks is None:
        return None
    if isinstance(teks, (Decimal, int)) and not isinstance(teks, bool):
        return Decimal(teks)
    teks = str(teks)
    if not teks.strip():
        return None
    return parse_angka(teks, ribuan=JenisAngka(jenis) is not JenisAngka.UKURAN)


def kewajaran(nilai: Decimal | None, jenis: JenisAngka, satuan: str = "") -> list[str]:
    """Warnings (Bahasa Indonesia) for a value far outside what its field plausibly holds."""
    if nilai is None:
        return []
    peringatan = []
    s = (satuan or "").strip().lower()
    if s in SATUAN_PERSEN and nilai > 200:
        peringatan.append(f"{format_angka(nilai)} % jauh di atas 100 %; periksa kembali angkanya.")
    elif s in SATUAN_INDEKS and nilai > 100:
        peringatan.append(f"{satuan} {format_angka(nilai)} di atas 100; periksa kembali angkanya.")
    if JenisAngka(jenis) is JenisAngka.CACAH and nilai != nilai.to_integral_value():
        peringatan.append(f"{format_angka(nilai)} bukan bilangan bulat, padahal satuannya {satuan or 'cacah'}.")
    return peringatan
