"""check_connection: two harmless reads, and a plain-words verdict for each way they fail."""

from __future__ import annotations

import httpx

from tests.chatapps.mock8x8 import error_body, make_client


def routed(message: httpx.Response, templates: httpx.Response | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        if "/messages/" in request.url.path:
            return message
        return templates or httpx.Response(200, json={"templates": [{"templateName": "a"}]})

    return handler


def not_found() -> httpx.Response:
    return httpx.Response(404, json=error_body(1300, "Message not found."))


def test_it_reports_ok_when_the_lookup_says_not_found_and_templates_list():
    check = make_client(routed(not_found())).check_connection()
    assert check.ok
    assert check.status == "ok"
    assert check.template_count == 1
    assert "1 template." in check.detail


def test_it_names_a_refused_key():
    body = error_body(1200, "Request was not authenticated properly")
    check = make_client(routed(httpx.Response(401, json=body))).check_connection()
    assert (check.ok, check.status, check.http_status, check.code) == (False, "bad_key", 401, 1200)
    assert "CHATAPPS_API_KEY" in check.detail


def test_it_names_the_wrong_region_and_lists_the_regional_hosts():
    body = error_body(1201, "Account was not found in SG. Please use the ID endpoint!")
    check = make_client(routed(httpx.Response(403, json=body))).check_connection()
    assert check.status == "wrong_region"
    assert "Please use the ID endpoint!" in check.detail
    assert "https://chatapps.8x8.id" in check.detail


def test_it_names_an_unreachable_host():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    check = make_client(handler).check_connection()
    assert check.status == "unreachable"
    assert "Could not reach https://chatapps.example.test" in check.summary
    assert "firewall" in check.detail


def test_it_says_a_path_without_8x8_error_bodies_is_not_the_api():
    check = make_client(routed(httpx.Response(404, text="<h1>Not Found</h1>"))).check_connection()
    assert check.status == "wrong_url"


def test_it_blames_the_account_or_channel_when_only_templates_fail():
    refused = httpx.Response(404, json=error_body(1300, "Channel not found"))
    check = make_client(routed(not_found(), refused)).check_connection()
    assert check.status == "wrong_channel"
    assert "CHATAPPS_CHANNEL_ID" in check.detail


def test_it_reports_rate_limiting_with_the_wait():
    limited = httpx.Response(
        429, json=error_body(429, "Quota exceeded"), headers={"Retry-After": "2"}
    )
    check = make_client(routed(limited)).check_connection()
    assert check.status == "rate_limited"
    assert "2 s" in check.detail


def test_it_reports_8x8_server_errors():
    check = make_client(routed(httpx.Response(503, text="down"))).check_connection()
    assert check.status == "upstream_error"
    assert check.http_status == 503
