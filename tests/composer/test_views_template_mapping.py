"""Template sends and the parameter mapping: empty parameters take the recipient's contact
values, the fallback, or are refused on their field naming why; the preview shows the values."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from composer.forms import post_data
from messaging.models import OutboundMessage
from tests.factories import ContactFactory, TemplateFactory

SEND = reverse("composer:send")
PREVIEW = reverse("composer:preview")
FIELDS = reverse("composer:template-fields")
HTMX = {"HTTP_HX_REQUEST": "true"}
MSISDN = "+6591234567"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def order_ready():
    return TemplateFactory(
        name="order_ready",
        language="en",
        components=[{"type": "BODY", "text": "Hi {{1}}, your {{2}} is ready at {{3}}."}],
        parameter_sources={
            "body_1": {"source": "field", "key": "name", "fallback": "customer"},
            "body_2": {"source": "attribute", "key": "item"},
        },
    )


def send(client, **typed):
    data = {"kind": "template", "msisdn": MSISDN, "template": "en:order_ready", **typed}
    return client.post(SEND, post_data(data))


def body_values(message: OutboundMessage) -> list[str]:
    (body,) = message.payload["content"]["template"]["components"]
    return [parameter["text"] for parameter in body["parameters"]]


def test_empty_parameters_take_the_contacts_mapped_values(marketer_client):
    ContactFactory(msisdn=MSISDN, name="Jane", attributes={"item": "bike"})
    response = send(marketer_client, body_3="Orchard Road")
    assert response.status_code == 302
    assert body_values(OutboundMessage.objects.get()) == ["Jane", "bike", "Orchard Road"]


def test_a_value_typed_wins_and_the_fallback_fills_a_missing_name(marketer_client):
    ContactFactory(msisdn=MSISDN, name="", attributes={"item": "bike"})
    assert send(marketer_client, body_2="helmet", body_3="Orchard").status_code == 302
    assert body_values(OutboundMessage.objects.get()) == ["customer", "helmet", "Orchard"]


def test_a_parameter_still_missing_is_refused_on_its_field_and_nothing_is_sent(marketer_client):
    ContactFactory(msisdn=MSISDN, name="Jane", attributes={})
    response = send(marketer_client, body_3="Orchard Road")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<ul class="errorlist" id="id_body_2_error"><li>body {{2}} (from attribute &#x27;item'
        "&#x27;): contact +6591234567 has no attribute &#x27;item&#x27; and the mapping has no "
        "fallback</li></ul>"
    ) in html
    assert OutboundMessage.objects.count() == 0


def test_a_number_that_is_no_contact_is_refused_for_the_attribute(marketer_client):
    html = send(marketer_client, body_3="Orchard Road").content.decode()
    assert "+6591234567 is not a contact and the mapping has no fallback" in html
    assert OutboundMessage.objects.count() == 0


def test_an_unmapped_parameter_is_still_required(marketer_client):
    ContactFactory(msisdn=MSISDN, name="Jane", attributes={"item": "bike"})
    html = send(marketer_client).content.decode()
    assert "Body {{3}} is required: template order_ready needs it." in html
    assert OutboundMessage.objects.count() == 0


def test_mapped_fields_are_optional_and_say_where_their_value_comes_from(marketer_client):
    html = marketer_client.get(FIELDS, {"template": "en:order_ready"}, **HTMX).content.decode()
    assert "Empty: from contact: name, fallback &#x27;customer&#x27;." in html
    assert 'placeholder="from attribute &#x27;item&#x27;, no fallback"' in html
    assert re.search(r'<input[^>]*name="body_1"[^>]*>', html)
    assert "required" not in re.search(r'<input[^>]*name="body_1"[^>]*>', html).group(0)
    assert "required" in re.search(r'<input[^>]*name="body_3"[^>]*>', html).group(0)


def test_the_live_preview_shows_the_values_for_the_typed_number(marketer_client):
    ContactFactory(msisdn=MSISDN, name="Jane", attributes={"item": "bike"})
    data = {"kind": "template", "msisdn": "+65 9123 4567", "template": "en:order_ready"}
    html = marketer_client.post(PREVIEW, post_data({**data, "body_2": "helmet"}), **HTMX)
    text = html.content.decode()
    assert (
        'Hi <span class="wa-param">Jane</span>, your <span class="wa-param">helmet</span>' in text
    )
    assert "&quot;text&quot;: &quot;Jane&quot;" in text  # the Request tab: the body that would go
    other = marketer_client.post(PREVIEW, post_data({**data, "msisdn": "+6598765432"}), **HTMX)
    assert 'Hi <span class="wa-param">customer</span>, your' in other.content.decode()
