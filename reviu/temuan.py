"""A finding of the review checks (data and narrative): its kind, severity, message and where to fix it."""

from dataclasses import dataclass

GALAT, PERINGATAN, INFO = "galat", "peringatan", "info"
URUTAN_TINGKAT = {GALAT: 0, PERINGATAN: 1, INFO: 2}
LABEL_TINGKAT = {GALAT: "Galat", PERINGATAN: "Peringatan", INFO: "Catatan"}


@dataclass(frozen=True)
class Temuan:
    kode: str  # kind of check, e.g. "target_pk_renstra"
    tingkat: str  # galat, peringatan, info
    pesan: str
    tautan: str = ""
    objek: str = ""  # stable key of the item ("indikator:12", "anggaran:2.12.02"): comments pin to it

    @property
    def label_tingkat(self):
        return LABEL_TINGKAT[self.tingkat]
