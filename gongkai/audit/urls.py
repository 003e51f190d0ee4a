from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list_view, name="index"),
    path("export.csv", views.export_view, name="export"),
    path("<int:pk>/", views.entry_detail_view, name="detail"),
]
