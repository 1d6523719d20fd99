"""The sections of the Pemda and the office: Pemda, methodology, office, positions, officials, RPJMD."""

from __future__ import annotations

from renstra.models import RPJMD, Misi
from sakip.models import OPD, Jabatan, MetodologiPemda, Pejabat, Pemda, Penugasan

from ..aturan import (
    PESAN_PEJABAT_BERSAMA,
    PESAN_PEJABAT_PEMDA_LAIN,
    PESAN_PEMDA_UBAH,
    PESAN_RPJMD_BARU,
    PESAN_RPJMD_UBAH,
)
from ..gabung import teks_nilai
from .dokumen import _sementara


class _Identitas:
    """Part of `pemuat._Pemuat`: Pemda, methodology, office, positions, officials, RPJMD."""

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

    MEDAN_PEMDA = ("nama", "tingkat", "jabatan_kepala_daerah", "nama_kepala_daerah", "ibu_kota")

    def muat_pemda_tetap(self, pemda, d):
        """The Pemda of an office's load: the fields the document gives (a blank one is left as
        stored, as the office's own identity is) must be the stored ones, unless the user may
        manage the Pemda; then they are written."""
        if not isinstance(d, dict):
            return
        nilai = {k: d[k] for k in self.MEDAN_PEMDA if d.get(k) is not None}
        if not nilai:
            return
        periksa = self._periksa_identitas_pemda(pemda)

        def setelah(obj, baru, lama):
            periksa(obj, baru, lama)
            if "nama" in lama and Pemda.objects.filter(nama=obj.nama).exclude(pk=obj.pk).exists():
                self.galat("pemda.nama", f"nama {obj.nama!r} sudah dipakai pemda lain.")

        self.simpan(Pemda, {"id": pemda.pk}, nilai, "pemda", setelah=setelah)

    def _periksa_identitas_pemda(self, pemda):
        """The door's rule on the Pemda's identity and methodology in an office's load: only one who
        may manage the Pemda changes them; each changed field is an error at its place."""

        def periksa(obj, baru, lama):
            if self.jaga.boleh_kelola(pemda):
                return
            tempat = "pemda" if isinstance(obj, Pemda) else "metodologi"
            for k, sebelum in lama.items():
                f = obj._meta.get_field(k)
                self.galat(
                    f"{tempat}.{k}",
                    PESAN_PEMDA_UBAH.format(
                        medan=f.verbose_name,
                        tersimpan=teks_nilai(f, sebelum),  # a new row: the default in force
                        isian=teks_nilai(f, getattr(obj, k)),
                    ),
                )

        return periksa

    def muat_metodologi(self, pemda, d, setelah=None):
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
        self._metodologi = self.simpan(MetodologiPemda, {"pemda": pemda}, nilai, "metodologi", setelah=setelah)

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
        opd = self.simpan(OPD, {"kode": d["kode"]}, nilai, "opd")
        # Unique per Pemda (opd_nama_unik_per_pemda): checked here, not left to the database.
        if opd is not None and not _sementara(pemda):
            sama = OPD.objects.filter(pemda=pemda, nama=opd.nama).exclude(kode=opd.kode).first()
            if sama:
                self.galat("opd.nama", f"nama {opd.nama!r} sudah dipakai OPD {sama.kode} di {pemda}.")
                return None
        return opd

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
        nips = {Pejabat.bersihkan_nip(d.get("nip", "")) for d in daftar}
        for i, d in enumerate(daftar):
            tempat = f"pejabat[{i}]"
            nip = Pejabat.bersihkan_nip(d.get("nip", ""))
            ada = self._cari(Pejabat, {"nip": nip})
            if self.perekam is None and ada is not None and ada.pemda_id != pemda.pk:
                # Officials are matched within the office's Pemda: another Pemda's is neither
                # renamed nor moved here.
                self.galat(f"{tempat}.nip", PESAN_PEJABAT_PEMDA_LAIN.format(nip=nip))
                self._pejabat_ditolak.add(nip)
                continue
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
                setelah=lambda obj, baru, lama, t=tempat: self._periksa_pejabat(obj, baru, lama, t, pemda, nips),
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

    def _periksa_pejabat(self, obj, baru, lama, tempat, pemda, nips):
        """One who also holds a position in another office keeps his name, pangkat and golongan
        unless the user may manage the Pemda."""
        diubah = [k for k in ("nama", "pangkat", "golongan") if k in lama]
        if baru or not diubah or self.jaga.boleh_kelola(pemda):
            return
        if obj.pk in self.jaga.pejabat_opd_lain(pemda, self.hasil.opd, nips):
            tersimpan = ", ".join(f"{k} {lama[k]!r}" for k in diubah)
            self.galat(f"{tempat}.{diubah[0]}", PESAN_PEJABAT_BERSAMA.format(nip=obj.nip, tersimpan=tersimpan))

    def _periksa_data_pemda(self, pemda, tempat, per_medan=False):
        """RPJMD and misi are the Pemda's: an office's load may only reference them unchanged.
        The error is placed at `tempat`, or (`per_medan`) at `tempat.<first changed field>`."""

        def periksa(obj, baru, lama):
            if self.jaga.boleh_kelola(pemda):
                return
            if baru:
                self.galat(f"{tempat}.tahun_mulai" if per_medan else tempat, PESAN_RPJMD_BARU)
                return
            medan = ", ".join(str(obj._meta.get_field(k).verbose_name) for k in lama)
            self.galat(f"{tempat}.{next(iter(lama))}" if per_medan else tempat, PESAN_RPJMD_UBAH.format(medan=medan))

        return periksa

    def muat_rpjmd(self, pemda, d):
        if not d:
            return {}
        nilai = {"tahun_selesai": d.get("tahun_selesai"), "visi": d.get("visi", "")}
        if "dasar_hukum" in d:  # a workbook of an older export has no such row: left as stored
            nilai["dasar_hukum"] = d.get("dasar_hukum") or ""
        if "catatan_internal" in d:  # older files have none: left as stored
            nilai["catatan_internal"] = d.get("catatan_internal") or ""
        rpjmd = self.simpan(
            RPJMD,
            {"pemda": pemda, "jenis": d.get("jenis") or "RPJMD", "tahun_mulai": d.get("tahun_mulai")},
            nilai,
            "rpjmd",
            setelah=self._periksa_data_pemda(pemda, "rpjmd", per_medan=True),
        )
        misi = {}
        if rpjmd is None:
            return misi
        self._daftar(Misi, ("rpjmd", "nomor"), lambda: Misi.objects.filter(rpjmd=rpjmd), rpjmd)
        for n, uraian in enumerate(d.get("misi") or [], 1):
            tempat = f"rpjmd.misi[{n - 1}]"
            obj = self.simpan(
                Misi,
                {"rpjmd": rpjmd, "nomor": n},
                {"uraian": uraian},
                tempat,
                setelah=self._periksa_data_pemda(pemda, tempat),
            )
            if obj:
                misi[n] = obj
        self._misi_didukung = [misi[n] for n in d.get("misi_didukung") or [] if n in misi]
        self._rpjmd = rpjmd
        return misi
