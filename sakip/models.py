"""Core master data: Pemda, OPD, jabatan, pejabat, users and roles."""

import io
import time
from decimal import Decimal

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sakip import rumus

from .berkas_aman import ValidatorBerkas
from .nip import validate_nip


class PemdaManager(models.Manager):
    def get_by_natural_key(self, nama):
        return self.get(nama=nama)


class Pemda(models.Model):
    """A regional government (kabupaten, kota or provinsi)."""

    class Tingkat(models.TextChoices):
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"
        PROVINSI = "provinsi", "Provinsi"

    nama = models.CharField("nama", max_length=150, unique=True, help_text="Misalnya: Kabupaten Luwu Timur")
    tingkat = models.CharField("tingkat", max_length=10, choices=Tingkat.choices)
    nama_kepala_daerah = models.CharField("nama kepala daerah", max_length=150, blank=True)
    jabatan_kepala_daerah = models.CharField(
        "sebutan kepala daerah", max_length=50, blank=True, help_text="Bupati, Wali Kota atau Gubernur"
    )
    ibu_kota = models.CharField("ibu kota", max_length=100, blank=True)
    logo = models.ImageField("logo", upload_to="logo/pemda/", blank=True, validators=[ValidatorBerkas("gambar")])
    jalur_pemda = ""  # access path, see sakip.akses
    history = HistoricalRecords()

    objects = PemdaManager()

    class Meta:
        verbose_name = "pemerintah daerah"
        verbose_name_plural = "pemerintah daerah"
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    def natural_key(self):
        return (self.nama,)

    @property
    def sebutan_kepala_daerah(self):
        if self.jabatan_kepala_daerah:
            return self.jabatan_kepala_daerah
        return {"kabupaten": "Bupati", "kota": "Wali Kota", "provinsi": "Gubernur"}[self.tingkat]


kode_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Kode hanya boleh berisi huruf kecil, angka dan tanda hubung, misalnya disdukcapil-dumai.",
)


class OPDManager(models.Manager):
    def get_by_natural_key(self, kode):
        return self.get(kode=kode)


def versi_data_awal():
    """A new office's data version starts at the clock (µs), not 0: figures kept for a deleted
    office whose id SQLite gives again can never match the new office's version."""
    return time.time_ns() // 1000


