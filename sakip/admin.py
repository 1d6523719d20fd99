"""Django admin for master data, scoped by the same rules as the pages (sakip.akses)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .akses import Aksi, batasi, boleh, jangkauan
from .models import OPD, Jabatan, MetodologiPemda, NamaJabatan, Pejabat, Pemda, Pengguna, Penugasan, Peran


def _punya_jangkauan(user, aksi):
    """Whether the user may do `aksi` anywhere at all (staff only: the admin is for staff)."""
    return user.is_active and user.is_staff and jangkauan(user, aksi) is not None


class AksesAdminMixin:
    """Admin of an office-bound or Pemda-bound model: rows and choices scoped to the user.

    `aksi_lihat` decides which rows a user sees, `aksi_ubah` which rows and choices a user
    may change. Master data: an admin pemda manages its Pemda (KELOLA). Planning data:
    operators edit their own office (UBAH); reviewers and admins read.
    `hanya_superuser_menambah` keeps creation (and deletion) to superusers.
    """

    aksi_lihat = Aksi.KELOLA
    aksi_ubah = Aksi.KELOLA
    hanya_superuser_menambah = False

    def get_queryset(self, request):
        return batasi(super().get_queryset(request), request.user, self.aksi_lihat)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related, "jalur_opd") or hasattr(related, "jalur_pemda"):
            kwargs["queryset"] = batasi(related._default_manager.all(), request.user, self.aksi_ubah)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related, "jalur_opd") or hasattr(related, "jalur_pemda"):
            kwargs["queryset"] = batasi(related._default_manager.all(), request.user, self.aksi_ubah)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return _punya_jangkauan(request.user, self.aksi_lihat)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return boleh(request.user, self.aksi_lihat, obj)
        return _punya_jangkauan(request.user, self.aksi_lihat)

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return boleh(request.user, self.aksi_ubah, obj)
        return _punya_jangkauan(request.user, self.aksi_ubah)

    def has_add_permission(self, request, *args):
        if self.hanya_superuser_menambah:
            return request.user.is_superuser
        return _punya_jangkauan(request.user, self.aksi_ubah)

    def has_delete_permission(self, request, obj=None):
        if self.hanya_superuser_menambah:
            return request.user.is_superuser
        return self.has_change_permission(request, obj)


class AksesDataOPDAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    """Planning, realisation and budget data: operators edit their own office."""

    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.UBAH


class AksesInlineMixin(AksesAdminMixin):
    """Inline rows follow the permissions of their parent object."""

    def has_view_permission(self, request, obj=None):
        return (
            _punya_jangkauan(request.user, self.aksi_lihat)
            if obj is None
            else boleh(request.user, self.aksi_lihat, obj)
        )

    def has_change_permission(self, request, obj=None):
        return (
            _punya_jangkauan(request.user, self.aksi_ubah) if obj is None else boleh(request.user, self.aksi_ubah, obj)
        )

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class AksesDataOPDInline(AksesInlineMixin):
    """Inline rows of planning, realisation and budget data: operators edit their own office."""

    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.UBAH


@admin.register(MetodologiPemda)
class MetodologiPemdaAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    list_display = ["pemda", "skala", "rumus_turun", "batas_atas", "pembulatan", "rumus_efisiensi"]


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
