"""The document review (issue #18): the capaian of a sasaran and of the office or PK checked by
level in a measurement table, and a header year one year off in a table of the report's year."""

import pytest

from reviu.dokumen import reviu_teks


def _ringkas(hasil):
    return [(t.jenis, t.tercetak, t.seharusnya, t.keyakinan) for t in hasil.temuan]


# ----------------------------------------------------------------------------- means by level

PENGUKURAN = """LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2024

Tabel 3.2 Pengukuran capaian kinerja tahun 2024
No\tSasaran / indikator kinerja\tSatuan\tTarget 2024\tRealisasi 2024\tCapaian (%)
\tSasaran 1: Meningkatnya kualitas layanan\t\t\t\t{s1}
1\tIndeks kepuasan masyarakat\tIndeks\t80\t84\t105,00
2\tPersentase layanan selesai tepat waktu\t%\t90\t81\t90,00
\tSasaran 2: Meningkatnya kepemilikan dokumen\t\t\t\t{s2}
3\tCakupan kepemilikan akta kelahiran\t%\t95\t95\t100,00
{akhir}\t\t\t\t\t{org}

Capaian indikator = realisasi ÷ target × 100%. {batas}
"""


def _pengukuran(
    s1="97,50", s2="100,00", org="98,33", akhir="Capaian kinerja organisasi", batas="Capaian tidak dibatasi."
):
    return reviu_teks(PENGUKURAN.format(s1=s1, s2=s2, org=org, akhir=akhir, batas=batas))


def test_a_measurement_table_correct_by_either_level_gives_no_finding():
    # The office's capaian: the mean of the 3 indicators (98,33) or of the 2 sasaran (98,75).
    assert _ringkas(_pengukuran()) == []
    assert _ringkas(_pengukuran(org="98,75")) == []
    assert _ringkas(_pengukuran(akhir="Capaian Perjanjian Kinerja")) == []
    # A "Rata-rata capaian" row is not the mean of every row above (sasaran and indicators: 98,50).
    assert _ringkas(_pengukuran(akhir="Rata-rata capaian")) == []
    hasil = _pengukuran()
    assert hasil.jumlah_pemeriksaan >= 6  # 3 capaian, 2 sasaran, 1 office


def test_a_sasaran_row_above_its_indicators_is_their_mean():
    hasil = _pengukuran(s1="99,00")
    assert _ringkas(hasil) == [("rata_rata", "99,00", "97,50", "mungkin")]
    assert "rata-rata capaian 2 indikator di bawahnya" in hasil.temuan[0].uraian
    assert "bobot" in hasil.temuan[0].alasan_keyakinan
    # One indicator: its capaian is the sasaran's whatever the weights.
    assert _ringkas(_pengukuran(s2="95,00")) == [("rata_rata", "95,00", "100,00", "pasti")]


@pytest.mark.parametrize("akhir", ["Capaian kinerja organisasi", "Capaian Perjanjian Kinerja", "Rata-rata capaian"])
def test_the_office_or_pk_capaian_is_the_mean_of_indicators_or_of_sasaran(akhir):
    hasil = _pengukuran(org="91,00", akhir=akhir)
    assert _ringkas(hasil) == [("rata_rata", "91,00", "98,33", "mungkin")]
    assert "3 indikator, atau 2 sasaran" in hasil.temuan[0].uraian


def test_a_stated_cap_is_a_reading_of_the_mean():
    teks = """Tabel 3.2 Pengukuran capaian kinerja tahun 2024
No\tSasaran / indikator kinerja\tTarget\tRealisasi\tCapaian (%)
\tSasaran 1: Meningkatnya kualitas layanan\t\t\t{s1}
1\tIndeks kepuasan masyarakat\t80\t96\t120,00
2\tPersentase layanan selesai tepat waktu\t90\t81\t90,00

Capaian dibatasi paling tinggi 100%.
"""
    assert _ringkas(reviu_teks(teks.format(s1="95,00"))) == []  # min(120; 100) and 90
    assert _ringkas(reviu_teks(teks.format(s1="105,00"))) == []  # uncapped
    assert _ringkas(reviu_teks(teks.format(s1="80,00"))) == [("rata_rata", "80,00", "105,00", "mungkin")]


