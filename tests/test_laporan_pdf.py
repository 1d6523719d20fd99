"""The PDF of demo offices: figures, numbered tables and figures, a table of contents whose page
numbers point at the right pages, running headers, and signature blocks."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from laporan.bab import susun_laporan
from laporan.cetak import pdf_laporan
from laporan.models import PengaturanLaporan, TataLetak
from sakip.models import OPD
from tests.persetujuan import setujui
from tests.test_demo import HARAPAN, muat

pytestmark = pytest.mark.django_db


def halaman_pdf(isi, tmp_path):
    """Text of each page (pdftotext -layout, as a reviewer would copy it)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) tidak terpasang")
    berkas = tmp_path / "laporan.pdf"
    berkas.write_bytes(isi)
    teks = subprocess.run(["pdftotext", "-layout", str(berkas), "-"], capture_output=True, check=True, text=True)
    return teks.stdout.split("\f")[:-1]


def render(kode, tmp_path, disetujui_pada=None):
    """The report's PDF as text per page; approved by the pimpinan on `disetujui_pada` when given."""
    muat(kode)
    h = HARAPAN[kode]
    opd = OPD.objects.get(kode=kode)
    if disetujui_pada:
        setujui(opd, h["tahun"], h["periode"], pada=disetujui_pada)
    data = susun_laporan(opd, h["tahun"], h["periode"])
    isi, jumlah = pdf_laporan(data)
    halaman = halaman_pdf(isi, tmp_path)
    assert len(halaman) == jumlah
    return data, halaman


