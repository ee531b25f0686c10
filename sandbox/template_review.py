"""Meta's side of a template's life, played by the sandbox: the review of a submission, quality
ratings, and the webhooks 8x8 posts about them (type CABM: template_status_update,
template_quality_update).

Event shape (8x8's WhatsApp webhooks page): {"eventId", "timestamp", "provider": "WhatsApp",
"businessAccountId", "accountId", "eventType", "eventDetails": {"templateId", "templateName",
"templateLanguage", "meta": {"status", "reason"} | {"previousQualityScore", "newQualityScore"}}}.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone

from sandbox.config import config_get
from sandbox.http import api_timestamp
from sandbox.models import SandboxConfig, SandboxTemplate, SandboxWebhook
from sandbox.schedule import webhooks_schedule
from sandbox.webhooks import webhook_target

STATUS_EVENT = "template_status_update"
QUALITY_EVENT = "template_quality_update"
BUSINESS_ACCOUNT_ID = "104996122399160"  # the sandbox's made-up WhatsApp Business Account
TEMPLATE_ID_BASE = 900_000_000_000_000  # Meta's template ids are long numbers
# Meta's rejection reasons (WhatsApp Business Management API, message_template_status_update).
REJECT_REASONS = (
    "INVALID_FORMAT",
    "INCORRECT_CATEGORY",
    "ABUSIVE_CONTENT",
    "SCAM",
    "TAG_CONTENT_MISMATCH",
    "PROMOTIONAL",
)
QUALITY_SCORES = ("GREEN", "YELLOW", "RED")
SEPARATORS = re.compile(r"[\s,;]+")


def rejected_names(config: SandboxConfig) -> set[str]:
    return {name for name in SEPARATORS.split(config.template_reject_names) if name}


def event_body(template: SandboxTemplate, event_type: str, meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "eventId": str(uuid.uuid4()),
        "timestamp": api_timestamp(),
        "provider": "WhatsApp",
        "businessAccountId": BUSINESS_ACCOUNT_ID,
        "accountId": settings.CHATAPPS_ACCOUNT_ID,
        "eventType": event_type,
        "eventDetails": {
            "templateId": str(TEMPLATE_ID_BASE + template.pk),
            "templateName": template.name,
            "templateLanguage": template.language,
            "meta": meta,
        },
    }


def _post(template: SandboxTemplate, event_type: str, meta: dict[str, Any]) -> SandboxWebhook:
    """Record the event's webhook and post it through Celery (8x8's retries included)."""
    config = config_get()
    url, authorization = webhook_target(config)
    hook = SandboxWebhook.objects.create(
        kind=SandboxWebhook.Kind.TEMPLATE,
        url=url,
        authorization=authorization,
        body=event_body(template, event_type, meta),
    )
    if config.webhooks_enabled:
        webhooks_schedule([hook.pk])
    return hook


def template_review(*, template_id: int) -> SandboxWebhook | None:
    """Decide a pending template: rejected (with the configured reason) when its name is listed
    in the settings, else approved; post template_status_update. None when it is no longer
    pending (reviewed already, deleted): a second run changes nothing and posts nothing."""
    template = SandboxTemplate.objects.filter(pk=template_id, deleted_at__isnull=True).first()
    if template is None:
        return None
    config = config_get()
    rejected = template.name in rejected_names(config)
    status = "REJECTED" if rejected else "APPROVED"
    reason = config.template_reject_reason if rejected else ""
    moved = SandboxTemplate.objects.filter(pk=template_id, status="PENDING").update(
        status=status, reason=reason, updated_at=timezone.now()
    )
    if not moved:
        return None
    return _post(template, STATUS_EVENT, {"status": status, "reason": reason or "NONE"})


def template_quality_set(*, template: SandboxTemplate, score: str) -> SandboxWebhook:
    """Meta rates a template's quality: store it and post template_quality_update."""
    previous = template.quality or "UNKNOWN"
    SandboxTemplate.objects.filter(pk=template.pk).update(quality=score, updated_at=timezone.now())
    template.quality = score
    meta = {"previousQualityScore": previous, "newQualityScore": score}
    return _post(template, QUALITY_EVENT, meta)
