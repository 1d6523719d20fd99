"""Perjanjian Kinerja (with its perubahan), rencana aksi, realisasi and evidence."""

import datetime
import os
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from renstra.models import NILAI, Indikator, Sasaran, validasi_nilai
from sakip import rumus
from sakip.berkas_aman import ValidatorBerkas
from sakip.kunci import DijagaPeriode
from sakip.models import OPD, Jabatan, Pejabat
from sakip.turunan import id_dari, ikuti, pasang


class PerjanjianKinerjaQuerySet(models.QuerySet):
    def berlaku(self, jabatan, tahun, pada=None):
        """The PK version of `jabatan` for `tahun` in force on date `pada` (default: end of year).

        A perubahan applies from its date on; before the first dated version, the awal applies.
        """
        pada = pada or datetime.date(tahun, 12, 31)
        versi = self.filter(jabatan=jabatan, tahun=tahun)
        # A draft perubahan is not in force until it is set; a draft awal is used while nothing is.
        ditetapkan = versi.filter(status=PerjanjianKinerja.Status.DITETAPKAN)
        if ditetapkan.exists():
            versi = ditetapkan
        berlaku = versi.filter(tanggal__lte=pada).order_by("-versi").first()
        return berlaku or versi.order_by("versi").first()


class PerjanjianKinerja(DijagaPeriode, models.Model):
    """The yearly performance agreement of one jabatan; versi 0 = awal, 1..n = perubahan."""

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="perjanjian_set", editable=False)
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="perjanjian_set")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    versi = models.PositiveSmallIntegerField("versi", default=0, help_text="0 = PK awal, 1.. = perubahan ke-n")
    tanggal = models.DateField(
        "tanggal berlaku", help_text="Tanggal penandatanganan; perubahan berlaku sejak tanggal ini"
    )
    alasan = models.TextField("alasan perubahan", blank=True)
    catatan_internal = models.TextField(
        "catatan internal",
        blank=True,
        help_text="Tidak pernah dicetak: asal data, siapa memutuskan apa. Hanya tampil di layar internal.",
    )
    pejabat = models.ForeignKey(
        Pejabat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perjanjian_set",
        verbose_name="pejabat penanda tangan",
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DITETAPKAN = "ditetapkan", "Ditetapkan"

    # Only the pimpinan sets a PK (kinerja.layanan.tetapkan_pk): a new one starts as a draft.
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    perjanjian_atasan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="perjanjian_bawahan",
        verbose_name="PK atasan",
    )
    jalur_opd = "opd"
    history = HistoricalRecords()

    objects = PerjanjianKinerjaQuerySet.as_manager()

    class Meta:
        verbose_name = "perjanjian kinerja"
        verbose_name_plural = "perjanjian kinerja"
        ordering = ["opd", "-tahun", "jabatan", "versi"]
        constraints = [
            models.UniqueConstraint(fields=["jabatan", "tahun", "versi"], name="pk_versi_unik"),
        ]
        indexes = [models.Index(fields=["opd", "tahun"])]

    def __str__(self):
        return f"{self.label_versi} {self.tahun} — {self.jabatan}"

    @property
    def label_versi(self):
        return "PK" if self.versi == 0 else f"PK Perubahan {self.versi}"

    def clean(self):
        errors = {}
        if self.versi and not self.alasan.strip():
            errors["alasan"] = "Perubahan PK wajib menyebut alasannya."
        if self.tanggal and self.tahun and self.tanggal.year not in (self.tahun - 1, self.tahun):
            errors["tanggal"] = f"Tanggal PK {self.tahun} harus di tahun {self.tahun - 1} atau {self.tahun}."
        if self.perjanjian_atasan_id and self.perjanjian_atasan.tahun != self.tahun:
            errors["perjanjian_atasan"] = "PK atasan harus untuk tahun yang sama."
        if errors:
            raise ValidationError(errors)

    # What a period's approval freezes (kinerja.penguncian): this version, from its date on.
    def opd_terkunci_id(self):
        return self.opd_id or id_dari(ikuti(self, "jabatan__opd"))

    def cakupan_kunci(self, tersimpan=True):
        # A set PK never changes; setting a draft is judged by the periods only (tetapkan_pk).
        return [("perjanjian", self, tersimpan)]

    MEDAN_TURUNAN = ("opd",)  # what lengkapi() sets (written by the loader's bulk update too)

    def lengkapi(self) -> None:
        """What save() derives: the office of the position the PK is of (stored on the PK: the
        office's PKs are read by it). Followed through the records at hand, else one query."""
        pasang(self, "opd", ikuti(self, "jabatan__opd"))

    def save(self, *args, **kwargs):
        self.lengkapi()
        super().save(*args, **kwargs)


