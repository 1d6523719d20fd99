"""Renstra: the regional plan an office supports, its 5-year goals, the cascade and indicators."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sakip import rumus
from sakip.kunci import DijagaPeriode
from sakip.models import OPD, Jabatan, Pemda
from sakip.turunan import id_dari, ikuti, pasang

# Measurements: up to 18 integer digits and 6 decimals, always Decimal.
NILAI = {"max_digits": 24, "decimal_places": 6}


def _tahun_validators():
    return [MinValueValidator(2000), MaxValueValidator(2100)]


class RPJMD(models.Model):
    """The Pemda's 5-year regional plan (RPJMD, or RPD for an interim period)."""

    class Jenis(models.TextChoices):
        RPJMD = "RPJMD", "RPJMD"
        RPD = "RPD", "RPD (Rencana Pembangunan Daerah)"

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="rpjmd_set")
    jenis = models.CharField("jenis", max_length=5, choices=Jenis.choices, default=Jenis.RPJMD)
    tahun_mulai = models.PositiveSmallIntegerField("tahun mulai", validators=_tahun_validators())
    tahun_selesai = models.PositiveSmallIntegerField("tahun selesai", validators=_tahun_validators())
    visi = models.TextField("visi")
    dasar_hukum = models.CharField("dasar hukum", max_length=300, blank=True)
    catatan_internal = models.TextField(
        "catatan internal",
        blank=True,
        help_text="Tidak pernah dicetak: asal data, siapa memutuskan apa. Hanya tampil di layar internal.",
    )
    jalur_pemda = "pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "RPJMD/RPD"
        verbose_name_plural = "RPJMD/RPD"
        ordering = ["pemda", "-tahun_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "jenis", "tahun_mulai"], name="rpjmd_unik"),
            models.CheckConstraint(condition=Q(tahun_selesai__gte=models.F("tahun_mulai")), name="rpjmd_periode_sah"),
        ]

    def __str__(self):
        return f"{self.jenis} {self.pemda} {self.tahun_mulai}–{self.tahun_selesai}"


class Misi(models.Model):
    rpjmd = models.ForeignKey(RPJMD, on_delete=models.CASCADE, related_name="misi_set")
    nomor = models.PositiveSmallIntegerField("nomor")
    uraian = models.TextField("uraian")
    jalur_pemda = "rpjmd__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "misi"
        verbose_name_plural = "misi"
        ordering = ["rpjmd", "nomor"]
        constraints = [models.UniqueConstraint(fields=["rpjmd", "nomor"], name="misi_nomor_unik")]

    def __str__(self):
        return f"Misi {self.nomor}: {self.uraian}"


class TujuanDaerah(models.Model):
    """A goal of the RPJMD under one misi."""

    misi = models.ForeignKey(Misi, on_delete=models.CASCADE, related_name="tujuan_set")
    uraian = models.TextField("uraian")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_pemda = "misi__rpjmd__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tujuan RPJMD"
        verbose_name_plural = "tujuan RPJMD"
        ordering = ["misi", "urutan", "id"]

    def __str__(self):
        return self.uraian


class SasaranDaerah(models.Model):
    """A target of the RPJMD, which offices' sasaran support."""

    tujuan = models.ForeignKey(TujuanDaerah, on_delete=models.CASCADE, related_name="sasaran_set")
    uraian = models.TextField("uraian")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_pemda = "tujuan__misi__rpjmd__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sasaran RPJMD"
        verbose_name_plural = "sasaran RPJMD"
        ordering = ["tujuan", "urutan", "id"]

    def __str__(self):
        return self.uraian


