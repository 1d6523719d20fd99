"""The Renstra section: tujuan, sasaran and every indicator with its targets, benchmarks and realisations."""

from __future__ import annotations

import copy

from django.db.models import F

from kinerja.models import Realisasi
from renstra.models import Indikator, Pembanding, Renstra, Sasaran, TargetIndikator, Tujuan

from .dokumen import _sementara
from .rencana import _RASIO


class _Strategis:
    """Part of `pemuat._Pemuat`: the Renstra and its indicators (uses the plan of `rencana._Rencana`)."""

    def muat_renstra(self, opd, d, misi):
        if not d:
            return None
        nilai = {
            "tahun_selesai": d.get("tahun_selesai"),
            "tanggal_penetapan": self.tanggal(d.get("tanggal_penetapan"), "renstra.tanggal_penetapan"),
            "dasar_hukum": d.get("dasar_hukum") or "",
            "visi": d.get("visi") or "",
            "rpjmd": self._rpjmd,
        }
        if "catatan_internal" in d:  # older files have none: left as stored
            nilai["catatan_internal"] = d.get("catatan_internal") or ""
        renstra = self.simpan(
            Renstra,
            {"opd": opd, "tahun_mulai": d.get("tahun_mulai"), "versi": d.get("versi", 0)},
            nilai,
            "renstra",
            m2m={"misi_didukung": self._misi_didukung},
        )
        if renstra is None:
            return None
        for model in (Tujuan, Sasaran):
            self._daftar(model, ("renstra", "kode"), lambda m=model: m.objects.filter(renstra=renstra), renstra)
        for i, t in enumerate(d.get("tujuan") or []):
            tempat = f"renstra.tujuan[{i}]"
            tujuan = self.simpan(
                Tujuan,
                {"renstra": renstra, "kode": t.get("kode", "")},
                {"uraian": t.get("uraian", ""), "urutan": i},
                tempat,
            )
            if tujuan is None:
                continue
            self.tujuan[tujuan.kode] = tujuan
            for j, ind in enumerate(t.get("indikator") or []):
                self.muat_indikator(ind, f"{tempat}.indikator[{j}]", urutan=j, tujuan=tujuan)
        for i, s in enumerate(d.get("sasaran") or []):
            tempat = f"renstra.sasaran[{i}]"
            induk = self.sasaran.get(s.get("induk")) if s.get("induk") else None
            if s.get("induk") and induk is None:
                self.galat(f"{tempat}.induk", f"sasaran {s['induk']!r} belum disebut sebelumnya.")
                continue
            tujuan = self.tujuan.get(s.get("tujuan")) if s.get("tujuan") else None
            if s.get("tujuan") and tujuan is None:
                self.galat(f"{tempat}.tujuan", f"tujuan {s['tujuan']!r} tidak ada.")
                continue
            pemilik = self.cari_jabatan(s.get("pemilik"), f"{tempat}.pemilik", wajib=False)
            sasaran = self.simpan(
                Sasaran,
                {"renstra": renstra, "kode": s.get("kode", "")},
                {
                    "uraian": s.get("uraian", ""),
                    "tingkat": s.get("tingkat") or "strategis",
                    "induk": induk,
                    "tujuan": self._turunan(Sasaran, "tujuan", renstra=renstra, induk=induk, tujuan=tujuan),
                    "pemilik": pemilik,
                    "urutan": i,
                },
                tempat,
            )
            if sasaran is None:
                continue
            self.sasaran[sasaran.kode] = sasaran
            for j, ind in enumerate(s.get("indikator") or []):
                self.muat_indikator(ind, f"{tempat}.indikator[{j}]", urutan=j, sasaran=sasaran)
        return renstra

    FIELD_INDIKATOR_TEKS = (
        "satuan",
        "jenis_nilai",
        "skala_predikat",
        "skala_kategori",
        "arah",
        "definisi",
        "formula",
        "label_pembilang",
        "label_penyebut",
        "satuan_pembilang",
        "frekuensi",
        "agregasi",
        "sumber_data",
        "baseline_teks",
        "target_akhir_teks",
        "turunan",
    )
    # Set only when the data has them (a workbook or file made before these columns): absent, left as stored.
    FIELD_INDIKATOR_OPSIONAL = ("turunan", "skala_kategori")

    def indikator_tersimpan(self):
        """The office's stored indicators by owner kind, owner (Renstra, budget year or composite)
        and kode: the keys the loader matches indicators by. One query."""
        if self._indikator_ada is None:
            self._indikator_ada = {}
            opd = self.hasil.opd
            if not _sementara(opd):
                qs = Indikator.objects.filter(opd=opd).annotate(
                    pemuat_renstra_s=F("sasaran__renstra_id"),
                    pemuat_renstra_t=F("tujuan__renstra_id"),
                    pemuat_tahun_a=F("item_anggaran__tahun"),
                )
                for ind in qs:
                    if ind.sasaran_id:
                        k = ("sasaran", ind.pemuat_renstra_s)
                    elif ind.tujuan_id:
                        k = ("tujuan", ind.pemuat_renstra_t)
                    elif ind.item_anggaran_id:
                        k = ("anggaran", ind.pemuat_tahun_a)
                    elif ind.komposit_id:
                        k = ("komposit", ind.komposit_id)
                    else:
                        continue
                    self._indikator_ada.setdefault((*k, ind.kode), ind)
        return self._indikator_ada

    def muat_indikator(self, d, tempat, urutan=0, **pemilik):
        kode = d.get("kode")
        if not kode:
            self.galat(f"{tempat}.kode", "wajib diisi (kode unik indikator dalam dokumen).")
            return None
        if kode in self.indikator:
            self.galat(f"{tempat}.kode", f"kode indikator {kode!r} dipakai lebih dari sekali.")
            return None
        bawaan = Indikator._meta
        nilai = {
            k: (d.get(k) if d.get(k) is not None else bawaan.get_field(k).get_default())
            for k in self.FIELD_INDIKATOR_TEKS
            if k not in self.FIELD_INDIKATOR_OPSIONAL or k in d
        }
        nilai["nama"] = d.get("nama", "")
        for k in ("faktor", "baseline", "target_akhir", "bobot", "batas_atas_capaian"):
            v = self.angka(d.get(k), f"{tempat}.{k}")
            nilai[k] = v if v is not None or k not in ("faktor", "bobot") else bawaan.get_field(k).get_default()
        for k in ("tunda_tahun", "presisi", "tahun_baseline"):
            if d.get(k) is not None:
                nilai[k] = d[k]
        nilai["iku"] = bool(d.get("iku", False))
        nilai["urutan"] = urutan
        nilai["penanggung_jawab"] = self.cari_jabatan(
            d.get("penanggung_jawab"), f"{tempat}.penanggung_jawab", wajib=False
        )
        for k in ("tujuan", "sasaran", "item_anggaran", "komposit"):
            nilai[k] = pemilik.get(k)
        # The parent a derived indicator is computed from this one into: an indicator given
        # earlier in the document.
        # Absent from the data (a workbook or file made before this column): left as stored.
        if "induk_turunan" in d:
            nilai["induk_turunan"] = None
        if d.get("induk_turunan"):
            nilai["induk_turunan"] = self.indikator.get(d["induk_turunan"])
            if nilai["induk_turunan"] is None:
                self.galat(
                    f"{tempat}.induk_turunan",
                    f"indikator {d['induk_turunan']!r} tidak ada sebelumnya dalam dokumen.",
                )
        # An indicator is identified by its kode within the office and its owner's Renstra/year.
        if pemilik.get("sasaran"):
            kunci = ("sasaran", pemilik["sasaran"].renstra.pk)
        elif pemilik.get("tujuan"):
            kunci = ("tujuan", pemilik["tujuan"].renstra.pk)
        elif pemilik.get("item_anggaran"):
            kunci = ("anggaran", pemilik["item_anggaran"].tahun)
        else:
            kunci = ("komposit", pemilik["komposit"].pk)
        kunci = (*kunci, bawaan.get_field("kode").to_python(kode))
        obj = self.indikator_tersimpan().get(kunci)
        baru = obj is None
        # Its key across the plans of the file and of the exported document (none under a new Renstra).
        kr = None if isinstance(kunci[1], int) and kunci[1] < 0 else (Indikator, kunci)
        if self.perekam is not None:
            self.perekam.catat(kr, nilai)
        if baru:
            obj = Indikator(kode=kode)
        elif self.asal is not None:
            nilai = self._gabung(obj, kr, nilai, tempat)
        asli = None if baru or self.perekam is not None else copy.copy(obj)
        lama = self._terapkan(obj, nilai)
        berubah = baru or bool(lama)
        if asli is not None and berubah:
            # How an indicator is measured is frozen while a period of its Renstra is approved.
            pesan = self.jaga.peta.pesan_perubahan(asli, obj)
            if pesan:
                # Refused (the load fails); it stays as stored so the rest of the file reads on.
                self.galat(tempat, pesan)
                self._pulihkan(obj, lama)
                berubah = False
        if berubah and not self._rencanakan(obj, tempat, baru, lama, f"indikator {kode}: "):
            return None
        if baru:
            self._indikator_ada[kunci] = obj
        self._hitung("Indikator", baru, berubah)
        if berubah and not baru:
            self._catat_ubah("Indikator", obj, lama, tempat)
        self.indikator[kode] = obj
        self.muat_target(obj, d, tempat)
        for i, p in enumerate(d.get("pembanding") or []):
            tp = f"{tempat}.pembanding[{i}]"
            tahun = self.tahun(p.get("tahun"), f"{tp}.tahun")
            if tahun is None:
                continue
            nilai = {
                "nilai": self.angka(p.get("nilai"), f"{tp}.nilai"),
                "nilai_teks": p.get("nilai_teks") or "",
                "sumber": p.get("sumber") or "",
            }
            if "catatan_internal" in p:  # older files have none: left as stored
                nilai["catatan_internal"] = p.get("catatan_internal") or ""
            self.simpan(
                Pembanding,
                {"indikator": obj, "tahun": tahun, "jenis": p.get("jenis", ""), "nama": p.get("nama") or ""},
                nilai,
                tp,
            )
        for i, r in enumerate(d.get("realisasi") or []):
            self.muat_realisasi(obj, r, f"{tempat}.realisasi[{i}]")
        for j, k in enumerate(d.get("komponen") or []):
            self.muat_indikator(k, f"{tempat}.komponen[{j}]", urutan=j, komposit=obj)
        return obj

    def muat_target(self, ind, d, tempat):
        target = d.get("target") or {}
        atas = d.get("target_atas") or {}
        if not isinstance(target, dict):
            self.galat(f"{tempat}.target", 'harus berupa objek {"2024": "90"}.')
            return
        for tahun_teks, v in target.items():
            tt = f"{tempat}.target.{tahun_teks}"
            tahun = self.tahun(tahun_teks, tt)
            if tahun is None:
                continue
            if ind.predikat:
                nilai = {"nilai": None, "nilai_teks": v or "", "nilai_atas": None}
            else:
                nilai = {
                    "nilai": self.angka(v, tt),
                    "nilai_teks": "",
                    "nilai_atas": self.angka(atas.get(tahun_teks), f"{tempat}.target_atas.{tahun_teks}"),
                }
            self.simpan(
                TargetIndikator,
                {"indikator": ind, "tahun": tahun},
                nilai,
                tt,
                setelah=lambda obj, baru, lama, t=tt: self.wajar(t, ind, obj.nilai),
            )

    def wajar(self, tempat, indikator, nilai):
        """Plausibility warnings (sakip.angka.kewajaran) on a value this load writes."""
        for pesan in self.jaga.kewajaran(indikator, nilai):
            self.hasil.peringatan.append((tempat, pesan))

    def muat_realisasi(self, ind, r, tempat):
        tahun = self.tahun(r.get("tahun"), f"{tempat}.tahun")
        if tahun is None:
            return
        nilai = {
            "pembilang": self.angka(r.get("pembilang"), f"{tempat}.pembilang"),
            "penyebut": self.angka(r.get("penyebut"), f"{tempat}.penyebut"),
            "keterangan_data": r.get("keterangan_data") or "",
            "sumber_data": r.get("sumber_data") or "",
            "catatan": r.get("catatan") or "",
        }
        if ind.predikat:
            nilai.update(nilai=None, nilai_teks=r.get("nilai_teks") or r.get("nilai") or "")
        else:
            if r.get("nilai_teks"):
                self.galat(f"{tempat}.nilai", f"{r['nilai_teks']!r} bukan angka; indikator ini diisi dengan angka.")
                return
            nilai.update(nilai=self.angka(r.get("nilai"), f"{tempat}.nilai"), nilai_teks="")
        self.simpan(
            Realisasi,
            {"indikator": ind, "tahun": tahun, "periode": r.get("periode") or "TAHUN"},
            nilai,
            tempat,
            terapkan=self._terapkan_realisasi,
            setelah=lambda obj, baru, lama: self.wajar(tempat, ind, obj.nilai),
        )

    def _terapkan_realisasi(self, obj, nilai):
        """A realisation's values as the grid applies them (Realisasi.terapkan_isian): the value
        follows a changed pembilang or penyebut unless it was given as well, and an empty value
        beside them is computed (pembilang ÷ penyebut × faktor, the model's own computation)."""
        sebelum = {k: getattr(obj, k) for k in _RASIO}
        lama = self._terapkan(obj, {k: v for k, v in nilai.items() if k not in _RASIO})
        baru = obj.pk is None
        ubahan = {k: nilai[k] for k in _RASIO if k in nilai and (baru or getattr(obj, k) != nilai[k])}
        obj.terapkan_isian(ubahan)
        lama.update({k: sebelum[k] for k in _RASIO if getattr(obj, k) != sebelum[k]})
        return lama
