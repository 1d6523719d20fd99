"""The API docs page (/api/v1/docs) in a real headless Chromium: Swagger UI loads from our own
static files (no CDN: offices run on intranets) and runs under the CSP without a violation."""

import os
import shutil

import pytest
from django.urls import reverse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak terpasang (jalankan make e2e-deps)"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.mark.django_db(transaction=True)
def test_docs_page_runs_swagger_ui_locally_under_the_policy(live_server):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            pesan, luar = [], []
            page.on("console", lambda m: pesan.append(f"{m.type}: {m.text}"))
            page.on(
                "request",
                lambda r: luar.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None,
            )
            page.goto(live_server.url + reverse("api:openapi-view"))
            page.wait_for_selector(".opblock-summary-path", timeout=15000)
            jalur = page.locator(".opblock-summary-path").all_inner_texts()
            # An operation opens (its parameters are drawn by Swagger UI's scripts).
            page.locator(".opblock-summary").first.click()
            page.wait_for_selector(".parameters-container", timeout=5000)
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert any("/pengukuran/" in j for j in jalur), jalur
    assert not [m for m in pesan if "Content Security Policy" in m or "Refused to" in m], pesan
    assert not luar, luar
