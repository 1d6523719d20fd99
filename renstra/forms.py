"""The Renstra Perubahan form, shared by the Renstra page and the admin action. It only parses;
the rules (year inside the period, the reason, not twice) are renstra.layanan.periksa_perubahan."""

from django import forms
from django.utils import timezone

from .layanan import GalatPerubahan, buat_renstra_perubahan


class PerubahanRenstraForm(forms.Form):
    # Parsed by the service (its messages): a year outside the period is refused there, once.
    mulai = forms.CharField(label="Berlaku mulai tahun", required=False, widget=forms.Select)
    tanggal_penetapan = forms.DateField(
        label="Tanggal penetapan",
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Tanggal peraturan yang menetapkan perubahan; sebelum ditetapkan, perubahan belum dapat dibuat.",
    )
    dasar_hukum = forms.CharField(label="Dasar hukum", max_length=300, required=False)
    alasan = forms.CharField(label="Alasan perubahan (wajib)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, renstra, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tahun = list(renstra.tahun)
        self.fields["mulai"].widget.choices = [(str(t), str(t)) for t in tahun]
        hari_ini = timezone.localdate().year
        self.fields["mulai"].initial = str(min(max(hari_ini + 1, tahun[0]), tahun[-1]))
        self.fields["dasar_hukum"].widget.attrs["placeholder"] = renstra.dasar_hukum or "mis. Peraturan Bupati ..."

    def pesan_galat(self):
        return " ".join(f"{self.fields[m].label}: {e}" for m, es in self.errors.items() for e in es)


def jalankan_perubahan(renstra, form):
    """The Renstra page's and the admin's door to the service: (new Renstra, None) or (None, message)."""
    if not form.is_valid():
        return None, form.pesan_galat()
    d = form.cleaned_data
    try:
        baru = buat_renstra_perubahan(
            renstra,
            mulai=d["mulai"],
            alasan=d["alasan"],
            tanggal_penetapan=d["tanggal_penetapan"],
            dasar_hukum=d["dasar_hukum"],
        )
    except GalatPerubahan as exc:
        return None, str(exc)
    return baru, None


def pesan_berhasil(lama, baru):
    return (
        f"{baru} dibuat, berlaku mulai tahun {baru.berlaku_mulai}. {lama} tetap tersimpan sebagai riwayat "
        "dan tetap dipakai untuk tahun sebelumnya."
    )
