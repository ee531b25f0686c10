"""/contacts/import/... and /contacts/export/...: mounted beside the contacts pages."""

from django.urls import path

from audience import import_views as views

app_name = "contacts-io"

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_mapping, name="mapping"),
    path("import/<int:pk>/progress/", views.import_progress, name="progress"),
    path("import/<int:pk>/rejected.csv", views.import_report, name="report"),
    path("export/", views.export_start, name="export"),
    path("export/<int:pk>/", views.export_job, name="export-job"),
    path("export/<int:pk>/contacts.csv", views.export_download, name="export-download"),
]
