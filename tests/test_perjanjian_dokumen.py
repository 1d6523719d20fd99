"""The Perjanjian Kinerja document (issue #17 item 5): the selector's values, the command, the
download on the PK page and its access."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from kinerja.models import PerjanjianKinerja
from laporan.perjanjian import dokumen_opd, html_dokumen, susun_dokumen, urutan_jabatan
from pertukaran.muat import impor_data_opd
from sakip.models import OPD, Jabatan
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory

pytestmark = pytest.mark.django_db

KABID = "Kepala Bidang Pelayanan Pendaftaran Penduduk"
NIP_KEPALA, NIP_KABID = "197809271998021001", "198203152006042002"


@pytest.fixture
def opd():
    """The test office with a head's PK and its perubahan (range and predicate targets) and an
    acting kabid's PK under it, with budget items linked to both."""
    d = dokumen()
    s1, sp = d["renstra"]["sasaran"]
    s1["indikator"] += [
        {"kode": "IKU3", "nama": "Lama layanan akta", "satuan": "hari", "arah": "rentang", "target": {"2024": "3"}},
        {
            "kode": "IKU4",
            "nama": "Predikat SAKIP dinas",
            "satuan": "predikat",
            "jenis_nilai": "predikat",
            "skala_predikat": "sakip",
            "target": {"2024": "BB"},
        },
    ]
    s1["indikator"][2]["target_atas"] = {"2024": "5"}
    sp["indikator"] = [
        {"kode": "IKP1", "nama": "Persentase KTP-el tepat waktu", "satuan": "%", "target": {"2024": "95"}}
    ]
    d["pejabat"].append(
        {
            "nama": "Siti Aminah, S.Kom.",
            "nip": NIP_KABID,
            "pangkat": "Penata Tingkat I",
            "golongan": "III/d",
            "jabatan": KABID,
            "jenis": "plt",
            "mulai": "2023-01-01",
        }
    )
    d["perjanjian_kinerja"] += [
        {
            "tahun": 2024,
            "jabatan": "Kepala Dinas",
            "versi": 1,
            "status": "ditetapkan",
            "tanggal": "2024-10-01",
            "alasan": "Perubahan APBD 2024",
            "pejabat": NIP_KEPALA,
            "item": [
                {"sasaran": "S1", "indikator": "IKU1", "target": "99.5"},
                {"sasaran": "S1", "indikator": "IKU2", "target": "100"},
                {"sasaran": "S1", "indikator": "IKU3", "target": "3", "target_atas": "5"},
                {"sasaran": "S1", "indikator": "IKU4", "target": None, "target_teks": "BB"},
            ],
        },
        {
            "tahun": 2024,
            "jabatan": KABID,
            "versi": 0,
            "status": "ditetapkan",
            "tanggal": "2024-01-03",
            "pejabat": NIP_KABID,
            "pk_atasan": {"jabatan": "Kepala Dinas", "versi": 0},
            "item": [{"sasaran": "S1.P1", "indikator": "IKP1", "target": "95"}],
        },
    ]
    # The kabid's indicator is served by the kegiatan under the head's program.
    d["anggaran"][1]["indikator_didukung"] = ["IKP1"]
    hasil = impor_data_opd(d)
    assert hasil.berhasil, hasil.galat
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


