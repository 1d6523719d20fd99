"""The office profile (`profil`: legal basis, staff, facilities, awards, innovations) and the
strategies and policy directions of each sasaran strategis (`renstra.sasaran[].strategi`).

These rows have no natural key: a list present in the document replaces the office's list. Its
rows are matched with the stored ones by position, in the order the export writes them
(`URUTAN`), so an unchanged export changes nothing; stored rows past the document's list are
deleted. Staff counts are matched by their own key (year, breakdown, uraian). A list absent from
the document is left as stored."""

from __future__ import annotations

from collections import defaultdict

from laporan.models import DasarHukum, Inovasi, Penghargaan, SaranaPrasarana, SumberDayaManusia
from renstra.models import ArahKebijakan, Sasaran, Strategi

from .dokumen import _sementara
from .rencana import _Indeks

# The order rows are exported and matched in (by position within the list).
URUTAN = {
    DasarHukum: ("urutan", "id"),
    SaranaPrasarana: ("tahun", "urutan", "id"),
    Penghargaan: ("tahun", "urutan", "id"),
    Inovasi: ("tahun", "urutan", "id"),
    Strategi: ("urutan", "id"),
    ArahKebijakan: ("urutan", "id"),
}
KUNCI_SDM = ("opd", "tahun", "kelompok", "uraian")


def _urut(model, objs):
    medan = URUTAN[model]
    return sorted(objs, key=lambda o: tuple(getattr(o, m) for m in medan))


