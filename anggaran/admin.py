from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from sakip.admin import AksesDataOPDAdmin, AksesDataOPDInline, FormIsianAdmin, FormTerjaga, pesan_hapus_terkunci

from .models import (
    ItemAnggaran,
    Nomenklatur,
    Pagu,
    RealisasiAnggaran,
    normalisasi_kode,
    periksa_pagu_pohon,
    tingkat_dari_kode,
)


class FormPagu(FormIsianAdmin):
    def _post_clean(self):
        super()._post_clean()
        # The ceiling rule: an item's pagu and the pagu of the items below it (anggaran.aturan).
        if self._errors or self.instance.nilai is None or not self.has_changed():
            return
        pesan = periksa_pagu_pohon(self.instance)
        if pesan:
            self.add_error("nilai", pesan)


class PaguInline(AksesDataOPDInline, admin.TabularInline):
    model = Pagu
    form = FormPagu
    extra = 0


class RealisasiAnggaranInline(AksesDataOPDInline, admin.TabularInline):
    model = RealisasiAnggaran
    extra = 0


class FormItemAnggaran(FormTerjaga):
    def _post_clean(self):
        super()._post_clean()
        # Moving an item (office, year, code) moves its pagu and realisation, and those below it.
        if self._errors or self.instance.pk is None or not {"opd", "tahun", "kode"} & set(self.changed_data):
            return
        pesan = pesan_hapus_terkunci([ItemAnggaran.objects.get(pk=self.instance.pk)])
        if pesan:
            self.add_error(None, f"OPD, tahun dan kode item ini tidak dapat diubah. {pesan}")


@admin.register(ItemAnggaran)
class ItemAnggaranAdmin(AksesDataOPDAdmin):
    form = FormItemAnggaran
    list_display = ["kode", "nama", "tingkat", "opd", "tahun", "catatan"]
    list_filter = ["tahun", "tingkat", "opd"]
    search_fields = ["kode", "nama"]
    list_select_related = ["opd"]
    readonly_fields = ["tingkat", "induk"]
    filter_horizontal = ["sasaran", "indikator_didukung"]
    inlines = [PaguInline, RealisasiAnggaranInline]


class NomenklaturResource(resources.ModelResource):
    """The code list as a flat table: import/export it as CSV or Excel (django-import-export)."""

    class Meta:
        model = Nomenklatur
        import_id_fields = ["kode"]
        fields = ["kode", "nama"]
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        instance.kode = normalisasi_kode(instance.kode)
        if tingkat_dari_kode(instance.kode) is None:
            raise ValueError(f"Kode {instance.kode!r} tidak sesuai format Kepmendagri 050-5889.")


@admin.register(Nomenklatur)
class NomenklaturAdmin(ImportExportModelAdmin):
    resource_classes = [NomenklaturResource]
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
