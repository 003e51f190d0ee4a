"""The handler's pages: queue, intake, case page and its steps, letters."""

urlpatterns: list = []
