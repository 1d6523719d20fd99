"""Range (rentang) targets need both bounds wherever they are typed: the rencana aksi grid, the
PK editor and the Renstra grid. A quarterly target stored with one bound (before this was
checked) no longer breaks the realisation grid: it shows the target and a warning."""

import html as html_lib
from decimal import Decimal as D

import pytest
from django.urls import reverse

from kinerja.models import ItemPK, Realisasi, RencanaAksi
from kinerja.pengukuran import ukur_opd
from renstra.models import Indikator, TargetIndikator
from tests.factories import OPDFactory, PenggunaFactory, pk_dengan_rentang
from tests.formulir import isi_formulir
from tests.test_renstra_editor import data_grid_renstra

pytestmark = pytest.mark.django_db

NAMA = "Rasio tingkat hunian rumah susun"
KODE = "dinas-rentang-target"


@pytest.fixture
def opd():
    return OPDFactory(kode=KODE)


@pytest.fixture
def item(opd):
    """A draft PK of 2024: one range indicator (target 60 – 80) and one ordinary 'naik' indicator."""
    return pk_dengan_rentang(opd, NAMA, status="draft")


@pytest.fixture
def naik(item):
    return ItemPK.objects.get(indikator__kode="N1")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.rentang.target", opd=opd)


def isian(client, url, id_form, **ubah):
    """The page's form as the browser posts it back, with some cells typed over."""
    data = isi_formulir(client.get(url).text, id_form)
    data.update(ubah)
    return data


def teks(response):
    return html_lib.unescape(response.content.decode())


def url_ra():
    return reverse("rencana_aksi", args=[KODE, 2024])


def url_pk():
    return reverse("pk_editor", args=[KODE, 2024])


def url_grid(periode="TW3"):
    return reverse("realisasi_grid", args=[KODE, 2024, periode])


# --------------------------------------------------------------------------- rencana aksi


def test_rencana_aksi_grid_has_an_upper_bound_input_only_for_the_range_indicator(client, item, naik, operator):
    client.force_login(operator)
    html = client.get(url_ra()).text
    assert f'name="ra-{item.id}-3-target_atas"' in html
    assert f'name="ra-{naik.id}-3-target_atas"' not in html
    assert "60 – 80" in html  # the annual target with both bounds


def test_rencana_aksi_saves_both_bounds_with_history(client, item, naik, operator):
    client.force_login(operator)
    data = isian(
        client,
        url_ra(),
        "rencana-aksi",
        **{
            f"ra-{item.id}-3-target": "65",
            f"ra-{item.id}-3-target_atas": "75,5",
            f"ra-{item.id}-3-aksi": "Sosialisasi",
            f"ra-{naik.id}-3-target": "75",
        },
    )
    response = client.post(url_ra(), data, follow=True)
    assert "Rencana aksi tersimpan" in response.text
    ra = RencanaAksi.objects.get(item=item, triwulan=3)
    assert (ra.target, ra.target_atas, ra.rencana_aksi) == (D(65), D("75.5"), "Sosialisasi")
    assert RencanaAksi.history.filter(id=ra.id).count() == 1
    # Changing only the upper bound is a change, kept in history.
    client.post(url_ra(), isian(client, url_ra(), "rencana-aksi", **{f"ra-{item.id}-3-target_atas": "78"}))
    ra.refresh_from_db()
    assert ra.target_atas == D(78) and RencanaAksi.history.filter(id=ra.id).count() == 2
    # The page shows the stored bounds in the inputs, unrounded.
    html = client.get(url_ra()).text
    assert f'name="ra-{item.id}-3-target" value="65"' in html
    assert f'name="ra-{item.id}-3-target_atas" value="78"' in html
    # And the realisation grid of TW3 measures against that range.
    h = next(h for h in ukur_opd(item.perjanjian.opd, 2024, "TW3").semua_indikator if h.indikator == item.indikator)
    assert (h.target, h.target_atas, h.sumber_target) == (D(65), D(78), "rencana aksi TW 3")


