from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    verbose_name = "Kinerja"
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja"
