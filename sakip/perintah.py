"""Shared argument handling of the office reports on the command line (pengukuran, anggaran, ...)."""

from django.core.management.base import CommandError

from sakip.rumus import Periode

from .models import OPD

SEMUA_PERIODE = list(Periode.__members__)


def tambah_argumen_opd(parser, bantuan_periode="TW1, TW2, TW3, TW4, S1, S2 atau TAHUN", bentuk=("json", "text")):
    parser.add_argument("--opd", required=True, help="kode OPD, misalnya disdukcapil-dumai")
    parser.add_argument("--tahun", required=True, help="tahun, misalnya 2024")
    parser.add_argument("--periode", default="TAHUN", help=bantuan_periode)
    parser.add_argument("--format", default=bentuk[-1], dest="bentuk", help=" atau ".join(bentuk))


def baca_argumen_opd(opd, tahun, periode, bentuk, periode_sah=SEMUA_PERIODE, bentuk_sah=("json", "text")):
    """Validate --opd/--tahun/--periode/--format; returns (OPD, year, Periode). Errors in Indonesian."""
    if bentuk not in bentuk_sah:
        raise CommandError(f"Format {bentuk!r} tidak dikenal. Pilihan: {', '.join(bentuk_sah)}.")
    try:
        tahun = int(tahun)
    except ValueError:
        raise CommandError(f"Tahun {tahun!r} bukan angka tahun.") from None
    periode = periode.upper()
    if periode not in periode_sah:
        raise CommandError(f"Periode {periode!r} tidak dikenal. Pilihan: {', '.join(periode_sah)}.")
    objek = OPD.objects.select_related("pemda").filter(kode=opd).first()
    if objek is None:
        raise CommandError(f"OPD dengan kode {opd!r} tidak ditemukan.")
    return objek, tahun, Periode(periode)
