"""The benchmark dataset: deterministic, and loaded by the application's one loader."""

import json

import pytest

from bench.data_sintetis import dokumen_opd
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


def test_the_one_loader_loads_the_benchmark_offices():
    """The bench builds its dataset through pertukaran.muat (no second loader to keep in step)."""
    for urut in (1, 4):  # office 4 has a PK perubahan
        hasil = impor_data_opd(dokumen_opd(3, urut, awalan="bench", nama_pemda="Provinsi Bench", **UKURAN))
        assert hasil.berhasil, hasil.galat[:5]
        opd = OPD.objects.get(kode=f"bench-{urut:02d}")
        ekspor = ekspor_data_opd(opd)
        assert len(ekspor["anggaran"]) == 2 * 45 and len(ekspor["perjanjian_kinerja"]) == 2 + (urut == 4)
        assert sebagai_dict(ukur_opd(opd, 2025, "TAHUN"))["sasaran"]
