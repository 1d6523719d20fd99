"""The per-sasaran table set (layout TABEL_SASARAN, seed 004): which tables print, when a table
is dropped, letters that close up, and the base of the Tabel 1e budget share. All as Pemda data."""

import pytest
from django.core.exceptions import ValidationError

from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.data import ke_json
from laporan.models import DasarPangsa, PengaturanLaporan, TabelSasaran, TataLetak
from sakip.models import OPD
from tests.test_demo import muat

pytestmark = pytest.mark.django_db

SEMUA = list("abcdefghi")


def probolinggo(**pengaturan):
    muat("disdukcapil-probolinggo")
    opd = OPD.objects.select_related("pemda").get(kode="disdukcapil-probolinggo")
    PengaturanLaporan.objects.create(pemda=opd.pemda, tata_letak=TataLetak.TABEL_SASARAN, **pengaturan)
    lap = susun_laporan(opd, 2024)
    return lap, ke_json(lap)


def nomor_tabel(data):
    return [[(b["jenis"], b["tabel"]["nomor"] if b["tabel"] else None) for b in s["blok"]] for s in data["sasaran"]]


def test_a_table_without_rows_is_dropped_and_the_letters_close_up():
    lap, data = probolinggo()
    s1, s2 = nomor_tabel(data)
    assert s1 == [(j, f"1{h}") for j, h in zip(TabelSasaran.values, SEMUA, strict=True)]
    # Sasaran 2 has no national benchmark: no 2d "standar nasional"; 2d is the allocation, 2h the programs.
    tanpa_pembanding = [j for j in TabelSasaran.values if j != "pembanding"]
    assert s2 == [(j, f"2{h}") for j, h in zip(tanpa_pembanding, "abcdefgh", strict=True)]
    html = html_cetak(lap)
    assert "Tabel 2d Alokasi anggaran per sasaran Sasaran 2" in html
    assert "Tabel 2h Program dan kegiatan yang menunjang pencapaian kinerja Sasaran 2" in html
    assert "Tabel 2i " not in html and "Belum ada data pembanding" not in html
    assert "Tabel 1d Perbandingan dengan standar nasional dan provinsi Sasaran 1" in html


def test_the_pemda_may_print_empty_tables_and_choose_the_tables():
    _, data = probolinggo(cetak_tabel_kosong=True)
    assert [n for _, n in nomor_tabel(data)[1]] == [f"2{h}" for h in SEMUA]
    PengaturanLaporan.objects.all().delete()
    _, data = probolinggo(tabel_sasaran=["penyebab", "target_realisasi", "efisiensi", "pembanding"])
    s1, s2 = nomor_tabel(data)
    assert s1 == [("target_realisasi", "1a"), ("pembanding", "1b"), ("efisiensi", "1c"), ("penyebab", "1d")]
    assert s2 == [("target_realisasi", "2a"), ("efisiensi", "2b"), ("penyebab", "2c")]


def _pangsa(data):
    semua = [i for s in data["sasaran"] for i in s["indikator"]]
    return [(i["nama"][:40], i["efisiensi"]["pagu"], i["efisiensi"]["pangsa"]) for i in semua]


def test_the_budget_share_of_tabel_1e_is_taken_of_the_whole_budget_by_default():
    lap, data = probolinggo()
    assert _pangsa(data) == [
        ("Persentase penduduk yang memiliki KTP-el", "437286032", "7.77"),
        ("Persentase penduduk yang memiliki akta k", "264327000", "4.70"),  # 4,6950 (seed 004 note: 4,69)
        ("Persentase Penyajian Data Administrasi K", "196370000", "3.49"),
        ("Persentase Permintaan Data Kependudukan ", "33000000", "0.59"),
    ]
    assert "Persentase terhadap total pagu anggaran" in html_cetak(lap)


def test_the_budget_share_of_tabel_1e_taken_of_the_iku_programs_as_seed_004():
    lap, data = probolinggo(dasar_pangsa=DasarPangsa.TERKAIT_IKU)
    # 437.286.032 / 930.983.032 (the four IKU programs, without Penunjang) = 46,97 %.
    assert [p for *_, p in _pangsa(data)] == ["46.97", "28.39", "21.09", "3.54"]
    # (amount and "Rp" joined by a non-breaking space: a unit never wraps alone)
    assert "Persentase terhadap jumlah pagu program/kegiatan yang terkait IKU Rp\u00a0930.983.032." in html_cetak(lap)


def test_the_table_set_setting_is_validated():
    muat("disdukcapil-probolinggo")
    pemda = OPD.objects.get(kode="disdukcapil-probolinggo").pemda
    for daftar, pesan in [
        (["target_realisasi", "grafik"], "Tabel tidak dikenal: grafik"),
        (["target_realisasi", "tren", "tren"], "cukup disebut sekali"),
        (["tren"], "wajib dicetak"),
        ("tren", "daftar kode tabel"),
    ]:
        with pytest.raises(ValidationError, match=pesan):
            PengaturanLaporan(pemda=pemda, tabel_sasaran=daftar).full_clean()
    PengaturanLaporan(pemda=pemda).full_clean()


def test_the_admin_edits_the_table_set_with_check_boxes(admin_client):
    muat("disdukcapil-probolinggo")
    pemda = OPD.objects.get(kode="disdukcapil-probolinggo").pemda
    p = PengaturanLaporan.objects.create(pemda=pemda)
    url = f"/admin/laporan/pengaturanlaporan/{p.pk}/change/"
    halaman = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="tabel_sasaran" value="pembanding"' in halaman
    r = admin_client.post(
        url,
        {
            "pemda": pemda.pk,
            "tata_letak": TataLetak.TABEL_SASARAN,
            "cetak_cascade": "on",
            "tabel_sasaran": ["target_realisasi", "program"],
            "dasar_pangsa": DasarPangsa.TERKAIT_IKU,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    p.refresh_from_db()
    assert (p.tabel_sasaran, p.dasar_pangsa) == (["target_realisasi", "program"], "terkait_iku")
    assert not p.cetak_tabel_kosong
