from django import forms

from .models import GambarNarasi, Laporan


class NarasiForm(forms.Form):
    isi = forms.CharField(
        label="Isi narasi",
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Pisahkan paragraf dengan satu baris kosong.",
    )


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
