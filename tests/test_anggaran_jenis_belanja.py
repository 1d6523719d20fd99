"""Budget per spending type and stage (BelanjaJenis), its table in Bab III, and Rupiah with sen
end to end (entry, report, workbook).

Dumai 2023 (report 002, Bab III akuntabilitas keuangan): DPA Perubahan 8.955.501.115 = belanja
operasi 8.004.760.558 + belanja modal 950.740.557; realisasi 8.700.220.833 = 7.659.406.183 +
1.040.814.650 (belanja modal above its pagu: 109,47 %).
"""

import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from openpyxl import load_workbook

from anggaran.excel import ekspor_realisasi_anggaran
from anggaran.models import BelanjaJenis, ItemAnggaran, Pagu
from anggaran.nomenklatur import muat_nomenklatur
from anggaran.ringkasan import anggaran_per_jenis
from kinerja.models import StatusPeriode
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.data import ke_json
from pertukaran.muat import impor_data_opd
from sakip.formatting import desimal_rupiah
from sakip.kunci import DataTerkunci
from sakip.models import OPD
from tests.factories import OPDFactory

pytestmark = pytest.mark.django_db

KODE = "disdukcapil-dumai"


@pytest.fixture
def opd():
    muat_nomenklatur()
    berkas = Path(settings.BASE_DIR) / "fixtures" / "demo" / f"{KODE}.json"
    assert impor_data_opd(json.loads(berkas.read_text(encoding="utf-8"))).berhasil
    return OPD.objects.get(kode=KODE)


def isi_dumai(opd):
    for jenis, pagu, realisasi in (("operasi", "8004760558", "7659406183"), ("modal", "950740557", "1040814650")):
        BelanjaJenis.objects.create(
            opd=opd, tahun=2023, jenis_belanja=jenis, tahap="dpa_perubahan", pagu=D(pagu), realisasi=D(realisasi)
        )


def test_dumai_budget_per_spending_type(opd):
    isi_dumai(opd)
    a = anggaran_per_jenis(opd, 2023)
    assert [t.value for t in a.tahap] == ["dpa_perubahan"]
    assert [(b.jenis.value, b.realisasi, b.serapan.nilai) for b in a.baris] == [
        ("operasi", D("7659406183"), D("95.69")),
        ("modal", D("1040814650"), D("109.47")),
    ]
    assert (a.jumlah.pagu, a.jumlah.realisasi, a.jumlah.serapan.nilai) == (
        {a.tahap[0]: D("8955501115")},
        D("8700220833"),
        D("97.15"),
    )


def test_report_prints_the_table_in_financial_accountability(opd):
    isi_dumai(opd)
    data = susun_laporan(opd, 2023)
    j = ke_json(data.bab[2].keuangan)["jenis_belanja"]
    assert j["tahap"] == ["DPA Perubahan"]
    assert j["baris"][1] == {
        "jenis": "Belanja Modal",
        "pagu": ["950740557"],
        "realisasi": "1040814650",
        "serapan": "109.47",
    }
    assert j["jumlah"] == {"jenis": "Jumlah", "pagu": ["8955501115"], "realisasi": "8700220833", "serapan": "97.15"}
    assert j["tabel"]["judul"] == "Anggaran per jenis belanja dan tahap anggaran Tahun 2023"
    assert j["paragraf"] == [
        "Anggaran Disdukcapil Dumai Tahun 2023 menurut DPA Perubahan sebesar Rp 8.955.501.115, terdiri dari "
        "Belanja Operasi sebesar Rp 8.004.760.558 dan Belanja Modal sebesar Rp 950.740.557. Realisasinya "
        "Rp 8.700.220.833, terdiri dari Belanja Operasi Rp 7.659.406.183 dan Belanja Modal "
        "Rp 1.040.814.650."
    ]
    html = html_cetak(data)
    assert f"Tabel {j['tabel']['nomor']} Anggaran per jenis belanja dan tahap anggaran Tahun 2023" in html
    assert (
        '<tr><td>Belanja Modal</td><td class="num">950.740.557</td><td class="num">1.040.814.650</td>'
        '<td class="num">109,47</td></tr>'
    ) in html


