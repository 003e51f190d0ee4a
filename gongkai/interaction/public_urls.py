"""Public routes on an agency's 公开专栏 (before the portal's generic section route)."""

from django.urls import path

from . import public_views as views

app_name = "interaction_public"
urlpatterns = [
    path("gk/<slug:slug>/messages/", views.message_list, name="list"),
    path("gk/<slug:slug>/messages/new/", views.message_new, name="new"),
    path("gk/<slug:slug>/messages/receipt/", views.receipt, name="receipt"),
    path("gk/<slug:slug>/messages/lookup/", views.lookup, name="lookup"),
    path("gk/<slug:slug>/report-error/", views.report_error, name="report_error"),
]
