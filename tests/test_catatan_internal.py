"""Internal notes (where a value came from, who decided what) never reach a signed document.

Every model with a free note that is not meant for the report has `catatan_internal` (and the
realisation's `catatan`, which never printed). The demo fixtures keep their provenance there. This
test loads each demo office, collects every internal note (plus the fixture's top-level `sumber`)
and looks for it in every output: the LKjIP print HTML (the PDF is made from it), the DOCX, the
Perjanjian Kinerja document and the budget export. The printed notes (keterangan, alasan, sumber of
a comparison) still print.
"""

import copy
import html
import io
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from docx import Document
from openpyxl import load_workbook

from anggaran.excel import ekspor_realisasi_anggaran
from anggaran.models import ItemAnggaran
from kinerja.models import Realisasi
from laporan.bab import susun_laporan
from laporan.cetak import html_cetak
from laporan.docx import docx_laporan
from laporan.perjanjian import dokumen_opd, html_dokumen
from pertukaran.ekspor import ekspor_data_opd
from pertukaran.muat import impor_data_opd
from pertukaran.workbook import baca_workbook, ekspor_workbook
from sakip.models import OPD
from tests.data_opd_contoh import dokumen
from tests.test_demo import HARAPAN, muat

pytestmark = pytest.mark.django_db

MEDAN = "catatan_internal"
PANJANG_MIN = 15  # shorter strings ("Realisasi 2024") may print for other reasons

# What issue #21 found printed in the demo reports: each is provenance, none may print again.
BOCOR_LAMA = [
    "tidak dikutip dalam LKjIP",
    "nama kabupaten tercetak",
    "capaian dicetak",
    "Tabel 1f mencetak realisasi anggaran",
    "Lampiran 4 (PK Perubahan) mencetak",
    "Disdukcapil Kota Probolinggo, Tabel 1d",
    "Tabel 6 memasangkan program",
]
# What still prints, per office: the printed part of a note that had provenance mixed in.
TERCETAK = {
    "disdukcapil-dumai": ["dengan alasan: Perubahan Anggaran (APBD-P) 2023."],
    "disdukcapil-luwu-timur": ["Peraturan Bupati Balangan Nomor 48 Tahun 2021", "Nilai SAKIP diterima 2024 (N-1)"],
    "disdukcapil-musi-banyuasin": ["Sumber: Permendagri Nomor 19 Tahun 2018"],
    "disdukcapil-probolinggo": ["(Refocusing)", "Misi 1"],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def rata(teks):
    return re.sub(r"\s+", " ", teks).strip()


def teks_html(isi):
    return rata(html.unescape(re.sub(r"<[^>]+>", " ", isi)))


def catatan_internal():
    """Every internal note stored, of every model that has one."""
    hasil = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        nama = {f.name for f in model._meta.get_fields()}
        if MEDAN in nama:
            hasil += model.objects.exclude(**{MEDAN: ""}).values_list(MEDAN, flat=True)
    hasil += Realisasi.objects.exclude(catatan="").values_list("catatan", flat=True)
    return hasil


def potongan(catatan):
    """The note and its sentences: a note printed in part is caught too."""
    hasil = {rata(catatan)}
    hasil.update(rata(s) for s in re.split(r"(?<=[.;])\s+", catatan))
    return {s for s in hasil if len(s) > PANJANG_MIN}


def keluaran(opd, tahun, periode):
    """The text of every document printed for the office: name -> text."""
    data = susun_laporan(opd, tahun, periode)
    doc = Document(io.BytesIO(docx_laporan(data)))
    isi_docx = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for b in t.rows for c in b.cells]
    for s in doc.sections:
        isi_docx += [p.text for p in s.header.paragraphs + s.footer.paragraphs]
    wb = load_workbook(io.BytesIO(ekspor_realisasi_anggaran(opd, tahun)))
    isi_xlsx = [str(c.value) for ws in wb for b in ws.iter_rows() for c in b if c.value is not None]
    return {
        "LKjIP (HTML/PDF)": teks_html(html_cetak(data)),
        "LKjIP (DOCX)": rata(" \n ".join(isi_docx)),
        "dokumen PK": teks_html(html_dokumen(dokumen_opd(opd, tahun))),
        "ekspor anggaran": rata(" \n ".join(isi_xlsx)),
    }


def bocor(teks, catatan):
    return sorted({(nama, s) for nama, t in teks.items() for c in catatan for s in potongan(c) if s in t})


