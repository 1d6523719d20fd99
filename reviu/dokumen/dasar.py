"""What every check shares: the methodologies tried, summary-row labels, and the base of the
checker (findings, the count of checks, reading a row's cells and its capaian)."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import product

from sakip.rumus import (
    Arah,
    AturanKemajuan,
    GalatRumus,
    Metodologi,
    RumusEfisiensi,
    RumusTurun,
    bulatkan,
    hitung_capaian,
)

from .angka import Angka, _cocok, _desimal_uang, _fmt, _terdekat
from .baca import Dokumen
from .hasil import TemuanDokumen, TidakDiperiksa
from .tabel import BarisTabel, Kolom, Tabel, _angka_sel

_METODE = {
    "naik": Metodologi(skala=None),
    "turun_selisih": Metodologi(skala=None, rumus_turun=RumusTurun.SELISIH),
    "turun_rasio": Metodologi(skala=None, rumus_turun=RumusTurun.RASIO),
    "ef_selisih": Metodologi(skala=None, rumus_efisiensi=RumusEfisiensi.SELISIH),
    "ef_rasio": Metodologi(skala=None, rumus_efisiensi=RumusEfisiensi.RASIO),
    "kemajuan_selisih": Metodologi(skala=None, aturan_kemajuan=AturanKemajuan.SELISIH_TAHUN),
    "kemajuan_akhir": Metodologi(skala=None, aturan_kemajuan=AturanKemajuan.TERHADAP_TARGET_AKHIR),
}
# Unrounded results: the library rounds to 'desimal' places, so ask for many.
_MENTAH = {k: m.ganti(desimal=6) for k, m in _METODE.items()}


_TURUN = re.compile(
    r"\blama\b|\bdeviasi\b|\bwaktu rata|\bpengaduan\b|\bkesalahan\b|\bangka kematian\b"
    # Stated directions, as offices write them.
    r"|semakin\s+(?:kecil|rendah|sedikit|cepat)\s+semakin\s+baik|makin\s+(?:kecil|rendah)\s+makin\s+baik"
    r"|indikator\s+negatif|\(\s*negatif\s*\)|\(\s*[-−]\s*\)|arah\s*:?\s*(?:turun|menurun|negatif)"
    r"|\(\s*(?:turun|menurun)\s*\)|↓",
    re.I,
)
_RINGKAS_JUMLAH = re.compile(r"^\W*(jumlah|total|sub\s*total|pagu)\b", re.I)
_RINGKAS_RATA = re.compile(r"\b(rata\s*[-–]?\s*rata|rerata)\b", re.I)
# The capaian of a sasaran printed under its indicators: their mean in most methodologies
# (weighted in some: a finding on it is marked not certain). The office's or the PK's capaian
# is a mean of sasaran, not of the rows above it: not checked.
_CAPAIAN_AGREGAT = re.compile(r"^\W*capaian\s+sasaran(?:\s+(?:strategis\s+)?\d+)?\W*$", re.I)


# Columns that hold one year's figure: the report's year is the one they normally name.
_PERAN_TAHUNAN = ("target", "realisasi", "capaian", "pagu", "realisasi_anggaran", "serapan")
# Words that say a table or column is about an earlier year on purpose.
_TAHUN_LAIN = re.compile(
    r"tahun\s+(?:lalu|sebelumnya)|tahun-tahun|sebelumnya|\bN\s*[-–]\s*1\b|kondisi\s+awal|\bawal\b|baseline|"
    r"\btren\b|perkembangan|\bdasar\b",
    re.I,
)


def _setengah(a: Angka) -> Decimal:
    """Half a unit of the last printed decimal of a number printed with decimals (it was
    rounded); a whole number is taken as exact (targets are set in whole numbers)."""
    return Decimal(1).scaleb(-a.desimal) / 2 if a.desimal > 0 else Decimal(0)


def _selang_capaian(ta: Angka, ra: Angka, metode) -> list[tuple[Decimal, Decimal]]:
    """The capaian that target and realisasi allow within their printed rounding, one interval
    per formula (a realisasi printed 57,61 may be 57,6132: 57,61 ÷ 80 gives 72,01 where the
    report prints 72,02)."""
    ht, hr = Decimal(0), _setengah(ra)
    if not ht and not hr:
        return []
    selang = []
    for m in metode:
        nilai = []
        for tv, rv in product((ta.nilai - ht, ta.nilai + ht), (ra.nilai - hr, ra.nilai + hr)):
            try:
                h = hitung_capaian(tv, rv, Arah.NAIK if m == "naik" else Arah.TURUN, _MENTAH[m])
            except GalatRumus:
                continue
            if h.nilai_mentah is not None:
                nilai.append(h.nilai_mentah)
        if nilai:
            selang.append((min(nilai), max(nilai)))
    return selang


def _dalam_selang(a: Angka, selang) -> bool:
    """The printed number (with its own rounding) can be a value of the interval (or of one of
    a list of intervals)."""
    if not selang:
        return False
    if isinstance(selang, list):
        return any(_dalam_selang(a, s) for s in selang)
    h = Decimal(1).scaleb(-a.desimal) / 2
    # Rounded half-up (± half a unit) or truncated (up to one unit below the value).
    return a.nilai + 2 * h > selang[0] and a.nilai - h <= selang[1]


def _bernomor(b) -> bool:
    """The row opens with a row number ("5", "5.", "(5)"): a data row, never a summary."""
    pertama = next((x.strip() for x in b.sel if x.strip()), "")
    return bool(re.fullmatch(r"\(?\d{1,3}[.)]?", pertama))


_KATA_RATA = {
    "capaian",
    "kinerja",
    "sasaran",
    "nilai",
    "persentase",
    "organisasi",
    "indikator",
    "iku",
    "opd",
    "perangkat",
    "daerah",
    "pk",
    "perjanjian",
    "total",
    "keseluruhan",
    "seluruh",
    "tahun",
    "strategis",
    "utama",
    "persen",
}


def _jenis_ringkas(label: str) -> str | None:
    """'jumlah' or 'rata' for a summary row label ("Jumlah", "Total", "JUMLAH ANGGARAN",
    "Rata-rata capaian : 76,24%", "Capaian kinerja rata-rata"), else None. Labels such as
    "Jumlah penduduk wajib KTP" are data rows (component counts), not totals."""
    label = " ".join((label or "").split())
    if not label:
        return None
    if re.fullmatch(r"(\w )+\w", label):
        label = label.replace(" ", "")
    kata = re.sub(r":.*$", "", label).split()
    if _CAPAIAN_AGREGAT.match(label) and len(kata) <= 6:
        return "rata"
    if _RINGKAS_RATA.search(label) and len(kata) <= 6:
        # "Rata-rata capaian", "Capaian kinerja rata-rata", "Rerata": an average of the rows; not
        # an indicator named "Rata-rata lama penyelesaian aduan".
        sisa = _RINGKAS_RATA.sub(" ", re.sub(r":.*$", "", label).lower())
        if set(re.findall(r"[a-z]+", sisa)) <= _KATA_RATA:
            return "rata"
    if _RINGKAS_JUMLAH.match(label):
        if label.lower().startswith("pagu") and not re.fullmatch(r"\W*pagu\W*", label, re.I):
            return None  # "Pagu indikatif …" labels a data row
        if len(kata) <= 3 or re.search(r"anggaran|pagu|realisasi|belanja|biaya", label, re.I):
            return "jumlah"
    return None


def _pendek(teks: str, n: int = 70) -> str:
    teks = " ".join(teks.split())
    return teks if len(teks) <= n else teks[: n - 1].rstrip() + "…"


def _kunci_indikator(teks: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", teks.lower()).split())


def _indikator_sama(a: str, b: str) -> bool:
    """Two indicator keys name the same indicator: equal, or one starts the other (a label cut
    by a wrapped cell, or followed by its data note), at least 20 characters long."""
    if a == b:
        return True
    pendek, panjang = sorted((a, b), key=len)
    return len(pendek) >= 20 and panjang.startswith(pendek)


class _PemeriksaDasar:
    """The checker's state and bookkeeping, and what several checks read from a row; the checks
    themselves are the mixins in ``cek_tabel``, ``cek_ringkasan`` and ``cek_narasi``."""

    def __init__(self, dok: Dokumen) -> None:
        self.dok = dok
        self.temuan: list[TemuanDokumen] = []
        self.tidak_diperiksa: list[TidakDiperiksa] = []
        self.jumlah_pemeriksaan = 0
        self.realisasi_tahunan: dict[str, dict[int, Angka]] = {}
        # Every realisasi printed under a year in a header: (table, indicator key, year, figure).
        self.realisasi_bertahun: list[tuple[int, str, int, Angka]] = []
        # The years named by the measuring columns of each table with a header.
        self.tahun_tabel: list[set[int]] = []

    # ------------------------------------------------------------------ bookkeeping

    def _lokasi(
        self,
        t: Tabel | None,
        b: BarisTabel | None,
        nomor_data: int | None,
        label: str | None,
        kolom: str | None,
        nomor_teks: int | None,
        halaman: int | None,
    ) -> str:
        bagian = []
        if halaman is not None:
            bagian.append(f"halaman {halaman}")
        if t is not None:
            bagian.append(t.nama)
            if nomor_data is not None:
                teks = f"baris {nomor_data}"
                if label:
                    teks += f" ({_pendek(label, 60)})"
                bagian.append(teks)
            if kolom:
                bagian.append(f"kolom {_pendek(kolom, 50)}")
        if nomor_teks is not None:
            bagian.append(f"baris teks {nomor_teks}")
        return ", ".join(bagian)

    def catat(
        self,
        jenis: str,
        tercetak: Angka | str,
        seharusnya: str,
        uraian: str,
        *,
        t: Tabel | None = None,
        b: BarisTabel | None = None,
        nomor_data: int | None = None,
        label: str | None = None,
        kolom: str | None = None,
        nomor_teks: int | None = None,
        halaman: int | None = None,
        selisih: Decimal | None = None,
        desimal: int = 2,
        keyakinan: str = "pasti",
        alasan_keyakinan: str = "",
    ) -> None:
        if b is not None:
            nomor_teks = b.nomor
            halaman = b.halaman
        teks_cetak = tercetak.teks if isinstance(tercetak, Angka) else tercetak
        self.temuan.append(
            TemuanDokumen(
                jenis=jenis,
                lokasi=self._lokasi(t, b, nomor_data, label, kolom, nomor_teks, halaman),
                uraian=uraian,
                tercetak=teks_cetak,
                seharusnya=seharusnya,
                selisih=None if selisih is None else _fmt(selisih, desimal),
                halaman=halaman,
                tabel=t.nama if t is not None else None,
                baris=nomor_data,
                kolom=kolom,
                baris_teks=nomor_teks,
                keyakinan=keyakinan,
                alasan_keyakinan=alasan_keyakinan,
            )
        )

    def tidak_dapat_diperiksa(
        self,
        alasan: str,
        *,
        t: Tabel | None = None,
        b: BarisTabel | None = None,
        nomor_data: int | None = None,
        label: str | None = None,
        kolom: str | None = None,
        nomor_teks: int | None = None,
        halaman: int | None = None,
    ) -> None:
        """Say that a figure could not be judged, and why, instead of guessing a rule."""
        if b is not None:
            nomor_teks, halaman = b.nomor, b.halaman
        self.tidak_diperiksa.append(
            TidakDiperiksa(
                lokasi=self._lokasi(t, b, nomor_data, label, kolom, nomor_teks, halaman),
                alasan=alasan,
                halaman=halaman,
                tabel=t.nama if t is not None else None,
            )
        )

    def periksa(
        self,
        jenis: str,
        tercetak: Angka,
        calon: list[Decimal | None],
        uraian: str,
        *,
        utama: Decimal | None = None,
        desimal_min: int = 2,
        uang: bool = False,
        keyakinan: str = "pasti",
        alasan_keyakinan: str = "",
        **lokasi,
    ) -> bool:
        """Compare a printed number with candidate recomputations; record a finding if none
        explains it. ``utama``: the value to report as correct (default: closest candidate)."""
        calon = [c for c in calon if c is not None]
        if not calon:
            return True
        self.jumlah_pemeriksaan += 1
        if _cocok(tercetak, calon):
            return True
        pasangan = _terdekat(tercetak, [utama] if utama is not None else calon)
        if pasangan is None:
            return True
        bacaan, benar = pasangan
        d = _desimal_uang(benar) if uang else max(bacaan.desimal, desimal_min)
        self.catat(
            jenis,
            tercetak,
            _fmt(benar, d),
            uraian.replace("{seharusnya}", _fmt(benar, d)),
            selisih=bulatkan(benar, d) - bacaan.nilai,
            desimal=d,
            keyakinan=keyakinan,
            alasan_keyakinan=alasan_keyakinan,
            **lokasi,
        )
        return False

    # ------------------------------------------------------------------ year labels

    def _periksa_tahun_kepala(self, t: Tabel, tahun: int | None) -> None:
        """A year label one year off in the header of a table of the report's year.

        (a) "Target 2023 | Realisasi 2024" in a 2024 report, with no target of 2024 beside it (the
        capaian would pair nothing). A realisasi or target of another year next to one of the
        report's year (a comparison with last year) is no finding.
        (b) A table of measurements (target, realisasi, capaian, pagu) whose columns name last
        year only ("Realisasi 2023", "Pagu 2023", or a group header "2023" over target,
        realisasi and capaian) while no column names the report's year, the title names no other
        year and nothing says it is about last year (a trend table, "tahun lalu", "kondisi
        awal"): the report's year was meant. Both are findings marked not certain."""
        if tahun is None:
            return
        ukur = [k for k in t.kolom if k.peran in ("target", "realisasi") and k.tahun and not k.akhir]
        if any(k.tahun == tahun for k in ukur):
            for k in ukur:
                if abs(k.tahun - tahun) != 1:
                    continue
                if any(x.peran == k.peran and x.tahun == tahun for x in t.kolom):
                    continue
                if any(
                    x.tahun == k.tahun and x is not k and x.peran in ("target", "realisasi", "capaian") for x in t.kolom
                ):
                    continue  # a pair of that year: a comparison, not a slip
                self._catat_tahun(
                    t,
                    k,
                    tahun,
                    f"Kepala kolom “{k.label}” menyebut tahun {k.tahun}, padahal kolom pasangannya dan laporan "
                    f"ini tahun {tahun}.",
                    "Tahun pada kepala tabel disimpulkan dari kolom lain dan judul laporan.",
                )
            return
        self._periksa_tahun_lalu(t, tahun)

    def _ingat_realisasi_bertahun(self, t: Tabel) -> None:
        tahun = {k.tahun for k in t.kolom if k.tahun and not k.akhir and k.peran in _PERAN_TAHUNAN}
        if tahun:
            self.tahun_tabel.append(tahun)
        for b in t.data:
            kunci = _kunci_indikator(self._label_baris(t, b))
            if not kunci:
                continue
            for k in t.kolom:
                if k.peran == "realisasi" and k.tahun and not k.akhir:
                    a = self._nilai(b, k)
                    if a is not None:
                        self.realisasi_bertahun.append((id(t), kunci, k.tahun, a))

    def _bukti_tahun(self, t: Tabel, k: Kolom, tahun: int) -> tuple[int, int]:
        """(rows whose figure other tables print as the report year's and not last year's, rows
        whose figure they print as last year's and not the report year's) of a realisasi column."""
        kini = lalu = 0
        for b in t.data:
            kunci = _kunci_indikator(self._label_baris(t, b))
            a = self._nilai(b, k)
            if not kunci or a is None:
                continue
            sama = [(th, x) for tb, kc, th, x in self.realisasi_bertahun if tb != id(t) and _indikator_sama(kc, kunci)]
            di_kini = any(th == tahun and x.nilai == a.nilai for th, x in sama)
            di_lalu = any(th == tahun - 1 and x.nilai == a.nilai for th, x in sama)
            kini += di_kini and not di_lalu
            lalu += di_lalu and not di_kini
        return kini, lalu

    def _periksa_tahun_lalu(self, t: Tabel, tahun: int) -> None:
        """Rule (b) of :meth:`_periksa_tahun_kepala`; not when the realisasi printed under last
        year's label are those other tables print for last year."""
        bertahun = [k for k in t.kolom if k.tahun and not k.akhir]
        if {k.tahun for k in bertahun} != {tahun - 1}:
            return  # no year, or several: a table of other years or a comparison
        ukur = [k for k in bertahun if k.peran in _PERAN_TAHUNAN]
        if not ukur:
            return
        # The report's year must be the one the other tables name: most tables with a year in
        # their header name it (else the year read from the opening pages may be wrong).
        kini = sum(1 for x in self.tahun_tabel if tahun in x)
        if kini < 2 or kini <= sum(1 for x in self.tahun_tabel if x == {tahun - 1}):
            return
        judul = " ".join(x for x in (t.judul, t.konteks) if x)
        if any(int(y) != tahun for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", judul)):
            return  # the title names the year(s) the table is about
        if _TAHUN_LAIN.search(judul) or any(_TAHUN_LAIN.search(k.label) for k in t.kolom):
            return
        tahun_baris = {int(s.strip()) for b in t.data for s in b.sel if re.fullmatch(r"(?:19|20)\d\d", s.strip())}
        if tahun_baris - {tahun}:
            return  # years down the rows: a trend table
        kini = lalu = 0
        for x in ukur:
            if x.peran == "realisasi":
                a, b = self._bukti_tahun(t, x, tahun)
                kini, lalu = kini + a, lalu + b
        if tahun_baris and not kini:
            # Every row names the report year (e.g. the year of a benchmark): checked only when
            # other tables print these realisasi as the report year's.
            return
        self.jumlah_pemeriksaan += 1
        if lalu:
            return  # the figures are last year's, as other tables print them
        k = ukur[0]
        nama = ", ".join(f"“{x.label}”" for x in ukur[:3])
        bukti = (
            f" Realisasi {kini} indikator di tabel ini sama dengan realisasi tahun {tahun} indikator itu di tabel lain."
            if kini
            else ""
        )
        self._catat_tahun(
            t,
            k,
            tahun,
            f"Kepala kolom {nama} menyebut tahun {k.tahun}, padahal laporan ini tahun {tahun} dan tidak ada "
            f"kolom tahun {tahun} di tabel ini; judulnya tidak menyebut tahun lain.{bukti}",
            "Tabel tidak menyebut tahun yang disajikannya selain di kepala kolom; tahun laporan disimpulkan "
            "dari halaman awal. Bila tabel ini memang menyajikan data tahun lalu, abaikan.",
            hitung=False,
        )

    def _catat_tahun(self, t: Tabel, k: Kolom, tahun: int, uraian: str, alasan: str, hitung: bool = True) -> None:
        if hitung:
            self.jumlah_pemeriksaan += 1
        self.catat(
            "tahun",
            str(k.tahun),
            str(tahun),
            uraian,
            t=t,
            b=t.baris[0] if t.baris else None,
            kolom=k.label,
            keyakinan="mungkin",
            alasan_keyakinan=alasan,
        )

    # ------------------------------------------------------------------ reading a row

    def _nilai(self, b: BarisTabel, k: Kolom | None, uang: bool = False) -> Angka | None:
        if k is None or k.indeks >= len(b.sel):
            return None
        return _angka_sel(b.sel[k.indeks], uang=uang)

    def _label_baris(self, t: Tabel, b: BarisTabel) -> str:
        for peran in ("indikator", "uraian"):
            for k in t.kolom:
                if k.peran == peran and k.indeks < len(b.sel) and b.sel[k.indeks].strip():
                    if _angka_sel(b.sel[k.indeks]) is None or len(b.sel[k.indeks]) > 12:
                        return b.sel[k.indeks]
        for s in b.sel:
            s2 = s.strip()
            if len(s2) > 3 and _angka_sel(s2) is None:
                return s2
            if len(s2) > 12 and re.match(r"^\d+\.\s*\D", s2):
                return s2
        return ""

    @staticmethod
    def _pilih(kolom: list[Kolom], peran: str, sebelum: int, tahun: int | None, sesudah: int = -1) -> Kolom | None:
        calon = [k for k in kolom if k.peran == peran and sesudah < k.indeks < sebelum]
        if not calon:
            return None
        if tahun is not None:
            sama = [k for k in calon if k.tahun == tahun]
            if sama:
                return sama[-1]
        return calon[-1]

    def _capaian_baris(self, t: Tabel, b: BarisTabel, k: Kolom, label: str):
        """(target, realisasi, candidate capaian values, turun) of a row, or None."""
        kt = self._pilih(t.kolom, "target", k.indeks, k.tahun)
        kr = self._pilih(t.kolom, "realisasi", k.indeks, k.tahun)
        if kt is None or kr is None:
            return None
        if k.tahun is not None:
            # A capaian of one year needs the realisasi of that year and its target (or the
            # end-of-period target); never pair columns of different years.
            if kr.tahun is not None and kr.tahun != k.tahun:
                return None
            if kt.tahun is not None and kt.tahun != k.tahun and not kt.akhir:
                return None
        ta, ra = self._nilai(b, kt), self._nilai(b, kr)
        if ta is None or ra is None:
            return None
        satuan = next((b.sel[x.indeks] for x in t.kolom if x.peran == "satuan" and x.indeks < len(b.sel)), "")
        turun = bool(_TURUN.search(label)) or satuan.strip().lower() == "hari"
        # An indicator not recognised as inverse may still be one (its direction is printed
        # nowhere): a value either inverse formula explains is no finding; the value reported as
        # correct is the ordinary one.
        metode = ("turun_selisih", "turun_rasio") if turun else ("naik", "turun_selisih", "turun_rasio")
        calon = []
        for tv, rv in product(ta.bacaan[:3], ra.bacaan[:3]):
            for m in metode:
                try:
                    h = hitung_capaian(tv.nilai, rv.nilai, Arah.NAIK if m == "naik" else Arah.TURUN, _MENTAH[m])
                except GalatRumus:
                    continue
                if h.nilai_mentah is not None:
                    calon.append(h.nilai_mentah)
        if not calon:
            return None
        if not turun:
            try:
                utama = hitung_capaian(ta.nilai, ra.nilai, Arah.NAIK, _MENTAH["naik"]).nilai_mentah
            except GalatRumus:
                utama = None
            if utama is not None:
                calon = [utama] + [c for c in calon if c != utama]
        return ta, ra, calon, turun, satuan, _selang_capaian(ta, ra, metode if turun else ("naik",))
