"""The supervisor's pages across agencies, and the settings of an office."""

urlpatterns: list = []