@pytest.mark.parametrize("kode", list(HARAPAN))
def test_no_internal_note_of_a_demo_office_appears_in_any_printed_document(kode):
    muat(kode)
    tahun, periode = HARAPAN[kode]["tahun"], HARAPAN[kode]["periode"]
    catatan = catatan_internal()
    sumber = json.loads((Path("fixtures/demo") / f"{kode}.json").read_text(encoding="utf-8"))["sumber"]
    assert len(catatan) >= 3, "the demo keeps its provenance in the internal fields"
    teks = keluaran(OPD.objects.select_related("pemda").get(kode=kode), tahun, periode)

    assert bocor(teks, [*catatan, sumber]) == []
    assert [(nama, b) for nama, t in teks.items() for b in BOCOR_LAMA if b in t] == []
    assert [c for c in TERCETAK[kode] if c not in teks["LKjIP (HTML/PDF)"]] == []


def _dokumen_dengan_catatan():
    d = copy.deepcopy(dokumen())
    d["rpjmd"][MEDAN] = "Catatan RPJMD: misi diambil dari dokumen lain."
    d["renstra"]["dasar_hukum"] = "Peraturan Wali Kota Uji Nomor 7 Tahun 2020"
    d["renstra"][MEDAN] = "Catatan Renstra: nomor perwali dari bagian hukum."
    ind = d["renstra"]["sasaran"][0]["indikator"][0]
    ind["pembanding"][0]["sumber"] = "Kemendagri, Profil Perkembangan Kependudukan"
    ind["pembanding"][0][MEDAN] = "Catatan pembanding: angka nasional dari situs resmi."
    for a in d["anggaran"]:
        if a.get("catatan") == "Refocusing":
            a[MEDAN] = "Catatan anggaran: refocusing diputuskan rapat tanggal 3."
    return d


def test_printed_notes_print_and_internal_notes_of_the_same_objects_do_not():
    d = _dokumen_dengan_catatan()
    assert impor_data_opd(d).berhasil
    opd = OPD.objects.select_related("pemda").get(kode="dinas-uji")
    teks = keluaran(opd, 2024, "TAHUN")

    lkjip = teks["LKjIP (HTML/PDF)"]
    assert "Peraturan Wali Kota Uji Nomor 7 Tahun 2020" in lkjip
    assert "Kemendagri, Profil Perkembangan Kependudukan" in lkjip
    assert "(Refocusing)" in lkjip and "Refocusing" in teks["ekspor anggaran"]
    assert "Peraturan Wali Kota Uji Nomor 7 Tahun 2020" in teks["LKjIP (DOCX)"]
    assert bocor(teks, catatan_internal()) == []
    assert len(catatan_internal()) == 4


def test_the_exchange_format_carries_the_internal_note_and_an_older_file_keeps_it():
    d = _dokumen_dengan_catatan()
    assert impor_data_opd(d).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    keluar = ekspor_data_opd(opd)
    assert keluar["renstra"][MEDAN] == "Catatan Renstra: nomor perwali dari bagian hukum."
    assert keluar["rpjmd"][MEDAN] == "Catatan RPJMD: misi diambil dari dokumen lain."
    assert [a[MEDAN] for a in keluar["anggaran"] if a[MEDAN]] == [
        "Catatan anggaran: refocusing diputuskan rapat tanggal 3."
    ]
    assert any(p[MEDAN] for i in keluar["renstra"]["sasaran"][0]["indikator"] for p in i["pembanding"])

    # A file of before the field: imports, and leaves the stored notes as they are.
    def tanpa(o):
        if isinstance(o, dict):
            return {k: tanpa(v) for k, v in o.items() if k != MEDAN}
        return [tanpa(v) for v in o] if isinstance(o, list) else o

    lama = tanpa(keluar)
    assert impor_data_opd(lama).berhasil
    assert ItemAnggaran.objects.filter(opd=opd).exclude(**{MEDAN: ""}).count() == 1
    assert OPD.objects.get(kode="dinas-uji").renstra_set.get().catatan_internal.startswith("Catatan Renstra")


def test_the_workbook_carries_the_internal_notes():
    assert impor_data_opd(_dokumen_dengan_catatan()).berhasil
    opd = OPD.objects.get(kode="dinas-uji")
    data, _lokasi, galat = baca_workbook(io.BytesIO(ekspor_workbook(opd, 2024)), opd)
    assert galat == []
    assert data["renstra"][MEDAN] == "Catatan Renstra: nomor perwali dari bagian hukum."
    assert data["rpjmd"][MEDAN] == "Catatan RPJMD: misi diambil dari dokumen lain."
    assert [a[MEDAN] for a in data["anggaran"] if a.get(MEDAN)] == [
        "Catatan anggaran: refocusing diputuskan rapat tanggal 3."
    ]
    pembanding = [p for s in data["renstra"]["sasaran"] for i in s["indikator"] for p in i["pembanding"]]
    assert [p[MEDAN] for p in pembanding] == ["Catatan pembanding: angka nasional dari situs resmi."]
    assert impor_data_opd(data).berhasil
