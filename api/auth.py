"""Who calls the API: a personal token (``Authorization: Bearer <token>``) or the browser's session
(with its CSRF token for writes), and how often (throttling per token or user, 429)."""

import copy
import threading

from django.conf import settings
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from sakip.token_api import pengguna_dari_token


class TokenBearer(HttpBearer):
    """A personal API token (sakip.token_api); the request then acts as the token's owner."""

    openapi_description = "Token API pribadi: dibuat di /akun/token-api/."

    def authenticate(self, request, token):
        hasil = pengguna_dari_token(token)
        if hasil is None:
            return None
        pengguna, token_api = hasil
        request.user = pengguna
        request.token_api = token_api
        return token_api


class Sesi(SessionAuth):
    """The browser's session (the docs page, scripts of the site); CSRF checked on writes."""

    openapi_description = "Sesi peramban yang sudah masuk; permintaan tulis memerlukan X-CSRFToken."

    def _get_key(self, request):
        # No session cookie: not this scheme (a wrong token answers 401, not a CSRF failure).
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        if key is None:
            return None
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


class BatasPengguna(SimpleRateThrottle):
    """Requests per token (or per signed-in user for the session), SAKIP_API_BATAS (e.g. "120/m")."""

    scope = "sakip_api"
    _lokal = threading.local()

    def __init__(self):
        super().__init__(rate=getattr(settings, "SAKIP_API_BATAS", "120/m"))

    def allow_request(self, request):
        # ninja keeps one throttle object and SimpleRateThrottle keeps a request's state on it
        # (key, history, now): with threads each request works on its own copy, which `wait` reads.
        salinan = copy.copy(self)
        # The rate is read on each request so a setting changed in tests (or at run time) applies.
        salinan.num_requests, salinan.duration = self.parse_rate(getattr(settings, "SAKIP_API_BATAS", "120/m"))
        self._lokal.salinan = salinan
        return SimpleRateThrottle.allow_request(salinan, request)

    def wait(self):
        salinan = getattr(self._lokal, "salinan", None)
        return SimpleRateThrottle.wait(salinan) if salinan is not None else None

    def get_cache_key(self, request):
        token = getattr(request, "token_api", None)
        ident = f"token-{token.pk}" if token is not None else f"pengguna-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
