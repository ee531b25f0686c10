from django.apps import AppConfig


class ChatappsConfig(AppConfig):
    """The 8x8 contract: request validation, the API client and the webhook receiver."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "chatapps"
    verbose_name = "8x8 Chat Apps"
