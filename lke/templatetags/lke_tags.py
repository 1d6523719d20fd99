"""Filters of the LKE templates."""

from decimal import Decimal

from django import template

from sakip.formatting import KOSONG, format_angka

register = template.Library()


@register.filter
def bobot(nilai):
    """A weight as the LKE prints it: ``Decimal("30.0000")`` -> ``30``, ``4.5000`` -> ``4,5``."""
    if nilai is None:
        return KOSONG
    if not isinstance(nilai, Decimal):
        return nilai
    teks = format(nilai, "f")
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return format_angka(Decimal(teks))
