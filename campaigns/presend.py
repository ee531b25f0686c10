"""The pre-send check: who in a campaign's audience is sent what, who is left out and why.

Computed in bulk, never a query per recipient:
1. the audience is read once (a list's or segment's contacts, or the rows uploaded for it);
2. each number is made E.164 (invalid ones out), and a number seen before is a duplicate;
3. opt-outs, recent undelivered messages and (free-form) windows come from one query per
   CHUNK numbers each; template parameters from recipients.parameters, also in chunks;
4. each recipient left gets its message, its parameter values and, in quiet hours, the instant
   it may go (not_before).
Launch freezes exactly `Check.outgoing()`, so the figures shown are the messages written.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from audience.selectors import audience_contacts
from campaigns.bodies import Message, free_form_message, template_message
from campaigns.models import Campaign, CampaignRecipient
from messaging.models import InboundMessage, MessageStatus, OutboundMessage
from messaging.window import AD_ENTRY_WINDOW, window_from
from recipients.models import Contact, ListMember
from recipients.numbers import E164, SEPARATORS, number_normalise
from recipients.parameters import template_parameters_bulk
from recipients.selectors import SERVICE, opted_out_among

CHUNK = 5000
UNDELIVERABLE_DAYS = 30
SAMPLES = 3
EXAMPLES = 5  # numbers shown per exclusion reason

# Each recipient left out is counted once, under the first reason that applies, in this order.
REASONS = {
    "invalid_number": "Invalid number",
    "duplicate": "Duplicate (already in the audience)",
    "opted_out": "Opted out",
    "undeliverable_recently": f"Undelivered in the last {UNDELIVERABLE_DAYS} days",
    "window_closed": "Outside the customer-service window (free-form)",
    "missing_parameter": "A template parameter has no value and no fallback",
}


class CheckRefused(ValueError):
    """The campaign cannot be checked as it stands (no message, no audience), saying why."""


@dataclass(frozen=True)
class Outgoing:
    msisdn: str
    split: bool  # goes as the window-split template, not the free-form message
    values: dict[str, str]
    not_before: datetime | None


@dataclass
class Check:
    """The figures the check page shows and the recipients launch freezes."""

    message: Message
    split_message: Message | None
    audience: int = 0
    recipients: list[Outgoing] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    missing: Counter[str] = field(default_factory=Counter)  # parameter label -> recipients
    outside_window: int = 0  # free-form recipients outside their window (split or excluded)
    delayed: int = 0  # recipients whose quiet hours hold their message back
    rate: int = 0
    tier: int | None = None

    @property
    def sendable(self) -> int:
        return len(self.recipients)

    @property
    def excluded_count(self) -> int:
        return sum(self.excluded.values())

    @property
    def split_count(self) -> int:
        return sum(1 for r in self.recipients if r.split)

    @property
    def duration_seconds(self) -> int:
        return math.ceil(self.sendable / self.rate) if self.rate > 0 else 0

    @property
    def over_tier(self) -> bool:
        return self.tier is not None and self.sendable > self.tier

    def excluded_rows(self) -> list[tuple[str, str, int, list[str]]]:
        return [
            (key, label, self.excluded[key], self.examples.get(key, []))
            for key, label in REASONS.items()
            if self.excluded[key]
        ]

    def missing_rows(self) -> list[tuple[str, int]]:
        """(parameter label, recipients lacking it), most lacked first (a template can't
        iterate a Counter: it looks up "items" as a key)."""
        return self.missing.most_common()

    def outgoing(self) -> Iterator[tuple[str, str, dict[str, Any], datetime | None]]:
        """(kind, msisdn, body, not_before) for every recipient sent to, in audience order."""
        for r in self.recipients:
            message = self.split_message if r.split and self.split_message else self.message
            yield message.kind, r.msisdn, message.body(r.msisdn, r.values), r.not_before

    def samples(self) -> list[tuple[Outgoing, dict[str, Any]]]:
        return [
            (
                r,
                (self.split_message if r.split and self.split_message else self.message).body(
                    r.msisdn, r.values
                ),
            )
            for r in self.recipients[:SAMPLES]
        ]


def duration_text(seconds: int) -> str:
    """1 → 'about 1 s', 1250 → 'about 21 min', 9000 → 'about 2 h 30 min'."""
    if seconds < 60:
        return f"about {seconds} s"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min"
    return f"about {minutes // 60} h {minutes % 60} min"


# -- the message -----------------------------------------------------------------------------


def campaign_message(campaign: Campaign) -> Message:
    fallback = {"fallback_text": campaign.sms_fallback_text, "sms_source": campaign.sms_source}
    if campaign.message_source == Campaign.MessageSource.TEMPLATE:
        if campaign.template is None or not campaign.template.is_approved:
            raise CheckRefused("Message: choose an approved template.")
        return template_message(campaign.template, **fallback)
    if not campaign.free_form_kind or not campaign.free_form_payload:
        raise CheckRefused("Message: choose a draft to send as the free-form message.")
    return free_form_message(campaign.free_form_kind, campaign.free_form_payload, **fallback)


def split_message(campaign: Campaign) -> Message | None:
    if campaign.message_source != Campaign.MessageSource.FREE_FORM or not campaign.window_split:
        return None
    template = campaign.split_template
    if template is None or not template.is_approved:
        return None
    return template_message(template, sms_source=campaign.sms_source)


def message_category(campaign: Campaign) -> str:
    """The opt-out ledger's category: the template's, or "service" for free-form."""
    if campaign.message_source == Campaign.MessageSource.TEMPLATE and campaign.template:
        return (campaign.template.category or "marketing").lower()
    return SERVICE


# -- the audience ----------------------------------------------------------------------------

Row = tuple[str, dict[str, str], str]  # (number as written, uploaded values, contact time zone)


def audience_rows(campaign: Campaign, *, test_list_id: int | None = None) -> Iterator[Row]:
    """The campaign's audience as written, in a stable order (the test list when asked)."""
    if test_list_id is not None:
        contacts = Contact.objects.filter(
            pk__in=ListMember.objects.filter(contact_list_id=test_list_id).values("contact_id")
        )
    elif campaign.audience_kind == Campaign.AudienceKind.UPLOAD:
        uploaded = CampaignRecipient.objects.filter(campaign=campaign).order_by("line")
        for msisdn, values in uploaded.values_list("msisdn", "values").iterator(chunk_size=CHUNK):
            yield msisdn, values if isinstance(values, dict) else {}, ""
        return
    elif campaign.audience_kind == Campaign.AudienceKind.LIST and campaign.contact_list_id:
        contacts = audience_contacts("list", campaign.contact_list_id)
    elif campaign.audience_kind == Campaign.AudienceKind.SEGMENT and campaign.segment_id:
        contacts = audience_contacts("segment", campaign.segment_id)
    else:
        raise CheckRefused("Audience: choose a list, a segment, or upload a file of numbers.")
    rows = contacts.order_by("pk").values_list("msisdn", "time_zone")
    for msisdn, zone in rows.iterator(chunk_size=CHUNK):
        yield msisdn, {}, zone or ""


