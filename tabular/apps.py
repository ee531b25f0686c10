from django.apps import AppConfig


class TabularConfig(AppConfig):
    """CSV files in and out: reading any file people export, imports and exports as jobs."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "tabular"
