"""The corpus of bench/korpus_reviu.py and the matching of bench/reviu_dokumen.py: the mutator changes
exactly the figures it records, deterministically, and the matcher tells found errors from false alarms."""

import difflib

import pytest

from bench import korpus_reviu as k
from bench import reviu_dokumen as r
from reviu.dokumen import TemuanDokumen
from tests.test_demo import muat

SEMUA_VARIASI = tuple(k.VARIASI)
LAPORAN = k.Laporan("T1", "disdukcapil-musi-banyuasin", 2024, "TAHUN", k.TABEL_SASARAN, SEMUA_VARIASI)


@pytest.fixture
def siap(db):
    muat(LAPORAN.opd)
    return k.siapkan_laporan(LAPORAN, 7)


def test_the_mutator_changes_exactly_the_printed_figures_it_records(siap):
    benar, salah, suntikan = siap["benar"], siap["salah"], siap["suntikan"]
    assert len(suntikan) == 14
    assert len({s.jenis for s in suntikan}) >= 8
    # In the HTML: each recorded span held the correct figure and now holds the printed one, nothing else.
    for s in suntikan:
        assert benar[s.awal : s.akhir] == s.seharusnya
        assert s.tercetak != s.seharusnya
    assert salah == k.sambung(benar, [(s.awal, s.akhir, s.tercetak) for s in suntikan])
    # In the text: one changed line per injection, in which only that figure differs.
    a, b = k.teks_html(benar).splitlines(), k.teks_html(salah).splitlines()
    berubah = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    pasangan = []
    for tag, i1, i2, j1, j2 in berubah:
        assert tag == "replace" and i2 - i1 == j2 - j1
        pasangan += list(zip(a[i1:i2], b[j1:j2], strict=True))
    assert len(pasangan) == len(suntikan)
    for (sebelum, sesudah), s in zip(pasangan, suntikan, strict=True):
        letak = [
            i
            for i in range(len(sebelum))
            if sebelum.startswith(s.seharusnya, i)
            and sesudah == sebelum[:i] + s.tercetak + sebelum[i + len(s.seharusnya) :]
        ]
        assert letak, (s, sebelum, sesudah)


def test_the_shapes_are_in_the_text_and_recorded(siap):
    teks = k.teks_html(siap["benar"])
    assert set(siap["variasi"]) == set(SEMUA_VARIASI)
    assert "\tANGGARAN" in teks  # two-row headers
    assert "(1)\t(2)\t(3)" in teks  # column numbers
    assert "\f" in teks  # a table split over two pages
    assert "(indikator negatif)" in teks or "(semakin kecil semakin baik)" in teks or "(arah: turun)" in teks
    assert "Lama Pengurusan KTP elektronik" not in teks
    assert "Kabupaten Musi Banyuasin" in teks and "\nJumlah\t" not in teks
    assert "sehingga capaian" in teks or "memberikan capaian" in teks or "sehingga capaiannya" in teks


def test_injections_are_deterministic_for_a_seed(siap):
    benar = siap["benar"]
    ktx = k.Konteks(2024, "Kabupaten Musi Banyuasin", [], [], [])
    satu = k.suntik(benar, ktx, 11, "T1")
    dua = k.suntik(benar, ktx, 11, "T1")
    lain = k.suntik(benar, ktx, 12, "T1")
    assert satu == dua
    assert [(s.jenis, s.awal, s.tercetak) for s in satu[1]] != [(s.jenis, s.awal, s.tercetak) for s in lain[1]]


def test_injections_are_found_in_the_text_the_reviewer_reads(siap, tmp_path):
    from reviu.dokumen import baca_dokumen

    for versi in ("benar", "salah"):
        k.tulis_txt(siap[versi], tmp_path / f"{versi}.txt")
    b, s = baca_dokumen(tmp_path / "benar.txt").baris, baca_dokumen(tmp_path / "salah.txt").baris
    letak = r.letakkan(siap["suntikan"], b, s)
    teks = {x.nomor: x.teks for x in s}
    for x, le in zip(siap["suntikan"], letak, strict=True):
        assert le.baris is not None and x.tercetak in teks[le.baris], x
        assert le.rentang[0] <= le.baris <= le.rentang[1]


def _temuan(jenis, baris_teks, tercetak="1,00", seharusnya="2,00", tabel=None):
    return TemuanDokumen(jenis, "lokasi", "uraian", tercetak, seharusnya, tabel=tabel, baris_teks=baris_teks)


def _suntikan(jenis, tabel="Tabel 3.1 Pengukuran", tercetak="88,10"):
    return k.Suntikan("D9", jenis, tabel, "Indikator A", "Capaian (%)", tercetak, "80,00")


