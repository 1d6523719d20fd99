"""What a load returns and how it fails; reading a `sakip-opd/1` file."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sakip.berkas_aman import MB, format_mb
from sakip.models import OPD
from sakip.xlsx_aman import batas


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
    dihapus: Counter = field(default_factory=Counter)  # rows a replaced list no longer holds
    galat: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)  # (place, message): implausible values, not errors
    percobaan: bool = False
    # What changes, per data type: the first RINCIAN_MAKS changed records with their fields' old
    # and new values (the preview shows them); `rincian_lebih` counts the records left out.
    rincian: dict = field(default_factory=dict)
    rincian_lebih: Counter = field(default_factory=Counter)

    RINCIAN_MAKS = 50

    def catat_ubah(self, jenis, nama, medan):
        """Record a changed record: `nama` names it, `medan` is [(field label, old, new)] as text."""
        daftar = self.rincian.setdefault(jenis, [])
        if len(daftar) < self.RINCIAN_MAKS:
            daftar.append((nama, medan))
        else:
            self.rincian_lebih[jenis] += 1

    @property
    def per_jenis_rinci(self):
        """(data type, [(record, [(field, old, new)])], records left out) of the changed types."""
        return [(n, self.rincian[n], self.rincian_lebih[n]) for n in sorted(self.rincian)]

    @property
    def berhasil(self):
        return not self.galat

    @property
    def per_jenis(self):
        """(data type, created, changed, unchanged) rows."""
        nama = sorted(set(self.dibuat) | set(self.diubah) | set(self.tetap))
        return [(n, self.dibuat[n], self.diubah[n], self.tetap[n]) for n in nama]

    def ringkasan(self):
        """Lines like "Indikator: 12 dibuat, 1 diubah, 30 tetap" (", 2 dihapus" when rows go)."""
        nama = sorted(set(self.dibuat) | set(self.diubah) | set(self.tetap) | set(self.dihapus))
        return [
            f"{n}: {self.dibuat[n]} dibuat, {self.diubah[n]} diubah, {self.tetap[n]} tetap"
            + (f", {self.dihapus[n]} dihapus" if self.dihapus[n] else "")
            for n in nama
        ]


def _pesan_validasi(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def _sementara(obj):
    """A record planned in this load and not written (yet): its pk is provisional, negative."""
    return obj is not None and obj.pk is not None and obj.pk < 0


def _daftar_tahun(daftar):
    """The years named in a list of sections (for the scope of the stored rows to read)."""
    hasil = set()
    for d in daftar or []:
        t = d.get("tahun") if isinstance(d, dict) else None
        if isinstance(t, int) and not isinstance(t, bool):
            hasil.add(t)
        elif isinstance(t, str) and t.isdigit():
            hasil.add(int(t))
    return hasil


class DokumenTidakValid(Exception):
    """A `sakip-opd/1` file that cannot be read (too large, not JSON); the message is for the user."""


def baca_dokumen_json(path):
    """The JSON document of a file, bounded like an uploaded workbook (SAKIP_IMPOR_MAKS_MB): a
    larger file, invalid JSON or nesting deeper than the parser's recursion is refused."""

    path = Path(path)
    maks = batas("SAKIP_IMPOR_MAKS_MB") * MB
    try:
        if path.stat().st_size > maks:
            raise DokumenTidakValid(f"Berkas {path.name} lebih dari {format_mb(maks)}; periksa isinya.")
        teks = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DokumenTidakValid(f"Berkas {path} tidak ditemukan.") from None
    except UnicodeDecodeError:
        raise DokumenTidakValid(f"Berkas {path.name} bukan teks UTF-8.") from None
    try:
        return json.loads(teks)
    except json.JSONDecodeError as exc:
        raise DokumenTidakValid(
            f"{path.name} bukan JSON yang sah: baris {exc.lineno}, kolom {exc.colno}: {exc.msg}."
        ) from None
    except RecursionError:
        raise DokumenTidakValid(f"{path.name} bersarang terlalu dalam; bukan dokumen sakip-opd/1.") from None