class RenstraQuerySet(models.QuerySet):
    def untuk_tahun(self, tahun, pada=None):
        """The versions that may apply to `tahun` (of any office), newest first: the rule of which
        Renstra version a year uses, for one office (`berlaku`) or many (the measurement)."""
        qs = self.filter(tahun_mulai__lte=tahun, tahun_selesai__gte=tahun)
        # A perubahan applies from its first year on; earlier years keep the version before it.
        qs = qs.filter(Q(berlaku_mulai__isnull=True) | Q(berlaku_mulai__lte=tahun))
        if pada is not None:
            qs = qs.filter(Q(tanggal_penetapan__isnull=True) | Q(tanggal_penetapan__lte=pada))
        return qs.order_by("-versi")

    def berlaku(self, opd, tahun, pada=None):
        """The Renstra of `opd` covering `tahun`, the latest version set on or before `pada`."""
        return self.filter(opd=opd).untuk_tahun(tahun, pada).first()


class Renstra(models.Model):
    """The strategic plan of one office for a period; a perubahan supersedes without deleting."""

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="renstra_set")
    rpjmd = models.ForeignKey(RPJMD, on_delete=models.PROTECT, null=True, blank=True, related_name="renstra_set")
    misi_didukung = models.ManyToManyField(Misi, blank=True, related_name="renstra_set", verbose_name="misi didukung")
    tahun_mulai = models.PositiveSmallIntegerField("tahun mulai", validators=_tahun_validators())
    tahun_selesai = models.PositiveSmallIntegerField("tahun selesai", validators=_tahun_validators())
    versi = models.PositiveSmallIntegerField("versi", default=0, help_text="0 = Renstra awal, 1.. = perubahan")
    menggantikan = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diganti_oleh",
        verbose_name="menggantikan",
    )
    tanggal_penetapan = models.DateField("tanggal penetapan", null=True, blank=True)
    dasar_hukum = models.CharField("dasar hukum", max_length=300, blank=True)
    catatan_internal = models.TextField(
        "catatan internal",
        blank=True,
        help_text="Tidak pernah dicetak: asal data, siapa memutuskan apa. Hanya tampil di layar internal.",
    )
    alasan_perubahan = models.TextField("alasan perubahan", blank=True)
    berlaku_mulai = models.PositiveSmallIntegerField(
        "berlaku mulai tahun",
        null=True,
        blank=True,
        validators=_tahun_validators(),
        help_text="Renstra Perubahan: tahun pertama yang memakai versi ini (kosong: seluruh periode)",
    )
    visi = models.TextField("visi", blank=True, help_text="Kosongkan untuk memakai visi RPJMD")
    jalur_opd = "opd"
    history = HistoricalRecords()

    objects = RenstraQuerySet.as_manager()

    class Meta:
        verbose_name = "Renstra"
        verbose_name_plural = "Renstra"
        ordering = ["opd", "-tahun_mulai", "-versi"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun_mulai", "versi"], name="renstra_versi_unik"),
            models.CheckConstraint(condition=Q(tahun_selesai__gte=models.F("tahun_mulai")), name="renstra_periode_sah"),
        ]

    def __str__(self):
        label = "Renstra" if self.versi == 0 else f"Renstra Perubahan {self.versi}"
        return f"{label} {self.opd} {self.tahun_mulai}–{self.tahun_selesai}"

    def clean(self):
        if self.tahun_mulai and self.tahun_selesai and self.tahun_selesai < self.tahun_mulai:
            raise ValidationError({"tahun_selesai": "Tahun selesai tidak boleh sebelum tahun mulai."})
        if self.versi and not self.menggantikan_id:
            raise ValidationError({"menggantikan": "Renstra perubahan harus menyebut Renstra yang digantikan."})

    @property
    def tahun(self):
        return list(range(self.tahun_mulai, self.tahun_selesai + 1))

    @property
    def visi_berlaku(self):
        return self.visi or (self.rpjmd.visi if self.rpjmd_id else "")


class Tujuan(models.Model):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="tujuan_set")
    sasaran_daerah = models.ForeignKey(
        SasaranDaerah,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tujuan_opd_set",
        verbose_name="sasaran RPJMD yang didukung",
    )
    kode = models.CharField("kode", max_length=20, blank=True)
    uraian = models.TextField("uraian")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    asal = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="turunan",
        help_text="Tujuan yang sama di versi Renstra sebelumnya",
    )
    jalur_opd = "renstra__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tujuan"
        verbose_name_plural = "tujuan"
        ordering = ["renstra", "urutan", "id"]

    def __str__(self):
        return self.uraian


