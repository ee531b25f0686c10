"""Send to many: pasted numbers or a small CSV, through the same check and launch."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign
from composer.models import Draft
from messaging.models import OutboundMessage
from tests.factories import InboundMessageFactory

pytestmark = pytest.mark.django_db
URL = reverse("campaign-builder:send-to-many")


def test_the_composer_links_to_send_to_many_for_those_who_may_use_it(
    marketer_client, agent_client, marketer
):
    draft = Draft.objects.create(owner=marketer, name="Hi", kind="text", form_data={"text": "Hi"})
    page = marketer_client.get(reverse("composer:compose"), {"draft": draft.pk}).content.decode()
    assert f'href="{URL}?draft={draft.pk}"' in page
    assert URL not in agent_client.get(reverse("composer:compose")).content.decode()


def test_the_page_preselects_the_draft_it_came_from(marketer_client, marketer):
    draft = Draft.objects.create(owner=marketer, name="Hi", kind="text", form_data={"text": "Hi"})
    page = marketer_client.get(URL, {"draft": draft.pk}).content.decode()
    assert f'<option value="{draft.pk}" selected>' in page
    assert re.search(r'<input[^>]*value="free_form"[^>]*checked', page)


def test_pasted_numbers_become_a_small_campaign_and_its_check(marketer_client, template):
    numbers = "+6581000001\n\n+65 8100 0002\nnot-a-number\n+6581000001\n"
    data = {"message_source": "template", "template": template.pk, "numbers": numbers}
    response = marketer_client.post(URL, data)
    campaign = Campaign.objects.get()
    assert campaign.origin == Campaign.Origin.SEND_TO_MANY
    assert response["Location"] == reverse("campaign-builder:check", args=[campaign.pk])
    assert campaign.recipients.count() == 4
    page = marketer_client.get(response["Location"]).content.decode()
    # Numbers that are not contacts have no name for body {{1}}: the check says so.
    assert 'data-reason="missing_parameter"' in page
    assert 'data-reason="invalid_number"><td>Invalid number</td><td>1</td>' in page
    assert 'data-reason="duplicate"' in page


def test_a_small_csv_gives_each_recipient_their_own_document(marketer_client, document_template):
    csv = (
        b"msisdn,document,body_1\n"
        b"+6511111111,https://example.com/links/TestPDFfile.pdf,Ann\n"
        b"+6522222222,https://example.com/links/TestJSFile.js,Bo\n"
    )
    data = {
        "message_source": "template",
        "template": document_template.pk,
        "audience_file": SimpleUploadedFile("batch.csv", csv, content_type="text/csv"),
    }
    response = marketer_client.post(URL, data)
    campaign = Campaign.objects.get()
    assert campaign.column_map == {"header_url": "document", "body_1": "body_1"}
    launch = reverse("campaign-builder:launch", args=[campaign.pk])
    marketer_client.post(launch, {"expected": "2"})
    urls = {
        m.msisdn: c["parameters"][0]["url"]
        for m in OutboundMessage.objects.all()
        for c in m.payload["content"]["template"]["components"]
        if c["type"] == "header"
    }
    assert response.status_code == 302
    assert urls == {
        "+6511111111": "https://example.com/links/TestPDFfile.pdf",
        "+6522222222": "https://example.com/links/TestJSFile.js",
    }


def test_a_free_form_draft_goes_to_those_inside_their_window(marketer_client, marketer):
    InboundMessageFactory(msisdn="+6581000001")
    draft = Draft.objects.create(owner=marketer, name="Hi", kind="text", form_data={"text": "Hi"})
    data = {"message_source": "free_form", "draft": draft.pk, "numbers": "+6581000001\n+6581000002"}
    check = marketer_client.post(URL, data, follow=True).content.decode()
    assert 'id="check-sendable"><strong>1</strong>' in check
    assert 'data-reason="window_closed"' in check


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"numbers": ""}, "Numbers, one per line: Paste the numbers to send to, or upload a CSV."),
        ({"numbers": "\n".join(["+6581000001"] * 5001)}, "at most 5000 are taken here"),
        ({"template": ""}, "Approved template: Choose an approved template to send."),
        ({"message_source": "sms"}, "Message: Select a valid choice."),
    ],
)
def test_bad_input_is_refused_naming_the_field(marketer_client, template, data, error):
    base = {"message_source": "template", "template": template.pk, "numbers": "+6581000001"}
    response = marketer_client.post(URL, {**base, **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_csv_with_a_header_and_no_rows_is_refused(marketer_client, template):
    upload = SimpleUploadedFile("empty.csv", b"phone\n", content_type="text/csv")
    data = {"message_source": "template", "template": template.pk, "audience_file": upload}
    page = marketer_client.post(URL, data).content.decode()
    assert "Or a small CSV: The file has a header but no rows of numbers." in page
