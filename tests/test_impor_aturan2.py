"""The import doors keep the rules of the screens, the reviewer's second round (issue #14).

2. An office's import renames no official whom another office refers to (a position, a PK signed,
   a user account); the admin pemda may.
3. Budget realisation: the same before/after rule (anggaran.aturan.periksa_perubahan) through the
   grid, the budget import and the loader.
4. The Pemda's identity and methodology in an office's import: refused with a message when changed
   (unless by the admin pemda), accepted unchanged.
5. The document hidden in a workbook is decompressed with a size limit: a bomb counts as absent.
"""

import base64
import time
import tracemalloc
import zlib
from decimal import Decimal as D

import pytest

from anggaran import aturan
from anggaran.entri import simpan_realisasi_anggaran
from anggaran.excel import impor_realisasi_anggaran
from anggaran.models import RealisasiAnggaran
from kinerja.models import PerjanjianKinerja
from sakip import berkas_asal
from sakip.models import Jabatan, MetodologiPemda, Pejabat, Pemda
from sakip.pertukaran import ekspor_data_opd, impor_data_opd
from sakip.workbook import impor_workbook
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PejabatFactory, PenggunaFactory
from tests.impor_bantu import berkas, buku, identitas, muat_demo, riwayat
from tests.test_anggaran_excel import BARIS_004
from tests.test_anggaran_excel import buku as buku_anggaran
from tests.test_anggaran_impor_aturan import DAUN, _realisasi_daun, opd  # noqa: F401 - the fixture
from tests.test_impor_aturan import terapkan, unggah

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


# --- 2. officials another office refers to --------------------------------------------------


def _ganti_nama(d, pejabat, nama):
    d["pejabat"].append({"nama": nama, "nip": pejabat.nip, "pangkat": "Pembina", "golongan": "IV/a"})
    return d


@pytest.mark.parametrize("rujukan", ["pk", "pengguna", "pengguna_pemda"])
def test_an_official_another_office_refers_to_is_not_renamed_by_an_operator(contoh, rujukan):
    lain = OPDFactory(pemda=contoh.pemda, kode="dinas-lain")
    kepala = PejabatFactory(pemda=contoh.pemda, nama="Kepala Dinas Lain, S.E.", pangkat="Pembina", golongan="IV/a")
    if rujukan == "pk":  # signs the other office's PK, holds no position (Penugasan) anywhere
        j = Jabatan.objects.create(opd=lain, nama="Kepala", eselon="II")
        PerjanjianKinerja.objects.create(jabatan=j, tahun=2024, versi=0, tanggal="2024-01-15", pejabat=kepala)
    elif rujukan == "pengguna":
        PenggunaFactory(opd=lain, pejabat=kepala)
    else:  # a Pemda-wide account (no office)
        PenggunaFactory(admin_pemda=True, pemda=contoh.pemda, pejabat=kepala)
    d = _ganti_nama(dokumen(), kepala, "Nama Palsu")
    hasil = impor_data_opd(d, opd_tetap=contoh, user=PenggunaFactory(opd=contoh))
    assert hasil.galat == [
        (
            "pejabat[1].nama",
            f"pejabat {kepala.nip} juga tercatat di OPD lain (jabatan, penanda tangan PK, atau akun pengguna); "
            "nama, pangkat dan golongannya hanya dapat diubah admin pemda (tersimpan: nama 'Kepala Dinas Lain, "
            "S.E.'). Biarkan sama dengan data tersimpan.",
        )
    ]
    assert Pejabat.objects.get(pk=kepala.pk).nama == "Kepala Dinas Lain, S.E."
    admin = PenggunaFactory(admin_pemda=True, pemda=contoh.pemda)
    assert impor_data_opd(d, opd_tetap=contoh, user=admin).berhasil
    assert Pejabat.objects.get(pk=kepala.pk).nama == "Nama Palsu"


def test_an_official_only_this_office_refers_to_is_renamed_by_its_operator(contoh):
    kepala = Pejabat.objects.get(nip="197809271998021001")  # signs this office's PK, holds its position
    PenggunaFactory(opd=contoh, pejabat=kepala)  # and has this office's account
    d = dokumen()
    d["pejabat"][0]["nama"] = "Nama Baru, S.STP"
    hasil = impor_data_opd(d, opd_tetap=contoh, user=PenggunaFactory(opd=contoh))
    assert hasil.berhasil, hasil.galat
    assert Pejabat.objects.get(pk=kepala.pk).nama == "Nama Baru, S.STP"


