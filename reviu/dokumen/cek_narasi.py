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

from .angka import _TAHUN, Angka, Bacaan, baca_angka
from .baca import Dokumen
from .dasar import _MENTAH, _TURUN, _dalam_selang, _PemeriksaDasar, _pendek, _selang_capaian
from .tabel import _TAG, Tabel


class _CekNarasi(_PemeriksaDasar):
    """The checks of the formulas written in words, in the prose and in table cells."""

    def _periksa_narasi_sel(self, t: Tabel) -> None:
        for nomor, b in enumerate(t.data, 1):
            for s in b.sel:
                if len(s) > 15 and re.search(r"[=×x]", s):
                    lok = {"t": t, "b": b, "nomor_data": nomor, "label": self._label_baris(t, b)}
                    self._rumus(_normal_narasi(s), lok)

    def narasi(self) -> None:
        for teks, garis in _paragraf(self.dok):
            # A finding names the line its printed figure stands on, not the paragraph's first.
            lok = {"garis": garis}
            self._rumus(teks, lok)
            self._target_realisasi(teks, lok)
            self._anggaran_realisasi(teks, lok)
            self._efisiensi_narasi(teks, lok)
            self._terealisasi(teks, lok)

    def _rumus(self, s: str, lok: dict) -> None:
        """``s``: normalised text (:func:`_normal_narasi`); positions in it locate the finding."""
        for m in _POLA_BAGI.finditer(s):
            a, b2, c = (baca_angka(m.group(g), awal=False) for g in ("a", "b", "c"))
            self._cek_bagi(a, b2, c, m.group(0), _di(lok, m.start("c")))
        for m in _POLA_PECAHAN.finditer(s):
            a, c, b2 = (baca_angka(m.group(g), awal=False) for g in ("a", "c", "b"))
            self._cek_bagi(a, b2, c, m.group(0), _di(lok, m.start("c")))
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
                **_di(lok, m.start("c")),
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

    def _target_realisasi(self, s: str, lok: dict) -> None:
        """ "target T … realisasi R … capaian C %", in either order of target and realisasi
        ("terealisasi R dari target T sehingga capaian C %", "realisasi R terhadap target T,
        capaian C %"), with no other target/realisasi/capaian word between them; or the capaian
        first with its figures right after it ("capaian C % (realisasi R dari target T)")."""
        kata = [(m.start(), m.end(), _jenis_kata(m.group(0))) for m in _KATA_TRC.finditer(s)]
        sudah = set()
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
            sudah.add(idx)
            kutipan = s[t_mulai : akhir + cm.end()]
            self._nilai_capaian(
                tv, rv, cm.group(1), s[max(0, t_mulai - 200) : mulai], kutipan, akhir + cm.start(1), lok
            )
        for idx, (mulai, akhir, jenis) in enumerate(kata):
            # A pair already read with a capaian after it ("target T, realisasi R, capaian C") is that one's.
            if jenis != "c" or idx in sudah or idx + 2 >= len(kata) or idx + 3 in sudah:
                continue
            k1, k2 = kata[idx + 1], kata[idx + 2]
            if {k1[2], k2[2]} != {"t", "r"} or k2[0] - k1[1] > 160:
                continue
            cm = re.match(r"[^\d%]{0,40}?(-?\d[\d.,]*\s*(?:%|persen\b))", s[akhir:], re.I)
            if cm is None or akhir + cm.end() > k1[0]:
                continue  # the capaian's own figure comes before the target and realisasi words
            # The figures explain this capaian only when they follow it at once, in the same sentence.
            celah = s[akhir + cm.end() : k1[0]]
            if len(celah) > 30 or re.search(r"\d|[.!?](?:\s|$)|;", celah):
                continue
            (t_mulai, t_akhir, _), (r_mulai, r_akhir, _) = (k1, k2) if k1[2] == "t" else (k2, k1)
            ujung = kata[idx + 3][0] if idx + 3 < len(kata) else len(s)
            tv = _angka_pertama(s[t_akhir : (r_mulai if r_mulai > t_akhir else ujung)], 80)
            rv = _angka_pertama(s[r_akhir : (t_mulai if t_mulai > r_akhir else ujung)], 100)
            if tv is None or rv is None:
                continue
            selesai = re.search(r"\d[\d.,]*\d|\d", s[k2[1] :])
            kutipan = s[mulai : k2[1] + (selesai.end() if selesai else 0)]
            self._nilai_capaian(
                tv, rv, cm.group(1), s[max(0, mulai - 200) : mulai] + kutipan, kutipan, akhir + cm.start(1), lok
            )

    def _nilai_capaian(self, tv: Angka, rv: Angka, c_teks: str, konteks: str, kutipan: str, pos: int, lok):
        """Judge a capaian printed in a sentence against realisasi ÷ target × 100 (an inverse
        indicator named in the context is left alone)."""
        cv = baca_angka(c_teks, awal=False)
        if cv is None or _TURUN.search(konteks):
            return
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
            return
        if _dalam_selang(cv, _selang_capaian(tv, rv, ("naik",))):
            self.jumlah_pemeriksaan += 1  # explained by the rounding of the printed realisasi
            return
        self.periksa(
            "capaian",
            cv,
            calon,
            f"Uraian “{_pendek(kutipan, 110)}”: capaian {cv.teks}%, hasil hitung "
            f"ulang {{seharusnya}}% (realisasi {rv.teks} ÷ target {tv.teks} × 100).",
            utama=utama,
            **_di(lok, pos),
        )

    def _terealisasi(self, s: str, lok: dict) -> None:
        """ "sebanyak 16 dokumen dan terealisasi 10 dokumen (100%)": the percentage of a count."""
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
                **_di(lok, m.start("c")),
            )

    def _anggaran_realisasi(self, s: str, lok: dict) -> None:
        """A serapan stated with the two amounts it comes from, in either order: "pagu Rp A
        terealisasi Rp B (serapan S %)", "anggaran sebesar Rp A dengan realisasi Rp B atau
        dengan capaian sebesar S %", "realisasi anggaran Rp B dari pagu Rp A (serapan S %)",
        "penyerapan Rp B terhadap anggaran Rp A atau S %" (with or without "Rp"; "Rp 1,5
        miliar"). A bare "(S %)" after the amounts is taken as the serapan, marked not certain.
        "Rp B atau S % dari (pagu) Rp A" states its own division."""
        uang = [u for u in (_uang(m) for m in _JUMLAH_UANG.finditer(s)) if u is not None]
        for m in re.finditer(r"(-?\d[\d.,]*)\s*(%|persen\b)", s, re.I):
            pasangan = _persen_dari(s, m, uang) or _persen_sesudah(s, m, uang)
            if pasangan is None:
                continue
            (pv, pteks), (rv, rteks), mulai, akhir, jenis, telanjang = pasangan
            c = baca_angka(m.group(0), awal=False)
            if c is None:
                continue
            try:
                calon = [
                    serapan(y.nilai, x.nilai, _MENTAH["naik"]).nilai_mentah
                    for x, y in product(pv.bacaan[:2], rv.bacaan[:2])
                ]
                utama = serapan(rv.nilai, pv.nilai, _MENTAH["naik"]).nilai_mentah
            except GalatRumus:
                continue
            if jenis == "serapan":
                rumus = f"realisasi {_teks_uang(rteks)} ÷ anggaran {_teks_uang(pteks)} × 100"
            else:
                rumus = f"{_teks_uang(rteks)} ÷ {_teks_uang(pteks)} × 100"
            self.periksa(
                jenis,
                c,
                calon,
                f"Uraian “{_pendek(s[mulai:akhir], 110)}”: {jenis} {c.teks}%, hasil hitung ulang "
                f"{{seharusnya}}% ({rumus}).",
                utama=utama,
                keyakinan="mungkin" if telanjang else "pasti",
                alasan_keyakinan=(
                    "Persentase sesudah pagu dan realisasinya tanpa kata serapan/capaian; dibaca sebagai "
                    "serapan (realisasi ÷ pagu)."
                    if telanjang
                    else ""
                ),
                **_di(lok, m.start()),
            )

    def _efisiensi_narasi(self, s: str, lok: dict) -> None:
        for m in _POLA_EFISIENSI_1.finditer(s):
            serap, capai, ef = (baca_angka(m.group(g), awal=False) for g in ("s", "c", "e"))
            self._cek_ef_narasi(serap, capai, ef, ["ef_selisih", "ef_rasio"], m.group(0), _di(lok, m.start("e")))
        for m in _POLA_EFISIENSI_2.finditer(s):
            ef, capai, serap = (baca_angka(m.group(g), awal=False) for g in ("e", "c", "s"))
            rumus = ["ef_rasio"] if re.search(r"dibagi", m.group("op"), re.I) else ["ef_selisih"]
            self._cek_ef_narasi(serap, capai, ef, rumus, m.group(0), _di(lok, m.start("e")))

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
# An amount: "Rp 1.234.567", "Rp. 1.009,683,335,-", "Rp 1,53 miliar", or a bare figure of a million or
# more with thousands separators ("8.700.220.833"); its place in the sentence says what it is.
_JUMLAH_UANG = re.compile(
    r"(?:\bRp\.?\s*(?:Rp\.?\s*)?(?P<rp>\d[\d.,]*\d|\d)"
    r"|(?<![\w.,])(?P<besar>\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?)(?![\d.,]*\d))"
    r"(?:,-)?(?:\s*(?P<satuan>triliun|miliar|milyar|juta|ribu)\b)?",
    re.I,
)
_SATUAN_UANG = {"triliun": 10**12, "miliar": 10**9, "milyar": 10**9, "juta": 10**6, "ribu": 10**3}
# Words saying an amount was spent, and words naming the budget it was spent from.
_KATA_REAL = re.compile(r"\b(?:te|di)?realisasi\w*|\bdirealisasikan\b|\b(?:ter|di)?serap\w*|\bpenyerapan\b", re.I)
_KATA_ANGGARAN = re.compile(r"\b(?:anggaran|pagu|belanja|dpa|alokasi|dialokasikan)\b", re.I)
# Between the second amount and the percentage: a word naming the ratio ...
_KATA_RASIO = re.compile(r"capaian|serapan|penyerapan|terserap|persentase|prosentase|sebesar|tingkat", re.I)
# ... or nothing but a bracket or "atau": "Rp B (96,51 %)", "Rp B atau 96,51 %".
_ANTARA_TELANJANG = re.compile(r"[\s,;:(\-]*(?:atau|yaitu|yakni|=)?[\s(]*", re.I)
_BAGIAN_DARI = re.compile(r"\s*\)?\s*(?:dari|terhadap)\s+(?:total|jumlah|keseluruhan|seluruh)\b", re.I)
# After "S %": "dari (total) pagu (anggaran tahun 2024) (sebesar)", right before the amount it is of.
_LANJUT_DARI = re.compile(r"[\s)]*,?\s*(?:dari|terhadap)\b[^\d%.;:()]{0,60}?[\s:(]*", re.I)
_PREPOSISI = re.compile(r"[\s,]*(?:dari|terhadap|atas|dibandingkan(?:\s+dengan)?|dibanding)\b", re.I)
_BULAN = r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)"
# Dates and years say when, not how much: "realisasi s.d. 31 Desember 2023 sebesar Rp …".
_WAKTU = re.compile(rf"\b\d{{1,2}}\s+{_BULAN}\b|\b(?:19|20)\d\d\b", re.I)


