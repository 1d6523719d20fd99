"""Documents issued per service type (issue #21 item 2): the year-to-date counts per quarter, Jumlah
and Capaian (sakip.rumus.rekap_layanan), the table in the analysis of the sasaran whose indicator it
feeds (or after the measurement table), the period lock, the admin scoped to the office.

Demo: Luwu Timur 2024, the seven rows of T6 in report 000 (fixtures/demo/disdukcapil-luwu-timur-layanan.json,
inputs only). At TW III: 54.834 of 78.000 documents, capaian 70,30 (the indicator's printed realisation).
"""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from anggaran.nomenklatur import muat_nomenklatur
from kinerja.models import LayananDokumen, RealisasiLayananDokumen, StatusPeriode
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.data import ke_json
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip import rumus
from sakip.kunci import DataTerkunci
from sakip.models import OPD
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db

KODE = "disdukcapil-luwu-timur"
DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"
JUDUL = "Realisasi layanan dokumen per jenis Triwulan III Tahun 2024"


@pytest.fixture
def opd():
    muat_nomenklatur()
    assert impor_data_opd(json.loads((DEMO / f"{KODE}.json").read_text(encoding="utf-8"))).berhasil
    call_command("loaddata", str(DEMO / f"{KODE}-layanan.json"), verbosity=0)
    return OPD.objects.get(kode=KODE)


@pytest.fixture
def ketepatan(opd):
    return Indikator.objects.get(opd=opd, kode="IKU1.2")


def _tabel(data):
    dengan = [s for s in data.sasaran if s.layanan_dokumen]
    assert len(dengan) == 1
    return dengan[0], dengan[0].layanan_dokumen[0]


# --------------------------------------------------------------------------- formula


def test_cumulative_from_entries_either_way():
    assert rumus.kumulatif_triwulan([7843, 12467, 18918], True) == (7843, 12467, 18918, None)
    assert rumus.kumulatif_triwulan([7843, 4624, 6451, 100], False) == (7843, 12467, 18918, 19018)
    # a missing quarter: a per-quarter series cannot be summed past it, a cumulative one can
    assert rumus.kumulatif_triwulan([5, None, 7], False) == (5, None, None, None)
    assert rumus.kumulatif_triwulan([5, None, 7], True) == (5, None, 7, None)
    with pytest.raises(rumus.GalatRumus, match="triwulan 3 \\(10\\) lebih kecil dari triwulan 2 \\(12\\)"):
        rumus.kumulatif_triwulan([5, 12, 10], True)
    with pytest.raises(rumus.GalatRumus, match="negatif"):
        rumus.kumulatif_triwulan([-1], False)


def test_totals_and_capaian_per_quarter():
    r = rumus.rekap_layanan([(24975, (7843, 12467, 18918)), (51, (18, 31, None))])
    assert r.jumlah_target == 25026
    assert r.jumlah == (7861, 12498, None)
    assert [c.nilai for c in r.capaian] == [D("31.41"), D("49.94"), None]


# --------------------------------------------------------------------------- report


def test_luwu_timur_tw3_prints_the_t6_table_in_the_sasaran_of_its_indicator(opd, ketepatan):
    data = susun_laporan(opd, 2024, "TW3")
    s, ld = _tabel(data)
    assert s.id == ketepatan.sasaran_id and ld.indikator_id == ketepatan.id
    j = ke_json(ld)
    assert j["triwulan"] == ["TW I", "TW II", "TW III"]
    assert [(b["nama"], b["target"], b["realisasi"]) for b in j["baris"]] == [
        ("Cetak KTP", 24975, [7843, 12467, 18918]),
        ("Cetak KK", 9499, [7089, 13425, 21393]),
        ("Print KIA", 31649, [549, 1916, 6244]),
        ("Cetak Akta Kelahiran", 9700, [2132, 4232, 6812]),
        ("Cetak Akta kawin", 523, [121, 188, 302]),
        ("Cetak Akta Kematian", 1603, [328, 705, 1122]),
        ("Cetak Akta Cerai", 51, [18, 31, 43]),
    ]
    assert j["jumlah_target"] == 78000 and j["jumlah"] == [18080, 32964, 54834]
    assert j["capaian"] == ["23.18", "42.26", "70.30"]
    assert j["tabel"]["judul"] == JUDUL
    assert j["paragraf"] == [
        "Sampai dengan TW III 2024 dokumen yang diterbitkan berjumlah 54.834 dari target 78.000 dokumen "
        "setahun, atau 70,30 %."
    ]
    # Nothing is left for the table after the measurement.
    assert "layanan_dokumen" not in ke_json(data.bab[2].pengukuran)
    html = html_cetak(data)
    assert f"Tabel {j['tabel']['nomor']} {JUDUL}" in html
    assert (
        '<tfoot><tr><th colspan="2">Jumlah</th><th class="num">78.000</th><th class="num">18.080</th>'
        '<th class="num">32.964</th><th class="num">54.834</th></tr>'
        '<tr><th colspan="3">Capaian (%)</th><th class="num">23,18</th><th class="num">42,26</th>'
        '<th class="num">70,30</th></tr></tfoot>'
    ) in html


