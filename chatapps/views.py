from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import MANAGE_SETTINGS, perm


@permission_required(perm(MANAGE_SETTINGS), raise_exception=True)
def settings_page(request: HttpRequest) -> HttpResponse:
    return render(request, "chatapps/settings.html", {})
