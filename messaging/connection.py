"""The connection to 8x8 as the Settings page shows and tests it. Never a key or secret in full."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from chatapps.client import ConnectionCheck, get_client


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


def contacts_summary() -> dict[str, object]:
    """How typed numbers are read (Settings shows it; it comes from the environment). The stop
    words are recipients.selectors.opt_out_rules'."""
    return {"default_country": settings.CONTACTS_DEFAULT_COUNTRY}


def messaging_tier() -> str:
    """WhatsApp's daily messaging tier as Settings and the campaign check say it."""
    tier = settings.WHATSAPP_MESSAGING_TIER
    return "unlimited" if tier is None else f"{tier:,} people a day"


def connection_check(*, actor: Actor) -> ConnectionCheck:
    """Run the client's connection check and record who ran it and what it found."""
    check = get_client().check_connection()
    audit_record(
        action=AuditEntry.Action.SETTINGS_TEST,
        summary=f"Tested the 8x8 connection: {check.summary}",
        actor=actor,
        data=asdict(check),
    )
    return check
