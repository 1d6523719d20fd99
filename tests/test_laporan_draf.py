"""A report made from data the pimpinan has not approved is a draft: "DRAF" on every page of the
print HTML and the PDF, no signature but the reason, and the page says so. The signing date
defaults to the approval date, moved off weekends, holidays and cuti bersama."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command

from kinerja.alur import jalankan_transisi, persetujuan_periode
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak, sidik, versi_cetak
from laporan.models import BerkasPDF, Laporan, tanggal_bawaan
from laporan.pdf import pdf_bertahap
from pertukaran.muat import impor_data_opd
from sakip.hari_kerja import hari_kerja_berikut, nama_libur
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.persetujuan import setujui

pytestmark = pytest.mark.django_db

URL = "/opd/dinas-uji/laporan/2024/tahunan/"
ALASAN = "Data belum disetujui pimpinan"
TTD_DRAF = "DRAF · Data belum disetujui pimpinan (status: draf); laporan ini belum untuk ditandatangani."
NIP_KEPALA = "NIP. 19780927 199802 1 001"  # the head of dinas-uji, as the signature block prints it
D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SAKIP_CACHE_CETAK = tmp_path / "cache-cetak"


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


def teks_halaman(isi, tmp_path):
    """Text of each PDF page (pdftotext, reading order)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) tidak terpasang")
    berkas = tmp_path / "laporan.pdf"
    berkas.write_bytes(isi)
    keluar = subprocess.run(["pdftotext", str(berkas), "-"], capture_output=True, check=True, text=True).stdout
    return [re.sub(r"\s+", " ", h) for h in keluar.split("\f")[:-1]]


def pdf(opd, tmp_path, proses=1):
    data = susun_laporan(opd, 2024)
    isi, jumlah, statistik = pdf_bertahap(data, sidik(data), versi_cetak(), proses=proses)
    halaman = teks_halaman(isi, tmp_path)
    assert len(halaman) == jumlah
    return data, halaman, statistik, isi


# --------------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("tanggal", "libur", "kerja"),
    [
        (D(2025, 3, 31), "Hari Raya Idul Fitri", D(2025, 4, 8)),  # Idulfitri, cuti bersama 2-4 and 7 April
        (D(2025, 1, 1), "Tahun Baru Masehi", D(2025, 1, 2)),
        (D(2025, 8, 17), "Hari Kemerdekaan Republik Indonesia", D(2025, 8, 19)),  # Sunday, then cuti bersama
        (D(2024, 10, 5), "Sabtu", D(2024, 10, 7)),
        (D(2024, 10, 6), "Minggu", D(2024, 10, 7)),
        (D(2024, 12, 26), "Cuti Bersama Hari Raya Natal", D(2024, 12, 27)),
        (D(2024, 10, 1), None, D(2024, 10, 1)),  # Hari Kesaktian Pancasila is not a day off
    ],
)
def test_next_working_day_skips_weekends_holidays_and_cuti_bersama(tanggal, libur, kerja):
    assert nama_libur(tanggal) == libur
    assert hari_kerja_berikut(tanggal) == kerja


def test_default_signing_date_is_the_approval_date_on_a_working_day():
    assert tanggal_bawaan(2024, "TAHUN") == D(2025, 1, 2)  # not approved: the day after, not 1 Januari
    assert tanggal_bawaan(2024, "TW3") == D(2024, 10, 1)
    assert tanggal_bawaan(2024, "TAHUN", D(2025, 3, 31)) == D(2025, 4, 8)
    assert tanggal_bawaan(2025, "TAHUN", D(2026, 2, 10)) == D(2026, 2, 10)
    # Approved before the period ended (never signed before it is over).
    assert tanggal_bawaan(2024, "TAHUN", D(2024, 12, 20)) == D(2025, 1, 2)


# --------------------------------------------------------------------------- approval state


