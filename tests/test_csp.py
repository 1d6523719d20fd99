"""The Content-Security-Policy: strict on every page, the admin's few inline bits allowed by hash.

Every response of the site is checked by tests/test_teks_jahat.py with `periksa_csp`; these tests
pin the policy itself."""

import pytest
from django.urls import reverse

from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db

KETAT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def arahan(header):
    """{directive: {sources}} of a CSP header."""
    hasil = {}
    for bagian in header.split(";"):
        kata = bagian.split()
        if kata:
            hasil[kata[0]] = set(kata[1:])
    return hasil


def periksa_csp(url, response):
    """What is wrong with a response's policy (empty when right)."""
    header = response.get("Content-Security-Policy")
    if not header:
        return [f"{url}: tanpa Content-Security-Policy"]
    a = arahan(header)
    salah = []
    for nama, sumber in KETAT.items():
        lebih = a.get(nama, set()) - sumber
        if nama not in a or (lebih and not url.startswith("/admin/")):
            salah.append(f"{url}: {nama} {sorted(a.get(nama, []))}")
        elif any(s in ("'unsafe-inline'", "'unsafe-eval'", "*") for s in lebih):
            salah.append(f"{url}: {nama} {sorted(lebih)}")
    return salah


def test_login_page_policy_is_strict(client):
    response = client.get(reverse("masuk"))
    assert arahan(response["Content-Security-Policy"]) == KETAT


def test_admin_adds_only_hashes(client):
    client.force_login(PenggunaFactory(is_superuser=True, is_staff=True, peran=""))
    a = arahan(client.get(reverse("admin:index"))["Content-Security-Policy"])
    assert a["script-src"] - KETAT["script-src"] == {
        "'unsafe-hashes'",
        "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
    }
    assert all(s == "'unsafe-hashes'" or s.startswith("'sha256-") for s in a["style-src"] - KETAT["style-src"])
    assert not periksa_csp("/admin/", client.get(reverse("admin:index")))


def test_pages_configure_htmx_without_eval_and_carry_no_inline_script(client):
    client.force_login(PenggunaFactory())
    html = client.get(reverse("beranda")).text
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html
    assert "<script>" not in html and " onchange=" not in html and " style=" not in html


def test_policy_on_errors_too(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert not periksa_csp("/tidak-ada/", response)
