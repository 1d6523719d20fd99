"""The reference code list: load it, and apply it to an office-year as an empty budget tree."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from .models import (
    ItemAnggaran,
    Nomenklatur,
    Tingkat,
    TingkatPemda,
    kode_induk,
    normalisasi_kode,
    tingkat_dari_kode,
    tingkat_pemda,
)

DIREKTORI = Path(settings.BASE_DIR) / "fixtures" / "nomenklatur"


@transaction.atomic
def muat_nomenklatur(berkas=None):
    """Load the code lists of fixtures/nomenklatur (or the given files); returns (created, updated).
    A row is found by its code and government level (`tingkat_pemda`: written for a program,
    by the level digit for a kegiatan or sub kegiatan)."""
    dibuat = diubah = 0
    for path in berkas or sorted(DIREKTORI.glob("*.json")):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for baris in data["item"]:
            kode = normalisasi_kode(baris["kode"])
            if tingkat_dari_kode(kode) is None:
                raise ValueError(f"{path}: kode {kode!r} tidak sesuai format Kepmendagri 050-5889.")
            tertulis = baris.get("tingkat_pemda") or ""
            if tertulis not in TingkatPemda.values:
                raise ValueError(f"{path}: kode {kode}: tingkat_pemda {tertulis!r} tidak dikenal.")
            tingkat = Nomenklatur.tingkat_pemda_untuk(kode, tertulis)
            obj, baru = Nomenklatur.objects.get_or_create(
                kode=kode, tingkat_pemda=tingkat, defaults={"nama": baris["nama"]}
            )
            if baru:
                dibuat += 1
            elif obj.nama != baris["nama"]:
                obj.nama = baris["nama"]
                obj.save()
                diubah += 1
    return dibuat, diubah


def _untuk_tingkat(tingkat_pemda):
    """The rows of the list that count for a government level: its own and the shared ones."""
    return Q(tingkat_pemda=TingkatPemda.SEMUA) | Q(tingkat_pemda=tingkat_pemda)


def kode_dikenal(kode_list, tingkat_pemda):
    """The subset of `kode_list` in the reference list for a government level (`tingkat_pemda`
    of the office: "provinsi" or "kabupaten_kota"): a row of that level or of both."""
    return set(
        Nomenklatur.objects.filter(_untuk_tingkat(tingkat_pemda), kode__in=list(kode_list)).values_list(
            "kode", flat=True
        )
    )


def _lingkup(kode):
    """What the list must cover for `kode` to be judged: its parent (a program: its urusan.bidang)."""
    return kode_induk(kode) or ".".join(kode.split(".")[:2])


def kode_tidak_dikenal(kode_list, tingkat_pemda):
    """Codes not in the reference list of a government level. A code is judged only where the
    list covers its parent's children for that level (holds at least one code starting with
    `<parent>.`; for a program, with `<urusan>.<bidang>.`): a part of the list not loaded yet
    (another urusan, the provincial sub kegiatan of a kegiatan) refuses nothing."""
    kode_list = {k for k in kode_list if tingkat_dari_kode(k)}
    if not kode_list:
        return set()
    bidang = {".".join(k.split(".")[:2]) for k in kode_list}
    awalan = Q()
    for b in bidang:
        awalan |= Q(kode__startswith=b + ".")
    dikenal, tercakup = set(), set()
    for kode in Nomenklatur.objects.filter(_untuk_tingkat(tingkat_pemda)).filter(awalan).values_list("kode", flat=True):
        dikenal.add(kode)
        bagian = kode.split(".")
        tercakup.update(".".join(bagian[:n]) for n in range(2, len(bagian)))
    return {k for k in kode_list if _lingkup(k) in tercakup} - dikenal


@transaction.atomic
def terapkan_nomenklatur(opd, tahun, awalan):
    """Create the budget items of the reference list under `awalan` (e.g. "2.12" or "2.12.02"),
    with their ancestors, for an office-year; existing items are left as they are. Only the
    office's level: the programs of both levels or its own, the kegiatan and sub kegiatan of its
    level digit.
    Returns the number of items created."""
    awalan = normalisasi_kode(awalan)
    leluhur, k = [], kode_induk(awalan) if tingkat_dari_kode(awalan) else None
    while k:
        leluhur.append(k)
        k = kode_induk(k)
    tingkat = tingkat_pemda(opd)
    daftar = (
        Nomenklatur.objects.filter(Q(kode=awalan) | Q(kode__startswith=awalan + ".") | Q(kode__in=leluhur))
        .filter(
            Q(tingkat=Tingkat.PROGRAM, tingkat_pemda__in=[TingkatPemda.SEMUA, tingkat])
            | Q(tingkat__in=[Tingkat.KEGIATAN, Tingkat.SUB_KEGIATAN], tingkat_pemda=tingkat)
        )
        .order_by("kode")
    )
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
