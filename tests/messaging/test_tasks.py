"""The dispatch task's retries: only the client's transient errors retry, after the Retry-After a
429 asked for or with doubling backoff, and a message whose retries run out fails unsent."""

from __future__ import annotations

import pytest
from celery.exceptions import Retry

from chatapps.client import SendResult, reset_client, set_client
from chatapps.errors import PermanentError, TransientError
from messaging.models import MessageStatus, OutboundMessage
from messaging.tasks import MAX_DISPATCH_RETRIES, message_dispatch_task
from tests.factories import OutboundMessageFactory

pytestmark = pytest.mark.django_db


class FakeClient:
    """Stands in for 8x8: answers every send with the next outcome (an exception is raised)."""

    def __init__(self, *outcomes: object) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[dict] = []

    def send_message(self, body: dict) -> SendResult:
        self.sent.append(body)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        assert isinstance(outcome, SendResult)
        return outcome

    def close(self) -> None:
        """reset_client() closes the client it forgets."""


@pytest.fixture
def client_answering():
    def install(*outcomes: object) -> FakeClient:
        fake = FakeClient(*outcomes)
        set_client(fake)  # type: ignore[arg-type]
        return fake

    yield install
    reset_client()


@pytest.fixture
def retries(monkeypatch) -> list[dict]:
    """What the task asked Celery's retry() for, instead of scheduling it."""
    asked: list[dict] = []

    def retry(**kwargs):
        asked.append(kwargs)
        raise Retry("retry asked", when=kwargs.get("countdown"))

    monkeypatch.setattr(message_dispatch_task, "retry", retry)
    return asked


def rate_limited(retry_after: float | None) -> TransientError:
    return TransientError("Too many requests", http_status=429, code=1002, retry_after=retry_after)


def status_of(message: OutboundMessage) -> str:
    message.refresh_from_db()
    return message.status


def test_a_429_is_retried_after_the_retry_after_it_asked_for(client_answering, retries):
    message = OutboundMessageFactory()
    client_answering(rate_limited(retry_after=7))

    message_dispatch_task.apply(args=[message.pk])

    assert [r["countdown"] for r in retries] == [7]
    assert status_of(message) == MessageStatus.QUEUED  # back in the queue for the retry
    assert message.error_code == 1002


@pytest.mark.parametrize(("retries_so_far", "wait"), [(0, 2), (1, 4), (3, 16)])
def test_without_a_retry_after_the_wait_doubles(client_answering, retries, retries_so_far, wait):
    message = OutboundMessageFactory()
    client_answering(TransientError("Service unavailable", http_status=503))

    message_dispatch_task.apply(args=[message.pk], retries=retries_so_far)

    assert [r["countdown"] for r in retries] == [wait]


def test_when_the_retries_run_out_the_message_fails_and_is_not_retried(client_answering, retries):
    message = OutboundMessageFactory()
    fake = client_answering(TransientError("Service unavailable", http_status=503))

    message_dispatch_task.apply(args=[message.pk], retries=MAX_DISPATCH_RETRIES)

    assert retries == []
    assert status_of(message) == MessageStatus.FAILED
    assert message.error_message.startswith("Gave up after retries")
    assert message.umid is None
    assert len(fake.sent) == 1


def test_a_permanent_error_fails_at_once_without_a_retry(client_answering, retries):
    message = OutboundMessageFactory()
    client_answering(PermanentError("Invalid parameter", http_status=400, code=1000))

    message_dispatch_task.apply(args=[message.pk])

    assert retries == []
    assert status_of(message) == MessageStatus.FAILED
    assert message.error_code == 1000


def test_a_retry_that_succeeds_sends_the_message_once(client_answering, retries):
    message = OutboundMessageFactory()
    accepted = SendResult(umid="u-1", client_message_id="", msisdn=message.msisdn, state="queued")
    fake = client_answering(rate_limited(retry_after=1), accepted)

    message_dispatch_task.apply(args=[message.pk])
    message_dispatch_task.apply(args=[message.pk], retries=1)  # the retry Celery would run

    assert status_of(message) == MessageStatus.ACCEPTED
    assert message.umid == "u-1"
    assert len(fake.sent) == 2  # the 429'd attempt and the one that was taken
    message_dispatch_task.apply(args=[message.pk], retries=2)  # a stray duplicate delivery
    assert len(fake.sent) == 2
