"""What a person keeps while composing: drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from messaging.models import MessageKind


class Draft(models.Model):
    """A composition saved to finish or send later: the form's fields as typed."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    form_data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name
