"""The report's data tables of an office (#21): the community satisfaction surveys with their
service elements (`survei_kepuasan`), the budget per spending type and stage (`belanja_jenis`)
and the documents issued per service type (`layanan_dokumen`).

Each row has a natural key: a survey its (year, period), an element its number within the
survey; a spending-type row its (year, budget item code or none for the whole office, spending
type, stage); a service type its (year, name), a quarter's count its quarter. A list present in
the document replaces the office's rows (a stored row the list no longer holds is deleted; a
survey's `unsur` and a service type's `realisasi`, when present, replace that record's); a list
absent is left as stored. A row touching a locked period, changed, added or deleted, is refused
with the lock's message, as in the admin. Codes name this office's indicators and budget items
only (those of the document): another office's are unknown here.

A survey's IKM is not applied to its indicator here: the indicator's realisation travels with
the indicator (`realisasi`), as the grid saved it."""

from __future__ import annotations

from anggaran.models import BelanjaJenis
from kinerja.models import LayananDokumen, RealisasiLayananDokumen, SurveiKepuasan, UnsurSurvei

from .dokumen import _sementara


class _Tabel:
    """Part of `pemuat._Pemuat`: the report's data tables (uses `rencana._Rencana`, `profil._Profil`)."""

    def muat_tabel(self, opd, data):
        baru = _sementara(opd)
        if "survei_kepuasan" in data:
            self._muat_survei(opd, data["survei_kepuasan"], baru)
        if "belanja_jenis" in data:
            self._muat_belanja_jenis(opd, data["belanja_jenis"], baru)
        if "layanan_dokumen" in data:
            self._muat_layanan(opd, data["layanan_dokumen"], baru)

    # --- helpers ----------------------------------------------------------------------------

    def _stored(self, model, ambil):
        """Stored rows of `model` (one query on first use), matched by id: the natural key is
        looked up by the caller."""
        return list(self._indeks_id(model, ambil).isi.values())

    def _hapus_terjaga(self, obj, tempat):
        """Plan the deletion of a stored row; refused when it touches a locked period."""
        if self.perekam is None:
            pesan = self.jaga.peta.pesan(obj, tersimpan=True)
            if pesan:
                self.galat(tempat, f"{obj} tidak ada lagi di berkas, tetapi tidak dapat dihapus. {pesan}")
                return
        self._rencana_hapus(obj)

    def _daftar_atau_galat(self, daftar, tempat):
        if not isinstance(daftar, list):
            self.galat(tempat, "harus berupa daftar.")
            return None
        return daftar

    def _indikator_kode(self, d, t):
        kode = d.get("indikator")
        if kode in (None, ""):
            return None, True
        ind = self.indikator.get(kode)
        if ind is None:
            self.galat(f"{t}.indikator", f"indikator {kode!r} tidak ada di data OPD ini.")
            return None, False
        return ind, True

    # --- survei kepuasan masyarakat ------------------------------------------------------

    def _muat_survei(self, opd, daftar, baru):
        tempat = "survei_kepuasan"
        tersimpan = self._stored(SurveiKepuasan, None if baru else lambda: SurveiKepuasan.objects.filter(opd=opd))
        unsur_tersimpan = self._stored(
            UnsurSurvei,
            None if baru else lambda: UnsurSurvei.objects.filter(survei__opd=opd).select_related("survei"),
        )
        per_kunci = {(o.tahun, o.periode): o for o in tersimpan}
        unsur_per_survei = {}
        for u in unsur_tersimpan:
            unsur_per_survei.setdefault(u.survei_id, {})[u.nomor] = u
        if self._daftar_atau_galat(daftar, tempat) is None:
            return
        dipakai = {}
        for i, d in enumerate(daftar):
            t = f"{tempat}[{i}]"
            if not isinstance(d, dict):
                self.galat(t, "harus berupa objek.")
                continue
            n = len(self.hasil.galat)
            tahun = self._bilangan(d.get("tahun"), f"{t}.tahun", wajib=True)
            periode = self._teks(d, "periode", t, wajib=True).strip()
            ind, ada = self._indikator_kode(d, t)
            nilai = {
                "indikator": ind,
                "jumlah_responden": self._bilangan(d.get("jumlah_responden"), f"{t}.jumlah_responden", wajib=True),
                "keterangan": self._teks(d, "keterangan", t),
                "catatan_internal": self._teks(d, "catatan_internal", t),
            }
            if len(self.hasil.galat) != n or not ada:
                continue
            k = (tahun, periode)
            if k in dipakai:
                self.galat(t, f"survei yang sama dengan {tempat}[{dipakai[k]}] (tahun, periode).")
                continue
            dipakai[k] = i
            lama = per_kunci.get(k)
            survei = self.simpan(
                SurveiKepuasan,
                {"id": lama.pk if lama else None, "opd": opd, "tahun": tahun, "periode": periode},
                nilai,
                t,
            )
            if survei is None or "unsur" not in d:
                continue
            self._muat_unsur(survei, d["unsur"], f"{t}.unsur", unsur_per_survei.get(lama.pk, {}) if lama else {})
        dipakai_obj = {id(per_kunci[k]) for k in dipakai if k in per_kunci}
        for o in tersimpan:
            if id(o) not in dipakai_obj:
                self._hapus_terjaga(o, tempat)

    def _muat_unsur(self, survei, daftar, tempat, tersimpan):
        if self._daftar_atau_galat(daftar, tempat) is None:
            return
        dipakai = {}
        for j, d in enumerate(daftar):
            t = f"{tempat}[{j}]"
            if not isinstance(d, dict):
                self.galat(t, "harus berupa objek.")
                continue
            n = len(self.hasil.galat)
            nomor = self._bilangan(d.get("nomor"), f"{t}.nomor", wajib=True)
            nilai = {
                "nama": self._teks(d, "nama", t, wajib=True),
                "nilai_rata": self.angka(d.get("nilai_rata"), f"{t}.nilai_rata"),
                "jumlah_nilai": self.angka(d.get("jumlah_nilai"), f"{t}.jumlah_nilai"),
            }
            if len(self.hasil.galat) != n:
                continue
            if nomor in dipakai:
                self.galat(t, f"unsur U{nomor} sudah ada di {tempat}[{dipakai[nomor]}].")
                continue
            dipakai[nomor] = j
            lama = tersimpan.get(nomor)
            self.simpan(UnsurSurvei, {"id": lama.pk if lama else None, "survei": survei, "nomor": nomor}, nilai, t)
        for nomor, o in tersimpan.items():
            if nomor not in dipakai:
                o.survei = survei
                self._hapus_terjaga(o, tempat)

    # --- anggaran per jenis belanja --------------------------------------------------------

    def _muat_belanja_jenis(self, opd, daftar, baru):
        tempat = "belanja_jenis"
        tersimpan = self._stored(
            BelanjaJenis, None if baru else lambda: BelanjaJenis.objects.filter(opd=opd).select_related("item")
        )
        per_kunci = {(o.tahun, o.item.kode if o.item_id else "", o.jenis_belanja, o.tahap): o for o in tersimpan}
        if self._daftar_atau_galat(daftar, tempat) is None:
            return
        dipakai = {}
        for i, d in enumerate(daftar):
            t = f"{tempat}[{i}]"
            if not isinstance(d, dict):
                self.galat(t, "harus berupa objek.")
                continue
            n = len(self.hasil.galat)
            tahun = self._bilangan(d.get("tahun"), f"{t}.tahun", wajib=True)
            kode = (d.get("item") or "").strip() if isinstance(d.get("item") or "", str) else str(d.get("item"))
            item = None
            if kode and tahun is not None:
                item = self.item_anggaran.get((tahun, kode))
                if item is None:
                    self.galat(f"{t}.item", f"item anggaran {kode} tahun {tahun} tidak ada di data OPD ini.")
            jenis = self._teks(d, "jenis_belanja", t, wajib=True).strip()
            tahap = self._teks(d, "tahap", t, wajib=True).strip()
            nilai = {
                "item": item,
                "pagu": self.angka(d.get("pagu"), f"{t}.pagu", wajib=True),
                "realisasi": self.angka(d.get("realisasi"), f"{t}.realisasi"),
                "dasar": self._teks(d, "dasar", t),
            }
            if len(self.hasil.galat) != n:
                continue
            k = (tahun, kode, jenis, tahap)
            if k in dipakai:
                self.galat(t, f"baris yang sama dengan {tempat}[{dipakai[k]}] (tahun, item, jenis belanja, tahap).")
                continue
            dipakai[k] = i
            lama = per_kunci.get(k)
            self.simpan(
                BelanjaJenis,
                {"id": lama.pk if lama else None, "opd": opd, "tahun": tahun, "jenis_belanja": jenis, "tahap": tahap},
                nilai,
                t,
            )
        for k, o in per_kunci.items():
            if k not in dipakai:
                self._hapus_terjaga(o, tempat)

    # --- layanan dokumen -----------------------------------------------------------------------

    def _muat_layanan(self, opd, daftar, baru):
        tempat = "layanan_dokumen"
        tersimpan = self._stored(LayananDokumen, None if baru else lambda: LayananDokumen.objects.filter(opd=opd))
        realisasi_tersimpan = self._stored(
            RealisasiLayananDokumen,
            None
            if baru
            else lambda: RealisasiLayananDokumen.objects.filter(layanan__opd=opd).select_related("layanan"),
        )
        per_kunci = {(o.tahun, o.nama.strip()): o for o in tersimpan}
        per_layanan = {}
        for r in realisasi_tersimpan:
            per_layanan.setdefault(r.layanan_id, {})[r.triwulan] = r
        if self._daftar_atau_galat(daftar, tempat) is None:
            return
        dipakai = {}
        for i, d in enumerate(daftar):
            t = f"{tempat}[{i}]"
            if not isinstance(d, dict):
                self.galat(t, "harus berupa objek.")
                continue
            n = len(self.hasil.galat)
            tahun = self._bilangan(d.get("tahun"), f"{t}.tahun", wajib=True)
            nama = self._teks(d, "nama", t, wajib=True)
            ind, ada = self._indikator_kode(d, t)
            nilai = {
                "target": self._bilangan(d.get("target"), f"{t}.target", wajib=True),
                "indikator": ind,
            }
            # Absent: a stored service type keeps its own, a new one takes the model's default.
            kumulatif = d.get("kumulatif")
            if kumulatif is not None:
                if isinstance(kumulatif, bool):
                    nilai["kumulatif"] = kumulatif
                else:
                    self.galat(f"{t}.kumulatif", "harus true atau false.")
            if d.get("urutan") is not None:
                nilai["urutan"] = self._bilangan(d.get("urutan"), f"{t}.urutan")
            if len(self.hasil.galat) != n or not ada:
                continue
            k = (tahun, nama.strip())
            if k in dipakai:
                self.galat(t, f"jenis layanan yang sama dengan {tempat}[{dipakai[k]}] (tahun, nama).")
                continue
            dipakai[k] = i
            lama = per_kunci.get(k)
            layanan = self.simpan(
                LayananDokumen,
                {"id": lama.pk if lama else None, "opd": opd, "tahun": tahun, "nama": nama},
                nilai,
                t,
            )
            if layanan is None or "realisasi" not in d:
                continue
            self._muat_realisasi_layanan(
                layanan, d["realisasi"], f"{t}.realisasi", per_layanan.get(lama.pk, {}) if lama else {}
            )
        for k, o in per_kunci.items():
            if k not in dipakai:
                self._hapus_terjaga(o, tempat)

    def _muat_realisasi_layanan(self, layanan, per_tw, tempat, tersimpan):
        if not isinstance(per_tw, dict):
            self.galat(tempat, 'harus berupa objek triwulan -> jumlah, misalnya {"1": 120}.')
            return
        dipakai = set()
        for tw, jumlah in per_tw.items():
            t = f"{tempat}.{tw}"
            if str(tw) not in ("1", "2", "3", "4"):
                self.galat(t, "triwulan harus 1, 2, 3 atau 4.")
                continue
            if jumlah is None or jumlah == "":
                continue
            n = len(self.hasil.galat)
            jumlah = self._bilangan(jumlah, t)
            if len(self.hasil.galat) != n:
                continue
            triwulan = int(tw)
            dipakai.add(triwulan)
            lama = tersimpan.get(triwulan)
            self.simpan(
                RealisasiLayananDokumen,
                {"id": lama.pk if lama else None, "layanan": layanan, "triwulan": triwulan},
                {"jumlah": jumlah},
                t,
            )
        for triwulan, o in tersimpan.items():
            if triwulan not in dipakai:
                o.layanan = layanan
                self._hapus_terjaga(o, f"{tempat}.{triwulan}")
