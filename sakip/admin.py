"""Django admin for master data, scoped by the same rules as the pages (sakip.akses).

Records that an approved period freezes (models with `cakupan_kunci`, kinerja.penguncian) are
read-only here, without delete, and the page says why; a form, an inline row, a delete or a
"hapus terpilih" that would change frozen data is refused with that reason instead of the
model's own guard answering with a server error.
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import NestedObjects, get_fields_from_path, unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, router, transaction
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from sakip.kunci import DataTerkunci, baca_peta, pesan_terkunci

from .akses import Aksi, batasi, boleh, jangkauan
from .formatting import format_isian
from .isian import TIDAK_BERUBAH, sama
from .kunci import kunci_opd
from .masuk import buka_kunci
from .models import OPD, Jabatan, MetodologiPemda, NamaJabatan, Pejabat, Pemda, Pengguna, Penugasan, Peran
from .tahun import TAHUN_MAX, TAHUN_MIN

PESAN_TIDAK_DISIMPAN = "Tidak ada yang disimpan."
PESAN_TIDAK_DIHAPUS = "Tidak ada yang dihapus."


def _punya_jangkauan(user, aksi):
    """Whether the user may do `aksi` anywhere at all (staff only: the admin is for staff)."""
    return user.is_active and user.is_staff and jangkauan(user, aksi) is not None


def _cache_boleh(request):
    cache = getattr(request, "_sakip_boleh", None)
    if cache is None:
        cache = request._sakip_boleh = {}
    return cache


def _boleh(request, aksi, obj):
    """`boleh` once per request, action and record: the admin asks the permissions of one object
    (and of an inline's parent) a dozen times per page."""
    if obj.pk is None:
        return boleh(request.user, aksi, obj)
    cache = _cache_boleh(request)
    kunci = (aksi, obj._meta.label, obj.pk)
    if kunci not in cache:
        cache[kunci] = boleh(request.user, aksi, obj)
    return cache[kunci]


# --- what an approved period freezes, as the admin asks it ------------------------------------


def dijaga(model):
    """Whether an approved period can freeze records of `model` (kinerja.penguncian)."""
    return hasattr(model, "cakupan_kunci")


def _cache_kunci(request):
    cache = getattr(request, "_sakip_pesan_kunci", None)
    if cache is None:
        cache = request._sakip_pesan_kunci = {}
    return cache


def pesan_kunci_tersimpan(request, obj):
    """Why the stored record `obj` may neither change nor be deleted, or None. Asked once per
    request and record: the admin asks the permissions of one object many times per page."""
    if obj is None or obj.pk is None or not dijaga(type(obj)):
        return None
    cache = _cache_kunci(request)
    kunci = (obj._meta.label, obj.pk)
    if kunci not in cache:
        cache[kunci] = pesan_terkunci(obj, hapus=True)
    return cache[kunci]


def opd_objek(obj):
    """The id of the office a record belongs to, by its model's `jalur_opd` (None: no office, or
    not reachable yet)."""
    jalur = getattr(type(obj), "jalur_opd", None)
    if jalur is None:
        return None
    if jalur == "":
        return obj.pk
    *langkah, akhir = jalur.split("__")
    try:
        for nama in langkah:
            obj = getattr(obj, nama)
            if obj is None:
                return None
        return getattr(obj, f"{akhir}_id")
    except ObjectDoesNotExist:
        return None


def pesan_hapus_terkunci(objs, *, kunci=False, request=None):
    """Why deleting `objs` would remove frozen data, or None. Judged on everything the delete
    cascades to (a cascade deletes in SQL, past the models' own guard): one query per guarded
    model and one for the periods. `kunci=True` takes the office lock first (inside a transaction);
    with `request`, every row judged is remembered (the delete page asks each row's permission)."""
    objs = list(objs)
    if not objs:
        return None
    collector = NestedObjects(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    baris = []
    for model, anggota in collector.model_objs.items():
        if dijaga(model):
            pks = [o.pk for o in anggota]
            baris += model._default_manager.select_related(*model.kunci_select_related).filter(pk__in=pks)
    opd_ids = {b.opd_terkunci_id() for b in baris}
    if kunci:
        # The offices of the records themselves too: a delete of unguarded data (an empty Renstra
        # version) still changes what the office's pages show, and moves its data version.
        kunci_opd(*opd_ids, *{opd_objek(o) for o in objs})
    if not baris:
        return None
    peta = baca_peta(opd_ids)
    pertama = None
    for b in baris:
        pesan = peta.pesan(b, tersimpan=True)
        if request is not None:
            _cache_kunci(request)[(b._meta.label, b.pk)] = pesan
        elif pesan:
            return pesan
        pertama = pertama or pesan
    return pertama


def _pesan_simpan(obj):
    """Why saving `obj` as it now stands would change frozen data, or None (None too when the
    record is incomplete: the form's own errors speak then)."""
    try:
        return pesan_terkunci(obj)
    except ObjectDoesNotExist:
        return None


# --- what the person changed, as every editor reads it (sakip.isian) ---------------------------

PESAN_KONFLIK = (
    "Diubah orang lain sejak halaman dimuat: tersimpan {tersimpan}, isian Anda {isian}. "
    "Simpan lagi untuk memakai isian Anda."
)
PESAN_HILANG = "Data ini sudah dihapus sejak halaman dimuat; tidak ada yang disimpan."


def _sama_tersimpan(a, b):
    """`sama`, with a file compared by its name (an empty file field holds a FieldFile of "")."""
    a, b = (getattr(v, "name", v) if isinstance(v, FieldFile) else v for v in (a, b))
    return sama(a, b)


def _salin_data(data):
    """A mutable copy of a form's data (a QueryDict, or a dict in a test)."""
    return data.copy() if isinstance(data, QueryDict) else dict(data)


def _setel(data, kunci, nilai):
    if isinstance(nilai, list) and isinstance(data, QueryDict):
        data.setlist(kunci, nilai)
    else:
        data[kunci] = nilai


def _sama_isian(field, tersimpan, teks):
    """Whether the posted text `teks` of `field` holds the stored value `tersimpan`, equal as
    stored values (`sakip.isian.sama`: 70,3 = 70,30, blank = None, text stripped)."""
    if field.disabled:
        return True  # never taken from the post
    if isinstance(tersimpan, (datetime.datetime, datetime.time)) and not field.widget.supports_microseconds:
        tersimpan = tersimpan.replace(microsecond=0)  # as the page shows it (BoundField.initial)
    if isinstance(field, (forms.ModelChoiceField, forms.MultiValueField, forms.JSONField, forms.FileField)):
        # Records compared by id (no query), lists and files as Django compares them.
        return not field.has_changed(tersimpan, teks)
    try:
        isian = field.to_python(teks)
        if isinstance(field, forms.TypedChoiceField):
            isian = field._coerce(isian)
    except forms.ValidationError:
        return False
    return sama(tersimpan, isian)


def _tampil(field, nilai):
    """A value as the conflict message shows it."""
    if isinstance(nilai, (list, tuple, set, QuerySet)):
        return ", ".join(_tampil(field, v) for v in nilai) or "(kosong)"
    if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
        return "(kosong)"
    if isinstance(field, forms.ModelChoiceField) and not hasattr(nilai, "_meta"):
        try:
            nilai = field.to_python(nilai)
        except forms.ValidationError:
            pass
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    if isinstance(nilai, Decimal):
        return format_isian(nilai)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        for kunci, label in field.choices:
            if str(kunci) == str(nilai):
                return str(label)
    return str(nilai)


def _m2m(obj):
    return {f.name for f in obj._meta.many_to_many}


def _dicatat_bersama(model, nama):
    """Whether history keeps the links (m2m) `nama` with the record (HistoricalRecords(m2m_fields))."""
    riwayat = getattr(model, getattr(model._meta, "simple_history_manager_attribute", ""), None)
    return riwayat is not None and any(f.name == nama for f in getattr(riwayat.model, "_history_m2m_fields", ()))


def _catat_riwayat(obj, *, baru):
    """One history row of `obj` as it now stands, with its links (m2m), as django-simple-history
    writes on save(): the links are set before the row's history is written, not one row each."""
    riwayat = getattr(type(obj), obj._meta.simple_history_manager_attribute)
    (baris,) = riwayat.bulk_history_create([obj], update=not baru, default_change_reason=None)
    for field in riwayat.model._history_m2m_fields:
        m2m = getattr(riwayat.model, field.name).model
        through = m2m.instance_type
        medan = [f.attname for f in through._meta.fields]
        m2m.objects.bulk_create(
            m2m(history=baris, **dict(zip(medan, nilai, strict=True)))
            for nilai in through.objects.filter(**{field.m2m_field_name(): obj.pk}).values_list(*medan)
        )


class FormIsianAdmin(forms.ModelForm):
    """Admin form of office data under the rule of every editor (`sakip.isian`).

    Every input carries the value it was loaded with (a hidden ``initial-…`` input). When the form
    comes back, only the fields the person changed are written, onto the row as stored now (read
    again under the office lock, inside the admin view's transaction); a changed field whose stored
    value moved since loading to something else is a conflict with both values, nothing saved, and
    the form shown again starts from the stored value. A history revert (`pulihkan`) writes the
    fields of the version that differ from the stored row.
    """

    pulihkan = False  # a history revert: the posted values are the version to restore

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rekaman_baru = self.instance.pk is None or self.instance._state.adding
        self.nilai_tersimpan = None  # {attname: value} of the stored row, when the person changed it
        self.tautan_diubah = []  # m2m fields to write
        self._tautan_tersimpan = {}
        self._tautan_ditulis = False
        for nama in self._medan_model():
            if not isinstance(self.fields[nama], forms.FileField):  # a file input has no starting value
                self.fields[nama].show_hidden_initial = True
        if self.is_bound:
            self._lengkapi_awal()

    def _medan_model(self):
        opts = self._meta.model._meta
        nama = {f.name for f in opts.concrete_fields} | {f.name for f in opts.many_to_many}
        return [n for n, f in self.fields.items() if n in nama and not isinstance(f, InlineForeignKeyField)]

    def _lengkapi_awal(self):
        # A starting value the page did not post is empty. Written into the data so that a form
        # shown again carries it: Django would put the typed value there instead.
        kurang = [
            n for n, f in self.fields.items() if f.show_hidden_initial and self.add_initial_prefix(n) not in self.data
        ]
        if not kurang:
            return
        data = _salin_data(self.data)
        for nama in kurang:
            kosong = [] if isinstance(self.fields[nama].hidden_widget(), forms.MultipleHiddenInput) else ""
            _setel(data, self.add_initial_prefix(nama), kosong)
        self.data = data

    def _awal(self, nama):
        """The starting value of a field as posted (text)."""
        return self._widget_data_value(self.fields[nama].hidden_widget(), self.add_initial_prefix(nama))

    @cached_property
    def changed_data(self):
        hasil = []
        for nama, bf in self._bound_items():
            field = bf.field
            if field.show_hidden_initial and isinstance(field, forms.ModelChoiceField):
                # Compared as posted ids: Django would read the record of each starting value.
                berubah = field.has_changed(self._awal(nama), bf.data)
            else:
                berubah = bf._has_changed()
            if berubah:
                hasil.append(nama)
        return hasil

    def _nilai_tersimpan(self, tersimpan, nama):
        """The stored value of a form field (a record as its id, links as a list of records)."""
        f = self._meta.model._meta.get_field(nama)
        if f.many_to_many:
            if nama not in self._tautan_tersimpan:
                self._tautan_tersimpan[nama] = list(getattr(tersimpan, nama).all())
            return self._tautan_tersimpan[nama]
        return getattr(tersimpan, f.attname)

    def _baca_tersimpan(self):
        """The row as stored now, read after taking its office's lock (pemda-wide data: the row's)."""
        model = self._meta.model
        qs = model._default_manager.filter(pk=self.instance.pk)
        jalur = getattr(model, "jalur_opd", None)
        if jalur is not None:
            kunci_opd(self.instance.pk if jalur == "" else qs.values_list(jalur, flat=True).first())
        elif connections[qs.db].features.has_select_for_update:
            qs = qs.select_for_update(no_key=connections[qs.db].features.has_select_for_no_key_update, of=("self",))
        return qs.select_related(*getattr(model, "kunci_select_related", ())).first()

    def _post_clean(self):
        if self.rekaman_baru:
            return super()._post_clean()  # a new record: everything posted is written
        medan = self._medan_model()
        ubah = [n for n in self.changed_data if n in medan]
        if not ubah and not self.pulihkan:
            return super()._post_clean()  # nothing changed: nothing to write (save_model)
        tersimpan = self._baca_tersimpan()
        if tersimpan is None:
            self.add_error(None, PESAN_HILANG)
            return
        if self.pulihkan:
            # The version posted is restored where it differs from the stored row.
            ubah = [
                n for n in medan if not _sama_isian(self.fields[n], self._nilai_tersimpan(tersimpan, n), self[n].data)
            ]
            self.__dict__["changed_data"] = ubah
        else:
            self._periksa_konflik(tersimpan, ubah)
        concrete = self._meta.model._meta.concrete_fields
        self.nilai_tersimpan = {f.attname: getattr(tersimpan, f.attname) for f in concrete}
        # Start from the stored row: only the changed fields take the posted values.
        for f in concrete:
            setattr(self.instance, f.attname, self.nilai_tersimpan[f.attname])
        # construct_instance() writes what cleaned_data holds: for it, only the changed fields. The
        # rest stays for what reads the form after (a formset compares its rows' unique fields).
        semua = self.cleaned_data
        tetap = set(medan) - set(ubah)
        self.cleaned_data = {n: v for n, v in semua.items() if n not in tetap}
        try:
            super()._post_clean()
        finally:
            self.cleaned_data = {n: v for n, v in semua.items() if n in self.cleaned_data or n in tetap}
        self.tautan_diubah = [
            n
            for n in ubah
            if self._meta.model._meta.get_field(n).many_to_many
            and n in self.cleaned_data
            and {o.pk for o in self.cleaned_data[n]} != {o.pk for o in self._nilai_tersimpan(tersimpan, n)}
        ]

    def _periksa_konflik(self, tersimpan, ubah):
        data = None
        for nama in ubah:
            field = self.fields[nama]
            if isinstance(field, forms.FileField):
                continue  # a new file has no starting value: it is always the person's
            sekarang = self._nilai_tersimpan(tersimpan, nama)
            if _sama_isian(field, sekarang, self._awal(nama)) or _sama_isian(field, sekarang, self[nama].data):
                continue
            isian = self.cleaned_data[nama] if nama in self.cleaned_data else self[nama].data
            self.add_error(nama, PESAN_KONFLIK.format(tersimpan=_tampil(field, sekarang), isian=_tampil(field, isian)))
            # Shown again, the field starts from the stored value: saving again overwrites deliberately.
            data = data if data is not None else _salin_data(self.data)
            nilai = field.prepare_value(sekarang)
            if isinstance(nilai, (list, tuple)):
                nilai = [str(v) for v in nilai]
            else:
                nilai = field.hidden_widget().format_value(nilai) or ""
            _setel(data, self.add_initial_prefix(nama), nilai)
        if data is not None:
            self.data = data

    def baris_berubah(self, obj=None):
        """Whether saving `obj` (default: the form's record) would change the stored row."""
        if self.rekaman_baru:
            return True
        if self.nilai_tersimpan is None:
            return False  # the person changed nothing
        obj = obj if obj is not None else self.instance
        return any(
            not _sama_tersimpan(getattr(obj, f.attname), self.nilai_tersimpan[f.attname])
            for f in obj._meta.concrete_fields
            if f.name in self.fields
        )

    def save(self, commit=True):
        if commit and not self.baris_berubah():
            # An inline row whose values are stored already: no write, no history row.
            self._save_m2m()
            return self.instance
        return super().save(commit)

    def _save_m2m(self):
        if self._tautan_ditulis:
            return  # written already, before the row's history row (AksesAdminMixin.save_model)
        self._tautan_ditulis = True
        if self.rekaman_baru:
            super()._save_m2m()
            return
        for f in self.instance._meta.many_to_many:
            if f.name in self.tautan_diubah:
                f.save_form_data(self.instance, self.cleaned_data[f.name])


class FormTerjaga(FormIsianAdmin):
    """Admin form of a record a period can freeze: a save that would change frozen data (the record
    as stored, or as it would be saved, e.g. moved into a verified period) is a form error with the
    reason, not a DataTerkunci from save() (a 500)."""

    def siapkan_kunci(self, instance):
        """Derive what save() derives before the lock check reads it (hook for subclasses)."""

    def _post_clean(self):
        super()._post_clean()
        # Checked on the record as it would be saved (the stored row with what the person changed),
        # changed or not: a frozen record is refused before any comparison.
        if self._errors or not dijaga(type(self.instance)):
            return
        self.siapkan_kunci(self.instance)
        pesan = _pesan_simpan(self.instance)
        if pesan:
            self.add_error(None, pesan)


class FormsetTerjaga(BaseInlineFormSet):
    """Inline rows of a model a period can freeze. The parent need not be frozen itself (budget
    items, PK items), so rows are mixed: an added, changed or deleted row that is frozen is refused
    with the reason; unchanged frozen rows pass (they are not saved)."""

    def clean(self):
        super().clean()
        if not dijaga(self.model):
            return
        galat = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk is not None:
                    pesan = pesan_terkunci(form.instance, hapus=True)
                    if pesan:
                        galat.append(f"Baris tidak dapat dihapus. {pesan}")
                continue
            if not form.has_changed() or form.errors:
                continue
            if getattr(form.instance, self.fk.get_attname()) is None:
                # A new parent: the row reaches its office through the parent being added.
                setattr(form.instance, self.fk.name, self.instance)
            pesan = _pesan_simpan(form.instance)
            if pesan:
                form.add_error(None, pesan)
        if galat:
            raise forms.ValidationError(galat)


def hapus_terpilih(modeladmin, request, queryset):
    """The changelist's "hapus terpilih": nothing is deleted when a chosen row, or a row the
    delete cascades to, is frozen."""
    pesan = pesan_hapus_terkunci(queryset, request=request)
    if pesan:
        modeladmin.message_user(request, f"{PESAN_TIDAK_DIHAPUS} {pesan}", messages.ERROR)
        return None
    try:
        return delete_selected(modeladmin, request, queryset)
    except DataTerkunci as e:  # frozen between the check and the delete
        modeladmin.message_user(request, f"{PESAN_TIDAK_DIHAPUS} {' '.join(e.messages)}", messages.ERROR)
        return None


MEDAN_TAHUN = {"tahun", "tahun_mulai", "tahun_selesai", "tahun_baseline"}


def _berjalur(model):
    return hasattr(model, "jalur_opd") or hasattr(model, "jalur_pemda")


class FilterTerbatas(admin.RelatedFieldListFilter):
    """A list filter on a relation that offers only the rows the user may read: the filter panel
    never lists another Pemda's offices, officials or name."""

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        if not _berjalur(model):
            return super().field_choices(field, request, model_admin)
        qs = batasi(model._default_manager.all(), request.user, Aksi.BACA)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in (qs.order_by(*ordering) if ordering else qs)]


class AksesAdminMixin:
    """Admin of an office-bound or Pemda-bound model: rows and choices scoped to the user.

    `aksi_lihat` decides which rows a user sees, `aksi_ubah` which rows and choices a user
    may change. Master data: an admin pemda manages its Pemda (KELOLA). Planning data:
    operators edit their own office (UBAH); reviewers and admins read.
    `hanya_superuser_menambah` keeps creation (and deletion) to superusers.
    A record that an approved period freezes is read-only, whoever asks.
    """

    aksi_lihat = Aksi.KELOLA
    aksi_ubah = Aksi.KELOLA
    hanya_superuser_menambah = False

    def get_queryset(self, request):
        return batasi(super().get_queryset(request), request.user, self.aksi_lihat)

    def get_list_filter(self, request):
        # A filter on a relation ("opd", "opd__pemda") lists only what the user may read.
        hasil = []
        for f in super().get_list_filter(request):
            if isinstance(f, str) and get_fields_from_path(self.model, f)[-1].is_relation:
                f = (f, FilterTerbatas)
            hasil.append(f)
        return hasil

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in MEDAN_TAHUN:
            # A year keeps the application's range (sakip.tahun): no record no page can open.
            field.validators += [MinValueValidator(TAHUN_MIN), MaxValueValidator(TAHUN_MAX)]
            field.widget.attrs.update({"min": TAHUN_MIN, "max": TAHUN_MAX})
        return field

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
            return _boleh(request, self.aksi_lihat, obj)
        return _punya_jangkauan(request.user, self.aksi_lihat)

    # Access alone (the role's reach), before the period lock.
    def boleh_ubah(self, request, obj=None):
        if obj is not None:
            return _boleh(request, self.aksi_ubah, obj)
        return _punya_jangkauan(request.user, self.aksi_ubah)

    def boleh_hapus(self, request, obj=None):
        if self.hanya_superuser_menambah:
            return request.user.is_superuser
        return self.boleh_ubah(request, obj)

    # Without an object (the changelist) no lock is read: no query per row.
    def has_change_permission(self, request, obj=None):
        return self.boleh_ubah(request, obj) and not pesan_kunci_tersimpan(request, obj)

    def has_add_permission(self, request, *args):
        if self.hanya_superuser_menambah:
            return request.user.is_superuser
        return _punya_jangkauan(request.user, self.aksi_ubah)

    def has_delete_permission(self, request, obj=None):
        return self.boleh_hapus(request, obj) and not pesan_kunci_tersimpan(request, obj)

    # --- refusals with the reason, never a 500 ---

    def _tolak(self, request, obj, pesan):
        self.message_user(request, pesan, messages.ERROR)
        if obj is not None and obj.pk is not None:
            opts = obj._meta
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk], current_app=self.admin_site.name
            )
        else:
            url = request.get_full_path()
        return HttpResponseRedirect(url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None and dijaga(self.model):
            obj = self.get_object(request, unquote(object_id))
            pesan = pesan_kunci_tersimpan(request, obj)
            if pesan and self.has_view_permission(request, obj):
                if request.method == "POST":
                    if self.boleh_ubah(request, obj):
                        return self._tolak(request, obj, PESAN_TIDAK_DISIMPAN)
                else:
                    # The page is read-only: say why.
                    self.message_user(request, pesan, messages.INFO)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DataTerkunci as e:  # frozen between the form's check and the guarded save
            return self._tolak(request, None, f"{PESAN_TIDAK_DISIMPAN} {' '.join(e.messages)}")

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.boleh_hapus(request, obj):
            if pesan_kunci_tersimpan(request, obj):
                return self._tolak(request, obj, PESAN_TIDAK_DIHAPUS)  # its read-only page says why
            pesan = pesan_hapus_terkunci([obj], request=request)
            if pesan:
                return self._tolak(request, obj, f"{PESAN_TIDAK_DIHAPUS} {pesan}")
        try:
            return super().delete_view(request, object_id, extra_context)
        except DataTerkunci as e:
            return self._tolak(request, obj, f"{PESAN_TIDAK_DIHAPUS} {' '.join(e.messages)}")

    def get_deleted_objects(self, objs, request):
        # The delete page asks the permission of every chosen row: read their access at once.
        objs = list(objs)
        pks = [o.pk for o in objs if o.pk is not None]
        if pks and not request.user.is_superuser:
            boleh_ids = set(
                batasi(self.model._default_manager.filter(pk__in=pks), request.user, self.aksi_ubah).values_list(
                    "pk", flat=True
                )
            )
            cache = _cache_boleh(request)
            for pk in pks:
                cache[(self.aksi_ubah, self.model._meta.label, pk)] = pk in boleh_ids
        return super().get_deleted_objects(objs, request)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if getattr(request, "_sakip_pulihkan", False) and issubclass(form, FormIsianAdmin):
            form = type(form.__name__, (form,), {"pulihkan": True})
        return form

    def _beda_tersimpan(self, obj, form):
        """Whether the posted form differs from the stored row (one query). Decides, for a form not
        under the editors' rule (master data), that a form sent back unchanged writes nothing, while
        a history revert (whose form posts the old version "unchanged") writes it."""
        medan = [f for f in obj._meta.concrete_fields if f.name in form.fields]
        tersimpan = type(obj)._default_manager.filter(pk=obj.pk).values(*[f.attname for f in medan]).first()
        return tersimpan is None or any(
            not _sama_isian(form.fields[f.name], tersimpan[f.attname], form[f.name].data) for f in medan
        )

    def save_model(self, request, obj, form, change):
        if not change:
            # A new record takes its office's lock like every write (an existing one took it when
            # its form read the stored row): it moves the office's data version (sakip.kunci).
            kunci_opd(opd_objek(obj))
        # Nothing is written, and no history row, when the row would not change.
        if isinstance(form, FormIsianAdmin):
            baris = form.baris_berubah(obj)
            tautan = form.tautan_diubah if change else [n for n in form.cleaned_data if n in _m2m(obj)]
            tautan = [n for n in tautan if _dicatat_bersama(type(obj), n)]
        else:
            baris, tautan = not change or self._beda_tersimpan(obj, form), []
        if baris or tautan:
            request._sakip_ditulis = True
        if tautan:
            # Links kept in history with the row: set first, then one history row records both.
            obj.skip_history_when_saving = True
            try:
                if baris:
                    super().save_model(request, obj, form, change)
                form.save_m2m()
            finally:
                del obj.skip_history_when_saving
            obj._history_user = request.user
            _catat_riwayat(obj, baru=not change)
        elif baris:
            super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        if not message and not getattr(request, "_sakip_ditulis", False):
            request._sakip_tanpa_ubahan = True  # the page then says that nothing was saved
        return super().log_change(request, obj, message)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_sakip_tanpa_ubahan", False):
            message, level = TIDAK_BERUBAH, messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)

    def delete_model(self, request, obj):
        # Checked again under the office lock, cascades included (they bypass the models' guard).
        with transaction.atomic(using=router.db_for_write(self.model)):
            pesan = pesan_hapus_terkunci([obj], kunci=True)
            if pesan:
                raise DataTerkunci(pesan)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # A queryset delete is SQL: no model's own guard runs, so this is the check.
        with transaction.atomic(using=router.db_for_write(self.model)):
            pesan = pesan_hapus_terkunci(queryset, kunci=True)
            if pesan:
                raise DataTerkunci(pesan)
            super().delete_queryset(request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, nama, label = actions["delete_selected"]
            actions["delete_selected"] = (hapus_terpilih, nama, label)
        return actions

    # --- out of reach answers exactly as missing: 404, never 403 nor a redirect with a hint ---

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404("Data tidak ditemukan.")

    def _dalam_jangkauan(self, request, object_id):
        """The record within the user's reach, or 404 as if it did not exist. simple_history
        reads the history rows unscoped (and answers 403 when the record is out of reach);
        only a superuser keeps its view of deleted records' history."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied  # the whole model is closed to this user, whatever the id
        obj = self.get_object(request, unquote(object_id))
        if obj is None and not request.user.is_superuser:
            raise Http404("Data tidak ditemukan.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._dalam_jangkauan(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._dalam_jangkauan(request, object_id)
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        # simple_history saves a revert for anyone who may merely view the record: require the
        # change right on the record as stored (in reach, not frozen).
        if obj is None:
            raise Http404("Data tidak ditemukan.")
        if not self.has_change_permission(request, obj):
            if self.boleh_ubah(request, obj):
                return self._tolak(request, obj, PESAN_TIDAK_DISIMPAN)
            raise PermissionDenied
        # A revert writes the version's values where they differ from the stored row, compared and
        # written in one transaction under the office lock (simple_history's view has none).
        request._sakip_pulihkan = True
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except DataTerkunci as e:
            return self._tolak(request, None, f"{PESAN_TIDAK_DISIMPAN} {' '.join(e.messages)}")


class AksesDataOPDAdmin(AksesAdminMixin, SimpleHistoryAdmin):
    """Planning, realisation and budget data: operators edit their own office."""

    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.UBAH
    form = FormTerjaga


class AksesInlineMixin(AksesAdminMixin):
    """Inline rows follow the permissions of their parent object; rows a period froze are refused
    one by one (FormsetTerjaga) and marked in a "kunci" column."""

    formset = FormsetTerjaga

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if dijaga(self.model):
            qs = qs.select_related(*self.model.kunci_select_related)  # the lock column reads them
        return qs

    def has_view_permission(self, request, obj=None):
        return _punya_jangkauan(request.user, self.aksi_lihat) if obj is None else _boleh(request, self.aksi_lihat, obj)

    def has_change_permission(self, request, obj=None):
        return _punya_jangkauan(request.user, self.aksi_ubah) if obj is None else _boleh(request, self.aksi_ubah, obj)

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if dijaga(self.model) and "status_kunci" not in fields:
            fields.append("status_kunci")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if dijaga(self.model):
            readonly.append("status_kunci")
        return readonly

    @admin.display(description="kunci")
    def status_kunci(self, obj):
        if obj is None or obj.pk is None:
            return ""
        try:
            opd_id = obj.opd_terkunci_id()
        except ObjectDoesNotExist:
            return ""
        # An inline instance lives for one request: the periods of an office are read once.
        peta = self.__dict__.setdefault("_peta_kunci", {})
        if opd_id not in peta:
            peta[opd_id] = baca_peta([opd_id])
        pesan = peta[opd_id].pesan(obj, tersimpan=True)
        return format_html('<span title="{}">terkunci</span>', pesan) if pesan else "terbuka"


class AksesDataOPDInline(AksesInlineMixin):
    """Inline rows of planning, realisation and budget data: operators edit their own office."""

    aksi_lihat = Aksi.BACA
    aksi_ubah = Aksi.UBAH
    form = FormIsianAdmin


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


def _dikelola_admin_pemda(user, target):
    """Whether a non-superuser `user` (an admin pemda) manages the account `target` in the admin:
    never a superuser, never an admin pemda (himself included: his own password goes through the
    ordinary password change, which asks the old one)."""
    return user.is_superuser or not (target.is_superuser or target.peran == Peran.ADMIN_PEMDA)


@admin.register(Pengguna)
class PenggunaAdmin(AksesAdminMixin, UserAdmin):
    """Accounts. An admin pemda sees the accounts of his Pemda except superusers and other admin
    pemda accounts; he changes, resets and deletes only the ones he manages. Anything else answers
    404, as a record that does not exist."""

    list_display = ["username", "first_name", "last_name", "peran", "opd", "pemda", "is_active"]
    # RelatedOnly: the filter lists the Pemda of the accounts shown, not every Pemda's name.
    list_filter = ["peran", ("pemda", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["opd", "pemda"]
    fieldsets = UserAdmin.fieldsets + (("Peran SAKIP", {"fields": ["peran", "opd", "pemda", "pejabat"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Peran SAKIP", {"fields": ["peran", "opd", "pemda"]}),)
    actions = ["buka_kunci_login"]

    @admin.action(description="Buka kunci login pengguna terpilih", permissions=["change"])
    def buka_kunci_login(self, request, queryset):
        """Lift a login lock (too many wrong passwords) before it ends by itself."""
        dikelola = [p for p in queryset if _dikelola_admin_pemda(request.user, p)]
        buka_kunci(dikelola)
        self.message_user(request, f"Kunci login dibuka untuk {len(dikelola)} pengguna.", messages.SUCCESS)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.exclude(is_superuser=True).exclude(Q(peran=Peran.ADMIN_PEMDA) & ~Q(pk=request.user.pk))

    def has_view_permission(self, request, obj=None):
        # He sees his own account (read-only), not the accounts he does not manage.
        return super().has_view_permission(request, obj) and (
            obj is None or obj.pk == request.user.pk or _dikelola_admin_pemda(request.user, obj)
        )

    def boleh_ubah(self, request, obj=None):
        return super().boleh_ubah(request, obj) and (obj is None or _dikelola_admin_pemda(request.user, obj))

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser and str(request.user.pk) == unquote(id):
            # His own password: the ordinary change, which asks the old password.
            return HttpResponseRedirect(reverse("admin:password_change", current_app=self.admin_site.name))
        return super().user_change_password(request, id, form_url)

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
