"""Data changed: who wants to know (the report's PDF made ready in the background, laporan.siaga).

The services that change what a report shows (realisation and budget grids, PK and Renstra
editors, PK creation and revision, period transitions, narratives, workbook, sakip-opd/1 and
budget Excel imports; the IKM survey and the API write through the grids) call
`umumkan(opd_id, tahun)`; apps above them register a listener (`daftarkan`), so the core and the
domain apps never import them. Listeners run once per office and year after the transaction
commits (a change rolled back announces nothing), and a failing listener never undoes a change."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

log = logging.getLogger(__name__)

_PENDENGAR: dict[str, Callable[[int, int | None], None]] = {}


def daftarkan(nama: str, fungsi: Callable[[int, int | None], None]) -> None:
    """Register `fungsi(opd_id, tahun)` (tahun None: every year of the office)."""
    _PENDENGAR[nama] = fungsi


def umumkan(opd_id: int, tahun: int | None) -> None:
    """The data of office `opd_id` for `tahun` changed (or may have): tell the listeners after commit."""
    if not _PENDENGAR or opd_id is None:
        return
    kunci = (opd_id, int(tahun) if tahun is not None else None)
    transaction.on_commit(lambda: _sampaikan(kunci))


def _sampaikan(kunci) -> None:
    for nama, fungsi in list(_PENDENGAR.items()):
        try:
            fungsi(*kunci)
        except Exception:  # noqa: BLE001 - the change is committed; a listener's failure is logged
            log.exception("Pendengar perubahan %s gagal untuk %s", nama, kunci)
