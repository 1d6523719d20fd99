"""Login throttling: repeated wrong passwords lock that user name from that address, on both
logins, with an Indonesian page and status 429; the lock ends by itself or by an admin."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db

SALAH = "bukan-kata-sandinya"
BENAR = "rahasia-uji"


def coba(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def gagal_lima_kali(client, url, username, **extra):
    for _ in range(5):
        response = coba(client, url, username, SALAH, **extra)
    return response


def assert_terkunci(response):
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.text
    assert "15 menit" in response.text
    assert "rahasia-uji" not in response.text


def test_five_wrong_passwords_lock_the_login_page_even_for_the_right_one(client, operator_a):
    url = reverse("masuk")
    for _ in range(4):
        assert coba(client, url, "operator.a", SALAH).status_code == 200
    assert_terkunci(coba(client, url, "operator.a", SALAH))
    assert_terkunci(coba(client, url, "operator.a", BENAR))
    assert client.get(reverse("beranda")).status_code == 302  # not signed in
    assert '<html lang="id">' in coba(client, url, "operator.a", BENAR).text


def test_five_wrong_passwords_lock_the_admin_login(client, db):
    PenggunaFactory(username="adminpemda.a", admin_pemda=True)
    url = reverse("admin:login")
    gagal_lima_kali(client, url, "adminpemda.a")
    response = coba(client, url, "adminpemda.a", BENAR)
    assert_terkunci(response)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, operator_a):
    from axes.models import AccessAttempt

    url = reverse("masuk")
    gagal_lima_kali(client, url, "operator.a")
    assert coba(client, url, "operator.a", BENAR).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = coba(client, url, "operator.a", BENAR)
    assert response.status_code == 302 and response["Location"] == reverse("beranda")


def test_another_user_from_the_same_address_is_not_locked(client, operator_a, dua_opd):
    PenggunaFactory(username="operator.a2", opd=dua_opd["a2"])
    url = reverse("masuk")
    assert_terkunci(gagal_lima_kali(client, url, "operator.a"))
    response = coba(client, url, "operator.a2", BENAR)
    assert response.status_code == 302 and response["Location"] == reverse("beranda")


def test_the_same_user_from_another_address_is_not_locked(client, operator_a):
    url = reverse("masuk")
    gagal_lima_kali(client, url, "operator.a", REMOTE_ADDR="10.1.1.1")
    assert coba(client, url, "operator.a", BENAR, REMOTE_ADDR="10.1.1.1").status_code == 429
    assert coba(client, url, "operator.a", BENAR, REMOTE_ADDR="10.1.1.2").status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lock_without_a_proxy(client, operator_a):
    url = reverse("masuk")
    for i in range(5):
        coba(client, url, "operator.a", SALAH, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert coba(client, url, "operator.a", BENAR, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_proxy_the_address_the_proxy_saw_counts(client, operator_a, settings):
    settings.SAKIP_PROXY_JUMLAH = 1
    url = reverse("masuk")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # The client's own X-Forwarded-For entries (left) are not believed; the proxy's (right) is.
    gagal_lima_kali(client, url, "operator.a", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy)
    palsu = "9.9.9.9, 198.51.100.7"
    assert coba(client, url, "operator.a", BENAR, HTTP_X_FORWARDED_FOR=palsu, **proxy).status_code == 429
    # Another office behind the same proxy signs in.
    response = coba(client, url, "operator.a", BENAR, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert response.status_code == 302


def test_a_success_forgets_earlier_failures(client, operator_a):
    url = reverse("masuk")
    for _ in range(4):
        coba(client, url, "operator.a", SALAH)
    assert coba(client, url, "operator.a", BENAR).status_code == 302
    client.post(reverse("keluar"))
    for _ in range(4):
        assert coba(client, url, "operator.a", SALAH).status_code == 200
    assert coba(client, url, "operator.a", BENAR).status_code == 302
    client.post(reverse("keluar"))
    assert_terkunci(gagal_lima_kali(client, url, "operator.a"))


def test_admin_pemda_unlocks_an_account_of_his_pemda(client, operator_a, dua_opd):
    url = reverse("masuk")
    gagal_lima_kali(client, url, "operator.a")
    admin_pemda = PenggunaFactory(username="adminpemda.a", admin_pemda=True, pemda=dua_opd["a"].pemda)
    pengelola = Client()
    pengelola.force_login(admin_pemda)
    response = pengelola.post(
        reverse("admin:sakip_pengguna_changelist"),
        {"action": "buka_kunci_login", "_selected_action": [operator_a.pk]},
        follow=True,
    )
    assert "Kunci login dibuka untuk 1 pengguna." in response.text
    assert coba(client, url, "operator.a", BENAR).status_code == 302


def test_admin_pemda_cannot_unlock_an_account_of_another_pemda(client, dua_opd):
    lain = PenggunaFactory(username="operator.b", opd=dua_opd["b"])
    url = reverse("masuk")
    gagal_lima_kali(client, url, "operator.b")
    pengelola = Client()
    pengelola.force_login(PenggunaFactory(username="adminpemda.a", admin_pemda=True, pemda=dua_opd["a"].pemda))
    pengelola.post(
        reverse("admin:sakip_pengguna_changelist"), {"action": "buka_kunci_login", "_selected_action": [lain.pk]}
    )
    assert coba(client, url, "operator.b", BENAR).status_code == 429