def test_group_rows_under_their_indicators_are_not_guessed():
    # The table opens with an indicator: which indicators a group row sums up is not certain.
    teks = """Tabel 3.2 Pengukuran capaian kinerja
No\tSasaran / indikator kinerja\tTarget\tRealisasi\tCapaian (%)
1\tIndeks kepuasan masyarakat\t80\t84\t105,00
\tSasaran 1: Meningkatnya kualitas layanan\t\t\t77,00
2\tCakupan kepemilikan akta kelahiran\t95\t95\t100,00
\tSasaran 2: Meningkatnya kepemilikan dokumen\t\t\t100,00
"""
    assert _ringkas(reviu_teks(teks)) == []


# ----------------------------------------------------------------------------- year labels

TAHUN = """Berdasarkan Peraturan Presiden Nomor 29 Tahun 2014 dan Peraturan Menteri PANRB Nomor 53 Tahun 2014,
Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017, disusun
LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2024

Tabel 3.1 Pengukuran kinerja
No\tIndikator kinerja\tTarget 2024\tRealisasi 2024\tCapaian (%)
1\tIndeks kepuasan masyarakat terhadap layanan\t80\t84\t105,00

Tabel 3.2 Realisasi anggaran
No\tProgram\tPagu 2024 (Rp)\tRealisasi 2024 (Rp)\tSerapan (%)
1\tProgram pelayanan administrasi\t1.000.000\t900.000\t90,00

{judul}
{kepala}
1\tIndeks kepuasan masyarakat terhadap layanan\t{isi}
"""

KEMAJUAN = "No\tIndikator kinerja\tTarget akhir Renstra (2026)\t{tahun}\tTingkat kemajuan"


def _tahun(judul, kepala, isi):
    return reviu_teks(TAHUN.format(judul=judul, kepala=kepala, isi=isi))


def test_last_years_label_in_a_table_of_the_report_year_is_reported_not_certain():
    # The report's year is read past the regulations cited on its first lines (2014, 2017).
    hasil = _tahun(
        "Tabel 3.3 Perbandingan realisasi dengan target akhir Renstra",
        KEMAJUAN.format(tahun="Realisasi 2023"),
        "85\t84\t98,82",
    )
    assert _ringkas(hasil) == [("tahun", "2023", "2024", "mungkin")]
    # The figure is the one Tabel 3.1 prints for 2024: said in the finding.
    assert "sama dengan realisasi tahun 2024" in hasil.temuan[0].uraian
    assert hasil.temuan[0].alasan_keyakinan
    # A year in the group header over target, realisasi and capaian.
    grup = "No\tIndikator kinerja\t2023\t\t\nNo\t\tTarget\tRealisasi\tCapaian (%)"
    hasil = _tahun("Tabel 3.3 Perbandingan target dan realisasi kinerja Sasaran 1", grup, "80\t84\t105,00")
    assert _ringkas(hasil) == [("tahun", "2023", "2024", "mungkin")]


@pytest.mark.parametrize(
    ("judul", "kepala", "isi"),
    [
        # The title names the year the table is about.
        ("Tabel 3.3 Capaian kinerja tahun 2023", KEMAJUAN.format(tahun="Realisasi 2023"), "85\t84\t98,82"),
        # Said to be last year's.
        ("Tabel 3.3 Realisasi tahun lalu", KEMAJUAN.format(tahun="Realisasi 2023"), "85\t84\t98,82"),
        # Several years: a comparison.
        (
            "Tabel 3.3 Perbandingan realisasi",
            "No\tIndikator kinerja\tRealisasi 2022\tRealisasi 2023",
            "70\t78",
        ),
        # The figure is last year's as another table prints it (no slip of the label).
        (
            "Tabel 3.3 Perbandingan dengan standar nasional",
            "No\tIndikator kinerja\tRealisasi 2023\tRealisasi nasional\n"
            "1\tIndeks kepuasan masyarakat terhadap layanan\t78\t80\n\n"
            "Tabel 3.4 Perbandingan realisasi\nNo\tIndikator kinerja\tRealisasi 2023\tRealisasi 2024\tKeterangan",
            "78\t84\tNaik",
        ),
    ],
)
def test_last_years_label_said_or_shown_to_be_meant_is_no_finding(judul, kepala, isi):
    assert _ringkas(_tahun(judul, kepala, isi)) == []


def test_a_report_whose_tables_name_another_year_gets_no_year_finding():
    # The opening pages name 2025 but the tables are of 2024: the report's year is not certain.
    teks = TAHUN.replace("TAHUN 2024", "TAHUN 2025").format(
        judul="Tabel 3.3 Perbandingan", kepala=KEMAJUAN.format(tahun="Realisasi 2024"), isi="85\t84\t98,82"
    )
    assert _ringkas(reviu_teks(teks)) == []
