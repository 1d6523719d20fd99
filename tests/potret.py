"""A snapshot of every row of every table (tests only): what "the database is identical" means.

`potret()` reads each model's rows (history tables included, so a write that changed nothing
visible still shows as a new history row) as plain tuples; `beda(a, b)` names what differs.
Sessions, the users' last login and the login records (django-axes) move when a test signs in
and are left out; so is an office's `versi_data`, a counter of its lock (sakip.kunci) that any
save moves, even one that writes nothing, like a sequence: a cache key, not data.
"""

from django.apps import apps

_LEWATI = {"sessions.session", "admin.logentry", "axes.accesslog", "axes.accessattempt", "axes.accessfailurelog"}
_MEDAN_LEWATI = {"sakip.pengguna": {"last_login"}, "sakip.opd": {"versi_data"}}


def potret():
    hasil = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in _LEWATI or model._meta.proxy:
            continue
        lewati = _MEDAN_LEWATI.get(label, set())
        medan = [f.attname for f in model._meta.concrete_fields if f.name not in lewati]
        hasil[label] = {row[0]: row for row in model._default_manager.order_by("pk").values_list("pk", *medan)}
    return hasil


def beda(sebelum, sesudah, batas=10):
    """What changed between two snapshots, as readable lines (empty when identical)."""
    baris = []
    for label in sorted(set(sebelum) | set(sesudah)):
        a, b = sebelum.get(label, {}), sesudah.get(label, {})
        for pk in sorted(set(a) | set(b), key=str):
            if a.get(pk) != b.get(pk):
                baris.append(f"{label} #{pk}: {a.get(pk)} -> {b.get(pk)}")
                if len(baris) >= batas:
                    return baris
    return baris


#: The office lock's counter (sakip.kunci.kunci_opd): taken by every load, whatever it then writes.
KUNCI_VERSI = 'UPDATE "sakip_opd" SET "versi_data" ='


def kunci_versi(sql: str) -> bool:
    """Whether a statement is the office lock moving its data version (a cache key, not data)."""
    return sql.lstrip().startswith(KUNCI_VERSI)