def test_stages_with_sen_and_a_missing_figure(opd):
    isi_dumai(opd)
    BelanjaJenis.objects.create(opd=opd, tahun=2023, jenis_belanja="operasi", tahap="renja", pagu=D("11737766231.50"))
    data = susun_laporan(opd, 2023)
    j = ke_json(data.bab[2].keuangan)["jenis_belanja"]
    assert j["tahap"] == ["Renja (pagu indikatif)", "DPA Perubahan"]
    assert j["baris"][0]["pagu"] == ["11737766231.50", "8004760558"]
    assert j["baris"][1]["pagu"] == [None, "950740557"]
    assert j["jumlah"]["pagu"] == ["11737766231.50", "8955501115"]
    html = html_cetak(data)
    assert '<td>Belanja Operasi</td><td class="num">11.737.766.231,50</td><td class="num">8.004.760.558</td>' in html
    assert '<td>Belanja Modal</td><td class="num">–</td>' in html


def test_quarterly_report_prints_no_year_end_realisation(opd):
    isi_dumai(opd)
    j = ke_json(susun_laporan(opd, 2023, "TW2").bab[2].keuangan)["jenis_belanja"]
    assert j["jumlah"]["realisasi"] is None and j["jumlah"]["serapan"] is None


def test_no_record_no_table(opd):
    assert anggaran_per_jenis(opd, 2023) is None
    assert "jenis_belanja" not in ke_json(susun_laporan(opd, 2023).bab[2].keuangan)


def test_item_of_another_office_is_refused_and_year_end_lock_holds(opd):
    lain = ItemAnggaran.objects.exclude(opd=opd).first() or ItemAnggaran.objects.create(
        opd=OPDFactory(), tahun=2023, kode="2.12.02", nama="Program lain"
    )
    b = BelanjaJenis(opd=opd, tahun=2023, item=lain, jenis_belanja="modal", tahap="dpa", pagu=D(1))
    with pytest.raises(ValidationError, match="milik OPD dan tahun yang sama"):
        b.full_clean()
    isi_dumai(opd)
    StatusPeriode.objects.create(opd=opd, tahun=2023, periode="TAHUN", status="diverifikasi")
    b = BelanjaJenis.objects.get(jenis_belanja="modal")
    b.pagu = D(1)
    with pytest.raises(DataTerkunci):
        b.save()


@pytest.mark.parametrize(
    ("nilai", "desimal"), [(D("1234567.89"), 2), (D("1234567.00"), 0), (D("1234567.001"), 0), (D("0.5"), 2), (7, 0)]
)
def test_sen_only_when_there_are_any(nilai, desimal):
    assert desimal_rupiah(nilai) == desimal


def test_templates_print_sen_only_when_there_are_any():
    t = Template(
        "{% load sakip_format %}{{ a|rupiah }} | {{ b|rupiah }} | {{ a|uang }} | {{ b|uang }} | {{ a|rupiah:0 }}"
    )
    assert t.render(Context({"a": D("1234567.89"), "b": D("1234567.00")})) == (
        "Rp 1.234.567,89 | Rp 1.234.567 | 1.234.567,89 | 1.234.567 | Rp 1.234.568"
    )


def test_workbook_shows_sen_of_an_amount_with_sen(opd):
    daun = ItemAnggaran.objects.filter(opd=opd, tahun=2023, anak__isnull=True, pagu_set__isnull=False).first()
    p = daun.pagu_set.order_by("-urutan").first()
    Pagu.objects.filter(pk=p.pk).update(nilai=p.nilai + D("0.25"))
    ws = load_workbook(io.BytesIO(ekspor_realisasi_anggaran(opd, 2023))).active
    pagu = {r[0].value: r[7] for r in ws.iter_rows(min_row=5) if r[7].value is not None}  # column "Pagu (Rp)"
    assert pagu[daun.kode].number_format == "#,##0.00" and D(str(pagu[daun.kode].value)) == p.nilai + D("0.25")
    utuh = [k for k, sel in pagu.items() if D(str(sel.value)) == D(str(sel.value)).to_integral_value()]
    assert utuh and all(pagu[k].number_format == "#,##0" for k in utuh)
