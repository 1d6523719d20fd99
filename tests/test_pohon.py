"""The pohon kinerja (issue #17 item 6): its selector, its SVG and its page."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anggaran.models import ItemAnggaran
from laporan.pohon import susun_pohon
from laporan.pohon_svg import svg_pohon, svg_pohon_halaman
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


def _perintah(*argumen):
    keluar = io.StringIO()
    call_command("pohon_kinerja", *argumen, stdout=keluar, stderr=io.StringIO())
    return keluar.getvalue()


def test_command_svg_and_html():
    opd, *_ = kantor(nama_sasaran=JAHAT)
    svg = _perintah("--opd", opd.kode, "--tahun", "2024", "--format", "svg")
    assert svg.startswith("<svg") and "<script" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)" in svg
    html = _perintah("--opd", opd.kode, "--tahun", "2024", "--format", "html")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert f"Pohon Kinerja {opd.nama} Tahun 2024" in html and 'class="pohon pohon-halaman"' in html


def test_command_pdf(tmp_path):
    from pypdf import PdfReader

    opd, *_ = kantor(program=3)
    berkas = tmp_path / "pohon.pdf"
    assert _perintah("--opd", opd.kode, "--tahun", "2024", "--format", "pdf", "--output", str(berkas)) == ""
    halaman = PdfReader(berkas).pages
    assert len(halaman) >= 1
    teks = " ".join(halaman[0].extract_text().split())
    assert f"Pohon Kinerja {opd.nama} Tahun 2024" in teks and "Tujuan satu" in teks


def test_a_tall_tree_is_cut_into_page_bands_between_boxes():
    opd, *_ = kantor(program=8)
    pohon = susun_pohon(opd, 2024)
    pita = svg_pohon_halaman(pohon, 0.2)
    assert len(pita) > 1 and all(s.startswith("<svg") for s in pita)
    kotak = [
        (float(y), float(y) + float(t))
        for y, t in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="\d+" height="([\d.]+)"', pita[0])
    ]
    for s in pita:
        _, atas, _, tinggi = map(float, re.search(r'viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"', s).groups())
        for bawah in (atas, atas + tinggi):  # no box is cut by a band's edge
            assert not any(a < bawah < b for a, b in kotak)
    assert svg_pohon_halaman(pohon, 100) == [svg_pohon(pohon).replace('class="pohon"', 'class="pohon pohon-halaman"')]


@pytest.mark.parametrize(
    ("argumen", "pesan"),
    [
        (["--opd", "tidak-ada", "--tahun", "2024"], "tidak ditemukan"),
        (["--tahun", "2024", "--format", "pdf"], "memerlukan --output"),
        (["--tahun", "2024", "--format", "png"], "tidak dikenal"),
        (["--tahun", "dua"], "bukan angka tahun"),
    ],
)
def test_command_errors(argumen, pesan):
    opd, *_ = kantor()
    if "--opd" not in argumen:
        argumen = ["--opd", opd.kode, *argumen]
    with pytest.raises(CommandError, match=pesan):
        _perintah(*argumen)


def test_command_on_an_office_without_a_tree():
    opd = OPDFactory()
    with pytest.raises(CommandError, match="belum memiliki pohon kinerja"):
        _perintah("--opd", opd.kode, "--tahun", "2024")
