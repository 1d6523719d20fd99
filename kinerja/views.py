"""Screens for planning staff: the realisation grid of a period and its approval path."""

import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renstra.models import Indikator
from sakip import rumus
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.berkas_aman import content_type
from sakip.isian import sampaikan_hasil, sampaikan_tersimpan
from sakip.models import OPD, metodologi_pemda
from sakip.xlsx import Kolom, buku_tabel, nilai_presisi, respons_xlsx

from .alur import (
    GalatAlur,
    belum_diisi,
    jalankan_transisi,
    jendela,
    pesan_belum_diisi,
    pesan_jendela,
    pesan_tertutup,
    status_periode,
    temuan_terbuka,
    transisi_tersedia,
)
from .entri import baris_entri, hapus_bukti, pratinjau_capaian, simpan_grid, tandai_terkunci
from .models import Bukti, RiwayatStatus
from .pengukuran import PengukuranTidakTersedia
from .penguncian import DataTerkunci, PetaKunci

PERIODE_ENTRI = ["TW1", "TW2", "TW3", "TW4", "S1", "S2", "TAHUN"]


def _periode(periode):
    periode = periode.upper()
    if periode not in PERIODE_ENTRI:
        raise Http404("Periode tidak dikenal.")
    return rumus.Periode(periode)


def _siapkan_form(baris, opd, tahun, periode, boleh_isi):
    """Inputs of the grid: read-only when entry is closed; the numbers ask for the live capaian."""
    for b in baris:
        if not boleh_isi:
            for f in b.form.fields.values():
                f.disabled = True
            continue
        if b.komponen_dari:
            continue
        url = reverse("realisasi_hitung", args=[opd.kode, tahun, periode.value, b.indikator.id])
        target = {
            "target": "" if b.target is None else str(b.target),
            "target_atas": "" if b.target_atas is None else str(b.target_atas),
            "target_teks": b.target_teks or "",
        }
        for medan in ("nilai", "pembilang", "penyebut"):
            b.form.fields[medan].widget.attrs.update(
                {
                    "hx-post": url,
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": f"#cap-{b.indikator.id}",
                    "hx-include": f"#baris-{b.indikator.id}",
                    "hx-vals": json.dumps(target),
                }
            )


def _konteks_grid(request, opd, tahun, periode, baris=None, pengukuran=None):
    if baris is None:
        pengukuran, baris = baris_entri(opd, tahun, periode)
    status = status_periode(opd, tahun, periode)
    riwayat = (
        list(RiwayatStatus.objects.filter(status_periode_id=status.pk).select_related("oleh")) if status.pk else []
    )
    peta = PetaKunci.baca([opd.pk], tahun)
    # The save's own rule (alur.periksa_boleh_isi): a frozen period, or a day outside its entry window.
    tertutup = pesan_tertutup(opd, tahun, periode, peta) or pesan_jendela(opd, tahun, periode)
    boleh_isi = not tertutup and boleh(request.user, Aksi.UBAH, opd)
    _siapkan_form(baris, opd, tahun, periode, boleh_isi)
    if boleh_isi:
        tandai_terkunci(baris, peta, tahun, periode.value)
    transisi = transisi_tersedia(request.user, status)
    kode = {t.kode for t in transisi}
    # What the confirmations say: the same counts the service checks when the button is pressed.
    kosong, jumlah = belum_diisi(pengukuran, tahun, periode.value) if "ajukan" in kode else ([], 0)
    return {
        "opd": opd,
        "tahun": tahun,
        "periode": periode,
        "pilihan_periode": [rumus.Periode(p) for p in PERIODE_ENTRI],
        "pengukuran": pengukuran,
        "baris": baris,
        "status": status,
        "riwayat": riwayat,
        "transisi": transisi,
        "kosong": kosong,
        "tanya_kosong": pesan_belum_diisi(kosong, jumlah) if kosong else "",
        "temuan_terbuka": temuan_terbuka(opd, tahun, periode.value) if "verifikasi" in kode else 0,
        "jendela": jendela(opd, tahun, periode),
        "boleh_isi": boleh_isi,
        "tertutup": tertutup,
    }


