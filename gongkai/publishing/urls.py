"""Routes of the publishing pages, mounted at /publishing/: the staff's pages, and the
public list, item page and feeds under p/<agency>/."""

from django.urls import path

from . import feeds, views

app_name = "publishing"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("patrol/", views.patrol_findings, name="patrol"),
    path("settings/", views.settings_page, name="settings"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/edit/", views.edit, name="edit"),
    path("items/<int:pk>/act/<str:key>/", views.act, name="act"),
    path("items/<int:pk>/files/<int:file_pk>/", views.item_file, name="item_file"),
    path("items/<int:pk>/approval/", views.approval, name="approval"),
    path("items/<int:pk>/approval.pdf", views.approval_pdf, name="approval_pdf"),
    path("items/<int:pk>/approval.docx", views.approval_docx, name="approval_docx"),
    # Public pages: read only, through selectors.public_items.
    path("p/<slug:agency_slug>/", views.public_list, name="public_list"),
    path("p/<slug:agency_slug>/feed.xml", feeds.rss, name="feed_rss"),
    path("p/<slug:agency_slug>/feed.json", feeds.json_feed, name="feed_json"),
    path("p/<slug:agency_slug>/<int:pk>/", views.public_item, name="public_item"),
    path(
        "p/<slug:agency_slug>/<int:pk>/files/<int:file_pk>/",
        views.public_file,
        name="public_file",
    ),
]
