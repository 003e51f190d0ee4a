from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.agency_list_view, name="list"),
    path("a/<slug:slug>/", views.tree_view, name="tree"),
    path("a/<slug:slug>/new/", views.entry_new_view, name="entry_new"),
    path("a/<slug:slug>/e/<int:pk>/edit/", views.entry_edit_view, name="entry_edit"),
    path("a/<slug:slug>/e/<int:pk>/move/", views.entry_move_view, name="entry_move"),
    path("a/<slug:slug>/e/<int:pk>/delete/", views.entry_delete_view, name="entry_delete"),
    path("a/<slug:slug>/export.xlsx", views.export_view, name="export"),
    path("a/<slug:slug>/import/", views.import_view, name="import"),
    path("a/<slug:slug>/starter/", views.starter_view, name="starter"),
    path("a/<slug:slug>/guide/", views.guide_edit_view, name="guide_edit"),
    path("a/<slug:slug>/guide/history/", views.guide_history_view, name="guide_history"),
    path("a/<slug:slug>/guide/diff/", views.guide_diff_view, name="guide_diff"),
    # Public pages (the portal's 指南 and 目录 columns can point here).
    path("p/<slug:slug>/", views.public_catalog_view, name="public_catalog"),
]
