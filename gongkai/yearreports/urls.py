"""/yearreports/: compile, write, check and publish an agency's annual report."""

from django.urls import path

from . import views

app_name = "yearreports"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/texts/", views.save_texts, name="save_texts"),
    path("<int:pk>/figures/", views.save_figures, name="save_figures"),
    path("<int:pk>/explanations/", views.save_explanations, name="save_explanations"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/versions/<int:number>/<str:kind>/", views.version_file, name="version_file"),
    path("deadline/", views.deadline, name="deadline"),
]
