"""The request every page view is handed, as the type checker should see it."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """An HttpRequest after HtmxMiddleware: `request.htmx` is truthy for htmx's own requests."""

    htmx: HtmxDetails
