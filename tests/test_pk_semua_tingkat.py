"""Entry for every level (issue #17 item 1): the PK editor and rencana aksi of any jabatan's PK,
drafted under the superior's PK from the cascade sasaran the jabatan owns; the office's operator
enters, the holder or a superior sets; the period workflow waits for every level's PK."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from kinerja.alur import GalatAlur, jalankan_transisi
from kinerja.layanan import GalatPK, tetapkan_pk
from kinerja.models import ItemPK, PerjanjianKinerja, RencanaAksi
from pertukaran.ekspor import ekspor_data_opd
from pertukaran.muat import impor_data_opd
from tests.factories import (
    IndikatorFactory,
    JabatanFactory,
    OPDFactory,
    PenggunaFactory,
    PenugasanFactory,
    RenstraFactory,
    SasaranFactory,
    TargetIndikatorFactory,
    TujuanFactory,
)
from tests.formulir import isi_formulir
from tests.potret import beda, potret

pytestmark = pytest.mark.django_db


class Kantor:
    """Kepala Dinas (II) → Kepala Bidang Pelayanan and Sekretaris (III) → Kepala Seksi Identitas
    (IV) under the kabid; the cascade sasaran owned by each, with Renstra targets for 2024."""

    def __init__(self):
        self.opd = opd = OPDFactory(nama="Dinas Uji Cascade", kode="dinas-cascade")
        self.kadis = JabatanFactory(opd=opd, eselon="II", nama="Kepala Dinas", urutan=0)
        self.kabid = JabatanFactory(opd=opd, eselon="III", nama="Kepala Bidang Pelayanan", induk=self.kadis, urutan=1)
        self.sekretaris = JabatanFactory(opd=opd, eselon="III", nama="Sekretaris", induk=self.kadis, urutan=2)
        self.kasi = JabatanFactory(opd=opd, eselon="IV", nama="Kepala Seksi Identitas", induk=self.kabid, urutan=3)
        self.pemegang = {
            j: PenugasanFactory(jabatan=j, mulai=datetime.date(2023, 1, 1)).pejabat
            for j in (self.kadis, self.kabid, self.sekretaris, self.kasi)
        }
        renstra = RenstraFactory(opd=opd)
        tujuan = TujuanFactory(renstra=renstra, kode="T1")
        strategis = SasaranFactory(renstra=renstra, tujuan=tujuan, kode="S1", uraian="Meningkatnya kualitas layanan")
        program = SasaranFactory(
            renstra=renstra,
            tujuan=None,
            tingkat="program",
            induk=strategis,
            pemilik=self.kabid,
            kode="S1.1",
            uraian="Program",
        )
        kegiatan = SasaranFactory(
            renstra=renstra,
            tujuan=None,
            tingkat="kegiatan",
            induk=program,
            pemilik=self.kasi,
            kode="S1.1.1",
            uraian="Kegiatan",
        )
        tata_kelola = SasaranFactory(
            renstra=renstra,
            tujuan=None,
            tingkat="program",
            induk=strategis,
            pemilik=self.sekretaris,
            kode="S1.2",
            uraian="Tata",
        )
        self.iku = IndikatorFactory(sasaran=strategis, nama="Indeks kepuasan", kode="IKU-1")
        self.cakupan = IndikatorFactory(sasaran=program, nama="Cakupan KIA", iku=False, kode="P-1")
        self.jemput = IndikatorFactory(
            sasaran=kegiatan, nama="Layanan jemput bola", satuan="kali", iku=False, kode="K-1"
        )
        self.sakip = IndikatorFactory(sasaran=tata_kelola, nama="Nilai SAKIP", satuan="nilai", iku=False, kode="P-2")
        for ind, nilai in ((self.iku, "80"), (self.cakupan, "75"), (self.jemput, "12"), (self.sakip, "70")):
            TargetIndikatorFactory(indikator=ind, tahun=2024, nilai=D(nilai))
        self.operator = PenggunaFactory(opd=opd)
        self.pimpinan = PenggunaFactory(opd=opd, pimpinan=True, pejabat=self.pemegang[self.kadis])

    def akun_pimpinan(self, jabatan):
        """A pimpinan account naming the holder of `jabatan`."""
        return PenggunaFactory(opd=self.opd, pimpinan=True, pejabat=self.pemegang[jabatan])


def url_pk(k, jabatan=None, **q):
    url = reverse("pk_editor", args=[k.opd.kode, 2024])
    params = {**({"jabatan": jabatan.pk} if jabatan else {}), **q}
    return url + ("?" + "&".join(f"{a}={b}" for a, b in params.items()) if params else "")


def buat(client, k, jabatan):
    return client.post(
        reverse("pk_aksi", args=[k.opd.kode, 2024]),
        {"aksi": "buat", "jabatan": jabatan.pk, "tanggal": "2024-01-10"},
        follow=True,
    )


@pytest.fixture
def k():
    return Kantor()


def test_the_operator_drafts_every_level_under_its_superior(client, k):
    client.force_login(k.operator)
    # The kabid's PK cannot come before the head's: it is drafted from it.
    r = buat(client, k, k.kabid)
    assert "Buat dulu PK 2024 atasan Kepala Bidang Pelayanan (Kepala Dinas)" in r.text
    assert not PerjanjianKinerja.objects.exists()

    buat(client, k, k.kadis)
    r = buat(client, k, k.kabid)
    assert "Draf PK 2024 dibuat dari target Renstra: 1 indikator." in r.text
    buat(client, k, k.kasi)
    pk_kadis, pk_kabid, pk_kasi = (PerjanjianKinerja.objects.get(jabatan=j) for j in (k.kadis, k.kabid, k.kasi))
    assert pk_kabid.perjanjian_atasan == pk_kadis and pk_kasi.perjanjian_atasan == pk_kabid
    assert pk_kasi.pejabat == k.pemegang[k.kasi] and pk_kasi.status == "draft"
    assert [(i.indikator, i.target) for i in pk_kabid.item_set.all()] == [(k.cakupan, D("75"))]
    assert [(i.indikator, i.target) for i in pk_kasi.item_set.all()] == [(k.jemput, D("12"))]

    # The page of the kasi's PK: its own title, its superior, its targets editable.
    html = client.get(url_pk(k, k.kasi)).text
    assert "Perjanjian Kinerja 2024 · Kepala Seksi Identitas" in html
    assert "di bawah PK Kepala Bidang Pelayanan" in html
    assert "Layanan jemput bola" in html and "Indeks kepuasan" not in html
    # The chooser lists every level with its PK's state.
    assert "Kepala Seksi Identitas (PK, draf)" in html and "Sekretaris (belum ada PK)" in html

    item = pk_kasi.item_set.get()
    data = isi_formulir(html, "pk-target")
    data[f"t-{item.pk}-target"] = "14"
    r = client.post(url_pk(k, k.kasi), data, follow=True)
    assert "Tersimpan: 1 target diubah." in r.text
    assert r.redirect_chain[-1][0] == url_pk(k, k.kasi, versi=0)
    item.refresh_from_db()
    assert item.target == D("14")
    assert ItemPK.objects.get(perjanjian=pk_kabid).target == D("75")  # the other levels untouched


def test_rencana_aksi_of_a_lower_level(client, k):
    client.force_login(k.operator)
    buat(client, k, k.kadis)
    buat(client, k, k.kabid)
    item = ItemPK.objects.get(perjanjian__jabatan=k.kabid)
    url = reverse("rencana_aksi", args=[k.opd.kode, 2024]) + f"?jabatan={k.kabid.pk}"
    html = client.get(url).text
    assert "Rencana aksi 2024 · Kepala Bidang Pelayanan" in html and "Cakupan KIA" in html
    data = isi_formulir(html, "rencana-aksi")
    data.update({f"ra-{item.pk}-3-target": "60", f"ra-{item.pk}-3-aksi": "Sosialisasi KIA"})
    r = client.post(url, data, follow=True)
    assert "Rencana aksi tersimpan: 1 triwulan diubah." in r.text, r.text[-3000:]
    ra = RencanaAksi.objects.get(item=item, triwulan=3)
    assert (ra.target, ra.rencana_aksi) == (D("60"), "Sosialisasi KIA")
    assert not RencanaAksi.objects.filter(item__perjanjian__jabatan=k.kadis).exists()


def test_the_holder_or_a_superior_sets_a_pk_nobody_else(client, k):
    client.force_login(k.operator)
    for j in (k.kadis, k.kabid, k.kasi, k.sekretaris):
        buat(client, k, j)
    pk = {j: PerjanjianKinerja.objects.get(jabatan=j) for j in (k.kadis, k.kabid, k.kasi, k.sekretaris)}

    # The kabid's account sets the kasi's PK (its subordinate) and its own ...
    kabid = k.akun_pimpinan(k.kabid)
    tetapkan_pk(pk[k.kasi], kabid)
    client.force_login(kabid)
    r = client.post(
        reverse("pk_aksi", args=[k.opd.kode, 2024]),
        {"aksi": "tetapkan", "versi": 0, "jabatan": k.kabid.pk},
        follow=True,
    )
    assert "PK 2024 ditetapkan (Kepala Bidang Pelayanan)." in r.text
    # ... but neither the head's nor the sekretaris's (a peer): a clear message, nothing set.
    for j in (k.kadis, k.sekretaris):
        with pytest.raises(GalatPK, match="hanya dapat ditetapkan oleh pemegang jabatan itu atau atasannya"):
            tetapkan_pk(pk[j], kabid)
    assert 'value="tetapkan"' not in client.get(url_pk(k, k.sekretaris)).text
    r = client.post(
        reverse("pk_aksi", args=[k.opd.kode, 2024]),
        {"aksi": "tetapkan", "versi": 0, "jabatan": k.sekretaris.pk},
        follow=True,
    )
    assert "hanya dapat ditetapkan oleh pemegang jabatan itu atau atasannya" in r.text
    # The operator never sets; the head's account sets every level.
    with pytest.raises(GalatPK, match="Hanya pimpinan OPD"):
        tetapkan_pk(pk[k.sekretaris], k.operator)
    tetapkan_pk(pk[k.sekretaris], k.pimpinan)
    tetapkan_pk(pk[k.kadis], k.pimpinan)
    status = dict(PerjanjianKinerja.objects.values_list("jabatan__nama", "status"))
    assert set(status.values()) == {"ditetapkan"}


def test_the_import_door_keeps_the_same_rule(k):
    from kinerja.layanan import buat_pk_dari_renstra

    tanggal = datetime.date(2024, 1, 10)
    head = buat_pk_dari_renstra(k.kadis, 2024, tanggal=tanggal)
    buat_pk_dari_renstra(k.kabid, 2024, tanggal=tanggal)
    data = ekspor_data_opd(k.opd)
    for pk in data["perjanjian_kinerja"]:
        pk["status"] = "ditetapkan"
    kabid = k.akun_pimpinan(k.kabid)
    sebelum = potret()
    hasil = impor_data_opd(data, user=kabid)
    # The head's PK (first) is refused at its place; the kabid's own would pass.
    assert [(t, p[:60]) for t, p in hasil.galat] == [
        ("perjanjian_kinerja[0].status", "PK Kepala Dinas hanya dapat ditetapkan oleh pemegang jabatan")
    ]
    assert not beda(sebelum, potret())
    # Only its own PK set: accepted.
    for pk in data["perjanjian_kinerja"]:
        pk["status"] = "ditetapkan" if pk["jabatan"] == "Kepala Bidang Pelayanan" else "draft"
    hasil = impor_data_opd(data, user=kabid)
    assert hasil.berhasil, hasil.galat
    assert PerjanjianKinerja.objects.get(jabatan=k.kabid).status == "ditetapkan"
    head.refresh_from_db()
    assert head.status == "draft"


def test_a_period_waits_for_every_levels_pk(k):
    from kinerja.layanan import buat_pk_dari_renstra

    tanggal = datetime.date(2024, 1, 10)
    tetapkan_pk(buat_pk_dari_renstra(k.kadis, 2024, tanggal=tanggal), None)
    buat_pk_dari_renstra(k.kabid, 2024, tanggal=tanggal)
    with pytest.raises(GalatAlur, match="PK 2024 masih draf: PK Kepala Bidang Pelayanan"):
        jalankan_transisi(k.operator, k.opd, 2024, "TW1", "ajukan")
    tetapkan_pk(PerjanjianKinerja.objects.get(jabatan=k.kabid), None)
    assert jalankan_transisi(k.operator, k.opd, 2024, "TW1", "ajukan", yakin=True).status == "diajukan"


def test_nobody_reaches_another_offices_jabatan(client, k):
    lain = JabatanFactory(opd=OPDFactory(pemda=k.opd.pemda), eselon="III", nama="Kabid kantor lain")
    client.force_login(k.operator)
    assert client.get(url_pk(k, lain)).status_code == 404
    assert client.get(reverse("rencana_aksi", args=[k.opd.kode, 2024]) + f"?jabatan={lain.pk}").status_code == 404
    assert client.get(url_pk(k) + "?jabatan=abc").status_code == 404
    sebelum = potret()
    r = client.post(reverse("pk_aksi", args=[k.opd.kode, 2024]), {"aksi": "buat", "jabatan": lain.pk})
    assert r.status_code == 404
    assert not beda(sebelum, potret())


def test_the_pk_page_costs_the_same_whatever_the_number_of_positions(client, k, django_assert_max_num_queries):
    client.force_login(k.operator)
    buat(client, k, k.kadis)
    for n in range(30):
        JabatanFactory(opd=k.opd, eselon="IV", nama=f"Kepala Seksi {n}", induk=k.sekretaris, urutan=10 + n)
    with django_assert_max_num_queries(22):
        html = client.get(url_pk(k)).text
    assert html.count("<option") == 34
