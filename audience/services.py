"""Changes a person makes to contacts, lists and segments, each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from recipients.models import Contact, ContactList, ContactTag, ListMember, Segment, Tag

CONTACT_FIELDS = ("name", "language", "time_zone", "attributes")


def tags_get(names: list[str]) -> list[Tag]:
    """The tags by name (folded to lower case), created when new."""
    folded = sorted({n.strip().lower()[:50] for n in names if n.strip()})
    Tag.objects.bulk_create([Tag(name=n) for n in folded], ignore_conflicts=True)
    return list(Tag.objects.filter(name__in=folded))


@transaction.atomic
def contact_create(*, actor: Actor, msisdn: str, name: str = "", warning: str = "") -> Contact:
    contact = Contact.objects.create(msisdn=msisdn, name=name[:200], number_warning=warning[:200])
    audit_record(
        action=AuditEntry.Action.CONTACT_CHANGE,
        summary=f"Added the contact {msisdn}",
        actor=actor,
        target=contact,
        data={"msisdn": msisdn, "name": contact.name},
    )
    return contact


@transaction.atomic
def contact_update(*, actor: Actor, contact: Contact, data: dict[str, Any]) -> Contact:
    """Save the contact's details and set its tags to exactly `data["tags"]`; audit what changed."""
    before = {f: getattr(contact, f) for f in CONTACT_FIELDS}
    before_tags = sorted(contact.tags.values_list("name", flat=True))
    for name in CONTACT_FIELDS:
        setattr(contact, name, data[name])
    contact.save()
    tags = tags_get(data["tags"])
    contact.tags.set(tags)
    changes = {f: [before[f], data[f]] for f in CONTACT_FIELDS if before[f] != data[f]}
    after_tags = sorted(t.name for t in tags)
    if after_tags != before_tags:
        changes["tags"] = [before_tags, after_tags]
    if changes:
        audit_record(
            action=AuditEntry.Action.CONTACT_CHANGE,
            summary=f"Changed the contact {contact.msisdn}: {', '.join(sorted(changes))}",
            actor=actor,
            target=contact,
            data={"changes": changes},
        )
    return contact


def contact_list_add(*, actor: Actor, contact: Contact, contact_list: ContactList) -> bool:
    """Put the contact in the list; False when it already was."""
    _, created = ListMember.objects.get_or_create(contact=contact, contact_list=contact_list)
    if created:
        audit_record(
            action=AuditEntry.Action.AUDIENCE_CHANGE,
            summary=f"Added {contact.msisdn} to the list {contact_list.name}",
            actor=actor,
            target=contact_list,
            data={"contact": contact.pk},
        )
    return created


def contact_list_remove(*, actor: Actor, contact: Contact, contact_list: ContactList) -> bool:
    deleted, _ = ListMember.objects.filter(contact=contact, contact_list=contact_list).delete()
    if deleted:
        audit_record(
            action=AuditEntry.Action.AUDIENCE_CHANGE,
            summary=f"Removed {contact.msisdn} from the list {contact_list.name}",
            actor=actor,
            target=contact_list,
            data={"contact": contact.pk},
        )
    return bool(deleted)


def contact_tag_names(contact: Contact) -> list[str]:
    return sorted(
        ContactTag.objects.filter(contact=contact).values_list("tag__name", flat=True).distinct()
    )


# -- lists ---------------------------------------------------------------------------------------


@transaction.atomic
def list_save(
    *, actor: Actor, name: str, description: str = "", contact_list: ContactList | None = None
) -> ContactList:
    """Create a list, or rename one (and change its description)."""
    if contact_list is None:
        contact_list = ContactList.objects.create(
            name=name, description=description, created_by=actor.user
        )
        summary = f"Created the list {name}"
    else:
        # As stored: a ModelForm has already put the new name on the instance it was given.
        old = ContactList.objects.values_list("name", flat=True).get(pk=contact_list.pk)
        contact_list.name, contact_list.description = name, description
        contact_list.save(update_fields=["name", "description"])
        summary = f"Renamed the list {old} to {name}" if old != name else f"Changed the list {name}"
    audit_record(
        action=AuditEntry.Action.AUDIENCE_CHANGE,
        summary=summary,
        actor=actor,
        target=contact_list,
        data={"name": name, "description": description},
    )
    return contact_list


@transaction.atomic
def list_delete(*, actor: Actor, contact_list: ContactList) -> None:
    """Delete the list and its memberships (the contacts stay)."""
    audit_record(
        action=AuditEntry.Action.AUDIENCE_CHANGE,
        summary=f"Deleted the list {contact_list.name}",
        actor=actor,
        target=contact_list,
        data={"name": contact_list.name},
    )
    # One DELETE for the members: no signals hang on them, so Django need not load them.
    ListMember.objects.filter(contact_list=contact_list).delete()
    contact_list.delete()


# -- segments ------------------------------------------------------------------------------------


@transaction.atomic
def segment_save(
    *,
    actor: Actor,
    name: str,
    rules: dict[str, Any],
    description: str = "",
    segment: Segment | None = None,
) -> Segment:
    created = segment is None
    if segment is None:
        segment = Segment(created_by=actor.user)
    segment.name, segment.description, segment.rules = name, description, rules
    segment.save()
    audit_record(
        action=AuditEntry.Action.AUDIENCE_CHANGE,
        summary=f"{'Saved' if created else 'Changed'} the segment {name}",
        actor=actor,
        target=segment,
        data={"name": name, "rules": rules},
    )
    return segment


@transaction.atomic
def segment_delete(*, actor: Actor, segment: Segment) -> None:
    audit_record(
        action=AuditEntry.Action.AUDIENCE_CHANGE,
        summary=f"Deleted the segment {segment.name}",
        actor=actor,
        target=segment,
        data={"name": segment.name, "rules": segment.rules},
    )
    segment.delete()