def _uang(m: re.Match) -> tuple[int, int, Angka] | None:
    """(start, end, value) of an amount match, the unit word applied."""
    teks = m.group("rp") or m.group("besar")
    a = baca_angka(teks, uang=True, awal=False)
    if a is None:
        return None
    satuan = (m.group("satuan") or "").lower()
    if satuan:
        kali = _SATUAN_UANG[satuan]
        a = Angka(a.teks, tuple(Bacaan(b.nilai * kali, b.desimal) for b in a.bacaan), a.persen)
    return m.start(), m.end(), a


def _teks_uang(teks: str) -> str:
    teks = re.sub(r"^(?:Rp\.?\s*)+", "", teks.strip(), flags=re.I)
    return re.sub(r",-$", "", teks)


def _urutan_anggaran(s: str, a_mulai: int, tengah: str) -> str | None:
    """Which of two amounts is the budget: "pagu_dulu" ("pagu Rp A terealisasi Rp B"),
    "realisasi_dulu" ("realisasi Rp B dari pagu Rp A"), or None when the words do not say."""
    kata = list(_KATA_REAL.finditer(tengah))
    if kata:
        # The spending word must name the second amount: no percentage or new sentence between.
        sesudah = tengah[kata[-1].end() :]
        if re.search(r"%|persen|[.!?]\s+[A-Z]", sesudah, re.I):
            return None
        if _KATA_ANGGARAN.search(s[max(0, a_mulai - 140) : a_mulai]):
            return "pagu_dulu"
        return None
    # "… realisasi (anggaran) (sebesar) Rp B dari (total) pagu (sebesar) Rp A": the spending word
    # within the few words before the first amount, a preposition and the budget between them.
    depan = _WAKTU.sub(" ", s[max(0, a_mulai - 100) : a_mulai])
    # Cut at the last other figure or sentence end ("s.d. 31 Desember" is neither).
    potong = max((x.end() for x in re.finditer(r"\d|[.!?](?=\s+[A-Z])|;", depan)), default=0)
    kata_depan = depan[potong:].split()[-6:]
    if not any(_KATA_REAL.search(k) for k in kata_depan):
        return None
    t = _WAKTU.sub(" ", tengah)
    if re.search(r"\d|%", t) or len(t.split()) > 8 or not _PREPOSISI.match(t):
        return None
    sisa = _PREPOSISI.sub("", t, count=1)
    if sisa.strip(" ,") and not _KATA_ANGGARAN.search(sisa):
        return None
    return "realisasi_dulu"


