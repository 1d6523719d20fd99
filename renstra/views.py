"""Renstra editor: tujuan → sasaran → indicators with every yearly target in one grid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.isian import sampaikan_hasil, sampaikan_tersimpan
from sakip.models import OPD

from .entri import baris_renstra, simpan_grid_renstra
from .forms import PerubahanRenstraForm, jalankan_perubahan, pesan_berhasil
from .models import Indikator, Renstra, Sasaran, Strategi, Tujuan


def _renstra(opd):
    return Renstra.objects.filter(opd=opd).order_by("-tahun_mulai", "-versi").first()


@login_required
def renstra_editor(request, kode):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    renstra = _renstra(opd)
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    hasil = None
    if request.method == "POST" and renstra is not None and boleh_ubah:
        hasil = simpan_grid_renstra(renstra, request.POST, request.user)
        if hasil.berhasil:
            sampaikan_tersimpan(request, hasil.disimpan, f"Renstra tersimpan: {hasil.disimpan} perubahan.")
            return redirect(request.path)
        sampaikan_hasil(request, hasil)
    baris = hasil.baris if hasil else (baris_renstra(renstra) if renstra else [])
    per_tujuan, per_sasaran = {}, {}
    for b in baris:
        if not boleh_ubah:
            for f in b.form.fields.values():
                f.disabled = True
        if b.indikator.sasaran_id:
            per_sasaran.setdefault(b.indikator.sasaran_id, []).append(b)
        else:
            per_tujuan.setdefault(b.indikator.tujuan_id, []).append(b)
    tujuan = []
    if renstra:
        sasaran = list(renstra.sasaran_set.select_related("pemilik").order_by("urutan", "id"))
        for t in renstra.tujuan_set.order_by("urutan", "id"):
            daftar = [(s, per_sasaran.get(s.id, [])) for s in sasaran if s.tujuan_id == t.id]
            tujuan.append((t, per_tujuan.get(t.id, []), daftar))
    strategi = []
    if renstra:
        per_sasaran_strategi = {}
        for x in Strategi.objects.filter(sasaran__renstra=renstra).prefetch_related("arah_kebijakan_set"):
            per_sasaran_strategi.setdefault(x.sasaran_id, []).append(x)
        strategi = [
            (s, per_sasaran_strategi[s.id])
            for t, _, daftar in tujuan
            for s, _ in daftar
            if s.id in per_sasaran_strategi
        ]
    context = {
        "opd": opd,
        "renstra": renstra,
        "tujuan": tujuan,
        "strategi": strategi,
        "boleh_ubah": boleh_ubah,
        "galat": [g for b in baris for g in b.galat],
        "satuan": Indikator.SATUAN_UMUM,
        "form_perubahan": PerubahanRenstraForm(renstra) if renstra and boleh_ubah else None,
    }
    return render(request, "renstra/renstra_editor.html", context)


@login_required
@require_POST
def renstra_tambah(request, kode):
    """Add a tujuan, a sasaran under a tujuan, or an indicator under a sasaran."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.UBAH, kode=kode)
    renstra = _renstra(opd)
    jenis, uraian = request.POST.get("jenis"), (request.POST.get("uraian") or "").strip()
    if renstra is None or not uraian:
        messages.error(request, "Isi uraiannya dulu.")
        return redirect("renstra_editor", kode=kode)
    try:
        if jenis == "tujuan":
            n = renstra.tujuan_set.count() + 1
            Tujuan.objects.create(renstra=renstra, kode=f"T{n}", uraian=uraian, urutan=n)
        elif jenis == "sasaran":
            tujuan = ambil_atau_404(
                Tujuan.objects.all(), request.user, Aksi.UBAH, pk=request.POST.get("induk"), renstra=renstra
            )
            n = renstra.sasaran_set.count() + 1
            s = Sasaran(renstra=renstra, tujuan=tujuan, kode=f"S{n}", uraian=uraian, urutan=n)
            s.full_clean()
            s.save()
        elif jenis == "indikator":
            sasaran = ambil_atau_404(
                Sasaran.objects.all(), request.user, Aksi.UBAH, pk=request.POST.get("induk"), renstra=renstra
            )
            n = (Indikator.objects.filter(opd=opd).aggregate(m=Max("id"))["m"] or 0) + 1
            ind = Indikator(
                sasaran=sasaran,
                nama=uraian,
                satuan=request.POST.get("satuan") or "%",
                kode=f"IK{n}",
                iku=sasaran.tingkat == Sasaran.Tingkat.STRATEGIS,
                urutan=sasaran.indikator_set.count() + 1,
            )
            ind.full_clean(exclude=["opd"])
            ind.save()
        else:
            messages.error(request, "Jenis tidak dikenal.")
            return redirect("renstra_editor", kode=kode)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Ditambahkan.")
    return redirect("renstra_editor", kode=kode)


@login_required
@require_POST
def renstra_perubahan(request, kode):
    """Start a Renstra Perubahan (the dialog on the Renstra page spells out what happens)."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.UBAH, kode=kode)
    renstra = _renstra(opd)
    if renstra is None:
        messages.error(request, "Belum ada Renstra untuk diubah.")
        return redirect("renstra_editor", kode=kode)
    baru, galat = jalankan_perubahan(renstra, PerubahanRenstraForm(renstra, request.POST))
    if galat:
        messages.error(request, f"Renstra Perubahan tidak dibuat: {galat}")
    else:
        messages.success(request, pesan_berhasil(renstra, baru))
    return redirect("renstra_editor", kode=kode)
