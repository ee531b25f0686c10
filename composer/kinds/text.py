"""Free-form text with WhatsApp formatting."""

from __future__ import annotations

from typing import Any

from composer.forms.base import ComposeForm, Spot, Tokens
from composer.forms.fields import TEXT_LIMIT, text_field
from composer.kinds.base import Kind
from composer.payloads import TemplateSpec
from composer.payloads.common import message_text, string
from messaging.models import MessageKind


class TextForm(ComposeForm):
    text = text_field(
        TEXT_LIMIT,
        label="Message",
        rows=6,
        as_typed=True,
        help_text="WhatsApp formatting works: *bold*, _italic_, ~strike~, ```monospace```.",
    )

    def locate(self, tokens: Tokens) -> Spot | None:
        return Spot(field="text") if tokens[:2] == ["content", "text"] else None


def text_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    return {"text": message_text(data.get("text"))}


def text_form_data(content: dict[str, Any]) -> dict[str, Any]:
    return {"text": string(content.get("text"))}


KIND = Kind(
    value=MessageKind.TEXT,
    icon="✎",
    description="Free-form text with WhatsApp formatting",
    form_class=TextForm,
    fields_template="composer/kinds/text.html",
    message_type="text",
    content_build=text_content,
    content_read=text_form_data,
)
