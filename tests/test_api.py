"""The REST API v1 (/api/v1/, docs/api.md): the same data, rules and reach as the pages."""

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import reset_queries
from django.test import Client
from django.urls import reverse

from anggaran.models import ItemAnggaran, RealisasiAnggaran
from kinerja.models import ItemPK, Realisasi
from pertukaran.muat import impor_data_opd
from renstra.models import Indikator
from sakip.models import OPD, TokenApi
from sakip.token_api import buat_token, cabut_token, sidik
from tests.data_opd_contoh import dokumen
from tests.factories import IndikatorFactory, OPDFactory, PenggunaFactory, tambah_item_pk
from tests.impor_bantu import riwayat, verifikasi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tanpa_batas_lama():
    cache.clear()  # the throttle's counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def opd():
    assert impor_data_opd(dokumen()).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def operator(opd):
    return PenggunaFactory(username="operator.uji", opd=opd)


def bearer(user, nama="uji"):
    return {"HTTP_AUTHORIZATION": f"Bearer {buat_token(user, nama)[1]}"}


def perintah(nama, *args):
    out = StringIO()
    call_command(nama, *args, stdout=out)
    return json.loads(out.getvalue())


def url_pengukuran(kode="dinas-uji", tahun=2024, periode="TW3"):
    return reverse("api:pengukuran", args=[kode, tahun, periode])


def url_realisasi(kode="dinas-uji", periode="TW3"):
    return reverse("api:realisasi", args=[kode, 2024, periode])


def url_anggaran_realisasi(kode="dinas-uji", triwulan=4):
    return reverse("api:anggaran_realisasi", args=[kode, 2024, triwulan])


def patch(client, url, data, **extra):
    return client.patch(url, json.dumps(data), content_type="application/json", **extra)


# ---------------------------------------------------------------- reads equal the commands


@pytest.mark.parametrize("periode", ["TW3", "TAHUN"])
def test_measurement_is_the_pengukuran_commands_json(client, operator, periode):
    response = client.get(url_pengukuran(periode=periode), **bearer(operator))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    harapan = perintah("pengukuran", "--opd", "dinas-uji", "--tahun", "2024", "--periode", periode, "--format", "json")
    assert response.json() == harapan
    if periode == "TAHUN":
        ikus = {i["nama"]: i for s in harapan["sasaran"] for i in s["indikator"]}
        assert ikus["Persentase penduduk ber-KTP-el"]["capaian"] == "99.30"


def test_measurement_of_a_loaded_demo_office_is_the_commands_json(client):
    from tests.impor_bantu import muat_demo

    opd = muat_demo("disdukcapil-luwu-timur")["disdukcapil-luwu-timur"]
    pengguna = PenggunaFactory(opd=opd, pimpinan=True)
    response = client.get(url_pengukuran(opd.kode, 2024, "TW3"), **bearer(pengguna))
    harapan = perintah("pengukuran", "--opd", opd.kode, "--tahun", "2024", "--periode", "TW3", "--format", "json")
    assert response.status_code == 200 and response.json() == harapan
    assert len(harapan["sasaran"]) > 0


def test_budget_is_the_anggaran_commands_json(client, operator):
    url = reverse("api:anggaran", args=["dinas-uji", 2024])
    response = client.get(url + "?periode=TW3", **bearer(operator))
    harapan = perintah("anggaran", "--opd", "dinas-uji", "--tahun", "2024", "--periode", "TW3", "--format", "json")
    assert response.status_code == 200 and response.json() == harapan
    assert client.get(url, **bearer(operator)).json()["realisasi"] == "552228020"  # TW4 by default
    assert client.get(reverse("api:anggaran", args=["dinas-uji", 2030]), **bearer(operator)).status_code == 404


@pytest.mark.parametrize("periode", ["TW3", "TAHUN"])
def test_review_findings_are_the_periksa_data_commands_json(client, opd, periode):
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    response = client.get(reverse("api:reviu", args=["dinas-uji", 2024, periode]), **bearer(reviewer))
    harapan = perintah(
        "periksa_data", "--opd", "dinas-uji", "--tahun", "2024", "--periode", periode, "--format", "json"
    )
    assert response.status_code == 200 and response.json() == harapan


