from __future__ import annotations

from django.db import models


class WebhookEvent(models.Model):
    """One raw webhook body from 8x8, stored once; applying it is a background task's work."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "Delivery receipt"
        INBOUND = "inbound", "Inbound message"
        TEMPLATE = "template", "Template / business event"
        OTHER = "other", "Other"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSING = "processing", "Processing"
        APPLIED = "applied", "Applied"
        IGNORED = "ignored", "Ignored"
        FAILED = "failed", "Failed"

    # sha256 of the canonical body: 8x8 retries deliveries, and a retry must not apply twice.
    fingerprint = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    event_type = models.CharField(max_length=80, blank=True)
    umid = models.CharField(max_length=64, blank=True, db_index=True)
    body = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # When a worker took the event; a claim older than a few minutes belongs to a dead worker.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_type} {self.umid}"


class InboundMessage(models.Model):
    """A message a customer sent us. The newest one per number opens the customer-service window."""

    umid = models.CharField(max_length=64, unique=True)
    msisdn = models.CharField(max_length=20, db_index=True)
    channel_user_id = models.CharField(max_length=140, blank=True)
    profile_name = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=30)
    content = models.JSONField(default=dict)
    # A conversation started from a click-to-WhatsApp ad opens a 72-hour window instead of 24.
    from_ad = models.BooleanField(default=False)
    reply_to_umid = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["msisdn", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.type} from {self.msisdn}"
