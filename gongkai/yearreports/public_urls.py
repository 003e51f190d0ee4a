"""The agency's published annual reports under its 公开专栏 (/gk/<agency>/annual-reports/)."""

from django.urls import path

from . import public_views

app_name = "yearreports_public"
urlpatterns = [
    path("gk/<slug:slug>/annual-reports/", public_views.year_list, name="list"),
    path("gk/<slug:slug>/annual-reports/<int:year>/", public_views.detail, name="detail"),
    path(
        "gk/<slug:slug>/annual-reports/<int:year>/<str:filename>",
        public_views.download,
        name="download",
    ),
]
