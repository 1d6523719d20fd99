"""The rules a load of office data obeys beyond each record's own validation.

Every door that goes through the loader (`pertukaran.muat`: the demo fixtures, `sakip-opd/1`
files, the workbook) keeps the rules of the entry screens:

* what an approved period freezes (`kinerja.penguncian`): a new or changed realisation, rencana
  aksi, PK item, PK, pagu or budget realisation, survey, budget per spending type or document
  service count that touches frozen data is an error at its place (a deleted one too);
  a set PK never changes;
* only the pimpinan sets (ditetapkan) a PK or a perubahan, and a pimpinan account naming its
  official only the PKs of that official's jabatan and below (`kinerja.alur.boleh_menetapkan`);
* an office's load stays in its office: officials are matched within the office's Pemda; one whom
  another office also refers to (a position, a PK signed, a user account) keeps his name, pangkat
  and golongan, and the Pemda's identity, methodology, RPJMD and misi stay as they are, unless
  the user may manage the Pemda;
* plausibility (`sakip.angka.kewajaran`): warnings, not errors, on the values and targets it writes.

The loader writes in bulk, so it asks here in its plan phase, with the frozen periods read once
(`PetaKunci`) after the office lock. `user=None` is the system itself (the demo loader, the
administrator's commands): it may do everything the data allows.
"""

from __future__ import annotations

import copy

from django.db.models import Exists, OuterRef

from anggaran.models import BelanjaJenis, Pagu, RealisasiAnggaran
from kinerja.alur import PESAN_HANYA_PIMPINAN, PenetapPK, boleh_menetapkan, pesan_tidak_boleh_menetapkan
from kinerja.models import (
    ItemPK,
    LayananDokumen,
    PerjanjianKinerja,
    Realisasi,
    RealisasiLayananDokumen,
    RencanaAksi,
    SurveiKepuasan,
    UnsurSurvei,
)
from kinerja.penguncian import PetaKunci
from renstra.models import TargetIndikator
from sakip.akses import Aksi, boleh
from sakip.angka import jenis_angka, kewajaran
from sakip.models import Pejabat, Pengguna, Penugasan

__all__ = ["DIKUNCI", "PESAN_HANYA_PIMPINAN", "Penjaga", "pesan_tidak_boleh_menetapkan"]

# The records an approved period can freeze.
DIKUNCI = (
    Realisasi,
    RencanaAksi,
    ItemPK,
    PerjanjianKinerja,
    Pagu,
    RealisasiAnggaran,
    TargetIndikator,
    SurveiKepuasan,
    UnsurSurvei,
    BelanjaJenis,
    LayananDokumen,
    RealisasiLayananDokumen,
)

PESAN_PEJABAT_PEMDA_LAIN = (
    "NIP {nip} sudah terdaftar sebagai pejabat pemda lain; pejabat pemda lain tidak dapat dimuat, diubah "
    "atau dipindahkan lewat impor ini. Periksa NIP-nya, atau minta admin pemda bila pejabat ini pindah tugas."
)
PESAN_PEJABAT_BERSAMA = (
    "pejabat {nip} juga tercatat di OPD lain (jabatan, penanda tangan PK, atau akun pengguna); nama, pangkat "
    "dan golongannya hanya dapat diubah admin pemda (tersimpan: {tersimpan}). Biarkan sama dengan data tersimpan."
)
PESAN_PEMDA_UBAH = (
    "identitas pemda dan metodologi pengukuran adalah data pemda: hanya admin pemda yang dapat mengubahnya "
    "({medan}: tersimpan {tersimpan}, di berkas {isian}). Biarkan sama dengan data tersimpan atau minta admin pemda."
)
PESAN_RPJMD_BARU = (
    "RPJMD/RPD dan misinya adalah data pemda: hanya admin pemda yang dapat membuatnya. "
    "Pakai RPJMD/RPD yang sudah ada (jenis dan periode yang sama) atau minta admin pemda."
)
PESAN_RPJMD_UBAH = (
    "RPJMD/RPD dan misinya adalah data pemda: hanya admin pemda yang dapat mengubahnya ({medan}). "
    "Biarkan sama dengan data tersimpan atau minta admin pemda."
)


