from django.apps import AppConfig


class PertukaranConfig(AppConfig):
    """The sakip-opd/1 exchange format and the office-year Excel workbook: export, import, demo data."""

    name = "pertukaran"
    verbose_name = "Pertukaran data"
