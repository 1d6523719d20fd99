"""Admin of the LKE: the tree of a Pemda's year (admin pemda adjusts a copied tree while no
evaluation scored on it is final) and the evaluations, read-only here (they are answered on the
LKE page; a final one is read-only everywhere)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.admin import AksesAdminMixin, AksesInlineMixin
from sakip.akses import Aksi

from .models import (
    AturanLogis,
    CatatanKomponen,
    EvaluasiLKE,
    JawabanLKE,
    Komponen,
    Kriteria,
    LembarKerja,
    PilihanSkala,
    PitaPredikat,
    RiwayatEvaluasi,
    Skala,
    SubKomponen,
    pesan_lembar_beku,
)


class _Beku:
    """A record of a tree an evaluation scored on is final: read-only, without delete."""

    def beku(self, obj):
        return obj is not None and obj.pk is not None and bool(pesan_lembar_beku(obj.lembar_dijaga_id()))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.beku(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.beku(obj)

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None
        return super().has_add_permission(request, *args) and not self.beku(obj)


class AdminLembar(_Beku, AksesAdminMixin, SimpleHistoryAdmin):
    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.KELOLA


class InlineLembar(_Beku, AksesInlineMixin):
    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.KELOLA
    extra = 0


class PitaInline(InlineLembar, admin.TabularInline):
    model = PitaPredikat
    fields = ["urutan", "kode", "label", "batas_bawah", "inklusif", "uraian"]


class KomponenInline(InlineLembar, admin.TabularInline):
    model = Komponen
    fields = ["urutan", "kode", "nama", "bobot"]
    show_change_link = True


@admin.register(LembarKerja)
class LembarKerjaAdmin(AdminLembar):
    list_display = ["__str__", "pemda", "tahun", "nama", "desimal", "pembulatan", "tenggat_lkjip"]
    list_filter = ["pemda", "tahun"]
    inlines = [PitaInline, KomponenInline]


class PilihanInline(InlineLembar, admin.TabularInline):
    model = PilihanSkala
    fields = ["urutan", "kode", "label", "nilai"]


@admin.register(Skala)
class SkalaAdmin(AdminLembar):
    list_display = ["__str__", "lembar"]
    list_filter = ["lembar__pemda", "lembar__tahun"]
    inlines = [PilihanInline]


class SubKomponenInline(InlineLembar, admin.TabularInline):
    model = SubKomponen
    fields = ["urutan", "kode", "nama", "jenis", "bobot"]
    show_change_link = True


@admin.register(Komponen)
class KomponenAdmin(AdminLembar):
    list_display = ["__str__", "lembar", "bobot"]
    list_filter = ["lembar__pemda", "lembar__tahun"]
    inlines = [SubKomponenInline]


class KriteriaInline(InlineLembar, admin.StackedInline):
    model = Kriteria
    fields = ["urutan", "kode", "uraian", "skala", "otomatis", "ambang"]
    show_change_link = True


@admin.register(SubKomponen)
class SubKomponenAdmin(AdminLembar):
    list_display = ["__str__", "komponen", "jenis", "bobot"]
    list_filter = ["komponen__lembar__pemda", "komponen__lembar__tahun"]
    inlines = [KriteriaInline]


class AturanLogisInline(InlineLembar, admin.TabularInline):
    model = AturanLogis
    fk_name = "kriteria"
    fields = ["jenis", "pembanding_kriteria", "pembanding_subkomponen", "pesan"]


@admin.register(Kriteria)
class KriteriaAdmin(AdminLembar):
    list_display = ["kode", "uraian", "skala", "otomatis", "subkomponen"]
    list_filter = ["subkomponen__komponen__lembar__pemda", "subkomponen__komponen__lembar__tahun", "otomatis"]
    search_fields = ["kode", "uraian"]
    inlines = [AturanLogisInline]


class _HanyaBaca:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class JawabanInline(_HanyaBaca, AksesInlineMixin, admin.TabularInline):
    model = JawabanLKE
    aksi_lihat = Aksi.BACA
    fields = ["kriteria", "usulan", "catatan_usulan", "penetapan", "catatan_penetapan"]
    readonly_fields = fields


class CatatanInline(_HanyaBaca, AksesInlineMixin, admin.TabularInline):
    model = CatatanKomponen
    aksi_lihat = Aksi.BACA
    fields = ["komponen", "catatan"]
    readonly_fields = fields


class RiwayatInline(_HanyaBaca, AksesInlineMixin, admin.TabularInline):
    model = RiwayatEvaluasi
    aksi_lihat = Aksi.BACA
    fields = ["waktu", "oleh", "dari", "ke", "catatan"]
    readonly_fields = fields


@admin.register(EvaluasiLKE)
class EvaluasiLKEAdmin(_HanyaBaca, AksesAdminMixin, SimpleHistoryAdmin):
    """Read-only: an evaluation is answered, moved along its path and made final on the LKE page."""

    aksi_lihat = Aksi.BACA
    list_display = ["__str__", "opd", "tahun", "status", "nomor_lhe", "tanggal_lhe"]
    list_filter = ["tahun", "status", "opd"]
    list_select_related = ["opd"]
    inlines = [JawabanInline, CatatanInline, RiwayatInline]


@admin.register(JawabanLKE)
class JawabanLKEAdmin(_HanyaBaca, AksesAdminMixin, SimpleHistoryAdmin):
    """Read-only, for the history of both sides of an answer (who changed what, when)."""

    aksi_lihat = Aksi.BACA
    list_display = ["kriteria", "evaluasi", "usulan", "penetapan", "diubah_pada"]
    list_filter = ["evaluasi__tahun", "evaluasi__opd"]
    list_select_related = ["kriteria", "evaluasi__opd", "usulan", "penetapan"]
