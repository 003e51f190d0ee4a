"""The agency's published annual reports under its 公开专栏 (/gk/<agency>/annual-reports/)."""

app_name = "yearreports_public"
urlpatterns: list = []
