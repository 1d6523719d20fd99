from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from sakip.admin import AksesDataOPDAdmin, AksesDataOPDInline, FormTerjaga
from sakip.akses import Aksi

from .models import Bukti, ItemPK, JendelaEntri, PerjanjianKinerja, Realisasi, RencanaAksi, StatusPeriode


class ItemPKInline(AksesDataOPDInline, admin.TabularInline):
    model = ItemPK
    extra = 0
    fields = ["urutan", "sasaran", "indikator", "target", "target_atas", "target_teks"]


class FormPK(FormTerjaga):
    def siapkan_kunci(self, instance):
        # save() takes the office from the jabatan; the lock check of a new PK needs it first.
        if instance.jabatan_id:
            instance.opd_id = instance.jabatan.opd_id


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(AksesDataOPDAdmin):
    """A PK made here is a draft; only the pimpinan sets it, on the PK page (kinerja.layanan.tetapkan_pk).
    A set PK, and every PK in force for a verified period, is read-only with its items."""

    form = FormPK
    list_display = ["__str__", "opd", "tahun", "jabatan", "versi", "tanggal", "status"]
    list_filter = ["tahun", "status", "opd"]
    list_select_related = ["opd", "jabatan"]
    readonly_fields = ["status"]
    inlines = [ItemPKInline]


class RencanaAksiInline(AksesDataOPDInline, admin.TabularInline):
    model = RencanaAksi
    extra = 0


@admin.register(ItemPK)
class ItemPKAdmin(AksesDataOPDAdmin):
    list_display = ["indikator", "perjanjian", "target", "target_teks"]
    list_filter = ["perjanjian__tahun", "perjanjian__opd"]
    list_select_related = ["indikator", "perjanjian", "perjanjian__jabatan"]
    inlines = [RencanaAksiInline]


class BuktiInline(AksesDataOPDInline, admin.TabularInline):
    model = Bukti
    extra = 0
    fields = ["berkas", "unduh", "keterangan", "tanggal_dokumen"]
    readonly_fields = ["unduh"]

    @admin.display(description="buka")
    def unduh(self, obj):
        # Through the access-checked view: MEDIA_ROOT is not served to the network.
        if not obj.pk:
            return "–"
        url = reverse("bukti", args=[obj.realisasi.indikator.opd.kode, obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, obj.nama_berkas)


@admin.register(Realisasi)
class RealisasiAdmin(AksesDataOPDAdmin):
    list_display = ["indikator", "tahun", "periode", "nilai", "nilai_teks", "pembilang", "penyebut", "diperbarui"]
    list_filter = ["tahun", "periode", "indikator__opd"]
    search_fields = ["indikator__nama"]
    list_select_related = ["indikator"]
    inlines = [BuktiInline]
    readonly_fields = ["diisi_oleh", "diperbarui"]

    def save_model(self, request, obj, form, change):
        obj.diisi_oleh = request.user
        super().save_model(request, obj, form, change)


@admin.register(JendelaEntri)
class JendelaEntriAdmin(AksesDataOPDAdmin):
    """Entry windows are set by the admin pemda."""

    aksi_ubah = Aksi.KELOLA
    list_display = ["pemda", "tahun", "periode", "mulai", "selesai"]
    list_filter = ["tahun", "periode", "pemda"]


@admin.register(StatusPeriode)
class StatusPeriodeAdmin(AksesDataOPDAdmin):
    """Read-only here: status changes go through the approval path on the realisation page."""

    list_display = ["opd", "tahun", "periode", "status", "diubah"]
    list_filter = ["tahun", "periode", "status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
