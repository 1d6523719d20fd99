"""Entry forms that know what the person changed: one rule for every editor.

Every input carries the value it was loaded with (Django's ``show_hidden_initial``: a hidden
``initial-<name>`` input beside it). When a form comes back:

* a field whose posted value equals the value it was loaded with is *untouched*: it is not
  written, recomputed or re-rounded, whatever is stored now;
* a changed field is written, unless the stored value has moved since the page was loaded to
  something else than what this person typed: that is a *conflict*, reported per cell with both
  values, and nothing of the save is written. Shown again, the form keeps what the person typed
  and carries the stored value as its new starting point, so saving again is a deliberate
  overwrite.

The services compare against the stored rows inside the transaction that writes them, after
taking the office's lock (`sakip.kunci.kunci_opd`), so two saves can never both pass the check.
Every editor (realisation grid, PK, rencana aksi, Renstra, budget realisation) saves the same
way and reports the same way: a row (`BarisIsian`) carries its errors, conflicts and warnings,
a save's `HasilIsian` says what was written or why nothing was, `sampaikan_hasil` words it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html

from .angka import AngkaTidakValid, JenisAngka, baca_angka
from .formatting import format_isian

#: The posted starting value could not be read (a tampered page): any stored value conflicts.
TIDAK_TERBACA = object()


def baris_seragam(teks: str) -> str:
    """Text with its line breaks as "\n": a browser textarea sends "\r\n", a workbook (XML)
    gives back "\n" only, so the same text must compare equal."""
    return teks.replace("\r\n", "\n").replace("\r", "\n")


def sama(a, b) -> bool:
    """Equal as stored values: blank equals None, numbers by value (70,3 = 70,30), text stripped
    and with either line break, records by primary key."""
    if a is TIDAK_TERBACA or b is TIDAK_TERBACA:
        return False
    a = None if isinstance(a, str) and not a.strip() else a
    b = None if isinstance(b, str) and not b.strip() else b
    if a is None or b is None:
        return a is None and b is None
    if hasattr(a, "_meta") or hasattr(b, "_meta"):
        return getattr(a, "pk", a) == getattr(b, "pk", b)
    if isinstance(a, str) and isinstance(b, str):
        return baris_seragam(a).strip() == baris_seragam(b).strip()
    return a == b


class _TanpaTemplat:
    """Renders its <input> directly instead of through a widget template: an editor holds hundreds
    of inputs (each with its hidden starting value), and the template per input cost more than the
    rest of the page. The markup is the same as Django's template gives."""

    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        nilai = format_html(' value="{}"', w["value"]) if w.get("value") not in (None, "") else ""
        return format_html('<input type="{}" name="{}"{}{}>', w["type"], w["name"], nilai, flatatt(w["attrs"]))


class InputTeks(_TanpaTemplat, forms.TextInput):
    pass


class InputTersembunyi(_TanpaTemplat, forms.HiddenInput):
    pass


class InputCentang(_TanpaTemplat, forms.CheckboxInput):
    pass


class InputBerkas(_TanpaTemplat, forms.FileInput):
    pass


class AreaTeks(forms.Textarea):
    """A textarea rendered directly (see _TanpaTemplat), as Django's template writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        return format_html('<textarea name="{}"{}>\n{}</textarea>', w["name"], flatatt(w["attrs"]), w["value"] or "")


class SelIsian(forms.BoundField):
    """A grid cell: its input names its column (``data-kolom``: nilai, keterangan, pembilang, t2025 …)
    and, for a number, its kind (``data-angka``), so pasting a block from Excel maps columns by
    name and refuses text in a number field (static/js/grid.js). A cell the service refused (not
    only one Django could not read) is marked ``aria-invalid``."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        attrs["data-kolom"] = self.name
        if isinstance(self.field, AngkaField):
            attrs["data-angka"] = self.field.jenis.value
        if self.name in getattr(self.form, "medan_galat", ()):
            attrs["aria-invalid"] = "true"
        return attrs


class _MembawaAwal:
    """A field that carries its loaded value (a hidden initial input) and compares values as stored
    values (`sama`): 70,3 equals 70,30, blank equals None."""

    hidden_widget = InputTersembunyi

    def get_bound_field(self, form, field_name):
        return SelIsian(form, self, field_name)

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("show_hidden_initial", True)
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        try:
            return not sama(self.to_python(initial), self.to_python(data))
        except forms.ValidationError:
            return True


