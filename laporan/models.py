"""The LKjIP of an office: layout per Pemda, the report's signing date, narratives, and PDF jobs."""

import datetime
import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kinerja.pengukuran import akhir_periode
from renstra.models import Indikator
from sakip import rumus
from sakip.berkas_aman import ValidatorBerkas
from sakip.hari_kerja import hari_kerja_berikut
from sakip.kunci import DataTerkunci
from sakip.models import OPD, Pemda
from sakip.tautan import validasi_tautan

TUNGGU_PEKERJA = datetime.timedelta(seconds=30)
# A worker building a PDF writes its heartbeat (BerkasPDF.detak) this often; a job in progress
# whose heartbeat is older than BATAS_DETAK has lost its worker and is taken over.
DETAK_SETIAP = datetime.timedelta(seconds=5)
BATAS_DETAK = datetime.timedelta(seconds=60)
PERIODE_LAPORAN = [rumus.Periode.TAHUN, rumus.Periode.TW1, rumus.Periode.TW2, rumus.Periode.TW3, rumus.Periode.TW4]


class TataLetak(models.TextChoices):
    PERMENPANRB = "permenpanrb_53_2014", "Standar PermenPANRB 53/2014 (tujuh analisis per sasaran)"
    TABEL_SASARAN = "tabel_sasaran", "Set tabel per sasaran (Tabel 1a–1i)"


class TabelSasaran(models.TextChoices):
    """The tables of the per-sasaran table set (layout TABEL_SASARAN), in print order."""

    TARGET_REALISASI = "target_realisasi", "Target dan realisasi kinerja"
    TREN = "tren", "Realisasi dan capaian tahun-tahun sebelumnya"
    TARGET_AKHIR = "target_akhir", "Realisasi terhadap target akhir Renstra"
    PEMBANDING = "pembanding", "Standar nasional dan provinsi"
    ALOKASI = "alokasi", "Alokasi anggaran per indikator"
    KINERJA_ANGGARAN = "kinerja_anggaran", "Pencapaian kinerja dan anggaran"
    EFISIENSI = "efisiensi", "Efisiensi penggunaan sumber daya"
    PENYEBAB = "penyebab", "Penyebab keberhasilan/kegagalan dan solusi"
    PROGRAM = "program", "Program dan kegiatan pendukung"


class DasarPangsa(models.TextChoices):
    """The total a table-set budget share (Tabel 1e) is taken of."""

    SELURUH = "seluruh", "Seluruh anggaran OPD"
    TERKAIT_IKU = "terkait_iku", "Program/kegiatan yang terkait IKU"


def _semua_tabel_sasaran():
    return list(TabelSasaran.values)


class PengaturanLaporanManager(models.Manager):
    def get_by_natural_key(self, nama_pemda):
        return self.get(pemda__nama=nama_pemda)


