"""The endpoint 8x8 posts delivery receipts, inbound messages and template events to."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
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
    except (ValueError, UnicodeDecodeError, RecursionError):
        return JsonResponse({"error": "The body is not valid JSON."}, status=400)
    try:
        webhook_events_store(body=body)
    except WebhookBodyError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"status": "ok"})
