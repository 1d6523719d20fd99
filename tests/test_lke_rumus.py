"""The score of an LKE (sakip.rumus.lke): exact Decimals computed by hand, no Django.

The tree of PermenPANRB 88/2021 has 4 components (30 / 30 / 15 / 25), each of 3 sub-components at
20 / 30 / 50 % of it; a sub-component scores mean(answer values) x its weight, rounded half-up to 2
decimals; a component is the sum of its printed sub-components, the total the sum of the printed
components. Predikat bands: AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30, D the rest.
"""

from decimal import Decimal as D

import pytest

from sakip.rumus import (
    PREDIKAT_LKE_88_2021,
    GalatRumus,
    KomponenLKE,
    SubKomponenLKE,
    nilai_lke,
    nilai_subkomponen,
    pilih_ambang,
    skala_predikat,
)

# (component weight, [(sub weight, number of criteria)]) of the 88/2021 tree as the fixture holds it.
POHON_88 = [
    (D(30), [(D(6), 6), (D(9), 12), (D(15), 7)]),
    (D(30), [(D(6), 3), (D(9), 7), (D(15), 9)]),
    (D(15), [(D(3), 6), (D("4.5"), 9), (D("7.5"), 7)]),
    (D(25), [(D(5), 1), (D("7.5"), 4), (D("12.5"), 5)]),
]
SATU, TIGA_PEREMPAT, SETENGAH, SEPEREMPAT, NOL = D(1), D("0.75"), D("0.5"), D("0.25"), D(0)


def lke(ganti=None):
    """The 88/2021 tree with every criterion answered 1 (Y / A), except `ganti`:
    {(component index, sub index): [answer values]}."""
    ganti = ganti or {}
    return [
        KomponenLKE(
            bobot,
            tuple(
                SubKomponenLKE(b, tuple(ganti.get((i, j), [SATU] * n)), kode=f"{i + 1}.{'abc'[j]}")
                for j, (b, n) in enumerate(sub)
            ),
            kode=str(i + 1),
        )
        for i, (bobot, sub) in enumerate(POHON_88)
    ]


def test_everything_answered_yes_scores_100_aa():
    h = nilai_lke(lke())
    assert h.nilai == D("100.00") and h.bobot == D(100)
    assert h.kode_predikat == "AA" and h.predikat.label == "Sangat Memuaskan"
    assert h.lengkap and h.jumlah_kriteria == 76
    assert [k.nilai for k in h.komponen] == [D("30.00"), D("30.00"), D("15.00"), D("25.00")]


# Each band edge reached exactly on the 88/2021 tree, by hand; every step keeps the ones before it
# (keys: (component index, sub-component index), 0-based; values: the answers' values, each one the
# criterion's scale offers: Y/T criteria only 1 or 0, A-E ones 1 / 0,75 / 0,5 / 0,25 / 0).
LANGKAH = [
    # 4.c (12,5; 5 criteria A-E) A E E E E: 1/5 x 12,5 = 2,50 -> loses 10,00: 100 -> 90,00
    ({(3, 2): [SATU, NOL, NOL, NOL, NOL]}, D("90.00"), "A"),
    # 2.c (15; 9 A-E) A A A and six E: 3/9 x 15 = 5,00 -> loses 10,00: 80,00
    ({(1, 2): [SATU] * 3 + [NOL] * 6}, D("80.00"), "BB"),
    # 3.c (7,5; 7) all E: loses 7,50; 3.a (3; 6 Y/T) Y and five T: 1/6 x 3 = 0,50 -> loses 2,50: 70,00
    ({(2, 2): [NOL] * 7, (2, 0): [SATU] + [NOL] * 5}, D("70.00"), "B"),
    # 1.a (6; 6 Y/T) all T: loses 6; 2.a (6; Y/T, A-E, A-E) Y A C: 2,5/3 x 6 = 5,00 -> loses 1;
    # 3.a all T: loses the 0,50 left; 3.b (4,5; 9) four A, five E: 4/9 x 4,5 = 2,00 -> loses 2,50: 60,00
    (
        {
            (0, 0): [NOL] * 6,
            (1, 0): [SATU, SATU, SETENGAH],
            (2, 0): [NOL] * 6,
            (2, 1): [SATU] * 4 + [NOL] * 5,
        },
        D("60.00"),
        "CC",
    ),
    # 1.b (9; 12) all T/E: loses 9; 3.b two A, seven E: 2/9 x 4,5 = 1,00 -> loses 1 more: 50,00
    ({(0, 1): [NOL] * 12, (2, 1): [SATU] * 2 + [NOL] * 7}, D("50.00"), "C"),
    # 1.c (15; 7) all E: loses 15; 2.c all E: loses the 5,00 left: 30,00
    ({(0, 2): [NOL] * 7, (1, 2): [NOL] * 9}, D("30.00"), "D"),
]


