"""The LHE of an office-year: the document (page and PDF) and the evaluator's editor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from sakip.akses import Aksi, ambil_atau_404
from sakip.isian import sampaikan_tersimpan
from sakip.models import OPD

from .alur import GalatAlur, boleh_penetapan, lihat_penetapan
from .entri_lhe import simpan_editor, susun_editor
from .lhe import nama_berkas, pdf_lhe, susun_lhe
from .models import EvaluasiLKE


def _evaluasi(request, kode, tahun):
    """The evaluation, for whoever may see its LHE: the evaluators always (a draft is marked),
    the office once it is final; anyone else 404."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.BACA, kode=kode)
    evaluasi = EvaluasiLKE.objects.filter(opd=opd, tahun=tahun).select_related("lembar", "penanda_tangan").first()
    if evaluasi is None:
        raise Http404(f"Evaluasi LKE {tahun} {opd} belum dimulai.")
    evaluasi.opd = opd
    if not lihat_penetapan(request.user, opd, evaluasi):
        raise Http404("LHE tersedia bagi OPD setelah evaluasi final.")
    return opd, evaluasi


@login_required
def lhe(request, kode, tahun):
    opd, evaluasi = _evaluasi(request, kode, tahun)
    boleh_ubah = boleh_penetapan(request.user, opd) and not evaluasi.final
    editor = None
    if request.method == "POST":
        if not boleh_ubah:
            messages.error(request, "LHE ini tidak dapat diubah (evaluasi final atau bukan evaluator).")
            return redirect(request.path)
        try:
            hasil = simpan_editor(request.user, evaluasi, request.POST)
        except GalatAlur as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        if hasil.berhasil:
            sampaikan_tersimpan(request, hasil.disimpan, f"LHE tersimpan ({hasil.disimpan} isian).")
            return redirect(request.path)
        for p in hasil.pesan:
            messages.error(request, f"{p} Tidak ada yang disimpan.")
        editor = hasil.editor
    elif boleh_ubah:
        editor = susun_editor(evaluasi)
    context = {"opd": opd, "tahun": tahun, "evaluasi": evaluasi, "dok": susun_lhe(evaluasi), "editor": editor}
    return render(request, "lke/lhe.html", context)


@login_required
@require_GET
def lhe_pdf(request, kode, tahun):
    _opd, evaluasi = _evaluasi(request, kode, tahun)
    dok = susun_lhe(evaluasi)
    isi, _halaman = pdf_lhe(dok)
    response = HttpResponse(isi, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nama_berkas(dok)}"'
    return response
