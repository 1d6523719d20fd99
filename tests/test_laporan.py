"""The LKjIP as data: every figure equals the measurement and the budget, the chapters and the seven
analyses are there, both layouts, labels follow the year, signatories, and the `lkjip` command."""

import datetime
import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from anggaran import ringkasan as modul_anggaran
from kinerja import pengukuran as modul_pengukuran
from laporan.bab import URUTAN_ANALISIS, susun_laporan
from laporan.cetak import html_cetak
from laporan.data import Lkjip, ke_json
from laporan.models import Bagian, Laporan, Narasi, PengaturanLaporan, TataLetak
from laporan.templatetags.laporan_tags import grafik
from pertukaran.muat import impor_data_opd
from sakip.models import OPD, Jabatan, Pejabat, Penugasan
from tests.data_opd_contoh import dokumen
from tests.persetujuan import setujui
from tests.test_demo import HARAPAN, muat

pytestmark = pytest.mark.django_db

TUJUH_ANALISIS = {"target_realisasi", "tren", "target_akhir", "pembanding", "penyebab", "efisiensi", "program"}


def laporan_demo(kode):
    muat(kode)
    h = HARAPAN[kode]
    opd = OPD.objects.select_related("pemda").get(kode=kode)
    return opd, h, ke_json(susun_laporan(opd, h["tahun"], h["periode"]))


def susun_json(opd, tahun, periode="TAHUN"):
    """The report data in its JSON form (what `lkjip --format json` prints)."""
    return ke_json(susun_laporan(opd, tahun, periode))


def anggaran_datar(program):
    """(kode, pagu, realisasi, serapan) of every node of the budget tree, in order."""
    hasil = []
    for node in program:
        hasil.append((node["kode"], node["pagu"], node["realisasi"], node["serapan"]))
        hasil += anggaran_datar(node.get("kegiatan", []) + node.get("sub_kegiatan", []))
    return hasil


@pytest.mark.parametrize("kode", list(HARAPAN))
def test_chapter_data_equals_the_measurement_and_the_budget(kode):
    opd, h, data = laporan_demo(kode)
    ukur = modul_pengukuran.sebagai_dict(modul_pengukuran.ukur_opd(opd, h["tahun"], h["periode"]))
    anggaran = modul_anggaran.sebagai_dict(modul_anggaran.ringkas_anggaran(opd, h["tahun"], h["periode"]))

    assert (data["capaian"], data["kategori"], data["metodologi"]) == (
        ukur["capaian"],
        ukur["kategori"],
        ukur["metodologi"],
    )
    for s, su in zip(data["sasaran"], ukur["sasaran"], strict=True):
        assert (s["uraian"], s["capaian"], s["kategori"]) == (su["uraian"], su["capaian"], su["kategori"])
        for i, iu in zip(s["indikator"], su["indikator"], strict=True):
            assert {k: i[k] for k in iu} == iu  # every key sebagai_dict prints, with the same value
    assert [(i["nama"], i["capaian"]) for s in data["sasaran"] for i in s["indikator"]] == h["indikator"]

    keuangan = data["bab"][2]["keuangan"]
    assert (keuangan["pagu"], keuangan["realisasi"], keuangan["serapan"]) == h["total"]
    assert [(b["kode"], b["pagu"], b["realisasi"], b["serapan"]) for b in keuangan["baris"]] == anggaran_datar(
        anggaran["program"]
    )
    assert keuangan["alokasi"] == anggaran["alokasi_sasaran"]
    efisiensi = [i["efisiensi"] for s in data["sasaran"] for i in s["indikator"]]
    efisiensi_sasaran = [s["efisiensi"] for s in data["sasaran"]]
    baris = [e for e in anggaran["efisiensi"] if e["indikator"]]
    assert [{k: e[k] for k in b} for e, b in zip(efisiensi, baris, strict=True)] == baris
    assert [
        {k: e[k] for k in b}
        for e, b in zip(efisiensi_sasaran, [e for e in anggaran["efisiensi"] if not e["indikator"]], strict=True)
    ] == [e for e in anggaran["efisiensi"] if not e["indikator"]]
    ringkas = data["bab"][3]["kesimpulan"]["rekap"]
    assert (ringkas["pagu"], ringkas["realisasi"], ringkas["serapan"]) == h["total"]


