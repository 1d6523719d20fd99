"""The LKE (issue #19): the tree as data, scoring through the models, the screen's two sides,
access, the path and the lock, kerangka logis, evidence, the LHE, the command, the Pemda page."""

import datetime
import io
import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from laporan.models import RekomendasiEvaluasi
from lke.alur import GalatAlur, jalankan_transisi
from lke.entri import simpan_layar, susun_layar, terapkan_usulan
from lke.kerangka import (
    BERKAS_88_2021,
    GalatKerangka,
    baca_berkas,
    ekspor_kerangka,
    muat_kerangka,
    periksa_data,
    pohon,
    salin_kerangka,
)
from lke.lhe import html_lhe, pdf_lhe, susun_lhe
from lke.models import (
    AturanLogis,
    BuktiLKE,
    EvaluasiLKE,
    JawabanLKE,
    Kriteria,
    LembarKerja,
    PilihanSkala,
    RiwayatEvaluasi,
)
from lke.nilai import hitung_nilai, periksa_logis, semua_kriteria
from sakip.kunci import DataTerkunci
from tests.factories import JabatanFactory, OPDFactory, PemdaFactory, PenggunaFactory
from tests.formulir import isi_formulir
from tests.potret import beda, potret
from tests.test_lke_rumus import LANGKAH

pytestmark = pytest.mark.django_db
TAHUN = 2024


@pytest.fixture
def kantor():
    """Two offices of one Pemda (with the 88/2021 LKE of 2024), one of another Pemda, and the users."""
    pemda = PemdaFactory(nama="Kabupaten Alfa", ibu_kota="Alfa Kota")
    lain = PemdaFactory(nama="Kota Beta", tingkat="kota")
    a = OPDFactory(pemda=pemda, kode="dinas-a", nama="Dinas Kependudukan dan Pencatatan Sipil")
    a2 = OPDFactory(pemda=pemda, kode="dinas-a2")
    b = OPDFactory(pemda=lain, kode="dinas-b")
    JabatanFactory(opd=a, nama="Kepala Dinas")
    lembar = muat_kerangka(pemda, TAHUN, baca_berkas())
    muat_kerangka(lain, TAHUN, baca_berkas())
    return {
        "pemda": pemda,
        "a": a,
        "a2": a2,
        "b": b,
        "lembar": lembar,
        "operator": PenggunaFactory(username="op.a", opd=a),
        "pimpinan": PenggunaFactory(username="pim.a", opd=a, pimpinan=True),
        "operator_a2": PenggunaFactory(username="op.a2", opd=a2),
        "operator_b": PenggunaFactory(username="op.b", opd=b),
        "reviewer": PenggunaFactory(username="rev.alfa", reviewer=True, pemda=pemda),
        "reviewer_b": PenggunaFactory(username="rev.beta", reviewer=True, pemda=lain),
        "adminpemda": PenggunaFactory(username="adm.alfa", admin_pemda=True, pemda=pemda),
    }


def _pilih(lembar, kode):
    return PilihanSkala.objects.get(skala__lembar=lembar, kode=kode)


def _data_layar(user, opd, jawab, sisi="usulan"):
    """POST data of the screen as loaded, with `jawab` ({criterion code: option code}) typed on `sisi`."""
    layar = susun_layar(user, opd, TAHUN)
    data = {}
    for b in layar.baris.values():
        for n, bf in ((n, b.form[n]) for n in b.form.fields if n != "berkas"):
            v = bf.value()
            data[bf.html_name] = "" if v is None else str(v)
            if b.form.fields[n].show_hidden_initial:
                data[bf.html_initial_name] = data[bf.html_name]
        if b.kriteria.kode in jawab:
            pilihan = next(p for p in b.kriteria.skala.pilihan_set.all() if p.kode == jawab[b.kriteria.kode])
            data[b.form[sisi].html_name] = str(pilihan.id)
    return data


