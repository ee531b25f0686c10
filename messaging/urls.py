from django.urls import path

from messaging import history_views, views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.history, name="history"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("messages/export/", history_views.export_start, name="history-export"),
    path("messages/export/<int:pk>/", history_views.export_job, name="history-export-job"),
    path(
        "messages/export/<int:pk>/messages.csv",
        history_views.export_download,
        name="history-export-download",
    ),
    path("settings/", views.settings_page, name="settings"),
    path("settings/test/", views.settings_test, name="settings-test"),
]
