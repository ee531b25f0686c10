"""What the builder's pages show beside the forms: the check's figures and the three previews."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from campaigns.bodies import body_problems
from campaigns.forms import approved_template_choices
from campaigns.models import Campaign
from campaigns.presend import (
    Check,
    CheckRefused,
    Outgoing,
    campaign_check,
    duration_text,
)
from catalog.models import Template
from messaging.connection import messaging_tier
from phone import render_payload_preview


def sample_previews(check: Check) -> list[dict[str, Any]]:
    """Three recipients' phones with their own parameters, each beside its SMS fallback."""
    previews = []
    for recipient, body in check.samples():
        message = check.split_message if recipient.split else check.message
        template = message.template if message is not None else None
        phone: SafeString = render_payload_preview(body, template=template)
        previews.append(
            {
                "recipient": recipient,
                "phone": phone,
                "values": _shown(recipient),
                "problems": body_problems(body),
            }
        )
    return previews


def _shown(recipient: Outgoing) -> list[tuple[str, str]]:
    return sorted(recipient.values.items())


def check_context(campaign: Campaign) -> dict[str, Any]:
    """The check page's context; a campaign that cannot be checked says why instead."""
    context: dict[str, Any] = {
        "campaign": campaign,
        "tier": messaging_tier(),
    }
    try:
        check = campaign_check(campaign)
    except CheckRefused as refusal:
        context["refusal"] = str(refusal)
        return context
    context.update(
        check=check,
        duration=duration_text(check.duration_seconds),
        previews=sample_previews(check),
        templates=approved_template_choices(),
        free_form=check.message.spec is None,
    )
    return context


def split_apply(*, campaign: Campaign, data: Any, actor: Actor) -> str:
    """Turn the window split on (with its template) or off; "" when done, else why not."""
    if data.get("window_split") != "on":
        campaign.window_split = False
    else:
        pk = str(data.get("split_template") or "")
        template = Template.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
        if template is None or not template.is_approved:
            return "Template for those outside the window: choose an approved template."
        campaign.window_split, campaign.split_template = True, template
    campaign.save(update_fields=["window_split", "split_template", "updated_at"])
    audit_record(
        action=AuditEntry.Action.CAMPAIGN_SAVE,
        summary=f"{'Set' if campaign.window_split else 'Removed'} the window split of "
        f"“{campaign.name}”",
        actor=actor,
        target=campaign,
        data={"split_template": campaign.split_template_id if campaign.window_split else None},
    )
    return ""
