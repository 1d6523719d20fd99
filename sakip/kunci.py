"""The office lock: every write of an office's data takes it first, inside its transaction.

Two saves of the same office (two grids, a grid and an import, a save and "Verifikasi dan
kunci") then run one after the other, so a check made inside the transaction (is the period
still open? did the stored value move since the page was loaded?) stays true until the write
commits. Saves of different offices do not wait for each other.

PostgreSQL: ``SELECT … FOR NO KEY UPDATE`` on the office row (it does not block inserts of rows
that point to the office). SQLite has no row locks; its transactions start IMMEDIATE
(settings.py), which serialises writers for the whole database.
"""

from django.db import connection, transaction


def kunci_opd(*opd_ids):
    """Lock the offices for the rest of the current transaction (raises outside one)."""
    from .models import OPD

    ids = sorted({i for i in opd_ids if i is not None and (not isinstance(i, int) or i > 0)})
    if not ids:
        return
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("kunci_opd() memerlukan transaksi (transaction.atomic).")
    if connection.features.has_select_for_update:
        # Sorted ids: two transactions locking the same offices take them in the same order.
        list(
            OPD.objects.select_for_update(no_key=connection.features.has_select_for_no_key_update, of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
