"""A campaign built from an uploaded file goes out through a real worker to the sandbox over
HTTP: opted-out, invalid and duplicate recipients never reach it, each recipient gets their own
document, and the pre-send check's figures are exactly what the sandbox received."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign
from messaging import jobs
from messaging.models import MessageStatus
from recipients.models import OptEvent
from sandbox import selectors as sandbox
from sandbox.models import SandboxMessage
from tests.conftest import logged_in, wait_until
from tests.factories import TemplateFactory

pytestmark = pytest.mark.worker
GOOD = [f"+6592{n:06d}" for n in range(40)]
OPTED_OUT = "+6593000001"
INVALID = ["12ab34", "+12"]


def csv_file() -> SimpleUploadedFile:
    lines = ["phone,document"]
    lines += [f"{m},https://example.com/links/statement-{m[1:]}.pdf" for m in GOOD]
    lines += [f"{OPTED_OUT},https://example.com/links/x.pdf"]
    lines += [f"{m},https://example.com/links/x.pdf" for m in INVALID]
    lines += [f"{GOOD[3]},https://example.com/links/again.pdf"]  # a duplicate
    return SimpleUploadedFile("statements.csv", "\n".join(lines).encode(), "text/csv")


def test_a_campaign_sends_exactly_what_its_check_counted(live_stack, marketer, settings):
    settings.BATCH_CONCURRENCY = 2
    template = TemplateFactory(
        name="invoice_ready",
        language="en",
        category="UTILITY",
        components=[
            {"type": "HEADER", "format": "DOCUMENT"},
            {"type": "BODY", "text": "Here is the document you asked for."},
        ],
    )
    OptEvent.objects.create(msisdn=OPTED_OUT, kind="opt_out", scope="all", source="manual")
    client = logged_in(marketer)
    data = {
        "name": "Statements",
        "message_source": "template",
        "template": template.pk,
        "audience_kind": "upload",
        "audience_file": csv_file(),
        "schedule": "now",
        "time_zone": "UTC",
        "rate": "500",
    }
    check_url = client.post(reverse("campaign-builder:new"), data)["Location"]
    page = client.get(check_url).content.decode()
    sendable = int(re.search(r'id="check-sendable"><strong>(\d+)</strong>', page).group(1))
    excluded = int(re.search(r'id="check-excluded">(\d+)<', page).group(1))
    assert (sendable, excluded) == (40, 4)

    campaign = Campaign.objects.get()
    launch = reverse("campaign-builder:launch", args=[campaign.pk])
    assert client.post(launch, {"expected": str(sendable)}).status_code == 302
    campaign.refresh_from_db()

    def all_accepted() -> bool:
        counts = jobs.job_counts(job=campaign.job)
        return sum(counts.get(s, 0) for s in ("accepted", "sent", "delivered", "read")) == 40

    wait_until(all_accepted, timeout=60, what="every recipient accepted")
    received = SandboxMessage.objects.all()
    assert sandbox.accepted_count() == sendable
    assert sandbox.duplicate_count() == 0
    assert set(received.values_list("msisdn", flat=True)) == set(GOOD)
    assert OPTED_OUT not in set(received.values_list("msisdn", flat=True))
    assert campaign.excluded_reasons == {"opted_out": 1, "invalid_number": 2, "duplicate": 1}
    sent = [MessageStatus.ACCEPTED, MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ]
    assert not campaign.job.messages.exclude(status__in=sent).exists()
    one = campaign.job.messages.get(msisdn=GOOD[7])
    header = next(
        c for c in one.payload["content"]["template"]["components"] if c["type"] == "header"
    )
    assert (
        header["parameters"][0]["url"] == f"https://example.com/links/statement-{GOOD[7][1:]}.pdf"
    )