class Penjaga:
    """The door's rules for one load, by `user`."""

    def __init__(self, user=None):
        self.user = user
        self.peta = PetaKunci()
        self._perjanjian_asli = {}  # id(stored PK) -> a copy as stored, before this load changed it in memory
        self._kelola = None
        self._menetapkan = None
        self._penetap = None
        self._pejabat_lain = None

    def baca_kunci(self, opd):
        """The office's frozen periods, in one query (call after taking the office lock)."""
        if opd.pk is not None and opd.pk > 0:
            self.peta = PetaKunci.baca([opd.pk])

    # --- what an approved period freezes ------------------------------------------------

    def pesan_tersimpan(self, obj):
        """Why a stored record may not change, judged as stored (call before changing it)."""
        if isinstance(obj, PerjanjianKinerja):
            self._perjanjian_asli[id(obj)] = copy.copy(obj)
            return self.peta.perjanjian(obj, ditetapkan_mengunci=True)
        if isinstance(obj, ItemPK):
            return self._pesan_perjanjian_asli(obj.perjanjian)
        return self.peta.pesan(obj, tersimpan=True)

    def pesan_hasil(self, obj):
        """Why the record may not be saved as it now is (new, or changed)."""
        if isinstance(obj, ItemPK):
            # Judged by the PK as stored (set or not) and by the periods it will cover: a PK set in
            # this very load (by its pimpinan) still takes its items.
            perjanjian = obj.perjanjian
            return self._pesan_perjanjian_asli(perjanjian) or self.peta.perjanjian(
                perjanjian, ditetapkan_mengunci=False
            )
        return self.peta.pesan(obj, tersimpan=False)

    def _pesan_perjanjian_asli(self, perjanjian):
        asli = self._perjanjian_asli.get(id(perjanjian))
        return self.peta.perjanjian(asli, ditetapkan_mengunci=True) if asli is not None else None

    # --- who may do what ------------------------------------------------------------------

    def boleh_kelola(self, pemda):
        """Whether the user may manage the Pemda's data (admin pemda, superuser, the system)."""
        if self._kelola is None:
            u = self.user
            self._kelola = (
                u is None
                or getattr(u, "is_superuser", False)
                or (pemda.pk is not None and pemda.pk > 0 and boleh(u, Aksi.KELOLA, pemda))
            )
        return self._kelola

    def boleh_menetapkan(self, opd, perjanjian=None):
        """Whether the user sets PKs of the office (`perjanjian` given: this one, by
        `kinerja.alur.boleh_menetapkan`; the user's positions are read once per load)."""
        if self._menetapkan is None:
            u = self.user
            if u is None or getattr(u, "is_superuser", False):
                self._menetapkan = True
            else:
                self._menetapkan = opd.pk is not None and opd.pk > 0 and boleh_menetapkan(u, opd)
        if not self._menetapkan or perjanjian is None or self.user is None:
            return self._menetapkan
        if self.user.is_superuser or not self.user.pejabat_id:
            return True
        if self._penetap is None:
            self._penetap = PenetapPK.baca(self.user, opd)
        return self._penetap.boleh(perjanjian)

    def pejabat_opd_lain(self, pemda, opd, daftar_nip):
        """Ids of the Pemda's officials (among `daftar_nip`) that anything outside this office
        refers to: a position (Penugasan), a PK signed (PerjanjianKinerja.pejabat) or a user account
        (Pengguna.pejabat, an office's or a Pemda-wide one). One query."""
        if self._pejabat_lain is None:
            self._pejabat_lain = set()
            if pemda.pk is not None and pemda.pk > 0:
                penugasan = Penugasan.objects.filter(pejabat=OuterRef("pk"))
                perjanjian = PerjanjianKinerja.objects.filter(pejabat=OuterRef("pk"))
                pengguna = Pengguna.objects.filter(pejabat=OuterRef("pk"))
                if opd.pk is not None and opd.pk > 0:
                    # A new office has nothing stored: every reference is another office's.
                    penugasan = penugasan.exclude(jabatan__opd_id=opd.pk)
                    perjanjian = perjanjian.exclude(jabatan__opd_id=opd.pk)
                    pengguna = pengguna.exclude(opd_id=opd.pk)  # keeps users of no office (NULL)
                qs = Pejabat.objects.filter(pemda_id=pemda.pk, nip__in=list(daftar_nip)).filter(
                    Exists(penugasan) | Exists(perjanjian) | Exists(pengguna)
                )
                self._pejabat_lain = set(qs.values_list("pk", flat=True))
        return self._pejabat_lain

    # --- plausibility ---------------------------------------------------------------------

    @staticmethod
    def kewajaran(indikator, nilai):
        """Warnings for a value or target of `indikator` far outside its unit's plausible range."""
        if nilai is None or indikator is None:
            return []
        return kewajaran(nilai, jenis_angka(indikator.satuan, indikator.presisi), indikator.satuan)