def _persen_sesudah(s: str, m: re.Match, uang: list):
    """The percentage after both amounts ("pagu Rp A terealisasi Rp B (serapan S %)"):
    ((pagu), (realisasi), quote start, quote end, kind, bare) or None."""
    sebelum = [u for u in uang if u[1] <= m.start()]
    if len(sebelum) < 2:
        return None
    (a_mulai, a_akhir, av), (b_mulai, b_akhir, bv) = sebelum[-2], sebelum[-1]
    antara = s[b_akhir : m.start()]
    if len(antara) > 90 or re.search(r"\d", antara.replace(",-", "")):
        return None
    telanjang = bool(_ANTARA_TELANJANG.fullmatch(antara))
    if not telanjang and not _KATA_RASIO.search(antara):
        return None
    if telanjang and _BAGIAN_DARI.match(s[m.end() :]):
        return None  # "(12 % dari total anggaran)": a share of something else
    tengah = s[a_akhir:b_mulai]
    if len(tengah) > 160:
        return None
    urutan = _urutan_anggaran(s, a_mulai, tengah)
    if urutan is None:
        return None
    pagu, real = (av, s[a_mulai:a_akhir]), (bv, s[b_mulai:b_akhir])
    if urutan == "realisasi_dulu":
        pagu, real = real, pagu
    return pagu, real, a_mulai, m.end(), "serapan", telanjang


