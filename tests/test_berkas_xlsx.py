"""Hostile workbooks (issue #15): refused at upload, fast and with little memory, nothing stored;
an accepted upload is read once (preview and apply run on the rows read at upload)."""

import io
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from anggaran.excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from anggaran.models import ItemAnggaran
from anggaran.nomenklatur import muat_nomenklatur
from kinerja.models import Realisasi
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import ekspor_workbook
from sakip.models import OPD, BerkasImpor
from tests import bom_xlsx
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PenggunaFactory
from tests.impor_bantu import riwayat

AKAR = Path(__file__).resolve().parent.parent
MB = 1024 * 1024

# Each hostile file and a piece of the message that refuses it.
BOM = {
    "sel_jauh": "berukuran 1048576 baris",
    "sel_jauh_dimensi_palsu": "memuat baris ke-1048576",
    "dimensi_raksasa": "berukuran 1048576 baris × 16384 kolom",
    "kolom_jauh": "16384 kolom",
    "teks_raksasa": "setelah diekstrak melebihi 50 MB",
    "teks_panjang": "lebih dari 32.767 karakter",
    "rasio": "dimampatkan lebih dari 100 kali",
    "banyak_anggota": "lebih dari 500 bagian",
    "sel_jauh_workbook": "Sheet &#x27;Realisasi&#x27; berukuran 1048576 baris",
}


@pytest.fixture(scope="module")
def bom():
    """The hostile files, built once for the module (the largest takes a second)."""
    return {nama: bom_xlsx.BOM[nama]() for nama in BOM}


def _unggah(client, url, data, nama="bom.xlsx", **lain):
    berkas = io.BytesIO(data)
    berkas.name = nama
    return client.post(url, {"berkas": berkas, **lain})


@pytest.mark.django_db
@pytest.mark.parametrize("nama", list(BOM))
def test_a_hostile_workbook_is_refused_at_upload_fast_with_little_memory_and_nothing_stored(client, bom, nama):
    """Python's allocations are traced (tracemalloc: openpyxl, zlib's output, expat, which this
    interpreter builds with Python's allocator); the subprocess test below measures the process."""
    opd = OPDFactory(kode="dinas-bom")
    client.force_login(PenggunaFactory(opd=opd))
    data = bom[nama]
    assert len(data) < MB  # a small upload
    pintu = "workbook_impor" if nama.endswith("workbook") else "anggaran_impor"
    lain = {} if pintu == "workbook_impor" else {"jenis_pagu": "perubahan", "triwulan": 4}
    jejak = riwayat()
    assert client.get(reverse(pintu, args=["dinas-bom", 2024])).status_code == 200  # templates loaded
    tracemalloc.start()
    mulai = time.monotonic()
    try:
        response = _unggah(client, reverse(pintu, args=["dinas-bom", 2024]), data, **lain)
        detik = time.monotonic() - mulai
        _, puncak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200  # the form again, with the message
    assert BOM[nama] in response.text, response.text[-3000:]
    assert detik < 1, detik
    assert puncak < 200 * MB, puncak
    assert not BerkasImpor.objects.exists() and riwayat() == jejak


@pytest.mark.parametrize(
    "pintu, nama",
    [
        ("anggaran", "sel_jauh"),
        ("anggaran", "sel_jauh_dimensi_palsu"),
        ("anggaran", "teks_raksasa"),
        ("anggaran", "rasio"),
        ("workbook", "teks_raksasa"),
        ("workbook", "sel_jauh_workbook"),
    ],
)
def test_the_readers_refuse_bombs_in_under_a_second_and_200_MB_of_the_process(tmp_path, nama, pintu):
    """Measured in a fresh process: the growth of its peak resident memory (ru_maxrss) counts C
    allocations too. The two readers every door uses: the budget workbook's and the OPD's."""
    path = tmp_path / f"{nama}.xlsx"
    path.write_bytes(bom_xlsx.BOM[nama]())
    anak = f"""
import json, os, resource, sys, time
sys.path.insert(0, {str(AKAR)!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "sakip.settings_test"
import django
django.setup()
from anggaran.excel import BerkasTidakValid, baca_baris
from pertukaran.workbook import baca_workbook
sebelum = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
mulai = time.monotonic()
try:
    if {pintu!r} == "anggaran":
        baca_baris(open({str(path)!r}, "rb"))
        galat = []
    else:
        galat = baca_workbook(open({str(path)!r}, "rb"))[2]
except BerkasTidakValid as exc:
    galat = [str(exc)]
detik = time.monotonic() - mulai
kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - sebelum
print(json.dumps({{"detik": detik, "mb": kb / 1024, "galat": galat}}))
"""
    try:
        p = subprocess.run([sys.executable, "-c", anak], capture_output=True, text=True, timeout=20, cwd=AKAR)
    except subprocess.TimeoutExpired:
        pytest.fail("the reader ran for more than 20 s")
    assert p.returncode == 0, p.stderr[-2000:]
    hasil = json.loads(p.stdout.strip().splitlines()[-1])
    assert hasil["galat"], hasil  # refused
    assert hasil["detik"] < 1, hasil
    assert hasil["mb"] < 200, hasil


