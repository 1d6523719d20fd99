"""The realisation grid and the approval path, through the browser's requests."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from kinerja.models import Bukti, ItemPK, JendelaEntri, Realisasi, RiwayatStatus, StatusPeriode
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.formatting import format_isian
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import IndikatorFactory, OPDFactory, PenggunaFactory, tambah_item_pk
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db
URL = "realisasi_grid"


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


def url(periode="TW3", kode="dinas-uji"):
    return reverse(URL, args=[kode, 2024, periode])


def ind(kode):
    return Indikator.objects.get(kode=kode)


def isian(periode="TW3", **nilai):
    """POST data for the grid as a page loaded now would send it: {kode: (nilai, pembilang,
    penyebut)} typed into the rows, each input with its starting value (the value stored now)."""
    data = {}
    for kode, (n, p, q) in nilai.items():
        i = ind(kode)
        r = Realisasi.objects.filter(indikator=i, tahun=2024, periode=periode).first()
        awal = {
            "nilai": format_isian(r.nilai, r.nilai_teks) if r else "",
            "pembilang": format_isian(r.pembilang) if r else "",
            "penyebut": format_isian(r.penyebut) if r else "",
            "keterangan": r.keterangan_data if r else "",
        }
        for medan, ketik in (("nilai", n), ("pembilang", p), ("penyebut", q), ("keterangan", awal["keterangan"])):
            data[f"r-{i.id}-{medan}"] = ketik
            data[f"initial-r-{i.id}-{medan}"] = awal[medan]
    return data


def test_grid_shows_every_indicator_with_target_and_capaian(client, operator):
    client.force_login(operator)
    response = client.get(url("TAHUN"))
    html = response.text
    assert response.status_code == 200
    assert "Persentase penduduk ber-KTP-el" in html and "Persentase kepemilikan akta kelahiran" in html
    assert "99,30 %" in html  # capaian of the stored annual value
    assert 'placeholder="penduduk ber-KTP-el"' in html  # numerator input labelled
    assert "Ajukan ke pimpinan" in html


def test_grid_page_queries_do_not_grow_with_indicators(client, operator, opd, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(40) as ctx:
        client.get(url())
    n = len(ctx.captured_queries)
    perjanjian = ItemPK.objects.first().perjanjian
    sasaran = ItemPK.objects.first().sasaran
    for i in range(15):
        x = IndikatorFactory(sasaran=sasaran, nama=f"Tambahan {i}", kode=f"X{i}")
        tambah_item_pk(perjanjian, sasaran=sasaran, indikator=x, target=D(10), urutan=10 + i)
    with django_assert_max_num_queries(n):
        response = client.get(url())
    assert "Tambahan 14" in response.text


def test_saving_values_and_ratio(client, operator):
    client.force_login(operator)
    data = isian(IKU1=("", "220323", "221000"), IKU2=("98,5", "", ""))
    response = client.post(url(), data, follow=True)
    assert "Tersimpan: 2 realisasi diperbarui" in response.text
    r1 = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TW3")
    assert (r1.pembilang, r1.penyebut, r1.nilai) == (D(220323), D(221000), D("99.693665"))
    assert r1.diisi_oleh == operator and r1.revisi == 1
    assert r1.history.latest().history_user == operator
    assert Realisasi.objects.get(indikator__kode="IKU2", periode="TW3").nilai == D("98.5")


def test_save_queries_do_not_grow_with_rows(client, operator, opd, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(60) as ctx:
        client.post(url(), isian(IKU1=("90", "", ""), IKU2=("91", "", "")))
    n = len(ctx.captured_queries)
    perjanjian = ItemPK.objects.first().perjanjian
    sasaran = ItemPK.objects.first().sasaran
    data = isian(IKU1=("92", "", ""), IKU2=("93", "", ""))
    for i in range(15):
        x = IndikatorFactory(sasaran=sasaran, nama=f"Tambahan {i}", kode=f"X{i}")
        tambah_item_pk(perjanjian, sasaran=sasaran, indikator=x, target=D(10), urutan=10 + i)
        data.update({f"r-{x.id}-nilai": str(i), f"initial-r-{x.id}-nilai": ""})
    with django_assert_max_num_queries(n):
        response = client.post(url(), data)
    assert response.status_code == 302
    assert "Tersimpan: 17 realisasi diperbarui" in client.get(url()).text


@pytest.mark.parametrize("teks, pesan", [("79.143", "ambigu"), ("sembilan", "bukan angka"), ("-5", "negatif")])
def test_bad_input_is_refused_and_nothing_saved(client, operator, teks, pesan):
    client.force_login(operator)
    response = client.post(url(), isian(IKU1=("90", "", ""), IKU2=(teks, "", "")))
    assert "tidak ada yang disimpan" in response.text
    assert pesan in response.text
    assert not Realisasi.objects.filter(periode="TW3").exists()


def test_a_value_changed_by_someone_else_is_never_overwritten(client, operator, opd):
    dimuat = isian(IKU2=("90", "", ""))  # the operator's page, loaded while IKU2 was empty
    lain = PenggunaFactory(username="operator.dua", opd=opd)
    client.force_login(lain)
    client.post(url(), isian(IKU2=("91", "", "")))  # saved first
    client.force_login(operator)
    response = client.post(url(), dimuat)
    assert "diubah orang lain" in response.text
    assert "Draf" in response.text and "· PK · status" in response.text  # the page header, as on load
    assert "tersimpan <strong>91</strong>" in response.text and "isian Anda <strong>90</strong>" in response.text
    assert Realisasi.objects.get(indikator__kode="IKU2", periode="TW3").nilai == D(91)
    # The re-rendered form keeps the typed 90 and starts from the stored 91: saving again applies it.
    data = isi_formulir(response.text, "grid-realisasi")
    i = ind("IKU2").id
    assert (data[f"r-{i}-nilai"], data[f"initial-r-{i}-nilai"]) == ("90", "91")
    response = client.post(url(), data, follow=True)
    assert "Tersimpan: 1" in response.text
    assert Realisasi.objects.get(indikator__kode="IKU2", periode="TW3").nilai == D(90)


def test_live_capaian_cell(client, operator):
    client.force_login(operator)
    i = ind("IKU1")
    response = client.post(
        reverse("realisasi_hitung", args=["dinas-uji", 2024, "TW3", i.id]),
        {"target": "100", f"r-{i.id}-nilai": "70,30"},
    )
    assert "70,30 %" in response.text and "Sedang" in response.text
    response = client.post(
        reverse("realisasi_hitung", args=["dinas-uji", 2024, "TW3", i.id]),
        {"target": "100", f"r-{i.id}-nilai": "79.143"},
    )
    assert "ambigu" in response.text


def unggah_bukti(client, nama, isi):
    """Save IKU2's realisation from the grid with an evidence file; the stored Bukti."""
    data = isian(IKU2=("91", "", ""))
    berkas = io.BytesIO(isi)
    berkas.name = nama
    data[f"r-{ind('IKU2').id}-bukti"] = berkas
    client.post(url(), data)
    return Bukti.objects.get()