@login_required
def realisasi_grid(request, kode, tahun, periode):
    """Every indicator of the office for one period on one screen; saved all at once."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    periode = _periode(periode)
    try:
        if request.method == "POST":
            try:
                hasil = simpan_grid(request.user, opd, tahun, periode.value, request.POST, request.FILES)
            except GalatAlur as exc:
                messages.error(request, str(exc))
                return redirect(request.path)
            if hasil.berhasil:
                bukti = f", {hasil.bukti} berkas bukti" if hasil.bukti else ""
                pesan = f"Tersimpan: {hasil.disimpan} realisasi diperbarui{bukti}."
                sampaikan_tersimpan(request, hasil.disimpan or hasil.bukti, pesan)
                return redirect(request.path)
            sampaikan_hasil(request, hasil)
            if request.FILES:
                messages.warning(request, "Berkas bukti yang dipilih belum tersimpan; pilih ulang sebelum menyimpan.")
            context = _konteks_grid(request, opd, tahun, periode, baris=hasil.baris, pengukuran=hasil.pengukuran)
            return render(request, "kinerja/realisasi_grid.html", context, status=200)
        context = _konteks_grid(request, opd, tahun, periode)
    except PengukuranTidakTersedia as exc:
        return render(request, "kinerja/tanpa_pk.html", {"opd": opd, "tahun": tahun, "pesan": str(exc)})
    return render(request, "kinerja/realisasi_grid.html", context)


KOLOM_REALISASI = [
    Kolom("Indikator", lebar=50),
    Kolom("Satuan", lebar=14),
    Kolom("Target", "angka"),
    Kolom("Target (batas atas)", "angka"),
    Kolom("Target (predikat)", lebar=14),
    Kolom("Realisasi", "angka"),
    Kolom("Realisasi (predikat)", lebar=14),
    Kolom("Dipakai laporan", "angka"),
    Kolom("Keterangan data", lebar=30),
    Kolom("Bukti (berkas)", "angka", 0),
    Kolom("Capaian", "persen"),
    Kolom("Kategori", lebar=16),
]


@login_required
def realisasi_xlsx(request, kode, tahun, periode):
    """ "Unduh Excel" of the grid: the rows `baris_entri` gives the page, rendered, nothing else."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    periode = _periode(periode)
    try:
        pengukuran, baris = baris_entri(opd, tahun, periode, dengan_form=False)
    except PengukuranTidakTersedia as exc:
        raise Http404(str(exc)) from None
    isi = []
    for b in baris:
        ind, r, p = b.indikator, b.realisasi, b.indikator.presisi
        komponen = b.komponen_dari is not None
        cap = None if komponen else b.capaian
        isi.append(
            [
                f"↳ {ind.nama}" if komponen else ind.nama,
                ind.satuan,
                None if komponen else nilai_presisi(b.target, p),
                None if komponen else nilai_presisi(b.target_atas, p),
                "" if komponen else b.target_teks,
                nilai_presisi(r.nilai, p) if r else None,
                r.nilai_teks if r else "",
                nilai_presisi(b.dipakai, p),
                r.keterangan_data if r else "",
                b.jumlah_bukti,
                cap.nilai if cap else None,
                (cap.kategori or "") if cap else "",
            ]
        )
    judul = f"Realisasi kinerja {periode.label} {tahun} · {opd.nama}"
    keterangan = f"{pengukuran.perjanjian.label_versi}" if pengukuran.perjanjian else ""
    return respons_xlsx(
        buku_tabel(judul, KOLOM_REALISASI, isi, keterangan=keterangan, nama_lembar="Realisasi"),
        f"realisasi-{opd.kode}-{tahun}-{periode.value}.xlsx",
    )


@login_required
@require_POST
def hitung_baris(request, kode, tahun, periode, indikator_id):
    """htmx: the capaian cell of one typed row, computed by the formula library."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    periode = _periode(periode)
    indikator = ambil_atau_404(Indikator.objects.all(), request.user, pk=indikator_id, opd=opd)

    def angka(kunci):
        # Targets come from the page itself, as plain decimals ("81.33").
        teks = (request.POST.get(kunci) or "").strip()
        try:
            return Decimal(teks) if teks else None
        except InvalidOperation:
            return None

    hasil, pesan, peringatan = pratinjau_capaian(
        indikator,
        angka("target"),
        angka("target_atas"),
        request.POST.get("target_teks", ""),
        request.POST,
        f"r-{indikator.id}",
        metodologi_pemda(opd.pemda_id),
    )
    return render(request, "kinerja/_sel_capaian.html", {"capaian": hasil, "pesan": pesan, "peringatan": peringatan})


@login_required
@require_POST
def ubah_status(request, kode, tahun, periode):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    periode = _periode(periode)
    try:
        status = jalankan_transisi(
            request.user,
            opd,
            tahun,
            periode.value,
            request.POST.get("aksi", ""),
            request.POST.get("catatan", ""),
            yakin=bool(request.POST.get("yakin")),
        )
    except GalatAlur as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Status {periode.label} {tahun}: {status.get_status_display()}.")
    return redirect(reverse("realisasi_grid", args=[opd.kode, tahun, periode.value]))


@login_required
def bukti(request, kode, pk):
    """An evidence file, for whoever may read its office's data (anyone else: 404)."""
    objek = ambil_atau_404(
        Bukti.objects.select_related("realisasi__indikator"), request.user, pk=pk, realisasi__indikator__opd__kode=kode
    )
    try:
        berkas = objek.berkas.open("rb")
    except OSError as exc:
        raise Http404("Berkas bukti tidak ditemukan di penyimpanan.") from exc
    # Always a download, typed by its checked extension, never sniffed: an uploaded file is not
    # shown inside the application's origin.
    response = FileResponse(
        berkas, as_attachment=True, filename=objek.nama_berkas, content_type=content_type(objek.nama_berkas)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def bukti_hapus(request, kode, pk):
    """Remove a wrong evidence file from the grid (the office's writers only: anyone else 404)."""
    objek = ambil_atau_404(
        Bukti.objects.select_related("realisasi__indikator__opd"),
        request.user,
        Aksi.UBAH,
        pk=pk,
        realisasi__indikator__opd__kode=kode,
    )
    r = objek.realisasi
    try:
        hapus_bukti(request.user, objek)
    except GalatAlur as exc:
        messages.error(request, str(exc))
    except DataTerkunci as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Bukti {objek.nama_berkas} dihapus (tetap tercatat di riwayat).")
    return redirect(reverse("realisasi_grid", args=[kode, r.tahun, r.periode]))