TETAP, TULIS, KONFLIK = "tetap", "tulis", "konflik"


def putusan_sel(awal, baru, tersimpan, sama=sama):
    """The one rule of a cell brought back by a form or a file: what it was loaded (or exported)
    with is `awal`, what it holds now `baru`, what is stored now `tersimpan`.

    TETAP: untouched by the person; nothing is written, whatever is stored now. KONFLIK: changed
    by the person while the stored value moved since to something else. TULIS: write `baru`.
    Every door asks it: the editors (FormIsian), the workbook and `sakip-opd/1` loader, the budget
    import, the narratives, the admin.
    """
    if sama(awal, baru):
        return TETAP
    if not sama(tersimpan, awal) and not sama(tersimpan, baru):
        return KONFLIK
    return TULIS


class AngkaField(_MembawaAwal, forms.Field):
    """A number typed the Indonesian way, read by the rule of its field's kind (sakip.angka)."""

    widget = InputTeks

    def __init__(self, *, jenis=JenisAngka.UKURAN, **kwargs):
        super().__init__(**kwargs)
        self.jenis = JenisAngka(jenis)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        try:
            return baca_angka(value, self.jenis)
        except AngkaTidakValid as exc:
            raise forms.ValidationError(exc.pesan, code="angka") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_isian(value)
        return value


class TeksField(_MembawaAwal, forms.CharField):
    """A text cell (a note, a name, a predicate) that carries its loaded value."""

    widget = InputTeks


class PilihanField(_MembawaAwal, forms.ChoiceField):
    """A choice (a direction, a kind) that carries its loaded value."""


class TanggalField(_MembawaAwal, forms.DateField):
    """A date that carries its loaded value (a browser date input; 31-12-2024 typed by hand)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class CentangField(_MembawaAwal, forms.BooleanField):
    """A checkbox that carries its loaded value: an unticked box is absent from the POST, its
    hidden starting value is not, so `FormIsian.dikirim` still knows the box was on the page."""

    widget = InputCentang


@dataclass
class Konflik:
    """A cell someone else changed since the page was loaded."""

    medan: str
    label: str
    tersimpan: object  # the value stored now
    isian: object  # what this person typed


class FormIsian(forms.Form):
    """A row of an editor. Subclasses declare fields with ``show_hidden_initial=True``
    (AngkaField, TeksField do so); the service reads `ubahan()` and `konflik()`."""

    def tandai_galat(self, *nama):
        """Mark cells the service refused (a rule beyond reading the value): shown aria-invalid."""
        self.medan_galat = set(getattr(self, "medan_galat", ())) | set(nama)

    def awal(self, nama):
        """The value the field was loaded with, as posted back (None when not posted)."""
        field = self.fields[nama]
        teks = self._widget_data_value(field.hidden_widget(), self.add_initial_prefix(nama))
        if teks is None:
            return None
        try:
            return field.to_python(teks)
        except forms.ValidationError:
            return TIDAK_TERBACA

    def dikirim(self, nama):
        """Whether the field came back with the form (a client may post some fields only; an
        unticked checkbox is absent, its starting value is not)."""
        return self.add_prefix(nama) in self.data or self.add_initial_prefix(nama) in self.data

    def ubahan(self) -> dict:
        """{field: new value} of the fields the person changed (call after is_valid())."""
        return {n: self.cleaned_data.get(n) for n in self.changed_data if n in self.cleaned_data and self.dikirim(n)}

    def konflik(self, tersimpan: Mapping[str, object]) -> list[Konflik]:
        """Changed fields whose stored value moved since loading to something else than typed."""
        hasil = []
        for nama, baru in self.ubahan().items():
            if nama not in tersimpan:
                continue
            sekarang = tersimpan[nama]
            if putusan_sel(self.awal(nama), baru, sekarang) == KONFLIK:
                hasil.append(Konflik(nama, str(self.fields[nama].label or nama), sekarang, baru))
        return hasil

    def dengan_awal(self, tersimpan: Mapping[str, object]):
        """The same bound form, its starting values replaced by the stored ones (shown after a
        conflict: what the person typed stays, saving again overwrites deliberately)."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        for nama, nilai in tersimpan.items():
            if nama in self.fields:
                nilai = self.fields[nama].prepare_value(nilai)
                data[self.add_initial_prefix(nama)] = "" if nilai is None else str(nilai)
        baru = type(self)(data, self.files, prefix=self.prefix, initial=self.initial, **self.kwargs_tambahan())
        baru.full_clean()
        return baru

    def kwargs_tambahan(self):
        """Constructor arguments of a subclass beyond Form's own (to rebuild it)."""
        return {}


