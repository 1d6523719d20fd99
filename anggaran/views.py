"""Budget pages: the budget of an office-year, Excel export, and the import with preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.alur import GalatAlur
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.impor import AlurImpor
from sakip.isian import sampaikan_hasil, sampaikan_tersimpan
from sakip.models import OPD
from sakip.rumus import Periode

from .excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from .forms import UnggahRealisasiAnggaranForm
from .models import ItemAnggaran
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


class AlurImporAnggaran(AlurImpor):
    """Budget-realisation workbook: upload, preview row by row, confirm."""

    jenis = "anggaran"
    judul = "Impor realisasi anggaran"
    form_class = UnggahRealisasiAnggaranForm
    template_rincian = "anggaran/_rincian_impor.html"
    nama_url = "anggaran_impor"

    def opsi(self, form):
        return {"jenis_pagu": form.cleaned_data["jenis_pagu"], "triwulan": form.cleaned_data["triwulan"]}

    def jalankan(self, impor, percobaan):
        return impor_realisasi_anggaran(
            impor.opd,
            impor.tahun,
            impor.sumber(),
            jenis_pagu=impor.opsi.get("jenis_pagu", "perubahan"),
            triwulan=impor.opsi.get("triwulan", 4),
            percobaan=percobaan,
        )

    def kembali(self, opd, tahun):
        return reverse("anggaran_opd", args=[opd.kode, tahun])


alur_impor = AlurImporAnggaran()


def _triwulan(request):
    teks = request.GET.get("triwulan") or request.POST.get("triwulan") or "4"
    if teks not in {"1", "2", "3", "4"}:
        raise Http404("Triwulan tidak dikenal.")
    return int(teks)


@login_required
def realisasi_anggaran_grid(request, kode, tahun):
    """Cumulative spending per sub kegiatan for a quarter; totals roll up as typed."""

    from .entri import baris_grid, periksa_boleh_isi_anggaran, periode_triwulan, simpan_realisasi_anggaran

    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    triwulan = _triwulan(request)
    periode = periode_triwulan(triwulan)
    hasil = None
    if request.method == "POST":
        try:
            hasil = simpan_realisasi_anggaran(request.user, opd, tahun, triwulan, request.POST)
        except GalatAlur as exc:
            messages.error(request, str(exc))
            return redirect(f"{request.path}?triwulan={triwulan}")
        if hasil.berhasil:
            pesan = f"Realisasi anggaran s.d. {periode.label} tersimpan: {hasil.disimpan} baris berubah."
            sampaikan_tersimpan(request, hasil.disimpan, pesan)
            return redirect(f"{request.path}?triwulan={triwulan}")
        sampaikan_hasil(request, hasil)
    ringkasan, baris = (hasil.ringkasan, hasil.baris) if hasil else baris_grid(opd, tahun, triwulan)
    # The same rule as the save (a frozen quarter, the entry window): a closed quarter shows its
    # figures read-only instead of refusing only after Simpan.
    boleh_ubah, tertutup = boleh(request.user, Aksi.UBAH, opd), None
    if boleh_ubah:
        try:
            periksa_boleh_isi_anggaran(request.user, opd, tahun, triwulan)
        except GalatAlur as exc:
            boleh_ubah, tertutup = False, str(exc)
    if not boleh_ubah:
        for b in baris:
            if b.form is not None:
                b.form.fields["nilai"].disabled = True
    context = {
        "opd": opd,
        "tahun": tahun,
        "triwulan": triwulan,
        "periode": periode,
        "ringkasan": ringkasan,
        "baris": baris,
        "boleh_ubah": boleh_ubah,
        "tertutup": tertutup,
    }
    return render(request, "anggaran/realisasi_grid.html", context)


@login_required
@require_POST
def realisasi_anggaran_hitung(request, kode, tahun):
    """htmx: totals of program, kegiatan and office with the typed figures (out-of-band cells)."""
    from .entri import baris_grid, gulung_dengan_masukan, masukan

    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    ringkasan, baris = baris_grid(opd, tahun, _triwulan(request), request.POST)
    total, total_opd = gulung_dengan_masukan(ringkasan, masukan(baris))
    induk = [b.simpul for b in baris if not b.simpul.daun]
    daun = [b.simpul for b in baris if b.simpul.daun]  # each row's own serapan, as typed
    return render(
        request,
        "anggaran/_total_grid.html",
        {"induk": induk, "daun": daun, "total": total, "total_opd": total_opd, "ringkasan": ringkasan},
    )
