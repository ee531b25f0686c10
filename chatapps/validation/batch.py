"""Rules for a batch body: the whole request, and each message after the shared defaults merge."""

from __future__ import annotations

from chatapps.validation import codes
from chatapps.validation.fields import (
    Problem,
    Report,
    check_array,
    check_object,
    check_text,
    json_type,
)
from chatapps.validation.message import check_message

# The schema allows 10,000 messages (its prose says 1,000); the schema is what 8x8 enforces.
MAX_BATCH = 10000
CLIENT_BATCH_ID_LIMIT = 100
# What a batch's `template` may hold: defaults for every message.
DEFAULT_KEYS = ("type", "content", "dlrCallbackUrl", "channels")


def validate_batch(body: object) -> list[Problem]:
    """Every problem of a batch body: the whole-request ones first, then each message's."""
    problems = batch_level_problems(body)
    for item_problems in batch_item_problems(body).values():
        problems.extend(item_problems)
    return problems


def batch_level_problems(body: object) -> list[Problem]:
    """Problems that reject the whole request (8x8 answers them with a 400 error body)."""
    report = Report()
    batch = check_object(report, "$", body, what="batch body", code=codes.INVALID_PARAMETER)
    if batch is None:
        return report.problems
    messages = check_array(
        report,
        "$.messages",
        batch.get("messages"),
        what="messages",
        noun="message",
        code=codes.MISSED_MESSAGES,
        least=1,
    )
    # Reported on the array, not on an item, because it rejects the whole request.
    if messages is not None and len(messages) > MAX_BATCH:
        message = f"at most {MAX_BATCH} messages per batch (got {len(messages)})"
        report.add("$.messages", message, codes.TOO_MANY_MESSAGES)
    check_text(
        report,
        "$.clientBatchId",
        batch.get("clientBatchId"),
        what="clientBatchId",
        code=codes.INVALID_PARAMETER,
        limit=CLIENT_BATCH_ID_LIMIT,
        too_long_code=codes.TOO_LONG_CLIENT_BATCH_ID,
        authority="8x8",
    )
    include = batch.get("includeMessagesInResponse")
    if include is not None and not isinstance(include, bool):
        message = f"includeMessagesInResponse must be true or false (got {json_type(include)})"
        report.add("$.includeMessagesInResponse", message, codes.INVALID_PARAMETER)
    check_object(
        report,
        "$.template",
        batch.get("template"),
        what="template (the batch defaults)",
        code=codes.INVALID_PARAMETER,
        required=False,
    )
    return report.problems


def batch_item_problems(body: object) -> dict[int, list[Problem]]:
    """The problems of each message, by index, after merging the defaults.

    Only messages with problems appear; 8x8 rejects those one by one inside a 200 answer.
    """
    found: dict[int, list[Problem]] = {}
    for index, message in enumerate(merged_messages(body)):
        report = Report()
        check_message(report, f"$.messages[{index}]", message)
        if report.problems:
            found[index] = report.problems
    return found


def merged_messages(body: object) -> list[object]:
    """The batch's messages with the `template` defaults filled in where a message lacks them.

    8x8 merges "where the message lacks the property", so the merge is per top-level property: a
    message with its own `content` keeps all of it and gets none of the default content. Merged
    values are shared between messages, not copied: do not mutate them.
    """
    if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
        return []
    template = body.get("template")
    defaults = (
        {key: template[key] for key in DEFAULT_KEYS if key in template}
        if isinstance(template, dict)
        else {}
    )
    return [_merged(message, defaults) for message in body["messages"]]


def _merged(message: object, defaults: dict[str, object]) -> object:
    if not isinstance(message, dict):
        return message
    missing = {key: value for key, value in defaults.items() if message.get(key) is None}
    return {**message, **missing}
