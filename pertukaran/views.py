"""The office-year workbook in the browser: download, empty template, upload with preview."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kinerja.models import PerjanjianKinerja
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.impor import AlurImpor, FormUnggahXlsx
from sakip.models import OPD
from sakip.tahun import tahun_dari_query

from .workbook import ekspor_workbook, impor_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnggahWorkbookForm(FormUnggahXlsx):
    berkas = forms.FileField(
        label="Workbook SAKIP (.xlsx)", help_text="Berkas hasil unduhan aplikasi, atau templat kosong yang sudah diisi."
    )


class AlurImporWorkbook(AlurImpor):
    jenis = "workbook"
    judul = "Impor workbook"
    form_class = UnggahWorkbookForm
    template_rincian = "sakip/_rincian_workbook.html"
    nama_url = "workbook_impor"

    def jalankan(self, impor, percobaan, user=None):
        # An office's own upload: its Pemda and methodology stay as the admin set them.
        return impor_workbook(impor.sumber(), percobaan=percobaan, opd_tetap=impor.opd, tahun=impor.tahun, user=user)

    def jalankan_oleh(self, impor, percobaan, user):
        return self.jalankan(impor, percobaan, user=user)

    def kembali(self, opd, tahun):
        return reverse("workbook_opd", args=[opd.kode]) + f"?tahun={tahun}"


alur_impor = AlurImporWorkbook()


@login_required
def workbook_opd(request, kode):

    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    tahun_ada = sorted(set(PerjanjianKinerja.objects.filter(opd=opd).values_list("tahun", flat=True)), reverse=True)
    tahun = tahun_dari_query(request, tahun_ada[0] if tahun_ada else timezone.localdate().year)
    context = {"opd": opd, "tahun": tahun, "tahun_ada": tahun_ada, "boleh_ubah": boleh(request.user, Aksi.UBAH, opd)}
    return render(request, "sakip/workbook.html", context)


@login_required
def workbook_unduh(request, kode, tahun):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    response = HttpResponse(ekspor_workbook(opd, tahun), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="workbook-sakip-{opd.kode}-{tahun}.xlsx"'
    return response


@login_required
def workbook_templat(request):
    response = HttpResponse(ekspor_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-workbook-sakip.xlsx"'
    return response
