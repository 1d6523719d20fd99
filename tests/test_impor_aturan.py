"""Every import door keeps the rules of the entry screens (issue #14).

The workbook upload (preview, apply), `sakip-opd/1` documents (`impor_data_opd`) and the
budget-realisation import refuse what an approved period freezes and changes to a set PK; only
the pimpinan sets a PK; an office's import stays in its office (officials of another Pemda, an
official shared with another office, the Pemda's RPJMD); an unchanged round trip writes nothing.
"""

import copy
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anggaran.models import Pagu, RealisasiAnggaran
from kinerja.alur import PESAN_HANYA_PIMPINAN
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi, StatusPeriode
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from pertukaran.workbook import impor_workbook
from renstra.models import RPJMD, Misi
from sakip.models import BerkasImpor, Jabatan, Pejabat, Penugasan
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PejabatFactory, PenggunaFactory
from tests.impor_bantu import (
    baris,
    berkas,
    buku,
    identitas,
    isi,
    muat_demo,
    riwayat,
    tambah,
    verifikasi,
)
from tests.potret import kunci_versi
from tests.test_demo import HARAPAN

pytestmark = pytest.mark.django_db

DUMAI = "disdukcapil-dumai"
LUTIM = "disdukcapil-luwu-timur"


def indikator(d, kode):
    """An indicator of a sakip-opd/1 document by kode, with its place."""
    r = d["renstra"]
    for jenis in ("tujuan", "sasaran"):
        for i, pemilik in enumerate(r[jenis]):
            for j, ind in enumerate(pemilik["indikator"]):
                if ind["kode"] == kode:
                    return ind, f"renstra.{jenis}[{i}].indikator[{j}]"
    raise LookupError(kode)


def unggah(client, opd, tahun, wb):
    """Upload a workbook as the signed-in user: (preview response, BerkasImpor)."""
    response = client.post(reverse("workbook_impor", args=[opd.kode, tahun]), {"berkas": berkas(wb)}, follow=True)
    return response, BerkasImpor.objects.filter(opd=opd, jenis="workbook").latest("pk")


def terapkan(client, impor):
    return client.post(reverse("workbook_impor_terapkan", args=[impor.opd.kode, impor.tahun, impor.pk]), follow=True)


@pytest.fixture
def dumai():
    return muat_demo(DUMAI)[DUMAI]


@pytest.fixture
def contoh():
    assert impor_data_opd(dokumen()).berhasil
    from sakip.models import OPD

    return OPD.objects.get(kode="dinas-uji")


# --- 1. a verified period: nothing it freezes changes through any door ------------------


def test_verified_year_refuses_realisations_pk_targets_and_budget_through_the_workbook_upload(client, dumai):
    verifikasi(dumai, 2023)
    assert StatusPeriode.objects.get(opd=dumai, tahun=2023, periode="TAHUN").status == "diverifikasi"
    client.force_login(PenggunaFactory(opd=dumai))
    wb = buku(dumai, 2023)
    ws = wb["Realisasi"]
    r_ubah = baris(ws, {"Kode indikator": "IKU2", "Tahun": 2023})
    isi(ws, r_ubah, {"Realisasi": 33, "Pembilang": None, "Penyebut": None})
    r_baru = tambah(ws, {"Kode indikator": "IKU3", "Tahun": 2023, "Periode": "TW4", "Realisasi": 90})
    ws_pk = wb["Perjanjian Kinerja"]
    r_pk = baris(ws_pk, {"Versi": 0, "Kode indikator": "IKU2"})
    isi(ws_pk, r_pk, {"Target": 1})
    ang = wb["Anggaran"]
    r_ang = baris(ang, {"Kode": "2.12.01"})
    isi(ang, r_ang, {"Realisasi s.d. TW IV": 8300000000})
    sebelum, jejak = ekspor_data_opd(dumai), riwayat()

    response, impor = unggah(client, dumai, 2023, wb)
    hasil = response.context["hasil"]
    assert not hasil.berhasil and "Terapkan impor" not in response.text
    terkunci = "terkunci: data tahun 2023 berstatus diverifikasi (terkunci)"
    assert sorted(hasil.galat) == sorted(
        [
            f"Sheet 'Realisasi' baris {r_ubah}: Realisasi tahun 2023 {terkunci}. "
            "Minta dikembalikan ke draf (atau dibuka kembali) bila perlu diubah.",
            f"Sheet 'Realisasi' baris {r_baru}: Realisasi Triwulan IV 2023 {terkunci}. "
            "Minta dikembalikan ke draf (atau dibuka kembali) bila perlu diubah.",
            f"Sheet 'Anggaran' baris {r_ang} kolom 'Realisasi s.d. TW IV': Realisasi anggaran 2.12.01 triwulan 4 "
            f"2023 {terkunci}. Minta dikembalikan ke draf (atau dibuka kembali) bila perlu diubah.",
            f"Sheet 'Perjanjian Kinerja' baris {r_pk}: PK 2023 sudah ditetapkan; targetnya hanya berubah lewat "
            "perubahan PK.",
        ]
    )
    # Applying anyway (a forged POST) writes nothing either.
    response = terapkan(client, impor)
    assert "Impor ditolak" in response.text
    impor.refresh_from_db()
    assert impor.status == BerkasImpor.Status.GAGAL
    assert ekspor_data_opd(dumai) == sebelum and riwayat() == jejak


