"""Document review (issue #18): a group label on a line of its own inside a text table, a target
taken as set and a truncation within the rounding of the realisasi, and a budget share against
the office's total printed elsewhere in the document."""

from reviu.dokumen import reviu_teks


def _ringkas(hasil):
    return [(t.jenis, t.tercetak, t.seharusnya, t.keyakinan) for t in hasil.temuan]


TREN = """Tabel 3.4 Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya
Tahun\tTarget\tRealisasi\tCapaian (%)\tKeterangan
Nilai SAKIP Perangkat Daerah (Nilai)
2022\t71,50\t–\t–
2023\t71,80\t84,50\t117,69\tLHE 2023
2024\t81,10\t84,50\t107,94\tLHE 2024
Persentase OPD yang melakukan pelayanan terintegrasi (%)
2022\t56\t40,70\t72,68\tRealisasi 2022
2023\t69\t51,85\t72,57\tRealisasi 2023
Setiap tahun diukur terhadap target tahun itu.
"""


def test_a_group_label_on_its_own_line_does_not_end_a_text_table():
    # A browser copies a spanned row ("Nilai SAKIP …") as a line without tabs: the rows under it
    # stay in the table, and the header is not taken for the indicator's name.
    hasil = reviu_teks(TREN)
    assert hasil.jumlah_tabel == 1 and hasil.jumlah_tabel_terbaca == 1
    assert _ringkas(hasil) == [
        ("capaian", "107,94", "104,19", "pasti"),  # 84,50 ÷ 81,10
        ("capaian", "72,57", "75,14", "pasti"),  # 51,85 ÷ 69
    ]
    assert [t.baris_teks for t in hasil.temuan] == [6, 9]
    assert all(t.tabel.startswith("Tabel 3.4 Perbandingan") for t in hasil.temuan)
    assert hasil.temuan[0].kolom == "Capaian (%)"


def test_a_sentence_between_table_rows_still_ends_the_table():
    teks = (
        "Tabel 3.1 Pengukuran kinerja\n"
        "No\tIndikator\tTarget\tRealisasi\tCapaian (%)\n"
        "1\tIndikator A\t80\t72\t90,00\n"
        "Data diolah dari laporan bulanan.\n"
        "2\tIndikator B\t50\t50\t100,00\n"
    )
    assert reviu_teks(teks).jumlah_tabel == 2


CAPAIAN = """Tabel 3.1 Pengukuran kinerja
No\tIndikator\tTarget\tRealisasi\tCapaian (%)
1\tIndeks Kepuasan Masyarakat\t81,33\t79,143\t{a}
2\tCakupan dokumen kependudukan\t90,61\t92,16\t{b}
"""


def test_a_target_is_taken_as_set_and_a_truncation_within_the_realisasi_rounding_is_no_finding():
    assert _ringkas(reviu_teks(CAPAIAN.format(a="97,31", b="101,71"))) == []
    # 79,143 ÷ 81,33 = 97,3109…: 97,30 is neither its rounding nor its truncation, whatever the
    # third decimal of the realisasi; 92,16 may be 92,155, and 92,155 ÷ 90,61 = 101,7051… truncates
    # to 101,70: not provably wrong.
    hasil = reviu_teks(CAPAIAN.format(a="97,30", b="101,70"))
    assert _ringkas(hasil) == [("capaian", "97,30", "97,31", "pasti")]


ANGGARAN = """Pagu anggaran Dinas Contoh tahun 2023 sebesar Rp 8.955.501.115 untuk 2 program.
Tabel 3.15 Realisasi anggaran per program
No\tProgram\tPagu (Rp)
1\tProgram A\t8.518.981.015
2\tProgram B\t436.520.100
Jumlah\t\t8.955.501.115

Tabel 3.16 Alokasi anggaran per sasaran strategis
No\tSasaran strategis\tPagu (Rp)\tPangsa (%)
1\tSasaran satu\t8.518.981.015\t95,13
2\tSasaran dua\t416.520.100\t{b}
{catatan}
"""
SELURUH = "Pangsa = pagu yang dikaitkan dengan sasaran ÷ pagu seluruh Dinas Contoh × 100%."


def test_a_share_table_without_its_total_uses_the_office_total_printed_elsewhere():
    assert _ringkas(reviu_teks(ANGGARAN.format(b="4,65", catatan=SELURUH))) == []
    # The note names the whole office's pagu; the budget table's Jumlah (and the sentence) print
    # it, and the first row agrees with it: the second row is wrong, certainly.
    hasil = reviu_teks(ANGGARAN.format(b="10,13", catatan=SELURUH))
    assert _ringkas(hasil) == [("pangsa", "10,13", "4,65", "pasti")]
    assert "÷ total 8.955.501.115" in hasil.temuan[0].uraian
    # Without the note, one row of two agreeing with a printed total is no majority: not guessed.
    ragu = reviu_teks(ANGGARAN.format(b="10,13", catatan="Sumber: DPA."))
    assert _ringkas(ragu) == []
    assert len(ragu.tidak_diperiksa) == 1


SATU_BARIS = """Pagu anggaran sebesar Rp 19.641.611.463 terealisasi Rp 18.073.061.871.
Tabel 2.3 Program dan anggaran
No\tProgram\tPagu (Rp)
1\tProgram A\t14.291.880.196
2\tProgram B\t5.349.731.267
Jumlah\t\t19.641.611.463

Tabel 3.3 Alokasi anggaran per sasaran strategis
No\tSasaran strategis\tPagu (Rp)\tPangsa (%)
1\tSasaran satu\t0\t0,00
2\tSasaran dua\t5.349.731.267\t{x}
Pangsa = pagu yang dikaitkan dengan sasaran ÷ pagu seluruh Dinas Contoh × 100%.
"""


def test_a_single_share_against_the_office_total_is_a_finding_not_certain():
    ok = reviu_teks(SATU_BARIS.format(x="27,24"))
    assert _ringkas(ok) == [] and ok.tidak_diperiksa == []
    # One row with a pagu (a row without one says nothing of the total): nothing corroborates
    # the base, so the most often printed total is used and the finding is not certain.
    hasil = reviu_teks(SATU_BARIS.format(x="24,76"))
    assert _ringkas(hasil) == [("pangsa", "24,76", "27,24", "mungkin")]
    assert "paling sering tercetak di dokumen (2 kali)" in hasil.temuan[0].alasan_keyakinan
