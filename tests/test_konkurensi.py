"""Simultaneous saves on PostgreSQL (threads, each with its own connection): one cell saved from
many sessions at once has exactly one winner and the others get a conflict, never a 500; two
people saving different rows of the same period both succeed (issue #14)."""

import threading
from decimal import Decimal as D

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from kinerja.alur import jalankan_transisi
from kinerja.models import Realisasi, StatusPeriode
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between sessions: PostgreSQL"),
]

URL = reverse("realisasi_grid", args=["dinas-uji", 2024, "TW3"])


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


def _bersamaan(tugas):
    """Run the callables at the same moment, one thread each; their results in order."""
    hasil = [None] * len(tugas)
    mulai = threading.Barrier(len(tugas))

    def jalan(i, f):
        try:
            mulai.wait()
            hasil[i] = f()
        except Exception as exc:  # a crash is a result too: the test reports it
            hasil[i] = exc
        finally:
            connections.close_all()  # this thread's connection, so the test database can be dropped

    threads = [threading.Thread(target=jalan, args=(i, f)) for i, f in enumerate(tugas)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return hasil


def _klien(user):
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def _isian(indikator, nilai, awal=""):
    i = indikator.id
    return {f"r-{i}-nilai": nilai, f"initial-r-{i}-nilai": awal}


def test_one_cell_saved_from_six_sessions_at_once_has_exactly_one_winner(opd):
    akta = Indikator.objects.get(kode="IKU2")
    klien = [_klien(PenggunaFactory(opd=opd, username=f"operator.{n}")) for n in range(6)]
    # Every session loaded the page while the cell was empty, then typed its own value.
    tugas = [lambda c=c, n=n: c.post(URL, _isian(akta, f"9{n}")) for n, c in enumerate(klien)]
    jawaban = _bersamaan(tugas)
    assert all(not isinstance(j, Exception) for j in jawaban), jawaban
    kode = sorted(j.status_code for j in jawaban)
    assert kode == [200] * 5 + [302], kode  # one saved (redirect), five shown their conflict
    menang = next(n for n, j in enumerate(jawaban) if j.status_code == 302)
    for j in jawaban:
        if j.status_code == 200:
            assert "diubah orang lain" in j.text
    r = Realisasi.objects.get(indikator=akta, tahun=2024, periode="TW3")
    assert r.nilai == D(f"9{menang}") and r.history.count() == 1


def test_two_people_saving_different_rows_both_succeed(opd):
    ktp, akta = Indikator.objects.get(kode="IKU1"), Indikator.objects.get(kode="IKU2")
    satu = _klien(PenggunaFactory(opd=opd, username="operator.satu"))
    dua = _klien(PenggunaFactory(opd=opd, username="operator.dua"))
    for putaran in range(5):
        data_satu = _isian(ktp, f"9{putaran},5", _teks(_nilai(ktp)))
        data_dua = _isian(akta, f"8{putaran},5", _teks(_nilai(akta)))
        jawaban = _bersamaan([lambda d=data_satu: satu.post(URL, d), lambda d=data_dua: dua.post(URL, d)])
        assert [getattr(j, "status_code", j) for j in jawaban] == [302, 302]
        assert Realisasi.objects.get(indikator=ktp, periode="TW3").nilai == D(f"9{putaran}.5")
        assert Realisasi.objects.get(indikator=akta, periode="TW3").nilai == D(f"8{putaran}.5")


def _nilai(indikator):
    return Realisasi.objects.filter(indikator=indikator, periode="TW3").values_list("nilai", flat=True).first()


def _teks(nilai):
    """A stored value as the grid's input shows it."""
    return "" if nilai is None else str(nilai.normalize()).replace(".", ",")


def test_a_save_racing_the_verification_either_lands_before_it_or_is_refused(opd):
    """The lock check and the write are one transaction: no save lands in a verified period."""
    akta = Indikator.objects.get(kode="IKU2")
    operator = PenggunaFactory(opd=opd, username="operator.cepat")
    pimpinan = PenggunaFactory(opd=opd, pimpinan=True, username="pimpinan.cepat")
    jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)
    jalankan_transisi(pimpinan, opd, 2024, "TW3", "kembalikan", "ulang")
    c = _klien(operator)
    for n in range(4):
        status = StatusPeriode.objects.get(opd=opd, tahun=2024, periode="TW3")
        assert status.status == "draft"
        awal = _teks(_nilai(akta))
        jawaban = _bersamaan(
            [
                lambda n=n, awal=awal: c.post(URL, _isian(akta, f"7{n}", awal)),
                lambda: jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True),
            ]
        )
        assert not isinstance(jawaban[0], Exception) and jawaban[0].status_code in (200, 302)
        r = Realisasi.objects.filter(indikator=akta, periode="TW3").first()
        diajukan = StatusPeriode.objects.get(opd=opd, tahun=2024, periode="TW3")
        riwayat = list(r.history.order_by("history_date")) if r else []
        if riwayat and riwayat[-1].nilai == D(f"7{n}"):
            # The save landed: it committed before the submission took the office lock.
            assert riwayat[-1].history_date <= diajukan.diubah
        jalankan_transisi(pimpinan, opd, 2024, "TW3", "kembalikan", "ulang")
