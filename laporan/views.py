"""Report pages: the LKjIP in the browser, narrative editing, the signing date, PDF jobs, the Word file."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from kinerja.models import PerjanjianKinerja
from kinerja.pengukuran import PengukuranTidakTersedia, pk_kepala
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.hari_kerja import nama_libur
from sakip.isian import sampaikan_tersimpan
from sakip.models import OPD
from sakip.perubahan import umumkan
from sakip.rumus import Periode

from .bab import cari_narasi, label_singkat, susun_laporan
from .cetak import antrekan_pdf, nama_berkas, sidik, versi_cetak
from .docx import MIME_DOCX, docx_laporan, nama_berkas_docx
from .forms import GambarForm, NarasiForm, TanggalForm
from .models import PERIODE_LAPORAN, Bagian, BerkasPDF, GambarNarasi, Laporan, Narasi
from .narasi import simpan_narasi
from .templatetags.laporan_tags import satuan_utuh

SLUG_PERIODE = {"tahunan" if p is Periode.TAHUN else p.value.lower(): p for p in PERIODE_LAPORAN}
PILIHAN = [(slug, "Tahunan" if p is Periode.TAHUN else label_singkat(p)) for slug, p in SLUG_PERIODE.items()]


def slug_periode(periode):
    return next(slug for slug, p in SLUG_PERIODE.items() if p == periode)


def _periode(slug):
    if slug not in SLUG_PERIODE:
        raise Http404("Periode laporan tidak dikenal.")
    return SLUG_PERIODE[slug]


def _opd(request, kode, aksi=Aksi.BACA):
    return ambil_atau_404(OPD.objects.select_related("pemda"), request.user, aksi, kode=kode)


def _url_laporan(opd, tahun, periode):
    return reverse("laporan", args=[opd.kode, tahun, slug_periode(periode)])


def _susun(opd, tahun, periode):
    try:
        return susun_laporan(opd, tahun, periode)
    except PengukuranTidakTersedia as exc:
        raise Http404(str(exc)) from None


@login_required
def indeks(request, kode):
    """The reports an office can produce: one per year with a head-of-office PK, and its quarters."""
    opd = _opd(request, kode)
    tahun = (
        PerjanjianKinerja.objects.filter(opd=opd, jabatan__induk__isnull=True)
        .values_list("tahun", flat=True)
        .distinct()
        .order_by("-tahun")
    )
    return render(request, "laporan/indeks.html", {"opd": opd, "daftar_tahun": tahun, "pilihan": PILIHAN})


@functools.cache
def _versi_templat():
    """The report templates' version (laporan.cetak.versi_cetak), read once per process: templates
    change with a deploy, which restarts the process."""
    return versi_cetak()


def dokumen_layar(data, sidik_data, boleh_ubah, periode_url):
    """The report body as the report page shows it (`_dokumen.html`, numbers kept with their units).

    It depends on nothing but the report data, whose fingerprint `sidik_data` is (the same rule that
    lets a PDF of the same fingerprint be reused, laporan.cetak), the templates, and whether the
    reader may edit the narratives. So it is rendered once per data version and kept in the
    "laporan" cache (issue #22: the render was a third to a half of the page's time, and the page
    the most expensive one of the load test); a data change makes a new fingerprint, hence a new key.
    """
    kunci = f"laporan-layar:{sidik_data}:{_versi_templat()}:{int(bool(boleh_ubah))}:{periode_url}"
    cache = caches["laporan"]
    html = cache.get(kunci)
    if html is None:
        konteks = {"lap": data, "cetak": False, "boleh_ubah": boleh_ubah, "periode_url": periode_url}
        html = str(satuan_utuh(render_to_string("laporan/_dokumen.html", konteks)))
        cache.set(kunci, html)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine (escaped), or that text from the cache


@login_required
def laporan(request, kode, tahun, periode):
    opd = _opd(request, kode)
    periode = _periode(periode)
    data = _susun(opd, tahun, periode)
    sidik_data = sidik(data)
    objek = Laporan.objects.filter(opd=opd, tahun=tahun, periode=periode.value).first()
    daftar_pdf = list(objek.pdf_set.filter(otomatis=False).select_related("diminta_oleh")[:5]) if objek else []
    for tugas in daftar_pdf:
        tugas.usang = tugas.kedaluwarsa(sidik_data)
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    context = {
        "opd": opd,
        "lap": data,
        "sidik": sidik_data,
        "dokumen": dokumen_layar(data, sidik_data, boleh_ubah, slug_periode(periode)),
        "daftar_pdf": daftar_pdf,
        "boleh_ubah": boleh_ubah,
        "periode_url": slug_periode(periode),
        "pilihan": PILIHAN,
        "libur_tanggal": nama_libur(data.tanggal),
        "form_tanggal": TanggalForm(instance=objek) if boleh_ubah else None,
    }
    return render(request, "laporan/laporan.html", context)


@login_required
def narasi(request, kode, tahun, periode, bagian, indikator=None):
    """Edit one narrative section (operators of the office): text, images, and its history."""
    opd = _opd(request, kode, Aksi.UBAH)
    periode = _periode(periode)
    if bagian not in Bagian.values:
        raise Http404("Bagian narasi tidak dikenal.")
    data = _susun(opd, tahun, periode)
    sekarang = cari_narasi(data, bagian, indikator)
    if sekarang is None:
        raise Http404("Bagian narasi tidak ada di laporan ini.")
    form = NarasiForm(request.POST or None, awal=sekarang.isi)
    form_gambar = GambarForm(request.POST or None, request.FILES or None)
    konflik = None
    if request.method == "POST" and form.is_valid() and form_gambar.is_valid():
        gambar = form_gambar.save(commit=False) if form_gambar.cleaned_data.get("berkas") else None
        hasil = simpan_narasi(
            request.user,
            opd,
            tahun,
            periode.value,
            bagian,
            indikator,
            form.cleaned_data["isi"],
            form.cleaned_data["sidik_awal"],
            gambar,
        )
        if hasil.konflik is None:
            sampaikan_tersimpan(request, hasil.disimpan or hasil.gambar, f"Narasi “{sekarang.judul}” disimpan.")
            return redirect(request.path)
        konflik = hasil.konflik
        form = form.dengan_awal(konflik.isi)
        messages.error(
            request,
            "Narasi ini diubah orang lain sejak halaman dimuat; tidak ada yang disimpan. Bandingkan kedua teks, "
            "lalu simpan lagi untuk memakai isian Anda." + (" Pilih ulang gambarnya." if gambar else ""),
        )
    objek = Narasi.objects.filter(
        laporan__opd=opd, laporan__tahun=tahun, laporan__periode=periode.value, bagian=bagian, indikator_id=indikator
    ).first()
    context = {
        "opd": opd,
        "lap": data,
        "narasi": sekarang,
        "gambar": objek.gambar_set.all() if objek else [],
        "riwayat": objek.history.select_related("history_user")[:20] if objek else [],
        "form": form,
        "form_gambar": form_gambar,
        "konflik": konflik,
        "isian_anda": form.data.get("isi", "") if konflik else "",
        "kembali": _url_laporan(opd, tahun, periode),
        "indikator": next((i for i in data.semua_indikator if i.id == indikator), None),
    }
    return render(request, "laporan/narasi.html", context)


@login_required
@require_POST
def tanggal(request, kode, tahun, periode):
    """Set the signing date; signatories are those in office on that date."""
    opd = _opd(request, kode, Aksi.UBAH)
    periode = _periode(periode)
    if pk_kepala(opd, tahun) is None:
        raise Http404("Belum ada Perjanjian Kinerja untuk tahun ini.")
    objek, _ = Laporan.objects.get_or_create(opd=opd, tahun=tahun, periode=periode.value)
    form = TanggalForm(request.POST, instance=objek)
    if form.is_valid():
        form.save()
        umumkan(opd.pk, tahun)  # the signatures printed change
        messages.success(request, "Tanggal penandatanganan disimpan.")
    else:
        messages.error(request, "Tanggal tidak sah.")
    return redirect(_url_laporan(opd, tahun, periode))


@login_required
@require_POST
def minta_pdf(request, kode, tahun, periode):
    """Queue a PDF of the report for the worker (one at a time per report)."""
    opd = _opd(request, kode)
    periode = _periode(periode)
    if pk_kepala(opd, tahun) is None:
        raise Http404("Belum ada Perjanjian Kinerja untuk tahun ini.")
    objek, _ = Laporan.objects.get_or_create(opd=opd, tahun=tahun, periode=periode.value)
    # The report data (0.2-1 s) only when a finished PDF of today's templates could be the answer.
    selesai = objek.pdf_set.filter(status=BerkasPDF.Status.SELESAI, sidik_cetak=versi_cetak()).exists()
    antrekan_pdf(objek, request.user, _susun(opd, tahun, periode) if selesai else None)
    if request.headers.get("HX-Request"):
        daftar = list(objek.pdf_set.filter(otomatis=False).select_related("diminta_oleh")[:5])
        return render(request, "laporan/_pdf_daftar.html", {"daftar_pdf": daftar, "opd": opd})
    return redirect(_url_laporan(opd, tahun, periode) + "#pdf")


def _tugas(request, kode, pk):
    return ambil_atau_404(
        BerkasPDF.objects.select_related("laporan__opd__pemda", "diminta_oleh"),
        request.user,
        pk=pk,
        laporan__opd__kode=kode,
    )


@login_required
def status_pdf(request, kode, pk):
    """One job's row, polled by htmx every 2 s while the worker builds the PDF."""
    tugas = _tugas(request, kode, pk)
    if tugas.status == BerkasPDF.Status.SELESAI:
        lap = tugas.laporan
        tugas.usang = tugas.kedaluwarsa(sidik(_susun(lap.opd, lap.tahun, lap.periode)))
    return render(request, "laporan/_pdf_baris.html", {"t": tugas, "opd": tugas.laporan.opd})


