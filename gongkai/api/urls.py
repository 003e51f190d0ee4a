"""/api/: filled in by the API app."""

urlpatterns: list = []
