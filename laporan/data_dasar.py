"""The numbered entries of the report (headings, tables, figures): shared by `laporan.data` and
`laporan.data_profil`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entri:
    """A heading in the table of contents: chapter, section, front matter or appendix."""

    id: str
    nomor: str
    judul: str
    tingkat: int
    depan: bool
    # The printed front matter leaves this entry's page number to the layer (laporan/pdf.py).
    lapisan: bool = field(default=False, kw_only=True, metadata={"json": False})


@dataclass(frozen=True)
class EntriTabel:
    """A numbered table or figure, in the list of tables or of figures."""

    id: str
    nomor: str
    judul: str
    lapisan: bool = field(default=False, kw_only=True, metadata={"json": False})  # as Entri.lapisan
