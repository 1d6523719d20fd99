"""Reviewer workspace: the office's measurement with check results beside it, comments, statuses,
and the "Pernyataan Telah Direviu" PDF once every finding is closed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.alur import status_periode, transisi_tersedia
from kinerja.models import Bukti, TemuanReviu
from kinerja.pengukuran import PengukuranTidakTersedia, ukur_opd
from kinerja.views import _periode
from sakip import rumus
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.models import OPD
from sakip.pdf_aman import pengambil
from sakip.xlsx import Kolom, buku_tabel, respons_xlsx

from .ruang import GalatReviu, rencana_sinkron, sinkronkan, tambah_komentar, ubah_status


def _isi_ruang(opd, tahun, periode, user):
    """What the workspace shows (the page and its Excel download): today's checks laid over the
    stored findings, the measurement, and per indicator its findings and evidence."""
    # A GET writes nothing: today's checks are shown in memory, recorded when the reviewer acts.
    rencana = rencana_sinkron(opd, tahun, periode.value, user)
    try:
        pengukuran = ukur_opd(opd, tahun, periode)
    except PengukuranTidakTersedia:
        pengukuran = None
    per_objek = {}
    for t in rencana.temuan:
        per_objek.setdefault(t.objek, []).append(t)
    # Evidence of the period's realisations, one query, linked through the access-checked view.
    bukti = {}
    for bk in Bukti.objects.filter(
        realisasi__indikator__opd=opd, realisasi__tahun=tahun, realisasi__periode=periode.value
    ).select_related("realisasi"):
        bukti.setdefault(bk.realisasi.indikator_id, []).append(bk)
    baris = []
    if pengukuran:
        for s in pengukuran.sasaran:
            for h in s.indikator:
                baris.append((s, h, per_objek.pop(f"indikator:{h.indikator.id}", []), bukti.get(h.indikator.id, [])))
    lainnya = [t for daftar in per_objek.values() for t in daftar]
    return rencana, pengukuran, baris, lainnya


@login_required
def ruang_reviu(request, kode, tahun, periode):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    periode = _periode(periode)
    rencana, pengukuran, baris, lainnya = _isi_ruang(opd, tahun, periode, request.user)
    context = {
        "opd": opd,
        "tahun": tahun,
        "periode": periode,
        "pengukuran": pengukuran,
        # The method in words, as the LKjIP prints it under its tables (not the object's repr).
        "catatan_metodologi": rumus.catatan_metodologi(
            pengukuran.metodologi, arah={h.indikator.arah for _s, h, _t, _b in baris}
        )
        if pengukuran
        else "",
        "baris": baris,
        "lainnya": lainnya,
        "boleh_reviu": boleh(request.user, Aksi.REVIU, opd),
        "jumlah_terbuka": rencana.jumlah_terbuka,
        "perlu_dicatat": rencana.perlu_dicatat,
        "status": TemuanReviu.Status,
        "status_periode": (sp := status_periode(opd, tahun, periode.value)),
        "transisi": transisi_tersedia(request.user, sp),
    }
    return render(request, "kinerja/ruang_reviu.html", context)


KOLOM_TEMUAN = [
    Kolom("No", "angka", 0, 5),
    Kolom("Sasaran", lebar=30),
    Kolom("Indikator / objek", lebar=40),
    Kolom("Jenis", lebar=14),
    Kolom("Tingkat", lebar=12),
    Kolom("Status", lebar=16),
    Kolom("Pesan", lebar=60),
    Kolom("Alasan", lebar=30),
    Kolom("Dicatat", lebar=10),
    Kolom("Dibuat oleh", lebar=18),
    Kolom("Dibuat pada", "tanggal", lebar=18),
]


@login_required
def temuan_xlsx(request, kode, tahun, periode):
    """ "Unduh Excel" of the workspace's findings: the same rows the page lists (writes nothing)."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    periode = _periode(periode)
    _rencana, _pengukuran, baris, lainnya = _isi_ruang(opd, tahun, periode, request.user)
    semua = [(s.sasaran.uraian, h.indikator.nama, t) for s, h, daftar, _b in baris for t in daftar]
    semua += [("", t.objek, t) for t in lainnya]
    isi = [
        [
            n,
            sasaran,
            objek,
            t.kode if t.otomatis else "komentar",
            t.tingkat if t.otomatis else "",
            t.get_status_display(),
            t.pesan,
            t.alasan,
            "belum" if getattr(t, "belum_dicatat", False) else "ya",
            (t.dibuat_oleh.get_full_name() or t.dibuat_oleh.username) if t.dibuat_oleh else "",
            t.dibuat_pada,
        ]
        for n, (sasaran, objek, t) in enumerate(semua, 1)
    ]
    judul = f"Temuan reviu {periode.label} {tahun} · {opd.nama}"
    return respons_xlsx(
        buku_tabel(judul, KOLOM_TEMUAN, isi, nama_lembar="Temuan"),
        f"temuan-reviu-{opd.kode}-{tahun}-{periode.value}.xlsx",
    )


