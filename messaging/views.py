"""Pages about messages once sent: the dashboard, one message's life, the history, and the
connection to 8x8 on the Settings page."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from access.http import HtmxHttpRequest
from access.permissions import MANAGE_SETTINGS, VIEW_HISTORY, perm
from audit.services import Actor
from chatapps.explain import explain_error
from messaging.connection import (
    connection_check,
    contacts_summary,
    messaging_tier,
    settings_summary,
)
from messaging.dashboard import dashboard_summary
from messaging.forms import HistoryFilterForm
from messaging.history import (
    can_see_numbers,
    filter_choices,
    history_estimate,
    history_page,
    is_sparse,
)
from messaging.selectors import messages_visible_to
from recipients.selectors import opt_out_rules

# Where a plain (no-JS) POST leaves the connection test's result for the page it redirects to.
CHECK_SESSION_KEY = "chatapps_connection_check"
SETTINGS_PAGE = "messaging/settings.html"


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    summary = dashboard_summary(user=request.user)
    return render(request, "messaging/dashboard.html", {"summary": summary})


@require_GET
@permission_required(perm(VIEW_HISTORY), raise_exception=True)
def message_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One sent message: who, what, the exact body, and its status as receipts arrive."""
    message = get_object_or_404(messages_visible_to(request.user), pk=pk)
    context: dict[str, Any] = {
        "message": message,
        "events": message.events.all(),
        "payload_json": json.dumps(message.payload, indent=2, ensure_ascii=False),
    }
    if message.error_code is not None or message.provider_error_code:
        context["explanation"] = explain_error(message.error_code, message.provider_error_code)
    template = "messaging/message.html#status" if request.htmx else "messaging/message.html"
    return render(request, template, context)


@require_GET
@permission_required(perm(VIEW_HISTORY), raise_exception=True)
def history(request: HttpRequest) -> HttpResponse:
    """Newest first, paged by id (after=/before=), filtered, with an estimate instead of a count."""
    filters = HistoryFilterForm(request.GET or None, choices=filter_choices())
    found = filters.filter(messages_visible_to(request.user))
    after, before = cursor_from(request.GET.get("after")), cursor_from(request.GET.get("before"))
    masked = not can_see_numbers(request.user)
    sparse = is_sparse(filters.params())
    page = history_page(found, after=after, before=before, masked=masked, sparse=sparse)
    first = after is None and before is None
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    context = {
        "filters": filters,
        "page": page,
        "estimate": history_estimate(found, filtered=filters.filtered, page=page, first=first),
        "query": query.urlencode(),
        "masked": masked,
    }
    return render(request, "messaging/history.html", context)


def cursor_from(value: str | None) -> int | None:
    """A page cursor from the query string; anything but a plain id means the first page."""
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@require_GET
@permission_required(perm(MANAGE_SETTINGS), raise_exception=True)
def settings_page(request: HttpRequest) -> HttpResponse:
    check = request.session.pop(CHECK_SESSION_KEY, None)
    context = {
        "summary": settings_summary(),
        "check": check,
        "opt_out": opt_out_rules(),
        "contacts": contacts_summary(),
        "messaging_tier": messaging_tier(),
    }
    return render(request, SETTINGS_PAGE, context)


@require_POST
@permission_required(perm(MANAGE_SETTINGS), raise_exception=True)
def settings_test(request: HtmxHttpRequest) -> HttpResponse:
    check = asdict(connection_check(actor=Actor.from_request(request)))
    if request.htmx:
        return render(request, f"{SETTINGS_PAGE}#test-result", {"check": check})
    request.session[CHECK_SESSION_KEY] = check
    return redirect("messaging:settings")
