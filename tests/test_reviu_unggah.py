"""The reviewer's document-review page (issue #18 item 5): upload one LKjIP or many, the review runs
as a background job, the findings are shown beside their page or table rows and marked.

Done when: the four reference reports uploaded in one go give, each, the findings of
`reviu_berkas` on that file. Also: refused files store nothing, the job's progress and takeover,
the page image, marks with conflicts, and access (another Pemda's reviewer, an operator, anyone
signed out reach nothing, change nothing).
"""

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reviu import tugas_dokumen
from reviu.dokumen import reviu_berkas
from reviu.halaman import cari_angka
from reviu.models import DokumenReviu, TemuanDokumenReviu, Unggahan
from sakip.models import Pejabat
from sakip.tugas import kerjakan_semua
from tests.factories import OPDFactory, PenggunaFactory

pytestmark = pytest.mark.django_db

REFERENSI = Path(settings.BASE_DIR).parent / "shared" / "reference" / "reports"
perlu_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils tidak terpasang")

# A two-page LKjIP as Word would print it (cells with padding): two findings, one per page.
HTML_LKJIP = """<html><head><style>td, th { padding: 2px 8px; border: 1px solid black }</style></head>
<body style="font-family: sans-serif; font-size: 10pt">
<p>LKjIP Dinas Kependudukan dan Pencatatan Sipil Kabupaten Alfa Tahun 2024</p>
<p>Tabel 3.1 Capaian Kinerja Tahun 2024</p>
<table style="border-collapse: collapse">
<tr><th>No</th><th>Indikator Kinerja</th><th>Target</th><th>Realisasi</th><th>Capaian (%)</th></tr>
<tr><td>1</td><td>Indeks Kepuasan Masyarakat</td><td>81,33</td><td>79,143</td><td>97,31</td></tr>
<tr><td>2</td><td>Persentase ketepatan waktu layanan sesuai SOP</td><td>98</td><td>70,30</td><td>71,42</td></tr>
<tr><td>3</td><td>Lama pengurusan KTP-el (hari)</td><td>2</td><td>3</td><td>66,67</td></tr>
</table>
<p style="page-break-before: always">Tabel 3.2 Realisasi Anggaran</p>
<table>
<tr><th>No</th><th>Program</th><th>Anggaran (Rp)</th><th>Realisasi (Rp)</th><th>Capaian (%)</th></tr>
<tr><td>1</td><td>Program Pendaftaran Penduduk</td><td>437.286.032</td><td>486.960.200</td><td>99,37</td></tr>
<tr><td>2</td><td>Program Pencatatan Sipil</td><td>264.327.000</td><td>259.265.224</td><td>98,08</td></tr>
<tr><td></td><td>Jumlah</td><td>701.613.032</td><td>746.225.424</td><td>106,36</td></tr>
</table></body></html>"""

