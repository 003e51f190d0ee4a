"""Public routes: the application form of an agency's 公开专栏, the receipt, tracking."""

app_name = "apply"
urlpatterns: list = []
