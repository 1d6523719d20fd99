"""Every PK in force is measured (head first, then the cascade), one realisation per indicator
serves every PK that carries it, and the review checks the cascade."""

import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.entri import baris_entri
from kinerja.models import Realisasi
from kinerja.pengukuran import sebagai_dict, ukur_opd
from reviu.pemeriksaan import periksa_opd
from tests.factories import (
    IndikatorFactory,
    ItemPKFactory,
    JabatanFactory,
    OPDFactory,
    PejabatFactory,
    PenggunaFactory,
    PerjanjianKinerjaFactory,
    RealisasiFactory,
    RenstraFactory,
    SasaranFactory,
)

pytestmark = pytest.mark.django_db


class Kantor:
    """A 3-level office: Kepala Dinas (II); Sekretaris and Kepala Bidang Pelayanan (III) under it;
    Kepala Seksi Identitas (IV) under the kabid. The urutan puts the kasi before the eselon III
    positions, so cascade order is not jabatan order."""

    def __init__(self):
        self.opd = opd = OPDFactory(nama="Dinas Kependudukan Uji", kode="dukcapil-uji")
        self.kadis = JabatanFactory(opd=opd, eselon="II", nama="Kepala Dinas", urutan=0)
        self.kasi = JabatanFactory(opd=opd, eselon="IV", nama="Kepala Seksi Identitas", urutan=1)
        self.sekretaris = JabatanFactory(opd=opd, eselon="III", nama="Sekretaris", induk=self.kadis, urutan=2)
        self.kabid = JabatanFactory(opd=opd, eselon="III", nama="Kepala Bidang Pelayanan", induk=self.kadis, urutan=3)
        self.kasi.induk = self.kabid
        self.kasi.save()
        renstra = RenstraFactory(opd=opd)
        strategis = SasaranFactory(renstra=renstra, uraian="Meningkatnya kualitas layanan adminduk")
        self.program = SasaranFactory(
            renstra=renstra, tujuan=None, tingkat="program", induk=strategis, uraian="Meningkatnya cakupan dokumen"
        )
        kegiatan = SasaranFactory(
            renstra=renstra, tujuan=None, tingkat="kegiatan", induk=self.program, uraian="Terlayaninya jemput bola"
        )
        self.tata_kelola = SasaranFactory(
            renstra=renstra, tujuan=None, tingkat="program", induk=strategis, uraian="Meningkatnya tata kelola"
        )
        self.ktp = IndikatorFactory(sasaran=strategis, nama="Persentase penduduk ber-KTP-el")
        self.aduan = IndikatorFactory(sasaran=strategis, nama="Rata-rata waktu layanan", satuan="hari", arah="turun")
        self.kia = IndikatorFactory(sasaran=self.program, nama="Persentase anak ber-KIA", iku=False)
        self.jemput = IndikatorFactory(sasaran=kegiatan, nama="Jumlah layanan jemput bola", satuan="kali", iku=False)
        self.sakip = IndikatorFactory(sasaran=self.tata_kelola, nama="Nilai SAKIP internal", satuan="nilai", iku=False)

        def pk(jabatan, atasan, nama):
            return PerjanjianKinerjaFactory(
                jabatan=jabatan, perjanjian_atasan=atasan, pejabat=PejabatFactory(pemda=opd.pemda, nama=nama)
            )

        self.pk_kadis = pk(self.kadis, None, "Drs. Andi Makmur")
        self.pk_sek = pk(self.sekretaris, self.pk_kadis, "Siti Rahma, S.E.")
        self.pk_kabid = pk(self.kabid, self.pk_kadis, "Budi Santoso, S.Sos.")
        self.pk_kasi = pk(self.kasi, self.pk_kabid, "Rina Wati, S.Kom.")
        item = ItemPKFactory
        item(perjanjian=self.pk_kadis, indikator=self.ktp, sasaran=strategis, target=D("90"), urutan=0)
        item(perjanjian=self.pk_kadis, indikator=self.aduan, sasaran=strategis, target=D("5"), urutan=1)
        item(perjanjian=self.pk_sek, indikator=self.sakip, sasaran=self.tata_kelola, target=D("80"))
        self.item_kabid_ktp = item(perjanjian=self.pk_kabid, indikator=self.ktp, sasaran=strategis, target=D("90"))
        item(perjanjian=self.pk_kabid, indikator=self.kia, sasaran=self.program, target=D("80"), urutan=1)
        item(perjanjian=self.pk_kasi, indikator=self.jemput, sasaran=kegiatan, target=D("12"))
        for indikator, nilai in ((self.ktp, "85"), (self.aduan, "5"), (self.kia, "72"), (self.sakip, "84")):
            RealisasiFactory(indikator=indikator, tahun=2024, periode="TAHUN", nilai=D(nilai))


