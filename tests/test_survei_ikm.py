"""The community satisfaction survey (SKM/IKM): its IKM, the realisation it writes through the
realisation grid (window and lock respected), its admin page and its table in Bab III.

Demo: Musi Banyuasin's 2024 survey as report 001 prints it (Tabel 3.1.1, inputs only). The
printed element means give index 3,8067 and IKM 95,17 (mutu A); the report prints "3,80 × 25 =
95,02" (3,80 × 25 is 95,00; see reference/analysis/seed-001.md, items 5-6).
"""

import datetime
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from anggaran.nomenklatur import muat_nomenklatur
from kinerja.alur import GalatAlur
from kinerja.models import JendelaEntri, Realisasi, StatusPeriode, SurveiKepuasan, UnsurSurvei
from kinerja.survei import GalatSurvei, hitung_survei, terapkan_survei
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.data import ke_json
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db

KODE = "disdukcapil-musi-banyuasin"
# Tabel 3.1.1 of report 001: element names in its order, and the printed means.
UNSUR_001 = [
    ("Persyaratan", "3.86"),
    ("Prosedur", "3.90"),
    ("Waktu Pelayanan", "3.77"),
    ("Biaya / Tarif", "3.97"),
    ("Produk Layanan", "3.70"),
    ("Kompetensi Pelaksana", "3.69"),
    ("Perilaku Pelaksana", "3.65"),
    ("Sarana dan Prasarana", "3.87"),
    ("Penanganan Pengaduan, Saran dan Masukan", "3.85"),
]


@pytest.fixture
def opd():
    muat_nomenklatur()
    berkas = Path(settings.BASE_DIR) / "fixtures" / "demo" / f"{KODE}.json"
    assert impor_data_opd(json.loads(berkas.read_text(encoding="utf-8"))).berhasil
    return OPD.objects.get(kode=KODE)


@pytest.fixture
def indikator(opd):
    return Indikator.objects.get(opd=opd, kode="IKU3")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.muba", opd=opd, is_staff=True)


def buat_survei(opd, indikator, periode="TAHUN", unsur=UNSUR_001):
    survei = SurveiKepuasan.objects.create(
        opd=opd, tahun=2024, periode=periode, indikator=indikator, jumlah_responden=400, keterangan="Google Form"
    )
    for n, (nama, nilai) in enumerate(unsur, 1):
        UnsurSurvei.objects.create(survei=survei, nomor=n, nama=nama, nilai_rata=D(nilai))
    return survei


def realisasi(indikator, periode="TAHUN"):
    return Realisasi.objects.get(indikator=indikator, tahun=2024, periode=periode)


def test_ikm_of_the_001_survey(opd, indikator):
    h = hitung_survei(buat_survei(opd, indikator))
    assert h.nilai_ikm == D("95.17") and h.mutu == "A" and h.kinerja == "Sangat Baik"
    assert round(h.nilai_indeks, 4) == D("3.8067")
    assert h.nilai_tertimbang == tuple(
        D(x) for x in ("0.43", "0.43", "0.42", "0.44", "0.41", "0.41", "0.41", "0.43", "0.43")
    )


def test_element_mean_from_sum_of_scores(opd, indikator):
    survei = buat_survei(opd, indikator)
    # 400 respondents: sum 1.544 is a mean of 3,86, the same as typing the mean.
    u1 = survei.unsur_set.get(nomor=1)
    u1.nilai_rata, u1.jumlah_nilai = None, D(1544)
    u1.save()
    assert hitung_survei(survei).nilai_ikm == D("95.17")
    u1.jumlah_nilai = D(1200)  # mean 3,00
    u1.save()
    assert hitung_survei(survei).nilai_ikm == D("92.78")  # (34,26 - 0,86) / 9 × 25


def test_incomplete_or_impossible_survey_is_refused(opd, indikator):
    survei = buat_survei(opd, indikator, unsur=UNSUR_001[:7])
    with pytest.raises(GalatSurvei, match="belum diisi: U8, U9"):
        hitung_survei(survei)
    u = UnsurSurvei(survei=survei, nomor=8, nama="Sarana", nilai_rata=D("3.5"), jumlah_nilai=D(1400))
    with pytest.raises(ValidationError, match="salah satu"):
        u.full_clean()
    u = UnsurSurvei(survei=survei, nomor=8, nama="Sarana", nilai_rata=D("4.5"))
    with pytest.raises(ValidationError):
        u.full_clean()


def test_survey_writes_the_realisation_through_the_grid(opd, indikator, operator):
    assert realisasi(indikator).nilai == D("95.02")  # as report 001 prints it
    hasil = terapkan_survei(operator, buat_survei(opd, indikator))
    assert hasil.berhasil and hasil.disimpan == 1
    r = realisasi(indikator)
    assert r.nilai == D("95.17")
    assert r.keterangan_data == "SKM Tahun 2024, 400 responden"
    assert r.diisi_oleh == operator and r.history.count() == 2
    # Applied again unchanged: nothing written, no history row.
    assert terapkan_survei(operator, SurveiKepuasan.objects.get()).disimpan == 0
    assert realisasi(indikator).history.count() == 2


