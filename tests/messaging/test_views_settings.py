"""The Settings page: Admin only, never shows secrets, tests the connection with or without htmx."""

from __future__ import annotations

import httpx
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from chatapps.client import reset_client, set_client
from tests.chatapps.mock8x8 import error_body, make_client

URL = reverse("messaging:settings")
TEST_URL = reverse("messaging:settings-test")
API_KEY = "k3y-that-must-never-appear-on-the-page"
SECRETS = ["whsec-rotating-secret-number-one", "short"]


@pytest.fixture(autouse=True)
def configured(settings):
    settings.CHATAPPS_API_KEY = API_KEY
    settings.CHATAPPS_WEBHOOK_SECRETS = SECRETS
    settings.PUBLIC_BASE_URL = "https://admin.example.com"
    yield
    reset_client()


def use_8x8(message_status: int, body: dict | None = None) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "/messages/" in request.url.path:
            return httpx.Response(message_status, json=body)
        return httpx.Response(200, json={"templates": []})

    set_client(make_client(handler))


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


@pytest.mark.parametrize("who", ["marketer_client", "agent_client", "outsider_client"])
def test_only_admins_may_see_it(who, request):
    assert request.getfixturevalue(who).get(URL).status_code == 403


@pytest.mark.parametrize("who", ["marketer_client", "agent_client", "outsider_client"])
def test_only_admins_may_test_the_connection(who, request):
    use_8x8(404, error_body(1300, "Message not found."))
    assert request.getfixturevalue(who).post(TEST_URL).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.SETTINGS_TEST).exists()


def test_it_shows_the_configuration_but_never_the_key_or_secrets(admin_client_, settings):
    settings.CHATAPPS_BASE_URL = "https://chatapps.8x8.uk"
    response = admin_client_.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Europe" in page
    assert "https://chatapps.8x8.uk" in page
    assert settings.CHATAPPS_SUBACCOUNT_ID in page
    assert settings.CHATAPPS_CHANNEL_ID in page
    assert "https://admin.example.com/webhooks/8x8/" in page
    assert "2 secrets set" in page
    assert "whse••••••••" in page
    assert API_KEY not in page
    assert API_KEY[:6] not in page
    for secret in SECRETS:
        assert secret not in page
    assert "whsec-" not in page


def test_the_sandbox_is_named_as_such(admin_client_, settings):
    settings.CHATAPPS_BASE_URL = "http://127.0.0.1:8000/sandbox"
    assert "Sandbox (built in)" in admin_client_.get(URL).content.decode()


def test_the_messaging_tier_is_shown(admin_client_, settings):
    settings.WHATSAPP_MESSAGING_TIER = 10000
    assert "10,000 people a day" in admin_client_.get(URL).content.decode()
    settings.WHATSAPP_MESSAGING_TIER = None
    assert ">unlimited <" in admin_client_.get(URL).content.decode()


def test_a_missing_key_and_missing_secrets_are_flagged(admin_client_, settings):
    settings.CHATAPPS_API_KEY = ""
    settings.CHATAPPS_WEBHOOK_SECRETS = []
    page = admin_client_.get(URL).content.decode()
    assert "Not set" in page
    assert "No secret set" in page


def test_the_htmx_test_renders_the_result_fragment_and_is_audited(admin_client_, admin):
    use_8x8(404, error_body(1300, "Message not found."))
    response = admin_client_.post(TEST_URL, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="test-result"')
    assert "<html" not in page
    assert "Connected" in page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SETTINGS_TEST)
    assert entry.actor == admin
    assert entry.data["status"] == "ok"


def test_a_failure_is_explained_in_plain_words(admin_client_):
    use_8x8(403, error_body(1201, "Account was not found in SG. Please use the ID endpoint!"))
    page = admin_client_.post(TEST_URL, HTTP_HX_REQUEST="true").content.decode()
    assert "Wrong region" in page
    assert "CHATAPPS_BASE_URL" in page
    assert "HTTP 403" in page and "code 1201" in page
    assert AuditEntry.objects.get(action=AuditEntry.Action.SETTINGS_TEST).data["status"] == (
        "wrong_region"
    )


def test_without_javascript_it_redirects_and_shows_the_result_once(admin_client_):
    use_8x8(401, error_body(1200, "Request was not authenticated properly"))
    response = admin_client_.post(TEST_URL)
    assert response.status_code == 302
    assert response["Location"] == URL
    first = admin_client_.get(URL).content.decode()
    assert "The API key was refused." in first
    assert "The API key was refused." not in admin_client_.get(URL).content.decode()


def test_the_test_refuses_get(admin_client_):
    assert admin_client_.get(TEST_URL).status_code == 405


def test_the_test_needs_a_csrf_token(admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(TEST_URL).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.SETTINGS_TEST).exists()


def test_8x8s_words_are_escaped(admin_client_):
    use_8x8(403, error_body(1201, "<script>alert(1)</script> use the ID endpoint"))
    page = admin_client_.post(TEST_URL, HTTP_HX_REQUEST="true").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_it_lists_the_opt_out_keywords_and_the_authentication_rule(admin_client_, settings):
    settings.OPT_OUT_KEYWORDS = ["STOP", "ARRÊT", "<b>BAJA</b>"]
    settings.OPT_OUT_ALL_KEYWORDS = ["STOP ALL"]
    settings.OPT_IN_KEYWORDS = ["START"]
    html = admin_client_.get(URL).content.decode()
    assert "<code>STOP</code>, <code>ARRÊT</code>, <code>&lt;b&gt;BAJA&lt;/b&gt;</code>" in html
    assert "<code>STOP ALL</code>" in html
    assert "<code>START</code>" in html
    assert "Refused</span> to numbers that opted out" in html
    settings.OPT_OUT_ALLOW_AUTHENTICATION = True
    html = admin_client_.get(URL).content.decode()
    assert "Allowed</span> to numbers that opted out of marketing" in html
