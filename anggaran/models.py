"""Budget: program / kegiatan / sub kegiatan with official codes, pagu versions, realisation."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from renstra.models import Indikator, Sasaran
from sakip.kunci import DijagaPeriode
from sakip.models import OPD, Pemda

from .aturan import periksa_rincian_pagu, pohon_pagu

# Rupiah: 16 integer digits (up to 9.999 triliun) and 2 decimals.
RUPIAH = {"max_digits": 18, "decimal_places": 2}


class Tingkat(models.TextChoices):
    PROGRAM = "program", "Program"
    KEGIATAN = "kegiatan", "Kegiatan"
    SUB_KEGIATAN = "sub_kegiatan", "Sub kegiatan"


# Kepmendagri 050-5889/2021 (SIPD): urusan.bidang.program[.kegiatan[.sub kegiatan]];
# "X.XX" stands for the office's own urusan and bidang in the Program Penunjang.
POLA_KODE = {
    Tingkat.PROGRAM: re.compile(r"^(\d|X)\.(\d{2}|XX)\.\d{2}$"),
    Tingkat.KEGIATAN: re.compile(r"^(\d|X)\.(\d{2}|XX)\.\d{2}\.\d\.\d{2}$"),
    Tingkat.SUB_KEGIATAN: re.compile(r"^(\d|X)\.(\d{2}|XX)\.\d{2}\.\d\.\d{2}\.\d{4}$"),
}
CONTOH_KODE = {
    Tingkat.PROGRAM: "2.12.02",
    Tingkat.KEGIATAN: "2.12.02.2.01",
    Tingkat.SUB_KEGIATAN: "2.12.02.2.01.0001",
}
INDUK_TINGKAT = {Tingkat.KEGIATAN: Tingkat.PROGRAM, Tingkat.SUB_KEGIATAN: Tingkat.KEGIATAN}


class TingkatPemda(models.TextChoices):
    """Which governments a code of the list is for: the level digit of Kepmendagri 050-5889
    (the 4th segment of a kegiatan or sub kegiatan code: 1 provinsi, 2 kabupaten/kota)."""

    SEMUA = "", "Provinsi dan kabupaten/kota"
    PROVINSI = "provinsi", "Provinsi"
    KABUPATEN_KOTA = "kabupaten_kota", "Kabupaten/kota"


DIGIT_TINGKAT = {"1": TingkatPemda.PROVINSI, "2": TingkatPemda.KABUPATEN_KOTA}
NAMA_TINGKAT_PEMDA = {TingkatPemda.PROVINSI: "provinsi", TingkatPemda.KABUPATEN_KOTA: "kabupaten/kota"}


def digit_tingkat(kode):
    """The level digit of a kegiatan or sub kegiatan code (2.12.02.2.01 -> "2"); None for a
    program or a malformed code."""
    bagian = (kode or "").split(".")
    return bagian[3] if len(bagian) >= 5 else None


def tingkat_pemda_kode(kode):
    """The government level a kegiatan or sub kegiatan code is for, by its level digit
    ("1" provinsi, "2" kabupaten/kota); "" for a program or any other digit."""
    return DIGIT_TINGKAT.get(digit_tingkat(kode), TingkatPemda.SEMUA)


def tingkat_pemda(opd):
    """The level of an office's Pemda in the code list: provinsi or kabupaten_kota."""
    if opd.pemda.tingkat == Pemda.Tingkat.PROVINSI:
        return TingkatPemda.PROVINSI
    return TingkatPemda.KABUPATEN_KOTA


def pesan_digit_tingkat(kode, opd):
    """The level-digit rule, the one place it is written: a kegiatan or sub kegiatan of a
    provincial office carries level digit 1, of a kabupaten/kota office 2. Returns the message
    refusing `kode` for `opd`, or None when it fits (a program, or a digit that names no level)."""
    tingkat_kode = tingkat_pemda_kode(kode)
    tingkat_opd = tingkat_pemda(opd)
    if not tingkat_kode or tingkat_kode == tingkat_opd:
        return None
    bagian = kode.split(".")
    digit_opd = next(d for d, t in DIGIT_TINGKAT.items() if t == tingkat_opd)
    contoh = ".".join(bagian[:3] + [digit_opd, "xx"] + (["xxxx"] if len(bagian) > 5 else []))
    return (
        f"Kode {kode} adalah kode {NAMA_TINGKAT_PEMDA[tingkat_kode]} (digit tingkat {bagian[3]}), "
        f"sedangkan OPD ini milik pemerintah {opd.pemda.get_tingkat_display().lower()}; "
        f"gunakan kode {NAMA_TINGKAT_PEMDA[tingkat_opd]} ({contoh})."
    )


