"""The register of evaluation recommendations of an office (laporan/rekomendasi.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from sakip.akses import Aksi, ambil_atau_404
from sakip.berkas_aman import content_type
from sakip.isian import sampaikan_hasil, sampaikan_tersimpan
from sakip.models import OPD

from .models import RekomendasiEvaluasi
from .rekomendasi import (
    FormBaru,
    GalatRekomendasi,
    boleh_catat,
    boleh_tindak_lanjut,
    hapus_rekomendasi,
    simpan_register,
    susun_register,
    tambah_rekomendasi,
)


def _opd(request, kode):
    return ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.BACA, kode=kode)


def _render(request, opd, baris, baru=None, status=200):
    context = {
        "opd": opd,
        "baris": baris,
        "baru": baru or FormBaru(),
        "boleh_tindak_lanjut": boleh_tindak_lanjut(request.user, opd),
        "boleh_catat": boleh_catat(request.user, opd),
        "bisa_simpan": any(b.tindak_lanjut or b.teks for b in baris),
    }
    return render(request, "laporan/rekomendasi.html", context, status=status)


@login_required
def register(request, kode):
    """Every recommendation of the office's evaluations with its follow-up, saved at once."""
    opd = _opd(request, kode)
    if request.method == "POST":
        try:
            hasil = simpan_register(request.user, opd, request.POST, request.FILES)
        except GalatRekomendasi as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        if hasil.berhasil:
            sampaikan_tersimpan(request, hasil.disimpan, f"Tersimpan: {hasil.disimpan} rekomendasi diperbarui.")
            return redirect(request.path)
        sampaikan_hasil(request, hasil)
        if request.FILES:
            messages.warning(request, "Berkas bukti yang dipilih belum tersimpan; pilih ulang sebelum menyimpan.")
        return _render(request, opd, hasil.baris)
    return _render(request, opd, susun_register(request.user, opd))


@login_required
@require_POST
def tambah(request, kode):
    opd = _opd(request, kode)
    try:
        form = tambah_rekomendasi(request.user, opd, request.POST)
    except GalatRekomendasi as exc:
        messages.error(request, str(exc))
        return redirect(reverse("rekomendasi", args=[opd.kode]))
    if form.errors:
        messages.error(request, "Rekomendasi belum tercatat: periksa isiannya.")
        return _render(request, opd, susun_register(request.user, opd), baru=form)
    messages.success(request, "Rekomendasi tercatat.")
    return redirect(reverse("rekomendasi", args=[opd.kode]))


@login_required
@require_POST
def hapus(request, kode, pk):
    opd = _opd(request, kode)
    r = ambil_atau_404(RekomendasiEvaluasi.objects.select_related("opd"), request.user, Aksi.BACA, pk=pk, opd=opd)
    try:
        hapus_rekomendasi(request.user, r)
    except GalatRekomendasi as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Rekomendasi dihapus (tetap tercatat di riwayat).")
    return redirect(reverse("rekomendasi", args=[opd.kode]))


@login_required
@require_GET
def bukti(request, kode, pk):
    """A follow-up's evidence file, for whoever may read the office (anyone else: 404)."""
    r = ambil_atau_404(RekomendasiEvaluasi.objects.all(), request.user, pk=pk, opd__kode=kode)
    if not r.bukti_berkas:
        raise Http404("Rekomendasi ini tidak memiliki berkas bukti.")
    try:
        berkas = r.bukti_berkas.open("rb")
    except OSError as exc:
        raise Http404("Berkas bukti tidak ditemukan di penyimpanan.") from exc
    response = FileResponse(
        berkas, as_attachment=True, filename=r.nama_berkas, content_type=content_type(r.nama_berkas)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