def test_survey_respects_the_lock_and_the_entry_window(opd, indikator, operator):
    survei = buat_survei(opd, indikator)
    JendelaEntri.objects.create(
        pemda=opd.pemda,
        tahun=2024,
        periode="TAHUN",
        mulai=datetime.date(2025, 1, 2),
        selesai=datetime.date(2025, 1, 31),
    )
    with pytest.raises(GalatAlur, match="Jendela pengisian periode ini 02-01-2025 s.d. 31-01-2025"):
        terapkan_survei(operator, survei, hari_ini=datetime.date(2025, 2, 1))
    assert realisasi(indikator).nilai == D("95.02")
    StatusPeriode.objects.create(opd=opd, tahun=2024, periode="TAHUN", status="diverifikasi")
    with pytest.raises(GalatAlur):
        terapkan_survei(operator, survei, hari_ini=datetime.date(2025, 1, 10))
    assert realisasi(indikator).nilai == D("95.02")
    # Another office's operator may not write it either.
    lain = PenggunaFactory(username="operator.lain")
    StatusPeriode.objects.all().delete()
    with pytest.raises(GalatAlur, match="tidak berwenang"):
        terapkan_survei(lain, survei, hari_ini=datetime.date(2025, 1, 10))


def test_indicator_not_measured_in_the_period_is_refused(opd, operator):
    # An RKT indicator of the Renstra that no PK carries: the grid has no row for it.
    rkt = Indikator.objects.get(opd=opd, kode="RKT2.8")
    with pytest.raises(GalatSurvei, match="tidak diukur pada Tahun 2024"):
        terapkan_survei(operator, buat_survei(opd, rkt))
    survei = SurveiKepuasan(opd=PenggunaFactory(username="operator.x").opd, tahun=2024, periode="S1")
    survei.jumlah_responden, survei.indikator = 10, rkt
    with pytest.raises(ValidationError, match="milik OPD yang sama"):
        survei.full_clean()


def test_admin_page_saves_the_survey_and_its_realisation(client, opd, indikator, operator):
    client.force_login(operator)
    alamat = reverse("admin:kinerja_surveikepuasan_add")
    data = isi_formulir(client.get(alamat).content, id="surveikepuasan_form")
    data |= {"opd": opd.pk, "tahun": "2024", "periode": "TAHUN", "indikator": indikator.pk, "jumlah_responden": "400"}
    data["unsur_set-TOTAL_FORMS"] = "9"
    for i, (nama, nilai) in enumerate(UNSUR_001):
        data |= {
            f"unsur_set-{i}-nomor": str(i + 1),
            f"unsur_set-{i}-nama": nama,
            f"unsur_set-{i}-nilai_rata": nilai,
        }
    response = client.post(alamat, data, follow=True)
    assert response.status_code == 200 and "errornote" not in response.text, response.text[-3000:]
    assert "nilai IKM dicatat sebagai realisasi" in response.text
    assert realisasi(indikator).nilai == D("95.17")
    survei = SurveiKepuasan.objects.get()
    halaman = client.get(reverse("admin:kinerja_surveikepuasan_change", args=[survei.pk])).text
    assert "95,17 (mutu A, Sangat Baik)" in halaman
    # Another office's operator does not see it.
    client.force_login(PenggunaFactory(username="operator.lain", is_staff=True))
    assert client.get(reverse("admin:kinerja_surveikepuasan_change", args=[survei.pk])).status_code in (302, 404)


def test_report_prints_the_ikm_per_element_in_its_sasaran(opd, indikator, operator):
    buat_survei(opd, indikator)
    data = susun_laporan(opd, 2024)
    dengan = [s for s in data.sasaran if s.survei]
    assert [s.id for s in dengan] == [indikator.sasaran_id]
    sv = ke_json(dengan[0].survei[0])
    assert sv["nilai_indeks"] == "3.8067" and sv["nilai_ikm"] == "95.17" and sv["mutu"] == "A"
    assert sv["jumlah_responden"] == 400 and sv["periode"] == "Tahun"
    assert sv["unsur"][0] == {"kode": "U1", "nama": "Persyaratan", "nilai": "3.8600", "tertimbang": "0.43"}
    assert sv["tabel"]["judul"] == "Nilai IKM per unsur pelayanan Tahun 2024"
    assert sv["paragraf"] == [
        "Nilai IKM setelah dikonversi = nilai indeks × nilai dasar = 3,8067 × 25 = 95,17; mutu pelayanan A "
        "(Sangat Baik).",
        "Nilai rata-rata tertinggi pada unsur U4 Biaya / Tarif (3,97) dan terendah pada unsur U7 Perilaku "
        "Pelaksana (3,65).",
    ]
    html = html_cetak(data)
    nomor = sv["tabel"]["nomor"]
    assert f"Tabel {nomor} Nilai IKM per unsur pelayanan Tahun 2024" in html
    assert "<td>Penanganan Pengaduan, Saran and Masukan</td>" not in html
    assert '<td class="no">U9</td><td>Penanganan Pengaduan, Saran dan Masukan</td><td class="num">3,85</td>' in html
    # The realisation stays as entered until the survey is applied (95,02 as printed).
    assert realisasi(indikator).nilai == D("95.02")


def test_no_survey_no_table(opd):
    data = susun_laporan(opd, 2024)
    assert all(not s.survei for s in data.sasaran)
    assert all("survei" not in ke_json(s) for s in data.sasaran)