def test_quarters_stop_at_the_report_period_and_per_quarter_entry_is_summed(opd):
    ktp = LayananDokumen.objects.get(opd=opd, nama="Cetak KTP")
    ktp.kumulatif = False
    ktp.save()
    # per-quarter counts that give the same year-to-date figures as printed
    for tw, n in ((2, 4624), (3, 6451)):
        RealisasiLayananDokumen.objects.filter(layanan=ktp, triwulan=tw).update(jumlah=n)
    _, ld = _tabel(susun_laporan(opd, 2024, "TW2"))
    assert ld.triwulan == ["TW I", "TW II"] and ld.baris[0].realisasi == [7843, 12467]
    assert ld.jumlah == [18080, 32964] and ld.capaian == [D("23.18"), D("42.26")]
    _, ld = _tabel(susun_laporan(opd, 2024, "TW3"))
    assert ld.jumlah[-1] == 54834 and ld.capaian[-1] == D("70.30")
    # The annual report before TW IV is entered: no total for TW IV, and the sentence says so.
    _, ld = _tabel(susun_laporan(opd, 2024, "TAHUN"))
    assert ld.triwulan[-1] == "TW IV" and ld.jumlah == [18080, 32964, 54834, None] and ld.capaian[-1] is None
    assert ld.paragraf == ["Realisasi layanan dokumen s.d. TW IV 2024 belum lengkap untuk seluruh jenis layanan."]


def test_unlinked_rows_print_after_the_measurement_table(opd):
    LayananDokumen.objects.filter(opd=opd).update(indikator=None)
    data = susun_laporan(opd, 2024, "TW3")
    assert all(not s.layanan_dokumen for s in data.sasaran)
    ukur = data.bab[2].pengukuran
    ld = ukur.layanan_dokumen
    assert ld.indikator is None and ld.jumlah[-1] == 54834 and ld.capaian[-1] == D("70.30")
    # numbered right after the measurement table
    assert ld.tabel.nomor == f"3.{int(ukur.tabel.nomor.split('.')[1]) + 1}"
    html = html_cetak(data)
    assert html.index(f"Tabel {ukur.tabel.nomor} ") < html.index(f"Tabel {ld.tabel.nomor} {JUDUL}")


def test_no_rows_no_table(opd):
    LayananDokumen.objects.all().delete()
    data = susun_laporan(opd, 2024, "TW3")
    assert all("layanan_dokumen" not in ke_json(s) for s in data.sasaran)
    assert "layanan_dokumen" not in ke_json(data.bab[2].pengukuran)
    assert "Realisasi layanan dokumen" not in html_cetak(data)


