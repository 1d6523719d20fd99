"""Reviews of LKjIP documents made outside SAKIP, uploaded by the Pemda's reviewers: the upload
(a batch of one or more documents), each document with its review job, and its findings with the
reviewer's mark. Everything belongs to one Pemda (`jalur_pemda`, sakip.akses)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sakip import tugas
from sakip.berkas_aman import ekstensi
from sakip.models import OPD, Pemda

# The kinds a review page accepts (checked by content in reviu.unggahan), by extension.
FORMAT = {"pdf": "PDF", "docx": "Word (.docx)", "txt": "teks (.txt)"}
TUNGGU_PEKERJA = 30  # seconds queued before the page says no worker seems to run


class Unggahan(models.Model):
    """One upload: the documents a reviewer sent at once (one LKjIP, or a whole Pemda's)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="unggahan_reviu_set")
    keterangan = models.CharField("keterangan", max_length=200, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="diunggah oleh"
    )
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    jalur_pemda = "pemda"

    class Meta:
        verbose_name = "unggahan dokumen reviu"
        verbose_name_plural = "unggahan dokumen reviu"
        ordering = ["-diunggah_pada", "-id"]

    def __str__(self):
        return f"Unggahan {self.pk} {self.pemda}"


def _lokasi_dokumen(instance, filename):
    # A random name: the stored path says nothing and cannot be guessed; the original name is kept
    # in `nama_asli` (the extension was checked against the content before anything is stored).
    return f"reviu/dokumen/{instance.unggahan.pemda_id}/{secrets.token_hex(16)}.{ekstensi(filename)}"


class DokumenReviu(models.Model):
    """An uploaded LKjIP and its review job (run by the worker, `manage.py pekerja`)."""

    class Status(models.TextChoices):
        ANTRE = "antre", "Menunggu giliran"
        PROSES = "proses", "Sedang diperiksa"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"

    unggahan = models.ForeignKey(Unggahan, on_delete=models.CASCADE, related_name="dokumen_set")
    nama_asli = models.CharField("nama berkas asli", max_length=255)
    berkas = models.FileField("berkas", upload_to=_lokasi_dokumen, max_length=200)
    format = models.CharField("format", max_length=4, choices=list(FORMAT.items()))
    ukuran = models.PositiveBigIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    opd = models.ForeignKey(
        OPD,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="OPD",
        help_text="Perangkat daerah yang laporannya direviu (bila terdaftar di SAKIP).",
    )
    nama_instansi = models.CharField(
        "nama instansi", max_length=200, blank=True, help_text="Bila perangkat daerahnya tidak terdaftar di SAKIP."
    )
    # The review job.
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.ANTRE)
    progres = models.PositiveSmallIntegerField("progres (%)", default=0)
    tahap = models.CharField("tahap", max_length=100, blank=True)
    pesan = models.TextField("pesan galat", blank=True)
    detak = models.DateTimeField("detak pekerja", null=True, blank=True)
    pemegang = models.CharField("pemegang", max_length=32, blank=True)
    percobaan = models.PositiveSmallIntegerField(
        "percobaan", default=0, help_text="Berapa kali pekerja mengambil tugas ini (sakip.tugas.ambil)"
    )
    id_tugas = models.CharField("id tugas", max_length=64, blank=True)
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)
    selesai_pada = models.DateTimeField("selesai pada", null=True, blank=True)
    # What was read: tables found and read, figures recomputed (HasilReviu without the findings).
    ringkasan = models.JSONField("ringkasan hasil", null=True, blank=True)
    jumlah_halaman = models.PositiveIntegerField("jumlah halaman", null=True, blank=True)
    jalur_pemda = "unggahan__pemda"

    class Meta:
        verbose_name = "dokumen reviu"
        verbose_name_plural = "dokumen reviu"
        ordering = ["-unggahan_id", "id"]
        indexes = [models.Index(fields=["status", "id"], name="reviu_dokumen_antre_idx")]

    def __str__(self):
        return self.nama_asli

    @property
    def berjalan(self):
        return self.status in (self.Status.ANTRE, self.Status.PROSES)

    @property
    def mati(self):
        """In progress, but its worker has shown no sign of life for BATAS_DETAK: taken over."""
        hidup = self.detak or self.diperbarui
        return self.status == self.Status.PROSES and hidup is not None and timezone.now() - hidup > tugas.BATAS_DETAK

    @classmethod
    def q_mati(cls):
        return tugas.q_mati(cls.Status.PROSES)

    @property
    def menunggu_lama(self):
        """Still queued half a minute after it was queued: most likely no worker is running."""
        return self.status == self.Status.ANTRE and (timezone.now() - self.diperbarui).total_seconds() > TUNGGU_PEKERJA

    @property
    def ukuran_teks(self):
        if self.ukuran < 1024 * 1024:
            return f"{max(1, round(self.ukuran / 1024))} KB"
        return f"{self.ukuran / 1024 / 1024:.1f} MB".replace(".", ",")

    @property
    def instansi(self):
        """The office whose report this is, as the letter names it ('' when unknown)."""
        return self.opd.nama if self.opd_id else self.nama_instansi


