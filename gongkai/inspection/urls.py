"""Routes of the inspection, mounted at /inspection/."""

from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:agency_slug>/", views.report, name="report"),
    path("<slug:agency_slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:agency_slug>/report.docx", views.report_docx, name="report_docx"),
]
