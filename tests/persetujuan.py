"""Test helper: put a period's data in an approval state, with the approval on a given day."""

import datetime

from django.utils import timezone

from kinerja.models import RiwayatStatus, StatusPeriode


def setujui(opd, tahun, periode="TAHUN", pada=datetime.date(2025, 1, 15), status=StatusPeriode.Status.DISETUJUI):
    """Record the pimpinan's approval of the period on `pada` (10:00 local), then `status`."""
    sp, _ = StatusPeriode.objects.update_or_create(opd=opd, tahun=tahun, periode=periode, defaults={"status": status})
    riwayat = RiwayatStatus.objects.create(
        status_periode=sp, dari=StatusPeriode.Status.DIAJUKAN, ke=StatusPeriode.Status.DISETUJUI
    )
    waktu = timezone.make_aware(datetime.datetime.combine(pada, datetime.time(10)))
    RiwayatStatus.objects.filter(pk=riwayat.pk).update(waktu=waktu)
    return sp
