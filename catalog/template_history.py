"""A template's status and quality as 8x8 reports them, and the history of their changes.

Three things move a template's status: a submission here (PENDING), 8x8's template webhooks
(template_status_update, template_quality_update) and the template sync, which reconciles anything
changed elsewhere (8x8 Connect, Meta's WhatsApp Manager, a webhook that never came). Each change
is kept as a TemplateStatusChange row; a repeat of the current status adds nothing, so a webhook
retried or replayed leaves one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from catalog.models import Template, TemplateStatusChange

Source = TemplateStatusChange.Source
# Meta sends reason "NONE" with an approval: nothing to show.
NO_REASON = {"", "NONE", "NULL"}


def _reason(value: str) -> str:
    return "" if value.strip().upper() in NO_REASON else value.strip()[:200]


def history_record(
    template: Template,
    *,
    source: str,
    status: str = "",
    reason: str = "",
    quality: str = "",
    at: datetime | None = None,
) -> TemplateStatusChange:
    return TemplateStatusChange.objects.create(
        template=template,
        name=template.name,
        language=template.language,
        status=status,
        reason=reason,
        quality=quality,
        source=source,
        at=at or timezone.now(),
    )


@transaction.atomic
def template_status_apply(
    *, name: str, language: str, status: str, reason: str = "", at: datetime | None = None
) -> int:
    """A template_status_update: set the status (and reason) of the template in that language,
    or in every language when none is named. Returns how many templates 8x8 named are here."""
    templates = Template.objects.select_for_update().filter(name=name)
    if language:
        templates = templates.filter(language=language)
    found = list(templates)
    status, reason = status.upper()[:30], _reason(reason)
    for template in found:
        if (template.status, template.reason) == (status, reason):
            continue  # a retried or replayed event
        Template.objects.filter(pk=template.pk).update(
            status=status, reason=reason, synced_at=timezone.now()
        )
        history_record(template, source=Source.WEBHOOK, status=status, reason=reason, at=at)
    return len(found)


@transaction.atomic
def template_quality_apply(
    *, name: str, language: str, quality: str, at: datetime | None = None
) -> int:
    """A template_quality_update: the new quality score. Returns how many templates matched."""
    templates = Template.objects.select_for_update().filter(name=name)
    if language:
        templates = templates.filter(language=language)
    found = list(templates)
    quality = quality.upper()[:30]
    for template in found:
        if template.quality == quality:
            continue
        Template.objects.filter(pk=template.pk).update(quality=quality)
        history_record(template, source=Source.WEBHOOK, quality=quality, at=at)
    return len(found)


def sync_history_record(changed: Iterable[tuple[str, str, str]]) -> None:
    """History rows for the (name, language, status) a sync brought in or changed."""
    wanted = {(name, language): status for name, language, status in changed}
    if not wanted:
        return
    names = {name for name, _ in wanted}
    now = timezone.now()
    rows = [
        TemplateStatusChange(
            template=template,
            name=template.name,
            language=template.language,
            status=wanted[(template.name, template.language)],
            source=Source.SYNC,
            at=now,
        )
        for template in Template.objects.filter(name__in=names).only("name", "language")
        if (template.name, template.language) in wanted
    ]
    TemplateStatusChange.objects.bulk_create(rows)


def template_history(template: Template) -> list[TemplateStatusChange]:
    """Every change of this template's name and language, newest first (survives re-creation)."""
    return list(
        TemplateStatusChange.objects.filter(name=template.name, language=template.language)[:200]
    )
