"""Production start checks (issue #15): `manage.py check --deploy` passes clean with the README's
production environment; a weak SECRET_KEY or a wildcard host refuses to start, with a message."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent

# The README's "Production" environment (keep both in step).
PRODUKSI = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "sakip.example.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://sakip.example.go.id",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def periksa(**ubah):
    """`manage.py check --deploy --fail-level WARNING` as production runs it (not the test suite)."""
    env = {k: v for k, v in os.environ.items() if k not in {"SAKIP_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(PRODUKSI)
    for k, v in ubah.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=AKAR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_production_environment_passes_check_deploy_clean():
    proses = periksa()
    assert proses.returncode == 0, proses.stdout + proses.stderr
    assert "no issues" in proses.stdout
    readme = (AKAR / "README.md").read_text(encoding="utf-8")
    produksi = readme[readme.index("### Production") :]
    for nama in PRODUKSI:
        assert nama in produksi, f"README Production tidak menyebut {nama}"


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        ({"SECRET_KEY": "x"}, "SECRET_KEY terlalu lemah"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY terlalu lemah"),  # long, but 2 distinct characters
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(48)}, "SECRET_KEY terlalu lemah"),
        ({"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production" + "x" * 10}, "SECRET_KEY terlalu lemah"),
        ({"SECRET_KEY": None}, "SECRET_KEY wajib diisi"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS tidak boleh kosong atau '*'"),
        ({"ALLOWED_HOSTS": "sakip.example.go.id,*"}, "ALLOWED_HOSTS tidak boleh kosong atau '*'"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS tidak boleh kosong atau '*'"),
    ],
)
def test_production_refuses_to_start_with_a_weak_key_or_a_wildcard_host(ubah, pesan):
    proses = periksa(**ubah)
    assert proses.returncode != 0
    assert "ImproperlyConfigured" in proses.stderr and pesan in proses.stderr


def test_development_still_starts_with_the_development_key():
    proses = periksa(DEBUG="1", SECRET_KEY=None, ALLOWED_HOSTS="*")
    assert "ImproperlyConfigured" not in proses.stderr