class PengaturanLaporan(models.Model):
    """How a Pemda's offices lay out their LKjIP."""

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="pengaturan_laporan")
    tata_letak = models.CharField("tata letak", max_length=30, choices=TataLetak.choices, default=TataLetak.PERMENPANRB)
    cetak_cascade = models.BooleanField(
        "cetak cascading PK",
        default=True,
        help_text="Bab II memuat PK eselon III dan IV, Bab III pengukurannya, bila OPD memiliki PK tersebut",
    )
    tabel_sasaran = models.JSONField(
        "tabel per sasaran yang dicetak",
        default=_semua_tabel_sasaran,
        help_text="Hanya untuk tata letak set tabel per sasaran; urutan cetak tetap, huruf tabel berurutan "
        "(1a, 1b, ...)",
    )
    cetak_tabel_kosong = models.BooleanField(
        "cetak tabel tanpa baris",
        default=False,
        help_text="Bila tidak dicentang, tabel set per sasaran yang tidak memiliki baris (mis. tanpa data pembanding "
        "nasional atau tanpa anggaran terkait) tidak dicetak dan huruf tabel berikutnya bergeser",
    )
    dasar_pangsa = models.CharField(
        "dasar persentase alokasi anggaran",
        max_length=15,
        choices=DasarPangsa.choices,
        default=DasarPangsa.SELURUH,
        help_text="Penyebut persentase pada tabel alokasi anggaran per indikator (Tabel 1e)",
    )
    jalur_pemda = "pemda"
    history = HistoricalRecords()

    objects = PengaturanLaporanManager()

    class Meta:
        verbose_name = "pengaturan laporan kinerja"
        verbose_name_plural = "pengaturan laporan kinerja"

    def __str__(self):
        return f"Laporan kinerja {self.pemda}: {self.get_tata_letak_display()}"

    def natural_key(self):
        return self.pemda.natural_key()

    natural_key.dependencies = ["sakip.pemda"]

    def clean(self):
        super().clean()
        daftar = self.tabel_sasaran
        if not isinstance(daftar, list) or not all(isinstance(t, str) for t in daftar):
            raise ValidationError({"tabel_sasaran": 'Isi dengan daftar kode tabel, mis. ["target_realisasi", "tren"].'})
        asing = [t for t in daftar if t not in TabelSasaran.values]
        if asing:
            pilihan = ", ".join(TabelSasaran.values)
            raise ValidationError({"tabel_sasaran": f"Tabel tidak dikenal: {', '.join(asing)}. Pilihan: {pilihan}."})
        if len(set(daftar)) != len(daftar):
            raise ValidationError({"tabel_sasaran": "Setiap tabel cukup disebut sekali."})
        if TabelSasaran.TARGET_REALISASI not in daftar:
            raise ValidationError({"tabel_sasaran": "Tabel target dan realisasi kinerja wajib dicetak."})

    def tabel_dicetak(self) -> list[str]:
        """The chosen tables of the set in print order (the order of TabelSasaran)."""
        pilihan = set(self.tabel_sasaran or [])
        return [t for t in TabelSasaran.values if t in pilihan]


def pengaturan_pemda(pemda_id) -> PengaturanLaporan:
    """The layout settings of a Pemda's reports; unsaved defaults when it has none."""
    pengaturan = PengaturanLaporan.objects.filter(pemda_id=pemda_id).first()
    return pengaturan if pengaturan is not None else PengaturanLaporan(pemda_id=pemda_id)


class Laporan(models.Model):
    """The report of an office for a year (periode TAHUN) or a quarter; created on its first edit."""

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="laporan_set")
    tahun = models.PositiveSmallIntegerField("tahun")
    periode = models.CharField("periode", max_length=5, choices=[(p.value, p.label) for p in PERIODE_LAPORAN])
    tanggal = models.DateField(
        "tanggal penandatanganan",
        null=True,
        blank=True,
        help_text="Kosong: tanggal persetujuan pimpinan (paling awal hari setelah periode berakhir), hari kerja",
    )
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "laporan kinerja"
        verbose_name_plural = "laporan kinerja"
        ordering = ["opd", "-tahun", "periode"]
        constraints = [models.UniqueConstraint(fields=["opd", "tahun", "periode"], name="laporan_unik")]

    def __str__(self):
        return f"Laporan kinerja {self.opd} {self.periode} {self.tahun}"


