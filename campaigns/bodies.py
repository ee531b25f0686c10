"""A campaign's message as the exact 8x8 body each recipient gets, built by the composer's builders.

A template campaign fills the template's parameters per recipient (uploaded columns first, then
the template's own mapping: contact field, attribute or fixed value, then the fallback); a
free-form campaign sends the body of a composed draft as it is. The SMS fallback goes inside
`content` (8x8's fallback sample), its {{1}}, {{2}}… taking the recipient's body values.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from catalog.models import Template
from catalog.parameters import Parameter, template_parameters_list
from chatapps.validation import validate_message
from composer.kinds import kind_get, payload_build
from composer.payloads import body_envelope, template_spec
from composer.payloads.template import TemplateSpec, template_content
from messaging.models import MessageKind

TEMPLATE = MessageKind.TEMPLATE.value
FALLBACK_PLACEHOLDER = re.compile(r"\{\{\s*(\d+)\s*\}\}")
# A number that validates as E.164, for checking a body before any recipient is known.
CHECK_MSISDN = "+6591234567"


@dataclass(frozen=True)
class Message:
    """What one campaign sends: a template with its spec, or a free-form kind and content."""

    kind: str
    template: Template | None = None
    spec: TemplateSpec | None = None
    content: dict[str, Any] | None = None
    fallback_text: str = ""
    sms_source: str = ""

    @property
    def parameters(self) -> list[Parameter]:
        return template_parameters_list(self.spec) if self.spec is not None else []

    def body(self, msisdn: str, values: dict[str, str] | None = None) -> dict[str, Any]:
        """The single-send body for `msisdn`, its template parameters taken from `values`."""
        values = values or {}
        if self.spec is not None:
            content = template_content(values, self.spec)
        else:
            content = copy.deepcopy(self.content or {})
        data = {
            "msisdn": msisdn,
            "fallback_text": fallback_fill(self.fallback_text, values),
            "sms_source": self.sms_source,
        }
        message_type = "template" if self.spec is not None else kind_get(self.kind).message_type
        return body_envelope(message_type=message_type, content=content, data=data)


def fallback_fill(text: str, values: dict[str, str]) -> str:
    """{{n}} in the SMS fallback becomes the recipient's body {{n}} value ("" when none)."""
    if not text or "{{" not in text:
        return text
    return FALLBACK_PLACEHOLDER.sub(lambda m: values.get(f"body_{m.group(1)}", ""), text)


def template_message(
    template: Template, *, fallback_text: str = "", sms_source: str = ""
) -> Message:
    return Message(
        kind=TEMPLATE,
        template=template,
        spec=template_spec(template),
        fallback_text=fallback_text,
        sms_source=sms_source,
    )


def free_form_message(
    kind: str, content: dict[str, Any], *, fallback_text: str = "", sms_source: str = ""
) -> Message:
    return Message(kind=kind, content=content, fallback_text=fallback_text, sms_source=sms_source)


def draft_content(kind: str, form_data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A draft's `content` (without its recipient and SMS fallback: the campaign has its own),
    and 8x8's problems with the body, each naming where it is."""
    data = {**form_data, "msisdn": CHECK_MSISDN, "fallback_text": ""}
    body = payload_build(kind, data)
    problems = [f"{p.path}: {p.message}" for p in validate_message(body)]
    return body.get("content", {}), problems


def body_problems(body: dict[str, Any]) -> list[str]:
    """8x8's schema and WhatsApp's limits applied to one built body (for the samples)."""
    return [f"{p.path}: {p.message}" for p in validate_message(body)]
