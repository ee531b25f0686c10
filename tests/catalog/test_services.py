"""templates_sync mirrors 8x8's list; template_summary says what a template needs when sent."""

from __future__ import annotations

import httpx
import pytest

from audit.models import AuditEntry
from audit.services import Actor
from catalog.models import Template
from catalog.services import template_summary, templates_sync
from chatapps.errors import AuthError
from tests.chatapps.mock8x8 import error_body, make_client
from tests.contract import contract_errors

pytestmark = pytest.mark.django_db


def item(name: str, language: str = "en", status: str = "APPROVED", **extra) -> dict:
    return {
        "channelId": "4f9478dd-b3db-475c-9e49-778d8c87046b",
        "templateName": name,
        "language": language,
        "category": extra.pop("category", "UTILITY"),
        "status": status,
        "components": extra.pop(
            "components", [{"type": "BODY", "text": f"Hello {{{{1}}}}, this is {name}."}]
        ),
        **extra,
    }


def serving(*items: dict):
    body = {"templates": list(items)}
    assert contract_errors("template_list_response", body) == []
    return make_client(lambda request: httpx.Response(200, json=body))


def test_a_first_sync_creates_every_listed_template():
    report = templates_sync(client=serving(item("order_update", "en_GB"), item("login_otp")))
    assert (report.created, report.updated, report.removed, report.unchanged) == (2, 0, 0, 0)
    stored = Template.objects.get(name="order_update", language="en_GB")
    assert (stored.category, stored.status) == ("UTILITY", "APPROVED")
    assert stored.components[0]["text"] == "Hello {{1}}, this is order_update."


def test_a_second_sync_updates_changes_and_removes_what_8x8_no_longer_lists():
    templates_sync(client=serving(item("a"), item("b"), item("c")))
    report = templates_sync(client=serving(item("a"), item("b", status="paused"), item("d")))
    assert (report.created, report.updated, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert set(Template.objects.values_list("name", "status")) == {
        ("a", "APPROVED"),
        ("b", "PAUSED"),
        ("d", "APPROVED"),
    }


def test_the_same_name_in_two_languages_is_two_templates():
    report = templates_sync(client=serving(item("promo", "en"), item("promo", "es")))
    assert report.created == 2
    assert Template.objects.filter(name="promo").count() == 2


def test_items_without_a_name_or_language_are_skipped_and_counted():
    bad = [{"templateName": "", "language": "en"}, {"templateName": "x"}, {"language": "en"}]
    report = templates_sync(
        client=make_client(lambda r: httpx.Response(200, json={"templates": [*bad, item("ok")]}))
    )
    assert (report.created, report.skipped) == (1, 3)
    assert "3 skipped" in str(report)


def test_a_repeated_item_is_stored_once():
    report = templates_sync(client=serving(item("a", status="PENDING"), item("a")))
    assert report.created == 1
    assert Template.objects.get().status == "APPROVED"


def test_a_client_error_changes_nothing():
    templates_sync(client=serving(item("keep")))
    refusing = make_client(lambda r: httpx.Response(401, json=error_body(1200, "Unauthorized")))
    with pytest.raises(AuthError):
        templates_sync(client=refusing)
    assert list(Template.objects.values_list("name", flat=True)) == ["keep"]


def test_a_sync_asked_for_by_a_person_is_audited(admin):
    templates_sync(client=serving(item("a")), actor=Actor.of(admin))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.actor == admin
    assert entry.data["created"] == 1
    assert "1 created" in entry.summary


def test_a_background_sync_is_not_audited():
    templates_sync(client=serving(item("a")))
    assert not AuditEntry.objects.exists()


def test_the_sync_task_reports_as_a_dict():
    from catalog.tasks import templates_sync_task
    from chatapps.client import reset_client, set_client

    set_client(serving(item("a")))
    try:
        assert templates_sync_task.run() == {
            "created": 1,
            "updated": 0,
            "removed": 0,
            "unchanged": 0,
            "skipped": 0,
        }
    finally:
        reset_client()


def test_summary_of_a_template_with_every_part():
    template = Template(
        name="t",
        language="en",
        components=[
            {"type": "HEADER", "format": "TEXT", "text": "Hi {{1}}"},
            {"type": "BODY", "text": "Order {{1}} ships on {{2}}; order {{1}} again."},
            {"type": "FOOTER", "text": "Shop"},
            {
                "type": "BUTTONS",
                "buttons": [
                    {"type": "QUICK_REPLY", "text": "Yes"},
                    {"type": "URL", "text": "Track", "url": "https://x.test/{{1}}"},
                ],
            },
        ],
    )
    summary = template_summary(template)
    assert (summary.header, summary.header_params, summary.body_params) == ("Text", 1, 2)
    assert summary.body.startswith("Order {{1}}")
    assert summary.parameter_text == (
        "Text header (1 value); 2 body values; buttons: quick reply “Yes”, url “Track”"
    )


def test_summary_of_media_headers_and_plain_bodies():
    image = Template(
        components=[{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "New!"}]
    )
    assert template_summary(image).parameter_text == "Image header"
    assert template_summary(Template(components=[])).parameter_text == "No parameters"