class SiapkanPdf(models.Model):
    """When the PDF of a report is next prepared in the background (laporan.siaga): after its data
    has been quiet until `setelah`; `antre` while a task for it waits."""

    laporan = models.OneToOneField(Laporan, on_delete=models.CASCADE, primary_key=True, related_name="siapkan")
    setelah = models.DateTimeField("disiapkan setelah")
    antre = models.BooleanField("tugas menunggu", default=False)
    sejak = models.DateTimeField("perubahan pertama", null=True, blank=True)
    id_tugas = models.CharField("id tugas", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "jadwal penyiapan PDF"

    def __str__(self):
        return f"Penyiapan PDF {self.laporan_id} setelah {self.setelah:%Y-%m-%d %H:%M}"


def tanggal_bawaan(tahun, periode, disetujui_pada: datetime.date | None = None) -> datetime.date:
    """Signing date when none is set: the day the pimpinan approved the data, not before the day
    after the period ends (nothing is signed before the period is over), moved to the next
    working day when it falls on a weekend, a holiday or a cuti bersama (1 Januari never is)."""
    tanggal = akhir_periode(tahun, periode) + datetime.timedelta(days=1)
    if disetujui_pada is not None:
        tanggal = max(tanggal, disetujui_pada)
    return hari_kerja_berikut(tanggal)


class Bagian(models.TextChoices):
    """Narrative sections of the report, written by the office."""

    LATAR_BELAKANG = "latar_belakang", "Latar belakang"
    TUGAS_FUNGSI = "tugas_fungsi", "Tugas, fungsi dan struktur organisasi"
    ISU_STRATEGIS = "isu_strategis", "Isu strategis"
    PENYEBAB = "penyebab", "Penyebab keberhasilan/kegagalan dan solusi"
    PENUTUP = "penutup", "Kendala dan langkah ke depan"


class Narasi(models.Model):
    """The text of one narrative section (or of one indicator's causes and solutions)."""

    laporan = models.ForeignKey(Laporan, on_delete=models.CASCADE, related_name="narasi_set")
    bagian = models.CharField("bagian", max_length=20, choices=Bagian.choices)
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    isi = models.TextField("isi", blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)
    jalur_opd = "laporan__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "narasi laporan"
        verbose_name_plural = "narasi laporan"
        ordering = ["laporan", "bagian", "indikator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["laporan", "bagian"], condition=Q(indikator__isnull=True), name="narasi_bagian_unik"
            ),
            models.UniqueConstraint(
                fields=["laporan", "bagian", "indikator"],
                condition=Q(indikator__isnull=False),
                name="narasi_indikator_unik",
            ),
        ]

    def __str__(self):
        return f"{self.get_bagian_display()} — {self.laporan}"


def _lokasi_gambar(instance, filename):
    akhiran = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"laporan/gambar/{instance.narasi.laporan.opd_id}/{secrets.token_hex(12)}.{akhiran}"


class GambarNarasi(models.Model):
    """An image (organisation chart, photo) shown under a narrative section."""

    narasi = models.ForeignKey(Narasi, on_delete=models.CASCADE, related_name="gambar_set")
    berkas = models.ImageField("gambar", upload_to=_lokasi_gambar, validators=[ValidatorBerkas("gambar")])
    keterangan = models.CharField("keterangan gambar", max_length=300)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_opd = "narasi__laporan__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "gambar narasi"
        verbose_name_plural = "gambar narasi"
        ordering = ["narasi", "urutan", "id"]

    def __str__(self):
        return self.keterangan


def _lokasi_pdf(instance, filename):
    laporan = instance.laporan
    return f"laporan/pdf/{laporan.opd_id}/{laporan.tahun}/{secrets.token_hex(12)}-{filename}"


