from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccessConfig(AppConfig):
    """The three roles and the capabilities each holds: the bottom layer every page checks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "access"

    def ready(self) -> None:
        # Role groups exist after every migrate (and after a test database flush).
        post_migrate.connect(_sync_roles, sender=self)


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    # Imported here because models may not be imported before the app registry is ready.
    from access.roles import roles_sync

    roles_sync()
