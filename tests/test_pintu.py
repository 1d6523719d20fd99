"""Every rule through every door (issue #14): one table of refusals.

The scenario is the issue's own: Dumai's 2023 data, verified by the inspectorate. Each cell of
the matrix is one door (the realisation grid, the budget grid, rencana aksi, the PK page, the
admin, the workbook upload, a `sakip-opd/1` document, the budget import, a service call) trying
one thing a rule forbids; the test asserts the refusal, its message in Bahasa Indonesia, and that
the database (every row, history included) is exactly as before.

| rule | grid | budget grid | rencana aksi | PK page | admin | workbook | sakip-opd/1 | budget import | service |
|---|---|---|---|---|---|---|---|---|---|
| a verified period is frozen | x | x | x | | x | x | x | x | x (save, perubahan) |
| only the pimpinan sets a PK | | | | x | x | x | x | | x |
| an office reaches only its own | x | | | | x | x | x | | |
"""

import copy
import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from anggaran.excel import ekspor_realisasi_anggaran, impor_realisasi_anggaran
from anggaran.models import RealisasiAnggaran
from kinerja.alur import PESAN_HANYA_PIMPINAN
from kinerja.layanan import GalatPK, buat_perubahan_pk, tetapkan_pk
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi
from kinerja.penguncian import DataTerkunci
from pertukaran.muat import ekspor_data_opd, impor_data_opd
from renstra.models import Indikator
from sakip.models import Pejabat, Pengguna
from tests.factories import IndikatorFactory, OPDFactory, PenggunaFactory
from tests.formulir import isi_formulir
from tests.impor_bantu import baris, berkas, buku, isi, muat_demo, verifikasi
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db

DUMAI, LUTIM = "disdukcapil-dumai", "disdukcapil-luwu-timur"
TERKUNCI = "terkunci: data tahun 2023 berstatus diverifikasi (terkunci)"


@pytest.fixture
def dumai():
    opd = muat_demo(DUMAI)[DUMAI]
    opd.operator = PenggunaFactory(opd=opd, username="operator.dumai")
    opd.pimpinan = PenggunaFactory(opd=opd, pimpinan=True, username="pimpinan.dumai")
    return opd


def _angka(nilai):
    return "" if nilai is None else str(nilai.normalize()).replace(".", ",")


def _realisasi(opd):
    """A measured 2023 value of the office (not a ratio), to be changed."""
    return (
        Realisasi.objects.filter(indikator__opd=opd, tahun=2023, periode="TAHUN", nilai__isnull=False, pembilang=None)
        .select_related("indikator")
        .order_by("indikator__kode")
        .first()
    )


def _pesan(response):
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _tidak_berubah(aksi):
    """Run `aksi`; assert that it changed nothing in the database but the record of an upload
    (the file kept for its preview); return what it returned."""
    sebelum = potret()
    hasil = aksi()
    sesudah = potret()
    for p in (sebelum, sesudah):
        p.pop("sakip.berkasimpor")
    perbedaan = beda(sebelum, sesudah)
    assert not perbedaan, perbedaan
    return hasil


# --- rule 1: a verified period is frozen, through every door -------------------------------


def pintu_grid(client, opd):
    r = _realisasi(opd)
    url = reverse("realisasi_grid", args=[opd.kode, 2023, "TAHUN"])
    data = {f"r-{r.indikator_id}-nilai": "1", f"initial-r-{r.indikator_id}-nilai": _angka(r.nilai)}
    return _pesan(client.post(url, data, follow=True))


def pintu_grid_anggaran(client, opd):
    item = RealisasiAnggaran.objects.filter(item__opd=opd, item__tahun=2023, triwulan=4).select_related("item")[0]
    url = reverse("anggaran_realisasi", args=[opd.kode, 2023]) + "?triwulan=4"
    data = {"triwulan": "4", f"ra-{item.item_id}-nilai": "1", f"initial-ra-{item.item_id}-nilai": _angka(item.nilai)}
    return _pesan(client.post(url, data, follow=True))


def pintu_rencana_aksi(client, opd):
    item = ItemPK.objects.filter(perjanjian__opd=opd, perjanjian__tahun=2023).order_by("-perjanjian__versi")[0]
    url = reverse("rencana_aksi", args=[opd.kode, 2023]) + f"?versi={item.perjanjian.versi}"
    data = {f"ra-{item.id}-1-target": "1", f"initial-ra-{item.id}-1-target": ""}
    response = client.post(url, data, follow=True)
    return _pesan(response) + response.text


def pintu_admin(client, opd):
    r = _realisasi(opd)
    url = reverse("admin:kinerja_realisasi_change", args=[r.pk])
    halaman = client.get(url)
    assert "Ubah realisasi" not in halaman.text or "readonly" in halaman.text
    data = {
        "indikator": r.indikator_id,
        "tahun": 2023,
        "periode": "TAHUN",
        "nilai": "1",
        "bukti_set-TOTAL_FORMS": "0",
        "bukti_set-INITIAL_FORMS": "0",
    }
    return _pesan(client.post(url, data, follow=True))