def _persen_dari(s: str, m: re.Match, uang: list):
    """ "Rp B atau S % dari (total) pagu Rp A": the sentence states S = B ÷ A × 100; a serapan
    when B is named as spent, else a plain percentage."""
    sebelum = [u for u in uang if u[1] <= m.start()]
    sesudah = [u for u in uang if u[0] >= m.end()]
    if not sebelum or not sesudah:
        return None
    (b_mulai, b_akhir, bv), (a_mulai, a_akhir, av) = sebelum[-1], sesudah[0]
    antara = s[b_akhir : m.start()]
    if len(antara) > 40 or re.search(r"\d", antara.replace(",-", "")):
        return None
    if not (_ANTARA_TELANJANG.fullmatch(antara) or _KATA_RASIO.search(antara)):
        return None
    lanjut = _WAKTU.sub(" ", s[m.end() : a_mulai])
    if len(lanjut) > 80 or not _LANJUT_DARI.fullmatch(lanjut):
        return None
    depan = s[max(0, b_mulai - 100) : b_mulai]
    potong = max((x.end() for x in re.finditer(r"\d|[.!?](?=\s+[A-Z])|;", _WAKTU.sub(" ", depan))), default=0)
    dibelanjakan = any(_KATA_REAL.search(k) for k in _WAKTU.sub(" ", depan)[potong:].split()[-6:])
    jenis = "serapan" if dibelanjakan and _KATA_ANGGARAN.search(lanjut) else "persentase"
    return (av, s[a_mulai:a_akhir]), (bv, s[b_mulai:b_akhir]), b_mulai, a_akhir, jenis, False


