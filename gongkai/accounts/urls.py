from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("totp/", views.totp_view, name="totp"),
    path("people/", views.people_view, name="people"),
    path("people/new/", views.person_create_view, name="person_create"),
    path("people/<int:pk>/", views.person_detail_view, name="person_detail"),
    path("people/<int:pk>/unlock/", views.person_unlock_view, name="person_unlock"),
    path("people/<int:pk>/reset-totp/", views.person_reset_totp_view, name="person_reset_totp"),
    path(
        "people/<int:pk>/reset-password/",
        views.person_reset_password_view,
        name="person_reset_password",
    ),
    path("people/<int:pk>/roles/", views.membership_add_view, name="membership_add"),
    path("roles/<int:pk>/remove/", views.membership_remove_view, name="membership_remove"),
]
