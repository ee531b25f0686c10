"""Checks of the sandbox's answers shared by the API tests."""

from __future__ import annotations

import re
import uuid

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ")


def assert_error_body(response, status: int, code: int) -> dict:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "errorId", "timestamp"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    uuid.UUID(body["errorId"])
    assert TIMESTAMP.fullmatch(body["timestamp"])
    return body