@pytest.mark.parametrize("kode", list(HARAPAN))
def test_json_of_the_command_is_the_chapter_data(kode):
    opd, h, data = laporan_demo(kode)
    out = StringIO()
    call_command("lkjip", "--opd", kode, "--tahun", str(h["tahun"]), "--periode", h["periode"], stdout=out)
    assert json.loads(out.getvalue()) == data


def test_the_data_is_typed_numbers_are_decimals_until_the_edge():
    muat("disdukcapil-luwu-timur")
    lap = susun_laporan(OPD.objects.get(kode="disdukcapil-luwu-timur"), 2024, "TW3")
    assert isinstance(lap, Lkjip) and isinstance(lap.tanggal, datetime.date)
    ikm = lap.sasaran[0].indikator[0]
    assert (ikm.target, ikm.realisasi, ikm.capaian) == (Decimal("81.33"), Decimal("79.143"), Decimal("97.31"))
    keuangan = lap.bab[2].keuangan
    assert all(isinstance(x, Decimal) for x in (keuangan.pagu, keuangan.realisasi, keuangan.serapan))
    assert all(isinstance(b.pagu, Decimal) for b in keuangan.baris)
    # The JSON form writes each Decimal as its string, unchanged.
    data = ke_json(lap)
    assert data["sasaran"][0]["indikator"][0]["realisasi"] == "79.143"
    assert data["bab"][2]["keuangan"]["pagu"] == str(keuangan.pagu)


@pytest.mark.parametrize("kode", list(HARAPAN))
def test_chapters_the_seven_analyses_per_sasaran_tables_and_charts(kode):
    muat(kode)
    h = HARAPAN[kode]
    lap = susun_laporan(OPD.objects.select_related("pemda").get(kode=kode), h["tahun"], h["periode"])
    data = ke_json(lap)
    assert [b["nomor"] for b in data["bab"]] == ["BAB I", "BAB II", "BAB III", "BAB IV"]
    assert [b["judul"] for b in data["bab"]] == [
        "Pendahuluan",
        "Perencanaan Kinerja",
        "Akuntabilitas Kinerja",
        "Penutup",
    ]
    assert data["kata_pengantar"]["paragraf"] and data["ikhtisar"]["paragraf"]
    assert data["lampiran"]["pk"]["ttd"]["pihak_pertama"]["nip"]
    for s in data["sasaran"]:
        jenis = [b["jenis"] for b in s["blok"]]
        assert jenis == URUTAN_ANALISIS[TataLetak.PERMENPANRB]
        assert set(jenis) >= TUJUH_ANALISIS
        assert all(i["narasi"]["isi"] for i in s["indikator"])  # causes and solutions, drafted
        assert all(len(i["riwayat"]) >= 1 and i["riwayat"][-1]["tahun"] == h["tahun"] for i in s["indikator"])
    nomor = [t["nomor"] for t in data["daftar_tabel"]]
    assert len(nomor) == len(set(nomor))
    assert [n for n in nomor if n.startswith("3.")] == [
        f"3.{i}" for i in range(1, 1 + sum(n.startswith("3.") for n in nomor))
    ]
    # Every table and figure listed is in the document, with its anchor.
    html = html_cetak(lap)
    for t in data["daftar_tabel"]:
        assert f'id="{t["id"]}">Tabel {t["nomor"]} ' in html
    gambar = [i for s in data["sasaran"] for i in s["indikator"] if i.get("gambar")]
    assert html.count('<div class="tanda-draf"') == 1  # the demo's data is not approved: the mark, an image
    # the trend charts and the organisation chart of Bab I (Gambar 1.1)
    assert gambar and html.count("<svg") == len(gambar) + 1 == len(data["daftar_gambar"])
    svg = grafik(next(i for i in lap.semua_indikator if i.gambar))
    assert svg.startswith("<svg") and "<rect" in svg and gambar[0]["nama"] in svg


