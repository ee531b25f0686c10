from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit trail: who did what, when, from where."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"

    def ready(self) -> None:
        # Django's documented place to connect receivers: changes made in the admin site.
        from audit import signals  # noqa: F401
