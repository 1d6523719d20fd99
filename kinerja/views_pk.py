"""PK editor and rencana aksi grid for planning staff; setting a PK for the pimpinan."""

import datetime
from urllib.parse import urlencode

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


def _jabatan(opd, request):
    """The office's positions that sign a PK (eselon II, III, IV), in tree order, and the one
    asked for (`?jabatan=`; a form posts it), default the head of office. A position of
    another office is not found (404)."""
    daftar = list(Jabatan.objects.filter(opd=opd).exclude(eselon=Jabatan.Eselon.FUNGSIONAL).order_by("urutan", "id"))
    daftar = urut_pohon(daftar)
    diminta = request.POST.get("jabatan") or request.GET.get("jabatan")
    if diminta:
        jabatan = next((j for j in daftar if str(j.pk) == diminta), None)
        if jabatan is None:
            raise Http404("Data tidak ditemukan.")
    else:
        jabatan = next((j for j in daftar if j.induk_id is None), None)
    return daftar, jabatan


def urut_pohon(daftar):
    """Positions depth first from the roots (by urutan), each with `.tingkat` (0 = root) for
    indenting the list."""
    anak = {}
    for j in daftar:
        anak.setdefault(j.induk_id, []).append(j)
    ada = {j.pk for j in daftar}
    hasil, dilihat = [], set()

    def kunjungi(j, tingkat):
        if j.pk in dilihat:
            return
        dilihat.add(j.pk)
        j.tingkat = tingkat
        hasil.append(j)
        for a in anak.get(j.pk, []):
            kunjungi(a, tingkat + 1)

    for j in daftar:
        if j.induk_id is None or j.induk_id not in ada:
            kunjungi(j, 0)
    for j in daftar:  # a cycle the tree check missed: still listed
        kunjungi(j, 0)
    return hasil


def _versi(jabatan, tahun, request):
    semua = (
        list(
            PerjanjianKinerja.objects.filter(jabatan=jabatan, tahun=tahun)
            .select_related("jabatan", "pejabat", "perjanjian_atasan__jabatan")
            .order_by("versi")
        )
        if jabatan
        else []
    )
    pilih = request.GET.get("versi")
    perjanjian = next((p for p in semua if str(p.versi) == pilih), semua[-1] if semua else None)
    return semua, perjanjian


def _alamat(nama, opd, tahun, jabatan, versi=None):
    """The page of a jabatan's PK (the head's without `?jabatan=`, as before)."""
    q = {}
    if jabatan is not None and jabatan.induk_id is not None:
        q["jabatan"] = jabatan.pk
    if versi is not None:
        q["versi"] = versi
    return reverse(nama, args=[opd.kode, tahun]) + (f"?{urlencode(q)}" if q else "")


INDEN = "\u2003"  # an em space: options of a <select> keep no other indent


def _label_jabatan(opd, tahun, daftar):
    """Each position's line in the chooser: indented by level, with its latest PK version for
    `tahun` and that version's status (one query)."""
    status = {}
    for p in PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun).order_by("jabatan_id", "versi"):
        status[p.jabatan_id] = f"{p.label_versi}, {p.get_status_display().lower()}"
    for j in daftar:
        j.label_pilih = f"{INDEN * j.tingkat}{j.nama} ({status.get(j.pk, 'belum ada PK')})"
    return daftar


