from django.db import models

from access.permissions import CAPABILITIES


class Capability(models.Model):
    """Holds no rows: it only carries the application's permissions (see access.permissions)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = CAPABILITIES

    def __str__(self) -> str:
        return "capability"
