"""The import doors keep the rules of the screens, the reviewer's second round (issue #14).

1. One number rule: text typed as a number reads the same in the realisation grid, the workbook and
   the budget-realisation import, by the kind of its field (sakip.angka).
2. An office's import renames no official whom another office refers to (a position, a PK signed,
   a user account); the admin pemda may.
3. Budget realisation: the same before/after rule (anggaran.aturan.periksa_perubahan) through the
   grid, the budget import and the loader.
4. The Pemda's identity and methodology in an office's import: refused with a message when changed
   (unless by the admin pemda), accepted unchanged.
5. The document hidden in a workbook is decompressed with a size limit: a bomb counts as absent.
6. The budget import writes the rows it judged in bulk, with history.
"""

import base64
import io
import time
import tracemalloc
import zlib
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from anggaran import aturan
from anggaran.entri import simpan_realisasi_anggaran
from anggaran.excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from anggaran.models import Pagu, RealisasiAnggaran
from kinerja.entri import FormRealisasi
from kinerja.models import PerjanjianKinerja, Realisasi
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from pertukaran.workbook import baca_workbook, impor_workbook
from renstra.models import Indikator
from sakip import berkas_asal
from sakip.models import Jabatan, MetodologiPemda, Pejabat, Pemda
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PejabatFactory, PenggunaFactory
from tests.impor_bantu import baris, berkas, buku, identitas, isi, muat_demo, riwayat
from tests.test_anggaran_excel import BARIS_004, _ganti
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


# --- 1. one number rule --------------------------------------------------------------------


def _grid(ind, medan, teks):
    """What the realisation grid reads for `teks` typed in `medan`: a Decimal, or the error."""
    f = FormRealisasi({f"r-{medan}": teks, f"initial-r-{medan}": ""}, prefix="r", indikator=ind)
    if f.is_valid():
        return f.cleaned_data[medan]
    return "galat"


def _workbook(kantor, kode, periode, kolom, teks):
    """What the workbook reads for `teks` typed as text in the Realisasi sheet."""
    wb = buku(kantor, 2024)
    ws = wb["Realisasi"]
    r = baris(ws, {"Kode indikator": kode, "Tahun": 2024, "Periode": periode})
    isi(ws, r, {kolom: teks})
    data, _, galat = baca_workbook(berkas(wb))
    if galat:
        assert len(galat) == 1 and galat[0].startswith(f"Sheet 'Realisasi' baris {r} kolom '{kolom}': "), galat
        return "galat"
    ind = next(
        i
        for s in data["renstra"]["sasaran"]
        for i in s["indikator"] + [k for j in s["indikator"] for k in j["komponen"]]
        if i["kode"] == kode
    )
    nilai = next(x for x in ind["realisasi"] if x["tahun"] == 2024 and x["periode"] == periode)
    medan = {"Realisasi": "nilai", "Pembilang": "pembilang", "Penyebut": "penyebut"}[kolom]
    return D(nilai[medan])


@pytest.mark.parametrize("teks", ["78.000", "79.143", "70,30", "1.234.567,89", "70.30", "14", "1.234,5"])
@pytest.mark.parametrize(
    "kode, periode, kolom",
    [
        ("IKU1.3", "TW3", "Realisasi"),  # unit OPD: a count
        ("IKU1.1", "S1", "Realisasi"),  # unit Nilai, 3 decimals: a measure
        ("IKU2.1.b", "S1", "Pembilang"),  # people (jiwa): a count
        ("IKU2.1.b", "S1", "Penyebut"),
    ],
)
def test_text_reads_the_same_in_the_grid_and_the_workbook(lutim, kode, periode, kolom, teks):
    ind = Indikator.objects.get(opd=lutim, kode=kode)
    medan = {"Realisasi": "nilai", "Pembilang": "pembilang", "Penyebut": "penyebut"}[kolom]
    assert _workbook(lutim, kode, periode, kolom, teks) == _grid(ind, medan, teks)


