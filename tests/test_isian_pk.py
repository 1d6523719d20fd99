"""PK editor and rencana aksi grid: only changed cells are written, per-cell conflicts, one number
rule, plausibility confirmation, frozen quarters and PK versions, and who sets a PK."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from kinerja.alur import PESAN_HANYA_PIMPINAN, GalatAlur, jalankan_transisi
from kinerja.entri_pk import simpan_isian_pk, simpan_rencana_aksi
from kinerja.layanan import GalatPK, buat_perubahan_pk, buat_pk_dari_renstra, tetapkan_pk
from kinerja.models import ItemPK, PerjanjianKinerja, RencanaAksi, StatusPeriode
from pertukaran.muat import impor_data_opd
from sakip.models import OPD, Jabatan
from tests.data_opd_contoh import dokumen
from tests.factories import IndikatorFactory, PenggunaFactory, tambah_item_pk
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db
KODE = "dinas-uji"


@pytest.fixture
def opd():
    d = dokumen()
    d["perjanjian_kinerja"][0]["status"] = "draft"
    assert impor_data_opd(d).berhasil
    return OPD.objects.get(kode=KODE)


@pytest.fixture
def perjanjian(opd):
    return PerjanjianKinerja.objects.get(opd=opd, tahun=2024)


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


@pytest.fixture
def pimpinan(opd):
    return PenggunaFactory(username="pimpinan.uji", pimpinan=True, opd=opd)


def url_pk():
    return reverse("pk_editor", args=[KODE, 2024])


def url_ra():
    return reverse("rencana_aksi", args=[KODE, 2024])


def url_aksi():
    return reverse("pk_aksi", args=[KODE, 2024])


def item(kode):
    return ItemPK.objects.get(indikator__kode=kode)


def muat(client, url, id_form):
    """The page's form as the browser would post it back unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    return isi_formulir(response.text, id_form)


def item_cacah(perjanjian):
    """A count indicator (satuan Dokumen) added to the PK."""
    sasaran = item("IKU1").sasaran
    ind = IndikatorFactory(sasaran=sasaran, nama="Jumlah dokumen terbit", kode="C1", satuan="Dokumen", presisi=0)
    return tambah_item_pk(perjanjian, sasaran=sasaran, indikator=ind, target=D(100), urutan=5)


# --------------------------------------------------------------------------- unchanged = identical


def test_pk_editor_saved_unchanged_changes_nothing(client, operator, perjanjian):
    client.force_login(operator)
    data = muat(client, url_pk(), "pk-target")
    i = item("IKU1").id
    assert (data[f"t-{i}-target"], data[f"initial-t-{i}-target"]) == ("100", "100")
    sebelum = potret()
    response = client.post(url_pk(), data, follow=True)
    assert "Tidak ada yang berubah" in response.text
    assert not beda(sebelum, potret())


def test_rencana_aksi_saved_unchanged_changes_nothing(client, operator, perjanjian):
    client.force_login(operator)
    data = muat(client, url_ra(), "rencana-aksi")
    i = item("IKU1").id
    assert data[f"ra-{i}-4-aksi"] == "Jemput bola" and data[f"initial-ra-{i}-4-target"] == "100"
    sebelum = potret()
    response = client.post(url_ra(), data, follow=True)
    assert "Tidak ada yang berubah" in response.text
    assert not beda(sebelum, potret())


# --------------------------------------------------------------------------- stale pages and conflicts


def test_a_stale_pk_page_never_reverts_a_cell_changed_by_someone_else(client, operator, opd, perjanjian):
    client.force_login(operator)
    dimuat = muat(client, url_pk(), "pk-target")  # IKU1 100, IKU2 100
    lain = PenggunaFactory(username="operator.dua", opd=opd)
    client.force_login(lain)
    data = muat(client, url_pk(), "pk-target")
    data[f"t-{item('IKU2').id}-target"] = "95"
    assert client.post(url_pk(), data).status_code == 302
    client.force_login(operator)
    dimuat[f"t-{item('IKU1').id}-target"] = "98,5"
    response = client.post(url_pk(), dimuat, follow=True)
    assert "Tersimpan: 1 target diubah" in response.text
    assert (item("IKU1").target, item("IKU2").target) == (D("98.5"), D(95))
    assert item("IKU2").history.latest().history_user == lain