class Sasaran(models.Model):
    """A node of the performance tree: sasaran strategis and its cascade down to sub kegiatan."""

    class Tingkat(models.TextChoices):
        STRATEGIS = "strategis", "Sasaran strategis"
        PROGRAM = "program", "Sasaran program"
        KEGIATAN = "kegiatan", "Sasaran kegiatan"
        SUB_KEGIATAN = "sub_kegiatan", "Output sub kegiatan"

    URUTAN_TINGKAT = ["strategis", "program", "kegiatan", "sub_kegiatan"]

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="sasaran_set")
    tujuan = models.ForeignKey(
        Tujuan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sasaran_set",
        help_text="Wajib untuk sasaran strategis",
    )
    induk = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="turunan_cascade",
        verbose_name="induk (cascading)",
    )
    tingkat = models.CharField("tingkat", max_length=15, choices=Tingkat.choices, default=Tingkat.STRATEGIS)
    kode = models.CharField("kode", max_length=20, blank=True)
    uraian = models.TextField("uraian")
    pemilik = models.ForeignKey(
        Jabatan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sasaran_set",
        verbose_name="penanggung jawab (jabatan)",
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    asal = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versi_berikut",
        help_text="Sasaran yang sama di versi Renstra sebelumnya",
    )
    jalur_opd = "renstra__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sasaran"
        verbose_name_plural = "sasaran"
        ordering = ["renstra", "urutan", "id"]

    def __str__(self):
        return self.uraian

    def clean(self):
        errors = {}
        if self.tingkat == self.Tingkat.STRATEGIS:
            if not self.tujuan_id:
                errors["tujuan"] = "Sasaran strategis harus berada di bawah satu tujuan."
            if self.induk_id:
                errors["induk"] = "Sasaran strategis tidak memiliki induk cascading."
        else:
            if not self.induk_id:
                errors["induk"] = "Sasaran program, kegiatan dan sub kegiatan harus memiliki induk."
            elif self.URUTAN_TINGKAT.index(self.induk.tingkat) != self.URUTAN_TINGKAT.index(self.tingkat) - 1:
                errors["induk"] = (
                    f"Induk {self.get_tingkat_display().lower()} harus "
                    f"{self.Tingkat(self.URUTAN_TINGKAT[self.URUTAN_TINGKAT.index(self.tingkat) - 1]).label.lower()}."
                )
        if self.induk_id and self.induk.renstra_id != self.renstra_id:
            errors["induk"] = "Induk harus berada di Renstra yang sama."
        if self.tujuan_id and self.tujuan.renstra_id != self.renstra_id:
            errors["tujuan"] = "Tujuan harus berada di Renstra yang sama."
        if self.pemilik_id and self.pemilik.opd_id != self.renstra.opd_id:
            errors["pemilik"] = "Penanggung jawab harus jabatan di OPD ini."
        if errors:
            raise ValidationError(errors)

    MEDAN_TURUNAN = ("tujuan",)  # what lengkapi() sets (written by the loader's bulk update too)

    def lengkapi(self) -> None:
        """What save() derives: a cascaded sasaran without a tujuan of its own stands under its
        parent's. Followed through the records at hand (the loader's), else one query."""
        if self.induk_id and not self.tujuan_id:
            pasang(self, "tujuan", ikuti(self, "induk__tujuan"))

    def save(self, *args, **kwargs):
        self.lengkapi()
        super().save(*args, **kwargs)