def pintu_workbook(client, opd):
    wb = buku(opd, 2023)
    ws = wb["Realisasi"]
    r = _realisasi(opd)
    isi(ws, baris(ws, {"Kode indikator": r.indikator.kode, "Tahun": 2023, "Periode": "TAHUN"}), {"Realisasi": 1})
    response = client.post(reverse("workbook_impor", args=[opd.kode, 2023]), {"berkas": berkas(wb)}, follow=True)
    return " ".join(response.context["hasil"].galat)


def pintu_dokumen(client, opd):
    d = ekspor_data_opd(opd)
    r = _realisasi(opd)
    for ind in _semua_indikator(d):
        if ind["kode"] == r.indikator.kode:
            for x in ind.get("realisasi") or []:
                if (x["tahun"], x["periode"]) == (2023, "TAHUN"):
                    x["nilai"] = "1"
    hasil = impor_data_opd(d, opd_tetap=opd, user=opd.operator)
    return " ".join(p for _, p in hasil.galat)


def pintu_impor_anggaran(client, opd):
    wb = load_workbook(io.BytesIO(ekspor_realisasi_anggaran(opd, 2023, 4)))
    ws = wb.active
    kolom = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}  # the header row
    # The spending of the last leaf (Dumai's budget is programs only).
    r = max(r for r in range(5, ws.max_row + 1) if ws.cell(r, kolom["Realisasi Anggaran (Rp)"]).value is not None)
    ws.cell(r, kolom["Realisasi Anggaran (Rp)"]).value = 1000
    hasil = impor_realisasi_anggaran(opd, 2023, berkas(wb), percobaan=False)
    return " ".join(str(g) for g in hasil.galat)


def pintu_layanan_simpan(client, opd):
    r = _realisasi(opd)
    r.nilai = D(1)
    with pytest.raises(DataTerkunci) as exc:
        r.save()
    return " ".join(exc.value.messages)


def pintu_layanan_perubahan(client, opd):
    perjanjian = PerjanjianKinerja.objects.filter(opd=opd, tahun=2023).order_by("-versi")[0]
    with pytest.raises(GalatPK) as exc:
        buat_perubahan_pk(perjanjian, tanggal=datetime.date(2023, 11, 1), alasan="Target baru")
    return str(exc.value)


def _semua_indikator(d):
    r = d["renstra"]
    for pemilik in r["tujuan"] + r["sasaran"]:
        for ind in pemilik.get("indikator") or []:
            yield ind
            yield from ind.get("komponen") or []


@pytest.mark.parametrize(
    "pintu",
    [
        pintu_grid,
        pintu_grid_anggaran,
        pintu_rencana_aksi,
        pintu_admin,
        pintu_workbook,
        pintu_dokumen,
        pintu_impor_anggaran,
        pintu_layanan_simpan,
        pintu_layanan_perubahan,
    ],
)
def test_a_verified_period_is_frozen_through_every_door(client, dumai, pintu):
    verifikasi(dumai, 2023)
    dumai.operator.is_staff = True  # "Data induk": the admin site
    dumai.operator.save()
    client.force_login(dumai.operator)
    pesan = _tidak_berubah(lambda: pintu(client, dumai))
    if pintu is pintu_admin:
        assert "Tidak ada yang disimpan" in pesan or TERKUNCI in pesan, pesan
    else:
        assert TERKUNCI in pesan, pesan


# --- rule 2: only the pimpinan sets a PK ------------------------------------------------


@pytest.fixture
def draf(dumai):
    """A draft perubahan of Dumai's 2023 PK (the year open), made by the operator."""
    perjanjian = PerjanjianKinerja.objects.filter(opd=dumai, tahun=2023).order_by("-versi")[0]
    return buat_perubahan_pk(perjanjian, tanggal=datetime.date(2023, 11, 1), alasan="Penyesuaian target")


def tetapkan_halaman(client, opd, perjanjian):
    response = client.post(
        reverse("pk_aksi", args=[opd.kode, 2023]),
        {"aksi": "tetapkan", "versi": perjanjian.versi, "yakin": "on"},
        follow=True,
    )
    return _pesan(response) if response.status_code == 200 else str(response.status_code)


def tetapkan_admin(client, opd, perjanjian):
    url = reverse("admin:kinerja_perjanjiankinerja_change", args=[perjanjian.pk])
    data = isi_formulir(client.get(url).text, "perjanjiankinerja_form")
    data["status"] = "ditetapkan"
    client.post(url, data, follow=True)
    perjanjian.refresh_from_db()
    return f"status {perjanjian.status}"


