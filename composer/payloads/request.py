"""The HTTP request a body becomes, shown on the composer's Request tab (API key always masked)."""

from __future__ import annotations

import json
import shlex
from typing import Any
from urllib.parse import quote

from django.conf import settings

MASKED_KEY = "****"


def messages_url() -> str:
    """8x8's single-send endpoint for the configured region and sub-account."""
    subaccount = quote(settings.CHATAPPS_SUBACCOUNT_ID, safe="")
    return f"{settings.CHATAPPS_BASE_URL}/api/v1/subaccounts/{subaccount}/messages"


def request_json(body: dict[str, Any]) -> str:
    """The body as it is POSTed, indented for reading."""
    return json.dumps(body, indent=2, ensure_ascii=False)


def curl_command(body: dict[str, Any]) -> str:
    """A copyable curl command for the body; the key is never shown, only "****"."""
    data = json.dumps(body, ensure_ascii=False)
    return (
        f"curl -X POST {shlex.quote(messages_url())} \\\n"
        f'  -H "Authorization: Bearer {MASKED_KEY}" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  -d {shlex.quote(data)}"
    )