def test_verified_year_refuses_the_same_changes_in_a_sakip_opd_document(dumai):
    verifikasi(dumai, 2023)
    d = ekspor_data_opd(dumai)
    ind, tempat = indikator(d, "IKU2")
    n = next(i for i, r in enumerate(ind["realisasi"]) if r["tahun"] == 2023)
    ind["realisasi"][n].update(nilai="33", pembilang=None, penyebut=None)
    i0 = next(i for i, p in enumerate(d["perjanjian_kinerja"]) if p["versi"] == 0)
    d["perjanjian_kinerja"][i0]["item"][0]["target"] = "1"
    a = next(i for i, x in enumerate(d["anggaran"]) if x["kode"] == "2.12.01")
    d["anggaran"][a]["realisasi"]["4"] = "8300000000"
    d["anggaran"][a]["pagu"][1]["nilai"] = "9000000000"
    # A new perubahan in force inside the verified year changes what it measured.
    d["perjanjian_kinerja"].append(
        dict(copy.deepcopy(d["perjanjian_kinerja"][i0]), versi=2, tanggal="2023-12-01", alasan="Revisi", status=None)
    )
    sebelum, jejak = ekspor_data_opd(dumai), riwayat()
    hasil = impor_data_opd(d, opd_tetap=dumai, user=PenggunaFactory(opd=dumai))
    tempat_galat = {t for t, _ in hasil.galat}
    assert {
        f"{tempat}.realisasi[{n}]",
        f"perjanjian_kinerja[{i0}].item[0]",
        f"anggaran[{a}].realisasi.4",
        f"anggaran[{a}].pagu[1]",
        f"perjanjian_kinerja[{len(d['perjanjian_kinerja']) - 1}]",
    } <= tempat_galat, hasil.galat
    assert all("terkunci" in p or "sudah ditetapkan" in p for _, p in hasil.galat), hasil.galat
    assert ekspor_data_opd(dumai) == sebelum and riwayat() == jejak

    # Unchanged records are fine: the same office re-imported as it is.
    hasil = impor_data_opd(ekspor_data_opd(dumai), opd_tetap=dumai, user=PenggunaFactory(opd=dumai))
    assert hasil.berhasil, hasil.galat
    assert not hasil.dibuat and not hasil.diubah


