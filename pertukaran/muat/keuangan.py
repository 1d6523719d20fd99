"""The budget section: items, pagu, budget realisation (anggaran.aturan) and the items' links."""

from __future__ import annotations

from collections import defaultdict

from anggaran.aturan import periksa_perubahan, periksa_rincian_pagu, pohon_pagu
from anggaran.models import (
    ItemAnggaran,
    Pagu,
    RealisasiAnggaran,
    kode_induk,
    normalisasi_kode,
    pesan_digit_tingkat,
    tingkat_dari_kode,
    tingkat_pemda,
)
from anggaran.nomenklatur import kode_tidak_dikenal
from sakip.models import MetodologiPemda

from ..gabung import gabung_himpunan, kunci_rekaman
from .dokumen import _sementara
from .rencana import _TAUTAN_ANGGARAN


class _Keuangan:
    """Part of `pemuat._Pemuat`: the budget tree (uses the plan of `rencana._Rencana`)."""

    def muat_anggaran(self, opd, daftar, renstra):
        # The level digit first (ItemAnggaran.clean's rule, named at the row's code): a code of
        # the other government level is refused as such, not as missing from this level's list.
        salah_tingkat = {}
        for d in daftar:
            kode = normalisasi_kode(d.get("kode", ""))
            if tingkat_dari_kode(kode) and kode not in salah_tingkat:
                salah_tingkat[kode] = pesan_digit_tingkat(kode, opd)
        asing = kode_tidak_dikenal((k for k, pesan in salah_tingkat.items() if not pesan), tingkat_pemda(opd))
        for i, d in enumerate(daftar):
            kode = normalisasi_kode(d.get("kode", ""))
            if salah_tingkat.get(kode):
                self.galat(f"anggaran[{i}].kode", salah_tingkat[kode])
                continue
            if kode in asing:
                self.galat(
                    f"anggaran[{i}].kode", f"kode {d.get('kode')} tidak ada di nomenklatur Kepmendagri 050-5889."
                )
                continue
            tempat = f"anggaran[{i}]"
            tahun = self.tahun(d.get("tahun"), f"{tempat}.tahun")
            if tahun is None:
                continue
            kode = normalisasi_kode(d.get("kode", ""))
            nilai = {
                "nama": d.get("nama", ""),
                "sumber_dana": d.get("sumber_dana") or "",
                "catatan": d.get("catatan") or "",
            }
            if "catatan_internal" in d:  # older files have none: left as stored
                nilai["catatan_internal"] = d.get("catatan_internal") or ""
            item = self.simpan(
                ItemAnggaran,
                {"opd": opd, "tahun": tahun, "kode": kode},
                nilai,
                f"{tempat} ({kode})",
                # The position in the document, for a new item only: a file of one year must not
                # renumber the items of an office with several years (re-importing an unchanged
                # export changes nothing). Budget items are listed by kode everywhere.
                awal={"urutan": i},
            )
            if item is None:
                continue
            self.item_anggaran[(tahun, kode)] = item
            self._tempat_anggaran[(tahun, kode)] = tempat
            for j, p in enumerate(d.get("pagu") or []):
                tp = f"{tempat}.pagu[{j}]"
                self.simpan(
                    Pagu,
                    {"item": item, "urutan": p.get("urutan", j)},
                    {
                        "jenis": p.get("jenis") or "murni",
                        "nilai": self.angka(p.get("nilai"), f"{tp}.nilai", wajib=True),
                        "tanggal": self.tanggal(p.get("tanggal"), f"{tp}.tanggal"),
                        "dasar": p.get("dasar") or "",
                    },
                    tp,
                )
            realisasi = d.get("realisasi") or {}
            for tw, v in realisasi.items():
                tr = f"{tempat}.realisasi.{tw}"
                if str(tw) not in {"1", "2", "3", "4"}:
                    self.galat(tr, "triwulan harus 1, 2, 3 atau 4.")
                    continue
                self.simpan(
                    RealisasiAnggaran, {"item": item, "triwulan": int(tw)}, {"nilai": self.angka(v, tr, wajib=True)}, tr
                )
            for j, ind in enumerate(d.get("indikator") or []):
                self.muat_indikator(ind, f"{tempat}.indikator[{j}]", urutan=j, item_anggaran=item)
            self._tautan_anggaran.append((item, d, tempat))
        # Links are set once every item and indicator exists.
        for item, d, tempat in self._tautan_anggaran:
            sasaran, indikator = [], []
            for kode in d.get("sasaran") or []:
                s = self.sasaran.get(kode)
                if s is None:
                    self.galat(f"{tempat}.sasaran", f"sasaran {kode!r} tidak ada.")
                else:
                    sasaran.append(s)
            for kode in d.get("indikator_didukung") or []:
                ind = self.indikator.get(kode)
                if ind is None:
                    self.galat(f"{tempat}.indikator_didukung", f"indikator {kode!r} tidak ada.")
                else:
                    indikator.append(ind)
            kr = kunci_rekaman(ItemAnggaran, {"opd": opd, "tahun": item.tahun, "kode": item.kode})
            for nama, objs in zip(_TAUTAN_ANGGARAN, (sasaran, indikator), strict=True):
                if self.perekam is not None:
                    self.perekam.catat_himpunan(kr, nama, objs)
                tersimpan = {} if _sementara(item) else self.tautan_tersimpan()[nama].get(item.pk, {})
                isian = {o.pk for o in objs}
                tulis = set(tersimpan) != isian
                if self.asal is not None and not _sementara(item):
                    tulis, konflik = gabung_himpunan(self.asal, kr, nama, set(tersimpan), isian)
                    if konflik:
                        self._konflik_himpunan(item, nama, tempat, set(tersimpan), objs)
                if tulis:
                    self._tautan.append((item, nama, objs, tersimpan))
        if self.perekam is None:
            self.periksa_pagu(opd)

    def tautan_tersimpan(self):
        """The stored links of the document's budget years: m2m name -> item id -> {target id: row id}."""
        if self._tautan_ada is None:
            self._tautan_ada = {}
            opd = self.hasil.opd
            for nama in _TAUTAN_ANGGARAN:
                f = ItemAnggaran._meta.get_field(nama)
                sumber, tujuan = f.m2m_field_name(), f.m2m_reverse_field_name()
                per_item = self._tautan_ada[nama] = defaultdict(dict)
                if _sementara(opd):
                    continue
                baris = f.remote_field.through.objects.filter(
                    **{f"{sumber}__opd": opd, f"{sumber}__tahun__in": self._tahun_anggaran}
                ).values_list("pk", f"{sumber}_id", f"{tujuan}_id")
                for pk, item_id, target_id in baris:
                    per_item[item_id][target_id] = pk
        return self._tautan_ada

    def periksa_pagu(self, opd):
        """Leaves only carry realisation (a pagu may sit higher up: a ceiling whose breakdown is not
        known yet); spending above pagu when the Pemda forbids it.
        Judged on the rows as they will be stored: the stored ones with this load's changes."""
        if self._metodologi is not None:
            izinkan = bool(self._metodologi.izinkan_realisasi_melebihi_pagu)
        elif _sementara(opd.pemda):
            izinkan = False
        else:
            izinkan = MetodologiPemda.objects.filter(pemda=opd.pemda, izinkan_realisasi_melebihi_pagu=True).exists()
        pagu_item, realisasi_item = defaultdict(list), defaultdict(list)
        if self.item_anggaran:
            for p in self._indeks[Pagu].isi.values():
                pagu_item[p.item_id].append(p)
            for r in self._indeks[RealisasiAnggaran].isi.values():
                realisasi_item[r.item_id].append(r)
        berinduk = set()  # (year, code) of every item with an item below it
        for tahun, kode in self.item_anggaran:
            k = kode_induk(kode)
            while k:
                berinduk.add((tahun, k))
                k = kode_induk(k)
        for (tahun, kode), item in self.item_anggaran.items():
            punya_anak = (tahun, kode) in berinduk
            pagu_list, realisasi = pagu_item[item.pk], realisasi_item[item.pk]
            if punya_anak and realisasi:
                self.galat(
                    f"anggaran ({kode})",
                    "realisasi anggaran hanya diisi pada rincian terbawah; realisasi induk dihitung dari anak-anaknya.",
                )
            if item.pk not in self._anggaran_berubah:
                continue  # figures this load does not change are not judged again
            # The one rule of budget realisation (anggaran.aturan) on the figures as stored before
            # and as they will be stored: only what this load changes can refuse it.
            asli = self._anggaran_asli
            lama = {r.triwulan: asli.get(id(r), r).nilai for r in realisasi if not _sementara(r)}
            pagu_lama = [asli.get(id(p), p) for p in pagu_list if not _sementara(p)]
            galat = periksa_perubahan(
                tahun,
                lama,
                {r.triwulan: r.nilai for r in realisasi},
                pagu_list,
                pagu_lama=pagu_lama,
                izinkan_melebihi_pagu=izinkan,
            )
            for tw, pesan in galat.items():
                self.galat(f"{self._tempat_anggaran[(tahun, kode)]}.realisasi.{tw}", pesan)
        self._periksa_rincian_pagu(pagu_item)

    def _periksa_rincian_pagu(self, pagu_item):
        """A program or kegiatan with a pagu of its own (its breakdown not yet known): the pagu of
        the items below it may not exceed it (`anggaran.aturan.periksa_rincian_pagu`). Judged
        where this load changes a pagu of the item or below it."""
        items = {k: (k[1], (k[0], kode_induk(k[1])) if kode_induk(k[1]) else None) for k in self.item_anggaran}
        pohon = pohon_pagu(items, {k: pagu_item[item.pk] for k, item in self.item_anggaran.items()})

        def berubah(k, simpul):
            return self.item_anggaran[k].pk in self._anggaran_berubah or any(
                berubah((k[0], a.kode), a) for a in simpul.anak
            )

        for k, simpul in pohon.items():
            if simpul.pagu and simpul.anak and berubah(k, simpul):
                pesan = periksa_rincian_pagu(k[0], simpul)
                if pesan:
                    self.galat(f"{self._tempat_anggaran[k]}.pagu", pesan)
