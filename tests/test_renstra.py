"""Renstra versions, the cascade rules, indicator rules, and access to planning data."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.models import Realisasi
from renstra.layanan import buat_renstra_perubahan
from renstra.models import Indikator, Renstra, Sasaran, TargetIndikator
from tests.factories import (
    IndikatorFactory,
    JabatanFactory,
    PenggunaFactory,
    RealisasiFactory,
    RenstraFactory,
    SasaranFactory,
    TargetIndikatorFactory,
    TujuanFactory,
)
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db


def test_renstra_perubahan_supersedes_without_losing_the_earlier_version():
    awal = RenstraFactory(tanggal_penetapan=datetime.date(2021, 6, 1))
    sasaran = SasaranFactory(renstra=awal)
    SasaranFactory(renstra=awal, tujuan=None, induk=sasaran, tingkat="program")
    ind = IndikatorFactory(sasaran=sasaran, nama="Cakupan KTP-el")
    IndikatorFactory(sasaran=None, komposit=ind, nama="Komponen A")
    TargetIndikatorFactory(indikator=ind, tahun=2024, nilai=D("91.08"))
    RealisasiFactory(indikator=ind, tahun=2022, nilai=D(90))

    baru = buat_renstra_perubahan(awal, tanggal_penetapan=datetime.date(2023, 9, 1), alasan="Penyesuaian RPJMD")
    assert (baru.versi, baru.menggantikan) == (1, awal)
    assert str(baru).startswith("Renstra Perubahan 1")
    # The earlier version is untouched and still readable.
    assert awal.sasaran_set.count() == 2 and Indikator.objects.filter(sasaran__renstra=awal).count() == 1
    ind_baru = Indikator.objects.get(sasaran__renstra=baru)
    assert ind_baru.asal == ind and ind_baru.komponen.get().nama == "Komponen A"
    assert TargetIndikator.objects.get(indikator=ind_baru).nilai == D("91.08")
    assert Sasaran.objects.get(renstra=baru, tingkat="program").induk.renstra == baru
    # The time series follows the indicator across versions.
    assert ind_baru.garis_keturunan_ids() == [ind_baru.id, ind.id]
    assert Realisasi.objects.filter(indikator_id__in=ind_baru.garis_keturunan_ids()).count() == 1
    # Which version applies is a query on the date.
    assert Renstra.objects.berlaku(awal.opd, 2024, datetime.date(2023, 1, 1)) == awal
    assert Renstra.objects.berlaku(awal.opd, 2024, datetime.date(2024, 1, 1)) == baru
    with pytest.raises(ValueError, match="sudah digantikan"):
        buat_renstra_perubahan(awal, tanggal_penetapan=datetime.date(2024, 1, 1), alasan="lagi")


def test_cascade_levels_must_follow_each_other():
    strategis = SasaranFactory()
    kegiatan = Sasaran(renstra=strategis.renstra, induk=strategis, tingkat="kegiatan", uraian="x")
    with pytest.raises(ValidationError, match="harus sasaran program"):
        kegiatan.full_clean()
    tanpa_tujuan = Sasaran(renstra=strategis.renstra, tingkat="strategis", uraian="y")
    with pytest.raises(ValidationError, match="di bawah satu tujuan"):
        tanpa_tujuan.full_clean()
    program = Sasaran(
        renstra=strategis.renstra,
        induk=strategis,
        tingkat="program",
        uraian="z",
        pemilik=JabatanFactory(opd=strategis.renstra.opd, eselon="III"),
    )
    program.full_clean()
    program.save()
    assert program.tujuan == strategis.tujuan


def test_indicator_owner_is_exactly_one():
    ind = Indikator(sasaran=SasaranFactory(), tujuan=TujuanFactory(), nama="x", satuan="%")
    with pytest.raises(ValidationError, match="tepat satu"):
        ind.full_clean()


def test_predicate_indicator_values_are_on_its_scale():
    ind = IndikatorFactory(jenis_nilai="predikat", skala_predikat="sakip", satuan="Predikat")
    with pytest.raises(ValidationError, match="AA, A, BB"):
        TargetIndikator(indikator=ind, tahun=2024, nilai_teks="Z").full_clean()
    with pytest.raises(ValidationError, match="bukan angka"):
        TargetIndikator(indikator=ind, tahun=2024, nilai=D(3)).full_clean()
    TargetIndikator(indikator=ind, tahun=2024, nilai_teks="BB").full_clean()


def test_range_indicator_needs_an_upper_bound():
    ind = IndikatorFactory(arah="rentang")
    with pytest.raises(ValidationError, match="batas atas"):
        TargetIndikator(indikator=ind, tahun=2024, nilai=D(10)).full_clean()
    TargetIndikator(indikator=ind, tahun=2024, nilai=D(10), nilai_atas=D(20)).full_clean()


def test_indicator_office_follows_its_owner():
    sasaran = SasaranFactory()
    ind = IndikatorFactory(sasaran=sasaran)
    komponen = IndikatorFactory(sasaran=None, komposit=ind)
    assert ind.opd == sasaran.renstra.opd == komponen.opd


class TestAdminPlanningData:
    """Operators edit their own office's planning data in the admin; nothing else."""

    @pytest.fixture
    def data(self, dua_opd):
        milik_a = RealisasiFactory(indikator__sasaran__renstra__opd=dua_opd["a"], nilai=D(1))
        milik_b = RealisasiFactory(indikator__sasaran__renstra__opd=dua_opd["b"], nilai=D(2))
        operator = PenggunaFactory(opd=dua_opd["a"], is_staff=True)
        return milik_a, milik_b, operator

    def test_changelist_shows_own_office_only(self, client, data, django_assert_max_num_queries):
        milik_a, _, operator = data
        client.force_login(operator)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("admin:kinerja_realisasi_changelist"))
        assert list(response.context["cl"].queryset) == [milik_a]

    def test_other_office_object_by_id_is_not_reachable(self, client, data):
        _, milik_b, operator = data
        client.force_login(operator)
        url = reverse("admin:kinerja_realisasi_change", args=[milik_b.pk])
        assert client.get(url).status_code == 404  # admin: as a record that does not exist (issue #15)
        client.post(url, {"indikator": milik_b.indikator_id, "tahun": 2024, "periode": "TAHUN", "nilai": "99"})
        milik_b.refresh_from_db()
        assert milik_b.nilai == D(2)

    def test_form_choices_hold_own_indicators_only(self, client, data):
        milik_a, _, operator = data
        client.force_login(operator)
        response = client.get(reverse("admin:kinerja_realisasi_add"))
        pilihan = {int(str(v)) for v, _ in response.context["adminform"].form.fields["indikator"].choices if v}
        assert pilihan == {milik_a.indikator_id}

    def test_posting_another_office_indicator_id_is_refused(self, client, data):
        _, milik_b, operator = data
        client.force_login(operator)
        response = client.post(
            reverse("admin:kinerja_realisasi_add"),
            {
                "indikator": milik_b.indikator_id,
                "tahun": 2023,
                "periode": "TAHUN",
                "nilai": "5",
                "bukti_set-TOTAL_FORMS": 0,
                "bukti_set-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 200
        assert "indikator" in response.context["adminform"].form.errors
        assert not Realisasi.objects.filter(tahun=2023).exists()

    def test_reviewer_reads_but_cannot_change(self, client, data, dua_opd):
        milik_a, _, _ = data
        reviewer = PenggunaFactory(reviewer=True, pemda=dua_opd["a"].pemda, is_staff=True)
        client.force_login(reviewer)
        url = reverse("admin:kinerja_realisasi_change", args=[milik_a.pk])
        response = client.get(url)
        assert response.status_code == 200 and not response.context["has_change_permission"]
        client.post(url, {"indikator": milik_a.indikator_id, "tahun": 2024, "periode": "TAHUN", "nilai": "99"})
        milik_a.refresh_from_db()
        assert milik_a.nilai == D(1)

    def test_operator_save_records_who_in_history(self, client, data):
        milik_a, _, operator = data
        client.force_login(operator)
        url = reverse("admin:kinerja_realisasi_change", args=[milik_a.pk])
        # What the browser posts: every input with the value it was loaded with (initial-…).
        isian = isi_formulir(client.get(url).content, id="realisasi_form")
        response = client.post(url, isian | {"nilai": "7"})
        assert response.status_code == 302, response.context["adminform"].form.errors
        terakhir = milik_a.history.latest("history_date")
        assert (terakhir.nilai, terakhir.history_user) == (D(7), operator)
        assert milik_a.history.earliest("history_date").nilai == D(1)
