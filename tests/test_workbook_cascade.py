"""Issue #17, "done when": a workbook of a three-level office, written by hand from the empty
template, imports, measures and prints the whole cascade (a head of eselon II, two eselon III and
one eselon IV, each PK naming its superior's PK in the columns "Jabatan PK atasan"/"Versi PK atasan")."""

import io
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.models import PerjanjianKinerja
from pertukaran.workbook import ekspor_workbook, impor_workbook

pytestmark = pytest.mark.django_db

TAHUN = 2025
KODE = "disdukcapil-tigalapis"
KADIS, SEKRETARIS, KABID, KASI = "Kepala Dinas", "Sekretaris", "Kepala Bidang Pelayanan", "Kepala Seksi Identitas"
PEJABAT = {  # jabatan -> (nama, NIP as typed, pangkat, golongan)
    KADIS: ("Drs. Andi Makmur, M.Si.", "19700101 199503 1 001", "Pembina Utama Muda", "IV/c"),
    SEKRETARIS: ("Siti Rahma, S.E.", "19750202 200003 2 002", "Pembina", "IV/a"),
    KABID: ("Budi Santoso, S.Sos.", "19780303 200212 1 003", "Pembina", "IV/a"),
    KASI: ("Rina Wati, S.Kom.", "19850404 201001 2 004", "Penata", "III/c"),
}


def _nip(jabatan):
    return PEJABAT[jabatan][1].replace(" ", "")


def _isi_baris(ws, isian):
    """Append a row by column header, as a person fills the columns he needs."""
    judul = [c.value for c in ws[1]]
    assert set(isian) <= set(judul), set(isian) - set(judul)
    ws.append([isian.get(j) for j in judul])


