from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    verbose_name = "Kinerja"
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja"

    def ready(self):
        # The guard of single records lives in the core (sakip.kunci), below this app; the rule of
        # what an approved period freezes lives here and is registered there.
        from sakip.kunci import daftarkan_peta

        from .penguncian import PetaKunci

        daftarkan_peta(PetaKunci)
