"""The admin shows a user nothing of another Pemda (issue #15): not in list filters, not in the
dropdowns of add and change pages, not in autocomplete answers, on every registered model."""

import pytest
from django.contrib import admin
from django.urls import reverse

from sakip.models import OPD, Pejabat, Pemda, Pengguna
from tests.rute import DEMO, PERAN_DEMO, halaman_admin, lengkapi_demo

pytestmark = pytest.mark.django_db


def nama_asing(pemda):
    """Names that belong to other Pemda only: Pemda, offices, officials, accounts."""
    asing = [p.nama for p in Pemda.objects.exclude(pk=pemda.pk)]
    asing += [o.nama for o in OPD.objects.exclude(pemda=pemda)]
    asing += [p.nama for p in Pejabat.objects.exclude(pemda=pemda)]
    asing += [
        u.username for u in Pengguna.objects.exclude(pemda=pemda).exclude(opd__pemda=pemda).exclude(is_superuser=True)
    ]
    return [n for n in asing if n]


def url_filter(html):
    """The links of the changelist's filter panel (every choice of every filter)."""
    import re

    panel = html[html.find('id="changelist-filter"') :]
    return sorted(set(re.findall(r'href="(\?[^"]+)"', panel)))


def autocomplete(user):
    """Autocomplete requests of every autocomplete field of every registered admin and inline."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        for sumber in [model_admin, *[i(model, admin.site) for i in model_admin.inlines]]:
            for medan in sumber.autocomplete_fields:
                urls.append(
                    reverse("admin:autocomplete")
                    + f"?app_label={sumber.model._meta.app_label}&model_name={sumber.model._meta.model_name}"
                    + f"&field_name={medan}&term="
                )
    return urls


@pytest.mark.parametrize("peran", PERAN_DEMO)
def test_no_admin_page_shows_a_name_of_another_pemda(client, peran):
    lengkapi_demo()
    pendek = DEMO["disdukcapil-luwu-timur"][0]
    user = Pengguna.objects.get(username=f"{peran}.{pendek}")
    pemda = user.pemda or user.opd.pemda
    asing = nama_asing(pemda)
    assert len(asing) > 10
    client.force_login(user)
    urls = halaman_admin(user) + autocomplete(user)
    assert any("autocomplete" in u for u in urls)
    dilihat = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), f"{url}: {response.status_code}"
        if response.status_code != 200:
            continue
        html = response.content.decode()
        bocor = [n for n in asing if n in html]
        assert not bocor, f"{peran} {url}: {bocor[:3]}"
        dilihat += 1
        if url.endswith("/") and "changelist-filter" in html:
            for f in url_filter(html):
                html_f = client.get(url + f).content.decode()
                bocor = [n for n in asing if n in html_f]
                assert not bocor, f"{peran} {url}{f}: {bocor[:3]}"
    assert dilihat > 10
