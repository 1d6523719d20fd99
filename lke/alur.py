"""Who may do what on an evaluation, and its path: pengisian → penilaian → final.

```
pengisian ──ajukan (OPD)──▶ penilaian ──tetapkan (evaluator)──▶ final (terkunci)
    ▲                          │                                   │
    └──kembalikan (evaluator, catatan wajib)                       │
                               ▲──────buka kembali (evaluator, alasan wajib)
```

The office (operator, pimpinan of that office) answers the self-assessment (usulan) while the
evaluation is in pengisian; the evaluators (reviewers and admin pemda of the Pemda) answer the
penetapan in penilaian and make it final. A final evaluation is read-only everywhere (the
records' own guard, `lke.models`); its LHE recommendations enter the register locked
(`laporan.RekomendasiEvaluasi.terkunci`). Every transition is kept (`RiwayatEvaluasi`) with who,
when and the note; each runs under the office's lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from laporan.models import RekomendasiEvaluasi
from sakip.akses import Aksi, boleh
from sakip.kunci import kunci_opd

from .kerangka import pohon
from .models import EvaluasiLKE, JawabanLKE, LembarKerja, RiwayatEvaluasi
from .nilai import periksa_logis, semua_kriteria

Status = EvaluasiLKE.Status


class GalatAlur(Exception):
    """A refused action; the message is for the user (Bahasa Indonesia)."""


def boleh_usulan(user, opd) -> bool:
    """The office's people: its operator and its pimpinan (and a superuser)."""
    return boleh(user, Aksi.UBAH, opd) or boleh(user, Aksi.SETUJUI, opd)


def boleh_penetapan(user, opd) -> bool:
    """The evaluators: reviewers and admin pemda of the office's Pemda (and a superuser)."""
    return boleh(user, Aksi.REVIU, opd) or boleh(user, Aksi.KELOLA, opd)


def lihat_penetapan(user, opd, evaluasi) -> bool:
    """The evaluator's answers are shown to the office once the evaluation is final."""
    return boleh_penetapan(user, opd) or (evaluasi is not None and evaluasi.final)


def lembar_untuk(opd, tahun):
    return LembarKerja.objects.filter(pemda_id=opd.pemda_id, tahun=tahun).first()


@dataclass(frozen=True)
class Transisi:
    kode: str
    label: str
    catatan_wajib: bool = False
    konfirmasi: str = ""


TRANSISI = {
    "ajukan": (Status.PENGISIAN, Status.PENILAIAN),
    "kembalikan": (Status.PENILAIAN, Status.PENGISIAN),
    "tetapkan": (Status.PENILAIAN, Status.FINAL),
    "buka": (Status.FINAL, Status.PENILAIAN),
}


def transisi_tersedia(user, opd, evaluasi) -> list[Transisi]:
    if evaluasi is None:
        return []
    hasil = []
    if evaluasi.status == Status.PENGISIAN and boleh_usulan(user, opd):
        hasil.append(Transisi("ajukan", "Ajukan ke evaluator", konfirmasi="Ajukan penilaian mandiri ke evaluator?"))
    if evaluasi.status == Status.PENILAIAN and boleh_penetapan(user, opd):
        hasil.append(Transisi("tetapkan", "Tetapkan hasil evaluasi (final)"))
        hasil.append(Transisi("kembalikan", "Kembalikan ke OPD", catatan_wajib=True))
    if evaluasi.status == Status.FINAL and boleh_penetapan(user, opd):
        hasil.append(Transisi("buka", "Buka kembali", catatan_wajib=True))
    return hasil


def _jawaban(evaluasi):
    return {
        j.kriteria_id: j for j in JawabanLKE.objects.filter(evaluasi=evaluasi).select_related("usulan", "penetapan")
    }


def jalankan_transisi(user, opd, tahun, aksi, catatan="", yakin_logis=False) -> EvaluasiLKE:
    """Run one transition under the office's lock; GalatAlur with the reason when refused."""
    if aksi not in TRANSISI:
        raise GalatAlur("Aksi tidak dikenal.")
    dari, ke = TRANSISI[aksi]
    catatan = (catatan or "").strip()
    with transaction.atomic():
        kunci_opd(opd.pk)
        evaluasi = EvaluasiLKE.objects.filter(opd=opd, tahun=tahun).select_related("lembar").first()
        if evaluasi is None:
            raise GalatAlur("Evaluasi LKE tahun ini belum dimulai.")
        if not any(t.kode == aksi for t in transisi_tersedia(user, opd, evaluasi)):
            raise GalatAlur("Aksi ini tidak dapat dilakukan pada status evaluasi sekarang atau oleh peran Anda.")
        if aksi in ("kembalikan", "buka") and not catatan:
            raise GalatAlur("Tulis alasannya (wajib).")
        struktur = pohon(evaluasi.lembar)
        kriteria = semua_kriteria(struktur)
        jawaban = _jawaban(evaluasi)
        if aksi == "ajukan":
            kosong = [c for c in kriteria if not (jawaban.get(c.id) and jawaban[c.id].usulan_id)]
            if kosong:
                raise GalatAlur(
                    f"{len(kosong)} kriteria belum dijawab OPD (antara lain {kosong[0].kode}); jawab semua dulu."
                )
        if aksi == "tetapkan":
            kosong = [c for c in kriteria if not (jawaban.get(c.id) and jawaban[c.id].penetapan_id)]
            if kosong:
                raise GalatAlur(
                    f"{len(kosong)} kriteria belum dinilai evaluator (antara lain {kosong[0].kode}); nilai semua dulu."
                )
            peringatan = periksa_logis(struktur, {k: j.penetapan for k, j in jawaban.items()})
            if peringatan and not yakin_logis:
                raise GalatAlur(
                    f"{sum(len(p) for p in peringatan.values())} peringatan kerangka logis pada jawaban evaluator. "
                    "Periksa, lalu centang “Peringatan kerangka logis sudah diperiksa” untuk menetapkan."
                )
        evaluasi.status = ke
        evaluasi._history_user = user
        evaluasi.save()
        RiwayatEvaluasi.objects.create(evaluasi=evaluasi, dari=dari, ke=ke, oleh=user, catatan=catatan)
        if aksi in ("tetapkan", "buka"):
            _kunci_rekomendasi(evaluasi, user, kunci=aksi == "tetapkan")
    return evaluasi


def _kunci_rekomendasi(evaluasi, user, *, kunci: bool):
    """The LHE's recommendations in the register: locked with the LHE's number and date at final,
    unlocked when the evaluation is opened again."""
    for r in RekomendasiEvaluasi.objects.filter(
        opd=evaluasi.opd, tahun_evaluasi=evaluasi.tahun, sumber=RekomendasiEvaluasi.Sumber.LHE
    ):
        r.terkunci = kunci
        if kunci:
            r.nomor_lhe, r.tanggal_lhe = evaluasi.nomor_lhe, evaluasi.tanggal_lhe
        r._history_user = user
        r.save()