class Strategi(models.Model):
    """A strategy of the Renstra toward one sasaran strategis; its arah kebijakan are listed under it
    (the table "Tujuan, sasaran, strategi dan arah kebijakan" of Bab II)."""

    sasaran = models.ForeignKey(Sasaran, on_delete=models.CASCADE, related_name="strategi_set")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    uraian = models.TextField("strategi")
    jalur_opd = "sasaran__renstra__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "strategi"
        verbose_name_plural = "strategi"
        ordering = ["sasaran", "urutan", "id"]

    def __str__(self):
        return self.uraian

    def clean(self):
        if self.sasaran_id and self.sasaran.tingkat != Sasaran.Tingkat.STRATEGIS:
            raise ValidationError({"sasaran": "Strategi dirumuskan untuk sasaran strategis."})


class ArahKebijakan(models.Model):
    """One policy direction of a strategy, in the strategy's order."""

    strategi = models.ForeignKey(Strategi, on_delete=models.CASCADE, related_name="arah_kebijakan_set")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    uraian = models.TextField("arah kebijakan")
    jalur_opd = "strategi__sasaran__renstra__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "arah kebijakan"
        verbose_name_plural = "arah kebijakan"
        ordering = ["strategi", "urutan", "id"]

    def __str__(self):
        return self.uraian


class IndikatorManager(models.Manager):
    def get_by_natural_key(self, kode_opd, kode):
        """For fixtures that point to an indicator (fixtures/demo): the office's newest indicator
        with that code (a Renstra Perubahan may repeat a code)."""
        hasil = self.filter(opd__kode=kode_opd, kode=kode).order_by("-id").first()
        if hasil is None:
            raise self.model.DoesNotExist(f"Indikator {kode} milik {kode_opd} tidak ada.")
        return hasil


