from django.apps import AppConfig


class ReviuConfig(AppConfig):
    """The review: data and narrative checks, the reviewer workspace, review of LKjIP documents."""

    name = "reviu"
    verbose_name = "Reviu"
