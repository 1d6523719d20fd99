"""What waits for whom (issue #20, item 1): the home page's work list per role, the notices and
e-mails each step of the approval path and each review finding leaves, and the status bar at
the top of the realisation page and the review workspace."""

import datetime
import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kinerja.alur import GalatAlur, jalankan_transisi, periksa_boleh_isi
from kinerja.antrean import DIKEMBALIKAN, ISI, SETUJUI, TEMUAN, VERIFIKASI, menunggu, periode_aktif
from kinerja.models import JendelaEntri, StatusPeriode, TemuanReviu
from reviu.ruang import tambah_komentar, ubah_status
from sakip.models import Pemberitahuan
from sakip.tugas import kerjakan_semua
from tests.factories import OPDFactory, PenggunaFactory
from tests.test_realisasi_grid import opd, operator  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
S = StatusPeriode.Status


@pytest.fixture
def orang(dua_opd):
    a, a2, b = dua_opd["a"], dua_opd["a2"], dua_opd["b"]
    return {
        "op": PenggunaFactory(username="op.a", opd=a, email="op.a@contoh.go.id"),
        "op_tanpa_surel": PenggunaFactory(username="op2.a", opd=a, email=""),
        "kadis": PenggunaFactory(username="kadis.a", pimpinan=True, opd=a, email="kadis.a@contoh.go.id"),
        "irban": PenggunaFactory(username="irban.a", reviewer=True, pemda=a.pemda, email="irban@contoh.go.id"),
        "op_a2": PenggunaFactory(username="op.a2", opd=a2, email="op.a2@contoh.go.id"),
        "kadis_a2": PenggunaFactory(username="kadis.a2", pimpinan=True, opd=a2),
        "irban_b": PenggunaFactory(username="irban.b", reviewer=True, pemda=b.pemda, email="irban.b@contoh.go.id"),
        "op_b": PenggunaFactory(username="op.b", opd=b),
    }


def ringkas(tugas):
    return [(t.jenis, t.opd.kode, t.tahun, t.periode) for t in tugas]


def status(kantor, periode, st, tahun=2024):
    return StatusPeriode.objects.create(opd=kantor, tahun=tahun, periode=periode, status=st)


def penerima(teks_sebagian):
    return sorted(
        Pemberitahuan.objects.filter(teks__contains=teks_sebagian).values_list("penerima__username", flat=True)
    )


# --- the work list -------------------------------------------------------------------------


def test_pimpinan_sees_the_periods_submitted_by_own_office_only(dua_opd, orang):
    status(dua_opd["a"], "TW3", S.DIAJUKAN)
    status(dua_opd["a"], "TW2", S.DISETUJUI)
    status(dua_opd["a2"], "TW3", S.DIAJUKAN)
    status(dua_opd["b"], "TW3", S.DIAJUKAN)
    tugas = menunggu(orang["kadis"])
    assert ringkas(tugas) == [(SETUJUI, "dinas-a", 2024, "TW3")]
    assert tugas[0].tautan == "/opd/dinas-a/realisasi/2024/TW3/#alur-persetujuan"


def test_reviewer_sees_approved_periods_and_open_findings_of_own_pemda(dua_opd, orang):
    status(dua_opd["a"], "TW3", S.DISETUJUI)
    status(dua_opd["a2"], "TW1", S.DISETUJUI)
    status(dua_opd["a2"], "TW2", S.DIAJUKAN)
    status(dua_opd["b"], "TW3", S.DISETUJUI)
    for kantor, st in ((dua_opd["a"], "terbuka"), (dua_opd["a"], "terbuka"), (dua_opd["a2"], "diterima")):
        TemuanReviu.objects.create(
            opd=kantor, tahun=2024, periode="TW3", objek="umum", kode="komentar", pesan="x", status=st
        )
    TemuanReviu.objects.create(opd=dua_opd["b"], tahun=2024, periode="TW3", objek="umum", kode="komentar", pesan="x")
    tugas = menunggu(orang["irban"])
    assert ringkas(tugas) == [
        (VERIFIKASI, "dinas-a", 2024, "TW3"),
        (VERIFIKASI, "dinas-a2", 2024, "TW1"),
        (TEMUAN, "dinas-a", 2024, "TW3"),
    ]
    assert tugas[2].jumlah == 2 and tugas[2].tautan == "/opd/dinas-a/reviu/2024/TW3/"
    assert ringkas(menunggu(orang["irban_b"])) == [
        (VERIFIKASI, "dinas-b", 2024, "TW3"),
        (TEMUAN, "dinas-b", 2024, "TW3"),
    ]