class BerkasPDF(models.Model):
    """A PDF of a report, rendered by the worker; kept with the fingerprint of the data it shows."""

    class Status(models.TextChoices):
        ANTRE = "antre", "Menunggu giliran"
        PROSES = "proses", "Sedang dibuat"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"

    laporan = models.ForeignKey(Laporan, on_delete=models.CASCADE, related_name="pdf_set")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.ANTRE)
    progres = models.PositiveSmallIntegerField("progres (%)", default=0)
    tahap = models.CharField("tahap", max_length=100, blank=True)
    pesan = models.TextField("pesan galat", blank=True)
    berkas = models.FileField("berkas PDF", upload_to=_lokasi_pdf, blank=True)
    sha256 = models.CharField("SHA-256 berkas", max_length=64, blank=True)
    sidik_data = models.CharField("sidik data", max_length=64, blank=True, help_text="SHA-256 data laporan (JSON)")
    sidik_cetak = models.CharField(
        "sidik cetak",
        max_length=64,
        blank=True,
        help_text="SHA-256 CSS dan templat cetak (PDF yang sama dipakai ulang)",
    )
    jumlah_halaman = models.PositiveIntegerField("jumlah halaman", null=True, blank=True)
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    otomatis = models.BooleanField(
        "disiapkan otomatis",
        default=False,
        help_text="Dibuat di latar setelah data berubah; tampil dan disimpan setelah seseorang memintanya",
    )
    diminta_pada = models.DateTimeField("diminta pada", auto_now_add=True)
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)
    selesai_pada = models.DateTimeField("selesai pada", null=True, blank=True)
    detak = models.DateTimeField("detak pekerja", null=True, blank=True, help_text="Tanda hidup terakhir pekerja")
    pemegang = models.CharField("pemegang", max_length=32, blank=True, help_text="Token pekerja yang mengerjakan")
    percobaan = models.PositiveSmallIntegerField(
        "percobaan", default=0, help_text="Berapa kali pekerja mengambil tugas ini (sakip.tugas.ambil)"
    )
    id_tugas = models.CharField("id tugas", max_length=64, blank=True, help_text="Tugas latar (django.tasks)")
    jalur_opd = "laporan__opd"

    class Meta:
        verbose_name = "berkas PDF laporan"
        verbose_name_plural = "berkas PDF laporan"
        ordering = ["-diminta_pada", "-id"]
        indexes = [
            models.Index(fields=["status", "diminta_pada"]),
            models.Index(fields=["laporan", "status", "sidik_data"], name="laporan_pdf_sidik_idx"),
        ]

    def __str__(self):
        return f"PDF {self.laporan} ({self.get_status_display()})"

    @property
    def berjalan(self):
        return self.status in (self.Status.ANTRE, self.Status.PROSES)

    @property
    def mati(self):
        """In progress, but its worker has not shown a sign of life for BATAS_DETAK: taken over."""
        hidup = self.detak or self.diperbarui
        return self.status == self.Status.PROSES and hidup is not None and timezone.now() - hidup > BATAS_DETAK

    @classmethod
    def q_mati(cls):
        """The jobs `mati` describes, as a filter (rows from before heartbeats: their last update)."""
        batas = timezone.now() - BATAS_DETAK
        return Q(status=cls.Status.PROSES) & (Q(detak__lt=batas) | Q(detak__isnull=True, diperbarui__lt=batas))

    @property
    def menunggu_lama(self):
        """Still queued after half a minute: most likely no worker is running."""
        return self.status == self.Status.ANTRE and timezone.now() - self.diminta_pada > TUNGGU_PEKERJA

    def kedaluwarsa(self, sidik_terkini):
        """A finished PDF whose data has changed since it was built."""
        return self.status == self.Status.SELESAI and self.sidik_data != sidik_terkini


def _lokasi_bukti_rekomendasi(instance, filename):
    # A random folder: the path cannot be guessed (served only by laporan.views_rekomendasi.bukti).
    return f"rekomendasi/{instance.opd_id}/{instance.tahun_evaluasi}/{secrets.token_hex(8)}/{filename}"


class RekomendasiEvaluasiManager(models.Manager):
    def get_by_natural_key(self, kode_opd, tahun_evaluasi, sumber, nomor):
        return self.get(opd__kode=kode_opd, tahun_evaluasi=tahun_evaluasi, sumber=sumber, nomor=nomor)


