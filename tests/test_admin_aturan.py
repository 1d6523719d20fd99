"""Issue #14: the admin keeps the rules of every other door.

What an approved period freezes (kinerja.penguncian) is read-only in the admin, without delete,
and every refusal names the reason (never a 500); a PK is set only by the pimpinan, on the PK
page; an admin pemda manages only the non-superuser, non-admin accounts of his own Pemda.
"""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anggaran.models import ItemAnggaran, Pagu, RealisasiAnggaran
from kinerja.alur import jalankan_transisi
from kinerja.models import Bukti, ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi
from pertukaran.muat import impor_data_opd
from sakip.models import OPD, Jabatan, Pengguna, Peran
from tests.data_opd_contoh import dokumen
from tests.factories import IndikatorFactory, OPDFactory, PejabatFactory, PemdaFactory, PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db


# --- setting up ------------------------------------------------------------------------------


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd, is_staff=True)


@pytest.fixture
def kunci(opd, operator):
    """Verify a period of the office: ajukan (operator), setujui (pimpinan), verifikasi (reviewer)."""

    def kunci(tahun, periode):
        pimpinan = PenggunaFactory(opd=opd, pimpinan=True)
        reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
        for user, kode in ((operator, "ajukan"), (pimpinan, "setujui"), (reviewer, "verifikasi")):
            # Locked to test the freeze: empty indicators and open findings accepted.
            jalankan_transisi(user, opd, tahun, periode, kode, "Dikunci untuk uji", yakin=True)

    return kunci


def url(nama, *args):
    return reverse(f"admin:{nama}", args=args)


def pesan_halaman(response):
    """The admin messages shown on a page."""
    return [str(m) for m in response.context["messages"]] if response.context else []


def realisasi(kode, tahun, periode="TAHUN"):
    return Realisasi.objects.get(indikator__kode=kode, tahun=tahun, periode=periode)


def formulir(client, nama, obj):
    """What the browser posts back from an admin change page, unchanged."""
    response = client.get(url(f"{nama}_change", obj.pk))
    assert response.status_code == 200
    return isi_formulir(response.content, id=f"{obj._meta.model_name}_form")


# --- realisations of a verified period --------------------------------------------------------


