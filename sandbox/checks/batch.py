"""What 8x8 refuses in a batch: the request as a whole (a 400), and each merged message (a
rejected item inside a 200)."""

from __future__ import annotations

from typing import Any

from sandbox.checks import problems as codes
from sandbox.checks.message import SharedChecks, check_message
from sandbox.checks.problems import Checker, Problem, kind_of

# 8x8's prose says 1,000 messages, its schema's maxItems 10,000; the schema is what is enforced.
MAX_BATCH = 10_000
CLIENT_BATCH_ID_LIMIT = 100
# The properties a batch's `template` may default for every message.
DEFAULTED = ("type", "content", "dlrCallbackUrl", "channels")


def batch_problems(body: object) -> list[Problem]:
    """Why 8x8 would refuse the whole batch request; empty when its messages get judged."""
    checker = Checker()
    batch = checker.mapping("$", body, "batch body", codes.INVALID_PARAMETER)
    if batch is None:
        return checker.problems
    messages = checker.items(
        "$.messages", batch.get("messages"), "messages", codes.MISSED_MESSAGES, at_least=1
    )
    if messages is not None and len(messages) > MAX_BATCH:
        # On the array itself: the whole request is refused, not the 10,001st message.
        message = f"a batch holds {MAX_BATCH} messages at most (got {len(messages)})"
        checker.refuse("$.messages", message, codes.TOO_MANY_MESSAGES)
    checker.string(
        "$.clientBatchId",
        batch.get("clientBatchId"),
        "clientBatchId",
        codes.INVALID_PARAMETER,
        longest=CLIENT_BATCH_ID_LIMIT,
        too_long=codes.TOO_LONG_CLIENT_BATCH_ID,
        whose="8x8",
    )
    include = batch.get("includeMessagesInResponse")
    if include is not None and not isinstance(include, bool):
        message = f"includeMessagesInResponse must be true or false, not {kind_of(include)}"
        checker.refuse("$.includeMessagesInResponse", message, codes.INVALID_PARAMETER)
    checker.mapping(
        "$.template",
        batch.get("template"),
        "template (batch defaults)",
        codes.INVALID_PARAMETER,
        needed=False,
    )
    return checker.problems


def batch_item_problems(body: object) -> dict[int, list[Problem]]:
    """The problems of each merged message that has any, by its index in the batch."""
    found: dict[int, list[Problem]] = {}
    shared: SharedChecks = {}
    for index, message in enumerate(merged_messages(body)):
        checker = Checker()
        check_message(checker, f"$.messages[{index}]", message, shared=shared)
        if checker.problems:
            found[index] = checker.problems
    return found


def merged_messages(body: object) -> list[Any]:
    """Each message with the batch `template` defaults filled in where it lacks the property.

    8x8 merges whole top-level properties: a message with its own `content` keeps it entirely.
    Defaults are shared between the merged messages, not copied, so callers must not mutate them.
    """
    if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
        return []
    template = body.get("template")
    defaults = (
        {key: template[key] for key in DEFAULTED if key in template}
        if isinstance(template, dict)
        else {}
    )
    return [
        {**message, **{k: v for k, v in defaults.items() if message.get(k) is None}}
        if isinstance(message, dict)
        else message
        for message in body["messages"]
    ]