def test_evidence_file_per_row(client, operator):
    client.force_login(operator)
    bukti = unggah_bukti(client, "laporan-akta.pdf", b"%PDF-1.4 bukti")
    assert bukti.realisasi.indikator.kode == "IKU2" and bukti.diunggah_oleh == operator
    # The row links the file through the access-checked view; the stored path cannot be guessed.
    tautan = reverse("bukti", args=["dinas-uji", bukti.pk])
    assert f'href="{tautan}"' in client.get(url()).text and "laporan-akta.pdf" in client.get(url()).text
    assert bukti.berkas.name.endswith("/laporan-akta.pdf") and bukti.berkas.name.count("/") == 5
    response = client.get(tautan)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 bukti"
    assert response["Content-Disposition"].startswith("attachment")  # never shown inside the application


def test_evidence_is_only_for_who_may_read_the_office(client, operator, opd):
    client.force_login(operator)
    bukti = unggah_bukti(client, "rekap.csv", b"data,1")
    tautan = reverse("bukti", args=["dinas-uji", bukti.pk])
    response = client.get(tautan)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    # Same Pemda reviewer: yes. Another office's operator, a reviewer of another Pemda, a guessed
    # office code in the URL: 404. Anonymous: to the login page.
    client.force_login(PenggunaFactory(reviewer=True, pemda=opd.pemda))
    assert client.get(tautan).status_code == 200
    lain = OPDFactory(pemda=opd.pemda, kode="dinas-lain")
    client.force_login(PenggunaFactory(opd=lain))
    assert client.get(tautan).status_code == 404
    assert client.get(reverse("bukti", args=["dinas-lain", bukti.pk])).status_code == 404
    client.force_login(PenggunaFactory(reviewer=True, pemda=OPDFactory(kode="dinas-jauh").pemda))
    assert client.get(tautan).status_code == 404
    client.logout()
    assert client.get(tautan).status_code == 302


