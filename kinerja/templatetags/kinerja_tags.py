from decimal import Decimal

from django import template

from sakip.formatting import format_isian

register = template.Library()


@register.filter
def isian(baris, medan):
    """The value of a grid input: typed text as typed; stored numbers as "70,30" (no grouping,
    so the strict parser reads them back unchanged)."""
    nilai = baris.isian(medan)
    return format_isian(nilai) if isinstance(nilai, Decimal) else nilai
