"""The LKE (Lembar Kerja Evaluasi, PermenPANRB 88/2021) as data, and the evaluation of an office-year.

The tree of an evaluation year (`LembarKerja`: components, sub-components, criteria, answer
scales, predikat bands, rounding, kerangka logis rules) belongs to one Pemda and one year: a
Pemda copies last year's tree and adjusts it. An evaluation (`EvaluasiLKE`) of an office-year
answers every criterion twice: the office's self-assessment (usulan) and the evaluator's answer
(penetapan), each with notes and evidence. A final evaluation, and the tree it was scored on,
are read-only through every door: their records refuse to be saved or deleted (`DataTerkunci`).
"""

from __future__ import annotations

import os
import re
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router, transaction
from simple_history.models import HistoricalRecords

from sakip import rumus
from sakip.berkas_aman import ValidatorBerkas
from sakip.kunci import DataTerkunci, kunci_opd
from sakip.models import OPD, Pejabat, Pemda
from sakip.tahun import TAHUN_MAX, TAHUN_MIN
from sakip.tautan import validasi_tautan

from .kode_otomatis import ATURAN, PILIHAN

BOBOT = {"max_digits": 7, "decimal_places": 4}
_TAHUN = [MinValueValidator(TAHUN_MIN), MaxValueValidator(TAHUN_MAX)]

# --------------------------------------------------------------------------- frozen records

PESAN_FINAL = "Evaluasi LKE {tahun} {opd} sudah final: hanya dapat dibaca. Buka kembali evaluasi untuk mengubahnya."
PESAN_BEKU = (
    "LKE {tahun} sudah dipakai evaluasi yang final ({opd}): susunannya tidak dapat diubah. "
    "Salin ke tahun lain untuk menyesuaikan."
)


class _Dijaga:
    """A record refused (DataTerkunci) when `pesan_kunci()` says so, on save and on delete,
    whatever door calls them; an office's records are judged under its lock."""

    def opd_dijaga_id(self):
        return None

    def pesan_kunci(self) -> str | None:
        raise NotImplementedError

    def _jaga(self, aksi):
        with transaction.atomic(using=router.db_for_write(type(self))):
            kunci_opd(self.opd_dijaga_id())
            pesan = self.pesan_kunci()
            if pesan:
                raise DataTerkunci(pesan)
            return aksi()

    def save(self, *args, **kwargs):
        simpan = super().save
        return self._jaga(lambda: simpan(*args, **kwargs))

    def delete(self, *args, **kwargs):
        hapus = super().delete
        return self._jaga(lambda: hapus(*args, **kwargs))


def pesan_lembar_beku(lembar_id) -> str | None:
    """Why the tree `lembar_id` may not change: an evaluation scored on it is final."""
    if lembar_id is None:
        return None
    final = (
        EvaluasiLKE.objects.filter(lembar_id=lembar_id, status=EvaluasiLKE.Status.FINAL)
        .select_related("opd", "lembar")
        .first()
    )
    if final is None:
        return None
    return PESAN_BEKU.format(tahun=final.lembar.tahun, opd=final.opd)


class _BagianLembar(_Dijaga):
    """A record of an LKE tree: frozen once an evaluation scored on the tree is final."""

    def lembar_dijaga_id(self):
        raise NotImplementedError

    def pesan_kunci(self):
        ids = {self.lembar_dijaga_id()}
        if self.pk is not None:  # the tree it belonged to, as stored (a move out of a frozen tree)
            lama = type(self)._default_manager.filter(pk=self.pk).first()
            if lama is not None:
                ids.add(lama.lembar_dijaga_id())
        return next((p for p in map(pesan_lembar_beku, ids) if p), None)


# --------------------------------------------------------------------------- the tree


