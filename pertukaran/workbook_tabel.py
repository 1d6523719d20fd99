"""The report's data tables in the office-year workbook (#21): sheets Survei Kepuasan, Unsur
Survei, Belanja Jenis and Layanan Dokumen, written from and read into the `sakip-opd/1` document
(`pertukaran.muat.tabel` loads them). `pertukaran.workbook` calls these two functions."""

from __future__ import annotations

from .workbook_kolom import KOLOM, TABEL_SHEET


def tulis_tabel(wb, data, tulis_sheet):
    """The report's data tables, every year (a list is replaced whole on import): surveys and their
    elements, budget per spending type, documents issued per service type (a column per quarter).
    `tulis_sheet(wb, name, columns, rows)` writes one sheet (pertukaran.workbook)."""
    survei = data.get("survei_kepuasan") or []
    tulis_sheet(wb, "Survei Kepuasan", KOLOM["Survei Kepuasan"], survei)
    unsur = [dict(u, tahun=s["tahun"], periode=s["periode"]) for s in survei for u in s.get("unsur") or []]
    tulis_sheet(wb, "Unsur Survei", KOLOM["Unsur Survei"], unsur)
    tulis_sheet(wb, "Belanja Jenis", KOLOM["Belanja Jenis"], data.get("belanja_jenis") or [])
    layanan = []
    for x in data.get("layanan_dokumen") or []:
        b = dict(x)
        for tw in "1234":
            b[f"realisasi_{tw}"] = (x.get("realisasi") or {}).get(tw)
        layanan.append(b)
    tulis_sheet(wb, "Layanan Dokumen", KOLOM["Layanan Dokumen"], layanan)


def baca_tabel(p, wb, data):
    """The report's data tables (a sheet present replaces the office's list, one absent leaves it).
    Unsur Survei rows belong to the survey of their year and period on the Survei Kepuasan sheet;
    a service type's Dokumen TW columns become its `realisasi` (a blank cell: no count)."""
    for sheet, kunci in TABEL_SHEET.items():
        if sheet in wb.sheetnames:
            data[kunci] = [dict(isi, _sumber=(sheet, r)) for r, isi in p.sheet(sheet)]
    if "Unsur Survei" in wb.sheetnames:
        per_kunci = {}
        for s in data.get("survei_kepuasan") or []:
            s["unsur"] = []
            per_kunci.setdefault((s.get("tahun"), s.get("periode")), s)
        for r, isi in p.sheet("Unsur Survei"):
            s = per_kunci.get((isi.pop("tahun", None), isi.pop("periode", None)))
            if s is None:
                p.salah(
                    "Unsur Survei",
                    r,
                    "Periode",
                    "tidak ada survei dengan tahun dan periode ini di sheet Survei Kepuasan.",
                )
                continue
            s["unsur"].append(dict(isi, _sumber=("Unsur Survei", r)))
    for x in data.get("layanan_dokumen") or []:
        kolom = [f"realisasi_{tw}" for tw in "1234" if f"realisasi_{tw}" in x]
        if kolom:
            x["realisasi"] = {k[-1]: x[k] for k in kolom if x[k] is not None}
        for k in kolom:
            del x[k]
