from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_log_in_see_the_dashboard_switch_to_dark_mode_and_log_out(live_server, page, marketer):
    log_in(page, live_server.url, marketer.username, PASSWORD)

    assert page.get_by_role("heading", name="Dashboard").is_visible()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Compose").is_visible()
    assert nav.get_by_role("link", name="Audit").count() == 0  # not a Marketing page

    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    page.get_by_role("button", name="Dark mode").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(15, 20, 25)"
    page.reload()  # the choice survives a reload
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/accounts/login/")
    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/accounts/login/")
