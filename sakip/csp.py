"""The Content-Security-Policy middleware: django-csp's, plus the admin's allowances.

Every response carries settings.CONTENT_SECURITY_POLICY. Under the admin site the sources of
settings.SAKIP_CSP_ADMIN are added (hashes of the few inline handlers and styles of the admin
and its plug-ins), so the admin keeps working without loosening the policy of the app's pages.
"""

from csp.middleware import CSPMiddleware as _CSPMiddleware
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def _awalan_admin():
    try:
        return reverse("admin:index")
    except NoReverseMatch:  # pragma: no cover - an URLconf without the admin
        return None


class CSPMiddleware(_CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        bagian = super().get_policy_parts(request, response, report_only)
        awalan = _awalan_admin()
        tambahan = getattr(settings, "SAKIP_CSP_ADMIN", None)
        if not report_only and tambahan and awalan and request.path_info.startswith(awalan):
            bagian.update = {**tambahan, **(bagian.update or {})}
        return bagian
