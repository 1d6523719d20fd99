"""What the editors share beyond `sakip.isian`: two more field kinds, a row, and a save's result.

Every editor (PK, rencana aksi, Renstra, budget realisation) saves the same way: the rows'
forms are validated, then inside one transaction under the office lock the stored rows are read
again, each changed cell is compared with what is stored now (`FormIsian.konflik`), and only
changed cells are written. A save that refuses anything writes nothing and returns the rows
with their messages, to be shown again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from .isian import sama


class PilihanField(forms.ChoiceField):
    """A choice (a direction, a kind) that carries its loaded value."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("show_hidden_initial", True)
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        return not sama(self.to_python(initial), self.to_python(data))


class CentangField(forms.BooleanField):
    """A checkbox that carries its loaded value: an unticked box is absent from the POST, its
    hidden starting value is not, so `FormIsian.dikirim` still knows the box was on the page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("show_hidden_initial", True)
        super().__init__(**kwargs)


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


def sampaikan_hasil(request, hasil):
    """The messages (Bahasa Indonesia) of a refused save; the rows show the details."""
    from django.contrib import messages

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
