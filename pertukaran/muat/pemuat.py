"""The loader: the plan of every section of a document, then its write."""

from __future__ import annotations

from anggaran.models import (
    ItemAnggaran,
    Pagu,
    RealisasiAnggaran,
)
from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi
from renstra.models import Pembanding, TargetIndikator
from sakip.models import Jabatan, Pejabat, Penugasan

from ..ekspor import FORMAT
from .dokumen import _daftar_tahun
from .identitas import _Identitas
from .keuangan import _Keuangan
from .perjanjian import _Perjanjian
from .profil import _Profil
from .rencana import _Rencana
from .strategis import _Strategis
from .tabel import _Tabel
from .tulis import _Penulis


class _Pemuat(_Identitas, _Strategis, _Profil, _Tabel, _Keuangan, _Perjanjian, _Penulis, _Rencana):
    """One load: `muat(data)` plans the document section by section, `tulis()` writes the plan."""

    def muat(self, data, opd_tetap=None):
        if not isinstance(data, dict):
            self.galat("dokumen", "harus berupa objek JSON.")
            return
        if data.get("format") != FORMAT:
            self.galat("format", f'harus "{FORMAT}", bukan {data.get("format")!r}.')
            return
        if opd_tetap is not None:
            # Loading into one existing office: its Pemda and methodology are the admin pemda's; the
            # file may carry them unchanged (an export does), a change is refused unless the user
            # may manage the Pemda.
            kode = (data.get("opd") or {}).get("kode")
            if kode and kode != opd_tetap.kode:
                self.galat("opd.kode", f"berkas ini untuk OPD {kode}, bukan {opd_tetap.kode}.")
                return
            pemda = opd_tetap.pemda
            self.muat_pemda_tetap(pemda, data.get("pemda"))
            self.muat_metodologi(pemda, data.get("metodologi"), setelah=self._periksa_identitas_pemda(pemda))
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
        if self.perekam is None:
            self.jaga.baca_kunci(opd)  # after the office lock (impor_data_opd)
        self.daftar_tersimpan(opd, data)
        self.muat_jabatan(opd, data.get("jabatan") or [])
        self.muat_pejabat(pemda, data.get("pejabat") or [])
        misi = self.muat_rpjmd(pemda, data.get("rpjmd"))
        renstra = self.muat_renstra(opd, data.get("renstra"), misi)
        self.muat_strategi(opd, data.get("renstra"))
        self.muat_profil(opd, data.get("profil"))
        # Budget items before PK and links: program indicators may be referenced anywhere.
        self.muat_anggaran(opd, data.get("anggaran") or [], renstra)
        self.muat_pk(opd, data.get("perjanjian_kinerja") or [])
        # The report's data tables name indicators and budget items of the document.
        self.muat_tabel(opd, data)

    def daftar_tersimpan(self, opd, data):
        """Where the stored records the document can match are: one query per model, on first use."""
        nip = [Pejabat.bersihkan_nip(d.get("nip", "")) for d in data.get("pejabat") or [] if isinstance(d, dict)]
        self._tahun_anggaran = ta = _daftar_tahun(data.get("anggaran"))
        tp = _daftar_tahun(data.get("perjanjian_kinerja"))
        self._daftar(Jabatan, ("opd", "nama"), lambda: Jabatan.objects.filter(opd=opd), opd)
        self._daftar(Pejabat, ("nip",), lambda: Pejabat.objects.filter(nip__in=nip))
        self._daftar(
            Penugasan, ("jabatan", "pejabat", "mulai"), lambda: Penugasan.objects.filter(jabatan__opd=opd), opd
        )
        per_indikator = {
            TargetIndikator: ("indikator", "tahun"),
            Pembanding: ("indikator", "tahun", "jenis", "nama"),
            Realisasi: ("indikator", "tahun", "periode"),
        }
        for model, medan in per_indikator.items():
            self._daftar(model, medan, lambda m=model: m.objects.filter(indikator__opd=opd), opd)
        self._daftar(
            ItemAnggaran, ("opd", "tahun", "kode"), lambda: ItemAnggaran.objects.filter(opd=opd, tahun__in=ta), opd
        )
        for model, medan in ((Pagu, ("item", "urutan")), (RealisasiAnggaran, ("item", "triwulan"))):
            self._daftar(model, medan, lambda m=model: m.objects.filter(item__opd=opd, item__tahun__in=ta), opd)
        self._daftar(
            PerjanjianKinerja,
            ("jabatan", "tahun", "versi"),
            lambda: PerjanjianKinerja.objects.filter(jabatan__opd=opd, tahun__in=tp),
            opd,
        )
        self._daftar(
            ItemPK,
            ("perjanjian", "indikator"),
            lambda: ItemPK.objects.filter(perjanjian__jabatan__opd=opd, perjanjian__tahun__in=tp),
            opd,
        )
        self._daftar(
            RencanaAksi,
            ("item", "triwulan"),
            lambda: RencanaAksi.objects.filter(item__perjanjian__jabatan__opd=opd, item__perjanjian__tahun__in=tp),
            opd,
        )