def _workbook_tangan():
    wb = load_workbook(io.BytesIO(ekspor_workbook()))  # the empty template
    iden = wb["Identitas"]
    isian = {
        "Tahun": TAHUN,
        "Nama pemda": "Kabupaten Tigalapis",
        "Tingkat pemda": "kabupaten",
        "Sebutan kepala daerah": "Bupati",
        "Nama kepala daerah": "H. Ahmad Fauzi, S.H.",
        "Ibu kota": "Tigalapis",
        "Kode OPD": KODE,
        "Nama OPD": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Tigalapis",
        "Singkatan": "Disdukcapil",
        "Renstra tahun mulai": 2025,
        "Renstra tahun selesai": 2029,
    }
    for r in range(2, iden.max_row + 1):
        if iden.cell(r, 1).value in isian:
            iden.cell(r, 2, isian.pop(iden.cell(r, 1).value))
    assert not isian  # every setting found its row

    for nama, eselon, induk in (
        (KADIS, "II", None),
        (SEKRETARIS, "III", KADIS),
        (KABID, "III", KADIS),
        (KASI, "IV", KABID),
    ):
        _isi_baris(wb["Jabatan"], {"Nama jabatan": nama, "Eselon": eselon, "Atasan": induk})
    for jabatan, (nama, nip, pangkat, golongan) in PEJABAT.items():
        _isi_baris(
            wb["Pejabat"],
            {
                "Nama lengkap dan gelar": nama,
                "NIP": nip,
                "Pangkat": pangkat,
                "Golongan": golongan,
                "Jabatan": jabatan,
                "Jenis": "definitif",
                "Mulai": "02-01-2025",
            },
        )

    ts = wb["Tujuan dan Sasaran"]
    _isi_baris(ts, {"Jenis": "tujuan", "Kode": "T1", "Uraian": "Meningkatkan kualitas layanan adminduk"})
    for kode, tingkat, tujuan, induk, uraian, pemilik in (
        ("S1", "strategis", "T1", None, "Meningkatnya kepemilikan dokumen kependudukan", KADIS),
        ("S1.P1", "program", None, "S1", "Meningkatnya cakupan dokumen anak", KABID),
        ("S1.P2", "program", None, "S1", "Meningkatnya tata kelola perangkat daerah", SEKRETARIS),
        ("S1.P1.K1", "kegiatan", None, "S1.P1", "Terlayaninya perekaman jemput bola", KASI),
    ):
        _isi_baris(
            ts,
            {
                "Jenis": "sasaran",
                "Kode": kode,
                "Tingkat": tingkat,
                "Kode tujuan": tujuan,
                "Kode induk": induk,
                "Uraian": uraian,
                "Penanggung jawab": pemilik,
            },
        )

    # The template has no year columns: the person adds the header "Target 2025".
    ind = wb["Indikator"]
    assert f"Target {TAHUN}" not in [c.value for c in ind[1]]
    ind.cell(1, ind.max_column + 1, f"Target {TAHUN}")
    for kode, pemilik, nama, satuan, iku, target in (
        ("IKU1", "S1", "Persentase penduduk wajib KTP-el ber-KTP-el", "%", "ya", "95"),
        ("IKP1", "S1.P1", "Persentase anak ber-KIA", "%", "tidak", "80"),
        ("IKP2", "S1.P2", "Nilai SAKIP internal", "Nilai", "tidak", "80"),
        ("IKK1", "S1.P1.K1", "Jumlah perekaman KTP-el jemput bola", "Orang", "tidak", "1200"),
    ):
        _isi_baris(
            wb["Indikator"],
            {
                "Kode indikator": kode,
                "Milik": "sasaran",
                "Kode pemilik": pemilik,
                "Nama indikator": nama,
                "Satuan": satuan,
                "Jenis nilai": "angka",
                "Arah": "naik",
                "IKU": iku,
                f"Target {TAHUN}": target,
            },
        )

    # PK items: the head's first, each child after its superior, naming it.
    for jabatan, atasan, sasaran, indikator, target in (
        (KADIS, None, "S1", "IKU1", 95),
        (SEKRETARIS, KADIS, "S1.P2", "IKP2", 80),
        (KABID, KADIS, "S1", "IKU1", 95),
        (KABID, KADIS, "S1.P1", "IKP1", 80),
        (KASI, KABID, "S1.P1.K1", "IKK1", "1.200"),
    ):
        _isi_baris(
            wb["Perjanjian Kinerja"],
            {
                "Tahun": TAHUN,
                "Jabatan": jabatan,
                "Versi": 0,
                "Status": "ditetapkan",
                "Tanggal": "02-01-2025",
                "NIP penanda tangan": PEJABAT[jabatan][1],
                "Kode sasaran": sasaran,
                "Kode indikator": indikator,
                "Target": target,
                "Jabatan PK atasan": atasan,
                "Versi PK atasan": 0 if atasan else None,
            },
        )

    for indikator, nilai in (("IKU1", "90,25"), ("IKP1", 72), ("IKP2", 84), ("IKK1", 1260)):
        _isi_baris(
            wb["Realisasi"],
            {"Kode indikator": indikator, "Tahun": TAHUN, "Periode": "TAHUN", "Realisasi": nilai},
        )
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _json(perintah, *argumen):
    out = StringIO()
    call_command(perintah, "--opd", KODE, "--tahun", str(TAHUN), *argumen, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def kantor():
    admin = get_user_model().objects.create_superuser("admin-uji", "admin@contoh.go.id", "rahasia-panjang-123")
    hasil = impor_workbook(_workbook_tangan(), percobaan=False, user=admin)
    assert hasil.berhasil, hasil.galat
    return hasil


def test_the_pk_links_of_the_cascade_are_stored(kantor):
    atasan = {
        pk.jabatan.nama: pk.perjanjian_atasan.jabatan.nama if pk.perjanjian_atasan else None
        for pk in PerjanjianKinerja.objects.filter(tahun=TAHUN).select_related("perjanjian_atasan__jabatan", "jabatan")
    }
    assert atasan == {KADIS: None, SEKRETARIS: KADIS, KABID: KADIS, KASI: KABID}
    assert set(PerjanjianKinerja.objects.values_list("status", flat=True)) == {"ditetapkan"}


def test_measurement_lists_every_pk_with_its_capaian(kantor):
    data = _json("pengukuran", "--periode", "TAHUN")
    ringkas = [
        (
            p["jabatan"],
            p["eselon"],
            p["pejabat"],
            p["atasan"],
            p["capaian"],
            [(i["nama"], i["capaian"]) for s in p["sasaran"] for i in s["indikator"]],
        )
        for p in data["perjanjian"]
    ]
    assert ringkas == [
        (KADIS, "II", PEJABAT[KADIS][0], "Bupati", "95.00", [("Persentase penduduk wajib KTP-el ber-KTP-el", "95.00")]),
        (SEKRETARIS, "III", PEJABAT[SEKRETARIS][0], KADIS, "105.00", [("Nilai SAKIP internal", "105.00")]),
        (
            KABID,
            "III",
            PEJABAT[KABID][0],
            KADIS,
            "92.50",
            [("Persentase penduduk wajib KTP-el ber-KTP-el", "95.00"), ("Persentase anak ber-KIA", "90.00")],
        ),
        (KASI, "IV", PEJABAT[KASI][0], KABID, "105.00", [("Jumlah perekaman KTP-el jemput bola", "105.00")]),
    ]
    assert data["capaian"] == "95.00"


def test_every_pk_is_printed(kantor, tmp_path):
    keluar = tmp_path / "semua.pdf"
    call_command(
        "perjanjian_kinerja", "--opd", KODE, "--tahun", str(TAHUN), "--semua",
        "--format", "pdf", "--output", str(keluar), stderr=io.StringIO(),
    )  # fmt: skip
    pdf = PdfReader(keluar)
    assert len(pdf.pages) >= 4 * 2  # each PK: the statement and its appendix
    teks = "\n".join(h.extract_text() for h in pdf.pages)
    assert teks.count("PIHAK PERTAMA") >= 4 and teks.count("PIHAK KEDUA") >= 4
    posisi = [teks.index(PEJABAT[j][1]) for j in (KADIS, SEKRETARIS, KABID, KASI)]
    assert posisi == sorted(posisi)  # the head first, each PK after its superior
    for nama, *_ in PEJABAT.values():
        assert nama in teks, nama
    assert "H. Ahmad Fauzi" in teks  # the head's PIHAK KEDUA


def test_lkjip_has_the_cascade_tables(kantor):
    data = _json("lkjip", "--periode", "TAHUN")
    teks = json.dumps(data, ensure_ascii=False)
    for judul in (
        "Perjanjian Kinerja Eselon III",
        "Perjanjian Kinerja Eselon IV",
        "Capaian Perjanjian Kinerja Eselon III",
        "Capaian Perjanjian Kinerja Eselon IV",
    ):
        assert judul in teks, judul
    for nama, *_ in PEJABAT.values():
        assert nama in teks, nama


def test_export_writes_the_pk_atasan_and_reimports_unchanged(kantor):
    from sakip.models import OPD

    opd = OPD.objects.get(kode=KODE)
    berkas = ekspor_workbook(opd, TAHUN)
    ws = load_workbook(io.BytesIO(berkas))["Perjanjian Kinerja"]
    judul = [c.value for c in ws[1]]
    j, a, v = judul.index("Jabatan"), judul.index("Jabatan PK atasan"), judul.index("Versi PK atasan")
    baris = {(r[j].value, r[a].value, r[v].value) for r in ws.iter_rows(min_row=2)}
    assert baris == {(KADIS, None, None), (SEKRETARIS, KADIS, 0), (KABID, KADIS, 0), (KASI, KABID, 0)}
    hasil = impor_workbook(io.BytesIO(berkas), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert not hasil.impor.dibuat and not hasil.impor.diubah


def test_without_the_columns_a_stored_link_stays_and_an_unknown_one_is_refused(kantor):
    from sakip.models import OPD

    opd = OPD.objects.get(kode=KODE)
    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, TAHUN)))
    del wb["_sakip_asal"]  # as a workbook from before the columns: no record of what it showed
    ws = wb["Perjanjian Kinerja"]
    judul = [c.value for c in ws[1]]
    ws.delete_cols(judul.index("Jabatan PK atasan") + 1, 2)
    out = io.BytesIO()
    wb.save(out)
    hasil = impor_workbook(io.BytesIO(out.getvalue()), percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert PerjanjianKinerja.objects.get(jabatan__nama=KASI).perjanjian_atasan.jabatan.nama == KABID

    wb = load_workbook(io.BytesIO(ekspor_workbook(opd, TAHUN)))
    ws = wb["Perjanjian Kinerja"]
    judul = [c.value for c in ws[1]]
    kolom = judul.index("Jabatan PK atasan") + 1
    r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, judul.index("Jabatan") + 1).value == KASI)
    ws.cell(r, kolom, "Kepala Bidang Lain")
    out = io.BytesIO()
    wb.save(out)
    hasil = impor_workbook(io.BytesIO(out.getvalue()), percobaan=False)
    assert not hasil.berhasil
    assert any(
        f"Sheet 'Perjanjian Kinerja' baris {r} kolom 'Jabatan PK atasan'" in g and "PK atasan" in g for g in hasil.galat
    ), hasil.galat
