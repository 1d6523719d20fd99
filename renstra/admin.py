from django.contrib import admin

from sakip.admin import AksesDataOPDAdmin, AksesDataOPDInline, AksesInlineMixin
from sakip.akses import Aksi

from .models import (
    RPJMD,
    Indikator,
    Misi,
    Pembanding,
    Renstra,
    Sasaran,
    SasaranDaerah,
    TargetIndikator,
    Tujuan,
    TujuanDaerah,
)


class MisiInline(AksesInlineMixin, admin.TabularInline):
    model = Misi
    extra = 0


@admin.register(RPJMD)
class RPJMDAdmin(AksesDataOPDAdmin):
    # Regional plans are master data of the Pemda.
    aksi_ubah = Aksi.KELOLA
    list_display = ["__str__", "jenis", "tahun_mulai", "tahun_selesai"]
    inlines = [MisiInline]


@admin.register(TujuanDaerah)
class TujuanDaerahAdmin(AksesDataOPDAdmin):
    aksi_ubah = Aksi.KELOLA
    list_display = ["uraian", "misi"]


@admin.register(SasaranDaerah)
class SasaranDaerahAdmin(AksesDataOPDAdmin):
    aksi_ubah = Aksi.KELOLA
    list_display = ["uraian", "tujuan"]


class TujuanInline(AksesDataOPDInline, admin.StackedInline):
    model = Tujuan
    extra = 0
    fields = ["kode", "uraian", "sasaran_daerah", "urutan"]


@admin.register(Renstra)
class RenstraAdmin(AksesDataOPDAdmin):
    list_display = ["__str__", "opd", "tahun_mulai", "tahun_selesai", "versi", "tanggal_penetapan"]
    list_filter = ["opd__pemda", "tahun_mulai"]
    list_select_related = ["opd"]
    inlines = [TujuanInline]
    filter_horizontal = ["misi_didukung"]


@admin.register(Sasaran)
class SasaranAdmin(AksesDataOPDAdmin):
    list_display = ["uraian", "tingkat", "renstra", "pemilik"]
    list_filter = ["tingkat", "renstra__opd"]
    search_fields = ["uraian"]
    list_select_related = ["renstra", "renstra__opd", "pemilik"]


class TargetInline(AksesDataOPDInline, admin.TabularInline):
    model = TargetIndikator
    extra = 0


class PembandingInline(AksesDataOPDInline, admin.TabularInline):
    model = Pembanding
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(AksesDataOPDAdmin):
    list_display = ["nama", "satuan", "arah", "iku", "sasaran", "opd"]
    list_filter = ["iku", "arah", "frekuensi", "opd"]
    search_fields = ["nama"]
    list_select_related = ["sasaran", "opd"]
    inlines = [TargetInline, PembandingInline]
    fieldsets = [
        (None, {"fields": ["tujuan", "sasaran", "komposit", "kode", "nama", "iku", "penanggung_jawab", "urutan"]}),
        ("Satuan dan arah", {"fields": ["satuan", "jenis_nilai", "skala_predikat", "arah", "presisi"]}),
        (
            "Definisi dan formula",
            {"fields": ["definisi", "formula", "label_pembilang", "label_penyebut", "satuan_pembilang", "faktor"]},
        ),
        ("Data", {"fields": ["frekuensi", "tunda_tahun", "agregasi", "sumber_data"]}),
        (
            "Baseline dan target akhir",
            {"fields": ["baseline", "baseline_teks", "tahun_baseline", "target_akhir", "target_akhir_teks"]},
        ),
        ("Perhitungan", {"fields": ["bobot", "batas_atas_capaian"]}),
    ]
