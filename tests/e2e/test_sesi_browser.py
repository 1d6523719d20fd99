"""A session that ends while the operator types, in a real headless Chromium.

The session is removed on the server while the realisation grid is open: typing gets no login page
inside the capaian cell, Simpan sends nothing and shows the banner, the typed value stays; after
signing in again in another tab the same Simpan saves it. A page reloaded after the session ended
offers the typed values back, refilling only the visible inputs.
Needs Debian's chromium (`.ci/run` installs it; `make e2e-deps` on a developer machine).
"""

import os
import shutil
from urllib.parse import unquote

import pytest
from django.contrib.sessions.models import Session
from django.db import connections

from kinerja.models import Realisasi
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
AKTA = "Realisasi Persentase kepemilikan akta kelahiran"
BERAKHIR = "Sesi Anda berakhir."


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def isi_login(page):
    page.fill("#id_username", "op")
    page.fill("#id_password", "rahasia-uji")
    page.click("button[type=submit]")


def foto(page, nama):
    folder = os.environ.get("E2E_SCREENSHOT_DIR", "/tmp")
    page.screenshot(path=os.path.join(folder, nama))


def nilai_akta():
    r = Realisasi.objects.filter(indikator__kode="IKU2", periode="TW3", tahun=2024).first()
    return None if r is None or r.nilai is None else r.nilai.normalize()


@pytest.mark.django_db(transaction=True)
def test_an_ended_session_keeps_what_was_typed(live_server, browser):
    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    PenggunaFactory(username="op", opd=OPD.objects.get(kode="dinas-uji"))
    base = live_server.url
    grid = f"{base}/opd/dinas-uji/realisasi/2024/TW3/"
    sebelum = nilai_akta()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/masuk/")
    isi_login(page)
    page.wait_for_url(f"{base}/")
    page.goto(grid)
    banner = page.locator("#sesi-berakhir")
    assert banner.is_hidden()

    # The session ends on the server (idle past its end, or removed) while the page is open.
    Session.objects.all().delete()
    akta = page.get_by_label(AKTA)
    akta.fill("91,5")
    banner.get_by_text(BERAKHIR).wait_for()  # the capaian request got 401: nothing swapped in
    sel = page.locator("tr", has=akta).locator("td[id^=cap-]")
    assert "Masuk" not in sel.inner_text() and sel.locator("input").count() == 0

    page.get_by_role("button", name="Simpan").click()
    page.wait_for_timeout(500)
    assert page.url == grid
    assert banner.is_visible()
    assert akta.input_value() == "91,5"
    assert nilai_akta() == sebelum
    foto(page, "sesi-berakhir-1366.png")
    page.set_viewport_size({"width": 390, "height": 800})
    foto(page, "sesi-berakhir-390.png")
    page.set_viewport_size({"width": 1366, "height": 900})

    # Signing in again in a new tab (the banner's link), then the same Simpan saves.
    with page.expect_popup() as tab:
        banner.get_by_role("link", name="Masuk lagi di tab baru").click()
    tab_baru = tab.value
    tab_baru.wait_for_load_state()
    assert unquote(tab_baru.url) == f"{base}/masuk/?next=/opd/dinas-uji/realisasi/2024/TW3/"
    isi_login(tab_baru)
    tab_baru.wait_for_url(grid)
    tab_baru.close()
    page.get_by_role("button", name="Simpan").click()  # the login rotated the CSRF token: taken from /sesi/
    page.get_by_text("Tersimpan: 1 realisasi diperbarui").wait_for()
    assert str(nilai_akta()) == "91.5"
    assert page.locator("#isian-pulih").is_hidden()

    # Typed, session ended, page reloaded: after signing in the typed value is offered back.
    akta = page.get_by_label(AKTA)
    awal = page.locator(f"input[name='initial-{akta.get_attribute('name')}']")
    awal_sebelum = awal.get_attribute("value")
    akta.fill("93,25")
    page.wait_for_timeout(600)  # the draft is written 300 ms after typing
    Session.objects.all().delete()
    page.reload()
    page.wait_for_url(f"{base}/masuk/?next=/opd/dinas-uji/realisasi/2024/TW3/")
    isi_login(page)
    page.wait_for_url(grid)
    pulih = page.locator("#isian-pulih")
    pulih.get_by_text("belum tersimpan").wait_for()
    assert page.get_by_label(AKTA).input_value() == "91,50"  # as stored
    foto(page, "isian-pulih-1366.png")
    pulih.get_by_role("button", name="Pulihkan isian").click()
    assert page.get_by_label(AKTA).input_value() == "93,25"
    assert awal.get_attribute("value") == awal_sebelum  # the starting value is never refilled
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Tersimpan: 1 realisasi diperbarui").wait_for()
    assert str(nilai_akta()) == "93.25"
    page.reload()
    assert page.locator("#isian-pulih").is_hidden()  # saved: nothing to offer
    context.close()
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_grid_without_a_file_goes_url_encoded_and_with_one_as_multipart(live_server, browser, tmp_path):
    """1,600 fields of a 200-row grid are parsed in milliseconds URL-encoded; a chosen evidence
    file still goes as multipart and is stored (issue #22)."""
    from kinerja.models import Bukti

    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    PenggunaFactory(username="op", opd=OPD.objects.get(kode="dinas-uji"))
    base = live_server.url
    grid = f"{base}/opd/dinas-uji/realisasi/2024/TW3/"
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/masuk/")
    isi_login(page)
    page.wait_for_url(f"{base}/")
    page.goto(grid)

    def simpan():
        """Simpan; the content type of the grid's POST (after the session check, sesi.js)."""
        # The page after the save's redirect has loaded (not the message of the previous save).
        dikirim = page.expect_request(lambda r: r.method == "POST" and r.url == grid)
        with page.expect_navigation(), dikirim as permintaan:
            page.get_by_role("button", name="Simpan").click()
        page.get_by_text("Tersimpan: 1 realisasi diperbarui").wait_for()
        return permintaan.value.headers.get("content-type", "")

    page.get_by_label(AKTA).fill("91,5")
    assert simpan().startswith("application/x-www-form-urlencoded")
    assert str(nilai_akta()) == "91.5"

    bukti_sebelum = Bukti.objects.count()
    berkas = tmp_path / "bukti-akta.pdf"
    berkas.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    baris = page.locator("tr", has=page.get_by_label(AKTA))
    baris.locator("input[type=file]").set_input_files(str(berkas))
    page.get_by_label(AKTA).fill("92,5")
    assert simpan().startswith("multipart/form-data")
    assert str(nilai_akta()) == "92.5"
    assert Bukti.objects.count() == bukti_sebelum + 1
    context.close()
    connections.close_all()
