"""Screens of the SAKIP evaluation: the LKE of an office-year, its evidence, its path."""

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

from .alur import GalatAlur, jalankan_transisi, transisi_tersedia
from .entri import hapus_bukti, simpan_layar, susun_layar, terapkan_usulan
from .models import BuktiLKE, RiwayatEvaluasi


def _opd(request, kode):
    return ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.BACA, kode=kode)


def _konteks(request, layar):
    evaluasi = layar.evaluasi
    return {
        "opd": layar.opd,
        "tahun": layar.tahun,
        "layar": layar,
        "evaluasi": evaluasi,
        "transisi": transisi_tersedia(request.user, layar.opd, evaluasi),
        "riwayat": RiwayatEvaluasi.objects.filter(evaluasi=evaluasi).select_related("oleh") if evaluasi else [],
        "boleh_usulan": "usulan" in layar.sisi,
        "boleh_penetapan": "penetapan" in layar.sisi,
        "ada_usulan_otomatis": any(b.usulan_otomatis and b.usulan_otomatis.pilihan for b in layar.baris.values()),
    }


def _tanpa_lke(request, opd, tahun):
    return render(request, "lke/tanpa_lke.html", {"opd": opd, "tahun": tahun})


@login_required
def lke(request, kode, tahun):
    """The LKE of an office-year: every criterion with the proposal from the data, the office's and
    the evaluator's answers; saved all at once (only the cells changed)."""
    opd = _opd(request, kode)
    if request.method == "POST":
        try:
            hasil = simpan_layar(request.user, opd, tahun, request.POST, request.FILES)
        except GalatAlur as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        if hasil.berhasil:
            bukti = f", {hasil.bukti} bukti ditambahkan" if hasil.bukti else ""
            sampaikan_tersimpan(request, hasil.disimpan or hasil.bukti, f"Tersimpan: {hasil.disimpan} jawaban{bukti}.")
            return redirect(request.path)
        sampaikan_hasil(request, hasil)
        if request.FILES:
            messages.warning(request, "Berkas bukti yang dipilih belum tersimpan; pilih ulang sebelum menyimpan.")
        return render(request, "lke/lke.html", _konteks(request, hasil.layar))
    layar = susun_layar(request.user, opd, tahun)
    if layar is None:
        return _tanpa_lke(request, opd, tahun)
    return render(request, "lke/lke.html", _konteks(request, layar))


@login_required
@require_POST
def aksi(request, kode, tahun):
    """The evaluation's path (ajukan, kembalikan, tetapkan, buka) and adopting the proposals."""
    opd = _opd(request, kode)
    nama = request.POST.get("aksi", "")
    try:
        if nama == "usulan_otomatis":
            jumlah = terapkan_usulan(request.user, opd, tahun)
            messages.success(request, f"{jumlah} jawaban OPD diisi dari usulan data SAKIP.")
        else:
            evaluasi = jalankan_transisi(
                request.user,
                opd,
                tahun,
                nama,
                request.POST.get("catatan", ""),
                yakin_logis=bool(request.POST.get("yakin_logis")),
            )
            messages.success(request, f"Status evaluasi LKE {tahun}: {evaluasi.get_status_display()}.")
    except GalatAlur as exc:
        messages.error(request, str(exc))
    return redirect(reverse("lke", args=[opd.kode, tahun]))


@login_required
@require_GET
def bukti(request, kode, pk):
    """An evidence file of an answer, for whoever may read the office (anyone else: 404)."""
    objek = ambil_atau_404(
        BuktiLKE.objects.select_related("jawaban__evaluasi"), request.user, pk=pk, jawaban__evaluasi__opd__kode=kode
    )
    if not objek.berkas:
        raise Http404("Bukti ini berupa tautan, bukan berkas.")
    try:
        berkas = objek.berkas.open("rb")
    except OSError as exc:
        raise Http404("Berkas bukti tidak ditemukan di penyimpanan.") from exc
    response = FileResponse(
        berkas, as_attachment=True, filename=objek.nama_berkas, content_type=content_type(objek.nama_berkas)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def bukti_hapus(request, kode, pk):
    """Remove one evidence of the office's side (the office's people only: anyone else 404)."""
    opd = _opd(request, kode)
    objek = ambil_atau_404(
        BuktiLKE.objects.select_related("jawaban__evaluasi__opd"),
        request.user,
        Aksi.BACA,
        pk=pk,
        jawaban__evaluasi__opd=opd,
    )
    try:
        hapus_bukti(request.user, objek)
    except GalatAlur as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Bukti {objek} dihapus (tetap tercatat di riwayat).")
    return redirect(reverse("lke", args=[opd.kode, objek.jawaban.evaluasi.tahun]))