def _semua(lembar, nilai_per_kriteria):
    """{criterion code: option code} answering every criterion: Y/A, or what `nilai_per_kriteria` says."""
    hasil = {}
    for c in semua_kriteria(pohon(lembar)):
        hasil[c.kode] = nilai_per_kriteria.get(c.kode, "Y" if c.skala.kode == "YT" else "A")
    return hasil


# --------------------------------------------------------------------------- the tree as data


def test_the_88_2021_tree_as_data():
    data = baca_berkas(BERKAS_88_2021)
    assert periksa_data(data) == []
    komponen = data["komponen"]
    assert [(k["nama"], k["bobot"]) for k in komponen] == [
        ("Perencanaan Kinerja", "30"),
        ("Pengukuran Kinerja", "30"),
        ("Pelaporan Kinerja", "15"),
        ("Evaluasi Akuntabilitas Kinerja Internal", "25"),
    ]
    # pemenuhan / kualitas / implementasi at 20 / 30 / 50 % of each component
    for k in komponen:
        bobot = [D(s["bobot"]) for s in k["subkomponen"]]
        assert [s["jenis"] for s in k["subkomponen"]] == ["pemenuhan", "kualitas", "implementasi"]
        assert bobot == [D(k["bobot"]) * p for p in (D("0.2"), D("0.3"), D("0.5"))]
    kriteria = [c for k in komponen for s in k["subkomponen"] for c in s["kriteria"]]
    assert len(kriteria) == 76
    assert len([c for c in kriteria if c.get("otomatis")]) >= 10
    assert {c["skala"] for c in kriteria} == {"YT", "AE"}
    assert [(p["kode"], p["batas_bawah"], p["inklusif"]) for p in data["predikat"]] == [
        ("AA", "90", False),
        ("A", "80", False),
        ("BB", "70", False),
        ("B", "60", False),
        ("CC", "50", False),
        ("C", "30", False),
        ("D", None, True),
    ]
    assert "dicocokkan dengan salinan resmi" in data["sumber"]


def test_load_copy_export_and_refusals(kantor):
    lembar, pemda = kantor["lembar"], kantor["pemda"]
    assert len(semua_kriteria(pohon(lembar))) == 76
    assert AturanLogis.objects.filter(kriteria__subkomponen__komponen__lembar=lembar).count() > 50
    assert lembar.tenggat_lkjip == datetime.date(2025, 3, 31)
    salinan = salin_kerangka(lembar, 2025)
    assert salinan.tenggat_lkjip == datetime.date(2026, 3, 31)
    a, b = ekspor_kerangka(lembar), ekspor_kerangka(salinan)
    assert {k: v for k, v in a.items() if k != "tenggat_lkjip"} == {k: v for k, v in b.items() if k != "tenggat_lkjip"}
    with pytest.raises(GalatKerangka, match="sudah memiliki LKE"):
        muat_kerangka(pemda, TAHUN, baca_berkas())
    rusak = baca_berkas()
    rusak["komponen"][0]["subkomponen"][0]["bobot"] = "7"
    rusak["komponen"][1]["subkomponen"][0]["kriteria"][0]["otomatis"] = "tidak_ada"
    sebelum = LembarKerja.objects.count()
    with pytest.raises(GalatKerangka) as exc:
        muat_kerangka(pemda, 2030, rusak)
    assert "bobot sub-komponen berjumlah 31" in str(exc.value) and "tidak_ada" in str(exc.value)
    assert LembarKerja.objects.count() == sebelum


def test_command_lke_kerangka(kantor):
    out = io.StringIO()
    call_command("lke_kerangka", "salin", "--pemda", "Kabupaten Alfa", "--tahun", "2026", "--dari", "2024", stdout=out)
    assert "76 kriteria" in out.getvalue()
    call_command(
        "lke_kerangka", "muat", "--pemda", "Kabupaten Alfa", "--tahun", "2026", "--lewati-bila-ada", stdout=out
    )
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("lke_kerangka", "muat", "--pemda", "Tidak Ada", "--tahun", "2026")


