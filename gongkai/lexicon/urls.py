from django.urls import path

from . import views

app_name = "lexicon"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("import/", views.import_file, name="import"),
    path("export.tsv", views.export, name="export"),
    path("try/", views.try_text, name="try"),
]
