from django.apps import AppConfig


class AnggaranConfig(AppConfig):
    verbose_name = "Anggaran"
    default_auto_field = "django.db.models.BigAutoField"
    name = "anggaran"
