"""The document-review pages: upload LKjIP documents, follow their review, read each finding beside
its page or its table rows, mark it, export the findings (Excel) and the letter to the office (PDF).

Everything is fetched through `batasi(…, Aksi.REVIU_DOKUMEN)`: a Pemda's reviewers and admin pemda
reach that Pemda's documents, a superuser every one; anyone else gets 404, whatever the id.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from sakip import simpan
from sakip.akses import Aksi, ambil_atau_404, batasi, jangkauan
from sakip.berkas_aman import batas, content_type
from sakip.models import OPD

from .dokumen import JENIS_TEMUAN
from .ekspor_dokumen import buku_temuan, dengan_temuan, pdf_surat
from .halaman import HalamanTidakAda, gambar_halaman, hapus_cache
from .models import DokumenReviu, TemuanDokumenReviu, Unggahan
from .tugas_dokumen import antre_ulang
from .unggahan import FormUnggah, maks_berkas, simpan_unggahan

AKSI = Aksi.REVIU_DOKUMEN
Tanda = TemuanDokumenReviu.Tanda
PER_HALAMAN = 50
MARGIN_SOROT = 110  # points shown above and below the printed figure on a page excerpt
LEBAR_SEMPIT = 300  # points of the page shown across a narrow screen's excerpt
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _boleh(user):
    if jangkauan(user, AKSI) is None:
        raise Http404("Halaman tidak ditemukan.")


def _hitungan(qs):
    """Documents with their counts of findings by mark (one query, whatever the number of rows)."""
    return qs.annotate(
        jumlah_temuan=Count("temuan_set"),
        jumlah_dikonfirmasi=Count("temuan_set", filter=Q(temuan_set__tanda=Tanda.DIKONFIRMASI)),
        jumlah_bukan=Count("temuan_set", filter=Q(temuan_set__tanda=Tanda.BUKAN_KESALAHAN)),
        jumlah_belum=Count("temuan_set", filter=Q(temuan_set__tanda=Tanda.BELUM)),
    )


def _dokumen(request, pk, qs=None):
    qs = qs if qs is not None else DokumenReviu.objects.all()
    return ambil_atau_404(
        qs.select_related("unggahan__pemda", "unggahan__diunggah_oleh", "opd"), request.user, AKSI, pk=pk
    )


def _rinci(dokumen, jangkar=""):
    return reverse("reviu_dokumen_rinci", args=[dokumen.pk]) + (f"#{jangkar}" if jangkar else "")


@login_required
def daftar(request):
    """The reviewer's documents (his Pemda's), newest upload first, and the upload form."""
    _boleh(request.user)
    kirim = request.method == "POST"
    form = FormUnggah(request.POST if kirim else None, request.FILES if kirim else None, user=request.user)
    if kirim and form.is_valid():
        hasil = simpan_unggahan(
            request.user,
            form.cleaned_data["pemda_tujuan"],
            form.cleaned_data["berkas"],
            opd=form.cleaned_data.get("opd"),
            keterangan=form.cleaned_data.get("keterangan", ""),
        )
        for pesan in hasil.ditolak:
            messages.error(request, pesan)
        if hasil.unggahan:
            messages.success(
                request, f"{hasil.jumlah} dokumen diunggah dan menunggu giliran diperiksa; status diperbarui otomatis."
            )
        for nama, lama in hasil.sama:
            messages.info(
                request,
                f"{nama} sama persis dengan {lama.nama_asli} yang sudah diunggah sebelumnya; keduanya diperiksa.",
            )
        return redirect("reviu_dokumen_daftar")
    semua = _hitungan(
        batasi(DokumenReviu.objects.all(), request.user, AKSI).select_related(
            "unggahan__pemda", "unggahan__diunggah_oleh", "opd"
        )
    ).order_by("-unggahan_id", "id")
    halaman = Paginator(semua, PER_HALAMAN).get_page(request.GET.get("halaman"))
    context = {
        "form": form,
        "halaman": halaman,
        "semua_pemda": request.user.is_superuser,
        "maks_mb": batas("SAKIP_REVIU_MAKS_MB"),
        "maks_halaman": batas("SAKIP_REVIU_MAKS_HALAMAN"),
        "maks_berkas": maks_berkas(),
    }
    return render(request, "reviu/dokumen_daftar.html", context)


@login_required
def status(request, pk):
    """One document's row (or, `?rinci=1`, its status block), polled by htmx while it is reviewed."""
    dokumen = _dokumen(request, pk, _hitungan(DokumenReviu.objects.all()))
    if request.GET.get("rinci"):
        response = render(request, "reviu/_dokumen_status.html", {"dok": dokumen})
        if not dokumen.berjalan:
            response["HX-Refresh"] = "true"  # the findings are there now: show the whole page
        return response
    return render(request, "reviu/_dokumen_baris.html", {"d": dokumen, "semua_pemda": request.user.is_superuser})


