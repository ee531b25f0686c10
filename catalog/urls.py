from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("templates/", views.templates_index, name="templates"),
    path("products/", views.products_index, name="products"),
]
