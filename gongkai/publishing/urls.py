"""Routes of the publishing pages (filled by the pages; the app's core has none)."""

app_name = "publishing"

urlpatterns: list = []
