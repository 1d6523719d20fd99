"""The pages under the Content-Security-Policy in a real headless Chromium, with hostile data.

The office of tests/test_teks_jahat.py (every text field hostile) is opened as the operator and as
a superuser: the report, the grids, the dashboard and admin pages load with no CSP violation in
the console and no script run by the data (no dialog); the period selector, moved from an inline
handler to sakip.js, still navigates; the reviewer marks a finding of a reviewed document through
htmx. Screenshots of the report and the realisation grid go to
build/potret-csp/ for a person to look at.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from renstra.models import Indikator
from reviu.models import DokumenReviu
from tests.test_teks_jahat import KODE, TAHUN, kantor  # noqa: F401 - the fixture

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak terpasang (jalankan make e2e-deps)"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SERANGAN = 'IKU2 X" onload="alert(document.domain)" style="background-image:url(http://127.0.0.1:8299/x)" data-x="'
POTRET = Path(settings.BASE_DIR) / "build" / "potret-csp"


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class Pengamat:
    """A page whose console and dialogs are recorded."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.pesan, self.dialog = [], []
        self.page.on("console", lambda m: self.pesan.append(f"{m.type}: {m.text}"))
        self.page.on("dialog", lambda d: (self.dialog.append(d.message), d.dismiss()))

    def pelanggaran(self):
        return [p for p in self.pesan if "Content Security Policy" in p or "Refused to" in p]

    def masuk(self, base, username):
        self.page.goto(f"{base}/masuk/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", "rahasia-uji")
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_policy_without_violations(live_server, browser, kantor):  # noqa: F811
    POTRET.mkdir(parents=True, exist_ok=True)
    # The indicator name of the issue, which ran script on the report page through its chart.
    Indikator.objects.filter(pk=kantor["indikator"].pk).update(nama=SERANGAN)
    base = live_server.url
    operator = kantor["pengguna"]["operator"]
    operator.refresh_from_db()
    o = Pengamat(browser)
    o.masuk(base, operator.username)

    laporan = base + reverse("laporan", args=[KODE, TAHUN, "tahunan"])
    o.page.goto(laporan)
    assert o.page.locator("svg.grafik").count() > 0  # the charts drew
    o.page.screenshot(path=str(POTRET / "laporan.png"), full_page=False)

    grid = base + reverse("realisasi_grid", args=[KODE, TAHUN, "TW1"])
    o.page.goto(grid)
    o.page.screenshot(path=str(POTRET / "realisasi-grid.png"), full_page=False)
    # The period selector navigates through sakip.js (it was an inline handler).
    o.page.select_option("select[name=periode]", "TW2")
    o.page.wait_for_url(base + reverse("realisasi_grid", args=[KODE, TAHUN, "TW2"]))

    for url in (
        reverse("opd_detail", args=[KODE]) + f"?tahun={TAHUN}&periode=TAHUN",
        reverse("anggaran_realisasi", args=[KODE, TAHUN]),
        reverse("renstra_editor", args=[KODE]),
        reverse("pk_editor", args=[KODE, TAHUN]),
        reverse("laporan_narasi", args=[KODE, TAHUN, "tahunan", "latar_belakang"]),
    ):
        o.page.goto(base + url)
    o.page.goto(base + reverse("opd_detail", args=[KODE]) + f"?tahun={TAHUN}&periode=TAHUN")
    assert o.page.locator("svg.batang rect").count() > 0  # the dashboard bars, SVG now
    o.page.screenshot(path=str(POTRET / "dasbor.png"), full_page=False)
    assert not o.pelanggaran(), o.pelanggaran()
    assert not o.dialog, o.dialog

    # The reviewer's document review: the list (rows polling), a document with its page excerpt,
    # and a mark set through htmx (its block and the counts swapped in).
    reviewer = kantor["pengguna"]["reviewer"]
    reviewer.refresh_from_db()
    r = Pengamat(browser)
    r.masuk(base, reviewer.username)
    r.page.goto(base + reverse("reviu_dokumen_daftar"))
    dokumen = DokumenReviu.objects.filter(status="selesai").get()
    r.page.goto(base + reverse("reviu_dokumen_rinci", args=[dokumen.pk]))
    assert r.page.locator("svg.lebar rect.kotak-sorot").count() == 1  # the figure boxed on its page
    temuan = dokumen.temuan_set.order_by("urutan").first()
    r.page.click(f"#tanda-{temuan.pk} button[value=bukan_kesalahan]")
    r.page.wait_for_selector(f"#tanda-{temuan.pk}.tanda-bukan_kesalahan")
    r.page.screenshot(path=str(POTRET / "reviu-dokumen.png"), full_page=False)
    assert not r.pelanggaran(), r.pelanggaran()
    assert not r.dialog, r.dialog
    temuan.refresh_from_db()
    assert temuan.tanda == "bukan_kesalahan"

    # The admin, as a superuser: its own pages and the import-export plug-in's.
    superuser = kantor["pengguna"]["super"]
    superuser.refresh_from_db()
    a = Pengamat(browser)
    a.masuk(base, superuser.username)
    indikator = kantor["indikator"]
    for url in (
        reverse("admin:index"),
        reverse("admin:renstra_indikator_changelist"),
        reverse("admin:renstra_indikator_change", args=[indikator.pk]),
        reverse("admin:renstra_indikator_history", args=[indikator.pk]),
        reverse("admin:anggaran_nomenklatur_changelist"),
        reverse("admin:anggaran_nomenklatur_export"),
        reverse("admin:kinerja_realisasi_changelist"),
    ):
        a.page.goto(base + url)
    a.page.goto(base + reverse("admin:renstra_indikator_change", args=[indikator.pk]))
    a.page.screenshot(path=str(POTRET / "admin.png"), full_page=False)
    assert not a.pelanggaran(), a.pelanggaran()
    assert not a.dialog, a.dialog
