"""Irreversible steps of the approval path ask first and say what follows (issue #20, item 2).

The service refuses a submit with empty indicators unless confirmed, and a verification while
review findings are open unless a reason is given (kept in the step's log); the pages show the
same questions and spell out the consequence of each step."""

import re

import pytest
from django.urls import reverse

from kinerja.alur import GalatAlur, jalankan_transisi
from kinerja.models import PerjanjianKinerja, Realisasi, RiwayatStatus, StatusPeriode
from renstra.models import Indikator
from tests.factories import PenggunaFactory
from tests.test_realisasi_grid import isian, opd, operator, url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pimpinan(opd):  # noqa: F811
    return PenggunaFactory(pimpinan=True, opd=opd)


@pytest.fixture
def reviewer(opd):  # noqa: F811
    return PenggunaFactory(reviewer=True, pemda=opd.pemda)


def status_url():
    return reverse("realisasi_status", args=["dinas-uji", 2024, "TW3"])


def teks(html):
    """The page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_submit_with_empty_indicators_needs_confirmation(operator, opd):  # noqa: F811
    with pytest.raises(GalatAlur) as exc:
        jalankan_transisi(operator, opd, 2024, "TW3", "ajukan")
    assert str(exc.value) == (
        "2 dari 2 indikator Triwulan III 2024 belum diisi (Persentase penduduk ber-KTP-el; Persentase "
        'kepemilikan akta kelahiran). Isi dan simpan dulu, atau centang "Tetap ajukan" untuk mengajukan '
        "tanpa isian itu. Belum diajukan."
    )
    assert not StatusPeriode.objects.exists() and not RiwayatStatus.objects.exists()

    status = jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)
    assert status.status == "diajukan"
    # The pimpinan reads in the log what was submitted empty.
    assert RiwayatStatus.objects.get().catatan == "Diajukan dengan 2 dari 2 indikator belum diisi."


def test_a_filled_period_submits_without_a_question(client, operator, opd):  # noqa: F811
    client.force_login(operator)
    client.post(url(), isian(IKU1=("", "220323", "220929"), IKU2=("91", "", "")))
    html = client.get(url()).text
    assert "Tetap ajukan" not in html and "indikator belum diisi" not in html
    assert jalankan_transisi(operator, opd, 2024, "TW3", "ajukan").status == "diajukan"
    assert RiwayatStatus.objects.get().catatan == ""


def test_verify_with_open_findings_needs_a_reason_kept_in_the_log(operator, pimpinan, reviewer, opd):  # noqa: F811
    jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)
    jalankan_transisi(pimpinan, opd, 2024, "TW3", "setujui")
    for catatan in ("", "   "):
        with pytest.raises(GalatAlur) as exc:
            jalankan_transisi(reviewer, opd, 2024, "TW3", "verifikasi", catatan)
        assert str(exc.value) == (
            "3 temuan reviu Triwulan III 2024 masih terbuka. Tutup temuannya di ruang reviu, atau tulis alasan "
            "memverifikasi dengan temuan terbuka (wajib); alasan itu tercatat di riwayat. Belum diverifikasi."
        )
    assert StatusPeriode.objects.get().status == "disetujui"

    status = jalankan_transisi(reviewer, opd, 2024, "TW3", "verifikasi", "Dibahas dalam rapat 2 Oktober")
    assert status.status == "diverifikasi"
    log = RiwayatStatus.objects.order_by("id").last()
    assert (log.dari, log.ke, log.oleh, log.catatan) == (
        "disetujui",
        "diverifikasi",
        reviewer,
        "Diverifikasi dengan 3 temuan reviu terbuka. Alasan: Dibahas dalam rapat 2 Oktober",
    )
    # The period's own history keeps it as the reason of the change too.
    assert status.history.first().history_change_reason == log.catatan


def test_operator_page_asks_before_submit_and_the_page_post_obeys(client, operator, opd):  # noqa: F811
    client.force_login(operator)
    html = client.get(url()).text
    halaman = teks(html)
    # The form carries the question and its checkbox (works without JS); the dialog spells out the rest.
    assert 'name="yakin" value="1"' in html
    assert "2 dari 2 indikator belum diisi. Tetap ajukan?" in halaman
    assert 'data-dialog="dialog-ajukan" data-cek-grid="grid-realisasi"' in html
    assert "Ajukan ke pimpinan: Triwulan III 2024?" in halaman
    assert (
        "Realisasi periode ini, rencana aksi dan realisasi anggaran triwulannya, serta PK yang berlaku dikunci: "
        "operator tidak dapat mengubahnya lagi. Pimpinan OPD memeriksa lalu menyetujui atau mengembalikannya ke "
        "draf; operator tidak dapat menarik pengajuan."
    ) in halaman
    assert "Ada isian yang belum disimpan" in halaman and 'form="grid-realisasi"' in html

    response = client.post(status_url(), {"aksi": "ajukan"}, follow=True)
    assert "2 dari 2 indikator Triwulan III 2024 belum diisi" in response.text
    assert not StatusPeriode.objects.exists()
    client.post(status_url(), {"aksi": "ajukan", "yakin": "1"})
    assert StatusPeriode.objects.get().status == "diajukan"


def test_pimpinan_page_reason_box_sits_with_kembalikan(client, operator, pimpinan, opd):  # noqa: F811
    client.post(url(), isian(IKU2=("91", "", "")))
    jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)
    client.force_login(pimpinan)
    html = client.get(url()).text
    bagian = html[html.index("Alur persetujuan") :]
    setujui = bagian.index(">Setujui</button>")
    label = bagian.index("Alasan kembalikan ke draf (wajib)")
    kembalikan = bagian.index(">Kembalikan ke draf</button>")
    # Setujui stands alone; the reason's label and box belong to the form of "Kembalikan ke draf".
    assert setujui < label < kembalikan
    form_kembalikan = bagian[bagian.rindex("<form", 0, kembalikan) : kembalikan]
    assert "Alasan kembalikan ke draf (wajib)" in form_kembalikan and 'name="catatan"' in form_kembalikan
    form_setujui = bagian[bagian.rindex("<form", 0, setujui) : setujui]
    assert "catatan" not in form_setujui
    halaman = teks(bagian)
    assert "Setujui: Triwulan III 2024?" in halaman
    assert "diteruskan ke reviewer (inspektorat) untuk diverifikasi" in halaman
    assert "Kembalikan ke draf: Triwulan III 2024?" in halaman
    assert "Alasan Anda tercatat di riwayat dan dibaca operator." in halaman


def test_reviewer_page_asks_a_reason_while_findings_are_open(client, operator, pimpinan, reviewer, opd):  # noqa: F811
    jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)
    jalankan_transisi(pimpinan, opd, 2024, "TW3", "setujui")
    client.force_login(reviewer)
    html = client.get(url()).text
    halaman = teks(html)
    assert "3 temuan reviu masih terbuka ( ruang reviu )" in halaman
    assert '<textarea name="catatan" id="catatan-verifikasi" rows="2" required>' in html
    assert "Verifikasi dan kunci: Triwulan III 2024?" in halaman
    assert "Kunci hanya dapat dibuka kembali oleh reviewer atau admin pemda, dengan alasan yang tercatat." in halaman

    response = client.post(status_url(), {"aksi": "verifikasi"}, follow=True)
    assert "3 temuan reviu Triwulan III 2024 masih terbuka" in response.text
    assert StatusPeriode.objects.get().status == "disetujui"
    client.post(status_url(), {"aksi": "verifikasi", "catatan": "Temuan administratif"})
    assert StatusPeriode.objects.get().status == "diverifikasi"
    assert "Diverifikasi dengan 3 temuan reviu terbuka. Alasan: Temuan administratif" in client.get(url()).text


def test_pk_tetapkan_spells_out_the_consequence(client, opd, pimpinan):  # noqa: F811
    perjanjian = PerjanjianKinerja.objects.get(opd=opd, tahun=2024, jabatan__induk=None)
    # A draft as the operator leaves it (the fixture's PK is set already).
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DRAFT)
    client.force_login(pimpinan)
    html = client.get(reverse("pk_editor", args=[opd.kode, 2024])).text
    halaman = teks(html)
    assert 'id="form-tetapkan" data-dialog="dialog-tetapkan"' in html
    assert f"Tetapkan {perjanjian.label_versi} 2024?" in halaman
    assert (
        "Targetnya tidak dapat diubah lagi oleh siapa pun, dan penetapan tidak dapat dibatalkan; perubahan target "
        "hanya lewat perubahan PK yang ditetapkan ulang."
    ) in halaman


def test_a_quarter_value_carried_is_not_filled_unless_yearly_data(client, operator, opd):  # noqa: F811
    Indikator.objects.update(frekuensi=Indikator.Frekuensi.TRIWULAN)
    Realisasi.objects.filter(tahun=2024, periode__in=["TW4", "TAHUN"]).delete()  # the year's figure fills TW4
    client.force_login(operator)
    client.post(url(), isian(IKU1=("", "220323", "220929"), IKU2=("91", "", "")))
    # TW4 shows the TW3 values in use, but nobody entered TW4.
    with pytest.raises(GalatAlur, match=r"^2 dari 2 indikator Triwulan IV 2024 belum diisi"):
        jalankan_transisi(operator, opd, 2024, "TW4", "ajukan")
    # Yearly data is due by TW4 too (the dashboards count the same way), so a TW3 value carried
    # does not fill it; an N-1 score is due as last year's figure, which TW3 already used.
    Indikator.objects.filter(kode="IKU1").update(frekuensi=Indikator.Frekuensi.TAHUN)
    with pytest.raises(GalatAlur, match=r"^2 dari 2 indikator Triwulan IV 2024 belum diisi"):
        jalankan_transisi(operator, opd, 2024, "TW4", "ajukan")
    Indikator.objects.filter(kode="IKU1").update(tunda_tahun=1)
    Realisasi.objects.update_or_create(
        indikator=Indikator.objects.get(kode="IKU1"), tahun=2023, periode="TAHUN", defaults={"nilai": 80}
    )
    with pytest.raises(GalatAlur, match=r"^1 dari 2 indikator Triwulan IV 2024 belum diisi \(Persentase"):
        jalankan_transisi(operator, opd, 2024, "TW4", "ajukan")