def test_approval_follows_the_path_of_the_period(opd):
    operator = PenggunaFactory(opd=opd)
    pimpinan = PenggunaFactory(username="pimpinan.uji", opd=opd, pimpinan=True)
    reviewer = PenggunaFactory(username="reviewer.uji", reviewer=True, pemda=opd.pemda)
    assert persetujuan_periode(opd, 2024, "TAHUN").disetujui is False  # nothing recorded: draft
    jalankan_transisi(operator, opd, 2024, "TAHUN", "ajukan")
    p = persetujuan_periode(opd, 2024, "TAHUN")
    assert (p.status, p.disetujui, p.tanggal) == ("diajukan", False, None)
    jalankan_transisi(pimpinan, opd, 2024, "TAHUN", "setujui")
    p = persetujuan_periode(opd, 2024, "TAHUN")
    hari_ini = datetime.date.today()
    assert (p.status, p.label, p.disetujui) == ("disetujui", "Disetujui pimpinan", True)
    assert p.tanggal is not None and abs((p.tanggal - hari_ini).days) <= 1
    jalankan_transisi(reviewer, opd, 2024, "TAHUN", "verifikasi", "Temuan data dibahas dalam rapat reviu")
    assert persetujuan_periode(opd, 2024, "TAHUN").disetujui is True
    jalankan_transisi(reviewer, opd, 2024, "TAHUN", "buka", "Data salah")
    assert persetujuan_periode(opd, 2024, "TAHUN").disetujui is False
    # A quarter's approval is not the year's.
    assert persetujuan_periode(opd, 2024, "TW4").disetujui is False


def test_the_report_takes_its_date_from_the_approval_unless_set(opd):
    lap = susun_laporan(opd, 2024)
    assert lap.draf and lap.tanggal == D(2025, 1, 2)
    setujui(opd, 2024, pada=D(2025, 3, 31))
    lap = susun_laporan(opd, 2024)
    assert not lap.draf and lap.tanggal == D(2025, 4, 8) == lap.penanda_tangan.tanggal
    assert lap.persetujuan.tanggal_disetujui == D(2025, 3, 31)
    # A date the office sets stays, whatever the approval says.
    Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN", tanggal=D(2025, 2, 14))
    assert susun_laporan(opd, 2024).tanggal == D(2025, 2, 14)


# --------------------------------------------------------------------------- HTML


def test_print_html_of_a_draft_has_the_mark_and_no_signature(opd):
    html = html_cetak(susun_laporan(opd, 2024))
    assert html.count('<div class="tanda-draf" aria-hidden="true"><img src="draf.png" alt="">') == 1
    assert '@page { @bottom-center { content: "DRAF · Data belum disetujui pimpinan";' in html
    assert '<div class="draf-sampul">DRAF · Data belum disetujui pimpinan</div>' in html
    # Kata pengantar, Bab IV, the PK and the measurement form: the reason instead of the signature.
    assert html.count(TTD_DRAF.replace("DRAF", "<strong>DRAF</strong>")) == 5
    badan = html.split("<body>")[1]
    assert 'class="ttd"' not in badan and "ttd-ruang" not in badan and NIP_KEPALA not in badan


def test_print_html_of_approved_data_is_signed_without_mark(opd):
    setujui(opd, 2024, pada=D(2025, 1, 15))
    badan = html_cetak(susun_laporan(opd, 2024)).split("<body>")[1]
    assert "tanda-draf" not in badan and ALASAN not in badan and "ttd-draf" not in badan
    assert badan.count('<div class="ttd">') == 7 and badan.count(NIP_KEPALA) == 5
    assert "15 Januari 2025" in badan


