from django.urls import path

from catalog import builder_views, mapping_views, views

app_name = "catalog"

urlpatterns = [
    path("templates/", views.templates_index, name="templates"),
    path("templates/sync/", views.templates_sync_view, name="templates-sync"),
    path("templates/new/", builder_views.template_new, name="template-new"),
    path("templates/new/preview/", builder_views.template_preview, name="template-preview"),
    path("templates/<int:pk>/", builder_views.template_detail, name="template-detail"),
    path("templates/<int:pk>/delete/", builder_views.template_delete_view, name="template-delete"),
    path(
        "templates/<int:pk>/mapping/",
        mapping_views.template_mapping_edit,
        name="template-mapping",
    ),
    path("products/", views.products_index, name="products"),
    path("products/export.csv", views.products_export, name="products-export"),
    path("products/search/", views.product_search_view, name="product-search"),
    path("products/<int:pk>/", views.product_edit, name="product-edit"),
    path("products/<int:pk>/delete/", views.product_delete_view, name="product-delete"),
    path("catalogs/", views.catalogs_index, name="catalogs"),
    path("catalogs/<int:pk>/", views.catalog_edit, name="catalog-edit"),
    path("catalogs/<int:pk>/delete/", views.catalog_delete_view, name="catalog-delete"),
]