class _Profil:
    """Part of `pemuat._Pemuat`: the office profile and the strategies (uses `rencana._Rencana`)."""

    def _bilangan(self, nilai, tempat, wajib=False):
        """A whole number >= 0 (a count, a year, an order); None and an error when it is not one."""
        if nilai is None or nilai == "":
            if wajib:
                self.galat(tempat, "wajib diisi.")
            return None
        if isinstance(nilai, bool) or not (
            isinstance(nilai, int) or isinstance(nilai, str) and nilai.strip().isdigit()
        ):
            self.galat(tempat, f"{nilai!r} bukan bilangan bulat.")
            return None
        return int(nilai)

    def _teks(self, d, nama, tempat, wajib=False):
        v = d.get(nama)
        if v is None:
            v = ""
        if not isinstance(v, str):
            v = str(v)
        if wajib and not v.strip():
            self.galat(f"{tempat}.{nama}", "wajib diisi.")
        return v

    def _daftar_posisi(self, model, tempat, daftar, tersimpan, kunci, nilai_baris):
        """Replace `tersimpan` (stored rows in export order) by the rows of `daftar`, matched by
        position. `nilai_baris(d, tempat)` gives a row's values (None: its errors are reported).
        Returns the planned records (None where a row was refused)."""
        if not isinstance(daftar, list):
            self.galat(tempat, "harus berupa daftar.")
            return []
        hasil = []
        for i, d in enumerate(daftar):
            t = f"{tempat}[{i}]"
            obj = tersimpan[i] if i < len(tersimpan) else None
            if not isinstance(d, dict):
                self.galat(t, "harus berupa objek.")
                hasil.append(None)
                continue
            nilai = nilai_baris(d, t)
            if nilai is None:
                hasil.append(None)
                continue
            if "urutan" not in nilai:
                nilai["urutan"] = i + 1
            hasil.append(self.simpan(model, {"id": obj.pk if obj else None, **kunci}, nilai, t))
        for obj in tersimpan[len(daftar) :]:
            self._rencana_hapus(obj)
        return hasil

    def _rencana_hapus(self, obj):
        if self.perekam is not None:
            return
        self._hapus.append(obj)
        vn = str(type(obj)._meta.verbose_name)
        self.hasil.dihapus[vn[:1].upper() + vn[1:]] += 1

    def _indeks_id(self, model, ambil, *induk):
        """Rows of `model` matched by id (the position decides which): read once on first use."""
        self._daftar(model, ("id",), ambil, *induk)
        return self._indeks[model]

    def _tersimpan(self, ix: _Indeks, model, **saring):
        return _urut(model, [o for o in ix.isi.values() if all(getattr(o, k) == v for k, v in saring.items())])

    # --- profil ------------------------------------------------------------------------

    def muat_profil(self, opd, profil):
        if profil is None:
            return
        if not isinstance(profil, dict):
            self.galat("profil", "harus berupa objek.")
            return
        baru = _sementara(opd)

        def baca(model, saring):
            return None if baru else (lambda: model.objects.filter(opd=opd, **saring))

        if "dasar_hukum" in profil:
            ix = self._indeks_id(DasarHukum, baca(DasarHukum, {}))
            self._daftar_posisi(
                DasarHukum,
                "profil.dasar_hukum",
                profil["dasar_hukum"],
                self._tersimpan(ix, DasarHukum),
                {"opd": opd},
                self._nilai_dasar_hukum,
            )
        if "sarana_prasarana" in profil:
            ix = self._indeks_id(SaranaPrasarana, baca(SaranaPrasarana, {}))
            self._daftar_posisi(
                SaranaPrasarana,
                "profil.sarana_prasarana",
                profil["sarana_prasarana"],
                self._tersimpan(ix, SaranaPrasarana),
                {"opd": opd},
                self._nilai_sarana,
            )
        if "penghargaan" in profil:
            ix = self._indeks_id(Penghargaan, baca(Penghargaan, {}))
            self._daftar_posisi(
                Penghargaan,
                "profil.penghargaan",
                profil["penghargaan"],
                self._tersimpan(ix, Penghargaan),
                {"opd": opd},
                self._nilai_penghargaan,
            )
        if "inovasi" in profil:
            ix = self._indeks_id(Inovasi, baca(Inovasi, {}))
            self._daftar_posisi(
                Inovasi,
                "profil.inovasi",
                profil["inovasi"],
                self._tersimpan(ix, Inovasi),
                {"opd": opd},
                self._nilai_inovasi,
            )
        if "sumber_daya_manusia" in profil:
            self._muat_sdm(opd, profil["sumber_daya_manusia"], baca(SumberDayaManusia, {}))

    def _urutan(self, d, t, nilai):
        if d.get("urutan") is not None:
            urutan = self._bilangan(d.get("urutan"), f"{t}.urutan")
            if urutan is None:
                return None
            nilai["urutan"] = urutan
        return nilai

    def _nilai_dasar_hukum(self, d, t):
        n = len(self.hasil.galat)
        nilai = {
            "jenis": self._teks(d, "jenis", t, wajib=True),
            "nomor": self._teks(d, "nomor", t),
            "tahun": self._bilangan(d.get("tahun"), f"{t}.tahun"),
            "tentang": self._teks(d, "tentang", t, wajib=True),
        }
        nilai = self._urutan(d, t, nilai)
        return nilai if len(self.hasil.galat) == n else None

    def _nilai_sarana(self, d, t):
        n = len(self.hasil.galat)
        nilai = {
            "tahun": self._bilangan(d.get("tahun"), f"{t}.tahun", wajib=True),
            "uraian": self._teks(d, "uraian", t, wajib=True),
            "jumlah": self._bilangan(d.get("jumlah"), f"{t}.jumlah", wajib=True),
            "satuan": self._teks(d, "satuan", t),
            "kondisi": self._teks(d, "kondisi", t),
        }
        nilai = self._urutan(d, t, nilai)
        return nilai if len(self.hasil.galat) == n else None

    def _nilai_penghargaan(self, d, t):
        n = len(self.hasil.galat)
        nilai = {
            "tahun": self._bilangan(d.get("tahun"), f"{t}.tahun", wajib=True),
            "uraian": self._teks(d, "uraian", t, wajib=True),
            "tingkat": self._teks(d, "tingkat", t),
            "pemberi": self._teks(d, "pemberi", t),
            "tanggal": self.tanggal(d.get("tanggal"), f"{t}.tanggal"),
        }
        nilai = self._urutan(d, t, nilai)
        return nilai if len(self.hasil.galat) == n else None

    def _nilai_inovasi(self, d, t):
        n = len(self.hasil.galat)
        nilai = {
            "tahun": self._bilangan(d.get("tahun"), f"{t}.tahun", wajib=True),
            "nama": self._teks(d, "nama", t, wajib=True),
            "uraian": self._teks(d, "uraian", t),
            "tahun_mulai": self._bilangan(d.get("tahun_mulai"), f"{t}.tahun_mulai"),
        }
        nilai = self._urutan(d, t, nilai)
        return nilai if len(self.hasil.galat) == n else None

    def _muat_sdm(self, opd, daftar, ambil):
        """Staff counts, matched by (year, breakdown, uraian); stored counts not in the list are deleted."""
        tempat = "profil.sumber_daya_manusia"
        self._daftar(SumberDayaManusia, KUNCI_SDM, ambil)
        if not isinstance(daftar, list):
            self.galat(tempat, "harus berupa daftar.")
            return
        dipakai, kunci_dipakai = set(), {}
        for i, d in enumerate(daftar):
            t = f"{tempat}[{i}]"
            if not isinstance(d, dict):
                self.galat(t, "harus berupa objek.")
                continue
            n = len(self.hasil.galat)
            tahun = self._bilangan(d.get("tahun"), f"{t}.tahun", wajib=True)
            kelompok = self._teks(d, "kelompok", t, wajib=True)
            uraian = self._teks(d, "uraian", t, wajib=True)
            jumlah = self._bilangan(d.get("jumlah"), f"{t}.jumlah", wajib=True)
            nilai = self._urutan(d, t, {"jumlah": jumlah})
            if len(self.hasil.galat) != n or nilai is None:
                continue
            nilai.setdefault("urutan", i + 1)
            k = (tahun, kelompok, uraian.strip())
            if k in kunci_dipakai:
                self.galat(t, f"baris yang sama dengan {tempat}[{kunci_dipakai[k]}] (tahun, kelompok, uraian).")
                continue
            kunci_dipakai[k] = i
            obj = self.simpan(
                SumberDayaManusia, {"opd": opd, "tahun": tahun, "kelompok": kelompok, "uraian": uraian}, nilai, t
            )
            if obj is not None:
                dipakai.add(id(obj))
        for obj in list(self._indeks[SumberDayaManusia].isi.values()):
            if id(obj) not in dipakai and not _sementara(obj):
                self._rencana_hapus(obj)

    # --- strategi dan arah kebijakan -------------------------------------------------------

    def muat_strategi(self, opd, renstra_data):
        """Each sasaran strategis whose `strategi` key is present gets exactly that list."""
        if not isinstance(renstra_data, dict):
            return
        daftar_sasaran = [
            (i, d) for i, d in enumerate(renstra_data.get("sasaran") or []) if isinstance(d, dict) and "strategi" in d
        ]
        if not daftar_sasaran:
            return
        baru = _sementara(opd)
        ix = self._indeks_id(Strategi, None if baru else (lambda: Strategi.objects.filter(sasaran__renstra__opd=opd)))
        ix_arah = self._indeks_id(
            ArahKebijakan,
            None if baru else (lambda: ArahKebijakan.objects.filter(strategi__sasaran__renstra__opd=opd)),
        )
        per_sasaran, per_strategi = defaultdict(list), defaultdict(list)
        for o in ix.isi.values():
            per_sasaran[o.sasaran_id].append(o)
        for o in ix_arah.isi.values():
            per_strategi[o.strategi_id].append(o)
        for i, d in daftar_sasaran:
            tempat = f"renstra.sasaran[{i}].strategi"
            sasaran = self.sasaran.get(d.get("kode"))
            if sasaran is None:
                continue  # the sasaran itself was refused (its error is reported)
            if sasaran.tingkat != Sasaran.Tingkat.STRATEGIS and d["strategi"]:
                self.galat(tempat, "strategi dirumuskan untuk sasaran strategis.")
                continue
            tersimpan = [] if _sementara(sasaran) else _urut(Strategi, per_sasaran.get(sasaran.pk, []))
            daftar = d["strategi"]
            strategi = self._daftar_posisi(
                Strategi, tempat, daftar, tersimpan, {"sasaran": sasaran}, self._nilai_strategi
            )
            for j, (obj, ds) in enumerate(zip(strategi, daftar if isinstance(daftar, list) else [], strict=False)):
                if obj is None or not isinstance(ds, dict):
                    continue
                arah = ds.get("arah_kebijakan") or []
                if not isinstance(arah, list):
                    self.galat(f"{tempat}[{j}].arah_kebijakan", "harus berupa daftar teks.")
                    continue
                lama = [] if _sementara(obj) else _urut(ArahKebijakan, per_strategi.get(obj.pk, []))
                self._daftar_posisi(
                    ArahKebijakan,
                    f"{tempat}[{j}].arah_kebijakan",
                    [{"uraian": a} if isinstance(a, str) else a for a in arah],
                    lama,
                    {"strategi": obj},
                    self._nilai_uraian,
                )

    def _nilai_strategi(self, d, t):
        n = len(self.hasil.galat)
        nilai = self._urutan(d, t, {"uraian": self._teks(d, "uraian", t, wajib=True)})
        return nilai if len(self.hasil.galat) == n else None

    def _nilai_uraian(self, d, t):
        n = len(self.hasil.galat)
        nilai = self._urutan(d, t, {"uraian": self._teks(d, "uraian", t, wajib=True)})
        return nilai if len(self.hasil.galat) == n else None