def _id_temuan(opd, tahun, periode, data):
    """A finding shown before it was recorded has no id on the page: found by its check and item."""
    return (
        TemuanReviu.objects.filter(opd=opd, tahun=tahun, periode=periode.value)
        .exclude(kode="komentar")
        .filter(kode=data.get("kode") or "", objek=data.get("objek") or "")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@login_required
@require_POST
def aksi_reviu(request, kode, tahun, periode):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.REVIU, kode=kode)
    periode = _periode(periode)
    # The reviewer acts on what the page showed: record today's checks first.
    rencana = sinkronkan(opd, tahun, periode.value, request.user)
    try:
        if request.POST.get("aksi") == "catat":
            messages.success(request, f"Hasil pemeriksaan dicatat: {rencana.perlu_dicatat} temuan baru atau berubah.")
        elif request.POST.get("aksi") == "komentar":
            tambah_komentar(
                request.user, opd, tahun, periode.value, request.POST.get("objek"), request.POST.get("pesan")
            )
            messages.success(request, "Komentar ditambahkan.")
        else:
            temuan = ambil_atau_404(
                TemuanReviu.objects.all(),
                request.user,
                Aksi.REVIU,
                pk=request.POST.get("id") or _id_temuan(opd, tahun, periode, request.POST),
                opd=opd,
                tahun=tahun,
                periode=periode.value,
            )
            ubah_status(temuan, request.POST.get("status"), request.POST.get("alasan"), request.user)
            messages.success(request, f"Status temuan: {temuan.get_status_display().lower()}.")
    except GalatReviu as exc:
        messages.error(request, str(exc))
    return redirect("ruang_reviu", kode=kode, tahun=tahun, periode=periode.value)


@login_required
def pernyataan_reviu(request, kode, tahun, periode):
    """The signed-ready review statement, only when no finding is open."""
    from weasyprint import HTML

    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.REVIU, kode=kode)
    periode = _periode(periode)
    rencana = rencana_sinkron(opd, tahun, periode.value)
    if rencana.jumlah_terbuka:
        messages.error(request, "Pernyataan reviu baru dapat dibuat setelah semua temuan ditutup.")
        return redirect("ruang_reviu", kode=kode, tahun=tahun, periode=periode.value)
    reviewer = request.user.pejabat
    html = render_to_string(
        "kinerja/pernyataan_reviu.html",
        {
            "opd": opd,
            "tahun": tahun,
            "periode": periode,
            "reviewer": reviewer,
            "tanggal": timezone.localdate(),
            "nama_reviewer": reviewer.nama if reviewer else request.user.get_full_name() or request.user.username,
            "temuan": rencana.temuan,
        },
    )
    # Nothing is fetched over the network: the statement names no resource, and user text in it
    # (findings, names) cannot pull one in (sakip.pdf_aman).
    pdf = HTML(string=html, url_fetcher=pengambil()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pernyataan-reviu-{opd.kode}-{tahun}-{periode.value}.pdf"'
    return response
