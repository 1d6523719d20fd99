"""Issue #14: the admin writes nothing for a form posted back unchanged, while simple_history's
"Revert" writes the version's values, one history row."""

import re
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.models import Realisasi
from sakip.models import OPD
from sakip.pertukaran import impor_data_opd
from tests.data_opd_contoh import dokumen
from tests.factories import PejabatFactory, PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db

KONFLIK = "Diubah orang lain sejak halaman dimuat"


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd, is_staff=True)


def _klien(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def a(operator):
    """The person whose page goes stale."""
    return _klien(operator)


@pytest.fixture
def b(opd):
    """Someone else of the same office, in another tab or on another screen."""
    return _klien(PenggunaFactory(username="operator.lain", opd=opd, is_staff=True))


def alamat(obj, jenis="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{jenis}", args=[obj.pk])


def muat(client, obj):
    """What the browser posts back from the admin change page of `obj`, as loaded now."""
    response = client.get(alamat(obj))
    assert response.status_code == 200
    return isi_formulir(response.content, id=f"{obj._meta.model_name}_form")


def simpan(client, obj, data):
    response = client.post(alamat(obj), data)
    form = response.context and response.context.get("adminform")
    assert response.status_code == 302, form and (form.form.errors, _galat_inline(response))
    return response


def _galat_inline(response):
    return [f.formset.errors for f in response.context["inline_admin_formsets"]]


def pesan(response):
    return [str(m) for m in response.context["messages"]]


def realisasi(kode="IKU1", tahun=2023):
    return Realisasi.objects.get(indikator__kode=kode, tahun=tahun, periode="TAHUN")


def baris(data, prefix, medan, nilai):
    """The index of the inline row whose `medan` holds `nilai` in the posted data."""
    for kunci, isi in data.items():
        m = re.fullmatch(rf"{prefix}-(\d+)-{medan}", kunci)
        if m and str(isi) == str(nilai):
            return m.group(1)
    raise AssertionError(f"tidak ada baris {medan}={nilai}")


# --- a form posted back unchanged, a history revert -------------------------------------------


def test_change_page_posted_back_unchanged_writes_nothing_and_says_so(a, operator):
    r = realisasi()
    data = muat(a, r)
    sebelum = potret()
    response = a.post(alamat(r), data, follow=True)
    assert not beda(sebelum, potret())
    assert "Tidak ada yang berubah; tidak ada yang disimpan." in pesan(response)


def test_revert_writes_the_version_and_one_history_row(a):
    r = realisasi()
    versi_awal = r.history.latest("history_date")
    simpan(a, r, muat(a, r) | {"nilai": "50", "keterangan_data": "salah ketik"})
    assert realisasi().nilai == D(50)
    alamat_versi = reverse("admin:kinerja_realisasi_simple_history", args=[r.pk, versi_awal.history_id])
    halaman = a.get(alamat_versi)
    assert not halaman.context["revert_disabled"]
    n = r.history.count()
    response = a.post(alamat_versi, isi_formulir(halaman.content, id="historicalrealisasi_form"), follow=True)
    assert not any("Tidak ada yang berubah" in p for p in pesan(response))
    r = realisasi()
    assert (r.nilai, r.keterangan_data) == (D("97.51"), "")
    assert r.history.count() == n + 1
    assert r.history.latest("history_date").history_type == "~"
    # Reverting again to the same version: the record already holds it, nothing is written.
    sebelum = potret()
    halaman = a.get(alamat_versi)
    a.post(alamat_versi, isi_formulir(halaman.content, id="historicalrealisasi_form"))
    assert not beda(sebelum, potret())


def test_revert_of_master_data_writes_the_version(client):
    admin = PenggunaFactory(peran="", opd=None, is_superuser=True, is_staff=True)
    client.force_login(admin)
    pejabat = PejabatFactory(nama="Budi")
    versi = pejabat.history.latest("history_date")
    simpan(client, pejabat, muat(client, pejabat) | {"nama": "Budi Santoso"})
    alamat_versi = reverse("admin:sakip_pejabat_simple_history", args=[pejabat.pk, versi.history_id])
    halaman = client.get(alamat_versi)
    response = client.post(alamat_versi, isi_formulir(halaman.content, id="historicalpejabat_form"))
    assert response.status_code == 302
    pejabat.refresh_from_db()
    assert pejabat.nama == "Budi" and pejabat.history.count() == 3