@pytest.fixture
def kantor():
    return Kantor()


def test_every_pk_in_force_is_measured_head_first_in_cascade_order(kantor):
    hasil = ukur_opd(kantor.opd, 2024)
    urut = [(p.jabatan.nama, p.atasan.jabatan.nama if p.atasan else None) for p in hasil.semua_perjanjian]
    assert urut == [
        ("Kepala Dinas", None),
        ("Sekretaris", "Kepala Dinas"),
        ("Kepala Bidang Pelayanan", "Kepala Dinas"),
        ("Kepala Seksi Identitas", "Kepala Bidang Pelayanan"),
    ]
    kepala, sek, kabid, kasi = hasil.semua_perjanjian
    # The head's entry is the office measurement itself.
    assert kepala.sasaran is hasil.sasaran and kepala.capaian == hasil.capaian_opd
    assert [h.capaian.nilai for h in kabid.semua_indikator] == [D("94.44"), D("90.00")]
    assert kabid.capaian.nilai == D("92.22")
    assert sek.capaian.nilai == D("105.00")
    assert kasi.capaian.nilai is None and kasi.semua_indikator[0].target == D("12")
    rekap = {r.eselon: (r.jumlah, r.capaian.nilai) for r in hasil.rekap_eselon}
    assert rekap == {"II": (1, hasil.capaian_opd.nilai), "III": (2, D("98.61")), "IV": (1, None)}


def test_json_lists_every_pk_and_keeps_the_other_keys(kantor, capsys):
    call_command("pengukuran", opd="dukcapil-uji", tahun=2024, format="json")
    data = json.loads(capsys.readouterr().out)
    sendiri = sebagai_dict(ukur_opd(kantor.opd, 2024))
    assert data == json.loads(json.dumps(sendiri))
    assert list(data) == [
        "opd",
        "nama_opd",
        "tahun",
        "periode",
        "perjanjian_kinerja",
        "capaian",
        "kategori",
        "metodologi",
        "sasaran",
        "perjanjian",
    ]
    ringkas = [{k: v for k, v in p.items() if k != "sasaran"} for p in data["perjanjian"]]
    assert ringkas == [
        {
            "jabatan": "Kepala Dinas",
            "eselon": "II",
            "pejabat": "Drs. Andi Makmur",
            "atasan": "Bupati",
            "perjanjian_kinerja": "PK",
            "capaian": data["capaian"],
            "kategori": data["kategori"],
        },
        {
            "jabatan": "Sekretaris",
            "eselon": "III",
            "pejabat": "Siti Rahma, S.E.",
            "atasan": "Kepala Dinas",
            "perjanjian_kinerja": "PK",
            "capaian": "105.00",
            "kategori": "Sangat Tinggi",
        },
        {
            "jabatan": "Kepala Bidang Pelayanan",
            "eselon": "III",
            "pejabat": "Budi Santoso, S.Sos.",
            "atasan": "Kepala Dinas",
            "perjanjian_kinerja": "PK",
            "capaian": "92.22",
            "kategori": "Sangat Tinggi",
        },
        {
            "jabatan": "Kepala Seksi Identitas",
            "eselon": "IV",
            "pejabat": "Rina Wati, S.Kom.",
            "atasan": "Kepala Bidang Pelayanan",
            "perjanjian_kinerja": "PK",
            "capaian": None,
            "kategori": None,
        },
    ]
    assert data["perjanjian"][0]["sasaran"] == data["sasaran"]
    kabid = data["perjanjian"][2]["sasaran"]
    assert [s["uraian"] for s in kabid] == ["Meningkatnya kualitas layanan adminduk", "Meningkatnya cakupan dokumen"]
    assert kabid[0]["indikator"][0] == data["sasaran"][0]["indikator"][0]  # the shared IKU: same figures
    assert kabid[1]["indikator"][0] == {
        "nama": "Persentase anak ber-KIA",
        "satuan": "%",
        "arah": "naik",
        "target": "80",
        "realisasi": "72",
        "capaian": "90.00",
        "kategori": "Tinggi",
    }


