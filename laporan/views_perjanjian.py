"""Download of the Perjanjian Kinerja document (laporan/perjanjian.py) as a PDF.

Rendered in the request: a PK is two pages, an office's set a few dozen, a second or two of
WeasyPrint, unlike the report, which goes to the PDF worker. A GET only reads.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from kinerja.models import PerjanjianKinerja
from sakip.akses import Aksi, ambil_atau_404
from sakip.models import OPD

from .perjanjian import TidakAdaPerjanjian, dokumen_opd, nama_berkas, pdf_dokumen, susun_dokumen


def _pdf(kumpulan):
    isi, _halaman = pdf_dokumen(kumpulan)
    response = HttpResponse(isi, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nama_berkas(kumpulan)}"'
    return response


@login_required
@require_GET
def pdf_perjanjian(request, kode, tahun, pk):
    """One PK version (any jabatan of the office), as the PK page shows it."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.BACA, kode=kode)
    perjanjian = ambil_atau_404(PerjanjianKinerja.objects.all(), request.user, Aksi.BACA, pk=pk, opd=opd, tahun=tahun)
    return _pdf(susun_dokumen(opd, tahun, [perjanjian]))


@login_required
@require_GET
def pdf_perjanjian_opd(request, kode, tahun):
    """Every PK of the office in force at the end of the year, the head first, then the cascade."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.BACA, kode=kode)
    try:
        return _pdf(dokumen_opd(opd, tahun))
    except TidakAdaPerjanjian as exc:
        raise Http404(str(exc)) from None