# --------------------------------------------------------------------------- scoring


def test_a_fully_answered_lke_scores_the_hand_computation_at_every_band_edge(kantor):
    """The chain of tests/test_lke_rumus.py (100 -> 90 A -> 80 BB -> 70 B -> 60 CC -> 50 C -> 30 D),
    answered as stored options on the loaded tree and scored through the models."""
    lembar = kantor["lembar"]
    struktur = pohon(lembar)
    nilai_ke_kode = {
        D(1): ("Y", "A"),
        D("0.75"): (None, "B"),
        D("0.5"): (None, "C"),
        D("0.25"): (None, "D"),
        D(0): ("T", "E"),
    }
    jawaban = {c.id: None for c in semua_kriteria(struktur)}

    def isi(ganti):
        for (ki, si), nilai in ganti.items():
            sub = list(struktur[ki].subkomponen_set.all())[si]
            for c, n in zip(sub.kriteria_set.all(), nilai, strict=True):
                yt, ae = nilai_ke_kode[n]
                jawaban[c.id] = _pilih(lembar, yt if c.skala.kode == "YT" else ae)

    for c in semua_kriteria(struktur):
        jawaban[c.id] = _pilih(lembar, "Y" if c.skala.kode == "YT" else "A")
    h = hitung_nilai(lembar, struktur, jawaban)
    assert (h.nilai, h.kode_predikat, h.lengkap) == (D("100.00"), "AA", True)
    for ganti, total, predikat in LANGKAH:
        isi(ganti)
        h = hitung_nilai(lembar, struktur, jawaban)
        assert (h.nilai, h.kode_predikat) == (total, predikat)


def test_screen_scores_both_sides_and_the_proposals(client, kantor):
    a, lembar = kantor["a"], kantor["lembar"]
    client.force_login(kantor["operator"])
    jawab = _semua(lembar, {"4.c.1": "A", "4.c.2": "E", "4.c.3": "E", "4.c.4": "E", "4.c.5": "E"})
    r = client.post(reverse("lke", args=[a.kode, TAHUN]), _data_layar(kantor["operator"], a, jawab), follow=True)
    assert "Tersimpan: 76 jawaban" in r.text
    layar = susun_layar(kantor["operator"], a, TAHUN)
    assert (layar.nilai_usulan.nilai, layar.nilai_usulan.kode_predikat) == (D("90.00"), "A")
    assert layar.nilai_penetapan is None  # the office sees the evaluator's side once final
    out = io.StringIO()
    call_command("lke", "--opd", a.kode, "--tahun", str(TAHUN), "--jawaban", "usulan", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["nilai"], data["predikat"], data["opd"], data["tahun"]) == ("90.00", "A", "dinas-a", 2024)
    k = data["komponen"][3]
    assert (k["nama"], k["bobot"], k["nilai"]) == ("Evaluasi Akuntabilitas Kinerja Internal", "25", "15.00")
    assert k["subkomponen"][2]["bobot"] == "12.5" and k["subkomponen"][2]["nilai"] == "2.50"
    kr = data["komponen"][0]["subkomponen"][0]["kriteria"][0]
    assert set(kr) >= {"uraian", "jawaban", "otomatis", "bukti"} and kr["otomatis"] is True


def test_command_text_and_errors(kantor):
    out = io.StringIO()
    call_command("lke", "--opd", "dinas-a", "--tahun", str(TAHUN), "--format", "text", stdout=out)
    assert "1.a.1" in out.getvalue() and "Nilai" in out.getvalue()
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("lke", "--opd", "tidak-ada", "--tahun", "2024")
    with pytest.raises(CommandError, match="belum disiapkan"):
        call_command("lke", "--opd", "dinas-a", "--tahun", "2031")


# --------------------------------------------------------------------------- access and sides