def tingkat_dari_kode(kode):
    """The level of a code by its shape, or None when it is no valid code."""
    for tingkat, pola in POLA_KODE.items():
        if pola.match(kode or ""):
            return tingkat
    return None


def normalisasi_kode(kode):
    """Strip spaces; sub kegiatan numbers printed with 2 digits (…2.01.01) become 4 (…2.01.0001)."""
    kode = "".join((kode or "").split()).rstrip(".")
    bagian = kode.split(".")
    if len(bagian) == 6 and len(bagian[5]) < 4 and bagian[5].isdigit():
        bagian[5] = bagian[5].zfill(4)
    return ".".join(bagian)


def kode_induk(kode):
    """Code of the parent: 2.12.02.2.01.0001 -> 2.12.02.2.01 -> 2.12.02 -> None."""
    bagian = kode.split(".")
    if len(bagian) == 6:
        return ".".join(bagian[:5])
    if len(bagian) == 5:
        return ".".join(bagian[:3])
    return None


class ItemAnggaranQuerySet(models.QuerySet):
    def program(self):
        return self.filter(tingkat=Tingkat.PROGRAM)


class ItemAnggaran(models.Model):
    """One program, kegiatan or sub kegiatan of an office's budget for a year.

    Pagu and realisation are entered on leaves (items without children); the totals of
    kegiatan, program and office are computed upward, never typed twice. A program or kegiatan
    may carry a pagu of its own before its breakdown is known: that ceiling counts, its children
    may not exceed it, and the rest is shown as not yet allocated.
    """

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="anggaran_set")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    tingkat = models.CharField("tingkat", max_length=15, choices=Tingkat.choices, editable=False)
    kode = models.CharField("kode", max_length=30, help_text="Kode Kepmendagri 050-5889, misalnya 2.12.02.2.01.0001")
    nama = models.CharField("nama", max_length=400)
    induk = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="anak", editable=False
    )
    sumber_dana = models.CharField("sumber dana", max_length=100, blank=True, help_text="DAU, DAK, PAD, …")
    catatan = models.CharField("catatan", max_length=300, blank=True, help_text="Misalnya: Refocusing")
    catatan_internal = models.TextField(
        "catatan internal",
        blank=True,
        help_text="Tidak pernah dicetak: asal data, siapa memutuskan apa. Hanya tampil di layar internal.",
    )
    sasaran = models.ManyToManyField(
        Sasaran, blank=True, related_name="anggaran_set", verbose_name="sasaran yang didukung"
    )
    indikator_didukung = models.ManyToManyField(
        Indikator,
        blank=True,
        related_name="anggaran_pendukung_set",
        verbose_name="indikator yang didukung",
        help_text="Opsional: indikator kinerja tertentu yang didukung (lebih rinci dari sasaran)",
    )
    urutan = models.PositiveIntegerField("urutan", default=0)
    jalur_opd = "opd"
    history = HistoricalRecords(m2m_fields=[sasaran, indikator_didukung])

    objects = ItemAnggaranQuerySet.as_manager()

    class Meta:
        verbose_name = "program/kegiatan/sub kegiatan"
        verbose_name_plural = "program/kegiatan/sub kegiatan"
        ordering = ["opd", "tahun", "kode"]
        constraints = [
            # Codes repeat across years and offices, never within one office-year.
            models.UniqueConstraint(fields=["opd", "tahun", "kode"], name="anggaran_kode_unik_per_opd_tahun"),
        ]
        indexes = [models.Index(fields=["opd", "tahun", "tingkat"])]

    def __str__(self):
        return f"{self.kode} {self.nama}"

    def _cari_induk(self, kode):
        return ItemAnggaran.objects.filter(opd_id=self.opd_id, tahun=self.tahun, kode=kode).first()

    def clean(self, cari_induk=None):
        """Code format and parent; `cari_induk(kode)` finds the parent item (default: a query)."""
        self.kode = normalisasi_kode(self.kode)
        tingkat = tingkat_dari_kode(self.kode)
        if tingkat is None:
            raise ValidationError(
                {
                    "kode": f"Kode {self.kode!r} tidak sesuai format Kepmendagri 050-5889 "
                    f"(program {CONTOH_KODE[Tingkat.PROGRAM]}, kegiatan {CONTOH_KODE[Tingkat.KEGIATAN]}, "
                    f"sub kegiatan {CONTOH_KODE[Tingkat.SUB_KEGIATAN]})."
                }
            )
        if self.opd_id:
            pesan = pesan_digit_tingkat(self.kode, self.opd)
            if pesan:
                raise ValidationError({"kode": pesan})
        induk = kode_induk(self.kode)
        if induk and self.opd_id and self.tahun:
            if (cari_induk or self._cari_induk)(induk) is None:
                raise ValidationError({"kode": f"Induk {induk} belum ada untuk {self.tahun}; isi induknya dulu."})

    MEDAN_TURUNAN = ("kode", "tingkat", "induk")  # what lengkapi() sets (the loader's bulk update too)

    def lengkapi(self, cari_induk=None) -> None:
        """What save() derives from the code: normalised code, level and parent item."""
        self.kode = normalisasi_kode(self.kode)
        self.tingkat = tingkat_dari_kode(self.kode) or self.tingkat
        induk = kode_induk(self.kode)
        self.induk = (cari_induk or self._cari_induk)(induk) if induk else None

    def save(self, *args, **kwargs):
        self.lengkapi()
        super().save(*args, **kwargs)


