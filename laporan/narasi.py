"""Saving a narrative section: only a changed text is written, never over someone else's change.

The form carries the fingerprint of the text it was loaded with (laporan.forms.NarasiForm). An
unchanged text writes nothing (the report keeps the stored text, or keeps drafting it from the
numbers); a text someone else saved since the page was loaded is a conflict, shown with both
texts, and nothing is saved. Runs under the office lock (sakip.kunci). Narratives are not frozen
by a period's approval.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sakip.isian import KONFLIK, putusan_sel
from sakip.kunci import kunci_opd
from sakip.perubahan import umumkan

from .forms import normal_teks, sidik_teks
from .models import Laporan, Narasi


@dataclass
class HasilNarasi:
    disimpan: bool = False  # the text was written
    gambar: bool = False  # an image was added
    konflik: Narasi | None = None  # the narrative as stored now, when someone else changed it


def simpan_narasi(user, opd, tahun, periode, bagian, indikator_id, isi, sidik_awal, gambar=None):
    """Save the text `isi` of a narrative section loaded with fingerprint `sidik_awal` (and an
    unsaved GambarNarasi `gambar`, if any). Returns HasilNarasi; nothing is written on a conflict."""
    isi = normal_teks(isi)
    berubah = sidik_teks(isi) != (sidik_awal or "")
    hasil = HasilNarasi()
    if not berubah and gambar is None:
        return hasil
    with transaction.atomic():
        kunci_opd(opd.pk)
        objek = (
            Narasi.objects.select_related("diubah_oleh")
            .filter(
                laporan__opd=opd,
                laporan__tahun=tahun,
                laporan__periode=periode,
                bagian=bagian,
                indikator_id=indikator_id,
            )
            .first()
        )
        # An empty stored text is no text: the page showed the draft written from the numbers.
        tersimpan = normal_teks(objek.isi) if objek is not None else ""
        # The texts are compared by their fingerprints (the page carries the loaded text's).
        if tersimpan and putusan_sel(sidik_awal or "", sidik_teks(isi), sidik_teks(tersimpan)) == KONFLIK:
            hasil.konflik = objek
            return hasil
        if objek is None:
            laporan, _ = Laporan.objects.get_or_create(opd=opd, tahun=tahun, periode=periode)
            # Without a text change (an image only) the text stays empty: the draft keeps being used.
            objek = Narasi(laporan=laporan, bagian=bagian, indikator_id=indikator_id, isi="")
        if berubah and tersimpan != isi:
            objek.isi = isi
            hasil.disimpan = True
        if hasil.disimpan or objek.pk is None:
            objek.diubah_oleh = user
            objek._history_user = user
            objek.save()
        if gambar is not None:
            gambar.narasi = objek
            gambar.urutan = objek.gambar_set.count()
            gambar.save()
            hasil.gambar = True
    if hasil.disimpan or hasil.gambar:
        umumkan(opd.pk, tahun)
    return hasil
