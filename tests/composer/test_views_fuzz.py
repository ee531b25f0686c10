"""No input to the composer's endpoints, however odd, ends in a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Template
from composer.forms import post_data
from composer.kinds import compose_form
from messaging.models import MessageKind

HTMX = {"HTTP_HX_REQUEST": "true"}
odd_text = st.text(max_size=40) | st.sampled_from(
    ["", " ", "-1", "1e309", "NaN", "+", "\x00", "{{1}}"]
)


def field_names(kind: str) -> list[str]:
    """Every input name the kind's page has, formsets included (one row each)."""
    form = compose_form(kind, initial={"template": "en:order_update"})
    return sorted(post_data({**form.raw_state(), "kind": kind}))


@pytest.fixture
def approved_template(db):
    Template.objects.create(
        name="order_update",
        language="en",
        status="APPROVED",
        components=[
            {"type": "HEADER", "format": "LOCATION"},
            {"type": "BODY", "text": "Order {{1}}"},
            {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Copy"}]},
        ],
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_form_data_never_breaks_preview_rows_or_send(agent_client, approved_template, data):
    kind = data.draw(st.sampled_from(MessageKind.values))
    names = field_names(kind)
    posted = {name: data.draw(odd_text, label=name) for name in names if data.draw(st.booleans())}
    posted["kind"] = kind
    posted["action"] = data.draw(st.sampled_from(["add:sections-0-rows", "remove:buttons-0", "x"]))
    for url, extra in (
        (reverse("composer:preview"), HTMX),
        (reverse("composer:rows"), HTMX),
        (reverse("composer:send"), {}),
        (reverse("composer:draft-save"), {}),
    ):
        response = agent_client.post(url, posted, **extra)
        assert response.status_code in (200, 204, 302), (url, posted)
