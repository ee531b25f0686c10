"""The sandbox's settings row, and the seeding of its stores on first use."""

from __future__ import annotations

from typing import Any

from sandbox.models import SandboxConfig
from sandbox.product_store import products_seed
from sandbox.template_store import templates_seed


def config_get() -> SandboxConfig:
    """The sandbox's settings row; the first use also seeds the template and product stores."""
    config, created = SandboxConfig.objects.get_or_create(pk=1)
    if created:
        templates_seed()
        products_seed()
    return config


def config_update(**changes: Any) -> SandboxConfig:
    """Change settings by field name (unknown names raise TypeError)."""
    config = config_get()
    names = {field.name for field in SandboxConfig._meta.get_fields()} - {"id", "updated_at"}
    unknown = set(changes) - names
    if unknown:
        raise TypeError(f"not a sandbox setting: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(config, name, value)
    config.save()
    return config
