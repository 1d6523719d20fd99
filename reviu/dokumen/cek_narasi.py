"""The checks of the formulas worked in the prose and in table cells ("A / B × 100 = C",
"target … realisasi … capaian …", "anggaran Rp … realisasi Rp …", efisiensi)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from itertools import product

from sakip.rumus import (
    Arah,
    GalatRumus,
    efisiensi,
    hitung_capaian,
    persentase,
    serapan,
)

from .angka import _TAHUN, Angka, _fmt_angka, baca_angka
from .baca import Dokumen
from .dasar import _MENTAH, _TURUN, _dalam_selang, _PemeriksaDasar, _pendek, _selang_capaian
from .tabel import _TAG, Tabel


class _CekNarasi(_PemeriksaDasar):
    """The checks of the formulas written in words, in the prose and in table cells."""

    def _periksa_narasi_sel(self, t: Tabel) -> None:
        for nomor, b in enumerate(t.data, 1):
            for s in b.sel:
                if len(s) > 15 and re.search(r"[=×x]", s):
                    self._rumus(s, {"t": t, "b": b, "nomor_data": nomor, "label": self._label_baris(t, b)})

    def narasi(self) -> None:
        for teks, nomor, halaman in _paragraf(self.dok):
            lok = {"nomor_teks": nomor, "halaman": halaman}
            self._rumus(teks, lok)
            self._target_realisasi(teks, lok)
            self._anggaran_realisasi(teks, lok)
            self._efisiensi_narasi(teks, lok)
            self._terealisasi(teks, lok)

    def _rumus(self, teks: str, lok: dict) -> None:
        s = _normal_narasi(teks)
        for m in _POLA_BAGI.finditer(s):
            a, b2, c = (baca_angka(m.group(g), awal=False) for g in ("a", "b", "c"))
            self._cek_bagi(a, b2, c, m.group(0), lok)
        for m in _POLA_PECAHAN.finditer(s):
            a, c, b2 = (baca_angka(m.group(g), awal=False) for g in ("a", "c", "b"))
            self._cek_bagi(a, b2, c, m.group(0), lok)
        for m in _POLA_KALI.finditer(s):
            if re.search(r"\d\s*$", s[: m.start()]):
                continue
            a, b2, c = (baca_angka(m.group(g), awal=False) for g in ("a", "b", "c"))
            if a is None or b2 is None or c is None or b2.nilai == 100:
                continue
            calon = [av.nilai * bv.nilai for av, bv in product(a.bacaan[:2], b2.bacaan[:2])]
            self.periksa(
                "perkalian",
                c,
                calon,
                f"Perhitungan “{_pendek(m.group(0), 60)}”: {a.teks} × {b2.teks} = {{seharusnya}}, bukan {c.teks}.",
                utama=a.nilai * b2.nilai,
                desimal_min=0,
                **lok,
            )

    def _cek_bagi(self, a: Angka | None, b: Angka | None, c: Angka | None, kutipan: str, lok: dict) -> None:
        if a is None or b is None or c is None:
            return
        calon = []
        for av, bv in product(a.bacaan[:2], b.bacaan[:2]):
            try:
                calon.append(persentase(av.nilai, bv.nilai, _MENTAH["naik"]).nilai_mentah)
            except GalatRumus:
                continue
        try:
            utama = persentase(a.nilai, b.nilai, _MENTAH["naik"]).nilai_mentah
        except GalatRumus:
            utama = None
        self.periksa(
            "persentase",
            c,
            calon,
            f"Perhitungan “{_pendek(kutipan, 70)}”: {a.teks} ÷ {b.teks} × 100 = {{seharusnya}}, bukan {c.teks}.",
            utama=utama,
            **lok,
        )

    def _target_realisasi(self, teks: str, lok: dict) -> None:
        """ "target T … realisasi R … capaian C %", in either order of target and realisasi
        ("terealisasi R dari target T sehingga capaian C %", "realisasi R terhadap target T,
        capaian C %"), with no other target/realisasi/capaian word between them."""
        s = _normal_narasi(teks)
        kata = [(m.start(), m.end(), _jenis_kata(m.group(0))) for m in _KATA_TRC.finditer(s)]
        for idx, (mulai, akhir, jenis) in enumerate(kata):
            if jenis != "c" or idx < 2:
                continue
            k1, k2 = kata[idx - 2], kata[idx - 1]
            if {k1[2], k2[2]} != {"t", "r"}:
                continue
            (t_mulai, t_akhir, _), (r_mulai, r_akhir, _) = (k1, k2) if k1[2] == "t" else (k2, k1)
            if k2[0] - k1[1] > 160 or mulai - k2[1] > 260:
                continue
            # Each number follows its own word, before the next keyword.
            tv = _angka_pertama(s[t_akhir : (r_mulai if r_mulai > t_akhir else mulai)], 80)
            rv = _angka_pertama(s[r_akhir : (t_mulai if t_mulai > r_akhir else mulai)], 100)
            t_mulai = min(t_mulai, r_mulai)
            cm = re.match(r"[^\d%]{0,40}?(-?\d[\d.,]*\s*(?:%|persen\b))", s[akhir:], re.I)
            if tv is None or rv is None or cm is None:
                continue
            cv = baca_angka(cm.group(1), awal=False)
            if cv is None:
                continue
            konteks = s[max(0, t_mulai - 200) : mulai]
            if _TURUN.search(konteks):
                continue
            calon = []
            for a, b in product(tv.bacaan[:2], rv.bacaan[:2]):
                try:
                    h = hitung_capaian(a.nilai, b.nilai, Arah.NAIK, _MENTAH["naik"])
                except GalatRumus:
                    continue
                calon.append(h.nilai_mentah)
            try:
                utama = hitung_capaian(tv.nilai, rv.nilai, Arah.NAIK, _MENTAH["naik"]).nilai_mentah
            except GalatRumus:
                continue
            if _dalam_selang(cv, _selang_capaian(tv, rv, ("naik",))):
                self.jumlah_pemeriksaan += 1  # explained by the rounding of the printed realisasi
                continue
            self.periksa(
                "capaian",
                cv,
                calon,
                f"Uraian “{_pendek(s[t_mulai : akhir + cm.end()], 110)}”: capaian {cv.teks}%, hasil hitung "
                f"ulang {{seharusnya}}% (realisasi {rv.teks} ÷ target {tv.teks} × 100).",
                utama=utama,
                **lok,
            )

    def _terealisasi(self, teks: str, lok: dict) -> None:
        """ "sebanyak 16 dokumen dan terealisasi 10 dokumen (100%)": the percentage of a count."""
        s = _normal_narasi(teks)
        for m in _POLA_TEREALISASI.finditer(s):
            a, b, c = (baca_angka(m.group(g), awal=False) for g in ("a", "b", "c"))
            if a is None or b is None or c is None:
                continue
            try:
                calon = [
                    persentase(y.nilai, x.nilai, _MENTAH["naik"]).nilai_mentah
                    for x, y in product(a.bacaan[:2], b.bacaan[:2])
                ]
            except GalatRumus:
                continue
            self.periksa(
                "persentase",
                c,
                calon,
                f"Uraian “{_pendek(m.group(0), 110)}”: {b.teks} dari {a.teks} {m.group('u')} = "
                f"{{seharusnya}}%, bukan {c.teks}%.",
                **lok,
            )

    def _anggaran_realisasi(self, teks: str, lok: dict) -> None:
        s = _normal_narasi(teks)
        rp = [(m.start(), m.end(), baca_angka(m.group(1), uang=True, awal=False)) for m in _RUPIAH.finditer(s)]
        for m in re.finditer(r"(-?\d[\d.,]*)\s*(%|persen\b)", s, re.I):
            sebelum = [x for x in rp if x[1] <= m.start()]
            if len(sebelum) < 2:
                continue
            b_mulai, b_akhir, bv = sebelum[-1]
            a_mulai, a_akhir, av = sebelum[-2]
            antara = s[b_akhir : m.start()]
            if len(antara) > 90 or not re.search(r"capaian|serapan|penyerapan|persentase|sebesar", antara, re.I):
                continue
            if re.search(r"\d", antara.replace(",-", "")):
                continue
            tengah = s[a_akhir:b_mulai]
            if len(tengah) > 160 or not re.search(r"\b(?:te)?realisasi", tengah, re.I):
                continue
            if not re.search(r"anggaran|pagu|belanja|dpa", s[max(0, a_mulai - 140) : a_mulai], re.I):
                continue
            c = baca_angka(m.group(0), awal=False)
            if av is None or bv is None or c is None:
                continue
            try:
                calon = [
                    serapan(y.nilai, x.nilai, _MENTAH["naik"]).nilai_mentah
                    for x, y in product(av.bacaan[:2], bv.bacaan[:2])
                ]
                utama = serapan(bv.nilai, av.nilai, _MENTAH["naik"]).nilai_mentah
            except GalatRumus:
                continue
            self.periksa(
                "serapan",
                c,
                calon,
                f"Uraian “{_pendek(s[a_mulai : m.end()], 110)}”: serapan {c.teks}%, hasil hitung ulang "
                f"{{seharusnya}}% (realisasi {_fmt_angka(bv)} ÷ anggaran {_fmt_angka(av)} × 100).",
                utama=utama,
                **lok,
            )

    def _efisiensi_narasi(self, teks: str, lok: dict) -> None:
        s = _normal_narasi(teks)
        for m in _POLA_EFISIENSI_1.finditer(s):
            serap, capai, ef = (baca_angka(m.group(g), awal=False) for g in ("s", "c", "e"))
            self._cek_ef_narasi(serap, capai, ef, ["ef_selisih", "ef_rasio"], m.group(0), lok)
        for m in _POLA_EFISIENSI_2.finditer(s):
            ef, capai, serap = (baca_angka(m.group(g), awal=False) for g in ("e", "c", "s"))
            rumus = ["ef_rasio"] if re.search(r"dibagi", m.group("op"), re.I) else ["ef_selisih"]
            self._cek_ef_narasi(serap, capai, ef, rumus, m.group(0), lok)

    def _cek_ef_narasi(self, serap, capai, ef, metode, kutipan, lok) -> None:
        if serap is None or capai is None or ef is None:
            return
        calon = []
        for m in metode:
            for cv, sv in product(capai.bacaan[:2], serap.bacaan[:2]):
                try:
                    calon.append(efisiensi(cv.nilai, sv.nilai, _MENTAH[m]).nilai_mentah)
                except GalatRumus:
                    continue
        if not calon:
            return
        nama = "capaian ÷ serapan × 100" if metode == ["ef_rasio"] else "capaian − serapan"
        self.periksa(
            "efisiensi",
            ef,
            calon,
            f"Uraian “{_pendek(kutipan, 110)}”: tingkat efisiensi {ef.teks}, menurut rumus yang tertulis "
            f"({nama}) seharusnya {{seharusnya}}.",
            utama=_utama_efisiensi(capai, serap, metode[0]),
            **lok,
        )


def _utama_efisiensi(capai: Angka, serap: Angka, metode: str) -> Decimal | None:
    try:
        return efisiensi(capai.nilai, serap.nilai, _MENTAH[metode]).nilai_mentah
    except GalatRumus:
        return None


def _normal_narasi(teks: str) -> str:
    s = unicodedata.normalize("NFKC", teks)
    s = s.replace("\\times", "×").replace("\\%", "%").replace("\\*", "*").replace("$", " ")
    s = s.replace("\t", " ¦ ").replace("**", "").replace("\u2013", "-").replace("\u2212", "-")
    s = _TAG.sub(" ", s)
    return " ".join(s.split())


_NUM = r"(?:-?\d[\d.,]*\d|\d)"
_PCT = rf"(?:{_NUM})(?:\s*%)?"
_POLA_BAGI = re.compile(
    rf"(?P<a>{_NUM})(?:\s*[a-zA-Z]+){{0,2}}\s*(?:/|:|÷|dibagi(?:\s+dengan)?(?:[^¦\d=]{{0,90}}?))\s*\(?"
    rf"(?P<b>{_NUM})\)?(?:\s*[a-zA-Z]+){{0,2}}\s*\)?\s*[x×X*]\s*100\s*%?\s*=\s*(?P<c>{_PCT})",
)
_POLA_PECAHAN = re.compile(
    rf"(?P<a>{_NUM})\s*-{{3,}}\s*[x×X*]\s*100\s*%?\s*=\s*(?P<c>{_NUM}\s*%)\s*(?P<b>{_NUM})",
)
_POLA_KALI = re.compile(rf"(?P<a>{_NUM})\s*[x×X*]\s*(?P<b>{_NUM})\s*%?\s*=\s*(?P<c>{_PCT})(?!\s*[x×X*])")
_POLA_EFISIENSI_1 = re.compile(
    rf"capaian\s+(?P<s>{_NUM}\s*%)\s*dibandingkan\s+dengan\s+capaian\s+kinerja\s+(?P<c>{_NUM}\s*%)"
    rf"[^¦]{{0,40}}?efisiensi\s+(?:sebesar\s+)?(?P<e>{_PCT})",
    re.I,
)
_POLA_EFISIENSI_2 = re.compile(
    rf"efisiensi\w*\s+(?:adalah|sebesar)\s+(?P<e>{_NUM}\s*%)[^¦]{{0,120}}?capaian\s+kinerja[^()¦]{{0,40}}"
    rf"\(\s*(?P<c>{_NUM}\s*%)\s*\)\s*(?P<op>dibagi|dikurangi)[^()¦]{{0,80}}?\(\s*(?P<s>{_NUM}\s*%)\s*\)",
    re.I,
)
_POLA_TEREALISASI = re.compile(
    rf"(?P<a>{_NUM})\s+(?P<u>[a-zA-Z]+)\s+dan\s+(?:te|ter)?realisasi\w*\s+(?:sebanyak\s+)?(?P<b>{_NUM})\s+(?P=u)\s*"
    rf"\(\s*(?P<c>{_NUM}\s*%)\s*\)",
    re.I,
)
_KATA_TRC = re.compile(r"\b(target\w*|(?:te)?realisasi\w*|capaian\w*|tercapai)\b", re.I)
_RUPIAH = re.compile(r"\bRp\.?\s*((?:Rp\.?\s*)?\d[\d.,]*\d)", re.I)


def _jenis_kata(kata: str) -> str:
    k = kata.lower()
    if k.startswith("target"):
        return "t"
    if k.startswith(("realisasi", "terealisasi")):
        return "r"
    return "c"


def _angka_pertama(teks: str, batas: int) -> Angka | None:
    """First number in ``teks`` (within ``batas`` characters), skipping years and roman
    numerals; None when a formula sign or a cell border comes first."""
    # A number glued to letters is a code ("(I01)", "S8", "sin-03"), not a value.
    for m in re.finditer(rf"(?<![A-Za-z\d.,\-])({_NUM})(?![A-Za-z])(\s*(?:%|persen\b))?", teks[:batas], re.I):
        token = m.group(1)
        if _TAHUN.match(token) and not m.group(2):
            continue
        depan = teks[: m.start()]
        if "¦" in depan or "=" in depan:
            return None
        return baca_angka(m.group(0), awal=False)
    return None


def _paragraf(dok: Dokumen):
    """Prose paragraphs (consecutive non-table lines) with their first line number and page;
    a line opening with '=' joins the paragraph above (display formulas)."""
    kini: list[str] = []
    nomor = halaman = None
    nomor_terakhir = 0
    for b in dok.baris:
        t = b.teks.strip()
        if "\t" in b.teks:
            if kini:
                yield " ".join(kini), nomor, halaman
                kini = []
            continue
        if not t:
            continue
        if kini and re.match(r"^\$*\s*=", t):
            kini.append(t)
            continue
        if kini and (b.nomor - nomor_terakhir > 1):
            yield " ".join(kini), nomor, halaman
            kini = []
        if not kini:
            nomor, halaman = b.nomor, b.halaman
        kini.append(t)
        nomor_terakhir = b.nomor
    if kini:
        yield " ".join(kini), nomor, halaman
