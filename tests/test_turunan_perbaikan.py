"""Review fixes of issue #21 (derived indicators, per-indicator category scales): a workbook
round trip keeps them, they are frozen with the way an indicator is measured, a Renstra
Perubahan links the copies, predicate children count, and only the scales used are counted."""

import datetime
import io
from decimal import Decimal as D

import pytest

from kinerja.models import StatusPeriode
from laporan.bab import susun_laporan
from laporan.data import ke_json
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import ekspor_workbook, impor_workbook
from renstra.layanan import buat_renstra_perubahan
from renstra.models import Indikator, Renstra
from sakip import rumus
from sakip.kunci import DataTerkunci
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.test_demo import jalankan, muat
from tests.test_pengukuran_turunan import PENUNJANG

pytestmark = pytest.mark.django_db


def _penunjang_dari_pengukuran():
    data = jalankan("pengukuran", "disdukcapil-luwu-timur", 2024, "TW3")
    sekretaris = next(p for p in data["perjanjian"] if p["jabatan"] == "Sekretaris")
    (baris,) = [i for s in sekretaris["sasaran"] for i in s["indikator"] if i["nama"] == PENUNJANG]
    return baris["realisasi"], baris["capaian"]


def test_reimporting_the_workbook_keeps_derived_settings_and_the_indicator_scale():
    muat("disdukcapil-luwu-timur")
    opd = OPD.objects.get(kode="disdukcapil-luwu-timur")
    induk = Indikator.objects.get(opd=opd, nama=PENUNJANG)
    Indikator.objects.filter(pk=induk.pk).update(skala_kategori="empat_pita")
    anak = sorted(induk.anak_turunan.values_list("pk", flat=True))
    assert (induk.turunan, len(anak)) == ("rata_rata_capaian", 8)
    assert _penunjang_dari_pengukuran() == ("62.50", "62.50")

    hasil = impor_workbook(io.BytesIO(ekspor_workbook(opd, 2024)), percobaan=False)
    assert hasil.berhasil, hasil.galat
    induk.refresh_from_db()
    assert (induk.turunan, induk.skala_kategori) == ("rata_rata_capaian", "empat_pita")
    assert sorted(induk.anak_turunan.values_list("pk", flat=True)) == anak
    assert _penunjang_dari_pengukuran() == ("62.50", "62.50")


def test_a_document_that_gives_the_fields_still_sets_and_clears_them():
    d = dokumen()
    iku1, iku2 = d["renstra"]["sasaran"][0]["indikator"]
    iku1.update(turunan="rata_rata_capaian", skala_kategori="empat_pita")
    iku2["induk_turunan"] = "IKU1"
    assert impor_data_opd(d).berhasil
    ind = {i.kode: i for i in Indikator.objects.filter(kode__in=["IKU1", "IKU2"])}
    assert (ind["IKU1"].turunan, ind["IKU1"].skala_kategori, ind["IKU2"].induk_turunan_id) == (
        "rata_rata_capaian",
        "empat_pita",
        ind["IKU1"].pk,
    )
    iku1.update(turunan="", skala_kategori="")
    iku2["induk_turunan"] = None
    assert impor_data_opd(d).berhasil
    ind = {i.kode: i for i in Indikator.objects.filter(kode__in=["IKU1", "IKU2"])}
    assert (ind["IKU1"].turunan, ind["IKU1"].skala_kategori, ind["IKU2"].induk_turunan_id) == ("", "", None)


@pytest.fixture
def uji():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.mark.parametrize(
    "ubah",
    [
        lambda ind: setattr(ind, "turunan", "rata_rata_capaian"),
        lambda ind: setattr(ind, "induk_turunan", Indikator.objects.get(kode="IKU1")),
        lambda ind: setattr(ind, "skala_kategori", "empat_pita"),
    ],
    ids=["turunan", "induk_turunan", "skala_kategori"],
)
def test_derived_settings_and_scale_are_frozen_by_an_approved_period(uji, ubah):
    StatusPeriode.objects.create(opd=uji, tahun=2024, periode="TW1", status=StatusPeriode.Status.DISETUJUI)
    ind = Indikator.objects.get(kode="IKU2")
    ubah(ind)
    with pytest.raises(DataTerkunci) as galat:
        ind.save()
    assert galat.value.messages == [
        "Cara pengukuran indikator IKU2 terkunci: data Triwulan I 2024 berstatus disetujui pimpinan. "
        "Minta dikembalikan ke draf (atau dibuka kembali) bila perlu diubah."
    ]


@pytest.mark.parametrize("induk_kode,anak_kode", [("IKU1", "IKU2"), ("IKU2", "IKU1")])
def test_renstra_perubahan_links_the_copied_children_to_the_copied_parent(uji, induk_kode, anak_kode):
    """The parent copied before its child, and after it."""
    Indikator.objects.filter(kode=induk_kode).update(turunan="rata_rata_capaian")
    Indikator.objects.filter(kode=anak_kode).update(induk_turunan=Indikator.objects.get(kode=induk_kode))
    awal = Renstra.objects.get(opd=uji)
    baru = buat_renstra_perubahan(awal, mulai=2023, tanggal_penetapan=datetime.date(2023, 3, 1), alasan="Revisi")
    salinan = {i.kode: i for i in Indikator.objects.filter(sasaran__renstra=baru)}
    lama = {i.kode: i for i in Indikator.objects.filter(sasaran__renstra=awal)}
    assert salinan[anak_kode].induk_turunan_id == salinan[induk_kode].pk
    assert lama[anak_kode].induk_turunan_id == lama[induk_kode].pk


def test_percent_met_counts_predicate_children_without_a_number():
    anak = [
        rumus.HasilCapaian(None, None, True),  # predicate, "tercapai / tidak tercapai" mode
        rumus.HasilCapaian(None, None, False),
        rumus.hitung_capaian(D(100), D(100)),
        None,
    ]
    hasil = rumus.nilai_turunan("persen_tercapai", anak, [None] * 4)
    assert (hasil.nilai, hasil.jumlah_dihitung, hasil.keterangan) == (
        D("66.66666666666666666666666666666667"),  # 2 of 3 met; unrounded (a realisation)
        3,
        "Persentase indikator turunan yang mencapai target (3 dari 4 indikator)",
    )
    # The mean of capaian still needs a number.
    assert rumus.nilai_turunan("rata_rata_capaian", anak, [None] * 4).nilai == D(100)


def test_without_a_pemda_scale_only_the_scales_used_are_counted():
    r = rumus.rekap_capaian([D("75.14"), D("90"), None], None, skala_per=[rumus.EMPAT_PITA, None, None])
    assert r.per_kategori == {"Sangat Berhasil": 0, "Berhasil": 1, "Cukup Berhasil": 0, "Tidak Berhasil": 0}
    # A Pemda scale given explicitly still comes first.
    r = rumus.rekap_capaian([D("75.14")], rumus.EMPAT_PITA, skala_per=[None])
    assert list(r.per_kategori) == ["Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Tidak Berhasil"]


def test_probolinggo_report_counts_only_the_indicator_scale():
    """Probolinggo's Pemda has no scale; one indicator on the four-band scale."""
    muat("disdukcapil-probolinggo")
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    ind = Indikator.objects.filter(opd=opd, sasaran__isnull=False).order_by("pk").first()
    Indikator.objects.filter(pk=ind.pk).update(skala_kategori="empat_pita")
    data = ke_json(susun_laporan(opd, 2024))
    kategori = [k["kategori"] for k in data["ikhtisar"]["rekap"]["per_kategori"]]
    assert kategori == ["Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Tidak Berhasil"]
