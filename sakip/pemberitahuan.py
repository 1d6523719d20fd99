"""In-app notices and their e-mail: one call leaves a notice for each recipient and, once the
transaction that made the change commits, mails those who have an address.

The mail never decides the change: it is a background task (django.tasks, sakip.tugas) queued with
the change (a change rolled back mails nothing), so a slow mail server never holds a page, and a
failure is logged, not raised."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.functional import cached_property
from django_tasks import task

from .models import Pemberitahuan, Pengguna, Peran
from .tugas import kirim_tugas

log = logging.getLogger(__name__)


def pengguna_opd(opd_id: int, *peran: str):
    """Active accounts of one office with one of these roles."""
    return Pengguna.objects.filter(is_active=True, opd_id=opd_id, peran__in=peran)


def reviewer_pemda(pemda_id: int):
    return Pengguna.objects.filter(is_active=True, pemda_id=pemda_id, peran=Peran.REVIEWER)


def kirim(penerima: Iterable[Pengguna], teks: str, tautan: str = "", kecuali: Pengguna | None = None) -> int:
    """Leave `teks` (linking to `tautan`) for every recipient but `kecuali` (who acted), and mail it
    after commit. Returns how many notices were made."""
    orang = {p.pk: p for p in penerima if p.pk and (kecuali is None or p.pk != kecuali.pk)}
    if not orang:
        return 0
    teks = teks[:300]
    Pemberitahuan.objects.bulk_create(Pemberitahuan(penerima_id=pk, teks=teks, tautan=tautan) for pk in orang)
    alamat = sorted({p.email for p in orang.values() if p.email})
    if alamat:
        kirim_tugas(surel, alamat, teks, tautan)
    return len(orang)


@task()
def surel(alamat: list[str], teks: str, tautan: str) -> int:
    """The task that mails one notice to its addresses (the worker runs it)."""
    _surel(alamat, teks, tautan)
    return len(alamat)


def _surel(alamat: list[str], teks: str, tautan: str) -> None:
    basis = getattr(settings, "SAKIP_URL_DASAR", "").rstrip("/")
    isi = f"{teks}\n\n{basis}{tautan}\n\nPesan ini dikirim otomatis oleh SAKIP." if tautan else teks
    try:
        with get_connection(fail_silently=False) as sambungan:
            # One message per address: recipients do not see one another.
            sambungan.send_messages(
                [EmailMessage(_subjek(teks), isi, settings.DEFAULT_FROM_EMAIL, [a]) for a in alamat]
            )
    except Exception:  # noqa: BLE001 - mail is best effort; the change is already committed
        log.exception("Surel pemberitahuan gagal dikirim ke %d alamat", len(alamat))


def _subjek(teks: str) -> str:
    """One line: the text carries what users typed (a return reason, a comment), and a newline in a
    mail header is refused (BadHeaderError), which would lose the mail."""
    return "[SAKIP] " + " ".join(teks.split())[:120]


def belum_dibaca(user) -> int:
    return Pemberitahuan.objects.filter(penerima_id=user.pk, dibaca__isnull=True).count()


def tandai_dibaca(user, pk: int | None = None) -> int:
    """Mark one notice (or all) of `user` read; another user's notice is never touched."""
    qs = Pemberitahuan.objects.filter(penerima_id=user.pk, dibaca__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(dibaca=timezone.now())


class _Hitungan:
    """The header's unread count, read at most once per request and only if a page shows it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def jumlah(self) -> int:
        return belum_dibaca(self.user) if getattr(self.user, "is_authenticated", False) else 0


def konteks(request):
    """Context processor: `pemberitahuan.jumlah` for the header bell."""
    hitungan = getattr(request, "_pemberitahuan", None)
    if hitungan is None:
        hitungan = request._pemberitahuan = _Hitungan(getattr(request, "user", None))
    return {"pemberitahuan": hitungan}