@pytest.mark.django_db
def test_too_many_rows_and_cells_are_refused_by_the_streaming_read(client, settings):
    settings.SAKIP_XLSX_MAKS_BARIS = 1000
    opd = OPDFactory(kode="dinas-bom")
    client.force_login(PenggunaFactory(opd=opd))
    url = reverse("anggaran_impor", args=["dinas-bom", 2024])
    response = _unggah(client, url, bom_xlsx.baris_banyak(2000), jenis_pagu="perubahan", triwulan=4)
    assert "memuat baris ke-1001, melebihi batas 1.000 baris" in response.text
    settings.SAKIP_XLSX_MAKS_BARIS, settings.SAKIP_XLSX_MAKS_SEL = 20_000, 3000
    response = _unggah(client, url, bom_xlsx.baris_banyak(2000), jenis_pagu="perubahan", triwulan=4)
    assert "Workbook memuat lebih dari 3.000 sel" in response.text
    assert not BerkasImpor.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, pesan",
    [
        (bom_xlsx.bukan_zip(), "tidak dapat dibaca sebagai Excel (.xlsx): isinya bukan workbook .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "format Excel lama (.xls) atau terlindung kata sandi"),
        (b"PK\x03\x04 rusak", "tidak dapat dibaca sebagai Excel (.xlsx)"),
    ],
)
def test_what_is_not_an_xlsx_is_refused_by_its_content_whatever_its_name(client, data, pesan):
    opd = OPDFactory(kode="dinas-bom")
    client.force_login(PenggunaFactory(opd=opd))
    response = _unggah(client, reverse("workbook_impor", args=["dinas-bom", 2024]), data, nama="workbook.xlsx")
    assert pesan in response.text
    assert not BerkasImpor.objects.exists()


@pytest.mark.django_db
def test_a_workbook_is_read_once_preview_and_apply_use_the_rows_read_at_upload(client):
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    client.force_login(PenggunaFactory(opd=opd))
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, 2024)))
    ws = wb["Realisasi"]
    baris = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "IKU1" and ws.cell(r, 2).value == 2024)
    ws.cell(baris, 4, "99,50")
    keluaran = io.BytesIO()
    wb.save(keluaran)
    response = _unggah(client, reverse("workbook_impor", args=["dinas-uji", 2024]), keluaran.getvalue())
    impor = BerkasImpor.objects.get()
    assert response.status_code == 302 and impor.isi is not None
    # The stored file is gone: a preview or an apply that parsed it again would fail.
    impor.berkas.storage.delete(impor.berkas.name)
    pratinjau = client.get(reverse("workbook_impor_pratinjau", args=["dinas-uji", 2024, impor.pk]))
    assert "Berkas dapat diimpor: 0 baru, 1 diubah" in pratinjau.text
    terapkan = client.post(reverse("workbook_impor_terapkan", args=["dinas-uji", 2024, impor.pk]), follow=True)
    assert "Impor diterapkan: 0 baru, 1 diubah" in terapkan.text
    assert str(Realisasi.objects.get(indikator__kode="IKU1", tahun=2024).nilai.normalize()) == "99.5"


@pytest.mark.django_db
def test_a_budget_workbook_is_read_once_too(client):
    muat_nomenklatur()
    opd = OPDFactory(kode="dinas-bom")
    client.force_login(PenggunaFactory(opd=opd))
    wb = load_workbook(io.BytesIO(ekspor_realisasi_anggaran(opd, 2024)))
    ws = wb["Realisasi Anggaran"]
    ws.append(["2.12.01", "PROGRAM PENUNJANG", None, None, None, None, None, 1000, 900])
    keluaran = io.BytesIO()
    wb.save(keluaran)
    url = reverse("anggaran_impor", args=["dinas-bom", 2024])
    assert _unggah(client, url, keluaran.getvalue(), jenis_pagu="perubahan", triwulan=4).status_code == 302
    impor = BerkasImpor.objects.get()
    impor.berkas.storage.delete(impor.berkas.name)
    assert "1 baru" in client.get(reverse("anggaran_impor_pratinjau", args=["dinas-bom", 2024, impor.pk])).text
    client.post(reverse("anggaran_impor_terapkan", args=["dinas-bom", 2024, impor.pk]))
    assert ItemAnggaran.objects.get(opd=opd, kode="2.12.01").nama == "PROGRAM PENUNJANG"


@pytest.mark.django_db
def test_a_formula_in_a_text_column_of_the_budget_workbook_is_refused():
    muat_nomenklatur()
    opd = OPDFactory(kode="dinas-bom")
    wb = load_workbook(io.BytesIO(ekspor_realisasi_anggaran(opd, 2024)))
    wb["Realisasi Anggaran"].append(["2.12.01", "PROGRAM", None, None, None, None, None, 1000, 900, None, None, "=A1"])
    keluaran = io.BytesIO()
    wb.save(keluaran)
    hasil = impor_realisasi_anggaran(opd, 2024, io.BytesIO(keluaran.getvalue()), percobaan=False)
    assert any("kolom Keterangan: berisi rumus '=A1'" in g for g in hasil.galat), hasil.galat
    assert not ItemAnggaran.objects.exists()


def test_the_json_exchange_import_is_bounded_too(tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.SAKIP_IMPOR_MAKS_MB = 1
    besar = tmp_path / "besar.json"
    besar.write_text('{"format": "sakip-opd/1", "x": "' + "a" * (2 * MB) + '"}', encoding="utf-8")
    with pytest.raises(CommandError, match="lebih dari 1 MB"):
        call_command("muat_data_opd", str(besar))
    dalam = tmp_path / "dalam.json"
    dalam.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError, match="bersarang terlalu dalam"):
        call_command("muat_data_opd", str(dalam))