def msisdn_clean(raw: str) -> str | None:
    """The number as E.164, or None when it is not a number 8x8 can send to.

    E.164 as written is taken at once: phonenumbers' full parse costs more than the rest of
    the check at 100,000 recipients, and 8x8 accepts any E.164 number.
    """
    text = SEPARATORS.sub("", str(raw or "").strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if E164.fullmatch(text):
        return text
    return number_normalise(raw).msisdn or None


def _chunks(numbers: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(numbers), CHUNK):
        yield numbers[start : start + CHUNK]


def undeliverable_among(numbers: list[str], *, now: datetime) -> set[str]:
    """Numbers with a message reported undelivered in the last UNDELIVERABLE_DAYS days.

    One query for every number undelivered lately (few, next to an audience), intersected
    here: 20 queries of 5,000 numbers each cost far more at 100,000 recipients.
    """
    since = now - timedelta(days=UNDELIVERABLE_DAYS)
    recent = Q(failed_at__gte=since) | Q(failed_at__isnull=True, updated_at__gte=since)
    rows = OutboundMessage.objects.filter(recent, status=MessageStatus.UNDELIVERED)
    found = set(rows.order_by().values_list("msisdn", flat=True).distinct())
    return found.intersection(numbers)


def windows_open_among(numbers: list[str], *, now: datetime) -> set[str]:
    """Numbers whose customer-service window is open now (messaging.window's rule).

    Only a message received within the longest window (72 h) can hold one open, so one query
    reads those and the audience is intersected here.
    """
    rows = (
        InboundMessage.objects.filter(received_at__gt=now - AD_ENTRY_WINDOW)
        .order_by()
        .values("msisdn")
        .annotate(newest=Max("received_at"), ad=Max("received_at", filter=Q(from_ad=True)))
    )
    open_ = {row["msisdn"] for row in rows if window_from(row["newest"], row["ad"], now=now).open}
    return open_.intersection(numbers)


def zones_among(numbers: list[str]) -> dict[str, str]:
    """The time zone of each number that is a contact with one (for uploaded audiences)."""
    zones: dict[str, str] = {}
    for chunk in _chunks(numbers):
        rows = Contact.objects.filter(msisdn__in=chunk).exclude(time_zone="")
        zones.update(rows.values_list("msisdn", "time_zone"))
    return zones


# -- quiet hours -----------------------------------------------------------------------------


@lru_cache(maxsize=512)
def zone_get(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def quiet_until(at: datetime, zone: ZoneInfo, start: time, end: time) -> datetime | None:
    """When the quiet window `start`..`end` (local, may cross midnight) that holds `at` ends,
    or None when `at` is outside it."""
    local = at.astimezone(zone)
    now = local.time().replace(tzinfo=None)
    if start < end:
        inside, next_day = start <= now < end, False
    else:
        inside, next_day = now >= start or now < end, now >= start
    if not inside:
        return None
    day = local.date() + timedelta(days=1 if next_day else 0)
    return datetime.combine(day, end, tzinfo=zone).astimezone(UTC)


# -- the check -------------------------------------------------------------------------------


def _exclude(check: Check, reason: str, msisdn: str) -> None:
    check.excluded[reason] += 1
    examples = check.examples.setdefault(reason, [])
    if len(examples) < EXAMPLES:
        examples.append(msisdn)


def _first_pass(check: Check, rows: Iterator[Row]) -> list[Row]:
    """Invalid numbers and duplicates out; the rest, made E.164, in audience order."""
    seen: set[str] = set()
    kept: list[Row] = []
    for raw, values, zone in rows:
        check.audience += 1
        msisdn = msisdn_clean(raw)
        if msisdn is None:
            _exclude(check, "invalid_number", str(raw)[:40])
        elif msisdn in seen:
            _exclude(check, "duplicate", msisdn)
        else:
            seen.add(msisdn)
            kept.append((msisdn, values, zone))
    return kept


def campaign_check(
    campaign: Campaign, *, now: datetime | None = None, test_list_id: int | None = None
) -> Check:
    """The pre-send check of `campaign` as things are now (see the module's steps)."""
    now = now or timezone.now()
    check = Check(
        message=campaign_message(campaign),
        split_message=split_message(campaign),
        rate=campaign.rate,
        tier=settings.WHATSAPP_MESSAGING_TIER,
    )
    kept = _first_pass(check, audience_rows(campaign, test_list_id=test_list_id))
    numbers = [msisdn for msisdn, _, _ in kept]
    refused = opted_out_among(numbers, category=message_category(campaign))
    undeliverable = undeliverable_among(numbers, now=now)
    free_form = check.message.spec is None
    open_ = windows_open_among(numbers, now=now) if free_form else set()
    resolved = _parameters(check, campaign, kept)
    quiet = _quiet(campaign, kept, at=campaign.start_at or now, test=test_list_id is not None)
    for msisdn, values, _ in kept:
        split = False
        if msisdn in refused:
            _exclude(check, "opted_out", msisdn)
            continue
        if msisdn in undeliverable:
            _exclude(check, "undeliverable_recently", msisdn)
            continue
        if free_form and msisdn not in open_:
            check.outside_window += 1
            if check.split_message is None:
                _exclude(check, "window_closed", msisdn)
                continue
            split = True
        filled, missing = resolved(msisdn, values, split)
        if missing:
            check.missing.update(missing)
            _exclude(check, "missing_parameter", msisdn)
            continue
        not_before = quiet.get(msisdn)
        check.delayed += not_before is not None
        check.recipients.append(Outgoing(msisdn, split, filled, not_before))
    return check


def _parameters(check: Check, campaign: Campaign, kept: list[Row]) -> Any:
    """A function giving each recipient's (values, missing parameter labels) for its message:
    uploaded columns mapped to parameters first, then the template's own mapping."""
    columns = campaign.column_map if isinstance(campaign.column_map, dict) else {}
    numbers = [msisdn for msisdn, _, _ in kept]
    bulk: dict[bool, dict[str, Any]] = {}
    for split, message in ((False, check.message), (True, check.split_message)):
        if message is not None and message.template is not None:
            bulk[split] = template_parameters_bulk(message.template, numbers)

    def resolved(msisdn: str, values: dict[str, str], split: bool) -> tuple[dict, list[str]]:
        found = bulk.get(split)
        if found is None:
            return {}, []
        given = {}
        if not split:
            for key, column in columns.items():
                value = str(values.get(column) or "").strip()
                if value:
                    given[key] = value
        result = found[msisdn]
        filled = {**result.values, **given}
        missing = [m.label for m in result.missing if m.key not in given]
        return filled, missing

    return resolved


def _quiet(campaign: Campaign, kept: list[Row], *, at: datetime, test: bool) -> dict[str, datetime]:
    """The instant each recipient's quiet hours end, for those the send time falls inside."""
    if test or campaign.quiet_start is None or campaign.quiet_end is None:
        return {}
    default = zone_get(campaign.time_zone) or ZoneInfo("UTC")
    zones = {msisdn: zone for msisdn, _, zone in kept if zone}
    if campaign.audience_kind == Campaign.AudienceKind.UPLOAD:
        zones = zones_among([msisdn for msisdn, _, _ in kept])
    held: dict[str, datetime] = {}
    for msisdn, _, _ in kept:
        zone = zone_get(zones.get(msisdn, "")) or default
        until = quiet_until(at, zone, campaign.quiet_start, campaign.quiet_end)
        if until is not None:
            held[msisdn] = until
    return held