def test_lke_is_the_lke_commands_json_with_the_evaluators_side_for_whom_the_page_shows_it(client, opd, operator):
    from lke.kerangka import baca_berkas, muat_kerangka
    from lke.models import EvaluasiLKE

    lembar = muat_kerangka(opd.pemda, 2024, baca_berkas())
    reviewer = PenggunaFactory(reviewer=True, pemda=opd.pemda)
    url = reverse("api:lke", args=["dinas-uji", 2024])
    response = client.get(url, **bearer(reviewer))
    harapan = perintah("lke", "--opd", "dinas-uji", "--tahun", "2024", "--format", "json")
    assert response.status_code == 200 and response.json() == harapan and harapan["jawaban"] == "berlaku"
    # The office sees its own side until the evaluation is final.
    kepala = bearer(operator)
    response = client.get(url, **kepala)
    harapan = perintah("lke", "--opd", "dinas-uji", "--tahun", "2024", "--jawaban", "usulan", "--format", "json")
    assert response.status_code == 200 and response.json() == harapan
    response = client.get(url + "?jawaban=penetapan", **kepala)
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Jawaban evaluator baru dapat dilihat OPD setelah evaluasi final."},
    )
    EvaluasiLKE.objects.create(opd=opd, tahun=2024, lembar=lembar, status=EvaluasiLKE.Status.FINAL)
    assert client.get(url + "?jawaban=penetapan", **kepala).status_code == 200
    assert client.get(reverse("api:lke", args=["dinas-uji", 2031]), **kepala).status_code == 404


def test_unknown_period_answers_404_like_the_pages(client, operator):
    assert client.get(url_pengukuran(periode="TW9"), **bearer(operator)).status_code == 404
    assert client.get(url_pengukuran(tahun=1999), **bearer(operator)).status_code == 404


# ---------------------------------------------------------------- reach and authentication


def test_another_office_answers_404_exactly_like_a_missing_one(client, opd):
    asing = PenggunaFactory(opd=OPDFactory(kode="dinas-asing"))
    kepala = bearer(asing)
    for url in (
        url_pengukuran(),
        reverse("api:anggaran", args=["dinas-uji", 2024]),
        url_realisasi(),
        url_anggaran_realisasi(),
    ):
        a = client.get(url, **kepala)
        b = client.get(url.replace("dinas-uji", "tidak-ada"), **kepala)
        assert (a.status_code, a.json()) == (b.status_code, b.json()) == (404, {"detail": "Data tidak ditemukan."})
    i = Indikator.objects.get(kode="IKU2")
    data = {"realisasi": [{"indikator": i.id, "nilai": "50", "semula": {"nilai": None}}]}
    a, b = patch(client, url_realisasi(), data, **kepala), patch(client, url_realisasi("tidak-ada"), data, **kepala)
    assert (a.status_code, a.json()) == (b.status_code, b.json()) == (404, {"detail": "Data tidak ditemukan."})
    assert not Realisasi.objects.filter(indikator=i, periode="TW3").exists()


def test_without_a_valid_token_the_answer_is_401(client, operator):
    token, teks = buat_token(operator, "skrip")
    for kepala in ({}, {"HTTP_AUTHORIZATION": "Bearer sakip_salah"}, {"HTTP_AUTHORIZATION": f"Token {teks}"}):
        response = client.get(url_pengukuran(), **kepala)
        assert response.status_code == 401, kepala
        assert response.json() == {
            "detail": "Belum masuk: kirim token API yang masih berlaku (Authorization: Bearer <token>)."
        }
        assert response["WWW-Authenticate"] == "Bearer"
    assert client.get(url_pengukuran(), HTTP_AUTHORIZATION=f"Bearer {teks}").status_code == 200
    token.refresh_from_db()
    assert token.terakhir_dipakai is not None
    assert TokenApi.objects.get(pk=token.pk).hash == sidik(teks) and teks not in token.hash
    assert cabut_token(operator, token.pk)
    assert client.get(url_pengukuran(), HTTP_AUTHORIZATION=f"Bearer {teks}").status_code == 401
    # A deactivated user's token no longer works either.
    teks2 = buat_token(operator, "lain")[1]
    operator.is_active = False
    operator.save()
    assert client.get(url_pengukuran(), HTTP_AUTHORIZATION=f"Bearer {teks2}").status_code == 401