def tetapkan_workbook(client, opd, perjanjian):
    wb = buku(opd, 2023)
    ws = wb["Perjanjian Kinerja"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 3).value == perjanjian.versi:
            ws.cell(r, 4).value = "ditetapkan"
    response = client.post(reverse("workbook_impor", args=[opd.kode, 2023]), {"berkas": berkas(wb)}, follow=True)
    return " ".join(response.context["hasil"].galat)


def tetapkan_dokumen(client, opd, perjanjian):
    d = ekspor_data_opd(opd)
    for x in d["perjanjian_kinerja"]:
        if (x["tahun"], x["versi"]) == (2023, perjanjian.versi):
            x["status"] = "ditetapkan"
    return " ".join(p for _, p in impor_data_opd(d, opd_tetap=opd, user=opd.operator).galat)


def tetapkan_layanan(client, opd, perjanjian):
    with pytest.raises(GalatPK) as exc:
        tetapkan_pk(perjanjian, opd.operator)
    return str(exc.value)


@pytest.mark.parametrize(
    "pintu", [tetapkan_halaman, tetapkan_admin, tetapkan_workbook, tetapkan_dokumen, tetapkan_layanan]
)
def test_only_the_pimpinan_sets_a_pk_through_every_door(client, dumai, draf, pintu):
    dumai.operator.is_staff = True  # "Data induk": the admin site
    dumai.operator.save()
    client.force_login(dumai.operator)
    pesan = _tidak_berubah(lambda: pintu(client, dumai, draf))
    if pintu is tetapkan_admin:
        assert pesan == "status draft"  # the status is not a field of the admin form
    else:
        assert "Hanya pimpinan OPD yang dapat menetapkan" in pesan or PESAN_HANYA_PIMPINAN in pesan, pesan
    # The pimpinan can.
    assert tetapkan_pk(draf, dumai.pimpinan).status == PerjanjianKinerja.Status.DITETAPKAN


# --- rule 3: an office reaches only its own ---------------------------------------------


def jangkauan_grid(client, opd):
    lain = Indikator.objects.get(opd__kode="dinas-lain")
    url = reverse("realisasi_grid", args=[opd.kode, 2023, "TAHUN"])
    client.post(url, {f"r-{lain.id}-nilai": "50", f"initial-r-{lain.id}-nilai": ""}, follow=True)
    assert not Realisasi.objects.filter(indikator=lain).exists()
    return "diabaikan"


def jangkauan_admin(client, opd):
    superuser = Pengguna.objects.get(username="super")
    client.force_login(Pengguna.objects.get(username="adminpemda.dumai"))
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])  # UserAdmin's own name
    return str(client.post(url, {"password1": "baru-sekali-123", "password2": "baru-sekali-123"}).status_code)


def jangkauan_workbook(client, opd):
    kepala_lutim = Pejabat.objects.get(pemda__nama__icontains="Luwu Timur", pk__in=_kepala(LUTIM))
    wb = buku(opd, 2023)
    ws = wb["Pejabat"]
    r = ws.max_row + 1
    for kolom, nilai in (("Nama lengkap dan gelar", "Penyusup"), ("NIP", kepala_lutim.nip), ("Jabatan", None)):
        c = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == kolom)
        ws.cell(r, c).value = nilai
    response = client.post(reverse("workbook_impor", args=[opd.kode, 2023]), {"berkas": berkas(wb)}, follow=True)
    return " ".join(response.context["hasil"].galat)


def jangkauan_dokumen(client, opd):
    d = copy.deepcopy(ekspor_data_opd(opd))
    d["rpjmd"]["visi"] = "Visi yang diganti operator"
    return " ".join(p for _, p in impor_data_opd(d, opd_tetap=opd, user=opd.operator).galat)


def _kepala(kode):
    return Pejabat.objects.filter(penugasan_set__jabatan__opd__kode=kode, penugasan_set__jabatan__induk=None).values(
        "pk"
    )


@pytest.mark.parametrize(
    "pintu, harapan",
    [
        (jangkauan_grid, "diabaikan"),
        (jangkauan_admin, "404"),
        (jangkauan_workbook, "sudah terdaftar sebagai pejabat pemda lain"),
        (jangkauan_dokumen, "hanya admin pemda yang dapat mengubahnya"),
    ],
)
def test_an_office_reaches_only_its_own_through_every_door(client, dumai, pintu, harapan):
    muat_demo(LUTIM)
    IndikatorFactory(sasaran__renstra__opd=OPDFactory(kode="dinas-lain"), nama="Indikator OPD lain")
    PenggunaFactory(admin_pemda=True, pemda=dumai.pemda, username="adminpemda.dumai")
    Pengguna.objects.create_superuser("super", password="x", pemda=dumai.pemda)  # a superuser with this Pemda set
    client.force_login(dumai.operator)
    pesan = _tidak_berubah(lambda: pintu(client, dumai))
    assert harapan in pesan, pesan
