"""Django admin for master data, scoped by the same rules as the pages (sakip.akses)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .akses import Aksi, batasi
from .models import OPD, Jabatan, NamaJabatan, Pejabat, Pemda, Pengguna, Penugasan, Peran


def _boleh_kelola(request):
    user = request.user
    return user.is_active and (user.is_superuser or (user.is_staff and user.peran == Peran.ADMIN_PEMDA))


class AksesAdminMixin:
    """Admin of an office-bound or Pemda-bound model: rows and choices scoped to the user.

    Superusers manage everything; an admin pemda manages the records of its own Pemda.
    `hanya_superuser_menambah` keeps creation (and deletion) to superusers.
    """

    hanya_superuser_menambah = False

    def get_queryset(self, request):
        return batasi(super().get_queryset(request), request.user, Aksi.KELOLA)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related, "jalur_opd") or hasattr(related, "jalur_pemda"):
            kwargs["queryset"] = batasi(related._default_manager.all(), request.user, Aksi.KELOLA)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return _boleh_kelola(request)

    def has_view_permission(self, request, obj=None):
        return _boleh_kelola(request)

    def has_change_permission(self, request, obj=None):
        return _boleh_kelola(request)

    def has_add_permission(self, request, *args):
        if self.hanya_superuser_menambah:
            return request.user.is_superuser
        return _boleh_kelola(request)

    def has_delete_permission(self, request, obj=None):
        if self.hanya_superuser_menambah:
            return request.user.is_superuser
        return _boleh_kelola(request)


class AksesInlineMixin(AksesAdminMixin):
    def has_module_permission(self, request):  # pragma: no cover - inlines have no module
        return False


@admin.register(Pemda)
class PemdaAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    list_display = ["nama", "tingkat", "nama_kepala_daerah"]
    search_fields = ["nama"]
    hanya_superuser_menambah = True


class NamaJabatanInline(AksesInlineMixin, admin.TabularInline):
    model = NamaJabatan
    extra = 0


class PenugasanInline(AksesInlineMixin, admin.TabularInline):
    model = Penugasan
    extra = 0
    autocomplete_fields = ["pejabat"]


@admin.register(OPD)
class OPDAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    list_display = ["nama", "singkatan", "kode", "pemda", "aktif"]
    list_filter = ["pemda", "aktif"]
    search_fields = ["nama", "singkatan", "kode"]
    prepopulated_fields = {"kode": ["singkatan"]}
    list_select_related = ["pemda"]


@admin.register(Jabatan)
class JabatanAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    list_display = ["nama", "eselon", "opd", "induk"]
    list_filter = ["eselon", "opd__pemda"]
    search_fields = ["nama", "opd__nama"]
    list_select_related = ["opd", "induk"]
    inlines = [NamaJabatanInline, PenugasanInline]


@admin.register(Pejabat)
class PejabatAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    list_display = ["nama", "nip", "pangkat", "golongan", "pemda"]
    list_filter = ["pemda"]
    search_fields = ["nama", "nip"]
    list_select_related = ["pemda"]


@admin.register(Penugasan)
class PenugasanAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    list_display = ["pejabat", "jabatan", "jenis", "mulai", "selesai"]
    list_filter = ["jenis", "jabatan__opd__pemda"]
    list_select_related = ["pejabat", "jabatan"]
    autocomplete_fields = ["pejabat"]


@admin.register(Pengguna)
class PenggunaAdmin(AksesAdminMixin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "peran", "opd", "pemda", "is_active"]
    list_filter = ["peran", "pemda", "is_active"]
    list_select_related = ["opd", "pemda"]
    fieldsets = UserAdmin.fieldsets + (("Peran SAKIP", {"fields": ["peran", "opd", "pemda", "pejabat"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Peran SAKIP", {"fields": ["peran", "opd", "pemda"]}),)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # An admin pemda cannot hand out superuser rights or Django permissions.
            readonly += ["is_superuser", "user_permissions", "groups"]
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "peran" and not request.user.is_superuser:
            kwargs["choices"] = [("", "---------")] + [c for c in Peran.choices if c[0] != Peran.ADMIN_PEMDA]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
