"""Changes made in Django's admin site land in the audit trail too.

The admin writes a LogEntry for every addition, change and deletion it makes; each one becomes an
audit entry, so a superuser changing a user's role there leaves the same trace as on the Users page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from audit.middleware import request_address
from audit.models import AuditEntry
from audit.services import Actor, audit_record

VERBS = {ADDITION: "Added", CHANGE: "Changed", DELETION: "Deleted"}


@receiver(post_save, sender=LogEntry, dispatch_uid="audit-admin-log-entry")
def on_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    kind = "object"
    if instance.content_type_id:
        kind = ContentType.objects.get_for_id(instance.content_type_id).model
    verb = VERBS.get(instance.action_flag, "Changed")
    audit_record(
        action=AuditEntry.Action.ADMIN_CHANGE,
        summary=f"{verb} {kind} “{instance.object_repr}” in the admin site",
        actor=Actor(user=instance.user, ip_address=request_address()),
        data={
            "model": kind,
            "objectId": instance.object_id or "",
            "change": instance.get_change_message(),
        },
    )
