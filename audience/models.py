"""A bulk action on contacts: what to do, to whom, and how far it has got.

A selection of a few rows is done at once; "every match of this filter" can be a million contacts,
so the rules are kept here and a worker walks them in chunks, newest id first, keeping its cursor,
so a worker that dies mid-way is resumed rather than restarted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from recipients.models import ContactList, OptEvent


class BulkAction(models.Model):
    class Kind(models.TextChoices):
        TAG_ADD = "tag_add", "Add tag"
        TAG_REMOVE = "tag_remove", "Remove tag"
        LIST_ADD = "list_add", "Add to list"
        LIST_REMOVE = "list_remove", "Remove from list"
        OPT_OUT = "opt_out", "Opt out"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    tag = models.CharField(max_length=50, blank=True)
    contact_list = models.ForeignKey(
        ContactList, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope = models.CharField(max_length=10, choices=OptEvent.Scope.choices, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    # Either the ids a person ticked, or the filter's rules (audience.rules.Rules.to_dict()).
    contact_ids = models.JSONField(default=list, blank=True)
    rules = models.JSONField(default=dict, blank=True)
    every_match = models.BooleanField(default=False)
    # Contacts with an id below this are still to do; created after the action started, never.
    cursor = models.BigIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)  # contacts looked at
    changed = models.PositiveIntegerField(default=0)  # of which actually changed
    message = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved by every step: an unfinished action left still for long lost its task (see sweep).
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}
