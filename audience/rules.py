"""Which contacts a filter means: the contacts page's filters, a segment's saved rules, an audience.

One set of rules serves all three, so a segment saved from the page holds exactly what the page
showed. Every rule is a subquery the database answers from an index; nothing is counted or loaded
whole, so the page stays fast at a million contacts. Opt-out and window state are read from the
opt-out ledger and the inbound messages, never from a copy kept on the contact.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from messaging.models import InboundMessage, OutboundMessage
from messaging.window import AD_ENTRY_WINDOW, SERVICE_WINDOW
from recipients.models import Contact, ContactTag, ListMember, OptEvent

YES, NO = "yes", "no"
OPEN, CLOSED = "open", "closed"
# A search that is only digits, spaces, dashes, dots, brackets and an optional '+' is a number.
NUMBER_SEARCH = re.compile(r"^\+?[\d\s\-().]{3,}$")


@dataclass
class Rules:
    """A filter over contacts. Empty fields filter nothing; several fields must all hold."""

    q: str = ""
    tags: list[str] = field(default_factory=list)  # any of these tags
    lists: list[int] = field(default_factory=list)  # in any of these lists
    attributes: dict[str, str] = field(default_factory=dict)  # every key has exactly this value
    opted_out: str = ""  # YES, NO or "" (either)
    window: str = ""  # OPEN, CLOSED or "" (either)
    never_messaged: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Rules:
        """Rules from a segment's JSON or a parsed form; anything malformed is dropped, not kept."""
        data = data if isinstance(data, dict) else {}
        attributes = data.get("attributes")
        return cls(
            q=str(data.get("q") or "").strip()[:200],
            tags=[str(t).strip().lower() for t in _items(data.get("tags")) if str(t).strip()],
            lists=[int(i) for i in _items(data.get("lists")) if str(i).isdigit()],
            attributes={str(k): str(v) for k, v in (attributes or {}).items() if str(k).strip()}
            if isinstance(attributes, dict)
            else {},
            opted_out=_choice(data.get("opted_out"), (YES, NO)),
            window=_choice(data.get("window"), (OPEN, CLOSED)),
            never_messaged=bool(data.get("never_messaged")),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_query(self) -> dict[str, Any]:
        """The contacts page's GET parameters that show these rules (see audience.forms)."""
        query: dict[str, Any] = {
            "q": self.q,
            "tag": self.tags,
            "list": self.lists,
            "attr": [f"{k}={v}" for k, v in sorted(self.attributes.items())],
            "opted_out": self.opted_out,
            "window": self.window,
            "never_messaged": "on" if self.never_messaged else "",
        }
        return {key: value for key, value in query.items() if value}

    def query_pairs(self) -> list[tuple[str, str]]:
        """to_query as (name, value) pairs, one per value: hidden inputs that carry the filter."""
        pairs = []
        for key, value in self.to_query().items():
            pairs += [(key, str(v)) for v in (value if isinstance(value, list) else [value])]
        return pairs

    def is_empty(self) -> bool:
        return self == Rules()


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    return value if isinstance(value, str) and value in allowed else ""


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def opted_out_numbers() -> QuerySet[OptEvent, Any]:
    """Numbers opted out of anything now: an opt-out that no later opt-in of its scope ended."""
    ended = OptEvent.objects.filter(
        msisdn=OuterRef("msisdn"),
        kind=OptEvent.Kind.OPT_IN,
        scope__in=[OptEvent.Scope.ALL, OuterRef("scope")],
    ).filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id")))
    return (
        OptEvent.objects.filter(kind=OptEvent.Kind.OPT_OUT)
        .filter(~Exists(ended))
        .order_by()
        .values("msisdn")
    )


def open_window_numbers(*, now: datetime | None = None) -> QuerySet[InboundMessage, Any]:
    """The numbers whose customer-service window is open now (as messaging.window.window_state).

    Open means a message in the last 24 hours, or an ad-started one in the last 72.
    """
    now = now or timezone.now()
    recent = Q(received_at__gt=now - SERVICE_WINDOW) | Q(
        from_ad=True, received_at__gt=now - AD_ENTRY_WINDOW
    )
    return (
        InboundMessage.objects.filter(received_at__gt=now - max(SERVICE_WINDOW, AD_ENTRY_WINDOW))
        .filter(recent)
        .order_by()
        .values("msisdn")
    )


def contacts_matching(rules: Rules, *, now: datetime | None = None) -> QuerySet[Contact]:
    """Every contact the rules select, as a queryset to page through, count or freeze.

    "Is in" rules are `IN (subquery)` and "is not" rules `NOT EXISTS`: PostgreSQL turns both into
    (anti-)joins it can hash, where `NOT IN` would be a per-row subplan that NULLs can confuse.
    """
    contacts = Contact.objects.all()
    if rules.q:
        contacts = contacts.filter(_search(rules.q))
    if rules.tags:
        tagged = ContactTag.objects.filter(tag__name__in=rules.tags).values("contact_id")
        contacts = contacts.filter(pk__in=tagged)
    if rules.lists:
        members = ListMember.objects.filter(contact_list_id__in=rules.lists).values("contact_id")
        contacts = contacts.filter(pk__in=members)
    for n, (key, value) in enumerate(sorted(rules.attributes.items())):
        # KeyTextTransform passes the key as a parameter: any text is a safe attribute name.
        alias = f"attribute_{n}"
        # Cast: without it the value is compared as JSON ("Singapore" vs the text Singapore).
        text = Cast(KeyTextTransform(key, "attributes"), output_field=TextField())
        contacts = contacts.alias(**{alias: text}).filter(**{alias: value})
    if rules.opted_out == YES:
        contacts = contacts.filter(msisdn__in=opted_out_numbers())
    elif rules.opted_out == NO:
        contacts = contacts.filter(~Exists(opted_out_numbers().filter(msisdn=OuterRef("msisdn"))))
    if rules.window == OPEN:
        contacts = contacts.filter(msisdn__in=open_window_numbers(now=now))
    elif rules.window == CLOSED:
        recent = open_window_numbers(now=now).filter(msisdn=OuterRef("msisdn"))
        contacts = contacts.filter(~Exists(recent))
    if rules.never_messaged:
        contacts = contacts.filter(
            ~Exists(OutboundMessage.objects.filter(msisdn=OuterRef("msisdn")))
        )
    return contacts


def _search(q: str) -> Q:
    """A number searches numbers (by its digits); `key=value` an attribute; anything else names."""
    if NUMBER_SEARCH.match(q):
        digits = re.sub(r"\D", "", q)
        return (
            Q(msisdn__startswith="+" + digits) if q.startswith("+") else Q(msisdn__contains=digits)
        )
    key, sep, value = q.partition("=")
    if sep and key.strip():
        return Q(
            Exists(
                Contact.objects.filter(pk=OuterRef("pk"))
                .alias(found=KeyTextTransform(key.strip(), "attributes"))
                .filter(found__iexact=value.strip())
            )
        )
    return Q(name__icontains=q)