def test_a_count_typed_as_text_in_the_workbook_is_written_as_the_grid_reads_it(lutim):
    wb = buku(lutim, 2024)
    ws = wb["Realisasi"]
    r = baris(ws, {"Kode indikator": "IKU2.1.b", "Periode": "S1"})
    isi(ws, r, {"Pembilang": "78.000"})
    r3 = baris(ws, {"Kode indikator": "IKU1.3", "Periode": "TW3"})
    isi(ws, r3, {"Realisasi": "1.234"})
    hasil = impor_workbook(berkas(wb), percobaan=False, opd_tetap=lutim, tahun=2024, user=PenggunaFactory(opd=lutim))
    assert hasil.berhasil, hasil.galat
    assert Realisasi.objects.get(indikator__opd=lutim, indikator__kode="IKU2.1.b", periode="S1").pembilang == 78000
    assert Realisasi.objects.get(indikator__opd=lutim, indikator__kode="IKU1.3", periode="TW3").nilai == 1234


def test_a_measure_typed_ambiguously_in_the_workbook_is_refused_at_its_cell(lutim):
    wb = buku(lutim, 2024)
    ws = wb["Realisasi"]
    r = baris(ws, {"Kode indikator": "IKU2.1.b", "Periode": "S1"})
    isi(ws, r, {"Realisasi": "78.000"})
    hasil = impor_workbook(berkas(wb), percobaan=True, opd_tetap=lutim, tahun=2024, user=PenggunaFactory(opd=lutim))
    assert len(hasil.galat) == 1
    assert hasil.galat[0].startswith(f"Sheet 'Realisasi' baris {r} kolom 'Realisasi': Angka '78.000' ambigu")


def test_targets_in_the_workbook_read_by_their_indicator(lutim):
    wb = buku(lutim, 2024)
    ws = wb["Indikator"]
    r_opd = baris(ws, {"Kode indikator": "IKU1.3"})
    r_persen = baris(ws, {"Kode indikator": "IKU2.1.b"})
    isi(ws, r_opd, {"Target 2024": "1.500"})
    data, _, galat = baca_workbook(berkas(wb))
    assert not galat
    ind = next(i for s in data["renstra"]["sasaran"] for i in s["indikator"] if i["kode"] == "IKU1.3")
    assert D(ind["target"]["2024"]) == 1500
    isi(ws, r_persen, {"Target 2024": "1.500"})
    _, _, galat = baca_workbook(berkas(wb))
    assert len(galat) == 1 and galat[0].startswith(f"Sheet 'Indikator' baris {r_persen} kolom 'Target 2024': ")
    assert "ambigu" in galat[0]


def _baris_anggaran(ws, nama):
    kepala = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
    r = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, kepala["Indikator Kinerja"]).value == nama)
    return r, kepala


