"""The import doors keep the rules of the screens, the reviewer's second round (issue #14).

5. The document hidden in a workbook is decompressed with a size limit: a bomb counts as absent.
"""

import base64
import time
import tracemalloc
import zlib

import pytest

from sakip import berkas_asal
from sakip.pertukaran import impor_data_opd
from sakip.workbook import impor_workbook
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.impor_bantu import berkas, buku, muat_demo, riwayat
from tests.test_anggaran_impor_aturan import DAUN, _realisasi_daun, opd  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

DUMAI = "disdukcapil-dumai"
LUTIM = "disdukcapil-luwu-timur"


@pytest.fixture
def lutim():
    return muat_demo(LUTIM)[LUTIM]


@pytest.fixture
def dumai():
    return muat_demo(DUMAI)[DUMAI]


@pytest.fixture
def contoh():
    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    return OPD.objects.get(kode="dinas-uji")


# --- 5. the hidden document: a decompression bomb counts as absent -------------------------


def _tanam_mentah(wb, data: bytes):
    """Replace the hidden sheet's content with `data` (compressed bytes), as an uploader could."""
    kode = base64.b64encode(data).decode("ascii")
    if berkas_asal.NAMA_SHEET in wb.sheetnames:
        del wb[berkas_asal.NAMA_SHEET]
    ws = wb.create_sheet(berkas_asal.NAMA_SHEET)
    ws.cell(1, 1, berkas_asal.PENANDA)
    for n, awal in enumerate(range(0, len(kode), berkas_asal.PANJANG_SEL), 2):
        ws.cell(n, 1, kode[awal : awal + berkas_asal.PANJANG_SEL])


def _bom(ukuran):
    """A zlib stream of `ukuran` bytes of JSON-ish padding, built without holding them."""
    z = zlib.compressobj(9)
    potong = b" " * (1 << 20)
    bagian = [z.compress(b'{"x":"')]
    for _ in range(ukuran >> 20):
        bagian.append(z.compress(potong))
    bagian.append(z.compress(b'"}') + z.flush())
    return b"".join(bagian)


def test_a_small_bomb_is_refused_by_the_limit():
    bom = _bom(8 << 20)
    assert len(bom) < 16 * 1024  # a few KB
    assert berkas_asal._buka(bom, batas=1 << 20) is None
    assert berkas_asal._buka(zlib.compress(b'{"a":1}'), batas=1 << 20) == b'{"a":1}'
    assert berkas_asal._buka(zlib.compress(b'{"a":1}')[:-3], batas=1 << 20) is None  # truncated


def test_a_decompression_bomb_in_the_hidden_sheet_is_ignored_quickly_with_little_memory():
    from openpyxl import Workbook

    wb = Workbook()
    bom = _bom(4 * berkas_asal.BATAS_BYTE)  # expands to 200 MB
    assert len(bom) < berkas_asal.BATAS_BYTE // 200
    _tanam_mentah(wb, bom)
    tracemalloc.start()
    mulai = time.monotonic()
    try:
        assert berkas_asal.baca(wb) is None
        _, puncak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - mulai < 10
    assert puncak < berkas_asal.BATAS_BYTE + (8 << 20)  # never the 200 MB


def test_a_workbook_with_a_bomb_imports_as_a_plain_file(lutim):
    wb = buku(lutim, 2024)
    _tanam_mentah(wb, _bom(berkas_asal.BATAS_BYTE + (1 << 20)))
    jejak = riwayat()
    hasil = impor_workbook(berkas(wb), opd_tetap=lutim, tahun=2024, user=PenggunaFactory(opd=lutim), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert not hasil.impor.diubah and not hasil.impor.dibuat
    assert riwayat() == jejak
