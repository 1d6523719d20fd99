"""Review checks of the cascade: every PK in force, against its superior's PK.

`periksa_cascade(opd, tahun, periode, hasil)` reads the measurement of every PK in force
(`Pengukuran.semua_perjanjian`, head first) and returns findings:

- `target_pk_bertentangan`: a child PK carries an indicator of its superior's PK with another
  target for the same year (a weaker one, by the indicator's direction, is an error: with one
  realisation the child's target can be met while the superior's is not);
- `tanpa_target`: a PK item without a target (no capaian can be computed);
- `belum_diukur`: an indicator found only in eselon III/IV PKs has no realisation once the period
  is over (the head's indicators are checked by `periksa_opd`);
- `pk_tanpa_atasan`: a PK other than the head's that names no superior PK (`perjanjian_atasan`);
- `sasaran_tanpa_induk`: a sasaran of a child PK related to nothing in its superior's PK: none of
  its indicators is in the superior's PK, and neither it nor any sasaran above it in the cascade
  (`Sasaran.induk`) is a sasaran of the superior's PK.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from kinerja.pengukuran import akhir_periode
from renstra.models import Sasaran
from sakip import rumus
from sakip.formatting import format_angka, normalisasi_nilai

from .temuan import GALAT, PERINGATAN, Temuan


def _n(nilai):
    return format_angka(normalisasi_nilai(nilai)) if nilai is not None else "–"


def teks_target(item, satuan):
    """A PK item's target as printed in a message: "90 %", "60–80 %", "A"."""
    if item.target_teks:
        return item.target_teks
    if item.target_atas is not None:
        return f"{_n(item.target)}–{_n(item.target_atas)} {satuan}".strip()
    return f"{_n(item.target)} {satuan}".strip()


def _lebih_ringan(indikator, anak, induk):
    """'rendah'/'tinggi' when the child's target asks less than the parent's, by direction; else None."""
    if anak.target_teks or induk.target_teks or anak.target_atas is not None or induk.target_atas is not None:
        return None  # predicates and ranges: only "different" can be judged without ambiguity
    if anak.target is None or induk.target is None:
        return None
    if indikator.arah == rumus.Arah.NAIK and anak.target < induk.target:
        return "rendah"
    if indikator.arah == rumus.Arah.TURUN and anak.target > induk.target:
        return "tinggi"
    return None


