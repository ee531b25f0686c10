"""What a template's mapping can fill, how stored mappings are read, kept across syncs and saved."""

from __future__ import annotations

import httpx
import pytest

from audit.models import AuditEntry
from audit.services import Actor
from catalog.models import Template
from catalog.parameters import (
    Mapping,
    mapping_read,
    template_mapping,
    template_mapping_save,
    template_parameters_list,
)
from catalog.services import templates_sync
from tests.chatapps.mock8x8 import make_client
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

EVERY_PART = [
    {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
    {"type": "BODY", "text": "Hi {{1}}, your {{2}} ships today."},
    {
        "type": "BUTTONS",
        "buttons": [
            {"type": "URL", "text": "Track", "url": "https://shop.example/t/{{1}}"},
            {"type": "COPY_CODE", "text": "Copy code"},
            {"type": "QUICK_REPLY", "text": "Thanks"},
            {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+6561234567"},
        ],
    },
]


def test_every_fillable_parameter_is_listed_with_its_room_under_whatsapps_limits():
    parameters = template_parameters_list(TemplateFactory(components=EVERY_PART))
    assert [(p.key, p.label, p.limit, p.required) for p in parameters] == [
        ("header_text", "header text", 60 - len("Order "), True),
        ("body_1", "body {{1}}", 1024 - len("Hi , your  ships today."), True),
        ("body_2", "body {{2}}", 1024 - len("Hi , your  ships today."), True),
        ("button_0", "button 1 “Track” link ending", 2000 - len("https://shop.example/t/"), True),
        ("button_1", "button 2 “Copy code” coupon code", 20, True),
        ("button_2", "button 3 “Thanks” reply payload", 256, False),
    ]


def test_one_time_codes_and_locations_are_never_mapped_and_media_needs_a_link():
    otp = TemplateFactory(
        components=[
            {"type": "HEADER", "format": "LOCATION"},
            {"type": "BODY", "text": "{{1}} is your code."},
            {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]},
        ]
    )
    assert [p.key for p in template_parameters_list(otp)] == ["body_1"]
    image = TemplateFactory(components=[{"type": "HEADER", "format": "IMAGE"}])
    (header,) = template_parameters_list(image)
    assert (header.key, header.media, header.required) == ("header_url", True, False)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "name",
        {"source": "contact"},
        {"source": "field", "key": "email"},
        {"source": "attribute", "key": "  "},
        {"source": "fixed"},
    ],
)
def test_a_stored_entry_that_is_not_a_mapping_is_ignored(raw):
    assert mapping_read(raw) is None


def test_a_mapping_says_where_its_value_comes_from():
    assert Mapping("field", "name", fallback="customer").describe() == (
        "from contact: name, fallback 'customer'"
    )
    assert Mapping("attribute", "tier").describe() == "from attribute 'tier', no fallback"
    assert Mapping("fixed", value="SALE10").describe() == "fixed: 'SALE10'"


def test_only_mappings_of_parameters_the_template_takes_are_in_force():
    template = TemplateFactory(
        parameter_sources={
            "body_1": {"source": "field", "key": "name", "fallback": "there"},
            "body_2": {"source": "fixed", "value": "gone"},
        }
    )
    assert template_mapping(template) == {"body_1": Mapping("field", "name", fallback="there")}


def serving(components: list) -> object:
    body = {
        "templates": [
            {"templateName": "order_update", "language": "en", "category": "UTILITY",
             "status": "APPROVED", "components": components}
        ]
    }  # fmt: skip
    return make_client(lambda request: httpx.Response(200, json=body))


def test_a_sync_keeps_the_mapping_and_drops_parameters_the_template_no_longer_takes():
    two = [{"type": "BODY", "text": "Hi {{1}}, your {{2}} ships today."}]
    templates_sync(client=serving(two))
    mapping = {
        "body_1": {"source": "field", "key": "name", "fallback": "there"},
        "body_2": {"source": "attribute", "key": "item"},
    }
    Template.objects.update(parameter_sources=mapping)
    templates_sync(client=serving([*two, {"type": "FOOTER", "text": "Thanks"}]))
    assert Template.objects.get().parameter_sources == mapping
    templates_sync(client=serving([{"type": "BODY", "text": "Hi {{1}}."}]))
    assert Template.objects.get().parameter_sources == {"body_1": mapping["body_1"]}


def test_saving_a_mapping_is_audited_with_what_changed(marketer):
    template = TemplateFactory(parameter_sources={"body_1": {"source": "fixed", "value": "you"}})
    template_mapping_save(
        actor=Actor.of(marketer),
        template=template,
        mappings={"body_1": Mapping("attribute", "first_name", fallback="there")},
    )
    template.refresh_from_db()
    after = {"source": "attribute", "key": "first_name", "fallback": "there"}
    assert template.parameter_sources == {"body_1": after}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TEMPLATE_MAPPING)
    assert entry.actor == marketer
    assert entry.data["changed"] == {
        "body_1": {"before": {"source": "fixed", "value": "you"}, "after": after}
    }
    assert template.name in entry.summary
