"""Personal API tokens: made and revoked by their owner, read by the API's Bearer authentication.

A token is ``sakip_`` and 43 random URL-safe characters (256 bits). Only its SHA-256 hash is stored
(`TokenApi.hash`): the token is shown once, when made, and cannot be shown again. A salted slow hash
is not needed for a random secret of this length (nothing to guess from a dictionary).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from .models import TokenApi

AWALAN = "sakip_"
#: `terakhir_dipakai` is written at most this often per token (not one write per request).
SELANG_CATAT = timedelta(minutes=1)
MAKS_TOKEN_AKTIF = 20


class GalatToken(Exception):
    """A token that cannot be made (the message is for the user, in Bahasa Indonesia)."""


def sidik(teks: str) -> str:
    return hashlib.sha256(teks.encode()).hexdigest()


def buat_token(pengguna, nama: str) -> tuple[TokenApi, str]:
    """A new token of `pengguna`: (the record, the token itself, to be shown once)."""
    nama = (nama or "").strip()
    if not nama:
        raise GalatToken("Beri nama token, mis. untuk apa token ini dipakai.")
    if len(nama) > TokenApi._meta.get_field("nama").max_length:
        raise GalatToken("Nama token paling banyak 100 karakter.")
    if TokenApi.objects.filter(pengguna=pengguna, dicabut__isnull=True).count() >= MAKS_TOKEN_AKTIF:
        raise GalatToken(f"Paling banyak {MAKS_TOKEN_AKTIF} token aktif; cabut token yang tidak dipakai lagi.")
    teks = AWALAN + secrets.token_urlsafe(32)
    token = TokenApi.objects.create(pengguna=pengguna, nama=nama, hash=sidik(teks), awalan=teks[: len(AWALAN) + 4])
    return token, teks


def cabut_token(pengguna, pk) -> bool:
    """Revoke one of `pengguna`'s own tokens; False when there is no such active token."""
    return bool(TokenApi.objects.filter(pengguna=pengguna, pk=pk, dicabut__isnull=True).update(dicabut=timezone.now()))


def pengguna_dari_token(teks: str):
    """(user, token) for an active token of an active user, or None. Notes when it was used (at
    most once per SELANG_CATAT, one UPDATE)."""
    if not teks or not teks.startswith(AWALAN) or len(teks) > 100:
        return None
    token = (
        TokenApi.objects.select_related("pengguna", "pengguna__opd", "pengguna__pemda")
        .filter(hash=sidik(teks), dicabut__isnull=True, pengguna__is_active=True)
        .first()
    )
    if token is None:
        return None
    sekarang = timezone.now()
    if token.terakhir_dipakai is None or sekarang - token.terakhir_dipakai >= SELANG_CATAT:
        TokenApi.objects.filter(pk=token.pk).filter(
            Q(terakhir_dipakai__isnull=True) | Q(terakhir_dipakai__lte=sekarang - SELANG_CATAT)
        ).update(terakhir_dipakai=sekarang)
        token.terakhir_dipakai = sekarang
    return token.pengguna, token
