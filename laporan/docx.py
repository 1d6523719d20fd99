"""The report as a Word document (.docx), for offices that finish the LKjIP in Word.

One renderer of the chapter data, beside the HTML and the PDF: the document is built from the print
HTML of the same data (`cetak.html_cetak`: the same templates, the same formatting filters, the same
draft flag and signature rule), walked element by element into python-docx objects. Nothing is
computed here: a figure in a Word table is the text of the HTML cell, so both always agree.

- headings use Word's built-in "Heading 1..4" styles; the contents, tables and figures lists are
  TOC fields (Word fills them on opening, settings.xml asks it to update fields);
- tables are real Word tables (merged cells as in the HTML, header rows repeated on every page,
  numbers right-aligned);
- the SVG charts become PNG images: WeasyPrint (already used for the PDF) lays all of them out as
  pages of one PDF and pypdfium2 (already installed with pdfplumber) rasterises them; no network,
  no new system library, the same fonts as the PDF;
- A4 portrait with the PDF's margins; a cover section, the front matter numbered i, ii, ... and the
  body from 1 (PAGE fields in the footer); a draft carries "DRAF · Data belum disetujui pimpinan" in
  the header of every section (and no signature: the HTML already has the draft block in its place).

Every value reaches the XML through python-docx, which escapes it; characters XML cannot hold
(control characters) are removed first.
"""

import hashlib
import io
import re
import threading
from urllib.parse import unquote, urlparse

import lxml.html
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from sakip import simpan
from sakip.pdf_aman import pengambil

from .cetak import html_cetak, nama_berkas, sidik
from .data import Lkjip

MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEKS_DRAF = "DRAF · Data belum disetujui pimpinan"
# cetak.css @page: margin 2.4cm 2cm 2.2cm 2.5cm (top right bottom left), A4.
MARGIN = {"top_margin": 2.4, "right_margin": 2.0, "bottom_margin": 2.2, "left_margin": 2.5}
LEBAR_ISI = 21.0 - MARGIN["left_margin"] - MARGIN["right_margin"]  # cm
BIRU, MERAH, ABU = RGBColor(0x1F, 0x4E, 0x79), RGBColor(0x8E, 0x2A, 0x1F), RGBColor(0x5F, 0x6B, 0x76)
GAYA_TABEL, GAYA_GAMBAR = "Judul Tabel", "Judul Gambar"  # caption styles the lists' TOC fields collect
# Characters XML 1.0 cannot hold: python-docx refuses them, so they are dropped.
_TAK_SAH = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPASI = re.compile(r"\s+")
_INLINE = {"span", "a", "strong", "b", "em", "i", "br", "small", "sup", "sub", "code", "abbr", "time"}
_TEBAL, _MIRING = {"strong", "b", "th"}, {"em", "i"}
SKALA_GRAFIK = 3.0  # chart raster: 520 px wide at 3x (about 180 dpi printed 14 cm wide)


def bersih(teks):
    """Text python-docx can store: XML-invalid characters removed."""
    return _TAK_SAH.sub("", teks or "")


def _kelas(el):
    return set((el.get("class") or "").split())


def _tag(el):
    return el.tag if isinstance(el.tag, str) else ""


def docx_laporan(data: Lkjip) -> bytes:
    """The .docx bytes of the report data."""
    sidik_data = sidik(data)
    html = bersih(html_cetak(data, sidik_data))
    akar = lxml.html.document_fromstring(html)
    return _Penyusun(data, sidik_data, akar).susun()


def nama_berkas_docx(laporan):
    """The download name: the PDF's (cetak.nama_berkas), with .docx (a Laporan, or the report data)."""
    return nama_berkas(laporan).removesuffix(".pdf") + ".docx"


# --- low-level Word XML helpers -------------------------------------------------------------


