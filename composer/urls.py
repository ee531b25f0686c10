from django.urls import path

from composer import views

app_name = "composer"

urlpatterns = [
    path("", views.compose, name="compose"),
    path("history/", views.history, name="history"),
]
