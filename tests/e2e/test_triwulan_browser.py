"""End to end in a real headless Chromium: a quarter from entry to lock.

The operator signs in, fills the quarter's realisations, sees capaian appear, submits; the
pimpinan approves; the reviewer verifies; the data is then locked for the operator.
Needs Debian's chromium (`.ci/run` installs it; `make e2e-deps` on a developer machine).
"""

import os
import shutil

import pytest
from django.db import connections

from kinerja.models import Realisasi, StatusPeriode
from pertukaran.muat import impor_data_opd
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak terpasang (jalankan make e2e-deps)"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def masuk(page, base, username):
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "rahasia-uji")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def keluar(page):
    page.get_by_role("button", name="Keluar").click()


@pytest.mark.django_db(transaction=True)
def test_quarter_from_entry_to_lock(live_server, browser):
    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    opd = OPD.objects.get(kode="dinas-uji")
    PenggunaFactory(username="op", opd=opd)
    PenggunaFactory(username="kadis", pimpinan=True, opd=opd)
    PenggunaFactory(username="irban", reviewer=True, pemda=opd.pemda)
    base = live_server.url
    grid = f"{base}/opd/dinas-uji/realisasi/2024/TW3/"
    page = browser.new_page()

    masuk(page, base, "op")
    page.goto(grid)
    akta = page.get_by_label("Realisasi Persentase kepemilikan akta kelahiran")
    akta.fill("91,5")
    sel = page.locator("tr", has=akta).locator("td[id^=cap-]")
    sel.get_by_text("91,50 %").wait_for()  # capaian computed by the server as it is typed
    assert "Sangat Tinggi" in sel.inner_text()
    page.get_by_label("Pembilang Persentase penduduk ber-KTP-el").fill("220323")
    page.get_by_label("Penyebut Persentase penduduk ber-KTP-el").fill("220929")
    page.locator("tr", has_text="ber-KTP-el").get_by_text("99,73 %").wait_for()
    # Submitting with typed but unsaved values warns, names them, and offers to save first.
    page.get_by_role("button", name="Ajukan ke pimpinan").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_text("Ada isian yang belum disimpan").wait_for()
    assert "Realisasi Persentase kepemilikan akta kelahiran" in dialog.inner_text()
    dialog.get_by_role("button", name="Simpan dulu").click()
    page.get_by_text("Tersimpan: 2 realisasi diperbarui").wait_for()
    page.get_by_role("button", name="Ajukan ke pimpinan").click()
    dialog = page.locator("dialog[open]")
    assert "operator tidak dapat menarik pengajuan" in dialog.inner_text()
    assert not dialog.get_by_text("Ada isian yang belum disimpan").is_visible()
    dialog.get_by_role("button", name="Ya, ajukan").click()
    page.get_by_text("Status Triwulan III 2024: Diajukan.").wait_for()
    keluar(page)

    masuk(page, base, "kadis")
    page.goto(grid)
    page.get_by_role("button", name="Setujui", exact=True).click()
    page.locator("dialog[open]").get_by_role("button", name="Ya, setujui").click()
    page.get_by_text("Status Triwulan III 2024: Disetujui pimpinan.").wait_for()
    keluar(page)

    masuk(page, base, "irban")
    page.goto(grid)
    # Findings still open (evidence missing): the reviewer states why the data is locked all the same.
    page.get_by_text("temuan reviu masih terbuka").first.wait_for()
    page.get_by_label("Alasan verifikasi dengan temuan terbuka (wajib)").fill("Temuan dibahas dengan OPD")
    page.get_by_role("button", name="Verifikasi dan kunci").click()
    page.locator("dialog[open]").get_by_role("button", name="Ya, verifikasi dan kunci").click()
    page.get_by_text("Status Triwulan III 2024: Diverifikasi (terkunci).").wait_for()
    keluar(page)

    masuk(page, base, "op")
    page.goto(grid)
    assert page.get_by_label("Realisasi Persentase kepemilikan akta kelahiran").is_disabled()
    assert page.locator("button", has_text="Simpan").count() == 0
    page.screenshot(path=os.path.join(os.environ.get("E2E_SCREENSHOT_DIR", "/tmp"), "e2e-terkunci.png"), full_page=True)

    assert StatusPeriode.objects.get(opd=opd, tahun=2024, periode="TW3").status == "diverifikasi"
    assert str(Realisasi.objects.get(indikator__kode="IKU2", periode="TW3").nilai.normalize()) == "91.5"
    # Playwright runs this test in a greenlet: the ORM's connection here lives in that context and
    # would stay open past the test (PostgreSQL then refuses to drop the test database).
    connections.close_all()
