"""Fixtures the composer tests share."""

from __future__ import annotations

import pytest

from catalog.models import Template


@pytest.fixture
def order_update(db) -> Template:
    """A registered template whose body takes two parameters."""
    return Template.objects.create(
        name="order_update",
        language="en_GB",
        status="APPROVED",
        components=[{"type": "BODY", "text": "Order {{1}} ships {{2}}."}],
    )
