"""The S3-compatible storage of a multi-machine install (SAKIP_S3_BUCKET; README, Production).

Loaded only when SAKIP_S3_BUCKET is set, from django-storages (requirements-s3.txt, not a runtime
requirement). Objects are private (`default_acl="private"`, signed requests only) and `url()` never
names the bucket: it gives the application's own MEDIA_URL path, which serves the logos
(sakip.views.logo) and nothing else, so no page or admin form links past the access checks.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class S3Pribadi(S3Storage):
    def exists(self, name):
        # django-storages answers False without asking when file_overwrite is on (the caches):
        # a cache would never hit. Ask the store (a HEAD request).
        try:
            self.connection.meta.client.head_object(Bucket=self.bucket_name, Key=self._normalize_name(clean_name(name)))
        except Exception:  # noqa: BLE001 - 404 or no access: not there for us
            return False
        return True

    def url(self, name, parameters=None, expire=None, http_method=None):
        return "/" + settings.MEDIA_URL.strip("/") + "/" + filepath_to_uri(name).lstrip("/")
