"""The composer says whether the recipient's service window is open while the number is typed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from composer.forms import post_data
from messaging.models import InboundMessage

PREVIEW = "/compose/preview/"


def preview(client, kind: str, msisdn: str) -> str:
    data = post_data({"kind": kind, "msisdn": msisdn, "text": "hi"})
    response = client.post(PREVIEW, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def wrote(msisdn: str, hours_ago: float, *, from_ad: bool = False) -> None:
    InboundMessage.objects.create(
        umid=f"w-{msisdn}-{hours_ago}",
        msisdn=msisdn,
        type="Text",
        content={"text": "hi"},
        from_ad=from_ad,
        received_at=timezone.now() - timedelta(hours=hours_ago),
    )


@pytest.mark.django_db
def test_an_open_window_is_announced_with_its_end(agent_client):
    wrote("+6591234567", hours_ago=2)
    html = preview(agent_client, "text", "+6591234567")
    assert 'id="window-notice"' in html
    assert "window-open" in html
    assert "Service window open until" in html
    assert "24 h after their last message" in html


@pytest.mark.django_db
def test_an_ad_window_says_72_hours(agent_client):
    wrote("+6591234567", hours_ago=30, from_ad=True)
    assert "72 h after a click-to-WhatsApp ad" in preview(agent_client, "text", "+6591234567")


@pytest.mark.django_db
def test_free_form_to_a_stranger_is_flagged_before_sending(agent_client):
    html = preview(agent_client, "text", "+6591234999")
    assert "window-closed" in html
    assert "never written to us: only templates reach it" in html


@pytest.mark.django_db
def test_a_closed_window_is_flagged(agent_client):
    wrote("+6591234567", hours_ago=30)
    assert "Service window closed" in preview(agent_client, "text", "+6591234567")


@pytest.mark.django_db
def test_templates_are_not_flagged_as_refused(marketer_client):
    html = preview(marketer_client, "template", "+6591234999")
    assert "templates still reach them" in html
    assert "window-closed" not in html


@pytest.mark.django_db
def test_the_full_page_shows_the_notice_for_a_prefilled_number(agent_client):
    wrote("+6591234567", hours_ago=1)
    html = agent_client.get("/compose/", {"kind": "text", "msisdn": "+6591234567"}).content.decode()
    assert "Service window open until" in html
