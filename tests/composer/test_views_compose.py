"""The compose page: who may open it, the live preview, the Request tab, rows and templates."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from catalog.models import Catalog, Product, Template
from composer.forms import post_data
from messaging.models import MessageKind

COMPOSE = reverse("composer:compose")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("client_name", ["marketer_client", "agent_client", "admin_client_"])
def test_every_role_can_open_the_composer(request, client_name):
    response = request.getfixturevalue(client_name).get(COMPOSE)
    assert response.status_code == 200
    assert b'id="compose-form"' in response.content


def test_a_user_without_a_role_is_refused(outsider_client):
    assert outsider_client.get(COMPOSE).status_code == 403
    assert outsider_client.post(reverse("composer:send"), {"kind": "text"}).status_code == 403
    assert outsider_client.post(reverse("composer:preview"), {"kind": "text"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(COMPOSE)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("kind", MessageKind.values)
def test_each_kind_has_its_form_with_a_label_for_every_input(admin_client_, kind):
    response = admin_client_.get(COMPOSE, {"kind": kind})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="kind" value="{kind}"' in html
    start = html.index('id="compose-form"')
    form_html = html[start : html.index("</form>", start)]
    ids = re.findall(
        r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"', form_html
    )
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in form_html, f"{kind}: no label for {input_id}"


def test_an_unknown_kind_falls_back_to_text(admin_client_):
    response = admin_client_.get(COMPOSE, {"kind": "fax"})
    assert response.status_code == 200
    assert b'name="kind" value="text"' in response.content


def test_the_request_tab_shows_the_body_and_a_curl_command_with_the_key_masked(
    marketer_client, settings
):
    settings.CHATAPPS_API_KEY = "never-show-this-key"
    response = marketer_client.get(COMPOSE, {"kind": "text", "msisdn": "+6591234567"})
    html = response.content.decode()
    assert 'data-copy-target="#request-curl"' in html
    assert "Authorization: Bearer ****" in html
    assert "never-show-this-key" not in html
    assert f"{settings.CHATAPPS_BASE_URL}/api/v1/subaccounts/" in html
    assert "&quot;msisdn&quot;: &quot;+6591234567&quot;" in html


def test_the_preview_fragment_renders_what_is_typed_for_htmx(marketer_client):
    data = post_data({"kind": "text", "msisdn": "+65 9123 4567", "text": "Hello *there*"})
    response = marketer_client.post(reverse("composer:preview"), data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "wa-phone" in html
    assert 'id="request-panel-body" hx-swap-oob="true"' in html
    assert "&quot;text&quot;: &quot;Hello *there*&quot;" in html
    assert "&quot;msisdn&quot;: &quot;+6591234567&quot;" in html


def test_user_text_is_escaped_in_the_preview_and_the_request(marketer_client):
    data = post_data({"kind": "text", "msisdn": "+6591234567", "text": "<script>alert(1)</script>"})
    html = marketer_client.post(reverse("composer:preview"), data, **HTMX).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_the_preview_lists_what_8x8_would_refuse_while_the_form_is_incomplete(marketer_client):
    data = post_data({"kind": "buttons", "msisdn": "+6591234567", "buttons": [{}]})
    html = marketer_client.post(reverse("composer:preview"), data, **HTMX).content.decode()
    assert "8x8 would refuse this body as it stands" in html
    assert "at least 1 reply button (got 0)" in html


def test_the_preview_counts_sms_parts_of_the_fallback(marketer_client):
    data = post_data(
        {"kind": "text", "msisdn": "+6591234567", "text": "Hi", "fallback_text": "x" * 161}
    )
    html = marketer_client.post(reverse("composer:preview"), data, **HTMX).content.decode()
    assert 'id="sms-counter"' in html
    assert "161 characters · 2 SMS parts" in html


def test_the_preview_warns_about_a_number_no_country_uses(marketer_client):
    data = post_data({"kind": "text", "msisdn": "+65000000", "text": "Hi"})
    html = marketer_client.post(reverse("composer:preview"), data, **HTMX).content.decode()
    assert "+65000000 does not look like a number in use" in html


def test_without_javascript_update_preview_redraws_the_whole_page_keeping_the_input(
    marketer_client,
):
    data = post_data({"kind": "text", "msisdn": "+6591234567", "text": "Keep me"})
    response = marketer_client.post(reverse("composer:preview"), data)
    html = response.content.decode()
    assert "<html" in html
    assert "Keep me</textarea>" in html


def test_htmx_adds_a_reply_button_keeping_what_was_typed(marketer_client):
    data = post_data(
        {
            "kind": "buttons",
            "msisdn": "+6591234567",
            "body": "Pick",
            "buttons": [{"title": "Yes", "id": "y"}],
            "action": "add:buttons",
        }
    )
    response = marketer_client.post(reverse("composer:rows"), data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<fieldset id="compose-rows"')
    assert 'name="buttons-TOTAL_FORMS" value="2"' in html
    assert 'value="Yes"' in html
    assert 'name="buttons-1-title"' in html


def test_htmx_removes_a_list_row(marketer_client):
    state = {
        "kind": "list",
        "sections": [{"title": "A", "rows": [{"title": "one"}, {"title": "two"}]}],
        "action": "remove:sections-0-rows-0",
    }
    html = marketer_client.post(reverse("composer:rows"), post_data(state), **HTMX).content.decode()
    assert 'name="sections-0-rows-TOTAL_FORMS" value="1"' in html
    assert 'value="two"' in html
    assert 'value="one"' not in html


def test_no_more_than_three_buttons_can_be_added(marketer_client):
    state = {"kind": "buttons", "buttons": [{"title": t} for t in "ABC"], "action": "add:buttons"}
    html = marketer_client.post(reverse("composer:rows"), post_data(state), **HTMX).content.decode()
    assert 'name="buttons-TOTAL_FORMS" value="3"' in html
    assert 'value="add:buttons"' not in html
    assert "WhatsApp allows at most 3 reply buttons" in html


def test_without_javascript_adding_a_row_redraws_the_page(marketer_client):
    state = {"kind": "buttons", "msisdn": "+6591234567", "buttons": [{}], "action": "add:buttons"}
    response = marketer_client.post(reverse("composer:rows"), post_data(state))
    html = response.content.decode()
    assert "<html" in html
    assert 'name="buttons-TOTAL_FORMS" value="2"' in html
    assert 'value="+6591234567"' in html


def test_a_tampered_formset_is_redrawn_not_a_500(marketer_client):
    data = {"kind": "list", "sections-TOTAL_FORMS": "9999", "action": "add:sections"}
    assert marketer_client.post(reverse("composer:rows"), data, **HTMX).status_code == 200
    response = marketer_client.post(reverse("composer:send"), {"kind": "list", "msisdn": "x"})
    assert response.status_code == 200


def test_the_template_picker_offers_only_approved_templates(marketer_client):
    Template.objects.create(name="approved_one", language="en", status="APPROVED")
    Template.objects.create(name="pending_one", language="en", status="PENDING")
    html = marketer_client.get(COMPOSE, {"kind": "template"}).content.decode()
    assert "approved_one · en" in html
    assert "pending_one" not in html


def test_with_no_templates_the_page_says_so_and_links_to_the_templates_page(marketer_client):
    html = marketer_client.get(COMPOSE, {"kind": "template"}).content.decode()
    assert "No approved templates yet" in html
    assert f'href="{reverse("catalog:templates")}"' in html


def test_choosing_a_template_swaps_in_its_parameter_fields(marketer_client):
    Template.objects.create(
        name="order_update",
        language="en_GB",
        status="APPROVED",
        components=[
            {"type": "HEADER", "format": "IMAGE"},
            {"type": "BODY", "text": "Order {{1}} ships {{2}}."},
        ],
    )
    response = marketer_client.get(
        reverse("composer:template-fields"), {"template": "en_GB:order_update"}, **HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'name="body_1"' in html
    assert 'name="body_2"' in html
    assert 'name="header_url"' in html
    assert 'name="header_upload"' in html


def test_without_javascript_the_template_fields_link_opens_the_composer(marketer_client):
    response = marketer_client.get(reverse("composer:template-fields"), {"template": "en:x"})
    assert response.status_code == 302
    assert response["Location"] == f"{COMPOSE}?kind=template&template=en%3Ax"


def test_product_kinds_offer_a_product_picker_and_the_catalogs_by_name(marketer_client):
    Catalog.objects.create(catalog_id="cat-1", name="Shop <main>")
    Product.objects.create(catalog_id="cat-1", retailer_id="shirt-8x8", name="8x8 Shirt")
    html = marketer_client.get(COMPOSE, {"kind": "product_list"}).content.decode()
    assert '<option value="cat-1">Shop &lt;main&gt;</option>' in html
    assert 'role="combobox"' in html
    assert 'aria-controls="id_product_retailer_id-listbox"' in html
    assert 'aria-controls="id_sections-0-products-0-product_retailer_id-listbox"' in html
    assert "catalog-products" not in html  # no list of every product in the page


def test_adding_a_row_asks_the_page_to_refresh_its_preview(marketer_client):
    state = {"kind": "buttons", "buttons": [{"title": "A"}], "action": "add:buttons"}
    response = marketer_client.post(reverse("composer:rows"), post_data(state), **HTMX)
    assert json.loads(response["HX-Trigger"]) == {"composer-changed": {}}


def test_the_request_tab_shows_the_reply_ids_sending_would_fill_in(marketer_client):
    state = {
        "kind": "buttons",
        "msisdn": "+6591234567",
        "body": "Pick",
        "buttons": [{"title": "A"}],
    }
    html = marketer_client.post(reverse("composer:preview"), post_data(state), **HTMX).content
    assert b"&quot;id&quot;: &quot;option-1&quot;" in html
    assert b"Passes 8x8" in html
