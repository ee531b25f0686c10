"""/favicon.ico answers with the product's icon, and every page names its icons."""

from __future__ import annotations

import urllib.request

import pytest
from django.contrib.staticfiles import finders

ICO_MAGIC = b"\x00\x00\x01\x00"


def test_favicon_ico_redirects_to_the_static_icon_without_a_login(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]


def test_the_icons_are_shipped_as_static_files():
    ico = finders.find("favicon.ico")
    svg = finders.find("favicon.svg")
    assert ico and svg
    with open(ico, "rb") as icon:
        assert icon.read(4) == ICO_MAGIC
    with open(svg) as drawing:
        assert drawing.read().startswith("<svg")


@pytest.mark.django_db
def test_pages_link_both_icons(client):
    html = client.get("/accounts/login/").content.decode()

    assert '<link rel="icon" href="/static/favicon.ico"' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_a_live_server_answers_favicon_ico_with_the_icon(live_server):
    with urllib.request.urlopen(live_server.url + "/favicon.ico") as response:  # follows the 302
        assert response.status == 200
        assert response.read(4) == ICO_MAGIC


def test_a_head_request_for_the_favicon_is_answered_too(client):
    assert client.head("/favicon.ico").status_code == 302
