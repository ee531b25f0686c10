from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from access.permissions import VIEW_AUDIT, perm
from audit.models import AuditEntry


@permission_required(perm(VIEW_AUDIT), raise_exception=True)
def audit_index(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.all()
    action = request.GET.get("action", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    who = request.GET.get("who", "").strip()[:150]
    if who:
        entries = entries.filter(actor_username__icontains=who)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/index.html",
        {"page": page, "actions": AuditEntry.Action.choices, "action": action, "who": who},
    )
