from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import MANAGE_CATALOG, MANAGE_TEMPLATES, perm
from catalog.models import Product, Template


@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def templates_index(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/templates.html", {"templates": Template.objects.all()})


@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def products_index(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/products.html", {"products": Product.objects.all()})