def _medan(paragraf, kode, tampilan=""):
    """A complex field (PAGE, TOC ...) in the paragraph, with `tampilan` as its shown result."""

    def run_char(jenis):
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), jenis)
        if jenis == "begin":
            c.set(qn("w:dirty"), "true")
        r.append(c)
        return r

    p = paragraf._p
    p.append(run_char("begin"))
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {kode} "
    r.append(instr)
    p.append(r)
    p.append(run_char("separate"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = tampilan
    r.append(t)
    p.append(r)
    p.append(run_char("end"))


def _medan_daftar(dokumen, kode, entri):
    """A TOC field whose shown result is `entri` ((level, text) paragraphs) until it is updated."""
    awal = dokumen.add_paragraph()
    _medan(awal, kode)
    p_awal = awal._p
    # Split the field after "separate": its result is the paragraphs that follow; "end" closes the last.
    akhir_run = p_awal[-1]  # the end fldChar run
    hasil_kosong = p_awal[-2]
    p_awal.remove(akhir_run)
    p_awal.remove(hasil_kosong)
    p = awal
    for i, (tingkat, teks) in enumerate(entri):
        if i:
            p = dokumen.add_paragraph()
        p.paragraph_format.left_indent = Cm(0.6 * max(0, tingkat - 1) if tingkat else 0)
        p.paragraph_format.space_after = Pt(2)
        r = p.add_run(teks)
        if tingkat == 0:
            r.bold = True
    p._p.append(akhir_run)


def _ulang_header(baris):
    trPr = baris._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _jangan_pecah(baris):
    trPr = baris._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))


def _arsir(sel, warna):
    tcPr = sel._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), warna)
    tcPr.append(shd)


def _tanpa_garis(tabel):
    tblPr = tabel._tbl.tblPr
    batas = OxmlElement("w:tblBorders")
    for sisi in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{sisi}")
        b.set(qn("w:val"), "nil")
        batas.append(b)
    tblPr.append(batas)


def _nomor_halaman(section, format_=None, mulai=None):
    pg = section._sectPr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        section._sectPr.append(pg)
    if format_:
        pg.set(qn("w:fmt"), format_)
    if mulai is not None:
        pg.set(qn("w:start"), str(mulai))


def _minta_perbarui_medan(dokumen):
    """settings.xml <w:updateFields>: Word refreshes the TOC fields (and their pages) on opening."""
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    dokumen.settings.element.append(el)


# --- the charts -----------------------------------------------------------------------------


def png_grafik(daftar_svg):
    """PNG bytes of each SVG chart; charts drawn before in this process come from a small cache
    (a chart only changes with its data), the others are rendered together (`_render_png`)."""
    kunci = [hashlib.sha256(svg.encode()).hexdigest() for svg in daftar_svg]
    with _KUNCI_CACHE:
        punya = {k: _CACHE_PNG[k] for k in kunci if k in _CACHE_PNG}
    baru = {k: svg for k, svg in zip(kunci, daftar_svg, strict=True) if k not in punya}
    # This call's charts are kept in its own dict: another thread may evict the shared cache meanwhile.
    punya.update(zip(baru, _render_png(list(baru.values())), strict=True))
    with _KUNCI_CACHE:
        for k in baru:
            _CACHE_PNG[k] = punya[k]
        while len(_CACHE_PNG) > 256:  # about 10 MB at most
            _CACHE_PNG.pop(next(iter(_CACHE_PNG)))
    return [punya[k] for k in kunci]


_CACHE_PNG = {}
_KUNCI_CACHE = threading.Lock()


