from django.contrib import admin

from sakip.admin import AksesDataOPDAdmin, AksesInlineMixin
from sakip.akses import Aksi

from .models import ItemAnggaran, Nomenklatur, Pagu, RealisasiAnggaran


class PaguInline(AksesInlineMixin, admin.TabularInline):
    model = Pagu
    extra = 0
    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.UBAH


class RealisasiAnggaranInline(AksesInlineMixin, admin.TabularInline):
    model = RealisasiAnggaran
    extra = 0
    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.UBAH


@admin.register(ItemAnggaran)
class ItemAnggaranAdmin(AksesDataOPDAdmin):
    list_display = ["kode", "nama", "tingkat", "opd", "tahun", "catatan"]
    list_filter = ["tahun", "tingkat", "opd"]
    search_fields = ["kode", "nama"]
    list_select_related = ["opd"]
    readonly_fields = ["tingkat", "induk"]
    filter_horizontal = ["sasaran", "indikator_didukung"]
    inlines = [PaguInline, RealisasiAnggaranInline]


@admin.register(Nomenklatur)
class NomenklaturAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "tingkat"]
    list_filter = ["tingkat"]
    search_fields = ["kode", "nama"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