class RekomendasiEvaluasi(models.Model):
    """A recommendation of a SAKIP evaluation and the office's follow-up: the register.

    It is data about the office, like its narratives: the LHE of the inspectorate writes its
    recommendations here (the `lke` app, above this one, at the evaluation's final), earlier
    years' letters are typed in, the office records its follow-up, and Bab I of the next LKjIP
    reports it ("Tindak Lanjut Hasil Evaluasi"). A recommendation of a final LHE is `terkunci`:
    its text stays as the LHE says (every door), its follow-up does not.
    """

    class Sumber(models.TextChoices):
        LHE = "lhe", "LHE dari aplikasi"
        KETIK = "ketik", "Diketik dari LHE terdahulu"

    class Status(models.TextChoices):
        BELUM = "belum", "Belum ditindaklanjuti"
        PROSES = "proses", "Dalam proses"
        SELESAI = "selesai", "Selesai"
        TIDAK_DAPAT = "tidak_dapat", "Tidak dapat ditindaklanjuti"

    # The recommendation as the LHE words it (frozen once `terkunci`).
    MEDAN_LHE = (
        "tahun_evaluasi",
        "sumber",
        "komponen",
        "nomor",
        "kelemahan",
        "rekomendasi",
        "nomor_lhe",
        "tanggal_lhe",
    )
    # The office's follow-up.
    MEDAN_TINDAK_LANJUT = ("tindak_lanjut", "rencana_waktu", "status", "tanggal_tindak_lanjut", "bukti_tautan")

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="rekomendasi_set", verbose_name="OPD")
    tahun_evaluasi = models.PositiveSmallIntegerField("tahun evaluasi")
    sumber = models.CharField("sumber", max_length=10, choices=Sumber.choices, default=Sumber.KETIK)
    komponen = models.CharField("komponen", max_length=200, blank=True, help_text="Misalnya: Perencanaan Kinerja")
    nomor = models.PositiveSmallIntegerField("nomor", default=1)
    kelemahan = models.TextField("kelemahan/kekurangan", blank=True)
    rekomendasi = models.TextField("saran/rekomendasi")
    nomor_lhe = models.CharField("nomor surat LHE", max_length=100, blank=True)
    tanggal_lhe = models.DateField("tanggal surat LHE", null=True, blank=True)
    tindak_lanjut = models.TextField("langkah tindak lanjut", blank=True)
    rencana_waktu = models.CharField("waktu penyelesaian", max_length=100, blank=True, help_text="Misalnya: 2 bulan")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.BELUM)
    tanggal_tindak_lanjut = models.DateField("tanggal tindak lanjut", null=True, blank=True)
    bukti_tautan = models.CharField("tautan bukti", max_length=500, blank=True, validators=[validasi_tautan])
    bukti_berkas = models.FileField(
        "berkas bukti",
        upload_to=_lokasi_bukti_rekomendasi,
        blank=True,
        validators=[ValidatorBerkas("bukti")],
    )
    terkunci = models.BooleanField("teks terkunci", default=False, editable=False)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)
    jalur_opd = "opd"
    history = HistoricalRecords()

    objects = RekomendasiEvaluasiManager()

    class Meta:
        verbose_name = "rekomendasi evaluasi"
        verbose_name_plural = "rekomendasi evaluasi"
        ordering = ["opd", "-tahun_evaluasi", "sumber", "nomor", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun_evaluasi", "sumber", "nomor"], name="rekomendasi_nomor_unik"),
        ]

    def __str__(self):
        return f"Rekomendasi {self.tahun_evaluasi} no. {self.nomor}: {self.rekomendasi[:60]}"

    def natural_key(self):
        return (self.opd.kode, self.tahun_evaluasi, self.sumber, self.nomor)

    natural_key.dependencies = ["sakip.opd"]

    @property
    def nama_berkas(self):
        return os.path.basename(self.bukti_berkas.name) if self.bukti_berkas else ""

    def pesan_terkunci(self, *, hapus=False):
        """Why this change (or delete) is refused: the text of a final LHE's recommendation."""
        if self.pk is None:
            return None
        lama = RekomendasiEvaluasi.objects.filter(pk=self.pk).first()
        if lama is None or not lama.terkunci:
            return None
        if hapus:
            return "Rekomendasi dari LHE yang final tidak dapat dihapus."
        if not self.terkunci:
            return None  # unlocked by re-opening the evaluation (the lke app)
        if any(getattr(lama, m) != getattr(self, m) for m in self.MEDAN_LHE):
            return "Rekomendasi dari LHE yang final tidak dapat diubah; hanya tindak lanjutnya."
        return None

    def save(self, *args, **kwargs):
        pesan = self.pesan_terkunci()
        if pesan:
            raise DataTerkunci(pesan)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        pesan = self.pesan_terkunci(hapus=True)
        if pesan:
            raise DataTerkunci(pesan)
        return super().delete(*args, **kwargs)


class DasarHukum(models.Model):
    """One regulation of the office's legal basis, printed as a numbered list in Bab I of the LKjIP."""

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="dasar_hukum_set", verbose_name="OPD")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jenis = models.CharField(
        "jenis peraturan", max_length=150, help_text="Misalnya: Undang-Undang, Peraturan Pemerintah, Peraturan Daerah"
    )
    nomor = models.CharField("nomor", max_length=50, blank=True)
    tahun = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    tentang = models.TextField("tentang")
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "dasar hukum"
        verbose_name_plural = "dasar hukum"
        ordering = ["opd", "urutan", "id"]

    def __str__(self):
        return self.judul

    @property
    def judul(self):
        """The regulation as a report cites it: "Undang-Undang Nomor 23 Tahun 2014 tentang ..."."""
        teks = self.jenis
        if self.nomor:
            teks += f" Nomor {self.nomor}"
        if self.tahun:
            teks += f" Tahun {self.tahun}"
        return f"{teks} tentang {self.tentang}"


