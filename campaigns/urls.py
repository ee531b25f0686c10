from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaigns, name="index"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/progress/", views.campaign_progress_fragment, name="progress"),
    path("<int:pk>/pause/", views.campaign_pause, name="pause"),
    path("<int:pk>/resume/", views.campaign_resume, name="resume"),
    path("<int:pk>/cancel/", views.campaign_cancel, name="cancel"),
    path("<int:pk>/retry-failed/", views.campaign_retry_failed, name="retry-failed"),
    path("<int:pk>/recipients/", views.campaign_recipients, name="recipients"),
    path("<int:pk>/export/", views.campaign_export, name="export"),
]
