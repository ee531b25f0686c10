"""8x8's wire conventions: the timestamp format and the error body."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sandbox.checks import Problem
from sandbox.http import api_timestamp, error_body, problems_text


def test_timestamps_are_utc_with_hundredths_of_a_second():
    moment = datetime(2021, 1, 4, 16, 19, 45, 999_999, tzinfo=timezone(timedelta(hours=8)))

    assert api_timestamp(moment) == "2021-01-04T08:19:45.99Z"
    assert (
        api_timestamp(datetime(2020, 6, 17, 4, 17, 21, 60_000, tzinfo=UTC))
        == "2020-06-17T04:17:21.06Z"
    )


def test_an_error_body_has_exactly_8x8s_four_keys():
    body = error_body(1300, "Message not found.")

    assert set(body) == {"code", "message", "errorId", "timestamp"}
    assert (body["code"], body["message"]) == (1300, "Message not found.")
    assert error_body(1300, "x")["errorId"] != body["errorId"]


def test_problems_read_with_their_path_unless_they_are_8x8s_own_words():
    problems = [
        Problem("$.user.msisdn", "msisdn is not E.164", 1002),
        Problem("", "Empty template parameters", 3040),
    ]

    assert (
        problems_text(problems) == "$.user.msisdn: msisdn is not E.164; Empty template parameters"
    )