def test_the_budget_import_reads_performance_figures_by_the_indicator(lutim):
    dokumen_ind = Indikator.objects.get(opd=lutim, kode="K2.12.05.2.01.1")  # unit Dokumen: a count
    persen = Indikator.objects.get(opd=lutim, kode="K2.12.01.2.01.1")  # unit %: a measure
    tahun = dokumen_ind.item_anggaran.tahun
    wb = load_workbook(io.BytesIO(ekspor_realisasi_anggaran(lutim, tahun)))
    ws = wb["Realisasi Anggaran"]
    r, kepala = _baris_anggaran(ws, dokumen_ind.nama)
    ws.cell(r, kepala["Realisasi Kinerja"]).value = "1.234"
    ws.cell(r, kepala["Target"]).value = "2.000"
    keluar = io.BytesIO()
    wb.save(keluar)
    keluar.seek(0)
    hasil = impor_realisasi_anggaran(lutim, tahun, keluar, percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert Realisasi.objects.get(indikator=dokumen_ind, tahun=tahun, periode="TAHUN").nilai == 1234
    assert dokumen_ind.target_set.get(tahun=tahun).nilai == 2000
    assert _grid(dokumen_ind, "nilai", "1.234") == 1234  # as the grid reads it

    r, kepala = _baris_anggaran(ws, persen.nama)
    ws.cell(r, kepala["Realisasi Kinerja"]).value = "1.234"
    keluar = io.BytesIO()
    wb.save(keluar)
    keluar.seek(0)
    hasil = impor_realisasi_anggaran(lutim, tahun, keluar, percobaan=True)
    assert len(hasil.galat) == 1 and "kolom Realisasi Kinerja: Angka '1.234' ambigu" in hasil.galat[0]
    assert _grid(persen, "nilai", "1.234") == "galat"


def test_the_unit_in_the_budget_row_decides_for_a_new_indicator(opd):  # noqa: F811 - the fixture
    baris_ = [list(b) for b in BARIS_004]
    baris_[2][2], baris_[2][3], baris_[2][5] = "Jumlah dokumen baru", "Dokumen", "1.500"
    hasil = impor_realisasi_anggaran(opd, 2024, buku_anggaran(baris_), percobaan=False)
    assert hasil.berhasil, hasil.galat
    ind = Indikator.objects.get(item_anggaran__opd=opd, nama="Jumlah dokumen baru")
    assert Realisasi.objects.get(indikator=ind, tahun=2024).nilai == 1500


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


# --- 6. the budget import writes what it judged in bulk ------------------------------------


def _simpan_titik(fungsi):
    """(result, number of SAVEPOINT statements) of `fungsi()`."""
    with CaptureQueriesContext(connection) as q:
        hasil = fungsi()
    return hasil, sum(1 for x in q.captured_queries if x["sql"].lstrip().upper().startswith("SAVEPOINT"))


def test_the_budget_import_writes_its_rows_in_bulk_with_history(opd):  # noqa: F811 - the fixture
    baris_ = _realisasi_daun(BARIS_004, 8000000)  # leaf 2.12.01.2.01.0001: 8.025.000 -> 8.000.000
    baris_ = _ganti(baris_, 3, 8, 8460000)  # leaf 2.12.01.2.01.0006: 8.470.000 -> 8.460.000
    baris_ = _ganti(baris_, 1, 8, 16460000)
    baris_ = _ganti(baris_, 6, 8, "8.015.000")  # leaf 2.12.01.2.02.0001
    baris_ = _ganti(baris_, 5, 8, "8.015.000")
    baris_ = _ganti(baris_, 0, 8, 24475000)
    baris_ = _ganti(baris_, 3, 7, 8600000)  # a pagu too (its parents follow)
    baris_ = _ganti(baris_, 1, 7, 16670000)
    baris_ = _ganti(baris_, 0, 7, 24740000)
    baris_ = _ganti(baris_, 2, 5, 3)  # measured values (Laporan)
    baris_ = _ganti(baris_, 3, 5, 3)
    riwayat_ra = RealisasiAnggaran.history.count()
    riwayat_kinerja = Realisasi.history.count()
    _, tetap = _simpan_titik(lambda: impor_realisasi_anggaran(opd, 2024, buku_anggaran(), percobaan=False))
    hasil, ubah = _simpan_titik(lambda: impor_realisasi_anggaran(opd, 2024, buku_anggaran(baris_), percobaan=False))
    assert hasil.berhasil, hasil.galat
    assert ubah == tetap  # no savepoint (nor lock) per row written
    assert {
        k: v for k, v in RealisasiAnggaran.objects.filter(item__opd=opd, triwulan=4).values_list("item__kode", "nilai")
    } == {DAUN: 8000000, "2.12.01.2.01.0006": 8460000, "2.12.01.2.02.0001": 8015000}
    assert Pagu.objects.get(item__kode="2.12.01.2.01.0006").nilai == 8600000
    assert RealisasiAnggaran.history.count() == riwayat_ra + 3
    assert Realisasi.history.count() == riwayat_kinerja + 2
    laporan = Realisasi.objects.filter(indikator__item_anggaran__opd=opd, nilai=3)
    assert laporan.count() == 2 and {r.revisi for r in laporan} == {2}
