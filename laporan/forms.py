import hashlib

from django import forms

from .models import GambarNarasi, Laporan


def normal_teks(teks):
    """A narrative as compared and stored: line breaks as \n (a browser posts \r\n), no outer spaces."""
    return (teks or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def sidik_teks(teks):
    """The fingerprint of a narrative's text (SHA-256 of the normalised text)."""
    return hashlib.sha256(normal_teks(teks).encode()).hexdigest()


class NarasiForm(forms.Form):
    """A narrative's text and the fingerprint of the text it was loaded with.

    The starting value travels as a hash, not as a hidden copy: a narrative runs to pages (Bab I,
    the causes of every indicator), a copy would double every save and the page, and the
    fingerprint tells just as exactly whether the text was changed and whether the stored one
    moved since loading; the conflict screen shows the stored text from the database.
    """

    isi = forms.CharField(
        label="Isi narasi",
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Pisahkan paragraf dengan satu baris kosong.",
    )
    sidik_awal = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, awal="", **kwargs):
        kwargs.setdefault("initial", {"isi": awal, "sidik_awal": sidik_teks(awal)})
        super().__init__(*args, **kwargs)

    def dengan_awal(self, tersimpan):
        """The same bound form starting from the stored text: what was typed stays, saving again
        overwrites deliberately."""
        data = self.data.copy()
        data["sidik_awal"] = sidik_teks(tersimpan)
        baru = NarasiForm(data, initial=self.initial)
        baru.full_clean()
        return baru


class GambarForm(forms.ModelForm):
    class Meta:
        model = GambarNarasi
        fields = ["berkas", "keterangan"]
        labels = {"berkas": "Tambah gambar (struktur organisasi, foto)", "keterangan": "Keterangan gambar"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for medan in self.fields.values():
            medan.required = False

    def clean(self):
        data = super().clean()
        if data.get("berkas") and not data.get("keterangan"):
            self.add_error("keterangan", "Tulis keterangan gambar; keterangan dicetak di bawah gambar.")
        return data


class TanggalForm(forms.ModelForm):
    class Meta:
        model = Laporan
        fields = ["tanggal"]
        widgets = {"tanggal": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
