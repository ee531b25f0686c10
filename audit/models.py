from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """One thing that happened. Rows are only added: saving an existing row or deleting fails."""

    class Action(models.TextChoices):
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Login failed"
        LOGOUT = "logout", "Logged out"
        LOCKED_OUT = "locked_out", "Locked out"
        MESSAGE_SEND = "message_send", "Sent a message"
        WINDOW_OVERRIDE = "window_override", "Overrode the customer-service window"
        DRAFT_SAVE = "draft_save", "Saved a draft"
        FILE_UPLOAD = "file_upload", "Uploaded a file"
        IMPORT = "import", "Imported data"
        EXPORT = "export", "Exported data"
        SETTINGS_TEST = "settings_test", "Tested the 8x8 connection"
        SETTINGS_CHANGE = "settings_change", "Changed settings"
        USER_CHANGE = "user_change", "Changed a user"
        CATALOG_CHANGE = "catalog_change", "Changed the product catalog"
        ADMIN_CHANGE = "admin_change", "Changed data in the admin site"
        PASSWORD_CHANGE = "password_change", "Changed their password"
        PASSWORD_RESET = "password_reset", "Reset a user's password"
        USER_UNLOCK = "user_unlock", "Unlocked a user"
        TWO_FACTOR = "two_factor", "Changed two-factor login"
        RECIPIENT_OPT = "recipient_opt", "Recorded an opt-out or opt-in"
        TEMPLATE_MAPPING = "template_mapping", "Changed a template's parameter mapping"
        CONTACT_CHANGE = "contact_change", "Changed a contact"
        AUDIENCE_CHANGE = "audience_change", "Changed a list or segment"
        CONTACTS_BULK = "contacts_bulk", "Changed contacts in bulk"
        CAMPAIGN_SAVE = "campaign_save", "Saved a campaign"
        CAMPAIGN_TEST = "campaign_test", "Sent a campaign to its test list"
        CAMPAIGN_LAUNCH = "campaign_launch", "Launched a campaign"
        CAMPAIGN_PAUSE = "campaign_pause", "Paused a campaign"
        CAMPAIGN_RESUME = "campaign_resume", "Resumed a campaign"
        CAMPAIGN_CANCEL = "campaign_cancel", "Cancelled a campaign"
        CAMPAIGN_RETRY = "campaign_retry", "Retried a campaign's failed messages"
        TEMPLATE_SUBMIT = "template_submit", "Submitted a template to 8x8"
        TEMPLATE_DELETE = "template_delete", "Deleted a template at 8x8"
        RETENTION = "retention", "Cleared old message content"

    # Set by audit_record before the row is written, so the payload hash can cover it.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No database constraint and no SET_NULL: deleting a user must not UPDATE the trail (the
    # database refuses that, audit/guard.py), so an entry keeps the id of a user who is gone.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept as text too so the trail still reads right after a user is renamed or deleted.
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=30, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    summary = models.CharField(max_length=500)
    target_type = models.CharField(max_length=50, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # sha256 of the entry's canonical JSON (audit.hashing): a fingerprint to compare a copy with.
    payload_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        who = self.actor_username or "-"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")