class Indikator(DijagaPeriode, models.Model):
    """A performance indicator: a unit, a direction, a formula and targets, not just a name.

    It belongs to exactly one owner: a tujuan, a sasaran (any cascade level), a budget item
    (program / kegiatan / sub kegiatan) or, as a
    component, a composite indicator whose value is the mean of its components.
    """

    class JenisNilai(models.TextChoices):
        ANGKA = "angka", "Angka"
        PREDIKAT = "predikat", "Predikat (huruf/kategori)"

    class Frekuensi(models.TextChoices):
        TRIWULAN = "triwulan", "Triwulanan"
        SEMESTER = "semester", "Semesteran"
        TAHUN = "tahun", "Tahunan"

    SKALA_PREDIKAT = {
        "sakip": rumus.PREDIKAT_SAKIP,
        "tinggi_sedang_rendah": rumus.PREDIKAT_TINGGI_SEDANG_RENDAH,
        "opini_bpk": rumus.OPINI_BPK,
        "mutu_ikm": rumus.PREDIKAT_MUTU_IKM,
    }
    PILIHAN_SKALA_PREDIKAT = [
        ("sakip", "Nilai SAKIP (AA, A, BB, B, CC, C, D)"),
        ("tinggi_sedang_rendah", "Tinggi / Sedang / Rendah"),
        ("opini_bpk", "Opini BPK (WTP, WDP, TMP, TW)"),
        ("mutu_ikm", "Mutu IKM (A, B, C, D)"),
    ]
    SATUAN_UMUM = [
        "%",
        "Nilai",
        "Indeks",
        "Hari",
        "OPD",
        "Dokumen",
        "Laporan",
        "Orang",
        "Paket",
        "Inovasi",
        "Predikat",
    ]

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="indikator_set", editable=False)
    tujuan = models.ForeignKey(Tujuan, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator_set")
    sasaran = models.ForeignKey(Sasaran, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator_set")
    item_anggaran = models.ForeignKey(
        "anggaran.ItemAnggaran",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indikator_set",
        verbose_name="program/kegiatan/sub kegiatan",
        help_text="Indikator outcome/output milik program, kegiatan atau sub kegiatan",
    )
    komposit = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="komponen",
        verbose_name="indikator komposit induk",
        help_text="Diisi bila indikator ini komponen dari indikator komposit (nilai komposit = rata-rata komponen).",
    )
    turunan = models.CharField(
        "dihitung dari indikator turunan",
        max_length=20,
        choices=rumus.Turunan.pilihan(),
        blank=True,
        help_text="Diisi bila realisasinya dihitung dari indikator anak (yang menunjuknya sebagai induk; bila "
        "tidak ada: komponennya, atau indikator kegiatan/sub kegiatan di bawah program/kegiatan ini), bukan diketik.",
    )
    induk_turunan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anak_turunan",
        verbose_name="indikator induk (turunan)",
        help_text="Indikator induk yang realisasinya dihitung dari indikator ini (misalnya indikator program "
        "dari indikator kegiatannya).",
    )
    kode = models.CharField("kode", max_length=30, blank=True)
    nama = models.TextField("nama indikator")
    satuan = models.CharField("satuan", max_length=40, help_text="%, Nilai, Indeks, Hari, OPD, Dokumen, …")
    jenis_nilai = models.CharField("jenis nilai", max_length=10, choices=JenisNilai.choices, default=JenisNilai.ANGKA)
    skala_predikat = models.CharField(
        "skala predikat",
        max_length=30,
        choices=PILIHAN_SKALA_PREDIKAT,
        blank=True,
        help_text="Wajib bila jenis nilai predikat",
    )
    arah = models.CharField("arah", max_length=10, choices=rumus.Arah.pilihan(), default=rumus.Arah.NAIK)
    definisi = models.TextField("definisi operasional", blank=True)
    formula = models.TextField("formula", blank=True, help_text="Misalnya: penduduk ber-KTP-el ÷ wajib KTP-el × 100")
    label_pembilang = models.CharField("label pembilang", max_length=200, blank=True)
    label_penyebut = models.CharField("label penyebut", max_length=200, blank=True)
    satuan_pembilang = models.CharField(
        "satuan pembilang/penyebut", max_length=40, blank=True, help_text="Misalnya: jiwa, dokumen"
    )
    faktor = models.DecimalField(
        "faktor pengali", **NILAI, default=Decimal(100), help_text="nilai = pembilang ÷ penyebut × faktor"
    )
    frekuensi = models.CharField("frekuensi data", max_length=10, choices=Frekuensi.choices, default=Frekuensi.TAHUN)
    tunda_tahun = models.PositiveSmallIntegerField(
        "data tertunda (tahun)",
        default=0,
        validators=[MaxValueValidator(2)],
        help_text="1 bila nilai yang tersedia adalah nilai tahun sebelumnya (N-1), misalnya nilai SAKIP",
    )
    agregasi = models.CharField(
        "agregasi setahun", max_length=10, choices=rumus.Agregasi.pilihan(), default=rumus.Agregasi.TERAKHIR
    )
    sumber_data = models.CharField("sumber data", max_length=300, blank=True)
    baseline = models.DecimalField("kondisi awal (baseline)", **NILAI, null=True, blank=True)
    baseline_teks = models.CharField("kondisi awal (predikat)", max_length=20, blank=True)
    tahun_baseline = models.PositiveSmallIntegerField("tahun baseline", null=True, blank=True)
    target_akhir = models.DecimalField("target akhir Renstra", **NILAI, null=True, blank=True)
    target_akhir_teks = models.CharField("target akhir Renstra (predikat)", max_length=20, blank=True)
    iku = models.BooleanField("IKU", default=False, help_text="Indikator Kinerja Utama")
    penanggung_jawab = models.ForeignKey(
        Jabatan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indikator_set",
        verbose_name="penanggung jawab",
    )
    presisi = models.PositiveSmallIntegerField("jumlah desimal", default=2, validators=[MaxValueValidator(6)])
    batas_atas_capaian = models.DecimalField(
        "batas atas capaian (%)",
        **NILAI,
        null=True,
        blank=True,
        help_text="Kosongkan untuk memakai aturan pemda",
    )
    skala_kategori = models.CharField(
        "skala kategori capaian",
        max_length=30,
        blank=True,
        choices=[(kode, skala.nama) for kode, skala in rumus.PRESET_SKALA.items()],
        help_text="Kosongkan untuk memakai skala kategori pemda",
    )
    bobot = models.DecimalField("bobot", **NILAI, default=Decimal(1))
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    asal = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versi_berikut",
        help_text="Indikator yang sama di versi Renstra sebelumnya",
    )
    jalur_opd = "opd"
    history = HistoricalRecords()
    objects = IndikatorManager()

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["urutan", "id"]
        constraints = [
            models.CheckConstraint(
                name="indikator_tepat_satu_pemilik",
                condition=(
                    Q(tujuan__isnull=False, sasaran__isnull=True, item_anggaran__isnull=True, komposit__isnull=True)
                    | Q(tujuan__isnull=True, sasaran__isnull=False, item_anggaran__isnull=True, komposit__isnull=True)
                    | Q(tujuan__isnull=True, sasaran__isnull=True, item_anggaran__isnull=False, komposit__isnull=True)
                    | Q(tujuan__isnull=True, sasaran__isnull=True, item_anggaran__isnull=True, komposit__isnull=False)
                ),
            ),
        ]
        indexes = [models.Index(fields=["opd", "iku"])]

    def __str__(self):
        return self.nama

    def clean(self):
        errors = {}
        pemilik = [x for x in (self.tujuan_id, self.sasaran_id, self.item_anggaran_id, self.komposit_id) if x]
        if len(pemilik) != 1:
            errors["sasaran"] = (
                "Indikator harus milik tepat satu: tujuan, sasaran, program/kegiatan/sub kegiatan, "
                "atau indikator komposit."
            )
        if self.jenis_nilai == self.JenisNilai.PREDIKAT:
            if not self.skala_predikat:
                errors["skala_predikat"] = "Pilih skala predikat untuk indikator berjenis predikat."
            elif self.target_akhir_teks and self.target_akhir_teks not in self.skala().label:
                errors["target_akhir_teks"] = f"Predikat harus salah satu dari: {', '.join(self.skala().label)}."
        if bool(self.label_pembilang) != bool(self.label_penyebut):
            errors["label_penyebut"] = "Isi label pembilang dan penyebut bersama-sama."
        if self.komposit_id and self.komposit.komposit_id:
            errors["komposit"] = "Komponen tidak boleh memiliki komponen lagi."
        if self.arah == rumus.Arah.RENTANG and self.jenis_nilai == self.JenisNilai.PREDIKAT:
            errors["arah"] = "Indikator predikat tidak memakai arah rentang."
        if errors:
            raise ValidationError(errors)

    # The owner of an indicator (exactly one is set) and the path from it to the office.
    JALUR_OPD_PEMILIK = (
        ("sasaran", "renstra__opd"),
        ("tujuan", "renstra__opd"),
        ("item_anggaran", "opd"),
        ("komposit", "opd"),
    )
    MEDAN_TURUNAN = ("opd",)  # what lengkapi() sets (written by the loader's bulk update too)

    def lengkapi(self) -> None:
        """What save() derives: the office of the indicator's owner, stored on the indicator (the
        office's indicators are read by it). Followed through the records at hand (the loader's,
        new ones too), else one query."""
        opd = self._opd_pemilik(sebagai_rekaman=True)
        if opd is not None:
            pasang(self, "opd", opd)

    def save(self, *args, **kwargs):
        self.lengkapi()
        super().save(*args, **kwargs)

    # What the measurement of a period reads of an indicator: frozen while any period of its
    # Renstra is approved (sakip.kunci, kinerja.penguncian). Its name and notes stay editable;
    # a new indicator touches no approved measurement.
    MEDAN_UKUR = (
        "arah",
        "jenis_nilai",
        "skala_predikat",
        "faktor",
        "agregasi",
        "tunda_tahun",
        "frekuensi",
        "batas_atas_capaian",
        "skala_kategori",
        "turunan",
        "induk_turunan_id",
        "bobot",
        "sasaran_id",
        "tujuan_id",
        "item_anggaran_id",
        "komposit_id",
    )
    kunci_select_related = ("sasaran__renstra", "tujuan__renstra", "item_anggaran", "komposit")

    def perubahan_dikunci(self, lama):
        return lama is not None and any(getattr(self, m) != getattr(lama, m) for m in self.MEDAN_UKUR)

    def opd_terkunci_id(self):
        return self.opd_id or self._opd_pemilik()

    def tahun_ukur(self):
        """The years this indicator is measured in: its Renstra's, or its budget year."""
        if self.sasaran_id:
            return self.sasaran.renstra.tahun
        if self.tujuan_id:
            return self.tujuan.renstra.tahun
        if self.item_anggaran_id:
            return [self.item_anggaran.tahun]
        if self.komposit_id:
            return self.komposit.tahun_ukur()
        return []

    def cakupan_kunci(self, tersimpan=True):
        apa = f"Cara pengukuran indikator {self.kode or self.nama[:40]}"
        return [("tahun_mana_pun", self.opd_terkunci_id(), self.tahun_ukur(), apa)]

    def _opd_pemilik(self, sebagai_rekaman=False):
        """The owner's office (its id; the record itself when at hand and `sebagai_rekaman`), or
        None without an owner."""
        for pemilik, jalur in self.JALUR_OPD_PEMILIK:
            if getattr(self, f"{pemilik}_id") is not None:
                opd = ikuti(self, f"{pemilik}__{jalur}")
                return opd if sebagai_rekaman else id_dari(opd)
        return None

    @property
    def predikat(self):
        return self.jenis_nilai == self.JenisNilai.PREDIKAT

    @property
    def punya_rumus_rasio(self):
        return bool(self.label_pembilang and self.label_penyebut)

    def skala(self):
        return self.SKALA_PREDIKAT.get(self.skala_predikat)

    def metodologi(self, metodologi_pemda):
        """The Pemda's methodology with this indicator's own cap and category scale, if any:
        the one place an indicator's scale falls back to the Pemda's."""
        ganti = {}
        if self.batas_atas_capaian is not None:
            ganti["batas_atas"] = self.batas_atas_capaian
        if self.skala_kategori:
            ganti["skala"] = rumus.PRESET_SKALA[self.skala_kategori]
        return metodologi_pemda.ganti(**ganti) if ganti else metodologi_pemda

    def capaian(self, metodologi_pemda, *, target, nilai, target_atas=None, target_teks="", nilai_teks="", tegas=False):
        """The capaian of this indicator for one target and one value: a predicate or a number.

        The one place every door (measurement, report, budget summary, the grid's live cell)
        applies the formula library to an indicator. Data the formula cannot use (a range target
        with one bound, a predicate no longer on the scale) gives no capaian and the library's
        reason in `keterangan`; `tegas=True` raises it instead (for an entry screen's message).
        """
        m = self.metodologi(metodologi_pemda)
        try:
            if self.predikat:
                return rumus.hitung_capaian_predikat(target_teks or None, nilai_teks or None, self.skala(), m)
            return rumus.hitung_capaian(target, nilai, self.arah, m, target_atas=target_atas)
        except rumus.GalatRumus as exc:
            if tegas:
                raise
            return rumus.HasilCapaian(None, None, None, keterangan=str(exc))

    def garis_keturunan_ids(self):
        """Ids of this indicator and its earlier versions (Renstra perubahan), newest first."""
        ids, node = [], self
        while node is not None and node.pk not in ids:
            ids.append(node.pk)
            node = node.asal
        return ids