class ItemPK(DijagaPeriode, models.Model):
    """One line of a PK: sasaran, indikator and its target for the year."""

    perjanjian = models.ForeignKey(
        PerjanjianKinerja, on_delete=models.CASCADE, related_name="item_set", verbose_name="perjanjian kinerja"
    )
    sasaran = models.ForeignKey(Sasaran, on_delete=models.PROTECT, related_name="item_pk_set")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="item_pk_set")
    target = models.DecimalField("target", **NILAI, null=True, blank=True)
    target_atas = models.DecimalField("batas atas target", **NILAI, null=True, blank=True)
    target_teks = models.CharField("target (predikat)", max_length=20, blank=True)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_opd = "perjanjian__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "item PK"
        verbose_name_plural = "item PK"
        ordering = ["perjanjian", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["perjanjian", "indikator"], name="item_pk_indikator_unik")]

    def __str__(self):
        return f"{self.indikator}: {self.target if self.target is not None else self.target_teks}"

    def clean(self):
        if self.indikator_id and self.sasaran_id and self.indikator.sasaran_id not in (None, self.sasaran_id):
            raise ValidationError({"indikator": "Indikator ini bukan indikator sasaran yang dipilih."})
        if self.indikator_id and self.perjanjian_id and self.indikator.opd_id != self.perjanjian.opd_id:
            raise ValidationError({"indikator": "Indikator harus milik OPD yang sama dengan PK."})
        if self.indikator_id:
            validasi_nilai(self.indikator, self.target, self.target_teks, self.target_atas, medan="target")

    kunci_select_related = ("perjanjian",)

    def opd_terkunci_id(self):
        return self.perjanjian.opd_id

    def cakupan_kunci(self, tersimpan=True):
        return [("perjanjian", self.perjanjian, True)]


class RencanaAksi(DijagaPeriode, models.Model):
    """The quarterly target of a PK item and the actions planned for that quarter."""

    item = models.ForeignKey(ItemPK, on_delete=models.CASCADE, related_name="rencana_aksi_set")
    triwulan = models.PositiveSmallIntegerField("triwulan", validators=[MinValueValidator(1), MaxValueValidator(4)])
    target = models.DecimalField("target triwulan", **NILAI, null=True, blank=True)
    target_atas = models.DecimalField("batas atas target", **NILAI, null=True, blank=True)
    target_teks = models.CharField("target (predikat)", max_length=20, blank=True)
    rencana_aksi = models.TextField("rencana aksi", blank=True)
    jalur_opd = "item__perjanjian__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "rencana aksi"
        verbose_name_plural = "rencana aksi"
        ordering = ["item", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["item", "triwulan"], name="rencana_aksi_unik"),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="rencana_aksi_triwulan_sah"),
        ]

    def __str__(self):
        return f"TW {self.triwulan}: {self.item.indikator}"

    def clean(self):
        if self.item_id:
            validasi_nilai(self.item.indikator, self.target, self.target_teks, self.target_atas, medan="target")

    kunci_select_related = ("item__perjanjian",)

    def opd_terkunci_id(self):
        return self.item.perjanjian.opd_id

    def cakupan_kunci(self, tersimpan=True):
        p = self.item.perjanjian
        return [("triwulan", p.opd_id, p.tahun, self.triwulan, "Rencana aksi")]