class TemuanDokumenReviu(models.Model):
    """One finding of a document's review (reviu.dokumen.TemuanDokumen), and the reviewer's mark."""

    class Tanda(models.TextChoices):
        BELUM = "belum", "Belum ditandai"
        DIKONFIRMASI = "dikonfirmasi", "Dikonfirmasi"
        BUKAN_KESALAHAN = "bukan_kesalahan", "Bukan kesalahan"

    dokumen = models.ForeignKey(DokumenReviu, on_delete=models.CASCADE, related_name="temuan_set")
    urutan = models.PositiveIntegerField("urutan")
    jenis = models.CharField("jenis", max_length=30)
    lokasi = models.TextField("letak")
    uraian = models.TextField("uraian")
    tercetak = models.CharField("angka tercetak", max_length=200)
    seharusnya = models.CharField("hasil hitung ulang", max_length=200)
    selisih = models.CharField("selisih", max_length=200, blank=True)
    halaman = models.PositiveIntegerField("halaman", null=True, blank=True)
    tabel = models.TextField("tabel", blank=True)
    baris = models.PositiveIntegerField("baris tabel", null=True, blank=True)
    kolom = models.TextField("kolom", blank=True)
    baris_teks = models.PositiveIntegerField("baris teks", null=True, blank=True)
    keyakinan = models.CharField(
        "keyakinan", max_length=10, default="pasti", help_text="pasti, atau mungkin bila aturannya disimpulkan"
    )
    alasan_keyakinan = models.TextField("alasan keyakinan", blank=True)
    # The lines of the extracted text the finding comes from: [{"n", "teks", "sel", "fokus"}].
    konteks = models.JSONField("baris asal", default=list, blank=True)
    # Where the printed figure stands on its PDF page, in points from the top left:
    # {"lebar": page width, "tinggi": page height, "kotak": [[x0, y0, x1, y1], ...]}; {} unknown.
    kotak = models.JSONField("letak pada halaman", default=dict, blank=True)
    tanda = models.CharField("tanda reviewer", max_length=20, choices=Tanda.choices, default=Tanda.BELUM)
    catatan = models.TextField("catatan reviewer", blank=True)
    ditandai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ditandai_pada = models.DateTimeField("ditandai pada", null=True, blank=True)
    jalur_pemda = "dokumen__unggahan__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "temuan dokumen reviu"
        verbose_name_plural = "temuan dokumen reviu"
        ordering = ["dokumen", "urutan"]
        constraints = [models.UniqueConstraint(fields=["dokumen", "urutan"], name="temuan_dokumen_urutan_unik")]

    def __str__(self):
        return f"{self.lokasi}: {self.tercetak} → {self.seharusnya}"
