"""How long a campaign's audience takes to check against the opt-out ledger and to resolve
template parameters (10 000 numbers, a tenth of them with ledger events)."""

from __future__ import annotations

import pytest

from catalog.models import Template
from recipients.models import Contact, OptEvent
from recipients.parameters import template_parameters_bulk
from recipients.selectors import opted_out_among

NUMBERS = [f"+6581{n:06d}" for n in range(10_000)]


@pytest.fixture
def audience(db) -> list[str]:
    Contact.objects.bulk_create(
        Contact(msisdn=m, name=f"C{n}", attributes={"tier": "gold"} if n % 2 else {})
        for n, m in enumerate(NUMBERS)
    )
    OptEvent.objects.bulk_create(
        OptEvent(msisdn=m, kind=kind, scope="marketing", source="keyword")
        for m in NUMBERS[::10]
        for kind in ("opt_out", "opt_in", "opt_out")
    )
    return NUMBERS


def test_opted_out_among_ten_thousand_numbers(benchmark, audience):
    refused = benchmark.pedantic(
        opted_out_among, args=(audience,), kwargs={"category": "marketing"}, rounds=5
    )
    assert len(refused) == 1000


def test_template_parameters_for_ten_thousand_contacts(benchmark, audience):
    template = Template.objects.create(
        name="offer",
        language="en",
        status="APPROVED",
        components=[{"type": "BODY", "text": "Hi {{1}}, {{2}} members save 10%."}],
        parameter_sources={
            "body_1": {"source": "field", "key": "name"},
            "body_2": {"source": "attribute", "key": "tier", "fallback": "all"},
        },
    )
    resolved = benchmark.pedantic(template_parameters_bulk, args=(template, audience), rounds=5)
    assert all(not r.missing for r in resolved.values())