def test_operator_sees_open_windows_returned_periods_and_findings(dua_opd, orang):
    a = dua_opd["a"]
    hari_ini = timezone.localdate()
    hari = datetime.timedelta(days=1)
    JendelaEntri.objects.create(
        pemda=a.pemda, tahun=2024, periode="TW3", mulai=hari_ini - hari, selesai=hari_ini + 9 * hari
    )
    JendelaEntri.objects.create(
        pemda=a.pemda, tahun=2024, periode="TW2", mulai=hari_ini - 9 * hari, selesai=hari_ini - hari
    )
    JendelaEntri.objects.create(pemda=a.pemda, tahun=2024, periode="TW4", mulai=hari_ini, selesai=hari_ini + 20 * hari)
    # (A submitted period, and the earlier ones it freezes, are not offered: the test below.)
    jalankan_transisi(orang["op"], a, 2024, "TW1", "ajukan", yakin=True)
    jalankan_transisi(orang["kadis"], a, 2024, "TW1", "kembalikan", catatan="Bukti TW1 belum lengkap")
    TemuanReviu.objects.create(opd=a, tahun=2024, periode="TW1", objek="umum", kode="komentar", pesan="cek")
    tugas = menunggu(orang["op"])
    assert ringkas(tugas) == [
        (DIKEMBALIKAN, "dinas-a", 2024, "TW1"),
        (TEMUAN, "dinas-a", 2024, "TW1"),
        (ISI, "dinas-a", 2024, "TW3"),
        (ISI, "dinas-a", 2024, "TW4"),
    ]
    assert "Bukti TW1 belum lengkap" in tugas[0].keterangan
    assert tugas[2].batas == hari_ini + 9 * hari and tugas[2].tautan == "/opd/dinas-a/realisasi/2024/TW3/"
    # The other office of the same Pemda has the same window, but not this office's returns or findings.
    assert ringkas(menunggu(orang["op_a2"])) == [(ISI, "dinas-a2", 2024, "TW3"), (ISI, "dinas-a2", 2024, "TW4")]
    assert menunggu(orang["op_b"]) == []


def test_the_work_list_reads_a_fixed_number_of_queries(dua_opd, orang, django_assert_max_num_queries):
    pemda = dua_opd["a"].pemda
    hari_ini = timezone.localdate()
    JendelaEntri.objects.create(pemda=pemda, tahun=2024, periode="TW3", mulai=hari_ini, selesai=hari_ini)
    for i in range(30):
        o = OPDFactory(pemda=pemda, kode=f"dinas-{i}")
        status(o, "TW2", S.DISETUJUI)
        status(o, "TW1", S.DIAJUKAN)
        TemuanReviu.objects.create(opd=o, tahun=2024, periode="TW2", objek="umum", kode="komentar", pesan="x")
    with django_assert_max_num_queries(4):
        assert len(menunggu(orang["irban"])) == 60
    superuser = PenggunaFactory(is_superuser=True, opd=None, peran="")
    with django_assert_max_num_queries(6):
        assert len(menunggu(superuser)) >= 90


