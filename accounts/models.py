from django.db import models

from accounts.permissions import CAPABILITIES


class Capability(models.Model):
    """Holds no rows: it only carries the application's permissions (see accounts.permissions)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = CAPABILITIES

    def __str__(self) -> str:
        return "capability"
