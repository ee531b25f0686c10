"""No input produces a 500: every page of the URL conf, as an admin (who may open them all), is
opened and posted to with garbage. Answers may refuse (4xx) or re-render with errors; never 5xx."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.chatapps_admin.test_login_required import all_paths

GARBAGE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40
) | st.sampled_from(["", "0", "-1", "99999999999999999999", "<script>", "\x00", "💥" * 30, "null"])
FIELD_NAMES = st.sampled_from(
    [
        "kind",
        "msisdn",
        "body",
        "text",
        "template",
        "action",
        "page",
        "status",
        "role",
        "is_active",
        "username",
        "sections-TOTAL_FORMS",
        "buttons-TOTAL_FORMS",
        "sections-0-rows-TOTAL_FORMS",
        "url",
        "latitude",
        "phone",
        "kind_choice",
        "name",
        "draft",
        "duplicate",
    ]
)
FORMS = st.dictionaries(FIELD_NAMES, GARBAGE_TEXT, max_size=8)
# /health answers 503 by design when a dependency is down; API and webhooks have their own tests.
SKIPPED = ("/health", "/accounts/logout", "/sandbox/api", "/webhooks")
PATHS = [p for p in all_paths() if not p.startswith(SKIPPED)]


@pytest.fixture(autouse=True)
def no_broker(monkeypatch, sandbox_offline):
    """Garbage that happens to be valid may enqueue work: keep it off the broker."""
    monkeypatch.setattr("messaging.enqueue._send", lambda name, args: None)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_garbage_never_makes_a_page_fail(admin_client_, path):
    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=FORMS, form=FORMS, htmx=st.booleans())
    def check(query, form, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        got = admin_client_.get(path, query, headers=headers)
        assert got.status_code < 500, f"GET {path} {query!r} gave {got.status_code}"
        posted = admin_client_.post(path, form, headers=headers)
        assert posted.status_code < 500, f"POST {path} {form!r} gave {posted.status_code}"

    check()
