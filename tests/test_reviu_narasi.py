"""Figures worked in the prose of an LKjIP (issue #18): a finding names the line its printed
figure stands on, a sentence the PDF layout breaks over a blank line is read whole, and a serapan
is checked however the sentence orders the budget and the amount spent."""

import pytest

from reviu.dokumen import reviu_teks


def _ringkas(hasil):
    return [(t.baris_teks, t.jenis, t.tercetak, t.seharusnya, t.keyakinan) for t in hasil.temuan]


# --------------------------------------------------------------------------- the finding's line

PARAGRAF = """Ikhtisar Eksekutif
Laporan ini menyajikan capaian Perjanjian Kinerja Tahun 2024.
Capaian kinerja rata-rata tahun 2024 sebesar 107,31 %.
Pagu anggaran sebesar Rp 19.641.611.463 terealisasi Rp 18.073.061.871 (serapan 98,04 %); dibandingkan \
dengan capaian kinerja rata-rata, tingkat efisiensi 15,30.
1. Indeks Kepuasan Masyarakat: realisasi 79,143 dari target 81,33 (capaian 104,48 %).
"""


def test_a_finding_in_a_paragraph_names_the_line_of_its_printed_figure():
    # The five lines are one paragraph; each finding is on the line that prints the figure, where
    # the review page shows it, not on the paragraph's first line.
    hasil = reviu_teks(PARAGRAF)
    assert _ringkas(hasil) == [
        (4, "serapan", "98,04", "92,01", "pasti"),  # 18.073.061.871 ÷ 19.641.611.463
        (5, "capaian", "104,48", "97,31", "pasti"),  # 79,143 ÷ 81,33
    ]
    assert [t.lokasi for t in hasil.temuan] == ["baris teks 4", "baris teks 5"]


# A PDF's layout text wraps a sentence over lines and may leave a blank line inside it.
TERPUTUS = """7. Indeks kepuasan terhadap program prioritas (I08): realisasi 80,88 dari target 85,33

(capaian 97,90 %).
Untuk indikator Jumlah layanan publik yang diselesaikan (I02), target 273 dan realisasi

243 memberikan capaian 78,86 %.
Anggaran yang mendukung Sasaran 7 sebesar Rp 2.159.000.000 (17,65 % dari total

pagu) terealisasi Rp 694.110.796 (serapan 22,46 %). Dengan capaian kinerja 102,08
%, tingkat efisiensi sasaran ini 69,93.
"""


def test_a_sentence_broken_by_a_blank_line_is_read_whole():
    assert _ringkas(reviu_teks(TERPUTUS)) == [
        (3, "capaian", "97,90", "94,78", "pasti"),  # 80,88 ÷ 85,33
        (6, "capaian", "78,86", "89,01", "pasti"),  # 243 ÷ 273
        (9, "serapan", "22,46", "32,15", "pasti"),  # 694.110.796 ÷ 2.159.000.000
    ]


def test_a_blank_line_after_a_finished_sentence_or_before_a_list_item_still_ends_the_paragraph():
    teks = (
        "Realisasi indikator ini sebesar 80,88 dari target 85,33.\n\n(capaian 50 %).\n\n"
        "Target indikator pertama 90 dan realisasi\n\n2. Indikator kedua capaian 50 %.\n"
    )
    hasil = reviu_teks(teks)
    assert hasil.temuan == []
    assert hasil.jumlah_pemeriksaan == 0


# --------------------------------------------------------------------------- serapan in words


@pytest.mark.parametrize(
    "kalimat",
    [
        # budget first
        "Pagu anggaran sebesar Rp 237.541.200 terealisasi Rp 235.657.400 (serapan {s} %).",
        "Total anggaran belanja adalah Rp.237.541.200,- dengan realisasi Rp.235.657.400,-. Atau dengan capaian "
        "sebesar {s} persen.",
        "Anggaran program ini sebesar Rp 237.541.200 (4,65 % dari total pagu) diserap Rp 235.657.400 atau "
        "tingkat penyerapan {s} %.",
        # amount spent first
        "Program ini didukung dengan realisasi anggaran Rp 235.657.400 dari pagu Rp 237.541.200 (serapan {s} %).",
        "Penyerapan anggaran tahun 2024 sebesar Rp 235.657.400 terhadap total pagu sebesar Rp 237.541.200, "
        "persentase serapan {s} %.",
        "Realisasi s.d. 31 Desember 2023 sebesar Rp 235.657.400 dari Rp 237.541.200 atau sebesar {s} %.",
        # without Rp
        "Pagu DPA 237.541.200 rupiah dengan realisasi 235.657.400 rupiah, serapan {s} %.",
    ],
)
def test_a_serapan_stated_in_a_sentence_is_checked_in_either_order(kalimat):
    assert _ringkas(reviu_teks(kalimat.format(s="99,21"))) == []  # 235.657.400 ÷ 237.541.200 × 100
    assert _ringkas(reviu_teks(kalimat.format(s="96,51"))) == [(1, "serapan", "96,51", "99,21", "pasti")]