class OPD(models.Model):
    """An office (perangkat daerah) of a Pemda."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="opd_set", verbose_name="pemda")
    nama = models.CharField("nama", max_length=200)
    singkatan = models.CharField("singkatan", max_length=50, blank=True)
    kode = models.SlugField(
        "kode",
        max_length=80,
        unique=True,
        validators=[kode_validator],
        help_text="Pengenal unik di URL, misalnya disdukcapil-luwu-timur",
    )
    alamat = models.TextField("alamat", blank=True)
    telepon = models.CharField("telepon", max_length=50, blank=True)
    email = models.EmailField("surel", blank=True)
    logo = models.ImageField("logo", upload_to="logo/opd/", blank=True, validators=[ValidatorBerkas("gambar")])
    aktif = models.BooleanField("aktif", default=True)
    versi_data = models.PositiveBigIntegerField(
        "versi data",
        default=versi_data_awal,
        editable=False,
        help_text="Naik pada setiap penulisan data kantor ini (sakip.kunci.kunci_opd); kunci cache dasbor.",
    )
    jalur_opd = ""
    # The counter is not history: it moves with every write of the office's data.
    history = HistoricalRecords(excluded_fields=["versi_data"])

    objects = OPDManager()

    class Meta:
        verbose_name = "OPD"
        verbose_name_plural = "OPD"
        ordering = ["pemda__nama", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "nama"], name="opd_nama_unik_per_pemda"),
        ]

    def __str__(self):
        return self.singkatan or self.nama

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("opd_detail", args=[self.kode])

    def natural_key(self):
        return (self.kode,)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # versi_data is moved by kunci_opd's UPDATE alone: saving an office loaded earlier (the
        # admin, a history revert, an import) never writes an older counter back over a newer one.
        values = [v for v in values if v[0].attname != "versi_data"]
        return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)


class JabatanManager(models.Manager):
    def get_by_natural_key(self, kode_opd, nama):
        return self.get(opd__kode=kode_opd, nama=nama)


class Jabatan(models.Model):
    """A position in the office's structure (eselon II / III / IV), a node in a tree."""

    class Eselon(models.TextChoices):
        II = "II", "Eselon II"
        III = "III", "Eselon III"
        IV = "IV", "Eselon IV"
        FUNGSIONAL = "F", "Jabatan fungsional"

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="jabatan_set", verbose_name="OPD")
    induk = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="bawahan", verbose_name="atasan"
    )
    eselon = models.CharField("eselon", max_length=3, choices=Eselon.choices)
    nama = models.CharField(
        "nama saat ini", max_length=200, help_text="Nama jabatan yang berlaku sekarang, misalnya Kepala Dinas"
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_opd = "opd"
    history = HistoricalRecords()

    objects = JabatanManager()

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["opd", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "nama"], name="jabatan_nama_unik_per_opd"),
        ]

    def __str__(self):
        return self.nama

    def natural_key(self):
        return self.opd.natural_key() + (self.nama,)

    natural_key.dependencies = ["sakip.opd"]

    def clean(self):
        if self.induk_id:
            if self.induk.opd_id != self.opd_id:
                raise ValidationError({"induk": "Atasan harus jabatan di OPD yang sama."})
            node, seen = self.induk, set()
            while node is not None:
                if node.pk == self.pk or node.pk in seen:
                    raise ValidationError({"induk": "Susunan atasan membentuk lingkaran."})
                seen.add(node.pk)
                node = node.induk

    def nama_pada(self, tanggal):
        """The name in force on a date (positions are renamed over time)."""
        riwayat = [n for n in self.riwayat_nama.all() if n.berlaku_mulai <= tanggal]
        if riwayat:
            return max(riwayat, key=lambda n: n.berlaku_mulai).nama
        return self.nama

    def pejabat_pada(self, tanggal):
        """The Penugasan (holder of this position) on a date, definitive before acting."""
        penugasan = (
            self.penugasan_set.filter(mulai__lte=tanggal)
            .filter(Q(selesai__isnull=True) | Q(selesai__gte=tanggal))
            .select_related("pejabat")
            .order_by("jenis", "-mulai")
        )
        return penugasan.first()


class NamaJabatan(models.Model):
    """The name of a jabatan from a date on (kept to print old reports correctly)."""

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="riwayat_nama")
    nama = models.CharField("nama", max_length=200)
    berlaku_mulai = models.DateField("berlaku mulai")
    dasar = models.CharField("dasar hukum", max_length=200, blank=True)
    jalur_opd = "jabatan__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "riwayat nama jabatan"
        verbose_name_plural = "riwayat nama jabatan"
        ordering = ["jabatan", "berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["jabatan", "berlaku_mulai"], name="nama_jabatan_unik_per_tanggal"),
        ]

    def __str__(self):
        return f"{self.nama} (sejak {self.berlaku_mulai:%d-%m-%Y})"


class PejabatManager(models.Manager):
    def get_by_natural_key(self, nip):
        return self.get(nip=nip)