@pytest.mark.parametrize(
    "bawah, atas, pesan",
    [
        ("70", "", "memerlukan batas atas"),
        ("", "80", "memerlukan batas bawah"),
        ("80", "70", "Batas atas tidak boleh lebih kecil dari batas bawah"),
        ("70", "79.143", "ambigu"),
    ],
)
def test_rencana_aksi_refuses_an_incomplete_range_and_saves_nothing(client, item, naik, operator, bawah, atas, pesan):
    client.force_login(operator)
    ubah = {f"ra-{item.id}-2-target": bawah, f"ra-{item.id}-2-target_atas": atas, f"ra-{naik.id}-2-target": "50"}
    response = client.post(url_ra(), isian(client, url_ra(), "rencana-aksi", **ubah))
    assert response.status_code == 200
    html = teks(response)
    assert "tidak ada yang disimpan" in html
    # The message sits in the row of the indicator and names the quarter.
    baris = html[html.index(NAMA) : html.index("</tr>", html.index(NAMA))]
    assert "TW 2" in baris and pesan in baris and "baris-galat" in html
    assert not RencanaAksi.objects.exists()  # all or nothing: the valid row is not saved either
    assert not RencanaAksi.history.exists()
    # What was typed stays in the inputs.
    dikirim = isi_formulir(html, "rencana-aksi")
    assert (dikirim[f"ra-{item.id}-2-target_atas"], dikirim[f"ra-{naik.id}-2-target"]) == (atas, "50")


def test_service_refuses_a_range_quarter_without_upper_bound(item):
    from kinerja.entri_pk import simpan_rencana_aksi

    operator = PenggunaFactory(opd=item.perjanjian.opd)
    k = f"ra-{item.id}-1-"
    hasil = simpan_rencana_aksi(operator, item.perjanjian, {k + "target": "70", f"initial-{k}target": ""})
    assert not hasil.berhasil and "batas atas" in " ".join(hasil.galat[0].galat)
    data = {k + "target": "70", k + "target_atas": "75", f"initial-{k}target": "", f"initial-{k}target_atas": ""}
    assert simpan_rencana_aksi(operator, item.perjanjian, data).berhasil
    assert RencanaAksi.objects.get(item=item, triwulan=1).target_atas == D(75)


# --------------------------------------------------------------------------- a record saved before the check


@pytest.fixture
def ra_tanpa_batas_atas(item):
    """A TW3 target of the range indicator stored with its lower bound only (as the old grid saved it)."""
    return RencanaAksi.objects.create(item=item, triwulan=3, target=D("70"))


def test_realisation_grid_shows_the_target_and_a_warning_instead_of_an_error(
    client, item, operator, ra_tanpa_batas_atas
):
    client.force_login(operator)
    response = client.get(url_grid("TW3"))
    assert response.status_code == 200
    html = teks(response)
    baris = html[html.index(f'id="baris-{item.indikator.id}"') :]
    baris = baris[: baris.index("</tr>")]
    assert ">70" in baris  # the stored lower bound is shown
    assert "Batas atas target rentang (rencana aksi TW 3) belum diisi" in baris
    assert "capaian tidak dihitung" in baris
    # Saving a realisation still works, and the other periods are untouched.
    i = item.indikator.id
    data = {f"r-{i}-nilai": "72", f"r-{i}-pembilang": "", f"r-{i}-penyebut": "", f"r-{i}-keterangan": ""}
    response = client.post(url_grid("TW3"), {**data, f"r-{i}-revisi": "0"}, follow=True)
    assert "Tersimpan: 1 realisasi diperbarui" in response.text
    assert Realisasi.objects.get(indikator=item.indikator, periode="TW3").nilai == D(72)
    assert "Batas atas target" not in client.get(url_grid("TW4")).text  # TW4 uses the PK's 60 – 80


def test_live_capaian_cell_explains_an_incomplete_range(client, item, operator, ra_tanpa_batas_atas):
    client.force_login(operator)
    i = item.indikator.id
    response = client.post(
        reverse("realisasi_hitung", args=[KODE, 2024, "TW3", i]),
        {"target": "70.000000", "target_atas": "", "target_teks": "", f"r-{i}-nilai": "72"},
    )
    assert response.status_code == 200 and "Target rentang belum lengkap" in response.text


