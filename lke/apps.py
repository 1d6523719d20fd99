from django.apps import AppConfig


class LkeConfig(AppConfig):
    """The yearly SAKIP evaluation (LKE, PermenPANRB 88/2021): the tree as data, the office-year
    evaluation with proposals from the data, the kerangka logis, the LHE."""

    name = "lke"
    verbose_name = "Evaluasi SAKIP (LKE)"
    default_auto_field = "django.db.models.BigAutoField"
