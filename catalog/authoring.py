"""Template authoring: a builder draft into 8x8's create request, submitted and deleted through
8x8's template API, copied into a new version, and drawn as the phone would show it.

A submission is stored here at once as PENDING (so the registry shows it while Meta reviews it);
8x8's template_status_update webhook, or the next sync, moves it on (catalog.template_history).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.db import transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from catalog.models import Template, TemplateStatusChange
from catalog.template_history import history_record
from catalog.template_lint import DraftButton, TemplateDraft, parameters
from catalog.template_rules import MEDIA_HEADERS, auth_footer
from chatapps.client import ChatAppsClient, get_client
from chatapps.errors import ChatAppsError, NotFoundError, UnknownOutcomeError

PENDING = "PENDING"
PREVIEW_MSISDN = "+6500000000"  # the preview's made-up recipient: nothing is sent to it
VERSION = re.compile(r"^(?P<stem>.*?)_v(?P<n>\d+)$")


# -- the 8x8 create request ----------------------------------------------------------------------


def _button_body(button: DraftButton) -> dict[str, Any]:
    body: dict[str, Any] = {"type": button.type, "text": button.text}
    if button.type == "URL":
        body["url"] = button.url
        if parameters(button.url):
            body["example"] = [button.sample]
    elif button.type == "PHONE_NUMBER":
        body["phoneNumber"] = button.phone
    elif button.type == "COPY_CODE":
        body["example"] = [button.sample]
    elif button.type == "OTP":
        # Meta's names for the OTP button's fields; 8x8 passes the component through.
        body["otp_type"] = button.otp_type
        if button.otp_type == "ONE_TAP":
            body["package_name"] = button.package_name
            body["signature_hash"] = button.signature_hash
    return body


def create_body(draft: TemplateDraft) -> dict[str, Any]:
    """8x8's "add WhatsApp template" request body (components with `examples`, OAS spelling)."""
    components: list[dict[str, Any]] = []
    if draft.header_format == "TEXT":
        header: dict[str, Any] = {"type": "HEADER", "format": "TEXT", "text": draft.header_text}
        if parameters(draft.header_text):
            header["examples"] = [draft.header_sample]
        components.append(header)
    elif draft.header_format in MEDIA_HEADERS:
        components.append(
            {"type": "HEADER", "format": draft.header_format, "examples": [draft.header_sample]}
        )
    elif draft.header_format == "LOCATION":
        components.append({"type": "HEADER", "format": "LOCATION"})
    body: dict[str, Any] = {"type": "BODY", "text": draft.body}
    samples = [s for s in draft.body_samples if s.strip()]
    if draft.is_auth:
        body["add_security_recommendation"] = draft.add_security_recommendation
    elif samples:
        body["examples"] = samples
    components.append(body)
    if draft.is_auth and draft.code_expiration_minutes:
        components.append(
            {"type": "FOOTER", "code_expiration_minutes": draft.code_expiration_minutes}
        )
    elif draft.footer:
        components.append({"type": "FOOTER", "text": draft.footer})
    if draft.buttons:
        components.append({"type": "BUTTONS", "buttons": [_button_body(b) for b in draft.buttons]})
    return {
        "name": draft.name,
        "language": draft.language,
        "category": draft.category,
        "components": components,
    }


def list_components(draft: TemplateDraft) -> list[dict[str, Any]]:
    """The draft in 8x8's template-list shape, as the registry and the phone preview read it."""
    components: list[dict[str, Any]] = []
    if draft.header_format == "TEXT":
        components.append(
            {
                "type": "HEADER",
                "format": "TEXT",
                "text": draft.header_text,
                "example": {"headerText": [draft.header_sample]},
            }
        )
    elif draft.header_format:
        header: dict[str, Any] = {"type": "HEADER", "format": draft.header_format}
        if draft.header_format in MEDIA_HEADERS:
            header["example"] = {"headerHandle": [draft.header_sample]}
        components.append(header)
    samples = [s for s in draft.body_samples if s.strip()]
    components.append({"type": "BODY", "text": draft.body, "example": {"bodyText": samples}})
    footer = auth_footer(draft.code_expiration_minutes) if draft.is_auth else draft.footer
    if footer:
        components.append({"type": "FOOTER", "text": footer})
    if draft.buttons:
        buttons = []
        for button in draft.buttons:
            item = _button_body(button)
            if button.type == "OTP":
                item["otpType"] = item.pop("otp_type")
            buttons.append(item)
        components.append({"type": "BUTTONS", "buttons": buttons})
    return components


