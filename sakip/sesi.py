"""Sessions: an idle end that moves with activity, and an ended session seen from the grids.

A session ends `SESSION_COOKIE_AGE` after the last request (settings.SAKIP_SESI_MENIT). Moving the
end is a write of the session row; `SesiBergulirMiddleware` does it at most once a minute rather
than on every request (SESSION_SAVE_EVERY_REQUEST): the grids ask the server per keystroke, and on
SQLite every write takes the database's write lock.

An ended session and htmx: htmx requests get 401, never the login page.

`login_required` answers a request of an ended session with a redirect to the login page;
htmx follows it and would swap the login form into a grid cell. For htmx requests that redirect
becomes 401 with a short message: htmx does not swap a 401, and `static/js/sesi.js` shows the
"Sesi Anda berakhir" banner instead, keeping what was typed.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import resolve_url

#: When the session's end was last moved (seconds since the epoch), kept in the session.
KUNCI_DIPERBARUI = "sakip_sesi_diperbarui"
#: The end moves at most this often: the idle time is exact to this many seconds.
SELANG_PERBARUI = 60

PESAN_SESI_BERAKHIR = "Sesi Anda berakhir. Masuk lagi di tab baru, lalu simpan lagi — isian Anda tetap di halaman ini."


def sesi_berakhir():
    response = HttpResponse(f'<p class="msg msg-error">{PESAN_SESI_BERAKHIR}</p>', status=401)
    response["Cache-Control"] = "no-store"
    return response


class SesiHtmxMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and not request.user.is_authenticated
            and urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
        ):
            return sesi_berakhir()
        return response


@receiver(user_logged_in)
def _catat_login(sender, request, user, **kwargs):
    # The login saves the session (and its end) anyway.
    if request is not None and hasattr(request, "session"):
        request.session[KUNCI_DIPERBARUI] = int(time.time())


class SesiBergulirMiddleware:
    """Moves a signed-in session's end to SESSION_COOKIE_AGE from now, at most once a minute
    (marking the session modified makes SessionMiddleware save it with a new end)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # Only a signed-in browser session: an API token request has none, and must not get one.
        if user is not None and user.is_authenticated and SESSION_KEY in request.session:
            sekarang = int(time.time())
            if sekarang - request.session.get(KUNCI_DIPERBARUI, 0) >= SELANG_PERBARUI:
                request.session[KUNCI_DIPERBARUI] = sekarang
        return response