def test_office_writes_usulan_only_evaluator_penetapan_only(client, kantor):
    a, lembar = kantor["a"], kantor["lembar"]
    url = reverse("lke", args=[a.kode, TAHUN])
    k = Kriteria.objects.get(subkomponen__komponen__lembar=lembar, kode="1.a.1")
    y = _pilih(lembar, "Y")
    # The pimpinan of the office writes the usulan; a penetapan key in the POST is not a field of his.
    client.force_login(kantor["pimpinan"])
    data = _data_layar(kantor["pimpinan"], a, {"1.a.1": "Y"})
    data[f"j-{k.id}-penetapan"] = str(y.id)
    client.post(url, data)
    j = JawabanLKE.objects.get(kriteria=k)
    assert j.usulan == y and j.penetapan is None and j.diisi_oleh == kantor["pimpinan"]
    # The reviewer cannot write during pengisian (no side), nor another office's operator (404).
    client.force_login(kantor["reviewer"])
    r = client.post(url, {f"j-{k.id}-penetapan": str(y.id), f"initial-j-{k.id}-penetapan": ""}, follow=True)
    assert "tidak dapat mengubah" in r.text
    assert JawabanLKE.objects.get(kriteria=k).penetapan is None
    for user in ("operator_a2", "operator_b", "reviewer_b"):
        client.force_login(kantor[user])
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert JawabanLKE.objects.get(kriteria=k).usulan == y


def test_form_field_tampering_is_refused(client, kantor):
    a, lembar = kantor["a"], kantor["lembar"]
    client.force_login(kantor["operator"])
    url = reverse("lke", args=[a.kode, TAHUN])
    k = Kriteria.objects.get(subkomponen__komponen__lembar=lembar, kode="1.a.1")
    asing = PilihanSkala.objects.filter(skala__lembar__pemda=kantor["b"].pemda, kode="Y").first()
    ae = _pilih(lembar, "A")  # an option of the other scale of the same tree
    for salah in (asing, ae):
        data = _data_layar(kantor["operator"], a, {})
        data[f"j-{k.id}-usulan"] = str(salah.id)
        r = client.post(url, data)
        assert r.status_code == 200 and 'teks-galat kecil">Jawaban OPD:' in r.text
        assert not JawabanLKE.objects.exists()
    # A criterion of another Pemda's tree is not a row of this screen: ignored.
    k_b = Kriteria.objects.filter(subkomponen__komponen__lembar__pemda=kantor["b"].pemda).first()
    client.post(url, {f"j-{k_b.id}-usulan": str(asing.id), f"initial-j-{k_b.id}-usulan": ""})
    assert not JawabanLKE.objects.exists() and not EvaluasiLKE.objects.exists()


def _isi_lengkap(kantor, jawab=None):
    """The office answers everything, submits; the reviewer answers everything."""
    a, lembar = kantor["a"], kantor["lembar"]
    jawab = jawab or _semua(lembar, {})
    assert simpan_layar(kantor["operator"], a, TAHUN, _data_layar(kantor["operator"], a, jawab)).berhasil
    jalankan_transisi(kantor["operator"], a, TAHUN, "ajukan")
    assert simpan_layar(kantor["reviewer"], a, TAHUN, _data_layar(kantor["reviewer"], a, jawab, "penetapan")).berhasil
    return EvaluasiLKE.objects.get(opd=a, tahun=TAHUN)


