"""Uploading LKjIP documents for review: every file judged before anything reads or stores it.

A reviewer sends one LKjIP or many at once (a whole Pemda's). Each file is accepted only as PDF,
Word (.docx) or text (.txt), recognised by its first bytes with a name whose extension matches
(sakip.berkas_aman, group ``reviu``: size `SAKIP_REVIU_MAKS_MB`, not empty, content), and a DOCX
only when its text part is not a zip bomb. A refused file gets its reason in Bahasa Indonesia and
nothing is stored for it; the others are stored under a random name with their size and SHA-256
and queued for the worker (reviu.tugas_dokumen).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import transaction

from sakip import tugas as tugas_latar
from sakip.akses import Aksi, batasi
from sakip.berkas_aman import JENIS, MB, BerkasDitolak, batas, ekstensi, format_mb, periksa_berkas
from sakip.models import OPD, Pemda

from .models import FORMAT, DokumenReviu, Unggahan
from .tugas_dokumen import reviu_berkas

# Extension -> the kind its content must be (sakip.berkas_aman.kenali).
JENIS_ISI = {"pdf": "pdf", "docx": "docx", "txt": "teks"}
DAFTAR_FORMAT = ", ".join(FORMAT.values())


def maks_berkas():
    return getattr(settings, "SAKIP_REVIU_MAKS_BERKAS", 60)


def periksa_unggahan(berkas) -> str:
    """The format ("pdf", "docx", "txt") of an uploaded document, or BerkasDitolak with the reason."""
    nama = os.path.basename(getattr(berkas, "name", "") or "")
    ext = ekstensi(nama)
    if ext not in JENIS_ISI:
        saran = " Simpan ulang sebagai .docx atau PDF." if ext in ("doc", "rtf", "odt") else ""
        raise BerkasDitolak(
            f"Berkas {nama} tidak diterima: jenis .{ext or '?'} tidak dapat direviu. "
            f"Yang diterima: {DAFTAR_FORMAT}.{saran}"
        )
    jenis = periksa_berkas(berkas, "reviu", nama)  # size, empty, content by its first bytes
    if jenis != JENIS_ISI[ext]:
        raise BerkasDitolak(
            f"Isi berkas {nama} adalah {JENIS[jenis][0]}, tidak sesuai dengan akhiran .{ext}; "
            "simpan ulang dengan akhiran yang benar."
        )
    if ext == "docx":
        _periksa_docx(berkas, nama)
    return ext


def _periksa_docx(berkas, nama):
    """The text part's declared size, from the zip directory (nothing is inflated): the limit the
    reader applies (reviu.dokumen), checked here so a bomb is not even stored."""
    maks = batas("SAKIP_REVIU_MAKS_MB") * MB
    berkas.seek(0)
    try:
        with zipfile.ZipFile(berkas) as zf:
            info = zf.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise BerkasDitolak(f"Berkas {nama} bukan dokumen Word yang utuh; berkas ditolak.") from None
    finally:
        berkas.seek(0)
    if info.file_size > maks or (info.file_size > MB and info.file_size > 100 * max(info.compress_size, 1)):
        raise BerkasDitolak(
            f"Isi dokumen Word {nama} setelah diekstrak terlalu besar ({format_mb(info.file_size)}); berkas ditolak."
        )


def sha256_berkas(berkas) -> str:
    h = hashlib.sha256()
    berkas.seek(0)
    for potongan in berkas.chunks() if hasattr(berkas, "chunks") else iter(lambda: berkas.read(MB), b""):
        h.update(potongan)
    berkas.seek(0)
    return h.hexdigest()


# --------------------------------------------------------------------------- form


class _InputBanyak(forms.FileInput):
    allow_multiple_selected = True


class BerkasBanyak(forms.FileField):
    """Several files in one input; each is judged on its own (periksa_unggahan), not here."""

    widget = _InputBanyak

    def clean(self, data, initial=None):
        daftar = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not daftar:
            raise forms.ValidationError("Pilih satu atau beberapa berkas LKjIP.")
        if len(daftar) > maks_berkas():
            raise forms.ValidationError(
                f"Paling banyak {maks_berkas()} berkas sekali unggah ({len(daftar)} dipilih); unggah bertahap."
            )
        return daftar


class FormUnggah(forms.Form):
    berkas = BerkasBanyak(
        label="Berkas LKjIP",
        help_text=f"{DAFTAR_FORMAT}; boleh beberapa berkas sekaligus.",
        widget=_InputBanyak(attrs={"accept": ".pdf,.docx,.txt", "multiple": True}),
    )
    pemda = forms.ModelChoiceField(queryset=Pemda.objects.none(), label="Pemda", required=False)
    opd = forms.ModelChoiceField(
        queryset=OPD.objects.none(),
        label="OPD",
        required=False,
        empty_label="— ditebak dari isi dokumen —",
        help_text="Perangkat daerah yang menyusun laporan (bila satu). Dapat diubah per dokumen.",
    )
    keterangan = forms.CharField(
        label="Keterangan", max_length=200, required=False, help_text="Misalnya: LKjIP 2024 seluruh OPD."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        pemda = batasi(Pemda.objects.all(), user, Aksi.REVIU_DOKUMEN)
        self.fields["pemda"].queryset = pemda
        self.pilih_pemda = user.is_superuser
        if self.pilih_pemda:
            self.fields["pemda"].required = True
            self.fields["pemda"].error_messages["required"] = "Pilih pemda pemilik dokumen."
        else:
            del self.fields["pemda"]
            self.pemda_tetap = pemda.first()
        self.fields["opd"].queryset = OPD.objects.filter(pemda__in=pemda).select_related("pemda").order_by("nama")

    def clean(self):
        data = super().clean()
        pemda = data.get("pemda") if self.pilih_pemda else self.pemda_tetap
        if pemda is None and not self.errors:
            raise forms.ValidationError("Akun Anda tidak terikat pada pemda mana pun.")
        opd = data.get("opd")
        if opd is not None and pemda is not None and opd.pemda_id != pemda.pk:
            self.add_error("opd", "OPD ini bukan perangkat daerah pemda yang dipilih.")
        data["pemda_tujuan"] = pemda
        return data


# --------------------------------------------------------------------------- storing


@dataclass
class HasilUnggah:
    unggahan: Unggahan | None = None
    ditolak: list[str] = field(default_factory=list)  # one message per refused file
    sama: list[tuple[str, DokumenReviu]] = field(default_factory=list)  # (name, earlier upload of the same file)

    @property
    def jumlah(self):
        return self.unggahan.dokumen_set.count() if self.unggahan else 0


def simpan_unggahan(pengguna, pemda, daftar, opd=None, keterangan="") -> HasilUnggah:
    """Judge every file; store the accepted ones as one upload and queue them. Refused files are
    reported, not stored; with none accepted, nothing is stored at all."""
    hasil = HasilUnggah()
    diterima = []
    for berkas in daftar:
        try:
            diterima.append((berkas, periksa_unggahan(berkas), sha256_berkas(berkas)))
        except BerkasDitolak as exc:
            hasil.ditolak.append(exc.messages[0])
    if not diterima:
        return hasil
    lama = {
        d.sha256: d
        for d in DokumenReviu.objects.filter(unggahan__pemda=pemda, sha256__in=[s for _, _, s in diterima]).order_by(
            "-id"
        )  # the earliest upload of each file wins
    }
    with transaction.atomic():
        hasil.unggahan = Unggahan.objects.create(pemda=pemda, keterangan=keterangan, diunggah_oleh=pengguna)
        for berkas, fmt, sha in diterima:
            nama = os.path.basename(berkas.name)[:255]
            dokumen = DokumenReviu.objects.create(
                unggahan=hasil.unggahan,
                nama_asli=nama,
                berkas=berkas,
                format=fmt,
                ukuran=berkas.size,
                sha256=sha,
                opd=opd,
                tahap="Menunggu pekerja",
            )
            tugas_latar.antrekan(reviu_berkas, dokumen)
            if sha in lama:
                hasil.sama.append((nama, lama[sha]))
    return hasil
