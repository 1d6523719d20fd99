"""Narrative editing: the text carries the fingerprint of what was loaded; an unchanged text writes
nothing, a text someone else saved since loading is a conflict with both texts, nothing saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from laporan.bab import cari_narasi, susun_laporan
from laporan.forms import sidik_teks
from laporan.models import Narasi
from laporan.narasi import simpan_narasi
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db
URL = "/opd/dinas-uji/laporan/2024/tahunan/narasi/latar_belakang/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


@pytest.fixture
def operator_dua(opd):
    return PenggunaFactory(username="operator.dua", opd=opd)


def muat(client):
    response = client.get(URL)
    assert response.status_code == 200
    return isi_formulir(response.text, "form-narasi")


def simpan(client, teks):
    data = muat(client)
    data["isi"] = teks
    assert client.post(URL, data).status_code == 302


def tersimpan():
    n = Narasi.objects.filter(bagian="latar_belakang").first()
    return n.isi if n else None


def png():
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f4e79").save(buf, "PNG")
    return SimpleUploadedFile("struktur.png", buf.getvalue(), content_type="image/png")


def test_a_draft_saved_unchanged_writes_nothing(client, operator):
    client.force_login(operator)
    data = muat(client)
    assert data["isi"].strip() and data["sidik_awal"] == sidik_teks(data["isi"])
    sebelum = potret()
    # A browser posts the textarea's line breaks as CRLF: still the same text.
    response = client.post(URL, {**data, "isi": data["isi"].replace("\n", "\r\n")}, follow=True)
    assert "Tidak ada yang berubah" in response.text
    assert not beda(sebelum, potret())


def test_a_stored_text_saved_unchanged_writes_nothing(client, operator):
    client.force_login(operator)
    simpan(client, "Paragraf pertama.\r\n\r\nParagraf kedua.")
    assert tersimpan() == "Paragraf pertama.\n\nParagraf kedua."
    data = muat(client)
    sebelum = potret()
    client.post(URL, data)
    assert not beda(sebelum, potret())


def test_a_stale_page_saved_unchanged_keeps_the_other_persons_text(client, operator, operator_dua):
    client.force_login(operator)
    dimuat_draf = muat(client)  # the draft from the numbers
    client.force_login(operator_dua)
    simpan(client, "Teks dari operator dua.")
    client.force_login(operator)
    client.post(URL, dimuat_draf)
    assert tersimpan() == "Teks dari operator dua."
    dimuat = muat(client)
    client.force_login(operator_dua)
    simpan(client, "Teks kedua dari operator dua.")
    client.force_login(operator)
    client.post(URL, dimuat)
    assert tersimpan() == "Teks kedua dari operator dua."


def test_a_real_conflict_shows_both_texts_and_saves_nothing(client, operator, operator_dua):
    client.force_login(operator)
    simpan(client, "Teks awal.")
    dimuat = muat(client)
    client.force_login(operator_dua)
    simpan(client, "Teks operator dua.")
    client.force_login(operator)
    sebelum = potret()
    response = client.post(URL, {**dimuat, "isi": "Teks operator satu."})
    assert response.status_code == 200 and "diubah orang lain sejak halaman dimuat" in response.text
    konflik = response.text[response.text.index("konflik-narasi") :]
    assert "Teks operator dua." in konflik and "Teks operator satu." in konflik and "operator.dua" in konflik
    assert not beda(sebelum, potret())
    # The form keeps the typed text and starts from the stored one: saving again overwrites.
    data = isi_formulir(response.text, "form-narasi")
    assert (data["isi"].strip(), data["sidik_awal"]) == ("Teks operator satu.", sidik_teks("Teks operator dua."))
    client.post(URL, data)
    assert tersimpan() == "Teks operator satu."


def test_a_text_typed_over_a_draft_conflicts_with_a_text_saved_meanwhile(client, operator, operator_dua):
    client.force_login(operator)
    dimuat = muat(client)
    client.force_login(operator_dua)
    simpan(client, "Teks operator dua.")
    client.force_login(operator)
    response = client.post(URL, {**dimuat, "isi": "Teks operator satu."})
    assert "diubah orang lain" in response.text and tersimpan() == "Teks operator dua."


def test_an_image_alone_keeps_the_draft(client, operator, opd):
    client.force_login(operator)
    data = muat(client)
    response = client.post(URL, {**data, "keterangan": "Bagan organisasi", "berkas": png()}, follow=True)
    assert "disimpan" in response.text
    n = Narasi.objects.get()
    assert n.isi == "" and n.gambar_set.get().keterangan == "Bagan organisasi"
    narasi = cari_narasi(susun_laporan(opd, 2024), "latar_belakang")
    assert narasi.draf and narasi.isi.strip() == data["isi"].strip()


def test_the_service_writes_a_changed_text_from_its_starting_fingerprint(opd, operator, operator_dua):
    simpan_narasi(operator, opd, 2024, "TAHUN", "latar_belakang", None, "Satu.", sidik_teks("draf"))
    assert tersimpan() == "Satu."
    hasil = simpan_narasi(operator_dua, opd, 2024, "TAHUN", "latar_belakang", None, "Dua.", sidik_teks("draf"))
    assert hasil.konflik is not None and tersimpan() == "Satu."
    hasil = simpan_narasi(operator_dua, opd, 2024, "TAHUN", "latar_belakang", None, "Dua.", sidik_teks("Satu."))
    assert hasil.disimpan and tersimpan() == "Dua."
    assert Narasi.history.latest().history_user == operator_dua
