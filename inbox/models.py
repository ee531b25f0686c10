"""What the support team keeps beside conversations: saved answers and internal notes.

The conversations themselves are messaging.models.Conversation, maintained by the paths that
store messages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from messaging.models import Conversation


class QuickReply(models.Model):
    """A saved answer an agent drops into the reply box instead of typing it again."""

    title = models.CharField(max_length=80, unique=True)
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quick replies"

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    """A note the team writes on a conversation for each other; the customer never sees it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["conversation", "-created_at"], name="note_conversation")]

    def __str__(self) -> str:
        return f"note on {self.conversation_id}"
