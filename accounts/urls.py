from django.urls import path

from accounts import account_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login-code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("me/", account_views.account, name="account"),
    path("me/password/", account_views.password_change, name="password"),
    path("me/two-factor/", account_views.two_factor_enrol, name="two-factor"),
    path("me/two-factor/remove/", account_views.two_factor_remove, name="two-factor-remove"),
    path("users/", views.users_index, name="users"),
    path("users/<int:user_id>/", views.user_update, name="user-update"),
    path("users/<int:user_id>/password/", views.user_password_reset, name="user-password-reset"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user-unlock"),
    path(
        "users/<int:user_id>/two-factor/remove/",
        views.user_two_factor_remove,
        name="user-two-factor-remove",
    ),
]
