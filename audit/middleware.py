"""The address of the request being served, for audit entries written where no request is
handed over: Django's admin site logs its changes (LogEntry) without one."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from audit.services import client_ip

_address: ContextVar[str | None] = ContextVar("audit_request_address", default=None)


def request_address() -> str | None:
    """The address of the request this thread (or task) is serving, None outside a request."""
    return _address.get()


class RequestAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)
