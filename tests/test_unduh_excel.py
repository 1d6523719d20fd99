"""'Unduh Excel' beside every table: the same selector as the page, rendered to .xlsx (numbers as
number cells with the screen's format, hostile text kept as text, other office 404, no query per row)."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.cache import caches
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.entri import baris_entri
from kinerja.models import ItemPK, TemuanReviu
from laporan.dasbor import dasbor_opd, dasbor_pemda
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip import rumus
from sakip.models import OPD
from sakip.xlsx import BARIS_KEPALA, Angka, Kolom, buku_tabel
from tests.data_opd_contoh import dokumen
from tests.factories import IndikatorFactory, OPDFactory, PenggunaFactory, tambah_item_pk

pytestmark = pytest.mark.django_db
JAHAT = '=HYPERLINK("http://jahat.example/","klik")'


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


def buka(response, lembar=None):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb[lembar] if lembar else wb.worksheets[0]
    kepala = [c.value for c in ws[BARIS_KEPALA]]
    assert all(c.font.b for c in ws[BARIS_KEPALA])
    assert ws.freeze_panes == f"A{BARIS_KEPALA + 1}"
    baris = [list(r) for r in ws.iter_rows(min_row=BARIS_KEPALA + 1)]
    return kepala, baris


def kolom(kepala, baris, judul):
    i = kepala.index(judul)
    return [r[i] for r in baris]


def test_writer_numbers_formats_and_hostile_text():
    isi = buku_tabel(
        "Uji",
        [Kolom("Nama"), Kolom("Nilai", "angka", 2), Kolom("Capaian", "persen"), Kolom("Pagu", "rupiah", 0)],
        [[JAHAT + "\x07", Angka(D("72.717149"), 2), D("97.314"), D("1234567")], ["-1", D("98"), None, 5]],
    )
    ws = load_workbook(io.BytesIO(isi)).active
    nama = ws.cell(BARIS_KEPALA + 1, 1)
    assert nama.value == JAHAT and nama.data_type == "s" and nama.quotePrefix  # control char stripped
    assert ws.cell(BARIS_KEPALA + 2, 1).data_type == "s"
    nilai = ws.cell(BARIS_KEPALA + 1, 2)
    assert nilai.data_type == "n" and nilai.value == pytest.approx(72.717149) and nilai.number_format == "#,##0.00"
    assert ws.cell(BARIS_KEPALA + 1, 3).number_format == '#,##0.00" %"'
    assert ws.cell(BARIS_KEPALA + 1, 4).number_format == '"Rp "#,##0'
    assert ws.cell(BARIS_KEPALA + 2, 3).value is None
    with pytest.raises(TypeError):
        buku_tabel("Uji", [Kolom("Nilai", "angka")], [[1.5]])
    ws = load_workbook(
        io.BytesIO(buku_tabel("Uji", [Kolom("Tanggal", "tanggal")], [[datetime.date(2024, 12, 31)]]))
    ).active
    sel = ws.cell(BARIS_KEPALA + 1, 1)
    assert sel.is_date and sel.number_format == "d mmmm yyyy"  # "31 Desember 2024", as |tanggal


def test_realisasi_grid_download(client, operator, opd, django_assert_max_num_queries):
    Indikator.objects.filter(kode="IKU2").update(nama=JAHAT)
    client.force_login(operator)
    halaman = client.get(reverse("realisasi_grid", args=["dinas-uji", 2024, "TAHUN"])).text
    assert reverse("realisasi_xlsx", args=["dinas-uji", 2024, "TAHUN"]) in halaman and "Unduh Excel" in halaman
    with django_assert_max_num_queries(40) as ctx:
        response = client.get(reverse("realisasi_xlsx", args=["dinas-uji", 2024, "TAHUN"]))
    kepala, baris = buka(response)
    _, harapan = baris_entri(opd, 2024, rumus.Periode.TAHUN, dengan_form=False)
    assert [r[0].value for r in baris] == [b.indikator.nama for b in harapan]
    nama = kolom(kepala, baris, "Indikator")
    jahat = next(c for c in nama if c.value == JAHAT)
    assert jahat.data_type == "s"
    for sel, b in zip(kolom(kepala, baris, "Capaian"), harapan, strict=True):
        assert sel.data_type == "n" and D(str(sel.value)) == b.capaian.nilai
        assert sel.number_format == '#,##0.00" %"'
    for sel, b in zip(kolom(kepala, baris, "Realisasi"), harapan, strict=True):
        assert D(str(sel.value)) == b.realisasi.nilai and sel.number_format == "#,##0.00"  # 99,30 on screen
    # No query per row.
    n = len(ctx.captured_queries)
    perjanjian = ItemPK.objects.first().perjanjian
    sasaran = ItemPK.objects.first().sasaran
    for i in range(10):
        x = IndikatorFactory(sasaran=sasaran, nama=f"Tambahan {i}", kode=f"X{i}")
        tambah_item_pk(perjanjian, sasaran=sasaran, indikator=x, target=D(10), urutan=10 + i)
    with django_assert_max_num_queries(n):
        assert len(buka(client.get(reverse("realisasi_xlsx", args=["dinas-uji", 2024, "TAHUN"])))[1]) == len(baris) + 10


def test_office_dashboard_download(client, opd, django_assert_max_num_queries):
    client.force_login(PenggunaFactory(pimpinan=True, opd=opd))
    halaman = client.get(reverse("opd_detail", args=["dinas-uji"]) + "?tahun=2024&periode=TAHUN").text
    assert reverse("opd_xlsx", args=["dinas-uji"]) in halaman
    with django_assert_max_num_queries(45) as ctx:
        response = client.get(reverse("opd_xlsx", args=["dinas-uji"]) + "?tahun=2024&periode=TAHUN")
    d = dasbor_opd(opd, 2024, rumus.Periode.TAHUN)
    kepala, baris = buka(response, "Sasaran")
    cap = kolom(kepala, baris, "Capaian")
    assert [D(str(c.value)) for c in cap] == [s.capaian.nilai for s in d.pengukuran.sasaran]
    assert all(c.data_type == "n" and c.number_format == '#,##0.00" %"' for c in cap)
    kepala, baris = buka(response, "Indikator")
    assert [D(str(c.value)) for c in kolom(kepala, baris, "Realisasi")] == [
        h.realisasi for s in d.pengukuran.sasaran for h in s.indikator
    ]
    n = len(ctx.captured_queries)
    perjanjian = opd.perjanjian_set.get()
    sasaran = perjanjian.item_set.first().sasaran
    for _ in range(10):
        tambah_item_pk(perjanjian, sasaran=sasaran, indikator=IndikatorFactory(sasaran=sasaran))
    with django_assert_max_num_queries(n):
        client.get(reverse("opd_xlsx", args=["dinas-uji"]) + "?tahun=2024&periode=TAHUN")


def test_pemda_dashboard_download(client, opd, django_assert_max_num_queries):
    OPDFactory(pemda=opd.pemda, kode="dinas-kosong", nama=JAHAT)
    lain = OPDFactory(kode="dinas-lain", nama="Dinas Pemda Lain")
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    client.force_login(reviewer)
    halaman = client.get(reverse("beranda") + "?tahun=2024&periode=TAHUN").text
    assert reverse("beranda_xlsx") in halaman
    caches["laporan"].clear()  # every office measured (its figures are kept per data version)
    with django_assert_max_num_queries(30) as ctx:
        response = client.get(reverse("beranda_xlsx") + "?tahun=2024&periode=TAHUN")
    kepala, baris = buka(response)
    nama = [c.value for c in kolom(kepala, baris, "OPD")]
    assert lain.nama not in nama and JAHAT in nama  # only the offices the page shows
    assert kolom(kepala, baris, "OPD")[nama.index(JAHAT)].data_type == "s"
    harapan = {b.opd.nama: b for b in dasbor_pemda([opd], 2024, rumus.Periode.TAHUN)}
    sel = kolom(kepala, baris, "Capaian")[nama.index(opd.nama)]
    assert sel.data_type == "n" and D(str(sel.value)) == harapan[opd.nama].capaian.nilai
    assert kolom(kepala, baris, "Realisasi terisi")[nama.index(opd.nama)].value == harapan[opd.nama].terisi
    n = len(ctx.captured_queries)
    for i in range(5):
        OPDFactory(pemda=opd.pemda, kode=f"dinas-x{i}")
    caches["laporan"].clear()
    with django_assert_max_num_queries(n):
        client.get(reverse("beranda_xlsx") + "?tahun=2024&periode=TAHUN")


def test_reviewer_findings_download(client, opd):
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    TemuanReviu.objects.create(
        opd=opd, tahun=2024, periode="TAHUN", objek="bab:III", kode="komentar", pesan=JAHAT, dibuat_oleh=reviewer
    )
    client.force_login(reviewer)
    sebelum = TemuanReviu.objects.count()
    halaman = client.get(reverse("ruang_reviu", args=["dinas-uji", 2024, "TAHUN"])).text
    assert reverse("reviu_temuan_xlsx", args=["dinas-uji", 2024, "TAHUN"]) in halaman
    kepala, baris = buka(client.get(reverse("reviu_temuan_xlsx", args=["dinas-uji", 2024, "TAHUN"])))
    assert TemuanReviu.objects.count() == sebelum  # GET writes nothing
    pesan = kolom(kepala, baris, "Pesan")
    sel = next(c for c in pesan if c.value == JAHAT)
    assert sel.data_type == "s"
    assert all(c.data_type == "n" for c in kolom(kepala, baris, "No"))
    assert kolom(kepala, baris, "Dibuat pada")[pesan.index(sel)].is_date


@pytest.mark.parametrize(
    "nama,args,query",
    [
        ("realisasi_xlsx", ["dinas-uji", 2024, "TAHUN"], ""),
        ("opd_xlsx", ["dinas-uji"], "?tahun=2024&periode=TAHUN"),
        ("reviu_temuan_xlsx", ["dinas-uji", 2024, "TAHUN"], ""),
        ("anggaran_ekspor", ["dinas-uji", 2024], ""),
    ],
)
def test_other_office_gets_404(client, opd, nama, args, query):
    lain = OPDFactory(kode="dinas-lain")
    client.force_login(PenggunaFactory(opd=lain))
    assert client.get(reverse(nama, args=args) + query).status_code == 404


def test_lke_download_hides_the_evaluator_side_until_final(client, django_assert_max_num_queries):
    from lke.entri import simpan_layar, susun_layar
    from lke.kerangka import baca_berkas, muat_kerangka
    from lke.models import JawabanLKE
    from tests.test_lke import TAHUN, _data_layar

    a = OPDFactory(kode="dinas-a")
    muat_kerangka(a.pemda, TAHUN, baca_berkas())
    operator = PenggunaFactory(opd=a)
    reviewer = PenggunaFactory(reviewer=True, pemda=a.pemda)
    data = _data_layar(operator, a, {"1.a.1": "Y"})
    kriteria = next(b.kriteria for b in susun_layar(operator, a, TAHUN).baris.values() if b.kriteria.kode == "1.a.1")
    data[f"j-{kriteria.id}-catatan_usulan"] = JAHAT
    assert simpan_layar(operator, a, TAHUN, data).berhasil
    assert JawabanLKE.objects.get().catatan_usulan == JAHAT
    url = reverse("lke_xlsx", args=["dinas-a", TAHUN])
    client.force_login(operator)
    assert url in client.get(reverse("lke", args=["dinas-a", TAHUN])).text
    with django_assert_max_num_queries(40):
        kepala, baris = buka(client.get(url))
    assert "Jawaban evaluator" not in kepala  # the office sees the evaluator's side once final
    layar = susun_layar(operator, a, TAHUN, dengan_form=False)
    harapan = [k[1][0].nilai for k in layar.susunan]
    komponen = [r for r in baris if r[0].value in {k.kode for k, _n, _s in layar.susunan}]
    assert [D(str(r[kepala.index("Nilai OPD")].value)) for r in komponen] == harapan
    assert all(r[kepala.index("Nilai OPD")].number_format == "#,##0.00" for r in komponen)
    sel = next(c for c in kolom(kepala, baris, "Catatan OPD") if c.value == JAHAT)
    assert sel.data_type == "s"
    client.force_login(reviewer)
    kepala, _ = buka(client.get(url))
    assert "Jawaban evaluator" in kepala
    client.force_login(PenggunaFactory(opd=OPDFactory(kode="dinas-lain")))
    assert client.get(url).status_code == 404
