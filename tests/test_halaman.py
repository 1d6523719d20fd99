"""Sign-in, sign-out, home page and the office page as users see them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from sakip.models import Pengguna
from tests.factories import JabatanFactory, OPDFactory, PenggunaFactory, PenugasanFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_indonesian_and_uses_no_cdn(client):
    response = client.get(reverse("masuk"))
    assert response.status_code == 200
    html = response.text
    assert '<html lang="id">' in html
    assert "Masuk ke SAKIP" in html and "Kata sandi" in html
    assert "/static/vendor/htmx/" in html and "/static/css/sakip.css" in html
    assert "http://" not in html and "https://" not in html


def test_login_with_wrong_password_says_so(client, operator_a):
    response = client.post(reverse("masuk"), {"username": "operator.a", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.text


def test_login_then_logout(client, operator_a):
    response = client.post(reverse("masuk"), {"username": "operator.a", "password": "rahasia-uji"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("beranda")
    assert "Anda operator" in response.text
    response = client.post(reverse("keluar"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("masuk")
    assert client.get(reverse("beranda")).status_code == 302


@pytest.mark.parametrize(
    "traits, expected",
    [
        ({"pimpinan": True}, "Anda pimpinan"),
        ({"reviewer": True}, "Anda reviewer"),
        ({"admin_pemda": True}, "Anda admin"),
    ],
)
def test_home_page_speaks_to_the_role(client, traits, expected):
    client.force_login(PenggunaFactory(**traits))
    assert expected in client.get(reverse("beranda")).text


def test_home_page_query_count_does_not_grow_with_offices(client, reviewer_a, django_assert_max_num_queries):
    client.force_login(reviewer_a)
    for _ in range(25):
        OPDFactory(pemda=reviewer_a.pemda)
    with django_assert_max_num_queries(10):  # + the work list (kinerja.antrean) and the header's bell
        response = client.get(reverse("beranda"))
    assert len(response.context["daftar_opd"]) == 27


def test_office_page_shows_jabatan_tree_and_holders(client, operator_a, django_assert_max_num_queries):
    opd = operator_a.opd
    kepala = JabatanFactory(opd=opd, nama="Kepala Dinas")
    PenugasanFactory(jabatan=kepala, pejabat__nama="Dr. Siti Aminah, M.Si.", pejabat__nip="197001012000032001")
    for i in range(10):
        sekretaris = JabatanFactory(opd=opd, nama=f"Kepala Bidang {i}", eselon="III", induk=kepala)
        PenugasanFactory(jabatan=sekretaris)
    client.force_login(operator_a)
    with django_assert_max_num_queries(11):  # + the year picker: Renstra periods and PK years; the bell
        response = client.get(reverse("opd_detail", args=[opd.kode]))
    assert "Dr. Siti Aminah, M.Si." in response.text
    assert "19700101 200003 2 001" in response.text  # NIP printed in its four groups
    assert response.text.count("lvl-1") == 10


def test_demo_command_creates_offices_and_users(settings):
    settings.DEBUG = True
    call_command("muat_demo")
    call_command("muat_demo")  # running twice changes nothing
    assert Pengguna.objects.filter(peran="operator").count() == 4
    admin = Pengguna.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("sakip-demo")
    op = Pengguna.objects.get(username="operator.dumai")
    assert op.opd.kode == "disdukcapil-dumai" and op.pemda.nama == "Kota Dumai"
    pimpinan = Pengguna.objects.get(username="pimpinan.probolinggo")
    assert pimpinan.pejabat.nip == "197809271998021001"


def test_demo_command_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="hanya untuk pengembangan"):
        call_command("muat_demo")
    assert not Pengguna.objects.exists()


def test_demo_admin_can_sign_in(client, settings):
    settings.DEBUG = True
    call_command("muat_demo")
    response = client.post(reverse("masuk"), {"username": "admin", "password": "sakip-demo"}, follow=True)
    assert "Anda superuser" in response.text
    assert client.get(reverse("admin:index")).status_code == 200