class Pagu(DijagaPeriode, models.Model):
    """A version of the budget ceiling of an item: murni (DPA), perubahan (DPA-P), pergeseran. On a
    leaf as a rule; on a program or kegiatan whose breakdown is not known yet, a ceiling its
    children may not exceed (anggaran.aturan.periksa_rincian_pagu)."""

    class Jenis(models.TextChoices):
        MURNI = "murni", "Murni (DPA)"
        PERGESERAN = "pergeseran", "Pergeseran"
        PERUBAHAN = "perubahan", "Perubahan (DPA-P)"

    item = models.ForeignKey(ItemAnggaran, on_delete=models.CASCADE, related_name="pagu_set")
    jenis = models.CharField("jenis", max_length=12, choices=Jenis.choices, default=Jenis.MURNI)
    urutan = models.PositiveSmallIntegerField("urutan versi", default=0, help_text="0 = murni, naik tiap versi")
    tanggal = models.DateField("tanggal berlaku", null=True, blank=True)
    nilai = models.DecimalField("pagu (Rp)", **RUPIAH, validators=[MinValueValidator(0)])
    dasar = models.CharField("dasar", max_length=200, blank=True, help_text="Nomor DPA/DPPA, Perkada pergeseran, …")
    jalur_opd = "item__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pagu"
        verbose_name_plural = "pagu"
        ordering = ["item", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["item", "urutan"], name="pagu_versi_unik"),
            models.CheckConstraint(condition=Q(nilai__gte=0), name="pagu_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.nilai}"

    # A pagu version counts for every period from its date (undated: the whole year).
    kunci_select_related = ("item",)

    def opd_terkunci_id(self):
        return self.item.opd_id

    def cakupan_kunci(self, tersimpan=True):
        return [("berlaku_sejak", self.item.opd_id, self.item.tahun, self.tanggal, f"Pagu {self.item.kode}")]


def periksa_pagu_pohon(pagu: Pagu) -> str | None:
    """The ceiling rule (`anggaran.aturan.periksa_rincian_pagu`) for the office-year of `pagu`,
    with this version as it would be saved (its item may be new): judged on its item as a parent
    and on every item above it. Two queries; for the single-record door (the admin). The bulk
    doors (`sakip-opd/1`, workbook, budget import) judge a whole load at once."""
    item = pagu.item
    kode_item = normalisasi_kode(item.kode)
    items = {
        kode: (kode, kode_induk(kode))
        for kode in ItemAnggaran.objects.filter(opd_id=item.opd_id, tahun=item.tahun).values_list("kode", flat=True)
    }
    items[kode_item] = (kode_item, kode_induk(kode_item))
    per_kode = {}
    lain = Pagu.objects.filter(item__opd_id=item.opd_id, item__tahun=item.tahun).select_related("item")
    for p in lain.exclude(pk=pagu.pk) if pagu.pk else lain:
        per_kode.setdefault(p.item.kode, []).append(p)
    per_kode.setdefault(kode_item, []).append(pagu)
    pohon = pohon_pagu(items, per_kode)
    kode = kode_item
    while kode in pohon:
        pesan = periksa_rincian_pagu(item.tahun, pohon[kode])
        if pesan:
            return pesan
        kode = kode_induk(kode)
    return None


class RealisasiAnggaran(DijagaPeriode, models.Model):
    """Cumulative spending of a leaf item up to the end of a quarter."""

    item = models.ForeignKey(ItemAnggaran, on_delete=models.CASCADE, related_name="realisasi_set")
    triwulan = models.PositiveSmallIntegerField(
        "s.d. triwulan", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    nilai = models.DecimalField("realisasi kumulatif (Rp)", **RUPIAH, validators=[MinValueValidator(0)])
    jalur_opd = "item__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi anggaran"
        verbose_name_plural = "realisasi anggaran"
        ordering = ["item", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["item", "triwulan"], name="realisasi_anggaran_unik"),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="realisasi_anggaran_tw_sah"),
            models.CheckConstraint(condition=Q(nilai__gte=0), name="realisasi_anggaran_tidak_negatif"),
        ]

    def __str__(self):
        return f"s.d. TW {self.triwulan}: {self.nilai}"

    kunci_select_related = ("item",)

    def opd_terkunci_id(self):
        return self.item.opd_id

    def cakupan_kunci(self, tersimpan=True):
        return [("triwulan", self.item.opd_id, self.item.tahun, self.triwulan, f"Realisasi anggaran {self.item.kode}")]


