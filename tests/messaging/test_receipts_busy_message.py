"""A receipt batch meeting a message another worker holds locked: the rest of the batch is
applied at once, the held message's receipts after the lock is released, still in their order.

The other worker is a thread with its own connection that keeps a message locked. PostgreSQL
locks rows, so there the batch's first pass must commit every other message while the lock is
still held; SQLite takes one writer at a time, so there no lock is held and the same batch just
ends in the same state.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from messaging.models import MessageStatus, OutboundMessage
from messaging.receipts_bulk import Receipt, receipts_apply
from tests.factories import OutboundMessageFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the threads see committed rows


def _accepted(umid: str) -> OutboundMessage:
    return OutboundMessageFactory(status=MessageStatus.ACCEPTED, umid=umid, sent_by=None)


def _status(message: OutboundMessage) -> str:
    return OutboundMessage.objects.values_list("status", flat=True).get(pk=message.pk)


def _in_thread(target, errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_locked_message_holds_back_only_its_own_receipts():
    held, free = _accepted("held-1"), _accepted("free-1")
    postgresql = connection.vendor == "postgresql"
    locked, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    results: list[bool | None] = []

    def other_worker() -> None:
        with transaction.atomic():
            OutboundMessage.objects.select_for_update().get(pk=held.pk)
            locked.set()
            release.wait(timeout=30)

    def apply() -> None:
        results.extend(
            receipts_apply(
                [
                    Receipt(umid="held-1", client_message_id="", state="delivered"),
                    Receipt(umid="free-1", client_message_id="", state="delivered"),
                    Receipt(umid="held-1", client_message_id="", state="read"),
                    Receipt(umid="nobody", client_message_id="", state="read"),
                ]
            )
        )

    locker = _in_thread(other_worker, errors) if postgresql else None
    if locker is not None:
        assert locked.wait(timeout=30)
    applier = _in_thread(apply, errors)
    if postgresql:
        # The free message is delivered, and committed, while the held one is still locked.
        deadline = time.monotonic() + 10
        while _status(free) != MessageStatus.DELIVERED and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _status(free) == MessageStatus.DELIVERED
        assert _status(held) == MessageStatus.ACCEPTED
        assert applier.is_alive()  # its second pass waits for the lock
    release.set()
    applier.join(timeout=30)
    if locker is not None:
        locker.join(timeout=30)

    assert errors == []
    assert results == [True, True, True, None]
    assert _status(held) == MessageStatus.READ
    assert _status(free) == MessageStatus.DELIVERED
    events = held.events.filter(source="receipt").order_by("id")
    assert list(events.values_list("status", "applied")) == [("delivered", True), ("read", True)]
