from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list_view, name="list"),
    path("new/", views.agency_create_view, name="create"),
    path("<int:pk>/edit/", views.agency_edit_view, name="edit"),
]
