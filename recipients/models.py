"""Contacts and the opt-out ledger.

Whether a number is opted out is never stored as a flag: it is derived from the ledger (the newest
event for the number), so every change keeps who made it, why and from what message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Contact(models.Model):
    """A phone number we have written to or heard from, with what we know of the person."""

    msisdn = models.CharField("Phone number", max_length=20, unique=True)  # E.164, with '+'
    name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=15, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["msisdn"]

    def __str__(self) -> str:
        return f"{self.name} ({self.msisdn})" if self.name else self.msisdn


class OptEvent(models.Model):
    """One opt-out or opt-in of a number, as it happened; rows are only ever added."""

    class Kind(models.TextChoices):
        OPT_OUT = "opt_out", "Opted out"
        OPT_IN = "opt_in", "Opted in"

    class Scope(models.TextChoices):
        # "marketing" is what Meta's 131050 means; "all" also stops authentication templates.
        MARKETING = "marketing", "Marketing"
        ALL = "all", "Everything"

    class Source(models.TextChoices):
        MANUAL = "manual", "Recorded by a person"
        KEYWORD = "keyword", "Replied with a keyword"
        RECEIPT = "receipt", "Reported by WhatsApp"
        BULK = "bulk", "Imported"

    msisdn = models.CharField("Phone number", max_length=20)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    reason = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    # Kept as text too so the ledger still reads right after a user is renamed or deleted.
    actor_username = models.CharField(max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    umid = models.CharField("8x8 message id", max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        # "Is this number opted out" reads the newest events of one number: one index range scan.
        indexes = [models.Index(fields=["msisdn", "-at", "-id"], name="optevent_newest")]

    def __str__(self) -> str:
        return f"{self.msisdn} {self.get_kind_display().lower()} ({self.scope})"