def test_a_real_pk_conflict_shows_both_values_and_saves_nothing(client, operator, opd, perjanjian):
    client.force_login(operator)
    dimuat = muat(client, url_pk(), "pk-target")
    i = item("IKU1").id
    client.force_login(PenggunaFactory(username="operator.dua", opd=opd))
    data = muat(client, url_pk(), "pk-target")
    data[f"t-{i}-target"] = "95"
    client.post(url_pk(), data)
    client.force_login(operator)
    dimuat[f"t-{i}-target"] = "97"
    dimuat[f"t-{item('IKU2').id}-target"] = "99"  # a valid change elsewhere: not saved either
    response = client.post(url_pk(), dimuat)
    assert response.status_code == 200 and "diubah orang lain" in response.text
    assert "tersimpan <strong>95</strong>" in response.text and "isian Anda <strong>97</strong>" in response.text
    assert (item("IKU1").target, item("IKU2").target) == (D(95), D(100))
    # Shown again with the typed value, starting from the stored one: saving again applies it.
    data = isi_formulir(response.text, "pk-target")
    assert (data[f"t-{i}-target"], data[f"initial-t-{i}-target"]) == ("97", "95")
    response = client.post(url_pk(), data, follow=True)
    assert "Tersimpan: 2 target diubah" in response.text
    assert (item("IKU1").target, item("IKU2").target) == (D(97), D(99))


def test_a_stale_rencana_aksi_page_keeps_other_cells_and_flags_a_real_conflict(client, operator, opd, perjanjian):
    i = item("IKU1").id
    client.force_login(operator)
    dimuat = muat(client, url_ra(), "rencana-aksi")
    client.force_login(PenggunaFactory(username="operator.dua", opd=opd))
    data = muat(client, url_ra(), "rencana-aksi")
    data.update({f"ra-{i}-4-aksi": "Jemput bola ke desa", f"ra-{i}-2-target": "50"})
    client.post(url_ra(), data)
    client.force_login(operator)
    # A change to another quarter saves; the other person's TW 2 and TW 4 stay.
    dimuat[f"ra-{i}-1-target"] = "25"
    response = client.post(url_ra(), dimuat, follow=True)
    assert "Rencana aksi tersimpan: 1 triwulan diubah" in response.text
    ra = {r.triwulan: (r.target, r.rencana_aksi) for r in RencanaAksi.objects.filter(item_id=i)}
    assert ra == {1: (D(25), ""), 2: (D(50), ""), 4: (D(100), "Jemput bola ke desa")}
    # The same stale page changing TW 4's action too: a conflict with both texts.
    dimuat[f"ra-{i}-4-aksi"] = "Sosialisasi"
    response = client.post(url_ra(), dimuat)
    assert "Rencana aksi TW 4 diubah orang lain" in response.text
    assert "tersimpan <strong>Jemput bola ke desa</strong>, isian Anda <strong>Sosialisasi</strong>" in response.text
    assert RencanaAksi.objects.get(item_id=i, triwulan=4).rencana_aksi == "Jemput bola ke desa"


# --------------------------------------------------------------------------- numbers


def test_78000_is_a_count_in_a_count_target_and_ambiguous_in_a_percentage(client, operator, perjanjian):
    c = item_cacah(perjanjian)
    client.force_login(operator)
    data = muat(client, url_pk(), "pk-target")
    data[f"t-{c.id}-target"] = "78.000"
    data[f"t-{item('IKU1').id}-target"] = "78.000"
    response = client.post(url_pk(), data)
    assert "ambigu" in response.text and "tidak ada yang disimpan" in response.text
    assert ItemPK.objects.get(pk=c.pk).target == D(100)
    data[f"t-{item('IKU1').id}-target"] = "100"
    client.post(url_pk(), data)
    assert ItemPK.objects.get(pk=c.pk).target == D(78000)
    # The same rule in the rencana aksi grid.
    data = muat(client, url_ra(), "rencana-aksi")
    data.update({f"ra-{c.id}-2-target": "39.000", f"ra-{item('IKU1').id}-2-target": "79.143"})
    response = client.post(url_ra(), data)
    assert "ambigu" in response.text and not RencanaAksi.objects.filter(triwulan=2).exists()
    data[f"ra-{item('IKU1').id}-2-target"] = "50"
    client.post(url_ra(), data)
    assert RencanaAksi.objects.get(item_id=c.id, triwulan=2).target == D(39000)


def test_an_implausible_target_asks_for_a_confirmation_per_row(client, operator, perjanjian):
    client.force_login(operator)
    i = item("IKU1").id
    data = muat(client, url_pk(), "pk-target")
    data[f"t-{i}-target"] = "250"
    response = client.post(url_pk(), data)
    assert "jauh di atas 100 %" in response.text and item("IKU1").target == D(100)
    data = isi_formulir(response.text, "pk-target")
    assert f"t-{i}-yakin" not in data  # the box is offered, not ticked
    data[f"t-{i}-yakin"] = "on"
    client.post(url_pk(), data)
    assert item("IKU1").target == D(250)
    # Rencana aksi: one confirmation for the row.
    data = muat(client, url_ra(), "rencana-aksi")
    data[f"ra-{i}-1-target"] = "300"
    response = client.post(url_ra(), data)
    assert "TW 1: 300 % jauh di atas 100 %" in response.text and not RencanaAksi.objects.filter(triwulan=1).exists()
    data = isi_formulir(response.text, "rencana-aksi")
    data[f"ra-{i}-yakin"] = "on"
    client.post(url_ra(), data)
    assert RencanaAksi.objects.get(item_id=i, triwulan=1).target == D(300)


