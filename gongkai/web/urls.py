"""The page frames' routes, mounted at the site root."""

from django.urls import path

from . import sitemaps, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("display/<slug:option>/<slug:value>/", views.display_set, name="display_set"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("gk/<slug:slug>/", views.portal_home, name="portal_home"),
    # Before the generic column route, which would otherwise answer "being built".
    path("gk/<slug:slug>/proactive/", views.portal_proactive, name="portal_proactive"),
    path("gk/<slug:slug>/<slug:section>/", views.portal_section, name="portal_section"),
]
