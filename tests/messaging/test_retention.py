"""Retention clears content older than RETENTION_DAYS and keeps what happened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from messaging.models import (
    Conversation,
    InboundMessage,
    MessageDayCount,
    MessageEvent,
    MessageStatus,
    OutboundMessage,
    WebhookEvent,
)
from messaging.retention import retention_run
from messaging.tasks import retention_task
from recipients.models import OptEvent
from recipients.services import opt_out
from tests.factories import InboundMessageFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db
OLD = timedelta(days=400)
TEMPLATE_BODY = {
    "user": {"msisdn": "+6591234567"},
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "Ann"}]}],
        }
    },
}


def _aged(message: OutboundMessage, age: timedelta) -> OutboundMessage:
    OutboundMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - age)
    MessageEvent.objects.filter(message=message).update(at=timezone.now() - age)
    return message


def _receipt(message: OutboundMessage, age: timedelta) -> MessageEvent:
    event = MessageEvent.objects.create(
        message=message,
        status=MessageStatus.DELIVERED,
        source=MessageEvent.Source.RECEIPT,
        data={"umid": "u-1", "errorCode": None, "raw": {"text": "a copy of the webhook"}},
    )
    MessageEvent.objects.filter(pk=event.pk).update(at=timezone.now() - age)
    return event


def _webhook(n: int, age: timedelta, state: str = WebhookEvent.State.APPLIED) -> WebhookEvent:
    event = WebhookEvent.objects.create(
        fingerprint=f"fp-{n}-{age.days}", kind="inbound", body={"text": "hi"}, state=state
    )
    WebhookEvent.objects.filter(pk=event.pk).update(received_at=timezone.now() - age)
    return event


@pytest.fixture
def history(admin):
    """Old and new of every kind, a day count, an opt-out and an audit entry."""
    old_text = _aged(OutboundMessageFactory(status=MessageStatus.READ, sent_by=admin), OLD)
    old_template = _aged(
        OutboundMessageFactory(
            kind="template", payload=TEMPLATE_BODY, status=MessageStatus.DELIVERED, sent_by=admin
        ),
        OLD,
    )
    old_queued = _aged(OutboundMessageFactory(status=MessageStatus.QUEUED, sent_by=admin), OLD)
    new_text = OutboundMessageFactory(status=MessageStatus.READ, sent_by=admin)
    OutboundMessage.objects.filter(pk=old_text.pk).update(umid="umid-old")
    return {
        "old_text": old_text,
        "old_template": old_template,
        "old_queued": old_queued,
        "new_text": new_text,
        "old_receipt": _receipt(old_text, OLD),
        "new_receipt": _receipt(new_text, timedelta(0)),
        "old_in": InboundMessageFactory(received_at=timezone.now() - OLD),
        "new_in": InboundMessageFactory(),
        "old_hook": _webhook(1, OLD),
        "old_pending_hook": _webhook(2, OLD, WebhookEvent.State.PENDING),
        "new_hook": _webhook(3, timedelta(0)),
        "count": MessageDayCount.objects.create(
            day=(timezone.now() - OLD).date(),
            status=MessageStatus.READ,
            count=7,
            counted_at=timezone.now(),
        ),
        "opt": opt_out(msisdn="+6590000001", reason="STOP", source=OptEvent.Source.KEYWORD),
        "conversation": Conversation.objects.create(
            msisdn="+6590000002", last_activity_at=timezone.now() - OLD, last_preview="Old words"
        ),
    }


def test_it_clears_old_content_and_keeps_new(history, settings):
    settings.RETENTION_DAYS = 365

    report = retention_run()

    old = OutboundMessage.objects.get(pk=history["old_text"].pk)
    assert old.payload == {"user": {"msisdn": "+6591234567"}, "type": "text", "content": {}}
    assert old.content_cleared_at is not None
    assert (old.status, old.umid, old.client_message_id) == (
        MessageStatus.READ,
        "umid-old",
        history["old_text"].client_message_id,
    )
    template = OutboundMessage.objects.get(pk=history["old_template"].pk)
    assert template.payload["content"] == {"template": {"name": "order_update", "language": "en"}}
    assert template.template_name == "order_update"
    new = OutboundMessage.objects.get(pk=history["new_text"].pk)
    assert new.payload["content"] == {"text": "Hello"} and new.content_cleared_at is None
    # A queued message may still be sent: its body stays, however old.
    queued = OutboundMessage.objects.get(pk=history["old_queued"].pk)
    assert queued.payload["content"] == {"text": "Hello"}

    assert InboundMessage.objects.get(pk=history["old_in"].pk).content == {}
    assert InboundMessage.objects.get(pk=history["new_in"].pk).content == {"text": "Hi!"}
    old_receipt = MessageEvent.objects.get(pk=history["old_receipt"].pk)
    assert old_receipt.data == {"umid": "u-1", "errorCode": None}
    assert old_receipt.status == MessageStatus.DELIVERED
    assert "raw" in MessageEvent.objects.get(pk=history["new_receipt"].pk).data
    hooks = set(WebhookEvent.objects.values_list("pk", flat=True))
    assert hooks == {history["old_pending_hook"].pk, history["new_hook"].pk}
    assert Conversation.objects.get(pk=history["conversation"].pk).last_preview == ""

    assert (report.outbound, report.inbound, report.events, report.webhooks) == (2, 1, 1, 1)


def test_it_leaves_counts_the_ledger_and_the_audit_trail_alone(history, settings):
    settings.RETENTION_DAYS = 365
    entries_before = list(AuditEntry.objects.values_list("pk", "payload_hash"))

    retention_run()

    assert MessageDayCount.objects.get().count == 7
    assert OptEvent.objects.get(pk=history["opt"].pk).reason == "STOP"
    entries_after = list(AuditEntry.objects.order_by("pk").values_list("pk", "payload_hash"))
    assert entries_after[: len(entries_before)] == sorted(entries_before)
    run = AuditEntry.objects.get(action=AuditEntry.Action.RETENTION)
    assert run.actor_id is None and run.actor_username == ""
    assert run.data["outbound"] == 2 and run.data["days"] == 365


def test_running_again_changes_nothing(history, settings):
    settings.RETENTION_DAYS = 365
    retention_run()
    cleared_at = OutboundMessage.objects.get(pk=history["old_text"].pk).content_cleared_at

    again = retention_run()

    assert again.cleared == 0
    assert OutboundMessage.objects.get(pk=history["old_text"].pk).content_cleared_at == cleared_at
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RETENTION).count() == 2


def test_it_works_in_batches(history, settings):
    for _ in range(4):
        _aged(OutboundMessageFactory(status=MessageStatus.READ), OLD)

    report = retention_run(days=365, batch=2)

    assert report.outbound == 6
    assert not OutboundMessage.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=365), content_cleared_at__isnull=True
    ).exclude(status=MessageStatus.QUEUED)


def test_zero_days_keeps_everything(history, settings):
    settings.RETENTION_DAYS = 0

    assert retention_task() == 0

    assert OutboundMessage.objects.filter(content_cleared_at__isnull=False).count() == 0
    assert WebhookEvent.objects.count() == 3
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.RETENTION).exists()


def test_the_task_runs_the_retention(history, settings):
    settings.RETENTION_DAYS = 365
    assert retention_task() == 2 + 1 + 1 + 1 + 1


def test_a_cleared_failure_is_not_retried(admin):
    from messaging.jobs import job_retry_failed
    from messaging.models import SendJob

    job = SendJob.objects.create(name="old", created_by=admin)
    message = _aged(
        OutboundMessageFactory(job=job, status=MessageStatus.FAILED, status_detail="gave_up"), OLD
    )
    retention_run(days=365)

    assert job_retry_failed(job=job) == 0
    assert OutboundMessage.objects.get(pk=message.pk).status == MessageStatus.FAILED


def test_the_message_page_and_the_inbox_show_a_cleared_message(admin_client_, admin, settings):
    settings.RETENTION_DAYS = 365
    message = _aged(OutboundMessageFactory(status=MessageStatus.READ, sent_by=admin), OLD)
    InboundMessageFactory(received_at=timezone.now() - OLD, content={"text": "secret words"})
    convo = Conversation.objects.create(msisdn="+6591234567", last_activity_at=timezone.now())
    retention_run()

    page = admin_client_.get(f"/messages/{message.pk}/").content.decode()
    assert "Content cleared after 400 days" in page
    thread = admin_client_.get(f"/inbox/{convo.pk}/").content.decode()
    assert thread.count("Content cleared after 400 days") == 2
    assert "secret words" not in thread
    duplicate = admin_client_.get("/compose/", {"duplicate": message.pk})
    assert duplicate.status_code == 200