def test_report_page_says_draft_until_approved(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    teks = client.get(URL).text
    assert (
        '<p class="pita-draf" role="note"><strong>DRAF</strong> · Data belum disetujui pimpinan (status: draf). '
        "Cetakan dan PDF laporan ini bertanda “DRAF” di setiap halaman, tanpa tanda tangan.</p>"
    ) in teks
    assert "<h2>PDF draf</h2>" in teks and "PDF siap tanda tangan" not in teks
    assert "Saat ini: 2 Januari 2025." in teks and NIP_KEPALA not in teks
    setujui(opd, 2024, pada=D(2025, 1, 15))
    teks = client.get(URL).text
    assert "pita-draf" not in teks and "<h2>PDF siap tanda tangan</h2>" in teks
    assert "Saat ini: 15 Januari 2025." in teks and NIP_KEPALA in teks


def test_page_warns_of_a_signing_date_set_on_a_holiday(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    client.post(URL + "tanggal/", {"tanggal": "2025-03-31"})
    assert "Tanggal penandatanganan 31 Maret 2025 jatuh pada hari libur (Hari Raya Idul Fitri)." in client.get(URL).text


def test_signing_date_form_starts_empty_so_the_default_follows_the_approval(client, opd):
    """Saving the form unchanged keeps the date unset (the default), so a later approval moves it."""
    client.force_login(PenggunaFactory(opd=opd))
    teks = client.get(URL).text
    masukan = re.search(r'<input type="date" name="tanggal"[^>]*>', teks).group(0)
    assert "value=" not in masukan, masukan
    client.post(URL + "tanggal/", {"tanggal": ""})
    assert Laporan.objects.get().tanggal is None
    setujui(opd, 2024, pada=D(2025, 1, 20))
    assert "Saat ini: 20 Januari 2025." in client.get(URL).text


# --------------------------------------------------------------------------- PDF


def test_pdf_marks_every_page_of_a_draft_and_cache_keeps_states_apart(opd, tmp_path, settings):
    data, draf, st1, isi_draf = pdf(opd, tmp_path)
    assert len(draf) >= 10 and st1["dirender"] == st1["potongan"]
    for n, halaman in enumerate(draf):
        assert "DRAF · Data belum disetujui pimpinan" in halaman, n
    semua = " ".join(draf)
    assert semua.count(TTD_DRAF) == 5 and NIP_KEPALA not in semua
    (tmp_path / "draf.pdf").write_bytes(isi_draf)

    # Approved: every piece renders again (each carried the mark), none is read from the draft's.
    setujui(opd, 2024, pada=D(2025, 1, 15))
    disetujui, sah, st2, isi_sah = pdf(opd, tmp_path)
    assert sidik(disetujui) != sidik(data)
    assert st2["dirender"] == st2["potongan"] == st1["potongan"]
    for n, halaman in enumerate(sah):
        assert not re.search(r"\bDRAF\b", halaman) and ALASAN not in halaman, n
    semua = " ".join(sah)
    assert semua.count(NIP_KEPALA) == 5 and "15 Januari 2025" in semua
    (tmp_path / "sah.pdf").write_bytes(isi_sah)

    # Back to draft: the draft's pieces come from the cache, the text is the draft's again.
    jalankan_transisi(
        PenggunaFactory(username="pimpinan.uji", opd=opd, pimpinan=True),
        opd,
        2024,
        "TAHUN",
        "kembalikan",
        "Perbaiki realisasi",
    )
    lagi, halaman, st3, _ = pdf(opd, tmp_path)
    assert sidik(lagi) == sidik(data) and st3["dirender"] == 0 and halaman == draf


def test_a_finished_draft_pdf_is_out_of_date_and_not_reused_once_approved(client, opd):
    client.force_login(PenggunaFactory(opd=opd))
    client.post(URL + "pdf/")
    call_command("pekerja", "--sekali", stdout=io.StringIO())
    draf = BerkasPDF.objects.get()
    assert draf.status == "selesai"
    setujui(opd, 2024, pada=D(2025, 1, 15))
    assert "Kedaluwarsa" in client.get(f"/opd/dinas-uji/laporan/pdf/{draf.pk}/").text
    client.post(URL + "pdf/")
    call_command("pekerja", "--sekali", stdout=io.StringIO())
    sah = BerkasPDF.objects.exclude(pk=draf.pk).get()
    assert sah.status == "selesai" and sah.sha256 != draf.sha256 and sah.sidik_data != draf.sidik_data
    assert "Kedaluwarsa" not in client.get(f"/opd/dinas-uji/laporan/pdf/{sah.pk}/").text
