from django.urls import path

from sandbox import api_views, views

app_name = "sandbox"

SUBACCOUNT = "api/v1/subaccounts/<str:subaccount_id>"
CHANNEL = "api/v1/accounts/<str:account_id>/channels/<str:channel_id>"

urlpatterns = [
    # The Sandbox page
    path("", views.index, name="index"),
    path("settings", views.settings_update, name="settings"),
    path("reply", views.reply, name="reply"),
    path("reset", views.reset, name="reset"),
    path("template-quality", views.template_quality, name="template-quality"),
    # 8x8's API, at the same paths under /sandbox/
    path(f"{SUBACCOUNT}/messages", api_views.message_send, name="api-send"),
    path(f"{SUBACCOUNT}/messages/batch", api_views.batch_send, name="api-batch"),
    path(f"{SUBACCOUNT}/messages/<str:umid>", api_views.message_detail, name="api-message"),
    path(f"{SUBACCOUNT}/messages/<str:umid>/read", api_views.message_mark_read, name="api-read"),
    path(f"{SUBACCOUNT}/events", api_views.event_send, name="api-events"),
    path(f"{SUBACCOUNT}/files", api_views.file_upload, name="api-files"),
    path(f"{CHANNEL}/templates", api_views.templates, name="api-templates"),
    path(
        f"{CHANNEL}/templates/<str:template_name>",
        api_views.template_remove,
        name="api-template",
    ),
    path("files/<str:file_name>", api_views.file_download, name="file"),
]
