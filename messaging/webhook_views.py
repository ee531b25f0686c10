"""The endpoint 8x8 posts delivery receipts, inbound messages and template events to."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from messaging.intake import WebhookBodyError, webhook_authorize, webhook_events_store

logger = logging.getLogger(__name__)


def _refuse_constant(name: str) -> None:
    # NaN and Infinity are not JSON; PostgreSQL's jsonb would refuse them later, as a 500.
    raise ValueError(f"{name} is not valid JSON")


@login_not_required  # 8x8 authenticates with the Authorization header instead
@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> HttpResponse:
    """Check the secret, store each event once, answer at once; a worker applies them later."""
    header = request.headers.get("Authorization", "")
    if not webhook_authorize(header=header, secrets=settings.CHATAPPS_WEBHOOK_SECRETS):
        logger.warning(
            "webhook refused: bad Authorization from %s", request.META.get("REMOTE_ADDR")
        )
        return JsonResponse({"error": "The Authorization header does not match."}, status=401)
    try:
        body = json.loads(request.body, parse_constant=_refuse_constant)
    except RequestDataTooBig:
        return _refuse(request, f"The body is over {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _refuse(request, "The body is not valid JSON.")
    try:
        webhook_events_store(body=body)
    except WebhookBodyError as exc:
        return _refuse(request, str(exc))
    return JsonResponse({"status": "ok"})


def _refuse(request: HttpRequest, reason: str) -> JsonResponse:
    """400 with the reason, logged with the body's size but never the body (it may be huge)."""
    size = request.META.get("CONTENT_LENGTH") or 0
    logger.warning(
        "webhook refused (400): %s (%s bytes from %s)",
        reason,
        size,
        request.META.get("REMOTE_ADDR"),
    )
    return JsonResponse({"error": reason}, status=400)