def test_a_hostile_service_name_is_escaped(opd):
    jahat = '<script>alert("x")</script>"\'><img src=x onerror=alert(1)>KTP'
    LayananDokumen.objects.filter(opd=opd, nama="Cetak KTP").update(nama=jahat)
    html = html_cetak(susun_laporan(opd, 2024, "TW3"))
    assert f"<td>{escape(jahat)}</td>" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_no_query_per_row(opd, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as awal:
        susun_laporan(opd, 2024, "TW3")
    ktp = LayananDokumen.objects.get(opd=opd, nama="Cetak KTP")
    for i in range(10):
        baru = LayananDokumen.objects.create(opd=opd, tahun=2024, urutan=10 + i, nama=f"Layanan {i}", target=10)
        baru.indikator_id = ktp.indikator_id
        baru.save()
        for tw in (1, 2, 3):
            RealisasiLayananDokumen.objects.create(layanan=baru, triwulan=tw, jumlah=tw)
    with django_assert_max_num_queries(len(awal.captured_queries)):
        data = susun_laporan(opd, 2024, "TW3")
    _, ld = _tabel(data)
    assert len(ld.baris) == 17 and ld.jumlah_target == 78100 and ld.jumlah[-1] == 54864


# --------------------------------------------------------------------------- lock and admin


def test_a_locked_quarter_freezes_its_counts_and_the_year_its_rows(opd):
    ktp = LayananDokumen.objects.get(opd=opd, nama="Cetak KTP")
    StatusPeriode.objects.create(opd=opd, tahun=2024, periode="TW1", status=StatusPeriode.Status.DIVERIFIKASI)
    tw1 = RealisasiLayananDokumen.objects.get(layanan=ktp, triwulan=1)
    tw1.jumlah = 1
    with pytest.raises(DataTerkunci, match="triwulan 1 2024"):
        tw1.save()
    tw3 = RealisasiLayananDokumen.objects.get(layanan=ktp, triwulan=3)
    tw3.jumlah = 19000
    tw3.save()  # a later quarter stays open
    ktp.target = 1
    with pytest.raises(DataTerkunci):
        ktp.save()


def test_admin_saves_a_service_with_its_quarters_and_is_scoped_to_the_office(client, opd, ketepatan):
    operator = PenggunaFactory(username="operator.luwutimur", opd=opd, is_staff=True)
    client.force_login(operator)
    alamat = reverse("admin:kinerja_layanandokumen_add")
    data = isi_formulir(client.get(alamat).content, id="layanandokumen_form")
    data |= {"opd": opd.pk, "tahun": "2025", "urutan": "1", "nama": "Cetak KTP", "target": "25000"}
    data |= {"indikator": ketepatan.pk, "kumulatif": "on", "realisasi_set-TOTAL_FORMS": "2"}
    for i, (tw, n) in enumerate(((1, 100), (2, 250))):
        data |= {f"realisasi_set-{i}-triwulan": str(tw), f"realisasi_set-{i}-jumlah": str(n)}
    response = client.post(alamat, data, follow=True)
    assert response.status_code == 200 and "errornote" not in response.text, response.text[-3000:]
    baru = LayananDokumen.objects.get(opd=opd, tahun=2025)
    assert baru.realisasi_kumulatif() == (100, 250, None, None)
    halaman = client.get(reverse("admin:kinerja_layanandokumen_change", args=[baru.pk])).text
    assert "100 / 250 / – / –" in halaman
    RealisasiLayananDokumen.objects.filter(layanan=baru, triwulan=2).update(jumlah=50)
    halaman = client.get(reverse("admin:kinerja_layanandokumen_change", args=[baru.pk])).text
    assert "Realisasi kumulatif triwulan 2 (50) lebih kecil dari triwulan 1 (100)." in halaman
    # The list shows the office's own rows; another office's operator sees none of them.
    assert "Print KIA" in client.get(reverse("admin:kinerja_layanandokumen_changelist")).text
    lain = OPD.objects.create(pemda=opd.pemda, kode="opd-lain", nama="OPD Lain", singkatan="Lain")
    asing = LayananDokumen.objects.create(opd=lain, tahun=2024, nama="Rahasia Lain", target=1)
    daftar = client.get(reverse("admin:kinerja_layanandokumen_changelist")).text
    assert "Rahasia Lain" not in daftar
    halaman = client.get(reverse("admin:kinerja_layanandokumen_change", args=[asing.pk]))
    assert halaman.status_code in (302, 404) and "Rahasia Lain" not in halaman.text
    client.force_login(PenggunaFactory(username="operator.lain", opd=lain, is_staff=True))
    daftar = client.get(reverse("admin:kinerja_layanandokumen_changelist")).text
    assert "Print KIA" not in daftar and "Rahasia Lain" in daftar
    assert client.get(reverse("admin:kinerja_layanandokumen_change", args=[baru.pk])).status_code in (302, 404)


def test_indicator_of_another_office_is_refused(opd, ketepatan):
    lain = OPD.objects.create(pemda=opd.pemda, kode="opd-lain", nama="OPD Lain", singkatan="Lain")
    lay = LayananDokumen(opd=lain, tahun=2024, nama="X", target=1, indikator=ketepatan)
    with pytest.raises(Exception, match="milik OPD yang sama"):
        lay.full_clean()
