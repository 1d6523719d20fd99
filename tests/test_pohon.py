"""The pohon kinerja (issue #17 item 6): its selector, its SVG and its page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anggaran.models import ItemAnggaran
from laporan.pohon import susun_pohon
from laporan.pohon_svg import svg_pohon
from renstra.models import Sasaran
from tests.factories import (
    IndikatorFactory,
    ItemPKFactory,
    JabatanFactory,
    OPDFactory,
    PejabatFactory,
    PenggunaFactory,
    PerjanjianKinerjaFactory,
    RenstraFactory,
    SasaranFactory,
    TargetIndikatorFactory,
    TujuanFactory,
)

pytestmark = pytest.mark.django_db
JAHAT = '<script>alert("x")</script> & \'"'


def kantor(nama_sasaran="Meningkatnya layanan", program=1):
    """Tujuan → sasaran strategis (head) → sasaran program (kabid) with `program` budget programs,
    each with one kegiatan and one sub kegiatan."""
    opd = OPDFactory()
    kepala = JabatanFactory(opd=opd, nama="Kepala Dinas", eselon="II")
    kabid = JabatanFactory(opd=opd, nama="Kepala Bidang", eselon="III", induk=kepala)
    renstra = RenstraFactory(opd=opd)
    tujuan = TujuanFactory(renstra=renstra, kode="T1", uraian="Tujuan satu")
    strategis = SasaranFactory(renstra=renstra, tujuan=tujuan, kode="S1", uraian=nama_sasaran, pemilik=kepala)
    sp = SasaranFactory(
        renstra=renstra, tujuan=tujuan, induk=strategis, tingkat=Sasaran.Tingkat.PROGRAM, kode="S1.P1", pemilik=kabid
    )
    TargetIndikatorFactory(indikator=IndikatorFactory(sasaran=strategis, nama="IKU satu"), nilai=90)
    pk_kepala = PerjanjianKinerjaFactory(jabatan=kepala, pejabat=PejabatFactory(pemda=opd.pemda, nama="Budi"))
    pk_kabid = PerjanjianKinerjaFactory(jabatan=kabid, perjanjian_atasan=pk_kepala)
    for n in range(program):
        p = ItemAnggaran.objects.create(opd=opd, tahun=2024, kode=f"2.12.0{n + 2}", nama=f"Program {n}")
        k = ItemAnggaran.objects.create(opd=opd, tahun=2024, kode=f"2.12.0{n + 2}.2.01", nama=f"Kegiatan {n}")
        ItemAnggaran.objects.create(opd=opd, tahun=2024, kode=f"2.12.0{n + 2}.2.01.0001", nama=f"Sub {n}")
        p.sasaran.add(strategis)
        ind = IndikatorFactory(sasaran=None, item_anggaran=p, nama=f"Cakupan program {n}", iku=False)
        ItemPKFactory(perjanjian=pk_kabid, indikator=ind, sasaran=sp, target=75)
        IndikatorFactory(sasaran=None, item_anggaran=k, nama=f"Output kegiatan {n}", iku=False)
    return opd, tujuan, strategis, sp


def test_nodes_and_edges_of_a_small_office():
    opd, tujuan, strategis, sp = kantor()
    pohon = susun_pohon(opd, 2024)
    program, kegiatan, sub = ItemAnggaran.objects.filter(opd=opd).order_by("kode")
    assert pohon.sisi() == [
        (f"t{tujuan.id}", f"s{strategis.id}"),
        (f"s{strategis.id}", f"s{sp.id}"),
        (f"s{sp.id}", f"a{program.id}"),  # under the sasaran whose PK item carries its indicator
        (f"a{program.id}", f"a{kegiatan.id}"),
        (f"a{kegiatan.id}", f"a{sub.id}"),
    ]
    simpul = {s.id: s for s in pohon.simpul()}
    s1 = simpul[f"s{strategis.id}"]
    assert (s1.pemilik.jabatan, s1.pemilik.pejabat) == ("Kepala Dinas", "Budi")
    assert [(i.nama, i.target) for i in s1.indikator] == [("IKU satu", 90)]
    # The program sasaran shows its PK's indicators with the PK target; the program its owner.
    assert [(i.nama, i.target) for i in simpul[f"s{sp.id}"].indikator] == [("Cakupan program 0", 75)]
    assert simpul[f"a{program.id}"].pemilik.jabatan == "Kepala Bidang"
    assert simpul[f"a{program.id}"].juga_mendukung == [strategis.uraian]
    assert [(i.nama, i.target) for i in simpul[f"a{kegiatan.id}"].indikator] == [("Output kegiatan 0", None)]
    assert pohon.lepas == []


def test_hostile_names_are_escaped_in_the_svg():
    opd, *_ = kantor(nama_sasaran=JAHAT)
    opd.jabatan_set.filter(nama="Kepala Dinas").update(nama=JAHAT)
    svg = svg_pohon(susun_pohon(opd, 2024))
    assert "<script" not in svg and 'alert("x")' not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)" in svg


def test_query_budget_does_not_grow_with_the_nodes():
    kecil, *_ = kantor(program=1)
    besar, *_ = kantor(program=5)
    hitungan = []
    for opd in (kecil, besar):
        with CaptureQueriesContext(connection) as c:
            svg_pohon(susun_pohon(opd, 2024))
        hitungan.append(len(c.captured_queries))
    assert hitungan[0] == hitungan[1] <= 9


def test_page_and_access(client):
    opd, *_ = kantor(nama_sasaran=JAHAT)
    lain = OPDFactory(pemda=opd.pemda)
    client.force_login(PenggunaFactory(opd=opd))
    response = client.get(reverse("pohon_kinerja", args=[opd.kode, 2024]))
    assert response.status_code == 200
    isi = response.content.decode()
    assert "<svg" in isi and "<script>alert" not in isi
    assert client.get(reverse("pohon_kinerja", args=[lain.kode, 2024])).status_code == 404
    assert client.get(reverse("pohon_kinerja", args=["tidak-ada", 2024])).status_code == 404
