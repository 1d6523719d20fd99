"""Renstra Perubahan through its three doors (the Renstra page, the admin action, the command),
all calling renstra.layanan.buat_renstra_perubahan; its rules; who may; a refused one writes nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pertukaran.muat import impor_data_opd
from renstra.layanan import GalatPerubahan, buat_renstra_perubahan
from renstra.models import Indikator, Renstra, TargetIndikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def awal(opd):
    return Renstra.objects.get(opd=opd)


def periksa_salinan(awal, mulai):
    baru = Renstra.objects.get(menggantikan=awal)
    assert (baru.versi, baru.berlaku_mulai) == (awal.versi + 1, mulai)
    assert (
        Indikator.objects.filter(sasaran__renstra=baru).count()
        == Indikator.objects.filter(sasaran__renstra=awal).count()
    )
    assert TargetIndikator.objects.filter(indikator__sasaran__renstra=baru).count() == (
        TargetIndikator.objects.filter(indikator__sasaran__renstra=awal).count()
    )
    # Earlier years keep the version before; from `mulai` on, the new one applies.
    assert Renstra.objects.berlaku(awal.opd, mulai - 1) == awal
    assert Renstra.objects.berlaku(awal.opd, mulai) == baru
    return baru


TGL = datetime.date(2023, 3, 1)


def test_service_rules(awal):
    with pytest.raises(GalatPerubahan, match="Isi tanggal penetapan"):
        buat_renstra_perubahan(awal, mulai=2023, alasan="Belum ditetapkan")
    with pytest.raises(GalatPerubahan, match="di luar periode Renstra 2020–2024"):
        buat_renstra_perubahan(awal, mulai=2025, tanggal_penetapan=TGL, alasan="x")
    with pytest.raises(GalatPerubahan, match="Alasan perubahan Renstra wajib"):
        buat_renstra_perubahan(awal, mulai=2023, tanggal_penetapan=TGL, alasan="  ")
    with pytest.raises(GalatPerubahan, match="tahun mulai berlaku"):
        buat_renstra_perubahan(awal, mulai="dua ribu", tanggal_penetapan=TGL, alasan="x")
    assert Renstra.objects.count() == 1
    baru = buat_renstra_perubahan(awal, mulai=2023, tanggal_penetapan=TGL, alasan="Penyesuaian RPJMD")
    periksa_salinan(awal, 2023)
    with pytest.raises(GalatPerubahan, match="sudah digantikan"):
        buat_renstra_perubahan(awal, mulai=2024, tanggal_penetapan=TGL, alasan="lagi")
    with pytest.raises(GalatPerubahan, match="sebelum tahun berlaku"):
        buat_renstra_perubahan(baru, mulai=2022, tanggal_penetapan=TGL, alasan="lagi")


def test_page_button_dialog_and_post(client, opd, awal):
    operator = PenggunaFactory(opd=opd)
    client.force_login(operator)
    url = reverse("renstra_editor", args=["dinas-uji"])
    html = client.get(url).text
    assert 'data-dialog="dialog-perubahan"' in html and "tetap tersimpan sebagai riwayat" in html
    data = isi_formulir(html, "form-perubahan")
    data.update(mulai="2023", alasan="Penyesuaian RPJMD", tanggal_penetapan="2023-03-01")
    response = client.post(reverse("renstra_perubahan", args=["dinas-uji"]), data, follow=True)
    assert "Renstra Perubahan 1" in response.text and "berlaku mulai tahun 2023" in response.text
    baru = periksa_salinan(awal, 2023)
    assert baru.tanggal_penetapan == datetime.date(2023, 3, 1) and baru.alasan_perubahan == "Penyesuaian RPJMD"
    # The page now edits the new version and says what it replaced.
    html = client.get(url).text
    assert "Menggantikan" in html and "Penyesuaian RPJMD" in html


def test_page_form_sent_unchanged_or_bad_changes_nothing(client, opd, awal):
    client.force_login(PenggunaFactory(opd=opd))
    url = reverse("renstra_editor", args=["dinas-uji"])
    data = isi_formulir(client.get(url).text, "form-perubahan")
    for kiriman in (
        data,
        {**data, "alasan": "ok", "mulai": "2031"},
        {**data, "alasan": "ok", "tanggal_penetapan": "x"},
    ):
        sebelum = potret()
        response = client.post(reverse("renstra_perubahan", args=["dinas-uji"]), kiriman, follow=True)
        assert response.status_code == 200
        assert "Renstra Perubahan tidak dibuat" in response.text
        assert beda(sebelum, potret()) == []


def test_who_may(client, opd, awal):
    lain = OPDFactory(kode="dinas-lain")
    data = {"mulai": "2023", "alasan": "x", "tanggal_penetapan": "2023-03-01"}
    url = reverse("renstra_perubahan", args=["dinas-uji"])
    for pengguna in (
        PenggunaFactory(opd=lain),  # operator of another office
        PenggunaFactory(reviewer=True, pemda=opd.pemda),  # a reviewer reads, never edits
        PenggunaFactory(pimpinan=True, opd=opd),
    ):
        client.force_login(pengguna)
        assert client.post(url, data).status_code == 404
        assert 'id="form-perubahan"' not in client.get(reverse("renstra_editor", args=["dinas-uji"])).text
    assert Renstra.objects.count() == 1
    client.force_login(PenggunaFactory(opd=lain))
    assert client.get(reverse("renstra_editor", args=["dinas-uji"])).status_code == 404
    # GET on the action is refused (POST only) and writes nothing.
    client.force_login(PenggunaFactory(opd=opd))
    assert client.get(url).status_code == 405


def test_admin_action(client, opd, awal):
    client.force_login(PenggunaFactory(peran="", opd=None, is_superuser=True, is_staff=True))
    daftar = reverse("admin:renstra_renstra_changelist")
    pilih = {"action": "buat_perubahan", "_selected_action": [awal.pk]}
    halaman = client.post(daftar, pilih)
    assert halaman.status_code == 200 and "tetap tersimpan sebagai riwayat" in halaman.text
    assert Renstra.objects.count() == 1  # the confirmation page writes nothing
    salah = client.post(
        daftar, {**pilih, "terapkan": "1", "mulai": "2019", "alasan": "x", "tanggal_penetapan": "2023-03-01"}
    )
    assert "di luar periode" in salah.text and Renstra.objects.count() == 1
    response = client.post(
        daftar,
        {
            **pilih,
            "terapkan": "1",
            "mulai": "2024",
            "alasan": "Evaluasi paruh waktu",
            "tanggal_penetapan": "2023-12-01",
        },
    )
    assert response.status_code == 302
    periksa_salinan(awal, 2024)


def test_command(opd, awal):
    with pytest.raises(CommandError, match="OPD dengan kode 'tidak-ada'"):
        call_command(
            "renstra_perubahan", "--opd", "tidak-ada", "--mulai", "2023", "--tanggal", "2023-03-01", "--alasan", "x"
        )
    with pytest.raises(CommandError, match="di luar periode"):
        call_command(
            "renstra_perubahan", "--opd", "dinas-uji", "--mulai", "2030", "--tanggal", "2023-03-01", "--alasan", "x"
        )
    with pytest.raises(CommandError, match="Alasan perubahan Renstra wajib"):
        call_command(
            "renstra_perubahan", "--opd", "dinas-uji", "--mulai", "2023", "--tanggal", "2023-03-01", "--alasan", " "
        )
    assert Renstra.objects.count() == 1
    out = StringIO()
    call_command(
        "renstra_perubahan",
        "--opd",
        "dinas-uji",
        "--mulai",
        "2023",
        "--tanggal",
        "2023-03-01",
        "--alasan",
        "RPJMD berubah",
        stdout=out,
    )
    assert "Renstra Perubahan 1" in out.getvalue()
    periksa_salinan(awal, 2023)
    # A second one builds on the newest version (the command picks it), never on the superseded one.
    call_command(
        "renstra_perubahan",
        "--opd",
        "dinas-uji",
        "--mulai",
        "2024",
        "--tanggal",
        "2023-03-01",
        "--alasan",
        "lagi",
        stdout=out,
    )
    assert Renstra.objects.filter(opd=opd).order_by("-versi").first().versi == 2
