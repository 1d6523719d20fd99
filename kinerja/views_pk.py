"""PK editor and rencana aksi grid for planning staff; setting a PK for the pimpinan."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.isian import sampaikan_hasil, sampaikan_tersimpan
from sakip.models import OPD, Jabatan

from .alur import boleh_menetapkan
from .entri_pk import baris_pk, baris_rencana_aksi, simpan_isian_pk, simpan_rencana_aksi, tampilkan_terkunci
from .layanan import GalatPK, buat_perubahan_pk, buat_pk_dari_renstra, tetapkan_pk
from .models import PerjanjianKinerja
from .penguncian import PetaKunci


def _versi(opd, tahun, request):
    semua = list(
        PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun, jabatan__induk__isnull=True)
        .select_related("jabatan", "pejabat")
        .order_by("versi")
    )
    pilih = request.GET.get("versi")
    perjanjian = next((p for p in semua if str(p.versi) == pilih), semua[-1] if semua else None)
    return semua, perjanjian


@login_required
def pk_editor(request, kode, tahun):
    """The head's PK of a year: targets edited as a draft; set by the pimpinan; amended."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    semua, perjanjian = _versi(opd, tahun, request)
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    hasil = None
    if request.method == "POST" and perjanjian is not None:
        if not boleh_ubah:
            return redirect(request.path)
        try:
            hasil = simpan_isian_pk(request.user, perjanjian, request.POST)
        except GalatPK as exc:
            messages.error(request, str(exc))
            return redirect(f"{request.path}?versi={perjanjian.versi}")
        if hasil.berhasil:
            sampaikan_tersimpan(request, hasil.disimpan, f"Tersimpan: {hasil.disimpan} target diubah.")
            return redirect(f"{request.path}?versi={perjanjian.versi}")
        sampaikan_hasil(request, hasil)
    # Why the targets of this version cannot change now: set, or in force for an approved period.
    terkunci = PetaKunci.baca([opd.pk], tahun).perjanjian(perjanjian) if perjanjian else None
    context = {
        "opd": opd,
        "tahun": tahun,
        "semua": semua,
        "perjanjian": perjanjian,
        "baris": hasil.baris if hasil else (baris_pk(perjanjian) if perjanjian else []),
        "boleh_ubah": boleh_ubah,
        "bisa_isi": boleh_ubah and perjanjian is not None and not terkunci,
        "terkunci": terkunci,
        "boleh_tetapkan": boleh_menetapkan(request.user, opd),
        "jabatan_akar": Jabatan.objects.filter(opd=opd, induk__isnull=True).first(),
        "hari_ini": datetime.date.today(),
    }
    return render(request, "kinerja/pk_editor.html", context)


@login_required
@require_POST
def pk_aksi(request, kode, tahun):
    """Create from the Renstra or amend (perubahan) the head's PK of a year (operators), or set
    it (tetapkan: the pimpinan; the service decides who may)."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    aksi = request.POST.get("aksi")
    if aksi != "tetapkan" and not boleh(request.user, Aksi.UBAH, opd):
        raise Http404("Data tidak ditemukan.")
    kembali = reverse("pk_editor", args=[opd.kode, tahun])
    try:
        tanggal = datetime.date.fromisoformat(request.POST["tanggal"]) if request.POST.get("tanggal") else None
    except ValueError:
        messages.error(request, "Tanggal tidak dapat dibaca (format 2024-01-31).")
        return redirect(kembali)
    try:
        if aksi == "buat":
            jabatan = Jabatan.objects.filter(opd=opd, induk__isnull=True).first()
            if jabatan is None:
                raise GalatPK("Isi dulu struktur jabatan OPD (pimpinan OPD).")
            penugasan = jabatan.pejabat_pada(tanggal or datetime.date(tahun, 1, 2))
            perjanjian = buat_pk_dari_renstra(
                jabatan,
                tahun,
                tanggal=tanggal or datetime.date(tahun, 1, 2),
                pejabat=penugasan.pejabat if penugasan else None,
            )
            messages.success(
                request, f"Draf PK {tahun} dibuat dari target Renstra: {perjanjian.item_set.count()} indikator."
            )
        elif aksi in ("tetapkan", "perubahan"):
            perjanjian = ambil_atau_404(
                PerjanjianKinerja.objects.select_related("opd"),
                request.user,
                opd=opd,
                tahun=tahun,
                versi=request.POST.get("versi"),
                jabatan__induk__isnull=True,
            )
            kembali += f"?versi={perjanjian.versi}"
            if aksi == "tetapkan":
                tetapkan_pk(perjanjian, request.user)
                messages.success(request, f"{perjanjian.label_versi} {tahun} ditetapkan.")
            else:
                baru = buat_perubahan_pk(
                    perjanjian, tanggal=tanggal or datetime.date.today(), alasan=request.POST.get("alasan", "")
                )
                messages.success(
                    request, f"Draf {baru.label_versi} dibuat; ubah targetnya, lalu minta pimpinan menetapkannya."
                )
                kembali = reverse("pk_editor", args=[opd.kode, tahun]) + f"?versi={baru.versi}"
        else:
            messages.error(request, "Tindakan tidak dikenal.")
    except GalatPK as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(kembali)


@login_required
def rencana_aksi(request, kode, tahun):
    """The quarterly targets and actions of every PK indicator in one grid."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    semua, perjanjian = _versi(opd, tahun, request)
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    hasil = None
    if request.method == "POST" and perjanjian is not None and boleh_ubah:
        try:
            hasil = simpan_rencana_aksi(request.user, perjanjian, request.POST)
        except GalatPK as exc:
            messages.error(request, str(exc))
            return redirect(f"{request.path}?versi={perjanjian.versi}")
        if hasil.berhasil:
            pesan = f"Rencana aksi tersimpan: {hasil.disimpan} triwulan diubah."
            sampaikan_tersimpan(request, hasil.disimpan, pesan)
            return redirect(f"{request.path}?versi={perjanjian.versi}")
        sampaikan_hasil(request, hasil)
    baris = hasil.baris if hasil else (baris_rencana_aksi(perjanjian) if perjanjian else [])
    tampilkan_terkunci(baris, hanya_baca=not boleh_ubah)
    terkunci = [k.terkunci for k in baris[0].kolom if k.terkunci] if baris else []  # one line per frozen quarter
    context = {
        "opd": opd,
        "tahun": tahun,
        "semua": semua,
        "perjanjian": perjanjian,
        "baris": baris,
        "terkunci": terkunci,
        "boleh_ubah": boleh_ubah,
    }
    return render(request, "kinerja/rencana_aksi.html", context)
