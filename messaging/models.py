"""The life of a message: what we send and every status it passes, what customers send us, and
the raw webhook events both are learnt from."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KT


def new_client_message_id() -> str:
    # 32 hex characters: unique, and well inside 8x8's 50-character limit.
    return uuid.uuid4().hex


class MessageKind(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"
    AUDIO = "audio", "Audio"
    DOCUMENT = "document", "Document"
    LOCATION = "location", "Location"
    TEMPLATE = "template", "Template"
    BUTTONS = "buttons", "Reply buttons"
    LIST = "list", "List"
    PRODUCT = "product", "Single product"
    PRODUCT_LIST = "product_list", "Product list"

    @classmethod
    def free_form(cls) -> set[str]:
        """Kinds WhatsApp only delivers inside the customer-service window."""
        return {k.value for k in cls} - {cls.TEMPLATE.value}


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"  # stored, waiting for a worker
    SENDING = "sending", "Sending"  # a worker has claimed it and is calling 8x8
    UNKNOWN = "unknown", "Unknown"  # the call timed out after the request was sent
    ACCEPTED = "accepted", "Accepted"  # 8x8 answered with a umid
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    READ = "read", "Read"
    UNDELIVERED = "undelivered", "Undelivered"
    REJECTED = "rejected", "Rejected"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"  # its job was cancelled before it was sent


# Status only moves forward: a receipt that arrives late (delivered after read) changes nothing.
STATUS_RANK = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.UNKNOWN: 2,
    MessageStatus.ACCEPTED: 3,
    MessageStatus.SENT: 4,
    MessageStatus.DELIVERED: 5,
    MessageStatus.READ: 6,
    MessageStatus.UNDELIVERED: 7,
    MessageStatus.REJECTED: 7,
    MessageStatus.FAILED: 7,
    MessageStatus.CANCELLED: 7,
}
FINAL_FAILURES = {MessageStatus.UNDELIVERED, MessageStatus.REJECTED, MessageStatus.FAILED}
# Where the time 8x8 reports for reaching a status is kept (failures share one field).
STATUS_TIME_FIELD: dict[str, str] = {
    MessageStatus.ACCEPTED: "accepted_at",
    MessageStatus.SENT: "sent_at",
    MessageStatus.DELIVERED: "delivered_at",
    MessageStatus.READ: "read_at",
    **{status: "failed_at" for status in FINAL_FAILURES},
}


class SendJob(models.Model):
    """Many messages sent as one run through 8x8's batch endpoint: a campaign, or "send to many".

    Its messages are frozen into OutboundMessage rows before it starts (one per recipient, a
    database constraint), then workers on any machine claim them in chunks. The counters a page
    shows are counted from those rows by status, never kept here where they could drift.
    """

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"  # frozen, waiting for start_at
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"
        DONE = "done", "Done"

    name = models.CharField(max_length=200)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.SCHEDULED, db_index=True
    )
    # What its messages are, for the opt-out ledger: a template category, or "service".
    category = models.CharField(max_length=20, default="marketing")
    start_at = models.DateTimeField(null=True, blank=True, help_text="Empty: as soon as launched.")
    # Messages per second for every worker together; 0 sends as fast as 8x8 answers.
    rate = models.PositiveIntegerField(default=80)
    chunk_size = models.PositiveIntegerField(default=1000)
    pause_reason = models.CharField(max_length=500, blank=True)
    # Auto-pause when more than `error_threshold` percent of the last `error_window` answers failed.
    error_threshold = models.PositiveSmallIntegerField(default=20)
    error_window = models.PositiveIntegerField(default=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"


class PacingClock(models.Model):
    """The shared send clock when no Redis is configured (see messaging.pacing): one row a key."""

    key = models.CharField(max_length=200, unique=True)
    # Seconds since the epoch: when the next send may start, and until when sends are paused.
    next_free = models.FloatField(default=0.0)
    paused_until = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return self.key


class SendChunk(models.Model):
    """Up to `chunk_size` messages of a job, claimed by one worker and sent in one batch request.

    `requested` is committed just before the HTTP request leaves: a chunk whose lease ran out
    without it was never sent and goes back to the queue; with it, 8x8 may have the messages, so
    they become 'unknown' and wait for receipts instead of being sent twice.
    """

    class State(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        REQUESTED = "requested", "Request sent"
        DONE = "done", "Answered"
        EXPIRED = "expired", "Lease expired"

    job = models.ForeignKey(SendJob, on_delete=models.CASCADE, related_name="chunks")
    state = models.CharField(max_length=10, choices=State.choices, default=State.CLAIMED)
    lease_until = models.DateTimeField()
    size = models.PositiveIntegerField(default=0)
    batch_id = models.CharField("8x8 batch id", max_length=64, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # What 8x8 answered for its messages, for the job's recent error rate (auto-pause).
    accepted = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # Milliseconds spent claiming, waiting for the send clock, in the HTTP request, recording;
    # and when (epoch seconds) the 429 pause was last seen clear before the request, and when a
    # 429 answer's pause was in force (see messaging.chunks).
    timings = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "lease_until"], name="sendchunk_lease")]

    def __str__(self) -> str:
        return f"chunk {self.pk} of job {self.job_id} ({self.state})"


class OutboundMessage(models.Model):
    """One message to one recipient, with the exact body POSTed to 8x8."""

    # No single-column indexes on msisdn, status, sent_by or job: an index in Meta leads with each
    # and serves the same lookups, and every status change writes an entry into every index.
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    msisdn = models.CharField(max_length=20)
    payload = models.JSONField(help_text="The exact request body sent to 8x8.")
    # Unique by constraints in Meta, not unique=True: on PostgreSQL that would add a second,
    # pattern-ops index to each (nothing searches them by prefix), written on every freeze.
    client_message_id = models.CharField(max_length=50, default=new_client_message_id)
    # NULL until 8x8 answers: many messages have none yet, and NULLs never collide.
    umid = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    status = models.CharField(
        max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED, db_index=False
    )
    status_detail = models.CharField(max_length=64, blank=True)
    error_code = models.IntegerField(null=True, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    provider_error_code = models.CharField(max_length=20, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_messages",
        db_index=False,
    )
    window_override = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Each is the time 8x8 reported for that step (its receipt's or answer's timestamp), not the
    # time we learnt it; the first report wins, so repeated or late receipts do not move it.
    accepted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # Set for messages of a SendJob; the chunk is the batch request that carries it.
    job = models.ForeignKey(
        SendJob,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
        db_index=False,
    )
    chunk = models.ForeignKey(
        SendChunk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        db_index=False,  # a partial index in Meta: a frozen message has no chunk yet
    )
    # A job's message is not claimed before this instant (the recipient's quiet hours).
    not_before = models.DateTimeField(null=True, blank=True)
    # The template a template message uses, kept by the database from the body itself so every
    # way of storing a message fills it, and the history can filter on it through an index.
    template_name = models.GeneratedField(
        expression=KT("payload__content__template__name"),
        output_field=models.CharField(max_length=512, null=True),
        db_persist=True,
    )
    # When retention (messaging.retention) emptied the body down to its kind and template name.
    content_cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sent_by", "-created_at"]),
            # A conversation's thread reads a number's newest answers first (inbox.thread).
            models.Index(fields=["msisdn", "-created_at", "-id"], name="outbound_thread"),
            # Workers claim a job's queued messages in id order; pages count them by status.
            models.Index(fields=["job", "status", "id"], name="outbound_job_status"),
            # The history pages newest id first: each filter walks its own index in that order.
            models.Index(fields=["status", "-id"], name="outbound_history_status"),
            models.Index(fields=["kind", "-id"], name="outbound_history_kind"),
            models.Index(fields=["job", "-id"], name="outbound_history_job"),
            models.Index(fields=["sent_by", "-id"], name="outbound_history_sender"),
            models.Index(fields=["template_name", "-id"], name="outbound_history_template"),
            # A chunk's messages (its answer, a requeue, the sweeper). Only claimed messages have
            # one, so the 100,000 rows of a freeze add nothing to it.
            models.Index(
                fields=["chunk"], condition=models.Q(chunk__isnull=False), name="outbound_chunk"
            ),
            # A number search is a prefix match ("+65 9123…"): LIKE 'x%' needs pattern ops
            # under a non-C collation (PostgreSQL; elsewhere it is a plain index). Pattern ops
            # serve equality too, so this is the one index on msisdn.
            models.Index(
                fields=["msisdn"], name="outbound_msisdn_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            # A job sends each recipient one message, however often its freeze is retried.
            models.UniqueConstraint(
                fields=["job", "msisdn"],
                condition=models.Q(job__isnull=False),
                name="unique_job_recipient",
            ),
            models.UniqueConstraint(fields=["client_message_id"], name="outbound_client_id_unique"),
            # Partial: a message has no umid until 8x8 answers, so a freeze writes no entry.
            models.UniqueConstraint(
                fields=["umid"], condition=models.Q(umid__isnull=False), name="outbound_umid_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.msisdn} ({self.status})"

    @property
    def content_kept_days(self) -> int | None:
        """How many days the body was kept before retention cleared it (None: not cleared)."""
        if self.content_cleared_at is None:
            return None
        return (self.content_cleared_at - self.created_at).days

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_FAILURES or self.status in {
            MessageStatus.READ,
            MessageStatus.CANCELLED,
        }


class MessageEvent(models.Model):
    """Every status change of a message, in the order it was learnt, with where it came from."""

    class Source(models.TextChoices):
        COMPOSER = "composer", "Composer"
        WORKER = "worker", "Worker"
        API = "api", "8x8 API response"
        RECEIPT = "receipt", "Delivery receipt"

    message = models.ForeignKey(OutboundMessage, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=MessageStatus.choices)
    detail = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    applied = models.BooleanField(
        default=True, help_text="False when a late receipt changed nothing."
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} ({self.source})"


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
    # Indexed only as reads need: each webhook request writes a row, and every index is a write.
    # (A unique=True CharField would add a second, LIKE-pattern index on PostgreSQL.)
    fingerprint = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event_type = models.CharField(max_length=80, blank=True)
    # Not indexed: nothing looks events up by umid (messages find their receipts through their
    # events), and an index here cost every webhook request and every claim a write.
    umid = models.CharField(max_length=64, blank=True)
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
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], name="webhookevent_fingerprint_unique")
        ]
        indexes = [
            # Workers claim pending events oldest first.
            models.Index(fields=["state", "id"], name="webhookevent_claim"),
        ]

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
    # When retention (messaging.retention) emptied `content`.
    content_cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["msisdn", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.type} from {self.msisdn}"

    @property
    def content_kept_days(self) -> int | None:
        """How many days the content was kept before retention cleared it (None: not cleared)."""
        if self.content_cleared_at is None:
            return None
        return (self.content_cleared_at - self.received_at).days


class MessageDayCount(models.Model):
    """How many messages queued on one day (local time) by one sender are in one status, and
    why the failed ones failed: the dashboard reads these few rows, never the messages.

    Rebuilt for recent days by a beat task (messaging.dashboard.dashboard_rollup), so a receipt
    moving a message from sent to read moves it between rows at the next run.
    """

    day = models.DateField()
    # The sender's id as a plain number: deleting a user must not change yesterday's counts.
    sender_id = models.IntegerField(null=True)
    status = models.CharField(max_length=20, choices=MessageStatus.choices)
    error_code = models.IntegerField(null=True)
    count = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["day", "sender_id"], name="daycount_day_sender")]

    def __str__(self) -> str:
        return f"{self.day} {self.status}: {self.count}"


class Conversation(models.Model):
    """One customer's conversation with the business, one row a number: what the inbox lists.

    Kept up to date by the same transactions that store its messages (messaging.conversations):
    an inbound message bumps it and its unread count, a message sent to one number bumps it.
    A row of its own, rather than grouping the messages, because the inbox lists conversations
    newest first with unread counts and windows: over 10,000 conversations of hundreds of
    messages each, a GROUP BY over every message on every poll would read millions of rows,
    while this reads one index range of 50 rows. It lives here, beside the messages, because
    the intake and sending paths that maintain it are here (the inbox is a page above them).
    Messages of a campaign or batch job neither create nor bump one: a campaign to 100,000
    numbers would otherwise bury what customers wrote; they still show in the thread.
    """

    msisdn = models.CharField(max_length=20, unique=True)
    profile_name = models.CharField(max_length=200, blank=True)
    # The newest message either way, for the list's order and its one-line preview.
    last_activity_at = models.DateTimeField()
    last_preview = models.CharField(max_length=120, blank=True)
    last_direction = models.CharField(max_length=3, default="in")  # "in" or "out"
    # The customer's newest message and newest ad-started one: the window (messaging.window).
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    last_ad_inbound_at = models.DateTimeField(null=True, blank=True)
    # Customer messages since someone last opened the conversation.
    unread_count = models.PositiveIntegerField(default=0)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="conversation_activity"),
            models.Index(fields=["assigned_to", "-last_activity_at"], name="conversation_assignee"),
            # The navigation's badge counts unread conversations on every poll.
            models.Index(
                fields=["unread_count"],
                condition=models.Q(unread_count__gt=0),
                name="conversation_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"conversation with {self.msisdn}"
