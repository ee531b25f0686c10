"""Campaigns for tests: a list of contacts, a template taking a document per recipient, and
campaigns built from them the way the builder saves them."""

from __future__ import annotations

import io

import pytest

from campaigns.models import Campaign
from campaigns.services import recipients_replace, upload_read
from recipients.models import Contact, ContactList, ListMember, OptEvent
from tests.factories import TemplateFactory

DOCUMENT_COMPONENTS = [
    {"type": "HEADER", "format": "DOCUMENT"},
    {"type": "BODY", "text": "Hello {{1}}, your statement is attached."},
]


def members(name: str, numbers: list[str], **fields) -> ContactList:
    """A list of contacts with these numbers (bulk: tests go to thousands)."""
    contact_list = ContactList.objects.create(name=name)
    Contact.objects.bulk_create(
        [Contact(msisdn=m, name=f"Customer {m[-4:]}", **fields) for m in numbers],
        ignore_conflicts=True,
    )
    ids = Contact.objects.filter(msisdn__in=numbers).values_list("pk", flat=True)
    ListMember.objects.bulk_create(
        [ListMember(contact_list=contact_list, contact_id=i) for i in ids]
    )
    return contact_list


def opt_out(msisdn: str, scope: str = "marketing") -> None:
    OptEvent.objects.create(msisdn=msisdn, kind="opt_out", scope=scope, source="manual")


def numbers(n: int, start: int = 0) -> list[str]:
    return [f"+6581{i:06d}" for i in range(start, start + n)]


@pytest.fixture
def template(db):
    """An approved marketing template whose body {{1}} is the contact's name."""
    return TemplateFactory(
        name="spring_sale",
        category="MARKETING",
        components=[{"type": "BODY", "text": "Hello {{1}}, 20% off this week."}],
        parameter_sources={"body_1": {"source": "field", "key": "name"}},
    )


@pytest.fixture
def document_template(db):
    """8x8's batch example: each recipient gets a document link of their own."""
    return TemplateFactory(name="statement", category="UTILITY", components=DOCUMENT_COMPONENTS)


def list_campaign(template, contact_list, **fields) -> Campaign:
    return Campaign.objects.create(
        name="Spring sale", template=template, contact_list=contact_list, **fields
    )


def upload_campaign(template, csv_text: str, **fields) -> Campaign:
    campaign = Campaign.objects.create(
        name="Statements", template=template, audience_kind=Campaign.AudienceKind.UPLOAD, **fields
    )
    recipients_replace(campaign=campaign, upload=upload_read(io.BytesIO(csv_text.encode())))
    campaign.refresh_from_db()
    return campaign
