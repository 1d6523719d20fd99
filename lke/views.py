"""Screens of the SAKIP evaluation: the LKE of an office-year, its evidence, its path."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from sakip.akses import Aksi, ambil_atau_404
from sakip.berkas_aman import content_type
from sakip.formatting import format_angka
from sakip.isian import sampaikan_hasil, sampaikan_tersimpan
from sakip.models import OPD
from sakip.xlsx import Kolom, Tabel, buku, respons_xlsx

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


def _kolom_lke(lihat_penetapan):
    kolom = [
        Kolom("Kode", lebar=10),
        Kolom("Uraian", lebar=60),
        Kolom("Bobot", "angka", 2),
        Kolom("Usulan dari data", lebar=10),
        Kolom("Jawaban OPD", lebar=10),
        Kolom("Catatan OPD", lebar=30),
        Kolom("Nilai OPD", "angka", 2),
    ]
    if lihat_penetapan:
        kolom += [Kolom("Jawaban evaluator", lebar=10), Kolom("Catatan evaluator", lebar=30)]
        kolom += [Kolom("Nilai evaluator", "angka", 2)]
    return kolom


@login_required
def lke_xlsx(request, kode, tahun):
    """ "Unduh Excel" of the LKE: the rows and scores `susun_layar` gives the page; the evaluator's
    side only for whom the page shows it."""
    opd = _opd(request, kode)
    layar = susun_layar(request.user, opd, tahun, dengan_form=False)
    if layar is None:
        raise Http404("Belum ada LKE untuk tahun ini.")
    lihat = layar.lihat_penetapan
    isi = []

    def skor(objek, nilai):
        baris = [objek.kode, objek.nama, objek.bobot, "", "", "", nilai[0].nilai]
        return baris + (["", "", nilai[1].nilai if nilai[1] else None] if lihat else [])

    for k, nk, daftar_sub in layar.susunan:
        isi.append(skor(k, nk))
        for s, ns, daftar in daftar_sub:
            isi.append(skor(s, ns))
            for b in daftar:
                j, u = b.jawaban, b.usulan_otomatis
                baris = [
                    b.kriteria.kode,
                    b.kriteria.uraian,
                    None,
                    u.pilihan.kode if u and u.pilihan else "",
                    j.usulan.kode if j and j.usulan else "",
                    j.catatan_usulan if j else "",
                    None,
                ]
                if lihat:
                    baris += [j.penetapan.kode if j and j.penetapan else "", j.catatan_penetapan if j else "", None]
                isi.append(baris)
    ringkas = [f"Nilai OPD {_angka(layar.nilai_usulan)}"]
    if lihat and layar.nilai_penetapan:
        ringkas.append(f"nilai evaluator {_angka(layar.nilai_penetapan)}")
    judul = f"Evaluasi SAKIP (LKE) {tahun} · {opd.nama}"
    return respons_xlsx(
        buku([Tabel(judul, _kolom_lke(lihat), isi, "; ".join(ringkas), "LKE")]), f"lke-{opd.kode}-{tahun}.xlsx"
    )


def _angka(hasil):
    teks = format_angka(hasil.nilai, 2)
    return f"{teks} ({hasil.kode_predikat})" if hasil.predikat else teks


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