class LembarKerja(_BagianLembar, models.Model):
    """The LKE of one evaluation year of a Pemda, with its rounding and the LKjIP deadline."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="lembar_kerja_set", verbose_name="pemda")
    tahun = models.PositiveSmallIntegerField("tahun evaluasi", validators=_TAHUN)
    nama = models.CharField("nama", max_length=200, default="Lembar Kerja Evaluasi AKIP Perangkat Daerah")
    dasar = models.CharField("dasar", max_length=300, blank=True, help_text="Peraturan yang menjadi dasar LKE")
    sumber = models.TextField("sumber dan catatan", blank=True)
    desimal = models.PositiveSmallIntegerField("jumlah desimal nilai", default=2, validators=[MaxValueValidator(4)])
    pembulatan = models.CharField(
        "pembulatan nilai", max_length=10, choices=rumus.Pembulatan.pilihan(), default=rumus.Pembulatan.HALF_UP
    )
    tenggat_lkjip = models.DateField(
        "tenggat LKjIP", null=True, blank=True, help_text="Batas penyampaian LKjIP tahun yang dievaluasi"
    )
    jalur_pemda = "pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "lembar kerja evaluasi (LKE)"
        verbose_name_plural = "lembar kerja evaluasi (LKE)"
        ordering = ["pemda", "-tahun"]
        constraints = [models.UniqueConstraint(fields=["pemda", "tahun"], name="lke_lembar_unik")]

    def __str__(self):
        return f"LKE {self.tahun} {self.pemda}"

    def lembar_dijaga_id(self):
        return self.pk

    def skala_predikat(self):
        """The predikat bands as the formula library's scale (None without bands)."""
        pita = [(p.kode, p.label, p.batas_bawah, p.inklusif) for p in self.pita_set.all()]
        return rumus.skala_predikat(pita) if pita else None


class Skala(_BagianLembar, models.Model):
    """An answer scale of a tree (Y/T, A-E), its options with their values."""

    lembar = models.ForeignKey(LembarKerja, on_delete=models.CASCADE, related_name="skala_set")
    kode = models.CharField("kode", max_length=10, help_text="Misalnya YT atau AE")
    nama = models.CharField("nama", max_length=100)
    jalur_pemda = "lembar__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "skala jawaban"
        verbose_name_plural = "skala jawaban"
        ordering = ["lembar", "kode"]
        constraints = [models.UniqueConstraint(fields=["lembar", "kode"], name="lke_skala_unik")]

    def __str__(self):
        return f"{self.nama} ({self.kode})"

    def lembar_dijaga_id(self):
        return self.lembar_id


class PilihanSkala(_BagianLembar, models.Model):
    """One answer of a scale: Y = 1, B = 0,75 ..."""

    skala = models.ForeignKey(Skala, on_delete=models.CASCADE, related_name="pilihan_set")
    kode = models.CharField("kode", max_length=10)
    label = models.CharField("label", max_length=100)
    nilai = models.DecimalField(
        "nilai", max_digits=5, decimal_places=4, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_pemda = "skala__lembar__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pilihan jawaban"
        verbose_name_plural = "pilihan jawaban"
        ordering = ["skala", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["skala", "kode"], name="lke_pilihan_unik")]

    def __str__(self):
        return self.kode

    def lembar_dijaga_id(self):
        return Skala.objects.filter(pk=self.skala_id).values_list("lembar_id", flat=True).first()


class PitaPredikat(_BagianLembar, models.Model):
    """A predikat band: AA above 90 (exclusive), ... D without a lower bound."""

    lembar = models.ForeignKey(LembarKerja, on_delete=models.CASCADE, related_name="pita_set")
    kode = models.CharField("predikat", max_length=10)
    label = models.CharField("sebutan", max_length=100)
    batas_bawah = models.DecimalField(
        "batas bawah", **BOBOT, null=True, blank=True, help_text="Kosong hanya untuk pita terendah"
    )
    inklusif = models.BooleanField("batas bawah termasuk", default=False, help_text="Tidak dicentang: nilai > batas")
    uraian = models.TextField("interpretasi", blank=True)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_pemda = "lembar__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pita predikat"
        verbose_name_plural = "pita predikat"
        ordering = ["lembar", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["lembar", "kode"], name="lke_pita_unik")]

    def __str__(self):
        return f"{self.kode} {self.label}"

    def lembar_dijaga_id(self):
        return self.lembar_id


