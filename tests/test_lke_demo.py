"""The demo offices' LKE (issue #19, done-when): the LKE opens with the criteria answered from the
data proposed, each with its reason and evidence; Dumai's LKjIP 2023 reports its recommendations."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from laporan.bab import susun_laporan
from laporan.data import ke_json
from lke.entri import susun_layar
from sakip.models import OPD, Pengguna
from tests.rute import DEMO

pytestmark = pytest.mark.django_db

# What the data of each demo office proposes (criterion: answer), by hand from the fixtures.
HARAP = {
    "disdukcapil-luwu-timur": {
        "1.a.1": "Y",  # Renstra 2021-2026
        "1.a.4": "Y",  # PK 2024 set on 2 January 2024
        "1.a.5": "A",  # 5 of 5 indicators of the sasaran strategis in the PK
        "1.a.6": "T",  # no quarterly targets for every PK indicator
        "1.b.12": "B",  # 13 of 16 eselon III/IV positions with a PK under their superior's: 81,25 %
        "2.b.3": "E",  # no realisation has evidence
        "2.b.4": "T",  # quarters TW4 missing (the report is TW III)
        "3.a.1": "T",  # no LKjIP PDF made in the application yet
    },
    "disdukcapil-probolinggo": {"1.a.4": "Y", "1.b.12": "B", "2.b.4": "Y", "3.b.3": "A"},
    "disdukcapil-musi-banyuasin": {"1.a.4": "Y", "3.b.6": "E"},
    "disdukcapil-dumai": {"1.a.4": "Y", "1.b.12": "E", "3.b.5": "A"},
}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("muat_demo", stdout=StringIO())


def test_every_demo_office_opens_its_lke_with_the_data_answered_criteria_proposed(client, demo):
    for kode, (pendek, tahun, _periode) in DEMO.items():
        opd = OPD.objects.get(kode=kode)
        operator = Pengguna.objects.get(username=f"operator.{pendek}")
        client.force_login(operator)
        r = client.get(reverse("lke", args=[kode, tahun]))
        assert r.status_code == 200 and r.text.count('<article class="lke-kriteria') == 76
        layar = susun_layar(operator, opd, tahun)
        usulan = {b.kriteria.kode: b.usulan_otomatis for b in layar.baris.values() if b.usulan_otomatis}
        dijawab = {k: u for k, u in usulan.items() if u.pilihan is not None}
        assert len(dijawab) >= 10, kode
        assert all(u.alasan and u.bukti for u in dijawab.values()), kode
        assert {k: dijawab[k].pilihan.kode for k in HARAP[kode]} == HARAP[kode], kode
        assert "Usulan dari data:" in r.text and dijawab["1.a.4"].bukti[0].url in r.text
    # Luwu Timur's reason for the cascade, as the page words it
    lt = susun_layar(
        Pengguna.objects.get(username="operator.luwutimur"), OPD.objects.get(kode="disdukcapil-luwu-timur"), 2024
    )
    usulan_lt = next(b.usulan_otomatis for b in lt.baris.values() if b.kriteria.kode == "1.b.12")
    assert usulan_lt.alasan.startswith("13 dari 16 jabatan eselon III/IV") and "81,25 %" in usulan_lt.alasan


def test_dumai_lkjip_2023_reports_the_follow_up_and_others_are_unchanged(demo):
    dumai = susun_laporan(OPD.objects.get(kode="disdukcapil-dumai"), 2023, "TAHUN")
    tl = dumai.bab[0].tindak_lanjut
    assert [b.rekomendasi for b in tl.butir][:2] == [
        "Agar setiap pegawai menetapkan Rencana Aksi",
        "Melakukan publikasi pada website OPD",
    ]
    # 1.2 is Dasar Hukum (fixtures/demo/disdukcapil-dumai-profil.json), 1.4 Sumber Daya with Tabel 1.1
    assert (tl.bagian.nomor, tl.tabel.nomor, tl.surat[0].nomor) == ("1.6", "1.2", "700/1317.1/INSP-S")
    assert dumai.bab[0].sistematika.bagian.nomor == "1.7"
    assert "tindak_lanjut" in ke_json(dumai)["bab"][0]
    lain = susun_laporan(OPD.objects.get(kode="disdukcapil-probolinggo"), 2024, "TAHUN")
    assert lain.bab[0].tindak_lanjut is None and "tindak_lanjut" not in ke_json(lain)["bab"][0]
    assert lain.bab[0].sistematika.bagian.nomor == "1.6"  # after Dasar Hukum and Sumber Daya