def test_amounts_in_miliar_and_juta_are_scaled():
    kalimat = "Pagu program Rp 1,5 miliar terealisasi Rp 1.200 juta (serapan {s} %)."
    assert _ringkas(reviu_teks(kalimat.format(s="80,00"))) == []
    hasil = reviu_teks(kalimat.format(s="82,00"))
    assert _ringkas(hasil) == [(1, "serapan", "82,00", "80,00", "pasti")]
    assert "(realisasi 1.200 juta ÷ anggaran 1,5 miliar × 100)" in hasil.temuan[0].uraian


def test_a_bare_percentage_after_the_amounts_is_a_serapan_not_certain():
    kalimat = "Realisasi belanja Rp 235.657.400 dari pagu Rp 237.541.200 ({s} %)."
    assert _ringkas(reviu_teks(kalimat.format(s="99,21"))) == []
    hasil = reviu_teks(kalimat.format(s="96,51"))
    assert _ringkas(hasil) == [(1, "serapan", "96,51", "99,21", "mungkin")]
    assert hasil.temuan[0].alasan_keyakinan == (
        "Persentase sesudah pagu dan realisasinya tanpa kata serapan/capaian; dibaca sebagai serapan "
        "(realisasi ÷ pagu)."
    )


@pytest.mark.parametrize(
    "kalimat",
    [
        # a share of another total
        "Realisasi belanja Rp 235.657.400 dari pagu Rp 237.541.200 (12,50 % dari total anggaran dinas).",
        # the spending word belongs to the first sentence; the second amount is another budget
        "Pagu Rp 1.000.000.000 terealisasi Rp 900.000.000 (serapan 90 %). Program X dengan anggaran "
        "Rp 500.000.000, capaian 95 %.",
        # two budgets, no amount spent
        "Anggaran Program A Rp 237.541.200 dan Program B Rp 100.000.000 (persentase 30 %).",
        # spent first, but a target rather than a budget after the preposition
        "Realisasi Rp 235.657.400 dari target kinerja Rp 237.541.200 (serapan 50 %).",
    ],
)
def test_percentages_that_are_no_serapan_of_the_two_amounts_are_not_judged_so(kalimat):
    assert _ringkas(reviu_teks(kalimat)) == []


# --------------------------------------------------------------------------- capaian stated first


@pytest.mark.parametrize(
    "kalimat",
    [
        "Capaian indikator ini sebesar {c} % (realisasi 95,10 dari target 98).",
        "Indikator kepuasan mencapai capaian {c} % dengan target 98 % dan realisasi 95,10 %.",
    ],
)
def test_a_capaian_followed_at_once_by_its_target_and_realisasi_is_checked(kalimat):
    assert _ringkas(reviu_teks(kalimat.format(c="97,04"))) == []  # 95,10 ÷ 98 × 100
    assert _ringkas(reviu_teks(kalimat.format(c="99,04"))) == [(1, "capaian", "99,04", "97,04", "pasti")]


@pytest.mark.parametrize(
    "kalimat",
    [
        # the figures belong to another sentence
        "Capaian 99,04 %. Target tahun depan 98 dan realisasi 95,10 pada tahun lalu.",
        # the figure after "capaian" is the target's ("… capaian Dimana target … yaitu 91,70 %")
        "Terdapat peningkatan capaian dimana target jangka menengah yaitu 91,70 % realisasi 92,85 % pada tahun ini.",
        # an inverse indicator
        "Rata-rata lama penyelesaian aduan: capaian 120 % (target 5 hari, realisasi 4 hari).",
    ],
)
def test_a_capaian_first_without_its_own_figures_is_not_judged(kalimat):
    assert _ringkas(reviu_teks(kalimat)) == []


# --------------------------------------------------------------------------- "B atau S % dari A"


@pytest.mark.parametrize(
    ("kalimat", "benar", "salah", "jenis"),
    [
        (
            "Realisasi anggaran sebesar Rp 235.657.400 atau {s} % dari pagu Rp 237.541.200.",
            "99,21",
            "96,51",
            "serapan",
        ),
        (
            "Realisasi s.d. 31 Desember 2023 sebesar Rp 235.657.400 atau {s} % dari pagu tahun 2023 sebesar "
            "Rp 237.541.200.",
            "99,21",
            "96,51",
            "serapan",
        ),
        # not an amount spent: the sentence still states the division
        (
            "Anggaran program A Rp 500.000.000 atau {s} % dari total anggaran dinas Rp 7.042.932.613.",
            "7,10",
            "7,70",
            "persentase",
        ),
    ],
)
def test_an_amount_stated_as_a_percentage_of_another_is_checked(kalimat, benar, salah, jenis):
    assert _ringkas(reviu_teks(kalimat.format(s=benar))) == []
    assert _ringkas(reviu_teks(kalimat.format(s=salah))) == [(1, jenis, salah, benar, "pasti")]


def test_a_long_indicator_name_does_not_cut_the_realisasi():
    """The realisasi after a long name starts near the window's end: it is read whole (92,08),
    not cut to 92 (a false alarm the held-out corpus of seed 11 showed)."""
    nama = "Persentase peningkatan kualitas pelayanan administrasi kependudukan dan pencatatan sipil"
    kalimat = f"Realisasi {nama} sebesar 92,08 dari target 73 sehingga capaian {{c}} %."
    assert _ringkas(reviu_teks(kalimat.format(c="126,14"))) == []
    assert _ringkas(reviu_teks(kalimat.format(c="120,14"))) == [(1, "capaian", "120,14", "126,14", "pasti")]
