"""Reads over what 8x8 told us: the customer-service window of a number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from chatapps.models import InboundMessage

SERVICE_WINDOW = timedelta(hours=24)
# A conversation a customer starts from a click-to-WhatsApp ad stays open for 72 hours.
AD_ENTRY_WINDOW = timedelta(hours=72)


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
    now = now or timezone.now()
    inbound = InboundMessage.objects.filter(msisdn=msisdn).order_by("-received_at", "-id")
    newest = inbound.values_list("received_at", flat=True).first()
    if newest is None:
        return WindowState(open=False, known=False, closes_at=None, from_ad=False)
    closes_at = newest + SERVICE_WINDOW
    from_ad = False
    newest_ad = inbound.filter(from_ad=True).values_list("received_at", flat=True).first()
    if newest_ad is not None and newest_ad + AD_ENTRY_WINDOW > closes_at:
        closes_at, from_ad = newest_ad + AD_ENTRY_WINDOW, True
    return WindowState(open=now < closes_at, known=True, closes_at=closes_at, from_ad=from_ad)
