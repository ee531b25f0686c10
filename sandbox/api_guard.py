"""What stands before every sandbox API endpoint, in 8x8's order: key, region, account, faults."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
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


def sandbox_api(view: View) -> View:
    """An 8x8 API endpoint: sandbox on, bearer key, right sub-account, then injected faults.

    Order: the key is checked before anything else (as 8x8 does), then the region fault and the
    sub-account, then the faults that make a healthy request fail (slow, 429, 5xx) before the
    view runs, and finally the dropped connection, after the view has done its work.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.SANDBOX_ENABLED:
            raise Http404("The sandbox is turned off")
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