def _render_png(daftar_svg):
    """PNG bytes of each SVG chart: one WeasyPrint PDF (a page per chart), rasterised by pdfium."""
    if not daftar_svg:
        return []
    import pypdfium2
    import weasyprint

    from .grafik import LEBAR, TINGGI

    halaman = "".join(f'<div class="g">{svg}</div>' for svg in daftar_svg)
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><style>@page {{ size: {LEBAR}px {TINGGI}px; margin: 0 }}"
        f"body {{ margin: 0 }} .g {{ width: {LEBAR}px; height: {TINGGI}px; page-break-after: always; "
        "overflow: hidden }"
        f".g svg {{ width: {LEBAR}px; height: {TINGGI}px; display: block }}</style></head><body>{halaman}</body></html>"
    )
    pdf = weasyprint.HTML(string=html, url_fetcher=pengambil()).write_pdf()
    dok = pypdfium2.PdfDocument(pdf)
    hasil = []
    try:
        for i in range(len(daftar_svg)):
            gambar = dok[i].render(scale=SKALA_GRAFIK).to_pil()
            keluar = io.BytesIO()
            gambar.save(keluar, format="PNG")
            hasil.append(keluar.getvalue())
    finally:
        dok.close()
    return hasil


def _berkas_lokal(src):
    """(name, bytes) of the media file a print-HTML <img> points at (file:// under MEDIA_ROOT,
    read through the default storage), or None."""
    url = urlparse(src or "")
    if url.scheme != "file":
        return None
    nama = simpan.nama_media(unquote(url.path))
    isi = simpan.baca_media(nama) if nama else None
    return (nama, isi) if isi is not None else None


# --- the walk -------------------------------------------------------------------------------