def test_path_final_lock_and_reopen(client, kantor):
    a, lembar = kantor["a"], kantor["lembar"]
    # Submitting needs every answer.
    simpan_layar(kantor["operator"], a, TAHUN, _data_layar(kantor["operator"], a, {"1.a.1": "Y"}))
    with pytest.raises(GalatAlur, match="75 kriteria belum dijawab"):
        jalankan_transisi(kantor["operator"], a, TAHUN, "ajukan")
    with pytest.raises(GalatAlur):
        jalankan_transisi(kantor["reviewer"], a, TAHUN, "tetapkan")
    e = _isi_lengkap(kantor)
    with pytest.raises(GalatAlur, match="alasan"):
        jalankan_transisi(kantor["reviewer"], a, TAHUN, "kembalikan")
    with pytest.raises(GalatAlur):
        jalankan_transisi(kantor["operator"], a, TAHUN, "tetapkan")
    RekomendasiEvaluasi.objects.create(opd=a, tahun_evaluasi=TAHUN, sumber="lhe", nomor=1, rekomendasi="Perbaiki.")
    e.nomor_lhe, e.tanggal_lhe = "700/1/INSP", datetime.date(2025, 6, 1)
    e.save()
    jalankan_transisi(kantor["adminpemda"], a, TAHUN, "tetapkan")
    e.refresh_from_db()
    assert e.final
    assert list(RiwayatEvaluasi.objects.filter(evaluasi=e).values_list("ke", flat=True)) == ["penilaian", "final"]
    r = RekomendasiEvaluasi.objects.get(opd=a, sumber="lhe")
    assert r.terkunci and r.nomor_lhe == "700/1/INSP" and r.tanggal_lhe == datetime.date(2025, 6, 1)

    # Read-only through every door: the page, the records, the tree, the register's text, the admin.
    client.force_login(kantor["reviewer"])
    data = _data_layar(kantor["reviewer"], a, {})
    sebelum = potret()
    r_page = client.post(reverse("lke", args=[a.kode, TAHUN]), data, follow=True)
    assert "tidak dapat mengubah" in r_page.text and not beda(sebelum, potret())
    j = JawabanLKE.objects.filter(evaluasi=e).first()
    j.catatan_penetapan = "ubah"
    with pytest.raises(DataTerkunci):
        j.save()
    with pytest.raises(DataTerkunci):
        j.delete()
    with pytest.raises(DataTerkunci):
        e.nomor_lhe = "lain"
        e.save()
    k = Kriteria.objects.filter(subkomponen__komponen__lembar=lembar).first()
    k.uraian = "diubah"
    with pytest.raises(DataTerkunci, match="sudah dipakai evaluasi yang final"):
        k.save()
    with pytest.raises(DataTerkunci):
        lembar.delete()
    r.rekomendasi = "diubah"
    with pytest.raises(DataTerkunci):
        r.save()
    r.refresh_from_db()
    r.tindak_lanjut, r.status = "Sudah disusun.", "selesai"
    r.save()  # the follow-up is the office's, final or not
    admin = PenggunaFactory(username="super", is_superuser=True, is_staff=True, peran="", opd=None)
    client.force_login(admin)
    halaman = client.get(reverse("admin:lke_kriteria_change", args=[k.pk]))
    assert halaman.status_code == 200 and 'name="uraian"' not in halaman.text
    halaman = client.get(reverse("admin:lke_evaluasilke_change", args=[e.pk]))
    assert halaman.status_code == 200 and 'name="nomor_lhe"' not in halaman.text
    assert client.post(reverse("admin:lke_kriteria_change", args=[k.pk]), {"uraian": "x"}).status_code == 403
    # Buka kembali: evaluator, with a reason; the register's text unlocks.
    with pytest.raises(GalatAlur):
        jalankan_transisi(kantor["operator"], a, TAHUN, "buka", "alasan")
    jalankan_transisi(kantor["reviewer"], a, TAHUN, "buka", "Perbaikan nilai 1.a.1")
    j.save()
    assert not RekomendasiEvaluasi.objects.get(opd=a, sumber="lhe").terkunci