# -- the preview ---------------------------------------------------------------------------------


def preview_payload(draft: TemplateDraft) -> dict[str, Any]:
    """A template send of the draft filled with its samples: what the phone preview draws."""
    sent: list[dict[str, Any]] = []
    if draft.header_format == "TEXT" and parameters(draft.header_text):
        sent.append(
            {"type": "header", "parameters": [{"type": "text", "text": draft.header_sample}]}
        )
    elif draft.header_format in MEDIA_HEADERS and draft.header_sample:
        kind = draft.header_format.lower()
        sent.append({"type": "header", "parameters": [{"type": kind, "url": draft.header_sample}]})
    samples = [s for s in draft.body_samples if s.strip()]
    if draft.is_auth:
        samples = samples or ["123456"]
    if samples:
        sent.append({"type": "body", "parameters": [{"type": "text", "text": s} for s in samples]})
    for index, button in enumerate(draft.buttons):
        value = button.sample or ("123456" if button.type == "OTP" else "")
        if value:
            sent.append(
                {
                    "type": "button",
                    "subType": "copyCode" if button.type == "COPY_CODE" else "url",
                    "index": index,
                    "parameters": [{"type": "text", "text": value}],
                }
            )
    template = {"name": draft.name, "language": draft.language, "components": sent}
    return {
        "user": {"msisdn": PREVIEW_MSISDN},
        "type": "template",
        "content": {"template": template},
    }


# -- submit and delete ---------------------------------------------------------------------------


class SubmitRefused(Exception):
    """8x8 refused the submission: the builder field it is about ("" for the whole form)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def submit_refusal(exc: ChatAppsError) -> SubmitRefused:
    """Which field 8x8's refusal is about, and what to tell the person."""
    said = f' 8x8 said: "{exc.message}"' if exc.http_status is not None else ""
    text = exc.message.lower()
    if exc.code == 3032 and ("header" in text or "example" in text or "sample" in text):
        return SubmitRefused("header_sample", f"header sample is missing (8x8 3032).{said}")
    if "already exists" in text or exc.code == 3060 or exc.http_status == 409:
        return SubmitRefused(
            "name", f"name is taken at 8x8: choose another, or make a new version.{said}"
        )
    if exc.code in (3031, 3032):
        return SubmitRefused("name", f"name was refused (8x8 {exc.code}).{said}")
    if exc.code in (3036, 3037):
        return SubmitRefused("language", f"language was refused (8x8 {exc.code}).{said}")
    if isinstance(exc, UnknownOutcomeError):
        return SubmitRefused(
            "", "8x8 may have received it but did not answer: sync templates before trying again."
        )
    return SubmitRefused("", f"8x8 refused the template. {exc.explanation}{said}")


def template_submit(
    *, actor: Actor, draft: TemplateDraft, client: ChatAppsClient | None = None
) -> Template:
    """Create the template at 8x8 and keep it here as PENDING; raises SubmitRefused.

    The network call comes first and outside any transaction: nothing is stored for a template
    8x8 refused, and no lock is held while it answers.
    """
    body = create_body(draft)
    try:
        (client or get_client()).create_template(body)
    except ChatAppsError as exc:
        raise submit_refusal(exc) from exc
    with transaction.atomic():
        template, _ = Template.objects.update_or_create(
            name=draft.name,
            language=draft.language,
            defaults={
                "category": draft.category,
                "status": PENDING,
                "reason": "",
                "quality": "",
                "components": list_components(draft),
            },
        )
        history_record(template, source=TemplateStatusChange.Source.SUBMITTED, status=PENDING)
        audit_record(
            action=AuditEntry.Action.TEMPLATE_SUBMIT,
            summary=f"Submitted the template {draft.name} ({draft.language}) to 8x8",
            actor=actor,
            target=template,
            data={"request": body},
        )
    return template


