"""The reference code list: load it, and apply it to an office-year as an empty budget tree."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from .models import ItemAnggaran, Nomenklatur, kode_induk, normalisasi_kode, tingkat_dari_kode

DIREKTORI = Path(settings.BASE_DIR) / "fixtures" / "nomenklatur"


@transaction.atomic
def muat_nomenklatur(berkas=None):
    """Load the code lists of fixtures/nomenklatur (or the given files); returns (created, updated)."""
    dibuat = diubah = 0
    for path in berkas or sorted(DIREKTORI.glob("*.json")):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for baris in data["item"]:
            kode = normalisasi_kode(baris["kode"])
            if tingkat_dari_kode(kode) is None:
                raise ValueError(f"{path}: kode {kode!r} tidak sesuai format Kepmendagri 050-5889.")
            obj, baru = Nomenklatur.objects.get_or_create(kode=kode, defaults={"nama": baris["nama"]})
            if baru:
                dibuat += 1
            elif obj.nama != baris["nama"]:
                obj.nama = baris["nama"]
                obj.save()
                diubah += 1
    return dibuat, diubah


def kode_dikenal(kode_list):
    """The subset of `kode_list` that is in the reference list."""
    return set(Nomenklatur.objects.filter(kode__in=list(kode_list)).values_list("kode", flat=True))


def kode_tidak_dikenal(kode_list):
    """Codes not in the reference list, judged only for urusan.bidang whose list is loaded."""
    kode_list = set(kode_list)
    bidang = {".".join(k.split(".")[:2]) for k in kode_list}
    bidang_dimuat = {b for b in bidang if Nomenklatur.objects.filter(kode__startswith=b + ".").exists()}
    diperiksa = {k for k in kode_list if ".".join(k.split(".")[:2]) in bidang_dimuat}
    return diperiksa - kode_dikenal(diperiksa)


@transaction.atomic
def terapkan_nomenklatur(opd, tahun, awalan):
    """Create the budget items of the reference list under `awalan` (e.g. "2.12" or "2.12.02"),
    with their ancestors, for an office-year; existing items are left as they are.
    Returns the number of items created."""
    awalan = normalisasi_kode(awalan)
    leluhur, k = [], kode_induk(awalan) if tingkat_dari_kode(awalan) else None
    while k:
        leluhur.append(k)
        k = kode_induk(k)
    daftar = Nomenklatur.objects.filter(
        Q(kode=awalan) | Q(kode__startswith=awalan + ".") | Q(kode__in=leluhur)
    ).order_by("kode")
    ada = set(ItemAnggaran.objects.filter(opd=opd, tahun=tahun).values_list("kode", flat=True))
    dibuat = 0
    for n in daftar:
        induk = kode_induk(n.kode)
        if n.kode in ada or (induk and induk not in ada):
            continue  # already there, or its parent is missing from the list
        ItemAnggaran.objects.create(opd=opd, tahun=tahun, kode=n.kode, nama=n.nama, urutan=dibuat)
        ada.add(n.kode)
        dibuat += 1
    return dibuat