class _Penyusun:
    def __init__(self, data, sidik_data, akar):
        self.data = data
        self.sidik = sidik_data
        self.akar = akar
        self.doc = Document()
        body = akar.find("body")
        svgs = [lxml.html.tostring(s, encoding="unicode") for s in body.iter() if _tag(s).endswith("svg")]
        self.png = iter(png_grafik(svgs))

    # document frame -----------------------------------------------------------------------

    def susun(self):
        self._gaya()
        _minta_perbarui_medan(self.doc)
        props = self.doc.core_properties
        props.title = bersih(f"{self.data.judul} {self.data.opd.nama} {self.data.periode_judul}")
        props.author = bersih(self.data.opd.nama)
        props.comments = f"Versi data {self.sidik[:12]}"
        props.identifier = self.sidik  # the full fingerprint; the text shows it on the last page only
        body = self.akar.find("body")
        sampul = body.find(".//section[@class='sampul']")
        depan = body.find(".//div[@class='bagian-depan']")
        isi = body.find(".//div[@class='bagian-isi']")

        s = self.doc.sections[0]
        self._halaman(s)
        s.different_first_page_header_footer = False
        self._sampul(sampul)
        self._kepala_kaki(s, sampul=True)

        s = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._kepala_kaki(s, format_="lowerRoman")
        self._anak(depan)

        s = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._kepala_kaki(s, format_="decimal")
        self._anak(isi)
        p = self.doc.add_paragraph()
        r = p.add_run(f"Versi data {self.sidik[:12]}")
        r.font.size, r.font.color.rgb, r.font.name = Pt(6.5), ABU, "DejaVu Sans"
        keluar = io.BytesIO()
        self.doc.save(keluar)
        return keluar.getvalue()

    def _halaman(self, s):
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Cm(21), Cm(29.7)
        for nama, cm in MARGIN.items():
            setattr(s, nama, Cm(cm))
        s.header_distance, s.footer_distance = Cm(1.2), Cm(1.0)

    def _gaya(self):
        gaya = self.doc.styles
        normal = gaya["Normal"]
        normal.font.name = "DejaVu Serif"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        for i, ukuran in ((1, 15), (2, 12.5), (3, 11), (4, 10.5)):
            h = gaya[f"Heading {i}"]
            h.font.name = "DejaVu Sans"
            h.font.size = Pt(ukuran)
            h.font.color.rgb = BIRU
            h.paragraph_format.keep_with_next = True
            h.paragraph_format.space_before = Pt(12 if i > 1 else 0)
            h.paragraph_format.space_after = Pt(6)
        for nama, ukuran in ((GAYA_TABEL, 9.5), (GAYA_GAMBAR, 9)):
            g = gaya.add_style(nama, 1)  # WD_STYLE_TYPE.PARAGRAPH
            g.base_style = normal
            g.font.name = "DejaVu Sans"
            g.font.size = Pt(ukuran)
            g.font.bold = nama == GAYA_TABEL
            g.paragraph_format.keep_with_next = nama == GAYA_TABEL
            g.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sel = gaya.add_style("Isi Tabel", 1)
        sel.base_style = normal
        sel.font.name = "DejaVu Sans"
        sel.font.size = Pt(8.5)
        sel.paragraph_format.space_after = Pt(0)
        sel.paragraph_format.line_spacing = 1.0
        self.id_isi_tabel = sel.style_id

    def _kepala_kaki(self, s, sampul=False, format_=None):
        """Header: the report line and, for a draft, the DRAF line; footer: the DRAF line and PAGE."""
        self._halaman(s)
        for bagian in (s.header, s.footer):
            bagian.is_linked_to_previous = False
            for p in bagian.paragraphs:
                p.clear()
        p = s.header.paragraphs[0]
        if not sampul:
            lap = self.data
            r = p.add_run(bersih(f"{lap.judul_singkat} {lap.tahun} · {lap.opd.singkatan}"))
            r.font.size, r.font.color.rgb, r.font.name = Pt(7.5), ABU, "DejaVu Sans"
        if self.data.draf:
            q = s.header.add_paragraph() if not sampul else p
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = q.add_run(TEKS_DRAF)
            r.bold, r.font.size, r.font.color.rgb, r.font.name = True, Pt(8), MERAH, "DejaVu Sans"
        if sampul:
            return
        _nomor_halaman(s, format_, 1)
        p = s.footer.paragraphs[0]
        p.paragraph_format.tab_stops.add_tab_stop(Cm(LEBAR_ISI), WD_TAB_ALIGNMENT.RIGHT)
        # The Footer style's tab stops: centre at 8.25 cm, right at the text width.
        p.paragraph_format.tab_stops.add_tab_stop(Cm(LEBAR_ISI / 2), WD_TAB_ALIGNMENT.CENTER)
        p.add_run("\t")
        if self.data.draf:
            r = p.add_run(TEKS_DRAF)
            r.bold, r.font.size, r.font.color.rgb, r.font.name = True, Pt(7.5), MERAH, "DejaVu Sans"
        p.add_run("\t")
        _medan(p, "PAGE", "1")

    # cover ---------------------------------------------------------------------------------

    def _sampul(self, sampul):
        ukuran = {
            "judul-sampul": (20, True, BIRU),
            "tahun-sampul": (16, True, BIRU),
            "opd-sampul": (14, True, None),
            "pemda-sampul": (12, False, None),
            "alamat-sampul": (9, False, ABU),
            "draf-sampul": (11, True, MERAH),
        }
        for el in sampul:
            kelas = _kelas(el)
            if _tag(el) == "img":
                self._gambar(el, Cm(3.5), WD_ALIGN_PARAGRAPH.CENTER, ruang=Pt(60))
                continue
            cocok = next((ukuran[k] for k in kelas if k in ukuran), None)
            if cocok is None:
                continue
            baris = [_SPASI.sub(" ", d.text_content()).strip() for d in el] if len(el) else [el.text_content()]
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(36 if "judul-sampul" in kelas else 10)
            for i, b in enumerate(baris):
                if i:
                    p.add_run().add_break()
                r = p.add_run(bersih(_SPASI.sub(" ", b).strip()))
                r.font.size, r.bold, r.font.name = Pt(cocok[0]), cocok[1], "DejaVu Sans"
                if cocok[2] is not None:
                    r.font.color.rgb = cocok[2]

    # blocks --------------------------------------------------------------------------------

    def _anak(self, el, wadah=None):
        for a in el:
            self._blok(a, wadah)

    def _blok(self, el, wadah=None):
        """One block element of the print HTML into the document (or into a table cell)."""
        tag, kelas = _tag(el), _kelas(el)
        tempat = wadah or self.doc
        if not tag or "tanda-draf" in kelas or tag in ("style", "script", "title"):
            return
        if tag == "section" and not wadah:
            if kelas & {"bab", "lampiran"} or el.get("id") in ("kata-pengantar", "ikhtisar"):
                self._putus_halaman()
            if el.get("id") in ("daftar-isi", "daftar-tabel", "daftar-gambar"):
                return self._daftar(el)
            return self._anak(el)
        if tag in ("h1", "h2", "h3", "h4", "h5"):
            tingkat = min(int(tag[1]), 4)
            if "judul-dokumen" in kelas and tag == "h2":
                self._putus_halaman()
            p = tempat.add_paragraph(style=f"Heading {tingkat}")
            if tingkat == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if "judul-bab" in kelas:
                nomor = el.find(".//span[@class='nomor-bab']")
                nama = el.find(".//span[@class='nama-bab']")
                p.add_run(bersih(_SPASI.sub(" ", nomor.text_content()).strip()))
                p.add_run().add_break()
                p.add_run(bersih(_SPASI.sub(" ", nama.text_content()).strip()))
            else:
                self._sebaris(p, el)
            return p
        if tag == "table":
            if "toc" in kelas:
                return None
            return self._tabel(el, tempat, identitas="identitas" in kelas)
        if tag == "figure":
            return self._gambar_blok(el, tempat)
        if tag in ("ul", "ol"):
            for i, li in enumerate(x for x in el if _tag(x) == "li"):
                p = tempat.add_paragraph()
                tingkat = next((int(k[4:]) for k in _kelas(li) if k.startswith("lvl-") and k[4:].isdigit()), 0)
                p.paragraph_format.left_indent = Cm(0.9 + 0.7 * tingkat)
                p.paragraph_format.first_line_indent = Cm(-0.5)
                p.paragraph_format.space_after = Pt(2)
                p.add_run(f"{li.get('value') or i + 1}.\t" if tag == "ol" else "•\t")
                self._sebaris(p, li)
            return None
        if tag == "dl":
            for d in el:
                p = tempat.add_paragraph()
                if _tag(d) == "dt":
                    p.paragraph_format.keep_with_next = True
                    p.paragraph_format.space_after = Pt(0)
                    p.add_run(bersih(_SPASI.sub(" ", d.text_content()).strip())).bold = True
                else:
                    p.paragraph_format.left_indent = Cm(0.9)
                    self._sebaris(p, d)
            return None
        if tag == "blockquote":
            p = tempat.add_paragraph()
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(1)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._sebaris(p, el, miring=True)
            return p
        if "ttd-dua" in kelas:
            return self._ttd_dua(el, tempat)
        if "ttd" in kelas:
            return self._ttd(el, tempat)
        if "ttd-ruang" in kelas:
            for _ in range(3):
                tempat.add_paragraph()
            return None
        if tag == "p" or not any(_tag(a) not in _INLINE for a in el):
            # A paragraph, or a div with inline content only.
            if tag != "p" and not _SPASI.sub("", el.text_content()):
                return None
            p = tempat.add_paragraph(style=GAYA_TABEL if "judul-tabel" in kelas else None)
            if tag == "p" and not wadah and not kelas:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            kecil = bool(kelas & {"catatan-tabel", "catatan"})
            self._sebaris(p, el, tebal=bool(kelas & {"judul-daftar", "label-lampiran", "judul-indikator"}))
            if kecil:
                for r in p.runs:
                    r.font.size, r.italic = Pt(8.5), True
            if kelas & {"judul-daftar", "sebelum-tabel", "judul-indikator"}:
                p.paragraph_format.keep_with_next = True
            if "label-lampiran" in kelas:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            return p
        return self._anak(el, wadah)

    def _putus_halaman(self):
        """A page break before the next block, unless the document is at a fresh page already."""
        badan = self.doc.element.body
        akhir = badan[-2] if len(badan) > 1 else None  # the last child is the body's sectPr
        if akhir is None:
            return
        if akhir.tag == qn("w:p"):
            if akhir.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
                return  # a section (a new page) just ended here
            if not "".join(akhir.itertext()).strip() and akhir.find(".//" + qn("w:br")) is not None:
                return
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = p.paragraph_format.space_before = Pt(0)
        r = p.add_run()
        r.add_break(WD_BREAK.PAGE)
        # The paragraph mark after the break starts the new page: keep it 1 pt high.
        tanda, ukuran = OxmlElement("w:rPr"), OxmlElement("w:sz")
        ukuran.set(qn("w:val"), "2")
        tanda.append(ukuran)
        p._p.get_or_add_pPr().append(tanda)

    def _sebaris(self, p, el, tebal=False, miring=False):
        """The inline content of `el` as runs of `p` (bold/italic kept, <br> as a line break)."""

        def teks(t, b, i):
            t = _SPASI.sub(" ", bersih(t or ""))
            if t:
                r = p.add_run(t)
                if b:
                    r.bold = True
                if i:
                    r.italic = True

        def jalan(node, b, i):
            teks(node.text, b, i)
            for a in node:
                tag = _tag(a)
                if tag == "br":
                    p.add_run().add_break()
                elif tag:
                    bb, ii = b or tag in _TEBAL, i or tag in _MIRING
                    if tag not in _INLINE:  # a block inside inline content (a cell's note): a new line
                        p.add_run().add_break()
                    if "ket" in _kelas(a) or "catatan" in _kelas(a):
                        awal = len(p.runs)
                        jalan(a, bb, ii)
                        for r in p.runs[awal:]:
                            r.font.size = Pt(7.5)
                            r.font.color.rgb = ABU
                    else:
                        jalan(a, bb, ii)
                teks(a.tail, b, i)

        jalan(el, tebal or _tag(el) in _TEBAL, miring)
        # Leading and trailing spaces of the block, as HTML drops them.
        if p.runs:
            p.runs[0].text = p.runs[0].text.lstrip()
            p.runs[-1].text = p.runs[-1].text.rstrip()

    # front-matter lists: TOC fields ---------------------------------------------------------

    def _daftar(self, el):
        self._putus_halaman()
        judul = el.find(".//h1")
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(bersih(judul.text_content().strip()))
        r.bold, r.font.size, r.font.color.rgb, r.font.name = True, Pt(15), BIRU, "DejaVu Sans"
        bagian = el.get("id")
        if bagian == "daftar-gambar" and el.find(".//table") is None:
            return self.doc.add_paragraph(bersih(el.find(".//p").text_content().strip()))
        kode = {
            "daftar-isi": 'TOC \\o "1-3" \\h \\z \\u',
            "daftar-tabel": f'TOC \\h \\z \\t "{GAYA_TABEL},1"',
            "daftar-gambar": f'TOC \\h \\z \\t "{GAYA_GAMBAR},1"',
        }[bagian]
        # The field's shown result until Word updates it: the entries of the HTML list, without
        # pages (Word fills them in; LibreOffice shows this as it is).
        entri = []
        for tr in el.iter("tr"):
            tingkat = next((int(k[4:]) for k in _kelas(tr) if k.startswith("toc-") and k[4:].isdigit()), 1)
            teks = " ".join(_SPASI.sub(" ", td.text_content()).strip() for td in tr if _tag(td) == "td")
            entri.append((tingkat, bersih(teks.strip())))
        _medan_daftar(self.doc, kode, entri or [(0, "Perbarui bidang (F9) untuk menyusun daftar ini.")])
        return None

    # tables --------------------------------------------------------------------------------

    def _tabel(self, el, tempat, identitas=False):
        """An HTML table (thead/tbody/tfoot, rowspan/colspan) as a Word table."""
        baris_html = []
        for bagian in el:
            tag = _tag(bagian)
            if tag == "tr":
                baris_html.append((bagian, "tbody"))
            elif tag in ("thead", "tbody", "tfoot"):
                baris_html.extend((tr, tag) for tr in bagian if _tag(tr) == "tr")
        if not baris_html:
            return None
        terisi, sel = set(), []
        for r, (tr, _) in enumerate(baris_html):
            c = 0
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                while (r, c) in terisi:
                    c += 1
                rs, cs = int(td.get("rowspan") or 1), int(td.get("colspan") or 1)
                rs = max(1, min(rs, len(baris_html) - r))
                for dr in range(rs):
                    for dc in range(cs):
                        terisi.add((r + dr, c + dc))
                sel.append((r, c, rs, max(cs, 1), td))
                c += cs
        kolom = max(c for _, c in terisi) + 1
        tabel = tempat.add_table(rows=len(baris_html), cols=kolom)
        tabel.alignment = WD_TABLE_ALIGNMENT.CENTER
        tabel.autofit = False  # fixed layout: the widths below, not Word's guess
        if identitas:
            _tanpa_garis(tabel)
        else:
            tabel.style = self.doc.styles["Table Grid"]
        for r, (_tr, bagian) in enumerate(baris_html):
            baris = tabel.rows[r]
            if bagian == "thead":
                _ulang_header(baris)
            _jangan_pecah(baris)
        # The cell grid once (table.cell() rebuilds it on every call); merged regions never
        # overlap, so a corner cell is still in the table when its region is merged.
        semua = tabel._cells
        grid = [semua[r * kolom : (r + 1) * kolom] for r in range(len(baris_html))]
        lebar = self._lebar_kolom(sel, kolom, identitas)
        for i, w in enumerate(lebar):
            tabel.columns[i].width = Cm(w)
            for baris in grid:
                baris[i].width = Cm(w)
        for r, c, rs, cs, td in sel:
            sasaran = grid[r][c]
            if rs > 1 or cs > 1:
                sasaran = sasaran.merge(grid[r + rs - 1][c + cs - 1])
            tr, bagian = baris_html[r]
            self._isi_sel(sasaran, td, tr, bagian)
        # A little space after the table (Word glues the next paragraph to it otherwise).
        if tempat is self.doc:
            self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return tabel

    def _lebar_kolom(self, sel, kolom, identitas):
        """Column widths (cm): each column at least as wide as its longest word (numbers never
        wrap), the rest of the text width shared by how much text the columns hold."""
        if identitas:
            return [3.0 if i == 0 else 0.5 if i == 1 else LEBAR_ISI - 3.5 for i in range(kolom)]
        kata, teks = [1] * kolom, [1] * kolom
        for _, c, _, cs, td in sel:
            if cs > 1:
                continue
            t = _SPASI.sub(" ", td.text_content()).strip()
            kata[c] = max(kata[c], max((len(k) for k in t.split()), default=1))
            teks[c] = max(teks[c], min(len(t), 80))
        perlu = [0.45 + 0.2 * min(k, 20) for k in kata]  # 8.5pt DejaVu Sans (bold): about 0.2 cm a character
        if sum(perlu) >= LEBAR_ISI:
            return [LEBAR_ISI * p / sum(perlu) for p in perlu]
        sisa = LEBAR_ISI - sum(perlu)
        bobot = [max(0, t - k) for t, k in zip(teks, kata, strict=True)]
        if not sum(bobot):
            bobot = [1] * kolom
        return [p + sisa * w / sum(bobot) for p, w in zip(perlu, bobot, strict=True)]

    def _isi_sel(self, sel, td, tr, bagian):
        kelas_sel, kelas_baris = _kelas(td), _kelas(tr)
        p = sel.paragraphs[0]
        p._p.style = self.id_isi_tabel  # by id: setting a Style object looks every style up
        judul = _tag(td) == "th" or bagian in ("thead", "tfoot")
        grup = bool(kelas_baris & {"grup", "subgrup", "t-program"})
        if td.get("colspan") is None and not len(td) and not (td.text or "").strip():
            return
        blok = [a for a in td if _tag(a) and _tag(a) not in _INLINE]
        if blok and any(_tag(a) in ("table", "ul", "ol", "p") for a in blok):
            self._sebaris(p, td, tebal=judul)  # rare: text before the blocks
            for a in blok:
                self._blok(a, sel)
        else:
            self._sebaris(p, td, tebal=judul or grup)
        if kelas_sel & {"num"}:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kelas_sel & {"no"} or (judul and bagian == "thead"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if bagian == "thead":
            _arsir(sel, "DCE6F0")
        elif bagian == "tfoot" or "grup" in kelas_baris:
            _arsir(sel, "EEF2F6")

    # signatures ----------------------------------------------------------------------------

    def _ttd(self, el, tempat, kiri=None):
        kiri = Cm(8.5) if kiri is None else kiri
        for a in el:
            if "ttd-ruang" in _kelas(a):
                for _ in range(3):
                    tempat.add_paragraph().paragraph_format.space_after = Pt(0)
                continue
            p = tempat.add_paragraph()
            p.paragraph_format.left_indent = kiri
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.keep_with_next = True
            k = _kelas(a)
            self._sebaris(p, a, tebal=bool(k & {"ttd-jabatan", "ttd-nama"}))
            if "ttd-nama" in k:
                for r in p.runs:
                    r.underline = True

    def _ttd_dua(self, el, tempat):
        kotak = [a for a in el if "ttd" in _kelas(a)]
        tabel = tempat.add_table(rows=1, cols=len(kotak))
        _tanpa_garis(tabel)
        for sel, a in zip(tabel.rows[0].cells, kotak, strict=True):
            sel.paragraphs[0]._p.getparent().remove(sel.paragraphs[0]._p)
            self._ttd(a, sel, kiri=Cm(0))
            for p in sel.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return tabel

    # figures -------------------------------------------------------------------------------

    def _gambar_blok(self, el, tempat):
        svg = next((a for a in el.iter() if _tag(a).endswith("svg")), None)
        if svg is not None:
            p = tempat.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            p.add_run().add_picture(io.BytesIO(next(self.png)), width=Cm(14))
        for img in el.iter("img"):
            self._gambar(img, Cm(14), WD_ALIGN_PARAGRAPH.CENTER, tempat=tempat)
        keterangan = el.find("figcaption")
        if keterangan is not None:
            p = tempat.add_paragraph(style=GAYA_GAMBAR)
            self._sebaris(p, keterangan)

    def _gambar(self, img, lebar, rata, tempat=None, ruang=None):
        berkas = _berkas_lokal(img.get("src"))
        if berkas is None:
            return None
        p = (tempat or self.doc).add_paragraph()
        p.alignment = rata
        p.paragraph_format.keep_with_next = True
        if ruang is not None:
            p.paragraph_format.space_before = ruang
        try:
            from PIL import Image

            isi = berkas[1]
            with Image.open(io.BytesIO(isi)) as gambar:
                lebar_px, tinggi_px = gambar.size
            # Never wider than the text nor taller than half a page.
            tinggi = Cm(12) if lebar_px and tinggi_px / lebar_px * lebar > Cm(12) else None
            p.add_run().add_picture(io.BytesIO(isi), width=None if tinggi else lebar, height=tinggi)
        except Exception:  # noqa: BLE001 - an unreadable upload leaves a note, not a broken document
            p.add_run(bersih(f"[Gambar tidak dapat dimuat: {img.get('alt') or berkas[0]}]")).italic = True
        return p