class Realisasi(DijagaPeriode, models.Model):
    """The measured value of an indicator for one period, with its numerator and denominator."""

    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="realisasi_set")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    periode = models.CharField("periode", max_length=5, choices=rumus.Periode.pilihan())
    nilai = models.DecimalField("realisasi", **NILAI, null=True, blank=True)
    nilai_teks = models.CharField("realisasi (predikat)", max_length=20, blank=True)
    pembilang = models.DecimalField("pembilang", **NILAI, null=True, blank=True)
    penyebut = models.DecimalField("penyebut", **NILAI, null=True, blank=True)
    keterangan_data = models.CharField(
        "keterangan data", max_length=200, blank=True, help_text="Vintage data, misalnya: DKB Semester I 2024"
    )
    sumber_data = models.CharField("sumber data", max_length=300, blank=True)
    catatan = models.TextField(
        "catatan", blank=True, help_text="Tidak pernah dicetak: asal data, perhitungan, siapa memutuskan apa."
    )
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diisi oleh",
    )
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)
    revisi = models.PositiveIntegerField("revisi", default=0, editable=False)
    jalur_opd = "indikator__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi"
        verbose_name_plural = "realisasi"
        ordering = ["indikator", "tahun", "periode"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun", "periode"], name="realisasi_unik"),
        ]
        indexes = [models.Index(fields=["tahun", "periode"])]

    def __str__(self):
        return f"{self.indikator} {self.periode} {self.tahun}"

    def nilai_dari_rasio(self):
        """pembilang ÷ penyebut × faktor, or None without both."""
        if self.pembilang is None or self.penyebut is None:
            return None
        if self.penyebut == 0:
            raise ValidationError({"penyebut": "Penyebut tidak boleh nol."})
        return (self.pembilang / self.penyebut * self.indikator.faktor).quantize(Decimal("0.000001"))

    def clean(self):
        if not self.indikator_id:
            return
        if (self.pembilang is None) != (self.penyebut is None):
            raise ValidationError({"penyebut": "Isi pembilang dan penyebut bersama-sama."})
        if self.pembilang is not None and self.pembilang < 0:
            raise ValidationError({"pembilang": "Pembilang tidak boleh negatif."})
        dihitung = self.nilai_dari_rasio()
        if dihitung is not None and self.nilai is not None:
            presisi = Decimal(1).scaleb(-self.indikator.presisi)
            if abs(dihitung - self.nilai) >= presisi:
                raise ValidationError(
                    {
                        "nilai": f"Realisasi {self.nilai} tidak sama dengan pembilang ÷ penyebut × "
                        f"{self.indikator.faktor.normalize()} = {dihitung.normalize()}."
                    }
                )
        # One measured number, also for a range indicator (the bounds belong to its target).
        validasi_nilai(self.indikator, self.nilai if dihitung is None else dihitung, self.nilai_teks, target=False)

    def terapkan_isian(self, ubahan):
        """Apply the cells a person changed ({field: value}) and nothing else. The value follows a
        changed pembilang or penyebut unless it was typed as well, and a value cleared beside a
        pembilang and penyebut is computed from them; a value stored without them stays."""
        for medan, nilai in ubahan.items():
            setattr(self, medan, nilai)
        rasio_diubah = "pembilang" in ubahan or "penyebut" in ubahan
        dihitung = ("nilai" not in ubahan and rasio_diubah) or ("nilai" in ubahan and ubahan["nilai"] is None)
        if dihitung and self.pembilang is not None and self.penyebut:
            self.nilai = self.nilai_dari_rasio()

    # What lengkapi() sets (written by the loader's bulk update too).
    MEDAN_TURUNAN = ("nilai", "revisi", "diperbarui")

    def lengkapi(self) -> None:
        """What save() derives: the value from numerator and denominator, the next revision, the
        time of the change (`auto_now`, which a bulk update does not apply)."""
        if self.nilai is None and self.pembilang is not None and self.penyebut:
            self.nilai = self.nilai_dari_rasio()
        self.revisi += 1
        self.diperbarui = timezone.now()

    kunci_select_related = ("indikator",)

    def opd_terkunci_id(self):
        return self.indikator.opd_id

    def cakupan_kunci(self, tersimpan=True):
        ind = self.indikator
        # A value that arrives a year late is read by the next year(s) as their N-1 data.
        return [
            ("periode", ind.opd_id, self.tahun, self.periode),
            ("dipakai_tahun_berikut", ind.opd_id, self.tahun, ind.tunda_tahun),
        ]

    def save(self, *args, **kwargs):
        self.lengkapi()
        super().save(*args, **kwargs)


def _lokasi_bukti(instance, filename):
    # A random folder: the path cannot be guessed (files are served only by `kinerja.views.bukti`).
    r = instance.realisasi
    return f"bukti/{r.indikator.opd_id}/{r.tahun}/{r.periode}/{secrets.token_hex(8)}/{filename}"


