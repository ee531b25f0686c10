from django.apps import AppConfig


class RecipientsConfig(AppConfig):
    """Who we message: contacts, and the opt-out ledger every send consults."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "recipients"
