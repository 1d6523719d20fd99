"""Simultaneous saves of one cell on PostgreSQL through every other editor (PK, rencana aksi,
Renstra, budget grid, narrative): exactly one winner, the others get a conflict, never a 500."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.urls import reverse

from anggaran.models import ItemAnggaran, RealisasiAnggaran
from kinerja.models import ItemPK, RencanaAksi
from laporan.forms import sidik_teks
from laporan.models import Narasi
from pertukaran.muat import impor_data_opd
from renstra.models import TargetIndikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.test_konkurensi import _bersamaan, _klien

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between sessions: PostgreSQL"),
]
KODE = "dinas-uji"


@pytest.fixture
def opd(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    d = dokumen()
    d["perjanjian_kinerja"][0]["status"] = "draft"
    assert impor_data_opd(d).berhasil
    return OPD.objects.get(kode=KODE)


def _pk():
    i = ItemPK.objects.get(indikator__kode="IKU1").id
    url = reverse("pk_editor", args=[KODE, 2024])
    return (
        url,
        lambda n: {f"t-{i}-target": f"9{n}", f"initial-t-{i}-target": "100"},
        (
            lambda: ItemPK.objects.get(pk=i).target,
            lambda n: D(f"9{n}"),
        ),
    )


def _rencana_aksi():
    i = ItemPK.objects.get(indikator__kode="IKU1").id
    url = reverse("rencana_aksi", args=[KODE, 2024])
    return (
        url,
        lambda n: {f"ra-{i}-2-target": f"5{n}", f"initial-ra-{i}-2-target": ""},
        (
            lambda: RencanaAksi.objects.get(item_id=i, triwulan=2).target,
            lambda n: D(f"5{n}"),
        ),
    )


def _renstra():
    from renstra.models import Indikator

    i = Indikator.objects.get(kode="IKU1").id
    url = reverse("renstra_editor", args=[KODE])
    return (
        url,
        lambda n: {f"i-{i}-t2022": f"9{n}", f"initial-i-{i}-t2022": ""},
        (
            lambda: TargetIndikator.objects.get(indikator_id=i, tahun=2022).nilai,
            lambda n: D(f"9{n}"),
        ),
    )


def _anggaran():
    i = ItemAnggaran.objects.get(kode="2.12.02.2.01.0001").id
    url = reverse("anggaran_realisasi", args=[KODE, 2024]) + "?triwulan=2"
    return (
        url,
        lambda n: {f"ra-{i}-nilai": f"10{n}.000.000", f"initial-ra-{i}-nilai": ""},
        (
            lambda: RealisasiAnggaran.objects.get(item_id=i, triwulan=2).nilai,
            lambda n: D(f"10{n}000000"),
        ),
    )


def _narasi():
    url = f"/opd/{KODE}/laporan/2024/tahunan/narasi/latar_belakang/"
    return (
        url,
        lambda n: {"isi": f"Teks sesi {n}.", "sidik_awal": sidik_teks("draf lama")},
        (
            lambda: Narasi.objects.get(bagian="latar_belakang").isi,
            lambda n: f"Teks sesi {n}.",
        ),
    )


@pytest.mark.parametrize("layar", [_pk, _rencana_aksi, _renstra, _anggaran, _narasi])
def test_one_cell_saved_from_four_sessions_at_once_has_exactly_one_winner(opd, layar):
    url, isian, (tersimpan, diharapkan) = layar()
    klien = [_klien(PenggunaFactory(opd=opd, username=f"operator.{n}")) for n in range(4)]
    # Every session loaded the page with the same starting value, then typed its own.
    jawaban = _bersamaan([lambda c=c, n=n: c.post(url, isian(n)) for n, c in enumerate(klien)])
    assert all(not isinstance(j, Exception) for j in jawaban), jawaban
    kode = sorted(j.status_code for j in jawaban)
    assert kode == [200] * 3 + [302], kode
    menang = next(n for n, j in enumerate(jawaban) if j.status_code == 302)
    assert all("diubah orang lain" in j.text for j in jawaban if j.status_code == 200)
    assert tersimpan() == diharapkan(menang)