@dataclass
class BarisIsian:
    """One row of an editor with what a refused save has to say about it."""

    galat: list = field(default_factory=list)  # messages: cells that cannot be saved
    konflik: list = field(default_factory=list)  # sakip.isian.Konflik: cells changed by someone else
    peringatan: list = field(default_factory=list)  # implausible values awaiting a confirmation


@dataclass
class HasilIsian:
    """The outcome of an editor's save: `disimpan` rows written, or the reasons nothing was."""

    baris: list
    disimpan: int = 0
    pesan: list = field(default_factory=list)  # refusals of the whole save (a set PK, a frozen quarter)

    @property
    def konflik(self):
        return [b for b in self.baris if b.konflik]

    @property
    def galat(self):
        return [b for b in self.baris if b.galat]

    @property
    def perlu_yakin(self):
        return [b for b in self.baris if b.peringatan]

    @property
    def berhasil(self):
        return not self.pesan and not self.konflik and not self.galat and not self.perlu_yakin

    def tambah_pesan(self, pesan):
        if pesan and pesan not in self.pesan:
            self.pesan.append(pesan)


def pesan_validasi(exc):
    """The messages of a model's ValidationError, as a list for a row."""
    return [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "message_dict") else exc.messages


def galat_form(form, awalan=""):
    """The validation messages of a bound form, each named by its field's label."""
    return [
        f"{awalan}{form.fields[m].label}: {e}" if m in form.fields else f"{awalan}{e}"
        for m, es in form.errors.items()
        for e in es
    ]


def lengkapi_awal(form, tersimpan):
    """A refused row shown again: fields that were not posted (an input the page did not have,
    such as the upper bound of a direction just changed to a range) start from the stored value;
    what was posted stays as it was."""
    kosong = [n for n in form.fields if n in tersimpan and not form.dikirim(n)]
    if not kosong:
        return form
    data = form.data.copy()
    for nama in kosong:
        nilai = form.fields[nama].prepare_value(tersimpan[nama])
        teks = "" if nilai is None else str(nilai)
        if isinstance(form.fields[nama], forms.BooleanField):
            if tersimpan[nama]:
                data[form.add_prefix(nama)] = "on"
            teks = str(bool(tersimpan[nama]))
        else:
            data[form.add_prefix(nama)] = teks
        data[form.add_initial_prefix(nama)] = teks
    baru = type(form)(data, form.files, prefix=form.prefix, initial=form.initial, **form.kwargs_tambahan())
    baru.full_clean()
    return baru


TIDAK_BERUBAH = "Tidak ada yang berubah; tidak ada yang disimpan."


def sampaikan_tersimpan(request, ada_perubahan, pesan):
    """The message of an accepted save: `pesan` when something was written, else that nothing was."""
    if ada_perubahan:
        messages.success(request, pesan)
    else:
        messages.info(request, TIDAK_BERUBAH)


def sampaikan_hasil(request, hasil):
    """The messages (Bahasa Indonesia) of a refused save; the rows show the details."""
    for pesan in hasil.pesan:
        messages.error(request, f"{pesan} Tidak ada yang disimpan.")
    if hasil.konflik:
        messages.error(
            request,
            f"{len(hasil.konflik)} baris diubah orang lain sejak halaman dimuat; tidak ada yang disimpan. "
            "Periksa kedua nilai yang ditandai, lalu simpan lagi.",
        )
    if hasil.galat:
        messages.error(request, f"{len(hasil.galat)} baris berisi isian yang belum benar; tidak ada yang disimpan.")
    if hasil.perlu_yakin:
        messages.warning(
            request,
            f"{len(hasil.perlu_yakin)} baris berisi nilai tidak wajar; periksa, centang “Nilai ini benar” bila "
            "memang benar, lalu simpan lagi. Tidak ada yang disimpan.",
        )