def _di(lok: dict, pos: int) -> dict:
    """The place of a prose finding: the line (and page) holding position ``pos`` of the
    paragraph's text; a table cell's place as given."""
    garis = lok.get("garis")
    if garis is None:
        return lok
    pilih = garis[0]
    for g in garis:
        if g[0] > pos:
            break
        pilih = g
    return {"nomor_teks": pilih[1], "halaman": pilih[2]}


def _jenis_kata(kata: str) -> str:
    k = kata.lower()
    if k.startswith("target"):
        return "t"
    if k.startswith(("realisasi", "terealisasi")):
        return "r"
    return "c"


def _angka_pertama(teks: str, batas: int) -> Angka | None:
    """First number starting within ``batas`` characters of ``teks``, read whole, skipping years
    and roman numerals; None when a formula sign or a cell border comes first."""
    # A number glued to letters is a code ("(I01)", "S8", "sin-03"), not a value.
    for m in re.finditer(rf"(?<![A-Za-z\d.,\-])({_NUM})(?![A-Za-z])(\s*(?:%|persen\b))?", teks, re.I):
        if m.start() >= batas:
            break  # the limit is where a number may start; cutting the text there cut 92,08 to 92
        token = m.group(1)
        if _TAHUN.match(token) and not m.group(2):
            continue
        depan = teks[: m.start()]
        if "¦" in depan or "=" in depan:
            return None
        return baca_angka(m.group(0), awal=False)
    return None


def _paragraf(dok: Dokumen):
    """Prose paragraphs (consecutive non-table lines), normalised (:func:`_normal_narasi`), each
    with its lines as (offset in the text, line number, page). A line opening with '=' joins the
    paragraph above (display formulas); so does a line that continues a sentence across a blank
    line or two (PDF layout text breaks a paragraph so: "… target 85,33" / "" / "(capaian …)")."""
    teks = ""
    garis: list[tuple[int, int, int | None]] = []
    nomor_terakhir = 0
    for b in dok.baris:
        if "\t" in b.teks:
            if garis:
                yield teks, garis
                teks, garis = "", []
            continue
        t = _normal_narasi(b.teks)
        if not t:
            continue
        if garis and not re.match(r"^=", t) and b.nomor - nomor_terakhir > 1:
            if not (b.nomor - nomor_terakhir <= 3 and _bersambung(teks, t)):
                yield teks, garis
                teks, garis = "", []
        if not garis:
            teks = t
        elif re.search(r"[A-Za-z]-$", teks) and re.match(r"[a-z]", t):
            teks += t  # a word hyphenated at the line end: "rata-" / "rata"
        else:
            teks += " " + t
        garis.append((len(teks) - len(t), b.nomor, b.halaman))
        nomor_terakhir = b.nomor
    if garis:
        yield teks, garis


def _bersambung(sebelum: str, baris: str) -> bool:
    """The line continues the sentence of ``sebelum``: that one does not end a sentence, a
    heading's colon or a list item, and this one opens in lower case, with a bracket, a
    percent sign or a figure that is not a list number ("243 memberikan …", not "2. Indikator")."""
    if re.search(r"[.!?:;]$", sebelum):
        return False
    if re.match(r"\d+[.)]\s|[A-Za-z][.)]\s", baris):
        return False
    return bool(re.match(r"[a-z(%),;]|\d", baris))
