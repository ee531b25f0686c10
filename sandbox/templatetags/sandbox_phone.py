"""Draw a simulated phone: our messages by the shared phone renderer, the customer's as bubbles."""

from __future__ import annotations

import logging
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from phone import render_message, render_phone
from sandbox.models import SandboxTemplate
from sandbox.selectors import Phone

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def sandbox_phone(phone: Phone, templates_by_key: dict[tuple[str, str], SandboxTemplate]) -> str:
    """The phone frame around its conversation, oldest message first."""
    rendered = [
        _outbound(bubble.outbound, templates_by_key)
        if bubble.outbound is not None
        else render_to_string("sandbox/_customer_bubble.html", {"inbound": bubble.inbound})
        for bubble in phone.bubbles
    ]
    return render_phone([SafeString(item) for item in rendered], recipient=phone.number)


def _outbound(message: Any, templates_by_key: dict[tuple[str, str], SandboxTemplate]) -> str:
    status = render_to_string("sandbox/_message_status.html", {"message": message})
    return f"{_preview(message.body, _template_for(message.body, templates_by_key))}{status}"


def _preview(body: Any, registered: SandboxTemplate | None) -> str:
    return render_message(body, template=registered)


def _template_for(
    body: Any, templates_by_key: dict[tuple[str, str], SandboxTemplate]
) -> SandboxTemplate | None:
    content = body.get("content") if isinstance(body, dict) else None
    spec = content.get("template") if isinstance(content, dict) else None
    if not isinstance(spec, dict):
        return None
    return templates_by_key.get((str(spec.get("name")), str(spec.get("language"))))
