"""Reads behind the contacts pages: a keyset page of contacts with what each row shows, one
contact's story, lists and segments with their live sizes, and audiences for the campaign builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from audience.models import BulkAction
from audience.rules import Rules, contacts_matching
from messaging.models import InboundMessage
from messaging.selectors import messages_visible_to
from messaging.window import WindowState, window_from
from recipients.models import Contact, ContactList, ContactTag, ListMember, OptEvent, Segment
from recipients.selectors import opt_states_many

PAGE_SIZE = 50
MESSAGES_SHOWN = 20
MESSAGES_MAX = 500

LIST = "list"
SEGMENT = "segment"


@dataclass
class ContactRow:
    """One contact as a row of the contacts page shows it."""

    contact: Contact
    tags: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    opt_outs: dict[str, OptEvent] = field(default_factory=dict)  # scope -> event still in force
    last_inbound: datetime | None = None
    window: WindowState = field(default_factory=lambda: window_from(None, None))

    @property
    def opted_out_of(self) -> str:
        """ "everything", "marketing" or "" (may be messaged)."""
        if "all" in self.opt_outs:
            return "everything"
        return "marketing" if self.opt_outs else ""


@dataclass
class ContactPage:
    rows: list[ContactRow]
    has_next: bool
    has_previous: bool

    @property
    def next_after(self) -> int | None:
        return self.rows[-1].contact.pk if self.has_next and self.rows else None

    @property
    def previous_before(self) -> int | None:
        return self.rows[0].contact.pk if self.has_previous and self.rows else None


def contacts_page(
    rules: Rules, *, after: int | None = None, before: int | None = None, size: int = PAGE_SIZE
) -> ContactPage:
    """A page of the matching contacts, newest id first, after (older than) or before (newer
    than) a given id: an index range scan of `size + 1` rows, never OFFSET, never COUNT."""
    matching = contacts_matching(rules)
    if before is not None:
        found = _serial(matching.filter(pk__gt=before).order_by("pk")[: size + 1])
        has_more = len(found) > size
        found = list(reversed(found[:size]))
        return ContactPage(rows_for(found), has_next=True, has_previous=has_more)
    if after is not None:
        matching = matching.filter(pk__lt=after)
    found = _serial(matching.order_by("-pk")[: size + 1])
    return ContactPage(
        rows_for(found[:size]), has_next=len(found) > size, has_previous=after is not None
    )


def _serial(contacts: QuerySet[Contact]) -> list[Contact]:
    """The rows, read without PostgreSQL's parallel workers.

    A page stops after 51 rows found walking the id index: starting workers costs more than
    that walk (measured: 25 ms of a 30 ms filtered page), though the planner cannot know it.
    """
    if connection.vendor != "postgresql":
        return list(contacts)
    with transaction.atomic(using=contacts.db), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        return list(contacts)


def rows_for(contacts: list[Contact]) -> list[ContactRow]:
    """Each contact with its tags, lists, opt-outs and window: four queries for the whole page."""
    if not contacts:
        return []
    ids = [c.pk for c in contacts]
    msisdns = [c.msisdn for c in contacts]
    tags: dict[int, list[str]] = {}
    for contact_id, name in ContactTag.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "tag__name"
    ):
        tags.setdefault(contact_id, []).append(name)
    lists: dict[int, list[str]] = {}
    for contact_id, name in ListMember.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "contact_list__name"
    ):
        lists.setdefault(contact_id, []).append(name)
    opt_outs = opt_states_many(msisdns)
    inbound = {
        row["msisdn"]: row
        for row in InboundMessage.objects.filter(msisdn__in=msisdns)
        .order_by()
        .values("msisdn")
        .annotate(newest=Max("received_at"), newest_ad=Max("received_at", filter=Q(from_ad=True)))
    }
    now = timezone.now()
    rows = []
    for contact in contacts:
        seen = inbound.get(contact.msisdn, {})
        rows.append(
            ContactRow(
                contact=contact,
                tags=sorted(tags.get(contact.pk, [])),
                lists=sorted(lists.get(contact.pk, [])),
                opt_outs=opt_outs.get(contact.msisdn, {}),
                last_inbound=seen.get("newest"),
                window=window_from(seen.get("newest"), seen.get("newest_ad"), now=now),
            )
        )
    return rows


# -- one contact ---------------------------------------------------------------------------------


def contact_ledger(msisdn: str) -> QuerySet[OptEvent]:
    """Every opt-out and opt-in of the number, newest first: the whole history, not the state."""
    return OptEvent.objects.filter(msisdn=msisdn).order_by("-at", "-id")


def contact_lists(contact: Contact) -> QuerySet[ContactList]:
    return ContactList.objects.filter(
        pk__in=ListMember.objects.filter(contact=contact).values("contact_list_id")
    )


@dataclass(frozen=True)
class Conversation:
    """Messages both ways, newest first; `more` when older ones were left out."""

    messages: list[Any]
    more: bool


def contact_messages(*, user: Any, msisdn: str, limit: int = MESSAGES_SHOWN) -> Conversation:
    """The number's outbound messages the user may see and its inbound ones, merged by time.

    Each side is read newest first up to `limit + 1` rows, so the merge never loads the history.
    """
    limit = max(1, min(limit, MESSAGES_MAX))
    outbound: list[Any] = list(
        messages_visible_to(user).filter(msisdn=msisdn).order_by("-created_at", "-id")[: limit + 1]
    )
    inbound: list[Any] = list(
        InboundMessage.objects.filter(msisdn=msisdn).order_by("-received_at", "-id")[: limit + 1]
    )
    for message in outbound:
        message.direction, message.at = "out", message.created_at
    for message in inbound:
        message.direction, message.at = "in", message.received_at
    merged = sorted(chain(outbound, inbound), key=lambda m: m.at, reverse=True)
    return Conversation(messages=merged[:limit], more=len(merged) > limit)


# -- lists, segments, audiences ------------------------------------------------------------------


def list_sizes(list_ids: list[int] | None = None) -> dict[int, int]:
    """How many members each list has now (one grouped COUNT on the (list, contact) index)."""
    members = ListMember.objects.all()
    if list_ids is not None:
        members = members.filter(contact_list_id__in=list_ids)
    grouped = members.order_by().values("contact_list_id").annotate(n=Count("id"))
    return {row["contact_list_id"]: row["n"] for row in grouped}


def lists_with_sizes() -> list[tuple[ContactList, int]]:
    lists = list(ContactList.objects.all())
    sizes = list_sizes([c.pk for c in lists])
    return [(c, sizes.get(c.pk, 0)) for c in lists]


def segment_size(segment: Segment) -> int:
    """The segment's live size: its rules counted now (opt-outs and windows as they are now)."""
    return contacts_matching(Rules.from_dict(segment.rules)).count()


