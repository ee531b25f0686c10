"""The registry follows 8x8's template webhooks and the sync, and keeps each status change."""

from __future__ import annotations

import pytest

from catalog.models import Template, TemplateStatusChange
from catalog.services import templates_sync
from messaging import enqueue
from messaging.intake import webhook_event_apply, webhook_events_store
from tests.chatapps.events import template_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)


def apply(body: dict) -> str | None:
    events, _ = webhook_events_store(body=body)
    return webhook_event_apply(event_id=events[0].id)


def rejected(name: str, reason: str) -> dict:
    body = template_status(name=name, language="en", status="REJECTED")
    body["eventDetails"]["meta"]["reason"] = reason
    return body


def quality(name: str, score: str) -> dict:
    body = template_status(name=name, language="en", status="")
    body["eventType"] = "template_quality_update"
    body["eventDetails"]["meta"] = {"previousQualityScore": "UNKNOWN", "newQualityScore": score}
    return body


def history() -> list[tuple[str, str, str, str]]:
    rows = TemplateStatusChange.objects.order_by("at", "id")
    return list(rows.values_list("status", "reason", "quality", "source"))


def test_a_rejection_keeps_its_reason_on_the_template_and_in_its_history():
    Template.objects.create(name="spring_sale", language="en", status="PENDING")

    assert apply(rejected("spring_sale", "INCORRECT_CATEGORY")) == "applied"

    template = Template.objects.get()
    assert (template.status, template.reason) == ("REJECTED", "INCORRECT_CATEGORY")
    assert history() == [("REJECTED", "INCORRECT_CATEGORY", "", "webhook")]


def test_an_approval_after_a_pause_clears_the_reason_and_adds_a_row():
    Template.objects.create(name="notice", language="en", status="PAUSED", reason="LOW_QUALITY")

    apply(template_status(name="notice", language="en", status="APPROVED"))

    assert Template.objects.get().reason == ""  # Meta's "NONE" is no reason
    assert history() == [("APPROVED", "", "", "webhook")]


def test_the_same_status_again_adds_no_history():
    Template.objects.create(name="notice", language="en", status="PENDING")

    apply(template_status(name="notice", language="en", status="APPROVED"))
    apply(template_status(name="notice", language="en", status="APPROVED"))  # another eventId

    assert len(history()) == 1


def test_a_quality_update_sets_the_quality_and_is_kept():
    Template.objects.create(name="notice", language="en", status="APPROVED")

    assert apply(quality("notice", "YELLOW")) == "applied"

    assert Template.objects.get().quality == "YELLOW"
    assert history() == [("", "", "YELLOW", "webhook")]


def test_a_quality_update_for_an_unknown_template_is_ignored_with_a_reason():
    assert apply(quality("nobody", "RED")) == "ignored"
    assert not TemplateStatusChange.objects.exists()


class ListingClient:
    """Stands in for the 8x8 client: the sync only calls list_templates()."""

    def __init__(self, items: list[dict]) -> None:
        self.items = items

    def list_templates(self) -> list[dict]:
        return self.items


def item(name: str, status: str) -> dict:
    return {"templateName": name, "language": "en", "status": status, "category": "UTILITY"}


def test_the_sync_records_templates_it_brings_in_and_statuses_changed_elsewhere():
    templates_sync(client=ListingClient([item("a", "APPROVED"), item("b", "PENDING")]))
    templates_sync(client=ListingClient([item("a", "APPROVED"), item("b", "REJECTED")]))

    rows = TemplateStatusChange.objects.order_by("id").values_list("name", "status", "source")
    assert list(rows) == [
        ("a", "APPROVED", "sync"),
        ("b", "PENDING", "sync"),
        ("b", "REJECTED", "sync"),
    ]


def test_history_outlives_the_template():
    template = Template.objects.create(name="gone", language="en", status="PENDING")
    apply(template_status(name="gone", language="en", status="APPROVED"))

    template.delete()

    change = TemplateStatusChange.objects.get()
    assert (change.template, change.name, change.status) == (None, "gone", "APPROVED")