@login_required
def unduh_pdf(request, kode, pk):
    tugas = _tugas(request, kode, pk)
    if tugas.status != BerkasPDF.Status.SELESAI:
        raise Http404("PDF belum selesai dibuat.")
    return FileResponse(tugas.berkas.open("rb"), as_attachment=True, filename=nama_berkas(tugas.laporan))


@login_required
def unduh_docx(request, kode, tahun, periode):
    """The report as a Word document, built on request (1-3 s of CPU for the demo: docs/performance.md)."""
    opd = _opd(request, kode)
    periode = _periode(periode)
    data = _susun(opd, tahun, periode)
    respons = HttpResponse(docx_laporan(data), content_type=MIME_DOCX)
    nama = nama_berkas_docx(Laporan(opd=opd, tahun=tahun, periode=periode.value))
    respons["Content-Disposition"] = f'attachment; filename="{nama}"'
    return respons


@login_required
def gambar(request, kode, pk):
    objek = ambil_atau_404(GambarNarasi.objects.all(), request.user, pk=pk, narasi__laporan__opd__kode=kode)
    return FileResponse(objek.berkas.open("rb"))


@login_required
@require_POST
def hapus_gambar(request, kode, pk):
    objek = ambil_atau_404(
        GambarNarasi.objects.select_related("narasi__laporan"),
        request.user,
        Aksi.UBAH,
        pk=pk,
        narasi__laporan__opd__kode=kode,
    )
    n = objek.narasi
    objek.delete()
    umumkan(n.laporan.opd_id, n.laporan.tahun)
    messages.success(request, "Gambar dihapus.")
    args = [kode, n.laporan.tahun, slug_periode(Periode(n.laporan.periode)), n.bagian]
    if n.indikator_id:
        return redirect("laporan_narasi_indikator", *args, n.indikator_id)
    return redirect("laporan_narasi", *args)
