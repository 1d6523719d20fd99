from decimal import Decimal

from django import template

from sakip.formatting import normalisasi_nilai

register = template.Library()


@register.filter
def isian(baris, medan):
    """The value of a grid input: typed text as typed; stored numbers as "70,30" (no grouping,
    so the strict parser reads them back unchanged)."""
    nilai = baris.isian(medan)
    if isinstance(nilai, Decimal):
        return str(normalisasi_nilai(nilai)).replace(".", ",")
    return nilai