def test_kerangka_logis_warnings_and_final_needs_a_check(kantor):
    a, lembar = kantor["a"], kantor["lembar"]
    struktur = pohon(lembar)
    # 1.a.2 (Renja) is not higher than 1.a.1 (Renstra): Y over T is a warning.
    jawab = _semua(lembar, {"1.a.1": "T"})
    e = _isi_lengkap(kantor, jawab)
    jawaban = {j.kriteria_id: j.penetapan for j in JawabanLKE.objects.filter(evaluasi=e)}
    peringatan = periksa_logis(struktur, jawaban)
    kode = {p.kriteria.kode for daftar in peringatan.values() for p in daftar}
    assert "1.a.2" in kode and "1.a.1" not in kode
    pesan = next(p.pesan for daftar in peringatan.values() for p in daftar if p.kriteria.kode == "1.a.2")
    assert "lebih tinggi daripada jawaban kriteria 1.a.1" in pesan
    # A rerata rule: 2.c.x (implementasi) not above the mean of 2.b (kualitas).
    jawab2 = dict(
        jawab, **{c.kode: "E" for c in semua_kriteria(struktur) if c.kode.startswith("2.b.") and c.skala.kode == "AE"}
    )
    jawab2.update({c.kode: "T" for c in semua_kriteria(struktur) if c.kode.startswith("2.b.") and c.skala.kode == "YT"})
    jawaban2 = {c.id: _pilih(lembar, jawab2[c.kode]) for c in semua_kriteria(struktur)}
    pesan2 = [
        p.pesan for daftar in periksa_logis(struktur, jawaban2).values() for p in daftar if p.kriteria.kode == "2.c.2"
    ]
    assert any("rata-rata jawaban 2.b" in p for p in pesan2)
    with pytest.raises(GalatAlur, match="peringatan kerangka logis"):
        jalankan_transisi(kantor["reviewer"], a, TAHUN, "tetapkan")
    jalankan_transisi(kantor["reviewer"], a, TAHUN, "tetapkan", yakin_logis=True)
    assert EvaluasiLKE.objects.get(pk=e.pk).final


def test_conflict_per_cell_and_unchanged_save(client, kantor):
    a, lembar = kantor["a"], kantor["lembar"]
    url = reverse("lke", args=[a.kode, TAHUN])
    client.force_login(kantor["operator"])
    # Saved unchanged, nothing is written: not even the evaluation.
    halaman = client.get(url)
    sebelum = potret()
    r = client.post(url, isi_formulir(halaman.text, "form-lke"), follow=True)
    assert "Tidak ada yang berubah" in r.text and not beda(sebelum, potret())
    assert not EvaluasiLKE.objects.exists()
    simpan_layar(kantor["operator"], a, TAHUN, _data_layar(kantor["operator"], a, {"1.a.5": "A"}))
    # The operator's page is loaded with 1.a.5 = A; meanwhile the pimpinan saves B; the operator then
    # types C in 1.a.5 and Y in 1.a.2: a conflict on 1.a.5, and nothing of the save is written.
    data_op = _data_layar(kantor["operator"], a, {"1.a.5": "C", "1.a.2": "Y"})
    simpan_layar(kantor["pimpinan"], a, TAHUN, _data_layar(kantor["pimpinan"], a, {"1.a.5": "B"}))
    hasil = simpan_layar(kantor["operator"], a, TAHUN, data_op)
    assert not hasil.berhasil and [b.kriteria.kode for b in hasil.konflik] == ["1.a.5"]
    assert not JawabanLKE.objects.filter(kriteria__kode="1.a.2").exists()
    assert JawabanLKE.objects.get(kriteria__kode="1.a.5").usulan.kode == "B"
    # The row is shown again with what was typed, starting from the stored value: saving it again
    # applies C deliberately.
    baris = next(b for b in hasil.baris if b.kriteria.kode == "1.a.5")
    assert baris.form["usulan"].value() == str(_pilih(lembar, "C").id)
    assert baris.form.awal("usulan") == str(_pilih(lembar, "B").id)
    # A stale page that did not touch 1.a.5 leaves it as stored (B), whatever it was loaded with.
    data_op[f"initial-j-{baris.kriteria.id}-usulan"] = str(_pilih(lembar, "A").id)
    data_op[f"j-{baris.kriteria.id}-usulan"] = str(_pilih(lembar, "A").id)
    assert simpan_layar(kantor["operator"], a, TAHUN, data_op).berhasil
    assert JawabanLKE.objects.get(kriteria__kode="1.a.5").usulan.kode == "B"
    assert JawabanLKE.objects.get(kriteria__kode="1.a.2").usulan.kode == "Y"


