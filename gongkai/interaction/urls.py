"""The clerk's routes under /interaction/."""

from django.urls import path

from . import views

app_name = "interaction"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("record/", views.record, name="record"),
    path("counts/", views.counts, name="counts"),
    path("supervision/", views.supervision, name="supervision"),
    path("settings/", views.policies, name="policies"),
    path("settings/<slug:slug>/", views.policy_edit, name="policy_edit"),
    path("<int:pk>/", views.message_page, name="message"),
    path("<int:pk>/reply/", views.message_reply, name="reply"),
    path("<int:pk>/route/", views.message_route, name="route"),
    path("<int:pk>/publish/", views.message_publish, name="publish"),
    path("<int:pk>/unpublish/", views.message_unpublish, name="unpublish"),
]
