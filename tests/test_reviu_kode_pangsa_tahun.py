"""The document review (issue #18): a program code written in the same cell as its name, the
share of a zero pagu, and last year's label over a benchmark table that names the report year."""

import pytest

from reviu.dokumen import reviu_teks


def _ringkas(hasil):
    return [(t.jenis, t.tercetak, t.seharusnya, t.keyakinan) for t in hasil.temuan]


# ----------------------------------------------------------------------------- code in the name cell

ANGGARAN = """Tabel 3.9 Realisasi anggaran per program, kegiatan dan sub kegiatan
Program / kegiatan\tIndikator\tPagu (Rp)\tRealisasi (Rp)\tSerapan (%)
1.01.01 PROGRAM PENUNJANG URUSAN\tPersentase layanan: 100 → 100 %\t5.000.000\t4.000.000\t80,00
1.01.02 PROGRAM PELAYANAN\tCakupan layanan: 90 → 95 %\t{p2}\t1.500.000\t75,00
1.01.02.2.01 Pelayanan dokumen\tPersentase dokumen: 90 → 95 %\t1.200.000\t1.000.000\t83,33
1.01.02.2.02 Pengelolaan data\tPersentase data: 90 → 95 %\t800.000\t500.000\t62,50
Jumlah\t\t{total}\t5.500.000\t{serapan}
"""


def _anggaran(p2="2.000.000", total="7.000.000", serapan="78,57"):
    return reviu_teks(ANGGARAN.format(p2=p2, total=total, serapan=serapan))


def test_code_and_name_in_one_cell_give_the_hierarchy():
    assert _ringkas(_anggaran()) == []
    # The program rows add up to the total; the kegiatan rows are counted once, under their program.
    hasil = _anggaran(total="7.050.000", serapan="78,57")
    assert ("jumlah", "7.050.000", "7.000.000", "pasti") in _ringkas(hasil)
    assert "jumlah 2 baris tingkat teratas" in next(t.uraian for t in hasil.temuan if t.jenis == "jumlah")
    # A program's subtotal against its kegiatan.
    hasil = _anggaran(p2="2.100.000", total="7.100.000", serapan="77,46")
    assert ("jumlah", "2.100.000", "2.000.000", "pasti") in _ringkas(hasil)


# ----------------------------------------------------------------------------- share of a zero pagu

PANGSA = """Tabel 3.3 Alokasi dan realisasi anggaran per sasaran strategis
No\tSasaran strategis\tPagu (Rp)\tPangsa (%)\tRealisasi (Rp)\tSerapan (%)
1\tMeningkatkan kualitas pelayanan\t0\t{pangsa}\t0\t–
"""


@pytest.mark.parametrize("pangsa", ["0,00", "0"])
def test_a_zero_pagu_with_a_zero_share_is_no_finding(pangsa):
    assert _ringkas(reviu_teks(PANGSA.format(pangsa=pangsa))) == []


def test_a_zero_pagu_has_a_zero_share_whatever_the_total():
    # No total is printed, and one row cannot imply it: a zero pagu needs none.
    hasil = reviu_teks(PANGSA.format(pangsa="8,62"))
    assert _ringkas(hasil) == [("pangsa", "8,62", "0,00", "pasti")]
    assert "anggaran 0" in hasil.temuan[0].uraian


# ----------------------------------------------------------------------------- benchmark table

PEMBANDING = """LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2024

Tabel 3.1 Pengukuran kinerja
No\tIndikator kinerja\tTarget 2024\tRealisasi 2024\tCapaian (%)
1\tIndeks kepuasan masyarakat terhadap layanan\t80\t84\t105,00

Tabel 3.2 Realisasi anggaran
No\tProgram\tPagu 2024 (Rp)\tRealisasi 2024 (Rp)\tSerapan (%)
1\tProgram pelayanan administrasi\t1.000.000\t900.000\t90,00

Tabel 3.3 Perbandingan dengan standar nasional
No\tIndikator kinerja\tRealisasi {kolom}\tPembanding\tTahun\tNilai pembanding
1\tIndeks kepuasan masyarakat terhadap layanan\t{realisasi}\tRata-rata nasional\t{tahun}\t80
"""


def _pembanding(kolom="2023", realisasi="84", tahun="2024"):
    return reviu_teks(PEMBANDING.format(kolom=kolom, realisasi=realisasi, tahun=tahun))


def test_last_years_label_over_a_benchmark_of_the_report_year_is_reported_not_certain():
    assert _ringkas(_pembanding(kolom="2024")) == []
    # The rows name the report year and the realisasi is the one Tabel 3.1 prints for 2024.
    hasil = _pembanding()
    assert _ringkas(hasil) == [("tahun", "2023", "2024", "mungkin")]
    assert "sama dengan realisasi tahun 2024" in hasil.temuan[0].uraian


@pytest.mark.parametrize(
    ("realisasi", "tahun"),
    [
        ("78", "2024"),  # a figure no other table prints for the report year: not shown to be wrong
        ("84", "2023"),  # the rows name last year: the table is of last year
    ],
)
def test_a_benchmark_table_not_shown_to_be_of_the_report_year_is_no_finding(realisasi, tahun):
    assert _ringkas(_pembanding(realisasi=realisasi, tahun=tahun)) == []
