"""Out of reach looks exactly like not there (issue #15): for every URL with an object id (the
application's detail, history and edit URLs, and the admin's change, history, history-version
and delete pages of every registered model), an id outside the user's reach and an id that does
not exist answer the same 404, and the page names nothing of the record."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from sakip.models import OPD, Pengguna
from tests.rute import DEMO, PERAN_DEMO, isi_parameter, lengkapi_demo, pola_aplikasi

pytestmark = pytest.mark.django_db

TIDAK_ADA = 987654


@pytest.fixture
def demo():
    lengkapi_demo()


def _status_dan_isi(client, url, post=False):
    response = client.post(url) if post else client.get(url)
    return response.status_code, response.content.decode(errors="replace")


@pytest.mark.parametrize("peran", PERAN_DEMO)
def test_application_urls_with_an_id_answer_404_alike_for_out_of_reach_and_missing(client, demo, peran):
    sendiri, asing = OPD.objects.get(kode="disdukcapil-luwu-timur"), OPD.objects.get(kode="disdukcapil-dumai")
    client.force_login(Pengguna.objects.get(username=f"{peran}.{DEMO[sendiri.kode][0]}"))
    diperiksa = 0
    for nama, _rute, conv in pola_aplikasi():
        ids = [p for p in conv if p in ("pk", "indikator", "indikator_id")]
        if not ids:
            continue
        kw_sendiri = isi_parameter(nama, conv, sendiri, DEMO[sendiri.kode][1], "TAHUN")
        kw_asing = isi_parameter(nama, conv, asing, DEMO[asing.kode][1], "TAHUN")
        assert kw_sendiri and kw_asing, nama
        for param in ids:
            # The office's own URL, with the id of another Pemda's record, or of none.
            url_asing = reverse(nama, kwargs={**kw_sendiri, param: kw_asing[param]})
            url_kosong = reverse(nama, kwargs={**kw_sendiri, param: TIDAK_ADA})
            for post in (False, True):
                a, isi_a = _status_dan_isi(client, url_asing, post)
                b, _isi_b = _status_dan_isi(client, url_kosong, post)
                assert a == b, f"{peran} {'POST' if post else 'GET'} {url_asing}: {a}, {url_kosong}: {b}"
                if a == 404:
                    assert asing.nama not in isi_a and asing.pemda.nama not in isi_a
            diperiksa += 1
        # Another office's URL altogether, and an office that does not exist (URLs under an office;
        # the document review's are the Pemda's, reached by id only).
        if "kode" in conv:
            a, _ = _status_dan_isi(client, reverse(nama, kwargs=kw_asing))
            b, _ = _status_dan_isi(client, reverse(nama, kwargs={**kw_asing, "kode": "tidak-ada"}))
            assert a == b == 404 or (a == b == 405), f"{peran} {nama}: {a} vs {b}"
    assert diperiksa >= 9


def _url_admin(model, nama, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{nama}", args=args)


@pytest.mark.parametrize("peran", PERAN_DEMO)
def test_admin_object_pages_answer_404_alike_for_out_of_reach_and_missing(client, demo, peran):
    user = Pengguna.objects.get(username=f"{peran}.{DEMO['disdukcapil-luwu-timur'][0]}")
    asing_user = Pengguna.objects.get(username="adminpemda.dumai")
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user, permintaan_asing = user, RequestFactory().get("/admin/")
    permintaan_asing.user = asing_user
    diperiksa = 0
    for model, model_admin in admin.site._registry.items():
        if not hasattr(model, "jalur_opd") and not hasattr(model, "jalur_pemda"):
            continue  # shared reference data (nomenclature): everyone may read it
        terlihat = model_admin.get_queryset(request).values_list("pk", flat=True)
        obj = model_admin.get_queryset(permintaan_asing).exclude(pk__in=terlihat).order_by("pk").first()
        if obj is None:
            continue
        # A model the user may not open at all answers 403 for any id; one he may open, 404.
        harap = 404 if model_admin.has_view_permission(request) else 403
        for nama in ["change", "history", "delete"]:
            a, isi_a = _status_dan_isi(client, _url_admin(model, nama, obj.pk))
            b, _ = _status_dan_isi(client, _url_admin(model, nama, TIDAK_ADA))
            assert a == b and (a == harap or nama == "delete" and a == 403), (
                f"{peran} {model.__name__} {nama}: {a}, {b}"
            )
            assert str(obj) not in isi_a, f"{peran} {model.__name__} {nama}: nama bocor"
        riwayat = getattr(model, "history", None)
        versi = riwayat.filter(**{model._meta.pk.attname: obj.pk}).first() if riwayat is not None else None
        if versi is not None:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                args=[obj.pk, versi.history_id],
            )
            kosong = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                args=[TIDAK_ADA, versi.history_id],
            )
            for post in (False, True):
                a, isi_a = _status_dan_isi(client, url, post)
                b, _ = _status_dan_isi(client, kosong, post)
                assert a == b == harap, f"{peran} {model.__name__} versi riwayat: asing {a}, tidak ada {b}"
                assert str(obj) not in isi_a
        diperiksa += harap == 404
    assert diperiksa >= 5