TEKS_LKJIP = (
    "Tabel 3.1 Pengukuran Kinerja Tahun 2024\n\n"
    "No\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)\n"
    "1\tIndeks Kepuasan Masyarakat\tNilai\t81,33\t79,143\t97,31\n"
    "2\tPersentase ketepatan waktu layanan sesuai SOP\t%\t98\t70.30\t71,42\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def pdf_lkjip():
    weasyprint = pytest.importorskip("weasyprint")
    return weasyprint.HTML(string=HTML_LKJIP).write_pdf()


def unggah(client, *berkas, **data):
    return client.post(reverse("reviu_dokumen_daftar"), {"berkas": list(berkas), **data})


def berkas_tersimpan():
    folder = Path(settings.MEDIA_ROOT) / "reviu"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def pesan(response):
    return [str(m) for m in response.wsgi_request._messages]


def temuan_dict(dokumen):
    medan = [
        "jenis",
        "lokasi",
        "uraian",
        "tercetak",
        "seharusnya",
        "selisih",
        "halaman",
        "tabel",
        "baris",
        "kolom",
    ]
    hasil = []
    for t in dokumen.temuan_set.order_by("urutan"):
        d = {m: getattr(t, m) for m in medan} | {"baris_teks": t.baris_teks}
        d |= {"keyakinan": t.keyakinan, "alasan_keyakinan": t.alasan_keyakinan}
        d["selisih"] = d["selisih"] or None
        d["tabel"] = d["tabel"] or None
        d["kolom"] = d["kolom"] or None
        hasil.append(d)
    return hasil


# ----------------------------------------------------------------------------- upload and review


@pytest.mark.skipif(not REFERENSI.is_dir(), reason="laporan referensi tidak ada")
def test_the_four_reference_reports_in_one_upload_give_the_findings_of_reviu_berkas(client, reviewer_a):
    """The issue's "done when": one upload of the four reports, each reviewed as reviu_berkas does."""
    laporan = sorted(REFERENSI.glob("*.txt"))
    assert len(laporan) == 4
    client.force_login(reviewer_a)
    response = unggah(
        client, *[SimpleUploadedFile(p.name, p.read_bytes()) for p in laporan], keterangan="LKjIP seluruh OPD"
    )
    assert response.status_code == 302
    assert "4 dokumen diunggah" in " ".join(pesan(response))
    unggahan = Unggahan.objects.get()
    assert (unggahan.pemda, unggahan.diunggah_oleh, unggahan.keterangan) == (
        reviewer_a.pemda,
        reviewer_a,
        "LKjIP seluruh OPD",
    )
    assert DokumenReviu.objects.filter(status="antre").count() == 4
    kerjakan_semua()  # what the worker does, here and now
    jumlah = 0
    for path in laporan:
        dokumen = DokumenReviu.objects.get(nama_asli=path.name)
        assert (dokumen.status, dokumen.progres, dokumen.pesan) == ("selesai", 100, "")
        harapan = reviu_berkas(path)
        assert temuan_dict(dokumen) == [t.sebagai_dict() for t in harapan.temuan], path.name
        assert dokumen.ringkasan == {k: v for k, v in harapan.sebagai_dict().items() if k != "temuan"}
        assert dokumen.ukuran == path.stat().st_size and len(dokumen.sha256) == 64
        assert not dokumen.berkas.name.endswith(path.name)  # stored under a random name
        jumlah += len(harapan.temuan)
    assert jumlah == 62  # docs/reviu-dokumen.md: 14 + 5 + 36 + 7
    # The list shows every document with its count of findings.
    halaman = client.get(reverse("reviu_dokumen_daftar")).text
    for path in laporan:
        assert path.name in halaman


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils tidak terpasang")
def test_a_pdf_is_reviewed_in_the_background_and_shown_with_its_page(client, reviewer_a, pdf_lkjip, tmp_path):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("LKjIP 2024.pdf", pdf_lkjip))
    dokumen = DokumenReviu.objects.get()
    assert (dokumen.status, dokumen.format, dokumen.nama_asli) == ("antre", "pdf", "LKjIP 2024.pdf")
    # While queued, the row polls its status.
    baris = client.get(reverse("reviu_dokumen_status", args=[dokumen.pk]), HTTP_HX_REQUEST="true").text
    assert 'hx-trigger="every 2s"' in baris and "Menunggu giliran" in baris
    call_command("pekerja", "--sekali", stdout=io.StringIO())
    dokumen.refresh_from_db()
    assert (dokumen.status, dokumen.jumlah_halaman) == ("selesai", 2)
    (tmp_path / "LKjIP 2024.pdf").write_bytes(pdf_lkjip)
    harapan = reviu_berkas(tmp_path / "LKjIP 2024.pdf")
    assert temuan_dict(dokumen) == [t.sebagai_dict() for t in harapan.temuan]
    assert [(t.tercetak, t.seharusnya, t.halaman) for t in dokumen.temuan_set.all()] == [
        ("71,42", "71,73", 1),
        ("99,37", "111,36", 2),
    ]
    # The printed figure was found on its page; the table rows it comes from are kept.
    pertama = dokumen.temuan_set.get(urutan=1)
    assert len(pertama.kotak["kotak"]) == 1 and pertama.kotak["lebar"] > 500
    assert [b["sel"][-1] for b in pertama.konteks if b["fokus"]] == ["71,42"]
    # The row stops polling once done; the detail page shows the page excerpt with the figure boxed.
    baris = client.get(reverse("reviu_dokumen_status", args=[dokumen.pk]), HTTP_HX_REQUEST="true").text
    assert "hx-trigger" not in baris and ">2</a>" in baris
    rinci = client.get(reverse("reviu_dokumen_rinci", args=[dokumen.pk])).text
    url_halaman = reverse("reviu_dokumen_halaman", args=[dokumen.pk, 1])
    assert f'href="{url_halaman}"' in rinci and 'class="kotak-sorot"' in rinci
    assert re.search(
        r'<svg viewBox="0 [\d.]+ 595\.3 [\d.]+" class="lebar"', rinci
    )  # SVG numbers, not the locale's 595,3
    assert re.search(r'<svg viewBox="[\d.]+ [\d.]+ 300\.0 [\d.]+" class="sempit"', rinci)  # a narrow screen's excerpt
    assert re.search(r'<rect class="kotak-sorot" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"/>', rinci)
    assert "Tabel 3.1 Capaian Kinerja Tahun 2024" in rinci and "Capaian tertulis 71,42" in rinci