def test_hand_computed_totals_at_the_band_edges_of_the_88_2021_tree():
    ganti = {}
    for langkah, total, predikat in LANGKAH:
        ganti.update(langkah)
        h = nilai_lke(lke(ganti))
        assert (h.nilai, h.kode_predikat) == (total, predikat), ganti
        assert h.nilai == sum(k.nilai for k in h.komponen)
        assert all(k.nilai == sum(s.nilai for s in k.subkomponen) for k in h.komponen)


# The band edges themselves (a score of exactly the bound belongs to the band below: "AA > 90"),
# reached by a one-component LKE of weight 100 with one sub-component of 100 criteria answered Y/T:
# k criteria Y of 100 -> k,00 exactly.
@pytest.mark.parametrize(
    "ya,predikat",
    [
        (100, "AA"),
        (91, "AA"),
        (90, "A"),
        (81, "A"),
        (80, "BB"),
        (71, "BB"),
        (70, "B"),
        (61, "B"),
        (60, "CC"),
        (51, "CC"),
        (50, "C"),
        (31, "C"),
        (30, "D"),
        (0, "D"),
    ],
)
def test_band_edges_90_80_70_60_50_30(ya, predikat):
    k = [KomponenLKE(D(100), (SubKomponenLKE(D(100), tuple([SATU] * ya + [NOL] * (100 - ya))),))]
    h = nilai_lke(k)
    assert h.nilai == D(ya)
    assert h.kode_predikat == predikat


def test_a_hair_above_an_edge_is_the_band_above():
    # 1 criterion of 10000 answered 0,25 among 9000 Y: 90,0025 -> printed 90,00 -> A (the printed value
    # decides); 9001 Y: 90,01 -> AA.
    nol = nilai_lke([KomponenLKE(D(100), (SubKomponenLKE(D(100), tuple([SATU] * 9000 + [SEPEREMPAT] + [NOL] * 999)),))])
    assert nol.komponen[0].subkomponen[0].nilai_mentah == D("90.0025")
    assert nol.nilai == D("90.00") and nol.kode_predikat == "A"
    satu = nilai_lke([KomponenLKE(D(100), (SubKomponenLKE(D(100), tuple([SATU] * 9001 + [NOL] * 999)),))])
    assert satu.nilai == D("90.01") and satu.kode_predikat == "AA"


def test_sub_component_mean_times_weight_rounded_half_up():
    # 1.b (9; 12 criteria): A x7, B x3, C x1, E x1: (7 + 2,25 + 0,5)/12 = 0,8125 x 9 = 7,3125 -> 7,31
    s = nilai_subkomponen(SubKomponenLKE(D(9), (SATU,) * 7 + (TIGA_PEREMPAT,) * 3 + (SETENGAH, NOL)))
    assert s.rata_rata == D("0.8125") and s.nilai_mentah == D("7.3125") and s.nilai == D("7.31")
    # 2.b (9; 7 criteria): A x5, B x1, D x1: 6 / 7 x 9 = 7,714285... -> 7,71
    s = nilai_subkomponen(SubKomponenLKE(D(9), (SATU,) * 5 + (TIGA_PEREMPAT, SEPEREMPAT)))
    assert s.nilai == D("7.71") and s.persen == D("85.67")
    # half-up: 3.b (4,5; 2 criteria) A, D: 0,625 x 4,5 = 2,8125 -> 2,81; (4,5; 8): 4,5 x 5,5/8 = 3,09375 -> 3,09
    assert nilai_subkomponen(SubKomponenLKE(D("4.5"), (SATU, SEPEREMPAT))).nilai == D("2.81")
    # truncation when the year's LKE says so
    assert nilai_subkomponen(
        SubKomponenLKE(D(9), (SATU,) * 5 + (TIGA_PEREMPAT, SEPEREMPAT)), cara="truncate"
    ).nilai == D("7.71")
    assert nilai_subkomponen(SubKomponenLKE(D(1), (D(1), D(1), D(0))), cara="truncate").nilai == D("0.66")
    assert nilai_subkomponen(SubKomponenLKE(D(1), (D(1), D(1), D(0)))).nilai == D("0.67")


