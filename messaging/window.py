"""The customer-service window: when WhatsApp delivers free-form messages to a number, worded once.

WhatsApp delivers free-form (non-template) messages only within 24 hours of the customer's last
message, or 72 hours when the conversation started from a click-to-WhatsApp ad; outside it only
approved templates reach them (Meta error 131047). Every place that tells a person about the
window, before or after sending, takes its sentence from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from messaging.models import InboundMessage

SERVICE_WINDOW = timedelta(hours=24)
# A conversation a customer starts from a click-to-WhatsApp ad stays open for 72 hours.
AD_ENTRY_WINDOW = timedelta(hours=72)

RULE = (
    "WhatsApp only delivers free-form messages within 24 hours of the customer's last message "
    "(72 hours after a click-to-WhatsApp ad); outside it, send an approved template."
)


@dataclass(frozen=True)
class WindowState:
    """Whether free-form messages reach this number now. `known` is False when it never wrote."""

    open: bool
    known: bool
    closes_at: datetime | None
    from_ad: bool


def window_state(msisdn: str, *, now: datetime | None = None) -> WindowState:
    """24 h from the customer's newest message, or 72 h from their newest ad-started one.

    The later of the two wins: a customer who writes again a day after clicking an ad does not
    shorten the 72-hour window the ad opened.
    """
    inbound = InboundMessage.objects.filter(msisdn=msisdn).order_by("-received_at", "-id")
    newest = inbound.values_list("received_at", flat=True).first()
    if newest is None:
        return window_from(None, None, now=now)
    newest_ad = inbound.filter(from_ad=True).values_list("received_at", flat=True).first()
    return window_from(newest, newest_ad, now=now)


def window_from(
    newest: datetime | None, newest_ad: datetime | None, *, now: datetime | None = None
) -> WindowState:
    """The window given the newest message and the newest ad-started one (a page reads both for
    many numbers in one query, then asks here, so the rule is still written once)."""
    if newest is None:
        return WindowState(open=False, known=False, closes_at=None, from_ad=False)
    now = now or timezone.now()
    closes_at = newest + SERVICE_WINDOW
    from_ad = False
    if newest_ad is not None and newest_ad + AD_ENTRY_WINDOW > closes_at:
        closes_at, from_ad = newest_ad + AD_ENTRY_WINDOW, True
    return WindowState(open=now < closes_at, known=True, closes_at=closes_at, from_ad=from_ad)


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "?"


def window_refusal(msisdn: str) -> str | None:
    """None when free-form may go out to `msisdn` now; otherwise the sentence saying why not."""
    state = window_state(msisdn)
    if state.open:
        return None
    if not state.known:
        return (
            f"{msisdn} has never written to us, so there is no open customer-service window. {RULE}"
        )
    return f"The customer-service window with {msisdn} closed at {_local(state.closes_at)}. {RULE}"


def window_notice(msisdn: str, *, free_form: bool) -> dict[str, str] | None:
    """What the composer says about the recipient's window as the number is typed.

    Shown before sending, so nobody learns only afterwards that WhatsApp will refuse a free-form
    message (Meta 131047). None when there is no number yet.
    """
    if not msisdn:
        return None
    state = window_state(msisdn)
    if state.open:
        why = (
            "72 h after a click-to-WhatsApp ad"
            if state.from_ad
            else "24 h after their last message"
        )
        return {
            "state": "open",
            "text": f"Service window open until {_local(state.closes_at)} ({why}).",
        }
    if not free_form:
        return {"state": "template", "text": "No open service window: templates still reach them."}
    if state.known:
        return {
            "state": "closed",
            "text": "Service window closed: WhatsApp will refuse free-form messages; "
            "send a template.",
        }
    return {
        "state": "closed",
        "text": "This number has never written to us: only templates reach it.",
    }