def _sorot(t):
    """The SVG excerpt of a finding's page: the band around the printed figure, the figure boxed.
    Numbers as SVG writes them (a decimal point), never through the locale's formatting."""
    data = t.kotak or {}
    lebar, tinggi, kotak = data.get("lebar"), data.get("tinggi"), data.get("kotak") or []
    if not (lebar and tinggi and kotak):
        return None
    atas = max(0, min(k[1] for k in kotak) - MARGIN_SOROT)
    bawah = min(tinggi, max(k[3] for k in kotak) + MARGIN_SOROT)

    def n(x):
        return f"{x:.1f}"

    # A narrow screen gets a narrower, shorter excerpt around the figure, so it stays legible.
    tengah_x = (min(k[0] for k in kotak) + max(k[2] for k in kotak)) / 2
    kiri = min(max(0, tengah_x - LEBAR_SEMPIT / 2), max(0, lebar - LEBAR_SEMPIT))
    atas_sempit = max(0, min(k[1] for k in kotak) - MARGIN_SOROT * 0.6)
    bawah_sempit = min(tinggi, max(k[3] for k in kotak) + MARGIN_SOROT * 0.6)
    return {
        "potongan": [
            (f"0 {n(atas)} {n(lebar)} {n(bawah - atas)}", "lebar"),
            (f"{n(kiri)} {n(atas_sempit)} {n(min(LEBAR_SEMPIT, lebar))} {n(bawah_sempit - atas_sempit)}", "sempit"),
        ],
        "lebar": n(lebar),
        "tinggi": n(tinggi),
        "kotak": [
            {"x": n(k[0] - 3), "y": n(k[1] - 3), "w": n(k[2] - k[0] + 6), "h": n(k[3] - k[1] + 6)} for k in kotak
        ],
    }


def _ringkasan(dokumen):
    return TemuanDokumenReviu.objects.filter(dokumen=dokumen).aggregate(
        semua=Count("id"),
        dikonfirmasi=Count("id", filter=Q(tanda=Tanda.DIKONFIRMASI)),
        bukan_kesalahan=Count("id", filter=Q(tanda=Tanda.BUKAN_KESALAHAN)),
        belum=Count("id", filter=Q(tanda=Tanda.BELUM)),
    )


@login_required
def rinci(request, pk):
    """A document: its status, what was read, every finding beside its page image or table rows."""
    dokumen = _dokumen(request, pk)
    saring = request.GET.get("tanda") if request.GET.get("tanda") in Tanda.values else ""
    temuan = dokumen.temuan_set.select_related("ditandai_oleh").order_by("urutan")
    if saring:
        temuan = temuan.filter(tanda=saring)
    temuan = list(temuan)
    for t in temuan:
        t.label_jenis = JENIS_TEMUAN.get(t.jenis, t.jenis)
        t.sorot = _sorot(t) if dokumen.format == "pdf" else None
    context = {
        "dok": dokumen,
        "temuan": temuan,
        "hitung": _ringkasan(dokumen),
        "saring": saring,
        "pilihan_tanda": Tanda.choices,
        "daftar_opd": OPD.objects.filter(pemda=dokumen.unggahan.pemda).order_by("nama"),
    }
    return render(request, "reviu/dokumen_rinci.html", context)


