"""Who may use the Sandbox page, decided by a permission named in settings.

The sandbox imports nothing from the product, so it cannot use the product's permission constants;
`settings.SANDBOX_PAGE_PERMISSION` names the one to require and is read on every request.
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
