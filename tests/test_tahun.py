"""A year out of range answers 404 everywhere, never 500 (issue #15): every URL that takes a
year (found from the URL patterns) and every page that reads `?tahun=`."""

import pytest
from django.urls import reverse

from sakip.models import OPD, Pengguna
from sakip.tahun import tahun_sah
from tests.rute import DEMO, isi_parameter, isi_rute, lengkapi_demo, pola_aplikasi

pytestmark = pytest.mark.django_db

SALAH = ["-1", "0", "1999", "2101", "99999", "abc", "2024x", "٢٠٢٤"]


@pytest.fixture
def demo():
    lengkapi_demo()
    return Pengguna.objects.get(username="admin")


def test_the_year_rule():
    assert tahun_sah("2024") == 2024 and tahun_sah(2000) == 2000 and tahun_sah("2100") == 2100
    for teks in [*SALAH, "", None, " 2024 x", "+2024", "2024.0"]:
        assert tahun_sah(teks) is None, teks


def _isi(nama, conv, opd):
    """Real objects of the office where it has them (so the view would run), else any id."""
    kwargs = isi_parameter(nama, conv, opd, 2023, "TAHUN")
    if kwargs:
        return kwargs
    kwargs = {}
    for param, converter in conv.items():
        satu = isi_parameter(nama, {param: converter}, opd, 2023, "TAHUN")
        kwargs[param] = satu[param] if satu else 1
    return kwargs


def test_every_url_with_a_year_answers_404_for_a_year_out_of_range(client, demo):
    client.force_login(demo)
    opd = OPD.objects.get(kode="disdukcapil-dumai")
    dengan_tahun = [(nama, conv) for nama, _rute, conv in pola_aplikasi() if "tahun" in conv]
    assert len(dengan_tahun) >= 20
    for nama, conv in dengan_tahun:
        kwargs = _isi(nama, conv, opd)
        baik = reverse(nama, kwargs=kwargs)
        assert client.get(baik).status_code != 404 or nama.endswith("pratinjau"), baik
        for salah in SALAH:
            url = baik.replace("/2023/", f"/{salah}/", 1)
            assert url != baik
            for metode in (client.get, client.post):
                response = metode(url)
                assert response.status_code == 404, f"{metode.__name__.upper()} {url}: {response.status_code}"


@pytest.mark.parametrize("nama", ["beranda", "opd_detail", "workbook_opd"])
def test_every_page_reading_the_year_from_the_query_answers_404_for_a_year_out_of_range(client, demo, nama):
    client.force_login(demo)
    url = reverse(nama, args=[] if nama == "beranda" else ["disdukcapil-dumai"])
    assert client.get(url + "?tahun=2023").status_code == 200
    for salah in SALAH:
        response = client.get(url, {"tahun": salah})
        assert response.status_code == 404, f"{url}?tahun={salah}: {response.status_code}"


def test_no_page_crashes_on_a_year_out_of_range_in_the_query(client, demo):
    client.force_login(demo)
    kode = "disdukcapil-luwu-timur"
    _pendek, tahun, periode = DEMO[kode]
    terisi, _kosong = isi_rute(OPD.objects.get(kode=kode), tahun, periode)
    for _nama, url in terisi:
        for salah in ("-1", "99999"):
            response = client.get(url, {"tahun": salah})
            assert response.status_code < 500, f"{url}?tahun={salah}: {response.status_code}"


def test_a_year_out_of_range_typed_in_the_admin_is_refused_with_a_message(client, demo):
    from kinerja.models import JendelaEntri

    admin_pemda = Pengguna.objects.get(username="adminpemda.dumai")
    client.force_login(admin_pemda)
    url = reverse("admin:kinerja_jendelaentri_add")
    for salah in ["99999", "2500", "1999", "-1"]:
        data = {"pemda": admin_pemda.pemda_id, "tahun": salah, "periode": "TW1", "mulai": "2024-04-01"}
        response = client.post(url, {**data, "selesai": "2024-04-15"})
        assert response.status_code == 200, salah
        assert "errornote" in response.text and "tahun" in response.text.lower()
    assert not JendelaEntri.objects.filter(tahun__gt=2100).exists()
    assert not JendelaEntri.objects.filter(tahun__lt=2000).exists()