def test_an_approved_quarter_freezes_it_and_the_quarters_before_not_the_ones_after(contoh):
    StatusPeriode.objects.create(opd=contoh, tahun=2024, periode="TW2", status=StatusPeriode.Status.DISETUJUI)
    d = ekspor_data_opd(contoh)
    ind, tempat = indikator(d, "IKU1")
    ind["realisasi"] += [
        {"tahun": 2024, "periode": "TW1", "nilai": "90"},
        {"tahun": 2024, "periode": "TW3", "nilai": "95"},
    ]
    item = next(i for i, a in enumerate(d["anggaran"]) if a["kode"] == "2.12.02.2.01.0001")
    d["anggaran"][item]["realisasi"]["2"] = "100000000"
    d["anggaran"][item]["pagu"][1]["nilai"] = "440000000"  # perubahan dated 2024-09-01: after TW2
    ra = d["perjanjian_kinerja"][0]["item"][0]["rencana_aksi"]
    ra[0]["rencana_aksi"] = "Jemput bola ke sekolah"  # TW4: open
    ra.append({"triwulan": 1, "target": "25", "rencana_aksi": "Sosialisasi"})  # TW1: frozen
    hasil = impor_data_opd(d, opd_tetap=contoh)
    n = len(ind["realisasi"])
    assert [t for t, _ in hasil.galat] == [
        f"{tempat}.realisasi[{n - 2}]",
        f"anggaran[{item}].realisasi.2",
        "perjanjian_kinerja[0].item[0].rencana_aksi[1]",
    ], hasil.galat
    assert hasil.galat[0][1].startswith("Realisasi Triwulan I 2024 terkunci: data Triwulan II 2024 berstatus disetujui")
    assert hasil.galat[2][1].startswith("Rencana aksi triwulan 1 2024 terkunci")

    # Without the frozen quarters, the rest goes in.
    ind["realisasi"].pop(n - 2)
    del d["anggaran"][item]["realisasi"]["2"]
    ra.pop()
    hasil = impor_data_opd(d, opd_tetap=contoh)
    assert hasil.berhasil, hasil.galat
    assert Realisasi.objects.filter(indikator__kode="IKU1", tahun=2024, periode="TW3").exists()
    assert Pagu.objects.get(item__kode="2.12.02.2.01.0001", urutan=1).nilai == D("440000000")
    assert RencanaAksi.objects.get(triwulan=4).rencana_aksi == "Jemput bola ke sekolah"


def test_the_loader_takes_the_office_lock_before_reading(contoh, monkeypatch):
    import pertukaran.muat as pertukaran

    dikunci = []
    asli = pertukaran.kunci_opd

    def catat(*ids):
        dikunci.append((ids, connection.in_atomic_block))
        return asli(*ids)

    monkeypatch.setattr(pertukaran, "kunci_opd", catat)
    assert impor_data_opd(dokumen(), opd_tetap=contoh).berhasil
    assert impor_workbook(berkas(buku(contoh, 2024)), opd_tetap=contoh, percobaan=False).berhasil
    assert dikunci == [((contoh.pk,), True), ((contoh.pk,), True)]


# --- 2. only the pimpinan sets a PK; a set PK never changes ------------------------------


def _pk_bidang(d, status=None):
    """A new PK of the Kepala Bidang (a cascade PK), status as given (None: not said)."""
    return {
        "tahun": 2024,
        "jabatan": "Kepala Bidang Pelayanan Pendaftaran Penduduk",
        "versi": 0,
        "status": status,
        "tanggal": "2024-01-03",
        "item": [{"sasaran": "S1", "indikator": "IKU1", "target": "99"}],
    }


def test_an_operator_cannot_set_a_pk_through_an_import_but_the_pimpinan_can(contoh):
    operator = PenggunaFactory(opd=contoh)
    pimpinan = PenggunaFactory(opd=contoh, pimpinan=True)
    d = dokumen()
    d["perjanjian_kinerja"].append(_pk_bidang(d, "ditetapkan"))
    hasil = impor_data_opd(d, opd_tetap=contoh, user=operator)
    assert hasil.galat == [("perjanjian_kinerja[1].status", PESAN_HANYA_PIMPINAN)]
    assert PerjanjianKinerja.objects.count() == 1

    # Status not given: a new PK is a draft.
    d["perjanjian_kinerja"][1]["status"] = None
    assert impor_data_opd(d, opd_tetap=contoh, user=operator).berhasil
    bidang = PerjanjianKinerja.objects.get(jabatan__nama__startswith="Kepala Bidang")
    assert bidang.status == PerjanjianKinerja.Status.DRAFT

    # Setting the stored draft: refused for the operator, done by the pimpinan.
    d["perjanjian_kinerja"][1]["status"] = "ditetapkan"
    hasil = impor_data_opd(d, opd_tetap=contoh, user=operator)
    assert hasil.galat == [("perjanjian_kinerja[1].status", PESAN_HANYA_PIMPINAN)]
    hasil = impor_data_opd(d, opd_tetap=contoh, user=pimpinan)
    assert hasil.berhasil, hasil.galat
    bidang.refresh_from_db()
    assert bidang.status == PerjanjianKinerja.Status.DITETAPKAN

    # Once set, its targets change only through a perubahan, whoever imports.
    d["perjanjian_kinerja"][1]["item"][0]["target"] = "98"
    for user in (operator, pimpinan, None):
        hasil = impor_data_opd(d, opd_tetap=contoh, user=user)
        assert hasil.galat == [
            ("perjanjian_kinerja[1].item[0]", "PK 2024 sudah ditetapkan; targetnya hanya berubah lewat perubahan PK.")
        ]
    assert ItemPK.objects.get(perjanjian=bidang).target == D("99")
    # ...nor does it go back to draft.
    d["perjanjian_kinerja"][1]["item"][0]["target"] = "99"
    d["perjanjian_kinerja"][1]["status"] = "draft"
    assert [t for t, _ in impor_data_opd(d, opd_tetap=contoh, user=pimpinan).galat] == ["perjanjian_kinerja[1]"]