class Bukti(DijagaPeriode, models.Model):
    """An evidence file of a realisation. Its kind and size are judged by its content
    (sakip.berkas_aman, group "bukti"), by the grid and the admin alike. Removing one (the grid's
    "Hapus") deletes the record, guarded like its upload; the file stays in storage, so the
    history row (who removed what, when) still names a file that exists."""

    realisasi = models.ForeignKey(Realisasi, on_delete=models.CASCADE, related_name="bukti_set")
    berkas = models.FileField("berkas", upload_to=_lokasi_bukti, validators=[ValidatorBerkas("bukti")])
    keterangan = models.CharField("keterangan", max_length=300, blank=True)
    tanggal_dokumen = models.DateField("tanggal dokumen", null=True, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    jalur_opd = "realisasi__indikator__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        ordering = ["realisasi", "diunggah_pada"]

    def __str__(self):
        return self.keterangan or self.nama_berkas

    @property
    def nama_berkas(self):
        return os.path.basename(self.berkas.name)

    kunci_select_related = ("realisasi__indikator",)

    def opd_terkunci_id(self):
        return self.realisasi.indikator.opd_id

    def cakupan_kunci(self, tersimpan=True):
        r = self.realisasi
        return [("periode", r.indikator.opd_id, r.tahun, r.periode, "Bukti realisasi")]


# PermenPANRB 14/2017: the nine service elements in the regulation's order (names are data: an
# office may print them in its own words and order).
UNSUR_PELAYANAN = [
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Sarana dan Prasarana",
]


class SurveiKepuasan(DijagaPeriode, models.Model):
    """A community satisfaction survey (SKM, PermenPANRB 14/2017) of an office for one period:
    the nine element scores and the number of respondents. Its IKM (kinerja.survei) becomes the
    realisation of the linked indicator through the realisation grid's own save."""

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="survei_kepuasan_set")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    periode = models.CharField("periode", max_length=5, choices=rumus.Periode.pilihan())
    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survei_kepuasan_set",
        verbose_name="indikator yang diisi",
        help_text="Indikator kinerja (mis. Indeks Kepuasan Masyarakat) yang realisasinya diisi nilai IKM ini.",
    )
    jumlah_responden = models.PositiveIntegerField("jumlah responden", validators=[MinValueValidator(1)])
    keterangan = models.CharField(
        "keterangan", max_length=300, blank=True, help_text="Dicetak: metode, sarana survei, jenis layanan."
    )
    catatan_internal = models.TextField(
        "catatan internal",
        blank=True,
        help_text="Tidak pernah dicetak: asal data, siapa memutuskan apa. Hanya tampil di layar internal.",
    )
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "survei kepuasan masyarakat"
        verbose_name_plural = "survei kepuasan masyarakat"
        ordering = ["opd", "tahun", "periode"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "periode"], name="survei_kepuasan_unik"),
        ]

    def __str__(self):
        return f"SKM {self.get_periode_display()} {self.tahun}"

    def clean(self):
        if self.indikator_id and self.opd_id:
            if self.indikator.opd_id != self.opd_id:
                raise ValidationError({"indikator": "Indikator harus milik OPD yang sama dengan survei."})
            if self.indikator.predikat:
                raise ValidationError({"indikator": "Nilai IKM berupa angka; pilih indikator yang bernilai angka."})

    def opd_terkunci_id(self):
        return self.opd_id

    def cakupan_kunci(self, tersimpan=True):
        return [("periode", self.opd_id, self.tahun, self.periode, "Survei kepuasan masyarakat")]


class UnsurSurvei(DijagaPeriode, models.Model):
    """One service element (U1..U9) of a survey: its mean score 1-4, or the sum of its scores
    over all respondents (the mean is then sum / respondents)."""

    survei = models.ForeignKey(SurveiKepuasan, on_delete=models.CASCADE, related_name="unsur_set")
    nomor = models.PositiveSmallIntegerField("nomor unsur", validators=[MinValueValidator(1), MaxValueValidator(9)])
    nama = models.CharField("unsur pelayanan", max_length=150)
    nilai_rata = models.DecimalField(
        "nilai rata-rata",
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    jumlah_nilai = models.DecimalField(
        "jumlah nilai",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Jumlah skor seluruh responden (bila rata-rata tidak diisi).",
    )
    jalur_opd = "survei__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "unsur pelayanan"
        verbose_name_plural = "unsur pelayanan"
        ordering = ["survei", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["survei", "nomor"], name="unsur_survei_unik"),
            models.CheckConstraint(condition=Q(nomor__gte=1, nomor__lte=9), name="unsur_survei_nomor_sah"),
        ]

    def __str__(self):
        return f"U{self.nomor} {self.nama}"

    def clean(self):
        if (self.nilai_rata is None) == (self.jumlah_nilai is None):
            raise ValidationError({"nilai_rata": "Isi nilai rata-rata atau jumlah nilai (salah satu)."})

    kunci_select_related = ("survei",)

    def opd_terkunci_id(self):
        return self.survei.opd_id

    def cakupan_kunci(self, tersimpan=True):
        s = self.survei
        return [("periode", s.opd_id, s.tahun, s.periode, "Unsur survei kepuasan masyarakat")]


