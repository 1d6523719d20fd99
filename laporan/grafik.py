"""Server-side SVG charts: the same markup shows in the browser and in the PDF (no JavaScript).

Every text written into the markup goes through `escape` (html.escape with quotes): the charts are
inserted unescaped into the page (laporan_tags.grafik), so an indicator name must never close an
attribute or open an element.
"""

from decimal import ROUND_CEILING, Decimal
from html import escape

from sakip.formatting import format_angka, format_nilai

LEBAR, TINGGI = 520, 230
KIRI, KANAN, ATAS, BAWAH = 52, 12, 26, 34
BIRU, MERAH, ABU = "#1f4e79", "#b3261e", "#5f6b76"
_KELIPATAN = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def _desimal(nilai):
    """How many decimals a Decimal carries once trailing zeros are dropped (25 -> 0, 2.50 -> 1)."""
    return max(0, -nilai.normalize().as_tuple().exponent)


def _atas_sumbu(maks, presisi=None):
    """A round top for the y axis and its step (about 4 grid lines), as Decimals.

    The step is 1, 2, 2.5 or 5 times a power of ten, with at most `presisi` decimals (so every
    axis label can be printed at the indicator's precision).
    """
    if maks <= 0:
        maks = Decimal(1)
    kasar = maks / 4
    pangkat = Decimal(1).scaleb(kasar.adjusted())  # 10 ** floor(log10(kasar))
    kandidat = [f * pangkat for f in _KELIPATAN]
    if presisi is not None:
        kandidat = [k for k in kandidat if _desimal(k) <= presisi] + [Decimal(1).scaleb(-presisi)]
    langkah = min(k for k in kandidat if k >= kasar)
    return langkah * (maks / langkah).to_integral_value(ROUND_CEILING), langkah


def _label(nilai, presisi=None):
    """A value as the tables print it (72,717149 -> 72,72 at precision 2; 98 -> 98)."""
    return format_nilai(nilai, presisi)


# A value label at font-size 10: its box reaches TINGGI_HURUF above the baseline and TURUN below it.
TINGGI_HURUF, TURUN, CELAH = 8.0, 2.0, 1.5


def _lebar_teks(teks):
    """Width in px of a label at font-size 10 (DejaVu Sans digits are 6.4 px, the comma 3.2 px)."""
    return sum(3.2 if c in ",." else 6.4 for c in teks)


def _garis_di(target, x):
    """The y of the target line at x (the polyline between the points; a lone point is flat)."""
    if not target:
        return None
    if x <= target[0][0]:
        return target[0][1]
    for (x1, y1), (x2, y2) in zip(target, target[1:], strict=False):
        if x1 <= x <= x2:
            return y1 + (y2 - y1) * (x - x1) / (x2 - x1)
    return target[-1][1]


def _kena_garis(dasar, tengah, lebar, target):
    """Whether a label with this baseline, centred at `tengah`, touches the target line or a marker."""
    if not target:
        return False
    atas, bawah = dasar - TINGGI_HURUF - CELAH, dasar + TURUN + CELAH
    xs = [tengah - lebar / 2, tengah, tengah + lebar / 2]
    xs += [x for x, _y in target if tengah - lebar / 2 < x < tengah + lebar / 2]
    ys = [_garis_di(target, x) for x in xs]
    if len(target) == 1:  # no line, only the marker (r = 3) at its own x
        x0, y0 = target[0]
        return abs(x0 - tengah) < lebar / 2 + 3 and atas - 3 < y0 < bawah + 3
    return min(ys) - 3 < bawah and max(ys) + 3 > atas


def _posisi_label(tengah, puncak, dasar_plot, lebar, target):
    """(baseline, inside the bar) of a bar's value label, clear of the target line.

    Tried in order: just inside the top of a tall bar, just above the bar, then just below and
    just above the target line; the first that touches neither the line nor a marker, and lies
    wholly inside the bar (white text) or wholly outside it (dark text), wins."""
    calon = ([puncak + 12] if dasar_plot - puncak > 18 else []) + [puncak - 4]
    if target:
        garis = [_garis_di(target, x) for x in (tengah - lebar / 2, tengah, tengah + lebar / 2)]
        calon += [max(garis) + 3 + CELAH + TINGGI_HURUF, min(garis) - 3 - CELAH - TURUN]
    for dasar in calon:
        atas, bawah = dasar - TINGGI_HURUF, dasar + TURUN
        di_dalam = atas > puncak + 1 and bawah < dasar_plot - 1
        di_luar = bawah < puncak
        if atas >= 0 and (di_dalam or di_luar) and not _kena_garis(dasar, tengah, lebar, target):
            return dasar, di_dalam
    return (puncak + 12, True) if dasar_plot - puncak > 18 else (puncak - 4, False)


