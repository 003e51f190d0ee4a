"""The guide's public address lives under the agency's 公开专栏 (/gk/<agency>/guide/), where
the portal's column links and where it will stay."""

from django.urls import path

from . import views

app_name = "catalog_public"
urlpatterns = [path("gk/<slug:slug>/guide/", views.public_guide_view, name="guide")]