class Komponen(_BagianLembar, models.Model):
    lembar = models.ForeignKey(LembarKerja, on_delete=models.CASCADE, related_name="komponen_set")
    kode = models.CharField("kode", max_length=10)
    nama = models.CharField("nama", max_length=200)
    bobot = models.DecimalField("bobot", **BOBOT, validators=[MinValueValidator(0)])
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_pemda = "lembar__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "komponen LKE"
        verbose_name_plural = "komponen LKE"
        ordering = ["lembar", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["lembar", "kode"], name="lke_komponen_unik")]

    def __str__(self):
        return f"{self.kode}. {self.nama}"

    def lembar_dijaga_id(self):
        return self.lembar_id


class SubKomponen(_BagianLembar, models.Model):
    class Jenis(models.TextChoices):
        PEMENUHAN = "pemenuhan", "Pemenuhan"
        KUALITAS = "kualitas", "Kualitas"
        IMPLEMENTASI = "implementasi", "Implementasi / pemanfaatan"

    komponen = models.ForeignKey(Komponen, on_delete=models.CASCADE, related_name="subkomponen_set")
    kode = models.CharField("kode", max_length=10)
    nama = models.CharField("nama", max_length=200)
    jenis = models.CharField("jenis", max_length=15, choices=Jenis.choices)
    bobot = models.DecimalField("bobot", **BOBOT, validators=[MinValueValidator(0)])
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_pemda = "komponen__lembar__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sub-komponen LKE"
        verbose_name_plural = "sub-komponen LKE"
        ordering = ["komponen", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["komponen", "kode"], name="lke_subkomponen_unik")]

    def __str__(self):
        return f"{self.kode} {self.nama}"

    def lembar_dijaga_id(self):
        return Komponen.objects.filter(pk=self.komponen_id).values_list("lembar_id", flat=True).first()


_AMBANG = re.compile(r"^(>=|≥|>)\s*(\d+(?:[.,]\d+)?)$")


def baca_ambang(teks: str) -> list[tuple[Decimal, bool]]:
    """'> 90; > 75; > 40; > 10' -> [(90, False), (75, False), ...]; '≥ 100' -> [(100, True)].
    ValidationError with the reason for anything else."""
    hasil = []
    for bagian in [b.strip() for b in (teks or "").split(";") if b.strip()]:
        m = _AMBANG.match(bagian)
        if not m:
            raise ValidationError(f"Ambang {bagian!r} tidak terbaca; tulis misalnya '> 90; > 75; > 40; > 10'.")
        try:
            hasil.append((Decimal(m.group(2).replace(",", ".")), m.group(1) != ">"))
        except InvalidOperation:
            raise ValidationError(f"Ambang {bagian!r} tidak terbaca.") from None
    return hasil


