from django.urls import path

from composer import views

app_name = "composer"

urlpatterns = [
    path("", views.compose, name="compose"),
    path("send/", views.send, name="send"),
    path("preview/", views.preview, name="preview"),
    path("rows/", views.rows, name="rows"),
    path("template-fields/", views.template_fields, name="template-fields"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/save/", views.draft_save, name="draft-save"),
    path("drafts/<int:pk>/delete/", views.draft_delete, name="draft-delete"),
]
