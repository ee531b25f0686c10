from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit trail: who did what, when, from where."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
