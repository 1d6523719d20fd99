"""Pemda pages of the evaluation: every office's LKE for the inspectorate, and the year's tree."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from sakip.akses import Aksi, batasi, boleh, opd_terlihat, pemda_terlihat
from sakip.tahun import tahun_sah

from .alur import lihat_penetapan
from .kerangka import BERKAS_88_2021, GalatKerangka, baca_berkas, muat_kerangka, pohon, salin_kerangka
from .models import EvaluasiLKE, JawabanLKE, LembarKerja
from .nilai import hitung_nilai, semua_kriteria


def _pemda(request):
    """The Pemda the page shows: `?pemda=<id>` among those the user reaches, else the user's own
    (or the first one a superuser sees); 404 when out of reach."""
    daftar = list(pemda_terlihat(request.user).order_by("nama"))
    if not daftar:
        raise Http404("Tidak ada pemda dalam jangkauan Anda.")
    diminta = request.GET.get("pemda")
    if diminta:
        pilih = next((p for p in daftar if str(p.id) == diminta), None)
        if pilih is None:
            raise Http404("Pemda tidak ditemukan.")
        return pilih, daftar
    sendiri = next((p for p in daftar if p.id == request.user.pemda_id), None)
    return sendiri or daftar[0], daftar


@login_required
def lke_pemda(request, tahun):
    """Every office of the Pemda (within the user's reach): status, scores and predikat of its LKE."""
    pemda, daftar_pemda = _pemda(request)
    lembar = LembarKerja.objects.filter(pemda=pemda, tahun=tahun).first()
    daftar_opd = list(
        opd_terlihat(request.user).filter(pemda=pemda, aktif=True).select_related("pemda").order_by("nama")
    )
    evaluasi = {e.opd_id: e for e in EvaluasiLKE.objects.filter(opd__in=daftar_opd, tahun=tahun)}
    baris = []
    if lembar is not None:
        struktur = pohon(lembar)
        jumlah = len(semua_kriteria(struktur))
        jawaban = defaultdict(dict)
        for j in JawabanLKE.objects.filter(evaluasi__in=list(evaluasi.values())).select_related("usulan", "penetapan"):
            jawaban[j.evaluasi_id][j.kriteria_id] = j
        for opd in daftar_opd:
            e = evaluasi.get(opd.id)
            j = jawaban[e.id] if e else {}
            usulan = hitung_nilai(lembar, struktur, {k: x.usulan for k, x in j.items()}) if e else None
            lihat = lihat_penetapan(request.user, opd, e)
            penetapan = hitung_nilai(lembar, struktur, {k: x.penetapan for k, x in j.items()}) if e and lihat else None
            baris.append(
                {
                    "opd": opd,
                    "evaluasi": e,
                    "usulan": usulan,
                    "penetapan": penetapan,
                    "dijawab_usulan": sum(1 for x in j.values() if x.usulan_id),
                    "dijawab_penetapan": sum(1 for x in j.values() if x.penetapan_id),
                    "jumlah": jumlah,
                    "lhe": e is not None and lihat,
                }
            )
    rekap = defaultdict(int)
    for b in baris:
        if b["evaluasi"] and b["evaluasi"].final and b["penetapan"]:
            rekap[b["penetapan"].kode_predikat] += 1
    context = {
        "tahun": tahun,
        "pemda": pemda,
        "daftar_pemda": daftar_pemda,
        "lembar": lembar,
        "baris": baris,
        "rekap": sorted(rekap.items(), key=lambda x: [p.kode for p in lembar.pita_set.all()].index(x[0]))
        if lembar
        else [],
        "tahun_ada": sorted(
            set(LembarKerja.objects.filter(pemda=pemda).values_list("tahun", flat=True)) | {tahun}, reverse=True
        ),
    }
    return render(request, "lke/pemda.html", context)


def _angka(nilai):
    teks = format(nilai, "f")
    return (teks.rstrip("0").rstrip(".") if "." in teks else teks).replace(".", ",")


def rentang_pita(pita):
    """[(band, its range as the regulation writes it: "> 80 – 90", "≤ 30")], highest first."""
    hasil = []
    for i, p in enumerate(pita):
        atas = pita[i - 1] if i else None
        if p.batas_bawah is None:
            teks = "–" if atas is None else ("< " if atas.inklusif else "≤ ") + _angka(atas.batas_bawah)
        else:
            teks = ("≥ " if p.inklusif else "> ") + _angka(p.batas_bawah)
            if atas is not None and atas.batas_bawah is not None:
                teks += f" – {_angka(atas.batas_bawah)}"
        hasil.append((p, teks))
    return hasil


@login_required
def kerangka(request, tahun):
    """The LKE tree of the Pemda's year: readable by everyone of the Pemda; the admin pemda loads
    the PermenPANRB 88/2021 tree or copies another year's (then adjusts it in the admin)."""
    pemda, daftar_pemda = _pemda(request)
    kelola = boleh(request.user, Aksi.KELOLA, pemda)
    lembar = LembarKerja.objects.filter(pemda=pemda, tahun=tahun).first()
    if request.method == "POST":
        url = reverse("lke_kerangka", args=[tahun]) + f"?pemda={pemda.id}"
        if not kelola:
            messages.error(request, "Hanya admin pemda yang menyiapkan LKE.")
            return redirect(url)
        if lembar is not None:
            messages.error(request, f"LKE {tahun} {pemda} sudah ada; ubah di Data induk.")
            return redirect(url)
        try:
            if request.POST.get("aksi") == "salin":
                asal = (
                    batasi(LembarKerja.objects.filter(pemda=pemda), request.user, Aksi.KELOLA)
                    .filter(tahun=tahun_sah(request.POST.get("dari")))
                    .first()
                )
                if asal is None:
                    raise GalatKerangka("Pilih tahun LKE yang disalin.")
                salin_kerangka(asal, tahun, user=request.user)
                messages.success(request, f"LKE {asal.tahun} disalin ke {tahun}. Sesuaikan di Data induk bila perlu.")
            else:
                muat_kerangka(pemda, tahun, baca_berkas(BERKAS_88_2021), user=request.user)
                messages.success(request, f"LKE PermenPANRB 88/2021 dimuat untuk {tahun}.")
        except GalatKerangka as exc:
            messages.error(request, str(exc))
        return redirect(url)
    struktur = pohon(lembar) if lembar else []
    context = {
        "tahun": tahun,
        "pemda": pemda,
        "daftar_pemda": daftar_pemda,
        "lembar": lembar,
        "pohon": struktur,
        "jumlah_kriteria": len(semua_kriteria(struktur)),
        "kelola": kelola,
        "tahun_lain": list(
            LembarKerja.objects.filter(pemda=pemda)
            .exclude(tahun=tahun)
            .order_by("-tahun")
            .values_list("tahun", flat=True)
        ),
        "pita": rentang_pita(list(lembar.pita_set.all())) if lembar else [],
        "skala": list(lembar.skala_set.prefetch_related("pilihan_set")) if lembar else [],
        "catatan": hitung_nilai(lembar, struktur, {}).catatan if lembar else [],
    }
    return render(request, "lke/kerangka.html", context)
