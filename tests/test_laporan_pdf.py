"""The PDF of demo offices: figures, numbered tables and figures, a table of contents whose page
numbers point at the right pages, running headers, and signature blocks."""

import re
import shutil
import subprocess

import pytest

from laporan.bab import susun_laporan
from laporan.cetak import pdf_laporan
from laporan.models import PengaturanLaporan, TataLetak
from sakip.models import OPD
from tests.test_demo import HARAPAN, muat

pytestmark = pytest.mark.django_db


def halaman_pdf(isi, tmp_path):
    """Text of each page (pdftotext -layout, as a reviewer would copy it)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) tidak terpasang")
    berkas = tmp_path / "laporan.pdf"
    berkas.write_bytes(isi)
    teks = subprocess.run(["pdftotext", "-layout", str(berkas), "-"], capture_output=True, check=True, text=True)
    return teks.stdout.split("\f")[:-1]


def render(kode, tmp_path):
    muat(kode)
    h = HARAPAN[kode]
    data = susun_laporan(OPD.objects.get(kode=kode), h["tahun"], h["periode"])
    isi, jumlah = pdf_laporan(data)
    halaman = halaman_pdf(isi, tmp_path)
    assert len(halaman) == jumlah
    return data, halaman


def test_luwu_timur_quarterly_pdf(tmp_path):
    data, halaman = render("disdukcapil-luwu-timur", tmp_path)
    semua = "\n".join(halaman)
    assert len(halaman) >= 20
    for teks in ("KATA PENGANTAR", "IKHTISAR EKSEKUTIF", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR", "LAMPIRAN"):
        assert teks in semua
    for angka in ("97,31", "71,73", "93,33", "100,75", "104,19", "87,46", "93,46", "7.042.932.613", "63,10"):
        assert angka in semua, angka
    assert "NIP. 19651025 199610 1 001" in semua and "Malili, 1 Oktober 2024" in semua
    # Running header and page numbers: body pages from 1, front matter in roman numerals.
    isi = [h for h in halaman if "Laporan Kinerja TW III 2024 · Disdukcapil Luwu Timur" in h]
    assert len(isi) == len(halaman) - 1  # all but the cover
    assert [h.split()[-1] for h in halaman[1:4]] == ["i", "ii", "iii"]
    assert halaman[0].split()[-1] != "i"  # the cover has no number
    # The table of contents points at the page where the section starts.
    daftar_isi = next(h for h in halaman if "DAFTAR ISI" in h and "BAB I" in h)
    for nomor, judul in (("3.2.1", "Sasaran 1"), ("3.3", "Akuntabilitas Keuangan"), ("4.1", "Kesimpulan")):
        baris = daftar_isi.splitlines()
        n = next(n for n, b in enumerate(baris) if b.strip().startswith(nomor + " "))
        while not re.search(r"\d\s*$", baris[n]):  # a long title wraps; the number ends its last line
            n += 1
        hal = int(baris[n].split()[-1])
        awal_isi = next(i for i, h in enumerate(halaman) if "BAB I" in h and "PENDAHULUAN" in h)
        assert f"{nomor} {judul}" in halaman[awal_isi + hal - 1], (nomor, hal)
    # Numbered tables and figures, and the budget table's header repeated on the pages it runs over.
    for t in data["daftar_tabel"] + data["daftar_gambar"]:
        assert f"{t['nomor']} " in semua
    assert sum("Program / kegiatan / sub kegiatan" in h for h in halaman) >= 4


def test_probolinggo_pdf_with_the_1a_1i_table_set(tmp_path):
    muat("disdukcapil-probolinggo")
    PengaturanLaporan.objects.create(
        pemda=OPD.objects.get(kode="disdukcapil-probolinggo").pemda, tata_letak=TataLetak.TABEL_SASARAN
    )
    data, halaman = render("disdukcapil-probolinggo", tmp_path)
    semua = re.sub(r"[ \t]+", " ", "\n".join(halaman))
    for nomor in ("1a", "1b", "1c", "1d", "1e", "1f", "1g", "1h", "1i", "2a", "2i"):
        assert f"Tabel {nomor} " in semua, nomor
    for angka in ("99,30", "99,03", "99,17", "-0,07", "5.629.936.406", "92,67"):
        assert angka in semua, angka
    assert "Pembina Utama Muda (IV/c)" in semua and "NIP. 19780927 199802 1 001" in semua
    assert "LKjIP 2024 · Dispendukcapil Probolinggo" in semua