class JenisBelanja(models.TextChoices):
    """Spending types of the regional budget (Permendagri 77/2020): belanja operasi (given whole,
    or as its pegawai / barang dan jasa parts), modal, tidak terduga, transfer."""

    OPERASI = "operasi", "Belanja Operasi"
    PEGAWAI = "pegawai", "Belanja Pegawai"
    BARANG_JASA = "barang_jasa", "Belanja Barang dan Jasa"
    MODAL = "modal", "Belanja Modal"
    TIDAK_TERDUGA = "tidak_terduga", "Belanja Tidak Terduga"
    TRANSFER = "transfer", "Belanja Transfer"


class TahapAnggaran(models.TextChoices):
    """The budget stages of a year: the Renja's indicative ceiling, the DPA, the DPA Perubahan."""

    RENJA = "renja", "Renja (pagu indikatif)"
    DPA = "dpa", "DPA"
    DPA_PERUBAHAN = "dpa_perubahan", "DPA Perubahan"


class BelanjaJenis(DijagaPeriode, models.Model):
    """The budget of one spending type at one stage: of a budget item, or of the whole office when
    the split per item is not known (the reports print the office's totals). The realisation is
    the year's spending of that type (cumulative to the end of the year).

    The ceiling that entry checks against stays the item's Pagu versions; this split is what
    Bab III prints per spending type and stage."""

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="belanja_jenis_set")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    item = models.ForeignKey(
        ItemAnggaran,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="belanja_jenis_set",
        verbose_name="program/kegiatan/sub kegiatan",
        help_text="Kosongkan bila angka ini untuk seluruh OPD.",
    )
    jenis_belanja = models.CharField("jenis belanja", max_length=15, choices=JenisBelanja.choices)
    tahap = models.CharField("tahap anggaran", max_length=15, choices=TahapAnggaran.choices)
    pagu = models.DecimalField("pagu (Rp)", **RUPIAH, validators=[MinValueValidator(0)])
    realisasi = models.DecimalField(
        "realisasi (Rp)", **RUPIAH, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    dasar = models.CharField("dasar", max_length=200, blank=True, help_text="Nomor Renja, DPA/DPPA, …")
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "anggaran per jenis belanja"
        verbose_name_plural = "anggaran per jenis belanja"
        ordering = ["opd", "tahun", "tahap", "jenis_belanja"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "jenis_belanja", "tahap"],
                condition=Q(item__isnull=False),
                name="belanja_jenis_unik_item",
            ),
            models.UniqueConstraint(
                fields=["opd", "tahun", "jenis_belanja", "tahap"],
                condition=Q(item__isnull=True),
                name="belanja_jenis_unik_opd",
            ),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="belanja_jenis_pagu_tidak_negatif"),
            models.CheckConstraint(
                condition=Q(realisasi__isnull=True) | Q(realisasi__gte=0), name="belanja_jenis_realisasi_tidak_negatif"
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_belanja_display()} {self.get_tahap_display()} {self.tahun}"

    def clean(self):
        if self.item_id and self.opd_id and (self.item.opd_id != self.opd_id or self.item.tahun != self.tahun):
            raise ValidationError({"item": "Item anggaran harus milik OPD dan tahun yang sama."})

    # Year-end figures: frozen by an approved year or fourth quarter.
    def opd_terkunci_id(self):
        return self.opd_id

    def cakupan_kunci(self, tersimpan=True):
        return [("triwulan", self.opd_id, self.tahun, 4, "Anggaran per jenis belanja")]


