"""Mounted at /contacts/ (the CSV import and export pages have their own URL module)."""

from django.urls import path

from audience import list_views, views

app_name = "audience"

urlpatterns = [
    path("", views.contacts_index, name="contacts"),
    path("new/", views.contact_new, name="contact-new"),
    path("bulk/", views.bulk, name="bulk"),
    path("bulk/<int:pk>/", views.bulk_status, name="bulk-status"),
    path("<int:pk>/", views.contact_detail, name="contact"),
    path("<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("<int:pk>/opt/", views.contact_opt, name="contact-opt"),
    path("<int:pk>/lists/", views.contact_membership, name="contact-lists"),
    path("lists/", list_views.lists_index, name="lists"),
    path("lists/<int:pk>/", list_views.list_edit, name="list"),
    path("lists/<int:pk>/delete/", list_views.list_delete_view, name="list-delete"),
    path("segments/", list_views.segments_index, name="segments"),
    path("segments/<int:pk>/", list_views.segment_edit, name="segment"),
    path("segments/<int:pk>/size/", list_views.segment_size_view, name="segment-size"),
    path("segments/<int:pk>/delete/", list_views.segment_delete_view, name="segment-delete"),
]
