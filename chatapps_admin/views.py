from __future__ import annotations

from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from access.permissions import perm
from chatapps_admin.health import run_checks


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@login_not_required
@cache_control(max_age=86400, public=True)
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and tools ask for /favicon.ico whatever the page says; send them to the static
    icon. A temporary redirect, looked up per request, so a hashed name in production is never
    cached for good or needed when this module is imported."""
    return HttpResponseRedirect(static("favicon.ico"))


def planned_page(title: str, description: str, permission: str):
    """A page for a capability that is on the way: guarded like the real one will be."""

    @permission_required(perm(permission), raise_exception=True)
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "planned.html", {"title": title, "description": description})

    return view