def test_a_pk_perubahan_of_a_child_applies_from_its_date(kantor):
    import datetime

    perubahan = PerjanjianKinerjaFactory(
        jabatan=kantor.kabid,
        versi=1,
        tanggal=datetime.date(2024, 8, 1),
        alasan="Refocusing",
        perjanjian_atasan=kantor.pk_kadis,
    )
    ItemPKFactory(perjanjian=perubahan, indikator=kantor.kia, sasaran=kantor.program, target=D("72"))
    tw2 = ukur_opd(kantor.opd, 2024, "TW2").semua_perjanjian
    tahun = ukur_opd(kantor.opd, 2024).semua_perjanjian
    assert tw2[2].perjanjian == kantor.pk_kabid
    assert tahun[2].perjanjian == perubahan and tahun[2].capaian.nilai == D("100.00")
    assert tahun[3].atasan == perubahan  # the kasi's link names the awal; its superior in force counts


def test_one_realisation_serves_the_head_and_the_kabid(kantor, client):
    # By construction: Realisasi is per indicator, tahun and periode, whatever PK carries it.
    hasil = ukur_opd(kantor.opd, 2024, "TW3")
    kepala, kabid = hasil.semua_perjanjian[0], hasil.semua_perjanjian[2]
    assert kepala.semua_indikator[0].realisasi is None and kabid.semua_indikator[0].realisasi is None

    # Entered once in the grid, where the kabid-only and kasi-only indicators appear as well.
    _, baris = baris_entri(kantor.opd, 2024, "TW3", dengan_form=False)
    assert [b.indikator.nama for b in baris] == [
        "Persentase penduduk ber-KTP-el",
        "Rata-rata waktu layanan",
        "Nilai SAKIP internal",
        "Persentase anak ber-KIA",
        "Jumlah layanan jemput bola",
    ]
    client.force_login(PenggunaFactory(opd=kantor.opd))
    data = {}
    for i, nilai in ((kantor.ktp, "81"), (kantor.jemput, "9")):
        for medan, ketik in (("nilai", nilai), ("pembilang", ""), ("penyebut", ""), ("keterangan", "")):
            data[f"r-{i.id}-{medan}"] = ketik
            data[f"initial-r-{i.id}-{medan}"] = ""
    response = client.post(reverse("realisasi_grid", args=[kantor.opd.kode, 2024, "TW3"]), data)
    assert response.status_code == 302
    assert Realisasi.objects.filter(indikator=kantor.ktp, tahun=2024, periode="TW3").count() == 1

    hasil = ukur_opd(kantor.opd, 2024, "TW3")
    kepala, kabid, kasi = hasil.semua_perjanjian[0], hasil.semua_perjanjian[2], hasil.semua_perjanjian[3]
    ktp_kepala, ktp_kabid = kepala.semua_indikator[0], kabid.semua_indikator[0]
    assert ktp_kepala.realisasi == ktp_kabid.realisasi == D("81")
    assert ktp_kepala.capaian == ktp_kabid.capaian and ktp_kabid.capaian.nilai == D("90.00")
    assert kasi.semua_indikator[0].realisasi == D("9") and kasi.capaian.nilai == D("75.00")


