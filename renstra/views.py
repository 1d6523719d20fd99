"""Renstra editor: tujuan → sasaran → indicators with every yearly target in one grid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kinerja import capaian as rumus
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.models import OPD

from .layanan import GalatRenstra, indikator_renstra, simpan_grid_renstra
from .models import Indikator, Renstra, Sasaran, Tujuan


def _renstra(opd):
    return Renstra.objects.filter(opd=opd).order_by("-tahun_mulai", "-versi").first()


@login_required
def renstra_editor(request, kode):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    renstra = _renstra(opd)
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    galat = []
    if request.method == "POST" and renstra is not None and boleh_ubah:
        try:
            n = simpan_grid_renstra(renstra, request.POST, request.user)
        except GalatRenstra as exc:
            galat = exc.galat
            messages.error(request, f"{len(galat)} isian tidak dapat diterima; tidak ada yang disimpan.")
        else:
            messages.success(request, f"Renstra tersimpan: {n} perubahan.")
            return redirect(request.path)
    indikator = indikator_renstra(renstra) if renstra else []
    per_tujuan, per_sasaran = {}, {}
    for ind in indikator:
        # After a refused save the row shows the direction as posted, with the upper-bound inputs
        # of a range indicator, so a direction just changed to "rentang" can get its bounds.
        ind.arah_isian = (galat and request.POST.get(f"i-{ind.id}-arah")) or ind.arah
        ind.rentang = ind.arah_isian == rumus.Arah.RENTANG
        for t in ind.target_set.all():
            ind.__dict__.setdefault("target_tahun", {})[t.tahun] = t
        if ind.sasaran_id:
            per_sasaran.setdefault(ind.sasaran_id, []).append(ind)
        else:
            per_tujuan.setdefault(ind.tujuan_id, []).append(ind)
    tujuan = []
    if renstra:
        sasaran = list(renstra.sasaran_set.select_related("pemilik").order_by("urutan", "id"))
        for t in renstra.tujuan_set.order_by("urutan", "id"):
            daftar = [(s, per_sasaran.get(s.id, [])) for s in sasaran if s.tujuan_id == t.id]
            tujuan.append((t, per_tujuan.get(t.id, []), daftar))
    context = {
        "opd": opd,
        "renstra": renstra,
        "tujuan": tujuan,
        "boleh_ubah": boleh_ubah,
        "galat": galat,
        "data": request.POST if galat else None,
        "arah": rumus.Arah.pilihan(),
        "satuan": Indikator.SATUAN_UMUM,
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
