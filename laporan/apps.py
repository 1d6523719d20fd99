from django.apps import AppConfig


class LaporanConfig(AppConfig):
    verbose_name = "Laporan"
    default_auto_field = "django.db.models.BigAutoField"
    name = "laporan"
