from django.apps import AppConfig


class SakipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sakip"
    verbose_name = "Inti SAKIP"
