"""Who sees what: an operator stays inside its office, a reviewer inside its Pemda."""

import pytest
from django.urls import reverse

from sakip.akses import Aksi, batasi, boleh
from sakip.models import OPD, Jabatan, Pejabat
from tests.factories import JabatanFactory, PejabatFactory, PenggunaFactory, PenugasanFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, dua_opd):
    response = client.get(reverse("opd_detail", args=["dinas-a"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("masuk"))


def test_operator_reads_own_office(client, operator_a):
    client.force_login(operator_a)
    response = client.get(reverse("opd_detail", args=["dinas-a"]))
    assert response.status_code == 200
    assert operator_a.opd.nama in response.text


@pytest.mark.parametrize("kode", ["dinas-a2", "dinas-b", "tidak-ada"])
def test_operator_gets_404_on_other_office_by_url(client, operator_a, kode):
    client.force_login(operator_a)
    response = client.get(reverse("opd_detail", args=[kode]))
    assert response.status_code == 404
    assert "bukan wewenang Anda" in response.text


def test_operator_gets_404_on_other_office_object_by_id(client, operator_a, dua_opd):
    own = JabatanFactory(opd=dua_opd["a"], nama="Sekretaris")
    other = JabatanFactory(opd=dua_opd["b"], nama="Kepala Dinas B")
    client.force_login(operator_a)
    assert client.get(reverse("jabatan_detail", args=["dinas-a", own.pk])).status_code == 200
    # Guessing the id of another office's object, with the other office's kode or its own.
    assert client.get(reverse("jabatan_detail", args=["dinas-b", other.pk])).status_code == 404
    assert client.get(reverse("jabatan_detail", args=["dinas-a", other.pk])).status_code == 404
    # An id of its own object under another office's kode is not found either.
    assert client.get(reverse("jabatan_detail", args=["dinas-b", own.pk])).status_code == 404


def test_reviewer_sees_every_office_of_its_pemda_and_no_other(client, reviewer_a, dua_opd):
    client.force_login(reviewer_a)
    assert client.get(reverse("opd_detail", args=["dinas-a"])).status_code == 200
    assert client.get(reverse("opd_detail", args=["dinas-a2"])).status_code == 200
    assert client.get(reverse("opd_detail", args=["dinas-b"])).status_code == 404
    other = JabatanFactory(opd=dua_opd["b"])
    assert client.get(reverse("jabatan_detail", args=["dinas-b", other.pk])).status_code == 404
    home = client.get(reverse("beranda"))
    assert list(home.context["daftar_opd"]) == sorted([dua_opd["a"], dua_opd["a2"]], key=lambda o: o.nama)
    assert "dinas-b" not in home.text


def test_home_lists_only_own_office_for_operator(client, operator_a, dua_opd):
    client.force_login(operator_a)
    response = client.get(reverse("beranda"))
    assert [o.kode for o in response.context["daftar_opd"]] == ["dinas-a"]
    assert response.context["boleh_ubah"] == {dua_opd["a"].id}
    assert "mengisi data" in response.text


def test_pimpinan_reads_but_does_not_edit(dua_opd):
    pimpinan = PenggunaFactory(pimpinan=True, opd=dua_opd["a"])
    assert boleh(pimpinan, Aksi.BACA, dua_opd["a"])
    assert boleh(pimpinan, Aksi.SETUJUI, dua_opd["a"])
    assert not boleh(pimpinan, Aksi.UBAH, dua_opd["a"])
    assert not boleh(pimpinan, Aksi.BACA, dua_opd["b"])


def test_reviewer_reviews_but_does_not_edit(reviewer_a, dua_opd):
    assert boleh(reviewer_a, Aksi.REVIU, dua_opd["a2"])
    assert not boleh(reviewer_a, Aksi.UBAH, dua_opd["a"])
    assert not boleh(reviewer_a, Aksi.REVIU, dua_opd["b"])


def test_pemda_wide_records_are_scoped_to_own_pemda(reviewer_a, dua_opd):
    own = PejabatFactory(pemda=dua_opd["a"].pemda)
    PejabatFactory(pemda=dua_opd["b"].pemda)
    assert list(batasi(Pejabat.objects.all(), reviewer_a)) == [own]


def test_nested_path_is_scoped(operator_a, dua_opd):
    own = PenugasanFactory(jabatan=JabatanFactory(opd=dua_opd["a"]))
    PenugasanFactory(jabatan=JabatanFactory(opd=dua_opd["b"]))
    from sakip.models import Penugasan

    assert list(batasi(Penugasan.objects.all(), operator_a)) == [own]


def test_inactive_or_roleless_users_see_nothing(dua_opd):
    inactive = PenggunaFactory(opd=dua_opd["a"], is_active=False)
    roleless = PenggunaFactory(peran="", opd=None)
    for user in (inactive, roleless):
        assert not batasi(OPD.objects.all(), user).exists()
        assert not batasi(Jabatan.objects.all(), user).exists()


def test_superuser_sees_everything(dua_opd):
    root = PenggunaFactory(peran="", opd=None, is_superuser=True)
    assert batasi(OPD.objects.all(), root, Aksi.UBAH).count() == 3


class TestAdmin:
    """The admin is scoped by the same rules: an admin pemda manages its own Pemda only."""

    def test_admin_pemda_lists_only_own_offices(self, client, dua_opd):
        admin = PenggunaFactory(admin_pemda=True, pemda=dua_opd["a"].pemda)
        client.force_login(admin)
        response = client.get(reverse("admin:sakip_opd_changelist"))
        assert response.status_code == 200
        assert {o.kode for o in response.context["cl"].queryset} == {"dinas-a", "dinas-a2"}

    def test_admin_pemda_cannot_open_other_pemda_office(self, client, dua_opd):
        admin = PenggunaFactory(admin_pemda=True, pemda=dua_opd["a"].pemda)
        client.force_login(admin)
        url = reverse("admin:sakip_opd_change", args=[dua_opd["b"].pk])
        response = client.get(url)
        # Out of reach answers as a record that does not exist: 404 (issue #15).
        assert response.status_code == 404
        response = client.post(url, {"nama": "Diubah", "kode": "dinas-b", "pemda": dua_opd["b"].pemda_id})
        assert response.status_code == 404
        dua_opd["b"].refresh_from_db()
        assert dua_opd["b"].nama != "Diubah"

    def test_admin_pemda_cannot_pick_other_pemda_in_forms(self, client, dua_opd):
        admin = PenggunaFactory(admin_pemda=True, pemda=dua_opd["a"].pemda)
        client.force_login(admin)
        response = client.get(reverse("admin:sakip_opd_add"))
        choices = {c for c, _ in response.context["adminform"].form.fields["pemda"].choices if c}
        assert {int(str(c)) for c in choices} == {dua_opd["a"].pemda_id}

    def test_operator_has_no_admin(self, client, operator_a):
        operator_a.is_staff = True
        operator_a.save()
        client.force_login(operator_a)
        assert client.get(reverse("admin:sakip_opd_changelist")).status_code == 403
