from django.contrib import admin, messages
from django.http import Http404
from django.template.response import TemplateResponse

from sakip.admin import AksesDataOPDAdmin, AksesDataOPDInline, AksesInlineMixin
from sakip.akses import Aksi, boleh

from .forms import PerubahanRenstraForm, jalankan_perubahan, pesan_berhasil
from .models import (
    RPJMD,
    ArahKebijakan,
    Indikator,
    Misi,
    Pembanding,
    Renstra,
    Sasaran,
    SasaranDaerah,
    Strategi,
    TargetIndikator,
    Tujuan,
    TujuanDaerah,
)


class MisiInline(AksesInlineMixin, admin.TabularInline):
    model = Misi
    extra = 0


@admin.register(RPJMD)
class RPJMDAdmin(AksesDataOPDAdmin):
    # Regional plans are master data of the Pemda.
    aksi_ubah = Aksi.KELOLA
    list_display = ["__str__", "jenis", "tahun_mulai", "tahun_selesai"]
    inlines = [MisiInline]


@admin.register(TujuanDaerah)
class TujuanDaerahAdmin(AksesDataOPDAdmin):
    aksi_ubah = Aksi.KELOLA
    list_display = ["uraian", "misi"]


@admin.register(SasaranDaerah)
class SasaranDaerahAdmin(AksesDataOPDAdmin):
    aksi_ubah = Aksi.KELOLA
    list_display = ["uraian", "tujuan"]


class TujuanInline(AksesDataOPDInline, admin.StackedInline):
    model = Tujuan
    extra = 0
    fields = ["kode", "uraian", "sasaran_daerah", "urutan"]


@admin.register(Renstra)
class RenstraAdmin(AksesDataOPDAdmin):
    list_display = ["__str__", "opd", "tahun_mulai", "tahun_selesai", "versi", "tanggal_penetapan"]
    list_filter = ["opd__pemda", "tahun_mulai"]
    list_select_related = ["opd"]
    inlines = [TujuanInline]
    filter_horizontal = ["misi_didukung"]
    readonly_fields = ["berlaku_mulai"]
    actions = ["buat_perubahan"]

    @admin.action(description="Buat Renstra Perubahan dari Renstra terpilih", permissions=["change"])
    def buat_perubahan(self, request, queryset):
        """A confirmation page (what happens, the year, the reason), then the same service as the
        Renstra page (renstra.layanan.buat_renstra_perubahan)."""
        daftar = list(queryset.select_related("opd")[:2])
        if len(daftar) != 1:
            self.message_user(request, "Pilih tepat satu Renstra untuk diubah.", messages.ERROR)
            return None
        renstra = daftar[0]
        if not boleh(request.user, Aksi.UBAH, renstra.opd):
            raise Http404("Data tidak ditemukan.")
        kirim = "terapkan" in request.POST
        form = PerubahanRenstraForm(renstra, request.POST if kirim else None)
        if kirim:
            baru, galat = jalankan_perubahan(renstra, form)
            if baru is not None:
                self.message_user(request, pesan_berhasil(renstra, baru), messages.SUCCESS)
                return None
            self.message_user(request, f"Renstra Perubahan tidak dibuat: {galat}", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Buat Renstra Perubahan dari {renstra}",
            "opts": self.model._meta,
            "renstra": renstra,
            "form": form,
            "aksi": "buat_perubahan",
        }
        return TemplateResponse(request, "admin/renstra/perubahan.html", context)


@admin.register(Sasaran)
class SasaranAdmin(AksesDataOPDAdmin):
    list_display = ["uraian", "tingkat", "renstra", "pemilik"]
    list_filter = ["tingkat", "renstra__opd"]
    search_fields = ["uraian"]
    list_select_related = ["renstra", "renstra__opd", "pemilik"]


class TargetInline(AksesDataOPDInline, admin.TabularInline):
    model = TargetIndikator
    extra = 0


class PembandingInline(AksesDataOPDInline, admin.TabularInline):
    model = Pembanding
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(AksesDataOPDAdmin):
    list_display = ["nama", "satuan", "arah", "iku", "sasaran", "opd"]
    list_filter = ["iku", "arah", "frekuensi", "opd"]
    search_fields = ["nama"]
    list_select_related = ["sasaran", "opd"]
    inlines = [TargetInline, PembandingInline]
    fieldsets = [
        (None, {"fields": ["tujuan", "sasaran", "komposit", "kode", "nama", "iku", "penanggung_jawab", "urutan"]}),
        ("Satuan dan arah", {"fields": ["satuan", "jenis_nilai", "skala_predikat", "arah", "presisi"]}),
        (
            "Definisi dan formula",
            {"fields": ["definisi", "formula", "label_pembilang", "label_penyebut", "satuan_pembilang", "faktor"]},
        ),
        ("Data", {"fields": ["frekuensi", "tunda_tahun", "agregasi", "sumber_data"]}),
        (
            "Baseline dan target akhir",
            {"fields": ["baseline", "baseline_teks", "tahun_baseline", "target_akhir", "target_akhir_teks"]},
        ),
        ("Perhitungan", {"fields": ["bobot", "batas_atas_capaian", "skala_kategori"]}),
    ]


class ArahKebijakanInline(AksesDataOPDInline, admin.TabularInline):
    model = ArahKebijakan
    extra = 1
    fields = ["urutan", "uraian"]


@admin.register(Strategi)
class StrategiAdmin(AksesDataOPDAdmin):
    """Strategies per sasaran strategis, each with its arah kebijakan (Bab II of the LKjIP)."""

    list_display = ["uraian", "sasaran", "urutan"]
    list_filter = ["sasaran__renstra__opd"]
    search_fields = ["uraian"]
    list_select_related = ["sasaran"]
    fields = ["sasaran", "urutan", "uraian"]
    inlines = [ArahKebijakanInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "sasaran" and field is not None:
            field.queryset = field.queryset.filter(tingkat=Sasaran.Tingkat.STRATEGIS)
        return field
