"""Lay MessageViews out as phone-style HTML through the templates/phone/_phone*.html files."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from phone.build import batch_messages, message_view, recipient
from phone.interactive import Products
from phone.model import MessageView
from phone.sms import sms_segments

logger = logging.getLogger(__name__)

DEFAULT_BUSINESS_NAME = "Your business"


def clock() -> str:
    """The time shown in the status bar and on bubbles, always HH:MM."""
    return timezone.localtime().strftime("%H:%M")


def safe_message_view(body: Any, *, template: Any, products: Products) -> MessageView:
    """message_view, but a bug shows as a note in the preview instead of failing the page."""
    try:
        return message_view(body, template=template, products=products)
    except Exception:  # the composer previews every keystroke: never turn a preview into a 500
        logger.exception("Could not build a message preview")
        return MessageView(notes=["This message cannot be previewed"])


def render_view(view: MessageView, *, time: str | None = None) -> SafeString:
    return _render("phone/_phone_message.html", {"view": view, "time": time or clock()})


def render_phone(
    messages: Iterable[SafeString],
    *,
    business_name: str | None = None,
    recipient: str = "",
    time: str | None = None,
) -> SafeString:
    """A phone frame (status bar, chat header, wallpaper) around already rendered messages."""
    name = (business_name or "").strip() or _default_business_name()
    return _render(
        "phone/_phone.html",
        {
            "messages": list(messages),
            "business_name": name,
            "initial": name[:1].upper(),
            "recipient": recipient,
            "time": time or clock(),
        },
    )


def render_sms_preview(text: str, encoding: str = "AUTO", *, source: str = "") -> SafeString:
    """The SMS fallback as a phone's SMS app shows it, with the part count from phone.sms."""
    text = str(text or "")
    count = sms_segments(text, encoding)
    return _render(
        "phone/_preview_sms.html",
        {"text": text, "count": count, "source": str(source or "").strip(), "time": clock()},
    )


def render_payload_preview(
    body: Any,
    *,
    template: Any = None,
    products: Products = None,
    business_name: str | None = None,
) -> SafeString:
    """One phone per message (a batch body gives one per recipient), with any SMS fallback."""
    time = clock()
    messages = batch_messages(body)
    items = []
    for message in messages if messages is not None else [body]:
        view = safe_message_view(message, template=template, products=products)
        to = recipient(message)
        phone = render_phone(
            [render_view(view, time=time)], business_name=business_name, recipient=to, time=time
        )
        sms = None
        if view.fallback_text is not None:
            sms = render_sms_preview(
                view.fallback_text, view.fallback_encoding, source=view.fallback_source
            )
        items.append({"phone": phone, "sms": sms})
    return _render("phone/_preview.html", {"items": items})


def _default_business_name() -> str:
    return str(getattr(settings, "CHATAPPS_BUSINESS_NAME", "") or DEFAULT_BUSINESS_NAME)


def _render(template_name: str, context: dict[str, Any]) -> SafeString:
    # Templates autoescape every plain string; the result is safe by construction.
    return mark_safe(render_to_string(template_name, context).strip())  # noqa: S308
