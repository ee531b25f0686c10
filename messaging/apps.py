from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """The life of a message: queue, claim, dispatch, receipts, inbound messages and the window."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "messaging"
