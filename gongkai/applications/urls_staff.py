"""The handler's pages: queue, intake, case page and its steps, letters, appeals; the
office's letter texts, year tables and settings."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/files/<int:file_pk>/", views.case_file, name="case_file"),
    path("<int:pk>/receive/", views.case_receive, name="case_receive"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/note/", views.case_note, name="case_note"),
    path("<int:pk>/steps/<str:step>/", views.case_step, name="case_step"),
    path("<int:pk>/extend/", views.case_extend, name="case_extend"),
    path("<int:pk>/custom-due/", views.case_custom_due, name="case_custom_due"),
    path("<int:pk>/fee-notice/", views.case_fee_notice, name="case_fee_notice"),
    path("<int:pk>/decide/", views.case_decide, name="case_decide"),
    path("<int:pk>/letters/new/", views.letter_new, name="letter_new"),
    path("<int:pk>/letters/<int:letter_pk>/<str:kind>/", views.letter_file, name="letter_file"),
    path("<int:pk>/appeals/", views.appeal_new, name="appeal_new"),
    path(
        "<int:pk>/appeals/<int:appeal_pk>/conclude/",
        views.appeal_conclude,
        name="appeal_conclude",
    ),
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:key>/", views.template_edit, name="template_edit"),
    path("tables/", views.year_tables, name="tables"),
    path("tables/tables.csv", views.year_tables_csv, name="tables_csv"),
    path("settings/", views.policy_edit, name="policy"),
]
