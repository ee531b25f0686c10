"""Whether a number may be messaged: the current state, derived from the opt-out ledger."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.utils import timezone

from recipients.models import OptEvent

# What a message is, for the ledger: a template's registered category, or free-form ("service").
MARKETING = "marketing"
UTILITY = "utility"
AUTHENTICATION = "authentication"
SERVICE = "service"

Scope = OptEvent.Scope
Source = OptEvent.Source
# Numbers asked about per query by opted_out_among: well under SQLite's bound-variable limit.
CHUNK = 5000
STATE_COLUMNS = ("msisdn", "kind", "scope", "source", "reason", "at", "actor_username")


@dataclass(frozen=True)
class OptState:
    """The opt-out that stops a message: when, how and why the number opted out."""

    msisdn: str
    scope: str
    source: str
    reason: str
    at: datetime
    actor_username: str = ""

    def why(self) -> str:
        """How the opt-out came about, in a few words (for the parenthesis of the sentence)."""
        if self.source == Source.KEYWORD:
            return f"replied {self.reason}" if self.reason else "replied with a stop keyword"
        if self.source == Source.RECEIPT:
            return "WhatsApp reported they opted out of marketing messages (Meta 131050)"
        who = f"recorded by {self.actor_username}" if self.actor_username else "recorded"
        return f"{who}: {self.reason}" if self.reason else who

    def sentence(self) -> str:
        """What the composer shows when a send is refused because of this opt-out."""
        what = "all messages" if self.scope == Scope.ALL else "marketing messages"
        day = timezone.localtime(self.at).strftime("%Y-%m-%d")
        return (
            f"{self.msisdn} opted out of {what} on {day} ({self.why()}); nothing was sent. "
            "They can opt back in by replying START."
        )


def _blocks(scope: str, category: str) -> bool:
    """Whether an opt-out of `scope` stops a message of `category`.

    "all" stops everything. "marketing" stops marketing and utility templates and free-form, but
    not authentication templates when OPT_OUT_ALLOW_AUTHENTICATION is on (one-time codes a person
    asked for themselves).
    """
    if scope == Scope.ALL:
        return True
    if category.lower() == AUTHENTICATION:
        return not settings.OPT_OUT_ALLOW_AUTHENTICATION
    return True


def opt_states_many(msisdns: Iterable[str]) -> dict[str, dict[str, OptEvent]]:
    """opt_states for many numbers (a page of contacts) in one query; numbers never opted out
    are missing from the answer."""
    events: dict[str, list[OptEvent]] = {}
    found = OptEvent.objects.filter(msisdn__in=set(msisdns)).order_by("msisdn", "-at", "-id")
    for event in found:
        events.setdefault(event.msisdn, []).append(event)
    states = {msisdn: opt_states_fold(rows) for msisdn, rows in events.items()}
    return {msisdn: state for msisdn, state in states.items() if state}


def opt_states_fold(events: Iterable[OptEvent]) -> dict[str, OptEvent]:
    """The opt-out still in force for each scope, from one number's events newest first.

    An opt-in to "all" ends every earlier opt-out; an opt-in to "marketing" ends only earlier
    marketing opt-outs, so a number that opted out of everything stays out until it opts in to
    everything.
    """
    open_scopes = {Scope.MARKETING.value, Scope.ALL.value}
    states: dict[str, OptEvent] = {}
    for event in events:
        # An event about "all" decides every scope not yet decided by a newer one.
        scopes = set(open_scopes) if event.scope == Scope.ALL else {event.scope} & open_scopes
        if event.kind == OptEvent.Kind.OPT_OUT:
            states.update(dict.fromkeys(scopes, event))
        open_scopes -= scopes
        if not open_scopes:
            break
    return states


def opt_states(msisdn: str) -> dict[str, OptEvent]:
    """The newest opt-out event of each scope still in force for `msisdn` (none: it may be sent to).

    One query, newest first on the (msisdn, -at, -id) index.
    """
    return opt_states_fold(OptEvent.objects.filter(msisdn=msisdn).order_by("-at", "-id").iterator())


def _blocking(msisdn: str, states: dict[str, OptEvent], category: str) -> OptState | None:
    # "all" first: it is the opt-out to name when both are in force.
    for scope, event in sorted(states.items(), key=lambda item: item[0] != Scope.ALL):
        if _blocks(scope, category):
            return OptState(
                msisdn=msisdn,
                scope=scope,
                source=event.source,
                reason=event.reason,
                at=event.at,
                actor_username=event.actor_username,
            )
    return None


def opted_out(msisdn: str, *, category: str) -> OptState | None:
    """The opt-out that stops a message of `category` to `msisdn`, or None when it may go."""
    return _blocking(msisdn, opt_states(msisdn), category)


def opted_out_among(msisdns: Iterable[str], *, category: str) -> dict[str, OptState]:
    """`opted_out` for many numbers: only those a message of `category` may not go to.

    One query per CHUNK numbers, reading only numbers that have events at all (few, next to a
    campaign's audience), each number's events newest first on the (msisdn, -at, -id) index.
    """
    numbers = list(dict.fromkeys(msisdns))
    refused: dict[str, OptState] = {}
    for start in range(0, len(numbers), CHUNK):
        events = (
            OptEvent.objects.filter(msisdn__in=numbers[start : start + CHUNK])
            .only(*STATE_COLUMNS)
            .order_by("msisdn", "-at", "-id")
        )
        for msisdn, history in groupby(events.iterator(), key=attrgetter("msisdn")):
            state = _blocking(msisdn, opt_states_fold(history), category)
            if state is not None:
                refused[msisdn] = state
    return refused


def opt_out_notice(msisdn: str, *, category: str) -> dict[str, str] | None:
    """What the composer says as the number is typed, when this message would be refused."""
    state = opted_out(msisdn, category=category) if msisdn else None
    if state is None:
        return None
    what = "everything" if state.scope == Scope.ALL else "marketing messages"
    day = timezone.localtime(state.at).strftime("%Y-%m-%d")
    return {
        "state": "opted-out",
        "text": f"Opted out of {what} on {day} ({state.why()}): this message will be refused.",
    }


@dataclass(frozen=True)
class OptOutRules:
    """The opt-out settings in force, for the Settings page."""

    stop: list[str]
    stop_all: list[str]
    start: list[str]
    allow_authentication: bool


def opt_out_rules() -> OptOutRules:
    return OptOutRules(
        stop=list(settings.OPT_OUT_KEYWORDS),
        stop_all=list(settings.OPT_OUT_ALL_KEYWORDS),
        start=list(settings.OPT_IN_KEYWORDS),
        allow_authentication=settings.OPT_OUT_ALLOW_AUTHENTICATION,
    )
