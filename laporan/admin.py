from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.admin import AksesAdminMixin, AksesDataOPDAdmin, AksesDataOPDInline

from .models import GambarNarasi, Narasi, PengaturanLaporan


@admin.register(PengaturanLaporan)
class PengaturanLaporanAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    list_display = ["pemda", "tata_letak", "cetak_cascade"]


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
