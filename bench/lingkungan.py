"""Django set-up for the benchmark scripts: production settings on a throw-away database.

The database comes from BENCH_DATABASE_URL (default: SQLite file bench/bench.sqlite3), never from
DATABASE_URL, so a benchmark cannot touch the application's own database by accident.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

AKAR = Path(__file__).resolve().parent.parent
BENCH = AKAR / "bench"
URL_BAWAAN = f"sqlite:///{BENCH / 'bench.sqlite3'}"


def url_basis_data(url=None):
    return url or os.environ.get("BENCH_DATABASE_URL") or URL_BAWAAN


def nama_basis_data(url):
    u = urlparse(url)
    # sqlite:///relative/path, sqlite:////absolute/path (as dj-database-url reads them)
    return u.path.lstrip("/") if u.scheme.startswith("postgres") else u.path[1:]


def siapkan(url=None):
    """Point Django at the benchmark database with production settings (DEBUG off) and set it up."""
    url = url_basis_data(url)
    if str(AKAR) not in sys.path:
        sys.path.insert(0, str(AKAR))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "sakip.settings"
    # Production settings refuse a short key (sakip/settings.py): a long one, still not a secret.
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "0123456789abcdef" * 4)
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["SECURE_COOKIES"] = "0"
    # No collectstatic for benchmarks: plain static storage.
    os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ.setdefault("MEDIA_ROOT", str(BENCH / "media"))
    os.environ.setdefault("SAKIP_CACHE_LAPORAN", str(BENCH / "hasil" / "cache-laporan"))
    import django

    django.setup()
    return url


def buat_ulang_basis_data(url, paksa=False):
    """Delete and create the benchmark database (SQLite file, or a PostgreSQL database)."""
    u = urlparse(url)
    if u.scheme.startswith("postgres"):
        import psycopg2

        nama = u.path.lstrip("/")
        if "bench" not in nama and not paksa:
            raise SystemExit(f"Menolak menghapus basis data {nama!r}: namanya harus memuat 'bench' (atau --paksa).")
        conn = psycopg2.connect(
            host=u.hostname or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            password=u.password or "",
            dbname="postgres",
        )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{nama}"')
        conn.close()
    else:
        path = Path(nama_basis_data(url))
        for akhiran in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + akhiran).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