def test_evidence_link_file_refusals_and_download_scope(client, kantor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a, lembar = kantor["a"], kantor["lembar"]
    k = Kriteria.objects.get(subkomponen__komponen__lembar=lembar, kode="1.a.1")
    url = reverse("lke", args=[a.kode, TAHUN])
    client.force_login(kantor["operator"])
    data = _data_layar(kantor["operator"], a, {})
    for salah in ("javascript:alert(1)", "//evil.example/x", "data:text/html,x"):
        r = client.post(url, {**data, f"j-{k.id}-tautan": salah})
        assert "Tautan harus alamat" in r.text
    r = client.post(url, {**data, f"j-{k.id}-berkas": SimpleUploadedFile("x.exe", b"MZ\x90\x00")})
    assert r.status_code == 200 and not BuktiLKE.objects.exists()
    berkas = SimpleUploadedFile("renstra.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(
        url,
        {
            **data,
            f"j-{k.id}-tautan": "/opd/dinas-a/renstra/",
            f"j-{k.id}-keterangan": "Renstra",
            f"j-{k.id}-berkas": berkas,
        },
    )
    assert BuktiLKE.objects.count() == 2
    pdf = BuktiLKE.objects.exclude(berkas="").get()
    r = client.get(reverse("lke_bukti", args=[a.kode, pdf.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    for user in ("operator_a2", "operator_b", "reviewer_b"):
        client.force_login(kantor[user])
        assert client.get(reverse("lke_bukti", args=[a.kode, pdf.pk])).status_code == 404
    client.force_login(kantor["reviewer"])
    assert client.get(reverse("lke_bukti", args=[a.kode, pdf.pk])).status_code == 200
    client.post(reverse("lke_bukti_hapus", args=[a.kode, pdf.pk]))
    assert BuktiLKE.objects.count() == 2  # the reviewer does not remove the office's evidence
    client.force_login(kantor["operator"])
    client.post(reverse("lke_bukti_hapus", args=[a.kode, pdf.pk]))
    assert BuktiLKE.objects.count() == 1 and BuktiLKE.history.filter(history_type="-").count() == 1


def test_adopting_the_proposals(kantor):
    a = kantor["a"]
    n = terapkan_usulan(kantor["operator"], a, TAHUN)
    e = EvaluasiLKE.objects.get(opd=a)
    dijawab = JawabanLKE.objects.filter(evaluasi=e, usulan__isnull=False)
    assert n == dijawab.count() > 0
    j = dijawab.get(kriteria__kode="1.a.1")  # no Renstra in this office: T, with the reason
    assert j.usulan.kode == "T" and j.catatan_usulan.startswith("Usulan dari data SAKIP: Tidak ada Renstra")
    with pytest.raises(GalatAlur):
        terapkan_usulan(kantor["reviewer"], a, TAHUN)


# --------------------------------------------------------------------------- the LHE


def test_lhe_page_pdf_and_access(client, kantor):
    a = kantor["a"]
    e = _isi_lengkap(
        kantor, _semua(kantor["lembar"], {"4.c.1": "A", "4.c.2": "E", "4.c.3": "E", "4.c.4": "E", "4.c.5": "E"})
    )
    url, pdf = reverse("lke_lhe", args=[a.kode, TAHUN]), reverse("lke_lhe_pdf", args=[a.kode, TAHUN])
    client.force_login(kantor["operator"])
    assert client.get(url).status_code == 404  # the office reads the LHE once final
    client.force_login(kantor["reviewer"])
    halaman = client.get(url)
    data = isi_formulir(halaman.text, "form-lhe")
    sebelum = potret()
    assert "Tidak ada yang berubah" in client.post(url, data, follow=True).text and not beda(sebelum, potret())
    data.update(
        {"lhe-nomor_lhe": "700/88/INSP/2025", "lhe-tanggal_lhe": "2025-06-16", "r-baru-rekomendasi": "Susun SOP."}
    )
    komponen = e.lembar.komponen_set.order_by("urutan").first()
    data[f"k-{komponen.id}-catatan"] = "Rencana aksi belum lengkap."
    client.post(url, data)
    e.refresh_from_db()
    assert e.nomor_lhe == "700/88/INSP/2025" and RekomendasiEvaluasi.objects.get(opd=a).rekomendasi == "Susun SOP."
    dok = susun_lhe(e)
    assert (dok.nilai, dok.predikat, dok.kepada) == (
        D("90.00"),
        "A",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Alfa",
    )
    assert dok.temuan[0].catatan == "Rencana aksi belum lengkap." and dok.rekomendasi == ["Susun SOP."]
    assert dok.tembusan == ["Bupati Alfa", "Sekretaris Daerah Kabupaten Alfa"]
    html = html_lhe(dok)
    assert "Draf" in html and "INSPEKTORAT" in html and "Sangat Memuaskan" not in html and "Memuaskan" in html
    isi, halaman_pdf = pdf_lhe(dok)
    assert isi.startswith(b"%PDF") and halaman_pdf >= 3
    r = client.get(pdf)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    jalankan_transisi(kantor["reviewer"], a, TAHUN, "tetapkan")
    client.force_login(kantor["operator"])
    assert client.get(url).status_code == 200 and client.get(pdf).status_code == 200
    for user in ("operator_a2", "operator_b", "reviewer_b"):
        client.force_login(kantor[user])
        assert client.get(url).status_code == 404 and client.get(pdf).status_code == 404


# --------------------------------------------------------------------------- Pemda pages


def test_pemda_page_scopes_offices_and_shows_scores(client, kantor):
    a = kantor["a"]
    _isi_lengkap(
        kantor, _semua(kantor["lembar"], {"4.c.1": "A", "4.c.2": "E", "4.c.3": "E", "4.c.4": "E", "4.c.5": "E"})
    )
    jalankan_transisi(kantor["reviewer"], a, TAHUN, "tetapkan")
    client.force_login(kantor["reviewer"])
    r = client.get(reverse("lke_pemda", args=[TAHUN]))
    assert r.status_code == 200 and a.nama in r.text and kantor["a2"].nama in r.text and kantor["b"].nama not in r.text
    assert "90,00" in r.text and "Memuaskan" in r.text
    assert client.get(reverse("lke_pemda", args=[TAHUN]) + f"?pemda={kantor['b'].pemda_id}").status_code == 404
    client.force_login(kantor["operator_a2"])
    r = client.get(reverse("lke_pemda", args=[TAHUN]))
    assert kantor["a2"].nama in r.text and a.nama not in r.text


def test_tree_page_loads_or_copies_for_the_admin_pemda_only(client, kantor):
    url = reverse("lke_kerangka", args=[2027])
    client.force_login(kantor["reviewer"])
    assert client.get(url).status_code == 200
    client.post(url, {"aksi": "muat"})
    assert not LembarKerja.objects.filter(tahun=2027).exists()
    client.force_login(kantor["adminpemda"])
    client.post(url, {"aksi": "salin", "dari": "2024"})
    lembar = LembarKerja.objects.get(pemda=kantor["pemda"], tahun=2027)
    assert len(semua_kriteria(pohon(lembar))) == 76
    r = client.get(url)
    assert "1.a.1" in r.text and "usulan dari data" in r.text


def test_bad_thresholds_stored_by_hand_give_no_proposal(kantor):
    k = Kriteria.objects.get(subkomponen__komponen__lembar=kantor["lembar"], kode="1.a.5")
    Kriteria.objects.filter(pk=k.pk).update(ambang="> 10; > 90")  # past the checks
    layar = susun_layar(kantor["operator"], kantor["a"], TAHUN)
    assert next(b for b in layar.baris.values() if b.kriteria.kode == "1.a.5").usulan_otomatis.pilihan is None
    k.ambang = "> 10; > 90; > 95; > 99"
    with pytest.raises(ValidationError):
        k.full_clean()
