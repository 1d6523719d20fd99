"""Narratives are plain text: stored as typed, never read as HTML (issue #15).

The editor is a textarea; paragraphs are blank lines (`linebreaks`). Markup typed into it is
text: it is saved unchanged (no sanitiser rewrites it, so a narrative saved unchanged stays
identical) and printed escaped on the page, in the editor and in the print HTML."""

import pytest
from django.urls import reverse

from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.models import Narasi
from pertukaran.muat import impor_data_opd
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.factories import PenggunaFactory
from tests.formulir import isi_formulir

pytestmark = pytest.mark.django_db

TEKS = 'Capaian a < b & c > d.\n\n<strong onclick="alert(1)">tebal?</strong> <img src=x onerror=alert(1)>'


def test_markup_in_a_narrative_is_stored_as_typed_and_shown_as_text(client):
    assert impor_data_opd(dokumen()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    client.force_login(PenggunaFactory(opd=opd))
    url = reverse("laporan_narasi", args=[opd.kode, 2024, "tahunan", "latar_belakang"])
    data = isi_formulir(client.get(url).text, "form-narasi")
    data["isi"] = TEKS
    assert client.post(url, data).status_code == 302
    assert Narasi.objects.get(bagian="latar_belakang").isi == TEKS

    halaman = [client.get(url).text, client.get(reverse("laporan", args=[opd.kode, 2024, "tahunan"])).text]
    halaman.append(html_cetak(susun_laporan(opd, 2024, "TAHUN")))
    for html in halaman:
        assert "a &lt; b &amp; c &gt; d." in html
        assert "&lt;strong onclick=&quot;alert(1)&quot;&gt;" in html
        assert "<strong onclick" not in html and "<img src=x" not in html
