"""What the sandbox remembers: its settings, the messages it accepted, customer replies, templates,
uploaded files and every webhook it sent."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SandboxConfig(models.Model):
    """The sandbox's switches: one row (pk=1), created with defaults on first use."""

    class ServerError(models.IntegerChoices):
        INTERNAL = 500, "500 Internal Server Error"
        UNAVAILABLE = 503, "503 Service Unavailable"

    # Timetable after acceptance: queued → delivered → read.
    delivered_after_seconds = models.PositiveIntegerField(default=2)
    read_after_seconds = models.PositiveIntegerField(default=3, help_text="Counted from delivery.")
    # Numbers, one per line (commas and spaces also separate), that fail in a given way.
    unreachable_numbers = models.TextField(blank=True)
    outside_window_numbers = models.TextField(blank=True)
    opted_out_numbers = models.TextField(blank=True)
    # Blank means the product's own endpoint and its first webhook secret.
    webhook_url = models.URLField(max_length=500, blank=True)
    webhook_authorization = models.CharField(max_length=500, blank=True)
    webhooks_enabled = models.BooleanField(default=True)
    # Fault injection, applied to the API endpoints only.
    rate_limit_percent = models.PositiveSmallIntegerField(default=0)
    retry_after_seconds = models.PositiveSmallIntegerField(default=1)
    server_error_percent = models.PositiveSmallIntegerField(default=0)
    server_error_status = models.PositiveSmallIntegerField(
        choices=ServerError.choices, default=ServerError.INTERNAL
    )
    slow_response_ms = models.PositiveIntegerField(default=0)
    drop_percent = models.PositiveSmallIntegerField(default=0)
    wrong_region = models.BooleanField(default=False)
    # Template review: a submitted template waits this long as PENDING, then is approved, or
    # rejected with the reason below when its name is listed.
    template_review_seconds = models.PositiveIntegerField(default=3)
    template_reject_names = models.TextField(blank=True)
    template_reject_reason = models.CharField(max_length=40, default="INVALID_FORMAT")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Sandbox settings"


class SandboxMessage(models.Model):
    """One message the sandbox API was asked to send, accepted or rejected."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        DELIVERED = "delivered", "Delivered"
        READ = "read", "Read"
        UNDELIVERED = "undelivered", "Undelivered"
        REJECTED = "rejected", "Rejected"

    umid = models.CharField(max_length=64, unique=True)
    batch_id = models.CharField(max_length=64, db_index=True)
    client_message_id = models.CharField(max_length=50, blank=True, db_index=True)
    client_batch_id = models.CharField(max_length=100, blank=True)
    msisdn = models.CharField(max_length=20, blank=True, db_index=True)
    channel_user_id = models.CharField(max_length=140, blank=True)
    type = models.CharField(max_length=20, blank=True)
    # The request body as 8x8 reads it (canonical spelling), or as sent when it was unreadable.
    body = models.JSONField(default=dict)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    detail = models.CharField(max_length=40, blank=True)
    error_code = models.IntegerField(null=True, blank=True)
    error_message = models.CharField(max_length=1000, blank=True)
    provider_error_code = models.CharField(max_length=20, blank=True)
    # What WhatsApp bills it as: the template's category, or "service" for free-form.
    pricing_category = models.CharField(max_length=20, blank=True)
    # Display flag set on arrival; selectors.duplicate_count() is the race-free count.
    is_duplicate = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["msisdn", "created_at"])]

    def __str__(self) -> str:
        return f"{self.type} to {self.msisdn or self.channel_user_id} ({self.state})"

    @property
    def phone(self) -> str:
        """The simulated phone this message lands on."""
        return self.msisdn or self.channel_user_id

    @property
    def interactive_type(self) -> str:
        content = self.body.get("content") if isinstance(self.body, dict) else None
        interactive = content.get("interactive") if isinstance(content, dict) else None
        kind = interactive.get("type") if isinstance(interactive, dict) else None
        return kind if isinstance(kind, str) else ""


class SandboxInbound(models.Model):
    """A message the simulated customer sent, as posted to the product's webhook."""

    umid = models.CharField(max_length=64, unique=True)
    msisdn = models.CharField(max_length=20, db_index=True)
    channel_user_id = models.CharField(max_length=140, blank=True)
    profile_name = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=30)
    content = models.JSONField(default=dict)
    reply_to_umid = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When the business marked it (or a later message of the same customer) read: blue ticks.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.type} from {self.msisdn}"