def grafik_tren(judul, titik, presisi=None):
    """Bar chart of realisasi per year with the target as a dashed line.

    `titik`: the years of the trend (`laporan.data.TitikRiwayat`: `label`, `realisasi`, `target`
    as Decimal or None). `presisi`: the indicator's number of decimals; printed values
    (bar labels, axis) never carry more. Pixel geometry uses floats: it is drawing, not a
    reported figure.
    """
    nilai = [v for t in titik for v in (t.realisasi, t.target) if v is not None]
    if not nilai:
        return ""
    atas_d, langkah_d = _atas_sumbu(max(nilai), presisi)
    atas = float(atas_d)
    desimal_sumbu = _desimal(langkah_d)  # one format for every axis label (0,0 2,5 5,0 ...)
    lebar_plot, tinggi_plot = LEBAR - KIRI - KANAN, TINGGI - ATAS - BAWAH
    slot = lebar_plot / len(titik)
    lebar_batang = min(46.0, slot * 0.55)

    def y(v):
        return ATAS + tinggi_plot * (1 - float(v) / atas)

    bagian = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik" viewBox="0 0 {LEBAR} {TINGGI}" '
        f'role="img" aria-label="{escape(judul)}" font-family="DejaVu Sans, sans-serif" font-size="10">',
        f"<title>{escape(judul)}</title>",
    ]
    for i in range(int(atas_d / langkah_d) + 1):
        garis = langkah_d * i
        yy = y(garis)
        bagian.append(f'<line x1="{KIRI}" y1="{yy:.1f}" x2="{LEBAR - KANAN}" y2="{yy:.1f}" stroke="#d5dde5"/>')
        bagian.append(
            f'<text x="{KIRI - 6}" y="{yy + 3.5:.1f}" text-anchor="end" fill="{ABU}">'
            f"{format_angka(garis, desimal_sumbu)}</text>"
        )
    target = [(KIRI + slot * (i + 0.5), y(t.target)) for i, t in enumerate(titik) if t.target is not None]
    for i, t in enumerate(titik):
        tengah = KIRI + slot * (i + 0.5)
        if t.realisasi is not None:
            yy = y(t.realisasi)
            bagian.append(
                f'<rect x="{tengah - lebar_batang / 2:.1f}" y="{yy:.1f}" width="{lebar_batang:.1f}" '
                f'height="{ATAS + tinggi_plot - yy:.1f}" fill="{BIRU}"/>'
            )
            label = _label(t.realisasi, presisi)
            dasar, di_dalam = _posisi_label(tengah, yy, ATAS + tinggi_plot, _lebar_teks(label), target)
            bagian.append(
                f'<text x="{tengah:.1f}" y="{dasar:.1f}" text-anchor="middle" '
                f'fill="{"#fff" if di_dalam else "#1d2731"}">{label}</text>'
            )
        bagian.append(
            f'<text x="{tengah:.1f}" y="{TINGGI - BAWAH + 14}" text-anchor="middle" fill="#1d2731">'
            f"{escape(t.label)}</text>"
        )
    if target:
        if len(target) > 1:
            titik_garis = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in target)
            bagian.append(
                f'<polyline points="{titik_garis}" fill="none" stroke="{MERAH}" stroke-width="1.5" '
                f'stroke-dasharray="5 3"/>'
            )
        bagian.extend(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3" fill="{MERAH}"/>' for x, yy in target)
    legenda_y = TINGGI - 8
    bagian.append(f'<rect x="{KIRI}" y="{legenda_y - 8}" width="10" height="10" fill="{BIRU}"/>')
    bagian.append(f'<text x="{KIRI + 14}" y="{legenda_y + 1}" fill="#1d2731">Realisasi</text>')
    if target:
        bagian.append(
            f'<line x1="{KIRI + 84}" y1="{legenda_y - 3}" x2="{KIRI + 104}" y2="{legenda_y - 3}" '
            f'stroke="{MERAH}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        bagian.append(f'<text x="{KIRI + 108}" y="{legenda_y + 1}" fill="#1d2731">Target</text>')
    bagian.append("</svg>")
    return "".join(bagian)