class TestRealisasiTerkunci:
    @pytest.fixture(autouse=True)
    def terkunci(self, kunci):
        kunci(2024, "TAHUN")

    def test_change_page_is_read_only_and_says_why(self, client, operator):
        r = realisasi("IKU1", 2024)
        client.force_login(operator)
        response = client.get(url("kinerja_realisasi_change", r.pk))
        assert response.status_code == 200
        assert not response.context["has_change_permission"]
        assert not response.context["has_delete_permission"]
        assert url("kinerja_realisasi_delete", r.pk) not in response.text  # no "Hapus"
        assert any("Realisasi tahun 2024 terkunci" in p and "diverifikasi" in p for p in pesan_halaman(response))

    def test_posted_change_is_refused_and_nothing_changes(self, client, operator):
        r = realisasi("IKU1", 2024)
        client.force_login(operator)
        data = {
            "indikator": r.indikator_id,
            "tahun": 2024,
            "periode": "TAHUN",
            "nilai": "50",
            "bukti_set-TOTAL_FORMS": 0,
            "bukti_set-INITIAL_FORMS": 0,
        }
        response = client.post(url("kinerja_realisasi_change", r.pk), data, follow=True)
        assert response.redirect_chain[-1][0] == url("kinerja_realisasi_change", r.pk)
        pesan = pesan_halaman(response)
        assert "Tidak ada yang disimpan." in pesan and any("terkunci" in p for p in pesan)
        assert realisasi("IKU1", 2024).nilai == D("99.30")

    def test_delete_url_is_refused(self, client, operator):
        r = realisasi("IKU1", 2024)
        client.force_login(operator)
        for kirim in (client.get, lambda u: client.post(u, {"post": "yes"})):
            response = kirim(url("kinerja_realisasi_delete", r.pk))
            assert response.status_code == 302 and response.url == url("kinerja_realisasi_change", r.pk)
        assert Realisasi.objects.filter(pk=r.pk).exists()
        pesan = pesan_halaman(client.get(response.url))
        assert "Tidak ada yang dihapus." in pesan and any("Realisasi tahun 2024 terkunci" in p for p in pesan)

    def test_bulk_delete_deletes_nothing_when_a_row_is_frozen(self, client, operator):
        beku, buka = realisasi("IKU1", 2024), realisasi("IKU1", 2023)
        client.force_login(operator)
        for langkah in ({}, {"post": "yes"}):  # the action, and its confirmation page posted back
            response = client.post(
                url("kinerja_realisasi_changelist"),
                {"action": "delete_selected", "_selected_action": [beku.pk, buka.pk], **langkah},
                follow=True,
            )
            assert response.status_code == 200
            assert any(p.startswith("Tidak ada yang dihapus.") and "terkunci" in p for p in pesan_halaman(response))
        assert Realisasi.objects.filter(pk__in=[beku.pk, buka.pk]).count() == 2

    def test_adding_into_the_frozen_period_is_a_form_error(self, client, operator):
        r = realisasi("IKU1", 2024)
        client.force_login(operator)
        response = client.post(
            url("kinerja_realisasi_add"),
            {
                "indikator": r.indikator_id,
                "tahun": 2024,
                "periode": "TW2",
                "nilai": "90",
                "bukti_set-TOTAL_FORMS": 0,
                "bukti_set-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 200
        galat = response.context["adminform"].form.non_field_errors()
        assert any("Realisasi Triwulan II 2024 terkunci" in g for g in galat), galat
        assert not Realisasi.objects.filter(tahun=2024, periode="TW2").exists()

    def test_a_lock_taken_after_the_form_check_is_a_message_not_a_500(self, client, operator, monkeypatch):
        # The period locks between the form's check and the save: the model's guard refuses under
        # the office lock, and the admin answers with the reason.
        monkeypatch.setattr("sakip.admin._pesan_simpan", lambda obj: None)
        r = realisasi("IKU1", 2024)
        client.force_login(operator)
        data = {
            "indikator": r.indikator_id,
            "tahun": 2024,
            "periode": "TW2",
            "nilai": "90",
            "bukti_set-TOTAL_FORMS": 0,
            "bukti_set-INITIAL_FORMS": 0,
        }
        response = client.post(url("kinerja_realisasi_add"), data, follow=True)
        assert response.status_code == 200
        assert any(
            p.startswith("Tidak ada yang disimpan. Realisasi Triwulan II 2024 terkunci")
            for p in pesan_halaman(response)
        )
        assert not Realisasi.objects.filter(tahun=2024, periode="TW2").exists()

    def test_moving_an_open_realisation_into_the_frozen_year_is_a_form_error(self, client, operator):
        r = realisasi("IKU1", 2023)
        client.force_login(operator)
        data = formulir(client, "kinerja_realisasi", r) | {"tahun": "2024", "periode": "TW3"}
        response = client.post(url("kinerja_realisasi_change", r.pk), data)
        assert response.status_code == 200
        assert "terkunci" in str(response.context["adminform"].form.non_field_errors())
        r.refresh_from_db()
        assert (r.tahun, r.periode) == (2023, "TAHUN")

    def test_open_period_can_be_changed_added_and_deleted(self, client, operator):
        r = realisasi("IKU1", 2023)
        client.force_login(operator)
        response = client.get(url("kinerja_realisasi_change", r.pk))
        assert response.context["has_change_permission"] and response.context["has_delete_permission"]
        assert not any("terkunci" in p for p in pesan_halaman(response))
        data = formulir(client, "kinerja_realisasi", r) | {"nilai": "97.6"}
        response = client.post(url("kinerja_realisasi_change", r.pk), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert realisasi("IKU1", 2023).nilai == D("97.6")
        response = client.post(
            url("kinerja_realisasi_add"),
            {
                "indikator": r.indikator_id,
                "tahun": 2025,
                "periode": "TW1",
                "nilai": "50",
                "bukti_set-TOTAL_FORMS": 0,
                "bukti_set-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 302
        baru = realisasi("IKU1", 2025, "TW1")
        response = client.post(
            url("kinerja_realisasi_changelist"),
            {"action": "delete_selected", "_selected_action": [baru.pk], "post": "yes"},
        )
        assert response.status_code == 302 and not Realisasi.objects.filter(pk=baru.pk).exists()
        response = client.post(url("kinerja_realisasi_delete", r.pk), {"post": "yes"})
        assert response.status_code == 302 and not Realisasi.objects.filter(pk=r.pk).exists()

    def test_history_revert_keeps_the_rules(self, client, operator, opd):
        # simple_history's revert form saves for anyone who may view: it must not for a frozen
        # record, nor for a reviewer of an open one.
        beku = realisasi("IKU1", 2024)
        versi = beku.history.earliest("history_date")
        client.force_login(operator)
        alamat = reverse("admin:kinerja_realisasi_simple_history", args=[beku.pk, versi.history_id])
        assert client.get(alamat).context["revert_disabled"]
        data = {"indikator": beku.indikator_id, "tahun": 2024, "periode": "TAHUN", "nilai": "1"}
        response = client.post(alamat, data)
        assert response.status_code == 302 and realisasi("IKU1", 2024).nilai == D("99.30")

        buka = realisasi("IKU1", 2023)
        versi = buka.history.earliest("history_date")
        alamat = reverse("admin:kinerja_realisasi_simple_history", args=[buka.pk, versi.history_id])
        client.force_login(PenggunaFactory(reviewer=True, pemda=opd.pemda, is_staff=True))
        data = {"indikator": buka.indikator_id, "tahun": 2023, "periode": "TAHUN", "nilai": "1"}
        assert client.post(alamat, data).status_code == 403
        assert realisasi("IKU1", 2023).nilai == D("97.51")

    def test_changelist_reads_no_lock_per_row(self, client, operator, opd, django_assert_max_num_queries):
        client.force_login(operator)
        with django_assert_max_num_queries(30) as ctx:
            client.get(url("kinerja_realisasi_changelist"))
        n = len(ctx.captured_queries)
        indikator = realisasi("IKU1", 2024).indikator
        Realisasi.objects.bulk_create(
            Realisasi(indikator=indikator, tahun=2010 + i, periode="TAHUN") for i in range(10)
        )
        with django_assert_max_num_queries(n):
            response = client.get(url("kinerja_realisasi_changelist"))
        assert response.context["cl"].result_count == 14


def test_delete_confirmation_asks_no_query_per_row(client, operator, django_assert_max_num_queries):
    indikator = realisasi("IKU1", 2024).indikator

    def konfirmasi(n):
        Realisasi.objects.filter(tahun__lt=2020).delete()
        baru = Realisasi.objects.bulk_create(
            Realisasi(indikator=indikator, tahun=2000 + i, periode="TAHUN") for i in range(n)
        )
        ids = [r.pk for r in Realisasi.objects.filter(tahun__lt=2020)]
        assert len(ids) == len(baru)
        with django_assert_max_num_queries(60) as ctx:
            response = client.post(
                url("kinerja_realisasi_changelist"), {"action": "delete_selected", "_selected_action": ids}
            )
        assert response.status_code == 200 and not response.context["perms_lacking"]
        return len(ctx.captured_queries)

    client.force_login(operator)
    assert konfirmasi(12) == konfirmasi(2)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_evidence_of_a_frozen_realisation_cannot_be_added_or_removed(client, operator, kunci, media):
    r = realisasi("IKU1", 2024)
    bukti = Bukti.objects.create(realisasi=r, berkas=SimpleUploadedFile("sk.pdf", b"%PDF-1.4"), keterangan="SK")
    kunci(2024, "TAHUN")
    client.force_login(operator)
    response = client.get(url("kinerja_realisasi_change", r.pk))
    assert response.context["inline_admin_formsets"][0].has_delete_permission is False
    dasar = {
        "indikator": r.indikator_id,
        "tahun": 2024,
        "periode": "TAHUN",
        "nilai": "99.30",
        "bukti_set-INITIAL_FORMS": 1,
        "bukti_set-0-id": bukti.pk,
        "bukti_set-0-realisasi": r.pk,
        "bukti_set-0-keterangan": "SK",
    }
    hapus = dasar | {"bukti_set-TOTAL_FORMS": 1, "bukti_set-0-DELETE": "on"}
    tambah = dasar | {
        "bukti_set-TOTAL_FORMS": 2,
        "bukti_set-1-berkas": SimpleUploadedFile("baru.pdf", b"%PDF-1.4"),
        "bukti_set-1-keterangan": "baru",
    }
    for data in (hapus, tambah):
        response = client.post(url("kinerja_realisasi_change", r.pk), data)
        assert response.status_code == 302
    assert list(Bukti.objects.filter(realisasi=r)) == [bukti]


def test_evidence_of_an_open_realisation_can_be_added(client, operator, media):
    r = realisasi("IKU1", 2024)
    client.force_login(operator)
    data = formulir(client, "kinerja_realisasi", r) | {
        "bukti_set-TOTAL_FORMS": 1,
        "bukti_set-0-berkas": SimpleUploadedFile("baru.pdf", b"%PDF-1.4"),
        "bukti_set-0-keterangan": "baru",
    }
    response = client.post(url("kinerja_realisasi_change", r.pk), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert Bukti.objects.filter(realisasi=r, keterangan="baru").exists()


# --- budget: an open item with frozen and open quarters ---------------------------------------


class TestAnggaranInline:
    @pytest.fixture(autouse=True)
    def terkunci(self, kunci):
        kunci(2024, "TW3")  # freezes spending of TW I-III and every pagu in force by 30 September

    @pytest.fixture
    def ktp(self):
        return ItemAnggaran.objects.get(kode="2.12.02.2.01.0001")

    def baris(self, data, prefix, triwulan):
        """The index of the inline row of that quarter in the posted data."""
        for kunci, nilai in data.items():
            m = re.fullmatch(rf"{prefix}-(\d+)-triwulan", kunci)
            if m and str(nilai) == str(triwulan):
                return m.group(1)
        raise AssertionError(f"tidak ada baris triwulan {triwulan}")

    def test_page_marks_the_frozen_rows(self, client, operator, ktp):
        client.force_login(operator)
        response = client.get(url("anggaran_itemanggaran_change", ktp.pk))
        assert response.context["has_change_permission"]  # the item itself is not frozen
        html = response.text
        assert "terkunci" in html and "terbuka" in html
        assert "Realisasi anggaran 2.12.02.2.01.0001 triwulan 3 2024 terkunci" in html

    def test_frozen_quarter_is_refused_with_the_reason_and_nothing_saved(self, client, operator, ktp):
        client.force_login(operator)
        data = formulir(client, "anggaran_itemanggaran", ktp)
        tw3, tw4 = self.baris(data, "realisasi_set", 3), self.baris(data, "realisasi_set", 4)
        data |= {f"realisasi_set-{tw3}-nilai": "310000000", f"realisasi_set-{tw4}-nilai": "435000000"}
        response = client.post(url("anggaran_itemanggaran_change", ktp.pk), data)
        assert response.status_code == 200
        formset = next(
            f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "realisasi_set"
        )
        assert "triwulan 3 2024 terkunci" in str(formset.errors[int(tw3)])
        assert not formset.errors[int(tw4)]
        nilai = dict(RealisasiAnggaran.objects.filter(item=ktp).values_list("triwulan", "nilai"))
        assert nilai == {3: D(300000000), 4: D(434526020)}

    def test_open_quarter_saves(self, client, operator, ktp):
        client.force_login(operator)
        data = formulir(client, "anggaran_itemanggaran", ktp)
        data[f"realisasi_set-{self.baris(data, 'realisasi_set', 4)}-nilai"] = "435000000"
        response = client.post(url("anggaran_itemanggaran_change", ktp.pk), data)
        assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
        assert RealisasiAnggaran.objects.get(item=ktp, triwulan=4).nilai == D(435000000)
        assert RealisasiAnggaran.objects.get(item=ktp, triwulan=3).nilai == D(300000000)

    def test_deleting_or_adding_a_frozen_quarter_is_refused(self, client, operator, ktp):
        client.force_login(operator)
        data = formulir(client, "anggaran_itemanggaran", ktp)
        tw3 = self.baris(data, "realisasi_set", 3)
        response = client.post(
            url("anggaran_itemanggaran_change", ktp.pk), data | {f"realisasi_set-{tw3}-DELETE": "on"}
        )
        assert response.status_code == 200
        formset = response.context["inline_admin_formsets"][1].formset
        assert "Baris tidak dapat dihapus" in str(formset.non_form_errors())
        n = int(data["realisasi_set-TOTAL_FORMS"])
        tambah = data | {
            "realisasi_set-TOTAL_FORMS": n + 1,
            f"realisasi_set-{n}-triwulan": "2",
            f"realisasi_set-{n}-nilai": "100000000",
        }
        response = client.post(url("anggaran_itemanggaran_change", ktp.pk), tambah)
        assert response.status_code == 200
        assert "triwulan 2 2024 terkunci" in str(response.context["inline_admin_formsets"][1].formset.errors)
        assert sorted(RealisasiAnggaran.objects.filter(item=ktp).values_list("triwulan", flat=True)) == [3, 4]

    def test_frozen_pagu_is_refused(self, client, operator, ktp):
        client.force_login(operator)
        data = formulir(client, "anggaran_itemanggaran", ktp)
        i = next(k.split("-")[1] for k, v in data.items() if re.fullmatch(r"pagu_set-\d+-urutan", k) and v == "0")
        response = client.post(url("anggaran_itemanggaran_change", ktp.pk), data | {f"pagu_set-{i}-nilai": "1"})
        assert response.status_code == 200
        assert "Pagu 2.12.02.2.01.0001 terkunci" in str(response.context["inline_admin_formsets"][0].formset.errors)
        assert Pagu.objects.get(item=ktp, urutan=0).nilai == D(400000000)

    def test_new_item_with_a_frozen_quarter_is_refused(self, client, operator, opd):
        # The rows reach their office through the item being added.
        client.force_login(operator)
        data = {
            "opd": opd.pk,
            "tahun": 2024,
            "kode": "2.12.02.2.01.0002",
            "nama": "Pelayanan KIA",
            "urutan": 0,
            "pagu_set-TOTAL_FORMS": 0,
            "pagu_set-INITIAL_FORMS": 0,
            "realisasi_set-TOTAL_FORMS": 1,
            "realisasi_set-INITIAL_FORMS": 0,
            "realisasi_set-0-triwulan": 1,
            "realisasi_set-0-nilai": "1000",
        }
        response = client.post(url("anggaran_itemanggaran_add"), data)
        assert response.status_code == 200
        assert "triwulan 1 2024 terkunci" in str(response.context["inline_admin_formsets"][1].formset.errors)
        assert not ItemAnggaran.objects.filter(kode="2.12.02.2.01.0002").exists()
        response = client.post(url("anggaran_itemanggaran_add"), data | {"realisasi_set-0-triwulan": 4})
        assert response.status_code == 302
        baru = ItemAnggaran.objects.get(kode="2.12.02.2.01.0002")
        assert list(baru.realisasi_set.values_list("triwulan", "nilai")) == [(4, D(1000))]

    def test_item_with_frozen_rows_cannot_be_moved_or_deleted(self, client, operator, ktp):
        client.force_login(operator)
        program = ItemAnggaran.objects.get(kode="2.12.02")  # the leaf hangs below it
        data = formulir(client, "anggaran_itemanggaran", program) | {"tahun": "2025"}
        response = client.post(url("anggaran_itemanggaran_change", program.pk), data)
        assert response.status_code == 200
        assert "tidak dapat diubah" in str(response.context["adminform"].form.non_field_errors())
        response = client.post(url("anggaran_itemanggaran_delete", ktp.pk), {"post": "yes"})
        assert response.status_code == 302
        response = client.post(
            url("anggaran_itemanggaran_changelist"),
            {"action": "delete_selected", "_selected_action": [program.pk], "post": "yes"},
            follow=True,
        )
        assert any(p.startswith("Tidak ada yang dihapus.") for p in pesan_halaman(response))
        program.refresh_from_db()
        assert program.tahun == 2024 and RealisasiAnggaran.objects.filter(item=ktp).count() == 2


# --- the PK: set only by the pimpinan, a set PK is read-only -------------------------------------


class TestPK:
    @pytest.fixture
    def perjanjian(self, opd):
        perjanjian = PerjanjianKinerja.objects.get(opd=opd, tahun=2024)
        assert perjanjian.status == PerjanjianKinerja.Status.DITETAPKAN  # as imported
        return perjanjian

    def test_status_is_not_in_the_form_and_a_new_pk_is_a_draft(self, client, operator, opd):
        client.force_login(operator)
        response = client.get(url("kinerja_perjanjiankinerja_add"))
        assert "status" not in response.context["adminform"].form.fields
        kabid = Jabatan.objects.get(opd=opd, eselon="III")
        response = client.post(
            url("kinerja_perjanjiankinerja_add"),
            {
                "jabatan": kabid.pk,
                "tahun": 2025,
                "versi": 0,
                "tanggal": "2025-01-02",
                "status": "ditetapkan",
                "item_set-TOTAL_FORMS": 0,
                "item_set-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        baru = PerjanjianKinerja.objects.get(jabatan=kabid, tahun=2025)
        assert baru.status == PerjanjianKinerja.Status.DRAFT and baru.opd == opd
        # Changing it cannot set it either.
        data = formulir(client, "kinerja_perjanjiankinerja", baru) | {"status": "ditetapkan", "alasan": "x"}
        assert client.post(url("kinerja_perjanjiankinerja_change", baru.pk), data).status_code == 302
        baru.refresh_from_db()
        assert baru.status == PerjanjianKinerja.Status.DRAFT and baru.alasan == "x"

    def test_a_set_pk_and_its_items_are_read_only(self, client, operator, perjanjian):
        client.force_login(operator)
        response = client.get(url("kinerja_perjanjiankinerja_change", perjanjian.pk))
        assert not response.context["has_change_permission"]
        assert any("sudah ditetapkan" in p for p in pesan_halaman(response))
        item = perjanjian.item_set.get(indikator__kode="IKU2")
        response = client.get(url("kinerja_itempk_change", item.pk))
        assert not response.context["has_change_permission"] and not response.context["has_delete_permission"]
        data = {"perjanjian": perjanjian.pk, "sasaran": item.sasaran_id, "indikator": item.indikator_id, "target": "1"}
        response = client.post(url("kinerja_itempk_change", item.pk), data | {"urutan": 0})
        assert response.status_code == 302
        assert client.post(url("kinerja_itempk_delete", item.pk), {"post": "yes"}).status_code == 302
        response = client.post(url("kinerja_perjanjiankinerja_delete", perjanjian.pk), {"post": "yes"})
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.target == D(100) and PerjanjianKinerja.objects.filter(pk=perjanjian.pk).exists()

    def test_an_item_cannot_be_added_to_a_set_pk(self, client, operator, perjanjian):
        client.force_login(operator)
        item = perjanjian.item_set.get(indikator__kode="IKU2")
        indikator = IndikatorFactory(sasaran=item.sasaran)
        item_lain = ItemPK.objects.filter(perjanjian=perjanjian).count()
        response = client.post(
            url("kinerja_itempk_add"),
            {
                "perjanjian": perjanjian.pk,
                "sasaran": item.sasaran_id,
                "indikator": indikator.pk,
                "target": "1",
                "urutan": 5,
                "rencana_aksi_set-TOTAL_FORMS": 0,
                "rencana_aksi_set-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 200
        assert "sudah ditetapkan" in str(response.context["adminform"].form.non_field_errors())
        assert ItemPK.objects.filter(perjanjian=perjanjian).count() == item_lain

    def test_rencana_aksi_of_a_draft_perubahan_mixed_rows(self, client, operator, opd, perjanjian, kunci):
        # A draft perubahan from August is open after TW I is verified; its TW I target is not.
        perubahan = PerjanjianKinerja.objects.create(
            jabatan=perjanjian.jabatan, tahun=2024, versi=1, tanggal=datetime.date(2024, 8, 1), alasan="Refocusing"
        )
        asal = perjanjian.item_set.get(indikator__kode="IKU2")
        item = ItemPK.objects.create(perjanjian=perubahan, sasaran=asal.sasaran, indikator=asal.indikator, target=100)
        for tw in (1, 3):
            RencanaAksi.objects.create(item=item, triwulan=tw, target=D(25 * tw))
        kunci(2024, "TW1")
        client.force_login(operator)
        response = client.get(url("kinerja_itempk_change", item.pk))
        assert response.context["has_change_permission"]
        data = formulir(client, "kinerja_itempk", item)
        baris = {data[k]: k.split("-")[1] for k in data if re.fullmatch(r"rencana_aksi_set-\d+-triwulan", k)}
        response = client.post(
            url("kinerja_itempk_change", item.pk),
            data | {f"rencana_aksi_set-{baris['1']}-target": "30", f"rencana_aksi_set-{baris['3']}-target": "80"},
        )
        assert response.status_code == 200
        assert "Rencana aksi triwulan 1 2024 terkunci" in str(
            response.context["inline_admin_formsets"][0].formset.errors
        )
        response = client.post(
            url("kinerja_itempk_change", item.pk), data | {f"rencana_aksi_set-{baris['3']}-target": "80"}
        )
        assert response.status_code == 302
        target = dict(item.rencana_aksi_set.values_list("triwulan", "target"))
        assert target == {1: D(25), 3: D(80)}
        # The draft perubahan itself takes new items.
        data = formulir(client, "kinerja_perjanjiankinerja", perubahan)
        n = int(data["item_set-TOTAL_FORMS"])
        iku1 = perjanjian.item_set.get(indikator__kode="IKU1")
        data |= {
            "item_set-TOTAL_FORMS": n + 1,
            f"item_set-{n}-sasaran": iku1.sasaran_id,
            f"item_set-{n}-indikator": iku1.indikator_id,
            f"item_set-{n}-target": "99",
            f"item_set-{n}-urutan": "2",
        }
        response = client.post(url("kinerja_perjanjiankinerja_change", perubahan.pk), data)
        assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
        assert perubahan.item_set.count() == 2

    def test_no_pk_in_a_verified_year(self, client, operator, opd, kunci):
        kunci(2024, "TW1")
        client.force_login(operator)
        kabid = Jabatan.objects.get(opd=opd, eselon="III")
        response = client.post(
            url("kinerja_perjanjiankinerja_add"),
            {
                "jabatan": kabid.pk,
                "tahun": 2024,
                "versi": 0,
                "tanggal": "2024-01-02",
                "item_set-TOTAL_FORMS": 0,
                "item_set-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 200
        assert "terkunci" in str(response.context["adminform"].form.non_field_errors())
        assert not PerjanjianKinerja.objects.filter(jabatan=kabid).exists()


# --- accounts: what an admin pemda manages -------------------------------------------------------


class TestPenggunaAdmin:
    @pytest.fixture
    def akun(self, dua_opd):
        pemda = dua_opd["a"].pemda
        return {
            "admin": PenggunaFactory(username="admin.a", admin_pemda=True, pemda=pemda),
            "admin_lain": PenggunaFactory(username="admin.a2", admin_pemda=True, pemda=pemda),
            "super": PenggunaFactory(
                username="root.a", peran="", opd=None, pemda=pemda, is_superuser=True, is_staff=True
            ),
            "operator": PenggunaFactory(username="operator.a", opd=dua_opd["a"]),
            "operator_b": PenggunaFactory(username="operator.b", opd=dua_opd["b"]),
        }

    def test_list_holds_only_the_accounts_he_manages_and_himself(self, client, akun):
        client.force_login(akun["admin"])
        response = client.get(url("sakip_pengguna_changelist"))
        assert {u.username for u in response.context["cl"].queryset} == {"admin.a", "operator.a"}

    @pytest.mark.parametrize("siapa", ["super", "admin_lain", "operator_b"])
    def test_accounts_out_of_reach_answer_404(self, client, akun, siapa):
        client.force_login(akun["admin"])
        target = akun[siapa]
        for nama in ("change", "history", "delete", "password"):
            alamat = f"/admin/sakip/pengguna/{target.pk}/password/" if nama == "password" else None
            alamat = alamat or url(f"sakip_pengguna_{nama}", target.pk)
            assert client.get(alamat).status_code == 404, nama
        response = client.post(
            f"/admin/sakip/pengguna/{target.pk}/password/",
            {"password1": "Baru-sekali-123", "password2": "Baru-sekali-123", "usable_password": "true"},
        )
        assert response.status_code == 404
        assert client.post(url("sakip_pengguna_delete", target.pk), {"post": "yes"}).status_code == 404
        target.refresh_from_db()
        assert not target.check_password("Baru-sekali-123")

    def test_resets_the_password_of_an_operator_of_his_pemda(self, client, akun):
        client.force_login(akun["admin"])
        target = akun["operator"]
        response = client.post(
            f"/admin/sakip/pengguna/{target.pk}/password/",
            {"password1": "Baru-sekali-123", "password2": "Baru-sekali-123", "usable_password": "true"},
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.check_password("Baru-sekali-123")

    def test_his_own_account_is_read_only_and_his_password_goes_the_normal_way(self, client, akun):
        sendiri = akun["admin"]
        client.force_login(sendiri)
        response = client.get(url("sakip_pengguna_change", sendiri.pk))
        assert response.status_code == 200 and not response.context["has_change_permission"]
        response = client.get(f"/admin/sakip/pengguna/{sendiri.pk}/password/")
        assert response.status_code == 302 and response.url == reverse("admin:password_change")

    def test_cannot_assign_an_account_outside_his_pemda_or_make_a_superuser(self, client, akun, dua_opd):
        client.force_login(akun["admin"])
        target = akun["operator"]
        response = client.get(url("sakip_pengguna_change", target.pk))
        form = response.context["adminform"].form
        assert {o.pk for o in form.fields["opd"].queryset} == {dua_opd["a"].pk, dua_opd["a2"].pk}
        assert {p.pk for p in form.fields["pemda"].queryset} == {dua_opd["a"].pemda_id}
        assert "is_superuser" not in form.fields
        data = isi_formulir(response.content, id="pengguna_form")
        pejabat_b = PejabatFactory(pemda=dua_opd["b"].pemda)
        for ubah in ({"opd": dua_opd["b"].pk}, {"pejabat": pejabat_b.pk}):
            response = client.post(url("sakip_pengguna_change", target.pk), data | ubah)
            assert response.status_code == 200 and set(ubah) <= set(response.context["adminform"].form.errors)
        response = client.post(url("sakip_pengguna_change", target.pk), data | {"is_superuser": "on"})
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.opd == dua_opd["a"] and target.pejabat is None and not target.is_superuser
        response = client.post(
            url("sakip_pengguna_add"),
            {
                "username": "baru.b",
                "password1": "Baru-sekali-123",
                "password2": "Baru-sekali-123",
                "usable_password": "true",
                "peran": Peran.OPERATOR,
                "opd": dua_opd["b"].pk,
            },
        )
        assert response.status_code == 200 and "opd" in response.context["adminform"].form.errors
        assert not Pengguna.objects.filter(username="baru.b").exists()

    def test_superuser_still_manages_everyone(self, client, akun):
        root = PenggunaFactory(peran="", opd=None, pemda=PemdaFactory(), is_superuser=True, is_staff=True)
        client.force_login(root)
        for target in akun.values():
            assert client.get(url("sakip_pengguna_change", target.pk)).status_code == 200


def test_operator_of_another_office_gets_nothing(client, opd, kunci):
    kunci(2024, "TAHUN")
    lain = PenggunaFactory(opd=OPDFactory(), is_staff=True)
    client.force_login(lain)
    r = realisasi("IKU1", 2024)
    # Out of reach looks like "does not exist" (404), with no lock reason.
    response = client.get(url("kinerja_realisasi_change", r.pk), follow=True)
    assert response.status_code == 404 and not any("terkunci" in p for p in pesan_halaman(response))
    assert client.post(url("kinerja_realisasi_delete", r.pk), {"post": "yes"}).status_code == 404
    assert Realisasi.objects.filter(pk=r.pk).exists()