def test_approval_path_locks_and_reopens_with_history(client, operator, opd):
    pimpinan = PenggunaFactory(pimpinan=True, opd=opd)
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    status_url = reverse("realisasi_status", args=["dinas-uji", 2024, "TW3"])
    client.force_login(operator)
    client.post(url(), isian(IKU2=("91", "", "")))
    # One of the two indicators is still empty: submitting asks for an explicit confirmation.
    response = client.post(status_url, {"aksi": "ajukan"}, follow=True)
    assert "1 dari 2 indikator Triwulan III 2024 belum diisi" in response.text
    assert not StatusPeriode.objects.exists()
    client.post(status_url, {"aksi": "ajukan", "yakin": "1"})
    assert StatusPeriode.objects.get().status == "diajukan"
    response = client.post(url(), isian(IKU2=("95", "", "")), follow=True)
    assert "terkunci: data" in response.text
    assert Realisasi.objects.get(indikator__kode="IKU2", periode="TW3").nilai == D(91)
    # The operator cannot approve its own data.
    client.post(status_url, {"aksi": "setujui"})
    assert StatusPeriode.objects.get().status == "diajukan"
    client.force_login(pimpinan)
    response = client.post(status_url, {"aksi": "kembalikan"}, follow=True)
    assert "memerlukan catatan" in response.text
    client.post(status_url, {"aksi": "setujui"})
    client.force_login(reviewer)
    client.post(status_url, {"aksi": "verifikasi", "catatan": "Temuan dibahas bersama OPD"})
    assert StatusPeriode.objects.get().status == "diverifikasi"
    client.force_login(operator)
    assert "Simpan" not in client.get(url()).text.split("Alur persetujuan")[0]
    client.force_login(reviewer)
    client.post(status_url, {"aksi": "buka", "catatan": "Salah ketik realisasi akta"})
    assert StatusPeriode.objects.get().status == "draft"
    riwayat = list(RiwayatStatus.objects.values_list("dari", "ke", "oleh__username", "catatan"))
    assert [(d, k) for d, k, _, _ in riwayat] == [
        ("draft", "diajukan"),
        ("diajukan", "disetujui"),
        ("disetujui", "diverifikasi"),
        ("diverifikasi", "draft"),
    ]
    assert riwayat[0][3] == "Diajukan dengan 1 dari 2 indikator belum diisi."
    assert riwayat[2][3] == "Diverifikasi dengan 4 temuan reviu terbuka. Alasan: Temuan dibahas bersama OPD"
    assert riwayat[-1][3] == "Salah ketik realisasi akta"
    assert "Salah ketik realisasi akta" in client.get(url()).text


def test_entry_window(client, operator, opd):
    client.force_login(operator)
    JendelaEntri.objects.create(
        pemda=opd.pemda,
        tahun=2024,
        periode="TW3",
        mulai=datetime.date(2024, 10, 1),
        selesai=datetime.date(2024, 10, 15),
    )
    response = client.post(url(), isian(IKU2=("91", "", "")), follow=True)
    assert "Jendela pengisian periode ini 01-10-2024 s.d. 15-10-2024" in response.text
    assert not Realisasi.objects.filter(periode="TW3").exists()
    # The page says so before anything is typed: outside its window the grid is read-only.
    html = client.get(url()).text
    assert "Jendela pengisian periode ini 01-10-2024 s.d. 15-10-2024" in html and ">Simpan<" not in html


def test_other_office_cannot_read_or_write_by_url_id_or_field(client, opd):
    asing = PenggunaFactory(opd=OPDFactory(kode="dinas-asing"))
    client.force_login(asing)
    assert client.get(url()).status_code == 404
    assert client.post(url(), isian(IKU2=("1", "", ""))).status_code == 404
    i = ind("IKU2")
    assert client.post(reverse("realisasi_hitung", args=["dinas-uji", 2024, "TW3", i.id]), {}).status_code == 404
    assert (
        client.post(reverse("realisasi_status", args=["dinas-uji", 2024, "TW3"]), {"aksi": "ajukan"}).status_code == 404
    )
    # Its own office's grid with another office's indicator id in a field name: ignored.
    operator_a = PenggunaFactory(opd=opd)
    client.force_login(operator_a)
    lain = IndikatorFactory(sasaran__renstra__opd=OPDFactory(kode="dinas-b"))
    client.post(url(), {f"r-{lain.id}-nilai": "50", f"initial-r-{lain.id}-nilai": ""})
    assert not Realisasi.objects.filter(indikator=lain).exists()
    assert client.post(reverse("realisasi_hitung", args=["dinas-uji", 2024, "TW3", lain.id]), {}).status_code == 404


def test_a_save_made_only_to_attach_evidence_changes_no_value(client, operator):
    client.force_login(operator)
    client.post(url(), isian(IKU1=("", "220323", "221000"), IKU2=("98,5", "", "")))
    sebelum = {r.pk: (r.nilai, r.pembilang, r.penyebut, r.revisi, r.diperbarui) for r in Realisasi.objects.all()}
    data = isi_formulir(client.get(url()).text, "grid-realisasi")
    berkas = io.BytesIO(b"%PDF-1.4 bukti")
    berkas.name = "sk.pdf"
    data[f"r-{ind('IKU1').id}-bukti"] = berkas
    response = client.post(url(), data, follow=True)
    assert "Tersimpan: 0 realisasi diperbarui, 1 berkas bukti" in response.text
    sesudah = {r.pk: (r.nilai, r.pembilang, r.penyebut, r.revisi, r.diperbarui) for r in Realisasi.objects.all()}
    assert sesudah == sebelum
    assert Bukti.objects.get().realisasi.indikator.kode == "IKU1"