def test_home_page_shows_the_work_list_within_a_budget(client, dua_opd, orang, django_assert_max_num_queries):
    pemda = dua_opd["a"].pemda
    for i in range(25):
        status(OPDFactory(pemda=pemda, kode=f"dinas-{i}"), "TW2", S.DISETUJUI)
    client.force_login(orang["irban"])
    client.get(reverse("beranda"))  # warm the session
    with django_assert_max_num_queries(30):
        html = client.get(reverse("beranda")).text
    assert html.count('class="tugas tugas-verifikasi"') == 25
    assert 'href="/opd/dinas-7/realisasi/2024/TW2/#alur-persetujuan"' in html


def test_home_page_opens_on_the_latest_period_with_activity_and_its_chips_are_links(client, dua_opd, orang):
    from kinerja.models import PerjanjianKinerja
    from tests.factories import JabatanFactory

    a = dua_opd["a"]
    PerjanjianKinerja.objects.create(
        opd=a, jabatan=JabatanFactory(opd=a), tahun=2024, tanggal=datetime.date(2024, 1, 2)
    )
    assert periode_aktif([a.pk], 2024) is None
    status(a, "TW2", S.DIVERIFIKASI)
    status(a, "TW4", S.DIAJUKAN)
    status(a, "S1", S.DISETUJUI)
    assert periode_aktif([a.pk], 2024) == "TW4"
    assert periode_aktif([a.pk], 2023) is None
    client.force_login(orang["kadis"])
    html = client.get(reverse("beranda")).text
    assert '<option value="TW4" selected>' in html
    assert (
        f'<a class="tag tag-setujui" href="/opd/{a.kode}/realisasi/2024/TW4/#alur-persetujuan">menyetujui</a>' in html
    )
    client.force_login(orang["irban"])
    html = client.get(reverse("beranda") + "?periode=TW2").text
    assert f'<a class="tag tag-reviu" href="/opd/{a.kode}/reviu/2024/TW2/">mereviu</a>' in html
    client.force_login(orang["op"])
    html = client.get(reverse("beranda")).text
    assert f'<a class="tag tag-ubah" href="/opd/{a.kode}/realisasi/2024/TW4/">mengisi data</a>' in html


# --- notices ---------------------------------------------------------------------------------


def test_each_step_tells_the_right_people(dua_opd, orang):
    a = dua_opd["a"]
    jalankan_transisi(orang["op"], a, 2024, "TW3", "ajukan", yakin=True)
    assert penerima("diajukan") == ["kadis.a"]
    jalankan_transisi(orang["kadis"], a, 2024, "TW3", "setujui")
    assert penerima("disetujui pimpinan") == ["irban.a", "op.a", "op2.a"]
    jalankan_transisi(orang["irban"], a, 2024, "TW3", "kembalikan", catatan="Angka TW3 ganjil")
    assert penerima("dikembalikan ke draf") == ["kadis.a", "op.a", "op2.a"]
    assert "Alasan: Angka TW3 ganjil" in Pemberitahuan.objects.filter(teks__contains="dikembalikan").first().teks
    jalankan_transisi(orang["op"], a, 2024, "TW3", "ajukan", yakin=True)
    jalankan_transisi(orang["kadis"], a, 2024, "TW3", "setujui")
    jalankan_transisi(orang["irban"], a, 2024, "TW3", "verifikasi", catatan="Dibahas")
    assert penerima("diverifikasi") == ["kadis.a", "op.a", "op2.a"]
    jalankan_transisi(orang["irban"], a, 2024, "TW3", "buka", catatan="Salah ketik")
    assert penerima("dibuka kembali") == ["kadis.a", "op.a", "op2.a"]
    # Nobody of another office, nor of another Pemda, is ever told.
    assert not Pemberitahuan.objects.filter(
        penerima__in=[orang["op_a2"], orang["kadis_a2"], orang["irban_b"], orang["op_b"]]
    ).exists()
    assert Pemberitahuan.objects.first().tautan == "/opd/dinas-a/realisasi/2024/TW3/#alur-persetujuan"


