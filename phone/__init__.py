"""A WhatsApp-faithful phone preview of any 8x8 message body.

Public API:
- ``render_payload_preview(body, *, template=None, products=None, business_name=None)``: phone(s)
  for a single-send or batch body, plus the SMS fallback when ``content.fallbackText`` is set.
- ``render_sms_preview(text, encoding="AUTO", *, source="")``: the SMS bubble with its part count.
- ``render_message(body, …)`` and ``render_phone(messages, …)``: one message's bubbles, and a phone
  frame around several (the sandbox shows a conversation per recipient).
- ``message_view(body, …)``: the data behind a preview, for code that lays it out itself.

Nothing here touches the database: the caller passes the catalog template and products. Both the
composer and the sandbox draw with it, so it imports neither (import-linter holds it to that).
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString

from phone.build import message_view
from phone.interactive import Products
from phone.model import MessageView
from phone.render import (
    render_payload_preview,
    render_phone,
    render_sms_preview,
    render_view,
    safe_message_view,
)

__all__ = [
    "MessageView",
    "message_view",
    "render_message",
    "render_payload_preview",
    "render_phone",
    "render_sms_preview",
]


def render_message(
    body: Any, *, template: Any = None, products: Products = None, time: str | None = None
) -> SafeString:
    """One message's bubble, buttons and opened list, without a phone frame or SMS fallback.

    `time` is the HH:MM on the bubble (a message already sent shows when it was); now by default.
    """
    return render_view(safe_message_view(body, template=template, products=products), time=time)
