"""Imports and exports as jobs a worker runs, with the progress a page polls.

The file itself lives under MEDIA_ROOT (an upload, a rejected-rows report, an export); the row
holds its path, what the user chose, and the counters the progress bar shows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobState(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for the column mapping"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """One uploaded CSV on its way into contacts or products."""

    class Kind(models.TextChoices):
        CONTACTS = "contacts", "Contacts"
        PRODUCTS = "products", "Products"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.UPLOADED)
    original_name = models.CharField(max_length=255)
    file = models.CharField(max_length=500, help_text="Path of the upload under MEDIA_ROOT.")
    size = models.BigIntegerField(default=0)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    header = models.JSONField(default=list)
    # Column index (as text) -> target ("msisdn", "name", "attribute:city", "tag", "" to ignore).
    mapping = models.JSONField(default=dict)
    # What else the user chose: {"update": bool, "list_id": int | None, "new_list": str, ...}.
    options = models.JSONField(default=dict)
    rows_total = models.IntegerField(default=0)
    rows_done = models.IntegerField(default=0)
    imported = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    skipped = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    report = models.CharField(max_length=500, blank=True, help_text="Rejected rows CSV.")
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When its mapping was saved and its task sent: a job queued long ago lost that task.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import of {self.original_name} ({self.state})"


class ExportJob(models.Model):
    """One CSV of contacts (all, a list or a segment) being written for download."""

    class Kind(models.TextChoices):
        CONTACTS = "contacts", "Contacts"
        PRODUCTS = "products", "Products"
        MESSAGES = "messages", "Message history"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    # What to export: {"list_id": int} or {"segment_id": int} or {"rules": {...}}; {} is everything.
    params = models.JSONField(default=dict)
    file = models.CharField(max_length=500, blank=True)
    rows_done = models.IntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} export ({self.state})"
