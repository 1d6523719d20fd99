"""Issue #14: the admin writes only what the person changed, like every editor (sakip.isian).

Every input of an office-data admin form carries the value it was loaded with. A page loaded
before someone else's save never puts back the old value of a field it did not touch (main form,
inline rows, links); a field both changed is a conflict shown with both values, nothing saved,
and saving the page shown again applies the person's value. A form posted back unchanged writes
nothing; simple_history's "Revert" writes the version's values, one history row.
"""

import datetime
import re
import threading
from decimal import Decimal as D

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from anggaran.models import ItemAnggaran, RealisasiAnggaran
from kinerja.layanan import buat_perubahan_pk
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PejabatFactory, PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db

KONFLIK = "Diubah orang lain sejak halaman dimuat"


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd, is_staff=True)


def _klien(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def a(operator):
    """The person whose page goes stale."""
    return _klien(operator)


@pytest.fixture
def b(opd):
    """Someone else of the same office, in another tab or on another screen."""
    return _klien(PenggunaFactory(username="operator.lain", opd=opd, is_staff=True))


def alamat(obj, jenis="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{jenis}", args=[obj.pk])


def muat(client, obj):
    """What the browser posts back from the admin change page of `obj`, as loaded now."""
    response = client.get(alamat(obj))
    assert response.status_code == 200
    return isi_formulir(response.content, id=f"{obj._meta.model_name}_form")


def simpan(client, obj, data):
    response = client.post(alamat(obj), data)
    form = response.context and response.context.get("adminform")
    assert response.status_code == 302, form and (form.form.errors, _galat_inline(response))
    return response


def _galat_inline(response):
    return [f.formset.errors for f in response.context["inline_admin_formsets"]]


def pesan(response):
    return [str(m) for m in response.context["messages"]]


def realisasi(kode="IKU1", tahun=2023):
    return Realisasi.objects.get(indikator__kode=kode, tahun=tahun, periode="TAHUN")


def baris(data, prefix, medan, nilai):
    """The index of the inline row whose `medan` holds `nilai` in the posted data."""
    for kunci, isi in data.items():
        m = re.fullmatch(rf"{prefix}-(\d+)-{medan}", kunci)
        if m and str(isi) == str(nilai):
            return m.group(1)
    raise AssertionError(f"tidak ada baris {medan}={nilai}")


# --- a form posted back unchanged, a history revert -------------------------------------------


def test_change_page_posted_back_unchanged_writes_nothing_and_says_so(a, operator):
    r = realisasi()
    data = muat(a, r)
    assert data["initial-nilai"] == data["nilai"]  # every input carries its starting value
    sebelum = potret()
    response = a.post(alamat(r), data, follow=True)
    assert not beda(sebelum, potret())
    assert "Tidak ada yang berubah; tidak ada yang disimpan." in pesan(response)


def test_revert_writes_the_version_and_one_history_row(a):
    r = realisasi()
    versi_awal = r.history.latest("history_date")
    simpan(a, r, muat(a, r) | {"nilai": "50", "keterangan_data": "salah ketik"})
    assert realisasi().nilai == D(50)
    alamat_versi = reverse("admin:kinerja_realisasi_simple_history", args=[r.pk, versi_awal.history_id])
    halaman = a.get(alamat_versi)
    assert not halaman.context["revert_disabled"]
    n = r.history.count()
    response = a.post(alamat_versi, isi_formulir(halaman.content, id="historicalrealisasi_form"), follow=True)
    assert not any("Tidak ada yang berubah" in p for p in pesan(response))
    r = realisasi()
    assert (r.nilai, r.keterangan_data) == (D("97.51"), "")
    assert r.history.count() == n + 1
    assert r.history.latest("history_date").history_type == "~"
    # Reverting again to the same version: the record already holds it, nothing is written.
    sebelum = potret()
    halaman = a.get(alamat_versi)
    a.post(alamat_versi, isi_formulir(halaman.content, id="historicalrealisasi_form"))
    assert not beda(sebelum, potret())


def test_revert_of_master_data_writes_the_version(client):
    admin = PenggunaFactory(peran="", opd=None, is_superuser=True, is_staff=True)
    client.force_login(admin)
    pejabat = PejabatFactory(nama="Budi")
    versi = pejabat.history.latest("history_date")
    simpan(client, pejabat, muat(client, pejabat) | {"nama": "Budi Santoso"})
    alamat_versi = reverse("admin:sakip_pejabat_simple_history", args=[pejabat.pk, versi.history_id])
    halaman = client.get(alamat_versi)
    response = client.post(alamat_versi, isi_formulir(halaman.content, id="historicalpejabat_form"))
    assert response.status_code == 302
    pejabat.refresh_from_db()
    assert pejabat.nama == "Budi" and pejabat.history.count() == 3


# --- a stale page does not put back what someone else changed ---------------------------------


def test_stale_realisation_form_keeps_a_field_changed_in_another_tab(a, b):
    r = realisasi()
    data_a = muat(a, r)  # A loads the page
    simpan(b, r, muat(b, r) | {"keterangan_data": "DKB Semester II 2023"})  # B saves meanwhile
    n = r.history.count()
    simpan(a, r, data_a | {"nilai": "97.6"})  # A saves the value only
    r = realisasi()
    assert (r.nilai, r.keterangan_data) == (D("97.6"), "DKB Semester II 2023")
    assert r.history.count() == n + 1


def test_stale_realisation_form_keeps_a_cell_saved_on_the_grid(a, b, operator):
    r = realisasi(tahun=2024)
    data_a = muat(a, r)
    grid = reverse("realisasi_grid", args=["dinas-uji", 2024, "TAHUN"])
    isian = isi_formulir(b.get(grid).content, id="grid-realisasi")
    isian[f"r-{r.indikator_id}-keterangan"] = "DKB Semester II 2024"
    assert b.post(grid, isian).status_code == 302
    simpan(a, r, data_a | {"nilai": "99.4"})
    r = realisasi(tahun=2024)
    assert (r.nilai, r.keterangan_data) == (D("99.4"), "DKB Semester II 2024")
    assert r.diisi_oleh == operator  # the admin records who saved last


def test_stale_indicator_form_keeps_a_field_changed_elsewhere(a):
    iku = Indikator.objects.get(kode="IKU1")
    data_a = muat(a, iku)
    Indikator.objects.filter(pk=iku.pk).update(sumber_data="SIAK terpusat")  # e.g. the Renstra grid
    simpan(a, iku, data_a | {"definisi": "Penduduk ber-KTP-el dibagi wajib KTP-el"})
    iku.refresh_from_db()
    assert (iku.definisi, iku.sumber_data) == ("Penduduk ber-KTP-el dibagi wajib KTP-el", "SIAK terpusat")


@pytest.fixture
def perubahan(opd):
    perjanjian = PerjanjianKinerja.objects.get(opd=opd, tahun=2024)
    return buat_perubahan_pk(perjanjian, tanggal=datetime.date(2024, 8, 1), alasan="Refocusing")


def test_stale_pk_form_keeps_an_item_changed_elsewhere(a, perubahan):
    assert perubahan.status == PerjanjianKinerja.Status.DRAFT
    iku1, iku2 = (perubahan.item_set.get(indikator__kode=k) for k in ("IKU1", "IKU2"))
    data_a = muat(a, perubahan)
    # Someone else changes a target of each row on the PK editor meanwhile.
    for item, target in ((iku1, "101"), (iku2, "102")):
        item.target = D(target)
        item.save()
    i1 = baris(data_a, "item_set", "id", iku1.pk)
    n = ItemPK.history.count()
    simpan(a, perubahan, data_a | {f"item_set-{i1}-urutan": "5", "alasan": "Refocusing anggaran"})
    iku1.refresh_from_db()
    iku2.refresh_from_db()
    assert (iku1.target, iku1.urutan, iku2.target) == (D(101), 5, D(102))
    assert ItemPK.history.count() == n + 1  # the row changed, the untouched one not written
    perubahan.refresh_from_db()
    assert perubahan.alasan == "Refocusing anggaran"


@pytest.fixture
def ktp(opd):
    return ItemAnggaran.objects.get(kode="2.12.02.2.01.0001")


def test_stale_budget_form_keeps_a_quarter_changed_elsewhere(a, b, ktp):
    data_a = muat(a, ktp)
    # B changes the TW IV spending and the item's note in another tab.
    data_b = muat(b, ktp)
    tw4 = baris(data_b, "realisasi_set", "triwulan", 4)
    simpan(b, ktp, data_b | {f"realisasi_set-{tw4}-nilai": "435000000", "catatan": "Refocusing"})
    tw3 = baris(data_a, "realisasi_set", "triwulan", 3)
    simpan(a, ktp, data_a | {f"realisasi_set-{tw3}-nilai": "310000000"})
    nilai = dict(RealisasiAnggaran.objects.filter(item=ktp).values_list("triwulan", "nilai"))
    assert nilai == {3: D(310000000), 4: D(435000000)}
    ktp.refresh_from_db()
    assert ktp.catatan == "Refocusing"


# --- links (m2m) follow the same rule, one history row per change ------------------------------


@pytest.fixture
def program(opd):
    return ItemAnggaran.objects.get(kode="2.12.02")


def _tautan(item, nama="indikator_didukung"):
    return set(getattr(item, nama).values_list("kode", flat=True))


def test_stale_budget_form_keeps_links_changed_elsewhere(a, program):
    data_a = muat(a, program)
    program.indikator_didukung.add(Indikator.objects.get(kode="IKU2"))
    simpan(a, program, data_a | {"nama": "PROGRAM PENDAFTARAN PENDUDUK (P)"})
    program.refresh_from_db()
    assert program.nama == "PROGRAM PENDAFTARAN PENDUDUK (P)"
    assert _tautan(program) == {"IKU1", "IKU2"}


def test_changed_links_are_written_with_one_history_row_that_records_them(a, program):
    iku1, iku2 = (Indikator.objects.get(kode=k) for k in ("IKU1", "IKU2"))
    n = program.history.count()
    simpan(a, program, muat(a, program) | {"indikator_didukung": [str(iku2.pk)]})
    assert _tautan(program) == {"IKU2"} and _tautan(program, "sasaran") == {"S1"}
    assert program.history.count() == n + 1
    terakhir = program.history.latest("history_date")
    assert {t.indikator_id for t in terakhir.indikator_didukung.all()} == {iku2.pk}
    assert terakhir.sasaran.count() == 1
    # Links and a field together: still one row.
    simpan(a, program, muat(a, program) | {"indikator_didukung": [str(iku1.pk), str(iku2.pk)], "catatan": "x"})
    assert program.history.count() == n + 2
    assert {t.indikator_id for t in program.history.latest("history_date").indikator_didukung.all()} == {
        iku1.pk,
        iku2.pk,
    }


def test_links_changed_by_both_are_a_conflict(a, program):
    data_a = muat(a, program)
    program.indikator_didukung.add(Indikator.objects.get(kode="IKU2"))
    sebelum = potret()
    response = a.post(alamat(program), data_a | {"indikator_didukung": []})
    assert response.status_code == 200
    galat = " ".join(response.context["adminform"].form.errors["indikator_didukung"])
    assert KONFLIK in galat and "isian Anda (kosong)" in galat
    assert not beda(sebelum, potret())
    simpan(a, program, isi_formulir(response.content, id="itemanggaran_form"))
    assert _tautan(program) == set()


def test_new_item_with_links_has_one_history_row(a, opd):
    iku1 = Indikator.objects.get(kode="IKU1")
    response = a.post(
        reverse("admin:anggaran_itemanggaran_add"),
        {
            "opd": opd.pk,
            "tahun": 2025,
            "kode": "2.12.04",
            "nama": "PROGRAM BARU",
            "urutan": 0,
            "indikator_didukung": [iku1.pk],
            "pagu_set-TOTAL_FORMS": 0,
            "pagu_set-INITIAL_FORMS": 0,
            "realisasi_set-TOTAL_FORMS": 0,
            "realisasi_set-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    baru = ItemAnggaran.objects.get(kode="2.12.04")
    (riwayat,) = baru.history.all()
    assert riwayat.history_type == "+" and [t.indikator_id for t in riwayat.indikator_didukung.all()] == [iku1.pk]


# --- a field both changed: a conflict with both values, nothing saved -------------------------


def test_a_field_both_changed_is_a_conflict_then_saving_again_applies_yours(a, b):
    r = realisasi()
    data_a = muat(a, r)
    simpan(b, r, muat(b, r) | {"nilai": "98"})
    sebelum = potret()
    response = a.post(alamat(r), data_a | {"nilai": "96.5", "keterangan_data": "DKB 2023"})
    assert response.status_code == 200
    galat = response.context["adminform"].form.errors["nilai"]
    assert galat == [f"{KONFLIK}: tersimpan 98, isian Anda 96,50. Simpan lagi untuk memakai isian Anda."]
    assert not beda(sebelum, potret())  # not even the field without a conflict
    # The page shown again keeps what A typed and starts from the stored value.
    ulang = isi_formulir(response.content, id="realisasi_form")
    assert (ulang["nilai"], D(ulang["initial-nilai"]), ulang["keterangan_data"]) == ("96.5", D(98), "DKB 2023")
    simpan(a, r, ulang)
    r = realisasi()
    assert (r.nilai, r.keterangan_data) == (D("96.5"), "DKB 2023")


def test_the_same_change_made_by_both_is_no_conflict_and_writes_nothing(a, b):
    r = realisasi()
    data_a = muat(a, r)
    simpan(b, r, muat(b, r) | {"nilai": "98"})
    sebelum = potret()
    simpan(a, r, data_a | {"nilai": "98.00"})
    assert not beda(sebelum, potret())


def test_an_inline_cell_both_changed_is_a_conflict(a, b, ktp):
    data_a = muat(a, ktp)
    data_b = muat(b, ktp)
    tw4 = baris(data_b, "realisasi_set", "triwulan", 4)
    simpan(b, ktp, data_b | {f"realisasi_set-{tw4}-nilai": "435000000"})
    tw4 = baris(data_a, "realisasi_set", "triwulan", 4)
    sebelum = potret()
    response = a.post(alamat(ktp), data_a | {f"realisasi_set-{tw4}-nilai": "436000000", "catatan": "x"})
    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "realisasi_set")
    galat = " ".join(formset.errors[int(tw4)]["nilai"])
    assert KONFLIK in galat and "tersimpan 435000000" in galat and "isian Anda 436000000" in galat
    assert not beda(sebelum, potret())
    simpan(a, ktp, isi_formulir(response.content, id="itemanggaran_form"))
    assert RealisasiAnggaran.objects.get(item=ktp, triwulan=4).nilai == D(436000000)


def test_a_record_deleted_meanwhile_is_not_created_again(a, b):
    r = realisasi()
    data_a = muat(a, r)
    Realisasi.objects.filter(pk=r.pk).delete()
    response = a.post(alamat(r), data_a | {"nilai": "1"}, follow=True)
    assert response.status_code == 404  # as any record that does not exist (issue #15)
    assert not Realisasi.objects.filter(pk=r.pk).exists()


# --- PostgreSQL: the check and the write under the office lock --------------------------------


def _bersamaan(tugas):
    hasil = [None] * len(tugas)
    mulai = threading.Barrier(len(tugas))

    def jalan(i, f):
        try:
            mulai.wait()
            hasil[i] = f()
        except Exception as exc:  # a crash is a result too
            hasil[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=jalan, args=(i, f)) for i, f in enumerate(tugas)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return hasil


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between sessions: PostgreSQL")
def test_one_field_saved_from_six_admin_tabs_at_once_has_exactly_one_winner(opd):
    r = realisasi()
    klien = []
    for n in range(6):
        c = Client(raise_request_exception=False)
        c.force_login(PenggunaFactory(username=f"operator.{n}", opd=opd, is_staff=True))
        klien.append((c, muat(c, r)))
    n_riwayat = r.history.count()
    jawaban = _bersamaan(
        [lambda c=c, d=d, n=n: c.post(alamat(r), d | {"nilai": f"9{n}"}) for n, (c, d) in enumerate(klien)]
    )
    assert all(not isinstance(j, Exception) for j in jawaban), jawaban
    assert sorted(j.status_code for j in jawaban) == [200] * 5 + [302]
    menang = next(n for n, j in enumerate(jawaban) if j.status_code == 302)
    assert all(KONFLIK in j.text for j in jawaban if j.status_code == 200)
    assert realisasi().nilai == D(f"9{menang}") and r.history.count() == n_riwayat + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between sessions: PostgreSQL")
def test_different_fields_saved_from_two_admin_tabs_at_once_both_win(opd):
    r = realisasi()
    tab = []
    for n in range(2):
        c = Client(raise_request_exception=False)
        c.force_login(PenggunaFactory(username=f"operator.{n}", opd=opd, is_staff=True))
        tab.append((c, muat(c, r)))
    ubah = [{"nilai": "97.7"}, {"keterangan_data": "DKB 2023"}]
    jawaban = _bersamaan([lambda c=c, d=d, u=u: c.post(alamat(r), d | u) for (c, d), u in zip(tab, ubah, strict=True)])
    assert [getattr(j, "status_code", j) for j in jawaban] == [302, 302]
    r = realisasi()
    assert (r.nilai, r.keterangan_data) == (D("97.7"), "DKB 2023")
