"""Every entry screen of every demo office, loaded and saved back unchanged, leaves the database
identical: every row and value, history included (issue #14)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinerja.models import PerjanjianKinerja
from sakip.models import OPD, Pengguna
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db

PERIODE = ["TW1", "TW2", "TW3", "TW4", "S1", "S2", "TAHUN"]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("muat_demo", stdout=StringIO())
    return {
        o: (Pengguna.objects.get(username=f"operator.{pendek}"), tahun)
        for o, pendek, tahun in [
            ("disdukcapil-luwu-timur", "luwutimur", 2024),
            ("disdukcapil-musi-banyuasin", "muba", 2024),
            ("disdukcapil-dumai", "dumai", 2023),
            ("disdukcapil-probolinggo", "probolinggo", 2024),
        ]
    }


def simpan_ulang(client, url, form_id=None):
    """GET the screen, post its form back as a browser would, untouched; the difference in the
    database (empty when identical) and the response."""
    halaman = client.get(url)
    assert halaman.status_code == 200, url
    data = isi_formulir(halaman.text, form_id)
    sebelum = potret()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200, url
    return beda(sebelum, potret()), response


def test_realisation_grid_of_every_demo_office_and_period_saved_unchanged_changes_nothing(client, demo):
    diperiksa = 0
    for kode, (operator, tahun) in demo.items():
        client.force_login(operator)
        # Every year with a PK (a year without one has no grid, only the "no PK" page).
        daftar_tahun = set(PerjanjianKinerja.objects.filter(opd__kode=kode).values_list("tahun", flat=True))
        assert tahun in daftar_tahun
        for th in sorted(daftar_tahun):
            for periode in PERIODE:
                url = reverse("realisasi_grid", args=[kode, th, periode])
                perbedaan, response = simpan_ulang(client, url, "grid-realisasi")
                assert not perbedaan, f"{kode} {th} {periode}: {perbedaan}"
                assert "Tidak ada yang berubah" in response.text, f"{kode} {th} {periode}"
                diperiksa += 1
    assert diperiksa >= 28


def _layar_lain(kode, tahun):
    """(url, form id) of every other editor of an office-year: Renstra, PK, rencana aksi, the budget
    grid of each quarter, and the report's narratives (each section, and the causes of the first
    measured indicator)."""
    from kinerja.pengukuran import ukur_opd

    layar = [
        (reverse("renstra_editor", args=[kode]), "grid-renstra"),
        (reverse("pk_editor", args=[kode, tahun]), "pk-target"),
        (reverse("rencana_aksi", args=[kode, tahun]), "rencana-aksi"),
    ]
    # The PK and rencana aksi of every other level (kepala bidang, seksi).
    bawahan = PerjanjianKinerja.objects.filter(opd__kode=kode, tahun=tahun, jabatan__induk__isnull=False)
    for jabatan_id in sorted(set(bawahan.values_list("jabatan_id", flat=True))):
        layar.append((reverse("pk_editor", args=[kode, tahun]) + f"?jabatan={jabatan_id}", "pk-target"))
        layar.append((reverse("rencana_aksi", args=[kode, tahun]) + f"?jabatan={jabatan_id}", "rencana-aksi"))
    layar += [
        (reverse("anggaran_realisasi", args=[kode, tahun]) + f"?triwulan={tw}", "grid-anggaran") for tw in (1, 2, 3, 4)
    ]
    for bagian in ("latar_belakang", "tugas_fungsi", "isu_strategis", "penutup"):
        layar.append((reverse("laporan_narasi", args=[kode, tahun, "tahunan", bagian]), "form-narasi"))
    pertama = ukur_opd(OPD.objects.get(kode=kode), tahun, "TAHUN").semua_indikator[0].indikator
    layar.append(
        (reverse("laporan_narasi_indikator", args=[kode, tahun, "tahunan", "penyebab", pertama.id]), "form-narasi")
    )
    return layar


def test_every_other_editor_of_every_demo_office_saved_unchanged_changes_nothing(client, demo):
    # The demo PKs are set; as drafts their targets are inputs too (predicates, ranges, counts).
    PerjanjianKinerja.objects.update(status=PerjanjianKinerja.Status.DRAFT)
    diperiksa = 0
    for kode, (operator, tahun) in demo.items():
        client.force_login(operator)
        for url, form_id in _layar_lain(kode, tahun):
            perbedaan, response = simpan_ulang(client, url, form_id)
            assert not perbedaan, f"{url}: {perbedaan}"
            assert "Tidak ada yang berubah" in response.text, url
            diperiksa += 1
    assert diperiksa >= 4 * 12 + 2 * (13 + 6)  # and the PKs below the head: Luwu Timur 13, Probolinggo 6


def test_every_admin_change_page_saved_unchanged_changes_nothing(client, demo):
    """The admin ("Data induk") is an entry screen too: each registered model's change page,
    posted back untouched by a superuser, writes nothing (no value, no history row)."""
    import datetime

    from django.contrib import admin

    from kinerja.layanan import buat_perubahan_pk

    terakhir = PerjanjianKinerja.objects.filter(opd__kode="disdukcapil-dumai").order_by("-versi").first()
    buat_perubahan_pk(terakhir, tanggal=datetime.date(2023, 11, 1), alasan="Uji")  # a draft: editable
    client.force_login(Pengguna.objects.get(username="admin"))
    diperiksa = []
    for model, model_admin in admin.site._registry.items():
        # The first record that may be changed (a set PK, for one, is read-only).
        obj = next(
            (
                o
                for o in model._default_manager.order_by("pk")[:30]
                if model_admin.has_change_permission(_permintaan(), o)
            ),
            None,
        )
        if obj is None:
            continue
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        perbedaan, response = simpan_ulang(client, url, f"{meta.model_name}_form")
        assert not perbedaan, f"{meta.label}: {perbedaan}"
        assert "errornote" not in response.text, f"{meta.label}: formulir ditolak"
        diperiksa.append(meta.label)
    assert {"kinerja.Realisasi", "kinerja.PerjanjianKinerja", "renstra.Indikator", "anggaran.ItemAnggaran"} <= set(
        diperiksa
    )


def _permintaan():
    from django.test import RequestFactory

    r = RequestFactory().get("/")
    r.user = Pengguna.objects.get(username="admin")
    return r


def test_lke_screens_of_every_demo_office_saved_unchanged_change_nothing(client, demo):
    """The LKE (the office's side, then the evaluator's), the LHE editor and the register of
    recommendations (Dumai's, typed in from its LKjIP 2023), of every demo office: saved unchanged,
    the database stays identical."""
    from lke.alur import jalankan_transisi
    from lke.entri import terapkan_usulan
    from lke.models import EvaluasiLKE, JawabanLKE, Kriteria

    diperiksa = 0
    for kode, (operator, tahun) in demo.items():
        opd = OPD.objects.get(kode=kode)
        url = reverse("lke", args=[kode, tahun])
        client.force_login(operator)
        perbedaan, response = simpan_ulang(client, url, "form-lke")
        assert not perbedaan and "Tidak ada yang berubah" in response.text, kode
        assert not EvaluasiLKE.objects.filter(opd=opd).exists()  # nothing typed: not even started
        terapkan_usulan(operator, opd, tahun)  # the proposals adopted: answers, notes, evidence links
        perbedaan, response = simpan_ulang(client, url, "form-lke")
        assert not perbedaan and "Tidak ada yang berubah" in response.text, kode
        if kode == "disdukcapil-dumai":
            perbedaan, response = simpan_ulang(client, reverse("rekomendasi", args=[kode]), "form-rekomendasi")
            assert not perbedaan and "Tidak ada yang berubah" in response.text
        # Every criterion answered so that the office can submit; then the evaluator's screens.
        evaluasi = EvaluasiLKE.objects.get(opd=opd)
        dijawab = JawabanLKE.objects.filter(evaluasi=evaluasi).values_list("kriteria_id", flat=True)
        for k in Kriteria.objects.filter(subkomponen__komponen__lembar=evaluasi.lembar).exclude(id__in=dijawab):
            JawabanLKE.objects.create(evaluasi=evaluasi, kriteria=k, usulan=k.skala.pilihan_set.first())
        jalankan_transisi(operator, opd, tahun, "ajukan")
        client.force_login(Pengguna.objects.get(username=f"reviewer.{operator.username.split('.', 1)[1]}"))
        for url_, form in ((url, "form-lke"), (reverse("lke_lhe", args=[kode, tahun]), "form-lhe")):
            perbedaan, response = simpan_ulang(client, url_, form)
            assert not perbedaan and "Tidak ada yang berubah" in response.text, url_
            diperiksa += 1
    assert diperiksa == 8