class Pejabat(models.Model):
    """A civil servant who holds positions and signs documents."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="pejabat_set", verbose_name="pemda")
    nama = models.CharField("nama lengkap dengan gelar", max_length=200)
    nip = models.CharField("NIP", max_length=18, unique=True, validators=[validate_nip])
    pangkat = models.CharField("pangkat", max_length=100, blank=True, help_text="Misalnya: Pembina Tingkat I")
    golongan = models.CharField(
        "golongan",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^(I|II|III|IV)/[a-e]$", "Golongan ditulis seperti IV/b.")],
    )
    jalur_pemda = "pemda"
    history = HistoricalRecords()

    objects = PejabatManager()

    class Meta:
        verbose_name = "pejabat"
        verbose_name_plural = "pejabat"
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    @staticmethod
    def bersihkan_nip(nip) -> str:
        """A NIP as stored: without the spaces it is often typed or printed with."""
        return "".join(str(nip).split())

    MEDAN_TURUNAN = ("nip",)  # what lengkapi() sets (written by the loader's bulk update too)

    def lengkapi(self) -> None:
        """What save() derives: the NIP without spaces."""
        self.nip = self.bersihkan_nip(self.nip)

    def save(self, *args, **kwargs):
        self.lengkapi()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.nip,)

    @property
    def pangkat_golongan(self):
        if self.pangkat and self.golongan:
            return f"{self.pangkat} ({self.golongan})"
        return self.pangkat or self.golongan


class PenugasanManager(models.Manager):
    def get_by_natural_key(self, kode_opd, nama_jabatan, nip, mulai):
        return self.get(jabatan__opd__kode=kode_opd, jabatan__nama=nama_jabatan, pejabat__nip=nip, mulai=mulai)


class Penugasan(models.Model):
    """A Pejabat holding a Jabatan for a period: the source of every signature block."""

    class Jenis(models.TextChoices):
        DEFINITIF = "definitif", "Definitif"
        PLT = "plt", "Pelaksana Tugas (Plt.)"
        PLH = "plh", "Pelaksana Harian (Plh.)"

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="penugasan_set")
    pejabat = models.ForeignKey(Pejabat, on_delete=models.PROTECT, related_name="penugasan_set")
    jenis = models.CharField("jenis", max_length=10, choices=Jenis.choices, default=Jenis.DEFINITIF)
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai", null=True, blank=True)
    jalur_opd = "jabatan__opd"
    history = HistoricalRecords()

    objects = PenugasanManager()

    class Meta:
        verbose_name = "penugasan"
        verbose_name_plural = "penugasan"
        ordering = ["jabatan", "-mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_setelah_mulai",
            ),
        ]

    def __str__(self):
        return f"{self.pejabat} — {self.jabatan}"

    def natural_key(self):
        return self.jabatan.natural_key() + (self.pejabat.nip, self.mulai.isoformat())

    natural_key.dependencies = ["sakip.jabatan", "sakip.pejabat"]

    def clean(self):
        if self.selesai and self.mulai and self.selesai < self.mulai:
            raise ValidationError({"selesai": "Tanggal selesai tidak boleh sebelum tanggal mulai."})
        if self.jabatan_id and self.pejabat_id and self.pejabat.pemda_id != self.jabatan.opd.pemda_id:
            raise ValidationError({"pejabat": "Pejabat harus dari pemda yang sama dengan jabatannya."})

    @property
    def awalan(self):
        """Prefix printed before the position name in a signature block."""
        return {"plt": "Plt. ", "plh": "Plh. "}.get(self.jenis, "")


class Peran(models.TextChoices):
    OPERATOR = "operator", "Operator OPD"
    PIMPINAN = "pimpinan", "Pimpinan OPD"
    REVIEWER = "reviewer", "Reviewer (APIP/Inspektorat)"
    ADMIN_PEMDA = "admin_pemda", "Admin pemda"


class Pengguna(AbstractUser):
    """A user with one role, bound to one OPD (operator, pimpinan) or one Pemda (reviewer, admin)."""

    peran = models.CharField("peran", max_length=20, choices=Peran.choices, blank=True)
    opd = models.ForeignKey(
        OPD, on_delete=models.PROTECT, null=True, blank=True, related_name="pengguna_set", verbose_name="OPD"
    )
    pemda = models.ForeignKey(
        Pemda, on_delete=models.PROTECT, null=True, blank=True, related_name="pengguna_set", verbose_name="pemda"
    )
    pejabat = models.ForeignKey(
        Pejabat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="akun",
        verbose_name="pejabat",
        help_text="Identitas penanda tangan (untuk pimpinan dan reviewer).",
    )

    objects = UserManager()
    jalur_pemda = "pemda"

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def clean(self):
        super().clean()
        if self.peran in (Peran.OPERATOR, Peran.PIMPINAN):
            if not self.opd_id:
                raise ValidationError({"opd": "Operator dan pimpinan harus terikat pada satu OPD."})
            self.pemda_id = self.opd.pemda_id
        elif self.peran in (Peran.REVIEWER, Peran.ADMIN_PEMDA):
            if not self.pemda_id:
                raise ValidationError({"pemda": "Reviewer dan admin pemda harus terikat pada satu pemda."})
            if self.opd_id:
                raise ValidationError({"opd": "Reviewer dan admin pemda tidak terikat pada satu OPD."})
        elif not self.is_superuser:
            raise ValidationError({"peran": "Pilih peran pengguna."})

    def save(self, *args, **kwargs):
        # Keep pemda consistent with the office for office-bound roles.
        if self.opd_id and self.peran in (Peran.OPERATOR, Peran.PIMPINAN):
            self.pemda_id = OPD.objects.values_list("pemda_id", flat=True).get(pk=self.opd_id)
        super().save(*args, **kwargs)

    @property
    def label_peran(self):
        if self.is_superuser and not self.peran:
            return "Superuser"
        return self.get_peran_display()


class MetodologiPemda(models.Model):
    """The measurement methodology of a Pemda: stored as data, printed under every table."""

    PILIHAN_SKALA = [(kode, skala.nama) for kode, skala in rumus.PRESET_SKALA.items()] + [
        ("kustom", "Skala sendiri (lihat pita kustom)"),
        ("", "Tanpa kategori"),
    ]

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="metodologi")
    skala = models.CharField(
        "skala kategori capaian", max_length=30, choices=PILIHAN_SKALA, default="permendagri_86_2017", blank=True
    )
    skala_kustom = models.JSONField(
        "pita skala kustom",
        null=True,
        blank=True,
        help_text='Daftar pita dari tertinggi: [["91", true, "Sangat Tinggi"], ..., [null, true, "Sangat Rendah"]]',
    )
    rumus_turun = models.CharField(
        "rumus indikator turun", max_length=10, choices=rumus.RumusTurun.pilihan(), default=rumus.RumusTurun.SELISIH
    )
    batas_atas = models.DecimalField(
        "batas atas capaian (%)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Kosongkan bila capaian tidak dibatasi",
    )
    pembulatan = models.CharField(
        "pembulatan", max_length=10, choices=rumus.Pembulatan.pilihan(), default=rumus.Pembulatan.HALF_UP
    )
    desimal = models.PositiveSmallIntegerField("jumlah desimal", default=2)
    rumus_efisiensi = models.CharField(
        "rumus efisiensi", max_length=10, choices=rumus.RumusEfisiensi.pilihan(), default=rumus.RumusEfisiensi.SELISIH
    )
    aturan_kemajuan = models.CharField(
        "tingkat kemajuan",
        max_length=25,
        choices=rumus.AturanKemajuan.pilihan(),
        default=rumus.AturanKemajuan.TERHADAP_TARGET_AKHIR,
    )
    pakai_bobot = models.BooleanField("rata-rata berbobot", default=False)
    izinkan_realisasi_melebihi_pagu = models.BooleanField(
        "izinkan realisasi anggaran melebihi pagu",
        default=False,
        help_text="Bila tidak dicentang, impor dan isian realisasi anggaran di atas pagu ditolak.",
    )
    jalur_pemda = "pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "metodologi pengukuran"
        verbose_name_plural = "metodologi pengukuran"

    def __str__(self):
        return f"Metodologi {self.pemda}"

    def clean(self):
        try:
            self.aturan()
        except (rumus.GalatRumus, KeyError, TypeError, ValueError, IndexError) as exc:
            raise ValidationError(f"Metodologi tidak sah: {exc}") from exc

    def aturan(self):
        """The methodology as the formula library's Metodologi."""
        skala = self.skala or None
        if skala == "kustom":
            pita = tuple(
                rumus.PitaKategori(None if b is None else Decimal(str(b)), bool(inkl), label)
                for b, inkl, label, *_ in (self.skala_kustom or [])
            )
            skala = rumus.SkalaKategori("kustom", "Skala kustom", pita)
        return rumus.Metodologi(
            skala=skala,
            rumus_turun=self.rumus_turun,
            batas_atas=self.batas_atas,
            pembulatan=self.pembulatan,
            desimal=self.desimal,
            rumus_efisiensi=self.rumus_efisiensi,
            aturan_kemajuan=self.aturan_kemajuan,
            pakai_bobot=self.pakai_bobot,
        )


