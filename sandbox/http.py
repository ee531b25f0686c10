"""8x8's wire conventions: timestamps, the error body, bearer auth and the API view decorator."""

from __future__ import annotations

import hmac
import json
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from sandbox.checks import Problem

NOT_AUTHENTICATED = (1200, "Request was not authenticated properly")
WRONG_SUBACCOUNT = (1001, "Provided subAccountId doesn't belongs to your account")
WRONG_REGION = (1201, "Account was not found in SG. Please use the ID endpoint!")
NOT_JSON = 1000

View = Callable[..., HttpResponseBase]


def api_timestamp(moment: datetime | None = None) -> str:
    """8x8's timestamp: UTC, hundredths of a second, e.g. 2021-01-04T08:19:45.99Z."""
    moment = (moment or timezone.now()).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 10000:02d}Z"


def error_body(code: int, message: str) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "errorId": str(uuid.uuid4()),
        "timestamp": api_timestamp(),
    }


def error_response(
    status: int, code: int, message: str, *, headers: dict[str, str] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status, headers=headers)


def problems_text(problems: Iterable[Problem]) -> str:
    """All problems in one message, 8x8 style; a problem without a path reads as 8x8 words it."""
    return "; ".join(
        p.message if p.path in ("", "$") else f"{p.path}: {p.message}" for p in problems
    )


def problems_response(problems: list[Problem]) -> JsonResponse:
    """400 with the first problem's code and every problem listed."""
    return error_response(400, problems[0].code, problems_text(problems))


def read_json(request: HttpRequest) -> tuple[Any, JsonResponse | None]:
    """The parsed body, or a 400 code 1000 answer when it is not JSON."""
    try:
        return json.loads(request.body), None
    except (ValueError, UnicodeDecodeError) as exc:
        return None, error_response(400, NOT_JSON, f"Request body is not valid JSON: {exc}")
    except RecursionError:
        return None, error_response(400, NOT_JSON, "Request body is nested too deeply")


def bearer_ok(request: HttpRequest) -> bool:
    """Constant-time comparison of the bearer token with CHATAPPS_API_KEY."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    expected = settings.CHATAPPS_API_KEY
    if scheme.lower() != "bearer" or not token or not expected:
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


def sandbox_enabled(view: View) -> View:
    """404 for every sandbox path while SANDBOX_ENABLED is off, checked per request."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.SANDBOX_ENABLED:
            raise Http404("The sandbox is turned off")
        return view(request, *args, **kwargs)

    return wrapper