def _kueri(fungsi):
    with CaptureQueriesContext(connection) as ctx:
        fungsi()
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_child_pks():
    def kantor(n, kode):
        opd = OPDFactory(kode=kode)
        kadis = JabatanFactory(opd=opd, eselon="II", nama="Kepala Dinas")
        pk_kadis = PerjanjianKinerjaFactory(jabatan=kadis, pejabat=PejabatFactory(pemda=opd.pemda))
        sasaran = SasaranFactory(renstra=RenstraFactory(opd=opd))
        ItemPKFactory(perjanjian=pk_kadis, indikator__sasaran=sasaran)
        for i in range(n):
            kabid = JabatanFactory(opd=opd, eselon="III", nama=f"Kepala Bidang {i}", induk=kadis, urutan=i + 1)
            pk = PerjanjianKinerjaFactory(
                jabatan=kabid, perjanjian_atasan=pk_kadis, pejabat=PejabatFactory(pemda=opd.pemda)
            )
            for _ in range(2):
                item = ItemPKFactory(perjanjian=pk, indikator__sasaran=sasaran)
                RealisasiFactory(indikator=item.indikator, nilai=D("50"))
        return opd

    satu, lima = kantor(1, "satu-bidang"), kantor(5, "lima-bidang")
    for periode in ("TW2", "TAHUN"):
        jumlah = [
            _kueri(lambda opd=opd: sebagai_dict(ukur_opd(opd, 2024, periode)))  # noqa: B023
            for opd in (satu, lima)
        ]
        assert jumlah[0] == jumlah[1], periode
        assert len(ukur_opd(lima, 2024, periode).semua_perjanjian) == 6
        reviu = [_kueri(lambda opd=opd: periksa_opd(opd, 2024, periode)) for opd in (satu, lima)]  # noqa: B023
        assert reviu[0] == reviu[1], periode


