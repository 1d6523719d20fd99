"""The checks across rows: headerless tables, summary rows (jumlah, rata-rata), program →
kegiatan → sub kegiatan subtotals over tables continued on the next page, and IKM tables."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from difflib import SequenceMatcher
from itertools import product

from sakip.formatting import format_angka
from sakip.rumus import (
    GalatRumus,
    bulatkan,
    hitung_ikm,
    serapan,
)

from .angka import _RP, Angka, _cocok, _fmt_angka, _terdekat, baca_angka
from .dasar import _MENTAH, _bernomor, _dalam_selang, _jenis_ringkas, _PemeriksaDasar
from .tabel import BarisTabel, Kolom, Tabel, _ada_angka, _angka_sel


class _CekRingkasan(_PemeriksaDasar):
    """The checks across the rows of a table: headerless tables, totals, averages, subtotals, IKM."""

    # ------------------------------------------------------------------ headerless tables

    def _periksa_tanpa_kepala(self, t: Tabel) -> None:
        """Rows with an (amount, amount, percentage) run of cells and no header: checked as
        pagu / realisasi / serapan only when most rows of the table agree with that reading."""
        calon = []
        for nomor, b in enumerate(t.data, 1):
            nilai = [_angka_sel(s, uang=True) for s in b.sel]
            for i in range(len(nilai) - 2):
                p, r, s = nilai[i], nilai[i + 1], _angka_sel(b.sel[i + 2])
                if p is None or r is None or s is None:
                    continue
                if p.nilai < 1000 or r.nilai < 1000 or p.persen or r.persen or not Decimal(0) < s.nilai < 1000:
                    continue
                if "%" not in b.sel[i + 2] and (i + 3 >= len(b.sel) or b.sel[i + 3].strip() != "%") and s.desimal == 0:
                    continue
                try:
                    hitung = [
                        serapan(rv.nilai, pv.nilai, _MENTAH["naik"]).nilai_mentah
                        for pv, rv in product(p.bacaan[:2], r.bacaan[:2])
                    ]
                except GalatRumus:
                    break
                calon.append((nomor, b, p, r, s, hitung))
                break
        if len(calon) < 3:
            return
        cocok = sum(1 for *_, s, h in calon if _cocok(s, h))
        if cocok * 2 < len(calon):
            return
        for nomor, b, p, r, s, hitung in calon:
            utama = serapan(r.nilai, p.nilai, _MENTAH["naik"]).nilai_mentah
            self.periksa(
                "serapan",
                s,
                hitung,
                f"Persentase tertulis {s.teks}%, hasil hitung ulang {{seharusnya}}% (realisasi {_fmt_angka(r)} ÷ "
                f"pagu {_fmt_angka(p)} × 100; kolom dikenali dari urutan angka karena kepala tabel tidak terbaca).",
                utama=utama,
                t=t,
                b=b,
                nomor_data=nomor,
                label=self._label_tanpa_kepala(b),
            )

    @staticmethod
    def _label_tanpa_kepala(b: BarisTabel) -> str:
        return max((s for s in b.sel if _angka_sel(s) is None), key=len, default="")

    # ------------------------------------------------------------------ summary rows and subtotals

    def _jumlah_tanpa_kepala(self, grup: list[Tabel], baris: list) -> None:
        """A table whose header has no role word (penduduk, dokumen, KTP-el, …) and whose last row
        is a total ("Jumlah", or its region's name): each column of whole numbers is checked
        against the sum of the rows above it. Percentage columns and tables whose rows nest
        (a row equal to the sum of the rows under it) are left alone."""
        if len(baris) < 3:
            return
        t, akhir = baris[-1]
        label = self._teks_label_ringkas(akhir)
        wilayah = [i for i, (_, b) in enumerate(baris) if _WILAYAH.match(self._teks_label_ringkas(b))]
        if _jenis_ringkas(label) != "jumlah" and wilayah != [len(baris) - 1]:
            return
        kepala = t.baris[0].sel if t.baris else []
        isi = [b for _, b in baris[:-1] if _ada_angka(b.sel)]
        if len(isi) < 2:
            return
        for k in range(1, len(akhir.sel)):
            judul = kepala[k] if k < len(kepala) else ""
            if re.search(r"%|persen|capaian|rata|tahun|\bno\b", judul, re.I):
                continue
            a = _angka_sel(akhir.sel[k])
            nilai = [_angka_sel(b.sel[k]) if k < len(b.sel) else None for b in isi]
            if a is None or a.persen or any(n is None or n.persen for n in nilai):
                continue
            if re.fullmatch(r"(19|20)\d\d", akhir.sel[k].strip()) or _tampak_bertingkat([n.nilai for n in nilai]):
                continue
            self.periksa(
                "jumlah",
                a,
                [sum(n.nilai for n in nilai)],
                f"Jumlah tertulis {a.teks}, seharusnya {{seharusnya}} (jumlah {len(nilai)} baris di atasnya).",
                desimal_min=0,
                t=t,
                b=akhir,
                nomor_data=t.data.index(akhir) + 1 if akhir in t.data else None,
                label=label,
                kolom=judul or None,
            )

    def _periksa_ringkasan(self, grup: list[Tabel]) -> None:
        baris = [(t, b) for t in grup for b in t.data]
        if not baris:
            return
        t0 = grup[0]
        if self._periksa_berjenjang(grup, baris):
            return
        if not t0.berkepala:
            self._jumlah_tanpa_kepala(grup, baris)
            return
        # Mean rows of a table whose sasaran rows stand above their indicators are checked
        # there, by level; the plain mean of every row above would mix sasaran and indicators.
        ditangani = self._periksa_capaian_kelompok(grup, baris)
        ringkas_idx = [i for i, (t, b) in enumerate(baris) if _jenis_ringkas(self._teks_label_ringkas(b))]
        # A total labelled by its region ("Kabupaten Probolinggo", "Se-Kota Dumai") instead of
        # "Jumlah": the last row, when it is the only row so labelled.
        wilayah = [i for i, (_, b) in enumerate(baris) if _WILAYAH.match(self._teks_label_ringkas(b))]
        if wilayah == [len(baris) - 1] and len(baris) >= 3 and wilayah[0] not in ringkas_idx:
            ringkas_idx.append(wilayah[0])
        batas = -1
        for pos, i in enumerate(ringkas_idx):
            t, b = baris[i]
            label = self._teks_label_ringkas(b)
            segmen = [x for x in baris[batas + 1 : i] if not _jenis_ringkas(self._teks_label_ringkas(x[1]))]
            if not segmen:
                akhir = ringkas_idx[pos + 1] if pos + 1 < len(ringkas_idx) else len(baris)
                segmen = baris[i + 1 : akhir]
            batas = i
            segmen = [x for x in segmen if _ada_angka(x[1].sel)]
            if not segmen:
                continue
            nilai_ringkas = self._petakan_ringkas(t, b, label)
            rata = _jenis_ringkas(label) == "rata"
            if rata and id(b) in ditangani:
                continue
            for k, a in nilai_ringkas.items():
                data = [self._nilai(x[1], k, uang=k.peran in ("pagu", "realisasi_anggaran", "sisa")) for x in segmen]
                data = [d for d in data if d is not None]
                if not data:
                    continue
                nomor = t.data.index(b) + 1
                lok = {"t": t, "b": b, "nomor_data": nomor, "label": label, "kolom": k.label}
                if rata:
                    calon = [sum(d.nilai for d in data) / len(data)]
                    benar = self._rata_benar(segmen, k)
                    if benar is not None:
                        calon.append(benar)
                    # A row that says "rata-rata" is an average; "Capaian Sasaran 1" is one by the
                    # usual method, not by its own words.
                    yakin = {}
                    if not _RATA_TERSURAT.search(label):
                        yakin = {
                            "keyakinan": "mungkin",
                            "alasan_keyakinan": "Baris ringkasan tidak menyebut cara menghitungnya; diperiksa sebagai "
                            "rata-rata tanpa bobot dari baris di atasnya.",
                        }
                    self.periksa(
                        "rata_rata",
                        a,
                        calon,
                        f"Rata-rata tertulis {a.teks}, seharusnya {{seharusnya}} (rata-rata {len(data)} "
                        f"baris di atasnya"
                        + (" dengan capaian yang dihitung ulang" if benar is not None else "")
                        + ").",
                        utama=benar if benar is not None else calon[0],
                        **yakin,
                        **lok,
                    )
                    continue
                if k.peran in ("capaian", "serapan", "persen_sisa", "pangsa", "efisiensi", "kemajuan") or a.persen:
                    continue
                if any(d.persen for d in data):
                    continue
                total = sum(d.nilai for d in data)
                if _tampak_bertingkat([d.nilai for d in data]):
                    continue
                calon = [total]
                if k.peran == "sisa":
                    kp = self._pilih(t.kolom, "pagu", k.indeks, None)
                    kr = self._pilih(t.kolom, "realisasi_anggaran", k.indeks, None)
                    p, r = self._nilai(b, kp, uang=True), self._nilai(b, kr, uang=True)
                    if p is not None and r is not None:
                        calon.append(p.nilai - r.nilai)
                uang = k.peran in ("pagu", "realisasi_anggaran", "sisa") or total >= 1000
                self.periksa(
                    "jumlah",
                    a,
                    calon,
                    f"Jumlah tertulis {a.teks}, seharusnya {{seharusnya}} (jumlah {len(data)} baris di atasnya).",
                    utama=total,
                    uang=uang,
                    **lok,
                )

    def _rata_benar(self, segmen: list[tuple[Tabel, BarisTabel]], k: Kolom) -> Decimal | None:
        """Mean of the recomputed capaian of the rows (when every row can be recomputed); the
        reading of each row is the one closest to its printed capaian."""
        if k.peran != "capaian":
            return None
        nilai = []
        for t, b in segmen:
            tercetak = self._nilai(b, k)
            hasil = self._capaian_baris(t, b, k, self._label_baris(t, b))
            if hasil is None:
                if tercetak is None:
                    continue
                return None
            calon = hasil[2]
            if tercetak is not None:
                pasangan = _terdekat(tercetak, calon)
                nilai.append(pasangan[1] if pasangan else calon[0])
            else:
                nilai.append(calon[0])
        if not nilai:
            return None
        return sum(bulatkan(v, 2) for v in nilai) / len(nilai)

    # ------------------------------------------------------------------ sasaran and office capaian

    def _periksa_capaian_kelompok(self, grup: list[Tabel], baris: list[tuple[Tabel, BarisTabel]]) -> set[int]:
        """A measurement table (sasaran / indikator, target, realisasi, capaian): a group row that
        prints only a capaian above the indicators under it (a sasaran) is their mean, and the row
        of the office's or the PK's capaian ("Capaian kinerja organisasi", "Capaian Perjanjian
        Kinerja") is the mean of the indicators or of the sasaran. Rows are told apart by what they
        print (target and realisasi, or a capaian alone), not by their words, except that last row."""
        t0 = grup[0]
        batas = _batas_capaian(" ".join(t.catatan for t in grup))
        ditangani: set[int] = set()
        for urut, k0 in enumerate(k for k in t0.kolom if k.peran == "capaian"):
            kolom = {}
            for t in grup:
                sama = [k for k in t.kolom if k.peran == "capaian"]
                if urut >= len(sama) or sama[urut].tahun != k0.tahun:
                    break
                kc = sama[urut]
                kt = self._pilih(t.kolom, "target", kc.indeks, kc.tahun)
                kr = self._pilih(t.kolom, "realisasi", kc.indeks, kc.tahun)
                if kt is None or kr is None:
                    break
                kolom[id(t)] = (kc, kt, kr)
            else:
                ditangani |= self._kelompok_satu_kolom(baris, kolom, batas)
        return ditangani

    def _kelompok_satu_kolom(self, baris, kolom, batas: list[Decimal]) -> set[int]:
        """The checks of one capaian column; the ids of the mean rows checked."""
        ditangani: set[int] = set()
        isi = []  # (kind, table, row, printed capaian, recomputed capaian)
        for t, b in baris:
            kc, kt, kr = kolom[id(t)]
            if not _ada_angka(b.sel):
                continue
            c = self._nilai(b, kc)
            ada_tr = any(x.indeks < len(b.sel) and b.sel[x.indeks].strip() for x in (kt, kr))
            label = self._teks_label_ringkas(b)
            if ada_tr:
                isi.append(("indikator", t, b, c, self._capaian_ulang(t, b, kc, c)))
            elif c is not None and label and _AGREGAT_ATAS.match(label):
                isi.append(("agregat", t, b, c, None))
            elif c is not None and label and _jenis_ringkas(label) == "rata":
                isi.append(("rata", t, b, c, None))
            elif c is not None and label and not _jenis_ringkas(label) and not _bernomor(b):
                isi.append(("kelompok", t, b, c, None))
            else:
                isi.append(("lain", t, b, c, None))
        # Group rows stand above their indicators only when the table opens with one; a table
        # whose group rows follow their indicators is left to the labelled summary rows.
        pertama = next((x[0] for x in isi if x[0] != "lain"), None)
        diatas = pertama == "kelompok"
        anak_dari: dict[int, list] = {}
        if diatas:
            for i, (macam, t, b, c, _) in enumerate(isi):
                if macam != "kelompok":
                    continue
                anak = []
                for x in isi[i + 1 :]:
                    if x[0] == "lain":
                        continue
                    if x[0] != "indikator":
                        break
                    anak.append(x)
                anak = [x for x in anak if x[3] is not None]
                anak_dari[i] = anak
                if not anak:
                    continue
                pasti = len(anak) == 1 and all(anak[0][3].nilai <= m for m in batas)
                self._periksa_rata_kelompok(
                    t,
                    b,
                    c,
                    _bacaan_rata(anak, batas),
                    f"rata-rata capaian {len(anak)} indikator di bawahnya",
                    "pasti" if pasti else "mungkin",
                    ""
                    if pasti
                    else "Capaian sasaran diperiksa sebagai rata-rata tanpa bobot capaian indikatornya (dengan "
                    "atau tanpa batas atas); laporan tidak menyebut bobotnya.",
                    kolom[id(t)][0].label,
                )
        mulai = 0
        for i, (macam, t, b, c, _) in enumerate(isi):
            if macam not in ("agregat", "rata"):
                continue
            rentang = range(mulai, i)
            mulai = i + 1
            if macam == "rata" and not (diatas and any(isi[j][0] == "kelompok" for j in rentang)):
                continue
            indikator = [isi[j] for j in rentang if isi[j][0] == "indikator" and isi[j][3] is not None]
            if not indikator:
                continue
            bacaan = _bacaan_rata(indikator, batas)
            uraian = f"rata-rata capaian {len(indikator)} indikator"
            kelompok = [j for j in rentang if isi[j][0] == "kelompok"] if diatas else []
            if kelompok:
                uraian += f", atau {len(kelompok)} sasaran"
                bacaan.update({("sasaran",) + k: v for k, v in _bacaan_rata([isi[j] for j in kelompok], batas).items()})
                per = [_bacaan_rata(anak_dari[j], batas) for j in kelompok if anak_dari.get(j)]
                if len(per) == len(kelompok):
                    for kunci in per[0]:
                        if all(kunci in x for x in per):
                            nilai = [x[kunci][0] for x in per]
                            bacaan[("sasaran_ulang",) + kunci] = (
                                sum(nilai) / len(nilai),
                                max(x[kunci][1] for x in per),
                            )
            self._periksa_rata_kelompok(
                t,
                b,
                c,
                bacaan,
                uraian,
                "mungkin",
                "Cara menghitung capaian organisasi/PK tidak disebut; diperiksa sebagai rata-rata tanpa bobot "
                "capaian indikator atau capaian sasaran (dengan atau tanpa batas atas).",
                kolom[id(t)][0].label,
            )
            ditangani.add(id(b))
        return ditangani

    def _capaian_ulang(self, t: Tabel, b: BarisTabel, k: Kolom, c: Angka | None) -> tuple[Decimal, Decimal] | None:
        """The recomputed capaian of a row: by its usual formula, and the reading closest to its
        printed capaian (an inverse indicator not named so); None when it cannot be recomputed."""
        hasil = self._capaian_baris(t, b, k, self._label_baris(t, b))
        if hasil is None:
            return None
        calon = hasil[2]
        pasangan = _terdekat(c, calon) if c is not None else None
        return bulatkan(calon[0], 2), bulatkan(pasangan[1] if pasangan else calon[0], 2)

    def _periksa_rata_kelompok(
        self, t, b, c: Angka, bacaan: dict, uraian: str, keyakinan: str, alasan: str, kolom: str
    ) -> None:
        """The printed mean against every reading (value, half-width of the rounding of its inputs)."""
        if any(_dalam_selang(c, (v - h, v + h)) for v, h in bacaan.values()):
            self.jumlah_pemeriksaan += 1
            return
        utama = bacaan.get(("ulang",), bacaan.get(("cetak",)))[0]
        label = self._teks_label_ringkas(b)
        self.periksa(
            "rata_rata",
            c,
            [v for v, _ in bacaan.values()],
            f"Capaian tertulis {c.teks}, seharusnya {{seharusnya}} ({uraian}).",
            utama=utama,
            keyakinan=keyakinan,
            alasan_keyakinan=alasan,
            t=t,
            b=b,
            nomor_data=t.data.index(b) + 1,
            label=label,
            kolom=kolom,
        )

    @staticmethod
    def _teks_label_ringkas(b: BarisTabel) -> str:
        # A numbered row is a data row, whatever its label says ("5 | Rata-rata lama penyelesaian
        # aduan", "2 | Jumlah layanan publik …"): summary rows carry no row number.
        if _bernomor(b):
            return ""
        return next((s for s in b.sel if s.strip() and _angka_sel(s) is None), "")

    def _petakan_ringkas(self, t: Tabel, b: BarisTabel, label: str) -> dict[Kolom, Angka]:
        """Values of a summary row by column; numbers written in the label cell ("Rata-rata
        capaian : 76,24%") or beyond the header are given to the percentage columns in order."""
        hasil: dict[int, Angka] = {}
        lepas: list[Angka] = []
        lebar = len(t.kolom)
        for i, s in enumerate(b.sel):
            if not s.strip():
                continue
            a = (
                _angka_sel(s, uang=True)
                if i < lebar and t.kolom[i].peran in ("pagu", "realisasi_anggaran", "sisa")
                else _angka_sel(s)
            )
            if a is None:
                m = re.search(r":\s*([-\d.,\s]+%?)\s*$", s)
                if m:
                    a2 = baca_angka(m.group(1), awal=False)
                    if a2 is not None:
                        lepas.append(a2)
                continue
            if i < lebar and (t.kolom[i].peran != "lain" or self._kolom_berdata(t, t.kolom[i])):
                hasil[i] = a
            else:
                lepas.append(a)
        if lepas:
            kosong = [k for k in t.kolom if k.indeks not in hasil and k.peran in ("capaian", "serapan", "efisiensi")]
            for k, a in zip(kosong, lepas, strict=False):
                hasil[k.indeks] = a
        return {t.kolom[i]: a for i, a in hasil.items()}

    def _kolom_berdata(self, t: Tabel, k: Kolom) -> bool:
        return any(self._nilai(b, k) is not None for b in t.data if not _jenis_ringkas(self._teks_label_ringkas(b)))

    def _periksa_berjenjang(self, grup: list[Tabel], baris: list[tuple[Tabel, BarisTabel]]) -> bool:
        """Program / kegiatan / sub kegiatan subtotals; True when the table is hierarchical."""
        tingkat = _tingkat_baris([b for _, b in baris])
        if tingkat is None:
            return False
        seri = [_jumlah_uang(b.sel) for _, b in baris]
        panjang = Counter(len(s) for s, (lv, _) in zip(seri, tingkat, strict=True) if s and lv is not None)
        if not panjang:
            return False
        n = panjang.most_common(1)[0][0]
        kepala = grup[0]
        for i, ((t, b), (lv, jenis)) in enumerate(zip(baris, tingkat, strict=True)):
            if not seri[i] or len(seri[i]) != n:
                continue
            if jenis == "total":
                anak = [
                    j for j in range(len(baris)) if j != i and tingkat[j][0] is not None and tingkat[j][1] != "total"
                ]
                if not anak:
                    continue
                puncak = min(tingkat[j][0] for j in anak)
                atas = [j for j in anak if tingkat[j][0] == puncak]
                daun = [j for j in anak if not any(tingkat[x][0] > tingkat[j][0] for x in _anak_dari(j, tingkat))]
                self._cek_subtotal(kepala, t, b, i, seri, n, atas, daun, "total")
                continue
            if lv is None:
                continue
            anak = _anak_dari(i, tingkat)
            if not anak:
                continue
            langsung = [j for j in anak if tingkat[j][0] == min(tingkat[x][0] for x in anak)]
            daun = [j for j in anak if not _anak_dari(j, tingkat)]
            self._cek_subtotal(kepala, t, b, i, seri, n, langsung, daun, "induk")
        return True

    def _cek_subtotal(
        self,
        kepala: Tabel,
        t: Tabel,
        b: BarisTabel,
        i: int,
        seri: list[list[Angka]],
        n: int,
        langsung: list[int],
        daun: list[int],
        jenis: str,
    ) -> None:
        if any(len(seri[j]) != n for j in langsung):
            return
        label = self._label_baris(t, b) or self._teks_label_ringkas(b)
        for kk in range(n):
            a = seri[i][kk]
            total = sum(seri[j][kk].nilai for j in langsung)
            calon = [total]
            if daun and all(len(seri[j]) == n for j in daun):
                calon.append(sum(seri[j][kk].nilai for j in daun))
            kolom = f"angka ke-{kk + 1} (anggaran)" if n > 1 else None
            if jenis == "total":
                uraian = (
                    f"Jumlah tertulis {a.teks}, seharusnya {{seharusnya}} (jumlah {len(langsung)} baris tingkat teratas"
                )
                if len(calon) > 1 and calon[1] != total:
                    uraian += f"; jumlah rincian terbawah {format_angka(calon[1])}"
                uraian += ")."
            else:
                uraian = (
                    f"Subtotal tertulis {a.teks}, seharusnya {{seharusnya}} (jumlah {len(langsung)} rincian "
                    "di bawahnya)."
                )
            self.periksa(
                "jumlah",
                a,
                [calon[0]] if jenis == "induk" else calon,
                uraian,
                utama=total,
                uang=True,
                t=t,
                b=b,
                nomor_data=t.data.index(b) + 1,
                label=label,
                kolom=kolom,
            )

    # ------------------------------------------------------------------ IKM

    def _periksa_ikm(self, t: Tabel) -> None:
        """IKM per unsur table (rows U1..U9): the printed index (or converted value) against
        the mean of the 9 unsur means (PermenPANRB 14/2017, weight 1/9, via hitung_ikm)."""
        unsur: list[Decimal] = []
        ringkas = None
        for b in t.data:
            isi = [s for s in b.sel if s.strip()]
            if not isi:
                continue
            angka = [a for a in (_angka_sel(s) for s in isi[1:]) if a is not None]
            if re.fullmatch(r"u\s*[1-9]", isi[0].strip(), re.I) and angka and 1 <= angka[0].nilai <= 4:
                unsur.append(angka[0].nilai)
            elif re.search(r"\b(nilai\s+)?(ikm|indeks)\b", isi[0], re.I) and angka and len(unsur) == 9:
                ringkas = (b, angka[-1], isi[0])
        if ringkas is None or len(unsur) != 9:
            return
        try:
            h = hitung_ikm(unsur)
        except GalatRumus:
            return
        b, a, label = ringkas
        besar = a.nilai > 4
        nilai = h.nilai_ikm_mentah if besar else h.nilai_indeks
        self.periksa(
            "rata_rata",
            a,
            [nilai],
            f"Nilai IKM tertulis {a.teks}, seharusnya {{seharusnya}} (rata-rata 9 unsur"
            + (" × 25" if besar else "")
            + ", bobot 1/9).",
            t=t,
            b=b,
            nomor_data=t.data.index(b) + 1,
            label=label,
        )


def _tampak_bertingkat(nilai: list[Decimal]) -> bool:
    """True when some value equals the sum of the values right below it (an unmarked
    parent row): then a plain column sum would count it twice."""
    for i in range(len(nilai) - 1):
        jumlah = Decimal(0)
        for j in range(i + 1, len(nilai)):
            jumlah += nilai[j]
            if j > i + 1 and jumlah == nilai[i] and nilai[i] != 0:
                return True
            if j == i + 1 and nilai[j] == nilai[i] and nilai[i] != 0 and len(nilai) > 2:
                return True
            if jumlah > nilai[i]:
                break
    return False


_KODE = re.compile(r"^\d{1,2}(\.\d{1,4}){2,}$")


def _tingkat_kode(kode: str) -> int | None:
    if re.fullmatch(r"\d\.\d{2}\.\d{2}", kode):
        return 1
    if re.fullmatch(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}", kode):
        return 2
    if len(kode.split(".")) >= 5:
        return 3
    return None


_ROMAWI = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$")


def _penanda(b: BarisTabel) -> tuple[str | None, str]:
    """(kind of row marker, label) of a table row: 'kode', 'huruf', 'romawi', 'angka'."""
    sel = [s.strip() for s in b.sel]
    isi = [s for s in sel if s]
    if not isi:
        return None, ""
    pertama = isi[0]
    label = isi[1] if len(isi) > 1 else ""
    m = re.match(r"^([A-Za-z]{1,4}|\d{1,3})[.)]?$", pertama)
    if _KODE.match(pertama):
        return "kode:" + pertama, label
    # Code and name in one cell ("2.12.01 PROGRAM ..."), as many layouts print them.
    mk = re.match(r"^(\d{1,2}(?:\.\d{1,4}){2,})\s+(\S.*)$", pertama)
    if mk:
        return "kode:" + mk.group(1), mk.group(2)
    if m and m.group(1).isdigit():
        return "angka", label
    if m and m.group(1).isupper() and len(m.group(1)) == 1:
        return "huruf:" + m.group(1), label
    if m and _ROMAWI.match(m.group(1)):
        return "romawi", label
    m2 = re.match(r"^(\d{1,2})\.\s+\S", pertama)
    if m2:
        return "angka", pertama
    return None, pertama


def _tingkat_baris(rows: list[BarisTabel]) -> list[tuple[int | None, str]] | None:
    """Level of each row (program 1 < kegiatan 2 < sub kegiatan 3, total rows apart), or None
    when the table has no reliable hierarchy markers."""
    info = []
    for b in rows:
        jenis, label = _penanda(b)
        info.append((jenis, label, _jumlah_uang(b.sel)))
    ada_kode = any(j and j.startswith("kode:") for j, _, _ in info)
    huruf = {j.split(":")[1] for j, _, _ in info if j and j.startswith("huruf:")}
    hasil: list[tuple[int | None, str]] = []
    macam = set()
    # The last row, labelled by its region ("Kota Dumai") and the only one so: the grand total.
    wilayah = [i for i, b in enumerate(rows) if _WILAYAH.match(next((x.strip() for x in b.sel if x.strip()), ""))]
    total_wilayah = wilayah[0] if wilayah == [len(rows) - 1] and len(rows) >= 3 else None
    for i, ((jenis, label, uang), b) in enumerate(zip(info, rows, strict=True)):
        teks = " ".join(s for s in b.sel if s.strip())
        label_utama = label if jenis else (b.sel[0] if b.sel and b.sel[0].strip() else teks)
        if (
            i == total_wilayah
            or _jenis_ringkas(label_utama)
            or (jenis is None and _jenis_ringkas(b.sel[0] if b.sel else ""))
        ):
            hasil.append((None, "total"))
            continue
        if not uang:
            hasil.append((None, "kosong"))
            continue
        lv = None
        kw = (label_utama or "").lower()
        if ada_kode:
            if jenis and jenis.startswith("kode:"):
                lv = _tingkat_kode(jenis[5:])
            elif kw.startswith("urusan"):
                lv = 0
            elif kw.startswith("program"):
                lv = 1
            elif kw.startswith("sub kegiatan"):
                lv = 3
            else:
                lv = 2
        elif jenis:
            if jenis.startswith("huruf:"):
                h = jenis.split(":")[1]
                lv = 1 if not (h in "IVXL" and len(huruf - set("IVXL")) == 0) else 0
            elif jenis == "romawi":
                lv = 0
            elif jenis == "angka":
                lv = 2
        if lv is not None:
            macam.add(lv)
        hasil.append((lv, "baris"))
    if len(macam) < 2:
        return None
    if any(lv is None and j == "baris" for lv, j in hasil):
        return None
    return hasil


def _anak_dari(i: int, tingkat: list[tuple[int | None, str]]) -> list[int]:
    lv = tingkat[i][0]
    if lv is None:
        return []
    anak = []
    for j in range(i + 1, len(tingkat)):
        lj, jenis = tingkat[j]
        if jenis == "total":
            break
        if lj is None:
            continue
        if lj <= lv:
            break
        anak.append(j)
    return anak


def _jumlah_uang(sel: list[str]) -> list[Angka]:
    """Amount cells of a row, in order: plain numbers of at least 1.000 (or exactly 0),
    without units or percent."""
    hasil = []
    for i, s in enumerate(sel):
        t = s.strip()
        if not t or i == 0 and _KODE.match(t):
            continue
        bersih = _RP.sub("", t).strip().rstrip("-").rstrip(",").strip()
        if not re.fullmatch(r"[\d.,\s]+", bersih or "x"):
            continue
        a = baca_angka(t, uang=True)
        if a is None or a.persen:
            continue
        if a.nilai >= 1000 or a.nilai == 0 and bersih == "0":
            hasil.append(a)
    return hasil


def _batas_capaian(catatan: str) -> list[Decimal]:
    """Upper limits of a capaian to try: the one the footnote states ("dibatasi paling tinggi
    120%"), none when it says there is none ("tidak dibatasi"), else the usual 100 and 120."""
    if re.search(r"tidak\s+dibatasi|tanpa\s+batas", catatan, re.I):
        return []
    m = re.search(r"(?:dibatasi|batas\s+atas|maksimal|maksimum|paling\s+tinggi)\D{0,30}?(\d{3})\s*%", catatan, re.I)
    if m:
        return [Decimal(m.group(1))]
    return [Decimal(100), Decimal(120)]


def _bacaan_rata(isi: list, batas: list[Decimal]) -> dict[tuple, tuple[Decimal, Decimal]]:
    """Readings of the mean of rows (kind, table, row, printed capaian, recomputed capaian): of
    the printed values and of the recomputed ones, each uncapped and with every cap on the items
    and on the mean; each with the half-width the printed rounding of the items allows."""
    cetak = [x[3].nilai for x in isi]
    h = max(Decimal(1).scaleb(-x[3].desimal) / 2 if x[3].desimal else Decimal(0) for x in isi)
    daftar = {("cetak",): cetak}
    if any(x[4] is not None for x in isi):
        daftar[("ulang",)] = [x[4][0] if x[4] is not None else x[3].nilai for x in isi]
        daftar[("ulang_dekat",)] = [x[4][1] if x[4] is not None else x[3].nilai for x in isi]
    hasil: dict[tuple, tuple[Decimal, Decimal]] = {}
    for kunci, nilai in daftar.items():
        rata = sum(nilai) / len(nilai)
        hasil[kunci] = (rata, h)
        for m in batas:
            hasil[kunci + ("butir", m)] = (sum(min(v, m) for v in nilai) / len(nilai), h)
            hasil[kunci + ("rata", m)] = (min(rata, m), h)
    return hasil


_AGREGAT_ATAS = re.compile(
    r"^\W*(?:(?:rata\s*[-–]?\s*rata|nilai)\s+)?capaian\s+(?:kinerja\s+)?"
    r"(?:perjanjian\s+kinerja|pk|organisasi|instansi|opd|perangkat\s+daerah|dinas|badan|keseluruhan|total|iku)"
    r"(?:\s+(?:rata\s*[-–]?\s*rata|tahun\s+\d{4}|\d{4}))?\W*$",
    re.I,
)

_RATA_TERSURAT = re.compile(r"\b(rata\s*[-–]?\s*rata|rerata)\b", re.I)

_WILAYAH = re.compile(
    r"^\W*(?:se[-\s]?)?(?:kabupaten|kab\.|kota|provinsi|prov\.|pemerintah\s+(?:kabupaten|kota|provinsi))\b", re.I
)


def _gabung_halaman(daftar: list[Tabel], teks_baris: dict[int, str]) -> list[list[Tabel]]:
    """Tables continued on the next page form one group: same header, no title of their own,
    the previous part not closed by a total row, and only running-header lines between
    ("Unit Organisasi : …", page numbers)."""
    grup: list[list[Tabel]] = []
    for t in daftar:
        if grup:
            lalu = grup[-1][-1]
            a, b = lalu.baris[0].sel, t.baris[0].sel
            antara = [
                teks_baris.get(n, "").strip()
                for n in range(lalu.baris[-1].nomor + 1, t.baris[0].nomor)
                if teks_baris.get(n, "").strip()
            ]
            terakhir = lalu.data[-1] if lalu.data else None
            ditutup = terakhir is not None and any(_jenis_ringkas(x) == "jumlah" for x in terakhir.sel[:3])
            # Between the parts: running lines only ("Unit Organisasi : …", page numbers), or, across a
            # page break, at most three short lines (a page's header and footer).
            ganti_halaman = (
                t.baris[0].halaman is not None
                and lalu.baris[-1].halaman is not None
                and t.baris[0].halaman > lalu.baris[-1].halaman
            )
            if (
                len(antara) <= 6
                and (
                    all(":" in x or re.fullmatch(r"[\divxlcIVXLC\s.-]+", x) for x in antara)
                    or (ganti_halaman and len(antara) <= 3 and all(len(x) <= 100 for x in antara))
                )
                and not t.judul
                and not ditutup
                and a
                and b
                and a[0].strip().lower() == b[0].strip().lower()
                and abs(len(a) - len(b)) <= 3
                and SequenceMatcher(None, " ".join(a[:3]).lower(), " ".join(b[:3]).lower()).ratio() >= 0.6
            ):
                grup[-1].append(t)
                continue
        grup.append([t])
    return grup