def periksa_cascade(opd, tahun, periode, hasil, hari_ini=None):
    """The cascade findings of an office's measurement (see the module docstring)."""
    periode = rumus.Periode(periode)
    hari_ini = hari_ini or datetime.date.today()
    kepala = hasil.perjanjian
    url_pk = reverse("pk_editor", args=[opd.kode, tahun])
    url_grid = reverse("realisasi_grid", args=[opd.kode, tahun, periode.value])
    url_renstra = reverse("renstra_editor", args=[opd.kode])

    def tautan(perjanjian):
        # The head's PK has its editor; the PKs of eselon III/IV are kept in the admin.
        if perjanjian.id == kepala.id:
            return url_pk
        return reverse("admin:kinerja_perjanjiankinerja_change", args=[perjanjian.id])

    def objek(perjanjian, jenis, id_):
        # The head's rows keep the measurement's keys: the reviewer's findings sit beside them.
        if perjanjian.id == kepala.id and jenis == "indikator":
            return f"indikator:{id_}"
        return f"jabatan:{perjanjian.jabatan_id}:{jenis}:{id_}"

    temuan = []
    per_perjanjian = {p.perjanjian.id: p for p in hasil.semua_perjanjian}
    milik_kepala = {h.indikator.id for h in hasil.semua_indikator}
    sudah_dilaporkan = set()
    periode_lewat = akhir_periode(tahun, periode) < hari_ini
    induk_sasaran = None  # fetched once, only when a child PK has a superior

    for p in hasil.semua_perjanjian:
        perjanjian, jabatan = p.perjanjian, p.jabatan.nama
        label = f"{perjanjian.label_versi} {jabatan} {tahun}"
        for h in p.semua_indikator:
            if h.item is None:
                continue
            if h.item.target is None and h.item.target_atas is None and not h.item.target_teks:
                temuan.append(
                    Temuan(
                        "tanpa_target",
                        PERINGATAN,
                        f"Indikator \u201c{h.indikator.nama}\u201d pada {label} belum memiliki target: "
                        "capaiannya tidak dapat dihitung.",
                        tautan(perjanjian),
                        objek(perjanjian, "indikator", h.indikator.id),
                    )
                )
        if perjanjian.id == kepala.id:
            continue

        # Measured only here (not in the head's PK) and the period is over: no realisation yet.
        for h in p.semua_indikator:
            ind = h.indikator
            if ind.id in milik_kepala or ind.id in sudah_dilaporkan or not periode_lewat:
                continue
            if h.realisasi is None and not h.realisasi_teks:
                sudah_dilaporkan.add(ind.id)
                temuan.append(
                    Temuan(
                        "belum_diukur",
                        GALAT,
                        f"Indikator \u201c{ind.nama}\u201d pada {label} belum memiliki realisasi untuk "
                        f"{periode.label} {tahun}.",
                        url_grid,
                        f"indikator:{ind.id}",
                    )
                )

        if perjanjian.perjanjian_atasan_id is None:
            saran = f" Pilih PK {p.atasan.jabatan.nama} sebagai PK atasan." if p.atasan else ""
            temuan.append(
                Temuan(
                    "pk_tanpa_atasan",
                    PERINGATAN,
                    f"{label} (eselon {p.jabatan.eselon}) tidak menyebut PK atasan.{saran}",
                    tautan(perjanjian),
                    f"jabatan:{perjanjian.jabatan_id}",
                )
            )
        if p.atasan is None:
            continue
        atasan = per_perjanjian[p.atasan.id]
        nama_atasan = f"{atasan.perjanjian.label_versi} {atasan.jabatan.nama}"
        item_atasan = {h.indikator.id: h.item for h in atasan.semua_indikator if h.item is not None}
        sasaran_atasan = {i.sasaran_id for i in item_atasan.values()}

        for h in p.semua_indikator:
            ind, induk = h.indikator, item_atasan.get(h.indikator.id)
            if h.item is None or induk is None:
                continue
            sama = (h.item.target, h.item.target_atas, h.item.target_teks) == (
                induk.target,
                induk.target_atas,
                induk.target_teks,
            )
            if sama:
                continue
            ringan = _lebih_ringan(ind, h.item, induk)
            anak_teks, induk_teks = teks_target(h.item, ind.satuan), teks_target(induk, ind.satuan)
            if ringan:
                pesan = (
                    f"Target \u201c{ind.nama}\u201d pada {label} ({anak_teks}) lebih {ringan} dari target "
                    f"pada {nama_atasan} ({induk_teks}): dengan satu realisasi, target PK {jabatan} dapat "
                    f"tercapai sementara target PK {atasan.jabatan.nama} tidak."
                )
            else:
                pesan = (
                    f"Target \u201c{ind.nama}\u201d pada {label} ({anak_teks}) berbeda dengan target "
                    f"pada {nama_atasan} ({induk_teks}) untuk indikator yang sama."
                )
            temuan.append(
                Temuan(
                    "target_pk_bertentangan",
                    GALAT if ringan else PERINGATAN,
                    pesan,
                    tautan(perjanjian),
                    objek(perjanjian, "indikator", ind.id),
                )
            )

        if induk_sasaran is None:
            induk_sasaran = dict(Sasaran.objects.filter(renstra__opd=opd).values_list("id", "induk_id"))
        for s in p.sasaran:
            if any(h.indikator.id in item_atasan for h in s.indikator):
                continue
            node, dilihat, terkait = s.sasaran.id, set(), False
            while node is not None and node not in dilihat:
                if node in sasaran_atasan:
                    terkait = True
                    break
                dilihat.add(node)
                node = induk_sasaran.get(node)
            if not terkait:
                temuan.append(
                    Temuan(
                        "sasaran_tanpa_induk",
                        PERINGATAN,
                        f"Sasaran \u201c{s.sasaran.uraian}\u201d pada {label} tidak terkait dengan sasaran "
                        f"atau indikator {nama_atasan}: isi induk cascading sasaran ini di Renstra, atau "
                        "ganti dengan sasaran yang mendukung PK atasan.",
                        url_renstra,
                        f"jabatan:{perjanjian.jabatan_id}:sasaran:{s.sasaran.id}",
                    )
                )
    return temuan
