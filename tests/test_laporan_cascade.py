"""The LKjIP carries the cascade of PKs when the office has PKs below the head and the Pemda's
layout prints them: Bab II the PKs per eselon, Bab III their measurement and the roll-up per
eselon, Bab IV the counts over every PK."""

from decimal import Decimal as D

import pytest

from kinerja.models import PerjanjianKinerja
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.data import ke_json
from laporan.models import PengaturanLaporan
from tests.factories import ItemPKFactory, JabatanFactory, PejabatFactory, PerjanjianKinerjaFactory
from tests.test_pengukuran_cascade import Kantor, _kueri

pytestmark = pytest.mark.django_db


@pytest.fixture
def kantor():
    return Kantor()


def _ringkas(pk):
    return [(s.uraian, [(i.nama, i.target) for i in s.indikator]) for s in pk.sasaran]


def test_bab_ii_has_the_pks_per_eselon_after_the_heads(kantor):
    lap = susun_laporan(kantor.opd, 2024)
    pk = lap.bab[1].perjanjian
    assert pk.bagian.nomor == "2.2"
    assert (pk.kepala.nomor, pk.kepala.judul) == ("2.2.1", "Perjanjian Kinerja Kepala Dinas")
    assert [(e.bagian.nomor, e.bagian.judul, e.eselon) for e in pk.eselon] == [
        ("2.2.2", "Perjanjian Kinerja Eselon III", "III"),
        ("2.2.3", "Perjanjian Kinerja Eselon IV", "IV"),
    ]
    iii, iv = pk.eselon
    assert [(p.jabatan, p.pejabat, p.atasan, p.tabel.nomor) for p in iii.perjanjian + iv.perjanjian] == [
        ("Sekretaris", "Siti Rahma, S.E.", "Kepala Dinas", "2.3"),
        ("Kepala Bidang Pelayanan", "Budi Santoso, S.Sos.", "Kepala Dinas", "2.4"),
        ("Kepala Seksi Identitas", "Rina Wati, S.Kom.", "Kepala Bidang Pelayanan", "2.5"),
    ]
    sek, kabid = iii.perjanjian
    assert _ringkas(sek) == [("Meningkatnya tata kelola", [("Nilai SAKIP internal", D("80"))])]
    assert _ringkas(kabid) == [
        ("Meningkatnya kualitas layanan adminduk", [("Persentase penduduk ber-KTP-el", D("90"))]),
        ("Meningkatnya cakupan dokumen", [("Persentase anak ber-KIA", D("80"))]),
    ]
    assert _ringkas(iv.perjanjian[0]) == [("Terlayaninya jemput bola", [("Jumlah layanan jemput bola", D("12"))])]
    # The head's table keeps its number; the program section follows the cascade.
    assert pk.tabel.nomor == "2.2"
    assert lap.bab[1].anggaran.bagian.nomor == "2.3"


def test_bab_iii_measures_every_child_pk_and_rolls_up_per_eselon(kantor):
    lap = susun_laporan(kantor.opd, 2024)
    u = lap.bab[2].pengukuran
    assert [(e.bagian.nomor, e.bagian.judul) for e in u.eselon] == [
        ("3.1.1", "Capaian Perjanjian Kinerja Eselon III"),
        ("3.1.2", "Capaian Perjanjian Kinerja Eselon IV"),
    ]
    sek, kabid = u.eselon[0].perjanjian
    (kasi,) = u.eselon[1].perjanjian
    baris = [
        (p.jabatan, p.capaian, [(i.nama, i.target, i.realisasi, i.capaian) for s in p.sasaran for i in s.indikator])
        for p in (sek, kabid, kasi)
    ]
    assert baris == [
        ("Sekretaris", D("105.00"), [("Nilai SAKIP internal", D("80"), D("84"), D("105.00"))]),
        (
            "Kepala Bidang Pelayanan",
            D("92.22"),
            [
                ("Persentase penduduk ber-KTP-el", D("90"), D("85"), D("94.44")),
                ("Persentase anak ber-KIA", D("80"), D("72"), D("90.00")),
            ],
        ),
        ("Kepala Seksi Identitas", None, [("Jumlah layanan jemput bola", D("12"), None, None)]),
    ]
    assert [s.capaian for s in kabid.sasaran] == [D("94.44"), D("90.00")]
    assert u.rekap_eselon.bagian.nomor == "3.1.3"
    assert [(r.eselon, r.jumlah, r.capaian) for r in u.rekap_eselon.baris] == [
        ("II", 1, lap.capaian),
        ("III", 2, D("98.61")),
        ("IV", 1, None),
    ]
    # Tables: 3.1 the category scale, 3.2 the head's measurement, 3.3-3.5 one per child PK, 3.6 the roll-up.
    assert u.tabel.nomor == "3.2"
    assert [sek.tabel.nomor, kabid.tabel.nomor, kasi.tabel.nomor, u.rekap_eselon.tabel.nomor] == [
        "3.3",
        "3.4",
        "3.5",
        "3.6",
    ]


