"""Too long is refused with a message naming the field, never cut short by the browser.

An HTML maxlength makes the browser drop whatever is pasted past the limit without a word, so no
field the server checks carries one; the server's error says how long it is and what is allowed.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from composer.forms import post_data
from composer.kinds import KINDS
from composer.models import Draft
from sandbox.models import SandboxMessage

MAXLENGTH = re.compile(r"\smaxlength=")


@pytest.mark.parametrize("kind", KINDS)
def test_no_composer_field_has_an_html_maxlength(marketer_client, kind):
    html = marketer_client.get(reverse("composer:compose"), {"kind": kind}).content.decode()
    assert 'name="draft-name"' in html
    assert not MAXLENGTH.search(html)


def test_a_draft_name_over_120_characters_is_refused_naming_the_field(marketer_client):
    data = post_data({"kind": "text", "msisdn": "+6591234567", "draft-name": "d" * 130})
    response = marketer_client.post(reverse("composer:draft-save"), data)

    assert response.status_code == 200
    assert "Draft name is 130 characters; ChatApps Admin allows 120" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_message_over_the_limit_is_named_as_the_page_labels_it(marketer_client):
    data = post_data({"kind": "text", "msisdn": "+6591234567", "text": "x" * 4097})
    html = marketer_client.post(reverse("composer:send"), data).content.decode()

    assert '<label for="id_text">Message</label>' in html
    assert "Message is 4097 characters; WhatsApp allows 4096" in html


def test_no_catalog_or_sandbox_field_has_an_html_maxlength(admin_client_, sandbox_offline):
    SandboxMessage.objects.create(umid="u-1", batch_id="b-1", msisdn="+6591234567", type="Text")
    pages = [
        reverse("catalog:products"),
        reverse("sandbox:index"),  # its settings and the customer's reply box on each phone
    ]
    for page in pages:
        html = admin_client_.get(page).content.decode()
        assert "<input" in html
        assert not MAXLENGTH.search(html), page
