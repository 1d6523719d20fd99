from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.admin import AksesAdminMixin, AksesDataOPDAdmin, AksesDataOPDInline

from .models import (
    DasarHukum,
    GambarNarasi,
    Inovasi,
    Narasi,
    PengaturanLaporan,
    Penghargaan,
    RekomendasiEvaluasi,
    SaranaPrasarana,
    SumberDayaManusia,
    TabelSasaran,
)


class PengaturanLaporanForm(forms.ModelForm):
    # The table set as check boxes instead of raw JSON; the model's clean() validates the choice.
    tabel_sasaran = forms.MultipleChoiceField(
        label="Tabel per sasaran yang dicetak",
        choices=TabelSasaran.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=PengaturanLaporan._meta.get_field("tabel_sasaran").help_text,
    )

    class Meta:
        model = PengaturanLaporan
        fields = ["pemda", "tata_letak", "cetak_cascade", "tabel_sasaran", "cetak_tabel_kosong", "dasar_pangsa"]


@admin.register(PengaturanLaporan)
class PengaturanLaporanAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    form = PengaturanLaporanForm
    list_display = ["pemda", "tata_letak", "dasar_pangsa", "cetak_cascade"]


class GambarNarasiInline(AksesDataOPDInline, admin.TabularInline):
    model = GambarNarasi
    extra = 0


@admin.register(Narasi)
class NarasiAdmin(AksesDataOPDAdmin):
    list_display = ["laporan", "bagian", "indikator", "diubah_oleh", "diubah_pada"]
    list_filter = ["bagian", "laporan__tahun"]
    readonly_fields = ["laporan", "bagian", "indikator", "diubah_oleh"]
    inlines = [GambarNarasiInline]

    def has_add_permission(self, request, *args):
        return False  # narratives are written on the report page


@admin.register(RekomendasiEvaluasi)
class RekomendasiEvaluasiAdmin(AksesDataOPDAdmin):
    """The register of recommendations; a final LHE's text is locked (the model refuses a change of
    it), its follow-up is not. Typed in and followed up on the register page too."""

    list_display = ["opd", "tahun_evaluasi", "nomor", "sumber", "status", "terkunci"]
    list_filter = ["tahun_evaluasi", "status", "sumber", "opd"]
    list_select_related = ["opd"]
    readonly_fields = ["terkunci", "diubah_oleh"]

    def get_readonly_fields(self, request, obj=None):
        hasil = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.terkunci:
            hasil += [m for m in RekomendasiEvaluasi.MEDAN_LHE if m not in hasil]
        return hasil

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.terkunci)


@admin.register(DasarHukum)
class DasarHukumAdmin(AksesDataOPDAdmin):
    """The office's legal basis, listed in Bab I of the LKjIP in this order."""

    list_display = ["opd", "urutan", "jenis", "nomor", "tahun", "tentang"]
    list_display_links = ["jenis"]
    list_filter = ["opd"]
    list_select_related = ["opd"]
    search_fields = ["jenis", "nomor", "tentang"]


@admin.register(SumberDayaManusia)
class SumberDayaManusiaAdmin(AksesDataOPDAdmin):
    """Staff counts per breakdown and year; Bab I prints the latest year up to the report's."""

    list_display = ["opd", "tahun", "kelompok", "urutan", "uraian", "jumlah"]
    list_display_links = ["uraian"]
    list_filter = ["tahun", "kelompok", "opd"]
    list_select_related = ["opd"]


@admin.register(SaranaPrasarana)
class SaranaPrasaranaAdmin(AksesDataOPDAdmin):
    """Facilities and assets per year; Bab I prints the latest year up to the report's."""

    list_display = ["opd", "tahun", "urutan", "uraian", "jumlah", "satuan", "kondisi"]
    list_display_links = ["uraian"]
    list_filter = ["tahun", "opd"]
    list_select_related = ["opd"]


@admin.register(Penghargaan)
class PenghargaanAdmin(AksesDataOPDAdmin):
    """Awards per year; Bab III prints those of the report's year."""

    list_display = ["opd", "tahun", "urutan", "uraian", "tingkat", "pemberi", "tanggal"]
    list_display_links = ["uraian"]
    list_filter = ["tahun", "opd"]
    list_select_related = ["opd"]
    search_fields = ["uraian", "pemberi"]


@admin.register(Inovasi)
class InovasiAdmin(AksesDataOPDAdmin):
    """Innovations per year; Bab III prints those of the report's year."""

    list_display = ["opd", "tahun", "urutan", "nama", "tahun_mulai"]
    list_display_links = ["nama"]
    list_filter = ["tahun", "opd"]
    list_select_related = ["opd"]
    search_fields = ["nama", "uraian"]