class SumberDayaManusia(models.Model):
    """A staff count of the office for a year, in one breakdown (status, golongan or pendidikan):
    the "Sumber Daya Manusia" tables of Bab I."""

    class Kelompok(models.TextChoices):
        STATUS = "status", "Status kepegawaian (PNS/PPPK/non-ASN)"
        GOLONGAN = "golongan", "Pangkat/golongan"
        PENDIDIKAN = "pendidikan", "Tingkat pendidikan"

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="sdm_set", verbose_name="OPD")
    tahun = models.PositiveSmallIntegerField("tahun data")
    kelompok = models.CharField("kelompok", max_length=12, choices=Kelompok.choices)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    uraian = models.CharField("uraian", max_length=200, help_text="Misalnya: PNS, Golongan III, S1")
    jumlah = models.PositiveIntegerField("jumlah pegawai")
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sumber daya manusia"
        verbose_name_plural = "sumber daya manusia"
        ordering = ["opd", "-tahun", "kelompok", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "kelompok", "uraian"], name="sdm_uraian_unik"),
        ]

    def __str__(self):
        return f"{self.get_kelompok_display()} {self.tahun}: {self.uraian} ({self.jumlah})"


class SaranaPrasarana(models.Model):
    """A facility or asset of the office for a year: the "Sarana dan Prasarana" table of Bab I."""

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="sarana_set", verbose_name="OPD")
    tahun = models.PositiveSmallIntegerField("tahun data")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    uraian = models.CharField("jenis sarana/prasarana", max_length=200)
    jumlah = models.PositiveIntegerField("jumlah")
    satuan = models.CharField("satuan", max_length=40, blank=True, help_text="Misalnya: unit, buah, paket")
    kondisi = models.CharField("kondisi", max_length=100, blank=True, help_text="Misalnya: baik, rusak ringan")
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sarana dan prasarana"
        verbose_name_plural = "sarana dan prasarana"
        ordering = ["opd", "-tahun", "urutan", "id"]

    def __str__(self):
        return f"{self.tahun}: {self.uraian} ({self.jumlah} {self.satuan})".strip()


class Penghargaan(models.Model):
    """An award or achievement of the office in a year: the "Prestasi dan Penghargaan" table of Bab III."""

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="penghargaan_set", verbose_name="OPD")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    uraian = models.TextField("prestasi/penghargaan", help_text="Misalnya: Juara I Inovasi Pelayanan Publik")
    pemberi = models.CharField("diberikan oleh", max_length=200, blank=True)
    tingkat = models.CharField(
        "tingkat", max_length=60, blank=True, help_text="Misalnya: nasional, provinsi, kabupaten/kota"
    )
    tanggal = models.DateField("tanggal", null=True, blank=True)
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "prestasi dan penghargaan"
        verbose_name_plural = "prestasi dan penghargaan"
        ordering = ["opd", "-tahun", "urutan", "id"]

    def __str__(self):
        return f"{self.tahun}: {self.uraian}"

    def clean(self):
        if self.tanggal and self.tahun and self.tanggal.year != self.tahun:
            raise ValidationError({"tanggal": f"Tanggal harus di tahun {self.tahun}."})


class Inovasi(models.Model):
    """An innovation the office ran in a year (name, what it does, the year it began): the
    "Inovasi" table of Bab III."""

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="inovasi_set", verbose_name="OPD")
    tahun = models.PositiveSmallIntegerField(
        "tahun laporan", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    nama = models.CharField("nama inovasi", max_length=200)
    uraian = models.TextField("uraian", blank=True)
    tahun_mulai = models.PositiveSmallIntegerField(
        "tahun mulai", null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "inovasi"
        verbose_name_plural = "inovasi"
        ordering = ["opd", "-tahun", "urutan", "id"]

    def __str__(self):
        return f"{self.tahun}: {self.nama}"

    def clean(self):
        if self.tahun_mulai and self.tahun and self.tahun_mulai > self.tahun:
            raise ValidationError({"tahun_mulai": "Tahun mulai tidak boleh sesudah tahun laporan."})
