"""The report's office-profile sections (issue #21 item 2): the IKU definitions table of Bab II,
for every demo office, exact, dropped when no IKU has a definition, without a query per row."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from laporan.bab import susun_laporan
from laporan.bab.konteks import akhir_periode
from laporan.cetak import html_cetak
from laporan.data import ke_json
from laporan.models import DasarHukum, Inovasi, Penghargaan, SaranaPrasarana, SumberDayaManusia
from laporan.struktur_svg import bagan_struktur
from renstra.models import ArahKebijakan, Indikator, Renstra, Sasaran, Strategi
from sakip import rumus
from sakip.models import OPD, Jabatan, Pengguna
from tests.rute import DEMO

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("muat_demo", stdout=StringIO())


def _iku_berlaku(opd, tahun):
    renstra = Renstra.objects.berlaku(opd, tahun, akhir_periode(tahun, rumus.Periode(DEMO[opd.kode][2])))
    return list(
        Indikator.objects.filter(iku=True, opd=opd)
        .filter(Q(tujuan__renstra=renstra) | Q(sasaran__renstra=renstra, sasaran__tingkat=Sasaran.Tingkat.STRATEGIS))
        .select_related("penanggung_jawab")
    )


def _definisi(data):
    return data.bab[1].renstra.definisi_iku


def test_every_demo_office_prints_the_definitions_of_its_iku(demo):
    for kode, (_pendek, tahun, periode) in DEMO.items():
        opd = OPD.objects.get(kode=kode)
        data = susun_laporan(opd, tahun, periode)
        d = _definisi(data)
        iku = _iku_berlaku(opd, tahun)
        assert d is not None, kode
        # every IKU of the Renstra in force, with its stored texts, exactly
        assert {(b.nama, b.definisi, b.formula, b.sumber_data) for b in d.baris} == {
            (i.nama, i.definisi, i.formula, i.sumber_data) for i in iku
        }, kode
        pj = {i.nama: (i.penanggung_jawab.nama if i.penanggung_jawab else "") for i in iku}
        assert all(b.penanggung_jawab == pj[b.nama] for b in d.baris), kode
        # numbered right after the Renstra table
        r = data.bab[1].renstra
        bab, n = r.tabel.nomor.split(".")
        assert d.tabel.nomor == f"{bab}.{int(n) + 1}", kode
        html = html_cetak(data)
        assert f"Tabel {d.tabel.nomor} Definisi operasional Indikator Kinerja Utama" in html
        assert html.count('<table class="tabel-laporan tabel-definisi">') == 1
        for b in d.baris:
            if b.definisi:
                assert escape(b.definisi) in html, (kode, b.nama)


def test_probolinggo_first_row_exact(demo):
    data = susun_laporan(OPD.objects.get(kode="disdukcapil-probolinggo"), 2024, "TAHUN")
    b = _definisi(data).baris[0]
    assert (b.nama, b.satuan, b.penanggung_jawab) == ("Persentase penduduk yang memiliki KTP-el", "%", "Kepala Dinas")
    assert b.formula == "penduduk yang telah memiliki KTP-el ÷ penduduk yang wajib memiliki KTP-el × 100"
    assert b.sumber_data == "Laporan Cakupan Pelayanan Kependudukan dan Pencatatan Sipil"


def test_table_dropped_when_no_iku_has_a_definition(demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    Indikator.objects.filter(opd=opd).update(definisi="", formula="")
    data = susun_laporan(opd, 2024, "TAHUN")
    assert _definisi(data) is None
    html = html_cetak(data)
    assert (
        'class="tabel-laporan tabel-definisi"' not in html
        and "Definisi operasional Indikator Kinerja Utama" not in html
    )


def test_definitions_escaped(demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    i = Indikator.objects.filter(opd=opd, iku=True).exclude(definisi="").first()
    i.definisi, i.sumber_data = "<script>alert(1)</script>", "A & B <b>"
    i.save()
    html = html_cetak(susun_laporan(opd, 2024, "TAHUN"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "A &amp; B &lt;b&gt;" in html
    assert "<script>alert(1)" not in html


def _tambah_iku(opd, sasaran, jabatan, dari, sampai):
    for x in range(dari, sampai):
        Indikator.objects.create(
            sasaran=sasaran,
            kode=f"D{x}",
            nama=f"IKU tambahan {x}",
            satuan="%",
            iku=True,
            definisi="d",
            formula="f",
            sumber_data="s",
            penanggung_jawab=jabatan[x % len(jabatan)],
        )


def test_no_query_per_iku_row(demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    sasaran = Indikator.objects.filter(opd=opd, iku=True).exclude(sasaran=None).first().sasaran
    jabatan = list(Jabatan.objects.filter(opd=opd)[:4])
    # one IKU outside the PK first: the measurement's own lookups for such IKU start here
    _tambah_iku(opd, sasaran, jabatan, 0, 1)
    susun_laporan(opd, 2024, "TAHUN")  # warm the per-process caches (pemda settings)
    with CaptureQueriesContext(connection) as awal:
        susun_laporan(opd, 2024, "TAHUN")
    _tambah_iku(opd, sasaran, jabatan, 1, 5)
    with CaptureQueriesContext(connection) as sesudah:
        data = susun_laporan(opd, 2024, "TAHUN")
    assert "IKU tambahan 4" in [b.nama for b in _definisi(data).baris]
    assert len(sesudah.captured_queries) <= len(awal.captured_queries)


# --------------------------------------------------------------------------- struktur organisasi


def test_every_demo_office_draws_its_organisation_chart_with_every_position(demo):
    for kode, (_pendek, tahun, periode) in DEMO.items():
        opd = OPD.objects.get(kode=kode)
        data = susun_laporan(opd, tahun, periode)
        tf = data.bab[0].tugas_fungsi
        assert tf.bagan is not None and tf.bagan.nomor.startswith("1."), kode
        svg = bagan_struktur(tf.struktur, tf.bagan.judul)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        teks = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        for j in Jabatan.objects.filter(opd=opd):
            nama = j.nama_pada(data.tanggal)
            # wrapped over lines: every word of the name is drawn, escaped
            assert all(escape(kata) in teks for kata in nama.split()), (kode, nama)
        html = html_cetak(data)
        assert f"Gambar {tf.bagan.nomor} Struktur organisasi {opd.nama}" in html
        assert html.count('class="bagan-struktur"') == 2  # the figure and its svg


def test_organisation_chart_escapes_names_and_fits_the_page_width(demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    kepala = Jabatan.objects.get(opd=opd, induk=None)
    for x in range(9):
        Jabatan.objects.create(
            opd=opd, induk=kepala, eselon="III", nama=f'Kepala Bidang <b>"{x}"</b> & Sangat Panjang Sekali'
        )
    data = susun_laporan(opd, 2024, "TAHUN")
    svg = bagan_struktur(data.bab[0].tugas_fungsi.struktur)
    assert "<b>" not in svg and "&lt;b&gt;&quot;3&quot;&lt;/b&gt;" in svg and "&amp;" in svg
    lebar = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    xs = [float(a) + float(b) for a, b in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)]
    assert max(xs) <= lebar  # several rows of at most four columns, never wider than the page
    assert svg.count("<rect") == len(data.bab[0].tugas_fungsi.struktur)


def test_organisation_chart_empty_without_positions():
    assert bagan_struktur([]) == ""


# --------------------------------------------------------------------------- dasar hukum


def _dasar(opd, n=2):
    return [
        DasarHukum.objects.create(
            opd=opd, urutan=x, jenis="Peraturan Daerah", nomor=str(10 + x), tahun=2016 + x, tentang=f"Hal <{x}> & lain"
        )
        for x in range(n)
    ]


def test_demo_offices_print_the_dasar_hukum_of_their_reports(demo):
    data = susun_laporan(OPD.objects.get(kode="disdukcapil-probolinggo"), 2024, "TAHUN")
    dh = data.bab[0].dasar_hukum
    assert dh.bagian.nomor == "1.2" and len(dh.butir) == 11
    assert (
        dh.butir[5] == "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah"
    )
    assert dh.butir[-1].startswith("Peraturan Walikota Probolinggo Nomor 51 Tahun 2022 tentang Perubahan Atas")
    dumai = susun_laporan(OPD.objects.get(kode="disdukcapil-dumai"), 2023, "TAHUN").bab[0].dasar_hukum
    assert len(dumai.butir) == 5 and dumai.butir[2] == (
        "Peraturan Daerah Kota Dumai tentang Rencana Pembangunan Jangka Menengah Daerah Kota Dumai"
    )  # the report prints no number nor year for it
    # the regulations the other two reports cite in their text
    lutim = susun_laporan(OPD.objects.get(kode="disdukcapil-luwu-timur"), 2024, "TW3").bab[0].dasar_hukum
    assert len(lutim.butir) == 5 and lutim.butir[4].startswith(
        "Peraturan Bupati Luwu Timur Nomor 36 Tahun 2018 tentang Perubahan atas Peraturan Bupati Nomor 40 Tahun 2016"
    )
    muba = susun_laporan(OPD.objects.get(kode="disdukcapil-musi-banyuasin"), 2024, "TAHUN").bab[0].dasar_hukum
    assert len(muba.butir) == 10 and muba.butir[7] == (
        "Peraturan Daerah Kabupaten Musi Banyuasin Nomor 9 Tahun 2017 tentang Pembentukan dan Susunan Perangkat"
        " Daerah Kabupaten Musi Banyuasin"
    )


def test_every_demo_office_prints_the_profile_sections_and_no_internal_note(demo):
    """Issue #21, done when: Dasar Hukum, Sumber Daya, Struktur Organisasi and the definitions table."""
    for kode, (_pendek, tahun, periode) in DEMO.items():
        data = susun_laporan(OPD.objects.get(kode=kode), tahun, periode)
        html = html_cetak(data)
        bab1 = data.bab[0]
        for bagian in (bab1.dasar_hukum.bagian, bab1.tugas_fungsi.bagian, bab1.sumber_daya.bagian):
            assert f"{bagian.nomor} {bagian.judul}" in html, (kode, bagian.judul)
        assert f"Gambar {bab1.tugas_fungsi.bagan.nomor} Struktur organisasi" in html and "<svg" in html, kode
        assert f"Tabel {_definisi(data).tabel.nomor} Definisi operasional Indikator Kinerja Utama" in html, kode