def test_measurement_dashboard_and_report_survive_an_incomplete_range(client, item, operator, ra_tanpa_batas_atas):
    Realisasi.objects.create(indikator=item.indikator, tahun=2024, periode="TW3", nilai=D("72"))
    h = next(h for h in ukur_opd(item.perjanjian.opd, 2024, "TW3").semua_indikator if h.indikator == item.indikator)
    assert h.capaian.nilai is None and "Target rentang belum lengkap" in h.capaian.keterangan
    client.force_login(operator)
    assert client.get(reverse("opd_detail", args=[KODE]) + "?tahun=2024&periode=TW3").status_code == 200
    assert client.get(reverse("laporan", args=[KODE, 2024, "tw3"])).status_code == 200


def test_rencana_aksi_flags_the_stored_incomplete_range_until_it_is_completed(
    client, item, operator, ra_tanpa_batas_atas
):
    client.force_login(operator)
    data = isian(client, url_ra(), "rencana-aksi")
    assert (data[f"ra-{item.id}-3-target"], data[f"ra-{item.id}-3-target_atas"]) == ("70", "")
    # Any change to that quarter checks it as it would be stored: the upper bound is asked for.
    response = client.post(url_ra(), {**data, f"ra-{item.id}-3-aksi": "Sosialisasi"})
    assert "memerlukan batas atas" in teks(response)
    assert RencanaAksi.objects.get(pk=ra_tanpa_batas_atas.pk).rencana_aksi == ""
    client.post(url_ra(), {**data, f"ra-{item.id}-3-aksi": "Sosialisasi", f"ra-{item.id}-3-target_atas": "75"})
    ra = RencanaAksi.objects.get(pk=ra_tanpa_batas_atas.pk)
    assert (ra.target, ra.target_atas, ra.rencana_aksi) == (D(70), D(75), "Sosialisasi")


# --------------------------------------------------------------------------- PK editor


def test_pk_editor_edits_both_bounds_of_a_range_target(client, item, naik, operator):
    client.force_login(operator)
    html = client.get(url_pk()).text
    assert f'name="t-{item.id}-target" value="60"' in html and f'name="t-{item.id}-target_atas" value="80"' in html
    assert f'name="t-{naik.id}-target_atas"' not in html
    ubah = {f"t-{item.id}-target": "62,5", f"t-{item.id}-target_atas": "85", f"t-{naik.id}-target": "100"}
    response = client.post(url_pk(), isian(client, url_pk(), "pk-target", **ubah))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.target, item.target_atas) == (D("62.5"), D(85))
    assert ItemPK.history.filter(id=item.id).count() == 2  # created + this change


@pytest.mark.parametrize(
    "bawah, atas, pesan",
    [
        ("70", "", "memerlukan batas atas"),
        ("", "80", "memerlukan batas bawah"),
        ("90", "80", "Batas atas tidak boleh lebih kecil"),
        ("70", "8o", "bukan angka"),
    ],
)
def test_pk_editor_refuses_an_incomplete_range(client, item, naik, operator, bawah, atas, pesan):
    client.force_login(operator)
    ubah = {f"t-{item.id}-target": bawah, f"t-{item.id}-target_atas": atas, f"t-{naik.id}-target": "95"}
    response = client.post(url_pk(), isian(client, url_pk(), "pk-target", **ubah))
    assert response.status_code == 200
    html = teks(response)
    baris = html[html.index(NAMA) : html.index("</tr>", html.index(NAMA))]
    assert pesan in baris and "tidak ada yang disimpan" in html
    item.refresh_from_db()
    assert (item.target, item.target_atas) == (D(60), D(80))
    assert ItemPK.objects.get(pk=naik.pk).target == D(100)  # the valid row is not saved either
    assert isi_formulir(html, "pk-target")[f"t-{item.id}-target_atas"] == atas


def test_a_set_pk_prints_both_bounds(client, item, operator):
    item.perjanjian.status = "ditetapkan"
    item.perjanjian.save()
    client.force_login(operator)
    html = client.get(url_pk()).text
    assert "60 – 80" in html and f'name="t-{item.id}-target"' not in html


# --------------------------------------------------------------------------- Renstra grid


