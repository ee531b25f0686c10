"""The campaign builder: build, check, test and launch a campaign; send to many."""

from django.urls import path

from campaigns import builder_views as views

app_name = "campaign-builder"

urlpatterns = [
    path("new/", views.campaign_new, name="new"),
    path("send-to-many/", views.send_to_many, name="send-to-many"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/check/", views.campaign_check_page, name="check"),
    path("<int:pk>/split/", views.campaign_split, name="split"),
    path("<int:pk>/test-send/", views.campaign_test, name="test-send"),
    path("<int:pk>/launch/", views.campaign_launch_view, name="launch"),
]