def test_luwu_timur_quarterly_report_labels_and_data_vintage():
    opd, h, data = laporan_demo("disdukcapil-luwu-timur")
    assert data["judul"] == "Laporan Kinerja" and data["periode_judul"] == "Triwulan III Tahun 2024"
    assert data["kolom"] == {"target": "Target TW III 2024", "realisasi": "Realisasi s.d. TW III 2024"}
    assert data["tanggal"] == "2024-10-01"  # the day after the quarter, until the office sets it
    ikm = data["sasaran"][0]["indikator"][0]
    assert ikm["riwayat"][-1] == {
        "tahun": 2024,
        "label": "TW III 2024",
        "target": "81.33",
        "realisasi": "79.143",
        "capaian": "97.31",
        "keterangan": "IKM Semester I 2024",
    }
    assert ikm["tahun_lalu"]["realisasi"] == "81.33" and ikm["perubahan"]["label"] == "Menurun"
    sakip = data["sasaran"][2]["indikator"][0]
    # N-1: 84,50 measures 2023 and stands there once; TW III 2024's own score is not there yet.
    assert [t["realisasi"] for t in sakip["riwayat"]] == ["75.19", "75.29", "81.10", None, "84.50", None]
    assert data["bab"][3]["kesimpulan"]["rekap"]["terendah"] == [
        "Persentase ketepatan waktu penyelesaian layanan dokumen kependudukan sesuai SOP"
    ]


def test_probolinggo_table_set_1a_to_1i():
    muat("disdukcapil-probolinggo")
    opd = OPD.objects.get(kode="disdukcapil-probolinggo")
    PengaturanLaporan.objects.create(pemda=opd.pemda, tata_letak=TataLetak.TABEL_SASARAN)
    lap = susun_laporan(opd, 2024)
    data = ke_json(lap)
    assert data["tata_letak"] == "tabel_sasaran"
    s1, s2 = data["sasaran"]
    assert [b["jenis"] for b in s1["blok"]] == URUTAN_ANALISIS[TataLetak.TABEL_SASARAN]
    assert [b["tabel"]["nomor"] for b in s1["blok"]] == [f"1{h}" for h in "abcdefghi"]
    # Sasaran 2 has no national benchmark: its table is dropped, 2a..2h as in seed 004.
    assert [b["tabel"]["nomor"] for b in s2["blok"]] == [f"2{h}" for h in "abcdefgh"]
    ktp = data["sasaran"][0]["indikator"][0]
    assert ktp["efisiensi"]["efisiensi"] == "-0.07" and ktp["efisiensi"]["pagu"] == "437286032"
    assert ktp["kemajuan"]["nilai"] == "1.79" and ktp["kemajuan"]["label"] == "Meningkat"  # 99,30 − 97,51
    assert ktp["pembanding"][0]["nilai"] == "99" and ktp["pembanding"][0]["keterangan"] == "Tercapai"
    html = html_cetak(lap)
    assert "Tabel 1a Perbandingan target dan realisasi kinerja Sasaran 1" in html
    assert "Tabel 2h " in html and "Tabel 2i " not in html


def test_demo_loads_the_1a_1i_layout_for_probolinggo(settings):
    settings.DEBUG = True
    call_command("muat_demo", stdout=StringIO())
    pengaturan = PengaturanLaporan.objects.get()
    assert (pengaturan.pemda.nama, pengaturan.tata_letak) == ("Kota Probolinggo", TataLetak.TABEL_SASARAN)
    assert pengaturan.dasar_pangsa == "terkait_iku"  # Tabel 1e of seed 004: shares of the IKU programs


# --------------------------------------------------------------------------- years are data


def dua_tahun():
    """The example office with a PK for 2023 and for 2024."""
    d = dokumen()
    d["perjanjian_kinerja"].append(
        {
            "tahun": 2023,
            "jabatan": "Kepala Dinas",
            "versi": 0,
            "tanggal": "2023-01-02",
            "pejabat": "197809271998021001",
            "item": [{"sasaran": "S1", "indikator": "IKU1", "target": "98"}],
        }
    )
    assert impor_data_opd(d).berhasil
    return OPD.objects.select_related("pemda").get(kode="dinas-uji")


