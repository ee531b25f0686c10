"""Where a template's parameters take their values from when it is sent to a contact.

A template's mapping (Template.parameter_sources) is keyed by the composer's parameter names
(chatapps.template_spec: "header_text", "body_1", "button_0"…). Each parameter may take a contact
field, a custom attribute or a fixed value, with a fallback for a contact who lacks the value.
Resolving the values for a contact is recipients.parameters' job; this module says what can be
mapped, reads and cleans the stored JSON, and saves a person's changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from catalog.models import Template
from chatapps.template_spec import (
    BODY_LIMIT,
    BUTTON_URL_LIMIT,
    COUPON,
    COUPON_CODE_LIMIT,
    HEADER_TEXT_LIMIT,
    MEDIA_URL_LIMIT,
    PAYLOAD,
    PAYLOAD_LIMIT,
    URL_SUFFIX,
    TemplateSpec,
    template_spec,
    unfilled_length,
)

FIELD = "field"
ATTRIBUTE = "attribute"
FIXED = "fixed"
SOURCES = (FIELD, ATTRIBUTE, FIXED)
# The Contact fields a parameter can take, as people name them.
CONTACT_FIELDS = {
    "name": "name",
    "msisdn": "phone number",
    "language": "language",
    "time_zone": "time zone",
}
ATTRIBUTE_KEY_LIMIT = 100


@dataclass(frozen=True)
class Parameter:
    """One parameter of a template that a mapping can fill."""

    key: str  # the composer's field name: "body_1"
    label: str  # "body {{1}}"
    context: str  # the text it goes in, or the link it completes
    limit: int  # the most characters WhatsApp leaves it, with the rest of the template
    required: bool  # False when a send may leave it empty (a reply payload; media by upload)
    media: bool = False  # a header's media link: a value must be a web address


@dataclass(frozen=True)
class Mapping:
    """Where one parameter's value comes from; `key` is the field or attribute, `value` fixed."""

    source: str
    key: str = ""
    value: str = ""
    fallback: str = ""

    def as_json(self) -> dict[str, str]:
        data = {"source": self.source, "key": self.key, "value": self.value}
        data["fallback"] = self.fallback
        return {name: text for name, text in data.items() if text or name == "source"}

    def describe(self) -> str:
        """ "from contact: name, fallback 'customer'", as the composer shows it."""
        if self.source == FIXED:
            return f"fixed: '{self.value}'"
        what = CONTACT_FIELDS.get(self.key, self.key)
        text = f"from contact: {what}" if self.source == FIELD else f"from attribute '{what}'"
        return text + (f", fallback '{self.fallback}'" if self.fallback else ", no fallback")


def template_parameters_list(template: Template | TemplateSpec) -> list[Parameter]:
    """The parameters of `template` a mapping can fill, in the order the composer shows them.

    One-time codes are never mapped (a code is made for one send), nor location headers (four
    values that go together: typed, or left for a later issue).
    """
    spec = template if isinstance(template, TemplateSpec) else template_spec(template)
    found: list[Parameter] = []
    if spec.header_format == "TEXT" and spec.header_params:
        room = HEADER_TEXT_LIMIT - unfilled_length(spec.header_text)
        found.append(Parameter("header_text", "header text", spec.header_text, room, True))
    elif spec.header_media:
        label = f"header {spec.header_media} link"
        found.append(Parameter("header_url", label, "", MEDIA_URL_LIMIT, False, media=True))
    body_room = BODY_LIMIT - unfilled_length(spec.body_text)
    for position, name in enumerate(spec.body_params, start=1):
        found.append(
            Parameter(f"body_{position}", f"body {{{{{name}}}}}", spec.body_text, body_room, True)
        )
    for button in spec.buttons:
        title = f"button {button.index + 1} “{button.text}”"
        if button.parameter == URL_SUFFIX:
            room = BUTTON_URL_LIMIT - unfilled_length(button.url)
            found.append(Parameter(button.field, f"{title} link ending", button.url, room, True))
        elif button.parameter == COUPON:
            found.append(
                Parameter(button.field, f"{title} coupon code", "", COUPON_CODE_LIMIT, True)
            )
        elif button.parameter == PAYLOAD:
            found.append(
                Parameter(button.field, f"{title} reply payload", "", PAYLOAD_LIMIT, False)
            )
    return found


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def mapping_read(raw: Any) -> Mapping | None:
    """A stored entry as a Mapping, or None when it is not one (hand-edited or from elsewhere)."""
    if not isinstance(raw, dict) or raw.get("source") not in SOURCES:
        return None
    mapping = Mapping(
        source=raw["source"],
        key=_text(raw.get("key")),
        value=_text(raw.get("value")),
        fallback=_text(raw.get("fallback")),
    )
    if mapping.source == FIELD and mapping.key not in CONTACT_FIELDS:
        return None
    if mapping.source == ATTRIBUTE and not mapping.key:
        return None
    if mapping.source == FIXED and not mapping.value:
        return None
    return mapping


def template_mapping(template: Template) -> dict[str, Mapping]:
    """The mapping in force for each parameter `template` still takes."""
    sources = template.parameter_sources if isinstance(template.parameter_sources, dict) else {}
    mappings = {}
    for parameter in template_parameters_list(template):
        mapping = mapping_read(sources.get(parameter.key))
        if mapping is not None:
            mappings[parameter.key] = mapping
    return mappings


def mapping_pruned(template: Template) -> dict[str, dict[str, str]]:
    """`parameter_sources` without the parameters the template no longer takes (after a sync)."""
    return {key: mapping.as_json() for key, mapping in template_mapping(template).items()}


@transaction.atomic
def template_mapping_save(
    *, actor: Actor, template: Template, mappings: dict[str, Mapping | None]
) -> Template:
    """Store where each parameter's value comes from (None: typed at each send); audited.

    Kept here rather than in catalog.services, beside what it validates against.
    """
    before = mapping_pruned(template)
    after = {key: mapping.as_json() for key, mapping in mappings.items() if mapping is not None}
    Template.objects.filter(pk=template.pk).update(parameter_sources=after)
    template.parameter_sources = after
    changed = {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    audit_record(
        action=AuditEntry.Action.TEMPLATE_MAPPING,
        summary=f"Changed the parameter mapping of the template {template.name} "
        f"({template.language}): {len(changed)} parameter{'s' if len(changed) != 1 else ''}",
        actor=actor,
        target=template,
        data={"changed": changed},
    )
    return template
