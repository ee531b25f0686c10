from django.urls import path

from chatapps import views

app_name = "chatapps"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/test/", views.settings_test, name="settings-test"),
]
