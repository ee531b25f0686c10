from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import COMPOSE, VIEW_HISTORY, perm
from composer.selectors import messages_visible_to


@permission_required(perm(COMPOSE), raise_exception=True)
def compose(request: HttpRequest) -> HttpResponse:
    return render(request, "composer/compose.html", {})


@permission_required(perm(VIEW_HISTORY), raise_exception=True)
def history(request: HttpRequest) -> HttpResponse:
    return render(request, "composer/history.html", {"messages_list": messages_visible_to(request.user)[:100]})
