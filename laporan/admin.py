from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.admin import AksesAdminMixin, AksesDataOPDAdmin, AksesDataOPDInline

from .models import GambarNarasi, Narasi, PengaturanLaporan, RekomendasiEvaluasi


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
