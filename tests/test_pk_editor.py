"""PK editor: drafted from the Renstra, edited as a draft, set, amended; rencana aksi grid."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from kinerja.models import ItemPK, PerjanjianKinerja, RencanaAksi
from kinerja.pengukuran import ukur_opd
from pertukaran.muat import impor_data_opd
from renstra.models import TargetIndikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    d = dokumen()
    d["perjanjian_kinerja"] = []  # start without a PK
    assert impor_data_opd(d).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(opd=opd)


def isian(client, url, id_form, **ubah):
    """The page's form as the browser posts it back, with some cells typed over."""
    data = isi_formulir(client.get(url).text, id_form)
    data.update(ubah)
    return data


def test_full_pk_cycle(client, opd, operator):
    pimpinan = PenggunaFactory(pimpinan=True, opd=opd)
    client.force_login(operator)
    editor = reverse("pk_editor", args=["dinas-uji", 2024])
    aksi = reverse("pk_aksi", args=["dinas-uji", 2024])
    assert "Buat PK dari Renstra" in client.get(editor).text
    client.post(aksi, {"aksi": "buat", "tanggal": "2024-01-05"})
    perjanjian = PerjanjianKinerja.objects.get()
    assert (perjanjian.status, perjanjian.versi, perjanjian.pejabat.nip) == ("draft", 0, "197809271998021001")
    assert {(i.indikator.kode, i.target) for i in perjanjian.item_set.all()} == {("IKU1", D(99)), ("IKU2", D(100))}
    # Edit as a draft; a wrong number changes nothing.
    iku1 = ItemPK.objects.get(indikator__kode="IKU1")
    t = f"t-{iku1.id}-target"
    response = client.post(editor, isian(client, editor, "pk-target", **{t: "98.5"}))
    assert "tidak dapat dibaca" in response.text and "tidak ada yang disimpan" in response.text
    assert ItemPK.objects.get(pk=iku1.pk).target == D(99)
    client.post(editor, isian(client, editor, "pk-target", **{t: "98,5"}))
    assert ItemPK.objects.get(pk=iku1.pk).target == D("98.5")
    assert TargetIndikator.objects.get(indikator__kode="IKU1", tahun=2024).nilai == D(99)  # Renstra untouched
    dimuat = isian(client, editor, "pk-target", **{t: "90"})  # a page loaded before the PK is set
    client.force_login(pimpinan)  # only the pimpinan sets the PK
    client.post(aksi, {"aksi": "tetapkan", "versi": 0})
    perjanjian.refresh_from_db()
    assert perjanjian.status == "ditetapkan"
    # A set PK no longer changes in place.
    client.force_login(operator)
    response = client.post(editor, dimuat, follow=True)
    assert "sudah ditetapkan" in response.text
    assert ItemPK.objects.get(pk=iku1.pk).target == D("98.5")
    # A perubahan is a new draft version with its date and reason; before it is set the awal applies.
    response = client.post(aksi, {"aksi": "perubahan", "versi": 0, "tanggal": "2024-08-01", "alasan": ""}, follow=True)
    assert "Alasan perubahan PK wajib diisi" in response.text
    client.post(aksi, {"aksi": "perubahan", "versi": 0, "tanggal": "2024-08-01", "alasan": "Refocusing"})
    baru = PerjanjianKinerja.objects.get(versi=1)
    assert baru.status == "draft"
    item_baru = baru.item_set.get(indikator__kode="IKU1")
    url_baru = editor + "?versi=1"
    client.post(url_baru, isian(client, url_baru, "pk-target", **{f"t-{item_baru.id}-target": "95"}))
    assert ItemPK.objects.get(pk=item_baru.pk).target == D(95)
    assert ukur_opd(opd, 2024, "TW4").perjanjian.versi == 0  # draft perubahan not in force yet
    client.force_login(pimpinan)
    client.post(aksi, {"aksi": "tetapkan", "versi": 1})
    assert ukur_opd(opd, 2024, "TW4").perjanjian.versi == 1
    assert ukur_opd(opd, 2024, "TW2").perjanjian.versi == 0  # earlier periods keep the awal
    assert ItemPK.objects.get(pk=iku1.pk).target == D("98.5")  # the earlier version is still readable
    html = client.get(editor + "?versi=0").text
    assert "98,50" in html and "PK Perubahan 1" in html


def test_rencana_aksi_grid(client, opd, operator):
    client.force_login(operator)
    client.post(reverse("pk_aksi", args=["dinas-uji", 2024]), {"aksi": "buat", "tanggal": "2024-01-05"})
    iku1 = ItemPK.objects.get(indikator__kode="IKU1")
    url = reverse("rencana_aksi", args=["dinas-uji", 2024])
    ubah = {f"ra-{iku1.id}-1-target": "25", f"ra-{iku1.id}-1-aksi": "Jemput bola", f"ra-{iku1.id}-3-target": "75"}
    client.post(url, isian(client, url, "rencana-aksi", **ubah))
    assert {(r.triwulan, r.target, r.rencana_aksi) for r in RencanaAksi.objects.all()} == {
        (1, D(25), "Jemput bola"),
        (3, D(75), ""),
    }
    assert RencanaAksi.history.count() == 2
    response = client.post(url, isian(client, url, "rencana-aksi", **{f"ra-{iku1.id}-2-target": "79.143"}))
    assert "ambigu" in response.text and RencanaAksi.objects.count() == 2
    html = client.get(url).text
    assert 'value="Jemput bola"' in html and 'value="25"' in html


def test_pk_pages_are_scoped(client, opd):
    asing = PenggunaFactory(opd=OPDFactory(kode="dinas-asing"))
    client.force_login(asing)
    assert client.get(reverse("pk_editor", args=["dinas-uji", 2024])).status_code == 404
    assert client.get(reverse("rencana_aksi", args=["dinas-uji", 2024])).status_code == 404
    assert client.post(reverse("pk_aksi", args=["dinas-uji", 2024]), {"aksi": "buat"}).status_code == 404
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    client.force_login(reviewer)
    assert "Buat PK dari Renstra" not in client.get(reverse("pk_editor", args=["dinas-uji", 2024])).text
    assert client.post(reverse("pk_aksi", args=["dinas-uji", 2024]), {"aksi": "buat"}).status_code == 404
    assert not PerjanjianKinerja.objects.exists()
