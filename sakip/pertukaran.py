"""Office-year data exchange: a `sakip-opd/1` document (docs/format-data-opd.md) into the database.

`impor_data_opd(data)` creates or updates everything the document holds, matching records by
their natural keys, in one transaction: any error and nothing is written. Errors name their
place in the document and are in Bahasa Indonesia. The demo fixtures and the Excel workbook
both go through it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from anggaran.models import ItemAnggaran, Pagu, RealisasiAnggaran, normalisasi_kode
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi
from renstra.models import RPJMD, Indikator, Misi, Pembanding, Renstra, Sasaran, TargetIndikator, Tujuan

from .models import OPD, Jabatan, MetodologiPemda, Pejabat, Pemda, Penugasan

FORMAT = "sakip-opd/1"


class DataTidakValid(Exception):
    """The document has errors; `galat` lists them as (place, message)."""

    def __init__(self, galat):
        self.galat = galat
        super().__init__("\n".join(f"{tempat}: {pesan}" for tempat, pesan in galat))


class _Batal(Exception):
    """Internal: roll back a dry run or a failed load."""


@dataclass
class HasilImpor:
    opd: OPD | None = None
    dibuat: Counter = field(default_factory=Counter)
    diubah: Counter = field(default_factory=Counter)
    tetap: Counter = field(default_factory=Counter)
    galat: list = field(default_factory=list)
    percobaan: bool = False

    @property
    def berhasil(self):
        return not self.galat

    @property
    def per_jenis(self):
        """(data type, created, changed, unchanged) rows."""
        nama = sorted(set(self.dibuat) | set(self.diubah) | set(self.tetap))
        return [(n, self.dibuat[n], self.diubah[n], self.tetap[n]) for n in nama]

    def ringkasan(self):
        """Lines like "Indikator: 12 dibuat, 1 diubah, 30 tetap"."""
        nama = sorted(set(self.dibuat) | set(self.diubah) | set(self.tetap))
        return [f"{n}: {self.dibuat[n]} dibuat, {self.diubah[n]} diubah, {self.tetap[n]} tetap" for n in nama]


def _pesan_validasi(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


class _Pemuat:
    def __init__(self, hasil):
        self.hasil = hasil
        self.jabatan = {}
        self.pejabat = {}
        self.indikator = {}
        self.sasaran = {}
        self.tujuan = {}
        self.pk = {}
        self.item_anggaran = {}

    # --- small helpers -------------------------------------------------------------

    def galat(self, tempat, pesan):
        self.hasil.galat.append((tempat, pesan))

    def angka(self, nilai, tempat, wajib=False):
        """A decimal string ("79.143") to Decimal; JSON floats are refused (they lose digits)."""
        if nilai is None or nilai == "":
            if wajib:
                self.galat(tempat, "wajib diisi.")
            return None
        if isinstance(nilai, bool) or isinstance(nilai, float):
            self.galat(tempat, f'angka {nilai!r} harus ditulis sebagai teks desimal, misalnya "79.143".')
            return None
        try:
            hasil = Decimal(str(nilai).strip())
        except InvalidOperation:
            self.galat(tempat, f"{nilai!r} bukan angka desimal (pakai titik untuk desimal, tanpa pemisah ribuan).")
            return None
        if not hasil.is_finite():
            self.galat(tempat, f"{nilai!r} bukan angka.")
            return None
        return hasil

    def tanggal(self, nilai, tempat, wajib=False):
        if not nilai:
            if wajib:
                self.galat(tempat, "tanggal wajib diisi (format 2024-01-31).")
            return None
        try:
            return datetime.date.fromisoformat(str(nilai))
        except ValueError:
            self.galat(tempat, f"{nilai!r} bukan tanggal (format 2024-01-31).")
            return None

    def tahun(self, nilai, tempat):
        if isinstance(nilai, bool) or not isinstance(nilai, int) and not (isinstance(nilai, str) and nilai.isdigit()):
            self.galat(tempat, f"{nilai!r} bukan tahun.")
            return None
        return int(nilai)

    @staticmethod
    def _terapkan(obj, nilai):
        """Set changed field values on `obj`; True when anything changed. FKs compare by id."""
        berubah = False
        for k, v in nilai.items():
            f = obj._meta.get_field(k)
            if f.is_relation:
                lama, baru = getattr(obj, f.attname), (v.pk if v is not None else None)
            else:
                lama, baru = getattr(obj, k), v
            if lama != baru:
                setattr(obj, k, v)
                berubah = True
        return berubah

    def _validasi_simpan(self, obj, tempat, awalan=""):
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self.galat(tempat, awalan + _pesan_validasi(exc))
            return False
        obj.save()
        return True

    def _hitung(self, nama, baru, berubah):
        (self.hasil.dibuat if baru else self.hasil.diubah if berubah else self.hasil.tetap)[nama] += 1

    def simpan(self, model, kunci, nilai, tempat, m2m=None):
        """Create or update one record found by `kunci`; validate it; count what happened."""
        obj = model._default_manager.filter(**kunci).first()
        baru = obj is None
        if baru:
            obj = model(**kunci)
        berubah = self._terapkan(obj, nilai) or baru
        if berubah and not self._validasi_simpan(obj, tempat):
            return None
        for field_name, objs in (m2m or {}).items():
            rel = getattr(obj, field_name)
            if set(rel.values_list("pk", flat=True)) != {o.pk for o in objs}:
                rel.set(objs)
                berubah = True
        vn = str(model._meta.verbose_name)
        self._hitung(vn[:1].upper() + vn[1:], baru, berubah)
        return obj

    # --- sections ------------------------------------------------------------------

    def muat(self, data, opd_tetap=None):
        if not isinstance(data, dict):
            self.galat("dokumen", "harus berupa objek JSON.")
            return
        if data.get("format") != FORMAT:
            self.galat("format", f'harus "{FORMAT}", bukan {data.get("format")!r}.')
            return
        if opd_tetap is not None:
            # Loading into one existing office: its Pemda and methodology are the admin's, not the file's.
            kode = (data.get("opd") or {}).get("kode")
            if kode and kode != opd_tetap.kode:
                self.galat("opd.kode", f"berkas ini untuk OPD {kode}, bukan {opd_tetap.kode}.")
                return
            pemda = opd_tetap.pemda
            data = dict(data, opd=dict(data.get("opd") or {}, kode=opd_tetap.kode))
            for k in ("nama", "singkatan", "alamat", "telepon", "email"):
                if not data["opd"].get(k):
                    data["opd"][k] = getattr(opd_tetap, k)
        else:
            pemda = self.muat_pemda(data.get("pemda") or {})
            if pemda is None:
                return
            self.muat_metodologi(pemda, data.get("metodologi"))
        opd = self.muat_opd(pemda, data.get("opd") or {})
        if opd is None:
            return
        self.hasil.opd = opd
        self.muat_jabatan(opd, data.get("jabatan") or [])
        self.muat_pejabat(pemda, data.get("pejabat") or [])
        misi = self.muat_rpjmd(pemda, data.get("rpjmd"))
        renstra = self.muat_renstra(opd, data.get("renstra"), misi)
        # Budget items before PK and links: program indicators may be referenced anywhere.
        self.muat_anggaran(opd, data.get("anggaran") or [], renstra)
        self.muat_pk(opd, data.get("perjanjian_kinerja") or [])

    def muat_pemda(self, d):
        if not d.get("nama"):
            self.galat("pemda.nama", "wajib diisi.")
            return None
        return self.simpan(
            Pemda,
            {"nama": d["nama"]},
            {k: d.get(k, "") or "" for k in ("tingkat", "jabatan_kepala_daerah", "nama_kepala_daerah", "ibu_kota")},
            "pemda",
        )

    def muat_metodologi(self, pemda, d):
        if not d:
            return
        nilai = {
            k: d[k]
            for k in (
                "skala",
                "skala_kustom",
                "rumus_turun",
                "pembulatan",
                "rumus_efisiensi",
                "aturan_kemajuan",
                "pakai_bobot",
                "izinkan_realisasi_melebihi_pagu",
                "desimal",
            )
            if k in d
        }
        if "skala" in nilai and nilai["skala"] is None:
            nilai["skala"] = ""
        nilai["batas_atas"] = self.angka(d.get("batas_atas"), "metodologi.batas_atas")
        self.simpan(MetodologiPemda, {"pemda": pemda}, nilai, "metodologi")

    def muat_opd(self, pemda, d):
        if not d.get("kode"):
            self.galat("opd.kode", "wajib diisi.")
            return None
        lain = OPD.objects.filter(kode=d["kode"]).exclude(pemda=pemda).first()
        if lain:
            self.galat("opd.kode", f"kode {d['kode']} sudah dipakai OPD di {lain.pemda}.")
            return None
        nilai = {k: d.get(k, "") or "" for k in ("nama", "singkatan", "alamat", "telepon", "email")}
        nilai["pemda"] = pemda
        return self.simpan(OPD, {"kode": d["kode"]}, nilai, "opd")

    def muat_jabatan(self, opd, daftar):
        for i, d in enumerate(daftar):
            tempat = f"jabatan[{i}]"
            induk = None
            if d.get("induk"):
                induk = self.jabatan.get(d["induk"])
                if induk is None:
                    self.galat(f"{tempat}.induk", f"jabatan {d['induk']!r} belum disebut sebelumnya.")
                    continue
            obj = self.simpan(
                Jabatan,
                {"opd": opd, "nama": d.get("nama", "")},
                {"eselon": d.get("eselon", ""), "induk": induk, "urutan": i},
                tempat,
            )
            if obj:
                self.jabatan[obj.nama] = obj

    def cari_jabatan(self, nama, tempat, wajib=True):
        if not nama:
            if wajib:
                self.galat(tempat, "jabatan wajib diisi.")
            return None
        j = self.jabatan.get(nama)
        if j is None:
            self.galat(tempat, f"jabatan {nama!r} tidak ada di daftar jabatan.")
        return j

    def muat_pejabat(self, pemda, daftar):
        for i, d in enumerate(daftar):
            tempat = f"pejabat[{i}]"
            nip = "".join(str(d.get("nip", "")).split())
            obj = self.simpan(
                Pejabat,
                {"nip": nip},
                {
                    "pemda": pemda,
                    "nama": d.get("nama", ""),
                    "pangkat": d.get("pangkat") or "",
                    "golongan": d.get("golongan") or "",
                },
                tempat,
            )
            if obj is None:
                continue
            self.pejabat[nip] = obj
            if d.get("jabatan"):
                jabatan = self.cari_jabatan(d["jabatan"], f"{tempat}.jabatan")
                mulai = self.tanggal(d.get("mulai"), f"{tempat}.mulai", wajib=True)
                if jabatan and mulai:
                    self.simpan(
                        Penugasan,
                        {"jabatan": jabatan, "pejabat": obj, "mulai": mulai},
                        {
                            "jenis": d.get("jenis") or "definitif",
                            "selesai": self.tanggal(d.get("selesai"), f"{tempat}.selesai"),
                        },
                        tempat,
                    )

    def muat_rpjmd(self, pemda, d):
        if not d:
            return {}
        rpjmd = self.simpan(
            RPJMD,
            {"pemda": pemda, "jenis": d.get("jenis") or "RPJMD", "tahun_mulai": d.get("tahun_mulai")},
            {
                "tahun_selesai": d.get("tahun_selesai"),
                "visi": d.get("visi", ""),
                "dasar_hukum": d.get("dasar_hukum") or "",
            },
            "rpjmd",
        )
        misi = {}
        if rpjmd is None:
            return misi
        for n, uraian in enumerate(d.get("misi") or [], 1):
            obj = self.simpan(Misi, {"rpjmd": rpjmd, "nomor": n}, {"uraian": uraian}, f"rpjmd.misi[{n - 1}]")
            if obj:
                misi[n] = obj
        self._misi_didukung = [misi[n] for n in d.get("misi_didukung") or [] if n in misi]
        self._rpjmd = rpjmd
        return misi

    def muat_renstra(self, opd, d, misi):
        if not d:
            return None
        renstra = self.simpan(
            Renstra,
            {"opd": opd, "tahun_mulai": d.get("tahun_mulai"), "versi": d.get("versi", 0)},
            {
                "tahun_selesai": d.get("tahun_selesai"),
                "tanggal_penetapan": self.tanggal(d.get("tanggal_penetapan"), "renstra.tanggal_penetapan"),
                "dasar_hukum": d.get("dasar_hukum") or "",
                "visi": d.get("visi") or "",
                "rpjmd": getattr(self, "_rpjmd", None),
            },
            "renstra",
            m2m={"misi_didukung": getattr(self, "_misi_didukung", [])},
        )
        if renstra is None:
            return None
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
                    "tujuan": tujuan or (induk.tujuan if induk else None),
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
    )

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
        opd = self.hasil.opd
        # An indicator is identified by its kode within the office and its owner's Renstra/year.
        kunci = {"opd": opd, "kode": kode}
        if pemilik.get("sasaran"):
            kunci["sasaran__renstra"] = pemilik["sasaran"].renstra
        elif pemilik.get("tujuan"):
            kunci["tujuan__renstra"] = pemilik["tujuan"].renstra
        elif pemilik.get("item_anggaran"):
            kunci["item_anggaran__tahun"] = pemilik["item_anggaran"].tahun
        elif pemilik.get("komposit"):
            kunci["komposit"] = pemilik["komposit"]
        obj = Indikator.objects.filter(**kunci).first()
        baru = obj is None
        if baru:
            obj = Indikator(kode=kode)
        berubah = self._terapkan(obj, nilai) or baru
        if berubah and not self._validasi_simpan(obj, tempat, f"indikator {kode}: "):
            return None
        self._hitung("Indikator", baru, berubah)
        self.indikator[kode] = obj
        self.muat_target(obj, d, tempat)
        for i, p in enumerate(d.get("pembanding") or []):
            tp = f"{tempat}.pembanding[{i}]"
            tahun = self.tahun(p.get("tahun"), f"{tp}.tahun")
            if tahun is None:
                continue
            self.simpan(
                Pembanding,
                {"indikator": obj, "tahun": tahun, "jenis": p.get("jenis", ""), "nama": p.get("nama") or ""},
                {
                    "nilai": self.angka(p.get("nilai"), f"{tp}.nilai"),
                    "nilai_teks": p.get("nilai_teks") or "",
                    "sumber": p.get("sumber") or "",
                },
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
            self.simpan(TargetIndikator, {"indikator": ind, "tahun": tahun}, nilai, tt)

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
            if nilai["nilai"] is None and nilai["pembilang"] is not None and nilai["penyebut"]:
                nilai["nilai"] = (nilai["pembilang"] / nilai["penyebut"] * ind.faktor).quantize(Decimal("0.000001"))
        self.simpan(
            Realisasi, {"indikator": ind, "tahun": tahun, "periode": r.get("periode") or "TAHUN"}, nilai, tempat
        )

    def muat_anggaran(self, opd, daftar, renstra):
        from anggaran.nomenklatur import kode_tidak_dikenal

        asing = kode_tidak_dikenal(normalisasi_kode(d.get("kode", "")) for d in daftar)
        for i, d in enumerate(daftar):
            if normalisasi_kode(d.get("kode", "")) in asing:
                self.galat(
                    f"anggaran[{i}].kode", f"kode {d.get('kode')} tidak ada di nomenklatur Kepmendagri 050-5889."
                )
                continue
            tempat = f"anggaran[{i}]"
            tahun = self.tahun(d.get("tahun"), f"{tempat}.tahun")
            if tahun is None:
                continue
            kode = normalisasi_kode(d.get("kode", ""))
            item = self.simpan(
                ItemAnggaran,
                {"opd": opd, "tahun": tahun, "kode": kode},
                {
                    "nama": d.get("nama", ""),
                    "sumber_dana": d.get("sumber_dana") or "",
                    "catatan": d.get("catatan") or "",
                    "urutan": i,
                },
                f"{tempat} ({kode})",
            )
            if item is None:
                continue
            self.item_anggaran[(tahun, kode)] = item
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
            self._tautan_anggaran = getattr(self, "_tautan_anggaran", [])
            self._tautan_anggaran.append((item, d, tempat))
        # Links are set once every item and indicator exists.
        for item, d, tempat in getattr(self, "_tautan_anggaran", []):
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
            for rel, objs in (
                (item.sasaran, sasaran),
                (item.indikator_didukung, indikator),
            ):
                if set(rel.values_list("pk", flat=True)) != {o.pk for o in objs}:
                    rel.set(objs)
        self.periksa_pagu(opd)

    def periksa_pagu(self, opd):
        """Leaves only carry pagu and realisation; spending above pagu when the Pemda forbids it."""
        izinkan = MetodologiPemda.objects.filter(pemda=opd.pemda, izinkan_realisasi_melebihi_pagu=True).exists()
        for (tahun, kode), item in self.item_anggaran.items():
            punya_anak = any(k != kode and k.startswith(kode + ".") and t == tahun for t, k in self.item_anggaran)
            if punya_anak and (item.pagu_set.exists() or item.realisasi_set.exists()):
                self.galat(
                    f"anggaran ({kode})",
                    "pagu dan realisasi hanya diisi pada rincian terbawah; jumlah induk dihitung dari anak-anaknya.",
                )
            if izinkan:
                continue
            pagu = item.pagu_set.order_by("-urutan").first()
            if pagu is None:
                continue
            for r in item.realisasi_set.all():
                if r.nilai > pagu.nilai:
                    self.galat(
                        f"anggaran ({kode}).realisasi.{r.triwulan}",
                        f"realisasi Rp {r.nilai} melebihi pagu Rp {pagu.nilai}.",
                    )

    def muat_pk(self, opd, daftar):
        for i, d in enumerate(daftar):
            tempat = f"perjanjian_kinerja[{i}]"
            jabatan = self.cari_jabatan(d.get("jabatan"), f"{tempat}.jabatan")
            tahun = self.tahun(d.get("tahun"), f"{tempat}.tahun")
            if jabatan is None or tahun is None:
                continue
            pejabat = None
            if d.get("pejabat"):
                pejabat = self.pejabat.get("".join(str(d["pejabat"]).split()))
                if pejabat is None:
                    self.galat(f"{tempat}.pejabat", f"pejabat dengan NIP {d['pejabat']} tidak ada di daftar pejabat.")
            atasan = None
            if d.get("pk_atasan"):
                a = d["pk_atasan"]
                atasan = self.pk.get((a.get("jabatan"), tahun, a.get("versi", 0)))
                if atasan is None:
                    self.galat(f"{tempat}.pk_atasan", "PK atasan harus disebut lebih dulu.")
            pk = self.simpan(
                PerjanjianKinerja,
                {"jabatan": jabatan, "tahun": tahun, "versi": d.get("versi", 0)},
                {
                    "tanggal": self.tanggal(d.get("tanggal"), f"{tempat}.tanggal", wajib=True),
                    "status": d.get("status") or PerjanjianKinerja.Status.DITETAPKAN,
                    "alasan": d.get("alasan") or "",
                    "pejabat": pejabat,
                    "pk_atasan": atasan,
                },
                tempat,
            )
            if pk is None:
                continue
            self.pk[(jabatan.nama, tahun, pk.versi)] = pk
            for j, it in enumerate(d.get("item") or []):
                ti = f"{tempat}.item[{j}]"
                ind = self.indikator.get(it.get("indikator"))
                sas = self.sasaran.get(it.get("sasaran"))
                if ind is None:
                    self.galat(f"{ti}.indikator", f"indikator {it.get('indikator')!r} tidak ada.")
                    continue
                if sas is None:
                    self.galat(f"{ti}.sasaran", f"sasaran {it.get('sasaran')!r} tidak ada.")
                    continue
                item = self.simpan(
                    ItemPK,
                    {"perjanjian": pk, "indikator": ind},
                    {
                        "sasaran": sas,
                        "target": self.angka(it.get("target"), f"{ti}.target"),
                        "target_atas": self.angka(it.get("target_atas"), f"{ti}.target_atas"),
                        "target_teks": it.get("target_teks") or "",
                        "urutan": j,
                    },
                    ti,
                )
                if item is None:
                    continue
                for k, ra in enumerate(it.get("rencana_aksi") or []):
                    tr = f"{ti}.rencana_aksi[{k}]"
                    self.simpan(
                        RencanaAksi,
                        {"item": item, "triwulan": ra.get("triwulan")},
                        {
                            "target": self.angka(ra.get("target"), f"{tr}.target"),
                            "target_atas": self.angka(ra.get("target_atas"), f"{tr}.target_atas"),
                            "target_teks": ra.get("target_teks") or "",
                            "rencana_aksi": ra.get("rencana_aksi") or "",
                        },
                        tr,
                    )


def impor_data_opd(data, *, percobaan=False, opd_tetap=None):
    """Load a `sakip-opd/1` document. Atomic; `percobaan=True` (dry run) writes nothing.

    `opd_tetap`: load into this existing office only (an operator's upload): the document's
    Pemda and methodology are ignored and its office kode must match.
    Returns a HasilImpor with counts of created, changed and unchanged records and the errors;
    raises nothing for bad data (the errors are in the result).
    """
    hasil = HasilImpor(percobaan=percobaan)
    try:
        with transaction.atomic():
            _Pemuat(hasil).muat(data, opd_tetap=opd_tetap)
            if hasil.galat or percobaan:
                raise _Batal
    except _Batal:
        pass
    return hasil


# --- export --------------------------------------------------------------------------


def _s(nilai):
    """Decimal to its plain string (no exponent, trailing zeros kept only as stored)."""
    if nilai is None:
        return None
    teks = format(nilai.normalize(), "f") if isinstance(nilai, Decimal) else str(nilai)
    return teks


def _indikator_dict(ind, per_indikator):
    d = {
        "kode": ind.kode,
        "nama": ind.nama,
        "satuan": ind.satuan,
        "jenis_nilai": ind.jenis_nilai,
        "skala_predikat": ind.skala_predikat,
        "arah": ind.arah,
        "iku": ind.iku,
        "definisi": ind.definisi,
        "formula": ind.formula,
        "label_pembilang": ind.label_pembilang,
        "label_penyebut": ind.label_penyebut,
        "satuan_pembilang": ind.satuan_pembilang,
        "faktor": _s(ind.faktor),
        "frekuensi": ind.frekuensi,
        "tunda_tahun": ind.tunda_tahun,
        "agregasi": ind.agregasi,
        "sumber_data": ind.sumber_data,
        "baseline": _s(ind.baseline),
        "baseline_teks": ind.baseline_teks,
        "tahun_baseline": ind.tahun_baseline,
        "target_akhir": _s(ind.target_akhir),
        "target_akhir_teks": ind.target_akhir_teks,
        "presisi": ind.presisi,
        "bobot": _s(ind.bobot),
        "batas_atas_capaian": _s(ind.batas_atas_capaian),
        "penanggung_jawab": ind.penanggung_jawab.nama if ind.penanggung_jawab_id else None,
        "target": {},
        "target_atas": {},
        "pembanding": [],
        "realisasi": [],
        "komponen": [],
    }
    for t in ind.target_set.all():
        d["target"][str(t.tahun)] = t.nilai_teks if ind.predikat else _s(t.nilai)
        if t.nilai_atas is not None:
            d["target_atas"][str(t.tahun)] = _s(t.nilai_atas)
    for p in ind.pembanding_set.all():
        d["pembanding"].append(
            {
                "tahun": p.tahun,
                "jenis": p.jenis,
                "nama": p.nama,
                "nilai": _s(p.nilai),
                "nilai_teks": p.nilai_teks,
                "sumber": p.sumber,
            }
        )
    for r in ind.realisasi_set.all():
        d["realisasi"].append(
            {
                "tahun": r.tahun,
                "periode": r.periode,
                "nilai": _s(r.nilai),
                "nilai_teks": r.nilai_teks,
                "pembilang": _s(r.pembilang),
                "penyebut": _s(r.penyebut),
                "keterangan_data": r.keterangan_data,
                "sumber_data": r.sumber_data,
                "catatan": r.catatan,
            }
        )
    d["komponen"] = [_indikator_dict(k, per_indikator) for k in per_indikator.get(ind.id, [])]
    return d


def ekspor_data_opd(opd):
    """Everything of an office as a `sakip-opd/1` document (the inverse of impor_data_opd)."""
    from django.db.models import Prefetch

    from anggaran.models import ItemAnggaran, Pagu, RealisasiAnggaran

    pemda = opd.pemda
    m = MetodologiPemda.objects.filter(pemda=pemda).first()
    data = {"format": FORMAT, "sumber": f"Ekspor SAKIP {opd.kode}"}
    data["pemda"] = {
        "nama": pemda.nama,
        "tingkat": pemda.tingkat,
        "jabatan_kepala_daerah": pemda.jabatan_kepala_daerah,
        "nama_kepala_daerah": pemda.nama_kepala_daerah,
        "ibu_kota": pemda.ibu_kota,
    }
    if m:
        data["metodologi"] = {
            "skala": m.skala,
            "skala_kustom": m.skala_kustom,
            "rumus_turun": m.rumus_turun,
            "batas_atas": _s(m.batas_atas),
            "pembulatan": m.pembulatan,
            "desimal": m.desimal,
            "rumus_efisiensi": m.rumus_efisiensi,
            "aturan_kemajuan": m.aturan_kemajuan,
            "pakai_bobot": m.pakai_bobot,
            "izinkan_realisasi_melebihi_pagu": m.izinkan_realisasi_melebihi_pagu,
        }
    data["opd"] = {
        "kode": opd.kode,
        "nama": opd.nama,
        "singkatan": opd.singkatan,
        "alamat": opd.alamat,
        "telepon": opd.telepon,
        "email": opd.email,
    }
    jabatan = list(Jabatan.objects.filter(opd=opd).select_related("induk").order_by("urutan", "id"))
    urut, sudah = [], set()
    while len(urut) < len(jabatan):  # parents before children
        maju = False
        for j in jabatan:
            if j.id not in sudah and (j.induk_id is None or j.induk_id in sudah):
                urut.append(j)
                sudah.add(j.id)
                maju = True
        if not maju:
            urut += [j for j in jabatan if j.id not in sudah]
            break
    data["jabatan"] = [
        {"nama": j.nama, "eselon": j.eselon, "induk": j.induk.nama if j.induk_id else None} for j in urut
    ]
    data["pejabat"] = []
    penugasan = Penugasan.objects.filter(jabatan__opd=opd).select_related("pejabat", "jabatan").order_by("mulai", "id")
    tercatat = set()
    for p in penugasan:
        data["pejabat"].append(
            {
                "nama": p.pejabat.nama,
                "nip": p.pejabat.nip,
                "pangkat": p.pejabat.pangkat,
                "golongan": p.pejabat.golongan,
                "jabatan": p.jabatan.nama,
                "jenis": p.jenis,
                "mulai": p.mulai.isoformat(),
                "selesai": p.selesai.isoformat() if p.selesai else None,
            }
        )
        tercatat.add(p.pejabat_id)
    for pk in PerjanjianKinerja.objects.filter(opd=opd, pejabat__isnull=False).exclude(pejabat_id__in=tercatat):
        data["pejabat"].append(
            {
                "nama": pk.pejabat.nama,
                "nip": pk.pejabat.nip,
                "pangkat": pk.pejabat.pangkat,
                "golongan": pk.pejabat.golongan,
            }
        )
        tercatat.add(pk.pejabat_id)

    indikator = list(
        Indikator.objects.filter(opd=opd)
        .select_related("penanggung_jawab")
        .prefetch_related(
            Prefetch("target_set", queryset=TargetIndikator.objects.order_by("tahun")),
            Prefetch("pembanding_set", queryset=Pembanding.objects.order_by("tahun", "jenis", "nama")),
            Prefetch("realisasi_set", queryset=Realisasi.objects.order_by("tahun", "periode")),
        )
        .order_by("urutan", "id")
    )
    per_pemilik, per_komposit = {}, {}
    for ind in indikator:
        if ind.komposit_id:
            per_komposit.setdefault(ind.komposit_id, []).append(ind)
        else:
            kunci = (
                ("t", ind.tujuan_id)
                if ind.tujuan_id
                else ("s", ind.sasaran_id)
                if ind.sasaran_id
                else ("a", ind.item_anggaran_id)
            )
            per_pemilik.setdefault(kunci, []).append(ind)

    renstra = Renstra.objects.filter(opd=opd).select_related("rpjmd").order_by("-tahun_mulai", "-versi").first()
    if renstra and renstra.rpjmd_id:
        r = renstra.rpjmd
        misi = list(r.misi_set.order_by("nomor"))
        data["rpjmd"] = {
            "jenis": r.jenis,
            "tahun_mulai": r.tahun_mulai,
            "tahun_selesai": r.tahun_selesai,
            "visi": r.visi,
            "dasar_hukum": r.dasar_hukum,
            "misi": [x.uraian for x in misi],
            "misi_didukung": sorted(x.nomor for x in renstra.misi_didukung.all()),
        }
    if renstra:
        data["renstra"] = {
            "tahun_mulai": renstra.tahun_mulai,
            "tahun_selesai": renstra.tahun_selesai,
            "versi": renstra.versi,
            "tanggal_penetapan": renstra.tanggal_penetapan.isoformat() if renstra.tanggal_penetapan else None,
            "dasar_hukum": renstra.dasar_hukum,
            "visi": renstra.visi,
            "tujuan": [
                {
                    "kode": t.kode,
                    "uraian": t.uraian,
                    "indikator": [_indikator_dict(i, per_komposit) for i in per_pemilik.get(("t", t.id), [])],
                }
                for t in renstra.tujuan_set.order_by("urutan", "id")
            ],
            "sasaran": [],
        }
        sasaran = list(renstra.sasaran_set.select_related("tujuan", "induk", "pemilik").order_by("urutan", "id"))
        tingkat = {t: i for i, t in enumerate(Sasaran.URUTAN_TINGKAT)}
        for s in sorted(sasaran, key=lambda s: (tingkat[s.tingkat], s.urutan, s.id)):
            data["renstra"]["sasaran"].append(
                {
                    "kode": s.kode,
                    "tingkat": s.tingkat,
                    "tujuan": s.tujuan.kode if s.tujuan_id and not s.induk_id else None,
                    "induk": s.induk.kode if s.induk_id else None,
                    "uraian": s.uraian,
                    "pemilik": s.pemilik.nama if s.pemilik_id else None,
                    "indikator": [_indikator_dict(i, per_komposit) for i in per_pemilik.get(("s", s.id), [])],
                }
            )

    data["perjanjian_kinerja"] = []
    for pk in (
        PerjanjianKinerja.objects.filter(opd=opd)
        .select_related("jabatan", "pejabat", "pk_atasan__jabatan")
        .prefetch_related("item_set__rencana_aksi_set", "item_set__indikator", "item_set__sasaran")
        .order_by("tahun", "jabatan__urutan", "versi")
    ):
        data["perjanjian_kinerja"].append(
            {
                "tahun": pk.tahun,
                "jabatan": pk.jabatan.nama,
                "versi": pk.versi,
                "status": pk.status,
                "tanggal": pk.tanggal.isoformat(),
                "alasan": pk.alasan,
                "pejabat": pk.pejabat.nip if pk.pejabat_id else None,
                "pk_atasan": {"jabatan": pk.pk_atasan.jabatan.nama, "versi": pk.pk_atasan.versi}
                if pk.pk_atasan_id
                else None,
                "item": [
                    {
                        "sasaran": it.sasaran.kode,
                        "indikator": it.indikator.kode,
                        "target": _s(it.target),
                        "target_atas": _s(it.target_atas),
                        "target_teks": it.target_teks,
                        "rencana_aksi": [
                            {
                                "triwulan": ra.triwulan,
                                "target": _s(ra.target),
                                "target_atas": _s(ra.target_atas),
                                "target_teks": ra.target_teks,
                                "rencana_aksi": ra.rencana_aksi,
                            }
                            for ra in sorted(it.rencana_aksi_set.all(), key=lambda x: x.triwulan)
                        ],
                    }
                    for it in sorted(pk.item_set.all(), key=lambda x: (x.urutan, x.id))
                ],
            }
        )

    data["anggaran"] = []
    items = (
        ItemAnggaran.objects.filter(opd=opd)
        .prefetch_related(
            Prefetch("pagu_set", queryset=Pagu.objects.order_by("urutan")),
            Prefetch("realisasi_set", queryset=RealisasiAnggaran.objects.order_by("triwulan")),
            "sasaran",
            "indikator_didukung",
        )
        .order_by("tahun", "kode")
    )
    for item in items:
        data["anggaran"].append(
            {
                "tahun": item.tahun,
                "kode": item.kode,
                "nama": item.nama,
                "sumber_dana": item.sumber_dana,
                "catatan": item.catatan,
                "sasaran": sorted(s.kode for s in item.sasaran.all()),
                "indikator_didukung": sorted(i.kode for i in item.indikator_didukung.all()),
                "pagu": [
                    {
                        "jenis": p.jenis,
                        "urutan": p.urutan,
                        "nilai": _s(p.nilai),
                        "tanggal": p.tanggal.isoformat() if p.tanggal else None,
                        "dasar": p.dasar,
                    }
                    for p in item.pagu_set.all()
                ],
                "realisasi": {str(r.triwulan): _s(r.nilai) for r in item.realisasi_set.all()},
                "indikator": [_indikator_dict(i, per_komposit) for i in per_pemilik.get(("a", item.id), [])],
            }
        )
    return data