def test_status_not_given_keeps_a_stored_pk_as_it_is(contoh):
    d = dokumen()
    d["perjanjian_kinerja"][0].pop("status")
    hasil = impor_data_opd(d, opd_tetap=contoh, user=PenggunaFactory(opd=contoh))
    assert hasil.berhasil and not hasil.diubah
    assert PerjanjianKinerja.objects.get().status == PerjanjianKinerja.Status.DITETAPKAN


def test_a_pk_row_set_by_an_operator_in_the_workbook_is_refused_in_the_preview(client, contoh):
    client.force_login(PenggunaFactory(opd=contoh))
    wb = buku(contoh, 2024)
    ws = wb["Perjanjian Kinerja"]
    baru = {
        "Tahun": 2024,
        "Jabatan": "Kepala Bidang Pelayanan Pendaftaran Penduduk",
        "Versi": 0,
        "Status": "ditetapkan",
        "Tanggal": "03-01-2024",
        "Kode sasaran": "S1",
        "Kode indikator": "IKU1",
        "Target": 99,
    }
    r = tambah(ws, baru)
    response, impor = unggah(client, contoh, 2024, wb)
    assert response.context["hasil"].galat == [
        f"Sheet 'Perjanjian Kinerja' baris {r} kolom 'Status': {PESAN_HANYA_PIMPINAN}"
    ]
    assert PerjanjianKinerja.objects.count() == 1

    isi(ws, r, {"Status": None})  # a draft for the pimpinan to set in the application
    response, impor = unggah(client, contoh, 2024, wb)
    assert response.context["hasil"].berhasil
    terapkan(client, impor)
    assert PerjanjianKinerja.objects.get(jabatan__nama__startswith="Kepala Bidang").status == "draft"


