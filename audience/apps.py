from django.apps import AppConfig


class AudienceConfig(AppConfig):
    """Who messages go to, as people pick them: contacts, lists, segments, CSV in and out."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audience"
