"""Access control, decided in one place.

Every query for office data goes through `batasi(queryset, user, aksi)`. A model tells
how it reaches its office with the class attribute `jalur_opd` (e.g. "jabatan__opd", or ""
for OPD itself) or, for Pemda-wide data, `jalur_pemda` ("pemda", or "" for Pemda itself).
Views fetch objects from scoped querysets, so anything outside the user's reach is a 404.
"""

from enum import StrEnum

from django.http import Http404

from .models import OPD, Pemda, Peran


class Aksi(StrEnum):
    BACA = "baca"  # read
    UBAH = "ubah"  # enter and edit office data
    SETUJUI = "setujui"  # approve (head of office)
    REVIU = "reviu"  # comment and verify (inspectorate)
    KELOLA = "kelola"  # manage master data of a Pemda
    REVIU_DOKUMEN = "reviu_dokumen"  # review LKjIP documents made elsewhere (upload, mark, export)


# Which roles may do what, and over which reach ("opd" = own office, "pemda" = own Pemda).
HAK = {
    Aksi.BACA: {Peran.OPERATOR: "opd", Peran.PIMPINAN: "opd", Peran.REVIEWER: "pemda", Peran.ADMIN_PEMDA: "pemda"},
    Aksi.UBAH: {Peran.OPERATOR: "opd"},
    Aksi.SETUJUI: {Peran.PIMPINAN: "opd"},
    Aksi.REVIU: {Peran.REVIEWER: "pemda"},
    Aksi.KELOLA: {Peran.ADMIN_PEMDA: "pemda"},
    Aksi.REVIU_DOKUMEN: {Peran.REVIEWER: "pemda", Peran.ADMIN_PEMDA: "pemda"},
}


def jangkauan(user, aksi):
    """Return "semua", "opd", "pemda" or None (nothing) for the user and action."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return "semua"
    jangkauan = HAK[Aksi(aksi)].get(user.peran)
    if jangkauan == "opd" and not user.opd_id:
        return None
    if jangkauan == "pemda" and not user.pemda_id:
        return None
    return jangkauan


def _jalur(model):
    for attr, kind in (("jalur_opd", "opd"), ("jalur_pemda", "pemda")):
        if hasattr(model, attr):
            return kind, getattr(model, attr)
    raise TypeError(f"{model.__name__} tidak menyatakan jalur_opd atau jalur_pemda")


def _lookup(path, field):
    return f"{path}__{field}" if path else field


def batasi(queryset, user, aksi=Aksi.BACA):
    """Restrict a queryset to what `user` may do `aksi` on."""
    reach = jangkauan(user, aksi)
    if reach is None:
        return queryset.none()
    if reach == "semua":
        return queryset
    kind, path = _jalur(queryset.model)
    if kind == "opd":
        if reach == "opd":
            return queryset.filter(**{_lookup(path, "id"): user.opd_id})
        return queryset.filter(**{_lookup(path, "pemda_id"): user.pemda_id})
    # Pemda-wide data: office-bound users see their own Pemda's records.
    return queryset.filter(**{_lookup(path, "id"): user.pemda_id})


def boleh(user, aksi, obj):
    """Whether `user` may do `aksi` on one object (one query at most)."""
    return batasi(type(obj)._default_manager.filter(pk=obj.pk), user, aksi).exists()


def ambil_atau_404(queryset, user, aksi=Aksi.BACA, **lookup):
    """Fetch one object within the user's reach, or raise 404 (never 403: no hint it exists)."""
    try:
        return batasi(queryset, user, aksi).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Data tidak ditemukan.") from None


def opd_terlihat(user, queryset=None):
    return batasi(queryset if queryset is not None else OPD.objects.all(), user, Aksi.BACA)


def pemda_terlihat(user):
    return batasi(Pemda.objects.all(), user, Aksi.BACA)