# --- 3. budget realisation: one before/after rule through every door -----------------------


def _lewat_loader(kantor, user, nilai_tw4):
    d = ekspor_data_opd(kantor)
    item = next(a for a in d["anggaran"] if a["kode"] == DAUN)
    item["realisasi"]["4"] = str(nilai_tw4)
    hasil = impor_data_opd(d, opd_tetap=kantor, user=user, percobaan=True)
    return [p for t, p in hasil.galat]


def _lewat_grid(kantor, user, item, nilai_tw4):
    data = {f"ra-{item.id}-nilai": f"{nilai_tw4:,}".replace(",", "."), f"initial-ra-{item.id}-nilai": "8.025.000"}
    hasil = simpan_realisasi_anggaran(user, kantor, 2024, 4, data)
    galat = [g for b in hasil.baris for g in b.galat]
    RealisasiAnggaran.objects.filter(item=item, triwulan=4).update(nilai=D("8025000"))  # back, for the next door
    return galat


def _lewat_impor(kantor, nilai_tw4):
    hasil = impor_realisasi_anggaran(kantor, 2024, buku_anggaran(_realisasi_daun(BARIS_004, nilai_tw4)), percobaan=True)
    return [g.split(": ", 1)[1] for g in hasil.galat]


def test_the_budget_rule_gives_the_same_verdict_through_grid_import_and_loader(opd):  # noqa: F811
    item = RealisasiAnggaran.objects.get(item__kode=DAUN, triwulan=4).item
    # Stored before the rule (legacy data): TW2 below TW1.
    RealisasiAnggaran.objects.create(item=item, triwulan=1, nilai=D("5000000"))
    RealisasiAnggaran.objects.create(item=item, triwulan=2, nilai=D("4000000"))
    user = PenggunaFactory(opd=opd)
    # TW4 raised: the TW2 breach is not this change's, every door accepts it.
    assert _lewat_grid(opd, user, item, 8050000) == []
    assert _lewat_impor(opd, 8050000) == []
    assert _lewat_loader(opd, user, 8050000) == []
    # TW4 below TW2: this change's breach, every door refuses it with the same message (and not TW2's).
    pesan = [
        "Realisasi kumulatif s.d. triwulan 4 (Rp 3.000.000) lebih kecil dari s.d. triwulan 2 (Rp 4.000.000); "
        "realisasi dicatat kumulatif sejak Januari."
    ]
    assert _lewat_grid(opd, user, item, 3000000) == pesan
    assert _lewat_impor(opd, 3000000) == pesan
    assert _lewat_loader(opd, user, 3000000) == pesan


def test_periksa_perubahan_reports_what_the_change_causes():
    class P:
        def __init__(self, nilai):
            self.nilai, self.tanggal, self.urutan = D(nilai), None, 0

    lama = {1: D(500), 2: D(400), 3: D(600), 4: D(800)}  # TW2 below TW1, stored so
    pagu = [P(1000)]
    # Another quarter changed: TW2's stored breach does not refuse it.
    assert aturan.periksa_perubahan(2024, lama, {**lama, 4: D(900)}, pagu) == {}
    # The changed quarter's own breach.
    assert list(aturan.periksa_perubahan(2024, lama, {**lama, 4: D(1100)}, pagu)) == [4]
    assert list(aturan.periksa_perubahan(2024, lama, {**lama, 3: D(300)}, pagu)) == [3]
    # A breach the change causes in a quarter it does not touch: TW2 raised above TW3.
    assert list(aturan.periksa_perubahan(2024, lama, {**lama, 2: D(900)}, pagu)) == [3]
    # A pagu cut below a stored figure: a new breach of that quarter.
    assert list(aturan.periksa_perubahan(2024, lama, lama, [P(700)], pagu_lama=pagu)) == [4]
    # A breach present before and after the pagu change is not the change's.
    assert aturan.periksa_perubahan(2024, lama, lama, [P(600)], pagu_lama=[P(700)]) == {}
    # The old rule still judges whole states.
    assert list(aturan.periksa_realisasi(2024, lama, pagu)) == [2]


# --- 4. the Pemda's identity and methodology in an office's import --------------------------