def test_the_office_set_is_head_first_then_the_cascade_with_the_versions_in_force(opd):
    kumpulan = dokumen_opd(opd, 2024)
    kepala, kabid = kumpulan.dokumen
    assert [j.nama for j in urutan_jabatan(opd)] == ["Kepala Dinas", KABID]

    # The head's perubahan is in force at year end; the head signs with the head of region.
    assert (kepala.judul, kepala.perubahan, kepala.tanggal) == (
        "Perjanjian Kinerja Perubahan 1 Tahun 2024",
        True,
        datetime.date(2024, 10, 1),
    )
    assert kepala.tempat == "Uji"  # a kota without a stored capital: its own name
    assert kepala.unit == opd.nama
    p1, p2 = kepala.pihak_pertama, kepala.pihak_kedua
    assert (p1.awalan, p1.nama, p1.nip, p1.pangkat) == (
        "",
        "Pujo Agung Satrio, S.STP., M.Si.",
        NIP_KEPALA,
        "Pembina Utama Muda (IV/c)",
    )
    assert p1.jabatan == "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Uji"
    assert (p2.jabatan, p2.nama, p2.nip) == ("Wali Kota Uji", None, None)  # no name stored: a blank line

    (sasaran,) = kepala.sasaran
    target = {i.nama: (i.target, i.target_atas, i.satuan) for i in sasaran.indikator}
    assert target["Persentase penduduk ber-KTP-el"] == (D("99.5"), None, "%")
    assert target["Lama layanan akta"] == (D(3), D(5), "hari")
    assert target["Predikat SAKIP dinas"] == ("BB", None, "predikat")
    # The pagu in force on 1 October: the program's perubahan of 1 September.
    assert [(a.kode, a.tingkat, a.pagu) for a in kepala.anggaran] == [
        ("2.12.02", "program", D("437286032")),
        ("2.12.03", "program", D("120000000")),
    ]
    assert kepala.pagu == D("557286032")

    # The acting kabid signs with the head of office (the parent PK's position and holder).
    assert (kabid.judul, kabid.perubahan, kabid.eselon) == ("Perjanjian Kinerja Tahun 2024", False, "III")
    assert (kabid.pihak_pertama.awalan, kabid.pihak_pertama.nama, kabid.pihak_pertama.nip) == (
        "Plt. ",
        "Siti Aminah, S.Kom.",
        NIP_KABID,
    )
    assert kabid.unit == kabid.pihak_pertama.jabatan and kabid.unit.startswith(KABID)
    assert (kabid.pihak_kedua.jabatan, kabid.pihak_kedua.nama, kabid.pihak_kedua.nip) == (
        "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Uji",
        "Pujo Agung Satrio, S.STP., M.Si.",
        NIP_KEPALA,
    )
    # Its kegiatan, at the murni pagu in force on 3 January.
    assert [(a.kode, a.tingkat, a.pagu) for a in kabid.anggaran] == [("2.12.02.2.01", "kegiatan", D("400000000"))]


def test_the_original_pk_shows_the_pagu_of_its_date_and_the_ibu_kota(opd):
    opd.pemda.ibu_kota, opd.pemda.nama_kepala_daerah = "Kota Baru", "Dr. H. Wali, M.M."
    opd.pemda.save()
    awal = PerjanjianKinerja.objects.get(jabatan__nama="Kepala Dinas", versi=0)
    (pk,) = susun_dokumen(opd, 2024, [awal]).dokumen
    assert (pk.judul, pk.perubahan, pk.tempat) == ("Perjanjian Kinerja Tahun 2024", False, "Kota Baru")
    assert pk.pihak_kedua.nama == "Dr. H. Wali, M.M."
    assert [a.pagu for a in pk.anggaran] == [D("400000000"), D("120000000")]
    assert pk.pagu == D("520000000")


def test_the_html_formats_dates_nip_targets_and_amounts(opd):
    html = html_dokumen(dokumen_opd(opd, 2024))
    for teks in (
        "Perjanjian Kinerja Perubahan 1 Tahun 2024",
        "Uji, 1 Oktober 2024",
        "Uji, 3 Januari 2024",
        "NIP. 19780927 199802 1 001",
        "NIP. 19820315 200604 2 002",
        "Pembina Utama Muda (IV/c)",
        "Penata Tingkat I (III/d)",
        "Plt. KEPALA BIDANG",
        "3 – 5",
        ">BB<",
        "437.286.032",
        "557.286.032",
        "400.000.000",
        "(………………………………………)",  # the head of region's name is not stored
    ):
        assert teks in html, teks
    assert html.count('class="pk-dokumen"') == 2


def _teks_pdf(berkas):
    pdf = PdfReader(berkas)
    return len(pdf.pages), "\n".join(h.extract_text() for h in pdf.pages)


def test_command_prints_one_jabatan(opd, tmp_path):
    kabid = Jabatan.objects.get(opd=opd, nama=KABID)
    keluar = tmp_path / "pk.pdf"
    call_command(
        "perjanjian_kinerja", "--opd", "dinas-uji", "--tahun", "2024", "--jabatan", str(kabid.pk),
        "--format", "pdf", "--output", str(keluar), stderr=io.StringIO(),
    )  # fmt: skip
    halaman, teks = _teks_pdf(keluar)
    assert halaman == 2  # the statement and its appendix
    for kata in ("PIHAK PERTAMA", "PIHAK KEDUA", "Siti Aminah", "19820315 200604 2 002", "Pujo Agung Satrio"):
        assert kata in teks, kata
    assert "PERJANJIAN KINERJA TAHUN 2024" in teks


