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


@register.filter
def nilai_target(obj):
    """A target (PK item or rencana aksi) as a grid input value: "98,5", or its predicate."""
    if getattr(obj, "target_teks", ""):
        return obj.target_teks
    if obj.target is None:
        return ""
    return str(normalisasi_nilai(obj.target)).replace(".", ",")


@register.filter
def ambil(data, kunci):
    """The posted value of input t-<kunci> (to show what the user typed after an error)."""
    return data.get(f"t-{kunci}", "")