class LayananDokumen(DijagaPeriode, models.Model):
    """One service type of an office's document report for a year (Cetak KTP, Akta Kelahiran, ...):
    its annual target count, and the documents issued per quarter (RealisasiLayananDokumen) as the
    office reports them, year-to-date or per quarter. The rows linked to an indicator form the table
    whose capaian is that indicator's realisation (seed 000: ketepatan waktu layanan)."""

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="layanan_dokumen_set", verbose_name="OPD")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    nama = models.CharField("jenis layanan", max_length=200)
    target = models.PositiveIntegerField("target setahun", help_text="Jumlah dokumen yang ditargetkan setahun.")
    kumulatif = models.BooleanField(
        "realisasi diisi kumulatif",
        default=True,
        help_text="Centang bila angka tiap triwulan adalah jumlah s.d. triwulan itu; kosongkan bila angka "
        "tiap triwulan adalah jumlah triwulan itu saja. Laporan selalu mencetak jumlah kumulatif.",
    )
    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="layanan_dokumen_set",
        verbose_name="indikator yang didukung",
        help_text="Indikator yang realisasinya dihitung dari tabel ini; kosong: tabel dicetak di Bab III "
        "setelah tabel pengukuran.",
    )
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "layanan dokumen"
        verbose_name_plural = "layanan dokumen"
        ordering = ["opd", "tahun", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "nama"], name="layanan_dokumen_unik"),
        ]

    def __str__(self):
        return f"{self.nama} {self.tahun}"

    def clean(self):
        if self.indikator_id and self.opd_id:
            if self.indikator.opd_id != self.opd_id:
                raise ValidationError({"indikator": "Indikator harus milik OPD yang sama dengan layanan."})
            if self.indikator.predikat:
                raise ValidationError({"indikator": "Capaian layanan berupa angka; pilih indikator bernilai angka."})

    def realisasi_kumulatif(self) -> tuple[int | None, ...]:
        """Year-to-date counts of quarters 1..4 (reads realisasi_set: prefetch it for many rows)."""
        per_tw = {r.triwulan: r.jumlah for r in self.realisasi_set.all()}
        return rumus.kumulatif_triwulan([per_tw.get(tw) for tw in range(1, 5)], self.kumulatif)

    # Name, target and reading rule are printed by every period of the year: any locked period freezes them.
    def opd_terkunci_id(self):
        return self.opd_id

    def cakupan_kunci(self, tersimpan=True):
        return [("tahun", self.opd_id, self.tahun, f"Layanan dokumen {self.nama} {self.tahun}")]


class RealisasiLayananDokumen(DijagaPeriode, models.Model):
    """The documents of one service type issued in (or up to, when the type is entered cumulatively)
    one quarter; frozen with that quarter's realisations."""

    layanan = models.ForeignKey(LayananDokumen, on_delete=models.CASCADE, related_name="realisasi_set")
    triwulan = models.PositiveSmallIntegerField("triwulan", validators=[MinValueValidator(1), MaxValueValidator(4)])
    jumlah = models.PositiveIntegerField("jumlah dokumen")
    jalur_opd = "layanan__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi layanan dokumen"
        verbose_name_plural = "realisasi layanan dokumen"
        ordering = ["layanan", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["layanan", "triwulan"], name="realisasi_layanan_unik"),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="realisasi_layanan_tw_sah"),
        ]

    def __str__(self):
        return f"TW {self.triwulan}: {self.jumlah}"

    kunci_select_related = ("layanan",)

    def opd_terkunci_id(self):
        return self.layanan.opd_id

    def cakupan_kunci(self, tersimpan=True):
        lay = self.layanan
        return [("triwulan", lay.opd_id, lay.tahun, self.triwulan, f"Realisasi layanan {lay.nama}")]


