from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.history, name="history"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/test/", views.settings_test, name="settings-test"),
]
