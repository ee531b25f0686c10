from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """What can be sent: the WhatsApp templates registered with 8x8 and the product catalog."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
