"""Report pages: figures in the HTML, constant query count, access (404 outside one's office),
narrative editing with images and history, the signing date, and the PDF job with its hash."""

import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from anggaran.models import ItemAnggaran
from kinerja.models import PerjanjianKinerja, Realisasi
from laporan.bab import susun_laporan
from laporan.cetak import ambil_tugas, html_cetak, jalankan_tugas, sidik
from laporan.models import BerkasPDF, GambarNarasi, Laporan, Narasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator, Pembanding, Sasaran, TargetIndikator
from sakip.formatting import format_angka, format_rupiah
from sakip.models import OPD, Jabatan
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory, tambah_item_pk
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db

URL = "/opd/dinas-uji/laporan/2024/tahunan/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(opd=opd)


@pytest.fixture
def operator_lain(opd):
    return PenggunaFactory(username="operator.lain", opd=OPDFactory(pemda=opd.pemda, kode="dinas-lain"))


@pytest.fixture
def reviewer(opd):
    return PenggunaFactory(username="reviewer.uji", reviewer=True, pemda=opd.pemda)


def png():
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f4e79").save(buf, "PNG")
    return SimpleUploadedFile("struktur.png", buf.getvalue(), content_type="image/png")


def test_report_page_shows_every_figure_formatted(client, operator, opd):
    client.force_login(operator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.text
    data = susun_laporan(opd, 2024)
    for s in data.sasaran:
        assert format_angka(s.capaian) in html
        for i in s.indikator:
            assert i.nama in html
            assert format_angka(i.capaian) in html and format_angka(i.realisasi) in html
    assert "99,30" in html and "99,03" in html and "99,17" in html
    # On the page as in print, "Rp" and its amount are joined by a no-break space (satuan_utuh).
    assert format_rupiah(data.bab[2].keuangan.pagu) == "Rp 557.286.032" and "Rp\u00a0557.286.032" in html
    assert "557.286.032" in html and "99,09" in html  # total pagu and serapan
    assert "-0,07" in html  # efficiency 99,30 − 99,37
    assert 'hx-post="/opd/dinas-uji/laporan/2024/tahunan/pdf/"' in html
    assert "Ubah narasi" in html and "Draf dari angka laporan" in html
    # The charts, and the "DRAF" mark (an image) a browser prints (the data is not approved).
    assert html.count('<div class="tanda-draf"') == 1
    assert html.count("<svg") == len(data.daftar_gambar)


def test_index_lists_the_years_with_a_pk(client, operator, opd):
    client.force_login(operator)
    html = client.get(reverse("laporan_indeks", args=["dinas-uji"])).text
    assert URL in html and "/opd/dinas-uji/laporan/2024/tw3/" in html
    assert reverse("laporan_indeks", args=["dinas-uji"]) in client.get("/opd/dinas-uji/").text


def test_a_year_without_pk_is_404_with_the_reason(client, operator, opd):
    client.force_login(operator)
    response = client.get("/opd/dinas-uji/laporan/2019/tahunan/")
    assert response.status_code == 404
    assert client.get("/opd/dinas-uji/laporan/2024/s1/").status_code == 404


def tambah_indikator(opd, n):
    """n more IKU with targets, two years of realisasi, a benchmark, a PK item and a budget link."""
    sasaran = Sasaran.objects.get(renstra__opd=opd, kode="S1")
    perjanjian = PerjanjianKinerja.objects.get(opd=opd, tahun=2024)
    program = ItemAnggaran.objects.get(opd=opd, tahun=2024, kode="2.12.02")
    kepala = Jabatan.objects.get(opd=opd, nama="Kepala Dinas")
    for x in range(n):
        ind = Indikator.objects.create(
            sasaran=sasaran, kode=f"X{x}", nama=f"Indikator tambahan {x}", satuan="%", iku=True, penanggung_jawab=kepala
        )
        TargetIndikator.objects.create(indikator=ind, tahun=2024, nilai=Decimal(90))
        Realisasi.objects.create(indikator=ind, tahun=2023, periode="TAHUN", nilai=Decimal(80))
        Realisasi.objects.create(indikator=ind, tahun=2024, periode="TAHUN", nilai=Decimal(85))
        Pembanding.objects.create(indikator=ind, tahun=2024, jenis="nasional", nilai=Decimal(88))
        tambah_item_pk(perjanjian, sasaran=sasaran, indikator=ind, target=Decimal(90), urutan=10 + x)
        program.indikator_didukung.add(ind)


def test_report_page_query_count_does_not_grow_with_indicators(client, operator, opd, django_assert_max_num_queries):
    client.force_login(operator)
    # A fixed number per section: the office-profile sections, the IKM survey, the spending types and
    # the document services (#21) each read their rows once.
    with django_assert_max_num_queries(62) as awal:
        client.get(URL)
    tambah_indikator(opd, 4)
    with django_assert_max_num_queries(len(awal.captured_queries)):
        response = client.get(URL)
    assert "Indikator tambahan 3" in response.text


def test_report_body_is_rendered_once_per_data_version(client, operator, reviewer, opd, monkeypatch):
    """The page's report body is kept per data fingerprint (issue #22): a second view renders no
    _dokumen.html; a data change (a narrative saved, a realisation changed) shows at once; a reader
    who may not edit never gets the body with the editor's links."""
    from laporan import views

    dirender = []
    asli = views.render_to_string

    def hitung(nama, *args, **kwargs):
        dirender.append(nama)
        return asli(nama, *args, **kwargs)

    monkeypatch.setattr(views, "render_to_string", hitung)
    client.force_login(operator)
    pertama = client.get(URL).text
    kedua = client.get(URL).text
    assert dirender == ["laporan/_dokumen.html"] and "Ubah narasi" in kedua
    # The same body, byte for byte (only the page's masked CSRF token differs between responses).
    assert pertama.split('<div class="kertas">')[1] == kedua.split('<div class="kertas">')[1]

    lap = Laporan.objects.get_or_create(opd=opd, tahun=2024, periode="TAHUN")[0]
    Narasi.objects.create(laporan=lap, bagian="latar_belakang", isi="Teks latar belakang yang baru.")
    assert "Teks latar belakang yang baru." in client.get(URL).text and len(dirender) == 2
    r = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TAHUN")
    r.nilai = Decimal("97.25")
    r.save()
    assert "97,25" in client.get(URL).text and len(dirender) == 3

    client.force_login(reviewer)
    html = client.get(URL).text
    assert "Teks latar belakang yang baru." in html and "Ubah narasi" not in html and len(dirender) == 4


# --------------------------------------------------------------------------- access


def test_another_office_gets_404_everywhere(client, operator, operator_lain, opd):
    client.force_login(operator)
    client.post(URL + "narasi/latar_belakang/", {"isi": "Teks.", "keterangan": "Bagan", "berkas": png()})
    gambar = GambarNarasi.objects.get()
    client.post(URL + "pdf/")
    tugas = BerkasPDF.objects.get()
    jalankan_tugas(ambil_tugas())
    client.force_login(operator_lain)
    ind = Indikator.objects.get(kode="IKU1")
    for url in (
        URL,
        "/opd/dinas-uji/laporan/",
        URL + "narasi/latar_belakang/",
        URL + f"narasi/penyebab/{ind.pk}/",
        f"/opd/dinas-uji/laporan/pdf/{tugas.pk}/",
        f"/opd/dinas-uji/laporan/pdf/{tugas.pk}/unduh/",
        f"/opd/dinas-uji/laporan/gambar/{gambar.pk}/",
        # guessing ids under one's own office does not help either
        f"/opd/dinas-lain/laporan/pdf/{tugas.pk}/",
        f"/opd/dinas-lain/laporan/pdf/{tugas.pk}/unduh/",
        f"/opd/dinas-lain/laporan/gambar/{gambar.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        URL + "pdf/",
        URL + "tanggal/",
        URL + "narasi/latar_belakang/",
        f"/opd/dinas-uji/laporan/gambar/{gambar.pk}/hapus/",
    ):
        assert client.post(url, {"isi": "x", "tanggal": "2025-01-05"}).status_code == 404, url
    assert BerkasPDF.objects.count() == 1 and Narasi.objects.get().isi == "Teks." and GambarNarasi.objects.exists()


def test_reviewer_reads_and_asks_for_a_pdf_but_does_not_edit(client, reviewer, opd):
    client.force_login(reviewer)
    response = client.get(URL)
    assert response.status_code == 200 and "Ubah narasi" not in response.text
    assert client.get(URL + "narasi/latar_belakang/").status_code == 404
    assert client.post(URL + "pdf/").status_code == 302 and BerkasPDF.objects.count() == 1


# --------------------------------------------------------------------------- narratives


def test_narrative_is_prefilled_with_a_draft_saved_with_history_and_images(client, operator, opd):
    client.force_login(operator)
    ind = Indikator.objects.get(kode="IKU1")
    url = URL + f"narasi/penyebab/{ind.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Realisasi Persentase penduduk ber-KTP-el tahun 2024 sebesar 99,30 %" in response.text
    assert "Belum pernah disimpan" in response.text

    data = isi_formulir(response.text, "form-narasi")  # the page as loaded, with its starting text
    data.update({"isi": "Jemput bola ke sekolah dan desa.", "keterangan": "Layanan keliling", "berkas": png()})
    r = client.post(url, data)
    assert r.status_code == 302
    data = isi_formulir(client.get(url).text, "form-narasi")
    r = client.post(url, {**data, "isi": "Jemput bola ke sekolah, desa dan rumah sakit.", "keterangan": ""})
    narasi = Narasi.objects.get(bagian="penyebab", indikator=ind)
    assert narasi.isi == "Jemput bola ke sekolah, desa dan rumah sakit." and narasi.diubah_oleh == operator
    assert [h.isi for h in narasi.history.order_by("history_date")] == [
        "Jemput bola ke sekolah dan desa.",
        "Jemput bola ke sekolah, desa dan rumah sakit.",
    ]
    assert narasi.history.first().history_user == operator
    assert (operator.get_full_name() or operator.username) in client.get(url).text

    gambar = GambarNarasi.objects.get()
    html = client.get(URL).text
    assert "Jemput bola ke sekolah, desa dan rumah sakit." in html
    assert f"/opd/dinas-uji/laporan/gambar/{gambar.pk}/" in html and "Layanan keliling" in html
    assert client.get(f"/opd/dinas-uji/laporan/gambar/{gambar.pk}/").status_code == 200
    cetak = html_cetak(susun_laporan(opd, 2024))
    assert gambar.berkas.path.split("/")[-1] in cetak and 'src="file://' in cetak

    client.post(f"/opd/dinas-uji/laporan/gambar/{gambar.pk}/hapus/")
    assert not GambarNarasi.objects.exists()


def test_narrative_rules(client, operator, opd):
    client.force_login(operator)
    assert client.get(URL + "narasi/tidak-ada/").status_code == 404
    assert client.get(URL + "narasi/penyebab/").status_code == 404  # causes belong to an indicator
    lain = Indikator.objects.create(
        sasaran=Sasaran.objects.get(kode="S1.P1"), kode="P9", nama="Bukan indikator laporan", satuan="%"
    )
    assert client.get(URL + f"narasi/penyebab/{lain.pk}/").status_code == 404
    r = client.post(URL + "narasi/isu_strategis/", {"isi": "Teks", "berkas": png(), "keterangan": ""})
    assert r.status_code == 200 and "Tulis keterangan gambar" in r.text and not Narasi.objects.exists()


def test_signing_date_changes_the_signature(client, operator, opd):
    client.force_login(operator)
    client.post(URL + "tanggal/", {"tanggal": "2025-01-20"})
    assert Laporan.objects.get().tanggal.isoformat() == "2025-01-20"
    assert "20 Januari 2025" in client.get(URL).text


# --------------------------------------------------------------------------- PDF


def test_pdf_job_worker_hash_and_out_of_date(client, operator, opd):
    client.force_login(operator)
    r = client.post(URL + "pdf/", HTTP_HX_REQUEST="true")
    tugas = BerkasPDF.objects.get()
    assert tugas.status == "antre" and 'hx-trigger="every 2s"' in r.text
    client.post(URL + "pdf/")
    assert BerkasPDF.objects.count() == 1  # one job at a time per report

    call_command("pekerja_laporan", "--sekali", stdout=io.StringIO())
    tugas.refresh_from_db()
    assert (tugas.status, tugas.progres, tugas.pesan) == ("selesai", 100, "")
    isi = client.get(f"/opd/dinas-uji/laporan/pdf/{tugas.pk}/unduh/")
    pdf = b"".join(isi.streaming_content)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == tugas.sha256
    assert tugas.sidik_data == sidik(susun_laporan(opd, 2024))
    assert tugas.jumlah_halaman > 10
    status = client.get(f"/opd/dinas-uji/laporan/pdf/{tugas.pk}/").text
    assert "Sesuai data terkini" in status and "hx-trigger" not in status and tugas.sha256 in status

    r = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TAHUN")
    r.nilai = Decimal("99.50")
    r.save()
    assert "Kedaluwarsa" in client.get(URL).text
    assert "Kedaluwarsa" in client.get(f"/opd/dinas-uji/laporan/pdf/{tugas.pk}/").text


def test_a_failed_job_says_why_and_a_stuck_one_is_taken_up_again(opd, operator):
    laporan = Laporan.objects.create(opd=opd, tahun=2019, periode="TAHUN")
    tugas = BerkasPDF.objects.create(laporan=laporan, diminta_oleh=operator)
    tugas = jalankan_tugas(ambil_tugas())
    assert tugas.status == "gagal" and "Belum ada Perjanjian Kinerja" in tugas.pesan
    macet = BerkasPDF.objects.create(laporan=laporan, status="proses")
    assert ambil_tugas() is None
    BerkasPDF.objects.filter(pk=macet.pk).update(diperbarui="2000-01-01T00:00:00Z")
    assert ambil_tugas().pk == macet.pk
