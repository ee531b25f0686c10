"""Reads behind the history page: a keyset page of outbound messages, how many there are about,
the filters' choices, and numbers masked for roles that may not see them in full.

Pages go newest id first (ids grow with created_at, which is set once on insert) and are cut with
`id < after` or `id > before`: an index range scan of one page and a row, never OFFSET. There is
no exact count: over millions of rows COUNT(*) costs more than the page itself. Unfiltered, the
table's size comes from PostgreSQL's statistics (`reltuples`); filtered, matches are counted up
to COUNT_CAP and shown as "more than" past it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone

from access.permissions import VIEW_FULL_NUMBERS, perm
from catalog.models import Template
from messaging.models import OutboundMessage, SendJob

PAGE_SIZE = 25
COUNT_CAP = 1000
# The columns a row shows: never the body, never the sender's whole user row.
ROW_FIELDS = (
    "id",
    "created_at",
    "kind",
    "msisdn",
    "status",
    "status_detail",
    "template_name",
    "job__name",
    "sent_by__username",
)
CAMPAIGN_CHOICES = 100


SPARSE_PREFIX = 8  # "+65" and 5 digits: at most 1,000 numbers of a country's plan


def is_sparse(params: dict[str, Any]) -> bool:
    """Whether the filter picks few rows spread over all time (see history_page)."""
    return len(params.get("msisdn") or "") >= SPARSE_PREFIX


def messages_filtered(
    messages: QuerySet[OutboundMessage], params: dict[str, Any]
) -> QuerySet[OutboundMessage]:
    """The messages matching a history filter's params (HistoryFilterForm.params(): cleaned,
    dates as ISO text), so the page and a later export select the same rows."""
    exact = {
        "status": params.get("status"),
        "kind": params.get("kind"),
        "job_id": params.get("campaign"),
        "template_name": params.get("template"),
        "sent_by_id": params.get("sender"),
    }
    messages = messages.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    if number := params.get("msisdn"):
        # A prefix, not a substring: LIKE '+65912%' walks an index, '%912%' the whole table.
        messages = messages.filter(msisdn__startswith=number)
    if since := params.get("since"):
        messages = messages.filter(created_at__gte=_day_start(since))
    if until := params.get("until"):
        messages = messages.filter(created_at__lt=_day_start(until) + timedelta(days=1))
    return messages


def _day_start(day: str) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time.min))


@dataclass(frozen=True)
class HistoryPage:
    rows: list[OutboundMessage]
    has_next: bool
    has_previous: bool

    @property
    def next_after(self) -> int | None:
        return self.rows[-1].pk if self.has_next and self.rows else None

    @property
    def previous_before(self) -> int | None:
        return self.rows[0].pk if self.has_previous and self.rows else None


def history_page(
    messages: QuerySet[OutboundMessage],
    *,
    after: int | None = None,
    before: int | None = None,
    size: int = PAGE_SIZE,
    masked: bool = False,
    sparse: bool = False,
) -> HistoryPage:
    """One page of `messages`, newest first, older than `after` or newer than `before`; with
    `masked`, each row's number is masked (the rows are for showing, never saved).

    `sparse` says the filter selects few rows scattered over the table (a long number prefix):
    walking the id index newest first would pass most of the table before finding them, yet the
    planner cannot tell, so the order is put on `id + 0`, which no index serves, and PostgreSQL
    reads the matches through the number's index and sorts them (10,000 rows: a few ms).
    """
    rows = messages.select_related("sent_by", "job").only(*ROW_FIELDS)
    newest: Any = (F("id") + 0).desc() if sparse else "-pk"
    oldest: Any = (F("id") + 0).asc() if sparse else "pk"
    if before is not None:
        found = list(rows.filter(pk__gt=before).order_by(oldest)[: size + 1])
        page = HistoryPage(
            list(reversed(found[:size])), has_next=True, has_previous=len(found) > size
        )
    else:
        if after is not None:
            rows = rows.filter(pk__lt=after)
        found = list(rows.order_by(newest)[: size + 1])
        page = HistoryPage(found[:size], has_next=len(found) > size, has_previous=after is not None)
    if masked:
        for row in page.rows:
            row.msisdn = number_masked(row.msisdn)
    return page


@dataclass(frozen=True)
class Estimate:
    """How many messages match: `exact`, or at least `count` ("more than 1,000", "about 1.2M")."""

    count: int
    exact: bool

    def __str__(self) -> str:
        noun = "message" if self.count == 1 else "messages"
        if self.exact:
            return f"{self.count:,} {noun}"
        return (
            f"about {self.count:,} {noun}"
            if self.count > COUNT_CAP
            else f"more than {self.count:,} {noun}"
        )


def history_estimate(
    messages: QuerySet[OutboundMessage], *, filtered: bool, page: HistoryPage, first: bool
) -> Estimate:
    """The number of matching messages, cheaply: one query at most, none for a short first page."""
    if first and not page.has_next:
        return Estimate(len(page.rows), exact=True)
    if not filtered and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [OutboundMessage._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] > COUNT_CAP:
            return Estimate(int(row[0]), exact=False)
    found = messages.order_by()[: COUNT_CAP + 1].count()
    if found > COUNT_CAP:
        return Estimate(COUNT_CAP, exact=False)
    return Estimate(found, exact=True)


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Campaigns, templates and senders for the filter menus, read in one query (a UNION)."""
    jobs = (
        SendJob.objects.order_by()
        .annotate(what=Value("job"), key=Cast("id", CharField()), label=F("name"))
        .values_list("what", "key", "label")
    )
    templates = (
        Template.objects.order_by()
        .annotate(what=Value("template"), key=F("name"), label=F("name"))
        .values_list("what", "key", "label")
    )
    users = (
        get_user_model()
        .objects.order_by()
        .annotate(what=Value("sender"), key=Cast("id", CharField()), label=F("username"))
        .values_list("what", "key", "label")
    )
    choices: dict[str, list[tuple[str, str]]] = {"job": [], "template": [], "sender": []}
    for what, key, label in jobs.union(templates, users, all=True):
        choices[what].append((key, label))
    choices["job"] = sorted(choices["job"], key=lambda pair: -int(pair[0]))[:CAMPAIGN_CHOICES]
    for name in ("template", "sender"):  # a template has a row per language: one name each
        choices[name] = sorted(set(choices[name]), key=lambda pair: pair[1].lower())
    return choices


def can_see_numbers(user: Any) -> bool:
    return bool(user.has_perm(perm(VIEW_FULL_NUMBERS)))


def number_masked(msisdn: str) -> str:
    """ "+6591234567" → "+65 •••• ••67": the country and the last two digits, for telling rows
    apart, and nothing that finds the person."""
    if len(msisdn) <= 6:
        return "•" * len(msisdn)
    return f"{msisdn[:3]} •••• ••{msisdn[-2:]}"