# --------------------------------------------------------------------------- frozen data


def test_a_frozen_quarter_of_rencana_aksi_is_read_only_and_refused(client, operator, pimpinan, opd, perjanjian):
    i = item("IKU1").id
    client.force_login(operator)
    dimuat = muat(client, url_ra(), "rencana-aksi")  # loaded before the quarter was submitted
    tetapkan_pk(perjanjian, pimpinan)  # a quarter is submitted with its PK set
    jalankan_transisi(operator, opd, 2024, "TW1", "ajukan", yakin=True)
    html = client.get(url_ra()).text
    assert "Rencana aksi triwulan 1 2024 terkunci" in html
    data = isi_formulir(html, "rencana-aksi")
    assert f"ra-{i}-1-target" not in data and f"ra-{i}-2-target" in data  # TW 1 read-only, TW 2 open
    sebelum = potret()
    dimuat.update({f"ra-{i}-1-target": "30", f"ra-{i}-2-target": "50"})
    response = client.post(url_ra(), dimuat)
    assert "Rencana aksi triwulan 1 2024 terkunci" in response.text and "Tidak ada yang disimpan" in response.text
    assert not beda(sebelum, potret())
    # The service refuses it too, whichever door.
    hasil = simpan_rencana_aksi(operator, perjanjian, dimuat)
    assert not hasil.berhasil and "terkunci" in hasil.pesan[0]
    del dimuat[f"ra-{i}-1-target"]  # the same page without the frozen quarter: the open one saves
    assert simpan_rencana_aksi(operator, perjanjian, dimuat).berhasil
    assert RencanaAksi.objects.get(item_id=i, triwulan=2).target == D(50)
    assert not RencanaAksi.objects.filter(triwulan=1).exists()


def test_a_pk_in_force_for_an_approved_period_keeps_its_targets(client, operator, opd, perjanjian):
    i = item("IKU1").id
    client.force_login(operator)
    dimuat = muat(client, url_pk(), "pk-target")
    # A period is not submitted while its PK is a draft (it could never be set afterwards) ...
    with pytest.raises(GalatAlur, match="masih draf"):
        jalankan_transisi(operator, opd, 2024, "TW1", "ajukan")
    # ... but data approved before that rule (or through the admin's status table) keeps it frozen.
    StatusPeriode.objects.create(opd=opd, tahun=2024, periode="TW1", status=StatusPeriode.Status.DIAJUKAN)
    html = client.get(url_pk()).text
    assert "PK 2024 terkunci" in html and f'name="t-{i}-target"' not in html
    dimuat[f"t-{i}-target"] = "90"
    sebelum = potret()
    response = client.post(url_pk(), dimuat, follow=True)
    assert "PK 2024 terkunci" in response.text
    assert not beda(sebelum, potret())
    assert "terkunci" in simpan_isian_pk(operator, perjanjian, dimuat).pesan[0]  # the service, whichever door
    assert item("IKU1").target == D(100)


def test_a_set_pk_keeps_its_targets(client, operator, pimpinan, perjanjian):
    i = item("IKU1").id
    client.force_login(operator)
    dimuat = muat(client, url_pk(), "pk-target")
    tetapkan_pk(perjanjian, pimpinan)
    assert f'name="t-{i}-target"' not in client.get(url_pk()).text
    dimuat[f"t-{i}-target"] = "90"
    response = client.post(url_pk(), dimuat, follow=True)
    assert "sudah ditetapkan" in response.text and item("IKU1").target == D(100)
    assert "ditetapkan" in simpan_isian_pk(operator, perjanjian, dimuat).pesan[0]  # the service, whichever door


# --------------------------------------------------------------------------- setting a PK


