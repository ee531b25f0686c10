from dataclasses import asdict

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from accounts.permissions import MANAGE_SETTINGS, perm
from chatapps.selectors import settings_summary
from chatapps.services import connection_check

# Where a plain (no-JS) POST leaves the result for the page it redirects to.
CHECK_SESSION_KEY = "chatapps_connection_check"
TEMPLATE = "chatapps/settings.html"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@permission_required(perm(MANAGE_SETTINGS), raise_exception=True)
def settings_page(request: HttpRequest) -> HttpResponse:
    check = request.session.pop(CHECK_SESSION_KEY, None)
    return render(request, TEMPLATE, {"summary": settings_summary(), "check": check})


@require_POST
@permission_required(perm(MANAGE_SETTINGS), raise_exception=True)
def settings_test(request: HtmxHttpRequest) -> HttpResponse:
    check = asdict(connection_check(actor=request.user, request=request))
    if request.htmx:
        return render(request, f"{TEMPLATE}#test-result", {"check": check})
    request.session[CHECK_SESSION_KEY] = check
    return redirect("chatapps:settings")
