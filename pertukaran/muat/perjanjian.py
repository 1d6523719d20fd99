"""The Perjanjian Kinerja section: PKs, their items and rencana aksi; who sets a PK."""

from __future__ import annotations

from kinerja.models import ItemPK, PerjanjianKinerja, RencanaAksi
from sakip.models import Pejabat

from ..aturan import PESAN_HANYA_PIMPINAN, pesan_tidak_boleh_menetapkan


class _Perjanjian:
    """Part of `pemuat._Pemuat`: the PKs (uses the plan of `rencana._Rencana`)."""

    def muat_pk(self, opd, daftar):
        for i, d in enumerate(daftar):
            tempat = f"perjanjian_kinerja[{i}]"
            jabatan = self.cari_jabatan(d.get("jabatan"), f"{tempat}.jabatan")
            tahun = self.tahun(d.get("tahun"), f"{tempat}.tahun")
            if jabatan is None or tahun is None:
                continue
            pejabat = None
            if d.get("pejabat"):
                nip = Pejabat.bersihkan_nip(d["pejabat"])
                pejabat = self.pejabat.get(nip)
                if pejabat is None and nip not in self._pejabat_ditolak:
                    self.galat(f"{tempat}.pejabat", f"pejabat dengan NIP {d['pejabat']} tidak ada di daftar pejabat.")
            atasan = None  # the format's "pk_atasan" is the field perjanjian_atasan
            if d.get("pk_atasan"):
                a = d["pk_atasan"]
                atasan = self.perjanjian.get((a.get("jabatan"), tahun, a.get("versi", 0)))
                if atasan is None:
                    self.galat(f"{tempat}.pk_atasan", "PK atasan harus disebut lebih dulu.")
            nilai = {
                "tanggal": self.tanggal(d.get("tanggal"), f"{tempat}.tanggal", wajib=True),
                "alasan": d.get("alasan") or "",
                "pejabat": pejabat,
            }
            if "catatan_internal" in d:  # older files have none: left as stored
                nilai["catatan_internal"] = d.get("catatan_internal") or ""
            # Absent: a stored PK keeps its status (a new one is a draft), and its PK atasan.
            if d.get("status"):
                nilai["status"] = d["status"]
            if "pk_atasan" in d:
                nilai["perjanjian_atasan"] = atasan
            perjanjian = self.simpan(
                PerjanjianKinerja,
                {"jabatan": jabatan, "tahun": tahun, "versi": d.get("versi", 0)},
                nilai,
                tempat,
                awal={"status": PerjanjianKinerja.Status.DRAFT},
                setelah=lambda obj, baru, lama, t=tempat: self._periksa_penetapan(obj, baru, lama, t, opd),
            )
            if perjanjian is None:
                continue
            self.perjanjian[(jabatan.nama, tahun, perjanjian.versi)] = perjanjian
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
                    {"perjanjian": perjanjian, "indikator": ind},
                    {
                        "sasaran": sas,
                        "target": self.angka(it.get("target"), f"{ti}.target"),
                        "target_atas": self.angka(it.get("target_atas"), f"{ti}.target_atas"),
                        "target_teks": it.get("target_teks") or "",
                        "urutan": j,
                    },
                    ti,
                    setelah=lambda obj, baru, lama, t=ti, i=ind: self.wajar(t, i, obj.target),
                )
                if item is None:
                    continue
                for k, ra in enumerate(it.get("rencana_aksi") or []):
                    tr = f"{ti}.rencana_aksi[{k}]"
                    nilai = {
                        "target": self.angka(ra.get("target"), f"{tr}.target"),
                        "target_teks": ra.get("target_teks") or "",
                        "rencana_aksi": ra.get("rencana_aksi") or "",
                    }
                    if "target_atas" in ra:  # the workbook has no such column: left as stored
                        nilai["target_atas"] = self.angka(ra.get("target_atas"), f"{tr}.target_atas")
                    self.simpan(
                        RencanaAksi,
                        {"item": item, "triwulan": ra.get("triwulan")},
                        nilai,
                        tr,
                        setelah=lambda obj, baru, lama, t=tr, i=ind: self.wajar(t, i, obj.target),
                    )

    def _periksa_penetapan(self, obj, baru, lama, tempat, opd):
        """Only the pimpinan sets a PK: a new PK given as set, or a stored draft set here."""
        if obj.status != PerjanjianKinerja.Status.DITETAPKAN or not (baru or "status" in lama):
            return
        if not self.jaga.boleh_menetapkan(opd):
            self.galat(f"{tempat}.status", PESAN_HANYA_PIMPINAN)
        elif not self.jaga.boleh_menetapkan(opd, obj):
            self.galat(f"{tempat}.status", pesan_tidak_boleh_menetapkan(obj))
