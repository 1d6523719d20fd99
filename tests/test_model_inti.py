"""Core master data rules: jabatan tree, holders over time, user roles, history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sakip.models import NamaJabatan, Pejabat, Pengguna, Penugasan, Peran
from tests.factories import (
    JabatanFactory,
    OPDFactory,
    PejabatFactory,
    PemdaFactory,
    PenggunaFactory,
    PenugasanFactory,
)

pytestmark = pytest.mark.django_db


def test_jabatan_cannot_be_its_own_ancestor():
    kepala = JabatanFactory()
    kabid = JabatanFactory(opd=kepala.opd, induk=kepala, eselon="III")
    kepala.induk = kabid
    with pytest.raises(ValidationError, match="lingkaran"):
        kepala.full_clean()


def test_jabatan_parent_must_be_in_same_office():
    kepala = JabatanFactory()
    other = JabatanFactory(induk=None)
    other.induk = kepala
    with pytest.raises(ValidationError, match="OPD yang sama"):
        other.full_clean()


def test_holder_on_a_date_prefers_definitive_and_respects_periods():
    kepala = JabatanFactory()
    lama = PenugasanFactory(jabatan=kepala, mulai=datetime.date(2019, 1, 1), selesai=datetime.date(2023, 6, 30))
    plt = PenugasanFactory(jabatan=kepala, jenis="plt", mulai=datetime.date(2023, 7, 1), selesai=None)
    baru = PenugasanFactory(jabatan=kepala, mulai=datetime.date(2024, 2, 1))
    assert kepala.pejabat_pada(datetime.date(2022, 12, 31)) == lama
    assert kepala.pejabat_pada(datetime.date(2023, 12, 31)) == plt
    assert plt.awalan == "Plt. "
    assert kepala.pejabat_pada(datetime.date(2024, 12, 31)) == baru
    assert kepala.pejabat_pada(datetime.date(2018, 1, 1)) is None


def test_penugasan_end_before_start_is_refused_by_database():
    penugasan = PenugasanFactory.build(jabatan=JabatanFactory(), mulai=datetime.date(2024, 1, 1))
    penugasan.pejabat = PejabatFactory(pemda=penugasan.jabatan.opd.pemda)
    penugasan.selesai = datetime.date(2023, 1, 1)
    with pytest.raises(ValidationError):
        penugasan.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        penugasan.save()


def test_jabatan_name_on_a_date():
    jabatan = JabatanFactory(nama="Kepala Bidang Pelayanan Pendaftaran Penduduk")
    NamaJabatan.objects.create(
        jabatan=jabatan, nama="Kepala Bidang Pendaftaran Penduduk", berlaku_mulai=datetime.date(2017, 1, 1)
    )
    NamaJabatan.objects.create(
        jabatan=jabatan, nama="Kepala Bidang Pelayanan Pendaftaran Penduduk", berlaku_mulai=datetime.date(2022, 1, 1)
    )
    assert jabatan.nama_pada(datetime.date(2020, 6, 1)) == "Kepala Bidang Pendaftaran Penduduk"
    assert jabatan.nama_pada(datetime.date(2024, 6, 1)) == "Kepala Bidang Pelayanan Pendaftaran Penduduk"


def test_pejabat_nip_is_validated_on_full_clean():
    pejabat = PejabatFactory.build(pemda=PemdaFactory(), nip="19801301200503 1 001")
    with pytest.raises(ValidationError) as err:
        pejabat.full_clean()
    assert "nip" in err.value.message_dict


def test_pejabat_golongan_format():
    pejabat = PejabatFactory.build(pemda=PemdaFactory(), golongan="4b")
    with pytest.raises(ValidationError, match="IV/b"):
        pejabat.full_clean()


def test_pengguna_roles_require_their_scope():
    pemda = PemdaFactory()
    with pytest.raises(ValidationError, match="satu OPD"):
        Pengguna(username="x", peran=Peran.OPERATOR).full_clean()
    with pytest.raises(ValidationError, match="satu pemda"):
        Pengguna(username="y", peran=Peran.REVIEWER).full_clean()
    with pytest.raises(ValidationError, match="Pilih peran"):
        Pengguna(username="z", password="x").full_clean()
    Pengguna(username="r", password="x", peran=Peran.REVIEWER, pemda=pemda).full_clean()


def test_operator_pemda_follows_office():
    opd = OPDFactory()
    user = PenggunaFactory(opd=opd, pemda=None)
    user.refresh_from_db()
    assert user.pemda_id == opd.pemda_id


def test_changes_are_kept_in_history():
    opd = OPDFactory(nama="Dinas Lama")
    opd.nama = "Dinas Baru"
    opd.save()
    names = [h.nama for h in opd.history.order_by("history_date")]
    assert names == ["Dinas Lama", "Dinas Baru"]
    delta = opd.history.first().diff_against(opd.history.last())
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("nama", "Dinas Lama", "Dinas Baru")]


def test_history_records_the_user_through_the_admin(client):
    admin = PenggunaFactory(peran="", opd=None, is_superuser=True, is_staff=True)
    pejabat = PejabatFactory(nama="Budi")
    client.force_login(admin)
    from django.urls import reverse

    response = client.post(
        reverse("admin:sakip_pejabat_change", args=[pejabat.pk]),
        {"pemda": pejabat.pemda_id, "nama": "Budi Santoso, S.H.", "nip": pejabat.nip, "pangkat": "", "golongan": ""},
    )
    assert response.status_code == 302, response.content
    latest = Pejabat.history.filter(id=pejabat.pk).latest("history_date")
    assert latest.nama == "Budi Santoso, S.H."
    assert latest.history_user == admin
    assert Penugasan.history.count() == 0
