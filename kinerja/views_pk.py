"""PK editor and rencana aksi grid for planning staff."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja import capaian as rumus
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.formatting import AngkaTidakValid, format_isian, parse_angka
from sakip.models import OPD, Jabatan

from .layanan import GalatIsian, GalatPK, buat_perubahan_pk, buat_pk_dari_renstra, simpan_target_pk, tetapkan_pk
from .models import PerjanjianKinerja, RencanaAksi


def _versi(opd, tahun, request):
    semua = list(
        PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun, jabatan__induk__isnull=True)
        .select_related("jabatan", "pejabat")
        .order_by("versi")
    )
    pilih = request.GET.get("versi")
    pk = next((p for p in semua if str(p.versi) == pilih), semua[-1] if semua else None)
    return semua, pk


def _angka_atau_teks(teks, predikat):
    teks = (teks or "").strip()
    if not teks:
        return None
    return teks if predikat else parse_angka(teks)


def _rentang(indikator):
    return indikator.arah == rumus.Arah.RENTANG


def _baca_target(data, kunci, indikator, galat, awalan=""):
    """The posted target of input `kunci` (and `kunci`-atas for a range indicator) in the form the
    services take; a message is appended to `galat` for text that cannot be read."""
    try:
        nilai = _angka_atau_teks(data.get(kunci), indikator.predikat)
    except AngkaTidakValid as exc:
        galat.append(f"{awalan}{exc.pesan}")
        nilai = None
    if not _rentang(indikator):
        return nilai
    try:
        atas = _angka_atau_teks(data.get(f"{kunci}-atas"), False)
    except AngkaTidakValid as exc:
        galat.append(f"{awalan}batas atas: {exc.pesan}")
        atas = None
    return (nilai, atas)


@login_required
def pk_editor(request, kode, tahun):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)
    semua, pk = _versi(opd, tahun, request)
    items = list(pk.item_set.select_related("sasaran", "indikator").order_by("urutan", "id")) if pk else []
    galat = {}
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    if request.method == "POST" and pk is not None:
        if not boleh_ubah:
            return redirect(request.path)
        target = {}
        for item in items:
            pesan = []
            target[item.id] = _baca_target(request.POST, f"t-{item.id}", item.indikator, pesan)
            if pesan:
                galat[item.id] = pesan
        if not galat:
            try:
                n = simpan_target_pk(pk, target, user=request.user)
            except GalatIsian as exc:
                galat = exc.galat
                messages.error(request, "Ada target yang belum benar; tidak ada yang disimpan.")
            except GalatPK as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Tersimpan: {n} target diubah.")
                return redirect(f"{request.path}?versi={pk.versi}")
        else:
            messages.error(request, "Ada isian yang tidak dapat dibaca; tidak ada yang disimpan.")
    for item in items:
        item.rentang = _rentang(item.indikator)
        item.galat = galat.get(item.id, [])
        if galat:
            item.isian, item.isian_atas = (
                request.POST.get(f"t-{item.id}", ""),
                request.POST.get(f"t-{item.id}-atas", ""),
            )
        else:
            item.isian, item.isian_atas = format_isian(item.target, item.target_teks), format_isian(item.target_atas)
    context = {
        "opd": opd,
        "tahun": tahun,
        "semua": semua,
        "pk": pk,
        "items": items,
        "galat": galat,
        "boleh_ubah": boleh_ubah,
        "jabatan_akar": Jabatan.objects.filter(opd=opd, induk__isnull=True).first(),
        "hari_ini": datetime.date.today(),
    }
    return render(request, "kinerja/pk_editor.html", context)


@login_required
@require_POST
def pk_aksi(request, kode, tahun):
    """Create from the Renstra, set (tetapkan), or amend (perubahan) the head's PK of a year."""
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.UBAH, kode=kode)
    aksi = request.POST.get("aksi")
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
            pk = buat_pk_dari_renstra(
                jabatan,
                tahun,
                tanggal=tanggal or datetime.date(tahun, 1, 2),
                pejabat=penugasan.pejabat if penugasan else None,
            )
            messages.success(request, f"Draf PK {tahun} dibuat dari target Renstra: {pk.item_set.count()} indikator.")
        elif aksi in ("tetapkan", "perubahan"):
            pk = ambil_atau_404(
                PerjanjianKinerja.objects.all(),
                request.user,
                Aksi.UBAH,
                opd=opd,
                tahun=tahun,
                versi=request.POST.get("versi"),
                jabatan__induk__isnull=True,
            )
            if aksi == "tetapkan":
                tetapkan_pk(pk)
                messages.success(request, f"{pk.label_versi} {tahun} ditetapkan.")
            else:
                baru = buat_perubahan_pk(
                    pk, tanggal=tanggal or datetime.date.today(), alasan=request.POST.get("alasan", "")
                )
                messages.success(request, f"Draf {baru.label_versi} dibuat; ubah targetnya lalu tetapkan.")
                kembali += f"?versi={baru.versi}"
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
    semua, pk = _versi(opd, tahun, request)
    items = list(pk.item_set.select_related("indikator", "sasaran").order_by("urutan", "id")) if pk else []
    ada = {(r.item_id, r.triwulan): r for r in RencanaAksi.objects.filter(item__in=items)}
    galat = {}  # {item id: messages, each naming its quarter}
    boleh_ubah = boleh(request.user, Aksi.UBAH, opd)
    if request.method == "POST" and pk is not None and boleh_ubah:
        rencana = {}
        for item in items:
            for tw in (1, 2, 3, 4):
                pesan = []
                target = _baca_target(request.POST, f"ra-{item.id}-{tw}", item.indikator, pesan, f"TW {tw}, ")
                if pesan:
                    galat.setdefault(item.id, []).extend(pesan)
                    continue
                rencana[(item.id, tw)] = (target, (request.POST.get(f"aksi-{item.id}-{tw}") or "").strip())
        if not galat:
            try:
                simpan_target_pk(pk, None, rencana, user=request.user)
            except GalatIsian as exc:
                for (item_id, tw), pesan in sorted(exc.galat.items()):
                    galat.setdefault(item_id, []).extend(f"TW {tw}: {p}" for p in pesan)
                messages.error(request, "Ada target triwulan yang belum benar; tidak ada yang disimpan.")
            else:
                messages.success(request, "Rencana aksi tersimpan.")
                return redirect(f"{request.path}?versi={pk.versi}")
        else:
            messages.error(request, "Ada isian yang tidak dapat dibaca; tidak ada yang disimpan.")
    baris = []
    for item in items:
        kolom = []
        for tw in (1, 2, 3, 4):
            ra = ada.get((item.id, tw))
            kunci = f"ra-{item.id}-{tw}"
            if galat:  # what the user typed stays in the inputs
                isian = {
                    "target": request.POST.get(kunci, ""),
                    "atas": request.POST.get(f"{kunci}-atas", ""),
                    "aksi": request.POST.get(f"aksi-{item.id}-{tw}", ""),
                }
            elif ra is not None:
                isian = {
                    "target": format_isian(ra.target, ra.target_teks),
                    "atas": format_isian(ra.target_atas),
                    "aksi": ra.rencana_aksi,
                }
            else:
                isian = {"target": "", "atas": "", "aksi": ""}
            kolom.append({"tw": tw, "ra": ra, **isian})
        baris.append(
            {"item": item, "rentang": _rentang(item.indikator), "kolom": kolom, "galat": galat.get(item.id, [])}
        )
    context = {
        "opd": opd,
        "tahun": tahun,
        "semua": semua,
        "pk": pk,
        "baris": baris,
        "galat": galat,
        "boleh_ubah": boleh_ubah,
    }
    return render(request, "kinerja/rencana_aksi.html", context)
