"""Settings for the test suite: the real settings with fast hashing and plain static files."""

import os

os.environ.setdefault("SAKIP_TESTING", "1")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / "build" / "test-media"  # noqa: F405
# Jobs run in the test's own process and transaction (sakip.tugas.kerjakan_semua), never forked.
SAKIP_TUGAS_PROSES_ANAK = False
