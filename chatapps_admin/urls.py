from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from chatapps_admin import views
from messaging.views import dashboard

# Capabilities that are designed but not yet built: guarded pages that say so plainly.
planned: list[tuple[str, Callable[..., HttpResponse]]] = []

urlpatterns = [
    # First: 8x8 posts every receipt here, and each pattern before it is tried on each one.
    path("webhooks/", include("messaging.webhook_urls")),
    path("", dashboard, name="dashboard"),
    path("health", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("compose/", include("composer.urls")),
    path("campaigns/", include("campaigns.builder_urls")),
    path("campaigns/", include("campaigns.urls")),
    path("inbox/", include("inbox.urls")),
    path("catalog/", include("catalog.urls")),
    path("contacts/", include("audience.urls")),
    path("catalog/products/import/", include("catalog.import_urls")),
    path("contacts/", include("audience.import_urls")),
    path("audit/", include("audit.urls")),
    path("", include("messaging.urls")),
    path("sandbox/", include("sandbox.urls")),
    *[path(f"{name}/", include(([path("", view, name="index")], name))) for name, view in planned],
]
if settings.ADMIN_SITE_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))
