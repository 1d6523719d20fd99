from django.apps import AppConfig


class SakipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sakip"
    verbose_name = "Inti SAKIP"

    def ready(self):
        from django.urls import register_converter

        from .tahun import TahunConverter

        # Before any URLconf is read: every `<tahun:tahun>` shares one range (sakip.tahun).
        register_converter(TahunConverter, "tahun")

        from . import sesi  # noqa: F401  (connects the login signal that stamps a session)