class Kriteria(_BagianLembar, models.Model):
    """A criterion: answered on its scale, with the guidance of the LKE and, optionally, the data
    rule that proposes its answer (`otomatis`) and the thresholds of that proposal (`ambang`)."""

    subkomponen = models.ForeignKey(SubKomponen, on_delete=models.CASCADE, related_name="kriteria_set")
    kode = models.CharField("kode", max_length=15)
    uraian = models.TextField("uraian")
    skala = models.ForeignKey(Skala, on_delete=models.RESTRICT, related_name="kriteria_set")
    penjelasan = models.TextField("penjelasan", blank=True)
    langkah_kerja = models.TextField("langkah kerja evaluasi", blank=True)
    bukti_dukung = models.TextField("bukti dukung", blank=True)
    otomatis = models.CharField(
        "usulan dari data", max_length=40, blank=True, choices=PILIHAN, help_text="Aturan yang mengusulkan jawaban"
    )
    ambang = models.CharField(
        "ambang usulan",
        max_length=100,
        blank=True,
        help_text="Persentase minimal per pilihan dari yang terbaik, misalnya '> 90; > 75; > 40; > 10'",
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    jalur_pemda = "subkomponen__komponen__lembar__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kriteria LKE"
        verbose_name_plural = "kriteria LKE"
        ordering = ["subkomponen", "urutan", "id"]
        constraints = [models.UniqueConstraint(fields=["subkomponen", "kode"], name="lke_kriteria_unik")]

    def __str__(self):
        return f"{self.kode} {self.uraian[:80]}"

    def lembar_dijaga_id(self):
        return SubKomponen.objects.filter(pk=self.subkomponen_id).values_list("komponen__lembar_id", flat=True).first()

    def clean(self):
        errors = {}
        if self.otomatis and self.otomatis not in ATURAN:
            errors["otomatis"] = "Aturan usulan tidak dikenal."
        try:
            ambang = baca_ambang(self.ambang)
        except ValidationError as exc:
            errors["ambang"] = exc.messages
            ambang = []
        if self.skala_id and self.subkomponen_id:
            if self.skala.lembar_id != self.subkomponen.komponen.lembar_id:
                errors["skala"] = "Skala harus dari LKE yang sama."
            elif ambang:
                jumlah = self.skala.pilihan_set.count()
                if len(ambang) != jumlah - 1:
                    errors["ambang"] = f"Skala {self.skala.kode} memiliki {jumlah} pilihan: tulis {jumlah - 1} ambang."
                else:
                    try:
                        rumus.pilih_ambang(Decimal(0), ambang, [str(i) for i in range(jumlah)])
                    except rumus.GalatRumus as exc:
                        errors["ambang"] = f"Ambang harus menurun dari pilihan terbaik ({exc})."
        if errors:
            raise ValidationError(errors)


class AturanLogis(_BagianLembar, models.Model):
    """A kerangka logis rule: this criterion's answer may not be higher than another criterion's
    answer (`nilai`), or than the mean of a sub-component's answers (`rerata`)."""

    class Jenis(models.TextChoices):
        NILAI = "nilai", "Tidak lebih tinggi dari jawaban kriteria"
        RERATA = "rerata", "Tidak lebih tinggi dari rata-rata sub-komponen"

    kriteria = models.ForeignKey(Kriteria, on_delete=models.CASCADE, related_name="aturan_logis_set")
    jenis = models.CharField("jenis", max_length=10, choices=Jenis.choices)
    pembanding_kriteria = models.ForeignKey(
        Kriteria, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="kriteria pembanding"
    )
    pembanding_subkomponen = models.ForeignKey(
        SubKomponen,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sub-komponen pembanding",
    )
    pesan = models.CharField("pesan", max_length=300, blank=True, help_text="Kosong: pesan dibuat dari aturannya")
    jalur_pemda = "kriteria__subkomponen__komponen__lembar__pemda"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "aturan kerangka logis"
        verbose_name_plural = "aturan kerangka logis"
        ordering = ["kriteria", "id"]

    def __str__(self):
        return f"{self.kriteria.kode}: {self.get_jenis_display()}"

    def lembar_dijaga_id(self):
        return (
            Kriteria.objects.filter(pk=self.kriteria_id)
            .values_list("subkomponen__komponen__lembar_id", flat=True)
            .first()
        )

    def clean(self):
        if self.jenis == self.Jenis.NILAI and (not self.pembanding_kriteria_id or self.pembanding_subkomponen_id):
            raise ValidationError("Aturan 'nilai' membandingkan dengan satu kriteria (tanpa sub-komponen).")
        if self.jenis == self.Jenis.RERATA and (not self.pembanding_subkomponen_id or self.pembanding_kriteria_id):
            raise ValidationError("Aturan 'rerata' membandingkan dengan satu sub-komponen (tanpa kriteria).")
        lembar = self.lembar_dijaga_id() if self.kriteria_id else None
        if self.pembanding_kriteria_id and self.pembanding_kriteria.subkomponen.komponen.lembar_id != lembar:
            raise ValidationError({"pembanding_kriteria": "Kriteria pembanding harus dari LKE yang sama."})
        if self.pembanding_subkomponen_id and self.pembanding_subkomponen.komponen.lembar_id != lembar:
            raise ValidationError({"pembanding_subkomponen": "Sub-komponen pembanding harus dari LKE yang sama."})
        if self.pembanding_kriteria_id and self.pembanding_kriteria_id == self.kriteria_id:
            raise ValidationError({"pembanding_kriteria": "Kriteria tidak dibandingkan dengan dirinya sendiri."})


# --------------------------------------------------------------------------- the evaluation


class _BagianEvaluasi(_Dijaga):
    """A record of an evaluation: read-only once the evaluation is final."""

    def evaluasi_dijaga(self):
        raise NotImplementedError

    def opd_dijaga_id(self):
        e = self.evaluasi_dijaga()
        return e.opd_id if e else None

    def pesan_kunci(self):
        e = self.evaluasi_dijaga()
        if e is None:
            return None
        status = EvaluasiLKE.objects.filter(pk=e.pk).values_list("status", flat=True).first()
        if status == EvaluasiLKE.Status.FINAL:
            return PESAN_FINAL.format(tahun=e.tahun, opd=e.opd)
        return None


class EvaluasiLKE(_Dijaga, models.Model):
    """The evaluation of one office-year on its Pemda's LKE of that year, with the LHE's data."""

    class Status(models.TextChoices):
        PENGISIAN = "pengisian", "Pengisian mandiri OPD"
        PENILAIAN = "penilaian", "Penilaian evaluator"
        FINAL = "final", "Final (terkunci)"

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="evaluasi_lke_set", verbose_name="OPD")
    tahun = models.PositiveSmallIntegerField("tahun evaluasi", validators=_TAHUN)
    lembar = models.ForeignKey(LembarKerja, on_delete=models.PROTECT, related_name="evaluasi_set", verbose_name="LKE")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.PENGISIAN)
    nomor_lhe = models.CharField("nomor LHE", max_length=100, blank=True)
    tanggal_lhe = models.DateField("tanggal LHE", null=True, blank=True)
    penanda_tangan = models.ForeignKey(
        Pejabat, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="penanda tangan LHE"
    )
    jabatan_penanda_tangan = models.CharField(
        "jabatan penanda tangan", max_length=200, blank=True, help_text="Misalnya: Inspektur Kabupaten Luwu Timur"
    )
    ringkasan = models.TextField("ringkasan hasil", blank=True, help_text="Kosong: dibuat dari nilai dan predikat")
    tembusan = models.TextField("tembusan", blank=True, help_text="Satu penerima per baris")
    dibuat_pada = models.DateTimeField("dibuat", auto_now_add=True)
    diubah_pada = models.DateTimeField("diubah", auto_now=True)
    jalur_opd = "opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "evaluasi LKE"
        verbose_name_plural = "evaluasi LKE"
        ordering = ["opd", "-tahun"]
        constraints = [models.UniqueConstraint(fields=["opd", "tahun"], name="lke_evaluasi_unik")]

    def __str__(self):
        return f"Evaluasi LKE {self.tahun} {self.opd}"

    @property
    def final(self):
        return self.status == self.Status.FINAL

    def opd_dijaga_id(self):
        return self.opd_id

    def pesan_kunci(self):
        # A final evaluation changes only by leaving final (buka kembali: the status alone).
        if self.pk is None:
            return None
        lama = EvaluasiLKE.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if lama == self.Status.FINAL and self.status == self.Status.FINAL:
            return PESAN_FINAL.format(tahun=self.tahun, opd=self.opd)
        return None

    def clean(self):
        if self.lembar_id and self.opd_id:
            if self.lembar.pemda_id != self.opd.pemda_id or self.lembar.tahun != self.tahun:
                raise ValidationError({"lembar": "LKE harus milik pemda OPD ini dan tahun yang sama."})
        if self.penanda_tangan_id and self.opd_id and self.penanda_tangan.pemda_id != self.opd.pemda_id:
            raise ValidationError({"penanda_tangan": "Penanda tangan harus pejabat pemda yang sama."})