def test_the_browser_session_reads_and_writes_with_its_csrf_token(opd, operator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(operator)
    assert browser.get(url_pengukuran()).status_code == 200
    i = Indikator.objects.get(kode="IKU2")
    data = {"realisasi": [{"indikator": i.id, "nilai": "97.5", "semula": {"nilai": None}}]}
    response = patch(browser, url_realisasi(), data)
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not Realisasi.objects.filter(indikator=i, periode="TW3").exists()
    browser.get(reverse("token_api"))  # any page sets the CSRF cookie
    response = patch(browser, url_realisasi(), data, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert response.status_code == 200, response.content
    assert Realisasi.objects.get(indikator=i, periode="TW3").nilai == D("97.5")


def test_throttling_answers_429(client, operator, settings):
    settings.SAKIP_API_BATAS = "2/m"
    kepala = bearer(operator)
    assert [client.get(url_pengukuran(), **kepala).status_code for _ in range(2)] == [200, 200]
    response = client.get(url_pengukuran(), **kepala)
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Terlalu banyak permintaan; coba lagi dalam ")
    assert int(response["Retry-After"]) >= 1
    # Another token has its own count.
    assert client.get(url_pengukuran(), **bearer(operator, "kedua")).status_code == 200


# ---------------------------------------------------------------- realisation writes


def test_realisation_read_then_written_through_the_grids_service(client, operator):
    kepala = bearer(operator)
    baca = client.get(url_realisasi(), **kepala).json()
    assert baca["boleh_isi"] is True and baca["tertutup"] is None
    baris = {b["nama"]: b for b in baca["indikator"]}
    iku1, iku2 = baris["Persentase penduduk ber-KTP-el"], baris["Persentase kepemilikan akta kelahiran"]
    assert (iku1["nilai"], iku2["nilai"]) == (None, None)
    isian = {
        "realisasi": [
            {
                "indikator": iku1["indikator"],
                "pembilang": 220323,
                "penyebut": "221000",
                "semula": {"pembilang": None, "penyebut": None},
            },
            # A JSON number is read exactly (never through a float).
            {"indikator": iku2["indikator"], "nilai": D("98.123457"), "semula": {"nilai": iku2["nilai"]}},
        ]
    }
    response = client.patch(
        url_realisasi(), json.dumps(isian, default=float), content_type="application/json", **kepala
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"disimpan": 2, "detail": "Tersimpan: 2 realisasi diperbarui."}
    r1 = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TW3")
    assert (r1.pembilang, r1.penyebut, r1.nilai) == (D(220323), D(221000), D("99.693665"))
    assert r1.diisi_oleh == operator and r1.history.latest().history_user == operator
    assert Realisasi.objects.get(indikator__kode="IKU2", periode="TW3").nilai == D("98.123457")
    baru = {b["indikator"]: b for b in client.get(url_realisasi(), **kepala).json()["indikator"]}
    assert baru[iku2["indikator"]]["nilai"] == "98.123457"
    # The same request again: nothing changes (each cell equals what it was read as ... now stored).
    again = patch(
        client,
        url_realisasi(),
        {"realisasi": [{"indikator": iku2["indikator"], "nilai": "98.123457", "semula": {"nilai": "98.123457"}}]},
        **kepala,
    )
    assert again.json() == {"disimpan": 0, "detail": "Tidak ada yang berubah; tidak ada yang disimpan."}


def test_a_cell_changed_since_it_was_read_is_a_409_and_nothing_is_saved(client, operator, opd):
    i1, i2 = Indikator.objects.get(kode="IKU1"), Indikator.objects.get(kode="IKU2")
    lain = PenggunaFactory(opd=opd)
    assert (
        patch(
            client,
            url_realisasi(),
            {"realisasi": [{"indikator": i2.id, "nilai": "91", "semula": {"nilai": None}}]},
            **bearer(lain),
        ).status_code
        == 200
    )
    sebelum = riwayat()
    isian = {
        "realisasi": [
            {"indikator": i1.id, "nilai": "95", "semula": {"nilai": None}},
            {"indikator": i2.id, "nilai": "90", "semula": {"nilai": None}},  # read before the other save
        ]
    }
    response = patch(client, url_realisasi(), isian, **bearer(operator))
    assert response.status_code == 409
    assert response.json() == {
        "detail": "1 baris diubah orang lain sejak dibaca; tidak ada yang disimpan. "
        "Baca lagi, periksa nilai tersimpan, lalu kirim dengan semula yang baru.",
        "konflik": [{"indikator": i2.id, "medan": "nilai", "tersimpan": "91.000000", "isian": "90"}],
    }
    assert not Realisasi.objects.filter(indikator=i1, periode="TW3").exists()
    assert Realisasi.objects.get(indikator=i2, periode="TW3").nilai == D(91)
    assert riwayat() == sebelum
    # Sent again with the stored value as semula: a deliberate overwrite.
    isian["realisasi"][1]["semula"] = {"nilai": "91.000000"}
    assert patch(client, url_realisasi(), isian, **bearer(operator)).json()["disimpan"] == 2


def test_semula_is_required_and_bad_numbers_are_refused_in_bahasa(client, operator):
    i = Indikator.objects.get(kode="IKU2")
    kepala = bearer(operator)
    response = patch(
        client, url_realisasi(), {"realisasi": [{"indikator": i.id, "nilai": "90", "semula": {}}]}, **kepala
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Isi permintaan tidak sah.",
        "galat": [
            {
                "lokasi": ["realisasi", "0", "semula", "nilai"],
                "pesan": "Kirim semula.nilai: nilai nilai seperti terakhir dibaca (null bila kosong).",
            }
        ],
    }
    for nilai in ("98,5", "sembilan"):
        response = patch(
            client,
            url_realisasi(),
            {"realisasi": [{"indikator": i.id, "nilai": nilai, "semula": {"nilai": None}}]},
            **kepala,
        )
        assert response.status_code == 422 and "titik desimal" in response.json()["galat"][0]["pesan"]
    response = patch(
        client,
        url_realisasi(),
        {"realisasi": [{"indikator": i.id, "nilai": "-5", "semula": {"nilai": None}}]},
        **kepala,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "1 baris berisi isian yang belum benar; tidak ada yang disimpan."
    assert response.json()["galat"][0]["indikator"] == i.id
    # An indicator of another office is refused by name, not silently ignored.
    lain = IndikatorFactory(sasaran__renstra__opd=OPDFactory(kode="dinas-b"))
    response = patch(
        client,
        url_realisasi(),
        {"realisasi": [{"indikator": lain.id, "nilai": "5", "semula": {"nilai": None}}]},
        **kepala,
    )
    assert response.status_code == 422
    assert response.json()["galat"][0]["pesan"] == f"Indikator {lain.id} tidak ada di OPD ini."
    assert not Realisasi.objects.filter(periode="TW3").exists()


def test_an_implausible_value_needs_yakin(client, operator):
    i = Indikator.objects.get(kode="IKU2")
    sel = {"indikator": i.id, "nilai": "250", "semula": {"nilai": None}}
    response = patch(client, url_realisasi(), {"realisasi": [sel]}, **bearer(operator))
    assert response.status_code == 422 and "yakin" in response.json()["detail"]
    assert response.json()["peringatan"][0]["indikator"] == i.id
    assert not Realisasi.objects.filter(periode="TW3").exists()
    response = patch(client, url_realisasi(), {"realisasi": [{**sel, "yakin": True}]}, **bearer(operator))
    assert response.status_code == 200
    assert Realisasi.objects.get(indikator=i, periode="TW3").nilai == D(250)


def test_a_locked_period_is_locked_through_the_api_too(client, operator, opd):
    verifikasi(opd, 2024, "TW3")
    i = Indikator.objects.get(kode="IKU2")
    sebelum, tersimpan = riwayat(), list(Realisasi.objects.values_list("pk", "nilai", "revisi"))
    baca = client.get(url_realisasi(), **bearer(operator)).json()
    assert baca["boleh_isi"] is False and baca["tertutup"]
    response = patch(
        client,
        url_realisasi(),
        {"realisasi": [{"indikator": i.id, "nilai": "90", "semula": {"nilai": None}}]},
        **bearer(operator),
    )
    assert response.status_code == 403
    assert response.json() == {"detail": f"{baca['tertutup']} Tidak ada yang disimpan."}
    assert "diverifikasi" in response.json()["detail"].lower() or "terkunci" in response.json()["detail"].lower()
    assert riwayat() == sebelum and list(Realisasi.objects.values_list("pk", "nilai", "revisi")) == tersimpan


@pytest.mark.parametrize("peran", ["reviewer", "pimpinan", "adminpemda"])
def test_roles_that_cannot_write_on_the_page_cannot_write_through_the_api(client, opd, peran):
    pengguna = {
        "reviewer": lambda: PenggunaFactory(reviewer=True, pemda=opd.pemda),
        "pimpinan": lambda: PenggunaFactory(opd=opd, pimpinan=True),
        "adminpemda": lambda: PenggunaFactory(admin_pemda=True, pemda=opd.pemda),
    }[peran]()
    kepala = bearer(pengguna)
    assert client.get(url_realisasi(), **kepala).json()["boleh_isi"] is False
    i = Indikator.objects.get(kode="IKU2")
    response = patch(
        client, url_realisasi(), {"realisasi": [{"indikator": i.id, "nilai": "9", "semula": {"nilai": None}}]}, **kepala
    )
    assert (response.status_code, response.json()) == (403, {"detail": "Anda tidak berwenang mengisi data OPD ini."})
    item = ItemAnggaran.objects.get(kode="2.12.02.2.01.0001")
    response = patch(
        client, url_anggaran_realisasi(), {"realisasi": [{"item": item.id, "nilai": 1, "semula": None}]}, **kepala
    )
    assert response.status_code == 403
    assert not Realisasi.objects.filter(periode="TW3").exists()
    assert RealisasiAnggaran.objects.get(item=item, triwulan=4).nilai == D(434526020)


def test_queries_do_not_grow_with_the_number_of_indicators(client, operator, opd, django_assert_max_num_queries):
    kepala = bearer(operator)
    ids = [Indikator.objects.get(kode=k).id for k in ("IKU1", "IKU2")]

    def isian(nilai):
        return {"realisasi": [{"indikator": i, "nilai": nilai, "semula": {"nilai": None}} for i in ids]}

    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none

    with django_assert_max_num_queries(60) as baca:
        client.get(url_realisasi(), **kepala)
    n_baca = len(baca.captured_queries)  # counted now: the log is emptied before each
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(80) as tulis:
        patch(client, url_realisasi(), isian("90"), **kepala)
    n_tulis = len(tulis.captured_queries)  # counted now: the log is emptied before each
    reset_queries()
    with django_assert_max_num_queries(60) as ukur:
        client.get(url_pengukuran(), **kepala)
    n_ukur = len(ukur.captured_queries)
    Realisasi.objects.all().delete()
    perjanjian, sasaran = ItemPK.objects.first().perjanjian, ItemPK.objects.first().sasaran
    for n in range(15):
        x = IndikatorFactory(sasaran=sasaran, nama=f"Tambahan {n}", kode=f"X{n}")
        tambah_item_pk(perjanjian, sasaran=sasaran, indikator=x, target=D(10), urutan=10 + n)
        ids.append(x.id)
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(n_baca):
        response = client.get(url_realisasi(), **kepala)
    assert len(response.json()["indikator"]) == 17
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(n_tulis):
        response = patch(client, url_realisasi(), isian("9"), **kepala)
    assert response.json()["disimpan"] == 17
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(n_ukur):
        assert len(client.get(url_pengukuran(), **kepala).json()["sasaran"][0]["indikator"]) == 17


def test_hostile_text_in_names_comes_out_as_proper_json(client, operator):
    jahat = '</script><img src=x onerror="alert(1)">\\ \u2028 "kutip"'
    Indikator.objects.filter(kode="IKU2").update(nama=jahat)
    OPD.objects.filter(kode="dinas-uji").update(nama=jahat)
    response = client.get(url_pengukuran(), **bearer(operator))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["nama_opd"] == jahat
    # No markup in the body at all: <, > and & are written as \u003c, \u003e, \u0026.
    assert b"<" not in response.content and b">" not in response.content and b"&" not in response.content
    assert jahat in [i["nama"] for s in data["sasaran"] for i in s["indikator"]]
    assert jahat in [b["nama"] for b in client.get(url_realisasi(), **bearer(operator)).json()["indikator"]]


# ---------------------------------------------------------------- budget realisation writes


def test_budget_realisation_written_with_its_rules_and_conflict_check(client, operator, opd):
    kepala = bearer(operator)
    baca = client.get(url_anggaran_realisasi(triwulan=4), **kepala).json()
    item = {b["kode"]: b for b in baca["item"]}["2.12.02.2.01.0001"]
    assert (item["pagu"], item["nilai"], item["realisasi"]) == ("437286032.00", "434526020.00", "434526020.00")
    isian = {"realisasi": [{"item": item["item"], "nilai": "435000000.50", "semula": item["nilai"]}]}
    response = patch(client, url_anggaran_realisasi(), isian, **kepala)
    assert response.json() == {
        "disimpan": 1,
        "detail": "Realisasi anggaran s.d. Triwulan IV tersimpan: 1 baris berubah.",
    }
    assert RealisasiAnggaran.objects.get(item_id=item["item"], triwulan=4).nilai == D("435000000.50")
    # The same figure sent again from the old read: someone (this client) changed it since.
    isian["realisasi"][0]["nilai"] = 436000000
    response = patch(client, url_anggaran_realisasi(), isian, **kepala)
    assert response.status_code == 409
    assert response.json()["konflik"] == [
        {"item": item["item"], "medan": "nilai", "tersimpan": "435000000.50", "isian": "436000000"}
    ]
    # Above the pagu: the rule of every door refuses it.
    isian = {"realisasi": [{"item": item["item"], "nilai": 500000000, "semula": "435000000.50"}]}
    response = patch(client, url_anggaran_realisasi(), isian, **kepala)
    assert response.status_code == 422 and response.json()["galat"][0]["item"] == item["item"]
    assert RealisasiAnggaran.objects.get(item_id=item["item"], triwulan=4).nilai == D("435000000.50")
    induk = ItemAnggaran.objects.get(kode="2.12.02")
    response = patch(
        client, url_anggaran_realisasi(), {"realisasi": [{"item": induk.id, "nilai": 1, "semula": None}]}, **kepala
    )
    assert response.status_code == 422


def test_budget_queries_do_not_grow_with_the_number_of_items(client, operator, django_assert_max_num_queries):
    from anggaran.models import Pagu

    kepala = bearer(operator)
    url = url_anggaran_realisasi(triwulan=2)

    def isian(nilai):
        daun = [b for b in client.get(url, **kepala).json()["item"]]
        return {"realisasi": [{"item": b["item"], "nilai": nilai, "semula": b["nilai"]} for b in daun]}

    # One leaf already has a figure: each measured save then both updates and creates rows.
    assert patch(client, url, {"realisasi": isian(500)["realisasi"][:1]}, **kepala).json()["disimpan"] == 1
    data = isian(1000)
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(60) as baca:
        client.get(url, **kepala)
    n_baca = len(baca.captured_queries)  # counted now: the log is emptied before each
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(80) as tulis:
        assert patch(client, url, data, **kepala).json()["disimpan"] == 2
    n_tulis = len(tulis.captured_queries)  # counted now: the log is emptied before each
    induk = ItemAnggaran.objects.get(kode="2.12.02.2.01")
    for i in range(2, 20):
        baru = ItemAnggaran.objects.create(opd=induk.opd, tahun=2024, kode=f"2.12.02.2.01.{i:04d}", nama=f"Sub {i}")
        Pagu.objects.create(item=baru, nilai=D(1000000))
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(n_baca):
        assert len(client.get(url, **kepala).json()["item"]) == 20
    data = isian(2000)
    reset_queries()  # the log keeps 9000 queries: when full, a slice of it counts none
    with django_assert_max_num_queries(n_tulis):
        assert patch(client, url, data, **kepala).json()["disimpan"] == 20
    assert RealisasiAnggaran.objects.get(item__kode="2.12.02.2.01.0019", triwulan=2).nilai == D(2000)


def test_budget_realisation_of_a_locked_quarter_is_refused(client, operator, opd):
    verifikasi(opd, 2024, "TAHUN")
    item = ItemAnggaran.objects.get(kode="2.12.02.2.01.0001")
    sebelum = riwayat()
    response = patch(
        client,
        url_anggaran_realisasi(),
        {"realisasi": [{"item": item.id, "nilai": 1, "semula": "434526020"}]},
        **bearer(operator),
    )
    assert response.status_code == 403 and response.json()["detail"].endswith("Tidak ada yang disimpan.")
    assert RealisasiAnggaran.objects.get(item=item, triwulan=4).nilai == D(434526020) and riwayat() == sebelum


# ---------------------------------------------------------------- the token page and the docs


def test_token_page_shows_a_new_token_once_and_revokes(client, operator):
    client.force_login(operator)
    response = client.post(reverse("token_api"), {"aksi": "buat", "nama": "Skrip <dasbor>"})
    assert response.status_code == 200
    token = TokenApi.objects.get(pengguna=operator)
    teks = response.context["teks_token"]
    assert teks.startswith("sakip_") and token.hash == sidik(teks) and token.awalan == teks[:10]
    assert teks in response.text and "Skrip &lt;dasbor&gt;" in response.text
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    halaman = client.get(reverse("token_api")).text
    assert teks not in halaman and f"{token.awalan}…" in halaman
    assert client.get(url_pengukuran(), HTTP_AUTHORIZATION=f"Bearer {teks}").status_code == 200
    # Another user cannot revoke it; its owner can.
    client.force_login(PenggunaFactory(opd=operator.opd))
    client.post(reverse("token_api"), {"aksi": "cabut", "id": token.pk})
    assert TokenApi.objects.get(pk=token.pk).dicabut is None
    client.force_login(operator)
    response = client.post(reverse("token_api"), {"aksi": "cabut", "id": token.pk}, follow=True)
    assert "Token dicabut" in response.text and TokenApi.objects.get(pk=token.pk).dicabut is not None
    assert client.post(reverse("token_api"), {"aksi": "buat", "nama": "  "}).context["galat"].startswith("Beri nama")


def test_docs_and_schema_are_served_locally_under_the_csp(client):
    schema = client.get(reverse("api:openapi-json"))
    assert schema.status_code == 200
    jalur = schema.json()["paths"]
    assert "/api/v1/opd/{kode}/pengukuran/{tahun}/{periode}/" in jalur
    assert "patch" in jalur["/api/v1/opd/{kode}/realisasi/{tahun}/{periode}/"]
    docs = client.get(reverse("api:openapi-view"))
    assert docs.status_code == 200
    html = docs.text
    assert "cdn" not in html.lower() and "https://" not in html
    assert 'src="/static/ninja/swagger-ui-bundle.js"' in html and 'src="/static/js/swagger-awal.js"' in html
    assert "<script>" not in html and 'type="application/json"' not in html
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "unsafe-inline" not in docs["Content-Security-Policy"]


def test_numbers_are_taken_exactly_never_rounded_and_odd_ones_refused(client, operator):
    """The grid refuses more decimals than it stores; the API passes the number as typed, so the
    same rule answers (no silent rounding), and an exponent or a huge number is a 422, not a 500."""
    i = Indikator.objects.get(kode="IKU2")
    kepala = bearer(operator)
    for nilai in ("78.1234567", "1e-30", "1e30", "1_000", "١٢", "1234567890123456789012"):
        response = patch(
            client,
            url_realisasi(),
            {"realisasi": [{"indikator": i.id, "nilai": nilai, "semula": {"nilai": None}}]},
            **kepala,
        )
        assert response.status_code == 422, nilai
    response = client.patch(
        url_realisasi(),
        data='{"realisasi": [{"indikator": ID, "nilai": 1e30, "semula": {"nilai": null}}]}'.replace("ID", str(i.id)),
        content_type="application/json",
        **kepala,
    )
    assert response.status_code == 422
    assert not Realisasi.objects.filter(periode="TW3").exists()
    response = patch(
        client,
        url_realisasi(),
        {"realisasi": [{"indikator": i.id, "nilai": "78.35", "semula": {"nilai": None}}]},
        **kepala,
    )
    assert response.status_code == 200
    assert Realisasi.objects.get(indikator=i, periode="TW3").nilai == D("78.35")


def test_a_token_request_makes_no_session(client, operator):
    from django.contrib.sessions.models import Session

    kepala = bearer(operator)
    for _ in range(3):
        response = client.get(url_pengukuran(), **kepala)
        assert response.status_code == 200 and "sessionid" not in response.cookies
    assert not Session.objects.exists()
