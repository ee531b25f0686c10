"""Reads: the customer-service window of a number, and the 8x8 settings as the page shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
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


@dataclass(frozen=True)
class SettingsSummary:
    """What the Settings page shows. Never the API key or a webhook secret in full."""

    region: str
    base_url: str
    is_sandbox: bool
    subaccount_id: str
    account_id: str
    channel_id: str
    api_key_set: bool
    webhook_url: str
    secret_hints: list[str]
    connect_timeout: float
    read_timeout: float


def secret_hint(secret: str) -> str:
    """At most the first 4 characters, and none of a short secret (4 of 8 would be half of it)."""
    return f"{secret[:4]}••••••••" if len(secret) >= 16 else "••••••••"


def settings_summary() -> SettingsSummary:
    base_url = settings.CHATAPPS_BASE_URL.rstrip("/")
    is_sandbox = urlsplit(base_url).path.rstrip("/").endswith("/" + settings.SANDBOX_PREFIX)
    region = settings.CHATAPPS_REGION_HOSTS.get(base_url) or (
        "Sandbox (built in)" if is_sandbox else "Custom host (not an 8x8 region)"
    )
    return SettingsSummary(
        region=region,
        base_url=base_url,
        is_sandbox=is_sandbox,
        subaccount_id=settings.CHATAPPS_SUBACCOUNT_ID,
        account_id=settings.CHATAPPS_ACCOUNT_ID,
        channel_id=settings.CHATAPPS_CHANNEL_ID,
        api_key_set=bool(settings.CHATAPPS_API_KEY.strip()),
        webhook_url=settings.PUBLIC_BASE_URL.rstrip("/") + reverse("webhooks:8x8"),
        secret_hints=[secret_hint(s) for s in settings.CHATAPPS_WEBHOOK_SECRETS if s],
        connect_timeout=settings.CHATAPPS_CONNECT_TIMEOUT,
        read_timeout=settings.CHATAPPS_READ_TIMEOUT,
    )
