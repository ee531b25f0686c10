from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import USE_SANDBOX, perm


@permission_required(perm(USE_SANDBOX), raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "sandbox/index.html", {})
