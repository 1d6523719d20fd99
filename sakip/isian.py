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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.http import QueryDict

from .angka import AngkaTidakValid, JenisAngka, baca_angka
from .formatting import format_isian

#: The posted starting value could not be read (a tampered page): any stored value conflicts.
TIDAK_TERBACA = object()


def sama(a, b) -> bool:
    """Equal as stored values: blank equals None, numbers by value (70,3 = 70,30), text stripped,
    records by primary key."""
    if a is TIDAK_TERBACA or b is TIDAK_TERBACA:
        return False
    a = None if isinstance(a, str) and not a.strip() else a
    b = None if isinstance(b, str) and not b.strip() else b
    if a is None or b is None:
        return a is None and b is None
    if hasattr(a, "_meta") or hasattr(b, "_meta"):
        return getattr(a, "pk", a) == getattr(b, "pk", b)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a == b


class AngkaField(forms.Field):
    """A number typed the Indonesian way, read by the rule of its field's kind (sakip.angka)."""

    widget = forms.TextInput

    def __init__(self, *, jenis=JenisAngka.UKURAN, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("show_hidden_initial", True)
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

    def has_changed(self, initial, data):
        try:
            return not sama(self.to_python(initial), self.to_python(data))
        except forms.ValidationError:
            return True


class TeksField(forms.CharField):
    """A text cell (a note, a name, a predicate) that carries its loaded value."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("show_hidden_initial", True)
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        return not sama(self.to_python(initial), self.to_python(data))


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
            if not sama(sekarang, self.awal(nama)) and not sama(sekarang, baru):
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
