"""/yearreports/: compile, write, check and publish an agency's annual report."""

app_name = "yearreports"
urlpatterns: list = []
