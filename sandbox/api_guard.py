"""What stands before every sandbox API endpoint, in 8x8's order: key, region, account, faults."""

from __future__ import annotations

import re
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from sandbox import faults
from sandbox.config import config_get
from sandbox.http import (
    NOT_AUTHENTICATED,
    WRONG_REGION,
    WRONG_SUBACCOUNT,
    View,
    bearer_ok,
    error_response,
)
from sandbox.models import SandboxRequest


def sandbox_api(view: View) -> View:
    """An 8x8 API endpoint: sandbox on, bearer key, right sub-account, then injected faults.

    Order: the key is checked before anything else (as 8x8 does), then the region fault and the
    sub-account, then the faults that make a healthy request fail (slow, 429, 5xx) before the
    view runs, and finally the dropped connection, after the view has done its work. Every call
    that gets past SANDBOX_ENABLED is logged (SandboxRequest) with its arrival and its answer.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.SANDBOX_ENABLED:
            raise Http404("The sandbox is turned off")
        arrived_at = timezone.now()
        response = _answer(request, *args, **kwargs)
        request_record(request, response, arrived_at=arrived_at)
        return response

    def _answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not bearer_ok(request):
            return error_response(401, *NOT_AUTHENTICATED)
        config = config_get()
        if config.wrong_region:
            return error_response(403, *WRONG_REGION)
        subaccount = kwargs.get("subaccount_id")
        if subaccount is not None and subaccount != settings.CHATAPPS_SUBACCOUNT_ID:
            return error_response(401, *WRONG_SUBACCOUNT)
        refusal = faults.fault_before(config)
        if refusal is not None:
            return refusal
        response = view(request, *args, **kwargs)
        return faults.fault_after(config, response)

    return login_not_required(csrf_exempt(wrapper))


JSON_SENDS = ("api-batch", "api-send")
# Read from the raw body, so a request refused before its JSON is parsed (a 429) is still named.
_CLIENT_BATCH_ID = re.compile(rb'"clientBatchId"\s*:\s*"([^"\\]{0,100})"')


def request_record(
    request: HttpRequest, response: HttpResponseBase, *, arrived_at: datetime
) -> SandboxRequest:
    """Log one API call: one INSERT, whatever the size of its body."""
    match = request.resolver_match
    endpoint = (match.url_name or "") if match else ""
    json_body = endpoint in JSON_SENDS and request.method == "POST"
    found = _CLIENT_BATCH_ID.search(request.body) if json_body else None
    retry_after = response.get("Retry-After", "")
    return SandboxRequest.objects.create(
        arrived_at=arrived_at,
        answered_at=timezone.now(),
        method=request.method or "",
        endpoint=endpoint[:40],
        status=response.status_code,
        retry_after=int(retry_after) if retry_after.isdigit() else None,
        client_batch_id=found.group(1).decode(errors="replace") if found else "",
        dropped=isinstance(response, StreamingHttpResponse),
    )
