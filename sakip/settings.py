"""SAKIP settings, read from the environment.

Production-safe defaults: DEBUG is off, SECRET_KEY must be given when DEBUG is off,
and the database is a SQLite file unless DATABASE_URL names another.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or env_bool("SAKIP_TESTING"):
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY wajib diisi lewat variabel lingkungan bila DEBUG tidak aktif.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

# --- Production start checks (issue #15): a server that is neither DEBUG nor the test suite
# refuses to start with a guessable SECRET_KEY (sessions, password-reset links and signed
# values hang on it) or a wildcard host (Host-header poisoning of absolute links).
if not DEBUG and not env_bool("SAKIP_TESTING"):
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure")
        or SECRET_KEY.startswith("dev-only-insecure-key")
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY terlalu lemah untuk produksi: minimal 50 karakter acak dengan sedikitnya 5 karakter "
            "berbeda, bukan kunci pengembangan. Buat dengan: "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS tidak boleh kosong atau '*' di produksi: sebutkan nama host aplikasi, "
            "misalnya ALLOWED_HOSTS=sakip.example.go.id"
        )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API's docs page with its own Swagger UI files (no CDN)
    "sakip",
    "renstra",
    "kinerja",
    "anggaran",
    "laporan",
    "reviu",
    "pertukaran",
    "lke",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sakip.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A session ends after SAKIP_SESI_MENIT without activity: activity moves the end.
    "sakip.sesi.SesiBergulirMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # An htmx request of an ended session gets 401, never the login page inside a grid cell.
    "sakip.sesi.SesiHtmxMiddleware",
    # Last: turns a locked-out login into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sakip.urls"
WSGI_APPLICATION = "sakip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sakip.pemberitahuan.konteks",
            ],
            "builtins": ["sakip.templatetags.sakip_format"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts (sakip.kunci): two saves never both
    # pass a check and then write; a writer waits up to 20 s for the other to finish.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})

# Background jobs (report PDFs, document reviews, notification mail) on Django's tasks framework
# (django-tasks, the backport of Django 6's django.tasks; sakip/tugas.py). SAKIP_TUGAS=db (the
# default): the queue is a table of this database and `manage.py pekerja` is its worker, nothing
# else to run. SAKIP_TUGAS=rq: Redis through django-tasks-rq (requirements-rq.txt) for several
# machines, workers `manage.py rqworker default` (README, "Produksi").
SAKIP_TUGAS = os.environ.get("SAKIP_TUGAS", "db")
if SAKIP_TUGAS == "rq":
    INSTALLED_APPS.append("django_rq")
    # A report PDF or a document review may take minutes: RQ's default limit is 180 s.
    RQ_QUEUES = {
        "default": {"URL": os.environ.get("SAKIP_REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}
    }
    RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}  # a plain `rqworker default` runs the tasks too
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif SAKIP_TUGAS == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"SAKIP_TUGAS={SAKIP_TUGAS!r}: pilih 'db' atau 'rq'.")
# Each job runs in a forked child of the worker, so the memory a large PDF takes goes back to
# the system after it (the test suite runs jobs in its own process, inside its transaction).
SAKIP_TUGAS_PROSES_ANAK = not env_bool("SAKIP_TUGAS_SATU_PROSES")
# A job on which a worker died this many times (killed mid-job, its heartbeat stale) fails instead
# of being queued again (sakip.tugas.pulihkan).
SAKIP_TUGAS_MAKS_PERCOBAAN = int(os.environ.get("SAKIP_TUGAS_MAKS_PERCOBAAN", "3"))
# A report whose data changed is prepared as PDF in the background once its data has been quiet
# this many seconds (laporan/siaga.py); 0 turns it off.
SAKIP_PDF_SIAPKAN_DETIK = int(os.environ.get("SAKIP_PDF_SIAPKAN_DETIK", "60"))
# The Pemda dashboard keeps each office's figures per data version (OPD.versi_data, moved by every
# write under the office lock); figures older than this are measured again all the same.
SAKIP_DASBOR_SEGAR_DETIK = int(os.environ.get("SAKIP_DASBOR_SEGAR_DETIK", "900"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "sakip.Pengguna"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "masuk"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "masuk"

# Indonesian locale: language, time zone and number formats (1.234.567,89).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Numbers are formatted by the explicit filters (angka, persen, rupiah, nilai); no automatic
# grouping, so years and ids never print as "2.024".
USE_THOUSAND_SEPARATOR = False
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Report PDFs (laporan/pdf.py): rendered pieces are cached here and dropped after days unused;
# at most SAKIP_PDF_PROSES pieces are rendered at once (default: the cores, up to 4).
SAKIP_CACHE_CETAK = Path(os.environ.get("SAKIP_CACHE_CETAK", MEDIA_ROOT / "cache-cetak"))
SAKIP_CACHE_CETAK_HARI = int(os.environ.get("SAKIP_CACHE_CETAK_HARI", "30"))
SAKIP_PDF_PROSES = int(os.environ.get("SAKIP_PDF_PROSES", "0")) or None
# Reviewed documents (reviu/): page images rendered on demand are cached here, per document.
SAKIP_CACHE_REVIU = Path(os.environ.get("SAKIP_CACHE_REVIU", MEDIA_ROOT / "cache-reviu"))

# Every stored file goes through Django's storage API (sakip/simpan.py): uploads and report PDFs in
# `default`, the report piece cache in `cache_cetak`, page images of reviewed documents in
# `cache_reviu`; folders of this machine unless SAKIP_S3_BUCKET names an S3-compatible bucket
# (STORAGES below).

# The report page's body per data version (laporan.views.dokumen_layar), 0.4-0.8 MB each (about 60 KB
# stored compressed): in files, so that every gunicorn process shares it; past SAKIP_CACHE_LAPORAN_MAKS
# entries a third of them is dropped (Django's file cache), and every entry goes after a day.
# Outside MEDIA_ROOT: nothing of it may be served (Django's check caches.W002).
SAKIP_CACHE_LAPORAN = Path(os.environ.get("SAKIP_CACHE_LAPORAN", BASE_DIR / "cache-laporan"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "laporan": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(SAKIP_CACHE_LAPORAN),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("SAKIP_CACHE_LAPORAN_MAKS", "300"))},
    },
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "cache_cetak": {"BACKEND": "sakip.simpan.PenyimpananCache", "OPTIONS": {"setelan": "SAKIP_CACHE_CETAK"}},
    "cache_reviu": {"BACKEND": "sakip.simpan.PenyimpananCache", "OPTIONS": {"setelan": "SAKIP_CACHE_REVIU"}},
    # Hashed, compressed static files in production (run collectstatic first).
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
SAKIP_S3_BUCKET = os.environ.get("SAKIP_S3_BUCKET", "")
if SAKIP_S3_BUCKET:
    # django-storages (requirements-s3.txt), e.g. MinIO on the intranet. Private objects, never a
    # public URL: every download streams through the application's access-checked views.
    def _s3(awalan, timpa):
        opsi = {
            "bucket_name": SAKIP_S3_BUCKET,
            "location": "/".join(b for b in (os.environ.get("SAKIP_S3_AWALAN", "").strip("/"), awalan) if b),
            "endpoint_url": os.environ.get("SAKIP_S3_ENDPOINT") or None,
            "region_name": os.environ.get("SAKIP_S3_REGION") or None,
            "access_key": os.environ.get("SAKIP_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("SAKIP_S3_SECRET_KEY") or None,
            "addressing_style": os.environ.get("SAKIP_S3_ADDRESSING", "path"),
            # No ACL header: buckets with ACLs disabled (AWS's default) refuse one; keep the bucket private.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": timpa,
            "custom_domain": None,
        }
        return {"BACKEND": "sakip.simpan_s3.S3Pribadi", "OPTIONS": opsi}

    STORAGES["default"] = _s3("", False)
    STORAGES["cache_cetak"] = _s3("cache-cetak", True)
    STORAGES["cache_reviu"] = _s3("cache-reviu", True)

# Uploads are limited per kind and judged by content (sakip.berkas_aman, sakip.xlsx_aman;
# docs/keamanan.md): evidence, narrative images, imported workbooks and the caps that keep a
# small hostile workbook from expanding on the server. Sizes in MB.
SAKIP_BUKTI_MAKS_MB = int(os.environ.get("SAKIP_BUKTI_MAKS_MB", "10"))
SAKIP_GAMBAR_MAKS_MB = int(os.environ.get("SAKIP_GAMBAR_MAKS_MB", "5"))
SAKIP_IMPOR_MAKS_MB = int(os.environ.get("SAKIP_IMPOR_MAKS_MB", "20"))
SAKIP_REVIU_MAKS_MB = int(os.environ.get("SAKIP_REVIU_MAKS_MB", "50"))
SAKIP_REVIU_MAKS_BERKAS = int(os.environ.get("SAKIP_REVIU_MAKS_BERKAS", "60"))  # documents per upload
SAKIP_XLSX_MAKS_ISI_MB = int(os.environ.get("SAKIP_XLSX_MAKS_ISI_MB", "50"))
SAKIP_XLSX_MAKS_BARIS = int(os.environ.get("SAKIP_XLSX_MAKS_BARIS", "20000"))
SAKIP_XLSX_MAKS_KOLOM = int(os.environ.get("SAKIP_XLSX_MAKS_KOLOM", "200"))
SAKIP_XLSX_MAKS_SEL = int(os.environ.get("SAKIP_XLSX_MAKS_SEL", "400000"))

# Request bodies other than files are limited here; put the same ceiling on whole requests in
# the reverse proxy (nginx client_max_body_size), which refuses before Django reads anything.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Every editor input carries a hidden starting value (sakip.isian), doubling the fields of a
# grid: a Renstra of 111 indicators over six years posts about 2.500 fields (more with range
# targets), far above Django's default of 1.000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files in one request (Django's default); the review page takes SAKIP_REVIU_MAKS_BERKAS at once.
DATA_UPLOAD_MAX_NUMBER_FILES = 100

SESSION_COOKIE_HTTPONLY = True
# A session ends after a working day without activity (idle, not absolute: activity moves the
# end, sakip.sesi.SesiBergulirMiddleware, at most once a minute instead of a write per request
# as SESSION_SAVE_EVERY_REQUEST would), and when the browser closes: office computers are shared.
SESSION_COOKIE_AGE = int(os.environ.get("SAKIP_SESI_MENIT", "480")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SAKIP_SESI_TUTUP_BROWSER", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy on every response (django-csp; docs/keamanan.md): scripts, styles and
# images from this site only, no inline script, no inline style, no plugin, no framing.
CSP_SELF, CSP_NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
if os.environ.get("CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["CSP_REPORT_URI"]]
# Added under /admin/ only (sakip.csp): the exact inline bits that Django's admin, django-import-export
# and django-simple-history still carry, allowed by their hash (never 'unsafe-inline'):
# the export form's "select all" handler, three style attributes and the changelist's <style>.
SAKIP_CSP_ADMIN = {
    "script-src": ["'unsafe-hashes'", "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"],
    "style-src": [
        "'unsafe-hashes'",
        "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",  # padding: 0;
        "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",  # font-weight: bold;
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",  # border-top: 0
        "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='",  # changelist <style>
    ],
}

# Login throttling (django-axes, docs/keamanan.md). Failures are counted per user name *and*
# client address together: one address cannot lock everybody out, and a locked account still
# signs in from another computer. The lock lifts after SAKIP_LOGIN_KUNCI_MENIT; an admin can
# lift it earlier (user list action "Buka kunci login", or `manage.py axes_reset_username`).
AXES_FAILURE_LIMIT = int(os.environ.get("SAKIP_LOGIN_GAGAL_MAKS", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SAKIP_LOGIN_KUNCI_MENIT", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# API v1 (docs/api.md): requests per token, or per signed-in user, e.g. "120/m"; above it 429.
SAKIP_API_BATAS = os.environ.get("SAKIP_API_BATAS", "120/m")
AXES_RESET_ON_SUCCESS = True
# Tries during a lock do not extend it: the time the page announces holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "sakip.masuk.halaman_terkunci"
AXES_CLIENT_IP_CALLABLE = "sakip.masuk.alamat_klien"
# Behind a reverse proxy the client address is the one the proxies appended to X-Forwarded-For
# (the right-most SAKIP_PROXY_JUMLAH entries are theirs); without a proxy the header is ignored,
# it would let anyone pick a fresh address per try.
SAKIP_PROXY_JUMLAH = int(os.environ.get("SAKIP_PROXY_JUMLAH", "1")) if env_bool("BEHIND_PROXY") else 0

# Mail (password reset). Development prints mails on the console; production sends by SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SAKIP <sakip@localhost>")
# The site's address, put before the links in notification e-mails (e.g. https://sakip.example.go.id).
SAKIP_URL_DASAR = os.environ.get("SAKIP_URL_DASAR", "")
# A reset link is valid for a day.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("SAKIP_RESET_JAM", "24")) * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
