"""A bulk action over every match really runs on a worker, chunk after chunk."""

from __future__ import annotations

import pytest

from audience import bulk
from audience.models import BulkAction
from audience.rules import Rules
from audit.services import Actor
from recipients.models import ContactTag
from tests.conftest import wait_until
from tests.factories import ContactFactory


@pytest.mark.django_db(transaction=True)
def test_a_worker_tags_every_match_in_chunks(celery_worker, marketer, monkeypatch):
    monkeypatch.setattr(bulk, "SYNC_LIMIT", 3)
    monkeypatch.setattr(bulk, "CHUNK", 4)
    for i in range(10):
        ContactFactory(msisdn=f"+659200{i:04d}", name="Jane" if i < 9 else "Ahmad")

    action = bulk.bulk_start(
        actor=Actor.of(marketer), kind=BulkAction.Kind.TAG_ADD, tag="jane", rules=Rules(q="jane")
    )
    assert action.state == "queued"

    def finished():
        action.refresh_from_db()
        return action.is_finished

    wait_until(finished, what="the bulk action to finish")
    assert (action.state, action.done, action.changed) == ("done", 9, 9)
    assert ContactTag.objects.count() == 9


@pytest.mark.django_db
def test_a_finished_or_missing_action_is_a_no_op(marketer):
    ContactFactory()
    action = bulk.bulk_start(actor=Actor.of(marketer), kind="tag_add", tag="x", ids=[1])
    assert action.state == "done"
    assert bulk.bulk_step(action_id=action.pk) is False
    assert bulk.bulk_step(action_id=98765) is False
