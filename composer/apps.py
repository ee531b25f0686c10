from django.apps import AppConfig


class ComposerConfig(AppConfig):
    """Compose every message kind, preview it as a phone would, send it to one recipient."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "composer"
