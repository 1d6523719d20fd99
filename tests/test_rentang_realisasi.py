"""Range indicators (arah rentang): the realisation is one measured number, compared with the target
range; the range bounds belong to the target. Entered in the grid, the admin and the office import."""

import html as html_lib
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.models import ItemPK, Realisasi, RencanaAksi
from kinerja.pengukuran import ukur_opd
from pertukaran.muat import impor_data_opd
from renstra.models import TargetIndikator
from sakip import rumus
from sakip.formatting import format_isian
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory, pk_dengan_rentang

pytestmark = pytest.mark.django_db

NAMA = "Rasio tingkat hunian rumah susun"


@pytest.fixture
def opd():
    return OPDFactory(kode="dinas-rentang")


@pytest.fixture
def item(opd):
    """A PK of 2024 with one range indicator (target 60 – 80) and one ordinary 'naik' indicator."""
    return pk_dengan_rentang(opd, NAMA)


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.rentang", opd=opd, is_staff=True)


def url_grid(periode="TW3"):
    return reverse("realisasi_grid", args=["dinas-rentang", 2024, periode])


def baris(indikator, nilai, periode="TW3"):
    """A row typed into a grid loaded now: its starting value is the value stored now."""
    i = indikator.id
    r = Realisasi.objects.filter(indikator=indikator, tahun=2024, periode=periode).first()
    return {
        f"r-{i}-nilai": nilai,
        f"initial-r-{i}-nilai": format_isian(r.nilai) if r else "",
        f"r-{i}-pembilang": "",
        f"r-{i}-penyebut": "",
        f"r-{i}-keterangan": "",
    }


def sel_capaian(html, indikator):
    """The text of the capaian cell of one grid row."""
    awal = html.index(f'id="cap-{indikator.id}"')
    return html[awal : html.index("</td>", awal)]


@pytest.mark.parametrize(
    "ketik, tersimpan, tampil",
    [
        ("70", D("70"), "100,00 %"),  # inside the range
        ("60", D("60"), "100,00 %"),  # on the lower bound
        ("80", D("80"), "100,00 %"),  # on the upper bound
        ("45", D("45"), "75,00 %"),  # below: naik against the lower bound, 45 / 60
        ("90", D("90"), "87,50 %"),  # above: turun against the upper bound, (2 x 80 - 90) / 80
        ("72,5", D("72.5"), "100,00 %"),
    ],
)
def test_grid_saves_a_range_realisation_and_shows_its_capaian(client, item, operator, ketik, tersimpan, tampil):
    client.force_login(operator)
    response = client.post(url_grid(), baris(item.indikator, ketik), follow=True)
    assert "Tersimpan: 1 realisasi diperbarui" in response.text
    r = Realisasi.objects.get(indikator=item.indikator, tahun=2024, periode="TW3")
    assert r.nilai == tersimpan and r.nilai_teks == "" and r.diisi_oleh == operator

    harapan = rumus.hitung_capaian(D("60"), tersimpan, "rentang", target_atas=D("80"))
    assert f"{harapan.nilai:.2f}".replace(".", ",") + " %" == tampil
    html = client.get(url_grid()).text
    assert tampil in sel_capaian(html, item.indikator)
    assert "60 – 80" in html  # the target shows both bounds


def test_office_dashboard_shows_the_range_capaian(client, item, operator):
    client.force_login(operator)
    client.post(url_grid(), baris(item.indikator, "90"))
    assert Realisasi.objects.filter(indikator=item.indikator, nilai=D(90)).exists()

    html = client.get(reverse("opd_detail", args=["dinas-rentang"])).text
    # Only the range indicator has a value: the office capaian is its capaian, and it is off track.
    assert "87,50 %" in html
    bawah = html[html.index("Di bawah target") :]
    assert NAMA in bawah[: bawah.index("</table>")]


def test_live_capaian_cell_uses_both_target_bounds(client, item, operator):
    client.force_login(operator)
    html = client.get(url_grid()).text
    i = item.indikator.id
    # The page hands both bounds of the target to the live cell ...
    assert html_lib.unescape(html).count('"target_atas": "80') >= 1
    # ... and the cell computes the range capaian with them.
    response = client.post(
        reverse("realisasi_hitung", args=["dinas-rentang", 2024, "TW3", i]),
        {"target": "60.000000", "target_atas": "80.000000", "target_teks": "", f"r-{i}-nilai": "90"},
    )
    assert "87,50 %" in response.text
    response = client.post(
        reverse("realisasi_hitung", args=["dinas-rentang", 2024, "TW3", i]),
        {"target": "60.000000", "target_atas": "80.000000", "target_teks": "", f"r-{i}-nilai": "70"},
    )
    assert "100,00 %" in response.text


