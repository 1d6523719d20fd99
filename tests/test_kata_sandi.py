"""Every user changes his password in the application, and resets a forgotten one by email
without the page telling whether an address is known."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db

BARU = "Kinerja-Baru-2025"


def masuk(client, username, password):
    return client.post(reverse("masuk"), {"username": username, "password": password})


def test_the_header_links_to_the_password_change(client, operator_a):
    client.force_login(operator_a)
    html = client.get(reverse("beranda")).text
    assert f'href="{reverse("ganti_kata_sandi")}"' in html and "Ganti kata sandi" in html


def test_password_change_asks_the_old_password_and_keeps_the_session(client, operator_a):
    assert client.get(reverse("ganti_kata_sandi")).status_code == 302  # signed-in users only
    client.force_login(operator_a)
    response = client.get(reverse("ganti_kata_sandi"))
    assert response.status_code == 200
    assert "Ganti kata sandi" in response.text and "Kata sandi sekarang" in response.text

    response = client.post(
        reverse("ganti_kata_sandi"),
        {"old_password": "salah", "new_password1": BARU, "new_password2": BARU},
    )
    assert response.status_code == 200
    assert "Sandi lama Anda yang dimasukkan salah" in response.text
    operator_a.refresh_from_db()
    assert operator_a.check_password("rahasia-uji")

    response = client.post(
        reverse("ganti_kata_sandi"),
        {"old_password": "rahasia-uji", "new_password1": BARU, "new_password2": BARU},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("beranda")
    assert "Kata sandi Anda sudah diganti." in response.text
    assert client.get(reverse("beranda")).status_code == 200  # still signed in
    client.post(reverse("keluar"))
    assert masuk(client, "operator.a", "rahasia-uji").status_code == 200
    assert masuk(client, "operator.a", BARU).status_code == 302


def test_password_change_refuses_a_weak_password_in_indonesian(client, operator_a):
    client.force_login(operator_a)
    response = client.post(
        reverse("ganti_kata_sandi"),
        {"old_password": "rahasia-uji", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "terlalu umum" in response.text
    operator_a.refresh_from_db()
    assert operator_a.check_password("rahasia-uji")


def test_the_login_page_links_to_the_reset(client):
    assert reverse("lupa_kata_sandi") in client.get(reverse("masuk")).text
    assert reverse("lupa_kata_sandi") in client.get(reverse("admin:login")).text


def test_reset_by_email_sets_a_new_password(client, operator_a):
    operator_a.email = "operator.a@example.go.id"
    operator_a.save()
    response = client.post(reverse("lupa_kata_sandi"), {"email": "OPERATOR.A@example.go.id"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("kata_sandi_terkirim")
    assert "Periksa email Anda" in response.text
    assert len(mail.outbox) == 1
    surat = mail.outbox[0]
    assert surat.to == ["operator.a@example.go.id"]
    assert surat.subject == "Atur ulang kata sandi SAKIP"
    assert "operator.a" in surat.body and "Bila Anda tidak memintanya" in surat.body
    tautan = re.search(r"http://testserver(/masuk/reset/\S+/)", surat.body).group(1)

    response = client.get(tautan, follow=True)
    assert "Buat kata sandi baru" in response.text
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": BARU, "new_password2": BARU}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("kata_sandi_selesai")
    assert "Kata sandi sudah diganti" in response.text
    assert masuk(client, "operator.a", BARU).status_code == 302

    # The link works once.
    client.post(reverse("keluar"))
    assert "Tautan tidak berlaku" in client.get(tautan, follow=True).text


def test_reset_does_not_tell_whether_an_address_is_known(client, operator_a):
    operator_a.email = "operator.a@example.go.id"
    operator_a.save()
    dikenal = client.post(reverse("lupa_kata_sandi"), {"email": "operator.a@example.go.id"}, follow=True)
    tidak = client.post(reverse("lupa_kata_sandi"), {"email": "siapa@example.go.id"}, follow=True)
    assert dikenal.redirect_chain == tidak.redirect_chain

    def tanpa_token(html):  # the CSRF token is masked afresh on every page
        return re.sub(r'"[A-Za-z0-9]{64}"', '"token"', html)

    assert tanpa_token(dikenal.text) == tanpa_token(tidak.text)
    assert len(mail.outbox) == 1


def test_reset_lifts_a_login_lock(client, operator_a):
    operator_a.email = "operator.a@example.go.id"
    operator_a.save()
    for _ in range(5):
        masuk(client, "operator.a", "salah")
    assert masuk(client, "operator.a", "rahasia-uji").status_code == 429
    client.post(reverse("lupa_kata_sandi"), {"email": "operator.a@example.go.id"})
    tautan = re.search(r"http://testserver(/masuk/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(tautan, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": BARU, "new_password2": BARU})
    assert masuk(client, "operator.a", BARU).status_code == 302


def test_an_inactive_account_gets_no_reset_mail(client, dua_opd):
    PenggunaFactory(username="lama", opd=dua_opd["a"], email="lama@example.go.id", is_active=False)
    client.post(reverse("lupa_kata_sandi"), {"email": "lama@example.go.id"})
    assert mail.outbox == []