@login_required
def berkas(request, pk):
    """The uploaded file itself, as a download."""
    dokumen = _dokumen(request, pk)
    try:
        isi = dokumen.berkas.open("rb")
    except (OSError, ValueError):
        raise Http404("Berkas tidak ditemukan.") from None
    return FileResponse(
        isi, as_attachment=True, filename=dokumen.nama_asli, content_type=content_type(dokumen.berkas.name)
    )


@login_required
def halaman(request, pk, halaman):
    """One page of a reviewed PDF as PNG: rendered on the first request and cached in
    STORAGES["cache_reviu"] (never in the database), served only to whoever may read the document."""
    dokumen = _dokumen(request, pk)
    try:
        isi = simpan.cache("cache_reviu").open(gambar_halaman(dokumen, halaman), "rb")
    except (HalamanTidakAda, OSError):
        raise Http404("Halaman tidak tersedia.") from None
    response = FileResponse(isi, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
@require_POST
def tandai(request, pk):
    """Mark a finding confirmed / not an error / unmarked, with an optional note. The form carries
    the mark it was loaded with: a mark someone else set meanwhile is a conflict, shown, not
    overwritten; sending again applies this one."""
    t = ambil_atau_404(TemuanDokumenReviu.objects.select_related("dokumen__unggahan__pemda"), request.user, AKSI, pk=pk)
    dokumen = t.dokumen
    tanda = request.POST.get("tanda", "")
    catatan = (request.POST.get("catatan") or "").strip()[:2000]
    pesan, konflik = "", False
    if tanda not in Tanda.values:
        pesan = "Pilih tanda: dikonfirmasi, bukan kesalahan, atau hapus tanda."
    else:
        awal = (request.POST.get("awal_tanda", ""), (request.POST.get("awal_catatan") or "").strip())
        with transaction.atomic():
            t = TemuanDokumenReviu.objects.select_for_update(of=("self",)).select_related("ditandai_oleh").get(pk=t.pk)
            t.dokumen = dokumen
            if (t.tanda, t.catatan) == (tanda, catatan):
                pesan = "Tidak ada perubahan."
            elif (t.tanda, t.catatan) != awal:
                konflik = True
                oleh = (
                    (t.ditandai_oleh.get_full_name() or t.ditandai_oleh.username)
                    if t.ditandai_oleh
                    else "pengguna lain"
                )
                pesan = (
                    f"Temuan ini sudah diubah oleh {oleh} sejak halaman dibuka: kini “{t.get_tanda_display()}”. "
                    "Tanda Anda belum disimpan; kirim lagi untuk menggantinya."
                )
            else:
                t.tanda, t.catatan = tanda, catatan
                t.ditandai_oleh = request.user if tanda != Tanda.BELUM or catatan else None
                t.ditandai_pada = timezone.now() if t.ditandai_oleh else None
                t.save(update_fields=["tanda", "catatan", "ditandai_oleh", "ditandai_pada"])
                pesan = f"Tersimpan: {t.get_tanda_display().lower()}."
    if request.headers.get("HX-Request"):
        context = {
            "t": t,
            "pesan": pesan,
            "konflik": konflik,
            "catatan_isian": catatan if konflik else None,
            "hitung": _ringkasan(dokumen),
            "dok": dokumen,
            "oob": True,
        }
        return render(request, "reviu/_tanda_respons.html", context)
    (messages.warning if konflik else messages.success)(request, pesan)
    return redirect(_rinci(dokumen, f"temuan-{t.urutan}"))


@login_required
@require_POST
def instansi(request, pk):
    """Which office the document is the report of: an office of its Pemda, or a name."""
    dokumen = _dokumen(request, pk)
    opd_id = request.POST.get("opd") or None
    opd = None
    if opd_id:
        # Only an office of the document's own Pemda; any other id is refused like a missing one.
        opd = ambil_atau_404(OPD.objects.filter(pemda=dokumen.unggahan.pemda), request.user, Aksi.BACA, pk=opd_id)
    nama = "" if opd else (request.POST.get("nama_instansi") or "").strip()[:200]
    DokumenReviu.objects.filter(pk=dokumen.pk).update(opd=opd, nama_instansi=nama)
    messages.success(request, "Instansi penyusun disimpan.")
    return redirect(_rinci(dokumen))


@login_required
@require_POST
def ulang(request, pk):
    """Queue a failed review again."""
    dokumen = _dokumen(request, pk)
    if antre_ulang(dokumen):
        messages.success(request, "Dokumen masuk antrean lagi.")
    else:
        messages.warning(request, "Hanya dokumen yang gagal diperiksa yang dapat diperiksa ulang.")
    return redirect(_rinci(dokumen))


@login_required
@require_POST
def hapus(request, pk):
    """Remove an uploaded document, its findings, its file and its page images."""
    dokumen = _dokumen(request, pk)
    nama, unggahan = dokumen.nama_asli, dokumen.unggahan
    berkas = dokumen.berkas.name
    hapus_cache(dokumen)
    with transaction.atomic():
        dokumen.delete()
        if not unggahan.dokumen_set.exists():
            unggahan.delete()
        transaction.on_commit(lambda: dokumen.berkas.storage.delete(berkas))
    messages.success(request, f"Dokumen {nama} dihapus.")
    return redirect("reviu_dokumen_daftar")


# --------------------------------------------------------------------------- exports


def _nama_unduhan(dasar, akhiran):
    return f"{slugify(dasar)[:80] or 'dokumen'}{akhiran}"


def _unduhan(isi, nama, jenis):
    response = HttpResponse(isi, content_type=jenis)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@login_required
def xlsx_dokumen(request, pk):
    dokumen = _dokumen(request, pk, dengan_temuan(DokumenReviu.objects.all()))
    isi = buku_temuan([dokumen], dokumen.nama_asli)
    return _unduhan(isi, _nama_unduhan(f"temuan-{dokumen.nama_asli}", ".xlsx"), XLSX)


@login_required
def surat_dokumen(request, pk):
    dokumen = _dokumen(request, pk, dengan_temuan(DokumenReviu.objects.all()))
    if dokumen.status != DokumenReviu.Status.SELESAI:
        messages.error(request, "Surat baru dapat dibuat setelah dokumen selesai diperiksa.")
        return redirect(_rinci(dokumen))
    isi = pdf_surat([dokumen], request.user)
    return _unduhan(isi, _nama_unduhan(f"surat-reviu-{dokumen.nama_asli}", ".pdf"), "application/pdf")


def _unggahan(request, pk):
    unggahan = ambil_atau_404(Unggahan.objects.select_related("pemda"), request.user, AKSI, pk=pk)
    dokumen = list(dengan_temuan(unggahan.dokumen_set.order_by("id")))
    return unggahan, dokumen


def _judul_unggahan(unggahan):
    return unggahan.keterangan or f"unggahan {timezone.localtime(unggahan.diunggah_pada):%Y-%m-%d %H.%M}"


@login_required
def xlsx_unggahan(request, pk):
    unggahan, dokumen = _unggahan(request, pk)
    isi = buku_temuan(dokumen, _judul_unggahan(unggahan))
    return _unduhan(isi, _nama_unduhan(f"temuan-{_judul_unggahan(unggahan)}", ".xlsx"), XLSX)


@login_required
def surat_unggahan(request, pk):
    """One letter per finished document of the upload, in one PDF."""
    unggahan, dokumen = _unggahan(request, pk)
    selesai = [d for d in dokumen if d.status == DokumenReviu.Status.SELESAI]
    if not selesai:
        messages.error(request, "Belum ada dokumen unggahan ini yang selesai diperiksa.")
        return redirect("reviu_dokumen_daftar")
    isi = pdf_surat(selesai, request.user)
    return _unduhan(isi, _nama_unduhan(f"surat-reviu-{_judul_unggahan(unggahan)}", ".pdf"), "application/pdf")