def metodologi_pemda(pemda_id):
    """The Pemda's methodology, or the defaults of domain.md when none is set."""
    m = MetodologiPemda.objects.filter(pemda_id=pemda_id).first()
    return m.aturan() if m else rumus.METODOLOGI_BAKU


def _lokasi_impor(instance, filename):
    return f"impor/{instance.opd_id}/{instance.tahun}/{instance.jenis}/{filename}"


class BerkasImpor(models.Model):
    """An uploaded file (budget realisation, office-year workbook): previewed, then applied."""

    class Status(models.TextChoices):
        PRATINJAU = "pratinjau", "Menunggu konfirmasi"
        DITERAPKAN = "diterapkan", "Diterapkan"
        GAGAL = "gagal", "Ditolak (ada galat)"

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="berkas_impor_set")
    tahun = models.PositiveSmallIntegerField("tahun")
    jenis = models.CharField("jenis", max_length=20)
    berkas = models.FileField("berkas", upload_to=_lokasi_impor)
    nama_berkas = models.CharField("nama berkas", max_length=200)
    opsi = models.JSONField("opsi", default=dict, blank=True)
    # The workbook as read at upload (sakip.xlsx_aman.Buku.ke_json): preview and apply use it.
    isi = models.JSONField("isi terbaca", null=True, blank=True, editable=False)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.PRATINJAU)
    diunggah_oleh = models.ForeignKey("sakip.Pengguna", on_delete=models.SET_NULL, null=True, related_name="+")
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    diterapkan_pada = models.DateTimeField("diterapkan pada", null=True, blank=True)
    jalur_opd = "opd"

    class Meta:
        verbose_name = "berkas impor"
        verbose_name_plural = "berkas impor"
        ordering = ["-diunggah_pada"]

    def __str__(self):
        return f"{self.nama_berkas} ({self.get_status_display()})"

    def sumber(self):
        """What an import runs on: the workbook read at upload, or (an upload stored before it was
        kept read) the stored file's bytes, which the importer checks and reads."""
        from .xlsx_aman import Buku

        if self.isi is not None:
            return Buku.dari_json(self.isi)
        with self.berkas.open("rb") as f:
            return io.BytesIO(f.read())


