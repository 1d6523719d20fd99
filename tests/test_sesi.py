"""Sessions end after a working day without activity; an ended session never puts the login page
inside a grid, and the editors can ask whether the session is still there before they send."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from sakip.sesi import KUNCI_DIPERBARUI
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db

BERAKHIR = "Sesi Anda berakhir"


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


def masuk(client):
    response = client.post(reverse("masuk"), {"username": "operator.uji", "password": "rahasia-uji"})
    assert response.status_code == 302
    return Session.objects.get()


def pengaturan(**env):
    """The settings as a fresh process reads them from this environment."""
    kode = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, "
        "s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.SAKIP_PROXY_JUMLAH, s.EMAIL_BACKEND)"
    )
    lingkungan = {k: v for k, v in os.environ.items() if not k.startswith(("SAKIP_", "BEHIND_", "EMAIL_"))}
    lingkungan.update(DJANGO_SETTINGS_MODULE="sakip.settings", SAKIP_TESTING="1", DEBUG="0", **env)
    hasil = subprocess.run(
        [sys.executable, "-c", kode], env=lingkungan, capture_output=True, text=True, cwd=django_settings.BASE_DIR
    )
    assert hasil.returncode == 0, hasil.stderr
    return hasil.stdout.split()


def test_defaults_a_working_day_idle_five_failures_fifteen_minutes():
    assert pengaturan() == ["28800", "True", "5", "900", "0", "django.core.mail.backends.smtp.EmailBackend"]


def test_the_limits_come_from_the_environment():
    assert pengaturan(
        SAKIP_SESI_MENIT="30",
        SAKIP_SESI_TUTUP_BROWSER="0",
        SAKIP_LOGIN_GAGAL_MAKS="3",
        SAKIP_LOGIN_KUNCI_MENIT="60",
        BEHIND_PROXY="1",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    ) == ["1800", "False", "3", "3600", "1", "django.core.mail.backends.console.EmailBackend"]


def test_a_session_ends_after_a_working_day_without_activity(client, operator):
    sesi = masuk(client)
    assert abs(sesi.expire_date - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)
    # Activity moves the end: an hour before it ends, a page view gives a full day again.
    store = client.session
    store[KUNCI_DIPERBARUI] -= 7 * 3600
    store.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(hours=1))
    response = client.get(reverse("beranda"))
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == ""  # ends with the browser, too
    assert Session.objects.get().expire_date > timezone.now() + timedelta(hours=7, minutes=59)
    # Within a minute of the last move the end is not written again (no write per request).
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("beranda")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]
    # Idle past its end: signed out.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("beranda"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("masuk"))


def test_the_session_check_answers_204_with_a_usable_token_or_401(operator):
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(reverse("sesi"))
    assert response.status_code == 401
    assert BERAKHIR in response.text
    assert "no-store" in response["Cache-Control"]

    browser.force_login(operator)
    response = browser.get(reverse("sesi"))
    assert response.status_code == 204
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    token = response["X-CSRFToken"]
    # The token it gives is the one the server accepts now (a login elsewhere rotates it).
    assert browser.post(reverse("keluar"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert browser.get(reverse("sesi")).status_code == 401


def test_an_htmx_request_of_an_ended_session_gets_401_not_the_login_page(client, operator, opd):
    from kinerja.models import ItemPK

    item = ItemPK.objects.filter(perjanjian__opd=opd, perjanjian__tahun=2024).first()
    url = reverse("realisasi_hitung", args=[opd.kode, 2024, "TW3", item.indikator_id])

    response = client.post(url, {"target": "90"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert BERAKHIR in response.text
    assert "Masuk ke SAKIP" not in response.text and "password" not in response.text

    response = client.get(reverse("realisasi_grid", args=[opd.kode, 2024, "TW3"]), HTTP_HX_REQUEST="true")
    assert response.status_code == 401

    # A plain request still goes to the login page; a signed-in htmx request is answered as usual.
    assert client.post(url, {"target": "90"}).status_code == 302
    client.force_login(operator)
    response = client.post(url, {"target": "90"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and BERAKHIR not in response.text


def test_every_editor_checks_the_session_before_it_sends(client, operator, opd):
    from kinerja.pengukuran import ukur_opd

    client.force_login(operator)
    indikator = ukur_opd(opd, 2024, "TAHUN").semua_indikator[0].indikator
    layar = [
        (reverse("realisasi_grid", args=[opd.kode, 2024, "TW3"]), "grid-realisasi"),
        (reverse("renstra_editor", args=[opd.kode]), "grid-renstra"),
        (reverse("pk_editor", args=[opd.kode, 2024]), "pk-target"),
        (reverse("rencana_aksi", args=[opd.kode, 2024]), "rencana-aksi"),
        (reverse("anggaran_realisasi", args=[opd.kode, 2024]), "grid-anggaran"),
        (reverse("laporan_narasi", args=[opd.kode, 2024, "tahunan", "latar_belakang"]), "form-narasi"),
        (
            reverse("laporan_narasi_indikator", args=[opd.kode, 2024, "tahunan", "penyebab", indikator.id]),
            "form-narasi",
        ),
    ]
    for url, form_id in layar:
        html = client.get(url).text
        assert f'id="{form_id}" data-jaga-sesi' in html, url
        assert "/static/js/sesi.js" in html, url
        assert f'data-url-sesi="{reverse("sesi")}"' in html and BERAKHIR in html, url


def test_only_signed_in_pages_carry_the_session_banner(client, operator):
    html = client.get(reverse("masuk")).text
    assert "sesi.js" not in html and BERAKHIR not in html
    client.force_login(operator)
    html = client.get(reverse("beranda")).text
    assert "/static/js/sesi.js" in html and BERAKHIR in html