class SandboxTemplate(models.Model):
    """A WhatsApp template in the sandbox's store, in 8x8's template list shape."""

    name = models.CharField(max_length=512)
    language = models.CharField(max_length=15)
    category = models.CharField(max_length=30)
    status = models.CharField(max_length=30, default="APPROVED")
    reason = models.CharField(max_length=40, blank=True)  # why it was rejected
    quality = models.CharField(max_length=20, blank=True)  # GREEN, YELLOW, RED; "" unknown
    components = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Deleted templates are kept for a while: 8x8 refuses to reuse the name for 30 days.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="sandbox_template_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class SandboxFile(models.Model):
    """A file uploaded through the files endpoint; the bytes live in default storage."""

    file_name = models.CharField(max_length=100, unique=True)
    token = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    storage_name = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.file_name


class SandboxWebhook(models.Model):
    """One webhook the sandbox posts to the product, with how its attempts went."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "Delivery receipt"
        INBOUND = "inbound", "Inbound message"
        TEMPLATE = "template", "Template event"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.ForeignKey(
        SandboxMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    inbound = models.ForeignKey(
        SandboxInbound, null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.CharField(max_length=500)
    authorization = models.CharField(max_length=500, blank=True)
    body = models.JSONField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.url} ({self.last_status})"

    @property
    def summary(self) -> str:
        payload = self.body.get("payload") if isinstance(self.body, dict) else None
        payload = payload if isinstance(payload, dict) else {}
        if self.kind == self.Kind.TEMPLATE:
            details = self.body.get("eventDetails") if isinstance(self.body, dict) else None
            meta = details.get("meta") if isinstance(details, dict) else None
            meta = meta if isinstance(meta, dict) else {}
            return str(meta.get("status") or meta.get("newQualityScore") or "")
        if self.kind == self.Kind.RECEIPT:
            status = payload.get("status")
            return str(status.get("state", "")) if isinstance(status, dict) else ""
        return str(payload.get("type", ""))


class SandboxProduct(models.Model):
    """A product in the commerce catalog the sandbox plays Meta for; carts are priced from it."""

    catalog_id = models.CharField(max_length=100)
    retailer_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="SGD")
    image_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog_id", "retailer_id"], name="sandbox_product_in_catalog"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.retailer_id})"


class SandboxLogEntry(models.Model):
    """Something a person did on the Sandbox page; the sandbox keeps its own log, not the
    product's audit trail, since it stands outside the product."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    who = models.CharField(max_length=150, blank=True)
    what = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "sandbox log entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.who}: {self.what}"


class SandboxRequest(models.Model):
    """One call to the sandbox's API as 8x8's front door saw it: when it arrived, when and how it
    was answered. The record behind "nothing was retried before its Retry-After had passed"."""

    arrived_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField()
    method = models.CharField(max_length=10)
    endpoint = models.CharField(max_length=40)  # the URL's name: api-batch, api-message, …
    status = models.PositiveSmallIntegerField()
    retry_after = models.PositiveIntegerField(null=True, blank=True)  # seconds, on a 429
    client_batch_id = models.CharField(max_length=100, blank=True)
    dropped = models.BooleanField(default=False)  # stored, but the answer was cut off

    class Meta:
        ordering = ["arrived_at", "id"]

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} → {self.status}"