def test_command_prints_every_pk_of_the_office(opd, tmp_path):
    keluar = tmp_path / "semua.pdf"
    call_command(
        "perjanjian_kinerja", "--opd", "dinas-uji", "--tahun", "2024", "--semua",
        "--format", "pdf", "--output", str(keluar), stderr=io.StringIO(),
    )  # fmt: skip
    halaman, teks = _teks_pdf(keluar)
    assert halaman >= 2 * 2  # each PK starts a page, its appendix another
    assert "PERJANJIAN KINERJA PERUBAHAN 1 TAHUN 2024" in teks
    assert teks.index("19780927 199802 1 001") < teks.index("19820315 200604 2 002")  # the head first
    for kata in ("PIHAK PERTAMA", "PIHAK KEDUA", "WALI KOTA UJI", "Siti Aminah"):
        assert kata in teks, kata

    html = tmp_path / "semua.html"
    call_command("perjanjian_kinerja", "--opd", "dinas-uji", "--tahun", "2024", "--semua", "--format", "html",
                 "--output", str(html))  # fmt: skip
    assert html.read_text(encoding="utf-8").count('class="pk-dokumen"') == 2


@pytest.mark.parametrize(
    "argumen, pesan",
    [
        (["--tahun", "2024"], "Pilih salah satu"),
        (["--tahun", "2024", "--semua", "--jabatan", "1"], "Pilih salah satu"),
        (["--tahun", "2030", "--semua", "--format", "html"], "Belum ada Perjanjian Kinerja 2030"),
        (["--tahun", "2024", "--jabatan", "abc"], "bukan id jabatan"),
        (["--tahun", "2024", "--jabatan", "999999"], "tidak ada di"),
        (["--tahun", "2024", "--semua", "--format", "docx"], "tidak dikenal"),
        (["--tahun", "2024", "--semua", "--format", "pdf"], "memerlukan --output"),
    ],
)
def test_command_errors_are_indonesian(opd, argumen, pesan):
    with pytest.raises(CommandError, match=pesan):
        call_command("perjanjian_kinerja", "--opd", "dinas-uji", *argumen)


def test_a_jabatan_of_another_office_is_refused(opd):
    lain = OPDFactory(kode="dinas-lain")
    jabatan = Jabatan.objects.create(opd=lain, nama="Kepala Dinas", eselon="II")
    with pytest.raises(CommandError, match="tidak ada di"):
        call_command("perjanjian_kinerja", "--opd", "dinas-uji", "--tahun", "2024", "--jabatan", str(jabatan.pk))


def test_pk_page_links_the_pdf_and_the_download_keeps_to_the_office(client, opd):
    perubahan = PerjanjianKinerja.objects.get(jabatan__nama="Kepala Dinas", versi=1)
    satu = reverse("perjanjian_pdf", args=["dinas-uji", 2024, perubahan.pk])
    semua = reverse("perjanjian_pdf_opd", args=["dinas-uji", 2024])

    client.force_login(PenggunaFactory(opd=opd))
    halaman = client.get(reverse("pk_editor", args=["dinas-uji", 2024])).text
    assert f'href="{satu}"' in halaman and f'href="{semua}"' in halaman
    for url, jumlah in ((satu, 1), (semua, 2)):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert len(PdfReader(io.BytesIO(response.content)).pages) == 2 * jumlah
    assert client.get(reverse("perjanjian_pdf_opd", args=["dinas-uji", 2031])).status_code == 404
    assert client.get(reverse("perjanjian_pdf", args=["dinas-uji", 2023, perubahan.pk])).status_code == 404
    assert client.post(satu).status_code == 405

    # Another office's user: 404, whether by the office's code or by the PK's id under its own.
    lain = OPDFactory(kode="dinas-lain")
    client.force_login(PenggunaFactory(opd=lain))
    assert client.get(satu).status_code == 404
    assert client.get(semua).status_code == 404
    assert client.get(reverse("perjanjian_pdf", args=["dinas-lain", 2024, perubahan.pk])).status_code == 404
    client.logout()
    assert client.get(satu).status_code == 302  # to the login page
