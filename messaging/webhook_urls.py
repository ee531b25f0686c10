from django.urls import path

from messaging import webhook_views

app_name = "webhooks"

urlpatterns = [
    path("8x8/", webhook_views.receive, name="8x8"),
]
