"""The page frames' routes, mounted at the site root."""

from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("display/<slug:option>/<slug:value>/", views.display_set, name="display_set"),
    path("gk/<slug:slug>/", views.portal_home, name="portal_home"),
    path("gk/<slug:slug>/<slug:section>/", views.portal_section, name="portal_section"),
]