class StatusPeriode(models.Model):
    """Where an office's data of one period stands: draft → diajukan → disetujui → diverifikasi (locked)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"
        DISETUJUI = "disetujui", "Disetujui pimpinan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi (terkunci)"

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="status_periode_set")
    tahun = models.PositiveSmallIntegerField("tahun")
    periode = models.CharField("periode", max_length=5, choices=rumus.Periode.pilihan())
    status = models.CharField("status", max_length=15, choices=Status.choices, default=Status.DRAFT)
    diubah = models.DateTimeField("diubah", auto_now=True)
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "status periode"
        verbose_name_plural = "status periode"
        ordering = ["opd", "-tahun", "periode"]
        constraints = [models.UniqueConstraint(fields=["opd", "tahun", "periode"], name="status_periode_unik")]

    def __str__(self):
        return f"{self.opd} {self.periode} {self.tahun}: {self.get_status_display()}"

    @property
    def terbuka(self):
        """Only a draft can be edited by the office."""
        return self.status == self.Status.DRAFT


class RiwayatStatus(models.Model):
    """One transition of a period's status: who, when, from, to, and the note."""

    status_periode = models.ForeignKey(StatusPeriode, on_delete=models.CASCADE, related_name="riwayat")
    dari = models.CharField("dari", max_length=15, choices=StatusPeriode.Status.choices)
    ke = models.CharField("ke", max_length=15, choices=StatusPeriode.Status.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    waktu = models.DateTimeField("waktu", auto_now_add=True)
    catatan = models.TextField("catatan", blank=True)
    jalur_opd = "status_periode__opd"

    class Meta:
        verbose_name = "riwayat status"
        verbose_name_plural = "riwayat status"
        ordering = ["status_periode", "waktu", "id"]

    def __str__(self):
        return f"{self.get_dari_display()} → {self.get_ke_display()}"


class JendelaEntri(models.Model):
    """The dates within which offices of a Pemda may enter realisations of a period."""

    pemda = models.ForeignKey("sakip.Pemda", on_delete=models.CASCADE, related_name="jendela_entri_set")
    tahun = models.PositiveSmallIntegerField("tahun")
    periode = models.CharField("periode", max_length=5, choices=rumus.Periode.pilihan())
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai")
    jalur_pemda = "pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "jendela entri"
        verbose_name_plural = "jendela entri"
        ordering = ["pemda", "-tahun", "periode"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun", "periode"], name="jendela_entri_unik"),
            models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")), name="jendela_entri_sah"),
        ]

    def __str__(self):
        return f"{self.periode} {self.tahun}: {self.mulai} s.d. {self.selesai}"


class TemuanReviu(models.Model):
    """A reviewer's finding on an office's data: an automatic check or a comment pinned to an item.

    `objek` names what it is about ("indikator:12", "anggaran:2.12.02", "sasaran:3", "bab:III").
    Status: terbuka → diperbaiki (the office fixed it; automatic findings close themselves when
    the check no longer fires) or diterima (accepted as is, with a reason).
    """

    class Status(models.TextChoices):
        TERBUKA = "terbuka", "Terbuka"
        DIPERBAIKI = "diperbaiki", "Diperbaiki"
        DITERIMA = "diterima", "Diterima dengan alasan"

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="temuan_reviu_set")
    tahun = models.PositiveSmallIntegerField("tahun")
    periode = models.CharField("periode", max_length=5, choices=rumus.Periode.pilihan())
    objek = models.CharField("objek", max_length=100)
    kode = models.CharField("jenis", max_length=40, help_text="jenis pemeriksaan, atau 'komentar'")
    tingkat = models.CharField("tingkat", max_length=12, default="peringatan")
    pesan = models.TextField("pesan")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.TERBUKA)
    alasan = models.TextField("alasan", blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    dibuat_pada = models.DateTimeField("dibuat", auto_now_add=True)
    diubah_pada = models.DateTimeField("diubah", auto_now=True)
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "temuan reviu"
        verbose_name_plural = "temuan reviu"
        ordering = ["opd", "-tahun", "periode", "status", "id"]
        indexes = [models.Index(fields=["opd", "tahun", "periode"])]

    def __str__(self):
        return self.pesan[:80]

    @property
    def otomatis(self):
        return self.kode != "komentar"