@perlu_poppler
def test_the_page_image_is_rendered_once_cached_on_disk_and_only_for_real_pages(
    client, reviewer_a, pdf_lkjip, monkeypatch, django_assert_max_num_queries
):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("lkjip.pdf", pdf_lkjip))
    kerjakan_semua()
    dokumen = DokumenReviu.objects.get()
    url = reverse("reviu_dokumen_halaman", args=[dokumen.pk, 2])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    isi = b"".join(response.streaming_content)
    assert isi.startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]
    # The second request reads the cache: poppler is not run again, nothing is written to the database.
    import reviu.halaman

    monkeypatch.setattr(reviu.halaman.subprocess, "run", lambda *a, **k: pytest.fail("pdftoppm lagi"))
    with django_assert_max_num_queries(4) as ctx:
        assert b"".join(client.get(url).streaming_content) == isi
    assert not [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    for halaman in (0, 3):
        assert client.get(reverse("reviu_dokumen_halaman", args=[dokumen.pk, halaman])).status_code == 404


def test_a_text_finding_shows_the_table_rows_it_comes_from(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("lkjip.txt", TEKS_LKJIP.encode()))
    kerjakan_semua()
    dokumen = DokumenReviu.objects.get()
    (t,) = dokumen.temuan_set.all()
    assert [b["n"] for b in t.konteks] == [3, 4, 5] and t.konteks[-1]["fokus"]
    rinci = client.get(reverse("reviu_dokumen_rinci", args=[dokumen.pk])).text
    assert 'class="tabel-konteks"' in rinci and "<td>70.30</td>" in rinci
    assert "reviu_dokumen_halaman" not in rinci and "/halaman/" not in rinci  # no PDF: no page image


def test_a_file_the_reader_refuses_fails_with_its_message_and_can_be_queued_again(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("rusak.pdf", b"%PDF-1.4\nbukan isi pdf yang sah\n%%EOF\n"))
    kerjakan_semua()
    dokumen = DokumenReviu.objects.get()
    assert dokumen.status == "gagal" and "PDF rusak.pdf tidak dapat dibaca" in dokumen.pesan
    rinci = client.get(reverse("reviu_dokumen_rinci", args=[dokumen.pk])).text
    assert "PDF rusak.pdf tidak dapat dibaca" in rinci and "Periksa ulang" in rinci
    client.post(reverse("reviu_dokumen_ulang", args=[dokumen.pk]))
    dokumen.refresh_from_db()
    assert (dokumen.status, dokumen.pesan, dokumen.progres) == ("antre", "", 0)


def test_the_office_is_guessed_from_the_document_and_can_be_set(client, reviewer_a, dua_opd):
    dinas = OPDFactory(pemda=reviewer_a.pemda, kode="disdukcapil-alfa", nama="Dinas Kependudukan dan Pencatatan Sipil")
    OPDFactory(pemda=reviewer_a.pemda, kode="dinas-lain", nama="Dinas Pendidikan")
    client.force_login(reviewer_a)
    teks = "LAPORAN KINERJA\nDINAS KEPENDUDUKAN DAN PENCATATAN SIPIL\n\n" + TEKS_LKJIP
    unggah(client, SimpleUploadedFile("a.txt", teks.encode()), SimpleUploadedFile("b.txt", TEKS_LKJIP.encode()))
    kerjakan_semua()
    a, b = DokumenReviu.objects.order_by("id")
    assert (a.opd, b.opd) == (dinas, None)
    url = reverse("reviu_dokumen_instansi", args=[b.pk])
    client.post(url, {"opd": "", "nama_instansi": "Badan Pendapatan Daerah"})
    b.refresh_from_db()
    assert (b.opd, b.instansi) == (None, "Badan Pendapatan Daerah")
    # An office of another Pemda cannot be chosen: 404, nothing changes.
    assert client.post(url, {"opd": dua_opd["b"].pk}).status_code == 404
    b.refresh_from_db()
    assert (b.opd, b.nama_instansi) == (None, "Badan Pendapatan Daerah")
    client.post(url, {"opd": dinas.pk, "nama_instansi": "diabaikan"})
    b.refresh_from_db()
    assert (b.opd, b.nama_instansi) == (dinas, "")


# ----------------------------------------------------------------------------- refused uploads


def _docx_bom():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("nama", "isi", "alasan"),
    [
        ("program.exe", b"MZ\x90\x00", "jenis .exe tidak dapat direviu"),
        ("lkjip.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Simpan ulang sebagai .docx atau PDF"),
        ("lkjip.xlsx", b"PK\x03\x04", "jenis .xlsx tidak dapat direviu"),
        ("lkjip.pdf", TEKS_LKJIP.encode(), "Isi berkas lkjip.pdf adalah teks"),  # text named .pdf
        ("lkjip.txt", b"%PDF-1.4\n%%EOF", "Isi berkas lkjip.txt adalah PDF"),  # a PDF named .txt
        ("lkjip.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "bukan PDF, Word (.docx), teks"),
        ("kosong.txt", b"", "kosong"),
        ("bom.docx", None, "setelah diekstrak terlalu besar"),
    ],
)
def test_a_refused_file_says_why_in_indonesian_and_nothing_is_stored(client, reviewer_a, nama, isi, alasan):
    client.force_login(reviewer_a)
    response = unggah(client, SimpleUploadedFile(nama, _docx_bom() if isi is None else isi))
    assert response.status_code == 302
    assert any(alasan in p for p in pesan(response)), pesan(response)
    assert not Unggahan.objects.exists() and not DokumenReviu.objects.exists()
    assert berkas_tersimpan() == []


def test_a_file_over_the_size_limit_is_refused(client, reviewer_a, settings):
    settings.SAKIP_REVIU_MAKS_MB = 1
    client.force_login(reviewer_a)
    response = unggah(client, SimpleUploadedFile("besar.txt", b"a\n" * (600 * 1024)))
    assert any("lebih dari 1 MB" in p for p in pesan(response))
    assert not DokumenReviu.objects.exists() and berkas_tersimpan() == []


def test_of_several_files_the_refused_one_is_not_stored_the_others_are(client, reviewer_a):
    client.force_login(reviewer_a)
    response = unggah(
        client,
        SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()),
        SimpleUploadedFile("virus.exe", b"MZ"),
        SimpleUploadedFile("b.txt", TEKS_LKJIP.encode()),
    )
    assert [d.nama_asli for d in DokumenReviu.objects.order_by("id")] == ["a.txt", "b.txt"]
    assert len(berkas_tersimpan()) == 2
    teks = " ".join(pesan(response))
    assert "virus.exe tidak diterima" in teks and "2 dokumen diunggah" in teks
    assert "b.txt sama persis dengan a.txt" not in teks  # the same content: told about an earlier upload only
    response = unggah(client, SimpleUploadedFile("c.txt", TEKS_LKJIP.encode()))
    assert "c.txt sama persis dengan a.txt" in " ".join(pesan(response))


