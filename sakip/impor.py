"""One upload flow for every import: upload → dry run and preview → confirm, all-or-nothing.

A flow (`AlurImpor` subclass) says what form it asks, how it runs the file (`jalankan`) and
where the user goes back to. Views come from `AlurImpor.urls()`; access is the office's UBAH.
Preview and apply run as the signed-in user (`jalankan_oleh`): what a door allows may depend on
who imports (only the pimpinan sets a PK, only the admin pemda changes the Pemda's data).

An uploaded workbook is checked and read once, at upload (`validasi_xlsx`, `sakip.xlsx_aman`):
a file refused there is not stored at all, and the rows read are kept with the upload
(`BerkasImpor.isi`), which the preview and the confirmation run on without parsing the file again.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from .akses import Aksi, ambil_atau_404
from .models import OPD, BerkasImpor
from .xlsx_aman import baca_xlsx


def validasi_xlsx(berkas):
    """An uploaded workbook: named .xlsx, and a sound, bounded .xlsx by content (sakip.xlsx_aman;
    the limits are settings). Returns the workbook read (a `Buku`); raises ValidationError with a
    message for the user."""
    if not berkas.name.lower().endswith(".xlsx"):
        raise forms.ValidationError("Berkas harus berformat Excel .xlsx (simpan ulang dari Excel bila .xls).")
    return baca_xlsx(berkas)


class FormUnggahXlsx(forms.Form):
    """An upload form whose `berkas` is a workbook: read once when the form is cleaned (`buku`)."""

    buku = None

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        self.buku = validasi_xlsx(berkas)
        return berkas


class AlurImpor:
    jenis = ""  # BerkasImpor.jenis
    judul = ""
    form_class = None
    template_rincian = ""  # partial rendering the result's details
    nama_url = ""  # url name prefix

    def opsi(self, form):
        """Options stored with the upload (from the form's cleaned data)."""
        return {}

    def jalankan(self, impor, percobaan):  # pragma: no cover - abstract
        raise NotImplementedError

    def jalankan_oleh(self, impor, percobaan, user):
        """Run the file as `user`; a flow whose rules depend on the user overrides this."""
        return self.jalankan(impor, percobaan)

    def kembali(self, opd, tahun):
        return opd.get_absolute_url()

    # --- views -------------------------------------------------------------------------

    def unggah(self, request, kode, tahun):
        opd = ambil_atau_404(OPD.objects.all(), request.user, Aksi.UBAH, kode=kode)
        form = self.form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            berkas = form.cleaned_data["berkas"]
            impor = BerkasImpor.objects.create(
                opd=opd,
                tahun=tahun,
                jenis=self.jenis,
                berkas=berkas,
                nama_berkas=berkas.name[:200],
                opsi=self.opsi(form),
                isi=form.buku.ke_json() if getattr(form, "buku", None) is not None else None,
                diunggah_oleh=request.user,
            )
            return redirect(f"{self.nama_url}_pratinjau", kode=opd.kode, tahun=tahun, pk=impor.pk)
        riwayat = BerkasImpor.objects.filter(opd=opd, tahun=tahun, jenis=self.jenis).select_related("diunggah_oleh")
        context = {
            "opd": opd,
            "tahun": tahun,
            "form": form,
            "riwayat": riwayat[:10],
            "alur": self,
            "kembali": self.kembali(opd, tahun),
        }
        return render(request, "sakip/impor.html", context)

    def _milik(self, request, kode, tahun, pk):
        return ambil_atau_404(
            BerkasImpor.objects.select_related("opd", "opd__pemda"),
            request.user,
            Aksi.UBAH,
            pk=pk,
            opd__kode=kode,
            tahun=tahun,
            jenis=self.jenis,
        )

    def _tampil(self, request, impor, hasil):
        context = {
            "opd": impor.opd,
            "tahun": impor.tahun,
            "impor": impor,
            "hasil": hasil,
            "alur": self,
            "kembali": self.kembali(impor.opd, impor.tahun),
        }
        return render(request, "sakip/impor_pratinjau.html", context)

    def pratinjau(self, request, kode, tahun, pk):
        impor = self._milik(request, kode, tahun, pk)
        return self._tampil(request, impor, self.jalankan_oleh(impor, percobaan=True, user=request.user))

    def terapkan(self, request, kode, tahun, pk):
        impor = self._milik(request, kode, tahun, pk)
        if impor.status != BerkasImpor.Status.PRATINJAU:
            messages.warning(request, "Berkas ini sudah diproses sebelumnya; unggah ulang bila perlu.")
            return redirect(self.kembali(impor.opd, tahun))
        hasil = self.jalankan_oleh(impor, percobaan=False, user=request.user)
        if not hasil.berhasil:
            impor.status = BerkasImpor.Status.GAGAL
            impor.save(update_fields=["status"])
            messages.error(
                request, "Impor ditolak: data berubah sejak pratinjau dan kini ada galat. Tidak ada yang disimpan."
            )
            return self._tampil(request, impor, hasil)
        impor.status = BerkasImpor.Status.DITERAPKAN
        impor.diterapkan_pada = timezone.now()
        impor.save(update_fields=["status", "diterapkan_pada"])
        messages.success(request, f"Impor diterapkan: {hasil.ringkasan_teks}.")
        return redirect(self.kembali(impor.opd, tahun))

    def urls(self, awalan):
        """URL patterns under `awalan` (e.g. "opd/<slug:kode>/anggaran/<tahun:tahun>/impor/")."""
        return [
            path(awalan, login_required(self.unggah), name=self.nama_url),
            path(f"{awalan}<int:pk>/", login_required(self.pratinjau), name=f"{self.nama_url}_pratinjau"),
            path(
                f"{awalan}<int:pk>/terapkan/",
                require_POST(login_required(self.terapkan)),
                name=f"{self.nama_url}_terapkan",
            ),
        ]
