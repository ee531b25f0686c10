from __future__ import annotations

from django.http import HttpRequest

from access.roles import role_of
from accounts.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_role": ""}
    return {"nav_items": nav_for(user), "user_role": role_of(user)}
