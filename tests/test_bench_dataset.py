"""The benchmark dataset: the bulk loader stores exactly what the real loader stores."""

import json

import pytest

from bench.data_sintetis import dokumen_opd
from bench.muat_cepat import muat_massal
from kinerja.pengukuran import sebagai_dict, ukur_opd
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from sakip.models import OPD

pytestmark = pytest.mark.django_db

UKURAN = {"n_indikator": 10, "n_sub_kegiatan": 20, "n_tahun": 2, "tahun_mulai": 2024}


def _sebagai_a(data_b, data_a, kode_b, kode_a):
    """Office b's data as JSON text with b's kode, Pemda and holders' NIPs replaced by a's."""
    teks = json.dumps(data_b, sort_keys=True).replace(kode_b, kode_a)
    if "pemda" in data_b:
        teks = teks.replace(data_b["pemda"]["nama"], data_a["pemda"]["nama"])
    for pb, pa in zip(data_b.get("pejabat", []), data_a.get("pejabat", []), strict=True):
        teks = teks.replace(pb["nip"], pa["nip"])
    return teks


def test_generator_is_deterministic():
    assert dokumen_opd(7, 4, **UKURAN) == dokumen_opd(7, 4, **UKURAN)
    assert dokumen_opd(7, 4, **UKURAN) != dokumen_opd(8, 4, **UKURAN)


@pytest.mark.parametrize("urut", [1, 4])  # office 4 has a PK perubahan
def test_bulk_loader_matches_impor_data_opd(urut):
    lewat_loader = dokumen_opd(3, urut, awalan="loader", nama_pemda="Provinsi Loader", **UKURAN)
    hasil = impor_data_opd(lewat_loader)
    assert hasil.berhasil, hasil.galat[:5]
    lewat_bulk = dokumen_opd(3, urut, awalan="bulk", nama_pemda="Provinsi Bulk", nip_dasar=9000, **UKURAN)
    muat_massal([lewat_bulk])

    a, b = OPD.objects.get(kode=f"loader-{urut:02d}"), OPD.objects.get(kode=f"bulk-{urut:02d}")
    ekspor_a, ekspor_b = ekspor_data_opd(a), ekspor_data_opd(b)
    assert len(ekspor_a["anggaran"]) == 2 * 45 and len(ekspor_a["perjanjian_kinerja"]) == 2 + (urut == 4)
    assert _sebagai_a(ekspor_b, ekspor_a, b.kode, a.kode) == json.dumps(ekspor_a, sort_keys=True)
    for periode in ("TW2", "TAHUN"):
        ukur_a, ukur_b = sebagai_dict(ukur_opd(a, 2025, periode)), sebagai_dict(ukur_opd(b, 2025, periode))
        assert _sebagai_a(ukur_b, ukur_a, b.kode, a.kode) == json.dumps(ukur_a, sort_keys=True)
