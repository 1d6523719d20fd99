"""A GET never writes (issue #15): every page of every demo office, opened by every role,
leaves the database identical. The URLs come from the URL patterns (tests/rute.py), so a new
page is covered the day it is added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.models import OPD, Pengguna
from tests.potret import beda, potret
from tests.rute import DEMO, PERAN_DEMO, halaman_admin, isi_rute, lengkapi_demo

pytestmark = pytest.mark.django_db

TULIS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _tulisan(queries):
    """The writing statements of a request; signing in (session, last login) aside."""
    hasil = []
    for q in queries:
        sql = q["sql"].lstrip().upper()
        if not sql.startswith(TULIS) or "DJANGO_SESSION" in sql or "LAST_LOGIN" in sql:
            continue
        hasil.append(q["sql"][:200])
    return hasil


def test_every_get_of_every_role_leaves_the_database_identical(client):
    lengkapi_demo()
    rencana = []  # (user, [urls])
    admin_user = Pengguna.objects.get(username="admin")
    semua_url = []
    for kode, (pendek, tahun, periode) in DEMO.items():
        opd = OPD.objects.get(kode=kode)
        terisi, kosong = isi_rute(opd, tahun, periode)
        assert not kosong, f"{kode}: URL tanpa objek untuk parameternya: {kosong}"
        urls = [u for _nama, u in terisi]
        urls += [
            reverse("beranda") + f"?tahun={tahun}&periode={periode}",
            reverse("opd_detail", args=[kode]) + f"?tahun={tahun}&periode={periode}",
            reverse("anggaran_opd", args=[kode, tahun]) + "?periode=TW2",
            reverse("anggaran_realisasi", args=[kode, tahun]) + "?triwulan=2",
        ]
        semua_url += urls
        for peran in PERAN_DEMO:
            user = Pengguna.objects.get(username=f"{peran}.{pendek}")
            rencana.append((user, urls + (halaman_admin(user) if peran == "adminpemda" else [])))
    rencana.append((admin_user, semua_url + halaman_admin(admin_user)))

    sebelum = potret()
    menulis = []
    diminta = 0
    for user, urls in rencana:
        client.force_login(user)
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code < 500, f"{user} {url}: {response.status_code}"
            if tulisan := _tulisan(ctx.captured_queries):
                menulis.append(f"{user.username} GET {url}: {tulisan[0]}")
            diminta += 1
    assert not menulis, "GET menulis ke basis data:\n" + "\n".join(menulis[:20])
    assert not beda(sebelum, potret()), beda(sebelum, potret())
    assert diminta > 500
