"""The REST API v1 (django-ninja), mounted at /api/v1/: docs/api.md."""
