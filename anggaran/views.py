"""Budget pages: the budget of an office-year, Excel export, and the import with preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.capaian import Periode
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.models import OPD

from .excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from .forms import UnggahRealisasiAnggaranForm
from .models import ImporAnggaran, ItemAnggaran
from .ringkasan import ringkas_anggaran

PERIODE = ["TW1", "TW2", "TW3", "TW4"]


def _periode(request):
    periode = request.GET.get("periode", "TW4").upper()
    if periode not in PERIODE:
        raise Http404("Periode tidak dikenal.")
    return Periode(periode)


@login_required
def anggaran_opd(request, kode, tahun):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    periode = _periode(request)
    ada = ItemAnggaran.objects.filter(opd=opd, tahun=tahun).exists()
    context = {
        "opd": opd,
        "tahun": tahun,
        "periode": periode,
        "pilihan_periode": [Periode(p) for p in PERIODE],
        "ringkasan": ringkas_anggaran(opd, tahun, periode) if ada else None,
        "boleh_ubah": boleh(request.user, Aksi.UBAH, opd),
    }
    return render(request, "anggaran/anggaran_opd.html", context)


@login_required
def ekspor_anggaran(request, kode, tahun):
    opd = ambil_atau_404(OPD.objects.all(), request.user, kode=kode)
    periode = _periode(request)
    isi = ekspor_realisasi_anggaran(opd, tahun, periode.triwulan_akhir)
    response = HttpResponse(isi, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="realisasi-anggaran-{opd.kode}-{tahun}-{periode}.xlsx"'
    return response


@login_required
def impor_anggaran(request, kode, tahun):
    """Upload → dry run and preview (nothing written) → the user confirms on the next page."""
    opd = ambil_atau_404(OPD.objects.all(), request.user, Aksi.UBAH, kode=kode)
    form = UnggahRealisasiAnggaranForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        impor = ImporAnggaran.objects.create(
            opd=opd,
            tahun=tahun,
            berkas=berkas,
            nama_berkas=berkas.name[:200],
            jenis_pagu=form.cleaned_data["jenis_pagu"],
            triwulan=form.cleaned_data["triwulan"],
            diunggah_oleh=request.user,
        )
        return redirect("anggaran_impor_pratinjau", kode=opd.kode, tahun=tahun, pk=impor.pk)
    riwayat = ImporAnggaran.objects.filter(opd=opd, tahun=tahun).select_related("diunggah_oleh")[:10]
    return render(request, "anggaran/impor.html", {"opd": opd, "tahun": tahun, "form": form, "riwayat": riwayat})


def _impor_milik(request, kode, tahun, pk):
    return ambil_atau_404(
        ImporAnggaran.objects.select_related("opd"), request.user, Aksi.UBAH, pk=pk, opd__kode=kode, tahun=tahun
    )


def _jalankan(impor, percobaan):
    with impor.berkas.open("rb") as f:
        return impor_realisasi_anggaran(
            impor.opd, impor.tahun, f, jenis_pagu=impor.jenis_pagu, triwulan=impor.triwulan, percobaan=percobaan
        )


@login_required
def pratinjau_impor(request, kode, tahun, pk):
    impor = _impor_milik(request, kode, tahun, pk)
    hasil = _jalankan(impor, percobaan=True)
    return render(
        request, "anggaran/impor_pratinjau.html", {"opd": impor.opd, "tahun": tahun, "impor": impor, "hasil": hasil}
    )


@require_POST
@login_required
def terapkan_impor(request, kode, tahun, pk):
    impor = _impor_milik(request, kode, tahun, pk)
    if impor.status != ImporAnggaran.Status.PRATINJAU:
        messages.warning(request, "Berkas ini sudah diproses sebelumnya; unggah ulang bila perlu.")
        return redirect("anggaran_opd", kode=kode, tahun=tahun)
    hasil = _jalankan(impor, percobaan=False)
    if not hasil.berhasil:
        impor.status = ImporAnggaran.Status.GAGAL
        impor.save(update_fields=["status"])
        messages.error(
            request, "Impor ditolak: data berubah sejak pratinjau dan kini ada galat. Tidak ada yang disimpan."
        )
        return render(
            request, "anggaran/impor_pratinjau.html", {"opd": impor.opd, "tahun": tahun, "impor": impor, "hasil": hasil}
        )
    impor.status = ImporAnggaran.Status.DITERAPKAN
    impor.diterapkan_pada = timezone.now()
    impor.save(update_fields=["status", "diterapkan_pada"])
    messages.success(
        request,
        f"Impor diterapkan: {hasil.jumlah('baru')} baru, {hasil.jumlah('ubah')} diubah, {hasil.jumlah('tetap')} tetap.",
    )
    return redirect("anggaran_opd", kode=kode, tahun=tahun)
