"""The pohon kinerja page: the office's cascade for a year as one SVG (laporan/pohon_svg.py). A GET only reads."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from sakip.akses import Aksi, ambil_atau_404
from sakip.models import OPD

from .pohon import susun_pohon
from .pohon_svg import svg_pohon


@login_required
@require_GET
def pohon_kinerja(request, kode, tahun):
    opd = ambil_atau_404(OPD.objects.select_related("pemda"), request.user, Aksi.BACA, kode=kode)
    pohon = susun_pohon(opd, tahun)
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "pohon": pohon,
        # Every text in it is escaped by svg_pohon (html.escape with quotes).
        "svg": mark_safe(svg_pohon(pohon)),  # noqa: S308
    }
    return render(request, "laporan/pohon.html", konteks)
