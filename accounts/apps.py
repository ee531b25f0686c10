from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from accounts.roles import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    """Users, the three roles and what each may do."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects the login audit receivers)

        # Role groups exist after every migrate (and after a test database flush).
        post_migrate.connect(_sync_roles, sender=self)