@login_required
def pk_editor(request, kode, tahun):
    """The PK of a year of any jabatan (`?jabatan=`, default the head): targets edited as a
    draft, set by the holder or a superior (the pimpinan), amended."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    daftar, jabatan = _jabatan(opd, request)
    semua, perjanjian = _versi(jabatan, tahun, request)
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    hasil = None
    if request.method == "POST" and perjanjian is not None:
        kembali = _alamat("pk_editor", opd, tahun, jabatan, perjanjian.versi)
        if not boleh_ubah:
            return redirect(kembali)
        try:
            hasil = simpan_isian_pk(request.user, perjanjian, request.POST)
        except GalatPK as exc:
            messages.error(request, str(exc))
            return redirect(kembali)
        if hasil.berhasil:
            sampaikan_tersimpan(request, hasil.disimpan, f"Tersimpan: {hasil.disimpan} target diubah.")
            return redirect(kembali)
        sampaikan_hasil(request, hasil)
    # Why the targets of this version cannot change now: set, or in force for an approved period.
    terkunci = PetaKunci.baca([opd.pk], tahun).perjanjian(perjanjian) if perjanjian else None
    context = {
        "opd": opd,
        "tahun": tahun,
        "daftar_jabatan": _label_jabatan(opd, tahun, daftar),
        "jabatan": jabatan,
        "param_jabatan": f"jabatan={jabatan.pk}&" if jabatan and jabatan.induk_id else "",
        "semua": semua,
        "perjanjian": perjanjian,
        "baris": hasil.baris if hasil else (baris_pk(perjanjian) if perjanjian else []),
        "boleh_ubah": boleh_ubah,
        "bisa_isi": boleh_ubah and perjanjian is not None and not terkunci,
        "terkunci": terkunci,
        "boleh_tetapkan": perjanjian is not None and boleh_menetapkan(request.user, opd, perjanjian),
        "hari_ini": datetime.date.today(),
    }
    return render(request, "kinerja/pk_editor.html", context)


@login_required
@require_POST
def pk_aksi(request, kode, tahun):
    """Create from the Renstra or amend (perubahan) a jabatan's PK of a year (operators), or set
    it (tetapkan: the holder or a superior; the service decides who may)."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    aksi = request.POST.get("aksi")
    if aksi != "tetapkan" and not boleh(request.user, Aksi.UBAH, opd):
        raise Http404("Data tidak ditemukan.")
    daftar, jabatan = _jabatan(opd, request)
    if jabatan is None:
        messages.error(request, "Isi dulu struktur jabatan OPD (pimpinan OPD).")
        return redirect(reverse("pk_editor", args=[opd.kode, tahun]))
    kembali = _alamat("pk_editor", opd, tahun, jabatan)
    try:
        tanggal = datetime.date.fromisoformat(request.POST["tanggal"]) if request.POST.get("tanggal") else None
    except ValueError:
        messages.error(request, "Tanggal tidak dapat dibaca (format 2024-01-31).")
        return redirect(kembali)
    try:
        if aksi == "buat":
            tanggal = tanggal or datetime.date(tahun, 1, 2)
            penugasan = jabatan.pejabat_pada(tanggal)
            perjanjian = buat_pk_dari_renstra(
                jabatan, tahun, tanggal=tanggal, pejabat=penugasan.pejabat if penugasan else None
            )
            messages.success(
                request, f"Draf PK {tahun} dibuat dari target Renstra: {perjanjian.item_set.count()} indikator."
            )
        elif aksi in ("tetapkan", "perubahan"):
            perjanjian = ambil_atau_404(
                PerjanjianKinerja.objects.select_related("opd", "jabatan"),
                request.user,
                opd=opd,
                tahun=tahun,
                versi=request.POST.get("versi"),
                jabatan=jabatan,
            )
            kembali = _alamat("pk_editor", opd, tahun, jabatan, perjanjian.versi)
            if aksi == "tetapkan":
                tetapkan_pk(perjanjian, request.user)
                messages.success(request, f"{perjanjian.label_versi} {tahun} ditetapkan ({jabatan}).")
            else:
                baru = buat_perubahan_pk(
                    perjanjian, tanggal=tanggal or datetime.date.today(), alasan=request.POST.get("alasan", "")
                )
                messages.success(
                    request, f"Draf {baru.label_versi} dibuat; ubah targetnya, lalu minta pimpinan menetapkannya."
                )
                kembali = _alamat("pk_editor", opd, tahun, jabatan, baru.versi)
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
    daftar, jabatan = _jabatan(opd, request)
    semua, perjanjian = _versi(jabatan, tahun, request)
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    hasil = None
    if request.method == "POST" and perjanjian is not None and boleh_ubah:
        kembali = _alamat("rencana_aksi", opd, tahun, jabatan, perjanjian.versi)
        try:
            hasil = simpan_rencana_aksi(request.user, perjanjian, request.POST)
        except GalatPK as exc:
            messages.error(request, str(exc))
            return redirect(kembali)
        if hasil.berhasil:
            pesan = f"Rencana aksi tersimpan: {hasil.disimpan} triwulan diubah."
            sampaikan_tersimpan(request, hasil.disimpan, pesan)
            return redirect(kembali)
        sampaikan_hasil(request, hasil)
    baris = hasil.baris if hasil else (baris_rencana_aksi(perjanjian) if perjanjian else [])
    tampilkan_terkunci(baris, hanya_baca=not boleh_ubah)
    terkunci = [k.terkunci for k in baris[0].kolom if k.terkunci] if baris else []  # one line per frozen quarter
    context = {
        "opd": opd,
        "tahun": tahun,
        "daftar_jabatan": _label_jabatan(opd, tahun, daftar),
        "jabatan": jabatan,
        "param_jabatan": f"jabatan={jabatan.pk}&" if jabatan and jabatan.induk_id else "",
        "semua": semua,
        "perjanjian": perjanjian,
        "baris": baris,
        "terkunci": terkunci,
        "boleh_ubah": boleh_ubah,
    }
    return render(request, "kinerja/rencana_aksi.html", context)