def test_the_operator_drafts_and_the_pimpinan_sets(client, operator, pimpinan, perjanjian):
    client.force_login(operator)
    html = client.get(url_pk()).text
    assert "Tetapkan PK" not in html and "minta pimpinan OPD menetapkannya" in html
    response = client.post(url_aksi(), {"aksi": "tetapkan", "versi": 0}, follow=True)
    assert PESAN_HANYA_PIMPINAN.split(";")[0] in response.text
    assert PerjanjianKinerja.objects.get(pk=perjanjian.pk).status == "draft"
    with pytest.raises(GalatPK, match="Hanya pimpinan"):
        tetapkan_pk(perjanjian, operator)
    client.force_login(pimpinan)
    html = client.get(url_pk()).text
    assert "Tetapkan PK" in html and 'name="setuju" required' in html
    assert 'name="t-' not in html  # the pimpinan sets, the operator types
    response = client.post(url_aksi(), {"aksi": "tetapkan", "versi": 0}, follow=True)
    assert "PK 2024 ditetapkan" in response.text
    assert PerjanjianKinerja.objects.get(pk=perjanjian.pk).status == "ditetapkan"
    # The operator still drafts a perubahan; the pimpinan cannot create one.
    response = client.post(url_aksi(), {"aksi": "perubahan", "versi": 0, "tanggal": "2024-08-01", "alasan": "x"})
    assert response.status_code == 404
    client.force_login(operator)
    client.post(url_aksi(), {"aksi": "perubahan", "versi": 0, "tanggal": "2024-08-01", "alasan": "Refocusing"})
    baru = PerjanjianKinerja.objects.get(versi=1)
    assert baru.status == "draft"
    with pytest.raises(GalatPK, match="Hanya pimpinan"):
        tetapkan_pk(baru, operator)
    assert tetapkan_pk(baru, pimpinan).status == "ditetapkan"


def test_setting_is_refused_when_the_pk_would_be_in_force_for_an_approved_period(
    client, operator, pimpinan, opd, perjanjian
):
    tetapkan_pk(perjanjian, pimpinan)
    baru = buat_perubahan_pk(perjanjian, tanggal=datetime.date(2024, 8, 1), alasan="Refocusing")
    jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)  # TW3 ends 30 September, after 1 August
    client.force_login(pimpinan)
    response = client.post(url_aksi(), {"aksi": "tetapkan", "versi": 1}, follow=True)
    assert "PK Perubahan 1 2024 (berlaku sejak 1 Agustus 2024) terkunci" in response.text
    assert PerjanjianKinerja.objects.get(pk=baru.pk).status == "draft"
    with pytest.raises(GalatPK, match="terkunci"):
        tetapkan_pk(baru, pimpinan)
    # A perubahan may only start after the approved period; a new PK awal not in a frozen year.
    with pytest.raises(GalatPK, match="terkunci"):
        buat_perubahan_pk(baru, tanggal=datetime.date(2024, 9, 1), alasan="Lagi")
    assert buat_perubahan_pk(baru, tanggal=datetime.date(2024, 10, 1), alasan="Lagi").versi == 2
    PerjanjianKinerja.objects.filter(opd=opd).update(status="draft")
    ItemPK.objects.filter(perjanjian__opd=opd).delete()
    PerjanjianKinerja.objects.filter(opd=opd).delete()
    with pytest.raises(GalatPK, match="PK 2024 terkunci"):
        buat_pk_dari_renstra(Jabatan.objects.get(opd=opd, induk=None), 2024, tanggal=datetime.date(2024, 1, 5))


# --------------------------------------------------------------------------- queries


def test_pk_and_rencana_aksi_saves_do_not_grow_in_queries_with_rows(
    client, operator, perjanjian, django_assert_max_num_queries
):
    client.force_login(operator)
    data_pk = muat(client, url_pk(), "pk-target")
    data_ra = muat(client, url_ra(), "rencana-aksi")
    i = item("IKU1").id
    data_pk[f"t-{i}-target"] = "99"
    data_ra[f"ra-{i}-1-target"] = "20"
    with django_assert_max_num_queries(40) as ctx:
        assert client.post(url_pk(), data_pk).status_code == 302
    n_pk = len(ctx.captured_queries)
    with django_assert_max_num_queries(40) as ctx:
        assert client.post(url_ra(), data_ra).status_code == 302
    n_ra = len(ctx.captured_queries)
    sasaran = item("IKU1").sasaran
    for n in range(12):
        x = IndikatorFactory(sasaran=sasaran, nama=f"Tambahan {n}", kode=f"X{n}")
        tambah_item_pk(perjanjian, sasaran=sasaran, indikator=x, target=D(10), urutan=10 + n)
    data_pk = muat(client, url_pk(), "pk-target")
    data_ra = muat(client, url_ra(), "rencana-aksi")
    for x in ItemPK.objects.filter(indikator__kode__startswith="X"):
        data_pk[f"t-{x.id}-target"] = "11"
        data_ra[f"ra-{x.id}-1-target"] = "3"
        data_ra[f"ra-{x.id}-3-aksi"] = "Sosialisasi"
    with django_assert_max_num_queries(n_pk):
        assert client.post(url_pk(), data_pk).status_code == 302
    with django_assert_max_num_queries(n_ra):
        assert client.post(url_ra(), data_ra).status_code == 302
    assert ItemPK.objects.filter(target=D(11)).count() == 12
    assert RencanaAksi.objects.filter(triwulan=1, target=D(3)).count() == 12
