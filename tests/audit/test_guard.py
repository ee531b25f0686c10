"""The database itself refuses to change or delete an audit entry, on PostgreSQL and SQLite."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_entry_verify, audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _entry(**kwargs) -> AuditEntry:
    return audit_record(action=AuditEntry.Action.LOGIN, summary="Logged in", **kwargs)


def test_a_raw_update_is_refused_by_the_database():
    entry = _entry(actor=Actor(ip_address="203.0.113.5"))
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditentry SET summary = 'rewritten' WHERE id = %s", [entry.pk]
        )
    assert AuditEntry.objects.get().summary == "Logged in"


def test_a_raw_delete_is_refused_by_the_database():
    _entry(actor=Actor())
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_a_queryset_update_or_delete_is_refused_too():
    _entry(actor=Actor())
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.update(summary="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().summary == "Logged in"


def test_deleting_a_user_keeps_their_entries_untouched():
    user = UserFactory(username="leaver")
    entry = _entry(actor=Actor.of(user))
    user_id = user.pk

    user.delete()

    assert not get_user_model().objects.filter(pk=user_id).exists()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert (kept.actor_id, kept.actor_username) == (user_id, "leaver")
    assert audit_entry_verify(kept)


def test_every_entry_carries_the_hash_of_what_it_says(admin):
    entry = _entry(actor=Actor(user=admin, ip_address="2001:DB8::1"), data={"b": 1, "a": [1, 2]})
    stored = AuditEntry.objects.get(pk=entry.pk)

    assert len(stored.payload_hash) == 64
    assert stored.payload_hash == entry.payload_hash
    assert audit_entry_verify(stored)
    stored.summary = "Logged in, then rewritten"
    assert not audit_entry_verify(stored)


def test_two_entries_saying_different_things_hash_differently(admin):
    first = _entry(actor=Actor.of(admin), data={"n": 1})
    second = _entry(actor=Actor.of(admin), data={"n": 2})
    assert first.payload_hash != second.payload_hash


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_trail_and_leaves_the_guard_in_place():
    from django.core.management import call_command

    _entry(actor=Actor())
    call_command("flush", interactive=False, verbosity=0)

    assert AuditEntry.objects.count() == 0
    _entry(actor=Actor())
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 1