def test_the_conclusion_counts_the_indicators_of_every_pk(kantor):
    lap = susun_laporan(kantor.opd, 2024)
    ks = lap.bab[3].kesimpulan
    c = ks.cascade
    # Head: KTP-el 94,44 and waktu layanan 100; Sekretaris 105; kabid 94,44 and 90; kasi without realisation.
    assert (c.jumlah_perjanjian, c.jumlah_indikator, c.mencapai_100, c.di_bawah_100, c.tanpa_capaian) == (4, 6, 2, 3, 1)
    assert ks.rekap.jumlah_indikator == 2  # the head's own counts are unchanged
    assert any("seluruh 4 Perjanjian Kinerja" in p and "mencakup 6 indikator kinerja" in p for p in ks.paragraf)


def _tanpa_cascade_json(opd):
    return ke_json(susun_laporan(opd, 2024))


def test_without_child_pks_or_when_the_layout_says_no_the_report_is_the_heads_alone(kantor):
    PengaturanLaporan.objects.create(pemda=kantor.opd.pemda, cetak_cascade=False)
    dimatikan = _tanpa_cascade_json(kantor.opd)
    pk, u, ks = dimatikan["bab"][1]["pk"], dimatikan["bab"][2]["pengukuran"], dimatikan["bab"][3]["kesimpulan"]
    assert "kepala" not in pk and "eselon" not in pk
    assert "eselon" not in u and "rekap_eselon" not in u and "cascade" not in ks
    PengaturanLaporan.objects.all().delete()
    PerjanjianKinerja.objects.exclude(pk=kantor.pk_kadis.pk).delete()
    tanpa_anak = _tanpa_cascade_json(kantor.opd)
    # The same report: the switch and the absence of child PKs give the head's report byte for byte.
    assert tanpa_anak == dimatikan
    lap = susun_laporan(kantor.opd, 2024)
    assert lap.bab[1].perjanjian.eselon == [] and lap.bab[2].pengukuran.rekap_eselon is None
    html = html_cetak(lap)
    # (Bab I's Sumber Daya counts the positions per eselon; the cascade's sections are what must go)
    assert "Perjanjian Kinerja Eselon III" not in html and "Rekapitulasi Capaian per Eselon" not in html


def test_the_html_prints_the_cascade_escaped(kantor):
    kantor.kabid.nama = "Kepala Bidang <b>Pelayanan</b>"
    kantor.kabid.save()
    pejabat = kantor.pk_kasi.pejabat
    pejabat.nama = "Rina <script>alert(1)</script>"
    pejabat.save()
    html = html_cetak(susun_laporan(kantor.opd, 2024))
    assert "2.2.2 Perjanjian Kinerja Eselon III" in html
    assert "3.1.3 Rekapitulasi Capaian per Eselon" in html
    assert "Tabel 3.4 Pengukuran capaian kinerja Kepala Bidang &lt;b&gt;Pelayanan&lt;/b&gt; tahun 2024" in html
    assert "<b>Pelayanan</b>" not in html and "<script>alert" not in html
    assert "Rina &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "94,44" in html and "92,22" in html and "98,61" in html


def test_queries_do_not_grow_with_the_number_of_child_pks(kantor):
    sebelum = _kueri(lambda: susun_laporan(kantor.opd, 2024))

    for n in range(3):
        jabatan = JabatanFactory(opd=kantor.opd, eselon="III", nama=f"Kepala Bidang {n}", induk=kantor.kadis)
        pk = PerjanjianKinerjaFactory(
            jabatan=jabatan, perjanjian_atasan=kantor.pk_kadis, pejabat=PejabatFactory(pemda=kantor.opd.pemda)
        )
        ItemPKFactory(perjanjian=pk, indikator=kantor.kia, sasaran=kantor.program, target=D("80"))
    sesudah = _kueri(lambda: susun_laporan(kantor.opd, 2024))
    assert sesudah == sebelum
