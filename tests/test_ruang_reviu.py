"""Reviewer workspace: findings kept with a status, comments, the statement when all are closed."""

import pytest
from django.urls import reverse

from kinerja.models import Realisasi, TemuanReviu
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import OPDFactory, PejabatFactory, PenggunaFactory, PenugasanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opd():
    d = dokumen()
    d["renstra"]["sasaran"][0]["indikator"][1]["realisasi"] = []  # IKU2 not measured
    assert impor_data_opd(d).berhasil
    return OPD.objects.get(kode="dinas-uji")


@pytest.fixture
def reviewer(opd):
    pejabat = PejabatFactory(pemda=opd.pemda, nama="Drs. Inspektur Uji", nip="197001011995031001")
    PenugasanFactory(
        pejabat=pejabat,
        jabatan__opd=OPDFactory(pemda=opd.pemda, kode="inspektorat"),
        jabatan__nama="Inspektur Pembantu Wilayah I",
    )
    return PenggunaFactory(reviewer=True, pemda=opd.pemda, pejabat=pejabat)


def url(nama, periode="TAHUN"):
    return reverse(nama, args=["dinas-uji", 2024, periode])


def test_findings_status_comments_and_statement(client, opd, reviewer, django_assert_max_num_queries):
    client.force_login(reviewer)
    html = client.get(url("ruang_reviu")).text
    assert "Indikator PK “Persentase kepemilikan akta kelahiran” belum memiliki realisasi" in html
    assert "Catat hasil pemeriksaan" in html
    client.post(url("aksi_reviu"), {"aksi": "catat"})  # the findings are recorded when the reviewer acts
    terbuka = TemuanReviu.objects.filter(status="terbuka")
    assert terbuka.count() > 0
    # Accepting needs a reason.
    t = terbuka.exclude(kode="belum_diukur").first()
    response = client.post(url("aksi_reviu"), {"id": t.id, "status": "diterima", "alasan": ""}, follow=True)
    assert "wajib disertai alasan" in response.text
    client.post(
        url("aksi_reviu"),
        {"aksi": "komentar", "objek": f"indikator:{t.objek.split(':')[1]}", "pesan": "Lampirkan laporan DKB."},
    )
    komentar = TemuanReviu.objects.get(kode="komentar")
    assert komentar.dibuat_oleh == reviewer
    # The statement is refused while anything is open.
    response = client.get(url("pernyataan_reviu"), follow=True)
    assert "setelah semua temuan ditutup" in response.text
    # The office fixes the data: the automatic finding shows as closed on the next visit, and is
    # recorded so when the reviewer next acts.
    Realisasi.objects.create(indikator=opd.indikator_set.get(kode="IKU2"), tahun=2024, periode="TAHUN", nilai=99)
    client.get(url("ruang_reviu"))
    client.post(url("aksi_reviu"), {"aksi": "catat"})
    assert TemuanReviu.objects.get(kode="belum_diukur").status == "diperbaiki"
    for temuan in TemuanReviu.objects.filter(status="terbuka"):
        if temuan.otomatis:
            client.post(url("aksi_reviu"), {"id": temuan.id, "status": "diterima", "alasan": "Wajar untuk 2024"})
        else:
            client.post(url("aksi_reviu"), {"id": temuan.id, "status": "diperbaiki"})
    with django_assert_max_num_queries(60):
        html = client.get(url("ruang_reviu")).text
    assert "Unduh Pernyataan Telah Direviu" in html
    pdf = client.get(url("pernyataan_reviu"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert TemuanReviu.history.filter(status="diterima").exists()


def test_office_sees_findings_read_only_and_other_pemda_cannot(client, opd, reviewer):
    client.force_login(reviewer)
    client.post(url("aksi_reviu"), {"aksi": "catat"})
    client.force_login(PenggunaFactory(opd=opd))
    html = client.get(url("ruang_reviu")).text
    assert "belum memiliki realisasi" in html and "alasan diterima" not in html
    t = TemuanReviu.objects.first()
    assert client.post(url("aksi_reviu"), {"id": t.id, "status": "diperbaiki"}).status_code == 404
    assert client.get(url("pernyataan_reviu")).status_code == 404
    asing = PenggunaFactory(reviewer=True, pemda=OPDFactory(kode="dinas-lain").pemda)
    client.force_login(asing)
    assert client.get(url("ruang_reviu")).status_code == 404
    assert client.post(url("aksi_reviu"), {"id": t.id, "status": "diperbaiki"}).status_code == 404
    t.refresh_from_db()
    assert t.status == "terbuka"


def test_reviewer_opens_the_evidence_of_each_row(client, opd, reviewer, django_assert_max_num_queries):
    from django.core.files.base import ContentFile

    from kinerja.models import Bukti

    realisasi = list(
        Realisasi.objects.filter(indikator__item_pk_set__isnull=False, indikator__opd=opd, tahun=2024, periode="TAHUN")
    )
    assert realisasi
    for r in realisasi:
        Bukti.objects.create(realisasi=r, berkas=ContentFile(b"%PDF-1.4", name=f"dkb-{r.indikator.kode}.pdf"))
    client.force_login(reviewer)
    with django_assert_max_num_queries(60):
        html = client.get(url("ruang_reviu")).text
    for bk in Bukti.objects.all():
        assert f'href="{reverse("bukti", args=["dinas-uji", bk.pk])}"' in html and bk.nama_berkas in html
    assert client.get(reverse("bukti", args=["dinas-uji", Bukti.objects.first().pk])).status_code == 200


def test_opening_the_review_page_writes_nothing_the_reviewer_acting_records_the_findings(client, opd, reviewer):
    """Issue #15: a GET never writes. The page shows today's checks in memory; a status given to a
    finding not yet recorded (no id on the page) records the checks and applies to that finding."""
    from tests.potret import beda, potret

    client.force_login(reviewer)
    sebelum = potret()
    html = client.get(url("ruang_reviu")).text
    assert "belum memiliki realisasi" in html and "belum dicatat" in html
    assert not beda(sebelum, potret())
    assert not TemuanReviu.objects.exists()
    # Accept the unmeasured-indicator finding straight from the page: by its check and item.
    objek = f"indikator:{opd.indikator_set.get(kode='IKU2').pk}"
    assert f'name="objek" value="{objek}"' in html
    response = client.post(
        url("aksi_reviu"),
        {"kode": "belum_diukur", "objek": objek, "status": "diterima", "alasan": "Data DKB belum terbit"},
        follow=True,
    )
    assert "Status temuan: diterima dengan alasan." in response.text
    assert TemuanReviu.objects.get(kode="belum_diukur", objek=objek).status == "diterima"
    assert TemuanReviu.objects.filter(status="terbuka").exists()  # the other findings are recorded too
    # Nothing left to record: the page says so no more, and a reload writes nothing.
    sebelum = potret()
    assert "belum dicatat" not in client.get(url("ruang_reviu")).text
    assert not beda(sebelum, potret())


def test_the_page_prints_the_method_in_words_and_values_at_their_decimals(client, opd, reviewer):
    """Not `Metodologi(skala=SkalaKategori(…))` nor `(77,080769)`: the method as the LKjIP words it,
    a computed realisation at the indicator's decimals (2)."""
    from decimal import Decimal

    r = Realisasi.objects.get(indikator__kode="IKU1", tahun=2024, periode="TAHUN")
    r.nilai = Decimal("77.080769")
    r.save()
    client.force_login(reviewer)
    html = client.get(url("ruang_reviu")).text
    assert "Metodologi(" not in html and "SkalaKategori" not in html and "77,080769" not in html
    assert (
        '<p class="catatan-kaki">Capaian indikator naik = realisasi ÷ target × 100%. Capaian tidak dibatasi. '
        "Angka dibulatkan (setengah ke atas) pada 2 desimal. Kategori menurut Skala Permendagri 86/2017: "
    ) in html
    assert "(77,08) belum dilengkapi bukti dukung." in html