def test_luwu_timur_quarterly_pdf(tmp_path):
    data, halaman = render("disdukcapil-luwu-timur", tmp_path, datetime.date(2024, 10, 1))
    semua = "\n".join(halaman)
    assert len(halaman) >= 20
    for teks in ("KATA PENGANTAR", "IKHTISAR EKSEKUTIF", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR", "LAMPIRAN"):
        assert teks in semua
    for angka in ("97,31", "71,73", "93,33", "100,75", "104,19", "87,46", "93,46", "7.042.932.613", "63,10"):
        assert angka in semua, angka
    assert "NIP. 19651025 199610 1 001" in semua and "Malili, 1 Oktober 2024" in semua
    # Running header and page numbers: body pages from 1, front matter in roman numerals.
    isi = [h for h in halaman if "Laporan Kinerja TW III 2024 · Disdukcapil Luwu Timur" in h]
    assert len(isi) == len(halaman) - 1  # all but the cover
    assert [h.split()[-1] for h in halaman[1:4]] == ["i", "ii", "iii"]
    assert halaman[0].split()[-1] != "i"  # the cover has no number
    # The table of contents points at the page where the section starts.
    daftar_isi = next(h for h in halaman if "DAFTAR ISI" in h and "BAB I" in h)
    for nomor, judul in (("3.2.1", "Sasaran 1"), ("3.3", "Akuntabilitas Keuangan"), ("4.1", "Kesimpulan")):
        baris = daftar_isi.splitlines()
        n = next(n for n, b in enumerate(baris) if b.strip().startswith(nomor + " "))
        while not re.search(r"\d\s*$", baris[n]):  # a long title wraps; the number ends its last line
            n += 1
        hal = int(baris[n].split()[-1])
        awal_isi = next(i for i, h in enumerate(halaman) if "BAB I" in h and "PENDAHULUAN" in h)
        assert f"{nomor} {judul}" in halaman[awal_isi + hal - 1], (nomor, hal)
    # Numbered tables and figures, and the budget table's header repeated on the pages it runs over.
    for t in data.daftar_tabel + data.daftar_gambar:
        assert f"{t.nomor} " in semua
    assert sum("Program / kegiatan / sub kegiatan" in h for h in halaman) >= 4


def test_probolinggo_pdf_with_the_1a_1i_table_set(tmp_path):
    muat("disdukcapil-probolinggo")
    PengaturanLaporan.objects.create(
        pemda=OPD.objects.get(kode="disdukcapil-probolinggo").pemda, tata_letak=TataLetak.TABEL_SASARAN
    )
    data, halaman = render("disdukcapil-probolinggo", tmp_path, datetime.date(2025, 1, 2))
    semua = re.sub(r"[ \t]+", " ", "\n".join(halaman))
    for nomor in ("1a", "1b", "1c", "1d", "1e", "1f", "1g", "1h", "1i", "2a", "2h"):
        assert f"Tabel {nomor} " in semua, nomor
    assert "Tabel 2i " not in semua
    for angka in ("99,30", "99,03", "99,17", "-0,07", "5.629.936.406", "92,67"):
        assert angka in semua, angka
    assert "Pembina Utama Muda (IV/c)" in semua and "NIP. 19780927 199802 1 001" in semua
    assert "LKjIP 2024 · Dispendukcapil Probolinggo" in semua


def test_pdf_from_cached_pieces_renders_only_what_changed(tmp_path, settings):
    """The PDF is assembled from pieces: an unchanged piece comes from the cache, a changed
    narrative renders its sasaran's piece only (the body page numbers are laid over the lists)."""
    from laporan.cetak import sidik, versi_cetak
    from laporan.models import Bagian, Laporan, Narasi
    from laporan.pdf import pdf_bertahap

    kode = "disdukcapil-luwu-timur"
    muat(kode)
    h = HARAPAN[kode]
    opd = OPD.objects.get(kode=kode)
    data = susun_laporan(opd, h["tahun"], h["periode"])
    pertama, jumlah, st1 = pdf_bertahap(data, sidik(data), versi_cetak(), proses=2)
    potongan = st1["potongan"]
    assert st1["dirender"] == potongan == len(data.sasaran) + 7  # front, I, II, III head, keuangan, IV, lampiran
    assert len(list(settings.SAKIP_CACHE_CETAK.glob("*.pdf"))) == potongan

    # The same data again: nothing is rendered, the pages read the same.
    kedua, jumlah2, st2 = pdf_bertahap(data, sidik(data), versi_cetak(), proses=2)
    assert st2["dirender"] == 0 and jumlah2 == jumlah
    assert halaman_pdf(kedua, tmp_path) == halaman_pdf(pertama, tmp_path)

    # One indicator's causes of the first sasaran grow by pages: its piece renders again, nothing
    # else, though every later page and the contents' numbers move.
    sasaran = data.sasaran[0]
    laporan, _ = Laporan.objects.get_or_create(opd=opd, tahun=h["tahun"], periode=h["periode"])
    Narasi.objects.update_or_create(
        laporan=laporan,
        bagian=Bagian.PENYEBAB,
        indikator_id=sasaran.indikator[0].id,
        defaults={"isi": ("Penyebab baru yang ditulis ulang oleh operator. " + "Uraian sebab. " * 60 + "\n\n") * 5},
    )
    baru = susun_laporan(opd, h["tahun"], h["periode"])
    isi, jumlah3, st3 = pdf_bertahap(baru, sidik(baru), versi_cetak(), proses=1)
    assert st3["dirender"] == 1 and jumlah3 > jumlah
    teks = halaman_pdf(isi, tmp_path)
    assert any("Penyebab baru yang ditulis ulang oleh operator." in t for t in teks)
    # The new data version is on the last page only and in the PDF's properties; the
    # rendered-alone PDF reads the same.
    versi = f"Versi data {sidik(baru)[:12]}"
    assert [versi in t for t in teks] == [False] * (len(teks) - 1) + [True]
    meta = PdfReader(io.BytesIO(isi)).metadata
    assert (meta["/SakipVersiData"], meta["/Subject"]) == (sidik(baru), versi)
    settings.SAKIP_CACHE_CETAK = tmp_path / "cache-kosong"
    sendiri, _, st4 = pdf_bertahap(baru, sidik(baru), versi_cetak(), proses=1)
    assert st4["dirender"] == potongan
    assert halaman_pdf(sendiri, tmp_path) == teks


def test_pdf_outline_and_contents_links_point_at_their_pages(tmp_path):
    """Bookmarks nest chapter > section > sasaran across pieces; the table of contents links
    to the page its number names."""
    data, halaman = render("disdukcapil-luwu-timur", tmp_path)
    pdf = PdfReader(io.BytesIO((tmp_path / "laporan.pdf").read_bytes()))
    awal_isi = next(i for i, h in enumerate(halaman) if "BAB I" in h and "PENDAHULUAN" in h)

    def datar(daftar, tingkat=0):
        for x in daftar:
            if isinstance(x, list):
                yield from datar(x, tingkat + 1)
            else:
                yield tingkat, x.title, pdf.get_destination_page_number(x)

    outline = list(datar(pdf.outline))
    judul = {t: (lv, hal) for lv, t, hal in outline}
    bab3 = next(t for t in judul if t.startswith("BAB III"))
    assert judul[bab3][0] == 0
    sasaran = [t for t in judul if t.startswith("3.2.1 ")]
    assert sasaran and judul[sasaran[0]][0] == 2  # under BAB III > 3.2, though in another piece
    assert "3.2.1 Sasaran 1" in halaman[judul[sasaran[0]][1]]
    # The contents' links into the body land on the page whose number they print.
    daftar_isi = next(i for i, h in enumerate(halaman) if "DAFTAR ISI" in h and "BAB I" in h)
    tujuan = {
        pdf.get_page_number(a.get_object()["/Dest"][0].get_object())
        for a in pdf.pages[daftar_isi].get("/Annots", [])
        if not isinstance(a.get_object()["/Dest"], str)
    }
    e = next(e for e in data.daftar_isi if e.nomor == "4.1")
    baris = next(b for b in halaman[daftar_isi].splitlines() if b.strip().startswith("4.1 "))
    assert awal_isi + int(baris.split()[-1]) - 1 in tujuan, e


def test_piece_cache_forgets_pieces_unused_for_days(tmp_path, settings):
    import os
    import time

    from laporan.pdf import bersihkan_cache

    folder = settings.SAKIP_CACHE_CETAK
    folder.mkdir(parents=True)
    for nama, umur in (("lama", 40), ("baru", 1)):
        for akhiran in (".pdf", ".json"):
            berkas = folder / f"{nama}{akhiran}"
            berkas.write_text("x")
            os.utime(berkas, (time.time() - umur * 86400,) * 2)
    assert bersihkan_cache(hari=30) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["baru.json", "baru.pdf"]
