"""Login and passwords: the client address login throttling counts by, the lockout page, the
password forms in our words.

Failed logins are counted per user name and client address together (settings.AXES_*): after
`AXES_FAILURE_LIMIT` failures that pair is refused for `AXES_COOLOFF_TIME`, on /masuk/ and on the
admin login alike. An admin lifts a lock early with `buka_kunci` (the user list action).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.shortcuts import render


def alamat_klien(request) -> str | None:
    """The client's address. Behind `SAKIP_PROXY_JUMLAH` reverse proxies it is the address the
    outermost of them appended to X-Forwarded-For (counted from the right: entries to the left
    are whatever the client sent); without a proxy the header is ignored and REMOTE_ADDR counts."""
    jumlah = getattr(settings, "SAKIP_PROXY_JUMLAH", 0)
    if jumlah > 0:
        diteruskan = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(diteruskan) >= jumlah:
            return diteruskan[-jumlah]
    return request.META.get("REMOTE_ADDR")


def _menit(selang) -> int:
    return max(1, round(selang.total_seconds() / 60)) if selang else 0


def halaman_terkunci(request, original_response=None, credentials=None):
    """The lockout answer of both logins: our page, in Indonesian, status 429."""
    context = {
        "menit": _menit(settings.AXES_COOLOFF_TIME),
        "batas": settings.AXES_FAILURE_LIMIT,
        "admin": request.path.startswith("/admin/"),
    }
    return render(request, "sakip/terkunci.html", context, status=429)


def buka_kunci(pengguna) -> int:
    """Lift the login lock of these accounts, from every address; the number of records removed."""
    from axes.utils import reset

    return sum(reset(username=p.username) for p in pengguna)


def _label_kata_sandi_baru(form):
    # Django's Indonesian labels say "sandi"; the application says "kata sandi" everywhere.
    form.fields["new_password1"].label = "Kata sandi baru"
    form.fields["new_password2"].label = "Ulangi kata sandi baru"
    form.fields["new_password2"].help_text = ""


class FormKataSandiBaru(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_kata_sandi_baru(self)


class FormGantiKataSandi(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Kata sandi sekarang"
        _label_kata_sandi_baru(self)