def test_the_pimpinan_sets_a_pk_through_the_workbook(contoh):
    wb = buku(contoh, 2024)
    tambah(
        wb["Perjanjian Kinerja"],
        {
            "Tahun": 2024,
            "Jabatan": "Kepala Bidang Pelayanan Pendaftaran Penduduk",
            "Versi": 0,
            "Status": "ditetapkan",
            "Tanggal": "03-01-2024",
            "Kode sasaran": "S1",
            "Kode indikator": "IKU1",
            "Target": 99,
        },
    )
    pimpinan = PenggunaFactory(opd=contoh, pimpinan=True)
    hasil = impor_workbook(berkas(wb), opd_tetap=contoh, tahun=2024, user=pimpinan, percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert PerjanjianKinerja.objects.get(jabatan__nama__startswith="Kepala Bidang").status == "ditetapkan"


# --- 3. an office's import stays in its office -------------------------------------------


def test_an_official_of_another_pemda_is_neither_renamed_nor_moved(client):
    opd = muat_demo(DUMAI, LUTIM)
    dumai, lutim = opd[DUMAI], opd[LUTIM]
    kepala_lutim = Penugasan.objects.get(jabatan__opd=lutim, jabatan__induk__isnull=True).pejabat
    client.force_login(PenggunaFactory(opd=dumai))
    wb = buku(dumai, 2023)
    r = tambah(
        wb["Pejabat"],
        {
            "Nama lengkap dan gelar": "Nama Baru, S.H.",
            "NIP": kepala_lutim.nip,
            "Jabatan": "Kepala Dinas",
            "Jenis": "plt",
            "Mulai": "01-02-2023",
        },
    )
    jejak = riwayat()
    response, impor = unggah(client, dumai, 2023, wb)
    galat = response.context["hasil"].galat
    assert galat == [
        f"Sheet 'Pejabat' baris {r} kolom 'NIP': NIP {kepala_lutim.nip} sudah terdaftar sebagai pejabat pemda "
        "lain; pejabat pemda lain tidak dapat dimuat, diubah atau dipindahkan lewat impor ini. Periksa NIP-nya, "
        "atau minta admin pemda bila pejabat ini pindah tugas."
    ]
    assert lutim.pemda.nama not in response.text  # nothing about the other Pemda is shown
    terapkan(client, impor)
    # Nor through a document loaded by the system itself.
    d = ekspor_data_opd(dumai)
    d["pejabat"].append({"nama": "Nama Baru, S.H.", "nip": kepala_lutim.nip})
    assert [t for t, _ in impor_data_opd(d).galat] == [f"pejabat[{len(d['pejabat']) - 1}].nip"]
    sekarang = Pejabat.objects.get(pk=kepala_lutim.pk)
    assert (sekarang.nama, sekarang.pemda_id) == (kepala_lutim.nama, lutim.pemda_id)
    assert not Penugasan.objects.filter(pejabat=kepala_lutim, jabatan__opd=dumai).exists()
    assert riwayat() == jejak


def test_an_official_serving_another_office_is_assigned_but_not_renamed_by_an_operator(contoh):
    lain = OPDFactory(pemda=contoh.pemda, kode="dinas-lain")
    sekda = PejabatFactory(pemda=contoh.pemda, nama="Budi Santoso, S.E.", golongan="IV/b")
    Penugasan.objects.create(
        jabatan=Jabatan.objects.create(opd=lain, nama="Kepala", eselon="II"), pejabat=sekda, mulai="2022-01-01"
    )
    d = dokumen()
    d["pejabat"].append(
        {
            "nama": "Budi Santoso, S.E.",
            "nip": sekda.nip,
            "pangkat": "Pembina",
            "golongan": "IV/b",
            "jabatan": "Kepala Bidang Pelayanan Pendaftaran Penduduk",
            "jenis": "plt",
            "mulai": "2024-02-01",
        }
    )
    operator = PenggunaFactory(opd=contoh)
    hasil = impor_data_opd(d, opd_tetap=contoh, user=operator)
    assert hasil.berhasil, hasil.galat  # assigned, name unchanged
    assert Penugasan.objects.filter(pejabat=sekda, jabatan__opd=contoh, jenis="plt").exists()

    d["pejabat"][-1].update(nama="Budi S., S.E., M.M.", golongan="IV/c")
    hasil = impor_data_opd(d, opd_tetap=contoh, user=operator)
    assert hasil.galat == [
        (
            "pejabat[1].nama",
            f"pejabat {sekda.nip} juga tercatat di OPD lain (jabatan, penanda tangan PK, atau akun pengguna); "
            "nama, pangkat dan golongannya hanya dapat diubah admin pemda (tersimpan: nama 'Budi Santoso, S.E.', "
            "golongan 'IV/b'). Biarkan sama dengan data tersimpan.",
        )
    ]
    assert Pejabat.objects.get(pk=sekda.pk).nama == "Budi Santoso, S.E."
    admin = PenggunaFactory(admin_pemda=True, pemda=contoh.pemda)
    assert impor_data_opd(d, opd_tetap=contoh, user=admin).berhasil
    assert Pejabat.objects.get(pk=sekda.pk).nama == "Budi S., S.E., M.M."


def test_the_rpjmd_is_changed_by_the_admin_pemda_not_by_an_office_import(client, dumai):
    client.force_login(PenggunaFactory(opd=dumai))
    wb = buku(dumai, 2023)
    r_visi = identitas(wb, "Visi", "Dumai kota pelabuhan yang lain")
    r_misi = identitas(wb, "Misi")
    wb["Identitas"].cell(r_misi, 2, wb["Identitas"].cell(r_misi, 2).value + "\nMisi tambahan")
    rpjmd = RPJMD.objects.get(pemda=dumai.pemda)
    response, impor = unggah(client, dumai, 2023, wb)
    galat = response.context["hasil"].galat
    assert galat[0] == (
        f"Sheet 'Identitas' baris {r_visi}: RPJMD/RPD dan misinya adalah data pemda: hanya admin pemda yang dapat "
        "mengubahnya (visi). Biarkan sama dengan data tersimpan atau minta admin pemda."
    )
    assert galat[1].startswith(
        f"Sheet 'Identitas' baris {r_misi}: RPJMD/RPD dan misinya adalah data pemda: hanya admin "
        "pemda yang dapat membuatnya."
    )
    terapkan(client, impor)
    assert RPJMD.objects.get(pk=rpjmd.pk).visi == rpjmd.visi and Misi.objects.filter(rpjmd=rpjmd).count() == 4

    admin = PenggunaFactory(admin_pemda=True, pemda=dumai.pemda)
    hasil = impor_workbook(berkas(wb), opd_tetap=dumai, tahun=2023, user=admin, percobaan=False)
    assert hasil.berhasil, hasil.galat
    assert RPJMD.objects.get(pk=rpjmd.pk).visi == "Dumai kota pelabuhan yang lain"
    assert Misi.objects.filter(rpjmd=rpjmd).count() == 5


# --- 4. an unchanged round trip changes nothing -------------------------------------------


@pytest.mark.parametrize("kode", list(HARAPAN))
def test_an_unchanged_export_import_round_trip_of_each_demo_office_writes_nothing(kode):
    opd = muat_demo(kode)[kode]
    tahun = HARAPAN[kode]["tahun"]
    operator = PenggunaFactory(opd=opd)
    wb = buku(opd, tahun)
    # The same workbook as an older export: no embedded document, no "Dasar hukum RPJMD" row.
    lama = buku(opd, tahun)
    del lama["_sakip_asal"]
    lama["Identitas"].delete_rows(identitas(lama, "Dasar hukum RPJMD"))
    jejak = riwayat()
    for w in (wb, lama):
        with CaptureQueriesContext(connection) as q:
            hasil = impor_workbook(berkas(w), opd_tetap=opd, tahun=tahun, user=operator, percobaan=False)
        assert hasil.berhasil, hasil.galat
        assert not hasil.impor.dibuat and not hasil.impor.diubah, hasil.impor.ringkasan()
        assert hasil.impor.tetap["RPJMD/RPD"] == 1
        tulis = [
            x["sql"]
            for x in q.captured_queries
            if x["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            # Taking the office lock moves its versi_data (sakip.kunci), a cache key like a
            # sequence, whatever the load then writes (tests/potret.py).
            and not kunci_versi(x["sql"])
        ]
        assert not tulis
    assert riwayat() == jejak


# --- 5. plausibility: warnings in the preview, not errors ---------------------------------


def test_implausible_values_are_warned_in_the_preview_and_can_be_applied(client, contoh):
    client.force_login(PenggunaFactory(opd=contoh))
    wb = buku(contoh, 2024)
    ws = wb["Realisasi"]
    r = baris(ws, {"Kode indikator": "IKU2", "Tahun": 2024})
    isi(ws, r, {"Realisasi": 250})
    response, impor = unggah(client, contoh, 2024, wb)
    hasil = response.context["hasil"]
    assert hasil.berhasil and not hasil.galat
    assert hasil.peringatan == [f"Sheet 'Realisasi' baris {r}: 250 % jauh di atas 100 %; periksa kembali angkanya."]
    assert "Periksa kembali (1)" in response.text and "Terapkan impor" in response.text
    terapkan(client, impor)
    assert Realisasi.objects.get(indikator__kode="IKU2", tahun=2024).nilai == 250


# --- 6. budget realisation: one rule, on stored and imported figures ----------------------


def test_cumulative_budget_realisation_never_goes_down_through_the_loader(contoh):
    d = dokumen()
    d["anggaran"][2]["realisasi"] = {"3": "400000000"}
    assert impor_data_opd(d, opd_tetap=contoh).berhasil
    d["anggaran"][2]["realisasi"] = {"4": "300000000"}  # TW3 is stored: 400 million
    hasil = impor_data_opd(d, opd_tetap=contoh)
    assert hasil.galat == [
        (
            "anggaran[2].realisasi.4",
            "Realisasi kumulatif s.d. triwulan 4 (Rp 300.000.000) lebih kecil dari s.d. triwulan 3 "
            "(Rp 400.000.000); realisasi dicatat kumulatif sejak Januari.",
        )
    ]
    assert RealisasiAnggaran.objects.get(item__kode="2.12.02.2.01.0001", triwulan=4).nilai == D("434526020")