class Pemberitahuan(models.Model):
    """An in-app notice to one user: a line of text and the page where the matter is.

    Made by the services that change the matter (an approval step, a review finding), never by
    views; generic (text + address) so every app above the core can leave one."""

    penerima = models.ForeignKey(
        "sakip.Pengguna", on_delete=models.CASCADE, related_name="pemberitahuan_set", verbose_name="penerima"
    )
    teks = models.CharField("teks", max_length=300)
    tautan = models.CharField("tautan", max_length=300, blank=True)
    dibuat = models.DateTimeField("dibuat", auto_now_add=True)
    dibaca = models.DateTimeField("dibaca", null=True, blank=True)

    class Meta:
        verbose_name = "pemberitahuan"
        verbose_name_plural = "pemberitahuan"
        ordering = ["-dibuat", "-id"]
        indexes = [models.Index(fields=["penerima", "dibaca"])]

    def __str__(self):
        return self.teks


class TokenApi(models.Model):
    """A personal API token (sakip.token_api): only its SHA-256 hash is stored, the token itself
    is shown once when made. A revoked token stays listed (who made what, when last used)."""

    pengguna = models.ForeignKey(
        "sakip.Pengguna", on_delete=models.CASCADE, related_name="token_api_set", verbose_name="pengguna"
    )
    nama = models.CharField("nama", max_length=100, help_text="Untuk apa token ini, mis. “Skrip dasbor bappeda”.")
    hash = models.CharField("hash", max_length=64, unique=True, editable=False)
    awalan = models.CharField("awalan", max_length=16, editable=False, help_text="Awal token, untuk mengenalinya.")
    dibuat = models.DateTimeField("dibuat", auto_now_add=True)
    terakhir_dipakai = models.DateTimeField("terakhir dipakai", null=True, blank=True)
    dicabut = models.DateTimeField("dicabut", null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-dibuat", "-id"]

    def __str__(self):
        return f"{self.nama} ({self.awalan}…)"