class JawabanLKE(_BagianEvaluasi, models.Model):
    """The answers of one criterion: the office's (usulan) and the evaluator's (penetapan)."""

    evaluasi = models.ForeignKey(EvaluasiLKE, on_delete=models.CASCADE, related_name="jawaban_set")
    kriteria = models.ForeignKey(Kriteria, on_delete=models.PROTECT, related_name="jawaban_set")
    usulan = models.ForeignKey(
        PilihanSkala, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="jawaban OPD"
    )
    catatan_usulan = models.TextField("catatan OPD", blank=True)
    penetapan = models.ForeignKey(
        PilihanSkala,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="jawaban evaluator",
    )
    catatan_penetapan = models.TextField("catatan evaluator", blank=True)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dinilai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField("diubah", auto_now=True)
    jalur_opd = "evaluasi__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "jawaban LKE"
        verbose_name_plural = "jawaban LKE"
        ordering = ["evaluasi", "kriteria"]
        constraints = [models.UniqueConstraint(fields=["evaluasi", "kriteria"], name="lke_jawaban_unik")]

    def __str__(self):
        return f"{self.kriteria.kode}: {self.usulan or '—'} / {self.penetapan or '—'}"

    def evaluasi_dijaga(self):
        return self.evaluasi if self.evaluasi_id else None

    def clean(self):
        if not self.kriteria_id:
            return
        for medan in ("usulan", "penetapan"):
            pilihan = getattr(self, medan)
            if pilihan is not None and pilihan.skala_id != self.kriteria.skala_id:
                raise ValidationError({medan: f"Jawaban bukan pilihan skala {self.kriteria.skala.kode}."})


