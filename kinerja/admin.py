from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from sakip import rumus
from sakip.admin import AksesDataOPDAdmin, AksesDataOPDInline, FormTerjaga
from sakip.akses import Aksi
from sakip.formatting import format_angka, format_isian

from .alur import GalatAlur
from .models import (
    Bukti,
    ItemPK,
    JendelaEntri,
    LayananDokumen,
    PerjanjianKinerja,
    Realisasi,
    RealisasiLayananDokumen,
    RencanaAksi,
    StatusPeriode,
    SurveiKepuasan,
    UnsurSurvei,
)
from .survei import GalatSurvei, hitung_survei, terapkan_survei


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


class UnsurSurveiInline(AksesDataOPDInline, admin.TabularInline):
    model = UnsurSurvei
    extra = 0
    fields = ["nomor", "nama", "nilai_rata", "jumlah_nilai"]


@admin.register(SurveiKepuasan)
class SurveiKepuasanAdmin(AksesDataOPDAdmin):
    """The SKM of an office per period. Saving it writes its IKM as the realisation of the linked
    indicator through the realisation grid (kinerja.survei.terapkan_survei): the grid's entry
    window and lock apply, and a refusal is shown as a message."""

    list_display = ["__str__", "opd", "tahun", "periode", "indikator", "jumlah_responden"]
    list_filter = ["tahun", "periode", "opd"]
    list_select_related = ["opd", "indikator"]
    readonly_fields = ["nilai_ikm"]
    inlines = [UnsurSurveiInline]
    actions = ["terapkan"]

    @admin.display(description="nilai IKM")
    def nilai_ikm(self, obj):
        if not obj.pk:
            return "–"
        try:
            h = hitung_survei(obj)
        except GalatSurvei as exc:
            return str(exc)
        return f"{format_isian(h.nilai_ikm)} (mutu {h.mutu}, {h.kinerja})"

    def _terapkan(self, request, survei):
        try:
            hasil = terapkan_survei(request.user, survei)
        except (GalatSurvei, GalatAlur) as exc:
            self.message_user(request, f"{survei}: realisasi indikator tidak diisi. {exc}", messages.WARNING)
            return
        alasan = hasil.pesan + [g for b in hasil.baris for g in b.galat]
        alasan += [f"{k.label}: diubah orang lain" for b in hasil.konflik for k in b.konflik]
        if alasan:
            self.message_user(
                request, f"{survei}: realisasi indikator tidak diisi. {' '.join(map(str, alasan))}", messages.WARNING
            )
        elif hasil.disimpan:
            self.message_user(request, f"{survei}: nilai IKM dicatat sebagai realisasi {survei.indikator.nama}.")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.indikator_id:
            self._terapkan(request, form.instance)

    @admin.action(description="Isi realisasi indikator dari nilai IKM")
    def terapkan(self, request, queryset):
        for survei in queryset.select_related("opd", "indikator"):
            self._terapkan(request, survei)


class RealisasiLayananDokumenInline(AksesDataOPDInline, admin.TabularInline):
    model = RealisasiLayananDokumen
    extra = 0
    max_num = 4
    fields = ["triwulan", "jumlah"]


@admin.register(LayananDokumen)
class LayananDokumenAdmin(AksesDataOPDAdmin):
    """Documents issued per service type: the annual target and the count per quarter. The report
    prints them year-to-date, with Jumlah and Capaian, in the analysis of the linked indicator's sasaran."""

    list_display = ["nama", "opd", "tahun", "urutan", "target", "kumulatif", "indikator"]
    list_display_links = ["nama"]
    list_filter = ["tahun", "opd"]
    list_select_related = ["opd", "indikator"]
    search_fields = ["nama"]
    readonly_fields = ["realisasi_kumulatif"]
    inlines = [RealisasiLayananDokumenInline]

    @admin.display(description="realisasi kumulatif TW I–IV")
    def realisasi_kumulatif(self, obj):
        # What the report prints, or why it prints nothing (a year-to-date count that falls).
        if not obj.pk:
            return "–"
        try:
            nilai = obj.realisasi_kumulatif()
        except rumus.GalatRumus as exc:
            return str(exc)
        return " / ".join("–" if n is None else format_angka(n) for n in nilai)
