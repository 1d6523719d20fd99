from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from sakip.admin import AksesDataOPDAdmin, AksesDataOPDInline, FormIsianAdmin, FormTerjaga, pesan_hapus_terkunci

from .models import (
    BelanjaJenis,
    ItemAnggaran,
    Nomenklatur,
    Pagu,
    RealisasiAnggaran,
    TingkatPemda,
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


@admin.register(BelanjaJenis)
class BelanjaJenisAdmin(AksesDataOPDAdmin):
    """Budget per spending type and stage (Renja, DPA, DPA Perubahan): of an item, or of the whole
    office when the reports give only its totals. Printed in Bab III akuntabilitas keuangan."""

    list_display = ["tahun", "opd", "tahap", "jenis_belanja", "item", "pagu", "realisasi"]
    list_filter = ["tahun", "tahap", "jenis_belanja", "opd"]
    list_select_related = ["opd", "item"]


class NomenklaturResource(resources.ModelResource):
    """The code list as a flat table: import/export it as CSV or Excel (django-import-export).
    A row is found by its code and government level; a table without the `tingkat_pemda` column
    is read as one where each kegiatan and sub kegiatan follows its level digit and each program
    is for both levels."""

    class Meta:
        model = Nomenklatur
        import_id_fields = ["kode", "tingkat_pemda"]
        fields = ["kode", "nama", "tingkat_pemda"]
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        if dataset.headers and "tingkat_pemda" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="tingkat_pemda")

    def before_import_row(self, row, **kwargs):
        # The row's key as save() will store it, so that the stored row is found.
        kode = normalisasi_kode(str(row.get("kode") or ""))
        if tingkat_dari_kode(kode) is None:
            raise ValueError(f"Kode {kode!r} tidak sesuai format Kepmendagri 050-5889.")
        tertulis = str(row.get("tingkat_pemda") or "").strip()
        if tertulis not in TingkatPemda.values:
            pilihan = ", ".join(repr(v) for v in TingkatPemda.values)
            raise ValueError(f"Kode {kode}: tingkat_pemda {tertulis!r} tidak dikenal (pilihan: {pilihan}).")
        row["kode"] = kode
        row["tingkat_pemda"] = Nomenklatur.tingkat_pemda_untuk(kode, tertulis)


@admin.register(Nomenklatur)
class NomenklaturAdmin(ImportExportModelAdmin):
    resource_classes = [NomenklaturResource]
    list_display = ["kode", "nama", "tingkat", "tingkat_pemda"]
    list_filter = ["tingkat", "tingkat_pemda"]
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