def test_findings_tell_the_office_and_answers_tell_the_reviewers(dua_opd, orang):
    a = dua_opd["a"]
    temuan = tambah_komentar(orang["irban"], a, 2024, "TW3", "umum", "Bukti kegiatan belum diunggah")
    assert penerima("komentar reviu baru") == ["op.a", "op2.a"]
    irban2 = PenggunaFactory(username="irban2.a", reviewer=True, pemda=a.pemda)
    ubah_status(temuan, "diterima", "Sudah dijelaskan OPD", orang["irban"])
    assert penerima("diterima dengan alasan") == ["irban2.a", "op.a", "op2.a"]
    assert irban2.pemberitahuan_set.get().tautan == "/opd/dinas-a/reviu/2024/TW3/"


def test_mail_goes_after_commit_to_those_with_an_address(dua_opd, orang, django_capture_on_commit_callbacks):
    a = dua_opd["a"]
    with django_capture_on_commit_callbacks(execute=True):
        jalankan_transisi(orang["op"], a, 2024, "TW3", "ajukan", yakin=True)
        assert mail.outbox == []  # nothing before the commit
    assert mail.outbox == []  # queued with the change, mailed by the worker
    assert DBTaskResult.objects.filter(task_path="sakip.pemberitahuan.surel").count() == 1
    assert kerjakan_semua() == 1
    assert [m.to for m in mail.outbox] == [["kadis.a@contoh.go.id"]]
    assert "diajukan" in mail.outbox[0].subject and "/opd/dinas-a/realisasi/2024/TW3/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jalankan_transisi(orang["kadis"], a, 2024, "TW3", "setujui")
    kerjakan_semua()
    # op2.a has no address: a notice, no mail.
    assert sorted(m.to[0] for m in mail.outbox) == ["irban@contoh.go.id", "op.a@contoh.go.id"]


