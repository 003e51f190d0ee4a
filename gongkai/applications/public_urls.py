"""Public routes: the application form of an agency's 公开专栏, the receipt, tracking."""

from django.urls import path

from . import public_views as views

app_name = "apply"
urlpatterns = [
    path("gk/<slug:slug>/apply/", views.apply_form, name="form"),
    path("gk/<slug:slug>/apply/receipt/", views.receipt, name="receipt"),
    path("gk/<slug:slug>/apply/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("track/", views.track, name="track"),
    path("track/case/", views.track_case, name="track_case"),
    path("track/forget/", views.track_forget, name="track_forget"),
    path(
        "track/letters/<int:pk>.<str:fmt>",
        views.letter_download,
        name="letter_download",
    ),
]
