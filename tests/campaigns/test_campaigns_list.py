"""The campaigns list: newest first, with state, progress and owner, paginated, at a fixed cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from campaigns import selectors
from campaigns.models import Campaign
from messaging.models import MessageStatus as S
from messaging.models import SendJob
from tests.campaigns.campaign_pages import launched, move

pytestmark = pytest.mark.django_db
URL = "/campaigns/"


def rows(response) -> list[tuple[str, str, int | None, str]]:
    return [
        (r.campaign.name, r.state, r.percent, r.campaign.created_by.username)
        for r in response.context["rows"]
    ]


def test_it_lists_campaigns_newest_first_with_state_progress_and_owner(
    marketer_client, marketer, admin
):
    Campaign.objects.create(name="Draft one", created_by=admin)
    running = launched(4, owner=marketer, name="Running one")
    move(running, 1, S.DELIVERED)
    move(running, 1, S.FAILED)
    launched(2, owner=admin, name="Done one", state=SendJob.State.DONE)
    paused = launched(4, owner=marketer, name="Paused one", state=SendJob.State.PAUSED)
    move(paused, 1, S.READ)
    scheduled = launched(3, owner=marketer, name="Scheduled one", state=SendJob.State.SCHEDULED)
    cancelled = launched(4, owner=admin, name="Cancelled one", state=SendJob.State.CANCELLED)
    move(cancelled, 1, S.DELIVERED)
    move(cancelled, 3, S.CANCELLED)
    response = marketer_client.get(URL)
    assert response.status_code == 200
    assert rows(response) == [
        ("Cancelled one", "cancelled", 100, "alice-admin"),
        ("Scheduled one", "scheduled", 0, "mark-marketing"),
        ("Paused one", "paused", 25, "mark-marketing"),
        ("Done one", "done", 100, "alice-admin"),
        ("Running one", "running", 50, "mark-marketing"),
        ("Draft one", "draft", None, "alice-admin"),
    ]
    html = response.content.decode()
    assert f'href="/campaigns/{scheduled.pk}/"' in html
    assert '<progress max="100" value="50"' in html and "Draft" in html


def test_it_pages_the_list(marketer_client, marketer, monkeypatch):
    monkeypatch.setattr(selectors, "LIST_PAGE_SIZE", 2)
    for n in range(5):
        Campaign.objects.create(name=f"Campaign {n}", created_by=marketer)
    first = marketer_client.get(URL)
    assert [r[0] for r in rows(first)] == ["Campaign 4", "Campaign 3"]
    assert "Page 1 of 3" in first.content.decode()
    last = marketer_client.get(URL, {"page": 3})
    assert [r[0] for r in rows(last)] == ["Campaign 0"]
    assert marketer_client.get(URL, {"page": "nonsense"}).status_code == 200


def test_the_new_campaign_button_is_there_when_the_builder_is(marketer_client):
    html = marketer_client.get(URL).content.decode()
    try:
        new = reverse("campaign-builder:new")
    except NoReverseMatch:
        assert "New campaign" not in html
    else:
        assert f'href="{new}">New campaign<' in html


def test_the_list_costs_the_same_queries_however_many_campaigns(marketer_client, marketer):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert marketer_client.get(URL).status_code == 200
        return len(captured)

    launched(3, owner=marketer, name="First")
    one = queries()
    for n in range(6):
        launched(5, owner=marketer, name=f"More {n}")
        Campaign.objects.create(name=f"Draft {n}", created_by=marketer)
    assert queries() == one


def test_a_role_without_campaigns_is_refused(agent_client, outsider_client):
    assert agent_client.get(URL).status_code == 403
    assert outsider_client.get(URL).status_code == 403