def test_a_failing_mail_does_not_undo_the_step(dua_opd, orang, django_capture_on_commit_callbacks, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with caplog.at_level(logging.ERROR):
        with django_capture_on_commit_callbacks(execute=True):
            jalankan_transisi(orang["op"], dua_opd["a"], 2024, "TW3", "ajukan", yakin=True)
        kerjakan_semua()
    assert StatusPeriode.objects.get().status == S.DIAJUKAN
    assert "Surel pemberitahuan gagal" in caplog.text


def test_notice_page_bell_and_marking_read(client, dua_opd, orang, django_assert_max_num_queries):
    a = dua_opd["a"]
    jalankan_transisi(orang["op"], a, 2024, "TW3", "ajukan", yakin=True)
    jalankan_transisi(orang["op"], a, 2024, "TW2", "ajukan", yakin=True)
    client.force_login(orang["kadis"])
    html = client.get(reverse("beranda")).text
    assert 'aria-label="Pemberitahuan: 2 belum dibaca"' in html
    html = client.get(reverse("pemberitahuan_daftar")).text
    assert html.count("belum dibaca</span>") == 2
    assert Pemberitahuan.objects.filter(dibaca__isnull=True).count() == 2  # a GET marks nothing
    p = Pemberitahuan.objects.filter(teks__contains="Triwulan III").get()
    r = client.post(reverse("pemberitahuan_buka", args=[p.pk]))
    assert r.status_code == 302 and r.url == "/opd/dinas-a/realisasi/2024/TW3/#alur-persetujuan"
    p.refresh_from_db()
    assert p.dibaca is not None
    assert 'aria-label="Pemberitahuan: 1 belum dibaca"' in client.get(reverse("beranda")).text
    client.post(reverse("pemberitahuan_baca_semua"))
    assert not Pemberitahuan.objects.filter(dibaca__isnull=True).exists()
    # Another user's notice: 404, and it is not listed.
    client.force_login(orang["kadis_a2"])
    assert client.post(reverse("pemberitahuan_buka", args=[p.pk])).status_code == 404
    assert "Triwulan III" not in client.get(reverse("pemberitahuan_daftar")).text
    assert client.get(reverse("pemberitahuan_buka", args=[p.pk])).status_code == 405


def test_the_bell_costs_one_query(client, dua_opd, orang, django_assert_num_queries):
    client.force_login(orang["kadis"])
    client.get(reverse("pemberitahuan_daftar"))
    # session + user + the list + the bell's count
    with django_assert_num_queries(4):
        client.get(reverse("pemberitahuan_daftar"))


# --- the status at the top of the pages ------------------------------------------------------


def test_realisation_page_and_review_workspace_show_the_status_on_top(client, opd, operator):  # noqa: F811
    pimpinan = PenggunaFactory(pimpinan=True, opd=opd)
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    jalankan_transisi(operator, opd, 2024, "TW3", "ajukan", yakin=True)
    client.force_login(pimpinan)
    html = client.get(reverse("realisasi_grid", args=[opd.kode, 2024, "TW3"])).text
    bar = html[html.index('<nav class="bar-alur"') : html.index("</nav>", html.index('<nav class="bar-alur"'))]
    assert 'href="#transisi-setujui"' in bar and 'href="#transisi-kembalikan"' in bar
    assert html.index('class="bar-alur"') < html.index('id="grid-realisasi"') < html.index('id="alur-persetujuan"')
    jalankan_transisi(pimpinan, opd, 2024, "TW3", "setujui")
    client.force_login(reviewer)
    html = client.get(reverse("ruang_reviu", args=[opd.kode, 2024, "TW3"])).text
    assert "Disetujui pimpinan" in html
    assert f'href="/opd/{opd.kode}/realisasi/2024/TW3/#transisi-verifikasi"' in html
    assert f'href="/opd/{opd.kode}/realisasi/2024/TW3/#alur-persetujuan"' in html
    # The operator, who acts on nothing now, sees the status and no action.
    jalankan_transisi(reviewer, opd, 2024, "TW3", "kembalikan", catatan="Lengkapi bukti")
    client.force_login(operator)
    html = client.get(reverse("realisasi_grid", args=[opd.kode, 2024, "TW3"])).text
    bar = html[html.index('<nav class="bar-alur"') : html.index("</nav>", html.index('<nav class="bar-alur"'))]
    assert "Lengkapi bukti" in bar and 'href="#transisi-ajukan"' in bar


def test_a_typed_reason_with_line_breaks_still_mails(dua_opd, orang, django_capture_on_commit_callbacks):
    # The return reason is typed by the pimpinan and goes into the subject: a newline in a mail
    # header is refused by Django, which would lose the mail.
    a = dua_opd["a"]
    jalankan_transisi(orang["op"], a, 2024, "TW3", "ajukan", yakin=True)
    kerjakan_semua()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jalankan_transisi(orang["kadis"], a, 2024, "TW3", "kembalikan", catatan="Baris 1\r\nBaris 2\nBcc: x@y.z")
    kerjakan_semua()
    assert [m.to for m in mail.outbox] == [["op.a@contoh.go.id"]]
    assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject


def test_a_period_frozen_by_a_later_submission_is_not_offered_for_entry(dua_opd, orang):
    # The work list offers a period for entry only where the save would take it (alur.periksa_boleh_isi):
    # a submitted year freezes its quarters even inside their entry window.
    a2 = dua_opd["a2"]
    hari_ini = timezone.localdate()
    for periode in ("TW3", "TW4"):
        JendelaEntri.objects.create(
            pemda=a2.pemda, tahun=2024, periode=periode, mulai=hari_ini, selesai=hari_ini + datetime.timedelta(9)
        )
    assert ringkas(menunggu(orang["op_a2"])) == [(ISI, "dinas-a2", 2024, "TW3"), (ISI, "dinas-a2", 2024, "TW4")]
    status(a2, "TAHUN", S.DIAJUKAN)
    assert menunggu(orang["op_a2"]) == []
    with pytest.raises(GalatAlur, match="terkunci"):
        periksa_boleh_isi(orang["op_a2"], a2, 2024, "TW4")
