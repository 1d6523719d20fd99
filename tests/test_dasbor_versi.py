"""The Pemda dashboard keeps each office's figures per data version (`OPD.versi_data`, moved by
every write under the office lock, in the write's transaction): a second view measures nothing,
a change through any door shows at once, only the changed office is measured again."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import laporan.dasbor as dasbor
from bench.data_sintetis import dokumen_opd
from kinerja.models import Realisasi
from kinerja.pengukuran import ukur_opd
from pertukaran.muat import impor_data_opd
from sakip import rumus
from sakip.kunci import kunci_opd
from sakip.models import OPD, MetodologiPemda
from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db

URL = reverse("beranda") + "?tahun=2025&periode=TW3"


def _muat(dari, sampai):
    for urut in range(dari, sampai + 1):
        hasil = impor_data_opd(
            dokumen_opd(
                5,
                urut,
                awalan="versi",
                nama_pemda="Provinsi Versi",
                n_indikator=8,
                n_sub_kegiatan=20,
                tahun_mulai=2024,
                n_tahun=2,
            )
        )
        assert hasil.berhasil, hasil.galat[:5]


@pytest.fixture
def pemda(client):
    _muat(1, 3)
    reviewer = PenggunaFactory(reviewer=True, pemda=OPD.objects.get(kode="versi-01").pemda)
    client.force_login(reviewer)
    return reviewer.pemda


@pytest.fixture
def diukur(monkeypatch):
    """The offices each view measured (codes), in order."""
    catatan = []
    asli = dasbor._ukur_angka_pemda

    def ukur(daftar_opd, tahun, periode):
        catatan.append(sorted(o.kode for o in daftar_opd))
        return asli(daftar_opd, tahun, periode)

    monkeypatch.setattr(dasbor, "_ukur_angka_pemda", ukur)
    return catatan


def _baris(client):
    r = client.get(URL)
    assert r.status_code == 200
    return {o.kode: o.laporan for o in r.context["daftar_opd"]}


def _semua_realisasi(isi):
    if isinstance(isi, dict):
        for k, v in isi.items():
            if k == "realisasi" and isinstance(v, list):
                yield from (r for r in v if isinstance(r, dict) and "periode" in r)
            else:
                yield from _semua_realisasi(v)
    elif isinstance(isi, list):
        for v in isi:
            yield from _semua_realisasi(v)


def _realisasi_tw3(kode):
    return (
        Realisasi.objects.filter(indikator__opd__kode=kode, tahun=2025, periode="TW3", nilai__isnull=False)
        .select_related("indikator")
        .order_by("indikator__urutan", "id")
        .first()
    )


def test_lock_moves_the_version_inside_the_transaction():
    _muat(1, 1)
    opd = OPD.objects.get(kode="versi-01")
    awal = opd.versi_data
    with transaction.atomic():
        kunci_opd(opd.pk)
    opd.refresh_from_db()
    assert opd.versi_data > awal
    satu = opd.versi_data
    with pytest.raises(RuntimeError), transaction.atomic():
        kunci_opd(opd.pk)
        raise RuntimeError  # a write rolled back moves nothing
    opd.refresh_from_db()
    assert opd.versi_data == satu


def test_a_stale_office_instance_never_writes_its_counter_back():
    _muat(1, 1)
    lama = OPD.objects.get(kode="versi-01")
    with transaction.atomic():
        kunci_opd(lama.pk)
    lama.nama = "Dinas Berganti Nama"
    lama.save()  # loaded before the write: its versi_data is older
    baru = OPD.objects.get(pk=lama.pk)
    assert baru.nama == "Dinas Berganti Nama"
    assert baru.versi_data > lama.versi_data
    assert "versi_data" not in {f.name for f in baru.history.model._meta.fields}


def test_new_offices_start_at_distinct_versions():
    _muat(1, 2)
    a, b = OPD.objects.filter(kode__in=["versi-01", "versi-02"]).order_by("kode")
    assert a.versi_data != b.versi_data and a.versi_data > 10**15  # the clock, not 0


def test_second_view_measures_nothing_and_issues_fewer_queries(client, pemda, diukur):
    pertama = _baris(client)
    assert diukur == [["versi-01", "versi-02", "versi-03"]]
    with CaptureQueriesContext(connection) as dingin:
        client.get(URL)
    assert diukur == [["versi-01", "versi-02", "versi-03"]]  # nothing measured again
    kedua = _baris(client)
    for kode, b in pertama.items():
        k = kedua[kode]
        assert (b.jumlah_indikator, b.terisi, b.capaian, b.diperbarui, b.status) == (
            k.jumlah_indikator,
            k.terisi,
            k.capaian,
            k.diperbarui,
            k.status,
        )
    from django.core.cache import caches

    caches["laporan"].clear()
    with CaptureQueriesContext(connection) as ukur:
        client.get(URL)
    assert len(dingin.captured_queries) < len(ukur.captured_queries)


def test_a_grid_save_shows_at_once_and_only_that_office_is_measured(client, pemda, diukur):
    from bench.run import _isian_grid

    sebelum = _baris(client)
    opd = OPD.objects.get(kode="versi-02")
    operator = PenggunaFactory(opd=opd)
    client.force_login(operator)
    data, _ = _isian_grid(opd, 2025, "TW3", 3)
    assert client.post(reverse("realisasi_grid", args=[opd.kode, 2025, "TW3"]), data).status_code == 302
    client.force_login(PenggunaFactory(reviewer=True, pemda=pemda))
    sesudah = _baris(client)
    assert diukur[-1] == ["versi-02"]
    assert sesudah["versi-02"].capaian.nilai == ukur_opd(opd, 2025, "TW3").capaian_opd.nilai
    assert sesudah["versi-02"].capaian.nilai != sebelum["versi-02"].capaian.nilai
    assert sesudah["versi-02"].diperbarui > sebelum["versi-02"].diperbarui
    assert sesudah["versi-01"].capaian == sebelum["versi-01"].capaian


def test_a_model_save_and_a_delete_through_any_door_show_at_once(client, pemda, diukur):
    _baris(client)
    r = _realisasi_tw3("versi-03")
    r.nilai = r.nilai + Decimal("1000")
    r.save()  # the model's own save (admin, shell, scripts): DijagaPeriode takes the office lock
    baris = _baris(client)
    assert diukur[-1] == ["versi-03"]
    opd = OPD.objects.get(kode="versi-03")
    assert baris["versi-03"].capaian.nilai == ukur_opd(opd, 2025, "TW3").capaian_opd.nilai
    terisi = baris["versi-03"].terisi
    _realisasi_tw3("versi-03").delete()
    assert _baris(client)["versi-03"].terisi == terisi - 1


def test_a_reimport_shows_at_once(client, pemda, diukur):
    _baris(client)
    doc = dokumen_opd(
        5, 1, awalan="versi", nama_pemda="Provinsi Versi", n_indikator=8, n_sub_kegiatan=20, tahun_mulai=2024, n_tahun=2
    )
    diubah = 0
    for r in _semua_realisasi(doc):
        if r["tahun"] == 2025 and r["periode"] == "TW3" and r.get("pembilang"):
            r["pembilang"] = str(int(r["pembilang"]) // 2)  # a ratio: half its numerator
            diubah += 1
    assert diubah
    assert impor_data_opd(doc).berhasil
    baris = _baris(client)
    assert diukur[-1] == ["versi-01"]
    opd = OPD.objects.get(kode="versi-01")
    assert baris["versi-01"].capaian.nilai == ukur_opd(opd, 2025, "TW3").capaian_opd.nilai


def test_a_methodology_change_measures_every_office_again(client, pemda, diukur):
    _baris(client)
    MetodologiPemda.objects.update_or_create(pemda=pemda, defaults={"batas_atas": Decimal("100")})
    baris = _baris(client)
    assert diukur[-1] == ["versi-01", "versi-02", "versi-03"]
    for kode in ("versi-01", "versi-02", "versi-03"):
        opd = OPD.objects.get(kode=kode)
        assert baris[kode].capaian.nilai == ukur_opd(opd, 2025, "TW3").capaian_opd.nilai


def test_figures_older_than_the_setting_are_measured_again(client, pemda, diukur, settings):
    _baris(client)
    settings.SAKIP_DASBOR_SEGAR_DETIK = -1
    _baris(client)
    assert diukur == [["versi-01", "versi-02", "versi-03"]] * 2


def test_old_figures_are_measured_again_a_few_at_a_time_oldest_first(client, pemda, diukur, settings, monkeypatch):
    monkeypatch.setattr(dasbor, "SEGARKAN_PER_TAMPILAN", 2)
    _baris(client)
    settings.SAKIP_DASBOR_SEGAR_DETIK = -1
    _baris(client)
    assert len(diukur[1]) == 2  # not all three in one view
    tertinggal = {"versi-01", "versi-02", "versi-03"} - set(diukur[1])
    _baris(client)
    assert tertinggal <= set(diukur[2])  # the oldest first
    assert len(diukur[2]) == 2


def test_cached_figures_equal_a_fresh_measurement_for_every_period(client, pemda):
    from django.core.cache import caches

    daftar = list(OPD.objects.filter(kode__startswith="versi-").order_by("kode"))
    for periode in rumus.Periode:
        caches["laporan"].clear()
        segar = {b.opd.kode: b for b in dasbor.dasbor_pemda(daftar, 2025, periode)}
        simpanan = {b.opd.kode: b for b in dasbor.dasbor_pemda(daftar, 2025, periode)}
        for kode, b in segar.items():
            assert (b.jumlah_indikator, b.terisi, b.capaian, b.diperbarui) == (
                simpanan[kode].jumlah_indikator,
                simpanan[kode].terisi,
                simpanan[kode].capaian,
                simpanan[kode].diperbarui,
            ), (kode, periode)


# --- the version never repeats, and the admin's adds and deletes move it (review of #22) -----


def test_a_counter_set_back_never_meets_an_old_version_again():
    """A restored backup or loaddata sets the counter back; the next lock gives a number the office
    never had (at least the clock), so figures kept under a later version cannot match."""
    _muat(1, 1)
    opd = OPD.objects.get(kode="versi-01")
    awal = opd.versi_data
    dipakai = set()
    for _ in range(3):
        with transaction.atomic():
            kunci_opd(opd.pk)
        opd.refresh_from_db()
        dipakai.add(opd.versi_data)
    OPD.objects.filter(pk=opd.pk).update(versi_data=awal)  # the restore
    with transaction.atomic():
        kunci_opd(opd.pk)
    opd.refresh_from_db()
    assert opd.versi_data not in dipakai and opd.versi_data > max(dipakai)


def test_saving_an_office_built_from_an_old_version_keeps_the_counter():
    """A history revert builds the office from its history row, then saves it (adding is True)."""
    _muat(1, 1)
    opd = OPD.objects.get(kode="versi-01")
    lama = OPD(**{f.attname: getattr(opd, f.attname) for f in OPD._meta.concrete_fields})
    with transaction.atomic():
        kunci_opd(opd.pk)
    sekarang = OPD.objects.get(pk=opd.pk).versi_data
    lama.nama = "Nama Lama"
    lama.save()
    disimpan = OPD.objects.get(pk=opd.pk)
    assert disimpan.nama == "Nama Lama" and disimpan.versi_data == sekarang


def test_an_admin_add_and_delete_of_unguarded_data_move_the_version(client):
    from renstra.models import Sasaran, Strategi

    _muat(1, 1)
    opd = OPD.objects.get(kode="versi-01")
    client.force_login(PenggunaFactory(username="operator.admin", opd=opd, is_staff=True))
    sasaran = Sasaran.objects.filter(renstra__opd=opd, tingkat=Sasaran.Tingkat.STRATEGIS).first()
    sebelum = OPD.objects.get(pk=opd.pk).versi_data
    r = client.post(
        reverse("admin:renstra_strategi_add"),
        {
            "sasaran": sasaran.pk,
            "urutan": 9,
            "uraian": "Strategi baru",
            "arah_kebijakan_set-TOTAL_FORMS": 0,
            "arah_kebijakan_set-INITIAL_FORMS": 0,
        },
    )
    assert r.status_code == 302, r.context["adminform"].form.errors
    setelah_tambah = OPD.objects.get(pk=opd.pk).versi_data
    assert setelah_tambah > sebelum
    strategi = Strategi.objects.get(sasaran=sasaran, uraian="Strategi baru")
    r = client.post(reverse("admin:renstra_strategi_delete", args=[strategi.pk]), {"post": "yes"})
    assert r.status_code == 302
    assert not Strategi.objects.filter(pk=strategi.pk).exists()
    assert OPD.objects.get(pk=opd.pk).versi_data > setelah_tambah


def test_the_worker_measures_each_pemda_dashboard_ahead(client, pemda, diukur):
    """`hangatkan_dasbor` (run by `manage.py pekerja` at start and every 30 s): the dashboard as it
    opens finds every office measured; a second round measures nothing; after a save, only that
    office."""
    from django.core.cache import caches

    from sakip.tugas import jalankan_berkala

    caches["laporan"].clear()
    assert jalankan_berkala() == 3
    assert jalankan_berkala() == 0
    diukur.clear()
    client.get(reverse("beranda"))  # the page as it opens: its default year and period
    assert diukur == []
    r = _realisasi_tw3("versi-02")
    r.nilai = r.nilai + 1
    r.save()
    assert dasbor.hangatkan_dasbor() == 1


def test_a_methodology_change_measures_only_that_pemdas_offices(client, pemda, diukur):
    from tests.factories import PemdaFactory

    lain = PemdaFactory(nama="Kota Lain")
    for urut in (4,):
        assert impor_data_opd(
            dokumen_opd(
                5,
                urut,
                awalan="lain",
                nama_pemda="Kota Lain",
                n_indikator=8,
                n_sub_kegiatan=20,
                tahun_mulai=2024,
                n_tahun=2,
            )
        ).berhasil
    client.force_login(PenggunaFactory(is_superuser=True, is_staff=True, username="admin.versi"))
    semua = _baris(client)
    assert "lain-04" in semua and "versi-01" in semua
    MetodologiPemda.objects.update_or_create(pemda=lain, defaults={"batas_atas": Decimal("100")})
    _baris(client)
    assert diukur[-1] == ["lain-04"]
