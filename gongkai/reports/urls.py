"""/reports/: upload annual reports, follow their checks, read and explain the results."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.check_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/", views.check_detail, name="detail"),
    path("<int:pk>/status/", views.check_status, name="status"),
    path("<int:pk>/file/", views.check_file, name="file"),
    path("<int:pk>/assign/", views.check_assign, name="assign"),
    path("<int:pk>/recheck/", views.check_recheck, name="recheck"),
    path("<int:pk>/explain/", views.finding_explain, name="explain"),
    path("<int:pk>/unexplain/", views.finding_unexplain, name="unexplain"),
]
