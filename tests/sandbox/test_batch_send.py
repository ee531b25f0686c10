"""The batch endpoint at scale: its database work does not grow with the batch, and duplicates are
flagged as the one-by-one sends flagged them."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sandbox import selectors, services
from sandbox.checks import batch_item_problems, merged_messages
from sandbox.checks.message import check_message
from sandbox.checks.problems import Checker
from sandbox.models import SandboxMessage
from tests.sandbox import bodies

IMAGE_HEADER = {"type": "header", "parameters": [{"type": "image", "url": "https://x.test/a.jpg"}]}
# The fault check's settings read, the savepoint and its release, the settings, one lookup per
# distinct template (three here), the clientMessageIds seen before, one INSERT, and the request
# log's INSERT.
BATCH_QUERIES = 10


def mixed_batch(size: int, *, prefix: str = "m") -> dict:
    """Templates from the batch defaults, own templates, free-form text, and refusals."""
    messages: list[object] = []
    for n in range(size):
        msisdn = f"+65800{n:05d}"
        if n % 5 == 1:
            item: object = {**bodies.text(msisdn), "clientMessageId": f"{prefix}-{n}"}
        elif n % 5 == 2:
            item = bodies.template("new_collection", "en", [IMAGE_HEADER], msisdn=msisdn)
        elif n % 5 == 3:
            item = {**bodies.template("no_such", "en", [bodies.body_params("x")], msisdn=msisdn)}
        elif n % 5 == 4:
            item = bodies.text("bad")
        else:
            item = {"user": {"msisdn": msisdn}, "clientMessageId": f"{prefix}-{n}"}
        messages.append(item)
    default = {"type": "template", "content": bodies.order_update()["content"]}
    return {"template": default, "includeMessagesInResponse": True, "messages": messages}


def test_a_50_message_batch_takes_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    services.config_get()  # the first use also seeds the templates

    with django_assert_max_num_queries(BATCH_QUERIES):
        response = api.batch(mixed_batch(50))

    assert response.status_code == 200
    assert response.json()["acceptedCount"] == 30


@pytest.mark.parametrize("size", [1, 10, 200])
def test_the_query_count_does_not_grow_with_the_batch(api, size):
    services.config_get()
    with CaptureQueriesContext(connection) as small:
        api.batch(mixed_batch(5, prefix=f"small-{size}"))
    with CaptureQueriesContext(connection) as large:
        api.batch(mixed_batch(size * 5, prefix=f"large-{size}"))

    # SQLite inserts at most 999 parameters a statement, so only the INSERTs may multiply.
    def not_inserts(queries: CaptureQueriesContext) -> int:
        return sum(not q["sql"].startswith("INSERT") for q in queries.captured_queries)

    assert not_inserts(large) == not_inserts(small)


def test_every_stored_row_has_its_id_and_the_receipts_task_gets_them_in_request_order(
    api, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = api.batch(mixed_batch(300)).json()

    stored = list(SandboxMessage.objects.order_by("id"))
    assert [m.umid for m in stored] == [m["umid"] for m in body["messages"]]
    accepted = [m.pk for m in stored if m.state == SandboxMessage.State.QUEUED]
    assert len(accepted) == body["acceptedCount"] == 180
    assert enqueued == [("sandbox.tasks.sandbox_receipts_task", (accepted, "delivered"), 2)]


def test_a_batch_stores_what_single_sends_store(api):
    batch = mixed_batch(10)
    api.batch(batch)
    batched = list(SandboxMessage.objects.order_by("id"))
    SandboxMessage.objects.all().delete()

    for item in services.merged_messages(batch):
        api.send(item)
    single = list(SandboxMessage.objects.order_by("id"))

    fields = [
        "client_message_id",
        "msisdn",
        "type",
        "body",
        "state",
        "error_code",
        "pricing_category",
        "is_duplicate",
    ]
    assert [[getattr(m, f) for f in fields] for m in batched] == [
        [getattr(m, f) for f in fields] for m in single
    ]
    assert {m.pricing_category for m in batched if m.state == "queued"} == {
        "utility",
        "marketing",
        "service",
    }


def test_duplicates_count_earlier_in_the_batch_and_earlier_batches_but_never_rejections(api):
    first = api.batch(
        {
            "includeMessagesInResponse": True,
            "messages": [
                bodies.text(client_message_id="a"),
                bodies.text("+6522222222", client_message_id="a"),
                {**bodies.text("bad"), "clientMessageId": "b"},
                bodies.text(client_message_id="b"),
                {**bodies.text("bad"), "clientMessageId": "c"},
                bodies.text(),
                bodies.text(),
            ],
        }
    ).json()
    second = api.batch(
        {"messages": [bodies.text(client_message_id=cid) for cid in ("a", "b", "c", "d", "d")]}
    ).json()

    assert [m["status"]["state"] for m in first["messages"]] == [
        "queued",
        "queued",
        "rejected",
        "queued",
        "rejected",
        "queued",
        "queued",
    ]
    assert second["acceptedCount"] == 5
    flags = [
        (m.client_message_id, m.is_duplicate)
        for m in SandboxMessage.objects.exclude(state="rejected").order_by("id")
    ]
    assert flags == [
        ("a", False),
        ("a", True),
        ("b", False),
        ("", False),
        ("", False),
        ("a", True),
        ("b", True),
        ("c", False),
        ("d", False),
        ("d", True),
    ]
    assert selectors.duplicate_count() == 4


def test_a_single_send_after_a_batch_is_a_duplicate_of_it(api):
    api.batch({"messages": [bodies.text(client_message_id="from-batch")]})
    api.send(bodies.text(client_message_id="from-batch"))

    assert list(SandboxMessage.objects.values_list("is_duplicate", flat=True)) == [False, True]


def test_a_shared_content_is_judged_as_if_each_message_carried_its_own_copy():
    """The batch checks its defaults' content once; each message still gets every problem at
    its own path, as a message carrying a copy of that content would."""
    broken = {"template": {"name": 7, "components": "none"}, "text": ""}
    body = {
        "template": {"type": "template", "content": broken},
        "messages": [
            {"user": {"msisdn": "+6580000001"}},
            {"user": {"msisdn": "+6580000002"}, "type": "text"},
            {"user": {"msisdn": "bad"}},
            {**bodies.text("+6580000003")},
        ],
    }

    found = batch_item_problems(body)

    expected = {}
    for index, message in enumerate(merged_messages(body)):
        alone = Checker()
        check_message(alone, f"$.messages[{index}]", json.loads(json.dumps(message)))
        if alone.problems:
            expected[index] = alone.problems
    assert found == expected
    assert {0, 1, 2} <= set(found) and 3 not in found
    assert any(p.path.startswith("$.messages[1].content") for p in found[1])
