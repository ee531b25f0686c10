"""The Sandbox page: who may see it, its counters and phones, replies, settings and reset."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sandbox import services
from sandbox.models import SandboxConfig, SandboxInbound, SandboxLogEntry, SandboxMessage
from tests.sandbox import bodies

URL = "/sandbox/"


@pytest.mark.parametrize("client_name", ["admin_client_", "marketer_client", "agent_client"])
def test_the_page_renders_for_every_role_with_the_permission(request, client_name):
    client = request.getfixturevalue(client_name)

    response = client.get(URL)

    assert response.status_code == 200
    assert b"<h1>Sandbox</h1>" in response.content


def test_only_an_admin_sees_the_settings_and_reset(admin_client_, marketer_client):
    assert b"Reset sandbox" in admin_client_.get(URL).content
    page = marketer_client.get(URL).content
    assert b"Reset sandbox" not in page
    assert b'id="sandbox-settings"' not in page
    assert b"Only an admin changes" in page


@pytest.mark.parametrize("client_name", ["marketer_client", "agent_client"])
def test_other_roles_may_not_change_settings_or_reset(request, client_name):
    client = request.getfixturevalue(client_name)
    services.message_accept(body=bodies.text())

    assert (
        client.post("/sandbox/settings", settings_form(rate_limit_percent=100)).status_code == 403
    )
    assert client.post("/sandbox/reset").status_code == 403

    assert SandboxConfig.objects.get().rate_limit_percent == 0
    assert SandboxMessage.objects.count() == 1


def test_a_webhook_url_on_another_address_is_refused_naming_the_rule(admin_client_, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    for url in (
        "http://169.254.169.254/latest/",
        "http://127.0.0.1:6379/",
        "https://evil.example/",
    ):
        response = admin_client_.post("/sandbox/settings", settings_form(webhook_url=url))

        assert response.status_code == 400
        assert b"must be on this product&#x27;s own address (http://127.0.0.1:8000)" in (
            response.content
        )
    assert SandboxConfig.objects.get().webhook_url == ""


def test_a_webhook_url_on_the_products_own_address_is_kept(admin_client_, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    url = "http://127.0.0.1:8000/webhooks/8x8/"

    assert (
        admin_client_.post("/sandbox/settings", settings_form(webhook_url=url)).status_code == 302
    )
    assert SandboxConfig.objects.get().webhook_url == url


def test_outsiders_are_refused(outsider_client):
    assert outsider_client.get(URL).status_code == 403
    assert outsider_client.post("/sandbox/reset").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_the_page_is_404_while_the_sandbox_is_off(admin_client_, settings):
    settings.SANDBOX_ENABLED = False

    assert admin_client_.get(URL).status_code == 404
    assert admin_client_.post("/sandbox/reset").status_code == 404


def test_the_page_shows_counters_and_a_phone_per_number(admin_client_):
    services.message_accept(body=bodies.text(client_message_id="a"))
    services.message_accept(body=bodies.text(client_message_id="a"))
    services.message_accept(body=bodies.text("+6522222222"))

    response = admin_client_.get(URL)

    assert response.context["accepted"] == 3
    assert response.context["duplicates"] == 1
    assert [p.number for p in response.context["phones"]] == ["+6522222222", bodies.CUSTOMER]
    assert b'id="phone-6591234567"' in response.content


def test_message_text_on_a_phone_is_escaped(admin_client_):
    services.message_accept(body=bodies.text(words="<script>alert('x')</script>"))
    services.customer_reply(phone=bodies.CUSTOMER, kind="text", text="<img src=x onerror=alert(1)>")

    content = admin_client_.get(URL).content

    assert b"<script>alert(" not in content
    assert b"<img src=x" not in content
    assert b"&lt;img src=x" in content


def test_htmx_polling_gets_only_the_live_fragment(admin_client_):
    response = admin_client_.get(URL, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert b'id="sandbox-live"' in response.content
    assert b"<h1>" not in response.content


def test_a_customer_text_reply_rerenders_that_phone(admin_client_):
    response = admin_client_.post(
        "/sandbox/reply",
        {"phone": bodies.CUSTOMER, "kind": "text", "text": "Is it in stock?"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert b'id="phone-6591234567"' in response.content
    assert b"Is it in stock?" in response.content
    assert SandboxInbound.objects.get().content == {"text": "Is it in stock?"}


def test_tapping_a_button_when_none_was_sent_says_so(admin_client_):
    response = admin_client_.post(
        "/sandbox/reply",
        {"phone": bodies.CUSTOMER, "kind": "button"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert b"No reply-button message was sent to +6591234567" in response.content
    assert SandboxInbound.objects.count() == 0


def test_an_unknown_reply_kind_is_named_in_the_error(admin_client_):
    response = admin_client_.post(
        "/sandbox/reply",
        {"phone": bodies.CUSTOMER, "kind": "dance"},
        headers={"HX-Request": "true"},
    )

    assert b"kind:" in response.content
    assert SandboxInbound.objects.count() == 0


def test_a_plain_reply_post_redirects_back(admin_client_):
    services.message_accept(body=bodies.LIST)

    response = admin_client_.post("/sandbox/reply", {"phone": bodies.CUSTOMER, "kind": "list"})

    assert response.status_code == 302
    assert SandboxInbound.objects.get().content["interactive"]["type"] == "list_reply"


def settings_form(**changes) -> dict:
    data = {
        "delivered_after_seconds": 2,
        "read_after_seconds": 3,
        "unreachable_numbers": "",
        "outside_window_numbers": "",
        "opted_out_numbers": "",
        "webhooks_enabled": "on",
        "webhook_url": "",
        "webhook_authorization": "",
        "rate_limit_percent": 0,
        "retry_after_seconds": 1,
        "server_error_percent": 0,
        "server_error_status": 500,
        "slow_response_ms": 0,
        "drop_percent": 0,
        "template_review_seconds": 3,
        "template_reject_names": "",
        "template_reject_reason": "INVALID_FORMAT",
    }
    data.update(changes)
    return data


def test_settings_are_saved_and_noted_in_the_sandbox_log(admin_client_):
    response = admin_client_.post(
        "/sandbox/settings",
        settings_form(
            rate_limit_percent=25, unreachable_numbers="+6500000001", delivered_after_seconds=0
        ),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert b"Saved." in response.content
    config = SandboxConfig.objects.get()
    assert (
        config.rate_limit_percent,
        config.unreachable_numbers,
        config.delivered_after_seconds,
    ) == (
        25,
        "+6500000001",
        0,
    )
    entry = SandboxLogEntry.objects.get()
    assert (entry.who, entry.what) == ("alice-admin", "Changed the sandbox settings")
    assert set(entry.detail["changed"]) >= {"rate_limit_percent", "unreachable_numbers"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"rate_limit_percent": 150},
            b"Answer 429 (% of requests): a share from 0 to 100 %, not 150.",
        ),
        ({"drop_percent": -1}, b"Drop the connection after storing (% of requests):"),
        (
            {"opted_out_numbers": "call me"},
            b"Numbers opted out of marketing: call me is not a phone number",
        ),
        ({"webhook_url": "not a url"}, b"Webhook URL:"),
        ({"retry_after_seconds": 0}, b"Retry-After (seconds): at least 1 second."),
        ({"delivered_after_seconds": "soon"}, b"Delivered after (seconds):"),
    ],
)
def test_bad_settings_are_refused_naming_the_field_and_the_rule(admin_client_, changes, message):
    response = admin_client_.post(
        "/sandbox/settings", settings_form(**changes), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert message in response.content
    assert b"Not saved" in response.content
    assert SandboxConfig.objects.get().rate_limit_percent == 0


def test_bad_settings_without_htmx_rerender_the_page_as_a_400(admin_client_):
    response = admin_client_.post("/sandbox/settings", settings_form(rate_limit_percent=101))

    assert response.status_code == 400
    assert b"<h1>Sandbox</h1>" in response.content


def test_reset_empties_the_sandbox_and_redirects(admin_client_):
    services.message_accept(body=bodies.text())

    response = admin_client_.post("/sandbox/reset")

    assert response.status_code == 302
    assert SandboxMessage.objects.count() == 0
    entry = SandboxLogEntry.objects.get()
    assert entry.who == "alice-admin"
    assert entry.what.startswith("Reset the sandbox")


def test_the_page_lists_the_latest_20_log_entries_newest_first(admin_client_):
    for number in range(25):
        SandboxLogEntry.objects.create(who="alice-admin", what=f"Entry {number:02d}")

    response = admin_client_.get(URL)

    assert b"Sandbox log" in response.content
    assert [e.what for e in response.context["log_entries"]][:2] == ["Entry 24", "Entry 23"]
    assert len(response.context["log_entries"]) == 20
    assert b"Entry 05" in response.content
    assert b"Entry 04" not in response.content


def test_the_page_permission_is_read_from_settings_on_each_request(admin_client_, settings):
    settings.SANDBOX_PAGE_PERMISSION = "accounts.no_such_permission"

    assert admin_client_.get(URL).status_code == 403
    assert admin_client_.post("/sandbox/reset").status_code == 403


def test_reset_refuses_get(admin_client_):
    assert admin_client_.get("/sandbox/reset").status_code == 405


def test_the_live_fragment_costs_the_same_queries_however_many_messages(admin_client_):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            admin_client_.get(URL, headers={"HX-Request": "true"})
        return len(captured)

    services.message_accept(body=bodies.order_update())
    services.customer_reply(phone=bodies.CUSTOMER, kind="text")
    few = queries_for_page()
    for number in range(5):
        services.message_accept(body=bodies.order_update(f"+65911111{number:02d}"))
        services.message_accept(body=bodies.REPLY_BUTTONS)
        services.customer_reply(phone=f"+65911111{number:02d}", kind="text")

    assert queries_for_page() == few


def test_a_reply_from_something_that_is_not_a_phone_number_is_refused(admin_client_):
    response = admin_client_.post(
        "/sandbox/reply", {"phone": "x" * 100, "kind": "text"}, headers={"HX-Request": "true"}
    )

    assert b"phone: " in response.content
    assert b"must be an E.164 number" in response.content
    assert SandboxInbound.objects.count() == 0


def test_a_new_customer_writes_first_from_the_page(agent_client):
    response = agent_client.post(
        "/sandbox/reply", {"phone": "+6598765432", "kind": "text", "text": "Hi! I saw your ad."}
    )

    assert response.status_code == 302
    inbound = SandboxInbound.objects.get(msisdn="+6598765432")
    assert inbound.content == {"text": "Hi! I saw your ad."}
    assert inbound.webhooks.count() == 1  # posted to the product like any customer message
    assert b"A new customer writes first" in agent_client.get(URL).content