def test_review_checks_the_cascade(kantor):
    # The kabid's KTP-el target is weaker than the head's, its waktu layanan target stricter;
    # the sekretaris names no superior PK and its sasaran hangs under nothing of the head's PK;
    # the kasi's jemput bola has no realisation and a second indicator has no target.
    kantor.item_kabid_ktp.target = D("85")
    kantor.item_kabid_ktp.save()
    ItemPKFactory(perjanjian=kantor.pk_kabid, indikator=kantor.aduan, sasaran=kantor.aduan.sasaran, target=D("4"))
    kantor.pk_sek.perjanjian_atasan = None
    kantor.pk_sek.save()
    kantor.tata_kelola.induk = None
    kantor.tata_kelola.save()
    tanpa_target = IndikatorFactory(sasaran=kantor.jemput.sasaran, nama="Jumlah desa terlayani", satuan="desa")
    ItemPKFactory(perjanjian=kantor.pk_kasi, indikator=tanpa_target, sasaran=tanpa_target.sasaran, target=None)

    kode = {"target_pk_bertentangan", "tanpa_target", "belum_diukur", "pk_tanpa_atasan", "sasaran_tanpa_induk"}
    temuan = [t for t in periksa_opd(kantor.opd, 2024) if t.kode in kode]
    admin = lambda pk: reverse("admin:kinerja_perjanjiankinerja_change", args=[pk.id])  # noqa: E731
    grid = reverse("realisasi_grid", args=["dukcapil-uji", 2024, "TAHUN"])
    assert [(t.kode, t.tingkat, t.pesan, t.tautan, t.objek) for t in temuan] == [
        (
            "target_pk_bertentangan",
            "galat",
            "Target \u201cPersentase penduduk ber-KTP-el\u201d pada PK Kepala Bidang Pelayanan 2024 (85 %) lebih "
            "rendah dari target pada PK Kepala Dinas (90 %): dengan satu realisasi, target PK Kepala Bidang "
            "Pelayanan dapat tercapai sementara target PK Kepala Dinas tidak.",
            admin(kantor.pk_kabid),
            f"jabatan:{kantor.kabid.id}:indikator:{kantor.ktp.id}",
        ),
        (
            "belum_diukur",
            "galat",
            "Indikator \u201cJumlah layanan jemput bola\u201d pada PK Kepala Seksi Identitas 2024 belum memiliki "
            "realisasi untuk Tahun 2024.",
            grid,
            f"indikator:{kantor.jemput.id}",
        ),
        (
            "belum_diukur",
            "galat",
            "Indikator \u201cJumlah desa terlayani\u201d pada PK Kepala Seksi Identitas 2024 belum memiliki "
            "realisasi untuk Tahun 2024.",
            grid,
            f"indikator:{tanpa_target.id}",
        ),
        (
            "pk_tanpa_atasan",
            "peringatan",
            "PK Sekretaris 2024 (eselon III) tidak menyebut PK atasan. Pilih PK Kepala Dinas sebagai PK atasan.",
            admin(kantor.pk_sek),
            f"jabatan:{kantor.sekretaris.id}",
        ),
        (
            "sasaran_tanpa_induk",
            "peringatan",
            "Sasaran \u201cMeningkatnya tata kelola\u201d pada PK Sekretaris 2024 tidak terkait dengan sasaran "
            "atau indikator PK Kepala Dinas: isi induk cascading sasaran ini di Renstra, atau ganti dengan "
            "sasaran yang mendukung PK atasan.",
            reverse("renstra_editor", args=["dukcapil-uji"]),
            f"jabatan:{kantor.sekretaris.id}:sasaran:{kantor.tata_kelola.id}",
        ),
        (
            "target_pk_bertentangan",
            "peringatan",
            "Target \u201cRata-rata waktu layanan\u201d pada PK Kepala Bidang Pelayanan 2024 (4 hari) berbeda "
            "dengan target pada PK Kepala Dinas (5 hari) untuk indikator yang sama.",
            admin(kantor.pk_kabid),
            f"jabatan:{kantor.kabid.id}:indikator:{kantor.aduan.id}",
        ),
        (
            "tanpa_target",
            "peringatan",
            "Indikator \u201cJumlah desa terlayani\u201d pada PK Kepala Seksi Identitas 2024 belum memiliki "
            "target: capaiannya tidak dapat dihitung.",
            admin(kantor.pk_kasi),
            f"jabatan:{kantor.kasi.id}:indikator:{tanpa_target.id}",
        ),
    ]


def test_a_consistent_cascade_has_no_cascade_findings(kantor):
    RealisasiFactory(indikator=kantor.jemput, tahun=2024, periode="TAHUN", nilai=D("12"))
    kode = {"target_pk_bertentangan", "tanpa_target", "belum_diukur", "pk_tanpa_atasan", "sasaran_tanpa_induk"}
    assert [t for t in periksa_opd(kantor.opd, 2024) if t.kode in kode] == []


def test_an_unfinished_period_does_not_call_child_indicators_unmeasured(kantor):
    from reviu.periksa_cascade import periksa_cascade

    hasil = ukur_opd(kantor.opd, 2024, "TW4")
    import datetime

    temuan = periksa_cascade(kantor.opd, 2024, "TW4", hasil, hari_ini=datetime.date(2024, 12, 1))
    assert [t.kode for t in temuan] == []
    temuan = periksa_cascade(kantor.opd, 2024, "TW4", hasil, hari_ini=datetime.date(2025, 1, 1))
    assert {t.kode for t in temuan} == {"belum_diukur"}
