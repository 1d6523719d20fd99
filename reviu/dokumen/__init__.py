"""Reviu of an LKjIP made outside SAKIP: read its tables, recompute, list the findings.

An APIP / inspektorat reviewer uploads an LKjIP as PDF, DOCX or text. This package

1. extracts the text (``.txt`` as is; ``.pdf`` with ``pdftotext -layout`` from poppler, or
   ``pypdf`` when installed; ``.docx`` from ``word/document.xml`` with the standard library),
2. finds the tables (tab-separated lines, HTML ``<table>`` blocks, DOCX tables, PDF columns),
   reads their headers (multi-row headers, spanned group labels, years) and gives each column
   a role: target, realisasi, capaian, pagu, realisasi anggaran, serapan, sisa, efisiensi,
   tingkat kemajuan, pangsa anggaran,
3. recomputes every printed capaian, serapan, sisa, efisiensi, tingkat kemajuan, pangsa,
   rata-rata and jumlah (flat totals and program → kegiatan → sub kegiatan subtotals) with the
   formula library :mod:`sakip.rumus`, plus the worked formulas written in the prose
   ("A / B × 100 = C", "3,80 × 25 = 95,02", "target … realisasi … capaian …",
   "anggaran Rp … realisasi Rp … capaian …%", "tingkat efisiensi sebesar …"),
4. lists a :class:`TemuanDokumen` (finding) for each printed figure that the recomputation does not
   explain, with the printed and the correct figure and where it stands.

Modules, in the order of the pipeline (each imports only the ones above it):

* ``angka``: the tolerant number reader, comparison with recomputed values, formatting;
* ``baca``: extraction of PDF, DOCX and text/HTML into numbered lines, within the limits of
  :mod:`sakip.berkas_aman` (:class:`GalatDokumen` for a file that cannot be read);
* ``tabel``: tables in those lines, their title, footnote, header and column roles;
* ``hasil``: :class:`TemuanDokumen` and :class:`HasilReviu`;
* ``dasar``: the checker's base (bookkeeping, reading a row) and what the checks share;
* ``cek_tabel``, ``cek_ringkasan``, ``cek_narasi``: the checks of table rows, of totals and
  subtotals across rows (and IKM), and of the formulas in the prose;
* ``pemeriksa``: the checker assembled from them and the entry points.

Tolerance (what is *not* a finding)
-----------------------------------
* A printed value equal to the recomputation rounded half-up **or** truncated at the printed
  number of decimals (71,42 vs 71,428…; 98,08 vs 98,085…).
* 'Turun' indicators (lama pengurusan, hari, deviasi, …): either (2×T−R)/T×100 or T/R×100.
* Efficiency: difference (capaian − serapan) or ratio (capaian ÷ serapan × 100), unless a
  footnote under the table states one of them.
* A rata-rata row may average the printed values or the recomputed ones.
* Ambiguous numbers are read every plausible way ("79.143" = 79,143 or 79143; "1.603" =
  1603 or 1,603); a printed figure is accepted when any reading explains it.

Tolerant number reader (:func:`baca_angka`)
--------------------------------------------
Printed reports mix conventions, so numbers are read first with the strict Indonesian
:func:`sakip.formatting.parse_angka` and then with these rules:

* decorations are dropped: ``Rp``/``Rp.`` (also doubled), trailing ``,-`` or ``-``, ``*``,
  surrounding text after the number (units: ``15 OPD``, ``81,00 (Nilai)``, ``1 Hari``);
  a space inside a number before/after a separator is closed (``82 ,19`` → ``82,19``);
* ``%`` or the word ``persen`` after the number marks a percentage;
* a single dot not followed by exactly three digits is an English decimal point
  (``70.30`` → 70,30; ``79.14`` → 79,14);
* a single separator followed by exactly three digits is ambiguous: both readings are kept
  (``79.143`` → 79,143 or 79143; ``650,000`` → 650000 or 650,000). The preferred one is the
  thousands reading for amounts, the decimal reading for percentages;
* several commas in 3-digit groups are English thousands (``437,286,032`` → 437.286.032);
* mixed separators: when the last group does not have three digits, the last separator is the
  decimal mark and all others group thousands (``4.444.425,716,33`` → 4.444.425.716,33);
  when every group after the first has three digits, all separators group thousands in amount
  columns (``236.344,991`` → 236.344.991, ``7,042.932.613`` → 7.042.932.613), and the
  standard reading is kept as an alternative;
* anything else (``96.09.000``, ``1.23.456``) is unreadable and the cell is skipped.
"""

from .angka import Angka, Bacaan, baca_angka
from .baca import Dokumen, GalatDokumen, baca_dokumen
from .hasil import JENIS_TEMUAN, HasilReviu, TemuanDokumen
from .pemeriksa import reviu_berkas, reviu_dokumen, reviu_teks

__all__ = [
    "Angka",
    "Bacaan",
    "Dokumen",
    "GalatDokumen",
    "HasilReviu",
    "JENIS_TEMUAN",
    "TemuanDokumen",
    "baca_angka",
    "baca_dokumen",
    "reviu_berkas",
    "reviu_dokumen",
    "reviu_teks",
]
