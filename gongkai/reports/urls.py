"""/reports/: upload annual reports, follow their checks, read and explain the results;
/reports/supervision/: the 政务公开办's view of every agency's report of a year."""

from django.urls import path

from . import supervision_views as sv
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
    path("supervision/", sv.supervision_home, name="supervision_home"),
    path("supervision/<int:year>/", sv.status_page, name="supervision"),
    path("supervision/<int:year>/remind/", sv.remind, name="supervision_remind"),
    path("supervision/<int:year>/summary/", sv.summary_page, name="summary"),
    path("supervision/<int:year>/charts/", sv.year_charts, name="year_charts"),
    path("supervision/<int:year>/export.csv", sv.export_csv, name="export_csv"),
    path("supervision/<int:year>/export.xlsx", sv.export_xlsx, name="export_xlsx"),
    path("supervision/agency/<int:agency_id>/charts/", sv.agency_charts, name="agency_charts"),
]
