"""chatapps.validation never raises: whatever JSON arrives, it answers with a list of problems."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatapps.validation import (
    Problem,
    batch_item_problems,
    batch_level_problems,
    normalise_message,
    validate_batch,
    validate_message,
)
from chatapps.validation.template import BUTTON_SUBTYPES
from tests.chatapps.bodies import BASES

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),  # beyond float and int-to-str limits
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["", "0", "1", "-1", "1e999", "nan", "+65000000", "Image", "BUTTON", "x" * 5000]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)

# The keys the validator reads, so random values land where they are looked at.
KNOWN_KEYS = [
    "user",
    "msisdn",
    "country",
    "channelUserId",
    "type",
    "content",
    "text",
    "url",
    "location",
    "latitude",
    "longitude",
    "interactive",
    "header",
    "body",
    "footer",
    "action",
    "buttons",
    "reply",
    "id",
    "title",
    "sections",
    "rows",
    "product_items",
    "parameters",
    "template",
    "name",
    "language",
    "components",
    "subType",
    "index",
    "cards",
    "cardIndex",
    "couponCode",
    "ttlMinutes",
    "flowActionData",
    "sms",
    "fallbackText",
    "whatsApp",
    "directSend",
    "channels",
    "context",
    "scheduled",
    "expiry",
    "dlrCallbackUrl",
    "clientMessageId",
]


@st.composite
def base_with_noise(draw: st.DrawFn) -> object:
    """A valid body of some kind with one value somewhere inside replaced by random JSON."""
    body = copy.deepcopy(BASES[draw(st.sampled_from(sorted(BASES)))])
    holders = list(_containers(body))
    holder = draw(st.sampled_from(holders))
    if isinstance(holder, list):
        if holder:
            holder[draw(st.integers(0, len(holder) - 1))] = draw(json_values)
    else:
        key = draw(st.sampled_from([*holder.keys(), *KNOWN_KEYS]))
        holder[key] = draw(json_values)
    return body


def _containers(value: object):
    if isinstance(value, dict | list):
        yield value
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            yield from _containers(child)


message_shaped = st.fixed_dictionaries(
    {},
    optional={key: json_values for key in ("user", "type", "content", "channels", "context")},
)
messages = st.one_of(json_values, message_shaped, base_with_noise())
batches = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"messages": st.lists(messages, max_size=4)},
        optional={
            "template": st.one_of(json_values, message_shaped),
            "clientBatchId": json_values,
            "includeMessagesInResponse": json_values,
        },
    ),
)


def assert_problem_list(problems: object) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.path, str)
        assert problem.path.startswith("$")
        assert isinstance(problem.message, str)
        assert problem.message
        assert isinstance(problem.code, int)


@SETTINGS
@given(messages)
def test_validate_message_never_raises(body):
    assert_problem_list(validate_message(body))


@SETTINGS
@given(batches)
def test_batch_validation_never_raises(body):
    assert_problem_list(validate_batch(body))
    assert_problem_list(batch_level_problems(body))
    items = batch_item_problems(body)
    assert isinstance(items, dict)
    for index, problems in items.items():
        assert isinstance(index, int)
        assert problems
        assert_problem_list(problems)
        assert all(problem.path.startswith(f"$.messages[{index}]") for problem in problems)


@st.composite
def respelled(draw: st.DrawFn) -> tuple[dict[str, object], dict[str, object]]:
    """A canonical base body, and the same body spelled the lenient ways 8x8 accepts."""
    name = draw(st.sampled_from(sorted(BASES)))
    canonical = BASES[name]
    body = copy.deepcopy(canonical)
    for holder in _containers(body):
        if isinstance(holder, dict):
            _respell(draw, holder)
    return canonical, body


def _respell(draw: st.DrawFn, holder: dict[str, object]) -> None:
    if isinstance(holder.get("type"), str):
        holder["type"] = draw(st.sampled_from(_cases(holder["type"])))
    if holder.get("subType") in BUTTON_SUBTYPES:
        number = BUTTON_SUBTYPES.index(holder["subType"])
        holder["subType"] = draw(st.sampled_from([number, *_cases(holder["subType"])]))
    for key in ("index", "cardIndex"):
        if isinstance(holder.get(key), int):
            holder[key] = draw(st.sampled_from([holder[key], str(holder[key])]))


def _cases(word: str) -> list[str]:
    return [word, word.lower(), word.upper(), word.title(), word.swapcase()]


@SETTINGS
@given(respelled())
def test_normalise_undoes_every_lenient_spelling(bodies):
    canonical, body = bodies
    assert validate_message(body) == []
    assert normalise_message(body) == canonical


@SETTINGS
@given(messages)
def test_normalise_keeps_valid_bodies_valid(body):
    if not isinstance(body, dict) or validate_message(body):
        return
    normalised = normalise_message(body)
    assert validate_message(normalised) == []
    assert normalise_message(normalised) == normalised