class Nomenklatur(models.Model):
    """The official code list (Kepmendagri 050-5889): which program/kegiatan/sub kegiatan exist,
    and for which governments. A kegiatan or sub kegiatan is for the level its level digit names;
    a program is for both levels unless the list says otherwise (the Program Penunjang has a
    provincial and a kabupaten/kota version under one code)."""

    kode = models.CharField("kode", max_length=30)
    nama = models.CharField("nama", max_length=400)
    tingkat = models.CharField("tingkat", max_length=15, choices=Tingkat.choices, editable=False)
    tingkat_pemda = models.CharField(
        "tingkat pemerintah daerah",
        max_length=15,
        choices=TingkatPemda.choices,
        blank=True,
        default=TingkatPemda.SEMUA,
        help_text="Kegiatan dan sub kegiatan: mengikuti digit tingkat kodenya (1 provinsi, 2 kabupaten/kota).",
    )

    class Meta:
        verbose_name = "nomenklatur"
        verbose_name_plural = "nomenklatur program/kegiatan/sub kegiatan"
        ordering = ["kode", "tingkat_pemda"]
        constraints = [
            models.UniqueConstraint(fields=["kode", "tingkat_pemda"], name="nomenklatur_kode_unik_per_tingkat_pemda"),
        ]

    def __str__(self):
        return f"{self.kode} {self.nama}"

    @staticmethod
    def tingkat_pemda_untuk(kode, tertulis=""):
        """The government level of a row: by the level digit for a kegiatan or sub kegiatan,
        as written (`tertulis`) for a program."""
        if tingkat_dari_kode(kode) in (Tingkat.KEGIATAN, Tingkat.SUB_KEGIATAN):
            return tingkat_pemda_kode(kode)
        return tertulis or TingkatPemda.SEMUA

    def lengkapi(self):
        """What save() derives: the normalised code, its level and government level."""
        self.kode = normalisasi_kode(self.kode)
        self.tingkat = tingkat_dari_kode(self.kode) or ""
        self.tingkat_pemda = self.tingkat_pemda_untuk(self.kode, self.tingkat_pemda)

    def clean(self):
        # Derived before the (kode, tingkat_pemda) uniqueness is checked (the admin form).
        self.lengkapi()
        if not self.tingkat:
            raise ValidationError({"kode": f"Kode {self.kode!r} tidak sesuai format Kepmendagri 050-5889."})

    def save(self, *args, **kwargs):
        self.lengkapi()
        super().save(*args, **kwargs)
