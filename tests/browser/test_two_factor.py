from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def code_from(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed in by hand from the page."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=steps_ahead):06d}"


def test_enrol_two_factor_then_sign_in_with_a_code(live_server, page, marketer):
    base = live_server.url
    log_in(page, base, marketer.username, PASSWORD)

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Turn on two-factor login").click()
    qr = page.get_by_role("img", name="QR code for setting up the authenticator app")
    assert qr.locator("svg").is_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code", exact=True).fill(code_from(secret))
    page.get_by_role("button", name="Turn on").click()
    page.wait_for_url(base + "/accounts/me/")
    assert page.get_by_text("Two-factor login is on").is_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(base + "/accounts/login/")
    page.get_by_label("Username").fill(marketer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/accounts/login/code/")

    wrong = "000000" if code_from(secret) != "000000" else "111111"
    page.get_by_label("Code", exact=True).fill(wrong)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("That code is not right").is_visible()

    # After a wrong code django-otp waits a second before it checks another, as a person would.
    page.wait_for_timeout(1100)
    # The enrolment spent this step's code; the app's next one is accepted a step early.
    page.get_by_label("Code", exact=True).fill(code_from(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
