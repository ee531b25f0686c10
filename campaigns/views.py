"""Campaign pages."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from access.permissions import USE_CAMPAIGNS, perm


@permission_required(perm(USE_CAMPAIGNS), raise_exception=True)
def campaigns(request: HttpRequest) -> HttpResponse:
    description = "Template campaigns to lists and segments, sent through 8x8's batch endpoint."
    return render(request, "planned.html", {"title": "Campaigns", "description": description})
