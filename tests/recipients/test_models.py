"""The ledger's shape: rows only added, the newest first, and one index for the state query."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from recipients.models import Contact, OptEvent
from recipients.selectors import opt_states
from recipients.services import opt_in, opt_out
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

MSISDN = "+6591234567"


def test_a_number_is_one_contact():
    ContactFactory(msisdn=MSISDN)
    with pytest.raises(IntegrityError):
        Contact.objects.create(msisdn=MSISDN)


def test_a_contact_reads_as_its_name_and_number():
    assert str(ContactFactory(msisdn=MSISDN, name="Jane")) == "Jane (+6591234567)"
    assert str(ContactFactory(msisdn="+6590000001", name="")) == "+6590000001"


def test_events_list_newest_first_and_read_as_what_happened():
    opt_out(msisdn=MSISDN, reason="STOP", source="keyword")
    opt_in(msisdn=MSISDN, reason="START", source="keyword")
    assert [str(e) for e in OptEvent.objects.all()] == [
        "+6591234567 opted in (all)",
        "+6591234567 opted out (marketing)",
    ]


def test_the_state_of_a_number_is_one_query_on_the_ledger_index():
    index = next(i for i in OptEvent._meta.indexes if i.name == "optevent_newest")
    assert index.fields == ["msisdn", "-at", "-id"]
    for _ in range(3):
        opt_out(msisdn=MSISDN, reason="STOP", source="keyword")
        opt_in(msisdn=MSISDN, reason="START", source="keyword")
    with CaptureQueriesContext(connection) as queries:
        assert opt_states(MSISDN) == {}
    assert len(queries) == 1
