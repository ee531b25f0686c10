"""The pre-send check: each exclusion reason, the window split, quiet hours, duration and tier."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.presend import CheckRefused, campaign_check, duration_text, quiet_until
from messaging.models import MessageStatus
from tests.campaigns.conftest import (
    list_campaign,
    members,
    numbers,
    opt_out,
    upload_campaign,
)
from tests.factories import InboundMessageFactory, OutboundMessageFactory, TemplateFactory

pytestmark = pytest.mark.django_db


def test_everyone_sendable_is_counted_and_nobody_is_excluded(template):
    check = campaign_check(list_campaign(template, members("All", numbers(5))))
    assert (check.audience, check.sendable, check.excluded_count) == (5, 5, 0)


def test_an_opted_out_number_is_excluded_as_opted_out(template):
    people = numbers(4)
    opt_out(people[1])
    check = campaign_check(list_campaign(template, members("All", people)))
    assert check.excluded == {"opted_out": 1}
    assert check.examples["opted_out"] == [people[1]]
    assert people[1] not in [r.msisdn for r in check.recipients]


def test_invalid_numbers_and_duplicates_in_an_upload_are_excluded(template):
    csv = "phone,name\n+6581000001,A\nnot a number,B\n+65 8100 0001,C\n+6581000002,D\n"
    check = campaign_check(upload_campaign(template, csv))
    assert check.audience == 4
    assert check.excluded == {"invalid_number": 1, "duplicate": 1}
    assert [r.msisdn for r in check.recipients] == ["+6581000001", "+6581000002"]


def test_a_number_undelivered_in_the_last_30_days_is_excluded(template):
    people = numbers(3)
    OutboundMessageFactory(msisdn=people[0], status=MessageStatus.UNDELIVERED)
    old = OutboundMessageFactory(msisdn=people[1], status=MessageStatus.UNDELIVERED)
    long_ago = timezone.now() - timedelta(days=40)
    type(old).objects.filter(pk=old.pk).update(updated_at=long_ago, failed_at=long_ago)
    check = campaign_check(list_campaign(template, members("All", people)))
    assert check.excluded == {"undeliverable_recently": 1}
    assert check.examples["undeliverable_recently"] == [people[0]]


def test_a_parameter_without_value_or_fallback_excludes_the_recipient(document_template):
    csv = "phone,document,first_name\n+6581000001,https://example.com/a.pdf,Ann\n+6581000002,https://example.com/b.pdf,\n"
    campaign = upload_campaign(document_template, csv)
    campaign.column_map = {"header_url": "document", "body_1": "first_name"}
    campaign.save()
    check = campaign_check(campaign)
    assert check.excluded == {"missing_parameter": 1}
    assert check.missing == {"body {{1}}": 1}


def test_per_recipient_csv_values_reach_each_body(document_template):
    csv = "phone,document,first_name\n+6581000001,https://example.com/a.pdf,Ann\n+6581000002,https://example.com/b.pdf,Bo\n"
    campaign = upload_campaign(document_template, csv)
    campaign.column_map = {"header_url": "document", "body_1": "first_name"}
    campaign.save()
    bodies = {msisdn: body for _, msisdn, body, _ in campaign_check(campaign).outgoing()}
    components = bodies["+6581000002"]["content"]["template"]["components"]
    assert {
        "type": "header",
        "parameters": [{"type": "document", "url": "https://example.com/b.pdf"}],
    } in components
    assert {"type": "body", "parameters": [{"type": "text", "text": "Bo"}]} in components
    assert bodies["+6581000001"]["user"] == {"msisdn": "+6581000001"}


def test_the_templates_own_mapping_fills_a_list_audience(template):
    check = campaign_check(list_campaign(template, members("All", ["+6581000007"])))
    body = next(check.outgoing())[2]
    assert body["content"]["template"]["components"] == [
        {"type": "body", "parameters": [{"type": "text", "text": "Customer 0007"}]}
    ]


def test_the_sms_fallback_goes_inside_content_with_the_recipients_values(template):
    campaign = list_campaign(
        template, members("All", ["+6581000007"]), sms_fallback_text="Hi {{1}}: 20% off"
    )
    content = next(campaign_check(campaign).outgoing())[2]["content"]
    assert content["fallbackText"] == "Hi Customer 0007: 20% off"
    assert content["sms"] == {"encoding": "AUTO"}


def free_form_campaign(contact_list, **fields) -> Campaign:
    return Campaign.objects.create(
        name="Replies",
        message_source=Campaign.MessageSource.FREE_FORM,
        free_form_kind="text",
        free_form_payload={"text": "Thanks for writing!"},
        contact_list=contact_list,
        **fields,
    )


def test_free_form_excludes_those_outside_their_window(db):
    people = numbers(3)
    InboundMessageFactory(msisdn=people[0])
    InboundMessageFactory(msisdn=people[1], received_at=timezone.now() - timedelta(hours=30))
    check = campaign_check(free_form_campaign(members("All", people)))
    assert [r.msisdn for r in check.recipients] == [people[0]]
    assert check.excluded == {"window_closed": 2}
    assert check.outside_window == 2
    assert next(check.outgoing())[:2] == ("text", people[0])


def test_window_split_sends_the_template_to_those_outside_their_window(template):
    people = numbers(3)
    InboundMessageFactory(msisdn=people[0])
    campaign = free_form_campaign(
        members("All", people), window_split=True, split_template=template
    )
    check = campaign_check(campaign)
    assert check.excluded_count == 0
    assert check.split_count == 2
    kinds = {msisdn: (kind, body["type"]) for kind, msisdn, body, _ in check.outgoing()}
    assert kinds[people[0]] == ("text", "text")
    assert kinds[people[1]] == ("template", "template")


def test_an_ad_started_conversation_keeps_the_window_open_72_hours(db):
    people = numbers(1)
    InboundMessageFactory(
        msisdn=people[0], from_ad=True, received_at=timezone.now() - timedelta(hours=50)
    )
    assert campaign_check(free_form_campaign(members("All", people))).sendable == 1


def test_quiet_hours_hold_a_recipient_until_their_own_morning(template):
    # 23:00 UTC is 07:00 in Singapore (quiet until 08:00) and 23:00 in London (quiet from 21:00).
    start = datetime(2030, 1, 10, 23, 0, tzinfo=UTC)
    singapore = members("SG", ["+6581000001"], time_zone="Asia/Singapore")
    members("UK", ["+447700900001"], time_zone="Europe/London")
    members("Nowhere", ["+6581000003"])
    for number in ("+447700900001", "+6581000003"):
        singapore.contacts.add(type(singapore.contacts.first()).objects.get(msisdn=number))
    campaign = list_campaign(
        template,
        singapore,
        start_at=start,
        time_zone="America/New_York",  # 18:00 there: not quiet
        quiet_start=time(21, 0),
        quiet_end=time(8, 0),
    )
    held = {r.msisdn: r.not_before for r in campaign_check(campaign).recipients}
    assert held["+6581000001"] == datetime(2030, 1, 11, 0, 0, tzinfo=UTC)  # 08:00 SGT
    assert held["+447700900001"] == datetime(2030, 1, 11, 8, 0, tzinfo=UTC)  # 08:00 GMT
    assert held["+6581000003"] is None


def test_quiet_hours_that_do_not_cross_midnight():
    zone = ZoneInfo("UTC")
    at = datetime(2030, 1, 10, 13, 0, tzinfo=UTC)
    assert quiet_until(at, zone, time(12, 0), time(14, 0)) == datetime(
        2030, 1, 10, 14, 0, tzinfo=UTC
    )
    assert quiet_until(at, zone, time(14, 0), time(16, 0)) is None


def test_the_duration_is_the_sendable_count_at_the_rate(template):
    campaign = list_campaign(template, members("All", numbers(161)), rate=80)
    check = campaign_check(campaign)
    assert check.duration_seconds == 3
    assert duration_text(125) == "about 3 min"
    assert duration_text(9000) == "about 2 h 30 min"


def test_an_audience_above_the_messaging_tier_is_warned_about(template, settings):
    settings.WHATSAPP_MESSAGING_TIER = 250
    campaign = list_campaign(template, members("All", numbers(251)))
    assert campaign_check(campaign).over_tier
    settings.WHATSAPP_MESSAGING_TIER = None
    assert not campaign_check(campaign).over_tier


def test_each_recipient_is_excluded_once_under_the_first_reason(template):
    people = numbers(2)
    opt_out(people[0])
    OutboundMessageFactory(msisdn=people[0], status=MessageStatus.UNDELIVERED)
    check = campaign_check(list_campaign(template, members("All", people)))
    assert check.excluded == {"opted_out": 1}
    assert check.audience == check.sendable + check.excluded_count


def test_an_unapproved_template_cannot_be_checked(db):
    pending = TemplateFactory(name="draft_one", status="PENDING")
    with pytest.raises(CheckRefused, match="approved template"):
        campaign_check(list_campaign(pending, members("All", numbers(1))))