@dataclass(frozen=True)
class Audience:
    kind: str  # LIST or SEGMENT
    id: int
    name: str

    @property
    def key(self) -> str:
        """One value for a <select>: "list:3", "segment:7"."""
        return f"{self.kind}:{self.id}"


def audience_choices() -> list[Audience]:
    """Every list and segment a message can go to, lists first, each by name."""
    lists = [Audience(LIST, pk, name) for pk, name in ContactList.objects.values_list("pk", "name")]
    segments = [
        Audience(SEGMENT, pk, name) for pk, name in Segment.objects.values_list("pk", "name")
    ]
    return lists + segments


def audience_contacts(kind: str, pk: int) -> QuerySet[Contact]:
    """The contacts of a list or a segment now; none for an unknown kind or a deleted one.

    A campaign should freeze this (e.g. copy ids in chunks) when it starts: a segment's members
    change as opt-outs and windows do.
    """
    if kind == LIST:
        return Contact.objects.filter(
            pk__in=ListMember.objects.filter(contact_list_id=pk).values("contact_id")
        )
    if kind == SEGMENT:
        segment = Segment.objects.filter(pk=pk).first()
        if segment is not None:
            return contacts_matching(Rules.from_dict(segment.rules))
    return Contact.objects.none()


def bulk_actions_recent(user: Any, *, limit: int = 3) -> QuerySet[BulkAction]:
    """The user's latest bulk actions, for the contacts page to say how they went."""
    return BulkAction.objects.filter(created_by=user).select_related("contact_list")[:limit]
