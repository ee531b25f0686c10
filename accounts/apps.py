from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: signing in and out, and the Users page where admins manage them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        # Django's documented place to connect receivers: the login audit trail.
        from accounts import signals  # noqa: F401
