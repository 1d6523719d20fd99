"""End to end in headless Chromium: each person starts from the home page's "Menunggu Anda" list,
acts through the confirmation dialog, and comes back to an emptier list (issue #20, item 1).

Operator: the open entry window → fill, save, submit. Pimpinan: the submitted period (and the
bell) → approve. Reviewer: the approved period → verify with a reason (findings still open)."""

import datetime

import pytest
from django.utils import timezone

from kinerja.models import JendelaEntri, StatusPeriode
from pertukaran.muat import impor_data_opd
from sakip.models import Pemberitahuan
from tests.data_opd_contoh import dokumen
from tests.e2e.test_triwulan_browser import CHROMIUM, browser, keluar, masuk  # noqa: F401 (fixture)
from tests.factories import PenggunaFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak terpasang (jalankan make e2e-deps)"),
]


def menunggu(page):
    return page.locator("#menunggu")


def ke_beranda(page, base):
    page.get_by_role("navigation").get_by_role("link", name="Beranda").first.click()
    page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True)
def test_each_role_works_from_the_home_page_list(live_server, browser):  # noqa: F811
    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    opd = OPD.objects.get(kode="dinas-uji")
    hari_ini = timezone.localdate()
    JendelaEntri.objects.create(
        pemda=opd.pemda,
        tahun=2024,
        periode="TW3",
        mulai=hari_ini - datetime.timedelta(days=3),
        selesai=hari_ini + datetime.timedelta(days=10),
    )
    PenggunaFactory(username="op", opd=opd)
    PenggunaFactory(username="kadis", pimpinan=True, opd=opd)
    PenggunaFactory(username="irban", reviewer=True, pemda=opd.pemda)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900})

    # Operator: the open window is in the list, with its deadline.
    masuk(page, base, "op")
    tugas = menunggu(page).get_by_role("link", name="Triwulan III 2024: Isi realisasi lalu ajukan ke pimpinan")
    assert "Jendela pengisian s.d." in menunggu(page).inner_text()
    tugas.click()
    page.wait_for_url(f"{base}/opd/dinas-uji/realisasi/2024/TW3/")
    page.get_by_label("Realisasi Persentase kepemilikan akta kelahiran").fill("91,5")
    page.get_by_label("Pembilang Persentase penduduk ber-KTP-el").fill("220323")
    page.get_by_label("Penyebut Persentase penduduk ber-KTP-el").fill("220929")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Tersimpan: 2 realisasi diperbarui").wait_for()
    # The bar above the grid leads to the step; the step asks first.
    page.locator(".bar-alur").get_by_role("link", name="Ajukan ke pimpinan").click()
    page.get_by_role("button", name="Ajukan ke pimpinan").click()
    page.locator("dialog[open]").get_by_role("button", name="Ya, ajukan").click()
    page.get_by_text("Status Triwulan III 2024: Diajukan.").wait_for()
    ke_beranda(page, base)
    assert "Tidak ada yang menunggu tindakan Anda" in menunggu(page).inner_text()
    keluar(page)

    # Pimpinan: told (the bell) and asked (the list).
    masuk(page, base, "kadis")
    assert page.get_by_role("link", name="Pemberitahuan: 1 belum dibaca").is_visible()
    menunggu(page).get_by_role("link", name="Triwulan III 2024: Menunggu persetujuan Anda").click()
    page.wait_for_url(f"{base}/opd/dinas-uji/realisasi/2024/TW3/#alur-persetujuan")
    page.get_by_role("button", name="Setujui", exact=True).click()
    page.locator("dialog[open]").get_by_role("button", name="Ya, setujui").click()
    page.get_by_text("Status Triwulan III 2024: Disetujui pimpinan.").wait_for()
    ke_beranda(page, base)
    assert "Tidak ada yang menunggu tindakan Anda" in menunggu(page).inner_text()
    keluar(page)

    # Reviewer: the approved period waits for verification.
    masuk(page, base, "irban")
    menunggu(page).get_by_role("link", name="Triwulan III 2024: Disetujui pimpinan, menunggu verifikasi Anda").click()
    page.wait_for_url(f"{base}/opd/dinas-uji/realisasi/2024/TW3/#alur-persetujuan")
    page.get_by_label("Alasan verifikasi dengan temuan terbuka (wajib)").fill("Temuan dibahas dengan OPD")
    page.get_by_role("button", name="Verifikasi dan kunci").click()
    page.locator("dialog[open]").get_by_role("button", name="Ya, verifikasi dan kunci").click()
    page.get_by_text("Status Triwulan III 2024: Diverifikasi (terkunci).").wait_for()
    ke_beranda(page, base)
    assert "menunggu verifikasi" not in menunggu(page).inner_text()
    keluar(page)

    assert StatusPeriode.objects.get(opd=opd, tahun=2024, periode="TW3").status == "diverifikasi"
    assert sorted(Pemberitahuan.objects.values_list("penerima__username", flat=True)) == [
        "irban",  # approved
        "kadis",  # submitted
        "kadis",  # verified
        "op",  # approved
        "op",  # verified
    ]