def test_too_many_files_at_once_are_refused_together(client, reviewer_a, settings):
    settings.SAKIP_REVIU_MAKS_BERKAS = 2
    client.force_login(reviewer_a)
    response = unggah(client, *[SimpleUploadedFile(f"{i}.txt", TEKS_LKJIP.encode()) for i in range(3)])
    assert response.status_code == 200 and "Paling banyak 2 berkas sekali unggah" in response.text
    assert not DokumenReviu.objects.exists()
    response = client.post(reverse("reviu_dokumen_daftar"), {})
    assert "Pilih satu atau beberapa berkas LKjIP" in response.text


# ----------------------------------------------------------------------------- the job


def test_a_review_whose_worker_died_is_taken_over_and_the_old_worker_writes_nothing(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    lama = tugas_dokumen.ambil_tugas()
    assert (lama.status, lama.tahap) == ("proses", "Menyiapkan") and tugas_dokumen.ambil_tugas() is None
    DokumenReviu.objects.filter(pk=lama.pk).update(detak=timezone.now() - timezone.timedelta(seconds=61))
    assert DokumenReviu.objects.get(pk=lama.pk).mati
    baru = tugas_dokumen.ambil_tugas()
    assert baru.pk == lama.pk and baru.pemegang != lama.pemegang and baru.tahap.startswith("Diambil alih")
    tugas_dokumen.jalankan_tugas(lama)  # came back to life: its writes are refused
    assert not TemuanDokumenReviu.objects.exists()
    assert DokumenReviu.objects.get(pk=lama.pk).status == "proses"
    assert tugas_dokumen.jalankan_tugas(baru).status == "selesai"
    assert TemuanDokumenReviu.objects.count() == 1


def test_a_document_removed_while_it_is_read_ends_its_job_quietly(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = tugas_dokumen.ambil_tugas()
    DokumenReviu.objects.filter(pk=dokumen.pk).delete()
    assert tugas_dokumen.jalankan_tugas(dokumen).pk == dokumen.pk  # no error: nothing left to write
    assert not TemuanDokumenReviu.objects.exists()


# ----------------------------------------------------------------------------- marks


@pytest.fixture
def dokumen_selesai(client, reviewer_a):
    client.force_login(reviewer_a)
    teks = TEKS_LKJIP + "3\tPersentase OPD terintegrasi\t%\t69\t51,85\t75,07\n"
    unggah(client, SimpleUploadedFile("lkjip.txt", teks.encode()))
    kerjakan_semua()
    dokumen = DokumenReviu.objects.get()
    assert dokumen.temuan_set.count() == 2
    return dokumen


def test_marking_a_finding_updates_its_block_and_the_counts(client, reviewer_a, dokumen_selesai):
    t = dokumen_selesai.temuan_set.get(urutan=1)
    url = reverse("reviu_temuan_tandai", args=[t.pk])
    response = client.post(
        url, {"tanda": "dikonfirmasi", "catatan": " Sudah dicek ", "awal_tanda": "belum"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="tanda-{t.pk}"' in response.text and "Tersimpan: dikonfirmasi." in response.text
    assert 'id="hitung-tanda" hx-swap-oob="true"' in response.text
    t.refresh_from_db()
    assert (t.tanda, t.catatan, t.ditandai_oleh) == ("dikonfirmasi", "Sudah dicek", reviewer_a)
    assert t.ditandai_pada is not None
    assert t.history.first().tanda == "dikonfirmasi"  # the mark is kept in history
    # Sent again unchanged: nothing is written.
    jejak = t.history.count()
    client.post(url, {"tanda": "dikonfirmasi", "catatan": "Sudah dicek", "awal_tanda": "dikonfirmasi",
                      "awal_catatan": "Sudah dicek"}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert t.history.count() == jejak
    # Without htmx: a redirect to the finding on the page.
    response = client.post(
        url, {"tanda": "belum", "catatan": "", "awal_tanda": "dikonfirmasi", "awal_catatan": "Sudah dicek"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#temuan-{t.urutan}")
    t.refresh_from_db()
    assert (t.tanda, t.catatan, t.ditandai_oleh) == ("belum", "", None)


def test_a_mark_someone_else_set_meanwhile_is_a_conflict_not_overwritten(client, reviewer_a, dokumen_selesai):
    t = dokumen_selesai.temuan_set.get(urutan=1)
    rekan = PenggunaFactory(username="reviewer.rekan", reviewer=True, pemda=reviewer_a.pemda, first_name="Rekan")
    TemuanDokumenReviu.objects.filter(pk=t.pk).update(tanda="bukan_kesalahan", ditandai_oleh=rekan)
    url = reverse("reviu_temuan_tandai", args=[t.pk])
    data = {"tanda": "dikonfirmasi", "catatan": "Salah hitung", "awal_tanda": "belum", "awal_catatan": ""}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert "sudah diubah oleh Rekan" in response.text and "Salah hitung" in response.text
    assert 'name="awal_tanda" value="bukan_kesalahan"' in response.text  # sending again applies it
    t.refresh_from_db()
    assert (t.tanda, t.catatan) == ("bukan_kesalahan", "")
    client.post(url, {**data, "awal_tanda": "bukan_kesalahan"}, HTTP_HX_REQUEST="true")
    t.refresh_from_db()
    assert (t.tanda, t.catatan) == ("dikonfirmasi", "Salah hitung")
    # An unknown mark changes nothing.
    response = client.post(url, {"tanda": "hapus-semua", "awal_tanda": "dikonfirmasi"}, HTTP_HX_REQUEST="true")
    assert "Pilih tanda" in response.text
    t.refresh_from_db()
    assert t.tanda == "dikonfirmasi"


# ----------------------------------------------------------------------------- access


def _url_dokumen(dokumen):
    t = dokumen.temuan_set.first()
    get = [
        reverse("reviu_dokumen_rinci", args=[dokumen.pk]),
        reverse("reviu_dokumen_status", args=[dokumen.pk]),
        reverse("reviu_dokumen_berkas", args=[dokumen.pk]),
        reverse("reviu_dokumen_halaman", args=[dokumen.pk, 1]),
        reverse("reviu_dokumen_xlsx", args=[dokumen.pk]),
        reverse("reviu_dokumen_surat", args=[dokumen.pk]),
        reverse("reviu_unggahan_xlsx", args=[dokumen.unggahan_id]),
        reverse("reviu_unggahan_surat", args=[dokumen.unggahan_id]),
    ]
    post = [
        (reverse("reviu_temuan_tandai", args=[t.pk]), {"tanda": "dikonfirmasi", "awal_tanda": "belum"}),
        (reverse("reviu_dokumen_instansi", args=[dokumen.pk]), {"nama_instansi": "Diubah"}),
        (reverse("reviu_dokumen_ulang", args=[dokumen.pk]), {}),
        (reverse("reviu_dokumen_hapus", args=[dokumen.pk]), {}),
    ]
    return get, post


def _keadaan():
    return (
        list(DokumenReviu.objects.order_by("id").values_list("id", "status", "nama_instansi", "opd_id")),
        list(TemuanDokumenReviu.objects.order_by("id").values_list("id", "tanda", "catatan")),
        Unggahan.objects.count(),
        berkas_tersimpan(),
    )


def test_nobody_outside_the_pemda_reaches_a_document_nor_changes_anything(client, dokumen_selesai, dua_opd):
    lain = PenggunaFactory(username="reviewer.b", reviewer=True, pemda=dua_opd["b"].pemda)
    admin_lain = PenggunaFactory(username="admin.b", admin_pemda=True, pemda=dua_opd["b"].pemda)
    operator = PenggunaFactory(username="operator.a", opd=dua_opd["a"])
    pimpinan = PenggunaFactory(username="pimpinan.a", pimpinan=True, opd=dua_opd["a"])
    get, post = _url_dokumen(dokumen_selesai)
    sebelum = _keadaan()
    for user in (lain, admin_lain, operator, pimpinan, None):
        client.logout()
        if user:
            client.force_login(user)
        for url in get:
            status = client.get(url).status_code
            assert status == (302 if user is None else 404), (user, url, status)
        for url, data in post:
            status = client.post(url, data, HTTP_HX_REQUEST="true").status_code
            assert status in ((302, 401) if user is None else (404,)), (user, url, status)
        if user is not None:
            daftar = client.get(reverse("reviu_dokumen_daftar"))
            if user in (lain, admin_lain):  # their own Pemda's page: without this document
                assert daftar.status_code == 200 and "lkjip.txt" not in daftar.text
            else:
                assert daftar.status_code == 404
                assert unggah(client, SimpleUploadedFile("x.txt", b"x")).status_code == 404
    assert _keadaan() == sebelum
    # The other Pemda's reviewer uploads into his own Pemda, whatever Pemda the form names.
    client.force_login(lain)
    unggah(client, SimpleUploadedFile("b.txt", TEKS_LKJIP.encode()), pemda=dokumen_selesai.unggahan.pemda_id)
    assert Unggahan.objects.latest("id").pemda == dua_opd["b"].pemda


def test_the_pemdas_admin_and_a_superuser_reach_it_and_the_superuser_chooses_the_pemda(
    client, dokumen_selesai, dua_opd
):
    admin_a = PenggunaFactory(username="admin.a", admin_pemda=True, pemda=dokumen_selesai.unggahan.pemda)
    super_ = PenggunaFactory(username="super", is_superuser=True, is_staff=True, peran="", opd=None)
    get, _post = _url_dokumen(dokumen_selesai)
    for user in (admin_a, super_):
        client.force_login(user)
        for url in get:
            if "/halaman/" in url:
                continue  # a text document has no page image
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(super_)
    response = unggah(client, SimpleUploadedFile("c.txt", TEKS_LKJIP.encode()))
    assert response.status_code == 200 and "Pilih pemda pemilik dokumen." in response.text
    unggah(client, SimpleUploadedFile("c.txt", TEKS_LKJIP.encode()), pemda=dua_opd["b"].pemda_id)
    assert Unggahan.objects.latest("id").pemda == dua_opd["b"].pemda
    # An office of another Pemda than the one chosen is refused.
    response = unggah(client, SimpleUploadedFile("d.txt", b"x"), pemda=dua_opd["b"].pemda_id, opd=dua_opd["a"].pk)
    assert "bukan perangkat daerah pemda yang dipilih" in response.text


def test_removing_a_document_removes_its_file_findings_and_page_cache(
    client, dokumen_selesai, django_capture_on_commit_callbacks
):
    assert len(berkas_tersimpan()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviu_dokumen_hapus", args=[dokumen_selesai.pk]))
    assert response.status_code == 302 and "Dokumen lkjip.txt dihapus." in pesan(response)
    assert not DokumenReviu.objects.exists() and not TemuanDokumenReviu.objects.exists()
    assert not Unggahan.objects.exists() and berkas_tersimpan() == []


# ----------------------------------------------------------------------------- the list page


def test_the_list_page_costs_the_same_queries_whatever_the_number_of_documents(
    client, reviewer_a, django_assert_max_num_queries
):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    kerjakan_semua()
    url = reverse("reviu_dokumen_daftar")
    with django_assert_max_num_queries(12) as satu:
        assert client.get(url).status_code == 200
    for i in range(4):
        unggah(client, *[SimpleUploadedFile(f"{i}-{j}.txt", TEKS_LKJIP.encode()) for j in range(5)])
    kerjakan_semua()
    TemuanDokumenReviu.objects.filter(urutan=1, dokumen__nama_asli__startswith="1-").update(tanda="dikonfirmasi")
    with django_assert_max_num_queries(12) as banyak:
        response = client.get(url)
    assert response.text.count('class="nama-dokumen"') == 21
    assert response.text.count("1 dikonfirmasi") == 5 and response.text.count("1 belum ditandai") == 16
    assert len(banyak.captured_queries) == len(satu.captured_queries)


def test_the_reviewer_finds_the_page_from_home_and_the_navigation(client, reviewer_a, operator_a):
    client.force_login(reviewer_a)
    beranda = client.get(reverse("beranda")).text
    assert beranda.count(f'href="{reverse("reviu_dokumen_daftar")}"') == 2  # the menu and the card
    client.force_login(operator_a)
    assert reverse("reviu_dokumen_daftar") not in client.get(reverse("beranda")).text


# ----------------------------------------------------------------------------- exports

JAHAT = '=HYPERLINK("http://contoh.invalid","klik") <script>alert(1)</script>'


def pdf_teks(isi):
    proses = subprocess.run(["pdftotext", "-layout", "-", "-"], input=isi, capture_output=True, check=True)
    return proses.stdout.decode()


@pytest.fixture
def bertanda(client, reviewer_a, dokumen_selesai):
    """The document under a hostile name, finding 1 confirmed with a hostile note, 2 not an error;
    the reviewer's account names his official."""
    reviewer_a.pejabat = Pejabat.objects.create(
        pemda=reviewer_a.pemda,
        nama="Dra. Siti Aminah, M.Si.",
        nip="198203152006042002",
        pangkat="Pembina",
        golongan="IV/a",
    )
    reviewer_a.save()
    DokumenReviu.objects.filter(pk=dokumen_selesai.pk).update(nama_asli=f"{JAHAT}.txt")
    satu, dua = dokumen_selesai.temuan_set.order_by("urutan")
    for t, tanda, catatan in ((satu, "dikonfirmasi", JAHAT), (dua, "bukan_kesalahan", "Pembulatan")):
        client.post(
            reverse("reviu_temuan_tandai", args=[t.pk]), {"tanda": tanda, "catatan": catatan, "awal_tanda": "belum"}
        )
    assert list(dokumen_selesai.temuan_set.values_list("tanda", flat=True)) == ["dikonfirmasi", "bukan_kesalahan"]
    dokumen_selesai.refresh_from_db()
    return dokumen_selesai


def test_the_excel_export_holds_every_finding_as_text_never_a_formula(client, bertanda):
    response = client.get(reverse("reviu_dokumen_xlsx", args=[bertanda.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="temuan-hyperlink' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Temuan"]
    kepala = [c.value for c in ws[3]]
    baris = [dict(zip(kepala, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=4)]
    assert [(b["Tercetak"], b["Seharusnya"], b["Tanda reviewer"]) for b in baris] == [
        ("71,42", "71,73", "Dikonfirmasi"),
        ("75,07", "75,14", "Bukan kesalahan"),
    ]
    assert baris[0]["Catatan reviewer"] == JAHAT and baris[0]["Dokumen"] == f"{JAHAT}.txt"
    assert baris[0]["Ditandai oleh"] == "reviewer.a" and baris[0]["Tabel"] == "Tabel 3.1 Pengukuran Kinerja Tahun 2024"
    for lembar in wb.worksheets:
        for r in lembar.iter_rows():
            for c in r:
                assert c.data_type != "f", (lembar.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert c.data_type == "s" and c.quotePrefix
    dokumen = dict(zip([c.value for c in wb["Dokumen"][3]], [c.value for c in wb["Dokumen"][4]], strict=True))
    assert (dokumen["Temuan"], dokumen["Dikonfirmasi"], dokumen["Bukan kesalahan"], dokumen["Belum ditandai"]) == (
        2,
        1,
        1,
        0,
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils tidak terpasang")
def test_the_letter_lists_only_the_confirmed_findings_and_is_signed_by_the_reviewer(client, bertanda):
    response = client.get(reverse("reviu_dokumen_surat", args=[bertanda.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    teks = pdf_teks(response.content)
    satu = " ".join(teks.split())
    assert "PEMERINTAH KABUPATEN ALFA" in satu and "INSPEKTORAT" in satu
    assert "Hasil reviu angka dalam laporan kinerja" in satu
    assert "terdapat 1 (satu) angka yang tidak sesuai" in satu
    assert "71,42" in satu and "71,73" in satu
    assert "75,07" not in satu and "Pembulatan" not in satu  # "bukan kesalahan" never appears
    # The hostile file name and note are printed as text.
    assert "<script>alert(1)</script>" in satu and '=HYPERLINK("http://contoh.invalid","klik")' in satu
    assert "Dra. Siti Aminah, M.Si." in satu and "NIP. 19820315 200604 2 002" in satu and "Pembina (IV/a)" in satu
    # Nothing confirmed: the letter says there is nothing to correct.
    bertanda.temuan_set.update(tanda="belum")
    satu = " ".join(pdf_teks(client.get(reverse("reviu_dokumen_surat", args=[bertanda.pk])).content).split())
    assert "tidak terdapat angka yang perlu diperbaiki" in satu and "71,42" not in satu


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils tidak terpasang")
def test_an_upload_exports_every_document_and_one_letter_each(client, reviewer_a, dua_opd):
    dinas = OPDFactory(pemda=reviewer_a.pemda, kode="disdukcapil-alfa", nama="Dinas Kependudukan Alfa")
    client.force_login(reviewer_a)
    kedua = TEKS_LKJIP.replace("97,31", "99,99")
    unggah(
        client,
        SimpleUploadedFile("satu.txt", TEKS_LKJIP.encode()),
        SimpleUploadedFile("dua.txt", kedua.encode()),
        SimpleUploadedFile("rusak.pdf", b"%PDF-1.4\n%%EOF"),
        opd=dinas.pk,
    )
    unggahan = Unggahan.objects.get()
    assert client.get(reverse("reviu_unggahan_surat", args=[unggahan.pk])).status_code == 302  # none finished yet
    kerjakan_semua()
    TemuanDokumenReviu.objects.update(tanda="dikonfirmasi")
    wb = load_workbook(io.BytesIO(client.get(reverse("reviu_unggahan_xlsx", args=[unggahan.pk])).content))
    assert [r[1].value for r in wb["Temuan"].iter_rows(min_row=4)] == ["satu.txt", "dua.txt", "dua.txt"]
    assert [r[8].value for r in wb["Dokumen"].iter_rows(min_row=4)] == ["Selesai", "Selesai", "Gagal"]
    response = client.get(reverse("reviu_unggahan_surat", args=[unggahan.pk]))
    teks = pdf_teks(response.content)
    halaman = teks.split("\f")
    assert teks.count("Yth. Kepala Dinas Kependudukan Alfa") == 2  # the failed document has no letter
    assert "satu.txt" in halaman[0] and "Halaman 1" in halaman[0]
    kedua = next(h for h in halaman if "dua.txt" in h and "Yth." in h)
    assert "Halaman 1 dari" in kedua  # every letter numbers its own pages
    assert "99,99" in teks


def test_a_letter_waits_for_the_review_to_finish(client, reviewer_a):
    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    response = client.get(reverse("reviu_dokumen_surat", args=[dokumen.pk]))
    assert response.status_code == 302 and "setelah dokumen selesai diperiksa" in " ".join(pesan(response))


def test_a_figure_printed_twice_on_its_page_is_told_apart_by_the_findings_other_figures():
    def kata(x, y, teks):
        return (x, y, x + 20, y + 10, teks)

    halaman = (
        595.0,
        842.0,
        [
            kata(50, 100, "capaian"),
            kata(80, 100, "100%"),
            *[kata(50 + i, 200, "lain") for i in range(20)],
            kata(50, 300, "target"),
            kata(80, 300, "98.21%"),
            kata(110, 300, "realisasi"),
            kata(140, 300, "99,73%"),
            kata(170, 300, "capaian"),
            kata(200, 300, "(100"),
            kata(230, 300, "%)"),
            kata(260, 300, "Rp.5.922.644.078,-"),
        ],
    )
    uraian = 'Uraian "target 98.21% realisasi 99,73% atau dengan capaian 100 %": hasil hitung ulang 101,55'
    assert cari_angka(halaman, "100", uraian) == [[200.0, 300.0, 220.0, 310.0]]
    assert len(cari_angka(halaman, "100")) == 2  # without a hint both are boxed
    assert cari_angka(halaman, "5.922.644.078") == [[260.0, 300.0, 280.0, 310.0]]
    assert cari_angka(halaman, "71,42") == [] and cari_angka(None, "100") == []