def test_component_and_total_are_sums_of_printed_cells():
    # three sub-components each 2/3 x 1 = 0,666.. -> printed 0,67; component 2,01 (not 2,00)
    k = KomponenLKE(D(3), tuple(SubKomponenLKE(D(1), (SATU, SATU, NOL)) for _ in range(3)))
    h = nilai_lke([k], predikat=None)
    assert h.komponen[0].nilai == D("2.01") and h.nilai == D("2.01") and h.predikat is None


def test_unanswered_counts_zero_and_is_counted():
    h = nilai_lke(lke({(0, 0): [SATU, None, None, SATU, SATU, SATU]}))
    # 1.a: 4/6 x 6 = 4,00
    assert h.komponen[0].subkomponen[0].nilai == D("4.00") and h.nilai == D("98.00")
    assert h.belum_dijawab == 2 and not h.lengkap


def test_weights_that_do_not_add_up_are_reported():
    k = KomponenLKE(D(30), (SubKomponenLKE(D(6), (SATU,)), SubKomponenLKE(D(9), (SATU,))), kode="1")
    assert nilai_lke([k]).catatan == ["Bobot sub-komponen 1 berjumlah 15, bukan 30 (bobot komponen)."]


def test_refuses_floats_values_out_of_range_and_bad_bands():
    with pytest.raises(TypeError):
        nilai_subkomponen(SubKomponenLKE(D(6), (0.5,)))
    with pytest.raises(GalatRumus):
        nilai_subkomponen(SubKomponenLKE(D(6), (D(2),)))
    with pytest.raises(GalatRumus):
        nilai_subkomponen(SubKomponenLKE(D(-6), (SATU,)))
    with pytest.raises(GalatRumus):
        skala_predikat([("A", "A", D(50), False), ("B", "B", D(60), False), ("D", "D", None, True)])


def test_bands_are_data():
    # A Pemda's own bands: >= 85 "Sangat Baik", >= 65 "Baik", else "Kurang".
    pita = skala_predikat([("SB", "Sangat Baik", D(85), True), ("B", "Baik", D(65), True), ("K", "Kurang", None, True)])
    k = [KomponenLKE(D(100), (SubKomponenLKE(D(100), tuple([SATU] * 85 + [NOL] * 15)),))]
    assert nilai_lke(k, pita).kode_predikat == "SB"
    assert nilai_lke(k).kode_predikat == "A"
    assert [p.kode for p in PREDIKAT_LKE_88_2021.pita] == ["AA", "A", "BB", "B", "CC", "C", "D"]


def test_thresholds_of_a_proposal():
    ambang = [(D(90), False), (D(75), False), (D(40), False), (D(10), False)]
    assert [pilih_ambang(D(p), ambang, "ABCDE") for p in (100, "90.01", 90, 76, 75, 41, 40, 11, 10, 0)] == list(
        "AABBCCDDEE"
    )
    assert pilih_ambang(D(100), [(D(100), True)], "YT") == "Y"
    assert pilih_ambang(D("99.99"), [(D(100), True)], "YT") == "T"
    with pytest.raises(GalatRumus):
        pilih_ambang(D(50), [(D(90), False)], "ABCDE")