@pytest.mark.parametrize(
    "ketik, pesan",
    [
        ("1.2.3", "tidak dapat dibaca"),
        ("tujuh puluh", "bukan angka"),
        ("79.143", "ambigu"),
        ("-5", "tidak boleh negatif"),
    ],
)
def test_bad_range_value_is_refused_in_indonesian_and_changes_nothing(client, item, operator, ketik, pesan):
    client.force_login(operator)
    Realisasi.objects.create(indikator=item.indikator, tahun=2024, periode="TW3", nilai=D("70"))
    lain = ItemPK.objects.get(indikator__kode="N1").indikator
    data = {**baris(item.indikator, ketik), **baris(lain, "95")}

    response = client.post(url_grid(), data)

    assert response.status_code == 200
    assert "1 baris berisi isian yang belum benar; tidak ada yang disimpan" in response.text
    galat = response.text[response.text.index(f'id="baris-{item.indikator.id}"') :]
    assert pesan in html_lib.unescape(galat[: galat.index("</td>")])
    assert ketik in html_lib.unescape(response.text)  # what was typed stays in the input
    r = Realisasi.objects.get(indikator=item.indikator, periode="TW3")
    assert (r.nilai, r.revisi) == (D("70.000000"), 1)
    assert not Realisasi.objects.filter(indikator=lain).exists()  # all or nothing


def test_admin_saves_a_range_realisation(client, item, operator):
    client.force_login(operator)
    response = client.post(
        reverse("admin:kinerja_realisasi_add"),
        {
            "indikator": item.indikator_id,
            "tahun": 2024,
            "periode": "TAHUN",
            "nilai": "72.5",
            "nilai_teks": "",
            "bukti_set-TOTAL_FORMS": 0,
            "bukti_set-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Realisasi.objects.get(indikator=item.indikator, periode="TAHUN").nilai == D("72.5")


def test_office_import_loads_a_range_realisation():
    data = dokumen()
    sasaran = data["renstra"]["sasaran"][0]
    sasaran["indikator"].append(
        {
            "kode": "R1",
            "nama": NAMA,
            "satuan": "%",
            "arah": "rentang",
            "target": {"2024": "60"},
            "target_atas": {"2024": "80"},
            "realisasi": [{"tahun": 2024, "periode": "TAHUN", "nilai": "90"}],
        }
    )
    data["perjanjian_kinerja"][0]["item"].append(
        {"sasaran": "S1", "indikator": "R1", "target": "60", "target_atas": "80"}
    )

    hasil = impor_data_opd(data)

    assert hasil.berhasil, hasil.galat
    r = Realisasi.objects.get(indikator__kode="R1", periode="TAHUN")
    assert r.nilai == D(90)
    ukur = ukur_opd(OPD.objects.get(kode="dinas-uji"), 2024)
    h = next(h for h in ukur.semua_indikator if h.indikator.kode == "R1")
    assert (h.target, h.target_atas, h.capaian.nilai) == (D(60), D(80), D("87.50"))


def test_range_realisation_is_one_number(item):
    ind = item.indikator
    Realisasi(indikator=ind, tahun=2024, periode="TW1", nilai=D("70")).full_clean()
    Realisasi(indikator=ind, tahun=2024, periode="TW2").full_clean()  # empty (evidence first) is fine
    with pytest.raises(ValidationError, match="bukan predikat"):
        Realisasi(indikator=ind, tahun=2024, periode="TW1", nilai_teks="Tinggi").full_clean()
    with pytest.raises(ValidationError, match="negatif"):
        Realisasi(indikator=ind, tahun=2024, periode="TW1", nilai=D("-1")).full_clean()


def test_range_targets_still_need_both_bounds(item):
    ind = item.indikator
    item.target_atas = None
    with pytest.raises(ValidationError, match="batas atas"):
        item.full_clean()
    with pytest.raises(ValidationError, match="batas atas"):
        RencanaAksi(item=ItemPK.objects.get(pk=item.pk), triwulan=1, target=D(60)).full_clean()
    with pytest.raises(ValidationError, match="batas atas"):
        TargetIndikator(indikator=ind, tahun=2025, nilai=D(60)).full_clean()
    with pytest.raises(ValidationError, match="lebih kecil"):
        TargetIndikator(indikator=ind, tahun=2025, nilai=D(60), nilai_atas=D(50)).full_clean()
    TargetIndikator(indikator=ind, tahun=2025, nilai=D(60), nilai_atas=D(80)).full_clean()