PESAN_PEMDA = (
    "identitas pemda dan metodologi pengukuran adalah data pemda: hanya admin pemda yang dapat mengubahnya "
    "({medan}: tersimpan {tersimpan}, di berkas {isian}). Biarkan sama dengan data tersimpan atau minta admin pemda."
)


def test_pemda_identity_and_methodology_changed_in_an_office_upload_are_refused(client, dumai):
    client.force_login(PenggunaFactory(opd=dumai))
    wb = buku(dumai, 2023)
    r_kepala = identitas(wb, "Nama kepala daerah", "Penyerang")
    r_ibu = identitas(wb, "Ibu kota", "Pekanbaru")
    r_desimal = identitas(wb, "metodologi.desimal", 3)
    pemda = Pemda.objects.get(pk=dumai.pemda_id)
    jejak = riwayat()
    response, impor = unggah(client, dumai, 2023, wb)
    assert response.context["hasil"].galat == [
        f"Sheet 'Identitas' baris {r_kepala}: "
        + PESAN_PEMDA.format(medan="nama kepala daerah", tersimpan="H. Paisal, SKM, MARS", isian="Penyerang"),
        f"Sheet 'Identitas' baris {r_ibu}: "
        + PESAN_PEMDA.format(medan="ibu kota", tersimpan="Dumai", isian="Pekanbaru"),
        f"Sheet 'Identitas' baris {r_desimal}: " + PESAN_PEMDA.format(medan="jumlah desimal", tersimpan="2", isian="3"),
    ]
    terapkan(client, impor)
    assert Pemda.objects.get(pk=pemda.pk).nama_kepala_daerah == "H. Paisal, SKM, MARS"
    assert MetodologiPemda.objects.get(pemda=pemda).desimal == 2
    assert riwayat() == jejak

    admin = PenggunaFactory(admin_pemda=True, pemda=pemda)
    hasil = impor_workbook(berkas(wb), opd_tetap=dumai, tahun=2023, user=admin, percobaan=False)
    assert hasil.berhasil, hasil.galat
    pemda.refresh_from_db()
    assert (pemda.nama_kepala_daerah, pemda.ibu_kota) == ("Penyerang", "Pekanbaru")
    assert MetodologiPemda.objects.get(pemda=pemda).desimal == 3


def test_the_pemda_name_and_a_methodology_switch_in_a_document_are_refused_for_an_operator(dumai):
    d = ekspor_data_opd(dumai)
    d["pemda"]["nama"] = "Kota Lain"
    d["metodologi"]["izinkan_realisasi_melebihi_pagu"] = True
    hasil = impor_data_opd(d, opd_tetap=dumai, user=PenggunaFactory(opd=dumai))
    assert hasil.galat == [
        ("pemda.nama", PESAN_PEMDA.format(medan="nama", tersimpan="Kota Dumai", isian="Kota Lain")),
        (
            "metodologi.izinkan_realisasi_melebihi_pagu",
            PESAN_PEMDA.format(medan="izinkan realisasi anggaran melebihi pagu", tersimpan="tidak", isian="ya"),
        ),
    ]
    assert impor_data_opd(d, opd_tetap=dumai, percobaan=True).berhasil  # the system may


def test_an_unchanged_pemda_passes_and_a_blank_cell_leaves_it_as_stored(dumai):
    operator = PenggunaFactory(opd=dumai)
    wb = buku(dumai, 2023)
    identitas(wb, "Nama kepala daerah", "")
    wb["Identitas"].cell(identitas(wb, "Nama kepala daerah"), 2).value = None
    jejak = riwayat()
    hasil = impor_workbook(berkas(wb), opd_tetap=dumai, tahun=2023, user=operator, percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert not hasil.impor.diubah and not hasil.impor.dibuat
    assert riwayat() == jejak
    assert Pemda.objects.get(pk=dumai.pemda_id).nama_kepala_daerah == "H. Paisal, SKM, MARS"


def test_a_pemda_change_made_in_the_application_since_the_export_is_no_operator_change(dumai):
    wb = buku(dumai, 2023)  # exported with the stored name
    Pemda.objects.filter(pk=dumai.pemda_id).update(nama_kepala_daerah="Kepala Baru")  # the admin, since
    hasil = impor_workbook(berkas(wb), opd_tetap=dumai, tahun=2023, user=PenggunaFactory(opd=dumai), percobaan=True)
    assert hasil.berhasil, hasil.galat  # the operator did not touch it: left as stored now


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