class TargetIndikator(DijagaPeriode, models.Model):
    """The Renstra target of an indicator for one year."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="target_set")
    tahun = models.PositiveSmallIntegerField("tahun", validators=_tahun_validators())
    nilai = models.DecimalField("target", **NILAI, null=True, blank=True)
    nilai_atas = models.DecimalField(
        "batas atas target", **NILAI, null=True, blank=True, help_text="Untuk arah rentang"
    )
    nilai_teks = models.CharField("target (predikat)", max_length=20, blank=True)
    jalur_opd = "indikator__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "target tahunan Renstra"
        verbose_name_plural = "target tahunan Renstra"
        ordering = ["indikator", "tahun"]
        constraints = [models.UniqueConstraint(fields=["indikator", "tahun"], name="target_indikator_unik")]

    def __str__(self):
        return f"{self.indikator} {self.tahun}: {self.nilai if self.nilai is not None else self.nilai_teks}"

    def clean(self):
        validasi_nilai(self.indikator, self.nilai, self.nilai_teks, self.nilai_atas)

    # An approved period of its year freezes it (sakip.kunci, kinerja.penguncian).
    kunci_select_related = ("indikator",)

    def opd_terkunci_id(self):
        return self.indikator.opd_id

    def cakupan_kunci(self, tersimpan=True):
        ind = self.indikator
        return [("tahun", ind.opd_id, self.tahun, f"Target Renstra {self.tahun} indikator {ind.kode or ind.nama[:40]}")]


class Pembanding(models.Model):
    """A national, provincial or other benchmark of an indicator for a year."""

    class Jenis(models.TextChoices):
        NASIONAL = "nasional", "Nasional"
        PROVINSI = "provinsi", "Provinsi"
        DAERAH_LAIN = "daerah_lain", "Daerah lain"
        STANDAR = "standar", "Standar/SPM"

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="pembanding_set")
    tahun = models.PositiveSmallIntegerField("tahun", validators=_tahun_validators())
    jenis = models.CharField("jenis", max_length=15, choices=Jenis.choices)
    nama = models.CharField("nama pembanding", max_length=200, blank=True, help_text="Misalnya: Provinsi Riau")
    nilai = models.DecimalField("nilai", **NILAI, null=True, blank=True)
    nilai_teks = models.CharField("nilai (predikat)", max_length=20, blank=True)
    sumber = models.CharField("sumber", max_length=300, blank=True)
    catatan_internal = models.TextField(
        "catatan internal",
        blank=True,
        help_text="Tidak pernah dicetak: asal data, siapa memutuskan apa. Hanya tampil di layar internal.",
    )
    jalur_opd = "indikator__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pembanding"
        verbose_name_plural = "pembanding"
        ordering = ["indikator", "tahun", "jenis"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun", "jenis", "nama"], name="pembanding_unik"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.tahun}: {self.nilai if self.nilai is not None else self.nilai_teks}"


def validasi_nilai(indikator, nilai, nilai_teks, nilai_atas=None, medan="nilai", target=True):
    """Check a target (`target=True`) or a realisation value against its indicator (raises
    ValidationError). A range target has two bounds; a realisation is one measured number."""
    if indikator.predikat:
        if nilai is not None:
            raise ValidationError({medan: "Indikator predikat diisi dengan predikat, bukan angka."})
        if nilai_teks and nilai_teks not in indikator.skala().label:
            raise ValidationError(
                {f"{medan}_teks": f"Predikat harus salah satu dari: {', '.join(indikator.skala().label)}."}
            )
        return
    if nilai_teks:
        raise ValidationError({f"{medan}_teks": "Indikator angka diisi dengan angka, bukan predikat."})
    if nilai is not None and nilai < 0:
        raise ValidationError({medan: "Nilai tidak boleh negatif."})
    if indikator.arah == rumus.Arah.RENTANG and target:
        if nilai is not None and nilai_atas is None:
            raise ValidationError({f"{medan}_atas": "Target rentang memerlukan batas atas; isi batas bawah dan atas."})
        if nilai is None and nilai_atas is not None:
            raise ValidationError({medan: "Target rentang memerlukan batas bawah; isi batas bawah dan atas."})
        if nilai_atas is not None and nilai is not None and nilai_atas < nilai:
            raise ValidationError({f"{medan}_atas": "Batas atas tidak boleh lebih kecil dari batas bawah."})
    elif nilai_atas is not None:
        raise ValidationError({f"{medan}_atas": "Batas atas hanya untuk indikator rentang."})
