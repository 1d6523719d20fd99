"""The document review generalises (issue #18): no false alarm on a correct report, a rule the
report does not state is not guessed ("tidak dapat diperiksa", or a finding marked not certain),
running headers do not split tables, and SAKIP's own LKjIP PDFs give no finding."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from laporan.bab import susun_laporan
from laporan.cetak import pdf_laporan
from reviu.dokumen import reviu_berkas, reviu_teks
from reviu.dokumen.cek_tabel import _rumus_efisiensi
from sakip.models import OPD
from tests.persetujuan import setujui


def _ringkas(hasil):
    return [(t.jenis, t.tercetak, t.seharusnya, t.keyakinan) for t in hasil.temuan]


@pytest.mark.parametrize(
    ("catatan", "rumus"),
    [
        # A "/" later in the footnote ("program/kegiatan") says nothing about the formula.
        (
            "Tingkat efisiensi = capaian kinerja (%) − serapan anggaran (%); nilai ≥ 0 berarti efisien. "
            "Anggaran suatu indikator adalah anggaran program/kegiatan yang dikaitkan dengan indikator itu.",
            "ef_selisih",
        ),
        ("Efisiensi = % Capaian Kinerja - % Penyerapan Anggaran", "ef_selisih"),
        ("tingkat efisiensi = capaian / penyerapan x 100", "ef_rasio"),
        ("Efisiensi = (capaian kinerja : penyerapan anggaran) x 100%", "ef_rasio"),
        ("Tingkat efisiensi = capaian kinerja (%) ÷ serapan anggaran (%) × 100; ≥ 100 efisien.", "ef_rasio"),
        ("Capaian = realisasi ÷ target × 100. Serapan = realisasi ÷ pagu × 100.", None),
    ],
)
def test_the_efficiency_formula_is_read_from_its_own_clause(catatan, rumus):
    assert _rumus_efisiensi(catatan.lower()) == rumus


EFISIENSI = """Tabel 3.7 Analisis efisiensi
No\tIndikator\tCapaian (%)\tSerapan (%)\tTingkat efisiensi
1\tPersentase A\t75,14\t99,21\t{a}
2\tPersentase B\t100,00\t99,21\t0,79