def template_remove(
    *, actor: Actor, template: Template, client: ChatAppsClient | None = None
) -> int:
    """Delete the template at 8x8 (every language of the name, as 8x8 does) and here.

    Raises ChatAppsError when 8x8 refuses; one 8x8 no longer has is removed here all the same.
    """
    with contextlib.suppress(NotFoundError):
        (client or get_client()).delete_template(template.name)
    with transaction.atomic():
        rows = list(Template.objects.filter(name=template.name))
        for row in rows:
            history_record(row, source=TemplateStatusChange.Source.SUBMITTED, status="DELETED")
        audit_record(
            action=AuditEntry.Action.TEMPLATE_DELETE,
            summary=f"Deleted the template {template.name} at 8x8",
            actor=actor,
            target=template,
            data={"languages": [row.language for row in rows]},
        )
        Template.objects.filter(name=template.name).delete()
    return len(rows)


# -- new version ---------------------------------------------------------------------------------


def next_version_name(name: str) -> str:
    """order_ready -> order_ready_v2 -> order_ready_v3, free here of any template of that name."""
    match = VERSION.match(name)
    stem, number = (match["stem"], int(match["n"]) + 1) if match else (name, 2)
    taken = set(Template.objects.filter(name__startswith=stem).values_list("name", flat=True))
    while f"{stem}_v{number}" in taken:
        number += 1
    return f"{stem}_v{number}"[:512]


def draft_from_template(template: Template) -> TemplateDraft:
    """A registered template as a builder draft (the start of its new version)."""
    draft = TemplateDraft(
        name=next_version_name(template.name),
        language=template.language,
        category=template.category.upper(),
    )
    for component in template.components:
        kind = str(component.get("type", "")).upper()
        example = component.get("example") if isinstance(component.get("example"), dict) else {}
        if kind == "HEADER":
            draft.header_format = str(component.get("format") or "TEXT").upper()
            draft.header_text = str(component.get("text") or "")
            handles = example.get("headerText") or example.get("headerHandle") or []
            handles = handles or component.get("examples") or []
            draft.header_sample = str(handles[0]) if handles else ""
        elif kind == "BODY":
            draft.body = str(component.get("text") or "")
            samples = example.get("bodyText") or component.get("examples") or []
            if samples and isinstance(samples[0], list):
                samples = samples[0]  # Meta nests one list per sample set
            draft.body_samples = [str(s) for s in samples]
            draft.add_security_recommendation = bool(component.get("add_security_recommendation"))
        elif kind == "FOOTER":
            draft.footer = str(component.get("text") or "")
        elif kind == "BUTTONS":
            draft.buttons = [_draft_button(b) for b in component.get("buttons") or [] if b]
    if draft.is_auth:
        draft.footer = ""
    return draft


def _draft_button(button: dict[str, Any]) -> DraftButton:
    examples = button.get("example") or button.get("examples") or []
    return DraftButton(
        type=str(button.get("type", "")).upper(),
        text=str(button.get("text") or ""),
        url=str(button.get("url") or ""),
        sample=str(examples[0]) if isinstance(examples, list) and examples else "",
        phone=str(button.get("phoneNumber") or ""),
        otp_type=str(button.get("otpType") or button.get("otp_type") or "COPY_CODE").upper(),
        package_name=str(button.get("package_name") or ""),
        signature_hash=str(button.get("signature_hash") or ""),
    )