def test_the_same_office_in_two_years_differs_where_the_data_does():
    opd = dua_tahun()
    lap_lama, lap_baru = susun_laporan(opd, 2023), susun_laporan(opd, 2024)
    lama, baru = ke_json(lap_lama), ke_json(lap_baru)
    assert lama["kolom"]["target"] == "Target 2023" and baru["kolom"]["target"] == "Target 2024"
    assert lama["bab"][1]["pk"]["judul"] == "Perjanjian Kinerja Tahun 2023"
    ktp, akta = lama["sasaran"][0]["indikator"]
    assert ktp["capaian"] == "99.50"  # 97,51 / 98
    assert akta["sumber_target"] == "Renstra (IKU tidak ada di PK)" and akta["capaian"] is None  # no 2023 data
    assert baru["sasaran"][0]["indikator"][0]["tahun_lalu"]["capaian"] == "99.50"  # the 2023 PK target
    html_lama, html_baru = html_cetak(lap_lama), html_cetak(lap_baru)
    for teks in ("Target 2024", "Realisasi 2024", "Perjanjian Kinerja Tahun 2024", "Tahun 2024</div>"):
        assert teks in html_baru and teks not in html_lama
    assert "Perjanjian Kinerja Tahun 2023" in html_lama and "Tahun 2023</div>" in html_lama
    # Every numbered title of the 2023 report that names a year names 2023 (the Renstra period aside).
    judul = [t["judul"] for t in lama["daftar_tabel"] + lama["daftar_isi"] if "Renstra" not in t["judul"]]
    assert {int(y) for j in judul for y in re.findall(r"(?<!/)\b20\d\d\b", j)} == {2023}


def test_no_year_is_typed_in_the_templates_or_the_builders():
    app = Path(settings.BASE_DIR) / "laporan"
    berkas = list((Path(settings.BASE_DIR) / "templates" / "laporan").rglob("*.html"))
    berkas += [app / f"{m}.py" for m in ("data", "draf", "grafik", "cetak", "views", "models", "forms")]
    berkas += list((app / "bab").glob("*.py"))
    berkas += [
        app / "static" / "laporan" / "cetak.css",
        Path(settings.BASE_DIR) / "sakip" / "static" / "css" / "laporan.css",
    ]
    for p in berkas:
        assert not re.search(r"\b20(1[89]|[2-9]\d)\b", p.read_text(encoding="utf-8")), p


def test_a_draft_is_written_from_this_year_never_from_last_years_text():
    opd = dua_tahun()
    lalu = Laporan.objects.create(opd=opd, tahun=2023, periode="TAHUN")
    Narasi.objects.create(laporan=lalu, bagian=Bagian.PENUTUP, isi="Teks penutup tahun lalu.")
    data = susun_json(opd, 2024)
    penutup = data["bab"][3]["penutup"]["narasi"]
    assert penutup["draf"] and "tahun lalu" not in penutup["isi"]
    assert "Persentase kepemilikan akta kelahiran (capaian 99,03 %)" in penutup["isi"]
    assert susun_json(opd, 2023)["bab"][3]["penutup"]["narasi"] == {
        "bagian": "penutup",
        "judul": "Kendala dan langkah ke depan",
        "indikator": None,
        "isi": "Teks penutup tahun lalu.",
        "draf": False,
        "gambar": [],
    }


def test_signatories_in_office_on_the_signing_date_with_plt_prefix():
    impor_data_opd(dokumen())
    opd = OPD.objects.select_related("pemda").get(kode="dinas-uji")
    kepala = Jabatan.objects.get(opd=opd, nama="Kepala Dinas")
    Penugasan.objects.filter(jabatan=kepala).update(selesai=datetime.date(2024, 12, 31))
    plt = Pejabat.objects.create(
        pemda=opd.pemda, nama="Sari Dewi, S.E.", nip="198001012005032001", pangkat="Pembina", golongan="IV/a"
    )
    Penugasan.objects.create(jabatan=kepala, pejabat=plt, jenis="plt", mulai=datetime.date(2025, 1, 1))
    # Approved on 1 Januari (Tahun Baru): signed the next working day.
    setujui(opd, 2024, pada=datetime.date(2025, 1, 1))
    lap = susun_laporan(opd, 2024)
    data = ke_json(lap)
    assert data["tanggal"] == "2025-01-02"
    assert data["penanda_tangan"] == {
        "tempat": "",
        "tanggal": "2025-01-02",
        "awalan": "Plt. ",
        "jabatan": "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Uji",
        "nama": "Sari Dewi, S.E.",
        "pangkat": "Pembina (IV/a)",
        "nip": "198001012005032001",
    }
    ttd_pk = data["lampiran"]["pk"]["ttd"]
    assert (
        ttd_pk["pihak_pertama"]["nama"] == "Pujo Agung Satrio, S.STP., M.Si."
        and ttd_pk["pihak_pertama"]["awalan"] == ""
    )
    assert ttd_pk["pihak_kedua"]["jabatan"] == "Wali Kota Uji"
    html = html_cetak(lap)
    assert "Plt. KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA UJI" in html
    assert "NIP. 19800101 200503 2 001" in html and "Pembina (IV/a)" in html
    Laporan.objects.create(opd=opd, tahun=2024, periode="TAHUN", tanggal=datetime.date(2024, 12, 30))
    assert susun_laporan(opd, 2024).penanda_tangan.nama == "Pujo Agung Satrio, S.STP., M.Si."