{catatan}
"""


def test_an_efficiency_with_its_formula_stated_is_certain():
    catatan = "Tingkat efisiensi = capaian kinerja (%) − serapan anggaran (%); program/kegiatan pendukung."
    assert _ringkas(reviu_teks(EFISIENSI.format(a="-24,07", catatan=catatan))) == []
    hasil = reviu_teks(EFISIENSI.format(a="-24,70", catatan=catatan))
    assert _ringkas(hasil) == [("efisiensi", "-24,70", "-24,07", "pasti")]


def test_an_efficiency_without_a_formula_is_a_finding_not_certain_with_the_reason():
    hasil = reviu_teks(EFISIENSI.format(a="-30,00", catatan="Sumber: data OPD."))
    assert _ringkas(hasil) == [("efisiensi", "-30,00", "-24,07", "mungkin")]
    assert "Rumus efisiensi tidak disebut" in hasil.temuan[0].alasan_keyakinan
    # Either usual formula explains a printed value: no finding.
    assert _ringkas(reviu_teks(EFISIENSI.format(a="75,74", catatan="Sumber: data OPD."))) == []


PANGSA = """Tabel 3.16 Alokasi anggaran per sasaran
No\tSasaran\tPagu (Rp)\tPersentase dari total pagu (%)
{baris}
"""


def _pangsa(*baris):
    return reviu_teks(PANGSA.format(baris="\n".join(f"{i}\t{s}\t{p}\t{x}" for i, (s, p, x) in enumerate(baris, 1))))


def test_budget_shares_against_an_unprinted_total_are_judged_by_the_total_they_imply():
    # The shares are of the office's 8.955.501.115 (not printed): they do not add up to 100,
    # yet every row implies the same total. No finding.
    ok = _pangsa(("Sasaran 1", "8.518.981.015", "95,13"), ("Sasaran 2", "416.520.100", "4,65"))
    assert _ringkas(ok) == [] and ok.tidak_diperiksa == []
    # Three rows agree on 8.955.501.115; the fourth does not: a finding, not certain, with why.
    hasil = _pangsa(
        ("Sasaran 1", "4.000.000.000", "44,67"),
        ("Sasaran 2", "2.000.000.000", "22,33"),
        ("Sasaran 3", "1.000.000.000", "11,17"),
        ("Sasaran 4", "500.000.000", "9,00"),
    )
    assert _ringkas(hasil) == [("pangsa", "9,00", "5,58", "mungkin")]
    assert "disimpulkan dari 3 dari 4 baris" in hasil.temuan[0].alasan_keyakinan
    # Two rows that disagree and no printed total: not guessed.
    ragu = _pangsa(("Sasaran 1", "4.000.000.000", "44,67"), ("Sasaran 2", "2.000.000.000", "30,00"))
    assert _ringkas(ragu) == []
    assert [t.alasan for t in ragu.tidak_diperiksa] == [
        "Persentase anggaran tidak merujuk pada satu total yang sama dan total tidak tercetak."
    ]
    # Shares that add up to 100 are of the column sum: a wrong one is certain.
    pasti = _pangsa(("Sasaran 1", "600", "60,00"), ("Sasaran 2", "400", "40,00"), ("Sasaran 3", "0", "0,00"))
    assert _ringkas(pasti) == []
    salah = _pangsa(("Sasaran 1", "600", "66,00"), ("Sasaran 2", "400", "34,00"))
    assert _ringkas(salah) == [("pangsa", "66,00", "60,00", "pasti"), ("pangsa", "34,00", "40,00", "pasti")]


def _halaman(n, isi):
    kepala = f"LKjIP 2024 · Dinas Contoh\tBAB {'I' * (1 + n % 3)} Akuntabilitas Kinerja"
    return f"{kepala}\n\n{isi}\n\nVersi data 0ced3e4b  {n}\n"


def test_running_headers_do_not_split_a_table_across_pages():
    awal = (
        "Tabel 2.17 Program, kegiatan dan pagu anggaran\n"
        "Kode\tProgram / kegiatan\tPagu (Rp)\n"
        "2.12.01\tPROGRAM PENUNJANG\t5.000.000\n"
        "2.12.01.2.01\tPerencanaan\t2.000.000\n"
    )
    lanjut = "Kode\tProgram / kegiatan\tPagu (Rp)\n2.12.01.2.02\tKeuangan\t3.000.000\nJumlah\t\t5.000.000\n"
    halaman = [_halaman(1, "Pendahuluan."), _halaman(2, awal), _halaman(3, lanjut), _halaman(4, "Penutup.")]
    hasil = reviu_teks("\f".join(halaman))
    assert _ringkas(hasil) == []  # 2.000.000 + 3.000.000 = 5.000.000 across the page break
    assert hasil.jumlah_pemeriksaan >= 2


@pytest.mark.django_db
def test_sakip_own_lkjip_of_every_demo_office_gives_no_finding(tmp_path, settings):
    settings.DEBUG = True
    call_command("muat_demo", stdout=StringIO())
    diperiksa = 0
    for kode, tahun in [
        ("disdukcapil-luwu-timur", 2024),
        ("disdukcapil-musi-banyuasin", 2024),
        ("disdukcapil-dumai", 2023),
        ("disdukcapil-probolinggo", 2024),
    ]:
        opd = OPD.objects.get(kode=kode)
        # The demo's data is not approved: its PDF is a draft, "DRAF" on every page and no
        # signature (inspectorates review drafts before they are signed). Then the signed one.
        for tahap in ("draf", "disetujui"):
            if tahap == "disetujui":
                setujui(opd, tahun, pada=datetime.date(tahun + 1, 1, 15))
            isi, _ = pdf_laporan(susun_laporan(opd, tahun))
            path = tmp_path / f"{kode}-{tahap}.pdf"
            path.write_bytes(isi)
            hasil = reviu_berkas(path)
            assert [t.uraian for t in hasil.temuan] == [], (kode, tahap)
            # Musi Banyuasin reads 19: its sasaran without budget has no efficiency table of zeros.
            assert hasil.jumlah_tabel_terbaca >= 19, (kode, tahap)
            diperiksa += hasil.jumlah_pemeriksaan
    assert diperiksa >= 600  # the checks ran: (60 + 123 + 45 + 147) × 2 on 2026-12-06


@pytest.mark.parametrize(
    "kalimat",
    [
        "Indikator ini terealisasi 95,10% dari target 98% sehingga capaian kinerjanya {c}%.",
        "Realisasi indikator ini sebesar 95,10 % dari target 98 % sehingga capaian {c} %.",
        "Target indikator 98 persen, realisasi 95,10 persen, capaian {c} persen.",
        "Pada tahun 2024 target 98% dengan realisasi 95,10% atau capaian sebesar {c}%.",
        "Dengan realisasi sebesar 95,10 % terhadap target sebesar 98 %, capaian kinerja indikator ini adalah {c} %.",
    ],
)
def test_a_capaian_stated_in_a_sentence_is_checked_in_either_order(kalimat):
    assert _ringkas(reviu_teks(kalimat.format(c="97,04"))) == []  # 95,10 ÷ 98 × 100
    assert _ringkas(reviu_teks(kalimat.format(c="99,04"))) == [("capaian", "99,04", "97,04", "pasti")]


TURUN = """Tabel 3.1 Pengukuran kinerja
No\tIndikator\tTarget\tRealisasi\tCapaian (%)
1\t{nama}\t20\t18\t{c}
"""


@pytest.mark.parametrize(
    "nama",
    [
        "Jumlah kasus stunting (semakin kecil semakin baik)",
        "Angka putus sekolah (indikator negatif)",
        "Rasio kasus (arah: turun)",
        "Jumlah kasus stunting",  # direction printed nowhere
    ],
)
def test_an_inverse_indicator_however_it_is_named_is_no_false_alarm(nama):
    assert _ringkas(reviu_teks(TURUN.format(nama=nama, c="110,00"))) == []  # (2 × 20 − 18) ÷ 20 × 100
    assert _ringkas(reviu_teks(TURUN.format(nama=nama, c="111,11"))) == []  # 20 ÷ 18 × 100


def test_a_wrong_capaian_of_an_unmarked_indicator_reports_the_ordinary_formula():
    hasil = reviu_teks(TURUN.format(nama="Persentase layanan", c="95,00"))
    assert _ringkas(hasil) == [("capaian", "95,00", "90,00", "pasti")]


WILAYAH = """Tabel 2.1 {judul}
No\tKecamatan\t{kolom}\tKTP-el
1\tKecamatan A\t1.000\t800
2\tKecamatan B\t2.000\t1.500
3\tKecamatan C\t3.000\t2.400
\t{label}\t6.000\t{x}
"""


@pytest.mark.parametrize("label", ["Jumlah", "Kabupaten Contoh", "Se-Kota Contoh"])
@pytest.mark.parametrize(("judul", "kolom"), [("Penduduk per kecamatan", "Penduduk"), ("Anggaran", "Pagu (Rp)")])
def test_a_total_labelled_by_its_region_or_under_a_header_without_role_words_is_checked(label, judul, kolom):
    teks = WILAYAH.format(judul=judul, kolom=kolom, label=label, x="{x}")
    assert _ringkas(reviu_teks(teks.format(x="4.700"))) == []
    assert [(j, c, s) for j, c, s, _ in _ringkas(reviu_teks(teks.format(x="4.900")))] == [("jumlah", "4.900", "4.700")]


def test_a_table_of_regions_is_not_read_as_totals():
    teks = (
        "Tabel 1 Per kabupaten\nNo\tWilayah\tPenduduk\n1\tKabupaten A\t1.000\n2\tKabupaten B\t2.000\n3\tKota C\t3.500\n"
    )
    assert _ringkas(reviu_teks(teks)) == []


TAHUN = """LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2024

Tabel 3.1 Perbandingan target dan realisasi
No\tIndikator\t{kepala}\tCapaian (%)
1\tPersentase A\t{isi}\t97,04
"""


def test_a_year_label_off_by_one_in_a_header_is_reported_not_certain():
    salah = reviu_teks(TAHUN.format(kepala="Target 2023\tRealisasi 2024", isi="98\t95,10"))
    assert [(t.jenis, t.tercetak, t.seharusnya, t.keyakinan) for t in salah.temuan] == [
        ("tahun", "2023", "2024", "mungkin")
    ]
    # Last year's realisasi beside this year's pair is a comparison, not a slip.
    banding = TAHUN.format(kepala="Realisasi 2023\tTarget 2024\tRealisasi 2024", isi="90\t98\t95,10")
    assert _ringkas(reviu_teks(banding)) == []
    assert _ringkas(reviu_teks(TAHUN.format(kepala="Target 2024\tRealisasi 2024", isi="98\t95,10"))) == []