def test_the_matcher_counts_a_finding_at_the_injected_place_as_found_and_elsewhere_as_a_false_alarm():
    suntikan = [_suntikan("capaian"), _suntikan("jumlah", "Tabel 3.9 Anggaran", "1.234.567"), _suntikan("narasi", None)]
    letak = [r.Letak(100, rentang=(95, 110)), r.Letak(200, rentang=(190, 215)), r.Letak(300, rentang=(296, 304))]
    temuan = [
        _temuan("capaian", 101, "88,10", "80,00"),  # the injected row (a wrapped label: one line off)
        _temuan("serapan", 200),  # the Jumlah row, but a kind that does not report a total...
        _temuan("jumlah", 212),  # ...and a total further down the same table: secondary
        _temuan("capaian", 302),  # in the sentence
        _temuan("efisiensi", 500),  # nowhere near: a new false alarm
        _temuan("pangsa", 600, "5,00", "6,00"),  # flagged on the correct copy too: a repeat
    ]
    benar = [_temuan("pangsa", 600, "5,00", "6,00")]
    c = r.cocokkan(suntikan, letak, temuan, benar)
    assert [len(x) for x in c.ditemukan] == [1, 0, 1]
    assert c.ikutan == [temuan[1], temuan[2]]
    assert c.alarm_baru == [temuan[4]]
    assert c.ulangan == [temuan[5]]
    assert c.tertutup == [False, False, False]
    # A finding whose printed figure is the injected one counts whatever its kind.
    c = r.cocokkan(suntikan, letak, [_temuan("persentase", 199, "1.234.567")], [])
    assert [bool(x) for x in c.ditemukan] == [False, True, False]


def test_an_injection_where_the_correct_copy_is_already_flagged_is_masked_not_found():
    suntikan = [_suntikan("efisiensi", "Tabel 3.21 Efisiensi")]
    letak = [r.Letak(50, rentang=(40, 60))]
    benar = [_temuan("efisiensi", 48, "36,41", "159,79")]
    salah = [_temuan("efisiensi", 50, "88,10", "159,79")]
    # Two lines were added above in the wrong copy: line 50 there is line 48 here.
    c = r.cocokkan(suntikan, letak, salah, benar, peta={50: 48})
    assert c.ditemukan == [[]] and c.tertutup == [True] and c.ulangan == salah
    c = r.cocokkan(suntikan, letak, salah, [])
    assert len(c.ditemukan[0]) == 1 and c.tertutup == [False]


def test_html_text_expands_spans_like_a_spreadsheet_paste():
    html = (
        '<html><head><style>@page { @top-left { content: "LKjIP 2024 · X"; } }</style></head><body>'
        "<p>Tabel 1 Judul</p><table><thead><tr><th rowspan=2>No</th><th colspan=2>KINERJA</th></tr>"
        "<tr><th>Target</th><th>Realisasi</th></tr></thead><tbody><tr><td>1</td><td>80</td><td>88</td></tr>"
        '</tbody></table><div class="korpus-halaman"></div><p>Sesudah <b>tebal</b></p>'
        "<svg><text>99</text></svg></body></html>"
    )
    assert k.teks_html(html) == (
        "Tabel 1 Judul\nNo\tKINERJA\n\tTarget\tRealisasi\n1\t80\t88\n\fLKjIP 2024 · X\nSesudah tebal\n"
    )


TABEL_TERPOTONG = (
    '<table class="tabel-laporan"><thead><tr><th>Indikator</th><th>Target</th><th>Realisasi</th>'
    "<th>Capaian (%)</th></tr></thead><tbody>"
    "<tr><td>A</td><td>90,61</td><td>92,16</td><td>101,71</td></tr>"
    "<tr><td>B</td><td>81,33</td><td>79,143</td><td>97,31</td></tr>"
    "<tr><td>C</td><td>85</td><td>95,02</td><td>111,79</td></tr>"
    "</tbody></table>"
)


def test_an_injection_must_be_provable_from_the_printed_figures():
    (t,) = k._tabel_data(k.peta_html(TABEL_TERPOTONG))
    peran = k._peran(t)
    a, b, c = [x for x in t.baris if x.bagian == "tbody"]

    def bukti(baris, kolom, baru):
        return k.terbukti(t, baris, peran, k._sel_angka(t, baris, peran[kolom]), baru)

    # 92,16 may be 92,155, and 92,155 ÷ 90,61 = 101,7051… truncates to 101,70: not provable.
    assert not bukti(a, "capaian", "101,70")
    assert bukti(a, "capaian", "101,60")
    # A target is as set: 79,1425…79,1435 ÷ 81,33 = 97,310…97,312, never 97,30.
    assert bukti(b, "capaian", "97,30")
    assert bukti(c, "capaian", "111,70") and bukti(c, "realisasi", "95,20")
    # Digits swapped in the realisasi of row A (92,16 → 92,61): the capaian no longer follows.
    assert bukti(a, "realisasi", "92,61")
