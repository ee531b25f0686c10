"""A campaign as it is built, and the recipients uploaded for it alone."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from catalog.models import Template
from messaging.models import SendJob
from recipients.models import ContactList, Segment

# WhatsApp's first business tier; the platform allows up to 80 messages a second by default.
DEFAULT_RATE = 80


class Campaign(models.Model):
    """Everything a launch needs. Until launched it is a draft anyone with the permission edits;
    at launch its audience is frozen into `job`, whose state and messages say the rest."""

    class Origin(models.TextChoices):
        CAMPAIGN = "campaign", "Campaign"
        SEND_TO_MANY = "send_to_many", "Send to many"  # from the composer

    class MessageSource(models.TextChoices):
        TEMPLATE = "template", "Approved template"
        FREE_FORM = "free_form", "Free-form message"

    class AudienceKind(models.TextChoices):
        LIST = "list", "Contact list"
        SEGMENT = "segment", "Segment"
        UPLOAD = "upload", "Uploaded file or pasted numbers"

    name = models.CharField(max_length=200)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.CAMPAIGN)
    message_source = models.CharField(
        max_length=20, choices=MessageSource.choices, default=MessageSource.TEMPLATE
    )
    template = models.ForeignKey(
        Template, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A composed free-form message: its kind and the request body without `user`.
    free_form_kind = models.CharField(max_length=20, blank=True)
    free_form_payload = models.JSONField(default=dict, blank=True)
    # Window split: recipients outside their window get this approved template instead.
    window_split = models.BooleanField(default=False)
    split_template = models.ForeignKey(
        Template, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience_kind = models.CharField(
        max_length=10, choices=AudienceKind.choices, default=AudienceKind.LIST
    )
    contact_list = models.ForeignKey(
        ContactList, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The columns of an uploaded file beyond the number, in the file's order.
    upload_columns = models.JSONField(default=list, blank=True)
    # Which uploaded column fills each template parameter: {"header_url": "document", ...}.
    column_map = models.JSONField(default=dict, blank=True)
    sms_fallback_text = models.TextField(blank=True)
    sms_source = models.CharField(max_length=16, blank=True)
    # Empty: as soon as launched. Otherwise an instant, entered in `time_zone`.
    start_at = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    # No message is sent while a recipient's own clock is inside this window (both or neither).
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    rate = models.PositiveIntegerField(default=DEFAULT_RATE, help_text="Messages per second.")
    test_list = models.ForeignKey(
        ContactList, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.OneToOneField(
        SendJob, null=True, blank=True, on_delete=models.PROTECT, related_name="campaign"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    launched_at = models.DateTimeField(null=True, blank=True)
    # What the pre-send check left out at launch, by reason ({"opted_out": 12, ...}).
    excluded_count = models.PositiveIntegerField(default=0)
    excluded_reasons = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.job_id is None


class CampaignRecipient(models.Model):
    """One row of a file uploaded (or numbers pasted) for one campaign: the number as written,
    its line, and the row's other values, which fill that recipient's parameters."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    line = models.PositiveIntegerField()
    msisdn = models.CharField(max_length=40)
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["campaign", "line"]
        indexes = [models.Index(fields=["campaign", "line"], name="campaignrecipient_line")]

    def __str__(self) -> str:
        return f"{self.msisdn} (line {self.line})"
