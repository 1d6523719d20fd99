"""Services on the Perjanjian Kinerja: drafting from the Renstra, amending (perubahan), setting.

Each runs under the office lock (sakip.kunci) and refuses what an approved period freezes
(kinerja.penguncian); only the pimpinan (or a superuser) sets a PK (kinerja.alur).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from renstra.models import Indikator, Renstra, Sasaran, validasi_nilai
from sakip.kunci import kunci_opd

from .alur import PESAN_HANYA_PIMPINAN, boleh_menetapkan
from .models import ItemPK, PerjanjianKinerja, RencanaAksi
from .penguncian import PetaKunci


class GalatPK(ValueError):
    """A PK operation that cannot be done; the message is for the user (Bahasa Indonesia)."""


@transaction.atomic
def buat_pk_dari_renstra(jabatan, tahun, *, tanggal, pejabat=None, pk_atasan=None):
    """Draft the PK awal of `jabatan` for `tahun` from the Renstra targets of that year.

    The head of office (root jabatan) gets the IKU of the sasaran strategis; a lower
    jabatan gets the indicators of the cascade sasaran it owns.
    """
    kunci_opd(jabatan.opd_id)
    if PerjanjianKinerja.objects.filter(jabatan=jabatan, tahun=tahun).exists():
        raise GalatPK(f"PK {tahun} untuk {jabatan} sudah ada; buat perubahan bila targetnya berubah.")
    # A PK awal is in force from the start of the year: an approved period of that year freezes it.
    pesan = PetaKunci.baca([jabatan.opd_id], tahun).berlaku_sejak(jabatan.opd_id, tahun, None, f"PK {tahun}")
    if pesan:
        raise GalatPK(pesan)
    renstra = Renstra.objects.berlaku(jabatan.opd, tahun, tanggal)
    if renstra is None:
        raise GalatPK(f"Tidak ada Renstra {jabatan.opd} yang mencakup tahun {tahun}.")
    if jabatan.induk_id is None:
        sasaran = Sasaran.objects.filter(renstra=renstra, tingkat=Sasaran.Tingkat.STRATEGIS)
        indikator = Indikator.objects.filter(sasaran__in=sasaran, iku=True)
        if not indikator.exists():
            indikator = Indikator.objects.filter(sasaran__in=sasaran)
    else:
        sasaran = Sasaran.objects.filter(renstra=renstra, pemilik=jabatan)
        indikator = Indikator.objects.filter(sasaran__in=sasaran)
    indikator = list(
        indikator.select_related("sasaran")
        .prefetch_related("target_set")
        .order_by("sasaran__urutan", "sasaran_id", "urutan", "id")
    )
    if not indikator:
        raise GalatPK(f"Tidak ada indikator Renstra untuk {jabatan}; lengkapi Renstra atau cascading-nya dulu.")
    pk = PerjanjianKinerja.objects.create(
        jabatan=jabatan,
        tahun=tahun,
        versi=0,
        tanggal=tanggal,
        pejabat=pejabat,
        pk_atasan=pk_atasan,
        status=PerjanjianKinerja.Status.DRAFT,
    )
    items = []
    for urutan, ind in enumerate(indikator, 1):
        target = next((t for t in ind.target_set.all() if t.tahun == tahun), None)
        items.append(
            ItemPK(
                perjanjian=pk,
                sasaran=ind.sasaran,
                indikator=ind,
                urutan=urutan,
                target=target.nilai if target else None,
                target_atas=target.nilai_atas if target else None,
                target_teks=target.nilai_teks if target else "",
            )
        )
    ItemPK.objects.bulk_create(items)
    return pk


@transaction.atomic
def buat_perubahan_pk(pk, *, tanggal, alasan, target_baru=None):
    """A new PK version (perubahan) from `pk`: items and rencana aksi copied, targets changed.

    `target_baru` maps indikator id to the new target Decimal (or predicate text). The new
    version applies from `tanggal`; the earlier versions stay as they were.
    """
    if not alasan or not alasan.strip():
        raise GalatPK("Alasan perubahan PK wajib diisi.")
    kunci_opd(pk.opd_id)
    terakhir = PerjanjianKinerja.objects.filter(jabatan=pk.jabatan, tahun=pk.tahun).aggregate(m=Max("versi"))["m"]
    if pk.versi != terakhir:
        raise GalatPK("Perubahan hanya dapat dibuat dari versi PK terbaru.")
    if tanggal <= pk.tanggal:
        raise GalatPK("Tanggal perubahan harus setelah tanggal PK sebelumnya.")
    # A perubahan applies from its date: it may not start inside an approved period.
    pesan = PetaKunci.baca([pk.opd_id], pk.tahun).berlaku_sejak(
        pk.opd_id, pk.tahun, tanggal, f"PK Perubahan {pk.versi + 1} {pk.tahun}"
    )
    if pesan:
        raise GalatPK(pesan)
    baru = PerjanjianKinerja(
        jabatan=pk.jabatan,
        tahun=pk.tahun,
        versi=pk.versi + 1,
        tanggal=tanggal,
        alasan=alasan,
        pejabat=pk.pejabat,
        pk_atasan=pk.pk_atasan,
        status=PerjanjianKinerja.Status.DRAFT,
    )
    baru.full_clean()
    baru.save()
    target_baru = target_baru or {}
    for item in pk.item_set.prefetch_related("rencana_aksi_set").order_by("urutan", "id"):
        rencana = list(item.rencana_aksi_set.all())
        item.pk = item.id = None
        item.perjanjian = baru
        if item.indikator_id in target_baru:
            nilai = target_baru[item.indikator_id]
            if isinstance(nilai, str):
                item.target_teks = nilai
            else:
                item.target = nilai
        item.full_clean()
        item.save()
        for ra in rencana:
            ra.pk = ra.id = None
            ra.item = item
        RencanaAksi.objects.bulk_create(rencana)
    return baru


@transaction.atomic
def tetapkan_pk(pk, user):
    """A draft PK becomes the signed one: its targets no longer change (a perubahan does that).

    Only the pimpinan of the office or a superuser sets a PK (`user=None`: the system itself,
    e.g. the demo loader); a PK that would be in force for an approved period is not set.
    """
    if not boleh_menetapkan(user, pk.opd):
        raise GalatPK(PESAN_HANYA_PIMPINAN)
    kunci_opd(pk.opd_id)
    pk.refresh_from_db(fields=["status", "tanggal", "versi", "tahun"])  # as stored now, under the lock
    if pk.status != PerjanjianKinerja.Status.DRAFT:
        raise GalatPK("PK ini sudah ditetapkan; buat perubahan bila targetnya berubah.")
    pesan = PetaKunci.baca([pk.opd_id], pk.tahun).pk(pk, ditetapkan_mengunci=False)
    if pesan:
        raise GalatPK(pesan)
    if not pk.item_set.exists():
        raise GalatPK("PK tanpa indikator tidak dapat ditetapkan.")
    pk.status = PerjanjianKinerja.Status.DITETAPKAN
    pk.save(update_fields=["status"])
    return pk


class GalatIsian(GalatPK):
    """Targets that cannot be saved, nothing saved: ``galat`` maps a key (an item id, or
    (item id, triwulan) for a rencana aksi) to its messages in Bahasa Indonesia."""

    def __init__(self, galat):
        self.galat = galat
        super().__init__(" ".join(m for daftar in galat.values() for m in daftar))


def _bentuk_target(nilai):
    """A target as given to the services -> (target, batas atas, predicate text).

    Accepted: None, a Decimal, a predicate str, or a (lower, upper) pair for a range indicator.
    """
    if isinstance(nilai, tuple):
        bawah, atas = nilai
        return bawah, atas, ""
    if isinstance(nilai, str):
        return None, None, nilai
    return nilai, None, ""


def periksa_target(indikator, target, target_atas, target_teks):
    """Messages (Bahasa Indonesia) on a target of `indikator`; empty when it can be saved."""
    try:
        validasi_nilai(indikator, target, target_teks, target_atas, medan="target")
    except ValidationError as exc:
        return exc.messages
    return []


@transaction.atomic
def simpan_target_pk(pk, target_per_item, rencana_per_item=None, user=None):
    """Set targets of a draft PK's items (and, any time, its rencana aksi).

    `target_per_item`: {item id: Decimal | predicate str | None | (lower, upper) of a range
    indicator}. `rencana_per_item`: {(item id, triwulan): (target, rencana aksi text)}, the
    target in the same forms. Every target is checked against its indicator (a range target
    needs both bounds); on any error nothing is saved and GalatIsian names each bad cell.
    Unchanged values are left alone; every change is kept in history. The values replace what
    is stored (no starting values: the editors use kinerja.entri_pk instead); a set PK, a PK in
    force for an approved period and the rencana aksi of a frozen quarter are refused.
    """
    from simple_history.utils import bulk_update_with_history

    kunci_opd(pk.opd_id)
    pk.refresh_from_db(fields=["status"])
    peta = PetaKunci.baca([pk.opd_id], pk.tahun)
    items = {i.id: i for i in pk.item_set.select_related("indikator")}
    ubah = []
    galat = {}
    if target_per_item:
        if pk.status != PerjanjianKinerja.Status.DRAFT:
            raise GalatPK("Target PK yang sudah ditetapkan hanya berubah lewat perubahan PK.")
        pesan = peta.pk(pk)
        if pesan:
            raise GalatPK(pesan)
        for item_id, nilai in target_per_item.items():
            item = items[item_id]
            baru = _bentuk_target(nilai)
            pesan = periksa_target(item.indikator, *baru)
            if pesan:
                galat[item_id] = pesan
                continue
            if (item.target, item.target_atas, item.target_teks) != baru:
                item.target, item.target_atas, item.target_teks = baru
                try:
                    item.full_clean(exclude=["perjanjian", "sasaran", "indikator"], validate_constraints=False)
                except ValidationError as exc:
                    galat[item_id] = exc.messages
                    continue
                ubah.append(item)
    rencana = []
    if rencana_per_item:
        ada = {(r.item_id, r.triwulan): r for r in RencanaAksi.objects.filter(item__perjanjian=pk)}
        for (item_id, triwulan), (target, aksi) in rencana_per_item.items():
            r = ada.get((item_id, triwulan))
            nilai = _bentuk_target(target)
            if r is None and nilai == (None, None, "") and not aksi:
                continue
            pesan = periksa_target(items[item_id].indikator, *nilai)
            if pesan:
                galat[(item_id, triwulan)] = pesan
                continue
            if r is not None and (r.target, r.target_atas, r.target_teks, r.rencana_aksi) == (*nilai, aksi):
                continue
            pesan = peta.triwulan(pk.opd_id, pk.tahun, triwulan, "Rencana aksi")
            if pesan:
                galat[(item_id, triwulan)] = [pesan]
                continue
            r = r or RencanaAksi(item=items[item_id], triwulan=triwulan)
            r.target, r.target_atas, r.target_teks = nilai
            r.rencana_aksi = aksi
            rencana.append(r)
    if galat:
        raise GalatIsian(galat)
    if ubah:
        bulk_update_with_history(ubah, ItemPK, ["target", "target_atas", "target_teks"], default_user=user)
    if rencana:
        from simple_history.utils import bulk_create_with_history

        baru_ra = [r for r in rencana if r.pk is None]
        ubah_ra = [r for r in rencana if r.pk is not None]
        if baru_ra:
            bulk_create_with_history(baru_ra, RencanaAksi, default_user=user)
        if ubah_ra:
            bulk_update_with_history(
                ubah_ra, RencanaAksi, ["target", "target_atas", "target_teks", "rencana_aksi"], default_user=user
            )
    return len(ubah)