def test_renstra_grid_saves_and_shows_both_bounds(client, item, operator):
    client.force_login(operator)
    url = reverse("renstra_editor", args=[KODE])
    html = client.get(url).text
    i = item.indikator.id
    assert f'name="i-{i}-t2024_atas"' in html and f'name="i-{naik_id(item)}-t2024_atas"' not in html
    data = {**data_grid_renstra(client, url), f"i-{i}-t2024": "60", f"i-{i}-t2024_atas": "80,5"}
    response = client.post(url, data, follow=True)
    assert "Renstra tersimpan" in response.text
    t = TargetIndikator.objects.get(indikator_id=i, tahun=2024)
    assert (t.nilai, t.nilai_atas) == (D(60), D("80.5"))
    assert 'value="80,50"' in client.get(url).text


def naik_id(item):
    return ItemPK.objects.get(indikator__kode="N1").indikator_id


@pytest.mark.parametrize(
    "bawah, atas, pesan",
    [
        ("60", "", "target 2024: target rentang memerlukan batas atas"),
        ("", "80", "target 2024: target rentang memerlukan batas bawah"),
        ("90", "80", "target 2024: batas atas tidak boleh lebih kecil"),
    ],
)
def test_renstra_grid_refuses_an_incomplete_range(client, item, operator, bawah, atas, pesan):
    client.force_login(operator)
    url = reverse("renstra_editor", args=[KODE])
    i = item.indikator.id
    data = {**data_grid_renstra(client, url), f"i-{i}-t2024": bawah, f"i-{i}-t2024_atas": atas, f"i-{i}-t2023": "50"}
    response = client.post(url, data)
    html = teks(response)
    assert f"{NAMA}, {pesan}" in html and "tidak ada yang disimpan" in html
    assert not TargetIndikator.objects.filter(indikator_id=i).exists()


def test_renstra_grid_direction_changed_to_range_asks_for_the_upper_bounds(client, item, operator):
    client.force_login(operator)
    url = reverse("renstra_editor", args=[KODE])
    n = naik_id(item)
    data = {**data_grid_renstra(client, url), f"i-{n}-t2024": "90"}
    client.post(url, data)
    data[f"i-{n}-arah"] = "rentang"
    response = client.post(url, data)
    html = teks(response)
    assert "target 2024: target rentang memerlukan batas atas" in html
    assert Indikator.objects.get(pk=n).arah == "naik"  # nothing saved
    # The page now shows the direction as posted, with the upper-bound inputs to fill.
    assert f'name="i-{n}-t2024_atas"' in html
    response = client.post(url, {**data, f"i-{n}-t2024_atas": "95"}, follow=True)
    assert "Renstra tersimpan" in response.text
    t = TargetIndikator.objects.get(indikator_id=n, tahun=2024)
    assert (Indikator.objects.get(pk=n).arah, t.nilai, t.nilai_atas) == ("rentang", D(90), D(95))
    # Back to "naik": the upper bounds go with the direction.
    data = {**data_grid_renstra(client, url), f"i-{n}-t2024": "90", f"i-{n}-arah": "naik"}
    data.pop(f"i-{n}-t2024_atas")
    client.post(url, data)
    t.refresh_from_db()
    assert (Indikator.objects.get(pk=n).arah, t.nilai, t.nilai_atas) == ("naik", D(90), None)


def test_budget_summary_survives_an_incomplete_range_like_the_measurement(item):
    """One capaian rule (Indikator.capaian) for every door: a program's range indicator whose
    Renstra target lacks its upper bound gives no capaian and the reason, in the budget summary
    as in the measurement (ringkas_anggaran raised GalatRumus before)."""
    from anggaran.models import ItemAnggaran
    from anggaran.ringkasan import ringkas_anggaran

    opd = item.perjanjian.opd
    program = ItemAnggaran.objects.create(opd=opd, tahun=2024, kode="2.12.02", nama="Program rentang")
    indikator = Indikator.objects.create(
        opd=opd, item_anggaran=program, kode="P1", nama="Rasio program", satuan="%", arah="rentang"
    )
    TargetIndikator.objects.create(indikator=indikator, tahun=2024, nilai=D("70"))
    Realisasi.objects.create(indikator=indikator, tahun=2024, periode="TAHUN", nilai=D("72"))

    hasil = ringkas_anggaran(opd, 2024)

    ia = next(i for s in hasil.semua_simpul() for i in s.indikator if i.indikator == indikator)
    assert ia.capaian.nilai is None and "Target rentang belum lengkap" in ia.capaian.keterangan
