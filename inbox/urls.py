from django.urls import path

from inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("badge/", views.badge, name="badge"),
    path("quick-replies/", views.quick_replies_page, name="quick-replies"),
    path("quick-replies/<int:pk>/delete/", views.quick_reply_delete, name="quick-reply-delete"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/note/", views.note, name="note"),
]
