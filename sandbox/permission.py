"""Who may use the Sandbox page and who may change its settings, by permissions named in settings.

The sandbox imports nothing from the product, so it cannot use the product's permission constants;
`settings.SANDBOX_PAGE_PERMISSION` and `settings.SANDBOX_SETTINGS_PERMISSION` name the ones to
require and are read on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

View = Callable[..., HttpResponseBase]


def sandbox_page_permission(view: View) -> View:
    """403 unless the user holds settings.SANDBOX_PAGE_PERMISSION (e.g. "access.use_sandbox")."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(settings.SANDBOX_PAGE_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def may_change_settings(user: Any) -> bool:
    """Settings (webhook target, faults, reset) change what every user of the sandbox sees."""
    return bool(user.has_perm(settings.SANDBOX_SETTINGS_PERMISSION))


def sandbox_settings_permission(view: View) -> View:
    """403 unless the user holds settings.SANDBOX_SETTINGS_PERMISSION (an admin's)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_change_settings(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