def _lokasi_bukti(instance, filename):
    # A random folder: the path cannot be guessed (served only by lke.views.bukti).
    e = instance.jawaban.evaluasi
    return f"lke/{e.opd_id}/{e.tahun}/{secrets.token_hex(8)}/{filename}"


class BuktiLKE(_BagianEvaluasi, models.Model):
    """Evidence of an answer: a link (to a SAKIP page or elsewhere) or an uploaded file."""

    jawaban = models.ForeignKey(JawabanLKE, on_delete=models.CASCADE, related_name="bukti_set")
    tautan = models.CharField("tautan", max_length=500, blank=True, validators=[validasi_tautan])
    berkas = models.FileField("berkas", upload_to=_lokasi_bukti, blank=True, validators=[ValidatorBerkas("bukti")])
    keterangan = models.CharField("keterangan", max_length=300, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    jalur_opd = "jawaban__evaluasi__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bukti LKE"
        verbose_name_plural = "bukti LKE"
        ordering = ["jawaban", "diunggah_pada", "id"]

    def __str__(self):
        return self.keterangan or self.nama_berkas or self.tautan

    @property
    def nama_berkas(self):
        return os.path.basename(self.berkas.name) if self.berkas else ""

    def evaluasi_dijaga(self):
        return self.jawaban.evaluasi if self.jawaban_id else None

    def clean(self):
        if bool(self.tautan) == bool(self.berkas):
            raise ValidationError("Isi tautan atau berkas (salah satu).")


class CatatanKomponen(_BagianEvaluasi, models.Model):
    """The evaluator's findings on one component, printed in the LHE."""

    evaluasi = models.ForeignKey(EvaluasiLKE, on_delete=models.CASCADE, related_name="catatan_komponen_set")
    komponen = models.ForeignKey(Komponen, on_delete=models.PROTECT, related_name="+")
    catatan = models.TextField("catatan hasil evaluasi", blank=True)
    jalur_opd = "evaluasi__opd"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "catatan komponen"
        verbose_name_plural = "catatan komponen"
        ordering = ["evaluasi", "komponen"]
        constraints = [models.UniqueConstraint(fields=["evaluasi", "komponen"], name="lke_catatan_unik")]

    def __str__(self):
        return f"{self.komponen}: {self.catatan[:60]}"

    def evaluasi_dijaga(self):
        return self.evaluasi if self.evaluasi_id else None


class RiwayatEvaluasi(models.Model):
    """One transition of an evaluation: who, when, from, to, and the note."""

    evaluasi = models.ForeignKey(EvaluasiLKE, on_delete=models.CASCADE, related_name="riwayat")
    dari = models.CharField("dari", max_length=12, choices=EvaluasiLKE.Status.choices)
    ke = models.CharField("ke", max_length=12, choices=EvaluasiLKE.Status.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    waktu = models.DateTimeField("waktu", auto_now_add=True)
    catatan = models.TextField("catatan", blank=True)
    jalur_opd = "evaluasi__opd"

    class Meta:
        verbose_name = "riwayat evaluasi"
        verbose_name_plural = "riwayat evaluasi"
        ordering = ["evaluasi", "waktu", "id"]

    def __str__(self):
        return f"{self.get_dari_display()} → {self.get_ke_display()}"
