from django import template

from sakip.formatting import format_isian

register = template.Library()


@register.simple_tag
def isian_renstra(data, ind, medan):
    """An indicator cell of the Renstra grid: what was posted after an error, else the stored value."""
    if data is not None and f"i-{ind.id}-{medan}" in data:
        return data[f"i-{ind.id}-{medan}"]
    if medan == "akhir":
        return format_isian(ind.target_akhir, ind.target_akhir_teks)
    return getattr(ind, medan)


@register.simple_tag
def target_renstra(data, ind, tahun, medan=""):
    """A yearly target cell (``medan="atas"``: the upper bound of a range target), unrounded."""
    kunci = f"t-{ind.id}-{tahun}" + (f"-{medan}" if medan else "")
    if data is not None and kunci in data:
        return data[kunci]
    t = getattr(ind, "target_tahun", {}).get(tahun)
    if t is None:
        return ""
    return format_isian(t.nilai_atas) if medan == "atas" else format_isian(t.nilai, t.nilai_teks)