# --------------------------------------------------------------------------- the command


def test_command_writes_html_and_json_files(tmp_path):
    impor_data_opd(dokumen())
    call_command("lkjip", "--opd", "dinas-uji", "--tahun", "2024", "--format", "html", "--output", tmp_path / "l.html")
    html = (tmp_path / "l.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "@page" in html and "99,30" in html
    call_command("lkjip", "--opd", "dinas-uji", "--tahun", "2024", "--output", tmp_path / "l.json")
    assert json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))["tahun"] == 2024


@pytest.mark.parametrize(
    ("argumen", "pesan"),
    [
        (["--opd", "tidak-ada", "--tahun", "2024"], "OPD dengan kode 'tidak-ada' tidak ditemukan."),
        (["--opd", "dinas-uji", "--tahun", "2019"], "Belum ada Perjanjian Kinerja"),
        (["--opd", "dinas-uji", "--tahun", "dua ribu"], "bukan angka tahun"),
        (["--opd", "dinas-uji", "--tahun", "2024", "--periode", "S1"], "Periode 'S1' tidak dikenal"),
        (["--opd", "dinas-uji", "--tahun", "2024", "--format", "odt"], "Format 'odt' tidak dikenal"),
        (["--opd", "dinas-uji", "--tahun", "2024", "--format", "pdf"], "memerlukan --output"),
    ],
)
def test_command_errors_are_in_indonesian(argumen, pesan):
    impor_data_opd(dokumen())
    with pytest.raises(CommandError, match=re.escape(pesan)):
        call_command("lkjip", *argumen, stdout=StringIO())


def test_a_quarter_is_named_as_a_period_label_not_in_lower_case():
    """ "sampai dengan Triwulan III", never "triwulan iii", in the drafted text and the printed tables."""
    muat("disdukcapil-luwu-timur")
    lap = susun_laporan(OPD.objects.select_related("pemda").get(kode="disdukcapil-luwu-timur"), 2024, "TW3")
    html = html_cetak(lap)
    assert "triwulan iii" not in html
    assert "Realisasi kumulatif sampai dengan Triwulan III." in html
    assert "dengan realisasi sampai dengan Triwulan III sebesar" in html


def test_a_count_sentence_leaves_out_a_level_with_none():
    """Musi Banyuasin's sasaran has programs and no kegiatan: "4 program", not "4 program dan 0 kegiatan"."""
    opd, _h, data = laporan_demo("disdukcapil-musi-banyuasin")
    teks = json.dumps(data, ensure_ascii=False)
    assert "didukung oleh 4 program dengan pagu Rp 5.349.731.267" in teks
    assert " 0 kegiatan" not in teks and " 0 program" not in teks and " 0 sub kegiatan" not in teks


def test_a_composite_without_component_data_says_so_in_one_line():
    """Dumai's IKU4 has six components without data: one line, not six "…: –" lines; Luwu Timur's
    composite with data lists each component's value."""
    opd, h, _data = laporan_demo("disdukcapil-dumai")
    html = html_cetak(susun_laporan(opd, h["tahun"], h["periode"]))
    assert '<div class="ket">Data 6 komponen belum diisi.</div>' in html
    assert not re.search(r'<div class="ket">· [^<]*: –</div>', html)
    opd, h, _data = laporan_demo("disdukcapil-luwu-timur")
    html = html_cetak(susun_laporan(opd, h["tahun"], h["periode"]))
    assert "komponen belum diisi" not in html
    assert len(re.findall(r'<div class="ket">· [^<]*: [0-9]', html)) >= 6
