"""A batch answered 200 with three rejected items (invalid numbers, refused by the sandbox as 8x8
does, over HTTP, real worker): exactly those three fail, with 8x8's code and a plain
explanation, and nothing is sent again."""

from __future__ import annotations

import pytest
from django.test import Client

from chatapps.explain import explain_error
from messaging import jobs
from messaging.models import MessageStatus
from sandbox import selectors as sandbox
from tests.conftest import wait_until
from tests.e2e.campaigns import campaign, numbers, requests_by_chunk, settled

pytestmark = pytest.mark.worker
INVALID = ["+0123456", "+6591x2345", "6591000000123456789"]


def test_three_rejected_items_fail_alone_with_8x8s_code_and_nothing_is_resent(
    live_stack, marketer, settings
):
    settings.BATCH_CONCURRENCY = 2
    good = numbers(27)
    job = campaign(good[:10] + INVALID + good[10:], chunk_size=10, created_by=marketer)

    jobs.job_launch(job=job)
    wait_until(lambda: settled(job), timeout=60, what=f"settled: {jobs.job_counts(job=job)}")

    refused = job.messages.filter(status=MessageStatus.REJECTED)
    assert sorted(refused.values_list("msisdn", flat=True)) == sorted(INVALID)
    assert job.messages.exclude(status=MessageStatus.REJECTED).count() == 27
    for message in refused:
        assert message.error_code is not None and message.error_message
        explanation = explain_error(message.error_code, context="api")
        assert "not in 8x8's published code tables" not in explanation
        page = Client()
        page.force_login(marketer)
        response = page.get(f"/messages/{message.pk}/")
        assert response.status_code == 200
        assert explanation in response.content.decode()
    # One request per chunk, each message in one chunk: the refused items were not sent again,
    # nor anything else. (Two pumps may split the last ten between them: three chunks or more.)
    sent = requests_by_chunk(job)
    assert len(sent) >= 3 and set(sent.values()) == {1}, sent
    assert sum(job.chunks.values_list("size", flat=True)) == 30
    assert sandbox.rejected_count() == 3
    assert sandbox.accepted_count() == 27
    assert sandbox.duplicate_count() == 0
