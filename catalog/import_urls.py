"""/catalog/products/import/...: the products import, beside the catalog pages."""

from django.urls import path

from catalog import import_views as views

app_name = "products-io"

urlpatterns = [
    path("", views.import_upload, name="import"),
    path("<int:pk>/", views.import_mapping, name="mapping"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<int:pk>/rejected.csv", views.import_report, name="report"),
]
