"""Budget pages: the budget of an office-year, Excel export, and the import with preview."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kinerja.capaian import Periode
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.impor import AlurImpor
from sakip.models import OPD

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
        with impor.berkas.open("rb") as f:
            return impor_realisasi_anggaran(
                impor.opd,
                impor.tahun,
                f,
                jenis_pagu=impor.opsi.get("jenis_pagu", "perubahan"),
                triwulan=impor.opsi.get("triwulan", 4),
                percobaan=percobaan,
            )

    def kembali(self, opd, tahun):
        return reverse("anggaran_opd", args=[opd.kode, tahun])


alur_impor = AlurImporAnggaran()
