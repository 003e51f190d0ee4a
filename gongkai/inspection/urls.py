"""Routes of the inspection, mounted at /inspection/."""

from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the agency routes: a fixed word, not an agency's slug.
    path("availability/", views.availability, name="availability"),
    path("<slug:agency_slug>/new-media/", views.new_media, name="new_media"),
    path("<slug:agency_slug>/new-media/<int:pk>/", views.new_media_edit, name="new_media_edit"),
    path("<slug:agency_slug>/", views.report, name="report"),
    path("<slug:agency_slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:agency_slug>/report.docx", views.report_docx, name="report_docx"),
]
