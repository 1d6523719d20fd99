"""The load test's browser (bench/beban.py): what it reads from the grid page and posts back is
what a browser sends, so one changed value is one saved row and nothing else changes."""

from decimal import Decimal as D

import pytest

from bench.beban import isian_form, multipart
from kinerja.models import Realisasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db
URL = "/opd/dinas-uji/realisasi/2024/TW3/"


@pytest.fixture
def operator():
    assert impor_data_opd(dokumen()).berhasil
    return PenggunaFactory(username="operator.uji", opd=OPD.objects.get(kode="dinas-uji"))


def test_the_grid_form_is_read_as_the_browser_sends_it(client, operator):
    client.force_login(operator)
    html = client.get(URL).text
    isian = isian_form(html.encode())
    teks = dict((n, v) for n, v in isian if v is not None)
    # The same controls and values as the tests' HTML parser, plus one empty part per file input.
    assert teks == {k: (v[-1] if isinstance(v, list) else v) for k, v in isi_formulir(html, "grid-realisasi").items()}
    assert any(v is None and n.endswith("-bukti") for n, v in isian)


def test_one_changed_value_posted_as_multipart_saves_one_row(client, operator):
    client.force_login(operator)
    sebelum = dict(Realisasi.objects.values_list("pk", "revisi"))
    ind = Indikator.objects.get(kode="IKU2")
    kunci = f"r-{ind.id}-nilai"
    isian = [(n, "97,25" if n == kunci else v) for n, v in isian_form(client.get(URL).content)]
    body, jenis = multipart(isian)
    response = client.post(URL, data=body, content_type=jenis)
    assert response.status_code == 302
    assert "Tersimpan: 1 realisasi diperbarui" in client.get(URL).text
    r = Realisasi.objects.get(indikator=ind, tahun=2024, periode="TW3")
    assert r.nilai == D("97.25") and r.history.count() >= 1
    sesudah = dict(Realisasi.objects.values_list("pk", "revisi"))
    assert {pk: rev for pk, rev in sesudah.items() if sebelum.get(pk) != rev} == {r.pk: sebelum.get(r.pk, 0) + 1}


def test_the_job_check_of_the_two_server_run_sees_a_job_run_twice_or_left(dua_opd, reviewer_a):
    """bench/beban.py --pekerja: each PDF job finished once, by one task claimed by one worker."""
    from types import SimpleNamespace

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from bench.beban import periksa_tugas
    from laporan.cetak import antrekan_pdf
    from laporan.models import BerkasPDF, Laporan

    mulai = timezone.now()
    args = SimpleNamespace(pekerja=2)
    berkas = [
        antrekan_pdf(Laporan.objects.create(opd=dua_opd[k], tahun=2024, periode="TAHUN"), reviewer_a)
        for k in ("a", "a2")
    ]

    def jalankan(b, pekerja, nilai="selesai"):
        sekarang = timezone.now()
        DBTaskResult.objects.filter(id=b.id_tugas).update(
            status="SUCCESSFUL", worker_ids=pekerja, return_value=nilai, started_at=sekarang, finished_at=sekarang
        )
        BerkasPDF.objects.filter(pk=b.pk).update(status="selesai", selesai_pada=sekarang)

    assert periksa_tugas(args, mulai, 0)["tersisa"] == 2  # both still waiting
    jalankan(berkas[0], ["w1"])
    jalankan(berkas[1], ["w2"])
    c = periksa_tugas(args, mulai, 0)
    assert (c["galat"], c["pdf"], c["pekerja_berbeda"]) == (0, 2, 2)

    # A second delivery that ran the job again (instead of "dilewati"), and a task two workers claimed.
    kedua = DBTaskResult.objects.get(id=berkas[0].id_tugas)
    kedua.pk = None
    kedua.save()
    DBTaskResult.objects.filter(id=berkas[1].id_tugas).update(worker_ids=["w2", "w1"])
    c = periksa_tugas(args, mulai, 0)
    assert (c["pdf_dua_kali"], c["pdf_tidak_sekali"], c["pekerja_tidak_satu"]) == (1, 1, 1)
    assert c["galat"] == 3