def test_dasar_hukum_printed_as_numbered_section_and_left_out_when_empty(demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    DasarHukum.objects.filter(opd=opd).delete()
    SumberDayaManusia.objects.filter(opd=opd).delete()
    SaranaPrasarana.objects.filter(opd=opd).delete()
    data = susun_laporan(opd, 2024, "TAHUN")
    assert data.bab[0].dasar_hukum is None and "dasar_hukum" not in ke_json(data)["bab"][0]
    assert data.bab[0].tugas_fungsi.bagian.nomor == "1.2"
    assert "Dasar Hukum" not in html_cetak(data)
    _dasar(opd)
    DasarHukum.objects.create(opd=opd, urutan=5, jenis="Undang-Undang", nomor="23", tahun=2014, tentang="Pemda")
    DasarHukum.objects.create(opd=OPD.objects.get(kode="disdukcapil-dumai"), jenis="UU", tentang="Milik Dumai")
    data = susun_laporan(opd, 2024, "TAHUN")
    dh = data.bab[0].dasar_hukum
    assert dh.bagian.nomor == "1.2" and data.bab[0].tugas_fungsi.bagian.nomor == "1.3"
    assert dh.butir == [
        "Peraturan Daerah Nomor 10 Tahun 2016 tentang Hal <0> & lain",
        "Peraturan Daerah Nomor 11 Tahun 2017 tentang Hal <1> & lain",
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemda",
    ]
    html = html_cetak(data)
    assert (
        "1.2 Dasar Hukum" in html
        and "<li>Peraturan Daerah Nomor 10 Tahun 2016 tentang Hal &lt;0&gt; &amp; lain</li>" in html
    )
    assert "Milik Dumai" not in html


def test_dasar_hukum_admin_is_scoped_to_the_office(client, demo):
    probolinggo = OPD.objects.get(kode="disdukcapil-probolinggo")
    dumai = OPD.objects.get(kode="disdukcapil-dumai")
    milik = _dasar(probolinggo, 1)[0]
    asing = DasarHukum.objects.create(opd=dumai, jenis="Peraturan Wali Kota", tentang="Rahasia Dumai")
    client.force_login(Pengguna.objects.get(username="operator.probolinggo"))
    daftar = client.get(reverse("admin:laporan_dasarhukum_changelist"))
    assert daftar.status_code == 200
    assert "Peraturan Daerah" in daftar.text and "Rahasia Dumai" not in daftar.text
    assert client.get(reverse("admin:laporan_dasarhukum_change", args=[milik.pk])).status_code == 200
    lain = client.get(reverse("admin:laporan_dasarhukum_change", args=[asing.pk]))
    assert lain.status_code in (302, 404) and "Rahasia Dumai" not in lain.text


# --------------------------------------------------------------------------- sumber daya


def test_probolinggo_prints_the_staff_and_facilities_of_its_report(demo):
    data = susun_laporan(OPD.objects.get(kode="disdukcapil-probolinggo"), 2024, "TAHUN")
    sd = data.bab[0].sumber_daya
    assert sd.bagian.nomor == "1.4" and (sd.tahun_sdm, sd.tahun_sarana) == (2024, 2024)
    assert [(t.kelompok, len(t.baris), t.jumlah) for t in sd.tabel] == [
        ("jabatan", 3, 8),
        ("status", 3, 45),
        ("golongan", 16, 24),
        ("pendidikan", 6, 24),
        ("sarana", 18, None),
    ]  # the totals the report prints: 45 staff, 24 ASN by rank and by education
    assert [t.tabel.nomor for t in sd.tabel] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert (sd.tabel[4].baris[5].uraian, sd.tabel[4].baris[5].jumlah, sd.tabel[4].baris[5].kondisi) == (
        "Kursi",
        161,
        "Baik",
    )
    # the positions of the jabatan tree, filled on the signing date (one eselon IV without a holder)
    assert [(b.uraian, b.jumlah, b.terisi, b.belum_terisi) for b in sd.tabel[0].baris] == [
        ("Eselon II", 1, 1, 0),
        ("Eselon III", 4, 4, 0),
        ("Eselon IV", 3, 2, 1),
    ]
    # the budget of the year, as Bab III totals it
    assert (sd.pagu, sd.realisasi) == (Decimal("5629936406"), Decimal("5217366979"))


def test_positions_without_recorded_holders_print_counts_only(demo):
    data = susun_laporan(OPD.objects.get(kode="disdukcapil-dumai"), 2023, "TAHUN")
    jabatan = data.bab[0].sumber_daya.tabel[0]
    assert jabatan.kelompok == "jabatan" and not jabatan.rinci_terisi  # only the head's holder is recorded
    assert [(b.uraian, b.jumlah) for b in jabatan.baris] == [
        ("Eselon II", 1),
        ("Eselon III", 5),
        ("Eselon IV", 3),
        ("Jabatan fungsional", 8),
    ]
    html = html_cetak(data)
    assert "Belum terisi" not in html and "memuat 17 jabatan sebagaimana Tabel 1.1" in html
    assert "Sumber daya keuangan Dinas Kependudukan dan Pencatatan Sipil Kota Dumai tahun 2023 berupa pagu" in html


def test_sumber_daya_staff_tables_of_the_latest_year_and_left_out_when_empty(demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    SumberDayaManusia.objects.filter(opd=opd).delete()
    SaranaPrasarana.objects.filter(opd=opd).delete()
    DasarHukum.objects.filter(opd=opd).delete()
    data = susun_laporan(opd, 2024, "TAHUN")
    # a report needs a PK, a PK a jabatan: the section always has the positions of the tree
    assert [t.kelompok for t in data.bab[0].sumber_daya.tabel] == ["jabatan"]
    assert "Jumlah pegawai menurut" not in html_cetak(data)
    for x, (uraian, jumlah) in enumerate([("PNS", 30), ("PPPK", 4), ("Non-ASN <honorer>", 12)]):
        SumberDayaManusia.objects.create(opd=opd, tahun=2024, kelompok="status", urutan=x, uraian=uraian, jumlah=jumlah)
    SumberDayaManusia.objects.create(opd=opd, tahun=2023, kelompok="status", uraian="PNS", jumlah=99)  # older year
    SumberDayaManusia.objects.create(opd=opd, tahun=2025, kelompok="status", uraian="PNS", jumlah=77)  # later year
    SumberDayaManusia.objects.create(opd=opd, tahun=2024, kelompok="pendidikan", uraian="S1", jumlah=20)
    SaranaPrasarana.objects.create(opd=opd, tahun=2023, uraian="Mesin ADM", jumlah=2, satuan="unit", kondisi="Baik")
    SumberDayaManusia.objects.create(
        opd=OPD.objects.get(kode="disdukcapil-dumai"), tahun=2024, kelompok="golongan", uraian="Gol IV Dumai", jumlah=3
    )
    data = susun_laporan(opd, 2024, "TAHUN")
    sd = data.bab[0].sumber_daya
    assert (sd.bagian.nomor, sd.tahun_sdm, sd.tahun_sarana) == ("1.3", 2024, 2023)
    assert [t.kelompok for t in sd.tabel] == ["jabatan", "status", "pendidikan", "sarana"]
    status = sd.tabel[1]
    assert [(b.uraian, b.jumlah) for b in status.baris] == [("PNS", 30), ("PPPK", 4), ("Non-ASN <honorer>", 12)]
    assert status.jumlah == 46 and status.tabel.nomor == "1.2"
    assert sd.tabel[3].tabel.judul == "Sarana dan prasarana Tahun 2023" and sd.tabel[3].jumlah is None
    html = html_cetak(data)
    assert "1.3 Sumber Daya" in html and "Non-ASN &lt;honorer&gt;" in html and "Gol IV Dumai" not in html
    assert "Tabel 1.2 Jumlah pegawai menurut status kepegawaian Tahun 2024" in html
    assert '<td>Mesin ADM</td><td class="num">2</td><td>unit</td><td>Baik</td>' in html


def test_sumber_daya_admin_is_scoped_to_the_office(client, demo):
    probolinggo = OPD.objects.get(kode="disdukcapil-probolinggo")
    dumai = OPD.objects.get(kode="disdukcapil-dumai")
    SaranaPrasarana.objects.create(opd=probolinggo, tahun=2024, uraian="Gedung kantor", jumlah=1)
    asing = SaranaPrasarana.objects.create(opd=dumai, tahun=2024, uraian="Gedung Dumai", jumlah=1)
    asing_sdm = SumberDayaManusia.objects.create(opd=dumai, tahun=2024, kelompok="status", uraian="PNS Dumai", jumlah=1)
    client.force_login(Pengguna.objects.get(username="operator.probolinggo"))
    daftar = client.get(reverse("admin:laporan_saranaprasarana_changelist"))
    assert "Gedung kantor" in daftar.text and "Gedung Dumai" not in daftar.text
    assert "PNS Dumai" not in client.get(reverse("admin:laporan_sumberdayamanusia_changelist")).text
    for url in (
        reverse("admin:laporan_saranaprasarana_change", args=[asing.pk]),
        reverse("admin:laporan_sumberdayamanusia_change", args=[asing_sdm.pk]),
    ):
        r = client.get(url)
        assert r.status_code in (302, 404) and "Dumai" not in r.text.replace("disdukcapil-dumai", "")


# --------------------------------------------------------------------------- strategi dan arah kebijakan

DUMAI_STRATEGI = [
    (
        "Pelayanan dan penerbitan dokumen kependudukan yang cepat dan bisa diakses dari mana saja",
        [
            "Membangun dan mengembangkan aplikasi pelayanan pendaftaran penduduk dan pencatatan sipil, dan layanan "
            "pengaduan masyarakat berbasis IT",
            "Penyediaan sarana dan prasarana pendukung layanan",
            "Meningkatkan kerjasama dalam rangka percepatan pelayanan dan peningkatan kepemilikan dokumen kependudukan "
            "dan pencatatan sipil",
        ],
    ),
    (
        "Meningkatkan profesionalisme petugas pelayanan",
        [
            "Peningkatan kualitas petugas pelayanan melalui pendidikan dan pelatihan teknis",
            "Peningkatan kuantitas penyelenggara pelayanan melalui penyediaan jasa tenaga pelayanan",
        ],
    ),
    (
        "Mensosialisasikan aturan dan kebijakan terkait penyelenggaraan administrasi kependudukan dan pencatatan sipil",
        ["Menyebarkan informasi melalui media cetak, media elektronik, dan media lainnya"],
    ),
]


def test_dumai_prints_the_strategies_of_its_report_after_the_iku_definitions(demo):
    data = susun_laporan(OPD.objects.get(kode="disdukcapil-dumai"), 2023, "TAHUN")
    r = data.bab[1].renstra
    st = r.strategi
    s2 = Sasaran.objects.get(renstra__opd__kode="disdukcapil-dumai", kode="S2")
    assert [(b.tujuan, b.sasaran) for b in st] == [(s2.tujuan.uraian, s2.uraian)]
    assert [(x.uraian, x.arah_kebijakan) for x in st[0].strategi] == DUMAI_STRATEGI
    bab, n = r.definisi_iku.tabel.nomor.split(".")
    assert r.tabel_strategi.nomor == f"{bab}.{int(n) + 1}"
    html = html_cetak(data)
    assert f"Tabel {r.tabel_strategi.nomor} Tujuan, sasaran, strategi dan arah kebijakan" in html
    assert '<td rowspan="3">' in html and "<li>Penyediaan sarana dan prasarana pendukung layanan</li>" in html
    assert ke_json(data)["bab"][1]["renstra"]["strategi"][0]["strategi"][1]["uraian"] == DUMAI_STRATEGI[1][0]
    for kode in ("disdukcapil-luwu-timur", "disdukcapil-musi-banyuasin", "disdukcapil-probolinggo"):
        _pendek, tahun, periode = DEMO[kode]
        data = susun_laporan(OPD.objects.get(kode=kode), tahun, periode)
        assert data.bab[1].renstra.strategi == [] and "strategi" not in ke_json(data)["bab"][1]["renstra"], kode
        assert "strategi dan arah kebijakan" not in html_cetak(data)


def test_strategies_escaped_in_order_and_without_a_query_per_row(demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    sasaran = list(Sasaran.objects.filter(renstra__opd=opd, tingkat="strategis").order_by("urutan", "id"))
    pertama = Strategi.objects.create(sasaran=sasaran[0], urutan=1, uraian="Strategi <b>tebal</b> & cepat")
    ArahKebijakan.objects.create(strategi=pertama, urutan=3, uraian="Arah 3")
    susun_laporan(opd, 2024, "TAHUN")
    with CaptureQueriesContext(connection) as awal:
        susun_laporan(opd, 2024, "TAHUN")
    kedua = Strategi.objects.create(sasaran=sasaran[0], urutan=2, uraian="Kedua")
    for i in range(2):
        ArahKebijakan.objects.create(strategi=pertama, urutan=2 - i, uraian=f"Arah {2 - i}")
    Strategi.objects.create(sasaran=sasaran[-1], uraian="Strategi terakhir")
    with CaptureQueriesContext(connection) as sesudah:
        data = susun_laporan(opd, 2024, "TAHUN")
    assert len(sesudah.captured_queries) == len(awal.captured_queries)
    st = data.bab[1].renstra.strategi
    assert [[(x.uraian, x.arah_kebijakan) for x in b.strategi] for b in st] == [
        [("Strategi <b>tebal</b> & cepat", ["Arah 1", "Arah 2", "Arah 3"]), ("Kedua", [])],
        [("Strategi terakhir", [])],
    ]
    assert kedua.sasaran.tingkat == "strategis"
    html = html_cetak(data)
    assert "1. Strategi &lt;b&gt;tebal&lt;/b&gt; &amp; cepat" in html and "<b>tebal</b>" not in html


def test_strategies_only_for_a_sasaran_strategis_and_shown_on_the_renstra_page(client, demo):
    opd = OPD.objects.get(kode="disdukcapil-dumai")
    s2 = Sasaran.objects.get(renstra__opd=opd, kode="S2")
    program = Sasaran.objects.create(renstra=s2.renstra, tingkat="program", induk=s2, uraian="Sasaran program")
    with pytest.raises(ValidationError) as e:
        Strategi(sasaran=program, uraian="x").clean()
    assert e.value.message_dict == {"sasaran": ["Strategi dirumuskan untuk sasaran strategis."]}
    client.force_login(Pengguna.objects.get(username="operator.dumai"))
    teks = client.get(reverse("renstra_editor", args=[opd.kode])).text
    assert "Strategi dan arah kebijakan" in teks
    assert "<li>Meningkatkan profesionalisme petugas pelayanan<ol" in teks
    assert "Menyebarkan informasi melalui media cetak, media elektronik, dan media lainnya" in teks


def test_strategi_admin_is_scoped_to_the_office(client, demo):
    dumai = Strategi.objects.filter(sasaran__renstra__opd__kode="disdukcapil-dumai").first()
    client.force_login(Pengguna.objects.get(username="operator.probolinggo"))
    daftar = client.get(reverse("admin:renstra_strategi_changelist"))
    assert daftar.status_code == 200 and "profesionalisme" not in daftar.text
    r = client.get(reverse("admin:renstra_strategi_change", args=[dumai.pk]))
    assert r.status_code in (302, 404) and "profesionalisme" not in r.text
    client.force_login(Pengguna.objects.get(username="operator.dumai"))
    r = client.get(reverse("admin:renstra_strategi_change", args=[dumai.pk]))
    assert r.status_code == 200 and "Penyediaan sarana dan prasarana pendukung layanan" in r.text
    pilihan = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', r.text)
    assert pilihan and all("Terwujudnya" in p or "Meningkatnya" in p for p in pilihan)  # Dumai's two sasaran only


# --------------------------------------------------------------------------- prestasi dan inovasi


def test_awards_and_innovations_of_the_year_printed_after_the_budget_and_left_out_when_none(client, demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    for kode, (_pendek, tahun, periode) in DEMO.items():
        assert susun_laporan(OPD.objects.get(kode=kode), tahun, periode).bab[2].prestasi is None, kode
    data = susun_laporan(opd, 2024, "TAHUN")
    assert "prestasi" not in ke_json(data)["bab"][2] and "Prestasi dan Penghargaan" not in html_cetak(data)
    Penghargaan.objects.create(
        opd=opd, tahun=2024, urutan=2, uraian="Pelayanan <Prima>", tingkat="nasional", pemberi="KemenPANRB"
    )
    Penghargaan.objects.create(
        opd=opd, tahun=2024, urutan=1, uraian="Juara I", tingkat="provinsi", tanggal=datetime.date(2024, 8, 17)
    )
    Penghargaan.objects.create(opd=opd, tahun=2023, uraian="Tahun lalu")
    Penghargaan.objects.create(opd=OPD.objects.get(kode="disdukcapil-dumai"), tahun=2024, uraian="Milik Dumai")
    Inovasi.objects.create(opd=opd, tahun=2024, nama="Akik Cemerlang", uraian="Akta & KIA", tahun_mulai=2021)
    data = susun_laporan(opd, 2024, "TAHUN")
    pr = data.bab[2].prestasi
    assert [(p.uraian, p.tingkat, p.pemberi, p.tanggal) for p in pr.penghargaan] == [
        ("Juara I", "provinsi", "", datetime.date(2024, 8, 17)),
        ("Pelayanan <Prima>", "nasional", "KemenPANRB", None),
    ]
    assert [(i.nama, i.uraian, i.tahun_mulai) for i in pr.inovasi] == [("Akik Cemerlang", "Akta & KIA", 2021)]
    keuangan = data.bab[2].keuangan
    bab, n = keuangan.bagian.nomor.split(".")
    assert pr.bagian.nomor == f"{bab}.{int(n) + 1}" and pr.bagian.judul == "Prestasi dan Penghargaan"
    assert pr.tabel_inovasi.nomor.split(".")[1] == str(int(pr.tabel_penghargaan.nomor.split(".")[1]) + 1)
    html = html_cetak(data)
    assert f"Tabel {pr.tabel_penghargaan.nomor} Prestasi dan penghargaan {opd.nama} Tahun 2024" in html
    assert "Pelayanan &lt;Prima&gt;" in html and "17 Agustus 2024" in html and "Akta &amp; KIA" in html
    assert "Tahun lalu" not in html and "Milik Dumai" not in html
    assert ke_json(data)["bab"][2]["prestasi"]["inovasi"][0]["nama"] == "Akik Cemerlang"
    Penghargaan.objects.filter(opd=opd).delete()
    pr = susun_laporan(opd, 2024, "TAHUN").bab[2].prestasi
    assert pr.bagian.judul == "Inovasi" and pr.tabel_penghargaan is None and pr.penghargaan == []


def test_award_rules_and_admin_scoped_to_the_office(client, demo):
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    with pytest.raises(ValidationError) as e:
        Penghargaan(opd=opd, tahun=2024, uraian="x", tanggal=datetime.date(2023, 12, 31)).clean()
    assert e.value.message_dict == {"tanggal": ["Tanggal harus di tahun 2024."]}
    with pytest.raises(ValidationError) as e:
        Inovasi(opd=opd, tahun=2024, nama="x", tahun_mulai=2025).clean()
    assert e.value.message_dict == {"tahun_mulai": ["Tahun mulai tidak boleh sesudah tahun laporan."]}
    dumai = OPD.objects.get(kode="disdukcapil-dumai")
    asing = Penghargaan.objects.create(opd=dumai, tahun=2023, uraian="Rahasia Dumai")
    asing_inovasi = Inovasi.objects.create(opd=dumai, tahun=2023, nama="Inovasi Dumai")
    Penghargaan.objects.create(opd=opd, tahun=2024, uraian="Juara Probolinggo")
    client.force_login(Pengguna.objects.get(username="operator.probolinggo"))
    daftar = client.get(reverse("admin:laporan_penghargaan_changelist"))
    assert "Juara Probolinggo" in daftar.text and "Rahasia Dumai" not in daftar.text
    assert "Inovasi Dumai" not in client.get(reverse("admin:laporan_inovasi_changelist")).text
    for url in (
        reverse("admin:laporan_penghargaan_change", args=[asing.pk]),
        reverse("admin:laporan_inovasi_change", args=[asing_inovasi.pk]),
    ):
        r = client.get(url)
        assert r.status_code in (302, 404) and "Dumai" not in r.text.replace("disdukcapil-dumai", "")
