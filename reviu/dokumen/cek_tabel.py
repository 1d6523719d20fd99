"""The checks of each row of a table with a header: capaian, serapan, sisa, efisiensi,
tingkat kemajuan and pangsa anggaran, recomputed with :mod:`sakip.rumus`."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from itertools import product

from sakip.formatting import format_angka
from sakip.rumus import (
    Arah,
    GalatRumus,
    efisiensi,
    pangsa_anggaran,
    persentase,
    serapan,
    tingkat_kemajuan,
)

from .angka import _cocok, _fmt, _fmt_angka, baca_angka
from .dasar import (
    _MENTAH,
    _METODE,
    _TURUN,
    _bernomor,
    _dalam_selang,
    _jenis_ringkas,
    _kunci_indikator,
    _PemeriksaDasar,
    _selang_capaian,
    _setengah,
)
from .tabel import BarisTabel, Kolom, Tabel

_TOTAL_CATATAN = re.compile(r"total[^=;]{0,80}?(?:=\s*|\brp\.?\s*)((?:rp\.?\s*)*\d[\d.,]*\d)", re.I)
# A note saying the share is of the whole office's budget ("÷ pagu seluruh Dinas X").
_PANGSA_SELURUH = re.compile(
    r"(?:pagu|anggaran)\s+(?:seluruh|keseluruhan|total)\b|\b(?:seluruh|total)\s+(?:pagu|anggaran)\b", re.I
)
# The pagu a sentence states: "Pagu anggaran Dinas X tahun 2024 sebesar Rp 19.641.611.463".
_PAGU_KALIMAT = re.compile(r"\bpagu\b[^.;]{0,80}?\brp\.?\s*(\d{1,3}(?:[.,]\d{3})+(?:,\d+)?)", re.I)
# A total row labelled with the region's name ("Kota Dumai"), as cek_ringkasan reads it.
_WILAYAH = re.compile(
    r"^\W*(?:se[-\s]?)?(?:kabupaten|kab\.|kota|provinsi|prov\.|pemerintah\s+(?:kabupaten|kota|provinsi))\b", re.I
)
_EFISIEN = re.compile(r"^\s*(tidak\s+efisien|efisien|tidak\s+efesien|efesien)\s*$", re.I)
_TERCAPAI = re.compile(r"^\s*(belum\s+tercapai|tidak\s+tercapai|tercapai)\s*$", re.I)


def _rumus_efisiensi(catatan: str) -> str | None:
    """The efficiency formula a footnote states ("Tingkat efisiensi = capaian kinerja (%) −
    serapan anggaran (%)", "efisiensi = capaian / penyerapan × 100"), or None when it states none.
    Read from the clause after "efisiensi =" only (up to ";" or a sentence end): a "/" further in
    the footnote ("program/kegiatan") says nothing about it."""
    for m in re.finditer(r"efisiensi[^=;.]{0,40}=\s*([^;]*?)(?:;|\.\s|\.$|$)", catatan, re.I):
        klausa = m.group(1).lower()
        if "capaian" not in klausa or not re.search(r"serap|nyerap|anggaran", klausa):
            continue
        if re.search(r"÷|/|dibagi|\bbagi\b|:\s*(?:%?\s*)?(?:pe)?nyerap", klausa):
            return "ef_rasio"
        if re.search(r"[-–−]|dikurangi|\bkurang\b|selisih", klausa):
            return "ef_selisih"
    if re.search(r"capaian kinerja\s*[-–−]\s*(?:pe)?(?:n)?serapan", catatan, re.I):
        return "ef_selisih"
    return None


class _CekTabel(_PemeriksaDasar):
    """The checks of each data row of a table with a header, column by column."""

    def _ingat_realisasi(self, t: Tabel) -> None:
        for b in t.data:
            label = _kunci_indikator(self._label_baris(t, b))
            if not label:
                continue
            for k in t.kolom:
                if k.peran == "realisasi" and k.tahun:
                    a = self._nilai(b, k)
                    if a is not None:
                        self.realisasi_tahunan.setdefault(label, {}).setdefault(k.tahun, a)

    def _periksa_baris(self, t: Tabel) -> None:
        kol = t.kolom
        catatan = t.catatan.lower()
        for nomor, b in enumerate(t.data, 1):
            label = self._label_baris(t, b)
            ringkas = not _bernomor(b) and (bool(_jenis_ringkas(label)) or bool(b.sel and _jenis_ringkas(b.sel[0])))
            lok = {"t": t, "b": b, "nomor_data": nomor, "label": label}
            for k in kol:
                if k.indeks >= len(b.sel) or not b.sel[k.indeks].strip():
                    continue
                if k.peran == "capaian" and not ringkas:
                    self._cek_capaian(t, b, k, label, lok)
                elif k.peran == "serapan":
                    self._cek_serapan(b, k, kol, lok)
                elif k.peran == "sisa":
                    self._cek_sisa(b, k, kol, lok)
                elif k.peran == "persen_sisa":
                    self._cek_persen_sisa(b, k, kol, lok)
                elif k.peran == "efisiensi":
                    self._cek_efisiensi(b, k, kol, catatan, lok)
                elif k.peran == "kemajuan" and not ringkas:
                    self._cek_kemajuan(b, k, kol, catatan, label, lok)
                elif k.peran == "pangsa" and not ringkas:
                    self._cek_pangsa(t, b, k, kol, lok)

    def _cek_capaian(self, t: Tabel, b: BarisTabel, k: Kolom, label: str, lok: dict) -> None:
        c = self._nilai(b, k)
        if c is None:
            return
        hasil = self._capaian_baris(t, b, k, label)
        if hasil is None:
            return
        ta, ra, calon, turun, satuan, selang = hasil
        if satuan.strip() and "%" not in satuan and c.teks == ra.teks == ta.teks:
            return  # the cell restates the value ("1 hari"), it is not a percentage
        rumus = (
            "(2 × target − realisasi) ÷ target × 100 atau target ÷ realisasi × 100"
            if turun
            else "realisasi ÷ target × 100"
        )
        if _dalam_selang(c, selang):
            self.jumlah_pemeriksaan += 1  # explained by the rounding of its printed inputs
            return
        self.periksa(
            "capaian",
            c,
            calon,
            f"Capaian tertulis {c.teks}, hasil hitung ulang {{seharusnya}} ({rumus}; target {ta.teks}, "
            f"realisasi {ra.teks}).",
            utama=None if turun else calon[0],
            kolom=k.label,
            **lok,
        )

    def _cek_serapan(self, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        s = self._nilai(b, k)
        if s is None:
            return
        kp = self._pilih(kol, "pagu", k.indeks, k.tahun)
        if kp is None:
            return
        kr = self._pilih(kol, "realisasi_anggaran", k.indeks, k.tahun, sesudah=kp.indeks)
        if kr is None:
            return
        p, r = self._nilai(b, kp, uang=True), self._nilai(b, kr, uang=True)
        if p is None or r is None:
            return
        calon = []
        for pv, rv in product(p.bacaan[:2], r.bacaan[:2]):
            try:
                calon.append(serapan(rv.nilai, pv.nilai, _MENTAH["naik"]).nilai_mentah)
            except GalatRumus:
                continue
        try:
            utama = serapan(r.nilai, p.nilai, _MENTAH["naik"]).nilai_mentah
        except GalatRumus:
            utama = None
        self.periksa(
            "serapan",
            s,
            calon,
            f"Serapan anggaran tertulis {s.teks}%, hasil hitung ulang {{seharusnya}}% (realisasi "
            f"{_fmt_angka(r)} ÷ pagu {_fmt_angka(p)} × 100).",
            utama=utama,
            kolom=k.label,
            **lok,
        )

    def _cek_sisa(self, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        s = self._nilai(b, k, uang=True)
        kp = self._pilih(kol, "pagu", k.indeks, None)
        kr = self._pilih(kol, "realisasi_anggaran", k.indeks, None)
        if s is None or kp is None or kr is None:
            return
        p, r = self._nilai(b, kp, uang=True), self._nilai(b, kr, uang=True)
        if p is None or r is None:
            return
        calon = [pv.nilai - rv.nilai for pv, rv in product(p.bacaan[:2], r.bacaan[:2])]
        self.periksa(
            "sisa",
            s,
            calon,
            f"Sisa anggaran tertulis {s.teks}, seharusnya {{seharusnya}} (pagu {_fmt_angka(p)} − realisasi "
            f"{_fmt_angka(r)}).",
            utama=p.nilai - r.nilai,
            uang=True,
            kolom=k.label,
            **lok,
        )

    def _cek_persen_sisa(self, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        x = self._nilai(b, k)
        kp = self._pilih(kol, "pagu", k.indeks, None)
        ks = self._pilih(kol, "sisa", k.indeks, None)
        kr = self._pilih(kol, "realisasi_anggaran", k.indeks, None)
        if x is None or kp is None or ks is None:
            return
        p, s = self._nilai(b, kp, uang=True), self._nilai(b, ks, uang=True)
        r = self._nilai(b, kr, uang=True) if kr is not None else None
        if p is None or s is None:
            return
        calon = []
        sisa_calon = [sv.nilai for sv in s.bacaan[:2]]
        if r is not None:
            sisa_calon += [p.nilai - rv.nilai for rv in r.bacaan[:2]]
        for sv in sisa_calon:
            try:
                calon.append(persentase(sv, p.nilai, _MENTAH["naik"]).nilai_mentah)
            except GalatRumus:
                continue
        self.periksa(
            "persentase",
            x,
            calon,
            f"Persentase sisa anggaran tertulis {x.teks}%, seharusnya {{seharusnya}}% (sisa ÷ pagu × 100).",
            kolom=k.label,
            **lok,
        )

    def _cek_efisiensi(self, b: BarisTabel, k: Kolom, kol: list[Kolom], catatan: str, lok: dict) -> None:
        kc = self._pilih(kol, "capaian", k.indeks, None)
        ks = self._pilih(kol, "serapan", k.indeks, None)
        if kc is None or ks is None:
            return
        c, s = self._nilai(b, kc), self._nilai(b, ks)
        if c is None or s is None:
            return
        rumus = _rumus_efisiensi(catatan)
        metode = [rumus] if rumus else ["ef_selisih", "ef_rasio"]
        teks = b.sel[k.indeks]
        label = _EFISIEN.match(teks)
        if label:
            self.jumlah_pemeriksaan += 1
            tertulis = not label.group(1).lower().startswith("tidak")
            hasil = []
            for m in metode:
                try:
                    hasil.append(efisiensi(c.nilai, s.nilai, _METODE[m]))
                except GalatRumus:
                    continue
            if hasil and all(h.efisien is not None and h.efisien != tertulis for h in hasil):
                h = hasil[0]
                self.catat(
                    "efisiensi",
                    teks.strip(),
                    h.label or "",
                    f"Tertulis “{teks.strip()}”, padahal capaian {c.teks}% dan serapan {s.teks}% memberi "
                    f"{_fmt(h.nilai, 2) if h.nilai is not None else '–'} ({h.rumus}): {h.label}.",
                    kolom=k.label,
                    **lok,
                )
            return
        e = self._nilai(b, k)
        if e is None:
            return
        calon = []
        for m in metode:
            for cv, sv in product(c.bacaan[:2], s.bacaan[:2]):
                try:
                    calon.append(efisiensi(cv.nilai, sv.nilai, _MENTAH[m]).nilai_mentah)
                except GalatRumus:
                    continue
        try:
            utama = efisiensi(c.nilai, s.nilai, _MENTAH[metode[0]]).nilai_mentah
        except GalatRumus:
            utama = None
        if any(_dalam_selang(e, _selang_efisiensi(c, s, m)) for m in metode):
            self.jumlah_pemeriksaan += 1  # explained by the rounding of the printed capaian and serapan
            return
        rumus_teks = "capaian − serapan" if metode[0] == "ef_selisih" else "capaian ÷ serapan × 100"
        yakin = (
            {}
            if rumus
            else {
                "keyakinan": "mungkin",
                "alasan_keyakinan": "Rumus efisiensi tidak disebut di bawah tabel; nilai tertulis tidak cocok dengan "
                "rumus selisih (capaian − serapan) maupun rasio (capaian ÷ serapan × 100).",
            }
        )
        self.periksa(
            "efisiensi",
            e,
            calon,
            f"Tingkat efisiensi tertulis {e.teks}, seharusnya {{seharusnya}} ({rumus_teks}: capaian {c.teks}, "
            f"serapan {s.teks}).",
            utama=utama,
            kolom=k.label,
            **yakin,
            **lok,
        )

    def _cek_kemajuan(self, b: BarisTabel, k: Kolom, kol: list[Kolom], catatan: str, label: str, lok: dict) -> None:
        kr = self._pilih(kol, "realisasi", k.indeks, k.tahun)
        kt = self._pilih(kol, "target", k.indeks, None)
        if kr is None:
            return
        r = self._nilai(b, kr)
        if r is None:
            return
        tahun = kr.tahun
        lalu = None
        if tahun:
            kl = next((x for x in kol if x.peran == "realisasi" and x.tahun == tahun - 1), None)
            lalu = self._nilai(b, kl) if kl is not None else None
            if lalu is None:
                lalu = self.realisasi_tahunan.get(_kunci_indikator(label), {}).get(tahun - 1)
        t_akhir = self._nilai(b, kt) if kt is not None else None
        turun = bool(_TURUN.search(label))
        arah = Arah.TURUN if turun else Arah.NAIK
        selisih_dinyatakan = bool(re.search(r"sekarang\s*[-–−]\s*tahun\s+kemarin|tahun ini\s*[-–−]", catatan))
        teks = b.sel[k.indeks]
        status = _TERCAPAI.match(teks)
        if status:
            if t_akhir is None:
                return
            self.jumlah_pemeriksaan += 1
            h = tingkat_kemajuan(r.nilai, target_akhir=t_akhir.nilai, arah=arah, metodologi=_METODE["kemajuan_akhir"])
            tertulis = status.group(1).lower() == "tercapai"
            if h.tercapai is not None and h.tercapai != tertulis:
                self.catat(
                    "kemajuan",
                    teks.strip(),
                    h.label or "",
                    f"Tertulis “{teks.strip()}”, padahal realisasi {r.teks} terhadap target akhir "
                    f"{t_akhir.teks}: {h.label}.",
                    kolom=k.label,
                    **lok,
                )
            return
        x = self._nilai(b, k)
        if x is None:
            return
        calon: list[Decimal | None] = []
        utama = None
        uraian = ""
        if lalu is not None:
            for rv, lv in product(r.bacaan[:2], lalu.bacaan[:2]):
                calon.append(
                    tingkat_kemajuan(
                        rv.nilai, realisasi_tahun_lalu=lv.nilai, arah=arah, metodologi=_MENTAH["kemajuan_selisih"]
                    ).nilai_mentah
                )
            utama = tingkat_kemajuan(
                r.nilai, realisasi_tahun_lalu=lalu.nilai, arah=arah, metodologi=_MENTAH["kemajuan_selisih"]
            ).nilai_mentah
            uraian = f"realisasi {tahun} {r.teks} − realisasi {tahun - 1} {lalu.teks}"
        if t_akhir is not None and not selisih_dinyatakan:
            try:
                h = tingkat_kemajuan(
                    r.nilai, target_akhir=t_akhir.nilai, arah=arah, metodologi=_MENTAH["kemajuan_akhir"]
                )
                calon.append(h.nilai_mentah)
                if utama is None:
                    utama = h.nilai_mentah
                    uraian = f"realisasi {r.teks} ÷ target akhir {t_akhir.teks} × 100"
            except GalatRumus:
                pass
        if not calon:
            return
        if t_akhir is not None and not selisih_dinyatakan:
            metode = ("naik",) if arah == Arah.NAIK else ("turun_selisih", "turun_rasio")
            if _dalam_selang(x, _selang_capaian(t_akhir, r, metode)):
                self.jumlah_pemeriksaan += 1  # explained by the rounding of the printed realisasi
                return
        catatan_rumus = ", rumus di bawah tabel" if selisih_dinyatakan else ""
        self.periksa(
            "kemajuan",
            x,
            calon,
            f"Tingkat kemajuan tertulis {x.teks}, seharusnya {{seharusnya}} ({uraian}){catatan_rumus}.",
            utama=utama,
            kolom=k.label,
            **lok,
        )

    def _cek_pangsa(self, t: Tabel, b: BarisTabel, k: Kolom, kol: list[Kolom], lok: dict) -> None:
        """A share of the budget: pagu ÷ total × 100. The total is the one the footnote states, or
        the table's Jumlah row; else it is unknown (a table of one sasaran's programs shares the
        office's total, not its own column sum): the column sum counts only when the printed
        shares add up to 100, and otherwise every row must imply the same total within rounding;
        a row that disagrees with the others is a finding (not certain), a table where no total
        fits most rows is "tidak dapat diperiksa"."""
        kp = self._pilih(kol, "pagu", k.indeks, None)
        if kp is None:
            return
        penyebut = self._penyebut_pangsa(t, k, kp)
        x, p = self._nilai(b, k), self._nilai(b, kp, uang=True)
        if x is not None and p is not None and p.nilai == 0 and not p.persen:
            # A zero pagu is a zero share whatever the (positive) total, so no total is needed.
            self.periksa(
                "pangsa",
                x,
                [Decimal(0)],
                f"Persentase anggaran tertulis {x.teks}%, seharusnya {{seharusnya}}% (anggaran {_fmt_angka(p)}).",
                kolom=k.label,
                **lok,
            )
            return
        if x is None or p is None or penyebut is None:
            return
        total, yakin, alasan = penyebut
        if total is None:
            if alasan and not getattr(t, "_pangsa_dilaporkan", False):
                t._pangsa_dilaporkan = True
                self.tidak_dapat_diperiksa(alasan, t=t, b=b, kolom=k.label, nomor_data=lok.get("nomor_data"))
            return
        try:
            benar = pangsa_anggaran(p.nilai, total, _MENTAH["naik"]).nilai_mentah
        except GalatRumus:
            return
        self.periksa(
            "pangsa",
            x,
            [benar],
            f"Persentase anggaran tertulis {x.teks}%, seharusnya {{seharusnya}}% "
            f"(anggaran {_fmt_angka(p)} ÷ total {format_angka(total)} × 100).",
            kolom=k.label,
            keyakinan="pasti" if yakin else "mungkin",
            alasan_keyakinan="" if yakin else alasan,
            **lok,
        )

    def _penyebut_pangsa(self, t: Tabel, k: Kolom, kp: Kolom):
        """(total, certain, reason) of a share column, decided once per table and column."""
        simpan = t.__dict__.setdefault("_penyebut", {})
        if k.indeks in simpan:
            return simpan[k.indeks]
        hasil = None
        # "Total anggaran … = Rp …", "Persentase terhadap total pagu anggaran Dinas X Rp …".
        m = _TOTAL_CATATAN.search(t.catatan)
        total = baca_angka(m.group(1), uang=True) if m else None
        if total is not None:
            hasil = (total.nilai, True, "")
        baris = []
        for b in t.data:
            label = self._label_baris(t, b)
            ringkas = not _bernomor(b) and (_jenis_ringkas(label) or (b.sel and _jenis_ringkas(b.sel[0])))
            x, p = self._nilai(b, k), self._nilai(b, kp, uang=True)
            if ringkas == "jumlah" and p is not None and hasil is None:
                hasil = (p.nilai, True, "")
            elif not ringkas and x is not None and p is not None and p.nilai > 0:
                baris.append((x, p))  # a row without pagu says nothing of the total
        if hasil is None and baris:
            hasil = _total_tersirat(baris)
            if not hasil[1]:
                hasil = self._total_dokumen_pangsa(t, baris, hasil)
        simpan[k.indeks] = hasil
        return hasil

    def _total_pagu_dokumen(self) -> list[Decimal]:
        """The budget totals the document prints, once per place: the total row ("Jumlah",
        "Total", or the region's name) of every pagu column, the totals stated under a table
        ("Total anggaran … = Rp …", "… total pagu anggaran Dinas X Rp …") and the pagu a sentence
        states ("Pagu anggaran … sebesar Rp …", "… dari pagu Rp …")."""
        if hasattr(self, "_total_pagu"):
            return self._total_pagu
        hasil: list[Decimal] = []
        for b in self.dok.baris:
            if "\t" not in b.teks:
                for m in _PAGU_KALIMAT.finditer(b.teks):
                    total = baca_angka(m.group(1), uang=True)
                    if total is not None and total.nilai >= 1000:
                        hasil.append(total.nilai)
        for t in getattr(self, "daftar_tabel", []):
            m = _TOTAL_CATATAN.search(t.catatan)
            total = baca_angka(m.group(1), uang=True) if m else None
            if total is not None:
                hasil.append(total.nilai)
            if not t.berkepala:
                continue
            kolom_pagu = [k for k in t.kolom if k.peran == "pagu"]
            for b in t.data:
                label = self._label_baris(t, b)
                pertama = next((x.strip() for x in b.sel if x.strip()), "")
                if _bernomor(b) or not (
                    _jenis_ringkas(label) == "jumlah" or _jenis_ringkas(pertama) == "jumlah" or _WILAYAH.match(pertama)
                ):
                    continue
                for kp in kolom_pagu:
                    p = self._nilai(b, kp, uang=True)
                    if p is not None and p.nilai > 0:
                        hasil.append(p.nilai)
        self._total_pagu = hasil
        return hasil

    def _total_dokumen_pangsa(self, t: Tabel, baris, tersirat):
        """The base of a share table that prints no total and whose shares do not agree on one:
        the office's total pagu printed elsewhere in the document (a budget table's total row, a
        total stated under another table). The printed total that explains the most rows is
        taken (the most often printed one on a tie); the rows it does not explain are findings.
        Certain when the table's note says the base is the whole office's pagu ("÷ pagu seluruh
        Dinas X") and a row agrees with that total, or when every row agrees. With one row only
        and none agreeing, the most often printed total is used when the note says so, marked not
        certain. Otherwise the total the shares imply stays (``tersirat``)."""
        isi = baris
        daftar = self._total_pagu_dokumen()
        if not isi or not daftar:
            return tersirat
        frekuensi = Counter(daftar)
        dinyatakan = bool(_PANGSA_SELURUH.search(t.catatan))

        def cocok(total: Decimal) -> int:
            n = 0
            for x, p in isi:
                try:
                    v = pangsa_anggaran(p.nilai, total, _MENTAH["naik"]).nilai_mentah
                except GalatRumus:
                    continue
                n += _cocok(x, [v])
            return n

        skor = {v: cocok(v) for v in frekuensi}
        terbaik = max(skor, key=lambda v: (skor[v], frekuensi[v]))
        n, m = skor[terbaik], len(isi)
        if tersirat[0] is not None and cocok(tersirat[0]) > n:
            return tersirat
        sumber = (
            f"total pagu Rp {format_angka(terbaik)} yang tercetak di bagian lain dokumen ({frekuensi[terbaik]} kali)"
        )
        if n == m or (n and dinyatakan):
            return (terbaik, True, "")
        if n and n * 2 > m:
            return (
                terbaik,
                False,
                f"Total pembagi tidak tercetak di tabel ini; diambil {sumber}, yang cocok dengan {n} dari {m} baris.",
            )
        urutan = frekuensi.most_common(2)
        tunggal = len(urutan) == 1 or urutan[0][1] > urutan[1][1]
        if not n and m == 1 and dinyatakan and tunggal:
            terbanyak = urutan[0][0]
            return (
                terbanyak,
                False,
                "Total pembagi tidak tercetak di tabel ini; catatan tabel menyebut pagu seluruh perangkat daerah, "
                f"diambil total pagu Rp {format_angka(terbanyak)} yang paling sering tercetak di dokumen "
                f"({urutan[0][1]} kali).",
            )
        return tersirat


def _selang_efisiensi(c, s, metode):
    """The efficiencies a capaian and a serapan allow within their printed rounding."""
    hc, hs = _setengah(c), _setengah(s)
    if not hc and not hs:
        return None
    nilai = []
    for cv, sv in product((c.nilai - hc, c.nilai + hc), (s.nilai - hs, s.nilai + hs)):
        try:
            nilai.append(efisiensi(cv, sv, _MENTAH[metode]).nilai_mentah)
        except GalatRumus:
            continue
    nilai = [v for v in nilai if v is not None]
    return (min(nilai), max(nilai)) if nilai else None


def _selang_total(x, p):
    """The totals a printed share x (with its printed precision) of pagu p allows: (low, high)."""
    h = Decimal(1).scaleb(-x.desimal) / 2
    atas, bawah = x.nilai + h, x.nilai - h
    if atas <= 0:
        return None
    return (p.nilai * 100 / atas, p.nilai * 100 / bawah if bawah > 0 else None)


def _total_tersirat(baris):
    """The total a table's shares imply when no total is printed: (total, certain, reason).

    The column sum when the shares add up to 100 (within their rounding); else the total every
    row allows (rows agree: the sum of another table, e.g. the office's), checked against it; a
    total most rows allow when a few do not (those are findings, not certain); else unknown."""
    jumlah_pagu = sum(p.nilai for _, p in baris)
    jumlah_persen = sum(x.nilai for x, _ in baris)
    toleransi = sum(Decimal(1).scaleb(-x.desimal) / 2 for x, _ in baris) + Decimal("0.01")
    if abs(jumlah_persen - 100) <= toleransi:
        return (jumlah_pagu, True, "")
    selang = [s for s in (_selang_total(x, p) for x, p in baris) if s is not None]
    if len(selang) < 2:
        return (None, False, "Total pembagi persentase anggaran tidak tercetak dan tidak dapat disimpulkan.")
    # The total allowed by most rows: try each row's interval as the candidate.
    terbaik = None
    for bawah, atas in selang:
        cocok = [s for s in selang if s[0] <= (atas if atas is not None else s[0]) and (s[1] is None or s[1] >= bawah)]
        lo = max(s[0] for s in cocok)
        hi = min((s[1] for s in cocok if s[1] is not None), default=None)
        if hi is not None and lo > hi:
            continue
        if terbaik is None or len(cocok) > terbaik[0]:
            terbaik = (len(cocok), lo, hi)
    if terbaik is None:
        return (None, False, "Persentase anggaran tidak merujuk pada satu total yang sama dan total tidak tercetak.")
    n, lo, hi = terbaik
    total = (lo + hi) / 2 if hi is not None else lo
    if n == len(selang):
        return (total, True, "")
    if n * 2 > len(selang):
        return (
            total,
            False,
            f"Total pembagi tidak tercetak; disimpulkan dari {n} dari {len(selang)} baris yang merujuk total sama.",
        )
    return (None, False, "Persentase anggaran tidak merujuk pada satu total yang sama dan total tidak tercetak.")
