import pytest

from tests.factories import OPDFactory, PemdaFactory, PenggunaFactory


@pytest.fixture(autouse=True)
def cache_cetak(settings, tmp_path):
    """Every test renders report pieces afresh: its own cache folder."""
    settings.SAKIP_CACHE_CETAK = tmp_path / "cache-cetak"
    settings.SAKIP_CACHE_REVIU = tmp_path / "cache-reviu"
    # The caches (the report page's body per data version) start empty in every test, in its folder.
    settings.CACHES = {
        **settings.CACHES,
        "laporan": {**settings.CACHES["laporan"], "LOCATION": str(tmp_path / "cache-laporan")},
    }
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture
def dua_opd(db):
    """Two offices in one Pemda and one office in another Pemda."""
    pemda_a = PemdaFactory(nama="Kabupaten Alfa")
    pemda_b = PemdaFactory(nama="Kota Beta")
    return {
        "a": OPDFactory(pemda=pemda_a, kode="dinas-a"),
        "a2": OPDFactory(pemda=pemda_a, kode="dinas-a2"),
        "b": OPDFactory(pemda=pemda_b, kode="dinas-b"),
    }


@pytest.fixture
def operator_a(dua_opd):
    return PenggunaFactory(username="operator.a", opd=dua_opd["a"])


@pytest.fixture
def reviewer_a(dua_opd):
    return PenggunaFactory(username="reviewer.a", reviewer=True, pemda=dua_opd["a"].pemda)
