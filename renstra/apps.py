from django.apps import AppConfig


class RenstraConfig(AppConfig):
    verbose_name = "Renstra"
    default_auto_field = "django.db.models.BigAutoField"
    name = "renstra"
