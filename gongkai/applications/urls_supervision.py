"""The supervisor's pages across agencies, and the settings of an office."""

from django.urls import path

from . import cards, supervision_views  # noqa: F401  (cards: see below)

# Importing `cards` registers the dashboard cards whenever the URLconf is loaded (every
# request loads it first), so they appear even before ApplicationsConfig.ready() imports
# the module itself; `register_card` ignores a second registration.

urlpatterns: list = [
    path("supervision/", supervision_views.overview, name="supervision"),
    path(
        "supervision/overdue.csv",
        supervision_views.overdue_csv,
        name="supervision_overdue_csv",
    ),
]
