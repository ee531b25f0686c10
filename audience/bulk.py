"""Bulk actions on contacts: tag, untag, add to or remove from a list, opt out.

1. `bulk_start` records what to do and to whom: the ticked ids, or the filter's rules for "every
   match". The cursor starts above the newest contact, so contacts added later are left alone.
2. `bulk_step` does one chunk of CHUNK contacts below the cursor, newest first, and moves the
   cursor in the same transaction: a step that dies is redone, never half-applied.
3. A selection, and "every match" when the filter matches at most SYNC_LIMIT contacts, run all
   their steps during the request; more runs in a worker, a step per task, so a million matches
   never hold a request or a task for long. The person sees the result on the contacts page.
4. When the last chunk is done, one audit entry records the action with its counts.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from audience.models import BulkAction
from audience.rules import Rules, contacts_matching
from audience.services import tags_get
from audit.models import AuditEntry
from audit.services import Actor, audit_record
from messaging.enqueue import enqueue_on_commit
from recipients.models import Contact, ContactTag, ListMember, OptEvent
from recipients.services import opt_out_bulk

CHUNK = 1000
# "Every match" up to this many contacts is done during the request (a second or so at most);
# beyond it a worker does it in chunks and the page shows its progress.
SYNC_LIMIT = 1000
MAX_SELECTION = 500
BULK_ACTION_STEP = "audience.tasks.bulk_action_step_task"

Kind = BulkAction.Kind
State = BulkAction.State


def bulk_start(
    *,
    actor: Actor,
    kind: str,
    ids: list[int] | None = None,
    rules: Rules | None = None,
    tag: str = "",
    contact_list: Any = None,
    scope: str = OptEvent.Scope.MARKETING,
    reason: str = "",
) -> BulkAction:
    """Record a bulk action and run it now (small) or hand it to a worker (large)."""
    every_match = rules is not None
    if kind == Kind.TAG_ADD:
        tags_get([tag])
    newest = Contact.objects.aggregate(newest=Max("pk"))["newest"] or 0
    action = BulkAction.objects.create(
        kind=kind,
        tag=tag.strip().lower()[:50],
        contact_list=contact_list,
        scope=scope if kind == Kind.OPT_OUT else "",
        reason=reason[:500],
        contact_ids=[] if every_match else sorted(set(ids or []))[:MAX_SELECTION],
        rules=rules.to_dict() if rules is not None else {},
        every_match=every_match,
        cursor=newest + 1,
        created_by=actor.user,
        ip_address=actor.ip_address,
    )
    if every_match and _targets(action)[: SYNC_LIMIT + 1].count() > SYNC_LIMIT:
        enqueue_on_commit(BULK_ACTION_STEP, action.pk)
        return action
    while bulk_step(action_id=action.pk):
        pass
    action.refresh_from_db()
    return action


def _targets(action: BulkAction) -> QuerySet[Contact]:
    if action.every_match:
        return contacts_matching(Rules.from_dict(action.rules))
    return Contact.objects.filter(pk__in=action.contact_ids)


def bulk_step(*, action_id: int) -> bool:
    """Apply the action to the next chunk; True while there is more to do.

    Running twice is harmless: the row is locked, and the second run finds the cursor moved (or
    the action finished) and carries on from there. A missing action is a no-op.
    """
    with transaction.atomic():
        action = (
            BulkAction.objects.select_for_update()
            .filter(pk=action_id, state__in=[State.QUEUED, State.RUNNING])
            .first()
        )
        if action is None:
            return False
        chunk = list(
            _targets(action)
            .filter(pk__lt=action.cursor)
            .order_by("-pk")
            .values_list("pk", "msisdn")[:CHUNK]
        )
        action.changed += _apply(action, chunk)
        action.done += len(chunk)
        if len(chunk) < CHUNK:
            _finish(action)
            return False
        action.cursor = chunk[-1][0]
        action.state = State.RUNNING
        action.save(update_fields=["cursor", "state", "done", "changed", "updated_at"])
    return True


def _apply(action: BulkAction, chunk: list[tuple[int, str]]) -> int:
    """Do the action to these contacts; how many changed (a tag already there is no change)."""
    ids = [pk for pk, _ in chunk]
    if not ids:
        return 0
    if action.kind in {Kind.TAG_ADD, Kind.TAG_REMOVE}:
        tagged = ContactTag.objects.filter(tag__name=action.tag, contact_id__in=ids)
        if action.kind == Kind.TAG_REMOVE:
            return tagged.delete()[0]
        tag_ids = [t.pk for t in tags_get([action.tag])]
        have = set(tagged.values_list("contact_id", flat=True))
        tags = [ContactTag(contact_id=pk, tag_id=tag_ids[0]) for pk in ids if pk not in have]
        ContactTag.objects.bulk_create(tags, ignore_conflicts=True)
        return len(tags)
    if action.kind in {Kind.LIST_ADD, Kind.LIST_REMOVE}:
        if action.contact_list_id is None:  # the list was deleted while the action ran
            return 0
        members = ListMember.objects.filter(contact_list_id=action.contact_list_id)
        members = members.filter(contact_id__in=ids)
        if action.kind == Kind.LIST_REMOVE:
            return members.delete()[0]
        have = set(members.values_list("contact_id", flat=True))
        new = [
            ListMember(contact_id=pk, contact_list_id=action.contact_list_id)
            for pk in ids
            if pk not in have
        ]
        ListMember.objects.bulk_create(new, ignore_conflicts=True)
        return len(new)
    return opt_out_bulk(
        msisdns=[msisdn for _, msisdn in chunk],
        reason=action.reason,
        source=OptEvent.Source.BULK,
        actor=_actor(action),
        scope=action.scope or OptEvent.Scope.MARKETING,
    )


def _actor(action: BulkAction) -> Actor:
    return Actor(user=action.created_by, ip_address=action.ip_address)


def bulk_describe(action: BulkAction) -> str:
    """What the action did, in one sentence for the page and the audit log."""
    n, done = action.changed, action.done
    target = "contact" if n == 1 else "contacts"
    if action.kind == Kind.TAG_ADD:
        text = f"Tagged {n} {target} '{action.tag}'"
    elif action.kind == Kind.TAG_REMOVE:
        text = f"Removed the tag '{action.tag}' from {n} {target}"
    elif action.kind == Kind.LIST_ADD:
        text = f"Added {n} {target} to the list {_list_name(action)}"
    elif action.kind == Kind.LIST_REMOVE:
        text = f"Removed {n} {target} from the list {_list_name(action)}"
    else:
        what = "everything" if action.scope == OptEvent.Scope.ALL else "marketing"
        text = f"Opted {n} {target} out of {what} ({action.reason})"
    unchanged = done - n
    return text + (f"; {unchanged} already were" if unchanged > 0 else "") + "."


def _list_name(action: BulkAction) -> str:
    return action.contact_list.name if action.contact_list is not None else "(deleted)"


def _finish(action: BulkAction) -> None:
    action.state = State.DONE
    action.finished_at = timezone.now()
    action.message = bulk_describe(action)[:500]
    action.save(update_fields=["state", "finished_at", "message", "done", "changed"])
    audit_record(
        action=AuditEntry.Action.CONTACTS_BULK,
        summary=action.message,
        actor=_actor(action),
        target=action,
        data={
            "kind": action.kind,
            "every_match": action.every_match,
            "rules": action.rules,
            "selected": len(action.contact_ids),
            "looked_at": action.done,
            "changed": action.changed,
            "tag": action.tag,
            "list": action.contact_list_id,
            "scope": action.scope,
            "reason": action.reason,
        },
    )


def bulk_fail(*, action_id: int, error: str) -> None:
    """Mark an action failed, keeping what it did so far (the worker's last word on it)."""
    BulkAction.objects.filter(pk=action_id, state__in=[State.QUEUED, State.RUNNING]).update(
        state=State.FAILED, message=f"Stopped: {error}"[:500], finished_at=timezone.now()
    )
