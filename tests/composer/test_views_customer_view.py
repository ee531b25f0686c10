"""The preview's customer's view: a class on the preview container, off by default."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

COMPOSE = reverse("composer:compose")


def preview_container(html: str) -> str:
    match = re.search(r'<div id="phone-preview"[^>]*>', html)
    assert match, "the compose page has its preview container"
    return match.group(0)


def toggle(html: str) -> str:
    match = re.search(r'<input type="checkbox" id="customer-view"[^>]*>', html)
    assert match, "the compose page has the customer's view toggle"
    return match.group(0)


def test_the_authoring_view_is_the_default(agent_client):
    html = agent_client.get(COMPOSE, {"kind": "template"}).content.decode()
    assert "wa-customer-view" not in preview_container(html)
    assert "checked" not in toggle(html)
    assert 'form="compose-form"' in toggle(html), "without JS it rides on Update preview"
    assert "Customer’s view" in html


@pytest.mark.parametrize("value", ["1", "on", "true"])
def test_customer_view_in_the_query_string_turns_it_on(agent_client, value):
    html = agent_client.get(COMPOSE, {"kind": "text", "customer_view": value}).content.decode()
    assert "wa-customer-view" in preview_container(html)
    assert "checked" in toggle(html)


def test_update_preview_without_javascript_keeps_the_customer_view(agent_client):
    data = {"kind": "text", "msisdn": "+6591234567", "body": "Hi", "customer_view": "1"}
    response = agent_client.post(reverse("composer:preview"), data)
    html = response.content.decode()
    assert "wa-customer-view" in preview_container(html)
    assert "checked" in toggle(html)
