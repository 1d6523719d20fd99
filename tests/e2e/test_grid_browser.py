"""End to end in headless Chromium: the entry grids and the pages at a phone's width (issue #20).

* Every page an operator or reviewer uses fits 390 px: `scrollWidth` of the page is at most the
  screen; wide tables scroll inside their own box.
* Pasting a block from Excel maps columns by the grid's column names, never shifts a value into
  another kind of cell, and refuses text for a number cell with a message naming the row.
* A number cell says "Isi dengan angka" as soon as it holds text; the budget grid's row serapan
  follows what is typed.
Needs Debian's chromium (`.ci/run` installs it; `make e2e-deps` on a developer machine).
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connections

from anggaran.entri import periode_triwulan
from anggaran.ringkasan import ringkas_anggaran
from kinerja.models import Realisasi
from pertukaran.muat import impor_data_opd
from sakip import rumus
from sakip.formatting import format_angka, format_persen
from tests.data_opd_contoh import dokumen
from tests.e2e.test_triwulan_browser import CHROMIUM, browser, masuk  # noqa: F401 - the fixture
from tests.factories import PenggunaFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak terpasang (jalankan make e2e-deps)"),
]

DEMO = "disdukcapil-luwu-timur"


def masuk_demo(page, base, username):
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "sakip-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True)
def test_every_page_fits_a_390_px_screen(live_server, browser):  # noqa: F811
    call_command("muat_demo", "--paksa", verbosity=0)
    base = live_server.url
    halaman = {
        "operator.luwutimur": [
            "/",
            f"/opd/{DEMO}/",
            f"/opd/{DEMO}/realisasi/2024/TW2/",
            f"/opd/{DEMO}/anggaran/2024/realisasi/?triwulan=2",
            f"/opd/{DEMO}/renstra/",
            f"/opd/{DEMO}/laporan/2024/tahunan/",
        ],
        "reviewer.luwutimur": ["/", f"/opd/{DEMO}/reviu/2024/TW2/"],
    }
    lebar = []
    for username, urls in halaman.items():
        page = browser.new_page(viewport={"width": 390, "height": 844})
        masuk_demo(page, base, username)
        # The header's sign-out stays on screen.
        kotak = page.get_by_role("button", name="Keluar").bounding_box()
        assert kotak["x"] + kotak["width"] <= 390, kotak
        for url in urls:
            assert page.goto(base + url).status == 200, url
            sw = page.evaluate("document.documentElement.scrollWidth")
            if sw > 390:
                lebar.append((url, sw))
        page.close()
    assert not lebar, lebar
    # At 1366 px the Renstra grid shows every yearly target and the final target without
    # scrolling sideways.
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    masuk_demo(page, base, "operator.luwutimur")
    page.goto(f"{base}/opd/{DEMO}/renstra/")
    geser = page.evaluate(
        "[...document.querySelectorAll('#grid-renstra .gulir')].filter(g => g.scrollWidth > g.clientWidth).length"
    )
    assert geser == 0
    assert page.locator("#grid-renstra th", has_text="Akhir").first.bounding_box()["x"] < 1366
    connections.close_all()


def tempel(page, locator, teks):
    """A paste as the browser fires it when a block copied from Excel is pasted into `locator`."""
    locator.evaluate(
        """(el, teks) => { const dt = new DataTransfer(); dt.setData("text/plain", teks); el.focus();
        el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true})); }""",
        teks,
    )


@pytest.mark.django_db(transaction=True)
def test_paste_maps_columns_by_name_and_refuses_text_in_numbers(live_server, browser):  # noqa: F811
    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    opd = OPD.objects.get(kode="dinas-uji")
    PenggunaFactory(username="op", opd=opd)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    masuk(page, base, "op")
    page.goto(f"{base}/opd/dinas-uji/realisasi/2024/TW3/")

    # The mapping on its own: columns by name from the pasted one; a row without a column skips
    # the value (never shifts it); text for a number refuses the whole row.
    rencana = page.evaluate(
        """() => rencanaTempel(
          [{nama: "A", sel: {nilai: {angka: true}, keterangan: {angka: false}}},
           {nama: "B", sel: {pembilang: {angka: true}, penyebut: {angka: true}, nilai: {angka: true},
                             keterangan: {angka: false}}},
           {nama: "C", sel: {nilai: {angka: true}, keterangan: {angka: false}}}],
          [["1,5", "catatan a"], ["2", "catatan b"], ["abc", "catatan c"]],
          ["pembilang", "penyebut", "nilai", "keterangan"], "nilai")"""
    )
    assert rencana["isi"] == [
        {"baris": 0, "kolom": "nilai", "nilai": "1,5"},
        {"baris": 0, "kolom": "keterangan", "nilai": "catatan a"},
        {"baris": 1, "kolom": "nilai", "nilai": "2"},
        {"baris": 1, "kolom": "keterangan", "nilai": "catatan b"},
    ]
    assert rencana["tolak"] == ["Baris C: 'abc' bukan angka (Isi dengan angka, mis. 1.234,56); baris ini tidak diubah."]

    # In the page: value + note pasted on the first row's value; the ratio row (KTP-el) gets its
    # value and note, nothing in its numerator or denominator; the text row is refused, named.
    baris = page.locator("tbody tr[data-baris]")
    nama = [baris.nth(i).get_attribute("data-baris") for i in range(baris.count())]
    pertama = page.locator("tbody tr[data-baris]").first.locator("input[data-kolom=nilai]")
    blok = "\n".join(f"{i + 1},5\tcatatan {i + 1}" for i in range(len(nama) - 1)) + "\nabc\tcatatan salah\n"
    tempel(page, pertama, blok)
    for i, n in enumerate(nama[:-1]):
        tr = page.locator(f"tbody tr[data-baris='{n}']")
        assert tr.locator("input[data-kolom=nilai]").input_value() == f"{i + 1},5"
        assert tr.locator("input[data-kolom=keterangan]").input_value() == f"catatan {i + 1}"
        for k in ("pembilang", "penyebut"):
            for sel in tr.locator(f"input[data-kolom={k}]").all():
                assert sel.input_value() == sel.evaluate("e => e.defaultValue")
    akhir = page.locator(f"tbody tr[data-baris='{nama[-1]}']")
    assert akhir.locator("input[data-kolom=keterangan]").input_value() != "catatan salah"
    pesan = page.locator(".pesan-tempel")
    assert f"Baris {nama[-1]}: 'abc' bukan angka" in pesan.inner_text()

    # Typing text in a number cell answers at once; a number again clears the mark.
    nilai = akhir.locator("input[data-kolom=nilai]")
    nilai.fill("abc")
    akhir.get_by_text("Isi dengan angka, mis. 1.234,56").wait_for()
    assert nilai.get_attribute("aria-invalid") == "true"
    nilai.fill("12,5")
    assert nilai.get_attribute("aria-invalid") is None
    assert not Realisasi.objects.filter(keterangan_data__startswith="catatan").exists()  # nothing saved yet
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_budget_row_serapan_follows_what_is_typed(live_server, browser):  # noqa: F811
    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    opd = OPD.objects.get(kode="dinas-uji")
    PenggunaFactory(username="op", opd=opd)
    ringkasan = ringkas_anggaran(opd, 2024, periode_triwulan(2))
    daun = next(s for s in ringkasan.semua_simpul() if s.daun and s.pagu)
    isian = (daun.pagu / 3).quantize(Decimal(1))
    # The server's own formula and rounding, as the page shows it.
    diharapkan = format_persen(rumus.serapan(isian, daun.pagu, ringkasan.metodologi).nilai)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    masuk(page, base, "op")
    page.goto(f"{base}/opd/dinas-uji/anggaran/2024/realisasi/?triwulan=2")
    page.locator(f"#item-{daun.item.id} input[data-kolom=nilai]").fill(format_angka(isian))
    page.locator(f"#ser-{daun.item.id}").get_by_text(diharapkan).wait_for()
    connections.close_all()
