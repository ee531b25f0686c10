from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """A local stand-in for the 8x8 Chat Apps API: same paths, bodies, errors and webhooks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sandbox"
